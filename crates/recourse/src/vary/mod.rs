//! One claim input varied across a range: the variable (a claim field or a policy input, with its
//! kind and unit), the values of a range, and setting a value on a typed [`Claim`] without going
//! through JSON. [`Policy::sweep`] evaluates a range into columns; [`Policy::flips`] finds every
//! value where the decision turns.

mod flips;
mod sweep;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::diagnostics::Code;
use crate::domain::money::Checked;
use crate::model::claim::{Amount, Claim, Count, MAX_COUNT};
use crate::value::Ty;
use crate::{EvalError, Policy};

pub use flips::{Change, DeadlineState, FlipKind, FlipPoint, Flips, Interval, MAX_FLIP_VALUES, Outcome};
pub use sweep::{DeadlineColumn, FlagColumn, MAX_SWEEP_POINTS, RemedyColumn, ReportedColumn, Sweep};

/// What a variable holds, which decides how its values are written and stepped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VariableKind {
    /// A whole non-negative quantity of the claim (units, sizes, defect counts): steps of one.
    Count,
    /// A whole number (an `int` input): steps of one.
    Integer,
    /// An amount of money (a claim amount or a `money` input): steps of the currency's minor unit.
    Amount,
    /// A `decimal` or `percent` input: steps of 0.01, or finer when the range is written finer.
    Decimal,
    /// A date: steps of one day.
    Date,
    /// Yes or no: two values.
    Bool,
}

/// Where the variable lives in the claim.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    AsOf,
    AffectedUnits,
    DiscoveredOn,
    NotifiedOn,
    SupplierRespondedOn,
    OrderUnits,
    OrderUnitPrice,
    OrderValue,
    OrderDueOn,
    OrderDeliveredOn,
    LotSize,
    SampleSize,
    FoundCount(usize),
    Cost(String),
    Photos,
    LotTraceable,
    Recovered,
    Fact(String, Ty),
}

/// One value of a variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarValue {
    /// A whole number (counts and `int` inputs); a negative count is refused when set.
    Int(i64),
    /// An exact decimal (amounts, `decimal` and `percent` inputs).
    Decimal(Decimal),
    /// A date.
    Date(NaiveDate),
    /// Yes or no.
    Bool(bool),
}

impl std::fmt::Display for VarValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VarValue::Int(i) => i.fmt(f),
            VarValue::Decimal(d) => d.fmt(f),
            VarValue::Date(d) => d.fmt(f),
            VarValue::Bool(b) => b.fmt(f),
        }
    }
}

/// Which part of a request a [`VaryError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VaryPart {
    /// The variable's path.
    Vary,
    /// The first value.
    From,
    /// The last value.
    To,
    /// The increment.
    Step,
}

impl VaryPart {
    /// Its name as the surfaces spell the option (`from`, `to`, `step`, `vary`).
    pub fn name(self) -> &'static str {
        match self {
            VaryPart::Vary => "vary",
            VaryPart::From => "from",
            VaryPart::To => "to",
            VaryPart::Step => "step",
        }
    }
}

/// A variable or range that cannot be used, before anything is evaluated: which part, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaryError {
    /// The part at fault.
    pub part: VaryPart,
    /// What is wrong, without the part's name.
    pub message: String,
    /// Whether the part was missing (then `message` is empty).
    pub missing: bool,
    /// Set for a range with more values than a call may evaluate (E0402), else E0401.
    pub too_many: bool,
}

impl VaryError {
    fn new(part: VaryPart, message: impl Into<String>) -> VaryError {
        VaryError { part, message: message.into(), missing: false, too_many: false }
    }

    fn missing(part: VaryPart) -> VaryError {
        VaryError { part, message: String::new(), missing: true, too_many: false }
    }

    /// As an evaluation error with a stable code (E0401 or E0402), for the surfaces that report
    /// errors as data; `field` is the part's name.
    pub fn to_eval_error(&self, path: &str) -> EvalError {
        let code = if self.too_many { Code::RangeTooLarge } else { Code::InvalidVariable };
        let message = match (self.part, self.missing) {
            (part, true) => format!("`{}` is required to vary `{path}`", part.name()),
            (VaryPart::Vary, false) => format!("`{path}`: {}", self.message),
            (part, false) => format!("`{}`: {}", part.name(), self.message),
        };
        EvalError::new(code, message).field(self.part.name())
    }
}

/// A claim input to vary: a claim field or a policy input in `facts`, with its kind; or several
/// fields of one kind set to the same value together (`notified_on,as_of`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    path: String,
    target: Target,
    /// The fields set to the same value with `target`, for a linked variable.
    also: Vec<Target>,
    kind: VariableKind,
    /// Decimal places of the currency, the step of an amount.
    minor_units: u32,
}

/// The most fields a linked variable (`notified_on,as_of`) sets together.
pub const MAX_LINKED_FIELDS: usize = 4;

impl Variable {
    /// The variable at `path` of a claim for `policy`: `affected_units`, `order.units`,
    /// `order.unit_price`, `order.value`, `order.due_on`, `order.delivered_on`, `as_of`,
    /// `discovered_on`, `notified_on`, `supplier_responded_on`, `inspection.lot_size`,
    /// `inspection.sample_size`, `inspection.found[N].count`, `costs.NAME`, `evidence.photos`,
    /// `evidence.lot_traceable`, `recovered`, or `facts.INPUT` for an input of type `int`, `money`,
    /// `decimal`, `percent`, `date` or `bool`. Several of these of one kind, separated by commas
    /// (`notified_on,as_of`: a notice given later than "today" moves "today" with it), are set to
    /// the same value together; the first is the one read for the natural range.
    pub fn parse(policy: &Policy, path: &str) -> Result<Variable, VaryError> {
        if !path.contains(',') {
            return Variable::parse_one(policy, path);
        }
        let bad = |m: String| VaryError::new(VaryPart::Vary, m);
        let parts: Vec<&str> = path.split(',').map(str::trim).collect();
        if parts.len() > MAX_LINKED_FIELDS {
            return Err(bad(format!("at most {MAX_LINKED_FIELDS} fields can be varied together")));
        }
        let mut linked: Vec<Variable> = Vec::with_capacity(parts.len());
        for part in &parts {
            let v = Variable::parse_one(policy, part)?;
            if let Some(first) = linked.first()
                && v.kind != first.kind
            {
                return Err(bad(format!("`{}` and `{}` are of different kinds: fields varied together must be", first.path, v.path)));
            }
            if linked.iter().any(|l| l.target == v.target) {
                return Err(bad(format!("`{}` is named twice", v.path)));
            }
            linked.push(v);
        }
        let mut fields = linked.into_iter();
        let Some(mut first) = fields.next() else { return Err(bad("no field to vary".to_string())) };
        first.also = fields.map(|v| v.target).collect();
        first.path = parts.join(",");
        Ok(first)
    }

    fn parse_one(policy: &Policy, path: &str) -> Result<Variable, VaryError> {
        let p = policy.checked();
        let bad = |m: String| VaryError::new(VaryPart::Vary, m);
        let unsupported = |what: &str| bad(format!("{what}; a count, an amount, a date or a yes/no value can be varied"));
        let (target, kind) = match path {
            "as_of" => (Target::AsOf, VariableKind::Date),
            "affected_units" => (Target::AffectedUnits, VariableKind::Count),
            "discovered_on" => (Target::DiscoveredOn, VariableKind::Date),
            "notified_on" => (Target::NotifiedOn, VariableKind::Date),
            "supplier_responded_on" => (Target::SupplierRespondedOn, VariableKind::Date),
            "order.units" => (Target::OrderUnits, VariableKind::Count),
            "order.unit_price" => (Target::OrderUnitPrice, VariableKind::Amount),
            "order.value" => (Target::OrderValue, VariableKind::Amount),
            "order.due_on" => (Target::OrderDueOn, VariableKind::Date),
            "order.delivered_on" => (Target::OrderDeliveredOn, VariableKind::Date),
            "inspection.lot_size" => (Target::LotSize, VariableKind::Count),
            "inspection.sample_size" => (Target::SampleSize, VariableKind::Count),
            "evidence.photos" => (Target::Photos, VariableKind::Count),
            "evidence.lot_traceable" => (Target::LotTraceable, VariableKind::Bool),
            "recovered" => (Target::Recovered, VariableKind::Amount),
            _ => {
                if let Some(name) = path.strip_prefix("facts.") {
                    let Some(input) = p.input_index(name).and_then(|i| p.inputs.get(i)) else {
                        return Err(bad(format!("`{name}` is not an input of the policy")));
                    };
                    let kind = match input.ty {
                        Ty::Int => VariableKind::Integer,
                        Ty::Money => VariableKind::Amount,
                        Ty::Decimal | Ty::Percent => VariableKind::Decimal,
                        Ty::Date => VariableKind::Date,
                        Ty::Bool => VariableKind::Bool,
                        other => return Err(unsupported(&format!("the input `{name}` is a {}", other.name()))),
                    };
                    (Target::Fact(name.to_string(), input.ty), kind)
                } else if let Some(name) = path.strip_prefix("costs.") {
                    if name.is_empty() || name.contains(['.', '[']) {
                        return Err(bad("a cost is named `costs.NAME`".to_string()));
                    }
                    (Target::Cost(name.to_string()), VariableKind::Amount)
                } else if let Some(rest) = path.strip_prefix("inspection.found[") {
                    let index = rest
                        .strip_suffix("].count")
                        .and_then(|n| n.parse::<usize>().ok())
                        .ok_or_else(|| bad("a defect count is written `inspection.found[N].count`".to_string()))?;
                    (Target::FoundCount(index), VariableKind::Count)
                } else {
                    return Err(unsupported("the claim has no such field, or it is not a number, date or yes/no"));
                }
            }
        };
        Ok(Variable { path: path.to_string(), target, also: Vec::new(), kind, minor_units: p.currency.minor_units() })
    }

    /// The path it was parsed from.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Its kind.
    pub fn kind(&self) -> VariableKind {
        self.kind
    }

    /// Its value in `claim`; `None` when the claim does not give it (an optional field, a fact
    /// left to the input's default is read from the policy).
    pub fn get(&self, policy: &Policy, claim: &Claim) -> Option<VarValue> {
        let count = |c: Count| i64::try_from(c.0).ok().map(VarValue::Int);
        let amount = |a: Amount| Some(VarValue::Decimal(a.0));
        match &self.target {
            Target::AsOf => Some(VarValue::Date(claim.as_of)),
            Target::AffectedUnits => count(claim.affected_units),
            Target::DiscoveredOn => Some(VarValue::Date(claim.discovered_on)),
            Target::NotifiedOn => Some(VarValue::Date(claim.notified_on)),
            Target::SupplierRespondedOn => claim.supplier_responded_on.map(VarValue::Date),
            Target::OrderUnits => count(claim.order.units),
            Target::OrderUnitPrice => amount(claim.order.unit_price),
            Target::OrderValue => claim.order.value.and_then(amount),
            Target::OrderDueOn => claim.order.due_on.map(VarValue::Date),
            Target::OrderDeliveredOn => Some(VarValue::Date(claim.order.delivered_on)),
            Target::LotSize => claim.inspection.as_ref().and_then(|i| count(i.lot_size)),
            Target::SampleSize => claim.inspection.as_ref().and_then(|i| count(i.sample_size)),
            Target::FoundCount(n) => claim.inspection.as_ref().and_then(|i| i.found.get(*n)).and_then(|f| count(f.count)),
            Target::Cost(name) => Some(VarValue::Decimal(claim.costs.get(name).map_or(Decimal::ZERO, |a| a.amount()))),
            Target::Photos => claim.evidence.as_ref().and_then(|e| e.photos).and_then(count),
            Target::LotTraceable => claim.evidence.as_ref().and_then(|e| e.lot_traceable).map(VarValue::Bool),
            Target::Recovered => claim.recovered.and_then(amount),
            Target::Fact(name, _) => {
                let json = claim
                    .facts
                    .get(name)
                    .cloned()
                    .or_else(|| policy.describe().inputs.into_iter().find(|i| &i.name == name).map(|i| i.default))?;
                match (self.kind, json) {
                    (VariableKind::Bool, serde_json::Value::Bool(b)) => Some(VarValue::Bool(b)),
                    (VariableKind::Integer, serde_json::Value::Number(n)) => n.as_i64().map(VarValue::Int),
                    (VariableKind::Date, serde_json::Value::String(s)) => crate::domain::calendar::parse_date(&s).map(VarValue::Date),
                    (VariableKind::Amount | VariableKind::Decimal, j) => {
                        let text = match j {
                            serde_json::Value::String(s) => s.trim_end_matches('%').trim().to_string(),
                            other => other.to_string(),
                        };
                        crate::domain::money::parse_decimal(&text).ok().map(VarValue::Decimal)
                    }
                    _ => None,
                }
            }
        }
    }

    /// Whether `claim` has the place the variable is set in: a defect count needs its entry in
    /// `inspection.found`, the sizes need an inspection.
    pub fn check_claim(&self, claim: &Claim) -> Result<(), VaryError> {
        std::iter::once(&self.target).chain(&self.also).try_for_each(|t| Variable::check_one(t, claim))
    }

    fn check_one(target: &Target, claim: &Claim) -> Result<(), VaryError> {
        let bad = |m: String| Err(VaryError::new(VaryPart::Vary, m));
        match target {
            Target::LotSize | Target::SampleSize if claim.inspection.is_none() => bad("the claim has no `inspection`".to_string()),
            Target::FoundCount(n) => match &claim.inspection {
                None => bad("the claim has no `inspection`".to_string()),
                Some(i) if *n >= i.found.len() => bad(format!("index {n} is beyond the list's {} items", i.found.len())),
                Some(_) => Ok(()),
            },
            _ => Ok(()),
        }
    }

    /// Sets the variable to `value` in `claim`. A value the field cannot hold (a negative count,
    /// a fraction of a unit) is an `E0301` error naming the field, as the claim's JSON reader
    /// would give it.
    pub fn set(&self, claim: &mut Claim, value: VarValue) -> Result<(), EvalError> {
        std::iter::once(&self.target).chain(&self.also).try_for_each(|t| self.set_one(t, claim, value))
    }

    fn set_one(&self, target: &Target, claim: &mut Claim, value: VarValue) -> Result<(), EvalError> {
        let wrong =
            |what: &str| EvalError::new(Code::InvalidClaim, format!("`{}`: `{value}` is not {what}", self.path)).field(self.path.clone());
        let count = || -> Result<Count, EvalError> {
            match value {
                VarValue::Int(i) => match u64::try_from(i) {
                    Ok(n) if n <= MAX_COUNT => Ok(Count(n)),
                    _ => Err(wrong("a whole non-negative number")),
                },
                _ => Err(wrong("a whole non-negative number")),
            }
        };
        let amount = || match value {
            VarValue::Decimal(d) => Ok(Amount(d)),
            VarValue::Int(i) => Ok(Amount(Decimal::from(i))),
            _ => Err(wrong("an amount")),
        };
        let date = || match value {
            VarValue::Date(d) => Ok(d),
            _ => Err(wrong("a date")),
        };
        let missing =
            || EvalError::new(Code::InvalidClaim, format!("`{}`: the claim has no place for it", self.path)).field(self.path.clone());
        match target {
            Target::AsOf => claim.as_of = date()?,
            Target::AffectedUnits => claim.affected_units = count()?,
            Target::DiscoveredOn => claim.discovered_on = date()?,
            Target::NotifiedOn => claim.notified_on = date()?,
            Target::SupplierRespondedOn => claim.supplier_responded_on = Some(date()?),
            Target::OrderUnits => claim.order.units = count()?,
            Target::OrderUnitPrice => claim.order.unit_price = amount()?,
            Target::OrderValue => claim.order.value = Some(amount()?),
            Target::OrderDueOn => claim.order.due_on = Some(date()?),
            Target::OrderDeliveredOn => claim.order.delivered_on = date()?,
            Target::LotSize => claim.inspection.as_mut().ok_or_else(missing)?.lot_size = count()?,
            Target::SampleSize => claim.inspection.as_mut().ok_or_else(missing)?.sample_size = count()?,
            Target::FoundCount(n) => {
                let c = count()?;
                claim.inspection.as_mut().and_then(|i| i.found.get_mut(*n)).ok_or_else(missing)?.count = c;
            }
            Target::Cost(name) => {
                // A cost in another currency keeps its currency and date: only the number varies.
                let a = amount()?;
                let varied = match claim.costs.get(name) {
                    Some(old) => old.with_amount(a.0),
                    None => a.into(),
                };
                claim.costs.insert(name.clone(), varied);
            }
            Target::Photos => {
                let c = count()?;
                claim.evidence.get_or_insert_with(empty_evidence).photos = Some(c);
            }
            Target::LotTraceable => {
                let VarValue::Bool(b) = value else { return Err(wrong("true or false")) };
                claim.evidence.get_or_insert_with(empty_evidence).lot_traceable = Some(b);
            }
            Target::Recovered => claim.recovered = Some(amount()?),
            Target::Fact(name, ty) => {
                let json = match (ty, value) {
                    (Ty::Int, VarValue::Int(i)) => serde_json::Value::from(i),
                    (Ty::Money | Ty::Decimal | Ty::Percent, VarValue::Decimal(d)) => serde_json::Value::String(d.to_string()),
                    (Ty::Money | Ty::Decimal | Ty::Percent, VarValue::Int(i)) => serde_json::Value::String(i.to_string()),
                    (Ty::Date, VarValue::Date(d)) => serde_json::Value::String(d.to_string()),
                    (Ty::Bool, VarValue::Bool(b)) => serde_json::Value::Bool(b),
                    _ => return Err(wrong(&crate::check::article(*ty))),
                };
                claim.facts.insert(name.clone(), json);
            }
        }
        Ok(())
    }

    /// A value of this variable from text (`12`, `40.25`, `2026-03-05`, `true`).
    pub fn value(&self, part: VaryPart, text: &str) -> Result<VarValue, VaryError> {
        let text = text.trim();
        match self.kind {
            VariableKind::Bool => match text {
                "true" => Ok(VarValue::Bool(true)),
                "false" => Ok(VarValue::Bool(false)),
                other => Err(VaryError::new(part, format!("`{other}` is not true or false"))),
            },
            VariableKind::Date => crate::domain::calendar::parse_date(text)
                .map(VarValue::Date)
                .ok_or_else(|| VaryError::new(part, format!("`{text}` is not a date (YYYY-MM-DD)"))),
            VariableKind::Count | VariableKind::Integer => {
                let d = number(part, text)?;
                whole(self, d)
            }
            VariableKind::Amount | VariableKind::Decimal => Ok(VarValue::Decimal(number(part, text)?)),
        }
    }

    /// The values from `from` to `to` (inclusive) by `step`, in exact arithmetic: at most
    /// [`MAX_SWEEP_POINTS`]. Dates step by whole days (default 1); a yes/no variable takes no
    /// step and gives `from` then `to` (default false, true). Amounts keep the places of the
    /// range (`40.00, 40.25, ...`).
    pub fn points(&self, from: Option<&str>, to: Option<&str>, step: Option<&str>) -> Result<Vec<VarValue>, VaryError> {
        let need = |part: VaryPart, v: Option<&str>| -> Result<VarValue, VaryError> {
            let text = v.ok_or_else(|| VaryError::missing(part))?;
            self.value(part, text)
        };
        match self.kind {
            VariableKind::Bool => {
                if step.is_some() {
                    return Err(VaryError::new(
                        VaryPart::Step,
                        format!("`{}` is yes/no; give from and to (false, true) or neither", self.path),
                    ));
                }
                let from = from.map(|t| self.value(VaryPart::From, t)).transpose()?.unwrap_or(VarValue::Bool(false));
                let to = to.map(|t| self.value(VaryPart::To, t)).transpose()?.unwrap_or(VarValue::Bool(true));
                Ok(if from == to { vec![from] } else { vec![from, to] })
            }
            VariableKind::Date => {
                let (VarValue::Date(a), VarValue::Date(b)) = (need(VaryPart::From, from)?, need(VaryPart::To, to)?) else {
                    return Err(VaryError::new(VaryPart::From, "not a date"));
                };
                let step = match step {
                    Some(s) => number(VaryPart::Step, s)?,
                    None => Decimal::ONE,
                };
                if !step.fract().is_zero() {
                    return Err(VaryError::new(VaryPart::Step, format!("dates step by whole days, not {step}")));
                }
                let days = Decimal::from(b.signed_duration_since(a).num_days());
                values(Decimal::ZERO, days, step)?
                    .into_iter()
                    .map(|n| {
                        i64::try_from(n)
                            .ok()
                            .and_then(|n| crate::domain::calendar::add_days(a, n).ok())
                            .map(VarValue::Date)
                            .ok_or_else(|| VaryError::new(VaryPart::Step, "the range leaves the calendar"))
                    })
                    .collect()
            }
            VariableKind::Count | VariableKind::Integer | VariableKind::Amount | VariableKind::Decimal => {
                let number_of = |part: VaryPart, v: Option<&str>| -> Result<Decimal, VaryError> {
                    number(part, v.ok_or_else(|| VaryError::missing(part))?)
                };
                let a = number_of(VaryPart::From, from)?;
                let b = number_of(VaryPart::To, to)?;
                let s = number_of(VaryPart::Step, step)?;
                let places = a.scale().max(b.scale()).max(s.scale());
                values(a, b, s)?
                    .into_iter()
                    .map(|mut v| match self.kind {
                        VariableKind::Count | VariableKind::Integer => whole(self, v),
                        _ => {
                            v.rescale(places);
                            Ok(VarValue::Decimal(v))
                        }
                    })
                    .collect()
            }
        }
    }
}

fn empty_evidence() -> crate::model::claim::Evidence {
    crate::model::claim::Evidence { photos: None, lot_traceable: None, third_party_report: None }
}

fn whole(var: &Variable, d: Decimal) -> Result<VarValue, VaryError> {
    if !d.fract().is_zero() {
        return Err(VaryError::new(VaryPart::Vary, format!("the field is a whole number, but the range gives {d}")));
    }
    i64::try_from(d).map(VarValue::Int).map_err(|_| VaryError::new(VaryPart::Vary, format!("{d} is out of range for `{}`", var.path)))
}

fn number(part: VaryPart, text: &str) -> Result<Decimal, VaryError> {
    crate::domain::money::parse_decimal(text.trim()).map_err(|e| match e {
        crate::domain::money::DecimalTextError::Shape => VaryError::new(part, format!("`{text}` is not a decimal number")),
        crate::domain::money::DecimalTextError::Range => {
            VaryError::new(part, format!("`{text}` is out of range (at most 28 significant digits)"))
        }
    })
}

/// The values from `from` to `to` (inclusive) by `step`, in exact decimal arithmetic.
fn values(from: Decimal, to: Decimal, step: Decimal) -> Result<Vec<Decimal>, VaryError> {
    if step.is_zero() {
        return Err(VaryError::new(VaryPart::Step, "must not be zero"));
    }
    if (to > from && step.is_sign_negative()) || (to < from && step.is_sign_positive()) {
        return Err(VaryError::new(VaryPart::Step, format!("{step} never reaches {to} from {from}")));
    }
    let mut out = Vec::new();
    let mut v = from;
    while (step.is_sign_positive() && v <= to) || (step.is_sign_negative() && v >= to) {
        if out.len() >= MAX_SWEEP_POINTS {
            return Err(VaryError {
                too_many: true,
                ..VaryError::new(VaryPart::Step, format!("the range has more than {MAX_SWEEP_POINTS} values; use a larger step"))
            });
        }
        out.push(v);
        v = v.plus(step).ok_or_else(|| VaryError::new(VaryPart::Step, "the range overflows"))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn steps_are_exact_and_inclusive() {
        let v: Vec<String> = values(d("0.1"), d("0.3"), d("0.1")).unwrap().iter().map(|x| x.to_string()).collect();
        assert_eq!(v, ["0.1", "0.2", "0.3"]);
        let v: Vec<String> = values(d("10"), d("0"), d("-5")).unwrap().iter().map(|x| x.to_string()).collect();
        assert_eq!(v, ["10", "5", "0"]);
        assert_eq!(values(d("0"), d("1"), d("0.3")).unwrap().len(), 4, "0, 0.3, 0.6, 0.9");
        assert_eq!(values(d("0"), d("1"), d("0")).unwrap_err().message, "must not be zero");
        assert_eq!(values(d("0"), d("1"), d("-1")).unwrap_err().message, "-1 never reaches 1 from 0");
        let e = values(d("0"), d("1000000"), d("1")).unwrap_err();
        assert!(e.too_many, "too many values: {e:?}");
    }
}
