//! Expression evaluation: exact arithmetic, dates, and what each name reads from the claim.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::check::{CExpr, CKind, CountTarget, Field};
use crate::diagnostics::Code;
use crate::domain::calendar;
use crate::domain::money::{self, Checked, RoundRule};
use crate::model::decision::{DeadlineStatus, TraceRead};
use crate::terms::{BinaryOp, Func, Measure, RoundFunc, TimeUnit, UnaryOp};
use crate::value::{SeverityValue, Value, unit_name};

use super::State;
use super::error::{EvalError, R, date_error, decision_date};

fn overflow(what: &str) -> EvalError {
    EvalError::new(Code::Overflow, format!("{what} overflowed the exact range"))
}

/// Decimal keeps 28 significant digits; a result that needs more would be rounded, which this
/// engine never does silently.
fn too_long(what: &str) -> EvalError {
    EvalError::new(Code::Overflow, format!("{what} needs more than 28 significant digits"))
}

impl State<'_> {
    pub(crate) fn eval(&mut self, e: &CExpr) -> R<Value> {
        self.eval_inner(e).map_err(|err| err.at(e.span))
    }

    fn eval_inner(&mut self, e: &CExpr) -> R<Value> {
        match &e.kind {
            CKind::Const(v) => Ok(v.clone()),
            CKind::Cost(name) => self.cost(name, e.span),
            CKind::Field(_)
            | CKind::Input(_)
            | CKind::Let(_)
            | CKind::Due(_)
            | CKind::Met(_)
            | CKind::Missed(_)
            | CKind::Flagged(_)
            | CKind::Count(_)
            | CKind::Present(_)
            | CKind::Kind(_)
            | CKind::RemedyTotal(..)
            | CKind::RemedyAvailable(_) => self.name(&e.kind),
            CKind::Unary(op, inner) => {
                let v = self.eval(inner)?;
                unary(*op, v)
            }
            CKind::Binary(op, l, r) => self.binary_expr(*op, l, r),
            CKind::Chain(first, rest) => self.chain(first, rest).map(|acc| widen(acc, e)),
            CKind::If(branches, otherwise) => {
                for (c, v) in branches {
                    match self.eval(c)? {
                        Value::Bool(true) => return self.eval(v).map(|x| widen(x, e)),
                        Value::Bool(false) => {}
                        _ => return Err(type_bug()),
                    }
                }
                self.eval(otherwise).map(|x| widen(x, e))
            }
            CKind::MinMax(func, args) => self.min_max(*func, args, e),
            CKind::Round { func, arg, places, mode } => self.round(*func, arg, *places, *mode, e),
            CKind::DaysBetween { business, from, to } => {
                let (Value::Date(a), Value::Date(b)) = (self.eval(from)?, self.eval(to)?) else { return Err(type_bug()) };
                let n =
                    if *business { self.p.calendar.business_days_between(a, b).map_err(date_error)? } else { calendar::days_between(a, b) };
                Ok(Value::Int(n))
            }
            CKind::Duration(amount, unit) => match self.eval(amount)? {
                Value::Int(n) => Ok(Value::Duration(n, *unit)),
                _ => Err(type_bug()),
            },
            CKind::SpanBetween { count, unit, from, to } => {
                use crate::domain::timestamp as ts;
                match (self.eval(from)?, self.eval(to)?) {
                    (Value::Date(a), Value::Date(b)) => Ok(Value::Int(calendar::days_between(a, b))),
                    (Value::Timestamp(a), Value::Timestamp(b)) => {
                        let unit_seconds = match unit {
                            crate::terms::SpanUnit::Days => 86_400,
                            crate::terms::SpanUnit::Hours => 3600,
                        };
                        Ok(Value::Int(ts::count_units(ts::seconds_between(a, b), unit_seconds, *count)))
                    }
                    _ => Err(type_bug()),
                }
            }
            CKind::DatePart(part, arg) => {
                use chrono::Datelike;
                let date = match self.eval(arg)? {
                    Value::Date(d) => d,
                    Value::Timestamp(t) => t.date_naive(),
                    _ => return Err(type_bug()),
                };
                Ok(match part {
                    crate::terms::DatePart::Year => Value::Int(i64::from(date.year())),
                    crate::terms::DatePart::Quarter => Value::Int(crate::domain::timestamp::quarter(date.month())),
                    crate::terms::DatePart::Month => Value::Int(i64::from(date.month())),
                    crate::terms::DatePart::Weekday => Value::Int(i64::from(date.weekday().number_from_monday())),
                    crate::terms::DatePart::Date => Value::Date(date),
                })
            }
            CKind::Event(_) | CKind::PresentEvent(_) => self.name(&e.kind),
        }
    }

    /// A name's value, recorded as a read of the current trace step.
    fn name(&mut self, kind: &CKind) -> R<Value> {
        match kind {
            CKind::Field(f) => {
                let v = self.field(*f)?;
                let f = *f;
                self.read(|| field_name(f).to_string(), &v);
                Ok(v)
            }
            CKind::Input(i) => {
                let v = self.inputs.get(*i).cloned().ok_or_else(|| EvalError::new(Code::Internal, "input out of range"))?;
                let p = self.p;
                self.read(|| p.inputs.get(*i).map(|x| x.name.clone()).unwrap_or_default(), &v);
                Ok(v)
            }
            CKind::Let(i) => {
                let v = self
                    .lets
                    .get(*i)
                    .cloned()
                    .flatten()
                    .ok_or_else(|| EvalError::new(Code::Internal, "let read before it was computed"))?;
                if let Some(read) = self.let_conversions.get(*i) {
                    self.conversions_read.extend_from_slice(read);
                }
                let p = self.p;
                self.read(|| p.lets.get(*i).map(|x| x.name.clone()).unwrap_or_default(), &v);
                Ok(v)
            }
            CKind::Due(i) => {
                let d = if Some(*i) == self.current_deadline { self.current_due } else { self.dues.get(*i).copied().flatten() };
                let d = d.ok_or_else(|| EvalError::new(Code::Internal, "deadline read before it was computed"))?;
                let v = Value::Date(d);
                let p = self.p;
                self.read(|| format!("{}.due", p.deadlines.get(*i).map(|x| x.name.as_str()).unwrap_or_default()), &v);
                Ok(v)
            }
            CKind::Met(i) | CKind::Missed(i) => {
                let status = self
                    .statuses
                    .get(*i)
                    .copied()
                    .flatten()
                    .ok_or_else(|| EvalError::new(Code::Internal, "deadline read before it was computed"))?;
                let met = matches!(kind, CKind::Met(_));
                let v = Value::Bool(if met { status == DeadlineStatus::Met } else { status == DeadlineStatus::Missed });
                let p = self.p;
                let name = || p.deadlines.get(*i).map(|x| x.name.as_str()).unwrap_or_default();
                self.read(|| format!("{}.{}", name(), if met { "met" } else { "missed" }), &v);
                Ok(v)
            }
            CKind::Flagged(i) => {
                let raised = self
                    .flags
                    .get(*i)
                    .copied()
                    .flatten()
                    .ok_or_else(|| EvalError::new(Code::Internal, "flag read before it was computed"))?;
                let v = Value::Bool(raised);
                let p = self.p;
                self.read(|| format!("flagged {}", p.flags.get(*i).map(|x| x.name.as_str()).unwrap_or_default()), &v);
                Ok(v)
            }
            CKind::RemedyTotal(i, _) | CKind::RemedyAvailable(i) => {
                let c = self
                    .costed
                    .get(*i)
                    .copied()
                    .flatten()
                    .ok_or_else(|| EvalError::new(Code::Internal, "remedy total read before the remedy was costed"))?;
                let (v, field) = match kind {
                    CKind::RemedyTotal(_, Measure::SupplierTotal) => (Value::Money(c.supplier_total), "supplier_total"),
                    CKind::RemedyTotal(_, Measure::BuyerPays) => (Value::Money(c.buyer_pays), "buyer_pays"),
                    CKind::RemedyTotal(_, Measure::BuyerNetRecovery) => (Value::Money(c.buyer_net_recovery), "buyer_net_recovery"),
                    _ => (Value::Bool(c.available), "available"),
                };
                let p = self.p;
                self.read(|| format!("{}.{field}", p.remedies.get(*i).map(|r| r.name.as_str()).unwrap_or_default()), &v);
                Ok(v)
            }
            CKind::Kind(k) => {
                let v = Value::Bool(self.claim.kind.as_deref().unwrap_or("defect") == k);
                self.read(|| format!("kind {k}"), &v);
                Ok(v)
            }
            CKind::Present(f) => {
                let v = match self.field(*f) {
                    Ok(_) => Value::Bool(true),
                    Err(e) if e.is(Code::MissingField) => Value::Bool(false),
                    Err(e) => return Err(e),
                };
                let f = *f;
                self.read(|| format!("present({})", f.policy_path()), &v);
                Ok(v)
            }
            CKind::Event(i) => {
                let p = self.p;
                let name = p.process.as_ref().and_then(|x| x.events.get(*i)).map(|e| e.name.as_str()).unwrap_or_default();
                let v = match self.events.get(*i).copied().flatten() {
                    Some(crate::model::claim::Moment::Date(d)) => Value::Date(d),
                    Some(crate::model::claim::Moment::Timestamp(t)) => Value::Timestamp(t),
                    None => {
                        return Err(EvalError::new(Code::MissingField, format!("the claim has no event `{name}`"))
                            .field(format!("events[kind={name}]")));
                    }
                };
                self.read(|| format!("event.{name}"), &v);
                Ok(v)
            }
            CKind::PresentEvent(i) => {
                let p = self.p;
                let name = p.process.as_ref().and_then(|x| x.events.get(*i)).map(|e| e.name.as_str()).unwrap_or_default();
                let v = Value::Bool(self.events.get(*i).copied().flatten().is_some());
                self.read(|| format!("present(event.{name})"), &v);
                Ok(v)
            }
            CKind::Count(target) => {
                let n = match target {
                    CountTarget::AllDefects => self.lot.all_defects,
                    CountTarget::Severity(c) => self.lot.by_class(*c),
                    CountTarget::Code(code) => self.lot.counts.get(code).copied().unwrap_or(0),
                };
                let v = Value::Int(i64::try_from(n).map_err(|_| overflow("a defect count"))?);
                let label = || match target {
                    CountTarget::AllDefects => "count defects".to_string(),
                    CountTarget::Severity(c) => format!("count {}", SeverityValue::from_class(*c).name()),
                    CountTarget::Code(code) => format!("count {code}"),
                };
                self.read(label, &v);
                Ok(v)
            }
            _ => Err(type_bug()),
        }
    }

    fn binary_expr(&mut self, op: BinaryOp, l: &CExpr, r: &CExpr) -> R<Value> {
        // `and` / `or` short-circuit, so a guard can protect a division.
        if matches!(op, BinaryOp::And | BinaryOp::Or) {
            let lv = self.eval(l)?;
            return match (op, lv) {
                (BinaryOp::And, Value::Bool(false)) => Ok(Value::Bool(false)),
                (BinaryOp::Or, Value::Bool(true)) => Ok(Value::Bool(true)),
                (_, Value::Bool(_)) => match self.eval(r)? {
                    Value::Bool(b) => Ok(Value::Bool(b)),
                    _ => Err(type_bug()),
                },
                _ => Err(type_bug()),
            };
        }
        let lv = self.eval(l)?;
        let rv = self.eval(r)?;
        self.binary(op, lv, rv)
    }

    fn chain(&mut self, first: &CExpr, rest: &[(BinaryOp, CExpr)]) -> R<Value> {
        let mut acc = self.eval(first)?;
        for (op, operand) in rest {
            if matches!(op, BinaryOp::And | BinaryOp::Or) {
                match (op, &acc) {
                    (BinaryOp::And, Value::Bool(false)) | (BinaryOp::Or, Value::Bool(true)) => continue,
                    (_, Value::Bool(_)) => {}
                    _ => return Err(type_bug()),
                }
                acc = match self.eval(operand)? {
                    Value::Bool(b) => Value::Bool(b),
                    _ => return Err(type_bug()),
                };
            } else {
                let v = self.eval(operand)?;
                acc = self.binary(*op, acc, v).map_err(|e| e.at(operand.span))?;
            }
        }
        Ok(acc)
    }

    fn min_max(&mut self, func: Func, args: &[CExpr], e: &CExpr) -> R<Value> {
        let mut best: Option<Value> = None;
        for a in args {
            let v = widen(self.eval(a)?, e);
            best = Some(match best {
                None => v,
                Some(b) => {
                    let ord = compare(&v, &b).ok_or_else(type_bug)?;
                    let take_new = match func {
                        Func::Min => ord == std::cmp::Ordering::Less,
                        Func::Max => ord == std::cmp::Ordering::Greater,
                    };
                    if take_new { v } else { b }
                }
            });
        }
        best.ok_or_else(type_bug)
    }

    fn field(&self, f: Field) -> R<Value> {
        let c = self.claim;
        let missing = || EvalError::new(Code::MissingField, format!("the claim has no `{}`", f.claim_path())).field(f.claim_path());
        let text = |t: &Option<String>| t.clone().map(Value::Text).ok_or_else(missing);
        let count = |n: u64| i64::try_from(n).map(Value::Int).map_err(|_| overflow(f.claim_path()));
        Ok(match f {
            Field::ClaimId => Value::Text(c.claim_id.clone()),
            Field::AsOf => Value::Date(c.as_of),
            Field::DiscoveredOn => Value::Date(c.discovered_on),
            Field::NotifiedOn => Value::Date(c.notified_on),
            Field::SupplierRespondedOn => c.supplier_responded_on.map(Value::Date).ok_or_else(missing)?,
            Field::AffectedUnits => count(c.affected_units.0)?,
            Field::Sku => text(&c.sku)?,
            Field::Supplier => text(&c.supplier)?,
            Field::Po => text(&c.po)?,
            Field::LotId => text(&c.lot)?,
            Field::OrderUnits => count(c.order.units.0)?,
            Field::OrderUnitPrice => Value::Money(c.order.unit_price.0),
            Field::OrderValue => Value::Money(self.order_value),
            Field::OrderDueOn => c.order.due_on.map(Value::Date).ok_or_else(missing)?,
            Field::OrderDeliveredOn => Value::Date(c.order.delivered_on),
            Field::LotRejected => Value::Bool(self.lot.rejected == Some(true)),
            Field::LotAccepted => Value::Bool(self.lot.rejected == Some(false)),
            Field::LotSize => count(c.inspection.as_ref().ok_or_else(missing)?.lot_size.0)?,
            Field::SampleSize => count(c.inspection.as_ref().ok_or_else(missing)?.sample_size.0)?,
            Field::WorstSeverity => Value::Severity(self.lot.worst),
            Field::EvidencePhotos => count(c.evidence.as_ref().and_then(|e| e.photos).map(|p| p.0).unwrap_or(0))?,
            Field::EvidenceLotTraceable => Value::Bool(c.evidence.as_ref().and_then(|e| e.lot_traceable).unwrap_or(false)),
            Field::EvidenceThirdPartyReport => {
                c.evidence.as_ref().and_then(|e| e.third_party_report.clone()).map(Value::Text).ok_or_else(missing)?
            }
        })
    }

    fn binary(&self, op: BinaryOp, l: Value, r: Value) -> R<Value> {
        use Value::*;
        let hundred = rust_decimal::Decimal::ONE_HUNDRED;
        Ok(match op {
            BinaryOp::Eq | BinaryOp::Ne => {
                let eq = match compare(&l, &r) {
                    Some(o) => o == std::cmp::Ordering::Equal,
                    None => l == r,
                };
                Bool(if op == BinaryOp::Eq { eq } else { !eq })
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                let o = compare(&l, &r).ok_or_else(type_bug)?;
                Bool(match op {
                    BinaryOp::Lt => o.is_lt(),
                    BinaryOp::Le => o.is_le(),
                    BinaryOp::Gt => o.is_gt(),
                    _ => o.is_ge(),
                })
            }
            BinaryOp::Add | BinaryOp::Sub => {
                let sub = op == BinaryOp::Sub;
                match (l, r) {
                    (Int(a), Int(b)) => Int(if sub { a.checked_sub(b) } else { a.checked_add(b) }.ok_or_else(|| overflow("an addition"))?),
                    (Money(a), Money(b)) => Money(add(a, b, sub)?),
                    (Percent(a), Percent(b)) => Percent(add(a, b, sub)?),
                    (Date(d), Duration(n, unit)) => {
                        let n = if sub { n.checked_neg().ok_or_else(|| overflow("a duration"))? } else { n };
                        Date(self.shift(d, n, unit)?)
                    }
                    (a, b) => Decimal(add(num(&a)?, num(&b)?, sub)?),
                }
            }
            BinaryOp::Mul => match (l, r) {
                (Int(a), Int(b)) => Int(a.checked_mul(b).ok_or_else(|| overflow("a multiplication"))?),
                (Money(a), Percent(p)) | (Percent(p), Money(a)) => Money(share(a, p)?),
                (Money(a), b) | (b, Money(a)) => Money(mul(a, num(&b)?)?),
                (Percent(p), b) => Percent(mul(p, num(&b)?)?),
                (a, Percent(p)) => Decimal(share(num(&a)?, p)?),
                (a, b) => Decimal(mul(num(&a)?, num(&b)?)?),
            },
            BinaryOp::Div => match (l, r) {
                (Money(a), Money(b)) => Decimal(div(a, b)?),
                (Money(a), b) => Money(div(a, num(&b)?)?),
                (Percent(a), Percent(b)) => Decimal(div(a, b)?),
                (Percent(a), b) => Percent(div(a, num(&b)?)?),
                (a, b) => Decimal(div(num(&a)?, num(&b)?)?),
            },
            BinaryOp::Of => match (l, r) {
                (Percent(p), Money(a)) => Money(share(a, p)?),
                (Percent(p), Percent(q)) => Percent(div(mul(p, q)?, hundred)?),
                (Percent(p), b) => Decimal(share(num(&b)?, p)?),
                _ => return Err(type_bug()),
            },
            BinaryOp::And | BinaryOp::Or => return Err(type_bug()),
        })
    }

    pub(crate) fn shift(&self, d: NaiveDate, n: i64, unit: TimeUnit) -> R<NaiveDate> {
        match unit {
            TimeUnit::Days => calendar::add_days(d, n),
            TimeUnit::BusinessDays => self.p.calendar.add_business_days(d, n),
            TimeUnit::Weeks => calendar::add_weeks(d, n),
            TimeUnit::Months => calendar::add_months(d, n),
        }
        .map_err(date_error)
        .and_then(decision_date)
    }

    fn round(
        &mut self,
        func: RoundFunc,
        arg: &CExpr,
        places: Option<u32>,
        mode: Option<crate::terms::RoundingMode>,
        e: &CExpr,
    ) -> R<Value> {
        let p = places.unwrap_or(0);
        let rule = match func {
            RoundFunc::Round => RoundRule::Nearest(mode.unwrap_or(self.p.rounding)),
            RoundFunc::Floor => RoundRule::Floor,
            RoundFunc::Ceil => RoundRule::Ceil,
        };
        // Inside `round`, arithmetic is done on exact fractions and rounded once at the end, so
        // `round(price * (delivered / conforming) to 2 places)` needs no intermediate rounding.
        let wrap: fn(Decimal) -> Value = match arg.ty {
            crate::value::Ty::Int => return self.eval(arg),
            crate::value::Ty::Money => Value::Money,
            crate::value::Ty::Percent => Value::Percent,
            _ => Value::Decimal,
        };
        let (n, d) = self.fraction(arg)?;
        let value = money::divide_with(n, d, p, rule).ok_or_else(|| overflow("a rounded division"))?;
        self.note_read(|| {
            let exact = if d == Decimal::ONE { n.normalize().to_string() } else { format!("{} / {}", n.normalize(), d.normalize()) };
            let how = match rule {
                RoundRule::Nearest(mode) => mode.display(),
                RoundRule::Floor => "down",
                RoundRule::Ceil => "up",
            };
            TraceRead { name: format!("rounded {how} to {p} places"), value: format!("{exact} -> {value}") }
        });
        let v = wrap(value);
        // `round(decimal)` without places is a whole number.
        if e.ty == crate::value::Ty::Int {
            return match v {
                Value::Decimal(d) => i64::try_from(d).map(Value::Int).map_err(|_| overflow("a whole number")),
                other => Ok(other),
            };
        }
        Ok(v)
    }

    /// The exact value of an arithmetic expression as numerator / denominator (percents in
    /// percent points). Leaves are evaluated normally.
    fn fraction(&mut self, e: &CExpr) -> R<(Decimal, Decimal)> {
        use crate::value::Ty;
        let ty_of = |x: &CExpr| x.ty;
        match &e.kind {
            CKind::Unary(UnaryOp::Neg, inner) => {
                let (n, d) = self.fraction(inner)?;
                Ok((-n, d))
            }
            CKind::Binary(op, l, r) if !matches!(op, BinaryOp::And | BinaryOp::Or) && is_arith(*op) => {
                let a = self.fraction(l)?;
                let b = self.fraction(r)?;
                combine(*op, a, ty_of(l), b, ty_of(r), e.ty).map_err(|err| err.at(e.span))
            }
            CKind::Chain(first, rest) if rest.iter().all(|(op, _)| is_arith(*op)) => {
                let mut acc = self.fraction(first)?;
                let mut acc_ty = first.ty;
                for (op, x) in rest {
                    let b = self.fraction(x)?;
                    let result_ty = crate::check::binary_type(*op, acc_ty, x.ty).unwrap_or(Ty::Decimal);
                    acc = combine(*op, acc, acc_ty, b, x.ty, result_ty).map_err(|err| err.at(x.span))?;
                    acc_ty = result_ty;
                }
                Ok(acc)
            }
            _ => match self.eval(e)? {
                Value::Int(i) => Ok((Decimal::from(i), Decimal::ONE)),
                Value::Decimal(x) | Value::Money(x) | Value::Percent(x) => Ok((x, Decimal::ONE)),
                _ => Err(type_bug()),
            },
        }
    }
}

pub(crate) fn show_value(p: &crate::check::CheckedPolicy, v: &Value) -> String {
    match v {
        Value::Money(a) => {
            let places = p.currency.minor_units().max(a.scale());
            format!("{} {}", p.currency.code(), money::format_places(*a, places))
        }
        Value::Decimal(d) => d.normalize().to_string(),
        Value::Percent(d) => format!("{}%", d.normalize()),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Duration(n, u) => format!("{n} {}", unit_name(*u, *n)),
        Value::Text(t) => t.clone(),
        Value::Severity(s) => s.name().to_string(),
        Value::Remedy(i) => p.remedies.get(*i).map(|r| r.name.clone()).unwrap_or_default(),
        Value::Timestamp(t) => crate::domain::timestamp::format_timestamp(t),
    }
}

fn unary(op: UnaryOp, v: Value) -> R<Value> {
    match (op, v) {
        (UnaryOp::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
        (UnaryOp::Neg, Value::Int(i)) => i.checked_neg().map(Value::Int).ok_or_else(|| overflow("negation")),
        (UnaryOp::Neg, Value::Decimal(d)) => Ok(Value::Decimal(-d)),
        (UnaryOp::Neg, Value::Money(d)) => Ok(Value::Money(-d)),
        (UnaryOp::Neg, Value::Percent(d)) => Ok(Value::Percent(-d)),
        _ => Err(type_bug()),
    }
}

fn is_arith(op: BinaryOp) -> bool {
    matches!(op, BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Of)
}

/// Combine two exact fractions. A percent multiplied into a non-percent result counts per
/// hundred.
fn combine(
    op: BinaryOp,
    (an, ad): (Decimal, Decimal),
    aty: crate::value::Ty,
    (bn, bd): (Decimal, Decimal),
    bty: crate::value::Ty,
    result: crate::value::Ty,
) -> R<(Decimal, Decimal)> {
    use crate::value::Ty;
    let m = |x: Decimal, y: Decimal| x.times(y).ok_or_else(|| too_long("an exact fraction"));
    match op {
        BinaryOp::Add | BinaryOp::Sub => {
            let left = m(an, bd)?;
            let right = m(bn, ad)?;
            let n = if op == BinaryOp::Add { left.plus(right) } else { left.minus(right) }.ok_or_else(|| too_long("a sum"))?;
            Ok((n, m(ad, bd)?))
        }
        BinaryOp::Mul | BinaryOp::Of => {
            let per_hundred = op == BinaryOp::Of || ((aty == Ty::Percent || bty == Ty::Percent) && result != Ty::Percent);
            let d = m(ad, bd)?;
            Ok((m(an, bn)?, if per_hundred { m(d, Decimal::ONE_HUNDRED)? } else { d }))
        }
        BinaryOp::Div => {
            if bn.is_zero() {
                return Err(EvalError::new(Code::DivisionByZero, "division by zero"));
            }
            let (n, d) = (m(an, bd)?, m(ad, bn)?);
            Ok(if d.is_sign_negative() { (-n, -d) } else { (n, d) })
        }
        _ => Err(type_bug()),
    }
}

fn field_name(f: Field) -> &'static str {
    Field::ALL.iter().find(|(_, x, _)| *x == f).map(|(n, _, _)| *n).unwrap_or("")
}

fn type_bug() -> EvalError {
    EvalError::new(Code::Internal, "a value had a type the checker did not allow")
}

/// An `int` where the expression's type is decimal becomes a decimal (if / min / max branches).
fn widen(v: Value, e: &CExpr) -> Value {
    match (v, e.ty) {
        (Value::Int(i), crate::value::Ty::Decimal) => Value::Decimal(Decimal::from(i)),
        (v, _) => v,
    }
}

fn num(v: &Value) -> R<Decimal> {
    match v {
        Value::Int(i) => Ok(Decimal::from(*i)),
        Value::Decimal(d) => Ok(*d),
        _ => Err(type_bug()),
    }
}

fn add(a: Decimal, b: Decimal, sub: bool) -> R<Decimal> {
    if sub { a.minus(b) } else { a.plus(b) }.ok_or_else(|| too_long(if sub { "a difference" } else { "a sum" }))
}

fn mul(a: Decimal, b: Decimal) -> R<Decimal> {
    a.times(b).ok_or_else(|| too_long("a product"))
}

/// `a * p %`, exact.
fn share(a: Decimal, p: Decimal) -> R<Decimal> {
    let product = mul(a, p)?;
    // A hundredth is the same digits two places to the right: exact, and what `div` gives
    // (normalised), without a 96-bit division and the multiplication that checks it.
    let mut hundredth = product;
    if product.scale() <= 26 && hundredth.set_scale(product.scale().saturating_add(2)).is_ok() {
        return Ok(hundredth.normalize());
    }
    div(product, Decimal::ONE_HUNDRED)
}

fn div(a: Decimal, b: Decimal) -> R<Decimal> {
    if b.is_zero() {
        return Err(EvalError::new(Code::DivisionByZero, "division by zero"));
    }
    money::divide_exact(a, b).ok_or_else(|| {
        EvalError::new(Code::InexactDivision, format!("{a} / {b} does not terminate; state its rounding, e.g. `round(a / b to 2 places)`"))
    })
}

/// Order two values of comparable types (numbers across int and decimal).
pub(crate) fn compare(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    use Value::*;
    Some(match (a, b) {
        (Int(x), Int(y)) => x.cmp(y),
        (Int(x), Decimal(y)) => rust_decimal::Decimal::from(*x).cmp(y),
        (Decimal(x), Int(y)) => x.cmp(&rust_decimal::Decimal::from(*y)),
        (Decimal(x), Decimal(y)) | (Money(x), Money(y)) | (Percent(x), Percent(y)) => x.cmp(y),
        (Date(x), Date(y)) => x.cmp(y),
        (Timestamp(x), Timestamp(y)) => x.cmp(y),
        (Severity(x), Severity(y)) => x.cmp(y),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test stops at the line that failed")]
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The shortcut for a percentage gives what the exact division gives, digits and scale.
        #[test]
        fn a_share_is_the_exact_division_by_a_hundred(m in any::<i64>(), scale in 0u32..=28, p in -100_000i64..100_000, pscale in 0u32..4) {
            let a = Decimal::from_i128_with_scale(i128::from(m), scale);
            let p = Decimal::from_i128_with_scale(i128::from(p), pscale);
            let slow = mul(a, p).and_then(|x| div(x, Decimal::ONE_HUNDRED));
            match (share(a, p), slow) {
                (Ok(x), Ok(y)) => prop_assert_eq!(x.to_string(), y.to_string()),
                (Err(x), Err(y)) => prop_assert_eq!(x.code, y.code),
                (x, y) => prop_assert!(false, "{:?} against {:?}", x, y),
            }
        }
    }
}
