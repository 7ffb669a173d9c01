//! The clauses a claim is decided by: inputs, lets, deadlines, flags, remedies and caps.

use crate::check::expr::fits;
use crate::check::policy::Checker;
use crate::check::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::*;
use crate::value::{Ty, Value};

impl Checker<'_> {
    /// Inputs and their defaults, which must be constants of the input's type; an input without
    /// one is required.
    pub(super) fn inputs(&mut self) -> Vec<InputInfo> {
        let decls = self.decls;
        let mut infos = Vec::new();
        for input in &decls.inputs {
            let want = Ty::from_name(input.ty.node);
            // A wrong default is reported, or the default's own mistake was; any value does until
            // the errors are fixed.
            let value = input.default.as_ref().map(|d| self.input_default(input, d, want).unwrap_or(Value::Bool(false)));
            infos.push(InputInfo {
                name: input.name.node.clone(),
                ty: want,
                default: value,
                description: input.description.as_ref().map(|d| d.node.clone()),
            });
        }
        infos
    }

    fn input_default(&mut self, input: &InputDecl, default: &Node<Expr>, want: Ty) -> Option<Value> {
        let c = self.scope.check(default);
        let value = match (&c.kind, want) {
            (CKind::Const(Value::Int(i)), Ty::Decimal) => Some(Value::Decimal(rust_decimal::Decimal::from(*i))),
            (CKind::Const(v), _) if fits(c.ty, want) && c.ty != Ty::Error => Some(v.clone()),
            (CKind::Duration(amount, unit), Ty::Duration) => match &amount.kind {
                CKind::Const(Value::Int(n)) => Some(Value::Duration(*n, *unit)),
                _ => None,
            },
            _ => None,
        };
        if value.is_none() && c.ty != Ty::Error {
            self.diags.push(
                Diagnostic::new(
                    Code::InputDefault,
                    default.span,
                    format!("the default of `{}` must be a constant {}", input.name.node, want.name()),
                )
                .with_help(default_example(want)),
            );
        }
        value
    }

    /// Lets are checked in evaluation order, so that each knows the types of the lets it reads.
    pub(super) fn lets(&mut self, order: &[NodeRef]) -> Vec<LetInfo> {
        let decls = self.decls;
        let mut let_exprs: Vec<Option<CExpr>> = vec![None; decls.lets.len()];
        for r in order {
            if let NodeRef::Let(i) = r
                && let Some(l) = decls.lets.get(*i)
            {
                let c = self.scope.check(&l.value);
                if let Some(t) = self.scope.let_types.get_mut(*i) {
                    *t = c.ty;
                }
                if let Some(slot) = let_exprs.get_mut(*i) {
                    *slot = Some(c);
                }
            }
        }
        let mut infos = Vec::new();
        for (i, l) in decls.lets.iter().enumerate() {
            let value = match let_exprs.get_mut(i).and_then(|x| x.take()) {
                Some(v) => v,
                None => self.scope.check(&l.value), // in a cycle: still report its other mistakes
            };
            infos.push(LetInfo { name: l.name.node.clone(), report: l.report, label: l.label.as_ref().map(|s| s.node.clone()), value });
        }
        infos
    }

    pub(super) fn deadlines(&mut self) -> Vec<DeadlineInfo> {
        let decls = self.decls;
        let mut infos = Vec::new();
        for (i, d) in decls.deadlines.iter().enumerate() {
            // Inside the deadline, `due` is its own due date.
            self.scope.current_deadline = Some(i);
            let (length, after) = self.due_rule(d);
            let met = d.met.as_ref().map(|m| match &m.node {
                MetRule::When(e) => MetInfo::When(self.scope.require(e, Ty::Bool, "`met when`")),
                MetRule::By(e) => MetInfo::By(self.scope.require(e, Ty::Date, "`met by`")),
            });
            self.scope.current_deadline = None;
            if let Some(MetInfo::When(c)) = &met {
                self.lint_never_holds(c, "this `met when`");
            }
            let mut effects = Vec::new();
            for m in &d.missed {
                effects.push(match &m.node {
                    MissedEffect::Ineligible(r) => EffectInfo::Ineligible(r.node.clone()),
                    MissedEffect::RemediesLost { remedies: names, reason } => {
                        let idx = names.iter().filter_map(|n| self.resolve_remedy(n)).collect();
                        EffectInfo::Lost(idx, reason.node.clone())
                    }
                    MissedEffect::Escalate(r) => EffectInfo::Escalate(r.as_ref().map(|s| s.node.clone())),
                });
            }
            infos.push(DeadlineInfo {
                name: d.name.node.clone(),
                clause: d.clause.node.clone(),
                due_span: d.due.as_ref().map(|x| x.span).unwrap_or(d.name.span),
                length,
                after,
                met,
                effects,
                if_missed: Vec::new(), // written once the remedies are known (policy.rs)
            });
        }
        infos
    }

    /// A deadline's length and start. A deadline without a `due` rule is reported and given a
    /// placeholder (zero days after the claim's date) so that the rest is still checked.
    fn due_rule(&mut self, d: &DeadlineDecl) -> (CExpr, CExpr) {
        match &d.due {
            Some(due) => (
                self.scope.require(&due.node.length, Ty::Duration, "a deadline's length"),
                self.scope.require(&due.node.after, Ty::Date, "the start of a deadline"),
            ),
            None => {
                self.diags.push(
                    Diagnostic::new(Code::InvalidDeadline, d.name.span, format!("deadline `{}` has no `due` rule", d.name.node))
                        .with_help("add `due 10 days after order.delivered_on`"),
                );
                let zero = CExpr { kind: CKind::Const(Value::Duration(0, TimeUnit::Days)), ty: Ty::Duration, span: d.name.span };
                let date = CExpr { kind: CKind::Field(Field::AsOf), ty: Ty::Date, span: d.name.span };
                (zero, date)
            }
        }
    }

    pub(super) fn flags(&mut self) -> Vec<FlagInfo> {
        let decls = self.decls;
        let mut infos = Vec::new();
        for f in &decls.flags {
            let when: Vec<CExpr> = f.when.iter().map(|w| self.scope.require(w, Ty::Bool, "a flag's condition")).collect();
            for w in &when {
                self.lint_never_holds(w, "this `when`");
            }
            for r in &f.recurrence {
                if r.node.at_least.node < 1 {
                    self.diags.push(Diagnostic::new(
                        Code::InvalidRange,
                        r.node.at_least.span,
                        "a recurrence needs at least 1 earlier claim",
                    ));
                }
            }
            if f.recurrence.is_empty() && f.when.is_empty() {
                self.diags.push(
                    Diagnostic::new(Code::InvalidRange, f.name.span, format!("flag `{}` has no condition", f.name.node))
                        .with_help("add `when 1 or more earlier claims on the same sku within 30 days` or `when <condition>`"),
                );
            }
            infos.push(FlagInfo {
                name: f.name.node.clone(),
                clause: f.clause.node.clone(),
                recurrence: f
                    .recurrence
                    .iter()
                    .map(|r| RecurrenceRule {
                        at_least: u64::try_from(r.node.at_least.node).unwrap_or(0),
                        same: r.node.same.clone(),
                        same_defect: r.node.same_defect,
                        within_days: r.node.within_days.node,
                    })
                    .collect(),
                when,
                notify: f.notify.iter().map(|n| n.node.clone()).collect(),
                tighten: f.tighten.is_some(),
            });
        }
        infos
    }

    /// `ineligible` conditions: each a bool. They run after lets, deadlines and flags, so they may
    /// read any of them.
    pub(super) fn ineligible_rules(&mut self) -> Vec<IneligibleInfo> {
        let decls = self.decls;
        let mut infos = Vec::new();
        for x in &decls.ineligible {
            let condition = self.scope.require(&x.condition, Ty::Bool, "an `ineligible` condition");
            self.lint_never_holds(&condition, "this `ineligible` condition");
            self.lint_always_holds(&condition, "this `ineligible` condition", "every claim is ineligible");
            let clause = match &x.clause {
                Some(c) => c.node.clone(),
                None => format!("ineligible when {}", crate::syntax::format::expression(&x.condition.node)),
            };
            infos.push(IneligibleInfo { clause, condition, because: x.because.node.clone() });
        }
        infos
    }

    pub(super) fn remedies(&mut self) -> Vec<RemedyInfo> {
        let decls = self.decls;
        let mut infos = Vec::new();
        for r in &decls.remedies {
            let info = self.remedy(r);
            self.lint_never_available(&r.name, &info);
            for w in &info.when {
                self.lint_never_holds(w, "this `when`");
            }
            for (u, _) in &info.unless {
                self.lint_never_holds(u, "this `unless`");
                self.lint_always_holds(u, "this `unless`", "the remedy is never available");
            }
            self.lint_contradicting_remedy(&r.name, &info);
            infos.push(info);
        }
        infos
    }

    fn remedy(&mut self, r: &RemedyDecl) -> RemedyInfo {
        let when: Vec<CExpr> = r.when.iter().map(|w| self.scope.require(w, Ty::Bool, "a remedy's `when`")).collect();
        let unless: Vec<(CExpr, String)> = r
            .unless
            .iter()
            .map(|u| (self.scope.require(&u.node.condition, Ty::Bool, "a remedy's `unless`"), u.node.because.node.clone()))
            .collect();
        let lines = r
            .lines
            .iter()
            .map(|l| LineInfo {
                payer: l.node.payer,
                amount: self.scope.require(&l.node.amount, Ty::Money, "a cost line"),
                label: l.node.label.node.clone(),
            })
            .collect();
        let reserves = r
            .reserves
            .iter()
            .map(|l| {
                self.reserve_share(&l.node.amount);
                (self.scope.require(&l.node.amount, Ty::Money, "a reserve"), l.node.label.node.clone())
            })
            .collect();
        let caps: Vec<CExpr> = r.caps.iter().map(|c| self.scope.require(c, Ty::Money, "a cap")).collect();
        // Reported with the expressions' mistakes (`scope.diags`), unlike a `cap` block's.
        for c in &caps {
            refuse_negative_cap(c, &mut self.scope.diags);
        }
        let takes = r.takes.as_ref().map(|t| {
            self.check_range(t.node.min.node, t.node.max.node, t.span);
            TakesInfo {
                min: t.node.min.node,
                max: t.node.max.node,
                unit: t.node.unit.node,
                after: t.node.after.as_ref().map(|a| self.scope.require(a, Ty::Date, "the start of `takes`")),
            }
        });
        RemedyInfo {
            name: r.name.node.clone(),
            clause: r.clause.node.clone(),
            when,
            unless,
            lines,
            caps,
            takes,
            risk: r.risk.as_ref().map(|x| x.node),
            reserves,
        }
    }

    /// `cap` blocks: one `CapInfo` per limit.
    pub(super) fn caps(&mut self) -> Vec<CapInfo> {
        let decls = self.decls;
        let mut infos = Vec::new();
        for c in &decls.caps {
            for limit in &c.limits {
                let amount = self.scope.require(&limit.node.amount, Ty::Money, "a cap");
                refuse_negative_cap(&amount, &mut self.diags);
                self.lint_cap_never_binds(limit);
                let idx = limit.node.remedies.iter().filter_map(|n| self.resolve_remedy(n)).collect();
                infos.push(CapInfo { clause: c.clause.node.clone(), amount, remedies: idx });
            }
        }
        infos
    }
}

/// A cap that is negative whatever the claim: a negative constant, or a negative share
/// (`-10% of order.value`). Caps computed from the claim are checked when evaluated (E0312).
fn refuse_negative_cap(amount: &CExpr, diags: &mut Vec<Diagnostic>) {
    let negative = |e: &CExpr| match super::expr::constant(e) {
        Some(Value::Money(a) | Value::Percent(a) | Value::Decimal(a)) => a.is_sign_negative() && !a.is_zero(),
        Some(Value::Int(i)) => i < 0,
        _ => false,
    };
    let surely = negative(amount) || matches!(&amount.kind, CKind::Binary(BinaryOp::Of, share, _) if negative(share));
    if surely {
        diags.push(
            Diagnostic::new(Code::NegativeCap, amount.span, "a cap must not be negative")
                .with_help("the supplier's total is capped at zero or more; write the limit without a minus sign"),
        );
    }
}

/// A value of a type as the policy writes one.
pub(crate) fn value_example(t: Ty) -> String {
    match t {
        Ty::Money => "`USD 10.00`".into(),
        Ty::Decimal => "`0.5`".into(),
        Ty::Percent => "`10%`".into(),
        Ty::Int => "`3`".into(),
        Ty::Bool => "`true`".into(),
        Ty::Date => "`2026-01-01`".into(),
        Ty::Timestamp => "`2026-01-01T09:00+08:00`".into(),
        Ty::Duration => "`10 days`".into(),
        Ty::Text => "`\"text\"`".into(),
        Ty::Severity => "`critical`".into(),
        Ty::Remedy => "a remedy's name, `refund`".into(),
        Ty::Error => String::new(),
    }
}

fn default_example(t: Ty) -> String {
    match t {
        Ty::Money => "e.g. `= USD 0.00`".into(),
        Ty::Decimal => "e.g. `= 0.5`".into(),
        Ty::Percent => "e.g. `= 10%`".into(),
        Ty::Int => "e.g. `= 0`".into(),
        Ty::Bool => "e.g. `= false`".into(),
        Ty::Date => "e.g. `= 2026-01-01`".into(),
        Ty::Duration => "e.g. `= 10 days`".into(),
        Ty::Text => "e.g. `= \"\"`".into(),
        Ty::Severity => "e.g. `= minor`".into(),
        Ty::Remedy => "name one of the policy's remedies, e.g. `= refund`".into(),
        Ty::Timestamp => "e.g. `= 2026-01-01T09:00+08:00`".into(),
        Ty::Error => String::new(),
    }
}
