//! Checked policy + claim -> decision. Reads no clock: "today" is the claim's `as_of`.

mod expr;
mod lot;
pub(crate) mod switching;

use std::collections::HashSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::check::{CheckedPolicy, EffectInfo, MetInfo, NodeRef, PreferTarget};
use crate::claim::Claim;
use crate::decision::*;
use crate::diagnostics::{Code, LineIndex};
use crate::money::Checked;
use crate::syntax::ast::{HistoryKey, Payer, RankCriterion, TimeUnit};
use crate::value::{Ty, Value, unit_name};

pub use expr::EvalError;
use expr::{R, show_value};

/// What the trace needs from the source.
pub(crate) struct Source<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub hash: &'a str,
}

pub(crate) struct State<'a> {
    p: &'a CheckedPolicy,
    claim: &'a Claim,
    order_value: Decimal,
    inputs: Vec<Value>,
    lets: Vec<Option<Value>>,
    dues: Vec<Option<NaiveDate>>,
    statuses: Vec<Option<DeadlineStatus>>,
    flags: Vec<Option<bool>>,
    lot: lot::Counts,
    current_deadline: Option<usize>,
    current_due: Option<NaiveDate>,
    tracing: bool,
    reads: Vec<TraceRead>,
    steps: Vec<TraceStep>,
}

pub(crate) fn evaluate(p: &CheckedPolicy, claim: &Claim, source: &Source<'_>, trace: bool) -> Result<Decision, EvalError> {
    if claim.currency != p.currency.code() {
        return Err(EvalError::new(
            Code::ClaimCurrency,
            format!("the claim is in `{}` but the policy is in `{}`", claim.currency, p.currency.code()),
        )
        .field("currency"));
    }
    let order_value = match claim.order.value {
        Some(v) => v.0,
        None => Decimal::from(claim.order.units.0)
            .times(claim.order.unit_price.0)
            .ok_or_else(|| EvalError::new(Code::Overflow, "order units x unit price overflowed").field("order.value"))?,
    };
    check_dates(claim)?;
    check_quantities(claim)?;
    let inputs = read_facts(p, claim)?;
    let mut counts = lot::count(p, claim)?;
    let (lot_decision, mut findings) = lot::dispose(p, claim, &mut counts)?;
    let mut st = State {
        p,
        claim,
        order_value,
        inputs,
        lets: vec![None; p.lets.len()],
        dues: vec![None; p.deadlines.len()],
        statuses: vec![None; p.deadlines.len()],
        flags: vec![None; p.flags.len()],
        lot: counts,
        current_deadline: None,
        current_due: None,
        tracing: trace,
        reads: Vec::new(),
        steps: Vec::new(),
    };

    // Lets, deadlines and flags in dependency order.
    let mut deadline_results: Vec<Option<DeadlineResult>> = vec![None; p.deadlines.len()];
    let mut flag_results: Vec<Option<FlagResult>> = vec![None; p.flags.len()];
    for node in &p.order {
        match *node {
            NodeRef::Let(i) => {
                let Some(l) = p.lets.get(i) else { continue };
                let v = st
                    .traced(l.value.span, source, format!("let {}", l.name), None, |st| st.eval(&l.value))
                    .map_err(|e| in_clause(e, &format!("let {}", l.name)))?;
                if let Some(slot) = st.lets.get_mut(i) {
                    *slot = Some(v);
                }
            }
            NodeRef::Deadline(i) => {
                let r = st.deadline(i, source)?;
                if let Some(slot) = deadline_results.get_mut(i) {
                    *slot = Some(r);
                }
            }
            NodeRef::Flag(i) => {
                let r = st.flag(i, source)?;
                if let Some(slot) = st.flags.get_mut(i) {
                    *slot = Some(r.raised);
                }
                if let Some(slot) = flag_results.get_mut(i) {
                    *slot = Some(r);
                }
            }
        }
    }
    let deadlines: Vec<DeadlineResult> = deadline_results.into_iter().flatten().collect();

    // Effects of missed deadlines.
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

    let mut remedies = Vec::with_capacity(p.remedies.len());
    let mut sums = Vec::with_capacity(p.remedies.len());
    for (i, _) in p.remedies.iter().enumerate() {
        let lost_reason = lost.get(i).cloned().flatten();
        let (r, s) = st.remedy(i, eligible, lost_reason, source)?;
        remedies.push(r);
        sums.push(s);
    }
    let recommendation = st.recommend(&remedies, &sums, source)?;
    let escalation = st.escalation(&deadlines)?;
    let flags: Vec<FlagResult> = flag_results.into_iter().flatten().collect();
    let mut lot_decision = lot_decision;
    for (f, info) in flags.iter().zip(&p.flags) {
        if f.raised && info.tighten {
            let why = format!("flag `{}` raised ({}): the next lot is inspected tightened", f.name, f.clause);
            if let Some(ins) = lot_decision.inspection.as_mut()
                && matches!(ins.next_state, InspectionStateOut::Normal | InspectionStateOut::Reduced)
            {
                ins.next_state = InspectionStateOut::Tightened;
                ins.next_reason = why.clone();
            }
            findings.push(Finding { kind: FindingKind::Warning, clause: f.clause.clone(), message: why });
        }
    }
    for f in flags.iter().filter(|f| f.raised) {
        findings.push(Finding {
            kind: FindingKind::Warning,
            clause: f.clause.clone(),
            message: if f.notify.is_empty() {
                format!("flag `{}` raised", f.name)
            } else {
                format!("flag `{}` raised: notify {}", f.name, f.notify.join(", "))
            },
        });
    }
    let reported = p
        .lets
        .iter()
        .enumerate()
        .filter(|(_, l)| l.report)
        .filter_map(|(i, l)| {
            let v = st.lets.get(i).cloned().flatten()?;
            Some(Reported { name: l.name.clone(), label: l.label.clone(), value: reported_text(p, &v), ty: v.ty().name().to_string() })
        })
        .collect();
    let trace = trace.then(|| Trace {
        engine: crate::ENGINE_VERSION.to_string(),
        policy_hash: source.hash.to_string(),
        as_of: claim.as_of,
        steps: std::mem::take(&mut st.steps),
    });
    Ok(Decision {
        engine: crate::ENGINE_VERSION.to_string(),
        policy: p.title.clone(),
        claim_id: claim.claim_id.clone(),
        as_of: claim.as_of,
        currency: p.currency.code().to_string(),
        eligible,
        findings,
        lot: lot_decision,
        deadlines,
        remedies,
        recommendation,
        escalation,
        flags,
        reported,
        trace,
    })
}

/// Dates that contradict `as_of` ("today") or each other make every deadline meaningless.
fn check_dates(claim: &Claim) -> R<()> {
    let mut events = vec![("discovered_on", claim.discovered_on), ("notified_on", claim.notified_on)];
    if let Some(d) = claim.supplier_responded_on {
        events.push(("supplier_responded_on", d));
    }
    for (field, date) in events {
        if date > claim.as_of {
            return Err(EvalError::new(Code::DateAfterAsOf, format!("`{field}` ({date}) is after `as_of` ({})", claim.as_of)).field(field));
        }
    }
    if claim.discovered_on < claim.order.delivered_on {
        return Err(EvalError::new(
            Code::DateAfterAsOf,
            format!("`discovered_on` ({}) is before the delivery ({})", claim.discovered_on, claim.order.delivered_on),
        )
        .field("discovered_on"));
    }
    Ok(())
}

/// Amounts and counts that contradict each other or cannot be negative.
fn check_quantities(claim: &Claim) -> R<()> {
    let negative = |a: &crate::claim::Amount| a.0.is_sign_negative() && !a.0.is_zero();
    let refuse = |field: String, what: String| Err(EvalError::new(Code::InvalidQuantity, what).field(field));
    if negative(&claim.order.unit_price) {
        return refuse("order.unit_price".into(), format!("the unit price cannot be negative ({})", claim.order.unit_price));
    }
    if let Some(v) = claim.order.value.as_ref().filter(|v| negative(v)) {
        return refuse("order.value".into(), format!("the order value cannot be negative ({v})"));
    }
    if let Some((name, a)) = claim.costs.iter().find(|(_, a)| negative(a)) {
        return refuse(format!("costs.{name}"), format!("a cost cannot be negative (`{name}` is {a})"));
    }
    if claim.affected_units.0 > claim.order.units.0 {
        return refuse(
            "affected_units".into(),
            format!("{} affected units is more than the {} units ordered", claim.affected_units.0, claim.order.units.0),
        );
    }
    Ok(())
}

fn in_clause(mut e: EvalError, clause: &str) -> EvalError {
    if e.clause.is_none() {
        e.clause = Some(clause.to_string());
    }
    e
}

/// A reported value, exact: money with at least the currency's places, never rounded.
fn reported_text(p: &CheckedPolicy, v: &Value) -> String {
    match v {
        Value::Money(a) => {
            let n = a.normalize();
            crate::money::format_places(n, n.scale().max(p.currency.minor_units()))
        }
        other => show_value(p, other),
    }
}

/// Exact sums behind a remedy's strings, for ranking.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Sums {
    supplier: Decimal,
    buyer: Decimal,
    net: Decimal,
}

fn read_facts(p: &CheckedPolicy, claim: &Claim) -> R<Vec<Value>> {
    let mut values: Vec<Value> = p.inputs.iter().map(|i| i.default.clone()).collect();
    for (key, json) in &claim.facts {
        let Some(i) = p.input_index(key) else {
            let names: Vec<&str> = p.inputs.iter().map(|i| i.name.as_str()).collect();
            return Err(EvalError::new(
                Code::UnknownFact,
                format!(
                    "`{key}` is not an input of this policy (inputs: {})",
                    if names.is_empty() { "none".to_string() } else { names.join(", ") }
                ),
            )
            .field(format!("facts.{key}")));
        };
        let ty = p.inputs.get(i).map(|x| x.ty).unwrap_or(Ty::Error);
        let v = fact_value(p, ty, json)
            .map_err(|msg| EvalError::new(Code::FactType, format!("`{key}` {msg}")).field(format!("facts.{key}")))?;
        if let Some(slot) = values.get_mut(i) {
            *slot = v;
        }
    }
    Ok(values)
}

fn fact_value(p: &CheckedPolicy, ty: Ty, json: &serde_json::Value) -> Result<Value, String> {
    use serde_json::Value as J;
    let decimal = |j: &J| -> Result<Decimal, String> {
        let a: crate::claim::Amount = serde_json::from_value(j.clone()).map_err(|e| e.to_string())?;
        Ok(a.0)
    };
    match (ty, json) {
        (Ty::Money, j) => decimal(j).map(Value::Money).map_err(|e| format!("must be an amount: {e}")),
        (Ty::Decimal, j) => decimal(j).map(Value::Decimal).map_err(|e| format!("must be a decimal: {e}")),
        (Ty::Percent, J::String(s)) => decimal(&J::String(s.trim_end_matches('%').trim().to_string()))
            .map(Value::Percent)
            .map_err(|e| format!("must be a percent such as \"2.5%\": {e}")),
        (Ty::Percent, j) => decimal(j).map(Value::Percent).map_err(|e| format!("must be a percent: {e}")),
        (Ty::Int, J::Number(n)) => n.as_i64().map(Value::Int).ok_or_else(|| "must be a whole number".to_string()),
        (Ty::Bool, J::Bool(b)) => Ok(Value::Bool(*b)),
        (Ty::Date, J::String(s)) => {
            crate::calendar::parse_date(s).map(Value::Date).ok_or_else(|| format!("must be a date YYYY-MM-DD, found `{s}`"))
        }
        (Ty::Text, J::String(s)) => Ok(Value::Text(s.clone())),
        (Ty::Severity, J::String(s)) => match s.as_str() {
            "none" => Ok(Value::Severity(crate::value::SeverityValue::None)),
            "minor" => Ok(Value::Severity(crate::value::SeverityValue::Minor)),
            "major" => Ok(Value::Severity(crate::value::SeverityValue::Major)),
            "critical" => Ok(Value::Severity(crate::value::SeverityValue::Critical)),
            _ => Err(format!("must be `none`, `minor`, `major` or `critical`, found `{s}`")),
        },
        (Ty::Remedy, J::String(s)) => p.remedy_index(s).map(Value::Remedy).ok_or_else(|| {
            let names: Vec<&str> = p.remedies.iter().map(|r| r.name.as_str()).collect();
            format!("must name a remedy of the policy ({}), found `{s}`", names.join(", "))
        }),
        (Ty::Duration, J::String(s)) => parse_duration(s).ok_or_else(|| format!("must be a duration such as \"10 days\", found `{s}`")),
        (ty, other) => Err(format!("must be {}, found `{other}`", crate::check::expr_article(ty))),
    }
}

fn parse_duration(s: &str) -> Option<Value> {
    let mut parts = s.split_whitespace();
    let n: i64 = parts.next()?.parse().ok()?;
    let rest: Vec<&str> = parts.collect();
    let unit = match rest.as_slice() {
        ["day" | "days"] => TimeUnit::Days,
        ["business", "day" | "days"] => TimeUnit::BusinessDays,
        ["week" | "weeks"] => TimeUnit::Weeks,
        ["month" | "months"] => TimeUnit::Months,
        _ => return None,
    };
    Some(Value::Duration(n, unit))
}

impl State<'_> {
    /// Evaluate with the reads recorded as one trace step.
    fn traced<T>(
        &mut self,
        span: crate::syntax::ast::Span,
        source: &Source<'_>,
        what: String,
        clause: Option<&str>,
        f: impl FnOnce(&mut Self) -> R<T>,
    ) -> R<T>
    where
        T: TraceShow,
    {
        if !self.tracing {
            return f(self);
        }
        let saved = std::mem::take(&mut self.reads);
        let out = f(self);
        let mut reads = std::mem::replace(&mut self.reads, saved);
        // A name read twice is listed once.
        let mut seen = std::collections::HashSet::new();
        reads.retain(|r| seen.insert((r.name.clone(), r.value.clone())));
        if let Ok(v) = &out {
            let text = source.text.get(span.start..span.end).unwrap_or("").to_string();
            let line = source.index.position(source.text, span.start).line;
            self.steps.push(TraceStep {
                what,
                clause: clause.map(|c| c.to_string()),
                source: text,
                span,
                line,
                result: v.show(self.p),
                reads,
                rounding: None,
            });
        }
        out
    }

    fn deadline(&mut self, i: usize, source: &Source<'_>) -> R<DeadlineResult> {
        let Some(info) = self.p.deadlines.get(i) else { return Err(EvalError::new(Code::Internal, "deadline out of range")) };
        let clause = info.clause.clone();
        let label = format!("deadline {}", info.name);
        // One trace step for the due date, reading the length and the start.
        let mut rule = (0i64, crate::syntax::ast::TimeUnit::Days, self.claim.as_of);
        let due = self
            .traced(info.due_span, source, format!("{label}: due"), Some(&clause), |st| {
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
            })
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
                match self.traced(cond.span, source, format!("{label}: met when"), Some(&clause), |st| st.eval(cond)) {
                    Ok(Value::Bool(true)) => DeadlineStatus::Met,
                    Ok(_) => unmet,
                    // An event that has not happened yet is not a failure of the deadline.
                    Err(e) if e.is(Code::MissingField) => unmet,
                    Err(e) => return Err(in_clause(e, &clause)),
                }
            }
            Some(MetInfo::By(date)) => {
                match self.traced(date.span, source, format!("{label}: met by"), Some(&clause), |st| st.eval(date)) {
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
        let if_missed = info
            .effects
            .iter()
            .map(|e| match e {
                EffectInfo::Ineligible(r) => format!("claim ineligible: {r}"),
                EffectInfo::Lost(rs, r) => {
                    let names: Vec<String> = rs.iter().filter_map(|x| self.p.remedies.get(*x).map(|y| y.name.clone())).collect();
                    format!("{} lost: {r}", names.join(", "))
                }
                EffectInfo::Escalate(r) => match r {
                    Some(r) => format!("escalation opens: {r}"),
                    None => "escalation opens".to_string(),
                },
            })
            .collect();
        Ok(DeadlineResult {
            name: info.name.clone(),
            clause,
            due,
            rule: format!("{n} {} after {after}", unit_name(unit, n)),
            status,
            if_missed,
        })
    }

    fn flag(&mut self, i: usize, source: &Source<'_>) -> R<FlagResult> {
        let Some(info) = self.p.flags.get(i) else { return Err(EvalError::new(Code::Internal, "flag out of range")) };
        let claim = self.claim;
        let mut raised = true;
        let mut reasons = Vec::new();
        let mut matches = Vec::new();
        let mut keys = Vec::new();
        let found: HashSet<&str> = self.lot.counts.iter().filter(|(_, n)| **n > 0).map(|(c, _)| c.as_str()).collect();
        for r in &info.recurrence {
            // Window: earlier claims opened from `notified_on - N days` to `notified_on`, both inclusive.
            let reference = claim.notified_on;
            let start = crate::calendar::add_days(reference, r.within_days.node.saturating_neg())
                .map_err(expr::date_error)
                .and_then(expr::decision_date)?;
            let hits: Vec<&crate::claim::PastClaim> = claim
                .history
                .iter()
                .filter(|h| h.claim_id != claim.claim_id && h.opened_on >= start && h.opened_on <= reference)
                .filter(|h| {
                    r.same.iter().all(|k| match k {
                        HistoryKey::Sku => h.sku.is_some() && h.sku == claim.sku,
                        HistoryKey::Supplier => h.supplier.is_some() && h.supplier == claim.supplier,
                        HistoryKey::Lot => h.lot.is_some() && h.lot == claim.lot,
                    })
                })
                .filter(|h| !r.same_defect || h.defect.as_deref().map(|d| found.contains(d)).unwrap_or(false))
                .collect();
            let n = u64::try_from(hits.len()).unwrap_or(u64::MAX);
            let need = u64::try_from(r.at_least.node).unwrap_or(u64::MAX);
            let holds = n >= need;
            let mut what: Vec<&str> = r
                .same
                .iter()
                .map(|k| match k {
                    HistoryKey::Sku => "same sku",
                    HistoryKey::Supplier => "same supplier",
                    HistoryKey::Lot => "same lot",
                })
                .collect();
            if r.same_defect {
                what.push("same defect");
            }
            reasons.push(format!(
                "{n} earlier claim(s) with {} opened {start} to {reference} (needs {need}): {}",
                if what.is_empty() { "any key".to_string() } else { what.join(" and ") },
                if holds { "holds" } else { "does not hold" }
            ));
            matches.extend(hits.iter().map(|h| h.claim_id.clone()));
            keys.extend(r.same.iter().copied());
            raised &= holds;
        }
        for w in &info.when {
            let v = self
                .traced(w.span, source, format!("flag {}: when", info.name), Some(&info.clause), |st| st.eval(w))
                .map_err(|e| in_clause(e, &info.clause))?;
            let holds = v == Value::Bool(true);
            reasons.push(format!("`{}`: {}", source.text.get(w.span.start..w.span.end).unwrap_or(""), holds));
            raised &= holds;
        }
        crate::sort::sort_dedup(&mut matches);
        let more_matches =
            matches.len().checked_sub(crate::decision::MAX_FLAG_MATCHES).filter(|n| *n > 0).map(|n| u64::try_from(n).unwrap_or(u64::MAX));
        matches.truncate(crate::decision::MAX_FLAG_MATCHES);
        Ok(FlagResult {
            name: info.name.clone(),
            clause: info.clause.clone(),
            raised,
            notify: info.notify.clone(),
            reasons,
            matches,
            more_matches,
            keys,
        })
    }

    fn remedy(&mut self, i: usize, eligible: bool, lost: Option<String>, source: &Source<'_>) -> R<(RemedyResult, Sums)> {
        let p = self.p;
        let Some(info) = p.remedies.get(i) else { return Err(EvalError::new(Code::Internal, "remedy out of range")) };
        let clause = info.clause.clone();
        let label = format!("remedy {}", info.name);
        let mut reasons = Vec::new();
        let mut available = true;
        if !eligible {
            available = false;
            reasons.push(Reason { clause: clause.clone(), text: "the claim is ineligible".to_string(), holds: false });
        }
        if let Some(l) = lost {
            available = false;
            reasons.push(Reason { clause: clause.clone(), text: format!("lost: {l}"), holds: false });
        }
        for w in &info.when {
            let v =
                self.traced(w.span, source, format!("{label}: when"), Some(&clause), |st| st.eval(w)).map_err(|e| in_clause(e, &clause))?;
            let holds = v == Value::Bool(true);
            available &= holds;
            reasons.push(Reason {
                clause: clause.clone(),
                text: format!("when {}: {}", source.text.get(w.span.start..w.span.end).unwrap_or(""), if holds { "yes" } else { "no" }),
                holds,
            });
        }
        for (u, because) in &info.unless {
            let v = self
                .traced(u.span, source, format!("{label}: unless"), Some(&clause), |st| st.eval(u))
                .map_err(|e| in_clause(e, &clause))?;
            let applies = v == Value::Bool(true);
            if applies {
                available = false;
                reasons.push(Reason { clause: clause.clone(), text: because.clone(), holds: false });
            } else {
                reasons.push(Reason {
                    clause: clause.clone(),
                    text: format!("unless {}: no", source.text.get(u.span.start..u.span.end).unwrap_or("")),
                    holds: true,
                });
            }
        }
        let currency = p.currency;
        let mut lines = Vec::new();
        let mut supplier = Decimal::ZERO;
        let mut credited = Decimal::ZERO;
        let mut buyer = Decimal::ZERO;
        let add = |a: Decimal, b: Decimal| {
            a.plus(b).ok_or_else(|| EvalError::new(Code::Overflow, "a total needs more than 28 significant digits"))
        };
        for line in &info.lines {
            let v = self
                .traced(line.amount.span, source, format!("{label}: {}", line.label), Some(&clause), |st| st.eval(&line.amount))
                .map_err(|e| in_clause(e, &clause))?;
            let Value::Money(exact) = v else { return Err(EvalError::new(Code::Internal, "a cost line is not money")) };
            let rounded = currency.round(exact, p.rounding);
            if self.tracing
                && rounded != exact
                && let Some(step) = self.steps.last_mut()
            {
                step.rounding = Some(format!("{} rounded {} to {}", exact, rule_name(p.rounding), currency.format(rounded)));
            }
            let (payer, kind) = PayerOut::from_payer(line.payer);
            match line.payer {
                Payer::SupplierPays => supplier = add(supplier, rounded)?,
                Payer::SupplierCredits => {
                    supplier = add(supplier, rounded)?;
                    credited = add(credited, rounded)?;
                }
                Payer::BuyerPays => buyer = add(buyer, rounded)?,
            }
            lines.push(CostLine { label: line.label.clone(), payer, kind, amount: currency.format(rounded), clause: clause.clone() });
        }
        // Caps: the remedy's own `at most`, then the policy's caps that apply to it.
        let mut limit: Option<(Decimal, String)> = None;
        for c in &info.caps {
            let v = self
                .traced(c.span, source, format!("{label}: at most"), Some(&clause), |st| st.eval(c))
                .map_err(|e| in_clause(e, &clause))?;
            if let Value::Money(a) = v {
                let a = non_negative_cap(currency.round(a, p.rounding), currency, &clause)?;
                if limit.as_ref().map(|(l, _)| a < *l).unwrap_or(true) {
                    limit = Some((a, clause.clone()));
                }
            }
        }
        for cap in p.caps.iter().filter(|c| c.remedies.is_empty() || c.remedies.contains(&i)) {
            let v = self
                .traced(cap.amount.span, source, format!("cap {}", cap.clause), Some(&cap.clause), |st| st.eval(&cap.amount))
                .map_err(|e| in_clause(e, &cap.clause))?;
            if let Value::Money(a) = v {
                let a = non_negative_cap(currency.round(a, p.rounding), currency, &cap.clause)?;
                if limit.as_ref().map(|(l, _)| a < *l).unwrap_or(true) {
                    limit = Some((a, cap.clause.clone()));
                }
            }
        }
        let mut capped = false;
        if let Some((l, cap_clause)) = limit
            && supplier > l
        {
            let cut = l.minus(supplier).ok_or_else(|| EvalError::new(Code::Overflow, "a cap needs more than 28 significant digits"))?;
            lines.push(CostLine {
                label: format!("Cap: supplier total at most {}", currency.format(l)),
                payer: PayerOut::Supplier,
                kind: LineKind::Cap,
                amount: currency.format(cut),
                clause: cap_clause.clone(),
            });
            supplier = l;
            credited = credited.min(supplier.max(Decimal::ZERO));
            capped = true;
            reasons.push(Reason { clause: cap_clause, text: format!("capped at {}", currency.format(l)), holds: true });
        }
        let net = supplier.minus(buyer).ok_or_else(|| EvalError::new(Code::Overflow, "a total needs more than 28 significant digits"))?;
        let window = match &info.takes {
            Some(t) => {
                let start = match &t.after {
                    Some(a) => match self.eval(a).map_err(|e| in_clause(e, &clause))? {
                        Value::Date(d) => d,
                        _ => return Err(EvalError::new(Code::Internal, "takes start is not a date")),
                    },
                    None => self.claim.as_of,
                };
                let from = self.shift(start, t.min, t.unit).map_err(|e| in_clause(e, &clause))?;
                let to = self.shift(start, t.max, t.unit).map_err(|e| in_clause(e, &clause))?;
                Some(Window { from, to })
            }
            None => None,
        };
        Ok((
            RemedyResult {
                name: info.name.clone(),
                clause,
                available,
                reasons,
                lines,
                supplier_total: currency.format(supplier),
                buyer_pays: currency.format(buyer),
                buyer_net_recovery: currency.format(net),
                credited: currency.format(credited),
                capped,
                window,
                risk: info.risk,
            },
            Sums { supplier, buyer, net },
        ))
    }

    fn recommend(&mut self, remedies: &[RemedyResult], sums: &[Sums], source: &Source<'_>) -> R<Recommendation> {
        let p = self.p;
        let mut reasons = Vec::new();
        let ranking = p.ranking.clone();
        let available: Vec<usize> = remedies.iter().enumerate().filter(|(_, r)| r.available).map(|(i, _)| i).collect();
        if available.is_empty() {
            reasons.push("no remedy is available".to_string());
            return Ok(Recommendation { remedy: None, reasons, ranking });
        }
        for rule in &p.prefer {
            let target = match rule.target {
                PreferTarget::Remedy(i) => Some(i),
                PreferTarget::Input(i) => match self.inputs.get(i) {
                    Some(Value::Remedy(r)) => Some(*r),
                    _ => None,
                },
            };
            let holds = match &rule.when {
                Some(w) => {
                    self.traced(w.span, source, format!("recommend: {}", rule.text), None, |st| st.eval(w))
                        .map_err(|e| in_clause(e, "recommend"))?
                        == Value::Bool(true)
                }
                None => true,
            };
            let cond_text = rule.when.as_ref().map(|w| source.text.get(w.span.start..w.span.end).unwrap_or("").to_string());
            let Some(t) = target else { continue };
            let name = remedies.get(t).map(|r| r.name.clone()).unwrap_or_default();
            if !holds {
                reasons.push(format!("`prefer {name}` does not apply: {} is false", cond_text.unwrap_or_default()));
                continue;
            }
            if !available.contains(&t) {
                reasons.push(format!("`prefer {name}` skipped: {name} is not available"));
                continue;
            }
            reasons.push(match (cond_text, rule.target.clone()) {
                (Some(c), _) => format!("{name} preferred because {c}"),
                (None, PreferTarget::Input(i)) => {
                    format!("{name} preferred: it is the choice given in `{}`", p.inputs.get(i).map(|x| x.name.as_str()).unwrap_or(""))
                }
                (None, _) => format!("{name} preferred by the policy"),
            });
            return Ok(Recommendation { remedy: Some(name), reasons, ranking });
        }
        let mut ranked = available.clone();
        crate::sort::sort_by(&mut ranked, |a, b| {
            for c in &ranking {
                let o = compare_by(*c, *a, *b, remedies, sums);
                if o != std::cmp::Ordering::Equal {
                    return o;
                }
            }
            a.cmp(b)
        });
        let Some(best) = ranked.first().copied() else { return Ok(Recommendation { remedy: None, reasons, ranking }) };
        let best_r = remedies.get(best);
        let name = best_r.map(|r| r.name.clone()).unwrap_or_default();
        let criteria: Vec<&str> = ranking.iter().map(|c| criterion_text(*c)).collect();
        let mut why = format!("{name} ranks first by {}", criteria.join(", then "));
        if let Some(second) = ranked.get(1).and_then(|i| remedies.get(*i))
            && let Some(b) = best_r
        {
            why.push_str(&format!(
                " (buyer net recovery {} {} against {} {} for {})",
                p.currency.code(),
                b.buyer_net_recovery,
                p.currency.code(),
                second.buyer_net_recovery,
                second.name
            ));
        }
        reasons.push(why);
        Ok(Recommendation { remedy: Some(name), reasons, ranking })
    }

    fn escalation(&self, deadlines: &[DeadlineResult]) -> R<Escalation> {
        let p = self.p;
        let triggers: Vec<&DeadlineResult> = deadlines
            .iter()
            .zip(&p.deadlines)
            .filter(|(_, info)| info.effects.iter().any(|e| matches!(e, EffectInfo::Escalate(_))))
            .map(|(d, _)| d)
            .collect();
        let first = |status: DeadlineStatus| triggers.iter().filter(|d| d.status == status).min_by_key(|d| d.due).copied();
        let (status, trigger) = if p.escalation.is_empty() || triggers.is_empty() {
            (EscalationStatus::None, None)
        } else if let Some(d) = first(DeadlineStatus::Missed) {
            (EscalationStatus::Open, Some(d))
        } else if let Some(d) = first(DeadlineStatus::Open) {
            (EscalationStatus::Pending, Some(d))
        } else {
            (EscalationStatus::NotTriggered, None)
        };
        let opens_on = match trigger {
            Some(d) => Some(crate::calendar::add_days(d.due, 1).map_err(expr::date_error).and_then(expr::decision_date)?),
            None => None,
        };
        let mut steps = Vec::new();
        let mut starts = opens_on.map(|o| (o, o));
        for s in &p.escalation {
            let mut out = EscalationStepOut {
                name: s.name.clone(),
                forum: s.forum.clone(),
                earliest_start: starts.map(|x| x.0),
                latest_start: starts.map(|x| x.1),
                earliest_end: None,
                latest_end: None,
            };
            starts = match (starts, s.takes) {
                (Some((early, late)), Some((min, max, unit))) => {
                    let e = self.shift(early, min, unit)?;
                    let l = self.shift(late, max, unit)?;
                    out.earliest_end = Some(e);
                    out.latest_end = Some(l);
                    Some((e, l))
                }
                _ => None,
            };
            steps.push(out);
        }
        Ok(Escalation { status, trigger: trigger.map(|d| d.name.clone()), opens_on, steps })
    }
}

fn compare_by(c: RankCriterion, a: usize, b: usize, remedies: &[RemedyResult], sums: &[Sums]) -> std::cmp::Ordering {
    let (sa, sb) = (sums.get(a).copied().unwrap_or_default(), sums.get(b).copied().unwrap_or_default());
    let (ra, rb) = (remedies.get(a), remedies.get(b));
    let window = |r: Option<&RemedyResult>| r.and_then(|r| r.window).map(|w| (w.to, w.from));
    match c {
        RankCriterion::HighestBuyerNetRecovery => sb.net.cmp(&sa.net),
        RankCriterion::LowestBuyerNetRecovery => sa.net.cmp(&sb.net),
        RankCriterion::HighestSupplierTotal => sb.supplier.cmp(&sa.supplier),
        RankCriterion::LowestSupplierTotal => sa.supplier.cmp(&sb.supplier),
        RankCriterion::HighestBuyerPays => sb.buyer.cmp(&sa.buyer),
        RankCriterion::LowestBuyerPays => sa.buyer.cmp(&sb.buyer),
        // A remedy without a time is ranked after those with one.
        RankCriterion::ShortestTime => match (window(ra), window(rb)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        },
        RankCriterion::LongestTime => match (window(ra), window(rb)) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        },
        RankCriterion::LowestRisk => {
            let risk = |r: Option<&RemedyResult>| r.and_then(|r| r.risk).map(|x| x as u8).unwrap_or(u8::MAX);
            risk(ra).cmp(&risk(rb))
        }
    }
}

fn criterion_text(c: RankCriterion) -> &'static str {
    match c {
        RankCriterion::HighestBuyerNetRecovery => "highest buyer net recovery",
        RankCriterion::LowestBuyerNetRecovery => "lowest buyer net recovery",
        RankCriterion::HighestSupplierTotal => "highest supplier total",
        RankCriterion::LowestSupplierTotal => "lowest supplier total",
        RankCriterion::HighestBuyerPays => "highest buyer cost",
        RankCriterion::LowestBuyerPays => "lowest buyer cost",
        RankCriterion::ShortestTime => "shortest time",
        RankCriterion::LongestTime => "longest time",
        RankCriterion::LowestRisk => "lowest risk",
    }
}

fn rule_name(m: crate::syntax::ast::RoundingMode) -> &'static str {
    match m {
        crate::syntax::ast::RoundingMode::HalfUp => "half up",
        crate::syntax::ast::RoundingMode::HalfEven => "half even",
    }
}

/// How a traced result is shown.
pub(crate) trait TraceShow {
    fn show(&self, p: &CheckedPolicy) -> String;
}

impl TraceShow for Value {
    fn show(&self, p: &CheckedPolicy) -> String {
        show_value(p, self)
    }
}

/// A cap computed from the claim that comes out below zero would turn the supplier's total
/// negative (a refund the buyer pays): an error of the clause, not a number.
fn non_negative_cap(a: Decimal, currency: crate::money::Currency, clause: &str) -> R<Decimal> {
    if a.is_sign_negative() && !a.is_zero() {
        return Err(in_clause(
            EvalError::new(
                Code::NegativeCapValue,
                format!("the cap comes out at {} {} for this claim", currency.code(), currency.format(a)),
            ),
            clause,
        ));
    }
    Ok(a)
}
