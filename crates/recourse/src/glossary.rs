//! What each word of the language means, and the claim fields a policy can read, in a sentence
//! each: the editor's hover and completion show them (`web/src/words.generated.ts`, written from
//! these tables and the grammar by `crates/recourse/tests/editor_words.rs`). The claim fields come
//! from the checker's own table ([`crate::check::Field::ALL`]), so a field the checker knows is
//! offered with its type, and one it does not is never offered.

use crate::check::Field;

/// A word of the language (a keyword, a value word or a type name) and what it means in a policy.
/// One entry per word; a word used in several places says each.
pub const WORDS: &[(&str, &str)] = &[
    (
        "after",
        "`due 10 days after DATE`: the deadline counts from this date (the start day excluded). `takes 7 to 14 days after DATE`: when a remedy's time starts (from the claim's as-of date otherwise).",
    ),
    (
        "amount",
        "`withhold payment \"...\" { amount X ... }`: how much of the supplier's payment the buyer withholds (money, rounded once).",
    ),
    ("and", "Both conditions hold (`a and b`). Also joins the dates of `days between A and B` and the thresholds of a scorecard rule."),
    (
        "aql",
        "In a sampling block, the acceptance quality limit per severity class: `aql critical 0, major 2.5, minor 4.0` (0 is zero tolerance: Ac 0, Re 1).",
    ),
    (
        "as",
        "The label of a cost line (`supplier pays x as \"Replacement goods\"`) or of a reported value (`report let x = ... as \"Late penalty\"`).",
    ),
    ("at", "`at most X`: an upper limit, a remedy's own cap or, in a `cap` block, `supplier total at most X`."),
    ("available", "In an example, `expect NAME available`: the remedy must be available for the claim."),
    ("because", "`unless CONDITION because \"why\"`: the reason the remedy is unavailable when the condition holds."),
    ("between", "`days between A and B`, `business days between A and B`: the signed number of days from A (excluded) to B (included)."),
    ("business", "`business days`: only working days of the header's calendar count (weekends and holidays are skipped)."),
    (
        "buyer",
        "The buyer. `buyer pays X as \"...\"`: a cost the buyer bears under the remedy. `for buyer` (header): the ranking reads for the buyer (the default).",
    ),
    (
        "buyer_net_recovery",
        "A remedy's supplier total minus what the buyer pays. `then highest buyer_net_recovery` ranks the available remedies by it.",
    ),
    ("buyer_pays", "What the buyer pays under a remedy, as a ranking measure: `then lowest buyer_pays`."),
    (
        "by",
        "`met by DATE`: the deadline is met when that date is known and on or before the due date; a date the claim does not give yet leaves it open until it passes.",
    ),
    (
        "calendar",
        "`calendar NAME \"title\" { weekend ... holiday ... workday ... }`: the working days business days count in. In the header, `calendar NAME` picks it (default Mon-Fri, no holidays).",
    ),
    (
        "cap",
        "`cap \"clause\" { supplier total at most X [for a, b] }`: a limit on the supplier's total; a cap that binds adds a negative cap line, so the lines still add up.",
    ),
    ("capped", "In an example, `expect NAME capped`: a cap must bind on the remedy."),
    ("ceil", "`ceil(x)` rounds up to a whole number, `ceil(x to 2 places)` to 2 decimals (towards positive infinity)."),
    (
        "claim",
        "The claim being decided: `claim.notified_on`, `claim.affected_units`, ... `missed: claim ineligible \"why\"`: a missed deadline leaves no remedy available. `given claim` starts an example.",
    ),
    (
        "claims",
        "In a flag, `when N or more earlier claims ... within D days`: the buyer's earlier claims (the claim's `history`). In a scorecard, the number of claims.",
    ),
    (
        "count",
        "`count CODE`, `count critical`, `count defects`: how many defects of that code, of that class, or in all, the claim's inspection found.",
    ),
    (
        "credits",
        "`supplier credits X as \"...\"`: an amount the supplier credits (against a next order, say); it counts in the supplier total.",
    ),
    ("currency", "`currency USD` (header): the ISO 4217 currency of every amount in the policy and the claim."),
    ("day", "A duration unit: `1 day`; `1 business day` counts a working day only."),
    ("days", "A duration unit: `10 days`; `5 business days` counts working days only. `days between A and B`: a count of days."),
    (
        "deadline",
        "`deadline NAME \"clause\" { due ... met ... missed: ... }`: a date a party must act by, its status (met, missed or open) and what a miss does. `response deadline NAME` in a scorecard; `expect deadline NAME ...` in an example.",
    ),
    (
        "defect",
        "`not a defect CODE \"description\" -> \"route\"`: an exclusion, counted apart. `max defect rate` in a sampling block; `with the same defect` in a flag.",
    ),
    (
        "defects",
        "`defects { ... }`: the defect catalogue (codes with their severity and description, a scale, exclusions). `count defects`: all defects found.",
    ),
    ("due", "`due 10 days after DATE`: how the deadline's date is computed. Inside a deadline `due` is its date; elsewhere `NAME.due`."),
    ("earlier", "In a flag, `when N or more earlier claims ...`: counts the claim's history of earlier claims (its own id never counts)."),
    ("eligible", "In an example, `expect eligible`: no missed deadline made the claim ineligible."),
    ("else", "`if C then A else B`: the value when no condition holds; `else if` continues the chain."),
    ("error", "In an example, `expect error E0304`: the claim must be refused with that code."),
    (
        "escalate",
        "`missed: escalate`: a missed deadline opens the escalation ladder the day after its due date. `escalate { STEP \"forum\" takes ... then ... }` declares the ladder.",
    ),
    ("escalation", "In an example, `expect escalation open|pending|not_triggered|none` or `expect escalation opens DATE`."),
    (
        "event",
        "`event NAME[: timestamp] \"...\"` in a `process` block: an event kind a claim may carry in its `events`. `event.NAME` in an expression: the moment the claim gives for it.",
    ),
    ("example", "`example \"name\" { given claim ... expect ... }`: a worked claim the policy carries and `recourse test` checks."),
    ("expect", "One expectation of an example: what the decision must say (`expect recommend replacement`, `expect deadline notice met`)."),
    (
        "fee",
        "`fee X paid by supplier|buyer|shared` on an escalation step: what the step costs and who pays it (`shared` splits it in half).",
    ),
    (
        "flag",
        "`flag NAME \"clause\" { when ... notify ... }`: a warning raised on the claim, e.g. a recurring defect. `expect flag NAME` in an example.",
    ),
    ("flagged", "`flagged NAME`: whether that flag is raised for this claim (true or false)."),
    ("floor", "`floor(x)` rounds down to a whole number, `floor(x to 2 places)` to 2 decimals (towards negative infinity)."),
    (
        "for",
        "`for buyer|supplier` (header): whose side the ranking reads for. In a cap, `for a, b`: the cap applies to those remedies only.",
    ),
    (
        "given",
        "`given claim \"file.json\" [with { path = value }]`: the claim an example starts from (a file beside the policy, or inline JSON).",
    ),
    ("highest", "`then highest buyer_net_recovery|supplier_total|buyer_pays`: rank the available remedies by that measure, highest first."),
    ("holiday", "`holiday DATE [to DATE] \"name\"`: a day, or an inclusive range, that is not a working day of the calendar."),
    (
        "hour",
        "`within 24 to 48 hours after ...`: a process step's timeframe in hours (counted from a timestamp). `whole|started hours between A and B`: hours between two timestamps.",
    ),
    (
        "hours",
        "`within 24 to 48 hours after ...`: a process step's timeframe in hours (counted from a timestamp). `whole|started hours between A and B`: hours between two timestamps.",
    ),
    ("if", "`if C then A else B`: a value chosen by a condition."),
    ("in_force", "In an example, `expect withhold payment|shipments in_force`: the lever applies and is not yet released."),
    (
        "ineligible",
        "`ineligible \"clause\" when CONDITION because \"why\"`: the claim is ineligible when the condition holds. `missed: claim ineligible \"why\"`: a missed deadline leaves no remedy available. `expect ineligible` in an example.",
    ),
    ("input", "`input NAME: type = default \"description\"`: a value the claim may give in its `facts`; the default otherwise."),
    (
        "inspection",
        "`switch inspection to tightened` (in a flag): the next lot is inspected under tightened sampling when the flag is raised.",
    ),
    ("iso2859", "`iso2859 level II normal`: ISO 2859-1 single sampling at that inspection level and state."),
    ("iso2859-1", "`switching iso2859-1`: the ISO 2859-1:1999 switching rules between normal, tightened and reduced inspection."),
    ("kind", "`kind late_delivery` in a condition: whether the claim is of that kind (`defect`, built in, when the claim gives none)."),
    (
        "kinds",
        "`kinds { late_delivery \"Late delivery\" ... }`: the kinds of claim the policy handles besides `defect`; a claim of another kind is refused (E0314).",
    ),
    ("late_responses", "A scorecard figure: how many supplier responses came after their deadline."),
    (
        "let",
        "`let NAME = expression`: a value computed from the claim; `report let` also lists it in the decision. Lets may come in any order.",
    ),
    (
        "level",
        "`iso2859 level II`: the inspection level (S-1 to S-4, I, II, III). In the catalogue, `level 2`: a severity read through the scale.",
    ),
    ("longest", "`then longest time`: rank the remedies that take longest first."),
    ("lost", "`missed: remedy a, b lost \"why\"`: a missed deadline makes those remedies unavailable."),
    (
        "lot",
        "The inspected lot: `lot.rejected`, `lot.accepted`, `lot.size`, `lot.sample_size`. `on the same lot` in a flag; `expect lot accepted|rejected` in an example.",
    ),
    ("lots_inspected", "A scorecard figure: how many lots were inspected."),
    ("lots_rejected", "A scorecard figure: how many lots were rejected."),
    ("lowest", "`then lowest buyer_net_recovery|supplier_total|buyer_pays`, `then lowest risk`: rank the available remedies lowest first."),
    (
        "max",
        "`max(a, b, ...)`: the largest of numbers, amounts, percents, dates or severities. `max defect rate` (sampling): the highest defect rate a lot may show.",
    ),
    ("mean_response_days", "A scorecard figure: the mean number of business days from notice to the supplier's response."),
    ("min", "`min(a, b, ...)`: the smallest of numbers, amounts, percents, dates or severities."),
    ("month", "A duration unit: `1 month`; a date past the month's end clamps to it (Jan 31 + 1 month = Feb 28 or 29)."),
    ("months", "A duration unit: `3 months`; a date past the month's end clamps to it."),
    ("more", "In a flag, `when N or more earlier claims ...`."),
    ("most", "`at most X`: an upper limit."),
    ("net", "In an example, `expect NAME buyer net recovery = MONEY`."),
    ("next", "In an example, `expect next NAME` (or `expect next none`): the timeline's next step, the open or overdue step due first."),
    ("no", "In an example, `expect no flag NAME`: the flag must not be raised."),
    (
        "not",
        "`not C`: the condition does not hold. `not a defect CODE \"description\" -> \"route\"`: an exclusion, counted apart and never as a defect.",
    ),
    ("not_applicable", "In an example, `expect withhold payment|shipments not_applicable`: a `when` of the lever does not hold."),
    ("notify", "`notify \"who\"` (in a flag): who is told when the flag is raised."),
    ("null", "JSON null, in an example's inline claim or override."),
    ("of", "`55% of order.value`: a share of an amount."),
    ("on", "In a flag, `on the same sku|supplier|lot`: the earlier claims must share it."),
    ("opens", "In an example, `expect escalation opens DATE`: the date the escalation ladder opens."),
    ("or", "Either condition holds (`a or b`). `N or more` in a flag."),
    ("paid", "`fee X paid by supplier|buyer|shared`: who pays an escalation step's fee."),
    (
        "payment",
        "`withhold payment \"...\" { ... }`: the buyer may withhold (part of) the supplier's invoice payment until the release condition holds.",
    ),
    (
        "pays",
        "`supplier pays X as \"...\"`, `buyer pays X as \"...\"`: a cost line of a remedy, rounded once to the currency's minor unit.",
    ),
    ("place", "`round(x to 1 place)`: the number of decimals kept."),
    ("places", "`round(x to 2 places)`: the number of decimals kept."),
    ("policy", "`policy \"title\" { currency ... rounding ... calendar ... for ... }`: the header, once per policy."),
    ("ppm", "A scorecard figure: defects per million sampled units."),
    (
        "prefer",
        "`prefer NAME [when C]`: the first rule that names an available remedy wins; `prefer INPUT` takes a remedy the claim chose (an input of type remedy).",
    ),
    (
        "present",
        "`present(F)`: whether the claim gives the optional field F (`present(claim.sku)`) or an event of kind NAME (`present(event.approved)`); guards a read of a field or an event a claim may lack.",
    ),
    (
        "process",
        "`process \"clause\" { event ... step ... }`: the claim's lifecycle, steps with timeframes counted from events or dates; the decision shows its timeline.",
    ),
    ("quarter", "`quarter(d)`: the quarter (1 to 4) of a date, or of a timestamp in its own offset."),
    ("rate", "`max defect rate 2.5%`, or per class `max defect rate major 2.5%, minor 5%`: defects over the sample size."),
    (
        "recommend",
        "`recommend { prefer ... then highest ... }`: how the remedy to ask for is chosen (without ranking lines: highest buyer net recovery, then shortest time). `expect recommend NAME|none` in an example.",
    ),
    ("recovery", "In an example, `expect NAME buyer net recovery = MONEY`."),
    ("recovery_rate", "A scorecard figure: what was recovered against the recommended supplier totals, in percent."),
    ("rejection_rate", "A scorecard figure: lots rejected over lots inspected, in percent."),
    ("release", "`release when CONDITION` in a `withhold` lever: what ends the withholding or the hold (required)."),
    (
        "released",
        "In an example, `expect withhold payment|shipments released`: the lever's release condition holds as of the claim's date.",
    ),
    (
        "report",
        "`report let NAME = ... as \"label\"`: the value is listed in the decision's reported values. `expect report NAME = value` in an example.",
    ),
    (
        "reserve",
        "`reserve X as \"...\"` in a remedy: a contingency reserve the buyer sets aside, shown in the breakdown and charged to nobody. `expect NAME reserve = MONEY` in an example.",
    ),
    (
        "response",
        "`response deadline NAME` (scorecard): the deadline the supplier's response times are measured against; the page's headline shows it.",
    ),
    (
        "risk",
        "`risk low|moderate|high`: a remedy's risk to the buyer. `then lowest risk` ranks by it. `currency risk supplier|buyer \"clause\"`: who bears the exchange-rate risk of claim amounts in another currency.",
    ),
    ("round", "`round(x to N places [half_up|half_even])`: explicit rounding; `round(a / b to 2 places)` rounds the exact quotient once."),
    ("rounding", "`rounding half_up|half_even` (header): how each cost line is rounded to the currency's minor unit (default half_up)."),
    ("same", "In a flag, `on the same sku` or `with the same defect`: what earlier claims must share."),
    ("sampling", "`sampling \"clause\" { iso2859 ... aql ... }` or `{ max defect rate ... }`: the rule that accepts or rejects the lot."),
    ("scale", "`scale 5 = critical, 4 = major, ...` (catalogue): numeric levels read as severity classes."),
    (
        "scorecard",
        "`scorecard \"clause\" { response deadline ... status ... trigger ... }`: the supplier's figures over many claims and lots.",
    ),
    (
        "shared",
        "`paid by shared`: an escalation step's fee split in half between supplier and buyer (the supplier's half rounded by the policy's rule, the buyer's the rest).",
    ),
    (
        "shipments",
        "`withhold shipments \"...\" { ... }`: the buyer may hold the supplier's next shipments until the release condition holds.",
    ),
    ("shortest", "`then shortest time`: rank the remedies that take least time first."),
    ("sku", "In a flag, `on the same sku`: earlier claims must be for the same SKU."),
    (
        "started",
        "`started days|hours between A and B`: the number of days or hours begun between two moments (a part counts as one), as late-delivery penalties count.",
    ),
    ("status", "`status \"name\" when THRESHOLDS` (scorecard): the first status whose thresholds hold is the supplier's."),
    (
        "step",
        "`step NAME \"label\" within N [to M] UNIT after ANCHOR` in a `process` block: a step of the claim's lifecycle. In an example, `expect step NAME ...` (a process step) or `expect escalation step NAME available|unavailable` / `... fee = MONEY` (an escalation step).",
    ),
    (
        "supplier",
        "The supplier. `supplier pays|credits X as \"...\"`: a cost line; `supplier total at most X` (cap); `for supplier` (header); `on the same supplier` (flag).",
    ),
    (
        "supplier_total",
        "What the supplier pays and credits under a remedy, after caps, as a ranking measure: `then lowest supplier_total`.",
    ),
    ("switch", "`switch inspection to tightened` (in a flag): the next lot is inspected tightened when the flag is raised."),
    (
        "switching",
        "`switching iso2859-1|z1.4` (sampling): the state for this lot is replayed from the claim's lot history under those switching rules.",
    ),
    (
        "takes",
        "`takes 7 to 14 days [after DATE]`: how long a remedy or an escalation step takes, from the as-of date unless a date is named.",
    ),
    ("the", "In a flag, `on the same ...`, `with the same defect`."),
    ("then", "`if C then A ...`; in `recommend`, the next rule (`then highest buyer_net_recovery`); in `escalate`, the next step."),
    ("time", "`then shortest time`, `then longest time`: rank by how long a remedy takes."),
    ("to", "A range (`holiday A to B`, `takes 7 to 14 days`); `round(x to 2 places)`; `switch inspection to tightened`."),
    ("total", "`supplier total at most X` (cap); `expect NAME supplier total = MONEY` (example)."),
    ("trigger", "`trigger REMEDY when THRESHOLDS` (scorecard): a remedy the supplier's figures call for."),
    ("unavailable", "In an example, `expect NAME unavailable`: the remedy must be unavailable for the claim."),
    ("uncapped", "In an example, `expect NAME uncapped`: no cap may bind on the remedy."),
    ("unless", "`unless C because \"why\"`: the remedy is unavailable when C holds, for that reason."),
    ("week", "A duration unit: `1 week` (7 days)."),
    ("weekday", "`weekday(d)`: the day of the week of a date (1 = Monday ... 7 = Sunday), of a timestamp in its own offset."),
    ("weeks", "A duration unit: `2 weeks` (14 days)."),
    ("weekend", "`weekend sat, sun`: the calendar's days off each week."),
    (
        "when",
        "A condition: a remedy is available only when each `when` holds; `met when C` (deadline); `prefer X when C`; a flag's conditions; a scorecard rule's thresholds.",
    ),
    ("whole", "`whole days|hours between A and B`: the number of complete days or hours between two moments."),
    ("with", "`given claim ... with { path = value }`: an example's overrides. `with the same defect` in a flag."),
    (
        "withhold",
        "`withhold payment|shipments \"clause\" { amount ... when ... release when ... }`: a buyer's lever while the claim is open, with what releases it.",
    ),
    (
        "within",
        "In a flag, `within N days`: earlier claims notified from N days before this claim's notice up to it, both days included. In a process step, `within 24 to 48 hours after ANCHOR`: the step's timeframe, early and late bound.",
    ),
    ("workday", "`workday DATE \"why\"`: a weekend day that is worked, in a calendar."),
    ("year", "`year(d)`: the year of a date, or of a timestamp in its own offset."),
    // Value words.
    ("I", "Inspection level I of ISO 2859-1 (general, reduced discrimination)."),
    ("II", "Inspection level II of ISO 2859-1 (general, the usual level)."),
    ("III", "Inspection level III of ISO 2859-1 (general, more discrimination)."),
    ("S-1", "Special inspection level S-1 of ISO 2859-1 (the smallest samples)."),
    ("S-2", "Special inspection level S-2 of ISO 2859-1."),
    ("S-3", "Special inspection level S-3 of ISO 2859-1."),
    ("S-4", "Special inspection level S-4 of ISO 2859-1."),
    ("accepted", "The lot's verdict: the sampling rule accepted it (`expect lot accepted`)."),
    ("critical", "The most severe defect class (`none < minor < major < critical`)."),
    ("false", "The boolean false."),
    ("fri", "Friday, as a calendar's weekend day."),
    ("half_even", "Rounding: a midpoint goes to the even neighbour (banker's rounding)."),
    ("half_up", "Rounding: a midpoint goes away from zero (the default)."),
    ("high", "A remedy's risk to the buyer: high."),
    (
        "late",
        "In an example, `expect step NAME late` (done after its late bound) or `expect step NAME late by \"2 hours 30 minutes\"` (the exact lateness).",
    ),
    ("low", "A remedy's risk to the buyer: low."),
    ("major", "A defect class between minor and critical."),
    ("met", "A deadline's status: met. `met when C` / `met by DATE`: how a deadline is met. `NAME.met` is true when it was."),
    ("minor", "The least severe defect class (above none)."),
    ("missed", "A deadline's status: missed. `missed: ...`: what a miss does. `NAME.missed` is true when it was."),
    ("moderate", "A remedy's risk to the buyer: moderate."),
    ("mon", "Monday, as a calendar's weekend day."),
    ("none", "No defect (the lowest severity, `worst_severity = none`); `expect recommend none`, `expect escalation none`."),
    ("normal", "Normal inspection (ISO 2859-1 Table II-A)."),
    ("not_inspected", "The lot's verdict when the policy has no sampling rule or the claim no inspection."),
    ("not_triggered", "The escalation's status when every deadline that escalates was met."),
    ("on_time", "In an example, `expect step NAME on_time`: the step was done by its late bound."),
    ("open", "A deadline's status: not yet due and not met. The escalation's status once a deadline that escalates was missed."),
    ("overdue", "In an example, `expect step NAME overdue`: the step is not done and its late bound has passed as of the claim's date."),
    ("pending", "The escalation's status while a deadline that escalates is still open."),
    ("reduced", "Reduced inspection (ISO 2859-1 Table II-C): smaller samples after a run of accepted lots."),
    ("rejected", "The lot's verdict: the sampling rule rejected it (`expect lot rejected`)."),
    ("sat", "Saturday, as a calendar's weekend day."),
    ("sun", "Sunday, as a calendar's weekend day."),
    ("thu", "Thursday, as a calendar's weekend day."),
    ("tightened", "Tightened inspection (ISO 2859-1 Table II-B): stricter acceptance numbers after rejected lots."),
    ("true", "The boolean true."),
    ("tue", "Tuesday, as a calendar's weekend day."),
    ("waiting", "In an example, `expect step NAME waiting`: the event the step counts from has not happened yet."),
    ("wed", "Wednesday, as a calendar's weekend day."),
    // Type names.
    ("bool", "The type of true and false (`input force_majeure: bool = false`)."),
    ("date", "The type of a calendar date, written `2026-03-12`."),
    ("decimal", "The type of an exact decimal number (`1.5`)."),
    ("duration", "The type of a length of time (`10 days`, `5 business days`, `2 weeks`, `1 month`)."),
    ("int", "The type of a whole number."),
    ("money", "The type of an amount in the policy's currency (`USD 120.00`)."),
    ("percent", "The type of a percentage (`20%`); `20% of X` is a share of X."),
    (
        "remedy",
        "`remedy NAME \"clause\" { when ... supplier pays ... }`: a remedy the buyer may claim, its conditions, cost lines, cap, time and risk. As an input type, one of the policy's remedies.",
    ),
    ("severity", "The type of a defect class: none, minor, major or critical."),
    ("text", "The type of a piece of text (`\"...\"`)."),
    ("timestamp", "A moment with its UTC offset, `2026-03-05T16:30+08:00`: a type of input, and of event kinds declared `: timestamp`."),
];

/// What a word means, if it is a word of the language.
pub fn meaning(word: &str) -> Option<&'static str> {
    WORDS.iter().find(|(w, _)| *w == word).map(|(_, m)| *m)
}

/// A claim field a policy reads: its path in the policy, its type, its place in the claim's JSON
/// and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimField {
    /// As a policy writes it: `order.value`.
    pub path: &'static str,
    /// The language's type name: `money`.
    pub ty: &'static str,
    /// Where the claim's JSON holds it: `order.value`.
    pub json: &'static str,
    /// What it is, in a sentence.
    pub meaning: &'static str,
}

/// Every claim field the checker knows, in its order.
pub fn claim_fields() -> Vec<ClaimField> {
    Field::ALL
        .iter()
        .map(|&(path, f, ty)| ClaimField { path, ty: ty.name(), json: f.claim_path(), meaning: field_meaning(f, path) })
        .collect()
}

fn field_meaning(f: Field, path: &str) -> &'static str {
    match f {
        Field::ClaimId => "The claim's id.",
        Field::AsOf if path == "today" => "The decision date: the claim's as-of date (the same as `claim.as_of`).",
        Field::AsOf => "The decision date: deadlines are open or missed as of this day.",
        Field::DiscoveredOn => "The day the buyer discovered the defects.",
        Field::NotifiedOn => "The day the buyer notified the supplier.",
        Field::SupplierRespondedOn => "The day the supplier responded; reading it when the claim has none is an error (E0304).",
        Field::AffectedUnits => "How many units the claim covers.",
        Field::Sku => "The SKU of the goods (optional in a claim).",
        Field::Supplier => "The supplier's name (optional in a claim).",
        Field::Po => "The purchase order (optional in a claim).",
        Field::LotId => "The lot's id (optional in a claim).",
        Field::OrderUnits => "Units ordered.",
        Field::OrderUnitPrice => "The price of one unit.",
        Field::OrderValue => "The order's value (units x unit price unless the claim gives it).",
        Field::OrderDueOn => "The order's due date (optional in a claim).",
        Field::OrderDeliveredOn => "The day the goods were delivered.",
        Field::LotRejected => "True when the sampling rule rejected the lot.",
        Field::LotAccepted => "True when the sampling rule accepted the lot (false when it was not inspected).",
        Field::LotSize => "The lot size of the inspection.",
        Field::SampleSize => "The sample size the inspection drew.",
        Field::WorstSeverity => "The most severe defect class the inspection found (none when none).",
        Field::EvidencePhotos => "How many photos the claim has (0 when it gives none).",
        Field::EvidenceLotTraceable => "Whether the defective units can be traced to the lot (false when not given).",
        Field::EvidenceThirdPartyReport => "A third party's inspection report, by its reference.",
    }
}

/// The fields of a deadline, `NAME.due`, `NAME.met`, `NAME.missed`: name, type, meaning.
pub const DEADLINE_FIELDS: &[(&str, &str, &str)] = &[
    ("due", "date", "The deadline's date."),
    ("met", "bool", "True when the deadline was met."),
    ("missed", "bool", "True when the deadline was missed."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_is_listed_once_and_means_something() {
        let mut seen = std::collections::BTreeSet::new();
        for (w, m) in WORDS {
            assert!(seen.insert(*w), "{w} twice");
            assert!(m.len() > 10 && m.ends_with('.'), "{w}: {m}");
        }
        assert_eq!(meaning("aql").map(|m| m.starts_with("In a sampling block")), Some(true));
        assert_eq!(meaning("zipper_failure"), None);
    }

    #[test]
    fn claim_fields_are_the_checkers_with_their_types_and_json_paths() {
        let fields = claim_fields();
        assert_eq!(fields.len(), Field::ALL.len());
        let value = fields.iter().find(|f| f.path == "order.value");
        assert_eq!(value.map(|f| (f.ty, f.json)), Some(("money", "order.value")));
        let today = fields.iter().find(|f| f.path == "today");
        assert_eq!(today.map(|f| (f.ty, f.json)), Some(("date", "as_of")));
        let size = fields.iter().find(|f| f.path == "lot.sample_size");
        assert_eq!(size.map(|f| (f.ty, f.json)), Some(("int", "inspection.sample_size")));
    }
}
