//! The contract diff: what changes between two versions of a policy, clause by clause and claim by
//! claim. Pure: [`clause_changes`] compares two compiled policies, [`diff_results`] two decisions on
//! one claim, and [`DiffTally`] sums the claims' changes in bounded memory (a top-k, not a sort),
//! so that a caller can stream any number of claims through it; [`diff`] does all three over a
//! list held in memory.
//!
//! Clauses are compared by meaning: each declaration's syntax tree, whose equality ignores layout
//! and comments, keyed by its kind and name. A reformatted or re-commented policy has no changes.
//! Embedded `example` blocks are tests of the policy, not terms of the contract: they are left out.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

use crate::domain::money::{Checked, Currency, Money};
use crate::model::decision::{
    CostLine, DeadlineResult, DeadlineStatus, Disposition, Escalation, EscalationStatus, Finding, FlagResult, LotDecision, Reason,
    Recommendation, RemedyResult, Reported, Window,
};
use crate::syntax::ast::{Decl, Node};
use crate::{Claim, Code, Decision, EvalError, Policy};

// ------------------------------------------------------------------ clauses

/// The kind of a declaration of a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeclKind {
    /// The `policy "..." { ... }` header: title, currency, rounding, calendar, side.
    Policy,
    /// A business-day `calendar`.
    Calendar,
    /// The `defects` catalogue.
    Defects,
    /// The `sampling` rule.
    Sampling,
    /// An `input`.
    Input,
    /// A `let` (or `report let`).
    Let,
    /// A `deadline`.
    Deadline,
    /// A `remedy`.
    Remedy,
    /// A `cap`.
    Cap,
    /// The `recommend` block.
    Recommend,
    /// The `escalate` ladder.
    Escalate,
    /// A `flag`.
    Flag,
    /// The `scorecard`.
    Scorecard,
    /// An `ineligible ... when ... because ...` condition.
    Ineligible,
    /// The `currency risk` clause.
    CurrencyRisk,
    /// A `withhold payment` or `withhold shipments` lever.
    Lever,
    /// The `process` (the claim's lifecycle).
    Process,
    /// The `kinds` block.
    Kinds,
}

impl DeclKind {
    /// The keyword that opens the declaration.
    pub fn keyword(self) -> &'static str {
        match self {
            DeclKind::Policy => "policy",
            DeclKind::Calendar => "calendar",
            DeclKind::Defects => "defects",
            DeclKind::Sampling => "sampling",
            DeclKind::Input => "input",
            DeclKind::Let => "let",
            DeclKind::Deadline => "deadline",
            DeclKind::Remedy => "remedy",
            DeclKind::Cap => "cap",
            DeclKind::Recommend => "recommend",
            DeclKind::Escalate => "escalate",
            DeclKind::Flag => "flag",
            DeclKind::Scorecard => "scorecard",
            DeclKind::Ineligible => "ineligible",
            DeclKind::CurrencyRisk => "currency risk",
            DeclKind::Lever => "withhold",
            DeclKind::Process => "process",
            DeclKind::Kinds => "kinds",
        }
    }
}

/// How a declaration changed between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only the new version has it.
    Added,
    /// Only the old version has it.
    Removed,
    /// Both have it, saying different things.
    Changed,
}

/// A declaration that says something different in the new version.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ClauseChange {
    /// What kind of declaration it is.
    pub kind: DeclKind,
    /// The name it is known by: its declared name (`replacement`, `notice`), a cap's clause, or the
    /// keyword of a declaration a policy has once (`policy`, `defects`, `sampling`, `recommend`,
    /// `escalate`, `scorecard`).
    pub name: String,
    /// The contract clause it cites, as decisions name it ("Q.7 Limitation"); absent for
    /// declarations that cite none (inputs, lets, the catalogue, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// Added, removed or changed.
    pub change: ChangeKind,
    /// The old declaration in the canonical layout, without comments; absent when added.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// The new declaration in the canonical layout, without comments; absent when removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// Where the declaration is in the old version's source; absent when added.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_lines: Option<ClauseLines>,
    /// Where the declaration is in the new version's source; absent when removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_lines: Option<ClauseLines>,
}

/// Where a changed declaration is in one version's source, for an editor to mark it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ClauseLines {
    /// 1-based line the declaration starts on.
    pub line: usize,
    /// 1-based line it ends on.
    pub end_line: usize,
    /// The lines of it (1-based, ascending) whose text the other version's declaration does not
    /// have, compared line by line without indentation (a longest common subsequence); blank and
    /// comment lines are never listed. Every line of an added or removed declaration is listed.
    /// This is text, for the eye: whether the declaration changed is decided by meaning.
    pub changed: Vec<usize>,
}

/// A line only one of two lists has, by its index in that list ([`line_diff`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEdit {
    /// The old list's line at this index is not in the new one.
    Removed(usize),
    /// The new list's line at this index is not in the old one.
    Added(usize),
}

/// The lines of `new` that differ from `old`, in order (a removed line before the added one that
/// replaces it); common lines left out. A longest common subsequence when the lists are small
/// enough for its table (a few hundred lines each way), else everything between the common head
/// and tail.
pub fn line_diff<T: PartialEq>(old: &[T], new: &[T]) -> Vec<LineEdit> {
    const MAX_CELLS: usize = 1 << 18;
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let (old_rest, new_rest) = (old.get(head..).unwrap_or_default(), new.get(head..).unwrap_or_default());
    let tail = old_rest.iter().rev().zip(new_rest.iter().rev()).take_while(|(a, b)| a == b).count();
    let old_mid = old_rest.get(..old_rest.len().saturating_sub(tail)).unwrap_or_default();
    let new_mid = new_rest.get(..new_rest.len().saturating_sub(tail)).unwrap_or_default();
    let (n, m) = (old_mid.len(), new_mid.len());
    let width = m.saturating_add(1);
    if n.saturating_add(1).saturating_mul(width) > MAX_CELLS {
        let removed = (0..n).map(|i| LineEdit::Removed(head.saturating_add(i)));
        return removed.chain((0..m).map(|j| LineEdit::Added(head.saturating_add(j)))).collect();
    }
    // lcs[i * width + j]: the longest common subsequence of old_mid[i..] and new_mid[j..].
    let mut lcs = vec![0u32; n.saturating_add(1).saturating_mul(width)];
    let at = |i: usize, j: usize| i.saturating_mul(width).saturating_add(j);
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let v = if old_mid.get(i) == new_mid.get(j) {
                lcs.get(at(i + 1, j + 1)).copied().unwrap_or(0).saturating_add(1)
            } else {
                lcs.get(at(i + 1, j)).copied().unwrap_or(0).max(lcs.get(at(i, j + 1)).copied().unwrap_or(0))
            };
            if let Some(cell) = lcs.get_mut(at(i, j)) {
                *cell = v;
            }
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n || j < m {
        let (a, b) = (old_mid.get(i), new_mid.get(j));
        if a.is_some() && a == b {
            i += 1;
            j += 1;
        } else if b.is_none() || (a.is_some() && lcs.get(at(i + 1, j)) >= lcs.get(at(i, j + 1))) {
            out.push(LineEdit::Removed(head.saturating_add(i)));
            i += 1;
        } else {
            out.push(LineEdit::Added(head.saturating_add(j)));
            j += 1;
        }
    }
    out
}

/// One version's source and its line starts, for placing its declarations.
struct Placed<'a> {
    source: &'a str,
    index: crate::diagnostics::LineIndex,
}

impl<'a> Placed<'a> {
    fn of(policy: &'a Policy) -> Placed<'a> {
        Placed { source: policy.source(), index: crate::diagnostics::LineIndex::new(policy.source()) }
    }

    /// The declaration's first and last line and its source lines, trimmed.
    fn lines(&self, d: &Node<Decl>) -> (usize, usize, Vec<&'a str>) {
        let line = self.index.position(self.source, d.span.start).line;
        let end_line = self.index.position(self.source, d.span.end.max(d.span.start.saturating_add(1)).saturating_sub(1)).line;
        let text = self.source.get(d.span.start..d.span.end).unwrap_or("");
        (line, end_line.max(line), text.lines().map(str::trim).collect())
    }
}

/// Where `d` is in its source, with the non-blank, non-comment lines `changed` says of their index
/// within the declaration.
fn place(at: &Placed<'_>, d: &Node<Decl>, changed: impl Fn(usize) -> bool) -> ClauseLines {
    let (line, end_line, texts) = at.lines(d);
    let changed = texts
        .iter()
        .enumerate()
        .filter(|(i, t)| !t.is_empty() && !t.starts_with('#') && changed(*i))
        .map(|(i, _)| line.saturating_add(i))
        .collect();
    ClauseLines { line, end_line, changed }
}

/// Both declarations of a changed clause placed in their sources, with the lines that differ.
fn place_both(old: &Placed<'_>, o: &Node<Decl>, new: &Placed<'_>, n: &Node<Decl>) -> (ClauseLines, ClauseLines) {
    let (_, _, old_texts) = old.lines(o);
    let (_, _, new_texts) = new.lines(n);
    let (mut removed, mut added) = (vec![false; old_texts.len()], vec![false; new_texts.len()]);
    for edit in line_diff(&old_texts, &new_texts) {
        let mark = match edit {
            LineEdit::Removed(i) => removed.get_mut(i),
            LineEdit::Added(j) => added.get_mut(j),
        };
        if let Some(m) = mark {
            *m = true;
        }
    }
    let marked = |marks: &[bool], i: usize| marks.get(i).copied().unwrap_or(false);
    (place(old, o, |i| marked(&removed, i)), place(new, n, |j| marked(&added, j)))
}

/// A declaration of a policy with its identity across versions: its kind, its name and, when a
/// policy has several of one kind and name (two caps citing one clause), which one.
struct Declared {
    kind: DeclKind,
    name: String,
    clause: Option<String>,
    /// Kind, name and occurrence in one text: the key it is matched by.
    id: String,
    decl: Node<Decl>,
}

/// Name -> position, for matching items of two versions by name. One map type for every match in
/// this module (each instantiation of a map is kilobytes of the npm package's .wasm).
fn index<'a>(names: &[&'a str]) -> HashMap<&'a str, usize> {
    names.iter().enumerate().map(|(i, n)| (*n, i)).collect()
}

/// The declarations of a compiled policy, keyed, in source order (examples left out).
fn declarations(policy: &Policy) -> Vec<Declared> {
    // The source compiled once already, so it parses again to the same tree; an empty list for a
    // parse that cannot fail keeps this function total.
    let decls = crate::syntax::parse(policy.source()).map(|(ast, _)| ast.decls).unwrap_or_default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(decls.len());
    for d in decls {
        let (kind, name, clause) = match &d.node {
            Decl::Header(_) => (DeclKind::Policy, "policy".to_string(), None),
            Decl::Calendar(c) => (DeclKind::Calendar, c.name.node.clone(), None),
            Decl::Defects(_) => (DeclKind::Defects, "defects".to_string(), None),
            Decl::Sampling(s) => (DeclKind::Sampling, "sampling".to_string(), Some(s.clause.node.clone())),
            Decl::Input(i) => (DeclKind::Input, i.name.node.clone(), None),
            Decl::Let(l) => (DeclKind::Let, l.name.node.clone(), None),
            Decl::Deadline(x) => (DeclKind::Deadline, x.name.node.clone(), Some(x.clause.node.clone())),
            Decl::Remedy(r) => (DeclKind::Remedy, r.name.node.clone(), Some(r.clause.node.clone())),
            Decl::Cap(c) => (DeclKind::Cap, c.clause.node.clone(), Some(c.clause.node.clone())),
            Decl::Recommend(_) => (DeclKind::Recommend, "recommend".to_string(), None),
            Decl::Escalate(_) => (DeclKind::Escalate, "escalate".to_string(), None),
            Decl::Flag(f) => (DeclKind::Flag, f.name.node.clone(), Some(f.clause.node.clone())),
            Decl::Scorecard(s) => (DeclKind::Scorecard, "scorecard".to_string(), Some(s.clause.node.clone())),
            Decl::Ineligible(x) => {
                let clause = x.clause.as_ref().map(|c| c.node.clone());
                (DeclKind::Ineligible, clause.clone().unwrap_or_else(|| x.because.node.clone()), clause)
            }
            Decl::CurrencyRisk(c) => (DeclKind::CurrencyRisk, "currency risk".to_string(), Some(c.clause.node.clone())),
            Decl::Lever(l) => (DeclKind::Lever, l.kind.node.keyword().to_string(), Some(l.clause.node.clone())),
            Decl::Process(x) => (DeclKind::Process, "process".to_string(), Some(x.clause.node.clone())),
            Decl::Kinds(_) => (DeclKind::Kinds, "kinds".to_string(), None),
            Decl::Example(_) => continue,
        };
        let base = format!("{} {name}", kind.keyword());
        let n = seen.entry(base.clone()).or_insert(0);
        let id = format!("{base}\u{0}{n}");
        *n = n.saturating_add(1);
        out.push(Declared { kind, name, clause, id, decl: d });
    }
    out
}

/// The declarations that say something different in `new` than in `old`: changed and added ones in
/// the new version's order, then removed ones in the old version's. Layout and comments are not
/// changes (syntax trees compare without spans, and literals by value: `4.0` is `4.00`).
pub fn clause_changes(old: &Policy, new: &Policy) -> Vec<ClauseChange> {
    let olds = declarations(old);
    let news = declarations(new);
    let old_ids: Vec<&str> = olds.iter().map(|d| d.id.as_str()).collect();
    let new_ids: Vec<&str> = news.iter().map(|d| d.id.as_str()).collect();
    let (by_old, by_new) = (index(&old_ids), index(&new_ids));
    let text = |d: &Node<Decl>, src: &str| crate::syntax::format::declaration(d, src);
    let change = |d: &Declared, change: ChangeKind, old: Option<String>, new: Option<String>| ClauseChange {
        kind: d.kind,
        name: d.name.clone(),
        clause: d.clause.clone(),
        change,
        old,
        new,
        old_lines: None,
        new_lines: None,
    };
    let (old_at, new_at) = (Placed::of(old), Placed::of(new));
    let mut out = Vec::new();
    for d in &news {
        match by_old.get(d.id.as_str()).and_then(|i| olds.get(*i)) {
            Some(o) if o.decl.node == d.decl.node => {}
            Some(o) => {
                let (o_lines, n_lines) = place_both(&old_at, &o.decl, &new_at, &d.decl);
                let mut c = change(d, ChangeKind::Changed, Some(text(&o.decl, old.source())), Some(text(&d.decl, new.source())));
                (c.old_lines, c.new_lines) = (Some(o_lines), Some(n_lines));
                out.push(c);
            }
            None => {
                let mut c = change(d, ChangeKind::Added, None, Some(text(&d.decl, new.source())));
                c.new_lines = Some(place(&new_at, &d.decl, |_| true));
                out.push(c);
            }
        }
    }
    for o in olds.iter().filter(|o| !by_new.contains_key(o.id.as_str())) {
        let mut c = change(o, ChangeKind::Removed, Some(text(&o.decl, old.source())), None);
        c.old_lines = Some(place(&old_at, &o.decl, |_| true));
        out.push(c);
    }
    out
}

// ------------------------------------------------------------------ one decision against another

macro_rules! change_type {
    ($(#[$doc:meta] $name:ident($ty:ty);)*) => {$(
        #[$doc]
        #[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
        pub struct $name {
            /// The value under the old version; absent when the old decision has no such item.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub old: Option<$ty>,
            /// The value under the new version; absent when the new decision has no such item.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub new: Option<$ty>,
        }

        impl $name {
            /// The change, or `None` when both sides are the same.
            fn of(old: Option<$ty>, new: Option<$ty>) -> Option<$name> {
                (old != new).then_some($name { old, new })
            }
        }
    )*};
}

change_type! {
    /// A yes/no that changed (eligibility, a remedy's availability, a flag).
    BoolChange(bool);
    /// A name that changed (the recommended remedy; absent: none recommended) or a reported value.
    TextChange(String);
    /// A date that changed.
    DateChange(NaiveDate);
    /// A deadline's status that changed.
    DeadlineStatusChange(DeadlineStatus);
    /// The lot's disposition that changed.
    DispositionChange(Disposition);
    /// The escalation's status that changed.
    EscalationStatusChange(EscalationStatus);
    /// A remedy's resolution window that changed (absent: the remedy has no `takes`, or no such remedy).
    WindowChange(Window);
}

/// An amount under both versions and the change, exact: `new - old`. A side without the item (a
/// remedy only one version has) counts as zero.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
pub struct AmountChange {
    /// Under the old version.
    #[schemars(with = "String")]
    pub old: Money,
    /// Under the new version.
    #[schemars(with = "String")]
    pub new: Money,
    /// `new - old`: positive when the new version gives more.
    #[schemars(with = "String")]
    pub change: Money,
}

impl AmountChange {
    fn of(old: Decimal, new: Decimal, currency: Currency, what: &str) -> Result<Option<AmountChange>, EvalError> {
        if old == new {
            return Ok(None);
        }
        let change = new.minus(old).ok_or_else(|| {
            EvalError::new(Code::Overflow, format!("the change in {what} from {old} to {new} needs more than 28 significant digits"))
        })?;
        Ok(Some(AmountChange { old: Money::new(old, currency), new: Money::new(new, currency), change: Money::new(change, currency) }))
    }
}

/// What changed in one remedy.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RemedyChange {
    /// The remedy's declared name.
    pub name: String,
    /// Its clause (the new version's when both have it).
    pub clause: String,
    /// Whether the buyer can claim it; absent on a side without the remedy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available: Option<BoolChange>,
    /// Whether a cap bound.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capped: Option<BoolChange>,
    /// What the supplier pays or credits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplier_total: Option<AmountChange>,
    /// What the buyer pays.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer_pays: Option<AmountChange>,
    /// What the buyer comes out with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer_net_recovery: Option<AmountChange>,
    /// The part of the supplier total given as credit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credited: Option<AmountChange>,
    /// When the remedy would be done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<WindowChange>,
}

/// What changed in one deadline.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DeadlineChange {
    /// The deadline's declared name.
    pub name: String,
    /// Its clause (the new version's when both have it).
    pub clause: String,
    /// The due date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<DateChange>,
    /// Met, missed or open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<DeadlineStatusChange>,
}

/// A flag raised under one version and not the other.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FlagChange {
    /// The flag's declared name.
    pub name: String,
    /// Its clause (the new version's when both have it).
    pub clause: String,
    /// Whether it is raised.
    pub raised: BoolChange,
}

/// A reported let whose value changed.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ReportedChange {
    /// The let's declared name.
    pub name: String,
    /// Its value as the decision writes it.
    pub value: TextChange,
}

/// What changed in the decision on one claim between the two versions. Every field is absent (or
/// empty) when that part is the same.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
pub struct DecisionDiff {
    /// Whether the claim is eligible.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligible: Option<BoolChange>,
    /// The recommended remedy (a side is absent when none is recommended).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommended: Option<TextChange>,
    /// The supplier total of the recommended remedy (zero when none is): what the claim is worth
    /// to the buyer from the supplier under each version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommended_supplier_total: Option<AmountChange>,
    /// Remedies whose availability, cap, totals or window changed, in the new version's order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remedies: Vec<RemedyChange>,
    /// Deadlines whose due date or status changed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deadlines: Vec<DeadlineChange>,
    /// Flags raised under one version only.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<FlagChange>,
    /// The lot's disposition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lot: Option<DispositionChange>,
    /// The escalation's status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalation: Option<EscalationStatusChange>,
    /// The day the escalation opens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalation_opens_on: Option<DateChange>,
    /// Reported lets whose value changed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reported: Vec<ReportedChange>,
    /// The clauses whose reasons differ, in the order the new decision names them: a clause a
    /// decision cites (findings, the lot, deadlines, remedy conditions and cost lines, caps, flags),
    /// `recommend` for the recommendation's reasons, `escalate` for the ladder, `let NAME` for a
    /// reported let.
    pub clauses: Vec<String>,
}

impl DecisionDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        *self == DecisionDiff::default()
    }
}

/// Whether two decisions say the same, whatever the policies' titles (a renamed policy changes
/// no decision).
fn same_outcome(a: &Decision, b: &Decision) -> bool {
    a.eligible == b.eligible
        && a.recommendation == b.recommendation
        && a.remedies == b.remedies
        && a.deadlines == b.deadlines
        && a.flags == b.flags
        && a.lot == b.lot
        && a.findings == b.findings
        && a.escalation == b.escalation
        && a.reported == b.reported
        && a.claim_id == b.claim_id
        && a.as_of == b.as_of
        && a.currency == b.currency
}

/// The supplier total of the recommended remedy, zero when none is recommended.
fn recommended_total(d: &Decision) -> Decimal {
    d.recommendation
        .remedy
        .as_deref()
        .and_then(|name| d.remedies.iter().find(|r| r.name == name))
        .map(|r| r.supplier_total.amount())
        .unwrap_or(Decimal::ZERO)
}

/// Items of both decisions matched by name: the new decision's in its order, then the old's that
/// the new one lacks.
fn matched<'a, T>(old: &'a [T], new: &'a [T], name: fn(&T) -> &str) -> Vec<(Option<&'a T>, Option<&'a T>)> {
    let old_names: Vec<&str> = old.iter().map(name).collect();
    let new_names: Vec<&str> = new.iter().map(name).collect();
    let (olds, news) = (index(&old_names), index(&new_names));
    let mut out: Vec<(Option<&T>, Option<&T>)> = new.iter().map(|n| (olds.get(name(n)).and_then(|i| old.get(*i)), Some(n))).collect();
    out.extend(old.iter().filter(|o| !news.contains_key(name(o))).map(|o| (Some(o), None)));
    out
}

fn remedy_change(old: Option<&RemedyResult>, new: Option<&RemedyResult>, currency: Currency) -> Result<Option<RemedyChange>, EvalError> {
    let Some(either) = new.or(old) else { return Ok(None) };
    let amount = |r: Option<&RemedyResult>, f: fn(&RemedyResult) -> Money| r.map(|r| f(r).amount()).unwrap_or(Decimal::ZERO);
    let each = |f: fn(&RemedyResult) -> Money, what: &str| {
        AmountChange::of(amount(old, f), amount(new, f), currency, &format!("`{}` {what}", either.name))
    };
    let change = RemedyChange {
        name: either.name.clone(),
        clause: either.clause.clone(),
        available: BoolChange::of(old.map(|r| r.available), new.map(|r| r.available)),
        capped: BoolChange::of(old.map(|r| r.capped), new.map(|r| r.capped)),
        supplier_total: each(|r| r.supplier_total, "supplier total")?,
        buyer_pays: each(|r| r.buyer_pays, "buyer pays")?,
        buyer_net_recovery: each(|r| r.buyer_net_recovery, "buyer net recovery")?,
        credited: each(|r| r.credited, "credited")?,
        window: WindowChange::of(old.and_then(|r| r.window), new.and_then(|r| r.window)),
    };
    let same = change.available.is_none()
        && change.capped.is_none()
        && change.supplier_total.is_none()
        && change.buyer_pays.is_none()
        && change.buyer_net_recovery.is_none()
        && change.credited.is_none()
        && change.window.is_none();
    Ok((!same).then_some(change))
}

/// What changed between the decisions on one claim under the old and the new version; empty when
/// they say the same. An error only when a change needs more than 28 significant digits.
pub fn diff_decisions(old: &Decision, new: &Decision) -> Result<DecisionDiff, EvalError> {
    if same_outcome(old, new) {
        return Ok(DecisionDiff::default());
    }
    let currency = Currency::from_code(&new.currency)
        .ok_or_else(|| EvalError::new(Code::InvalidClaim, format!("`{}` is not an ISO 4217 currency", new.currency)))?;
    let mut remedies = Vec::new();
    for (o, n) in matched(&old.remedies, &new.remedies, |r| &r.name) {
        remedies.extend(remedy_change(o, n, currency)?);
    }
    let deadlines = matched(&old.deadlines, &new.deadlines, |d| &d.name)
        .into_iter()
        .filter_map(|(o, n)| {
            let either = n.or(o)?;
            let due = DateChange::of(o.map(|d| d.due), n.map(|d| d.due));
            let status = DeadlineStatusChange::of(o.map(|d| d.status), n.map(|d| d.status));
            (due.is_some() || status.is_some()).then(|| DeadlineChange {
                name: either.name.clone(),
                clause: either.clause.clone(),
                due,
                status,
            })
        })
        .collect();
    let flags = matched(&old.flags, &new.flags, |f| &f.name)
        .into_iter()
        .filter_map(|(o, n)| {
            let either = n.or(o)?;
            let raised = BoolChange::of(o.map(|f| f.raised), n.map(|f| f.raised))?;
            Some(FlagChange { name: either.name.clone(), clause: either.clause.clone(), raised })
        })
        .collect();
    let reported = matched(&old.reported, &new.reported, |r| &r.name)
        .into_iter()
        .filter_map(|(o, n)| {
            let either = n.or(o)?;
            let value = TextChange::of(o.map(|r| r.value.clone()), n.map(|r| r.value.clone()))?;
            Some(ReportedChange { name: either.name.clone(), value })
        })
        .collect();
    Ok(DecisionDiff {
        eligible: BoolChange::of(Some(old.eligible), Some(new.eligible)),
        recommended: TextChange::of(old.recommendation.remedy.clone(), new.recommendation.remedy.clone()),
        recommended_supplier_total: AmountChange::of(
            recommended_total(old),
            recommended_total(new),
            currency,
            "the recommended supplier total",
        )?,
        remedies,
        deadlines,
        flags,
        lot: DispositionChange::of(Some(old.lot.disposition), Some(new.lot.disposition)),
        escalation: EscalationStatusChange::of(Some(old.escalation.status), Some(new.escalation.status)),
        escalation_opens_on: DateChange::of(old.escalation.opens_on, new.escalation.opens_on),
        reported,
        clauses: differing_clauses(old, new),
    })
}

/// One thing a decision says that cites a clause, compared as the decision's own values (their
/// `PartialEq`, which `same_outcome` uses too: no text is built).
#[derive(PartialEq)]
enum Said<'a> {
    Finding(&'a Finding),
    Lot(&'a LotDecision),
    Deadline(&'a DeadlineResult),
    /// A remedy's own figures, without its reasons and lines (each cites its own clause).
    Remedy(&'a str, bool, Money, Money, Money, Money, bool, Option<Window>),
    Reason(&'a str, &'a Reason),
    Line(&'a str, &'a CostLine),
    Recommendation(&'a Recommendation),
    Escalation(&'a Escalation),
    Flag(&'a FlagResult),
    Let(&'a Reported),
}

/// What a decision says, grouped by the clause it cites, in the order it cites them.
struct ByClause<'a> {
    said: Vec<(&'a str, Vec<Said<'a>>)>,
    index: HashMap<&'a str, usize>,
}

impl<'a> ByClause<'a> {
    /// `lets`: `let NAME` for each of the decision's reported lets, in order.
    fn of(d: &'a Decision, lets: &'a [String]) -> ByClause<'a> {
        let mut by = ByClause { said: Vec::new(), index: HashMap::new() };
        for f in &d.findings {
            by.say(&f.clause, Said::Finding(f));
        }
        by.say(d.lot.clause.as_deref().unwrap_or("sampling"), Said::Lot(&d.lot));
        for x in &d.deadlines {
            by.say(&x.clause, Said::Deadline(x));
        }
        for r in &d.remedies {
            let head =
                Said::Remedy(&r.name, r.available, r.supplier_total, r.buyer_pays, r.buyer_net_recovery, r.credited, r.capped, r.window);
            by.say(&r.clause, head);
            for reason in &r.reasons {
                by.say(&reason.clause, Said::Reason(&r.name, reason));
            }
            for line in &r.lines {
                by.say(&line.clause, Said::Line(&r.name, line));
            }
        }
        by.say("recommend", Said::Recommendation(&d.recommendation));
        if d.escalation.status != EscalationStatus::None || !d.escalation.steps.is_empty() {
            by.say("escalate", Said::Escalation(&d.escalation));
        }
        for f in &d.flags {
            by.say(&f.clause, Said::Flag(f));
        }
        for (r, clause) in d.reported.iter().zip(lets) {
            by.say(clause, Said::Let(r));
        }
        by
    }

    fn say(&mut self, clause: &'a str, what: Said<'a>) {
        match self.index.get(clause).and_then(|i| self.said.get_mut(*i)) {
            Some((_, said)) => said.push(what),
            None => {
                self.index.insert(clause, self.said.len());
                self.said.push((clause, vec![what]));
            }
        }
    }

    fn get(&self, clause: &str) -> Option<&Vec<Said<'a>>> {
        self.index.get(clause).and_then(|i| self.said.get(*i)).map(|(_, said)| said)
    }
}

/// The clauses whose reasons differ between two decisions, in the new decision's order, then the
/// old's.
fn differing_clauses(old: &Decision, new: &Decision) -> Vec<String> {
    let lets = |d: &Decision| d.reported.iter().map(|r| format!("let {}", r.name)).collect::<Vec<String>>();
    let (old_lets, new_lets) = (lets(old), lets(new));
    let (o, n) = (ByClause::of(old, &old_lets), ByClause::of(new, &new_lets));
    let mut out: Vec<String> = Vec::new();
    for (clause, said) in &n.said {
        if o.get(clause) != Some(said) {
            out.push((*clause).to_string());
        }
    }
    out.extend(o.said.iter().filter(|(clause, _)| n.get(clause).is_none()).map(|(clause, _)| (*clause).to_string()));
    out
}

// ------------------------------------------------------------------ one claim

/// How a claim came out under the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    /// Both versions decide it the same way.
    Unchanged,
    /// The decisions differ, or one version decides it and the other stops with an error.
    Changed,
    /// Neither version decides it: the claim could not be read, or both stop with an error.
    Failed,
}

/// One claim under the two versions.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ClaimDiff {
    /// The file the claim came from, as the caller named it; absent when it names none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The claim's 1-based line in a JSON-lines file, or its position in a list; absent for a
    /// claim file of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The claim's `claim_id`; absent when the claim could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim_id: Option<String>,
    /// Unchanged, changed or failed.
    pub status: ClaimStatus,
    /// Why the old version gave no decision; absent when it gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_error: Option<EvalError>,
    /// Why the new version gave no decision; absent when it gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_error: Option<EvalError>,
    /// What changed, when both versions decided the claim differently.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<DecisionDiff>,
}

impl ClaimDiff {
    /// The same claim from `file`, at `line`.
    pub fn at(mut self, file: Option<String>, line: Option<u64>) -> ClaimDiff {
        self.file = file;
        self.line = line;
        self
    }

    /// A claim that could not be read: failed under both versions with the same error.
    pub fn unreadable(error: EvalError) -> ClaimDiff {
        ClaimDiff {
            file: None,
            line: None,
            claim_id: None,
            status: ClaimStatus::Failed,
            old_error: Some(error.clone()),
            new_error: Some(error),
            changes: None,
        }
    }
}

/// Compare the results of evaluating one claim under the old and the new version.
pub fn diff_results(claim_id: Option<&str>, old: Result<Decision, EvalError>, new: Result<Decision, EvalError>) -> ClaimDiff {
    let id = |d: &Decision| d.claim_id.clone();
    let mut out = ClaimDiff {
        file: None,
        line: None,
        claim_id: claim_id.map(str::to_string),
        status: ClaimStatus::Unchanged,
        old_error: None,
        new_error: None,
        changes: None,
    };
    match (old, new) {
        (Ok(o), Ok(n)) => {
            out.claim_id = Some(id(&n));
            match diff_decisions(&o, &n) {
                Ok(d) if d.is_empty() => {}
                Ok(d) => {
                    out.status = ClaimStatus::Changed;
                    out.changes = Some(d);
                }
                Err(e) => {
                    // A change too large to state exactly: neither side can be compared.
                    out.status = ClaimStatus::Failed;
                    out.old_error = Some(e.clone());
                    out.new_error = Some(e);
                }
            }
        }
        (Ok(o), Err(e)) => {
            out.claim_id = Some(id(&o));
            out.status = ClaimStatus::Changed;
            out.new_error = Some(e);
        }
        (Err(e), Ok(n)) => {
            out.claim_id = Some(id(&n));
            out.status = ClaimStatus::Changed;
            out.old_error = Some(e);
        }
        (Err(a), Err(b)) => {
            out.status = ClaimStatus::Failed;
            out.old_error = Some(a);
            out.new_error = Some(b);
        }
    }
    out
}

/// Evaluate one claim under both versions and compare ([`diff_results`]).
pub fn diff_claim(old: &Policy, new: &Policy, claim: &Claim) -> ClaimDiff {
    diff_results(Some(&claim.claim_id), old.evaluate(claim), new.evaluate(claim))
}

// ------------------------------------------------------------------ the summary

/// How much one remedy's supplier total changed over all claims.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RemedyTotal {
    /// The remedy's declared name.
    pub name: String,
    /// Claims whose supplier total for this remedy changed.
    pub claims: u64,
    /// The sum of the changes, exact; absent only when it needs more than 28 significant digits.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub supplier_change: Option<Money>,
}

/// How many claims moved from one recommended remedy to another.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Transition {
    /// Recommended under the old version; absent: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Recommended under the new version; absent: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// How many claims.
    pub claims: u64,
}

/// How many changed claims a clause's reasons differ in.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ClauseCount {
    /// The clause, as [`DecisionDiff::clauses`] names it.
    pub clause: String,
    /// How many claims.
    pub claims: u64,
}

/// A claim among those whose recommended supplier total changed most.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LargestChange {
    /// The file the claim came from; absent when the caller named none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Its line or position, as in [`ClaimDiff::line`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The claim's `claim_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim_id: Option<String>,
    /// The recommended remedy, when it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommended: Option<TextChange>,
    /// The recommended remedy's supplier total under each version and the change.
    pub supplier_total: AmountChange,
}

/// The changes over all claims.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DiffSummary {
    /// Claims compared (every claim read, failed ones included).
    pub claims: u64,
    /// Claims both versions decide the same way.
    pub unchanged: u64,
    /// Claims decided differently (including those only one version decides).
    pub changed: u64,
    /// Claims neither version decides.
    pub failed: u64,
    /// Of the changed, claims the old version decides and the new one stops on with an error.
    pub now_failing: u64,
    /// Of the changed, claims the new version decides and the old one stopped on.
    pub now_decided: u64,
    /// The change in the recommended remedy's supplier total, summed over the claims both versions
    /// decide; absent only when it needs more than 28 significant digits.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub supplier_change: Option<Money>,
    /// Per remedy whose supplier total changed for some claim, the sum of the changes, by name.
    pub remedies: Vec<RemedyTotal>,
    /// How the recommendation moved, most claims first.
    pub recommendations: Vec<Transition>,
    /// Per clause, how many changed claims it is linked to, most claims first.
    pub clauses: Vec<ClauseCount>,
    /// The claims whose recommended supplier total changed most (by absolute change, then input
    /// order), at most the number asked for.
    pub largest: Vec<LargestChange>,
}

/// A running sum of `changes`: `None` once it no longer fits exactly.
fn accumulate(sum: &mut Option<Decimal>, change: Decimal) {
    *sum = sum.and_then(|s| s.plus(change));
}

/// The position of `key` in `list`, pushing `make()` the first time.
fn slot<T>(keys: &mut HashMap<String, usize>, list: &mut Vec<T>, key: String, make: impl FnOnce() -> T) -> usize {
    if let Some(i) = keys.get(&key) {
        return *i;
    }
    keys.insert(key, list.len());
    list.push(make());
    list.len().saturating_sub(1)
}

/// Sums claims' changes one at a time in memory bounded by the policies (remedies, clauses,
/// recommendation moves) and the `top` largest changes it keeps: a heap of at most `top` claims,
/// not a sort of all of them.
#[derive(Debug)]
pub struct DiffTally {
    currency: Currency,
    top: usize,
    seen: u64,
    claims: u64,
    unchanged: u64,
    changed: u64,
    failed: u64,
    now_failing: u64,
    now_decided: u64,
    supplier_change: Option<Decimal>,
    /// Per remedy: claims and the sum (`None` once it does not fit), found by `keys`.
    remedies: Vec<(String, u64, Option<Decimal>)>,
    transitions: Vec<Transition>,
    clauses: Vec<ClauseCount>,
    /// Where each remedy (`r NAME`), recommendation move (`t FROM TO`) and clause (`c CLAUSE`) is
    /// in its list: one map for all three.
    keys: HashMap<String, usize>,
    /// Min-heap by (absolute change, earliest first): the root is the first to drop.
    largest: BinaryHeap<Reverse<Ranked>>,
}

/// A largest change with its rank: by absolute change, and among equal changes the earlier claim
/// ranks higher.
#[derive(Debug)]
struct Ranked {
    size: Decimal,
    seq: Reverse<u64>,
    entry: LargestChange,
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        (self.size, self.seq) == (other.size, other.seq)
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.size, self.seq).cmp(&(other.size, other.seq))
    }
}

impl DiffTally {
    /// A tally of amounts in the new version's currency, keeping the `top` largest changes.
    pub fn new(new: &Policy, top: usize) -> DiffTally {
        DiffTally {
            currency: new.checked().currency,
            top,
            seen: 0,
            claims: 0,
            unchanged: 0,
            changed: 0,
            failed: 0,
            now_failing: 0,
            now_decided: 0,
            supplier_change: Some(Decimal::ZERO),
            remedies: Vec::new(),
            transitions: Vec::new(),
            clauses: Vec::new(),
            keys: HashMap::new(),
            largest: BinaryHeap::new(),
        }
    }

    /// Count one claim, in input order.
    pub fn add(&mut self, claim: &ClaimDiff) {
        self.seen = self.seen.saturating_add(1);
        self.claims = self.claims.saturating_add(1);
        let count = |n: &mut u64| *n = n.saturating_add(1);
        match claim.status {
            ClaimStatus::Unchanged => count(&mut self.unchanged),
            ClaimStatus::Failed => count(&mut self.failed),
            ClaimStatus::Changed => {
                count(&mut self.changed);
                match (&claim.old_error, &claim.new_error) {
                    (None, Some(_)) => count(&mut self.now_failing),
                    (Some(_), None) => count(&mut self.now_decided),
                    _ => {}
                }
            }
        }
        let Some(d) = &claim.changes else { return };
        for r in &d.remedies {
            if let Some(total) = &r.supplier_total {
                let i = slot(&mut self.keys, &mut self.remedies, format!("r {}", r.name), || (r.name.clone(), 0, Some(Decimal::ZERO)));
                if let Some(entry) = self.remedies.get_mut(i) {
                    entry.1 = entry.1.saturating_add(1);
                    accumulate(&mut entry.2, total.change.amount());
                }
            }
        }
        if let Some(rec) = &d.recommended {
            let name = |n: &Option<String>| n.as_deref().map_or(String::new(), |n| format!("={n}"));
            let key = format!("t {} {}", name(&rec.old), name(&rec.new));
            let i =
                slot(&mut self.keys, &mut self.transitions, key, || Transition { from: rec.old.clone(), to: rec.new.clone(), claims: 0 });
            if let Some(t) = self.transitions.get_mut(i) {
                t.claims = t.claims.saturating_add(1);
            }
        }
        for c in &d.clauses {
            let i = slot(&mut self.keys, &mut self.clauses, format!("c {c}"), || ClauseCount { clause: c.clone(), claims: 0 });
            if let Some(count) = self.clauses.get_mut(i) {
                count.claims = count.claims.saturating_add(1);
            }
        }
        if let Some(total) = d.recommended_supplier_total {
            accumulate(&mut self.supplier_change, total.change.amount());
            self.rank(claim, d, total);
        }
    }

    fn rank(&mut self, claim: &ClaimDiff, d: &DecisionDiff, total: AmountChange) {
        if self.top == 0 {
            return;
        }
        let size = total.change.amount().abs();
        let seq = Reverse(self.seen);
        // Only build the entry when it would stay.
        if self.largest.len() >= self.top && self.largest.peek().is_some_and(|Reverse(low)| (size, seq) <= (low.size, low.seq)) {
            return;
        }
        let entry = LargestChange {
            file: claim.file.clone(),
            line: claim.line,
            claim_id: claim.claim_id.clone(),
            recommended: d.recommended.clone(),
            supplier_total: total,
        };
        self.largest.push(Reverse(Ranked { size, seq, entry }));
        if self.largest.len() > self.top {
            self.largest.pop();
        }
    }

    /// The summary of every claim added.
    pub fn finish(self) -> DiffSummary {
        let money = |d: Option<Decimal>| d.map(|d| Money::new(d, self.currency));
        let mut recommendations = self.transitions;
        crate::sort::sort_by(&mut recommendations, |a, b| b.claims.cmp(&a.claims).then_with(|| (&a.from, &a.to).cmp(&(&b.from, &b.to))));
        let mut clauses = self.clauses;
        crate::sort::sort_by(&mut clauses, |a, b| b.claims.cmp(&a.claims).then_with(|| a.clause.cmp(&b.clause)));
        let mut remedies = self.remedies;
        crate::sort::sort_by(&mut remedies, |a, b| a.0.cmp(&b.0));
        // The heap pops its smallest first (`Reverse`): reversed, the largest change comes first.
        let mut heap = self.largest;
        let mut largest: Vec<LargestChange> = std::iter::from_fn(|| heap.pop()).map(|Reverse(r)| r.entry).collect();
        largest.reverse();
        DiffSummary {
            claims: self.claims,
            unchanged: self.unchanged,
            changed: self.changed,
            failed: self.failed,
            now_failing: self.now_failing,
            now_decided: self.now_decided,
            supplier_change: money(self.supplier_change),
            remedies: remedies.into_iter().map(|(name, claims, sum)| RemedyTotal { name, claims, supplier_change: money(sum) }).collect(),
            recommendations,
            clauses,
            largest,
        }
    }
}

// ------------------------------------------------------------------ the whole report

/// A version of the policy: its title and source hash.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PolicyVersion {
    /// The policy's title, from its header.
    pub title: String,
    /// FNV-1a 64 of its source, hex, as decisions' traces record it.
    pub hash: String,
}

impl PolicyVersion {
    /// The title and hash of `policy`.
    pub fn of(policy: &Policy) -> PolicyVersion {
        PolicyVersion { title: policy.title().to_string(), hash: policy.hash().to_string() }
    }
}

/// The contract diff: the clauses that changed, the claims decided differently (or not at all),
/// and the summary. `recourse diff --json` writes this, streaming the claims.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DiffReport {
    /// The old version.
    pub old: PolicyVersion,
    /// The new version.
    pub new: PolicyVersion,
    /// The declarations that say something different, by meaning ([`clause_changes`]).
    pub clauses: Vec<ClauseChange>,
    /// The claims that changed or failed, in input order; unchanged claims are only counted.
    pub claims: Vec<ClaimDiff>,
    /// The totals over every claim.
    pub summary: DiffSummary,
}

impl DiffReport {
    /// Whether anything changed: a clause, or a decision.
    pub fn changed(&self) -> bool {
        !self.clauses.is_empty() || self.summary.changed > 0
    }
}

/// Compare every claim of `claims` (their positions become [`ClaimDiff::line`], from 1) under the
/// two versions, keeping the `top` largest changes. Holds the changed claims in memory: a caller
/// with many claims streams them through [`diff_claim`] and [`DiffTally`] instead.
pub fn diff(old: &Policy, new: &Policy, claims: impl IntoIterator<Item = Result<Claim, EvalError>>, top: usize) -> DiffReport {
    let numbered = claims.into_iter().enumerate().map(|(i, c)| (u64::try_from(i).unwrap_or(u64::MAX).saturating_add(1), c));
    diff_numbered(old, new, numbered, top)
}

/// The claims of a JSON-lines text, each with its 1-based line, as `recourse batch` and `recourse
/// diff` read a file: blank lines are skipped, and a line that is not a claim is that line's
/// `E0301` error.
pub fn json_lines(text: &str) -> impl Iterator<Item = (u64, Result<Claim, EvalError>)> + '_ {
    text.split('\n').enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(i, l)| {
        let line = u64::try_from(i).unwrap_or(u64::MAX).saturating_add(1);
        (line, Claim::from_json(l.strip_suffix('\r').unwrap_or(l)).map_err(crate::claim_error))
    })
}

/// [`diff`] over a JSON-lines text ([`json_lines`]): each claim's [`ClaimDiff::line`] is its line
/// in the text, as `recourse diff` reports a file.
pub fn diff_json_lines(old: &Policy, new: &Policy, text: &str, top: usize) -> DiffReport {
    diff_numbered(old, new, json_lines(text), top)
}

fn diff_numbered(old: &Policy, new: &Policy, claims: impl Iterator<Item = (u64, Result<Claim, EvalError>)>, top: usize) -> DiffReport {
    let mut tally = DiffTally::new(new, top);
    let mut changed = Vec::new();
    for (line, claim) in claims {
        let line = Some(line);
        let d = match claim {
            Ok(c) => diff_claim(old, new, &c),
            Err(e) => ClaimDiff::unreadable(e),
        }
        .at(None, line);
        tally.add(&d);
        if d.status != ClaimStatus::Unchanged {
            changed.push(d);
        }
    }
    DiffReport {
        old: PolicyVersion::of(old),
        new: PolicyVersion::of(new),
        clauses: clause_changes(old, new),
        claims: changed,
        summary: tally.finish(),
    }
}
