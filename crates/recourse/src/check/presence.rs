//! W0207: a read of an optional claim field or of an event (`event.NAME`) that no `present(...)`
//! guards. A claim without the field or the event stops the evaluation there (`E0304`); a guard
//! says what the clause does without it.
//!
//! A read is guarded where the condition it sits under says the field is there: the right side
//! of `present(F) and ...`, of `not present(F) or ...`, the `then` of `if present(F)`, and the
//! later branches of `if not present(F) then ...`. `met when` / `met by` are not linted: a date
//! the claim does not give yet leaves the deadline open, by design.

use crate::check::policy::Checker;
use crate::check::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{BinaryOp, Span, UnaryOp};

/// What a read may lack and a `present(...)` can guard: an optional field or an event kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guarded {
    Field(Field),
    /// Event kind `i` of the process; a claim may lack any of them.
    Event(usize),
}

/// The fields a condition says are present when it holds (`present(F)` joined by `and`).
fn present_when_true(e: &CExpr, out: &mut Vec<Guarded>) {
    match &e.kind {
        // Each one once: `known` stays as short as the list of optional fields and events.
        CKind::Present(f) if !out.contains(&Guarded::Field(*f)) => out.push(Guarded::Field(*f)),
        CKind::PresentEvent(i) if !out.contains(&Guarded::Event(*i)) => out.push(Guarded::Event(*i)),
        CKind::Binary(BinaryOp::And, l, r) => {
            present_when_true(l, out);
            present_when_true(r, out);
        }
        CKind::Chain(first, rest) if rest.iter().all(|(op, _)| *op == BinaryOp::And) => {
            present_when_true(first, out);
            for (_, x) in rest {
                present_when_true(x, out);
            }
        }
        CKind::Unary(UnaryOp::Not, inner) => present_when_false(inner, out),
        _ => {}
    }
}

/// The fields a condition says are present when it does not hold (`not present(F)` joined by `or`).
fn present_when_false(e: &CExpr, out: &mut Vec<Guarded>) {
    match &e.kind {
        CKind::Binary(BinaryOp::Or, l, r) => {
            present_when_false(l, out);
            present_when_false(r, out);
        }
        CKind::Chain(first, rest) if rest.iter().all(|(op, _)| *op == BinaryOp::Or) => {
            present_when_false(first, out);
            for (_, x) in rest {
                present_when_false(x, out);
            }
        }
        CKind::Unary(UnaryOp::Not, inner) => present_when_true(inner, out),
        _ => {}
    }
}

/// Push each unguarded read of an optional field; `known` are the fields the context guarantees.
fn unguarded(e: &CExpr, known: &mut Vec<Guarded>, out: &mut Vec<(Guarded, Span)>) {
    match &e.kind {
        CKind::Field(f) if f.is_optional() && !known.contains(&Guarded::Field(*f)) => out.push((Guarded::Field(*f), e.span)),
        CKind::Event(i) if !known.contains(&Guarded::Event(*i)) => out.push((Guarded::Event(*i), e.span)),
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
        CKind::Unary(_, a) | CKind::Duration(a, _) | CKind::DatePart(_, a) => unguarded(a, known, out),
        CKind::SpanBetween { from, to, .. } => {
            unguarded(from, known, out);
            unguarded(to, known, out);
        }
        CKind::Round { arg, .. } => unguarded(arg, known, out),
        CKind::Binary(op, l, r) => {
            unguarded(l, known, out);
            let before = known.len();
            match op {
                BinaryOp::And => present_when_true(l, known),
                BinaryOp::Or => present_when_false(l, known),
                _ => {}
            }
            unguarded(r, known, out);
            known.truncate(before);
        }
        CKind::Chain(first, rest) => {
            let before = known.len();
            unguarded(first, known, out);
            let mut prev = first.as_ref();
            for (op, x) in rest {
                match op {
                    BinaryOp::And => present_when_true(prev, known),
                    BinaryOp::Or => present_when_false(prev, known),
                    _ => {}
                }
                unguarded(x, known, out);
                prev = x;
            }
            known.truncate(before);
        }
        CKind::If(branches, otherwise) => {
            let before = known.len();
            for (c, v) in branches {
                unguarded(c, known, out);
                let here = known.len();
                present_when_true(c, known);
                unguarded(v, known, out);
                known.truncate(here);
                // Later branches run only when this condition did not hold.
                present_when_false(c, known);
            }
            unguarded(otherwise, known, out);
            known.truncate(before);
        }
        CKind::MinMax(_, args) => {
            for a in args {
                unguarded(a, known, out);
            }
        }
        CKind::DaysBetween { from, to, .. } => {
            unguarded(from, known, out);
            unguarded(to, known, out);
        }
    }
}

impl Checker<'_> {
    /// W0207 over every expression a claim's evaluation reads, except `met` rules.
    pub(super) fn lint_unguarded_reads(&mut self, exprs: &[&CExpr]) {
        let mut reads = Vec::new();
        for e in exprs {
            unguarded(e, &mut Vec::new(), &mut reads);
        }
        // Event kinds by index, for the messages.
        let mut event_names: Vec<&str> = vec![""; self.scope.event_types.len()];
        for (name, i) in &self.scope.events {
            if let Some(slot) = event_names.get_mut(*i) {
                *slot = name.as_str();
            }
        }
        let mut diags = Vec::with_capacity(reads.len());
        for (g, span) in reads {
            let (path, claim_path) = match g {
                Guarded::Field(f) => (f.policy_path().to_string(), f.claim_path().to_string()),
                Guarded::Event(i) => {
                    let name = event_names.get(i).copied().unwrap_or_default();
                    (format!("event.{name}"), format!("events[kind={name}]"))
                }
            };
            diags.push(
                Diagnostic::new(Code::UnguardedOptional, span, format!("`{path}` is read without `present({path})`"))
                    .with_help(format!(
                        "a claim without `{claim_path}` stops the evaluation here (E0304); guard it: `present({path}) and ...` or `if present({path}) then ... else ...`"
                    )),
            );
        }
        self.diags.extend(diags);
    }
}
