//! Conditions that can never hold (W0206) and remedies whose `when` and `unless` conditions
//! contradict each other (W0208).
//!
//! A condition is read as a conjunction of comparisons of one subject (a claim field, an input, a
//! let, a count, a remedy total ...) with a constant: `worst_severity > critical`, `count crack >=
//! 2`, `not force_majeure`. Each subject ranges over its domain (severities from `none` to
//! `critical`, counts and claim amounts from zero up, booleans); the comparisons on one subject
//! narrow that range, and an empty range is a condition that can never hold. Anything else in a
//! condition (an `or`, arithmetic on the subject) is not read, so the check only says what is
//! certain.

use rust_decimal::Decimal;

use crate::domain::money::Checked;

use crate::check::expr::constant;
use crate::check::policy::Checker;
use crate::check::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{BinaryOp, UnaryOp};
use crate::value::{Ty, Value};

/// A constant as a point on the subject's line: numbers, money and percents as themselves, dates
/// as day numbers, severities and booleans as ranks.
fn point(v: &Value) -> Option<Decimal> {
    Some(match v {
        Value::Int(i) => Decimal::from(*i),
        Value::Decimal(d) | Value::Money(d) | Value::Percent(d) => *d,
        Value::Date(d) => Decimal::from(chrono::Datelike::num_days_from_ce(d)),
        Value::Severity(s) => Decimal::from(match s {
            crate::value::SeverityValue::None => 0u8,
            crate::value::SeverityValue::Minor => 1,
            crate::value::SeverityValue::Major => 2,
            crate::value::SeverityValue::Critical => 3,
        }),
        Value::Bool(b) => Decimal::from(u8::from(*b)),
        _ => return None,
    })
}

/// A range of points: bounds with whether they are included, and points left out.
#[derive(Debug, Clone, Default)]
struct Range {
    lo: Option<(Decimal, bool)>,
    hi: Option<(Decimal, bool)>,
    not: Vec<Decimal>,
}

impl Range {
    /// The values a subject can take whatever the claim.
    fn domain(subject: &CExpr) -> Range {
        let from_zero = Range { lo: Some((Decimal::ZERO, true)), ..Range::default() };
        match (&subject.kind, subject.ty) {
            (_, Ty::Severity) => Range { lo: Some((Decimal::ZERO, true)), hi: Some((Decimal::from(3u8), true)), not: Vec::new() },
            (_, Ty::Bool) => Range { lo: Some((Decimal::ZERO, true)), hi: Some((Decimal::ONE, true)), not: Vec::new() },
            (CKind::Count(_) | CKind::Cost(_), _) => from_zero,
            (
                CKind::Field(
                    Field::AffectedUnits
                    | Field::OrderUnits
                    | Field::OrderUnitPrice
                    | Field::OrderValue
                    | Field::LotSize
                    | Field::SampleSize
                    | Field::EvidencePhotos,
                ),
                _,
            ) => from_zero,
            _ => Range::default(),
        }
    }

    /// Narrow by `subject op c`.
    fn narrow(&mut self, op: BinaryOp, c: Decimal) {
        let raise = |lo: &mut Option<(Decimal, bool)>, b: (Decimal, bool)| {
            if lo.is_none_or(|(x, inc)| b.0 > x || (b.0 == x && inc && !b.1)) {
                *lo = Some(b);
            }
        };
        let lower = |hi: &mut Option<(Decimal, bool)>, b: (Decimal, bool)| {
            if hi.is_none_or(|(x, inc)| b.0 < x || (b.0 == x && inc && !b.1)) {
                *hi = Some(b);
            }
        };
        match op {
            BinaryOp::Gt => raise(&mut self.lo, (c, false)),
            BinaryOp::Ge => raise(&mut self.lo, (c, true)),
            BinaryOp::Lt => lower(&mut self.hi, (c, false)),
            BinaryOp::Le => lower(&mut self.hi, (c, true)),
            BinaryOp::Eq => {
                raise(&mut self.lo, (c, true));
                lower(&mut self.hi, (c, true));
            }
            BinaryOp::Ne => self.not.push(c),
            _ => {}
        }
    }

    /// Whether no value is left. A whole-number subject (a count) between two bounds has no
    /// value when no whole number lies between them.
    fn is_empty(&self, whole: bool) -> bool {
        let (Some((lo, lo_in)), Some((hi, hi_in))) = (self.lo, self.hi) else { return false };
        if whole {
            let first = if lo_in { Some(lo.ceil()) } else { lo.floor().plus(Decimal::ONE) };
            let last = if hi_in { Some(hi.floor()) } else { hi.ceil().minus(Decimal::ONE) };
            let (Some(first), Some(last)) = (first, last) else { return false };
            if first > last {
                return true;
            }
            // Every whole number left is excluded: only worth counting when there are no more of
            // them than exclusions.
            let count = last.minus(first).and_then(|d| d.plus(Decimal::ONE)).unwrap_or(Decimal::MAX);
            if count > Decimal::from(self.not.len()) {
                return false;
            }
            let mut n = first;
            while n <= last {
                if !self.not.contains(&n) {
                    return false;
                }
                let Some(next) = n.plus(Decimal::ONE) else { return false };
                n = next;
            }
            return true;
        }
        lo > hi || (lo == hi && (!lo_in || !hi_in || self.not.contains(&lo)))
    }
}

/// `subject op constant`, with the subject on the left.
struct Atom<'e> {
    subject: &'e CExpr,
    op: BinaryOp,
    value: Decimal,
}

fn flip(op: BinaryOp) -> BinaryOp {
    match op {
        BinaryOp::Lt => BinaryOp::Gt,
        BinaryOp::Le => BinaryOp::Ge,
        BinaryOp::Gt => BinaryOp::Lt,
        BinaryOp::Ge => BinaryOp::Le,
        other => other,
    }
}

fn negate(op: BinaryOp) -> BinaryOp {
    match op {
        BinaryOp::Lt => BinaryOp::Ge,
        BinaryOp::Le => BinaryOp::Gt,
        BinaryOp::Gt => BinaryOp::Le,
        BinaryOp::Ge => BinaryOp::Lt,
        BinaryOp::Eq => BinaryOp::Ne,
        BinaryOp::Ne => BinaryOp::Eq,
        other => other,
    }
}

/// A name the check reads as a subject: something a claim decides, not a computation.
fn is_subject(e: &CExpr) -> bool {
    matches!(
        e.kind,
        CKind::Field(_)
            | CKind::Cost(_)
            | CKind::Input(_)
            | CKind::Let(_)
            | CKind::Count(_)
            | CKind::Met(_)
            | CKind::Missed(_)
            | CKind::Flagged(_)
            | CKind::Present(_)
            | CKind::RemedyTotal(..)
            | CKind::RemedyAvailable(_)
    )
}

fn atom(e: &CExpr) -> Option<Atom<'_>> {
    match &e.kind {
        CKind::Unary(UnaryOp::Not, inner) => {
            let a = atom(inner)?;
            Some(Atom { op: negate(a.op), ..a })
        }
        CKind::Binary(op @ (BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge), l, r) => {
            match (is_subject(l), constant(r), is_subject(r), constant(l)) {
                (true, Some(c), _, _) => Some(Atom { subject: l, op: *op, value: point(&c)? }),
                (_, _, true, Some(c)) => Some(Atom { subject: r, op: flip(*op), value: point(&c)? }),
                _ => None,
            }
        }
        _ if e.ty == Ty::Bool && is_subject(e) => Some(Atom { subject: e, op: BinaryOp::Eq, value: Decimal::ONE }),
        _ => None,
    }
}

/// The conjuncts of a condition (`a and b and c`).
fn conjuncts<'e>(e: &'e CExpr, out: &mut Vec<&'e CExpr>) {
    match &e.kind {
        CKind::Binary(BinaryOp::And, l, r) => {
            conjuncts(l, out);
            conjuncts(r, out);
        }
        CKind::Chain(first, rest) if rest.iter().all(|(op, _)| *op == BinaryOp::And) => {
            conjuncts(first, out);
            for (_, x) in rest {
                conjuncts(x, out);
            }
        }
        _ => out.push(e),
    }
}

/// The atoms of the conditions, all holding at once.
fn atoms<'e>(conditions: &[&'e CExpr]) -> Vec<Atom<'e>> {
    let mut parts = Vec::new();
    for c in conditions {
        conjuncts(c, &mut parts);
    }
    parts.into_iter().filter_map(atom).collect()
}

fn whole(subject: &CExpr) -> bool {
    matches!(subject.ty, Ty::Int | Ty::Severity | Ty::Bool | Ty::Date)
}

/// A subject's identity: its resolved name, e.g. `Field(Sku)`, `Count(Code("crack"))`.
fn key(subject: &CExpr) -> String {
    format!("{:?}", subject.kind)
}

/// The range each subject is narrowed to, subjects in order of first appearance. Looked up by
/// key, so a condition of many comparisons costs time in proportion to its length.
fn ranges<'e>(atoms: &[Atom<'e>]) -> Vec<(&'e CExpr, Range)> {
    let mut out: Vec<(&CExpr, Range)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for a in atoms {
        let i = *index.entry(key(a.subject)).or_insert_with(|| {
            out.push((a.subject, Range::domain(a.subject)));
            out.len().saturating_sub(1)
        });
        if let Some((_, r)) = out.get_mut(i) {
            r.narrow(a.op, a.value);
        }
    }
    out
}

/// Whether the conditions, all together, can never hold.
fn never(conditions: &[&CExpr]) -> bool {
    ranges(&atoms(conditions)).iter().any(|(s, r)| r.is_empty(whole(s)))
}

/// Whether a condition holds for every claim: each of its conjuncts is a comparison whose
/// negation leaves its subject no value (`worst_severity >= none`, `count crack >= 0`).
fn always(condition: &CExpr) -> bool {
    let mut parts = Vec::new();
    conjuncts(condition, &mut parts);
    !parts.is_empty()
        && parts.iter().all(|p| match atom(p) {
            Some(a) => {
                let negated = [Atom { subject: a.subject, op: negate(a.op), value: a.value }];
                ranges(&negated).iter().any(|(s, r)| r.is_empty(whole(s)))
            }
            None => false,
        })
}

impl Checker<'_> {
    /// W0209: an `ineligible` or `unless` condition that holds for every claim, so every claim is
    /// ineligible or the remedy is never available.
    pub(super) fn lint_always_holds(&mut self, condition: &CExpr, what: &str, effect: &str) {
        if condition.ty == Ty::Bool && always(condition) {
            self.diags.push(
                Diagnostic::new(Code::AlwaysHolds, condition.span, format!("{what} holds for every claim"))
                    .with_help(format!("{effect}; it compares within what the value always is (severities are at least `none`, counts and claim amounts at least zero)")),
            );
        }
    }

    /// W0206 for one condition.
    pub(super) fn lint_never_holds(&mut self, condition: &CExpr, what: &str) {
        if condition.ty != Ty::Bool || !never(&[condition]) {
            return;
        }
        let single = atom(condition).is_some();
        self.diags.push(
            Diagnostic::new(Code::NeverHolds, condition.span, format!("{what} can never hold"))
                .with_help(if single {
                    "it compares beyond what the value can be (severities run from `none` to `critical`; counts and claim amounts are never negative)"
                } else {
                    "its parts exclude each other: no value satisfies all of them"
                }),
        );
    }

    /// W0206 for the conditions inside expressions (`if ... then`) and for lets that are
    /// conditions; the clauses' own conditions are linted where they are checked.
    pub(super) fn lint_inner_conditions(&mut self, exprs: &[&CExpr], lets: &[LetInfo]) {
        let mut conditions: Vec<&CExpr> = Vec::new();
        for e in exprs {
            e.visit(&mut |x| {
                if let CKind::If(branches, _) = &x.kind {
                    conditions.extend(branches.iter().map(|(c, _)| c));
                }
            });
        }
        for c in conditions {
            self.lint_never_holds(c, "this `if` condition");
        }
        for l in lets {
            self.lint_never_holds(&l.value, &format!("let `{}`", l.name));
        }
    }

    /// W0208: the remedy's `when` conditions exclude each other, or an `unless` holds whenever they
    /// all hold. Conditions that never hold on their own are W0206, not repeated here.
    pub(super) fn lint_contradicting_remedy(&mut self, name: &crate::syntax::ast::Name, r: &RemedyInfo) {
        if r.when.iter().any(|w| never(&[w])) {
            return;
        }
        let whens: Vec<&CExpr> = r.when.iter().collect();
        if never(&whens) {
            let span = r.when.last().map(|w| w.span).unwrap_or(name.span);
            self.diags.push(
                Diagnostic::new(
                    Code::ContradictingConditions,
                    span,
                    format!("the `when` conditions of remedy `{}` exclude each other", name.node),
                )
                .with_help("no claim satisfies all of them, so the remedy is never available; every `when` must hold"),
            );
            return;
        }
        // The whens' ranges once, by subject key, for every `unless` below.
        let when_ranges: std::collections::HashMap<String, Range> = ranges(&atoms(&whens)).into_iter().map(|(s, r)| (key(s), r)).collect();
        // An `unless` that holds for every claim is W0209, not repeated here.
        for (u, _) in r.unless.iter().filter(|(u, _)| !always(u)) {
            let mut unless_parts = Vec::new();
            conjuncts(u, &mut unless_parts);
            let unless_atoms: Vec<Atom<'_>> = unless_parts.iter().filter_map(|x| atom(x)).collect();
            // Every part of the `unless` must be an atom the `when`s imply: the whens with the
            // part's negation can never hold.
            let implied = !unless_atoms.is_empty()
                && unless_atoms.len() == unless_parts.len()
                && unless_atoms.iter().all(|ua| {
                    let mut r = when_ranges.get(&key(ua.subject)).cloned().unwrap_or_else(|| Range::domain(ua.subject));
                    r.narrow(negate(ua.op), ua.value);
                    r.is_empty(whole(ua.subject))
                });
            if implied {
                self.diags.push(
                    Diagnostic::new(
                        Code::ContradictingConditions,
                        u.span,
                        format!("this `unless` holds whenever the `when` conditions of remedy `{}` do", name.node),
                    )
                    .with_help("the remedy is never available; the `when` and `unless` conditions contradict each other"),
                );
            }
        }
    }
}
