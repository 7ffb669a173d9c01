//! Embedded examples: `example "..." { given claim ... expect ... }`, run against the policy.

use serde::Serialize;
use serde_json::Value as J;

use crate::Policy;
use crate::claim::Claim;
use crate::decision::{DeadlineStatus, Decision, Disposition};
use crate::eval::EvalError;
use crate::syntax::ast::{ClaimSource, DeadlineStatusAst, Expectation, Measure, Span};

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ExampleOutcome {
    pub name: String,
    pub passed: bool,
    pub mismatches: Vec<Mismatch>,
    /// Line of the example in the policy.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Mismatch {
    /// The expectation as written.
    pub expectation: String,
    pub expected: String,
    pub actual: String,
    /// The clause that decided the actual value, when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    pub span: Span,
    pub line: usize,
}

pub(crate) fn run(policy: &Policy, i: usize, base: Option<J>) -> ExampleOutcome {
    let src = policy.source();
    let line_of = |s: Span| policy.index_line(s.start);
    let Some(ex) = policy.examples().get(i) else {
        return ExampleOutcome { name: String::new(), passed: false, mismatches: vec![], line: 0 };
    };
    let mut out = ExampleOutcome { name: ex.name.node.clone(), passed: true, mismatches: vec![], line: line_of(ex.name.span) };
    let fail = |out: &mut ExampleOutcome, span: Span, expected: String, actual: String, clause: Option<String>| {
        out.passed = false;
        out.mismatches.push(Mismatch {
            expectation: src.get(span.start..span.end).unwrap_or("").to_string(),
            expected,
            actual,
            clause,
            span,
            line: line_of(span),
        });
    };
    let claim_json = match (&ex.claim.node, base) {
        (ClaimSource::Inline(v), _) => v.clone(),
        (ClaimSource::File(_), Some(v)) => v,
        (ClaimSource::File(f), None) => {
            fail(&mut out, ex.claim.span, format!("the claim in `{f}`"), "the file was not loaded".to_string(), None);
            return out;
        }
    };
    let mut claim_json = claim_json;
    for o in &ex.overrides {
        if let Err(msg) = set_path(&mut claim_json, &o.node.0, o.node.1.clone()) {
            fail(&mut out, o.span, format!("override `{}`", o.node.0), msg, None);
            return out;
        }
    }
    let result: Result<Decision, EvalError> = Claim::from_value(claim_json).map_err(crate::claim_error).and_then(|c| policy.evaluate(&c));
    for x in &ex.expectations {
        let span = x.span;
        let decision = match (&result, &x.node) {
            (Err(e), Expectation::Error(code)) => {
                if e.code.as_str() != code.to_ascii_uppercase() {
                    fail(&mut out, span, format!("error {code}"), format!("error {}: {}", e.code, e.message), e.clause.clone());
                }
                continue;
            }
            (Ok(_), Expectation::Error(code)) => {
                fail(&mut out, span, format!("error {code}"), "the claim evaluated without error".to_string(), None);
                continue;
            }
            (Err(e), _) => {
                fail(&mut out, span, "a decision".to_string(), format!("error {}: {}", e.code, e.message), e.clause.clone());
                continue;
            }
            (Ok(d), _) => d,
        };
        match &x.node {
            Expectation::Lot { rejected } => {
                let actual = decision.lot.disposition;
                let want = if *rejected { Disposition::Rejected } else { Disposition::Accepted };
                if actual != want {
                    fail(
                        &mut out,
                        span,
                        name_of(&want),
                        format!("{} ({})", name_of(&actual), decision.lot.reason),
                        decision.lot.clause.clone(),
                    );
                }
            }
            Expectation::Eligible(e) => {
                if decision.eligible != *e {
                    let why: Vec<String> = decision
                        .findings
                        .iter()
                        .filter(|f| f.kind == crate::decision::FindingKind::Ineligible)
                        .map(|f| f.message.clone())
                        .collect();
                    fail(
                        &mut out,
                        span,
                        eligibility(*e),
                        format!("{} {}", eligibility(decision.eligible), why.join("; ")).trim().to_string(),
                        None,
                    );
                }
            }
            Expectation::Recommend(r) => {
                let want = r.as_ref().map(|n| n.node.clone());
                if decision.recommendation.remedy != want {
                    fail(
                        &mut out,
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
            Expectation::DeadlineDate { deadline, due } => match decision.deadlines.iter().find(|d| d.name == deadline.node) {
                Some(d) if d.due == *due => {}
                Some(d) => fail(&mut out, span, due.to_string(), format!("{} ({})", d.due, d.rule), Some(d.clause.clone())),
                None => fail(&mut out, span, due.to_string(), "no such deadline".to_string(), None),
            },
            Expectation::DeadlineStatus { deadline, status } => {
                let want = match status {
                    DeadlineStatusAst::Met => DeadlineStatus::Met,
                    DeadlineStatusAst::Missed => DeadlineStatus::Missed,
                    DeadlineStatusAst::Open => DeadlineStatus::Open,
                };
                match decision.deadlines.iter().find(|d| d.name == deadline.node) {
                    Some(d) if d.status == want => {}
                    Some(d) => {
                        fail(&mut out, span, name_of(&want), format!("{} (due {})", name_of(&d.status), d.due), Some(d.clause.clone()))
                    }
                    None => fail(&mut out, span, name_of(&want), "no such deadline".to_string(), None),
                }
            }
            Expectation::Flag { flag, raised } => match decision.flags.iter().find(|f| f.name == flag.node) {
                Some(f) if f.raised == *raised => {}
                Some(f) => fail(
                    &mut out,
                    span,
                    raised_text(*raised),
                    format!("{} ({})", raised_text(f.raised), f.reasons.join("; ")),
                    Some(f.clause.clone()),
                ),
                None => fail(&mut out, span, raised_text(*raised), "no such flag".to_string(), None),
            },
            Expectation::Report { name, value } => {
                let want = match &value.node {
                    crate::syntax::ast::Expr::Lit(l) => literal_text(policy, l),
                    _ => String::new(),
                };
                match decision.reported.iter().find(|r| r.name == name.node) {
                    Some(r) if r.value == want => {}
                    Some(r) => fail(&mut out, span, want, r.value.clone(), None),
                    None => fail(&mut out, span, want, "not reported".to_string(), None),
                }
            }
            Expectation::Available { remedy, available } => match decision.remedies.iter().find(|r| r.name == remedy.node) {
                Some(r) if r.available == *available => {}
                Some(r) => {
                    let why: Vec<String> = r.reasons.iter().filter(|x| !x.holds).map(|x| x.text.clone()).collect();
                    fail(
                        &mut out,
                        span,
                        availability(*available),
                        format!("{} ({})", availability(r.available), why.join("; ")),
                        Some(r.clause.clone()),
                    )
                }
                None => fail(&mut out, span, availability(*available), "no such remedy".to_string(), None),
            },
            Expectation::Amount { remedy, measure, currency, amount } => match decision.remedies.iter().find(|r| r.name == remedy.node) {
                Some(r) => {
                    let actual = match measure {
                        Measure::SupplierTotal => &r.supplier_total,
                        Measure::BuyerPays => &r.buyer_pays,
                        Measure::BuyerNetRecovery => &r.buyer_net_recovery,
                    };
                    let want = policy.checked().currency.format(*amount);
                    if actual.to_string() != want {
                        let lines: Vec<String> = r.lines.iter().map(|l| format!("{} {}", l.label, l.amount)).collect();
                        fail(
                            &mut out,
                            span,
                            format!("{currency} {want}"),
                            format!("{currency} {actual} ({})", lines.join(", ")),
                            Some(r.clause.clone()),
                        );
                    }
                }
                None => fail(&mut out, span, "a remedy".to_string(), "no such remedy".to_string(), None),
            },
            Expectation::Capped { remedy, capped } => match decision.remedies.iter().find(|r| r.name == remedy.node) {
                Some(r) if r.capped == *capped => {}
                Some(r) => fail(
                    &mut out,
                    span,
                    capped_text(*capped),
                    format!("{} (supplier total {})", capped_text(r.capped), r.supplier_total),
                    Some(r.clause.clone()),
                ),
                None => fail(&mut out, span, capped_text(*capped), "no such remedy".to_string(), None),
            },
            Expectation::Escalation(status) => {
                use crate::decision::EscalationStatus as S;
                use crate::syntax::ast::EscalationStatusAst as A;
                let want = match status {
                    A::Open => S::Open,
                    A::Pending => S::Pending,
                    A::NotTriggered => S::NotTriggered,
                    A::None => S::None,
                };
                if decision.escalation.status != want {
                    fail(&mut out, span, name_of(&want), name_of(&decision.escalation.status), decision.escalation.trigger.clone());
                }
            }
            Expectation::EscalationOpens(date) => {
                if decision.escalation.opens_on != Some(*date) {
                    let actual = decision.escalation.opens_on.map(|d| d.to_string()).unwrap_or_else(|| "no opening date".to_string());
                    fail(
                        &mut out,
                        span,
                        date.to_string(),
                        format!("{actual} ({})", name_of(&decision.escalation.status)),
                        decision.escalation.trigger.clone(),
                    );
                }
            }
            Expectation::Error(_) => {}
        }
    }
    out
}

fn name_of<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|j| j.as_str().map(|s| s.to_string())).unwrap_or_default()
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

fn literal_text(policy: &Policy, l: &crate::syntax::ast::Literal) -> String {
    use crate::syntax::ast::Literal;
    match l {
        Literal::Money { amount, .. } => policy.checked().currency.format(*amount),
        Literal::Percent(p) => format!("{}%", p.normalize()),
        Literal::Date(d) => d.to_string(),
        Literal::Int(i) => i.to_string(),
        Literal::Decimal(d) => d.normalize().to_string(),
        Literal::Bool(b) => b.to_string(),
        Literal::Text(t) => t.clone(),
    }
}

/// Set `a.b[0].c` in a JSON value, creating objects on the way.
pub fn set_path(root: &mut J, path: &str, value: J) -> Result<(), String> {
    let mut steps: Vec<Result<String, usize>> = Vec::new();
    for part in path.split('.') {
        let (key, rest) = match part.find('[') {
            Some(i) => (part.get(..i).unwrap_or(""), part.get(i..).unwrap_or("")),
            None => (part, ""),
        };
        if !key.is_empty() {
            steps.push(Ok(key.to_string()));
        }
        for idx in rest.split('[').filter(|s| !s.is_empty()) {
            let n: usize = idx.trim_end_matches(']').parse().map_err(|_| format!("`{idx}` is not an index"))?;
            steps.push(Err(n));
        }
    }
    let mut cur = root;
    for step in steps {
        cur = match step {
            Ok(key) => {
                if cur.is_null() {
                    *cur = J::Object(serde_json::Map::new());
                }
                let J::Object(map) = cur else { return Err(format!("`{key}` is inside a value that is not an object")) };
                map.entry(key).or_insert(J::Null)
            }
            Err(n) => {
                let J::Array(items) = cur else { return Err(format!("[{n}] is inside a value that is not a list")) };
                let len = items.len();
                items.get_mut(n).ok_or_else(|| format!("index {n} is beyond the list's {len} items"))?
            }
        };
    }
    *cur = value;
    Ok(())
}
