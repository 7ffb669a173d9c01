//! [`Policy::flips`]: the exact values of one variable at which the decision turns.
//!
//! The method is exhaustive evaluation of the variable's discrete domain: counts and whole
//! inputs step by one, amounts by the currency's minor unit, decimals by 0.01, dates by one day
//! (finer when the range is written finer). Every value of the range is evaluated and every pair
//! of neighbours compared, so no change between two values of the domain can be missed: there
//! is no value between neighbours. The price is a bound: a range of more than
//! [`MAX_FLIP_VALUES`] values is refused (E0402) rather than sampled.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{VarValue, Variable, VariableKind, VaryError, VaryPart};
use crate::domain::money::Checked;
use crate::model::decision::{Decision, LineKind};
use crate::terms::{DeadlineStatus, Disposition, EscalationStatus};
use crate::{Claim, EvalError, Policy};

/// The most values one search evaluates (a few hundred milliseconds natively).
pub const MAX_FLIP_VALUES: u64 = 100_000;

/// Where the decision turns across a range of one variable, and what it is in between.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Flips {
    /// The variable's path, e.g. `inspection.found[0].count`.
    pub variable: String,
    /// Its kind.
    pub kind: VariableKind,
    /// The step between neighbouring values: `1`, `0.01`, `1 day`; `true/false` for yes/no.
    pub unit: String,
    /// The first value of the range.
    pub from: String,
    /// The last value of the range.
    pub to: String,
    /// How many values were evaluated: every value of the range.
    pub evaluated: u64,
    /// The method: `exhaustive` (every value of the discrete domain evaluated).
    pub method: String,
    /// Each point where something of the outcome changes, in the range's order.
    pub points: Vec<FlipPoint>,
    /// The stretches of the range with one outcome, in order; they cover the range.
    pub intervals: Vec<Interval>,
}

/// A flip: the two neighbouring values between which the outcome changes, and what changed.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct FlipPoint {
    /// The last value with the earlier outcome.
    pub below: String,
    /// The first value with the new outcome (one unit after `below`).
    pub above: String,
    /// What changed, each with the clause responsible.
    pub changes: Vec<Change>,
}

/// What changes at a flip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlipKind {
    /// The recommended remedy.
    Recommended,
    /// A remedy's availability.
    Available,
    /// A cap starts or stops binding on a remedy.
    Capped,
    /// The lot's disposition.
    Lot,
    /// A deadline's status.
    Deadline,
    /// The escalation ladder's status (opening, pending, not triggered).
    Escalation,
    /// The evaluation starts or stops failing (or fails with another code).
    Error,
}

/// One thing that changes at a flip.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Change {
    /// What changed.
    pub kind: FlipKind,
    /// The remedy or deadline it is about; absent for the recommendation, the lot, the escalation
    /// and errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its value at `below`: a remedy name or `none`, `true`/`false`, a disposition, a status, or
    /// an error code (`ok` when there was none).
    pub before: String,
    /// Its value at `above`.
    pub after: String,
    /// The clause responsible: the condition's clause that turned a remedy on or off, the cap's,
    /// the sampling rule's, the deadline's; `recommend` for the recommendation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// Why, in words, as the decision on the side that explains it gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A stretch of the range with one outcome.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Interval {
    /// Its first value.
    pub from: String,
    /// Its last value.
    pub to: String,
    /// The outcome at every value of it.
    pub outcome: Outcome,
}

/// The parts of a decision whose changes are flips.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Outcome {
    /// The recommended remedy; absent when none is available or the evaluation failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommended: Option<String>,
    /// The available remedies, in declaration order.
    pub available: Vec<String>,
    /// The remedies a cap binds on, in declaration order.
    pub capped: Vec<String>,
    /// The lot's disposition; absent when the evaluation failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lot: Option<Disposition>,
    /// Each deadline's status.
    pub deadlines: Vec<DeadlineState>,
    /// The escalation ladder's status; absent when the evaluation failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalation: Option<EscalationStatus>,
    /// The code of the error that stopped the evaluation; absent when it succeeded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A deadline's status in an outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DeadlineState {
    /// The deadline's name.
    pub name: String,
    /// Its status.
    pub status: DeadlineStatus,
}

impl Outcome {
    fn of(result: &Result<Decision, EvalError>) -> Outcome {
        match result {
            Ok(d) => Outcome {
                recommended: d.recommendation.remedy.clone(),
                available: d.remedies.iter().filter(|r| r.available).map(|r| r.name.clone()).collect(),
                capped: d.remedies.iter().filter(|r| r.capped).map(|r| r.name.clone()).collect(),
                lot: Some(d.lot.disposition),
                deadlines: d.deadlines.iter().map(|x| DeadlineState { name: x.name.clone(), status: x.status }).collect(),
                escalation: Some(d.escalation.status),
                error: None,
            },
            Err(e) => Outcome {
                recommended: None,
                available: Vec::new(),
                capped: Vec::new(),
                lot: None,
                deadlines: Vec::new(),
                escalation: None,
                error: Some(e.code.as_str().to_string()),
            },
        }
    }
}

/// The range's values as `first + k * unit`, for k = 0..=count-1.
struct Domain {
    first: VarValue,
    unit: Decimal,
    count: u64,
}

impl Domain {
    fn at(&self, k: u64) -> Option<VarValue> {
        match self.first {
            VarValue::Int(a) => i64::try_from(k).ok().and_then(|k| a.checked_add(k)).map(VarValue::Int),
            VarValue::Decimal(a) => {
                let mut v = Decimal::from(k).times(self.unit).and_then(|x| a.plus(x))?;
                v.rescale(self.unit.scale());
                Some(VarValue::Decimal(v))
            }
            VarValue::Date(a) => i64::try_from(k).ok().and_then(|k| crate::domain::calendar::add_days(a, k).ok()).map(VarValue::Date),
            VarValue::Bool(a) => match k {
                0 => Some(VarValue::Bool(a)),
                1 => Some(VarValue::Bool(!a)),
                _ => None,
            },
        }
    }
}

impl Policy {
    /// Every value of `variable` between `from` and `to` (inclusive) where the decision changes:
    /// the recommended remedy, a remedy's availability, a cap binding, the lot's disposition, a
    /// deadline's status, the escalation ladder, or the evaluation failing. Without `from`/`to`,
    /// the range is the variable's natural one around the claim's value (0 to the units ordered
    /// for `affected_units`, 0 to the sample for a defect count, 0 to twice the value for other
    /// numbers, 30 days either side for dates). Every value of the range is evaluated (see the
    /// module's documentation), so nothing between two grid points is missed. The claim is taken
    /// and changed in place.
    pub fn flips(&self, mut claim: Claim, variable: &Variable, from: Option<&str>, to: Option<&str>) -> Result<Flips, VaryError> {
        variable.check_claim(&claim)?;
        let domain = self.domain(&claim, variable, from, to)?;
        let unit = match variable.kind() {
            VariableKind::Date => "1 day".to_string(),
            VariableKind::Bool => "true/false".to_string(),
            _ => domain.unit.to_string(),
        };
        let last = domain.at(domain.count.saturating_sub(1)).unwrap_or(domain.first);
        let mut out = Flips {
            variable: variable.path().to_string(),
            kind: variable.kind(),
            unit,
            from: domain.first.to_string(),
            to: last.to_string(),
            evaluated: 0,
            method: "exhaustive".to_string(),
            points: Vec::new(),
            intervals: Vec::new(),
        };
        let mut previous: Option<(VarValue, Result<Decision, EvalError>, Outcome)> = None;
        let mut interval_start = domain.first;
        for k in 0..domain.count {
            let Some(value) = domain.at(k) else {
                return Err(VaryError::new(VaryPart::To, "the range leaves the values the field can hold"));
            };
            let result = variable.set(&mut claim, value).and_then(|()| self.evaluate(&claim));
            let outcome = Outcome::of(&result);
            out.evaluated = out.evaluated.saturating_add(1);
            if let Some((before, before_result, before_outcome)) = previous.take()
                && before_outcome != outcome
            {
                out.points.push(FlipPoint {
                    below: before.to_string(),
                    above: value.to_string(),
                    changes: changes(&before_result, &result),
                });
                out.intervals.push(Interval { from: interval_start.to_string(), to: before.to_string(), outcome: before_outcome });
                interval_start = value;
            }
            previous = Some((value, result, outcome));
        }
        if let Some((value, _, outcome)) = previous {
            out.intervals.push(Interval { from: interval_start.to_string(), to: value.to_string(), outcome });
        }
        Ok(out)
    }

    /// The range's values: from `from` (or the default) to `to` by the variable's unit.
    fn domain(&self, claim: &Claim, variable: &Variable, from: Option<&str>, to: Option<&str>) -> Result<Domain, VaryError> {
        let current = variable.get(self, claim);
        let kind = variable.kind();
        let read = |part: VaryPart, text: Option<&str>| text.map(|t| variable.value(part, t)).transpose();
        let (a, b) = (read(VaryPart::From, from)?, read(VaryPart::To, to)?);
        let too_many = |n: u64| VaryError {
            too_many: true,
            ..VaryError::new(
                VaryPart::To,
                format!("the range has {n} values; an exact search evaluates each, at most {MAX_FLIP_VALUES}: narrow `from` and `to`"),
            )
        };
        let backwards = || VaryError::new(VaryPart::To, "the range ends before it starts: `to` must not be below `from`");
        match kind {
            VariableKind::Bool => {
                let a = a.unwrap_or(VarValue::Bool(false));
                let b = b.unwrap_or(VarValue::Bool(true));
                Ok(Domain { first: a, unit: Decimal::ONE, count: if a == b { 1 } else { 2 } })
            }
            VariableKind::Date => {
                let centre = match current {
                    Some(VarValue::Date(d)) => d,
                    _ => claim.as_of,
                };
                let around = |n: i64| crate::domain::calendar::add_days(centre, n).ok().map(VarValue::Date);
                let (Some(VarValue::Date(a)), Some(VarValue::Date(b))) = (a.or_else(|| around(-30)), b.or_else(|| around(30))) else {
                    return Err(VaryError::new(VaryPart::From, "give `from` and `to` as dates"));
                };
                let days = b.signed_duration_since(a).num_days();
                let count = u64::try_from(days).map_err(|_| backwards())?.saturating_add(1);
                if count > MAX_FLIP_VALUES {
                    return Err(too_many(count));
                }
                Ok(Domain { first: VarValue::Date(a), unit: Decimal::ONE, count })
            }
            VariableKind::Count | VariableKind::Integer => {
                let natural_top = || -> i64 {
                    let count = |c: crate::model::claim::Count| i64::try_from(c.0).unwrap_or(i64::MAX);
                    let path = variable.path();
                    if path == "affected_units" {
                        return count(claim.order.units);
                    }
                    if let Some(i) = &claim.inspection {
                        if path.starts_with("inspection.found[") {
                            return count(i.sample_size);
                        }
                        if path == "inspection.sample_size" {
                            return count(i.lot_size);
                        }
                    }
                    match current {
                        Some(VarValue::Int(c)) => c.saturating_mul(2).max(10),
                        _ => 10,
                    }
                };
                let a = match a {
                    Some(VarValue::Int(a)) => a,
                    _ => 0,
                };
                let b = match b {
                    Some(VarValue::Int(b)) => b,
                    _ => natural_top(),
                };
                let span = i128::from(b) - i128::from(a);
                let count = u64::try_from(span).map_err(|_| backwards())?.saturating_add(1);
                if count > MAX_FLIP_VALUES {
                    return Err(too_many(count));
                }
                Ok(Domain { first: VarValue::Int(a), unit: Decimal::ONE, count })
            }
            VariableKind::Amount | VariableKind::Decimal => {
                let decimal = |v: Option<VarValue>| match v {
                    Some(VarValue::Decimal(d)) => Some(d),
                    Some(VarValue::Int(i)) => Some(Decimal::from(i)),
                    _ => None,
                };
                let a = decimal(a).unwrap_or(Decimal::ZERO);
                let b = match decimal(b) {
                    Some(b) => b,
                    None => decimal(current).and_then(|c| c.times(Decimal::TWO)).unwrap_or(Decimal::ONE_HUNDRED),
                };
                let base_places = if kind == VariableKind::Amount { variable.minor_units } else { 2 };
                let places = base_places.max(a.scale()).max(b.scale()).min(28);
                let unit = Decimal::new(1, places);
                let steps = b.minus(a).and_then(|s| s.divided_by(unit)).ok_or_else(|| too_many(u64::MAX))?;
                if steps.is_sign_negative() {
                    return Err(backwards());
                }
                let count = u64::try_from(steps.trunc()).map_err(|_| too_many(u64::MAX))?.saturating_add(1);
                if count > MAX_FLIP_VALUES {
                    return Err(too_many(count));
                }
                let mut first = a;
                first.rescale(places);
                Ok(Domain { first: VarValue::Decimal(first), unit, count })
            }
        }
    }
}

/// What changed between the decisions at two neighbouring values, each with its clause.
fn changes(before: &Result<Decision, EvalError>, after: &Result<Decision, EvalError>) -> Vec<Change> {
    let (b, a) = match (before, after) {
        (Ok(b), Ok(a)) => (b, a),
        _ => {
            let code = |r: &Result<Decision, EvalError>| r.as_ref().err().map_or_else(|| "ok".to_string(), |e| e.code.as_str().to_string());
            let err = after.as_ref().err().or(before.as_ref().err());
            return vec![Change {
                kind: FlipKind::Error,
                name: None,
                before: code(before),
                after: code(after),
                clause: err.and_then(|e| e.clause.clone()),
                reason: err.map(|e| e.message.clone()),
            }];
        }
    };
    let mut out = Vec::new();
    let name_or_none = |r: &Option<String>| r.clone().unwrap_or_else(|| "none".to_string());
    if b.recommendation.remedy != a.recommendation.remedy {
        out.push(Change {
            kind: FlipKind::Recommended,
            name: None,
            before: name_or_none(&b.recommendation.remedy),
            after: name_or_none(&a.recommendation.remedy),
            clause: Some("recommend".to_string()),
            reason: a.recommendation.reasons.last().cloned(),
        });
    }
    for rb in &b.remedies {
        let Some(ra) = a.remedies.iter().find(|r| r.name == rb.name) else { continue };
        if rb.available != ra.available {
            // The side where the remedy is unavailable names the condition that failed.
            let off = if ra.available { rb } else { ra };
            let failed = off.reasons.iter().find(|r| !r.holds);
            out.push(Change {
                kind: FlipKind::Available,
                name: Some(rb.name.clone()),
                before: rb.available.to_string(),
                after: ra.available.to_string(),
                clause: Some(failed.map_or_else(|| off.clause.clone(), |r| r.clause.clone())),
                reason: failed.map(|r| r.text.clone()),
            });
        }
        if rb.capped != ra.capped {
            let on = if ra.capped { ra } else { rb };
            let line = on.lines.iter().find(|l| l.kind == LineKind::Cap);
            out.push(Change {
                kind: FlipKind::Capped,
                name: Some(rb.name.clone()),
                before: rb.capped.to_string(),
                after: ra.capped.to_string(),
                clause: line.map(|l| l.clause.clone()),
                reason: line.map(|l| l.label.clone()),
            });
        }
    }
    if b.lot.disposition != a.lot.disposition {
        out.push(Change {
            kind: FlipKind::Lot,
            name: None,
            before: b.lot.disposition.keyword().to_string(),
            after: a.lot.disposition.keyword().to_string(),
            clause: a.lot.clause.clone().or_else(|| b.lot.clause.clone()),
            reason: Some(a.lot.reason.clone()),
        });
    }
    for xb in &b.deadlines {
        let Some(xa) = a.deadlines.iter().find(|x| x.name == xb.name) else { continue };
        if xb.status != xa.status {
            out.push(Change {
                kind: FlipKind::Deadline,
                name: Some(xb.name.clone()),
                before: xb.status.keyword().to_string(),
                after: xa.status.keyword().to_string(),
                clause: Some(xa.clause.clone()),
                reason: Some(format!("due {} ({}), as of {}", xa.due, xa.rule, a.as_of)),
            });
        }
    }
    if b.escalation.status != a.escalation.status {
        let trigger = a.escalation.trigger.as_ref().or(b.escalation.trigger.as_ref());
        let side = if a.escalation.trigger.is_some() { a } else { b };
        out.push(Change {
            kind: FlipKind::Escalation,
            name: trigger.cloned(),
            before: b.escalation.status.keyword().to_string(),
            after: a.escalation.status.keyword().to_string(),
            clause: trigger.and_then(|t| side.deadlines.iter().find(|x| &x.name == t)).map(|x| x.clause.clone()),
            reason: a.escalation.opens_on.map(|d| format!("opens on {d}")),
        });
    }
    out
}
