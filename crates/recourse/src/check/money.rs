//! Money the claim moves besides the remedies' cost lines: who bears the currency risk, and the
//! share a contingency reserve takes, the escalation steps' fees and conditions, and the buyer's
//! levers (withholding payment, holding shipments).

use rust_decimal::Decimal;

use crate::syntax::ast::{BinaryOp, EscalationStep, Expr, FeePayer, LeverKind, Literal, Node};
use crate::value::{Ty, Value};

/// A step's fee and payer, its `when`s, and its `unless`es with their reasons.
type StepTerms = (Option<(CExpr, FeePayer)>, Vec<CExpr>, Vec<(CExpr, String)>);

/// Whether a checked condition is the constant `value`.
fn constant(c: &CExpr, value: bool) -> bool {
    c.kind == CKind::Const(Value::Bool(value))
}

use crate::check::policy::Checker;
use crate::check::*;
use crate::diagnostics::{Code, Diagnostic};

impl Checker<'_> {
    /// The `currency risk` clause: at most one.
    pub(super) fn currency_risk(&mut self) -> Option<CurrencyRiskInfo> {
        let decls = self.decls;
        for (c, span) in decls.currency_risks.iter().skip(1) {
            self.diags.push(
                Diagnostic::new(Code::RepeatedCurrencyRisk, *span, format!("`currency risk` is stated twice (`{}`)", c.clause.node))
                    .with_help("keep one clause saying who bears the exchange-rate risk"),
            );
        }
        decls.currency_risks.first().map(|(c, _)| CurrencyRiskInfo { bearer: c.bearer.node, clause: c.clause.node.clone() })
    }

    /// `reserve P% of X` with P outside the production-run guide's 5 to 15 %: a warning, since a
    /// contract may agree on another share. A reserve that is not a literal share is not judged.
    pub(super) fn reserve_share(&mut self, amount: &Node<Expr>) {
        let Expr::Binary(BinaryOp::Of, share, _) = &amount.node else { return };
        let Expr::Lit(Literal::Percent(p)) = &share.node else { return };
        if *p < Decimal::from(5) || *p > Decimal::from(15) {
            self.diags.push(
                Diagnostic::new(Code::ReserveOutsideGuide, share.span, format!("a contingency reserve of {p}% of the claim"))
                    .with_help("the production-run guide sets a reserve at 5% to 15% of the claim"),
            );
        }
    }

    /// An escalation step's fee (money; at most one) and its conditions (booleans).
    pub(super) fn step_terms(&mut self, s: &EscalationStep) -> StepTerms {
        for f in s.fees.iter().skip(1) {
            self.diags.push(
                Diagnostic::new(Code::RepeatedStepItem, f.span, format!("step `{}` gives its fee twice", s.name.node))
                    .with_help("give one `fee ... paid by ...` per step"),
            );
        }
        let fee = s.fees.first().map(|f| (self.scope.require(&f.node.amount, Ty::Money, "an escalation fee"), f.node.paid_by.node));
        let when: Vec<CExpr> = s.when.iter().map(|w| self.scope.require(w, Ty::Bool, "a step's `when`")).collect();
        let unless: Vec<(CExpr, String)> = s
            .unless
            .iter()
            .map(|u| (self.scope.require(&u.node.condition, Ty::Bool, "a step's `unless`"), u.node.because.node.clone()))
            .collect();
        if when.iter().any(|w| constant(w, false)) || unless.iter().any(|(u, _)| constant(u, true)) {
            self.diags.push(
                Diagnostic::new(Code::StepNeverAvailable, s.name.span, format!("escalation step `{}` can never be available", s.name.node))
                    .with_help("one of its conditions is always false"),
            );
        }
        (fee, when, unless)
    }

    /// `withhold payment` and `withhold shipments`: at most one of each, each with a release
    /// condition; payment with an amount.
    pub(super) fn levers(&mut self) -> Vec<LeverInfo> {
        let decls = self.decls;
        let mut seen: Vec<LeverKind> = Vec::new();
        let mut out = Vec::new();
        for (l, span) in &decls.levers {
            let kind = l.kind.node;
            if seen.contains(&kind) {
                self.diags.push(
                    Diagnostic::new(Code::RepeatedLever, l.kind.span, format!("`withhold {}` is declared twice", kind.keyword()))
                        .with_help("keep one clause per lever"),
                );
            }
            seen.push(kind);
            let amount = l.amounts.first().map(|a| self.scope.require(a, Ty::Money, "a withheld amount"));
            for a in l.amounts.iter().skip(1) {
                self.diags
                    .push(Diagnostic::new(Code::RepeatedLever, a.span, "the lever gives its amount twice").with_help("keep one `amount`"));
            }
            if amount.is_none() && kind == LeverKind::Payment {
                self.diags.push(
                    Diagnostic::new(Code::LeverWithoutAmount, l.kind.span, "`withhold payment` does not say how much is withheld")
                        .with_help("add `amount EXPR`, e.g. `amount 30% of order.value`"),
                );
            }
            let when: Vec<CExpr> = l.when.iter().map(|w| self.scope.require(w, Ty::Bool, "a lever's `when`")).collect();
            let releases: Vec<CExpr> = l.release.iter().map(|r| self.scope.require(r, Ty::Bool, "a release condition")).collect();
            for r in l.release.iter().skip(1) {
                self.diags.push(
                    Diagnostic::new(Code::RepeatedLever, r.span, "the lever gives its release condition twice")
                        .with_help("join the conditions with `or` in one `release when`"),
                );
            }
            let Some(release) = releases.into_iter().next() else {
                self.diags.push(
                    Diagnostic::new(
                        Code::LeverWithoutRelease,
                        *span,
                        format!("`withhold {}` never says when it is released", kind.keyword()),
                    )
                    .with_help("add `release when CONDITION`, e.g. `release when response.met`"),
                );
                continue;
            };
            if constant(&release, false) {
                self.diags.push(
                    Diagnostic::new(Code::LeverNeverReleased, release.span, format!("`withhold {}` is never released", kind.keyword()))
                        .with_help("say what releases it, e.g. `release when response.met`"),
                );
            }
            out.push(LeverInfo { kind, clause: l.clause.node.clone(), amount, when, release });
        }
        out
    }
}
