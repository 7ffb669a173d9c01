//! The names a policy's embedded examples refer to: remedies, deadlines, flags, reported lets and
//! error codes must exist, amounts be in the policy's currency. The examples run later
//! (`crate::embedded_tests`).

use crate::check::CKind;
use crate::check::clauses::value_example;
use crate::check::expr::{article, fits};
use crate::check::policy::Checker;
use crate::diagnostics::{Code, Diagnostic};
use crate::domain::money::Currency;
use crate::syntax::ast::*;
use crate::value::{Ty, Value};

impl Checker<'_> {
    pub(super) fn examples(&mut self, currency: Option<Currency>) {
        let decls = self.decls;
        for ex in &decls.examples {
            for x in &ex.expectations {
                self.expectation(x, currency);
            }
            self.example_gives_required_inputs(ex);
        }
    }

    /// `expect report NAME = VALUE`: a constant of the let's type (a whole number where a decimal
    /// is reported), written as the language writes values: `critical`, `refund`, `2 weeks`,
    /// `USD 10.00`; only text is quoted.
    fn expected_report_value(&mut self, i: usize, name: &Name, value: &Node<Expr>) {
        let want = self.scope.let_types.get(i).copied().unwrap_or(Ty::Error);
        let c = self.scope.check(value);
        if c.ty == Ty::Error || want == Ty::Error {
            return;
        }
        let constant = match &c.kind {
            CKind::Const(_) => true,
            CKind::Duration(n, _) => matches!(n.kind, CKind::Const(_)),
            _ => false,
        };
        let mut d = if !constant {
            Diagnostic::new(Code::ReportValue, value.span, format!("the expected value of `{}` must be a constant", name.node))
        } else if !fits(c.ty, want) {
            Diagnostic::new(
                Code::ReportValue,
                value.span,
                format!("`{}` is {}, the expected value is {}", name.node, article(want), article(c.ty)),
            )
        } else {
            return;
        };
        d = d.with_help(match (want, &c.kind) {
            (Ty::Severity | Ty::Remedy | Ty::Bool | Ty::Duration, CKind::Const(Value::Text(t))) => {
                format!("write the value without quotes: `{t}`")
            }
            _ => format!("write {} the way the policy writes one, e.g. {}", article(want), value_example(want)),
        });
        self.diags.push(d);
    }

    /// An inline example claim must give every required input (in its `facts` or by an override),
    /// unless the example expects the claim to fail for it (`expect error E0313`). A claim in a
    /// file is read when the example runs, where a missing input fails it with `E0313`.
    fn example_gives_required_inputs(&mut self, ex: &ExampleDecl) {
        let ClaimSource::Inline(claim) = &ex.claim.node else { return };
        let expects_it =
            ex.expectations.iter().any(|x| matches!(&x.node, Expectation::Error(c) if Code::parse(c) == Some(Code::MissingInput)));
        if expects_it {
            return;
        }
        let decls = self.decls;
        for input in decls.inputs.iter().filter(|i| i.default.is_none()) {
            let name = input.name.node.as_str();
            let in_claim = claim.get("facts").and_then(|f| f.get(name)).is_some();
            let overridden = ex.overrides.iter().any(|o| o.node.0.strip_prefix("facts.") == Some(name));
            if !in_claim && !overridden {
                self.diags.push(
                    Diagnostic::new(
                        Code::ExampleLacksInput,
                        ex.name.span,
                        format!("example {:?} does not give the required input `{name}`", ex.name.node),
                    )
                    .with_help(format!("give it in the claim's `facts`, or override it: `with {{ facts.{name} = ... }}`")),
                );
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
            Expectation::Report { name, value } => match self.decls.lets.iter().position(|l| l.name.node == name.node) {
                Some(i) if self.decls.lets.get(i).is_some_and(|l| l.report) => self.expected_report_value(i, name, value),
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
            Expectation::StepAvailable { step, .. } | Expectation::StepFee { step, .. } => {
                let steps = self.decls.escalates.first().map(|(e, _)| e.steps.as_slice()).unwrap_or(&[]);
                if !steps.iter().any(|s| s.node.name.node == step.node) {
                    self.diags.push(Diagnostic::new(Code::InvalidExample, step.span, format!("unknown escalation step `{}`", step.node)));
                }
                if let (Expectation::StepFee { currency: c, .. }, Some(cur)) = (&x.node, currency)
                    && cur.code() != c
                {
                    self.diags.push(Diagnostic::new(Code::CurrencyMismatch, x.span, format!("`{c}` amount in a `{}` policy", cur.code())));
                }
            }
            Expectation::Lever { kind, .. } | Expectation::LeverAmount { kind, .. } => {
                if !self.decls.levers.iter().any(|(l, _)| l.kind.node == kind.node) {
                    self.diags.push(Diagnostic::new(
                        Code::InvalidExample,
                        kind.span,
                        format!("the policy has no `withhold {}`", kind.node.keyword()),
                    ));
                }
                if let (Expectation::LeverAmount { currency: c, .. }, Some(cur)) = (&x.node, currency)
                    && cur.code() != c
                {
                    self.diags.push(Diagnostic::new(Code::CurrencyMismatch, x.span, format!("`{c}` amount in a `{}` policy", cur.code())));
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
