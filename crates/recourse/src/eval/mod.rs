//! Checked policy + claim -> decision. Reads no clock: "today" is the claim's `as_of`.
//!
//! One file per clause: `facts` reads the claim, then lets, `deadline`s and `flag`s run in
//! dependency order, then `remedy`, `recommend` and `escalation`. `trace` records what each
//! condition read when a trace is asked for.

mod deadline;
mod error;
mod escalation;
mod exchange;
mod expr;
mod facts;
mod flag;
mod lever;
mod lot;
mod process;
mod recommend;
mod remedy;
pub(crate) mod switching;
mod trace;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::check::{CheckedPolicy, NodeRef};
use crate::diagnostics::Span;
use crate::diagnostics::{Code, LineIndex};
use crate::domain::money::Checked;
use crate::model::claim::Claim;
use crate::model::decision::{DeadlineResult, DeadlineStatus, Decision, FlagResult, Reported};
use crate::value::Value;

pub use error::EvalError;
use error::R;
use expr::show_value;
pub(crate) use trace::Tracer;

/// What the trace and the reasons need from the source.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Source<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub hash: &'a str,
}

/// What expressions may read of a costed remedy (`refund.supplier_total`, `refund.available`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Costed {
    supplier_total: Decimal,
    buyer_pays: Decimal,
    buyer_net_recovery: Decimal,
    available: bool,
}

pub(crate) struct State<'a> {
    p: &'a CheckedPolicy,
    claim: &'a Claim,
    source: Source<'a>,
    order_value: Decimal,
    inputs: Vec<Value>,
    lets: Vec<Option<Value>>,
    dues: Vec<Option<NaiveDate>>,
    statuses: Vec<Option<DeadlineStatus>>,
    flags: Vec<Option<bool>>,
    /// Each remedy's totals once it is costed, for expressions that read them.
    costed: Vec<Option<Costed>>,
    /// The claim's events by the process's event kinds.
    events: Vec<Option<crate::model::claim::Moment>>,
    lot: lot::Counts,
    current_deadline: Option<usize>,
    current_due: Option<NaiveDate>,
    /// `Some` when the caller asked for a trace.
    tracer: Option<Tracer>,
    /// The claim's exchange rates by currency and date.
    rates: exchange::Rates,
    /// Conversions made so far, in first-read order, and the index of each cost's.
    conversions: Vec<crate::model::decision::Conversion>,
    converted: std::collections::BTreeMap<String, usize>,
    /// Conversions read by the expression being evaluated (indices into `conversions`).
    conversions_read: Vec<usize>,
    /// The conversions each let read, so that a line reading the let shows them too.
    let_conversions: Vec<Vec<usize>>,
}

/// Evaluate a claim; with a tracer, the decision carries the trace it recorded.
pub(crate) fn evaluate(p: &CheckedPolicy, claim: &Claim, source: Source<'_>, tracer: Option<Tracer>) -> Result<Decision, EvalError> {
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
    facts::check_kind(p, claim)?;
    facts::check_dates(claim)?;
    facts::check_quantities(claim)?;
    let rates = exchange::check_rates(p, claim)?;
    let inputs = facts::read_facts(p, claim)?;
    let events = facts::read_events(p, claim)?;
    let mut counts = lot::count(p, claim)?;
    let (mut lot_decision, mut findings) = lot::dispose(p, claim, &mut counts)?;
    let mut st = State {
        p,
        claim,
        source,
        order_value,
        inputs,
        lets: vec![None; p.lets.len()],
        dues: vec![None; p.deadlines.len()],
        statuses: vec![None; p.deadlines.len()],
        flags: vec![None; p.flags.len()],
        costed: vec![None; p.remedies.len()],
        events,
        lot: counts,
        current_deadline: None,
        current_due: None,
        tracer,
        rates,
        conversions: Vec::new(),
        converted: std::collections::BTreeMap::new(),
        conversions_read: Vec::new(),
        let_conversions: vec![Vec::new(); p.lets.len()],
    };
    let (deadlines, flags) = st.in_order()?;
    let (mut eligible, lost) = deadline::effects(p, &deadlines, &mut findings);
    eligible &= st.ineligible(&mut findings)?;
    // Costed in dependency order (a remedy after those whose totals it reads), listed in
    // declaration order.
    let mut results: Vec<Option<crate::model::decision::RemedyResult>> = vec![None; p.remedies.len()];
    for &i in &p.remedy_order {
        let r = st.remedy(i, eligible, lost.get(i).cloned().flatten())?;
        if let Some(slot) = st.costed.get_mut(i) {
            *slot = Some(Costed {
                supplier_total: r.supplier_total.amount(),
                buyer_pays: r.buyer_pays.amount(),
                buyer_net_recovery: r.buyer_net_recovery.amount(),
                available: r.available,
            });
        }
        if let Some(slot) = results.get_mut(i) {
            *slot = Some(r);
        }
    }
    let remedies: Vec<_> = results.into_iter().flatten().collect();
    let recommendation = st.recommend(&remedies)?;
    let escalation = st.escalation(&deadlines)?;
    let levers = st.levers()?;
    flag::findings(p, &flags, &mut lot_decision, &mut findings);
    let reported = st.reported();
    let timeline = st.timeline()?;
    let trace = st.tracer.take().map(|t| t.finish(&source, claim.as_of));
    Ok(Decision {
        engine: crate::model::decision::ENGINE_VERSION.to_string(),
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
        conversions: std::mem::take(&mut st.conversions),
        levers,
        timeline,
        trace,
    })
}

impl State<'_> {
    /// Lets, deadlines and flags in dependency order.
    fn in_order(&mut self) -> R<(Vec<DeadlineResult>, Vec<FlagResult>)> {
        let p = self.p;
        let mut deadlines: Vec<Option<DeadlineResult>> = vec![None; p.deadlines.len()];
        let mut flags: Vec<Option<FlagResult>> = vec![None; p.flags.len()];
        for node in &p.order {
            match *node {
                NodeRef::Let(i) => {
                    let Some(l) = p.lets.get(i) else { continue };
                    let saved = std::mem::take(&mut self.conversions_read);
                    let v = self
                        .traced(l.value.span, || format!("let {}", l.name), None, |st| st.eval(&l.value))
                        .map_err(|e| in_clause(e, &format!("let {}", l.name)))?;
                    let read = std::mem::replace(&mut self.conversions_read, saved);
                    if let Some(slot) = self.let_conversions.get_mut(i) {
                        *slot = read;
                    }
                    if let Some(slot) = self.lets.get_mut(i) {
                        *slot = Some(v);
                    }
                }
                NodeRef::Deadline(i) => {
                    let r = self.deadline(i)?;
                    if let Some(slot) = deadlines.get_mut(i) {
                        *slot = Some(r);
                    }
                }
                NodeRef::Flag(i) => {
                    let r = self.flag(i)?;
                    if let Some(slot) = self.flags.get_mut(i) {
                        *slot = Some(r.raised);
                    }
                    if let Some(slot) = flags.get_mut(i) {
                        *slot = Some(r);
                    }
                }
            }
        }
        Ok((deadlines.into_iter().flatten().collect(), flags.into_iter().flatten().collect()))
    }

    /// The `ineligible` conditions: each that holds makes the claim ineligible, with its reason.
    /// Returns whether none held.
    fn ineligible(&mut self, findings: &mut Vec<crate::model::decision::Finding>) -> R<bool> {
        let p = self.p;
        let mut eligible = true;
        for x in &p.ineligible {
            let v = self
                .traced(x.condition.span, || "ineligible when".to_string(), Some(&x.clause), |st| st.eval(&x.condition))
                .map_err(|e| in_clause(e, &x.clause))?;
            if v == Value::Bool(true) {
                eligible = false;
                findings.push(crate::model::decision::Finding {
                    kind: crate::model::decision::FindingKind::Ineligible,
                    clause: x.clause.clone(),
                    message: x.because.clone(),
                });
            }
        }
        Ok(eligible)
    }

    /// The lets marked `report`, with their values.
    fn reported(&self) -> Vec<Reported> {
        let p = self.p;
        p.lets
            .iter()
            .enumerate()
            .filter(|(_, l)| l.report)
            .filter_map(|(i, l)| {
                let v = self.lets.get(i).cloned().flatten()?;
                Some(Reported { name: l.name.clone(), label: l.label.clone(), value: reported_text(p, &v), ty: v.ty().name().to_string() })
            })
            .collect()
    }

    /// The source text of a span, as the policy wrote it.
    fn text(&self, span: Span) -> &str {
        self.source.text.get(span.start..span.end).unwrap_or("")
    }
}

/// The parts joined into one string of exactly their length: the decision's texts are built on
/// every evaluation, and `format!` costs several times as much for plain joins.
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

fn in_clause(mut e: EvalError, clause: &str) -> EvalError {
    if e.clause.is_none() {
        e.clause = Some(clause.to_string());
    }
    e
}

/// A reported value, exact: money with at least the currency's places, never rounded.
pub(crate) fn reported_text(p: &CheckedPolicy, v: &Value) -> String {
    match v {
        Value::Money(a) => {
            let n = a.normalize();
            crate::domain::money::format_places(n, n.scale().max(p.currency.minor_units()))
        }
        other => show_value(p, other),
    }
}
