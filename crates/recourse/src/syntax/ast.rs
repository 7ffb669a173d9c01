//! The abstract syntax tree: what the source says, with a span on every node, before any name is
//! resolved. Nothing here knows about pest.

use chrono::NaiveDate;
use rust_decimal::Decimal;

pub use crate::diagnostics::Span;
pub use crate::terms::{
    BinaryOp, DatePart, DeadlineStatus, EscalationStatus, FeePayer, Func, HistoryKey, InspectionLevel, InspectionState, LeverKind,
    LeverState, Measure, Metric, Payer, RankCriterion, Risk, RoundFunc, RoundingMode, SeverityClass, Side, SpanCount, SpanUnit, StepStatus,
    StepUnit, SwitchingRules, TimeUnit, TypeName, UnaryOp,
};

/// A node with its location. Equality ignores the span, so trees from different layouts of the
/// same policy compare equal (the formatter relies on this).
#[derive(Debug, Clone)]
pub struct Node<T> {
    pub node: T,
    pub span: Span,
}

impl<T: PartialEq> PartialEq for Node<T> {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

impl<T> Node<T> {
    pub fn new(node: T, span: Span) -> Node<T> {
        Node { node, span }
    }
}

pub type Name = Node<String>;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ast {
    pub decls: Vec<Node<Decl>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Decl {
    Header(Header),
    Calendar(CalendarDecl),
    Defects(DefectsDecl),
    Sampling(SamplingDecl),
    Input(InputDecl),
    Let(LetDecl),
    Deadline(DeadlineDecl),
    Remedy(RemedyDecl),
    Cap(CapDecl),
    Recommend(RecommendDecl),
    Escalate(EscalateDecl),
    Flag(FlagDecl),
    Example(ExampleDecl),
    Scorecard(ScorecardDecl),
    Ineligible(IneligibleDecl),
    CurrencyRisk(CurrencyRiskDecl),
    Lever(LeverDecl),
    Process(ProcessDecl),
    Kinds(KindsDecl),
}

/// `kinds { late_delivery "Late delivery" ... }`: what a claim may be about besides a defect.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KindsDecl {
    pub kinds: Vec<Node<(Name, Node<String>)>>,
}

/// `ineligible "clause" when <condition> because "reason"`: a condition that makes the claim
/// ineligible, beside the deadlines whose miss does.
#[derive(Debug, Clone, PartialEq)]
pub struct IneligibleDecl {
    /// The contract clause; without one the decision cites the condition itself.
    pub clause: Option<Node<String>>,
    pub condition: Node<Expr>,
    pub because: Node<String>,
}

/// `withhold payment "P.7 Right of retention" { amount ...  when ...  release when ... }`.
#[derive(Debug, Clone, PartialEq)]
pub struct LeverDecl {
    pub kind: Node<LeverKind>,
    pub clause: Node<String>,
    pub amounts: Vec<Node<Expr>>,
    pub when: Vec<Node<Expr>>,
    pub release: Vec<Node<Expr>>,
}

/// `currency risk supplier "F.4 Exchange rates"`: who bears the exchange-rate risk of claim
/// amounts in another currency, which decides the date of the rate that converts them.
#[derive(Debug, Clone, PartialEq)]
pub struct CurrencyRiskDecl {
    pub bearer: Node<Side>,
    pub clause: Node<String>,
}

/// `process "clause" { event ... step ... }`: the claim's lifecycle.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcessDecl {
    pub clause: Node<String>,
    /// Events and steps in source order.
    pub items: Vec<Node<ProcessItem>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProcessItem {
    Event(EventDecl),
    Step(StepDecl),
}

/// `event approved: date "Buyer approved the replacement"`: an event kind a claim may carry.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDecl {
    pub name: Name,
    /// `: timestamp` or `: date`; a date when not written.
    pub moment: Option<Node<TypeName>>,
    pub description: Node<String>,
}

/// `step acknowledged: timestamp "Acknowledge" within 24 to 48 hours after notified`.
#[derive(Debug, Clone, PartialEq)]
pub struct StepDecl {
    /// The step's name, which is also the kind of the event that marks it done.
    pub name: Name,
    pub moment: Option<Node<TypeName>>,
    pub label: Node<String>,
    pub min: Node<i64>,
    pub max: Node<i64>,
    pub unit: Node<StepUnit>,
    /// An event kind (a bare name) or a date or timestamp expression.
    pub after: Node<Expr>,
}

/// The supplier scorecard's thresholds: statuses and remedies triggered by the figures.
#[derive(Debug, Clone, PartialEq)]
pub struct ScorecardDecl {
    pub clause: Node<String>,
    /// The deadline that response times are measured against.
    pub response_deadline: Option<Name>,
    pub statuses: Vec<Node<(Node<String>, Thresholds)>>,
    pub triggers: Vec<Node<(Name, Thresholds)>>,
}

/// Conditions joined by `and`.
pub type Thresholds = Vec<Node<Threshold>>;

/// `ppm > 5000`, `recovery_rate >= 95%`.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    pub metric: Metric,
    pub op: BinaryOp,
    pub value: Decimal,
    pub percent: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub title: Node<String>,
    pub currency: Option<Name>,
    pub rounding: Option<Node<RoundingMode>>,
    pub calendar: Option<Name>,
    /// `for supplier`: whose side the policy is evaluated for.
    pub side: Option<Node<Side>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CalendarDecl {
    pub name: Name,
    pub description: Option<Node<String>>,
    pub weekend: Vec<Node<chrono::Weekday>>,
    pub holidays: Vec<Node<HolidayDecl>>,
    /// Make-up working days: weekend days that are worked.
    pub workdays: Vec<Node<WorkdayDecl>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkdayDecl {
    pub date: Node<NaiveDate>,
    pub name: Node<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HolidayDecl {
    pub from: Node<NaiveDate>,
    pub to: Option<Node<NaiveDate>>,
    pub name: Node<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SeverityRef {
    Class(SeverityClass),
    Level(i64),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DefectsDecl {
    /// `scale 5 = critical, ...`: the buyer's 0-5 taxonomy onto classes; `None` = not a defect.
    pub scale: Vec<Node<(i64, Option<SeverityClass>)>>,
    pub defects: Vec<Node<DefectDecl>>,
    pub exclusions: Vec<Node<ExclusionDecl>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DefectDecl {
    pub code: Name,
    pub severity: Node<SeverityRef>,
    pub description: Node<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExclusionDecl {
    pub code: Name,
    pub description: Node<String>,
    pub route: Node<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SamplingDecl {
    pub clause: Node<String>,
    pub iso: Option<Node<(InspectionLevel, InspectionState)>>,
    pub aql: Vec<Node<(SeverityClass, Decimal)>>,
    /// `max defect rate critical 0%, major 2.5%` (per class) ...
    pub max_rate: Vec<Node<(SeverityClass, Decimal)>>,
    /// ... or `max defect rate 2.5%` over all defects. Percent numbers (2.5 for 2.5 %).
    pub max_rate_all: Option<Node<Decimal>>,
    /// `switching iso2859-1` / `switching z1.4`: derive the inspection state from the lot history.
    pub switching: Option<Node<SwitchingRules>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InputDecl {
    pub name: Name,
    pub ty: Node<TypeName>,
    /// `None`: the input is required (a claim must give it).
    pub default: Option<Node<Expr>>,
    pub description: Option<Node<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LetDecl {
    pub report: bool,
    pub name: Name,
    pub value: Node<Expr>,
    pub label: Option<Node<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeadlineDecl {
    pub name: Name,
    pub clause: Node<String>,
    /// `due <amount> <unit> after <date>`
    pub due: Option<Node<DueRule>>,
    pub met: Option<Node<MetRule>>,
    pub missed: Vec<Node<MissedEffect>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DueRule {
    /// A duration: `10 days`, `5 business days`, or a duration input.
    pub length: Node<Expr>,
    pub after: Node<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum MetRule {
    /// `met when <condition>`
    When(Node<Expr>),
    /// `met by <date>`: met when the date is known and on or before the due date.
    By(Node<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum MissedEffect {
    Ineligible(Node<String>),
    RemediesLost { remedies: Vec<Name>, reason: Node<String> },
    Escalate(Option<Node<String>>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct RemedyDecl {
    pub name: Name,
    pub clause: Node<String>,
    pub when: Vec<Node<Expr>>,
    pub unless: Vec<Node<UnlessRule>>,
    pub lines: Vec<Node<CostLineDecl>>,
    pub caps: Vec<Node<Expr>>,
    pub takes: Option<Node<TakesRule>>,
    pub risk: Option<Node<Risk>>,
    /// `reserve EXPR as "label"`: contingency reserves, charged to nobody.
    pub reserves: Vec<Node<ReserveDecl>>,
    /// Items in source order, for the formatter.
    pub order: Vec<RemedyItemKind>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemedyItemKind {
    When,
    Unless,
    Line,
    Cap,
    Takes,
    Risk,
    Reserve,
}

/// `reserve 10% of claim_value as "Contingency reserve"`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReserveDecl {
    pub amount: Node<Expr>,
    pub label: Node<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnlessRule {
    pub condition: Node<Expr>,
    pub because: Node<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CostLineDecl {
    pub payer: Payer,
    pub amount: Node<Expr>,
    pub label: Node<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TakesRule {
    pub min: Node<i64>,
    pub max: Node<i64>,
    pub unit: Node<TimeUnit>,
    pub after: Option<Node<Expr>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CapDecl {
    pub clause: Node<String>,
    pub limits: Vec<Node<CapLimit>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CapLimit {
    pub amount: Node<Expr>,
    /// Empty: every remedy.
    pub remedies: Vec<Name>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct RecommendDecl {
    pub rules: Vec<Node<RecommendRule>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RecommendRule {
    Prefer { remedy: Name, when: Option<Node<Expr>> },
    Rank(RankCriterion),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EscalateDecl {
    pub steps: Vec<Node<EscalationStep>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EscalationStep {
    pub name: Name,
    pub forum: Node<String>,
    pub takes: Option<(Node<i64>, Node<i64>, Node<TimeUnit>)>,
    /// `fee EXPR paid by supplier|buyer|shared` (at most one; a second is reported).
    pub fees: Vec<Node<StepFee>>,
    pub when: Vec<Node<Expr>>,
    pub unless: Vec<Node<UnlessRule>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StepFee {
    pub amount: Node<Expr>,
    pub paid_by: Node<FeePayer>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FlagDecl {
    pub name: Name,
    pub clause: Node<String>,
    pub recurrence: Vec<Node<Recurrence>>,
    pub when: Vec<Node<Expr>>,
    pub notify: Vec<Node<String>>,
    /// `switch inspection to tightened`: when raised, the next lot is inspected tightened.
    pub tighten: Option<Node<()>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Recurrence {
    pub at_least: Node<i64>,
    pub same: Vec<HistoryKey>,
    pub same_defect: bool,
    pub within_days: Node<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExampleDecl {
    pub name: Node<String>,
    pub claim: Node<ClaimSource>,
    pub overrides: Vec<Node<(String, serde_json::Value)>>,
    pub expectations: Vec<Node<Expectation>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ClaimSource {
    /// A JSON file, relative to the policy file; the caller loads it (the core does no I/O).
    File(String),
    Inline(serde_json::Value),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expectation {
    Lot {
        rejected: bool,
    },
    Eligible(bool),
    Recommend(Option<Name>),
    DeadlineDate {
        deadline: Name,
        due: NaiveDate,
    },
    DeadlineStatus {
        deadline: Name,
        status: DeadlineStatus,
    },
    Flag {
        flag: Name,
        raised: bool,
    },
    Report {
        name: Name,
        value: Node<Expr>,
    },
    Error(String),
    Available {
        remedy: Name,
        available: bool,
    },
    Capped {
        remedy: Name,
        capped: bool,
    },
    Escalation(EscalationStatus),
    EscalationOpens(NaiveDate),
    Amount {
        remedy: Name,
        measure: Measure,
        currency: String,
        amount: Decimal,
    },
    /// `escalation step NAME available|unavailable`
    StepAvailable {
        step: Name,
        available: bool,
    },
    /// `escalation step NAME fee = MONEY`
    StepFee {
        step: Name,
        currency: String,
        amount: Decimal,
    },
    /// `withhold payment|shipments in_force|released|not_applicable`
    Lever {
        kind: Node<LeverKind>,
        state: LeverState,
    },
    /// `withhold payment = MONEY`
    LeverAmount {
        kind: Node<LeverKind>,
        currency: String,
        amount: Decimal,
    },
    /// `expect step NAME STATUS | due MOMENT | late by "exact"`.
    Step {
        step: Name,
        check: StepCheck,
    },
    /// `expect next NAME` / `expect next none`: the timeline's next step.
    Next(Option<Name>),
}

/// What `expect step` checks.
#[derive(Debug, Clone, PartialEq)]
pub enum StepCheck {
    Status(StepStatus),
    /// The late bound, as the decision writes it (`2026-03-24`, `2026-03-07T16:30+08:00`).
    Due(String),
    /// The exact lateness text (`2 hours 30 minutes`).
    LateBy(String),
}

// ------------------------------------------------------------------ expressions

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Lit(Literal),
    /// `a.b.c`, resolved by the checker.
    Path(Vec<Name>),
    Unary(UnaryOp, Box<Node<Expr>>),
    Binary(BinaryOp, Box<Node<Expr>>, Box<Node<Expr>>),
    /// Three or more operands joined by operators of one precedence level, left to right:
    /// `a + b - c`. Kept flat so a long sum costs no stack depth.
    Chain(Box<Node<Expr>>, Vec<(BinaryOp, Node<Expr>)>),
    /// `if c1 then v1 else if c2 then v2 else v3`: the branches, then the final else.
    If(Vec<(Node<Expr>, Node<Expr>)>, Box<Node<Expr>>),
    Call(Func, Vec<Node<Expr>>),
    Round {
        func: RoundFunc,
        arg: Box<Node<Expr>>,
        places: Option<Node<i64>>,
        mode: Option<RoundingMode>,
    },
    DaysBetween {
        business: bool,
        from: Box<Node<Expr>>,
        to: Box<Node<Expr>>,
    },
    Count(Name),
    Flagged(Name),
    /// `present(claim.sku)`: whether the claim gives an optional field.
    Present(Vec<Name>),
    /// `kind late_delivery`: whether the claim is of that kind.
    Kind(Name),
    Duration(Box<Node<Expr>>, TimeUnit),
    Paren(Box<Node<Expr>>),
    /// `started days between A and B`, `whole hours between A and B`.
    SpanBetween {
        count: SpanCount,
        unit: SpanUnit,
        from: Box<Node<Expr>>,
        to: Box<Node<Expr>>,
    },
    /// `year(d)`, `weekday(t)`, `date(t)`.
    DatePart(DatePart, Box<Node<Expr>>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Money {
        currency: String,
        amount: Decimal,
    },
    Percent(Decimal),
    Date(NaiveDate),
    /// `2026-03-05T16:30+08:00` (a literal that is not a real moment is reported as E0130).
    Timestamp(crate::domain::timestamp::Timestamp),
    Int(i64),
    Decimal(Decimal),
    Bool(bool),
    Text(String),
}
