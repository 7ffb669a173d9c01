//! Embedded examples: `example "..." { given claim ... expect ... }`, run against the policy.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value as J;

use crate::Policy;
use crate::diagnostics::Span;
use crate::eval::EvalError;
use crate::model::claim::Claim;
use crate::model::decision::{DeadlineStatus, Decision, Disposition};
use crate::syntax::ast::{ClaimSource, ExampleDecl, Expectation, Expr, Name, Node};
use crate::terms::EscalationStatus;
use crate::terms::Measure;
use crate::terms::{LeverKind, LeverState};

/// The outcome of one `example` block of a policy: its claim evaluated and each `expect` checked.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ExampleOutcome {
    /// The example's name as the policy writes it (`example "Zipper failures found" { ... }`).
    pub name: String,
    /// Whether every expectation held (no `mismatches`).
    pub passed: bool,
    /// Each expectation that did not hold, in the order written; also a claim that could not be
    /// loaded or overridden.
    pub mismatches: Vec<Mismatch>,
    /// 1-based line of the example's name in the policy source.
    pub line: usize,
}

/// One expectation of an example that did not hold: what it expected and what the decision said.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Mismatch {
    /// The expectation's source text as written, e.g. `expect recommend replacement`.
    pub expectation: String,
    /// What the expectation asks for, in words, e.g. "replacement" or "error E0304".
    pub expected: String,
    /// What the decision gave instead, with the reason when there is one ("rejected (...)", "error
    /// E0304: ...", "no such deadline").
    pub actual: String,
    /// The clause that decided the actual value, when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// Byte offsets of the expectation in the policy source.
    pub span: Span,
    /// 1-based line of the expectation's start in the policy source.
    pub line: usize,
}

pub(crate) fn run(policy: &Policy, i: usize, base: Option<J>) -> ExampleOutcome {
    let Some(ex) = policy.checked().examples.get(i) else {
        return ExampleOutcome { name: String::new(), passed: false, mismatches: vec![], line: 0 };
    };
    let outcome =
        ExampleOutcome { name: ex.name.node.clone(), passed: true, mismatches: vec![], line: policy.index_line(ex.name.span.start) };
    let mut run = Run { policy, outcome };
    let Some(claim_json) = run.claim(ex, base) else { return run.outcome };
    let result: Result<Decision, EvalError> = Claim::from_value(claim_json).map_err(crate::claim_error).and_then(|c| policy.evaluate(&c));
    for x in &ex.expectations {
        run.expectation(&result, x);
    }
    run.outcome
}

/// One example being run: the policy it belongs to and what it found so far.
struct Run<'a> {
    policy: &'a Policy,
    outcome: ExampleOutcome,
}

impl Run<'_> {
    /// Record that the expectation written at `span` does not hold.
    fn fail(&mut self, span: Span, expected: String, actual: String, clause: Option<String>) {
        self.outcome.passed = false;
        self.outcome.mismatches.push(Mismatch {
            expectation: self.policy.source().get(span.start..span.end).unwrap_or("").to_string(),
            expected,
            actual,
            clause,
            span,
            line: self.policy.index_line(span.start),
        });
    }

    /// The example's claim as JSON, overrides applied; `None` (and a mismatch) when it cannot be
    /// built. A claim in a file is the caller's `base`.
    fn claim(&mut self, ex: &ExampleDecl, base: Option<J>) -> Option<J> {
        let mut claim_json = match (&ex.claim.node, base) {
            (ClaimSource::Inline(v), _) => v.clone(),
            (ClaimSource::File(_), Some(v)) => v,
            (ClaimSource::File(f), None) => {
                self.fail(ex.claim.span, format!("the claim in `{f}`"), "the file was not loaded".to_string(), None);
                return None;
            }
        };
        for o in &ex.overrides {
            if let Err(msg) = crate::model::claim_path::set_path(&mut claim_json, &o.node.0, o.node.1.clone()) {
                self.fail(o.span, format!("override `{}`", o.node.0), msg, None);
                return None;
            }
        }
        Some(claim_json)
    }

    /// Check one expectation. `expect error` expects the evaluation to fail; every other
    /// expectation reads the decision, and fails when there is none.
    fn expectation(&mut self, result: &Result<Decision, EvalError>, x: &Node<Expectation>) {
        let span = x.span;
        let decision = match (result, &x.node) {
            (Err(e), Expectation::Error(code)) => {
                if e.code.as_str() != code.to_ascii_uppercase() {
                    self.fail(span, format!("error {code}"), format!("error {}: {}", e.code, e.message), e.clause.clone());
                }
                return;
            }
            (Ok(_), Expectation::Error(code)) => {
                self.fail(span, format!("error {code}"), "the claim evaluated without error".to_string(), None);
                return;
            }
            (Err(e), _) => {
                self.fail(span, "a decision".to_string(), format!("error {}: {}", e.code, e.message), e.clause.clone());
                return;
            }
            (Ok(d), _) => d,
        };
        match &x.node {
            Expectation::Lot { rejected } => self.lot(decision, *rejected, span),
            Expectation::Eligible(e) => self.eligible(decision, *e, span),
            Expectation::Recommend(r) => self.recommend(decision, r.as_ref(), span),
            Expectation::DeadlineDate { deadline, due } => self.deadline_date(decision, deadline, *due, span),
            Expectation::DeadlineStatus { deadline, status } => self.deadline_status(decision, deadline, *status, span),
            Expectation::Flag { flag, raised } => self.flag(decision, flag, *raised, span),
            Expectation::Report { name, value } => self.report(decision, name, value, span),
            Expectation::Available { remedy, available } => self.available(decision, remedy, *available, span),
            Expectation::Amount { remedy, measure, currency, amount } => self.amount(decision, remedy, *measure, currency, *amount, span),
            Expectation::Capped { remedy, capped } => self.capped(decision, remedy, *capped, span),
            Expectation::Escalation(status) => self.escalation(decision, *status, span),
            Expectation::EscalationOpens(date) => self.escalation_opens(decision, *date, span),
            Expectation::StepAvailable { step, available } => self.step_available(decision, step, *available, span),
            Expectation::StepFee { step, currency, amount } => self.step_fee(decision, step, currency, *amount, span),
            Expectation::Lever { kind, state } => self.lever_state(decision, kind.node, *state, span),
            Expectation::LeverAmount { kind, currency, amount } => self.lever_amount(decision, kind.node, currency, *amount, span),
            Expectation::Step { step, check } => self.step(decision, step, check, span),
            Expectation::Next(step) => {
                let want = step.as_ref().map_or_else(|| "none".to_string(), |s| s.node.clone());
                let actual = decision.timeline.as_ref().and_then(|t| t.next.clone()).unwrap_or_else(|| "none".to_string());
                if want != actual {
                    self.fail(span, format!("next {want}"), format!("next {actual}"), decision.timeline.as_ref().map(|t| t.clause.clone()));
                }
            }
            Expectation::Error(_) => {}
        }
    }

    fn step(&mut self, decision: &Decision, step: &Name, check: &crate::syntax::ast::StepCheck, span: Span) {
        use crate::syntax::ast::StepCheck;
        let want = match check {
            StepCheck::Status(s) => s.keyword().to_string(),
            StepCheck::Due(d) => format!("due {d}"),
            StepCheck::LateBy(by) => format!("late by {by}"),
        };
        let Some(timeline) = &decision.timeline else {
            self.fail(span, want, "no timeline (the claim tracks no events)".to_string(), None);
            return;
        };
        let Some(r) = timeline.steps.iter().find(|s| s.step == step.node) else {
            self.fail(span, want, "no such step".to_string(), Some(timeline.clause.clone()));
            return;
        };
        let actual = match check {
            StepCheck::Status(_) => r.status.keyword().to_string(),
            StepCheck::Due(_) => format!("due {}", r.due_by.clone().unwrap_or_else(|| "unknown (waiting)".to_string())),
            StepCheck::LateBy(_) => match &r.late_by {
                Some(l) => format!("late by {}", l.exact),
                None => r.status.keyword().to_string(),
            },
        };
        if actual != want {
            self.fail(span, want, actual, Some(timeline.clause.clone()));
        }
    }

    fn lot(&mut self, decision: &Decision, rejected: bool, span: Span) {
        let actual = decision.lot.disposition;
        let want = if rejected { Disposition::Rejected } else { Disposition::Accepted };
        if actual != want {
            self.fail(
                span,
                want.keyword().to_string(),
                format!("{} ({})", actual.keyword(), decision.lot.reason),
                decision.lot.clause.clone(),
            );
        }
    }

    fn eligible(&mut self, decision: &Decision, e: bool, span: Span) {
        if decision.eligible != e {
            let why: Vec<String> = decision
                .findings
                .iter()
                .filter(|f| f.kind == crate::model::decision::FindingKind::Ineligible)
                .map(|f| f.message.clone())
                .collect();
            self.fail(span, eligibility(e), format!("{} {}", eligibility(decision.eligible), why.join("; ")).trim().to_string(), None);
        }
    }

    fn recommend(&mut self, decision: &Decision, r: Option<&Name>, span: Span) {
        let want = r.map(|n| n.node.clone());
        if decision.recommendation.remedy != want {
            self.fail(
                span,
                want.unwrap_or_else(|| "none".to_string()),
                format!(
                    "{} ({})",
                    decision.recommendation.remedy.clone().unwrap_or_else(|| "none".to_string()),
                    decision.recommendation.reasons.join("; ")
                ),
                None,
            );
        }
    }

    fn deadline_date(&mut self, decision: &Decision, deadline: &Name, due: NaiveDate, span: Span) {
        match decision.deadlines.iter().find(|d| d.name == deadline.node) {
            Some(d) if d.due == due => {}
            Some(d) => self.fail(span, due.to_string(), format!("{} ({})", d.due, d.rule), Some(d.clause.clone())),
            None => self.fail(span, due.to_string(), "no such deadline".to_string(), None),
        }
    }

    fn deadline_status(&mut self, decision: &Decision, deadline: &Name, status: DeadlineStatus, span: Span) {
        let want = status;
        match decision.deadlines.iter().find(|d| d.name == deadline.node) {
            Some(d) if d.status == want => {}
            Some(d) => {
                self.fail(span, want.keyword().to_string(), format!("{} (due {})", d.status.keyword(), d.due), Some(d.clause.clone()))
            }
            None => self.fail(span, want.keyword().to_string(), "no such deadline".to_string(), None),
        }
    }

    fn flag(&mut self, decision: &Decision, flag: &Name, raised: bool, span: Span) {
        match decision.flags.iter().find(|f| f.name == flag.node) {
            Some(f) if f.raised == raised => {}
            Some(f) => self.fail(
                span,
                raised_text(raised),
                format!("{} ({})", raised_text(f.raised), f.reasons.join("; ")),
                Some(f.clause.clone()),
            ),
            None => self.fail(span, raised_text(raised), "no such flag".to_string(), None),
        }
    }

    fn report(&mut self, decision: &Decision, name: &Name, value: &Node<Expr>, span: Span) {
        // The checker made the value a constant of the let's type; it is shown as the decision
        // shows the let's value, so amounts compare by value (`USD 10` is `10.00`).
        let p = self.policy.checked();
        let ty = p.lets.iter().find(|l| l.name == name.node).map(|l| l.value.ty);
        let want = match expected_value(p, &value.node, ty) {
            Some(v) => crate::eval::reported_text(p, &v),
            None => String::new(),
        };
        match decision.reported.iter().find(|r| r.name == name.node) {
            Some(r) if r.value == want => {}
            Some(r) => self.fail(span, want, r.value.clone(), None),
            None => self.fail(span, want, "not reported".to_string(), None),
        }
    }

    fn available(&mut self, decision: &Decision, remedy: &Name, available: bool, span: Span) {
        match decision.remedies.iter().find(|r| r.name == remedy.node) {
            Some(r) if r.available == available => {}
            Some(r) => {
                let why: Vec<String> = r.reasons.iter().filter(|x| !x.holds).map(|x| x.text.clone()).collect();
                self.fail(
                    span,
                    availability(available),
                    format!("{} ({})", availability(r.available), why.join("; ")),
                    Some(r.clause.clone()),
                )
            }
            None => self.fail(span, availability(available), "no such remedy".to_string(), None),
        }
    }

    fn amount(&mut self, decision: &Decision, remedy: &Name, measure: Measure, currency: &str, amount: Decimal, span: Span) {
        let Some(r) = decision.remedies.iter().find(|r| r.name == remedy.node) else {
            self.fail(span, "a remedy".to_string(), "no such remedy".to_string(), None);
            return;
        };
        let currency_of = self.policy.checked().currency;
        let no_reserve = crate::domain::money::Money::new(Decimal::ZERO, currency_of);
        let actual = match measure {
            Measure::SupplierTotal => &r.supplier_total,
            Measure::BuyerPays => &r.buyer_pays,
            Measure::BuyerNetRecovery => &r.buyer_net_recovery,
            Measure::Reserve => r.reserve.as_ref().unwrap_or(&no_reserve),
        };
        let want = currency_of.format(amount);
        if actual.to_string() != want {
            let lines: Vec<String> = r.lines.iter().map(|l| format!("{} {}", l.label, l.amount)).collect();
            self.fail(span, format!("{currency} {want}"), format!("{currency} {actual} ({})", lines.join(", ")), Some(r.clause.clone()));
        }
    }

    fn step_available(&mut self, decision: &Decision, step: &Name, available: bool, span: Span) {
        let want = if available { "available" } else { "unavailable" };
        match decision.escalation.steps.iter().find(|s| s.name == step.node) {
            // A step without fee or condition is always available.
            Some(s) if s.available.unwrap_or(true) == available => {}
            Some(s) => {
                let got = if s.available.unwrap_or(true) { "available" } else { "unavailable" };
                self.fail(span, want.to_string(), format!("{got} ({})", s.reasons.join("; ")), None)
            }
            None => self.fail(span, want.to_string(), "no such step".to_string(), None),
        }
    }

    fn step_fee(&mut self, decision: &Decision, step: &Name, currency: &str, amount: Decimal, span: Span) {
        let want = self.policy.checked().currency.format(amount);
        match decision.escalation.steps.iter().find(|s| s.name == step.node) {
            Some(s) => match &s.fee {
                Some(f) if f.amount.to_string() == want => {}
                Some(f) => self.fail(span, format!("{currency} {want}"), format!("{currency} {}", f.amount), None),
                None => self.fail(span, format!("{currency} {want}"), "no fee".to_string(), None),
            },
            None => self.fail(span, format!("{currency} {want}"), "no such step".to_string(), None),
        }
    }

    fn lever_state(&mut self, decision: &Decision, kind: LeverKind, state: LeverState, span: Span) {
        let Some(l) = decision.levers.iter().find(|l| l.kind == kind) else {
            self.fail(span, state.keyword().to_string(), "no such lever".to_string(), None);
            return;
        };
        let actual = if l.released {
            LeverState::Released
        } else if l.applies {
            LeverState::InForce
        } else {
            LeverState::NotApplicable
        };
        if actual != state {
            self.fail(
                span,
                state.keyword().to_string(),
                format!("{} ({})", actual.keyword(), l.reasons.join("; ")),
                Some(l.clause.clone()),
            );
        }
    }

    fn lever_amount(&mut self, decision: &Decision, kind: LeverKind, currency: &str, amount: Decimal, span: Span) {
        let want = self.policy.checked().currency.format(amount);
        match decision.levers.iter().find(|l| l.kind == kind) {
            Some(l) => match &l.amount {
                Some(a) if a.to_string() == want => {}
                Some(a) => self.fail(span, format!("{currency} {want}"), format!("{currency} {a}"), Some(l.clause.clone())),
                None => self.fail(span, format!("{currency} {want}"), "no amount".to_string(), Some(l.clause.clone())),
            },
            None => self.fail(span, format!("{currency} {want}"), "no such lever".to_string(), None),
        }
    }

    fn capped(&mut self, decision: &Decision, remedy: &Name, capped: bool, span: Span) {
        match decision.remedies.iter().find(|r| r.name == remedy.node) {
            Some(r) if r.capped == capped => {}
            Some(r) => self.fail(
                span,
                capped_text(capped),
                format!("{} (supplier total {})", capped_text(r.capped), r.supplier_total),
                Some(r.clause.clone()),
            ),
            None => self.fail(span, capped_text(capped), "no such remedy".to_string(), None),
        }
    }

    fn escalation(&mut self, decision: &Decision, status: EscalationStatus, span: Span) {
        let want = status;
        if decision.escalation.status != want {
            self.fail(
                span,
                want.keyword().to_string(),
                decision.escalation.status.keyword().to_string(),
                decision.escalation.trigger.clone(),
            );
        }
    }

    fn escalation_opens(&mut self, decision: &Decision, date: NaiveDate, span: Span) {
        if decision.escalation.opens_on != Some(date) {
            let actual = decision.escalation.opens_on.map(|d| d.to_string()).unwrap_or_else(|| "no opening date".to_string());
            self.fail(
                span,
                date.to_string(),
                format!("{actual} ({})", decision.escalation.status.keyword()),
                decision.escalation.trigger.clone(),
            );
        }
    }
}

fn eligibility(e: bool) -> String {
    if e { "eligible".into() } else { "ineligible".into() }
}

fn availability(a: bool) -> String {
    if a { "available".into() } else { "unavailable".into() }
}

fn capped_text(c: bool) -> String {
    if c { "capped".into() } else { "uncapped".into() }
}

fn raised_text(r: bool) -> String {
    if r { "raised".into() } else { "not raised".into() }
}

/// An expected report value: a literal, a severity or remedy word, or a duration, widened to the
/// let's type (a whole number where a decimal is reported).
fn expected_value(p: &crate::check::CheckedPolicy, e: &Expr, ty: Option<crate::value::Ty>) -> Option<crate::value::Value> {
    use crate::syntax::ast::Literal;
    use crate::value::{SeverityValue, Ty, Value};
    Some(match e {
        Expr::Lit(l) => match l {
            Literal::Money { amount, .. } => Value::Money(*amount),
            Literal::Percent(x) => Value::Percent(*x),
            Literal::Date(d) => Value::Date(*d),
            Literal::Timestamp(t) => Value::Timestamp(*t),
            Literal::Int(i) if ty == Some(Ty::Decimal) => Value::Decimal(Decimal::from(*i)),
            Literal::Int(i) => Value::Int(*i),
            Literal::Decimal(d) => Value::Decimal(*d),
            Literal::Bool(b) => Value::Bool(*b),
            Literal::Text(t) => Value::Text(t.clone()),
        },
        Expr::Path(names) => match names.as_slice() {
            [n] => match n.node.as_str() {
                "none" => Value::Severity(SeverityValue::None),
                "minor" => Value::Severity(SeverityValue::Minor),
                "major" => Value::Severity(SeverityValue::Major),
                "critical" => Value::Severity(SeverityValue::Critical),
                remedy => Value::Remedy(p.remedy_index(remedy)?),
            },
            _ => return None,
        },
        Expr::Duration(n, unit) => match &n.node {
            Expr::Lit(Literal::Int(n)) => Value::Duration(*n, *unit),
            _ => return None,
        },
        _ => return None,
    })
}
