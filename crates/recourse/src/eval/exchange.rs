//! Claim amounts in other currencies: the claim's rates checked before any clause, and each
//! amount converted once, when a clause first reads it, at the rate the policy's `currency risk`
//! rule picks, rounded once to the policy currency's minor unit by the policy's rounding rule.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::check::CheckedPolicy;
use crate::diagnostics::{Code, Span};
use crate::domain::money::{self, Currency, Money, RateError};
use crate::model::claim::{Claim, ClaimAmount, ForeignAmount};
use crate::model::decision::{Conversion, TraceRead, TraceStep};
use crate::terms::Side;
use crate::value::Value;

use super::State;
use super::error::{EvalError, R};

/// The claim's rates by currency and date, each with its text as the claim gives it.
pub(super) type Rates = BTreeMap<(String, NaiveDate), (Decimal, String)>;

/// The claim's rates, checked: known currencies other than the policy's, above zero, within the
/// bounds of [`money::check_rate`], dated on or before `as_of`, one per currency and day; and the
/// currencies and dates of the amounts in other currencies.
pub(super) fn check_rates(p: &CheckedPolicy, claim: &Claim) -> R<Rates> {
    let mut rates = Rates::new();
    for (i, r) in claim.rates.iter().enumerate() {
        let at = |part: &str| format!("rates[{i}].{part}");
        if Currency::from_code(&r.currency).is_none() {
            return Err(EvalError::new(Code::UnknownClaimCurrency, format!("`{}` is not an ISO 4217 currency code", r.currency))
                .field(at("currency")));
        }
        if r.currency == p.currency.code() {
            return Err(EvalError::new(
                Code::RepeatedRate,
                format!("a rate for `{}`, the policy's own currency, which converts at 1", r.currency),
            )
            .field(at("currency")));
        }
        let rate = money::check_rate(r.rate.0).map_err(|e| {
            let (code, why) = match e {
                RateError::NotPositive => (Code::RateNotPositive, "is not above zero".to_string()),
                RateError::TooPrecise => (Code::RateOutOfBounds, format!("has more than {} decimal places", money::MAX_RATE_PLACES)),
                RateError::TooLarge => (Code::RateOutOfBounds, format!("is above {}", money::MAX_RATE)),
            };
            EvalError::new(code, format!("the `{}` rate {} {why}", r.currency, r.rate)).field(at("rate"))
        })?;
        if r.on > claim.as_of {
            return Err(EvalError::new(
                Code::RateAfterAsOf,
                format!("the `{}` rate is dated {}, after `as_of` ({})", r.currency, r.on, claim.as_of),
            )
            .field(at("on")));
        }
        if rates.insert((r.currency.clone(), r.on), (rate, r.rate.to_string())).is_some() {
            return Err(EvalError::new(Code::RepeatedRate, format!("two `{}` rates are dated {}", r.currency, r.on)).field(at("on")));
        }
    }
    for (name, a) in &claim.costs {
        let ClaimAmount::Foreign(f) = a else { continue };
        if Currency::from_code(&f.currency).is_none() {
            return Err(EvalError::new(Code::UnknownClaimCurrency, format!("`{}` is not an ISO 4217 currency code", f.currency))
                .field(format!("costs.{name}.currency")));
        }
        if let Some(on) = f.on.filter(|on| *on > claim.as_of) {
            return Err(EvalError::new(Code::DateAfterAsOf, format!("`costs.{name}` is dated {on}, after `as_of` ({})", claim.as_of))
                .field(format!("costs.{name}.on")));
        }
    }
    Ok(rates)
}

impl State<'_> {
    /// `costs.NAME` in the policy's currency: a cost in another currency is converted (once) and
    /// the conversion counted as read by the expression being evaluated.
    pub(super) fn cost(&mut self, name: &str, span: Span) -> R<Value> {
        let amount = match self.claim.costs.get(name) {
            None => Decimal::ZERO,
            Some(ClaimAmount::Settlement(a)) => a.0,
            Some(ClaimAmount::Foreign(f)) if f.currency == self.p.currency.code() => f.amount.0,
            Some(ClaimAmount::Foreign(f)) => {
                let i = self.conversion(name, f, span)?;
                self.conversions_read.push(i);
                self.conversions.get(i).map(|c| c.converted.amount()).unwrap_or_default()
            }
        };
        let v = Value::Money(amount);
        self.read(|| format!("costs.{name}"), &v);
        Ok(v)
    }

    /// The index of the conversion of `costs.NAME`, made on its first read.
    fn conversion(&mut self, name: &str, f: &ForeignAmount, span: Span) -> R<usize> {
        if let Some(i) = self.converted.get(name) {
            return Ok(*i);
        }
        let p = self.p;
        let claim = self.claim;
        let field = format!("costs.{name}");
        let risk = p.currency_risk.as_ref();
        // The supplier bears the risk (or nobody is named): the buyer is made whole at the rate of
        // the day of settlement, `as_of`. The buyer bears it: the amount is fixed at the rate of the
        // day it was incurred, else of the day the claim was notified (when it was quantified).
        let (rate_for, day) = match risk.map(|r| r.bearer) {
            Some(Side::Buyer) => match f.on {
                Some(on) => (on, "the day the amount was incurred"),
                None => (claim.notified_on, "`notified_on`"),
            },
            _ => (claim.as_of, "`as_of`"),
        };
        let found = self.rates.range((f.currency.clone(), NaiveDate::MIN)..=(f.currency.clone(), rate_for)).next_back();
        let Some(((_, rate_on), (rate, rate_text))) = found else {
            return Err(EvalError::new(
                Code::MissingRate,
                format!(
                    "`{field}` is in `{}` and the claim's `rates` give no `{}` rate on or before {rate_for} ({day})",
                    f.currency, f.currency
                ),
            )
            .field(field)
            .at(span));
        };
        let (rate_on, rate, rate_text) = (*rate_on, *rate, rate_text.clone());
        let (exact, rounded) = money::convert(f.amount.0, rate, p.currency, p.rounding).ok_or_else(|| {
            EvalError::new(Code::Overflow, format!("`{field}` x the `{}` rate needs more than 28 significant digits", f.currency))
                .field(field.clone())
                .at(span)
        })?;
        let conversion = Conversion {
            field,
            amount: f.amount.to_string(),
            currency: f.currency.clone(),
            rate: rate_text,
            rate_on,
            rate_for,
            exact: exact.to_string(),
            converted: Money::new(rounded, p.currency),
            risk_on: risk.map(|r| r.bearer),
            clause: risk.map(|r| r.clause.clone()),
        };
        self.trace_conversion(&conversion, span, exact, rounded);
        let i = self.conversions.len();
        self.converted.insert(name.to_string(), i);
        self.conversions.push(conversion);
        Ok(i)
    }

    /// The conversion as a trace step of its own, placed before the step that read it.
    fn trace_conversion(&mut self, c: &Conversion, span: Span, exact: Decimal, rounded: Decimal) {
        let p = self.p;
        let source = self.source;
        let Some(tracer) = self.tracer.as_mut() else { return };
        let code = p.currency.code();
        let rounding = (exact != rounded).then(|| format!("{exact} rounded {} to {}", p.rounding.display(), p.currency.format(rounded)));
        tracer.steps.push(TraceStep {
            what: format!("convert {}", c.field),
            clause: c.clause.clone(),
            source: source.text.get(span.start..span.end).unwrap_or("").to_string(),
            span,
            line: source.index.position(source.text, span.start).line,
            result: format!("{code} {}", p.currency.format(rounded)),
            reads: vec![
                TraceRead { name: c.field.clone(), value: format!("{} {}", c.currency, c.amount) },
                TraceRead { name: format!("rate {} {}", c.currency, c.rate_on), value: c.rate.clone() },
            ],
            rounding,
        });
    }

    /// The conversions read since `conversions_read` was last taken, each once, in first-read order.
    pub(super) fn take_conversions(&mut self, saved: Vec<usize>) -> Vec<Conversion> {
        let read = std::mem::replace(&mut self.conversions_read, saved);
        let mut seen = std::collections::BTreeSet::new();
        read.into_iter().filter(|i| seen.insert(*i)).filter_map(|i| self.conversions.get(i).cloned()).collect()
    }
}
