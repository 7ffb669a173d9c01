//! `escalation`: when the escalation opens, which steps are open to the buyer, what each costs
//! whom, and when each can start and end.

use rust_decimal::Decimal;

use crate::check::{EffectInfo, StepInfo};
use crate::diagnostics::Code;
use crate::domain::money::{self, Checked, Money};
use crate::model::decision::{DeadlineResult, DeadlineStatus, Escalation, EscalationStatus, EscalationStepOut, FeeTotals, StepFeeOut};
use crate::terms::FeePayer;
use crate::value::Value;

use super::error::{EvalError, R, date_error, decision_date};
use super::remedy::Amount;
use super::{State, concat, in_clause};

impl State<'_> {
    pub(super) fn escalation(&mut self, deadlines: &[DeadlineResult]) -> R<Escalation> {
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
            Some(d) => Some(crate::domain::calendar::add_days(d.due, 1).map_err(date_error).and_then(decision_date)?),
            None => None,
        };
        let mut steps = Vec::new();
        let mut starts = opens_on.map(|o| (o, o));
        let mut totals: Option<(Decimal, Decimal)> = None;
        for s in &p.escalation {
            let (available, reasons) = self.step_conditions(s)?;
            let fee = self.step_fee(s)?;
            if let (Some(f), true) = (&fee, available) {
                let (sup, buy) = totals.unwrap_or_default();
                let too_long = || EvalError::new(Code::Overflow, "the escalation fees need more than 28 significant digits");
                totals =
                    Some((sup.plus(f.supplier_pays.amount()).ok_or_else(too_long)?, buy.plus(f.buyer_pays.amount()).ok_or_else(too_long)?));
            } else if fee.is_some() && totals.is_none() {
                totals = Some((Decimal::ZERO, Decimal::ZERO));
            }
            let mut out = EscalationStepOut {
                name: s.name.clone(),
                forum: s.forum.clone(),
                earliest_start: None,
                latest_start: None,
                earliest_end: None,
                latest_end: None,
                available: (fee.is_some() || !s.when.is_empty() || !s.unless.is_empty()).then_some(available),
                reasons,
                fee,
            };
            // A step that is not open to the buyer is passed over: the next starts where the last
            // open one ended.
            if !available {
                steps.push(out);
                continue;
            }
            out.earliest_start = starts.map(|x| x.0);
            out.latest_start = starts.map(|x| x.1);
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
        let currency = p.currency;
        let fees =
            totals.map(|(supplier, buyer)| FeeTotals { supplier: Money::new(supplier, currency), buyer: Money::new(buyer, currency) });
        Ok(Escalation { status, trigger: trigger.map(|d| d.name.clone()), opens_on, steps, fees })
    }

    /// Whether the step is open to the buyer, and each condition in words.
    fn step_conditions(&mut self, s: &StepInfo) -> R<(bool, Vec<String>)> {
        let clause = format!("escalate {}", s.name);
        let mut available = true;
        let mut reasons = Vec::new();
        for w in &s.when {
            let v =
                self.traced(w.span, || format!("escalate {}: when", s.name), None, |st| st.eval(w)).map_err(|e| in_clause(e, &clause))?;
            let holds = v == Value::Bool(true);
            available &= holds;
            reasons.push(concat(&["when ", self.text(w.span), if holds { ": yes" } else { ": no" }]));
        }
        for (u, because) in &s.unless {
            let v =
                self.traced(u.span, || format!("escalate {}: unless", s.name), None, |st| st.eval(u)).map_err(|e| in_clause(e, &clause))?;
            if v == Value::Bool(true) {
                available = false;
                reasons.push(because.clone());
            } else {
                reasons.push(concat(&["unless ", self.text(u.span), ": no"]));
            }
        }
        Ok((available, reasons))
    }

    /// The step's fee rounded once, and each party's part; `shared` splits it in half, the
    /// supplier's half rounded by the policy's rule and the buyer's the rest, so the parts add up.
    fn step_fee(&mut self, s: &StepInfo) -> R<Option<StepFeeOut>> {
        let Some((amount, paid_by)) = &s.fee else { return Ok(None) };
        let p = self.p;
        let currency = p.currency;
        let clause = format!("escalate {}", s.name);
        let step = format!("escalate {}: fee", s.name);
        let how = Amount { step: &step, trace_clause: None, clause: &clause };
        let fee = self.amount_once(amount, &how, Code::NegativeFee, &format!("the fee of step `{}`", s.name))?;
        let supplier = match paid_by {
            FeePayer::Supplier => fee,
            FeePayer::Buyer => Decimal::ZERO,
            FeePayer::Shared => money::divide_rounded(fee, Decimal::TWO, currency.minor_units(), p.rounding)
                .ok_or_else(|| EvalError::new(Code::Overflow, "half the fee overflowed"))?,
        };
        let buyer = fee.minus(supplier).ok_or_else(|| EvalError::new(Code::Overflow, "the buyer's part of the fee overflowed"))?;
        Ok(Some(StepFeeOut {
            amount: Money::new(fee, currency),
            paid_by: *paid_by,
            supplier_pays: Money::new(supplier, currency),
            buyer_pays: Money::new(buyer, currency),
        }))
    }
}
