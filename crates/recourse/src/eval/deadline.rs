//! `deadline` clauses: the due date, whether it was met, and what missing it costs.

use crate::check::{CheckedPolicy, EffectInfo, MetInfo};
use crate::diagnostics::Code;
use crate::model::decision::{DeadlineResult, DeadlineStatus, Finding, FindingKind};
use crate::value::{Value, unit_name};

use super::error::{EvalError, R};
use super::{State, in_clause};

impl State<'_> {
    pub(super) fn deadline(&mut self, i: usize) -> R<DeadlineResult> {
        let Some(info) = self.p.deadlines.get(i) else { return Err(EvalError::new(Code::Internal, "deadline out of range")) };
        let clause = info.clause.clone();
        // One trace step for the due date, reading the length and the start.
        let mut rule = (0i64, crate::terms::TimeUnit::Days, self.claim.as_of);
        let due = self
            .traced(
                info.due_span,
                || format!("deadline {}: due", info.name),
                Some(&clause),
                |st| {
                    let (n, unit) = match st.eval(&info.length)? {
                        Value::Duration(n, unit) => (n, unit),
                        _ => return Err(EvalError::new(Code::Internal, "deadline length is not a duration")),
                    };
                    let after = match st.eval(&info.after)? {
                        Value::Date(d) => d,
                        _ => return Err(EvalError::new(Code::Internal, "deadline start is not a date")),
                    };
                    rule = (n, unit, after);
                    st.shift(after, n, unit).map(Value::Date)
                },
            )
            .map_err(|e| in_clause(e, &clause))?;
        let Value::Date(due) = due else { return Err(EvalError::new(Code::Internal, "due is not a date")) };
        let (n, unit, after) = rule;
        if let Some(slot) = self.dues.get_mut(i) {
            *slot = Some(due);
        }
        self.current_deadline = Some(i);
        self.current_due = Some(due);
        let as_of = self.claim.as_of;
        // Not met (yet): missed once the due date has passed, open until then.
        let unmet = if as_of > due { DeadlineStatus::Missed } else { DeadlineStatus::Open };
        let status = match &info.met {
            None => unmet,
            Some(MetInfo::When(cond)) => {
                match self.traced(cond.span, || format!("deadline {}: met when", info.name), Some(&clause), |st| st.eval(cond)) {
                    Ok(Value::Bool(true)) => DeadlineStatus::Met,
                    Ok(_) => unmet,
                    // An event that has not happened yet is not a failure of the deadline.
                    Err(e) if e.is(Code::MissingField) => unmet,
                    Err(e) => return Err(in_clause(e, &clause)),
                }
            }
            Some(MetInfo::By(date)) => {
                match self.traced(date.span, || format!("deadline {}: met by", info.name), Some(&clause), |st| st.eval(date)) {
                    Ok(Value::Date(d)) if d <= due => DeadlineStatus::Met,
                    Ok(_) => DeadlineStatus::Missed,
                    Err(e) if e.is(Code::MissingField) => unmet,
                    Err(e) => return Err(in_clause(e, &clause)),
                }
            }
        };
        self.current_deadline = None;
        self.current_due = None;
        if let Some(slot) = self.statuses.get_mut(i) {
            *slot = Some(status);
        }
        Ok(DeadlineResult {
            name: info.name.clone(),
            clause,
            due,
            rule: {
                let mut rule = n.to_string();
                rule.push(' ');
                rule.push_str(unit_name(unit, n));
                rule.push_str(" after ");
                crate::domain::calendar::push_iso_date(&mut rule, after);
                rule
            },
            status,
            if_missed: info.if_missed.clone(),
        })
    }
}

/// The effects of the deadlines' outcomes: findings for met eligibility deadlines and for each
/// missed one's effects, whether the claim stays eligible, and why each remedy was lost.
pub(super) fn effects(p: &CheckedPolicy, deadlines: &[DeadlineResult], findings: &mut Vec<Finding>) -> (bool, Vec<Option<String>>) {
    let mut eligible = true;
    let mut lost: Vec<Option<String>> = vec![None; p.remedies.len()];
    for (d, info) in deadlines.iter().zip(&p.deadlines) {
        let guards_eligibility = info.effects.iter().any(|e| matches!(e, EffectInfo::Ineligible(_)));
        if d.status == DeadlineStatus::Met && guards_eligibility {
            findings.push(Finding {
                kind: FindingKind::Info,
                clause: info.clause.clone(),
                message: format!("`{}` met: due {} ({})", info.name, d.due, d.rule),
            });
        }
        if d.status != DeadlineStatus::Missed {
            continue;
        }
        for effect in &info.effects {
            match effect {
                EffectInfo::Ineligible(reason) => {
                    eligible = false;
                    findings.push(Finding { kind: FindingKind::Ineligible, clause: info.clause.clone(), message: reason.clone() });
                }
                EffectInfo::Lost(remedies, reason) => {
                    let names: Vec<String> = remedies.iter().filter_map(|r| p.remedies.get(*r).map(|x| x.name.clone())).collect();
                    for r in remedies {
                        if let Some(slot) = lost.get_mut(*r) {
                            *slot = Some(format!("{} ({})", reason, info.clause));
                        }
                    }
                    findings.push(Finding {
                        kind: FindingKind::RemediesLost,
                        clause: info.clause.clone(),
                        message: format!("{reason}: {} no longer available", names.join(", ")),
                    });
                }
                EffectInfo::Escalate(reason) => findings.push(Finding {
                    kind: FindingKind::Escalation,
                    clause: info.clause.clone(),
                    message: reason.clone().unwrap_or_else(|| format!("`{}` was missed on {}: escalation opens", info.name, d.due)),
                }),
            }
        }
    }
    (eligible, lost)
}
