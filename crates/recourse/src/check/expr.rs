//! Expressions: resolve names, infer types, report mistakes with the span of the offending part.

use std::collections::{HashMap, HashSet};

use crate::check::{CExpr, CKind, CountTarget, Field};
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::*;
use crate::value::{SeverityValue, Ty, Value};

/// What expressions may refer to. Filled by the policy checker before any expression is checked.
#[derive(Default)]
pub(crate) struct Scope {
    pub currency: String,
    pub lets: HashMap<String, usize>,
    pub let_types: Vec<Ty>,
    pub inputs: HashMap<String, usize>,
    pub input_types: Vec<Ty>,
    pub deadlines: HashMap<String, usize>,
    pub flags: HashMap<String, usize>,
    pub remedies: HashMap<String, usize>,
    pub defect_codes: HashSet<String>,
    /// Inside `deadline X { ... }`, `due` is X's due date.
    pub current_deadline: Option<usize>,
    pub used_inputs: Vec<bool>,
    pub used_lets: Vec<bool>,
    /// The claim kinds: `defect` and those of the `kinds` blocks.
    pub kinds: HashSet<String>,
    /// Whether remedy totals (`refund.supplier_total`) may be read: in remedies, caps and
    /// `prefer` rules, which run after remedies are costed, not in lets, deadlines and flags.
    pub remedy_totals: bool,
    /// The process's event kinds (`event.NAME`), their types (date or timestamp) and whether read.
    pub events: HashMap<String, usize>,
    pub event_types: Vec<Ty>,
    pub used_events: Vec<bool>,
    pub diags: Vec<Diagnostic>,
}

fn poisoned(span: Span) -> CExpr {
    CExpr { kind: CKind::Const(Value::Bool(false)), ty: Ty::Error, span }
}

impl Scope {
    fn err(&mut self, code: Code, span: Span, message: String) {
        self.diags.push(Diagnostic::new(code, span, message));
    }

    /// Check an expression and require a type (numbers: int is accepted where decimal is wanted).
    pub fn require(&mut self, e: &Node<Expr>, want: Ty, what: &str) -> CExpr {
        let c = self.check(e);
        self.expect_type(c, e.span, want, what)
    }

    /// An expression already checked, required to have a type.
    fn expect_type(&mut self, c: CExpr, span: Span, want: Ty, what: &str) -> CExpr {
        if !fits(c.ty, want) {
            let code = if matches!((want, c.ty), (Ty::Date, Ty::Timestamp) | (Ty::Timestamp, Ty::Date)) {
                Code::DateAndTimestamp
            } else {
                Code::TypeMismatch
            };
            self.diags.push(
                Diagnostic::new(code, span, format!("{what} must be {}, found {}", article(want), article(c.ty)))
                    .with_help(help_for_types(want, c.ty)),
            );
            return poisoned(span);
        }
        c
    }

    /// `started days between A and B`, `whole hours between A and B`: two timestamps, or two
    /// dates for days.
    fn span_between(&mut self, count: SpanCount, unit: SpanUnit, from: &Node<Expr>, to: &Node<Expr>, span: Span) -> CExpr {
        let f = self.check(from);
        let t = self.check(to);
        let words = format!("`{} {} between`", count.keyword(), unit.keyword());
        match (f.ty, t.ty) {
            (Ty::Error, _) | (_, Ty::Error) => return poisoned(span),
            (Ty::Timestamp, Ty::Timestamp) => {}
            (Ty::Date, Ty::Date) if unit == SpanUnit::Days => {}
            (Ty::Date, Ty::Date) => {
                self.diags.push(
                    Diagnostic::new(Code::HoursNeedTimestamps, span, format!("{words} needs two timestamps, found two dates"))
                        .with_help("dates have no time of day: count `days between` them, or read timestamp events"),
                );
                return poisoned(span);
            }
            (Ty::Date, Ty::Timestamp) | (Ty::Timestamp, Ty::Date) => {
                let at = if f.ty == Ty::Date { from.span } else { to.span };
                self.diags.push(
                    Diagnostic::new(
                        Code::DateAndTimestamp,
                        at,
                        format!("{words} counts between two timestamps or two dates; this is a date, the other a timestamp"),
                    )
                    .with_help("take the timestamp's date with `date(t)`, or give both as timestamps"),
                );
                return poisoned(span);
            }
            (a, b) => {
                let at = if matches!(a, Ty::Date | Ty::Timestamp) { to.span } else { from.span };
                let found = if matches!(a, Ty::Date | Ty::Timestamp) { b } else { a };
                self.err(Code::TypeMismatch, at, format!("{words} counts between timestamps or dates, found {}", article(found)));
                return poisoned(span);
            }
        }
        CExpr { kind: CKind::SpanBetween { count, unit, from: Box::new(f), to: Box::new(t) }, ty: Ty::Int, span }
    }

    /// `year(d)` ... of a date or a timestamp.
    fn date_part(&mut self, part: DatePart, arg: &Node<Expr>, span: Span) -> CExpr {
        let c = self.check(arg);
        match c.ty {
            Ty::Error => poisoned(span),
            Ty::Date | Ty::Timestamp => {
                let ty = if part == DatePart::Date { Ty::Date } else { Ty::Int };
                CExpr { kind: CKind::DatePart(part, Box::new(c)), ty, span }
            }
            t => {
                self.err(
                    Code::TypeMismatch,
                    arg.span,
                    format!("`{}(...)` reads a date or a timestamp, found {}", part.keyword(), article(t)),
                );
                poisoned(span)
            }
        }
    }

    pub fn check(&mut self, e: &Node<Expr>) -> CExpr {
        let span = e.span;
        match &e.node {
            Expr::Lit(l) => self.literal(l, span),
            Expr::Paren(inner) => self.check(inner),
            Expr::Path(names) => self.path(names, span),
            Expr::Unary(op, inner) => self.unary(*op, inner, span),
            Expr::Binary(op, l, r) => self.binary(*op, l, r, span),
            Expr::Chain(first, rest) => self.chain(first, rest, span),
            Expr::If(branches, otherwise) => self.if_expr(branches, otherwise, span),
            Expr::Call(func, args) => self.min_max(*func, args, span),
            Expr::Round { func, arg, places, mode } => self.round(*func, arg, places.as_ref(), *mode, span),
            Expr::DaysBetween { business, from, to } => {
                let f = self.check(from);
                let t = self.check(to);
                if f.ty == Ty::Timestamp || t.ty == Ty::Timestamp {
                    let words = if *business { "business days between" } else { "days between" };
                    self.diags.push(
                        Diagnostic::new(Code::SpanCountUnstated, span, format!("`{words}` counts between dates; this reads a timestamp"))
                            .with_help("between timestamps say how a part day counts: `started days between A and B` or `whole days between A and B`; or take dates with `date(t)`"),
                    );
                    return poisoned(span);
                }
                let f = self.expect_type(f, from.span, Ty::Date, "the start of `days between`");
                let t = self.expect_type(t, to.span, Ty::Date, "the end of `days between`");
                CExpr { kind: CKind::DaysBetween { business: *business, from: Box::new(f), to: Box::new(t) }, ty: Ty::Int, span }
            }
            Expr::SpanBetween { count, unit, from, to } => self.span_between(*count, *unit, from, to, span),
            Expr::DatePart(part, arg) => self.date_part(*part, arg, span),
            Expr::Count(name) => self.count(name, span),
            Expr::Present(names) => self.present(names, span),
            Expr::Kind(name) => {
                if self.kinds.contains(&name.node) {
                    return CExpr { kind: CKind::Kind(name.node.clone()), ty: Ty::Bool, span };
                }
                let mut known: Vec<&str> = self.kinds.iter().map(|k| k.as_str()).collect();
                crate::sort::sort_dedup(&mut known);
                self.diags.push(Diagnostic::new(Code::UnknownKind, name.span, format!("unknown claim kind `{}`", name.node)).with_help(
                    format!("the kinds are {}; declare others in a `kinds` block: `kinds {{ {} \"...\" }}`", known.join(", "), name.node),
                ));
                poisoned(span)
            }
            Expr::Flagged(name) => match self.flags.get(&name.node) {
                Some(&i) => CExpr { kind: CKind::Flagged(i), ty: Ty::Bool, span },
                None => {
                    self.err(Code::UnknownDeadline, name.span, format!("unknown flag `{}`", name.node));
                    poisoned(span)
                }
            },
            Expr::Duration(amount, unit) => {
                let a = self.require(amount, Ty::Int, "a duration's length");
                if a.ty == Ty::Error {
                    return poisoned(span);
                }
                CExpr { kind: CKind::Duration(Box::new(a), *unit), ty: Ty::Duration, span }
            }
        }
    }

    fn unary(&mut self, op: UnaryOp, inner: &Node<Expr>, span: Span) -> CExpr {
        let c = self.check(inner);
        let ty = match (op, c.ty) {
            (_, Ty::Error) => Ty::Error,
            (UnaryOp::Not, Ty::Bool) => Ty::Bool,
            (UnaryOp::Neg, t @ (Ty::Int | Ty::Decimal | Ty::Money | Ty::Percent)) => t,
            (UnaryOp::Not, t) => {
                self.err(Code::TypeMismatch, inner.span, format!("`not` needs a bool, found {}", article(t)));
                return poisoned(span);
            }
            (UnaryOp::Neg, t) => {
                self.err(Code::TypeMismatch, inner.span, format!("cannot negate {}", article(t)));
                return poisoned(span);
            }
        };
        CExpr { kind: CKind::Unary(op, Box::new(c)), ty, span }
    }

    fn binary(&mut self, op: BinaryOp, l: &Node<Expr>, r: &Node<Expr>, span: Span) -> CExpr {
        let lc = self.check(l);
        let rc = self.check(r);
        if lc.ty == Ty::Error || rc.ty == Ty::Error {
            return poisoned(span);
        }
        match binary_type(op, lc.ty, rc.ty) {
            Some(ty) => CExpr { kind: CKind::Binary(op, Box::new(lc), Box::new(rc)), ty, span },
            None => {
                self.diags.push(
                    Diagnostic::new(
                        mismatch_code(lc.ty, rc.ty),
                        span,
                        format!("`{}` cannot combine {} with {}", op.symbol(), article(lc.ty), article(rc.ty)),
                    )
                    .with_help(binary_help(op, lc.ty, rc.ty)),
                );
                poisoned(span)
            }
        }
    }

    /// `a < b <= c`, `a and b and c`: each operator applies to the result so far and the next operand.
    fn chain(&mut self, first: &Node<Expr>, rest: &[(BinaryOp, Node<Expr>)], span: Span) -> CExpr {
        let f = self.check(first);
        let mut ty = f.ty;
        let mut out = Vec::with_capacity(rest.len());
        for (op, operand) in rest {
            let c = self.check(operand);
            if ty == Ty::Error || c.ty == Ty::Error {
                return poisoned(span);
            }
            match binary_type(*op, ty, c.ty) {
                Some(t) => ty = t,
                None => {
                    let s = Span::new(span.start, operand.span.end);
                    self.diags.push(
                        Diagnostic::new(
                            mismatch_code(ty, c.ty),
                            s,
                            format!("`{}` cannot combine {} with {}", op.symbol(), article(ty), article(c.ty)),
                        )
                        .with_help(binary_help(*op, ty, c.ty)),
                    );
                    return poisoned(span);
                }
            }
            out.push((*op, c));
        }
        CExpr { kind: CKind::Chain(Box::new(f), out), ty, span }
    }

    /// `if ... then ... else ...`: every branch has the same type (numbers widen to decimal).
    fn if_expr(&mut self, branches: &[(Node<Expr>, Node<Expr>)], otherwise: &Node<Expr>, span: Span) -> CExpr {
        let mut out = Vec::with_capacity(branches.len());
        let mut ty: Option<Ty> = None;
        let mut bad = false;
        for (cond, value) in branches {
            let c = self.require(cond, Ty::Bool, "the condition of `if`");
            let v = self.check(value);
            ty = unify(ty, v.ty, value.span, self).or_else(|| {
                bad = true;
                None
            });
            out.push((c, v));
        }
        let o = self.check(otherwise);
        if !bad {
            ty = unify(ty, o.ty, otherwise.span, self);
        }
        match ty {
            Some(ty) if !bad => CExpr { kind: CKind::If(out, Box::new(o)), ty, span },
            _ => poisoned(span),
        }
    }

    /// `min(...)` / `max(...)` over values of one comparable type.
    fn min_max(&mut self, func: Func, args: &[Node<Expr>], span: Span) -> CExpr {
        let mut out = Vec::with_capacity(args.len());
        let mut ty: Option<Ty> = None;
        let mut bad = false;
        for a in args {
            let c = self.check(a);
            if !comparable(c.ty) {
                self.err(
                    Code::TypeMismatch,
                    a.span,
                    format!("`min`/`max` compare numbers, money, percents, dates or severities, found {}", article(c.ty)),
                );
                bad = true;
            } else if !bad {
                ty = unify(ty, c.ty, a.span, self);
                bad = ty.is_none();
            }
            out.push(c);
        }
        match ty {
            Some(ty) if !bad => CExpr { kind: CKind::MinMax(func, out), ty, span },
            _ => poisoned(span),
        }
    }

    fn round(&mut self, func: RoundFunc, arg: &Node<Expr>, places: Option<&Node<i64>>, mode: Option<RoundingMode>, span: Span) -> CExpr {
        let c = self.check(arg);
        let ty = match c.ty {
            Ty::Error => return poisoned(span),
            Ty::Money | Ty::Percent => c.ty,
            Ty::Int => Ty::Int,
            Ty::Decimal if places.is_none() => Ty::Int,
            Ty::Decimal => Ty::Decimal,
            t => {
                self.err(Code::TypeMismatch, arg.span, format!("only numbers, money and percents can be rounded, found {}", article(t)));
                return poisoned(span);
            }
        };
        let places = match places {
            Some(p) if p.node < 0 || p.node > 20 => {
                self.err(Code::InvalidRange, p.span, format!("`{}` places is out of range; use 0 to 20", p.node));
                return poisoned(span);
            }
            Some(p) => u32::try_from(p.node).ok(),
            None => None,
        };
        CExpr { kind: CKind::Round { func, arg: Box::new(c), places, mode }, ty, span }
    }

    /// `present(F)`: F must be a claim field a claim may leave out.
    fn present(&mut self, names: &[Name], span: Span) -> CExpr {
        let joined = names.iter().map(|n| n.node.as_str()).collect::<Vec<_>>().join(".");
        let path_span = match (names.first(), names.last()) {
            (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
            _ => span,
        };
        if let [first, kind] = names
            && first.node == "event"
        {
            return self.present_event(&kind.node, path_span, span);
        }
        match Field::ALL.iter().find(|(p, _, _)| *p == joined) {
            Some((_, f, _)) if f.is_optional() => CExpr { kind: CKind::Present(*f), ty: Ty::Bool, span },
            found => {
                let message = match found {
                    Some(_) => format!("`{joined}` is always present"),
                    None => format!("`{joined}` is not a claim field"),
                };
                let optional: Vec<&str> = Field::ALL.iter().filter(|(_, f, _)| f.is_optional()).map(|(p, _, _)| *p).collect();
                self.diags.push(
                    Diagnostic::new(Code::PresentNotOptional, path_span, message)
                        .with_help(format!("`present` takes an optional claim field: {}", optional.join(", "))),
                );
                poisoned(span)
            }
        }
    }

    /// `present(event.NAME)`: NAME must be an event kind of the policy's `process`; every event
    /// is one a claim may not have yet.
    fn present_event(&mut self, kind: &str, path_span: Span, span: Span) -> CExpr {
        match self.events.get(kind).copied() {
            Some(i) => {
                if let Some(u) = self.used_events.get_mut(i) {
                    *u = true;
                }
                CExpr { kind: CKind::PresentEvent(i), ty: Ty::Bool, span }
            }
            None => {
                let mut d = Diagnostic::new(Code::UnknownEvent, path_span, format!("unknown event kind `{kind}`"));
                let events = &self.events;
                d = d.with_help(match suggest(kind, self.diags.len(), || events.keys().map(|s| s.as_str())) {
                    Some(s) => format!("did you mean `present(event.{s})`?"),
                    None => "event kinds are the steps and `event` lines of the policy's `process` block".to_string(),
                });
                self.diags.push(d);
                poisoned(span)
            }
        }
    }

    /// `count X`: a defect code of the catalogue, a severity class, or `defects`.
    fn count(&mut self, name: &Name, span: Span) -> CExpr {
        let target = match name.node.as_str() {
            "defects" => Some(CountTarget::AllDefects),
            "critical" => Some(CountTarget::Severity(SeverityClass::Critical)),
            "major" => Some(CountTarget::Severity(SeverityClass::Major)),
            "minor" => Some(CountTarget::Severity(SeverityClass::Minor)),
            code if self.defect_codes.contains(code) => Some(CountTarget::Code(code.to_string())),
            _ => None,
        };
        match target {
            Some(t) => CExpr { kind: CKind::Count(t), ty: Ty::Int, span },
            None => {
                let mut d = Diagnostic::new(Code::UnknownDefect, name.span, format!("unknown defect code `{}`", name.node));
                let codes = &self.defect_codes;
                d = d.with_help(match suggest(&name.node, self.diags.len(), || codes.iter().map(|s| s.as_str())) {
                    Some(s) => format!("did you mean `{s}`? `count` takes a defect code, a severity class or `defects`"),
                    None => "`count` takes a defect code of the catalogue, a severity class or `defects`".to_string(),
                });
                self.diags.push(d);
                poisoned(span)
            }
        }
    }

    fn literal(&mut self, l: &Literal, span: Span) -> CExpr {
        let (value, ty) = match l {
            Literal::Money { currency, amount } => {
                if *currency != self.currency && !self.currency.is_empty() {
                    self.diags.push(
                        Diagnostic::new(Code::CurrencyMismatch, span, format!("`{currency}` amount in a `{}` policy", self.currency))
                            .with_help(format!("write amounts in the policy's currency, e.g. `{} {}`", self.currency, amount)),
                    );
                    return poisoned(span);
                }
                (Value::Money(*amount), Ty::Money)
            }
            Literal::Percent(p) => (Value::Percent(*p), Ty::Percent),
            Literal::Date(d) => (Value::Date(*d), Ty::Date),
            Literal::Timestamp(t) => (Value::Timestamp(*t), Ty::Timestamp),
            Literal::Int(i) => (Value::Int(*i), Ty::Int),
            Literal::Decimal(d) => (Value::Decimal(*d), Ty::Decimal),
            Literal::Bool(b) => (Value::Bool(*b), Ty::Bool),
            Literal::Text(t) => (Value::Text(t.clone()), Ty::Text),
        };
        CExpr { kind: CKind::Const(value), ty, span }
    }

    fn path(&mut self, names: &[Name], span: Span) -> CExpr {
        let parts: Vec<&str> = names.iter().map(|n| n.node.as_str()).collect();
        let joined = parts.join(".");
        let first = parts.first().copied().unwrap_or("");
        let found: Option<(CKind, Ty)> = match parts.as_slice() {
            ["due"] => match self.current_deadline {
                Some(i) => Some((CKind::Due(i), Ty::Date)),
                None => {
                    self.diags.push(
                        Diagnostic::new(Code::DueOutsideDeadline, span, "`due` is only known inside a deadline")
                            .with_help("name the deadline: `notice.due`"),
                    );
                    return poisoned(span);
                }
            },
            [name] if self.lets.contains_key(*name) => {
                let i = self.lets.get(*name).copied().unwrap_or(0);
                if let Some(u) = self.used_lets.get_mut(i) {
                    *u = true;
                }
                Some((CKind::Let(i), self.let_types.get(i).copied().unwrap_or(Ty::Error)))
            }
            [name] | ["facts", name] if self.inputs.contains_key(*name) => {
                let i = self.inputs.get(*name).copied().unwrap_or(0);
                if let Some(u) = self.used_inputs.get_mut(i) {
                    *u = true;
                }
                Some((CKind::Input(i), self.input_types.get(i).copied().unwrap_or(Ty::Error)))
            }
            ["critical"] => Some((CKind::Const(Value::Severity(SeverityValue::Critical)), Ty::Severity)),
            ["major"] => Some((CKind::Const(Value::Severity(SeverityValue::Major)), Ty::Severity)),
            ["minor"] => Some((CKind::Const(Value::Severity(SeverityValue::Minor)), Ty::Severity)),
            ["none"] => Some((CKind::Const(Value::Severity(SeverityValue::None)), Ty::Severity)),
            [name] if self.remedies.contains_key(*name) => {
                let i = self.remedies.get(*name).copied().unwrap_or(0);
                Some((CKind::Const(Value::Remedy(i)), Ty::Remedy))
            }
            ["costs", cost] => Some((CKind::Cost((*cost).to_string()), Ty::Money)),
            [remedy, field] if self.remedies.contains_key(*remedy) => {
                let i = self.remedies.get(*remedy).copied().unwrap_or(0);
                let found = match *field {
                    "supplier_total" => (CKind::RemedyTotal(i, Measure::SupplierTotal), Ty::Money),
                    "buyer_pays" => (CKind::RemedyTotal(i, Measure::BuyerPays), Ty::Money),
                    "buyer_net_recovery" => (CKind::RemedyTotal(i, Measure::BuyerNetRecovery), Ty::Money),
                    "available" => (CKind::RemedyAvailable(i), Ty::Bool),
                    _ => {
                        self.diags.push(
                            Diagnostic::new(Code::UnknownName, span, format!("remedy `{remedy}` has no field `{field}`")).with_help(
                                "a remedy has `supplier_total`, `buyer_pays`, `buyer_net_recovery` (money) and `available` (bool)",
                            ),
                        );
                        return poisoned(span);
                    }
                };
                if !self.remedy_totals {
                    self.diags.push(
                        Diagnostic::new(Code::RemedyTotalTooEarly, span, format!("`{joined}` is not known here"))
                            .with_help("lets, deadlines, flags and `ineligible` conditions are decided before any remedy is costed; read remedy totals in a remedy, a cap or a `prefer ... when`"),
                    );
                    return poisoned(span);
                }
                Some(found)
            }
            ["event", kind] => match self.events.get(*kind).copied() {
                Some(i) => {
                    if let Some(u) = self.used_events.get_mut(i) {
                        *u = true;
                    }
                    Some((CKind::Event(i), self.event_types.get(i).copied().unwrap_or(Ty::Error)))
                }
                None => {
                    let mut d = Diagnostic::new(Code::UnknownEvent, span, format!("unknown event kind `{kind}`"));
                    let events = &self.events;
                    d = d.with_help(match suggest(kind, self.diags.len(), || events.keys().map(|s| s.as_str())) {
                        Some(s) => format!("did you mean `event.{s}`?"),
                        None => "event kinds are the steps and `event` lines of the policy's `process` block".to_string(),
                    });
                    self.diags.push(d);
                    return poisoned(span);
                }
            },
            [deadline, field] if self.deadlines.contains_key(*deadline) => {
                let i = self.deadlines.get(*deadline).copied().unwrap_or(0);
                match *field {
                    "due" => Some((CKind::Due(i), Ty::Date)),
                    "met" => Some((CKind::Met(i), Ty::Bool)),
                    "missed" => Some((CKind::Missed(i), Ty::Bool)),
                    _ => {
                        self.diags.push(
                            Diagnostic::new(Code::UnknownName, span, format!("deadline `{deadline}` has no field `{field}`"))
                                .with_help("a deadline has `due` (date), `met` and `missed` (bool)"),
                        );
                        return poisoned(span);
                    }
                }
            }
            _ => Field::ALL.iter().find(|(p, _, _)| *p == joined).map(|(_, f, t)| (CKind::Field(*f), *t)),
        };
        match found {
            Some((kind, ty)) => CExpr { kind, ty, span },
            None => {
                let mut candidates: Vec<String> = Vec::new();
                let help = match suggest(&joined, self.diags.len(), || {
                    candidates.extend(Field::ALL.iter().map(|(p, _, _)| p.to_string()));
                    candidates.extend(self.lets.keys().cloned());
                    candidates.extend(self.inputs.keys().cloned());
                    candidates.extend(self.deadlines.keys().map(|d| format!("{d}.due")));
                    candidates.iter().map(|s| s.as_str())
                }) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if first == "facts" => "declare it first: `input name: type = default`".to_string(),
                    None => {
                        "declare it with `input` or `let`, or use a claim field such as `order.value` or `claim.notified_on`".to_string()
                    }
                };
                self.diags.push(Diagnostic::new(Code::UnknownName, span, format!("unknown name `{joined}`")).with_help(help));
                poisoned(span)
            }
        }
    }
}

fn unify(acc: Option<Ty>, next: Ty, span: Span, scope: &mut Scope) -> Option<Ty> {
    match acc {
        None => Some(next),
        Some(Ty::Error) => Some(next),
        Some(t) if next == Ty::Error => Some(t),
        Some(t) if t == next => Some(t),
        Some(t) if t.is_number() && next.is_number() => Some(Ty::Decimal),
        Some(t) => {
            scope.err(Code::TypeMismatch, span, format!("branches disagree: {} here, {} before", article(next), article(t)));
            None
        }
    }
}

pub(crate) fn fits(have: Ty, want: Ty) -> bool {
    have == want || have == Ty::Error || want == Ty::Error || (want == Ty::Decimal && have == Ty::Int)
}

fn comparable(t: Ty) -> bool {
    matches!(t, Ty::Int | Ty::Decimal | Ty::Money | Ty::Percent | Ty::Date | Ty::Timestamp | Ty::Severity | Ty::Error)
}

/// The result type of a binary operator, or `None` when the operands do not fit it.
pub(crate) fn binary_type(op: BinaryOp, l: Ty, r: Ty) -> Option<Ty> {
    use Ty::*;
    let num = |t: Ty| matches!(t, Int | Decimal);
    Some(match op {
        BinaryOp::And | BinaryOp::Or => match (l, r) {
            (Bool, Bool) => Bool,
            _ => return None,
        },
        BinaryOp::Eq | BinaryOp::Ne => {
            if l == r || (num(l) && num(r)) {
                Bool
            } else {
                return None;
            }
        }
        BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
            if (l == r && comparable(l)) || (num(l) && num(r)) {
                Bool
            } else {
                return None;
            }
        }
        BinaryOp::Add | BinaryOp::Sub => match (l, r) {
            (Int, Int) => Int,
            (a, b) if num(a) && num(b) => Decimal,
            (Money, Money) => Money,
            (Percent, Percent) => Percent,
            (Date, Duration) => Date,
            _ => return None,
        },
        BinaryOp::Mul => match (l, r) {
            (Int, Int) => Int,
            (a, b) if num(a) && num(b) => Decimal,
            (Money, b) if num(b) => Money,
            (a, Money) if num(a) => Money,
            (Money, Percent) | (Percent, Money) => Money,
            (Percent, b) if num(b) => Percent,
            (a, Percent) if num(a) => Decimal,
            _ => return None,
        },
        BinaryOp::Div => match (l, r) {
            (a, b) if num(a) && num(b) => Decimal,
            (Money, b) if num(b) => Money,
            (Money, Money) => Decimal,
            (Percent, b) if num(b) => Percent,
            (Percent, Percent) => Decimal,
            _ => return None,
        },
        BinaryOp::Of => match (l, r) {
            (Percent, Money) => Money,
            (Percent, b) if num(b) => Decimal,
            (Percent, Percent) => Percent,
            _ => return None,
        },
    })
}

/// A date against a timestamp has its own code (E0132); other mismatches are E0110.
fn mismatch_code(l: Ty, r: Ty) -> Code {
    if matches!((l, r), (Ty::Date, Ty::Timestamp) | (Ty::Timestamp, Ty::Date)) { Code::DateAndTimestamp } else { Code::TypeMismatch }
}

fn binary_help(op: BinaryOp, l: Ty, r: Ty) -> String {
    match (op, l, r) {
        (_, Ty::Date, Ty::Timestamp) | (_, Ty::Timestamp, Ty::Date) => {
            "a date has no time of day: take the timestamp's date with `date(t)`, or compare two timestamps".to_string()
        }
        (BinaryOp::Sub, Ty::Timestamp, Ty::Timestamp) => {
            "write `started hours between A and B` or `whole days between A and B` for the span from A to B".to_string()
        }
        (BinaryOp::Add | BinaryOp::Sub, Ty::Money, Ty::Percent) | (BinaryOp::Add | BinaryOp::Sub, Ty::Percent, Ty::Money) => {
            "a percent is a share, not an amount: write `x + 10% of x`".to_string()
        }
        (BinaryOp::Of, _, _) => "`of` takes a percent on the left: `55% of order.value`".to_string(),
        (BinaryOp::Sub, Ty::Date, Ty::Date) => "write `days between A and B` for the days from A to B".to_string(),
        (_, Ty::Date, _) | (_, _, Ty::Date) => "dates compare with dates; add a duration with `+ 10 days`".to_string(),
        (BinaryOp::And | BinaryOp::Or, _, _) => "`and`/`or` join conditions (bool)".to_string(),
        _ => format!("{} and {} do not combine with `{}`", article(l), article(r), op.symbol()),
    }
}

fn help_for_types(want: Ty, have: Ty) -> String {
    match (want, have) {
        (Ty::Money, Ty::Decimal | Ty::Int) => "multiply by an amount, or write money with its currency: `USD 100.00`".to_string(),
        (Ty::Money, Ty::Percent) => "a percent is a share: write `30% of order.value`".to_string(),
        (Ty::Bool, _) => "a condition compares values, e.g. `claim.affected_units > 0`".to_string(),
        (Ty::Date, _) => "a date is a literal like `2026-03-12`, a claim date, or a date plus a duration".to_string(),
        _ => format!("this needs {}", article(want)),
    }
}

pub(crate) fn article(t: Ty) -> String {
    match t {
        Ty::Int | Ty::Error => format!("an {}", if t == Ty::Int { "int" } else { "unknown value" }),
        _ => format!("a {}", t.name()),
    }
}

/// The closest name by edit distance, if close enough to be a likely typo.
///
/// Each suggestion compares the name with every declared one, so only the first
/// [`MAX_DIAGNOSTICS`](crate::diagnostics::MAX_DIAGNOSTICS) diagnostics get one (`reported` is how
/// many there are so far; later ones are not listed anyway): 2000 misspelt names against 2000
/// declared ones took half a minute. Names of very different lengths, and names longer than any
/// typo worth pointing at, are not compared.
pub(crate) fn suggest<'a, I: Iterator<Item = &'a str>>(name: &str, reported: usize, candidates: impl FnOnce() -> I) -> Option<String> {
    const MAX_NAME_CHARS: usize = 64;
    if reported >= crate::diagnostics::MAX_DIAGNOSTICS || name.len() > MAX_NAME_CHARS {
        return None;
    }
    let limit = (name.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates() {
        if c.len().abs_diff(name.len()) > limit.saturating_mul(4) || c.len() > MAX_NAME_CHARS {
            continue;
        }
        let d = edit_distance(name, c);
        // Ties go to the first name in order, whatever order the candidates come in.
        if best.is_none_or(|b| (d, c) < b) {
            best = Some((d, c));
        }
    }
    best.filter(|(d, _)| *d <= limit).map(|(_, c)| c.to_string())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(b.len().saturating_add(1));
        cur.push(i.saturating_add(1));
        for (j, cb) in b.iter().enumerate() {
            let del = prev.get(j.saturating_add(1)).copied().unwrap_or(usize::MAX).saturating_add(1);
            let ins = cur.get(j).copied().unwrap_or(usize::MAX).saturating_add(1);
            let sub = prev.get(j).copied().unwrap_or(usize::MAX).saturating_add(usize::from(ca != *cb));
            cur.push(del.min(ins).min(sub));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// The value of an expression that reads nothing from the claim, if it has one.
pub(crate) fn constant(e: &CExpr) -> Option<Value> {
    if e.ty == Ty::Error {
        return None;
    }
    match &e.kind {
        CKind::Const(v) => Some(v.clone()),
        CKind::Unary(UnaryOp::Not, inner) => match constant(inner)? {
            Value::Bool(b) => Some(Value::Bool(!b)),
            _ => None,
        },
        CKind::Unary(UnaryOp::Neg, inner) => match constant(inner)? {
            Value::Money(a) => Some(Value::Money(-a)),
            Value::Percent(a) => Some(Value::Percent(-a)),
            Value::Decimal(a) => Some(Value::Decimal(-a)),
            Value::Int(i) => i.checked_neg().map(Value::Int),
            _ => None,
        },
        CKind::Chain(first, rest) if rest.iter().all(|(op, _)| *op == BinaryOp::And) || rest.iter().all(|(op, _)| *op == BinaryOp::Or) => {
            let is_and = rest.first().map(|(op, _)| *op == BinaryOp::And).unwrap_or(true);
            let values: Vec<Option<Value>> = std::iter::once(constant(first)).chain(rest.iter().map(|(_, x)| constant(x))).collect();
            let decisive = Value::Bool(!is_and);
            if values.iter().any(|v| v.as_ref() == Some(&decisive)) {
                Some(decisive)
            } else if values.iter().all(|v| v.is_some()) {
                Some(Value::Bool(is_and))
            } else {
                None
            }
        }
        CKind::Binary(op @ (BinaryOp::And | BinaryOp::Or), l, r) => {
            let (lv, rv) = (constant(l), constant(r));
            match (op, lv, rv) {
                (BinaryOp::And, Some(Value::Bool(false)), _) | (BinaryOp::And, _, Some(Value::Bool(false))) => Some(Value::Bool(false)),
                (BinaryOp::Or, Some(Value::Bool(true)), _) | (BinaryOp::Or, _, Some(Value::Bool(true))) => Some(Value::Bool(true)),
                (_, Some(Value::Bool(a)), Some(Value::Bool(b))) => Some(Value::Bool(if *op == BinaryOp::And { a && b } else { a || b })),
                _ => None,
            }
        }
        _ => None,
    }
}
