//! Warnings (W0201-W0205): what is legal but cannot be what the author meant. Each is called from
//! the pass that checks its declaration, where its diagnostic belongs in the order.

use std::collections::HashSet;

use crate::check::expr::constant;
use crate::check::policy::Checker;
use crate::check::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::*;
use crate::value::Value;

/// A condition of the remedy is always false (a `when`) or always true (an `unless`).
fn never_available(r: &RemedyInfo) -> bool {
    r.when.iter().any(|w| constant(w) == Some(Value::Bool(false))) || r.unless.iter().any(|(u, _)| constant(u) == Some(Value::Bool(true)))
}

impl Checker<'_> {
    /// W0201.
    pub(super) fn lint_never_available(&mut self, name: &Name, remedy: &RemedyInfo) {
        if never_available(remedy) {
            self.diags.push(
                Diagnostic::new(Code::NeverAvailable, name.span, format!("remedy `{}` can never be available", name.node))
                    .with_help("one of its conditions is always false"),
            );
        }
    }

    /// W0203: a `prefer` rule whose condition is always false or whose remedy is never available,
    /// or one that an earlier unconditional rule for the same remedy shadows.
    pub(super) fn lint_prefer(
        &mut self,
        rule: Span,
        remedy: &Name,
        when: Option<&CExpr>,
        target: Option<&PreferTarget>,
        remedies: &[RemedyInfo],
        unconditional: &HashSet<String>,
    ) {
        let never = when.and_then(constant) == Some(Value::Bool(false))
            || matches!(target, Some(PreferTarget::Remedy(i)) if remedies.get(*i).map(never_available).unwrap_or(false));
        if never {
            self.diags.push(
                Diagnostic::new(Code::RuleNeverApplies, rule, format!("`prefer {}` can never apply", remedy.node))
                    .with_help("its condition is always false or the remedy is never available"),
            );
        } else if unconditional.contains(&remedy.node) {
            self.diags.push(
                Diagnostic::new(Code::RuleNeverApplies, rule, format!("`prefer {}` is never reached", remedy.node))
                    .with_help("an earlier rule already prefers it unconditionally"),
            );
        }
    }

    /// W0205: `cap N% of order.value` with N at least 100, unless one of the file's own examples
    /// expects a remedy the cap applies to to come out capped: the example shows the cap binding
    /// (a remedy whose lines add freight or handling to the goods can exceed the order value).
    pub(super) fn lint_cap_never_binds(&mut self, limit: &Node<CapLimit>) {
        let covers = |remedy: &str| limit.node.remedies.is_empty() || limit.node.remedies.iter().any(|r| r.node == remedy);
        let shown_binding = self.decls.examples.iter().flat_map(|e| &e.expectations).any(|x| match &x.node {
            Expectation::Capped { remedy, capped: true } => covers(&remedy.node),
            _ => false,
        });
        if shown_binding {
            return;
        }
        if let Expr::Binary(BinaryOp::Of, pct, base) = &limit.node.amount.node
            && let (Expr::Lit(Literal::Percent(p)), Expr::Path(names)) = (&pct.node, &base.node)
        {
            let is_order_value = names.len() == 2
                && names.first().map(|n| n.node == "order").unwrap_or(false)
                && names.get(1).map(|n| n.node == "value").unwrap_or(false);
            if is_order_value && *p >= rust_decimal::Decimal::ONE_HUNDRED {
                self.diags.push(
                    Diagnostic::new(Code::CapNeverBinds, limit.span, format!("a cap of {p}% of the order value never binds"))
                        .with_help("no remedy in a claim about one order pays more than the order; lower the percent or remove the cap"),
                );
            }
        }
    }

    /// W0202 and W0204: inputs nothing reads, and lets nothing reads that are not reported. Run
    /// after every pass that reads names.
    pub(super) fn unused_declarations(&mut self) {
        let decls = self.decls;
        for (i, input) in decls.inputs.iter().enumerate() {
            if !self.scope.used_inputs.get(i).copied().unwrap_or(true) {
                self.diags.push(
                    Diagnostic::new(Code::UnusedInput, input.name.span, format!("input `{}` is never used", input.name.node))
                        .with_help("remove it, or read it in a condition or amount"),
                );
            }
        }
        for (i, l) in decls.lets.iter().enumerate() {
            if !l.report && !self.scope.used_lets.get(i).copied().unwrap_or(true) {
                self.diags.push(
                    Diagnostic::new(Code::UnusedLet, l.name.span, format!("let `{}` is never used", l.name.node))
                        .with_help("mark it `report let` to show it in the decision, or remove it"),
                );
            }
        }
    }
}
