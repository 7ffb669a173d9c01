//! The decision: the output of one evaluation. Amounts are decimal strings with the currency's
//! minor units; dates are ISO 8601.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;

use crate::diagnostics::Span;
use crate::domain::money::Money;
pub use crate::terms::{DeadlineStatus, Disposition, EscalationStatus};
use crate::terms::{HistoryKey, Payer, RankCriterion, Risk, SeverityClass, Side};

/// The engine's name and version, as recorded in every decision.
pub const ENGINE_VERSION: &str = concat!("recourse ", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Decision {
    /// Recourse version that produced this decision.
    pub engine: String,
    pub policy: String,
    pub claim_id: String,
    pub as_of: NaiveDate,
    pub currency: String,
    /// False when a deadline with `claim ineligible` was missed: no remedy is then available.
    pub eligible: bool,
    /// Eligibility and inspection findings, in the order they were made.
    pub findings: Vec<Finding>,
    pub lot: LotDecision,
    pub deadlines: Vec<DeadlineResult>,
    /// Every remedy of the policy, available or not, in declaration order.
    pub remedies: Vec<RemedyResult>,
    pub recommendation: Recommendation,
    pub escalation: Escalation,
    pub flags: Vec<FlagResult>,
    /// Lets marked `report`.
    pub reported: Vec<Reported>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Trace>,
}

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

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Finding {
    pub kind: FindingKind,
    /// The clause it comes from, e.g. "Q.5.1 Notice of non-conformity".
    pub clause: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LotDecision {
    pub disposition: Disposition,
    /// One line a buyer reads: "rejected: 3 zipper_failure (critical) against Ac 0 / Re 1, plan L n=200".
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<SamplingMethodOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lot_size: Option<u64>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InspectionStateOut {
    Normal,
    Tightened,
    Reduced,
    /// Five lots were not accepted on tightened inspection: acceptance inspection stops until
    /// the supplier has corrected the process.
    Discontinued,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct InspectionOut {
    /// Switching rules in force; absent when the policy fixes the state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<crate::terms::SwitchingRules>,
    pub state: InspectionStateOut,
    pub reason: String,
    /// Earlier lots replayed to reach the state.
    pub lots_considered: u64,
    /// ISO 2859-1:1999 switching score after the earlier lots (normal inspection only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub switching_score: Option<u64>,
    pub next_state: InspectionStateOut,
    pub next_reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SamplingMethodOut {
    /// ISO 2859-1 single sampling.
    Iso2859 { level: String, state: String },
    /// A plain maximum defect rate.
    MaxRate,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ClassResult {
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanOut>,
    pub accepted: bool,
    pub codes: Vec<CodeCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PlanOut {
    /// The Table I code letter for the lot size and inspection level.
    pub code_letter: String,
    /// The letter of the plan used; differs from `code_letter` when an arrow was followed.
    pub plan_letter: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arrow: Option<String>,
    /// n: the sample size the plan asks for.
    pub sample_size: u64,
    pub accept: u64,
    pub reject: u64,
    /// n >= lot size: inspect every unit.
    pub hundred_percent: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CodeCount {
    pub code: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Excluded {
    pub code: String,
    pub count: u64,
    pub description: String,
    pub route: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DeadlineResult {
    pub name: String,
    pub clause: String,
    pub due: NaiveDate,
    /// How the due date was counted, e.g. "5 business days after 2026-03-05".
    pub rule: String,
    pub status: DeadlineStatus,
    /// What missing it does, when the policy says.
    pub if_missed: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Pays,
    Credits,
    /// A cap's reduction of the supplier total (negative).
    Cap,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CostLine {
    pub label: String,
    pub payer: PayerOut,
    pub kind: LineKind,
    /// Rounded once, to the currency's minor unit, by the policy's rounding rule.
    #[schemars(with = "String")]
    pub amount: Money,
    pub clause: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PayerOut {
    Supplier,
    Buyer,
}

impl PayerOut {
    pub fn from_payer(p: Payer) -> (PayerOut, LineKind) {
        match p {
            Payer::SupplierPays => (PayerOut::Supplier, LineKind::Pays),
            Payer::SupplierCredits => (PayerOut::Supplier, LineKind::Credits),
            Payer::BuyerPays => (PayerOut::Buyer, LineKind::Pays),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Reason {
    pub clause: String,
    pub text: String,
    /// Whether this condition counted for (true) or against (false) availability.
    pub holds: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RemedyResult {
    pub name: String,
    pub clause: String,
    pub available: bool,
    /// Each condition and its outcome; for an unavailable remedy, the ones that failed first.
    pub reasons: Vec<Reason>,
    pub lines: Vec<CostLine>,
    /// Sum of the supplier's lines (pays, credits and cap reductions).
    #[schemars(with = "String")]
    pub supplier_total: Money,
    /// Sum of the buyer's lines.
    #[schemars(with = "String")]
    pub buyer_pays: Money,
    /// supplier_total - buyer_pays.
    #[schemars(with = "String")]
    pub buyer_net_recovery: Money,
    /// Of supplier_total, the part given as credit rather than paid.
    #[schemars(with = "String")]
    pub credited: Money,
    pub capped: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<Window>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<Risk>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Recommendation {
    /// The recommended remedy; absent when none is available.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remedy: Option<String>,
    /// Why, rule by rule.
    pub reasons: Vec<String>,
    /// The ranking applied after `prefer` rules.
    pub ranking: Vec<RankCriterion>,
    /// Whose side the policy is evaluated for (`for supplier`); absent for the buyer's. The
    /// numbers are the same; the ranking and its reasons read as that party weighs them.
    #[serde(skip_serializing_if = "Side::is_buyer")]
    pub side: Side,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Escalation {
    pub status: EscalationStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    /// The first day of the first step (the day after the missed due date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opens_on: Option<NaiveDate>,
    pub steps: Vec<EscalationStepOut>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct EscalationStepOut {
    pub name: String,
    pub forum: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub earliest_start: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest_start: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub earliest_end: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest_end: Option<NaiveDate>,
}

/// A raised flag lists at most this many matching earlier claims (a claim's history may hold
/// thousands) and counts the rest.
pub const MAX_FLAG_MATCHES: usize = 20;

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FlagResult {
    pub name: String,
    pub clause: String,
    pub raised: bool,
    pub notify: Vec<String>,
    pub reasons: Vec<String>,
    /// Earlier claims that matched a recurrence rule: the first [`MAX_FLAG_MATCHES`] by id.
    pub matches: Vec<String>,
    /// How many more matched than `matches` lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub more_matches: Option<u64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<HistoryKey>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Reported {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The value as text: amounts with the currency's places, dates ISO, booleans true/false.
    pub value: String,
    #[serde(rename = "type")]
    pub ty: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Trace {
    pub engine: String,
    /// FNV-1a 64 of the policy source, hex.
    pub policy_hash: String,
    pub as_of: NaiveDate,
    pub steps: Vec<TraceStep>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TraceStep {
    /// e.g. "remedy replacement: when", "let affected_value", "deadline response: due".
    pub what: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// The source text of the expression.
    pub source: String,
    pub span: Span,
    pub line: usize,
    pub result: String,
    /// The names the expression read and their values.
    pub reads: Vec<TraceRead>,
    /// For amounts: the exact value before rounding and the rule applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounding: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TraceRead {
    pub name: String,
    pub value: String,
}
