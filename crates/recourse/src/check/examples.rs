//! The names a policy's embedded examples refer to: remedies, deadlines, flags, reported lets and
//! error codes must exist, amounts be in the policy's currency. The examples run later
//! (`crate::embedded_tests`).

use crate::check::policy::Checker;
use crate::diagnostics::{Code, Diagnostic};
use crate::domain::money::Currency;
use crate::syntax::ast::*;

impl Checker<'_> {
    pub(super) fn examples(&mut self, currency: Option<Currency>) {
        let decls = self.decls;
        for ex in &decls.examples {
            for x in &ex.expectations {
                self.expectation(x, currency);
            }
        }
    }

    fn expectation(&mut self, x: &Node<Expectation>, currency: Option<Currency>) {
        match &x.node {
            Expectation::Recommend(Some(r)) | Expectation::Available { remedy: r, .. } | Expectation::Capped { remedy: r, .. } => {
                self.resolve_remedy(r);
            }
            Expectation::Amount { remedy, currency: c, .. } => {
                self.resolve_remedy(remedy);
                if let Some(cur) = currency
                    && cur.code() != c
                {
                    self.diags.push(Diagnostic::new(Code::CurrencyMismatch, x.span, format!("`{c}` amount in a `{}` policy", cur.code())));
                }
            }
            Expectation::DeadlineDate { deadline, .. } | Expectation::DeadlineStatus { deadline, .. } => {
                if !self.scope.deadlines.contains_key(&deadline.node) {
                    self.diags.push(Diagnostic::new(Code::UnknownDeadline, deadline.span, format!("unknown deadline `{}`", deadline.node)));
                }
            }
            Expectation::Flag { flag, .. } => {
                if !self.scope.flags.contains_key(&flag.node) {
                    self.diags.push(Diagnostic::new(Code::UnknownDeadline, flag.span, format!("unknown flag `{}`", flag.node)));
                }
            }
            Expectation::Report { name, .. } => match self.decls.lets.iter().find(|l| l.name.node == name.node) {
                Some(l) if l.report => {}
                Some(_) => self.diags.push(
                    Diagnostic::new(Code::InvalidExample, name.span, format!("let `{}` is not reported", name.node))
                        .with_help("mark it `report let` so the decision carries it"),
                ),
                None => self.diags.push(Diagnostic::new(Code::InvalidExample, name.span, format!("unknown let `{}`", name.node))),
            },
            Expectation::Error(code) => {
                if Code::parse(code).is_none() {
                    self.diags.push(Diagnostic::new(Code::InvalidExample, x.span, format!("unknown error code `{code}`")));
                }
            }
            Expectation::Step { step, .. } | Expectation::Next(Some(step)) => {
                let is_step = self
                    .decls
                    .processes
                    .first()
                    .is_some_and(|(p, _)| p.items.iter().any(|i| matches!(&i.node, ProcessItem::Step(s) if s.name.node == step.node)));
                if !is_step {
                    self.diags.push(
                        Diagnostic::new(Code::InvalidExample, step.span, format!("unknown process step `{}`", step.node))
                            .with_help("name a `step` of the policy's `process` block"),
                    );
                }
            }
            Expectation::Next(None)
            | Expectation::Lot { .. }
            | Expectation::Eligible(_)
            | Expectation::Recommend(None)
            | Expectation::Escalation(_)
            | Expectation::EscalationOpens(_) => {}
        }
    }
}
