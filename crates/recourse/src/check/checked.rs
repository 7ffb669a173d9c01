//! What the checker produces and the evaluator reads: the checked policy and its parts, with
//! names resolved to indices and expressions typed.

use crate::domain::calendar::Calendar;
use crate::domain::money::Currency;
use crate::domain::sampling::{Aql, InspectionLevel, InspectionState};
use crate::syntax::ast::*;
use crate::value::{Ty, Value};

/// A typed, resolved expression.
#[derive(Debug, Clone, PartialEq)]
pub struct CExpr {
    pub kind: CKind,
    pub ty: Ty,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CKind {
    Const(Value),
    Field(Field),
    Cost(String),
    Input(usize),
    Let(usize),
    /// The due date of deadline `i`.
    Due(usize),
    Met(usize),
    Missed(usize),
    Flagged(usize),
    Count(CountTarget),
    /// `present(F)`: whether the claim gives optional field F.
    Present(Field),
    /// `kind late_delivery`: whether the claim is of that kind.
    Kind(String),
    /// `refund.supplier_total`, `.buyer_pays`, `.buyer_net_recovery`: remedy `i`'s total after caps.
    RemedyTotal(usize, Measure),
    /// `refund.available`.
    RemedyAvailable(usize),
    Unary(UnaryOp, Box<CExpr>),
    Binary(BinaryOp, Box<CExpr>, Box<CExpr>),
    Chain(Box<CExpr>, Vec<(BinaryOp, CExpr)>),
    If(Vec<(CExpr, CExpr)>, Box<CExpr>),
    MinMax(Func, Vec<CExpr>),
    Round {
        func: RoundFunc,
        arg: Box<CExpr>,
        places: Option<u32>,
        mode: Option<RoundingMode>,
    },
    DaysBetween {
        business: bool,
        from: Box<CExpr>,
        to: Box<CExpr>,
    },
    Duration(Box<CExpr>, TimeUnit),
    /// `started days between A and B` (dates or timestamps), `whole hours between A and B`.
    SpanBetween {
        count: SpanCount,
        unit: SpanUnit,
        from: Box<CExpr>,
        to: Box<CExpr>,
    },
    /// `year(d)`, `weekday(t)`, `date(t)`.
    DatePart(DatePart, Box<CExpr>),
    /// `event.NAME`: the moment the claim gives for event kind `i` of the process.
    Event(usize),
    /// `present(event.NAME)`: whether the claim gives an event of kind `i`.
    PresentEvent(usize),
}

impl CExpr {
    /// Visit this expression and every expression inside it, parents first (recursion bounded by
    /// the nesting limit, as the checker's).
    pub fn visit<'e>(&'e self, f: &mut dyn FnMut(&'e CExpr)) {
        f(self);
        match &self.kind {
            CKind::Unary(_, a) | CKind::Duration(a, _) | CKind::DatePart(_, a) => a.visit(f),
            CKind::Round { arg, .. } => arg.visit(f),
            CKind::Binary(_, l, r) | CKind::DaysBetween { from: l, to: r, .. } | CKind::SpanBetween { from: l, to: r, .. } => {
                l.visit(f);
                r.visit(f);
            }
            CKind::Chain(first, rest) => {
                first.visit(f);
                for (_, x) in rest {
                    x.visit(f);
                }
            }
            CKind::If(branches, otherwise) => {
                for (c, v) in branches {
                    c.visit(f);
                    v.visit(f);
                }
                otherwise.visit(f);
            }
            CKind::MinMax(_, args) => {
                for a in args {
                    a.visit(f);
                }
            }
            // Leaves, listed so that a new kind of expression must say how it is walked.
            CKind::Const(_)
            | CKind::Field(_)
            | CKind::Cost(_)
            | CKind::Input(_)
            | CKind::Let(_)
            | CKind::Due(_)
            | CKind::Met(_)
            | CKind::Missed(_)
            | CKind::Flagged(_)
            | CKind::Count(_)
            | CKind::Present(_)
            | CKind::Kind(_)
            | CKind::RemedyTotal(..)
            | CKind::RemedyAvailable(_)
            | CKind::Event(_)
            | CKind::PresentEvent(_) => {}
        }
    }
}

/// Built-in facts of the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    ClaimId,
    AsOf,
    DiscoveredOn,
    NotifiedOn,
    SupplierRespondedOn,
    AffectedUnits,
    Sku,
    Supplier,
    Po,
    LotId,
    OrderUnits,
    OrderUnitPrice,
    OrderValue,
    OrderDueOn,
    OrderDeliveredOn,
    LotRejected,
    LotAccepted,
    LotSize,
    SampleSize,
    WorstSeverity,
    EvidencePhotos,
    EvidenceLotTraceable,
    EvidenceThirdPartyReport,
}

impl Field {
    /// Every field with its policy path and type.
    pub const ALL: &'static [(&'static str, Field, Ty)] = &[
        ("claim.id", Field::ClaimId, Ty::Text),
        ("claim.as_of", Field::AsOf, Ty::Date),
        ("today", Field::AsOf, Ty::Date),
        ("claim.discovered_on", Field::DiscoveredOn, Ty::Date),
        ("claim.notified_on", Field::NotifiedOn, Ty::Date),
        ("claim.supplier_responded_on", Field::SupplierRespondedOn, Ty::Date),
        ("claim.affected_units", Field::AffectedUnits, Ty::Int),
        ("claim.sku", Field::Sku, Ty::Text),
        ("claim.supplier", Field::Supplier, Ty::Text),
        ("claim.po", Field::Po, Ty::Text),
        ("claim.lot", Field::LotId, Ty::Text),
        ("order.units", Field::OrderUnits, Ty::Int),
        ("order.unit_price", Field::OrderUnitPrice, Ty::Money),
        ("order.value", Field::OrderValue, Ty::Money),
        ("order.due_on", Field::OrderDueOn, Ty::Date),
        ("order.delivered_on", Field::OrderDeliveredOn, Ty::Date),
        ("lot.rejected", Field::LotRejected, Ty::Bool),
        ("lot.accepted", Field::LotAccepted, Ty::Bool),
        ("lot.size", Field::LotSize, Ty::Int),
        ("lot.sample_size", Field::SampleSize, Ty::Int),
        ("worst_severity", Field::WorstSeverity, Ty::Severity),
        ("evidence.photos", Field::EvidencePhotos, Ty::Int),
        ("evidence.lot_traceable", Field::EvidenceLotTraceable, Ty::Bool),
        ("evidence.third_party_report", Field::EvidenceThirdPartyReport, Ty::Text),
    ];

    /// Whether a claim may leave the field out (reading it then is `E0304`).
    pub fn is_optional(self) -> bool {
        matches!(
            self,
            Field::SupplierRespondedOn
                | Field::Sku
                | Field::Supplier
                | Field::Po
                | Field::LotId
                | Field::OrderDueOn
                | Field::LotSize
                | Field::SampleSize
                | Field::EvidenceThirdPartyReport
        )
    }

    /// The field's policy path (`claim.sku`).
    pub fn policy_path(self) -> &'static str {
        Field::ALL.iter().find(|(_, f, _)| *f == self).map(|(p, _, _)| *p).unwrap_or("")
    }

    /// The claim's JSON path, for error messages.
    pub fn claim_path(self) -> &'static str {
        match self {
            Field::ClaimId => "claim_id",
            Field::AsOf => "as_of",
            Field::DiscoveredOn => "discovered_on",
            Field::NotifiedOn => "notified_on",
            Field::SupplierRespondedOn => "supplier_responded_on",
            Field::AffectedUnits => "affected_units",
            Field::Sku => "sku",
            Field::Supplier => "supplier",
            Field::Po => "po",
            Field::LotId => "lot",
            Field::OrderUnits => "order.units",
            Field::OrderUnitPrice => "order.unit_price",
            Field::OrderValue => "order.value",
            Field::OrderDueOn => "order.due_on",
            Field::OrderDeliveredOn => "order.delivered_on",
            Field::LotRejected | Field::LotAccepted => "inspection",
            Field::LotSize => "inspection.lot_size",
            Field::SampleSize => "inspection.sample_size",
            Field::WorstSeverity => "inspection.found",
            Field::EvidencePhotos => "evidence.photos",
            Field::EvidenceLotTraceable => "evidence.lot_traceable",
            Field::EvidenceThirdPartyReport => "evidence.third_party_report",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountTarget {
    Code(String),
    Severity(SeverityClass),
    AllDefects,
}

#[derive(Debug, Clone)]
pub struct DefectInfo {
    pub code: String,
    pub severity: SeverityClass,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct ExclusionInfo {
    pub code: String,
    pub description: String,
    pub route: String,
}

#[derive(Debug, Clone)]
pub enum SamplingMethod {
    Iso {
        level: InspectionLevel,
        /// The state the policy names; with switching, the state before the first lot.
        state: InspectionState,
        aql: Vec<(SeverityClass, Aql)>,
        switching: Option<SwitchingRules>,
    },
    MaxRate {
        per_class: Vec<(SeverityClass, rust_decimal::Decimal)>,
        all: Option<rust_decimal::Decimal>,
    },
}

#[derive(Debug, Clone)]
pub struct SamplingRule {
    pub clause: String,
    pub method: SamplingMethod,
}

#[derive(Debug, Clone)]
pub struct InputInfo {
    pub name: String,
    pub ty: Ty,
    /// `None`: required, the claim must give it in `facts`.
    pub default: Option<Value>,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct LetInfo {
    pub name: String,
    pub report: bool,
    pub label: Option<String>,
    pub value: CExpr,
}

#[derive(Debug, Clone)]
pub enum MetInfo {
    When(CExpr),
    By(CExpr),
}

#[derive(Debug, Clone)]
pub enum EffectInfo {
    Ineligible(String),
    Lost(Vec<usize>, String),
    Escalate(Option<String>),
}

#[derive(Debug, Clone)]
pub struct DeadlineInfo {
    pub name: String,
    pub clause: String,
    /// The `due ... after ...` rule.
    pub due_span: Span,
    /// A duration.
    pub length: CExpr,
    pub after: CExpr,
    pub met: Option<MetInfo>,
    pub effects: Vec<EffectInfo>,
    /// What missing it costs, in words (the decision's `if_missed`): the same for every claim,
    /// so written once when the policy is checked.
    pub if_missed: Vec<String>,
}

/// `when N or more earlier claims on the same ... within D days`, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct RecurrenceRule {
    /// Earlier claims needed (at least 1).
    pub at_least: u64,
    /// What they must share with this claim.
    pub same: Vec<HistoryKey>,
    /// Whether they must be about a defect found in this claim.
    pub same_defect: bool,
    /// How far back they may have been opened, in days before the notice.
    pub within_days: i64,
}

/// A scorecard threshold is checked as written (`ppm > 5000`).
pub use crate::syntax::ast::Threshold;

#[derive(Debug, Clone)]
pub struct FlagInfo {
    pub name: String,
    pub clause: String,
    pub recurrence: Vec<RecurrenceRule>,
    pub when: Vec<CExpr>,
    pub notify: Vec<String>,
    pub tighten: bool,
}

/// `ineligible "clause" when <condition> because "reason"`, checked.
#[derive(Debug, Clone)]
pub struct IneligibleInfo {
    /// The clause the finding cites: the declaration's, or `ineligible when <condition>`.
    pub clause: String,
    pub condition: CExpr,
    pub because: String,
}

#[derive(Debug, Clone)]
pub struct LineInfo {
    pub payer: Payer,
    pub amount: CExpr,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct TakesInfo {
    pub min: i64,
    pub max: i64,
    pub unit: TimeUnit,
    pub after: Option<CExpr>,
}

#[derive(Debug, Clone)]
pub struct RemedyInfo {
    pub name: String,
    pub clause: String,
    pub when: Vec<CExpr>,
    pub unless: Vec<(CExpr, String)>,
    pub lines: Vec<LineInfo>,
    pub caps: Vec<CExpr>,
    pub takes: Option<TakesInfo>,
    pub risk: Option<Risk>,
    /// `reserve` lines: amount and label.
    pub reserves: Vec<(CExpr, String)>,
}

#[derive(Debug, Clone)]
pub struct CapInfo {
    pub clause: String,
    pub amount: CExpr,
    /// Empty: every remedy.
    pub remedies: Vec<usize>,
}

#[derive(Debug, Clone)]
pub enum PreferTarget {
    Remedy(usize),
    /// An input of type `remedy`: the claim names the remedy (the customer's choice).
    Input(usize),
}

#[derive(Debug, Clone)]
pub struct PreferInfo {
    pub target: PreferTarget,
    pub when: Option<CExpr>,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct StepInfo {
    pub name: String,
    pub forum: String,
    pub takes: Option<(i64, i64, TimeUnit)>,
    /// `fee EXPR paid by ...`.
    pub fee: Option<(CExpr, FeePayer)>,
    /// `when` conditions and `unless` conditions with their reasons: the step is open to the
    /// buyer when every `when` holds and no `unless` applies.
    pub when: Vec<CExpr>,
    pub unless: Vec<(CExpr, String)>,
}

/// A `withhold payment|shipments` lever, checked.
#[derive(Debug, Clone)]
pub struct LeverInfo {
    pub kind: LeverKind,
    pub clause: String,
    pub amount: Option<CExpr>,
    pub when: Vec<CExpr>,
    /// The release condition (the first; E0141 when there is none).
    pub release: CExpr,
}

/// Something evaluated before remedies, in dependency order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeRef {
    Let(usize),
    Deadline(usize),
    Flag(usize),
}

/// A policy whose names are resolved, types known and evaluation order fixed.
#[derive(Debug, Clone)]
pub struct CheckedPolicy {
    pub title: String,
    pub currency: Currency,
    pub rounding: RoundingMode,
    pub calendar_name: Option<String>,
    pub calendar: Calendar,
    pub defects: Vec<DefectInfo>,
    pub exclusions: Vec<ExclusionInfo>,
    pub sampling: Option<SamplingRule>,
    pub inputs: Vec<InputInfo>,
    pub lets: Vec<LetInfo>,
    pub deadlines: Vec<DeadlineInfo>,
    pub flags: Vec<FlagInfo>,
    /// `ineligible ... when ...` conditions, in source order.
    pub ineligible: Vec<IneligibleInfo>,
    /// The claim kinds the policy declares besides `defect`, with their descriptions.
    pub kinds: Vec<(String, String)>,
    pub order: Vec<NodeRef>,
    pub remedies: Vec<RemedyInfo>,
    /// The order remedies are evaluated in: each after the remedies whose totals it reads.
    pub remedy_order: Vec<usize>,
    pub caps: Vec<CapInfo>,
    pub prefer: Vec<PreferInfo>,
    pub ranking: Vec<RankCriterion>,
    /// Whose side the policy is evaluated for.
    pub side: Side,
    pub escalation: Vec<StepInfo>,
    pub examples: Vec<ExampleDecl>,
    pub scorecard: Option<ScorecardRule>,
    /// `currency risk ...`: who bears the exchange-rate risk; `None` when the policy does not say.
    pub currency_risk: Option<CurrencyRiskInfo>,
    /// The buyer's levers, in declaration order.
    pub levers: Vec<LeverInfo>,
    /// The claim's lifecycle: its event kinds and the steps with their timeframes.
    pub process: Option<ProcessInfo>,
}

/// Who bears the exchange-rate risk of claim amounts in another currency, and the clause.
#[derive(Debug, Clone, PartialEq)]
pub struct CurrencyRiskInfo {
    pub bearer: Side,
    pub clause: String,
}

/// The `process` block, checked.
#[derive(Debug, Clone)]
pub struct ProcessInfo {
    pub clause: String,
    /// Every event kind a claim may carry: the `event` lines and the steps, in source order.
    pub events: Vec<EventInfo>,
    pub steps: Vec<ProcessStepInfo>,
}

/// An event kind of the process.
#[derive(Debug, Clone)]
pub struct EventInfo {
    pub name: String,
    /// Carries a time and offset (`: timestamp`), not only a date.
    pub timed: bool,
}

/// One step: done by its own event, due within `min` to `max` units after its anchor.
#[derive(Debug, Clone)]
pub struct ProcessStepInfo {
    /// The step's event kind (index into `events`); its name is the step's name.
    pub event: usize,
    pub label: String,
    pub min: i64,
    pub max: i64,
    pub unit: StepUnit,
    pub after: StepAnchor,
    /// `24 to 48 hours after notified`, as the decision shows it.
    pub rule: String,
    pub span: Span,
}

/// What a step's timeframe counts from.
#[derive(Debug, Clone)]
pub enum StepAnchor {
    /// An event kind of the process.
    Event(usize),
    /// A date or timestamp expression (`claim.notified_on`, a let).
    Expr(CExpr),
}

/// The scorecard's thresholds, checked.
#[derive(Debug, Clone)]
pub struct ScorecardRule {
    pub clause: String,
    /// The deadline response times are measured against.
    pub response_deadline: Option<usize>,
    /// In order: the first status whose thresholds all hold applies.
    pub statuses: Vec<(String, Vec<Threshold>)>,
    /// Remedies triggered when their thresholds all hold.
    pub triggers: Vec<(usize, Vec<Threshold>)>,
}

impl CheckedPolicy {
    pub fn remedy_index(&self, name: &str) -> Option<usize> {
        self.remedies.iter().position(|r| r.name == name)
    }

    pub fn input_index(&self, name: &str) -> Option<usize> {
        self.inputs.iter().position(|i| i.name == name)
    }

    pub fn severity_of(&self, code: &str) -> Option<SeverityClass> {
        self.defects.iter().find(|d| d.code == code).map(|d| d.severity)
    }

    pub fn is_exclusion(&self, code: &str) -> bool {
        self.exclusions.iter().any(|e| e.code == code)
    }
}
