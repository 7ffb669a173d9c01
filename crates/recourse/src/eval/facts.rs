//! The claim before any clause: dates and quantities that contradict each other, and the
//! policy's inputs read from `facts`.

use rust_decimal::Decimal;

use crate::check::CheckedPolicy;
use crate::diagnostics::Code;
use crate::model::claim::Claim;
use crate::terms::TimeUnit;
use crate::value::{Ty, Value};

use super::error::{EvalError, R};

/// A claim of a kind the policy does not declare would meet no clause written for it.
pub(super) fn check_kind(p: &CheckedPolicy, claim: &Claim) -> R<()> {
    let Some(kind) = claim.kind.as_deref() else { return Ok(()) };
    if kind == "defect" || p.kinds.iter().any(|(k, _)| k == kind) {
        return Ok(());
    }
    let mut known = vec!["defect"];
    known.extend(p.kinds.iter().map(|(k, _)| k.as_str()));
    Err(EvalError::new(
        Code::UnknownClaimKind,
        format!("the claim is of kind `{kind}`, which this policy does not handle (kinds: {})", known.join(", ")),
    )
    .field("kind"))
}

/// Dates that contradict `as_of` ("today") or each other make every deadline meaningless.
pub(super) fn check_dates(claim: &Claim) -> R<()> {
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
pub(super) fn check_quantities(claim: &Claim) -> R<()> {
    let negative = |a: &crate::model::claim::Amount| a.0.is_sign_negative() && !a.0.is_zero();
    let refuse = |field: String, what: String| Err(EvalError::new(Code::InvalidQuantity, what).field(field));
    if negative(&claim.order.unit_price) {
        return refuse("order.unit_price".into(), format!("the unit price cannot be negative ({})", claim.order.unit_price));
    }
    if let Some(v) = claim.order.value.as_ref().filter(|v| negative(v)) {
        return refuse("order.value".into(), format!("the order value cannot be negative ({v})"));
    }
    if let Some((name, a)) = claim.costs.iter().find(|(_, a)| negative(&crate::model::claim::Amount(a.amount()))) {
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

pub(super) fn read_facts(p: &CheckedPolicy, claim: &Claim) -> R<Vec<Value>> {
    let mut values: Vec<Option<Value>> = p.inputs.iter().map(|i| i.default.clone()).collect();
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
            *slot = Some(v);
        }
    }
    // Every input is now given or defaulted, but a required one the claim left out.
    values
        .into_iter()
        .zip(&p.inputs)
        .map(|(v, input)| {
            v.ok_or_else(|| {
                let described = input.description.as_ref().map(|d| format!(" ({d})")).unwrap_or_default();
                EvalError::new(
                    Code::MissingInput,
                    format!("the claim does not give `{}`, a required {} input{described}", input.name, input.ty.name()),
                )
                .field(format!("facts.{}", input.name))
            })
        })
        .collect()
}

fn fact_value(p: &CheckedPolicy, ty: Ty, json: &serde_json::Value) -> Result<Value, String> {
    use serde_json::Value as J;
    let decimal = |j: &J| -> Result<Decimal, String> {
        let a: crate::model::claim::Amount = serde_json::from_value(j.clone()).map_err(|e| e.to_string())?;
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
            crate::domain::calendar::parse_date(s).map(Value::Date).ok_or_else(|| format!("must be a date YYYY-MM-DD, found `{s}`"))
        }
        (Ty::Timestamp, J::String(s)) => crate::domain::timestamp::parse_timestamp(s)
            .map(Value::Timestamp)
            .map_err(|e| format!("must be a timestamp such as \"2026-03-05T16:30+08:00\": {}", e.0)),
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
        (ty, other) => Err(format!("must be {}, found `{other}`", crate::check::article(ty))),
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

/// The claim's events by the process's event kinds (`None`: not happened), checked: known kinds,
/// each once, at most `MAX_EVENTS`, none after `as_of`, a time where the kind needs one.
pub(super) fn read_events(p: &CheckedPolicy, claim: &Claim) -> R<Vec<Option<crate::model::claim::Moment>>> {
    use crate::model::claim::{MAX_EVENTS, Moment};
    let as_of_time = match claim.as_of_time {
        None => None,
        Some(Moment::Timestamp(t)) if t.date_naive() == claim.as_of => Some(t),
        Some(m) => {
            return Err(EvalError::new(
                Code::AsOfTimeDate,
                format!("`as_of_time` ({}) must be a timestamp on the `as_of` date ({})", m.text(), claim.as_of),
            )
            .field("as_of_time"));
        }
    };
    if claim.events.len() > MAX_EVENTS {
        return Err(EvalError::new(Code::TooManyEvents, format!("the claim has {} events; at most {MAX_EVENTS}", claim.events.len()))
            .field("events"));
    }
    let kinds = p.process.as_ref().map(|x| x.events.as_slice()).unwrap_or(&[]);
    let mut out: Vec<Option<Moment>> = vec![None; kinds.len()];
    // By name, so that many events against many kinds cost no more than reading them.
    let index: std::collections::HashMap<&str, usize> = kinds.iter().enumerate().map(|(i, k)| (k.name.as_str(), i)).collect();
    for (n, event) in claim.events.iter().enumerate() {
        let field = || format!("events[{n}]");
        let Some(&i) = index.get(event.kind.as_str()) else {
            let names: Vec<&str> = kinds.iter().map(|k| k.name.as_str()).collect();
            return Err(EvalError::new(
                Code::UnknownEventKind,
                format!(
                    "`{}` is not an event kind of this policy (kinds: {})",
                    crate::diagnostics::excerpt(&event.kind, 40),
                    if names.is_empty() { "none".to_string() } else { names.join(", ") }
                ),
            )
            .field(format!("{}.kind", field())));
        };
        let Some(slot) = out.get_mut(i) else { continue };
        if slot.is_some() {
            return Err(EvalError::new(Code::RepeatedEvent, format!("event `{}` is given twice", event.kind)).field(field()));
        }
        let timed = kinds.get(i).is_some_and(|k| k.timed);
        let moment = match event.at {
            Moment::Date(d) if timed => {
                return Err(EvalError::new(
                    Code::EventNeedsTime,
                    format!("event `{}` needs a time and offset (`{d}T09:00+08:00`, say), found the date {d}", event.kind),
                )
                .field(format!("{}.at", field())));
            }
            // A date-kind event given with a time keeps its own date.
            Moment::Timestamp(t) if !timed => Moment::Date(t.date_naive()),
            m => m,
        };
        let after = match (event.at, as_of_time) {
            (Moment::Timestamp(t), Some(now)) => t > now,
            (m, _) => m.date() > claim.as_of,
        };
        if after {
            return Err(EvalError::new(
                Code::EventAfterAsOf,
                format!(
                    "event `{}` ({}) is after `{}`",
                    event.kind,
                    event.at.text(),
                    if as_of_time.is_some() { "as_of_time" } else { "as_of" }
                ),
            )
            .field(format!("{}.at", field())));
        }
        *slot = Some(moment);
    }
    Ok(out)
}
