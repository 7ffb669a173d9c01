//! Diagnostics as plain data: a stable code, a severity, a message, a help line and a location
//! (byte span, line and column, and the column in UTF-16 units that browser editors count in).

use serde::Serialize;

/// Byte offsets into the source, `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, schemars::JsonSchema)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset just past the last byte (exclusive); equal to `start` for an empty span.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// An error: the policy does not compile.
    Error,
    /// The policy compiles, but something in it is likely a mistake.
    Warning,
}

macro_rules! codes {
    ($( $variant:ident = $code:literal, $sev:ident, $title:literal, $doc:literal; )*) => {
        /// Every diagnostic and evaluation error code. Codes are stable: never renumber one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $( #[doc = concat!("`", $code, "`: ", $title, ".")] $variant, )* }

        impl Code {
            /// Every code, by number (`E00xx`, `E01xx`, `W02xx`, `E03xx`).
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];
            /// The stable code, e.g. `E0103`.
            pub fn as_str(self) -> &'static str { match self { $( Code::$variant => $code, )* } }
            /// A short title, e.g. `unknown defect code`.
            pub fn title(self) -> &'static str { match self { $( Code::$variant => $title, )* } }
            /// What the code means and how to fix it, with a minimal example.
            pub fn explanation(self) -> &'static str { match self { $( Code::$variant => $doc, )* } }
            /// Whether a diagnostic with this code is an error (`E` codes) or a warning (`W` codes); an
            /// `E0007` is a warning when none of the diagnostics it counts is an error.
            pub fn severity(self) -> Severity { match self { $( Code::$variant => Severity::$sev, )* } }
            /// The code of a text such as `E0103` or ` e0103 ` (case and surrounding space ignored).
            pub fn parse(s: &str) -> Option<Code> {
                let upper = s.trim().to_ascii_uppercase();
                Code::ALL.iter().copied().find(|c| c.as_str() == upper)
            }
        }
    };
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// On the wire a code is its stable text, e.g. `"E0103"`.
impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

codes! {
    Internal = "E0000", Error, "internal error",
        "The engine met a state it did not expect. This is a bug in Recourse; please report it with the policy and claim that caused it. There is no example: no valid or invalid policy should produce it.";
    Syntax = "E0001", Error, "syntax error",
        "The text does not follow the grammar. The message says what was expected at that point.\n\n    remedy refund \"R.1\" {\n      when lot.rejected\n      supplier pays order.value   # missing: as \"label\"\n    }";
    SourceTooLarge = "E0002", Error, "policy source too large",
        "A policy may be at most 1 MiB of text. Split very large policies, e.g. one policy per supplier schedule:\n\n    policy \"Schedule Q (outerwear)\" { currency USD }\n    # ... only the clauses of this schedule";
    NestingTooDeep = "E0003", Error, "expression nested too deeply",
        "Parentheses, function calls and `if` expressions may nest at most 48 levels deep. Name intermediate values with `let`.\n\n    let base = affected_units * order.unit_price\n    let capped = min(base, order.value * 55%)";
    TooManyDeclarations = "E0004", Error, "too many declarations",
        "A policy may hold at most 2000 declarations and items (each remedy line, holiday and expectation counts). Generated policies that exceed it should be split:\n\n    # 2001 x `let a1 = 1`, `let a2 = 1`, ... is refused";
    BadNumber = "E0005", Error, "number out of range",
        "A number literal does not fit: integers up to 9223372036854775807, decimals up to 28 significant digits.\n\n    when claim.affected_units > 99999999999999999999999   # too large";
    BadDate = "E0006", Error, "invalid date",
        "A date literal must be a real calendar date in ISO 8601 form, e.g. `2026-02-28`.";
    MoreDiagnostics = "E0007", Error, "more diagnostics than shown",
        "At most 100 diagnostics are listed per policy; this last one counts the rest, from its position on. Its severity is `error` when any of the rest is an error. Fix the first ones and check again: many usually share one cause.";
    NotASource = "E0008", Error, "the policy source is not text",
        "A binding was given something other than a string where the policy's source belongs (a number, `null`, an object). Pass the file's text:\n\n    const source = await (await fetch(\"apparel-coats.policy\")).text()\n    recourse.compile(source)";
    EngineTrapped = "E0009", Error, "the engine trapped",
        "The WebAssembly engine stopped in the middle of a call (a trap: its stack or memory ran out, or a bug). Only the npm package reports it, for the call that trapped: it then replaces the WebAssembly instance with a fresh one from the same module, so the next calls work, and policies compiled before are compiled again on their next use. The input of that call is what to report, with the message.\n\n    const r = policy.evaluate(claim)   // { ok: false, errors: [{ code: \"E0009\", ... }] }\n    policy.evaluate(otherClaim)        // evaluates as usual";
    MissingHeader = "E0101", Error, "missing or repeated policy header",
        "Every policy starts with exactly one header naming its currency:\n\n    policy \"Supply Agreement, Schedule Q\" {\n      currency USD\n      rounding half_up\n    }";
    DuplicateName = "E0102", Error, "name declared twice",
        "Inputs, lets, deadlines, remedies and flags share one namespace; calendars and defect codes have their own. Each name may be declared once, and built-in names (`critical`, `due`, `order`, ...) are taken.\n\n    remedy refund \"R.1\" { supplier pays order.value as \"Refund\" }\n    remedy refund \"R.2\" { ... }   # declared twice";
    UnknownName = "E0103", Error, "unknown name",
        "The expression reads a name that is neither a built-in claim field, an input, a let nor a deadline.\n\n    input stock_critical: bool = false\n    remedy replacement \"R\" { when stock_critical ... }";
    UnknownDefect = "E0104", Error, "unknown defect code",
        "`count X` and claims must name a defect code, exclusion or severity class of the policy's `defects` catalogue.";
    UnknownCalendar = "E0105", Error, "unknown calendar",
        "The header names a calendar that is not declared:\n\n    calendar supplier \"Factory\" { weekend sat, sun }";
    UnknownCurrency = "E0106", Error, "unknown currency",
        "Currencies are ISO 4217 codes such as `USD`, `EUR`, `CNY`, `JPY`.";
    CurrencyMismatch = "E0107", Error, "currency mismatch",
        "A money literal must be in the policy's currency; a claim must be in the policy's currency.\n\n    policy \"P\" { currency USD }\n    let fee = USD 150.00   # not EUR 150.00";
    UnknownRemedy = "E0108", Error, "unknown remedy",
        "A recommendation rule, cap, deadline effect or example names a remedy that is not declared.\n\n    remedy replacement \"R.1\" { ... }\n    recommend { prefer replacment }   # did you mean `replacement`?";
    UnknownDeadline = "E0109", Error, "unknown deadline or flag",
        "An example or expression names a deadline or flag that is not declared.\n\n    remedy audit \"R.9\" { when flagged recuring ... }   # the flag is `recurring`";
    TypeMismatch = "E0110", Error, "type mismatch",
        "The operands do not fit the operator, e.g. money compared with a date, or money plus a percent. Write `55% of order.value` for a share of an amount.";
    Cycle = "E0111", Error, "definitions depend on each other in a cycle",
        "Lets, deadlines and flags may not depend on themselves, directly or through others.\n\n    let a = b + 1\n    let b = a * 2   # cycle";
    InvalidAql = "E0112", Error, "invalid AQL",
        "An AQL must be `0` (zero tolerance) or one of ISO 2859-1's preferred values: 0.010 0.015 0.025 0.040 0.065 0.10 0.15 0.25 0.40 0.65 1.0 1.5 2.5 4.0 6.5 10 15 25 40 65 100 150 250 400 650 1000.";
    InvalidSampling = "E0113", Error, "invalid sampling rule",
        "A sampling block uses either `iso2859 level L state` with `aql ...`, or `max defect rate ...`, and gives each severity class at most once.";
    InvalidCalendar = "E0114", Error, "invalid calendar",
        "A calendar needs at least one business day a week, each holiday range must end on or after its start, and a `workday` must be a weekend day outside every holiday.\n\n    calendar factory \"F\" {\n      holiday 2026-02-22 to 2026-02-16 \"Spring Festival\"   # ends before it starts\n    }";
    InvalidSeverity = "E0115", Error, "invalid severity",
        "A `level N` severity needs a `scale` entry for N mapping it to a class (`scale 5 = critical, 3 = major, 1 = minor`).";
    InvalidRange = "E0116", Error, "invalid range",
        "A `takes A to B` range needs A <= B and non-negative numbers.";
    DueOutsideDeadline = "E0117", Error, "`due` outside a deadline",
        "`due` names the due date of the deadline being defined; elsewhere write `notice.due`.";
    InvalidDeadline = "E0118", Error, "incomplete deadline",
        "A deadline needs a `due` rule: `due 10 days after order.delivered_on`.";
    InvalidExample = "E0119", Error, "invalid example",
        "An example names something the policy does not declare, expects a let that is not reported, or names an unknown error code.\n\n    let fee = USD 10.00\n    example \"e\" { given claim \"c.json\"  expect report fee = USD 10.00 }   # needs `report let fee`";
    InputDefault = "E0120", Error, "input default has the wrong type",
        "The default of an input must have the input's type:\n\n    input next_order_value: money = USD 0.00";
    RecommendationMissing = "E0121", Error, "repeated recommendation or escalation block",
        "A policy has at most one `recommend` block and one `escalate` block.";
    NegativeCap = "E0122", Error, "negative cap",
        "A cap is the most the supplier pays; a negative one would turn a refund into a payment by the buyer. Write the limit as an amount or a share of zero or more:\n\n    cap \"C.1\" { supplier total at most -10% of order.value }   # refused\n    cap \"C.1\" { supplier total at most 10% of order.value }";
    PresentNotOptional = "E0123", Error, "`present` of a field that is not optional",
        "`present(F)` tells whether the claim gives an optional field: `claim.supplier_responded_on`, `claim.sku`, `claim.supplier`, `claim.po`, `claim.lot`, `order.due_on`, `lot.size`, `lot.sample_size`, `evidence.third_party_report`. Other fields are always there (or read as zero), and inputs take their default.\n\n    when present(order.value)                                          # always present: refused\n    when present(evidence.third_party_report) and evidence.third_party_report = \"SGS: fail\"";
    ExampleLacksInput = "E0124", Error, "example claim lacks a required input",
        "An example's inline claim gives neither in its `facts` nor by an override an input the policy declares without a default, so the example could only fail with `E0313`. Give it, or expect that error (`expect error E0313`).\n\n    input next_order_value: money \"Value of the next order\"\n    example \"e\" { given claim { ... \"facts\": { \"next_order_value\": \"12000.00\" } } ... }";
    RemedyTotalTooEarly = "E0125", Error, "remedy total read before remedies are costed",
        "`refund.supplier_total` (and `buyer_pays`, `buyer_net_recovery`, `available`) can be read in a remedy's conditions, cost lines, caps and `takes after`, in a `cap` block and in a `prefer ... when`. Lets, deadlines, flags and `ineligible` conditions are decided before any remedy is costed, so they cannot read one. Write the expression in the remedy that needs it:\n\n    let net = next_order_value - credit.supplier_total          # refused\n    remedy offset \"R.4\" {\n      buyer pays next_order_value - credit.supplier_total as \"Next order, net of the credit\"\n    }";
    ReportValue = "E0126", Error, "expected report value does not fit the let",
        "`expect report NAME = VALUE` compares the reported let with a constant of its type, written as the policy writes values: money `USD 10.00`, a percent `10%`, a date, a number, `true`/`false`, a severity `critical`, a remedy by name `refund`, a duration `2 weeks`, text in quotes. Money compares by value (`USD 10` is `USD 10.00`).\n\n    report let worst = worst_severity\n    example \"e\" { given claim \"c.json\"  expect report worst = critical }   # not \"critical\"";
    RepeatedCurrencyRisk = "E0140", Error, "currency risk stated twice",
        "A policy states at most once who bears the exchange-rate risk of claim amounts in another currency.\n\n    currency risk supplier \"F.4 Exchange rates\"\n    currency risk buyer \"F.5\"   # refused: which one applies?";
    LeverWithoutRelease = "E0141", Error, "withholding without a release condition",
        "A buyer may withhold payment or hold shipments only until something happens; the lever must say when it is released.\n\n    withhold payment \"P.7 Right of retention\" {\n      amount affected_value\n      when lot.rejected\n      release when response.met\n    }";
    LeverWithoutAmount = "E0142", Error, "payment withheld without an amount",
        "`withhold payment` must say how much is withheld (`amount EXPR`, money); holding shipments may leave it out.\n\n    withhold payment \"P.7\" { amount 30% of order.value  release when response.met }";
    RepeatedLever = "E0143", Error, "lever declared twice",
        "A policy has at most one `withhold payment` and one `withhold shipments`: two clauses for the same lever would contradict each other.";
    RepeatedStepItem = "E0144", Error, "escalation step item given twice",
        "An escalation step gives its `fee` at most once.\n\n    then arbitration \"ICC\" fee USD 5000.00 paid by shared fee USD 6000.00 paid by buyer   # refused";
    BadTimestamp = "E0130", Error, "invalid timestamp",
        "A timestamp literal must be a real moment written `YYYY-MM-DDTHH:MM` (seconds optional) with its UTC offset: `Z`, or `+HH:MM` / `-HH:MM` below 24 hours. Leap seconds (`:60`) are not supported.\n\n    let cutoff = 2026-03-05T16:30+08:00\n    let wrong  = 2026-03-05T16:30+25:00   # offset of 24 hours or more";
    HoursNeedTimestamps = "E0131", Error, "hours counted between dates",
        "Hours are counted between timestamps, which carry a time of day; a date has none. Give timestamps (claim events declared `: timestamp`, or literals such as `2026-03-05T16:30+08:00`), or count days.\n\n    let late = started hours between claim.notified_on and event.acknowledged   # a date: refused\n    let late = started hours between event.notified and event.acknowledged";
    DateAndTimestamp = "E0132", Error, "a date and a timestamp mixed",
        "A date and a timestamp cannot be compared or counted between: a date has no time of day and no offset. Take the timestamp's date with `date(t)`, or give both as timestamps.\n\n    when event.acknowledged <= claim.notified_on + 2 days          # refused\n    when date(event.acknowledged) <= claim.notified_on + 2 days";
    SpanCountUnstated = "E0133", Error, "days between timestamps without `started` or `whole`",
        "Between two timestamps a number of days is rarely whole, so the count must say how it treats the part: `started days between A and B` counts a begun day as one (as late-delivery penalties do), `whole days between A and B` counts completed days only.\n\n    let late_days = started days between event.due_at and event.delivered";
    InvalidTimeframe = "E0134", Error, "invalid process step",
        "A process step reads `step NAME \"label\" within N [to M] UNIT after ANCHOR`: N at most M, both at most 100 000, hours only from an anchor that has a time (a timestamp event), and the anchor must not be the step itself.\n\n    process \"Q.8 Claim handling\" {\n      event notified: timestamp \"Buyer notified the supplier\"\n      step acknowledged: timestamp \"Acknowledge\" within 24 to 48 hours after notified\n    }";
    UnknownEvent = "E0135", Error, "unknown event kind",
        "`event.NAME` and a step's `after NAME` name an event kind of the policy's `process` block: a step's name or an `event` line.\n\n    process \"Q.8\" {\n      event approved \"Buyer approved the replacement\"\n      step shipped \"Replacement dispatched\" within 7 to 14 days after approved\n    }";
    RepeatedProcess = "E0136", Error, "repeated process block",
        "A policy has at most one `process` block; put every step and event kind in it.";
    UnknownKind = "E0127", Error, "unknown claim kind",
        "`kind X` names a kind of claim the policy does not declare. `defect` is built in; declare others in a `kinds` block:\n\n    kinds {\n      late_delivery \"Late delivery\"\n      short_shipment \"Short shipment\"\n    }\n    remedy penalty \"R.5\" { when kind late_delivery ... }";
    NeverAvailable = "W0201", Warning, "remedy can never be available",
        "A condition of the remedy is always false (for example `when false`, or `unless true`), so the remedy is never offered.";
    UnusedInput = "W0202", Warning, "unused input",
        "The input is declared but no expression reads it. Remove it or use it.\n\n    input force_majeure: bool = false   # never read by any remedy";
    RuleNeverApplies = "W0203", Warning, "recommendation rule can never apply",
        "The rule prefers a remedy that can never be available, has an always-false condition, or comes after an unconditional `prefer` and so is never reached.";
    UnusedLet = "W0204", Warning, "unused let",
        "The let is neither read nor reported. Mark it `report let` to show it in the decision, or remove it.";
    CapNeverBinds = "W0205", Warning, "cap can never bind",
        "The cap is 100 % or more of the order value, so no remedy of a claim about that order can reach it.\n\n    cap \"C.1\" { supplier total at most 120% of order.value }";
    NeverHolds = "W0206", Warning, "condition can never hold",
        "The condition compares a value beyond what it can be (severities run from `none` to `critical`; counts, units and claim amounts are never negative), or its parts joined by `and` exclude each other, so no claim satisfies it. Conditions are read as comparisons of one name with a constant; what the check cannot read it leaves alone.\n\n    when worst_severity > critical                     # nothing is above critical\n    when count crack >= 3 and count crack < 2          # no count is both";
    UnguardedOptional = "W0207", Warning, "optional claim field read without `present`",
        "The expression reads a claim field a claim may leave out, or an event (`event.NAME`) the claim may not have yet, and no `present(...)` guards the read, so a claim without it stops the evaluation with `E0304`. Say what the clause does without it. (`met when` and `met by` are not linted: a date the claim does not give yet leaves the deadline open.)\n\n    when claim.sku = \"SKU-1\"                              # W0207\n    when present(claim.sku) and claim.sku = \"SKU-1\"       # false without a sku";
    ReserveOutsideGuide = "W0215", Warning, "contingency reserve outside 5-15 %",
        "The production-run guide sizes a contingency reserve at 5 to 15 % of the claim; this reserve is a share outside that range. It still evaluates as written.\n\n    reserve 25% of claim_value as \"Contingency reserve\"   # warned: 5% to 15% is usual";
    StepNeverAvailable = "W0216", Warning, "escalation step can never be available",
        "A condition of the escalation step is always false (`when false`, `unless true`), so the step is never open to the buyer; the ladder goes past it.";
    LeverNeverReleased = "W0217", Warning, "lever is never released",
        "The lever's release condition is always false, so the payment or the shipments would be held for good; say what releases them.\n\n    withhold shipments \"P.8\" { when lot.rejected  release when false }   # warned";
    UnusedEvent = "W0210", Warning, "event kind never read",
        "The `process` block declares an event kind that no step counts from and no expression reads: a claim may carry it, but it changes nothing. Count a step from it, read it as `event.NAME`, or remove it.\n\n    process \"Q.8\" {\n      event closed \"Claim closed\"   # read by nothing\n    }";
    StepsWaitOnEachOther = "W0211", Warning, "process steps wait on each other",
        "Steps that count from each other in a cycle can never start from the claim's own history: each waits for the other's event. Count one of them from an earlier event.\n\n    step a \"A\" within 2 days after b\n    step b \"B\" within 3 days after a   # W0211";
    ContradictingConditions = "W0208", Warning, "remedy conditions contradict each other",
        "A remedy is available when every `when` holds and no `unless` does. Here the `when` conditions exclude each other, or an `unless` holds whenever the `when` conditions do, so the remedy is never available.\n\n    remedy replacement \"R\" {\n      when lot.rejected and count crack >= 2\n      unless count crack > 0 because \"...\"   # holds whenever the when does\n    }";
    AlwaysHolds = "W0209", Warning, "condition holds for every claim",
        "An `ineligible` or `unless` condition compares only within what the value always is (severities are at least `none`; counts, units and claim amounts at least zero), so every claim is ineligible, or the remedy is never available.\n\n    ineligible when count defects >= 0 because \"...\"     # every claim\n    ineligible when count defects = 0 because \"No defect found\"";
    InvalidClaim = "E0301", Error, "invalid claim",
        "The claim JSON does not have the expected shape: a field is missing, has the wrong type, or is not known. The message names the field.\n\n    { \"claim_id\": \"C-1\", \"affected_units\": \"many\", ... }   # affected_units must be a whole number";
    ClaimCurrency = "E0302", Error, "claim currency differs from the policy's",
        "The claim's `currency` must equal the policy's currency.";
    ClaimUnknownDefect = "E0303", Error, "claim names an unknown defect code",
        "Every `inspection.found[].defect` must be a code of the policy's defect catalogue (a defect or an exclusion).";
    MissingField = "E0304", Error, "claim lacks a field the policy reads",
        "A clause reads an optional claim field that the claim does not give (for example `order.due_on`). Add it to the claim.";
    Overflow = "E0305", Error, "arithmetic overflow",
        "A value exceeded the exact range (28 significant digits, or a date beyond the calendar). Nothing is rounded silently to make it fit.\n\n    supplier pays order.unit_price * (claim.affected_units * claim.affected_units) as \"x\"   # with 9e18 units";
    DivisionByZero = "E0306", Error, "division by zero",
        "A divisor evaluated to zero. Guard it: `if units = 0 then 0 else value / units`.";
    InexactDivision = "E0307", Error, "inexact division",
        "The quotient does not terminate in 28 digits. State its rounding: `round(a / b to 2 places)`.";
    UnknownFact = "E0308", Error, "claim fact is not an input of the policy",
        "Every key of the claim's `facts` must be an input declared by the policy.";
    FactType = "E0309", Error, "claim fact has the wrong type",
        "A fact must have its input's type: money and decimals as strings (\"120.00\"), booleans as true/false, dates as \"YYYY-MM-DD\", durations as \"10 days\", remedies by name.\n\n    \"facts\": { \"stock_critical\": \"yes\" }   # must be true or false";
    InvalidQuantity = "E0310", Error, "invalid quantity in claim",
        "The inspection does not add up: the sample cannot exceed the lot, ISO 2859-1 needs a lot of at least 2 units, and a defect rate needs a sample of at least 1.\n\n    \"inspection\": { \"lot_size\": 5000, \"sample_size\": 6000 }   # sample larger than the lot";
    DateAfterAsOf = "E0311", Error, "claim date after `as_of`",
        "`as_of` is \"today\" for the evaluation: the discovery, notice and supplier response cannot lie after it, nor discovery before delivery.";
    NegativeCapValue = "E0312", Error, "a cap came out negative",
        "A cap computed from the claim (`at most costs.agreed_limit - costs.paid`) came out below zero for this claim. A negative cap would make the supplier's total negative, so the evaluation stops instead; the message names the clause and the amount.";
    MissingInput = "E0313", Error, "claim lacks a required input",
        "The policy declares an input without a default (`input next_order_value: money \"...\"`), so every claim must give it in `facts`; this one does not. The message names the input, its type and description; `field` is `facts.NAME`.\n\n    \"facts\": { \"next_order_value\": \"12000.00\" }";
    MissingRate = "E0330", Error, "no exchange rate for a claim amount",
        "A claim amount is in another currency than the policy's, and the claim's `rates` give no rate for that currency on or before the day the policy's `currency risk` clause picks (the claim's `as_of` when the supplier bears the risk or no clause says; the amount's `on`, else `notified_on`, when the buyer does). Add the rate with its date:\n\n    \"costs\": { \"rework\": { \"amount\": \"120.00\", \"currency\": \"EUR\" } },\n    \"rates\": [ { \"currency\": \"EUR\", \"rate\": \"1.0850\", \"on\": \"2026-03-09\" } ]";
    RateNotPositive = "E0331", Error, "exchange rate is zero or negative",
        "A rate says how many units of the policy's currency one unit of the other currency is worth; it must be above zero.\n\n    { \"currency\": \"EUR\", \"rate\": \"0\", \"on\": \"2026-03-09\" }   # refused";
    RateAfterAsOf = "E0332", Error, "exchange rate dated after `as_of`",
        "`as_of` is \"today\" for the evaluation: a rate cannot be known before its date. Give rates dated on or before `as_of`.";
    RateOutOfBounds = "E0333", Error, "exchange rate out of bounds",
        "A rate has at most 10 decimal places and is at most 1000000, so that every conversion stays exact (28 significant digits) and a misplaced decimal point is caught. Write the rate as the bank quotes it: `\"0.0067\"` yen to the dollar, not `\"0.006700000000000000001\"`.";
    RepeatedRate = "E0334", Error, "exchange rate given twice or for the policy's currency",
        "The claim's `rates` give each currency at most one rate per date, and no rate for the policy's own currency (it converts at 1). Two rates for the same day contradict each other.";
    UnknownClaimCurrency = "E0335", Error, "claim names an unknown currency",
        "A claim amount or rate names a currency that is not an ISO 4217 code (`EUR`, `CNY`, `JPY`, ...).";
    NegativeReserve = "E0336", Error, "a reserve came out negative",
        "A `reserve` line computed from the claim came out below zero; a reserve sets money aside and cannot be negative. The message names the clause and the amount.";
    NegativeFee = "E0337", Error, "an escalation fee came out negative",
        "An escalation step's `fee` computed from the claim came out below zero. The message names the step and the amount.";
    NegativeWithheld = "E0338", Error, "a withheld amount came out negative",
        "A `withhold payment` amount computed from the claim came out below zero. The message names the clause and the amount.";
    UnknownEventKind = "E0320", Error, "claim event of an unknown kind",
        "Each claim event's `kind` must be an event kind the policy's `process` block names (a step or an `event` line); a policy without one accepts no events.\n\n    \"events\": [{ \"kind\": \"acknowledged\", \"at\": \"2026-03-05T16:30+08:00\" }]";
    RepeatedEvent = "E0321", Error, "claim event given twice",
        "A claim gives each event kind at most once: the process reads when it happened, and two moments for one kind contradict each other.";
    EventAfterAsOf = "E0322", Error, "claim event after `as_of`",
        "An event cannot have happened after the evaluation's \"today\": a dated event lies on or before `as_of`, a timestamp on or before `as_of_time` (or on or before the `as_of` date in its own offset).";
    EventNeedsTime = "E0323", Error, "claim event needs a time",
        "The policy declares this event kind `: timestamp` (its steps count hours or compare moments), so the claim must give a time and offset, not a date.\n\n    { \"kind\": \"acknowledged\", \"at\": \"2026-03-05\" }          # refused\n    { \"kind\": \"acknowledged\", \"at\": \"2026-03-05T16:30+08:00\" }";
    TooManyEvents = "E0324", Error, "too many claim events",
        "A claim carries at most 1000 events.";
    AsOfTimeDate = "E0325", Error, "`as_of_time` is not on `as_of`",
        "`as_of_time`, when given, is the moment of the evaluation; its date in its own offset must be `as_of`.\n\n    \"as_of\": \"2026-03-06\", \"as_of_time\": \"2026-03-06T09:00+08:00\"";
    TimestampOutOfRange = "E0326", Error, "timestamp out of range",
        "A computed moment (an event plus a step's timeframe) fell outside the years 0001 to 9999.";
    UnknownClaimKind = "E0314", Error, "claim of a kind the policy does not handle",
        "The claim's `kind` is neither `defect` (the default when the claim gives none) nor a kind of the policy's `kinds` block, so no clause of the policy is written for it.\n\n    \"kind\": \"late_delivery\"   # the policy needs `kinds { late_delivery \"Late delivery\" }`";
    InvalidVariable = "E0401", Error, "cannot vary this input",
        "A sweep or a flip search varies one claim input: a count (`affected_units`, `inspection.found[0].count`), an amount (`order.unit_price`, `costs.outbound_freight`), a date (`notified_on`) or a policy input in `facts` of type int, money, decimal, percent, date or bool. The message names the part at fault (`vary`, `from`, `to` or `step`).\n\n    recourse flips POLICY CLAIM --vary claim_id   # text cannot be varied";
    RangeTooLarge = "E0402", Error, "range has too many values",
        "A sweep evaluates at most 10 000 values, and a flip search, which evaluates every value of the range (each unit, cent or day), at most 100 000. Use a larger step, or narrow `from` and `to`.\n\n    recourse flips POLICY CLAIM --vary order.unit_price --from 0 --to 5000   # 500 001 cents: refused\n    recourse flips POLICY CLAIM --vary order.unit_price --from 0 --to 500";
}

/// One finding about a policy or a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Diagnostic {
    /// Stable code such as `E0103`.
    #[schemars(with = "String")]
    pub code: Code,
    /// `error` stops the policy compiling; `warning` does not.
    pub severity: Severity,
    /// Lowercase, no trailing period; user input in backticks.
    pub message: String,
    /// A hint on how to fix it, e.g. the limit that was exceeded; absent when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Byte offsets into the source.
    pub span: Span,
    /// 1-based line of the span's start.
    pub line: usize,
    /// 1-based column of the span's start, in characters.
    pub column: usize,
    /// 1-based column of the span's start, in UTF-16 code units.
    pub column_utf16: usize,
    /// 1-based line of the span's end.
    pub end_line: usize,
    /// 1-based column just past the span's end (exclusive), in characters.
    pub end_column: usize,
    /// 1-based column just past the span's end (exclusive), in UTF-16 code units.
    pub end_column_utf16: usize,
    /// The offending source text (at most one line).
    pub text: String,
}

impl Diagnostic {
    /// A diagnostic without a location yet; `locate` fills line and column.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            help: None,
            span,
            line: 0,
            column: 0,
            column_utf16: 0,
            end_line: 0,
            end_column: 0,
            end_column_utf16: 0,
            text: String::new(),
        }
    }

    /// The diagnostic with a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Whether its severity is `error`.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Fill line, columns and text from the source.
    pub fn locate(mut self, index: &LineIndex, src: &str) -> Diagnostic {
        let start = index.position(src, self.span.start);
        let end = index.position(src, self.span.end);
        self.line = start.line;
        self.column = start.column;
        self.column_utf16 = start.column_utf16;
        self.end_line = end.line;
        self.end_column = end.column;
        self.end_column_utf16 = end.column_utf16;
        let text = src.get(self.span.start..self.span.end).unwrap_or("");
        self.text = excerpt(text.lines().next().unwrap_or(""), MAX_TEXT_CHARS);
        // Messages quote names and values from the source, which may be as long as the source.
        if self.message.len() > MAX_MESSAGE_CHARS {
            self.message = excerpt(&self.message, MAX_MESSAGE_CHARS);
        }
        self
    }
}

/// A place in a source, as editors count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters (Unicode scalar values).
    pub column: usize,
    /// 1-based column, in UTF-16 code units (as JavaScript and LSP editors count).
    pub column_utf16: usize,
}

/// Line starts of a source, for turning byte offsets into lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index the line starts of `src`.
    pub fn new(src: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i.saturating_add(1)));
        LineIndex { starts }
    }

    /// The line and columns of a byte offset into `src` (the source this index was built from);
    /// an offset past the end counts as the end, one inside a character as that character's start.
    pub fn position(&self, src: &str, offset: usize) -> Position {
        let offset = clamp_to_char_boundary(src, offset);
        let line0 = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts.get(line0).copied().unwrap_or(0);
        let prefix = src.get(start..offset).unwrap_or("");
        Position {
            line: line0.saturating_add(1),
            column: prefix.chars().count().saturating_add(1),
            column_utf16: prefix.encode_utf16().count().saturating_add(1),
        }
    }

    /// The text of a 1-based line, without its newline.
    pub fn line_text<'a>(&self, src: &'a str, line: usize) -> &'a str {
        let Some(start) = self.starts.get(line.saturating_sub(1)).copied() else {
            return "";
        };
        let end = self.starts.get(line).map(|e| e.saturating_sub(1)).unwrap_or(src.len());
        src.get(start..end.max(start)).unwrap_or("").trim_end_matches('\r')
    }
}

fn clamp_to_char_boundary(src: &str, mut offset: usize) -> usize {
    offset = offset.min(src.len());
    while offset > 0 && !src.is_char_boundary(offset) {
        offset = offset.saturating_sub(1);
    }
    offset
}

/// At most this many diagnostics are listed per source; one more counts the rest.
pub const MAX_DIAGNOSTICS: usize = 100;

/// A diagnostic's `text` (the source it points at) is cut to this many characters.
pub const MAX_TEXT_CHARS: usize = 120;

/// A message is cut to this many characters.
pub const MAX_MESSAGE_CHARS: usize = 1000;

/// The first `max` characters of `text`, with `…` when something was cut.
pub fn excerpt(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or("")),
        None => text.to_string(),
    }
}

/// Sort by position, keep the first [`MAX_DIAGNOSTICS`] (and one that counts the rest) and fill
/// locations. A long one-line source with an error every few bytes must not turn into an output
/// many times its size.
pub fn finish(mut diags: Vec<Diagnostic>, src: &str) -> Vec<Diagnostic> {
    let index = LineIndex::new(src);
    crate::sort::sort_by(&mut diags, |a, b| (a.span.start, a.severity, a.code.as_str()).cmp(&(b.span.start, b.severity, b.code.as_str())));
    diags.dedup();
    if diags.len() > MAX_DIAGNOSTICS {
        let rest = diags.split_off(MAX_DIAGNOSTICS);
        let errors = rest.iter().filter(|d| d.is_error()).count();
        let at = rest.first().map(|d| d.span.start).unwrap_or(0);
        let mut more = Diagnostic::new(
            Code::MoreDiagnostics,
            Span::new(at, at),
            format!("{} more diagnostics from here on are not listed ({errors} of them errors)", rest.len()),
        )
        .with_help("fix the ones above and check again");
        if errors == 0 {
            more.severity = Severity::Warning;
        }
        diags.push(more);
    }
    diags.into_iter().map(|d| d.locate(&index, src)).collect()
}
