//! The decision: the output of one evaluation. Amounts are decimal strings with the currency's
//! minor units; dates are ISO 8601.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;

use crate::diagnostics::Span;
use crate::domain::money::Money;
pub use crate::terms::{DeadlineStatus, Disposition, EscalationStatus};
use crate::terms::{FeePayer, HistoryKey, LeverKind, Payer, RankCriterion, Risk, SeverityClass, Side};
pub use crate::terms::{StepStatus, StepUnit};

/// The engine's name and version, as recorded in every decision.
pub const ENGINE_VERSION: &str = concat!("recourse ", env!("CARGO_PKG_VERSION"));

/// The decision on one claim under one policy: the lot's verdict, the deadlines, every remedy
/// with its cost, the recommendation, the escalation and the flags. The same policy and claim
/// always give the same decision: no clock is read, today is the claim's `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Decision {
    /// The engine that produced this decision, e.g. "recourse 0.1.0" ([`ENGINE_VERSION`]).
    pub engine: String,
    /// The policy's title, as its header names it, e.g. "Outerwear Supply Agreement 2026, Schedule Q".
    pub policy: String,
    /// The claim's `claim_id`, as the claim gives it.
    pub claim_id: String,
    /// The claim's `as_of`: the day the evaluation counts as today. A deadline not met by then is
    /// `missed` once its due date lies before this day.
    pub as_of: NaiveDate,
    /// The policy's ISO 4217 currency code, e.g. "USD" (the claim's must match): every amount in
    /// the decision is in this currency.
    pub currency: String,
    /// False when a deadline with `claim ineligible` was missed: no remedy is then available.
    pub eligible: bool,
    /// Eligibility and inspection findings, in the order they were made.
    pub findings: Vec<Finding>,
    /// The verdict on the delivered lot under the policy's sampling rule.
    pub lot: LotDecision,
    /// Every deadline of the policy, in declaration order, with its due date and status.
    pub deadlines: Vec<DeadlineResult>,
    /// Every remedy of the policy, available or not, in declaration order.
    pub remedies: Vec<RemedyResult>,
    /// The remedy the policy recommends among the available ones, and why.
    pub recommendation: Recommendation,
    /// Whether the policy's escalation ladder is open, and the dates of its steps.
    pub escalation: Escalation,
    /// Every flag of the policy, raised or not, in declaration order.
    pub flags: Vec<FlagResult>,
    /// The lets marked `report let`, with their values, in declaration order.
    pub reported: Vec<Reported>,
    /// Every claim amount in another currency that the evaluation read, converted into the
    /// policy's currency, in the order first read; omitted when there is none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conversions: Vec<Conversion>,
    /// The buyer's levers (`withhold payment`, `withhold shipments`) in declaration order; omitted
    /// when the policy has none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub levers: Vec<LeverOut>,
    /// The claim's lifecycle under the policy's `process`: each step on time, late, open, overdue
    /// or waiting, and what comes next; absent when the policy has no `process`, or the claim
    /// tracks no events (neither `events` nor `as_of_time`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Timeline>,
    /// How each condition and amount was computed; present only when a trace was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Trace>,
}

/// What a what-if view needs of a decision, and no more: the recommendation, each remedy's
/// availability and totals, each deadline's due date and status. It is taken from the full
/// [`Decision`] by `From` (the same evaluation, never a second code path), so its figures are the
/// decision's own; it is smaller to hand across a boundary (a JS host builds a tenth of the objects).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DecisionSummary {
    /// The decision's `eligible`.
    pub eligible: bool,
    /// The lot's disposition (`lot.disposition`).
    pub lot: Disposition,
    /// The recommended remedy (`recommendation.remedy`); `null` when none is available.
    pub recommendation: Option<String>,
    /// Every remedy, in declaration order, as in `remedies`.
    pub remedies: Vec<RemedyTotals>,
    /// Every deadline, in declaration order, as in `deadlines`.
    pub deadlines: Vec<DeadlineDue>,
}

/// A remedy's availability and totals, as in its [`RemedyResult`].
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RemedyTotals {
    /// The remedy's name.
    pub name: String,
    /// Whether the buyer may claim it.
    pub available: bool,
    /// What the supplier pays or credits in all, after caps.
    #[schemars(with = "String")]
    pub supplier_total: Money,
    /// What the buyer pays.
    #[schemars(with = "String")]
    pub buyer_pays: Money,
    /// `supplier_total` minus `buyer_pays`.
    #[schemars(with = "String")]
    pub buyer_net_recovery: Money,
    /// The part of `supplier_total` that is a credit.
    #[schemars(with = "String")]
    pub credited: Money,
    /// Whether a cap cut the supplier's total.
    pub capped: bool,
}

/// A deadline's due date and status, as in its [`DeadlineResult`].
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DeadlineDue {
    /// The deadline's name.
    pub name: String,
    /// The day it falls due.
    pub due: NaiveDate,
    /// Met, open or missed as of the claim's `as_of`.
    pub status: DeadlineStatus,
}

impl From<Decision> for DecisionSummary {
    fn from(d: Decision) -> DecisionSummary {
        DecisionSummary {
            eligible: d.eligible,
            lot: d.lot.disposition,
            recommendation: d.recommendation.remedy,
            remedies: d
                .remedies
                .into_iter()
                .map(|r| RemedyTotals {
                    name: r.name,
                    available: r.available,
                    supplier_total: r.supplier_total,
                    buyer_pays: r.buyer_pays,
                    buyer_net_recovery: r.buyer_net_recovery,
                    credited: r.credited,
                    capped: r.capped,
                })
                .collect(),
            deadlines: d.deadlines.into_iter().map(|x| DeadlineDue { name: x.name, due: x.due, status: x.status }).collect(),
        }
    }
}

/// What a finding means for the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Information only.
    Info,
    /// Something to look at; the decision stands.
    Warning,
    /// The claim is ineligible.
    Ineligible,
    /// Remedies were lost.
    RemediesLost,
    /// An escalation opened.
    Escalation,
}

/// One thing the evaluation found about the claim that a buyer should know, e.g. a missed
/// deadline's effect, an excluded defect or a raised flag.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Finding {
    /// What the finding means for the claim.
    pub kind: FindingKind,
    /// The clause it comes from, e.g. "Q.5.1 Notice of non-conformity".
    pub clause: String,
    /// The finding in one sentence a buyer reads; names from the policy are in backticks.
    pub message: String,
}

/// The verdict on the delivered lot: the claim's inspection result judged under the policy's
/// `sampling` rule.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LotDecision {
    /// Whether the lot is accepted, rejected or not inspected (the policy has no sampling rule or
    /// the claim no inspection).
    pub disposition: Disposition,
    /// One line a buyer reads: "rejected: 3 zipper_failure (critical) against Ac 0 / Re 1, plan L n=200".
    pub reason: String,
    /// The clause of the policy's `sampling` rule, e.g. "Q.3 Acceptance sampling"; absent when the
    /// policy has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// The sampling method the lot was judged by; absent when it was not judged (no sampling rule,
    /// or no inspection in the claim).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<SamplingMethodOut>,
    /// Units in the lot, from the claim's `inspection.lot_size`; absent when the lot was not judged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lot_size: Option<u64>,
    /// Units inspected, from the claim's `inspection.sample_size`; absent when the lot was not judged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample_size: Option<u64>,
    /// Per severity class with a tolerance: the defects found and the verdict.
    pub classes: Vec<ClassResult>,
    /// Findings that are not defects (transport damage, personal taste) and where they go.
    pub excluded: Vec<Excluded>,
    /// The inspection state (ISO 2859-1 sampling only): the one this lot was judged under, and
    /// the one for the next lot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inspection: Option<InspectionOut>,
}

/// An ISO 2859-1 inspection state: which plans a supplier's lots are judged under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InspectionStateOut {
    /// Normal inspection (Table II-A): the usual plans.
    Normal,
    /// Tightened inspection (Table II-B): stricter plans, after lots were not accepted.
    Tightened,
    /// Reduced inspection (Table II-C): smaller samples, after a run of accepted lots.
    Reduced,
    /// Five lots were not accepted on tightened inspection: acceptance inspection stops until
    /// the supplier has corrected the process.
    Discontinued,
}

/// The ISO 2859-1 inspection state of the supplier: the one this lot was judged under and the one
/// for the next lot, replayed from the claim's earlier lots when the policy applies switching rules.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct InspectionOut {
    /// Switching rules in force; absent when the policy fixes the state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<crate::terms::SwitchingRules>,
    /// The state this lot was judged under (a `discontinued` supplier's lot is judged on the
    /// tightened plans).
    pub state: InspectionStateOut,
    /// Why the supplier is in `state`: the last switch and the lot that caused it, or that the
    /// policy fixes the state.
    pub reason: String,
    /// Earlier lots replayed to reach the state.
    pub lots_considered: u64,
    /// ISO 2859-1:1999 switching score after the earlier lots (normal inspection only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub switching_score: Option<u64>,
    /// The state the supplier's next lot is inspected under, after this lot's outcome; a raised flag
    /// that switches inspection to tightened moves it from normal or reduced to tightened.
    pub next_state: InspectionStateOut,
    /// Why the next lot is inspected under `next_state`.
    pub next_reason: String,
}

/// How the lot was judged, as the policy's `sampling` rule says.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SamplingMethodOut {
    /// ISO 2859-1 single sampling.
    Iso2859 {
        /// The inspection level as the policy spells it, e.g. "II" or "S-3".
        level: String,
        /// The state whose plans judged the lot: "normal", "tightened" or "reduced" (a discontinued
        /// supplier's lot is judged on the tightened plans).
        state: String,
    },
    /// A maximum defect rate in percent of the sample, per severity class and/or over all defects.
    MaxRate,
}

/// One severity class of the sampling rule: its tolerance, the defects of the class found in the
/// sample and whether the class passes. The lot is rejected when any class does not.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ClassResult {
    /// The class this tolerance is for (minor, major or critical): the defects counted are the codes
    /// the policy's `defects` catalogue puts in it.
    pub severity: SeverityClass,
    /// The AQL (ISO method), e.g. "2.5"; "0" is zero tolerance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aql: Option<String>,
    /// The maximum rate in percent (rate method), e.g. "2.5".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_rate: Option<String>,
    /// Defects of this class found in the sample.
    pub defects: u64,
    /// The observed rate in percent of the sample, to 4 places (rate method).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<String>,
    /// The ISO 2859-1 plan the class was judged by (ISO method only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanOut>,
    /// Whether the class passes: ISO method, defects <= Ac (on reduced inspection, any count below Re);
    /// rate method, `rate` <= `max_rate`.
    pub accepted: bool,
    /// The defect codes of this class found in the sample, by code; codes with a count of 0 are left out.
    pub codes: Vec<CodeCount>,
}

/// An ISO 2859-1 single sampling plan (Tables I and II): sample size and acceptance numbers.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PlanOut {
    /// The Table I code letter for the lot size and inspection level.
    pub code_letter: String,
    /// The letter of the plan used; differs from `code_letter` when an arrow was followed.
    pub plan_letter: String,
    /// "down" or "up" when Table II's arrow sent the AQL to another plan letter; absent when the
    /// code letter's own plan was used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arrow: Option<String>,
    /// n: the sample size the plan asks for.
    pub sample_size: u64,
    /// Ac: the class passes with at most this many defects in the sample.
    pub accept: u64,
    /// Re: the class fails with this many defects or more.
    pub reject: u64,
    /// n >= lot size: inspect every unit.
    pub hundred_percent: bool,
}

/// How often one defect code was found in the sample.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CodeCount {
    /// A defect code of the policy's `defects` catalogue, e.g. "zipper_failure".
    pub code: String,
    /// Defects of this code in the sample, summed over the claim's `inspection.found` entries.
    pub count: u64,
}

/// Findings of one code the policy says are `not a defect`: they do not count against the lot.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Excluded {
    /// The exclusion's code in the policy's `defects` catalogue, e.g. "transit_damage".
    pub code: String,
    /// How many the inspection found (always at least 1: codes not found are left out).
    pub count: u64,
    /// The exclusion's description in the policy, e.g. "Damage in transit".
    pub description: String,
    /// Where the policy sends these findings instead (`-> "carrier claim"`).
    pub route: String,
}

/// One `deadline` of the policy: when it falls due, whether it was met, and what missing it costs.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DeadlineResult {
    /// The deadline's declared name in the policy, e.g. "notice".
    pub name: String,
    /// The clause the deadline cites, e.g. "Q.5.1 Notice of non-conformity".
    pub clause: String,
    /// The due date: the `due` rule's length counted from its start date, in days, weeks, months
    /// or business days (by the policy's calendar).
    pub due: NaiveDate,
    /// How the due date was counted, e.g. "5 business days after 2026-03-05".
    pub rule: String,
    /// `met` when its `met when` condition holds or its `met by` date is on or before `due`; `missed`
    /// when that date is after `due`, or when it is not met and `as_of` is after `due`; else `open`
    /// (also while the claim lacks the field the condition reads).
    pub status: DeadlineStatus,
    /// What missing it does, in words, one entry per effect the policy gives, e.g. "claim ineligible:
    /// ..."; listed whatever the status, empty when missing it has no effect.
    pub if_missed: Vec<String>,
}

/// How a cost line moves money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// The payer pays the amount (`supplier pays`, `buyer pays`).
    Pays,
    /// The supplier gives the amount as a credit, not a payment (`supplier credits`); it counts in
    /// `supplier_total` and in `credited`.
    Credits,
    /// A cap's reduction of the supplier total (negative).
    Cap,
    /// A contingency reserve (`reserve`): money the buyer sets aside for what the claim may still
    /// cost; charged to nobody, it counts in `reserve` and in neither total.
    Reserve,
}

/// One line of a remedy's cost: who bears an amount and why.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CostLine {
    /// The line's label as the policy writes it (`as "Refund of affected units"`); for a cap line,
    /// "Cap: supplier total at most ...".
    pub label: String,
    /// Who bears the amount.
    pub payer: PayerOut,
    /// Whether the amount is paid, credited, or a cap's reduction.
    pub kind: LineKind,
    /// Rounded once, to the currency's minor unit, by the policy's rounding rule.
    #[schemars(with = "String")]
    pub amount: Money,
    /// The remedy's clause; for a cap line, the clause of the cap that bound.
    pub clause: String,
    /// The conversions of claim amounts in other currencies that this line's amount read
    /// (directly or through lets); omitted when it read none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conversions: Vec<Conversion>,
}

/// A claim amount in another currency converted into the policy's: the rate the policy's
/// `currency risk` rule picked from the claim's `rates`, the exact product, and that product
/// rounded once to the policy currency's minor unit by the policy's rounding rule.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Conversion {
    /// The claim field, e.g. "costs.rework".
    pub field: String,
    /// The amount as the claim states it, e.g. "120.00".
    pub amount: String,
    /// Its currency, e.g. "EUR".
    pub currency: String,
    /// The rate applied: units of the policy's currency per unit of `currency`, as the claim states it.
    pub rate: String,
    /// The date of that rate: the latest of the claim's rates for `currency` on or before `rate_for`.
    pub rate_on: NaiveDate,
    /// The day the rule looked for a rate on: `as_of` when the supplier bears the currency risk (or
    /// the policy does not say), the amount's `on` (else `notified_on`) when the buyer does.
    pub rate_for: NaiveDate,
    /// `amount` x `rate`, exact, before rounding.
    pub exact: String,
    /// `exact` rounded once to the currency's minor unit by the policy's rounding rule: what the
    /// policy's expressions read.
    #[schemars(with = "String")]
    pub converted: Money,
    /// Who bears the currency risk, by the policy's `currency risk` clause; absent when it has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_on: Option<Side>,
    /// The `currency risk` clause; absent when the policy has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
}

/// The party a cost line falls on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PayerOut {
    /// The supplier: the line counts in `supplier_total`.
    Supplier,
    /// The buyer: the line counts in `buyer_pays`.
    Buyer,
    /// Nobody: a contingency reserve the buyer sets aside; it counts in the remedy's `reserve`.
    Nobody,
}

impl PayerOut {
    /// Splits a policy's payer (`supplier pays`, `supplier credits`, `buyer pays`) into the party
    /// and the kind of line.
    pub fn from_payer(p: Payer) -> (PayerOut, LineKind) {
        match p {
            Payer::SupplierPays => (PayerOut::Supplier, LineKind::Pays),
            Payer::SupplierCredits => (PayerOut::Supplier, LineKind::Credits),
            Payer::BuyerPays => (PayerOut::Buyer, LineKind::Pays),
        }
    }
}

/// One condition of a remedy and how it came out.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Reason {
    /// The remedy's clause; for a cap, the clause of the cap.
    pub clause: String,
    /// The condition in words, e.g. "when lot.rejected: yes", an `unless`'s own reason when it applies,
    /// "lost: ..." or "capped at 4400.00".
    pub text: String,
    /// Whether this condition counted for (true) or against (false) availability; a cap's reason is
    /// always true.
    pub holds: bool,
}

/// One `remedy` of the policy: whether the buyer can claim it and what it would cost whom. The
/// figures are computed whether or not the remedy is available.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RemedyResult {
    /// The remedy's declared name in the policy, e.g. "replacement".
    pub name: String,
    /// The clause the remedy cites, e.g. "Q.6.2 Replacement".
    pub clause: String,
    /// Whether the buyer can claim it: the claim is eligible, no missed deadline took it, every `when`
    /// holds and no `unless` applies.
    pub available: bool,
    /// Each condition and its outcome; for an unavailable remedy, the ones that failed first.
    pub reasons: Vec<Reason>,
    /// The cost lines in the policy's order, each rounded once; then a cap line when a cap bound.
    pub lines: Vec<CostLine>,
    /// Sum of the supplier's lines (pays, credits and cap reductions).
    #[schemars(with = "String")]
    pub supplier_total: Money,
    /// Sum of the buyer's lines.
    #[schemars(with = "String")]
    pub buyer_pays: Money,
    /// What the buyer comes out with: `supplier_total` - `buyer_pays`. Negative when the buyer's own
    /// costs exceed what the supplier pays or credits.
    #[schemars(with = "String")]
    pub buyer_net_recovery: Money,
    /// Of `supplier_total`, the part given as credit rather than paid (after a cap, at most the capped
    /// total).
    #[schemars(with = "String")]
    pub credited: Money,
    /// The sum of the remedy's `reserve` lines: set aside, charged to nobody, in neither total;
    /// absent when the remedy has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub reserve: Option<Money>,
    /// Whether a cap bound: `supplier_total` was cut to the lowest cap that applies (the remedy's
    /// `at most` or a policy `cap`) and a cap line was added.
    pub capped: bool,
    /// When the remedy would be done: its `takes` range counted from its start (`as_of` unless the
    /// remedy names a start); absent when the remedy has no `takes`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<Window>,
    /// The risk the policy declares for the remedy (used by `lowest risk`); absent when not declared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<Risk>,
}

/// The dates between which a remedy would be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Window {
    /// The earliest: the start plus the shorter end of `takes`.
    pub from: NaiveDate,
    /// The latest: the start plus the longer end of `takes`.
    pub to: NaiveDate,
}

/// The remedy the policy's `recommend` block picks among the available ones: the first `prefer`
/// rule that applies, else the first by the ranking.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Recommendation {
    /// The recommended remedy; absent when none is available.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remedy: Option<String>,
    /// Why, rule by rule: each `prefer` rule that did not apply or was skipped, then the one that
    /// decided ("no remedy is available" when none is).
    pub reasons: Vec<String>,
    /// The policy's ranking criteria, applied in order after the `prefer` rules; remaining ties go to
    /// the remedy declared first.
    pub ranking: Vec<RankCriterion>,
    /// Whose side the policy is evaluated for (`for supplier`); absent for the buyer's. The
    /// numbers are the same; the ranking and its reasons read as that party weighs them.
    #[serde(skip_serializing_if = "Side::is_buyer")]
    pub side: Side,
}

/// The policy's escalation ladder (`escalate`): whether it is open and when each step can start
/// and end.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Escalation {
    /// Whether a deadline that escalates was missed, is still open, or was met.
    pub status: EscalationStatus,
    /// The name of the deadline that opens the ladder: the earliest-due missed one that escalates,
    /// else the earliest-due open one; absent when the status is `not_triggered` or `none`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    /// The first day of the first step: the day after the trigger's due date (for `pending`, the day
    /// it would open); absent without a trigger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opens_on: Option<NaiveDate>,
    /// The ladder's steps in the policy's order; without a trigger they carry no dates.
    pub steps: Vec<EscalationStepOut>,
    /// The fees of the available steps, summed per payer; absent when no step has a fee.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fees: Option<FeeTotals>,
}

/// An escalation step's fee: the amount, rounded once, and each party's part.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct StepFeeOut {
    /// The fee, rounded once to the currency's minor unit by the policy's rule.
    #[schemars(with = "String")]
    pub amount: Money,
    /// Who pays it, as the policy says: `supplier`, `buyer` or `shared` (half each).
    pub paid_by: FeePayer,
    /// The supplier's part: all, none, or for `shared` half the fee rounded by the policy's rule.
    #[schemars(with = "String")]
    pub supplier_pays: Money,
    /// The buyer's part: `amount` - `supplier_pays`, so the parts add up to the fee exactly.
    #[schemars(with = "String")]
    pub buyer_pays: Money,
}

/// The fees of the escalation steps open to the buyer, per payer.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FeeTotals {
    /// Sum of the available steps' `supplier_pays`.
    #[schemars(with = "String")]
    pub supplier: Money,
    /// Sum of the available steps' `buyer_pays`.
    #[schemars(with = "String")]
    pub buyer: Money,
}

/// One of the buyer's levers (`withhold payment`, `withhold shipments`): whether it applies to
/// this claim, whether its release condition holds, and how much payment it holds back.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LeverOut {
    /// `payment` (withholding payment of the supplier's invoices) or `shipments` (holding its next
    /// shipments).
    pub kind: LeverKind,
    /// The clause the lever cites, e.g. "P.7 Right of retention".
    pub clause: String,
    /// Whether every `when` of the lever holds: the buyer may use it for this claim.
    pub applies: bool,
    /// Whether the release condition holds as of `as_of`.
    pub released: bool,
    /// `applies` and not `released`: the buyer may hold the payment or shipments now.
    pub in_force: bool,
    /// The amount withheld, rounded once by the policy's rule; absent when the lever names none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub amount: Option<Money>,
    /// The release condition as the policy writes it, e.g. "response.met".
    pub release: String,
    /// Each condition in words with its outcome: the `when`s, then the release condition.
    pub reasons: Vec<String>,
}

/// One step of the escalation ladder. Each step starts when the one before it ends; a date is
/// absent when the ladder has no opening date or an earlier step has no `takes`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct EscalationStepOut {
    /// The step's name in the policy, e.g. "mediation" or "arbitration".
    pub name: String,
    /// The forum the policy names for the step, e.g. "ICC mediation".
    pub forum: String,
    /// The earliest day the step can start: `opens_on` for the first step, else the previous step's
    /// `earliest_end`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub earliest_start: Option<NaiveDate>,
    /// The latest day the step can start: `opens_on` for the first step, else the previous step's
    /// `latest_end`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest_start: Option<NaiveDate>,
    /// `earliest_start` plus the shorter end of the step's `takes`; absent when it has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub earliest_end: Option<NaiveDate>,
    /// `latest_start` plus the longer end of the step's `takes`; absent when it has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest_end: Option<NaiveDate>,
    /// Whether the step is open to the buyer: every `when` holds and no `unless` applies. An
    /// unavailable step has no dates and the next step starts where the last available one ended.
    /// Absent when the step has neither fee nor condition (it is then always available).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available: Option<bool>,
    /// Each condition in words with its outcome; omitted when the step has none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    /// The step's fee and who pays it; absent when the policy gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee: Option<StepFeeOut>,
}

/// A raised flag lists at most this many matching earlier claims (a claim's history may hold
/// thousands) and counts the rest.
pub const MAX_FLAG_MATCHES: usize = 20;

/// One `flag` of the policy: whether it is raised for this claim and whom to tell.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FlagResult {
    /// The flag's declared name in the policy, e.g. "recurring".
    pub name: String,
    /// The clause the flag cites, e.g. "Q.8 Recurring defect".
    pub clause: String,
    /// Whether every condition of the flag holds: each recurrence rule and each `when`.
    pub raised: bool,
    /// Whom the policy says to notify when the flag is raised (listed whether or not it is).
    pub notify: Vec<String>,
    /// Each condition in words with its outcome: the recurrence rules first, then the `when`s.
    pub reasons: Vec<String>,
    /// Earlier claims that matched a recurrence rule: the first [`MAX_FLAG_MATCHES`] by id.
    pub matches: Vec<String>,
    /// How many more matched than `matches` lists; absent when it lists them all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub more_matches: Option<u64>,
    /// What the recurrence rules require earlier claims to share with this one (sku, supplier,
    /// lot); omitted when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<HistoryKey>,
}

/// A let the policy marks `report let`, with its value for this claim.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Reported {
    /// The let's declared name in the policy, e.g. "contingency_reserve".
    pub name: String,
    /// The let's label (`as "E.9 Contingency reserve"`); absent when the policy gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The value as text, exact: amounts with at least the currency's places and never rounded, no
    /// currency code; dates ISO 8601; booleans true/false.
    pub value: String,
    /// The value's type: money, decimal, percent, int, bool, date, duration, text, severity or remedy.
    #[serde(rename = "type")]
    pub ty: String,
}

/// How the decision was reached: every condition and amount the evaluation computed, with the
/// names each one read.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Trace {
    /// The engine that evaluated, as in [`Decision::engine`].
    pub engine: String,
    /// FNV-1a 64 of the policy source, hex.
    pub policy_hash: String,
    /// The claim's `as_of`, as in [`Decision::as_of`].
    pub as_of: NaiveDate,
    /// The steps in evaluation order: lets, deadlines and flags in dependency order, then each
    /// remedy (conditions, lines, caps), then the recommendation's rules.
    pub steps: Vec<TraceStep>,
}

/// One computed expression of the policy and what came of it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TraceStep {
    /// What the step computed, e.g. "remedy replacement: when", "let affected_value", "deadline
    /// response: due".
    pub what: String,
    /// The clause the expression belongs to; absent for lets and `recommend` rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// The source text of the expression.
    pub source: String,
    /// Byte offsets of the expression in the policy source.
    pub span: Span,
    /// 1-based line of the expression's start in the policy source.
    pub line: usize,
    /// The value it came to, as text: money with the currency code and at least its places
    /// ("USD 1200.00"), unrounded; dates ISO 8601; booleans true/false.
    pub result: String,
    /// The names the expression read and their values.
    pub reads: Vec<TraceRead>,
    /// For amounts: the exact value before rounding and the rule applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounding: Option<String>,
}

/// A name an expression read and its value.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TraceRead {
    /// The name as the policy writes it, e.g. "order.value" or a let's name.
    pub name: String,
    /// Its value as text, shown as in [`TraceStep::result`].
    pub value: String,
}

/// The timeline of the claim's process: every step in declaration order, and the step to act on
/// next.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Timeline {
    /// The `process` block's clause, e.g. "Q.8 Claim handling".
    pub clause: String,
    /// Every step of the process, in declaration order.
    pub steps: Vec<StepResult>,
    /// The open or overdue step whose late bound comes first (declaration order breaks ties);
    /// `None` when no step is open or overdue.
    pub next: Option<String>,
}

/// One step of the process on the decision date.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct StepResult {
    /// The step's name, which is also the kind of the claim event that marks it done.
    pub step: String,
    /// The step's label, e.g. "Acknowledge the claim".
    pub label: String,
    /// The timeframe as the policy states it, e.g. "24 to 48 hours after notified".
    pub rule: String,
    /// The timeframe's unit.
    pub unit: StepUnit,
    /// On time, late, open, overdue, or waiting for the event it counts from.
    pub status: StepStatus,
    /// When the timeframe started (the anchor event or date); `None` while waiting.
    pub started: Option<String>,
    /// The early bound: the start plus the shorter time (a date, or a timestamp with its offset).
    pub due_from: Option<String>,
    /// The late bound: the start plus the longer time. Done after it is late.
    pub due_by: Option<String>,
    /// When the step was done (its event), if it was.
    pub done: Option<String>,
    /// For a late step: by how much, in the step's unit.
    pub late_by: Option<Lateness>,
}

/// How late a step was done, exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Lateness {
    /// The unit counted in: the step's (weeks count in days).
    pub unit: StepUnit,
    /// Whole units completed after the late bound.
    pub whole: i64,
    /// Units begun after the late bound (a part counts as one).
    pub started: i64,
    /// The exact span, e.g. "1 day 4 hours 30 minutes", "3 business days".
    pub exact: String,
}
