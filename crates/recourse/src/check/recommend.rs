//! What follows the remedies: which one to recommend, how to escalate, the supplier scorecard.

use std::collections::HashSet;

use crate::check::policy::Checker;
use crate::check::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::*;
use crate::value::Ty;

impl Checker<'_> {
    /// The `recommend` block: its `prefer` rules and its ranking (by default the side's: highest
    /// buyer net recovery or lowest supplier cost, then shortest time).
    pub(super) fn recommendation(&mut self, remedies: &[RemedyInfo], side: Side) -> (Vec<PreferInfo>, Vec<RankCriterion>) {
        let decls = self.decls;
        let recommends = &decls.recommends;
        for (_, span) in recommends.iter().skip(1) {
            self.diags.push(Diagnostic::new(Code::RecommendationMissing, *span, "a policy has at most one `recommend` block"));
        }
        let mut prefer = Vec::new();
        let mut ranking = Vec::new();
        // Remedies an earlier rule prefers whatever the claim: a later rule for them is never reached.
        let mut unconditional: HashSet<String> = HashSet::new();
        if let Some((rec, _)) = recommends.first() {
            for rule in &rec.rules {
                match &rule.node {
                    RecommendRule::Prefer { remedy, when } => {
                        let target = self.prefer_target(remedy);
                        let when_c = when.as_ref().map(|w| self.scope.require(w, Ty::Bool, "a `prefer` condition"));
                        if let Some(c) = &when_c {
                            self.lint_never_holds(c, "this `prefer` condition");
                        }
                        self.lint_prefer(rule.span, remedy, when_c.as_ref(), target.as_ref(), remedies, &unconditional);
                        if when.is_none() {
                            unconditional.insert(remedy.node.clone());
                        }
                        if let Some(target) = target {
                            prefer.push(PreferInfo { target, when: when_c, text: rule_text(remedy, when.as_ref()) });
                        }
                    }
                    RecommendRule::Rank(c) => ranking.push(*c),
                }
            }
        }
        if ranking.is_empty() {
            ranking = side.default_ranking().to_vec();
        }
        (prefer, ranking)
    }

    /// What `prefer X` names: a remedy, or an input of type `remedy`. Anything else is reported.
    fn prefer_target(&mut self, remedy: &Name) -> Option<PreferTarget> {
        if let Some(i) = self.scope.remedies.get(&remedy.node) {
            return Some(PreferTarget::Remedy(*i));
        }
        let Some(i) = self.scope.inputs.get(&remedy.node).copied() else {
            self.resolve_remedy(remedy);
            return None;
        };
        if self.scope.input_types.get(i) == Some(&Ty::Remedy) {
            if let Some(u) = self.scope.used_inputs.get_mut(i) {
                *u = true;
            }
            Some(PreferTarget::Input(i))
        } else {
            self.diags.push(
                Diagnostic::new(Code::TypeMismatch, remedy.span, format!("input `{}` is not of type remedy", remedy.node))
                    .with_help("`prefer` names a remedy, or an input of type `remedy` that the claim fills in"),
            );
            None
        }
    }

    pub(super) fn escalation(&mut self) -> Vec<StepInfo> {
        let decls = self.decls;
        let escalates = &decls.escalates;
        for (_, span) in escalates.iter().skip(1) {
            self.diags.push(Diagnostic::new(Code::RecommendationMissing, *span, "a policy has at most one `escalate` block"));
        }
        let mut steps = Vec::new();
        if let Some((esc, _)) = escalates.first() {
            for s in &esc.steps {
                if let Some((a, b, _)) = &s.node.takes {
                    self.check_range(a.node, b.node, s.span);
                }
                let (fee, when, unless) = self.step_terms(&s.node);
                steps.push(StepInfo {
                    name: s.node.name.node.clone(),
                    forum: s.node.forum.node.clone(),
                    takes: s.node.takes.as_ref().map(|(a, b, u)| (a.node, b.node, u.node)),
                    fee,
                    when,
                    unless,
                });
            }
        }
        steps
    }

    pub(super) fn scorecard(&mut self) -> Option<ScorecardRule> {
        let decls = self.decls;
        let scorecards = &decls.scorecards;
        for (_, span) in scorecards.iter().skip(1) {
            self.diags.push(Diagnostic::new(Code::RecommendationMissing, *span, "a policy has at most one `scorecard` block"));
        }
        let (s, _) = scorecards.first()?;
        let response_deadline = s.response_deadline.as_ref().and_then(|n| match self.scope.deadlines.get(&n.node) {
            Some(i) => Some(*i),
            None => {
                self.diags.push(Diagnostic::new(Code::UnknownDeadline, n.span, format!("unknown deadline `{}`", n.node)));
                None
            }
        });
        let statuses = s.statuses.iter().map(|st| (st.node.0.node.clone(), thresholds(&st.node.1, &mut self.diags))).collect();
        let triggers = s
            .triggers
            .iter()
            .filter_map(|tr| {
                let ts = thresholds(&tr.node.1, &mut self.diags);
                self.resolve_remedy(&tr.node.0).map(|i| (i, ts))
            })
            .collect();
        Some(ScorecardRule { clause: s.clause.node.clone(), response_deadline, statuses, triggers })
    }
}

/// A scorecard's thresholds; a percent metric compares with a percent, any other with a number.
fn thresholds(list: &[Node<Threshold>], diags: &mut Vec<Diagnostic>) -> Vec<Threshold> {
    for t in list {
        let t = &t.node;
        if t.metric.is_percent() != t.percent {
            let want = if t.metric.is_percent() { "a percent such as `95%`" } else { "a number" };
            diags.push(Diagnostic::new(
                Code::TypeMismatch,
                list.iter().find(|x| x.node == *t).map(|x| x.span).unwrap_or_default(),
                format!("`{}` compares with {want}", t.metric.keyword()),
            ));
        }
    }
    list.iter().map(|t| t.node.clone()).collect()
}

/// How a `prefer` rule reads in the decision's reasons.
fn rule_text(remedy: &Name, when: Option<&Node<Expr>>) -> String {
    match when {
        Some(_) => format!("prefer {} when ...", remedy.node),
        None => format!("prefer {}", remedy.node),
    }
}
