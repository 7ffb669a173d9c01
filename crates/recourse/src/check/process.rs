//! The `process` block: event kinds, steps and their timeframes (E0134-E0136, W0210).

use std::collections::HashSet;

use crate::check::policy::Checker;
use crate::check::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::*;
use crate::value::Ty;

/// The longest timeframe a step may state, in its unit: some 270 years of days, far beyond any
/// contract, and small enough that no due moment computation overflows before the range check.
const MAX_TIMEFRAME: i64 = 100_000;

impl Checker<'_> {
    /// Put the process's event kinds in scope (`event.NAME`), before any expression is checked.
    pub(super) fn declare_events(&mut self) {
        let Some((process, _)) = self.decls.processes.first() else { return };
        for item in &process.items {
            let (name, moment, is_step, hours) = match &item.node {
                ProcessItem::Event(e) => (&e.name, &e.moment, false, false),
                ProcessItem::Step(s) => (&s.name, &s.moment, true, s.unit.node == StepUnit::Hours),
            };
            if self.scope.events.contains_key(&name.node) {
                self.diags.push(
                    Diagnostic::new(Code::DuplicateName, name.span, format!("event kind `{}` is declared twice", name.node))
                        .with_help("each step and `event` line names its own event kind"),
                );
                continue;
            }
            // A step counted in hours is done at a time unless it says `: date`.
            let timed = match moment {
                Some(m) => m.node == TypeName::Timestamp,
                None => hours,
            };
            let i = self.scope.event_types.len();
            self.scope.events.insert(name.node.clone(), i);
            self.scope.event_types.push(if timed { Ty::Timestamp } else { Ty::Date });
            // A step's own event is read by the timeline.
            self.scope.used_events.push(is_step);
        }
    }

    /// The process, checked; a second block is refused.
    pub(super) fn process(&mut self) -> Option<ProcessInfo> {
        let decls = self.decls;
        for (_, span) in decls.processes.iter().skip(1) {
            self.diags.push(
                Diagnostic::new(Code::RepeatedProcess, *span, "a policy has at most one `process` block")
                    .with_help("put every step and event kind in the first `process` block"),
            );
        }
        let (process, _) = decls.processes.first()?;
        let mut names: Vec<String> = vec![String::new(); self.scope.event_types.len()];
        for (name, i) in &self.scope.events {
            if let Some(slot) = names.get_mut(*i) {
                slot.clone_from(name);
            }
        }
        let events: Vec<EventInfo> = names
            .iter()
            .zip(&self.scope.event_types)
            .map(|(name, ty)| EventInfo { name: name.clone(), timed: *ty == Ty::Timestamp })
            .collect();
        let mut steps = Vec::new();
        let mut seen = HashSet::new();
        for item in &process.items {
            let ProcessItem::Step(step) = &item.node else { continue };
            let Some(&event) = self.scope.events.get(&step.name.node) else { continue };
            if !seen.insert(event) {
                continue;
            }
            if let Some(info) = self.step(step, event, item.span) {
                steps.push(info);
            }
        }
        self.waiting_cycles(&steps, &events);
        Some(ProcessInfo { clause: process.clause.node.clone(), events, steps })
    }

    /// W0211: steps that count from each other in a cycle (`a after b`, `b after a`) wait for
    /// each other. Each step has one anchor, so one walk per step along the anchors, marking what
    /// it visits, finds every cycle in linear time.
    fn waiting_cycles(&mut self, steps: &[ProcessStepInfo], events: &[EventInfo]) {
        // The step (index) done by each event kind, and the event kind each step counts from.
        let mut step_of: Vec<Option<usize>> = vec![None; events.len()];
        for (i, s) in steps.iter().enumerate() {
            if let Some(slot) = step_of.get_mut(s.event) {
                *slot = Some(i);
            }
        }
        let next = |i: usize| -> Option<usize> {
            match steps.get(i).map(|s| &s.after) {
                Some(StepAnchor::Event(e)) => step_of.get(*e).copied().flatten(),
                _ => None,
            }
        };
        // 0: not seen, 1: on the current walk, 2: done.
        let mut state = vec![0u8; steps.len()];
        for start in 0..steps.len() {
            let mut path = Vec::new();
            let mut at = Some(start);
            while let Some(i) = at {
                match state.get(i).copied() {
                    Some(0) => {
                        if let Some(x) = state.get_mut(i) {
                            *x = 1;
                        }
                        path.push(i);
                        at = next(i);
                    }
                    Some(1) => {
                        // A cycle: the path from `i` on. Reported once, at its first step.
                        let from = path.iter().position(|&p| p == i).unwrap_or(0);
                        let cycle: Vec<&str> = path
                            .iter()
                            .skip(from)
                            .filter_map(|&p| steps.get(p))
                            .filter_map(|s| events.get(s.event))
                            .map(|e| e.name.as_str())
                            .collect();
                        if let Some(first) = steps.get(i) {
                            self.diags.push(
                                Diagnostic::new(
                                    Code::StepsWaitOnEachOther,
                                    first.span,
                                    format!("steps count from each other: {}", cycle.join(" -> ")),
                                )
                                .with_help("count one of them from an event that comes before them (the notice, an approval)"),
                            );
                        }
                        break;
                    }
                    _ => break,
                }
            }
            for p in path {
                if let Some(x) = state.get_mut(p) {
                    *x = 2;
                }
            }
        }
    }

    fn step(&mut self, step: &StepDecl, event: usize, span: Span) -> Option<ProcessStepInfo> {
        let (min, max, unit) = (step.min.node, step.max.node, step.unit.node);
        let mut ok = true;
        if min < 0 || max < min || max > MAX_TIMEFRAME {
            self.diags.push(
                Diagnostic::new(
                    Code::InvalidTimeframe,
                    Span::new(step.min.span.start, step.unit.span.end),
                    format!("`{min} to {max}` is not a valid timeframe"),
                )
                .with_help(format!("write the early bound first, both from 0 to {MAX_TIMEFRAME}: `within 24 to 48 hours`")),
            );
            ok = false;
        }
        // A bare name of an event kind counts from that event; anything else is an expression.
        let anchor_event = match &step.after.node {
            Expr::Path(parts) => match parts.as_slice() {
                [one] => self.scope.events.get(&one.node).copied(),
                _ => None,
            },
            _ => None,
        };
        let (after, anchor_ty, anchor_text) = match anchor_event {
            Some(i) => {
                if let Some(u) = self.scope.used_events.get_mut(i) {
                    *u = true;
                }
                if i == event {
                    self.diags.push(
                        Diagnostic::new(Code::InvalidTimeframe, step.after.span, format!("step `{}` counts from itself", step.name.node))
                            .with_help("count a step from an earlier event: the notice, the approval, another step"),
                    );
                    ok = false;
                }
                (
                    StepAnchor::Event(i),
                    self.scope.event_types.get(i).copied().unwrap_or(Ty::Error),
                    crate::syntax::format::expression_text(&step.after.node),
                )
            }
            None => {
                let c = self.scope.check(&step.after);
                let ty = c.ty;
                match ty {
                    Ty::Date | Ty::Timestamp | Ty::Error => {}
                    t => {
                        self.diags.push(
                            Diagnostic::new(
                                Code::TypeMismatch,
                                step.after.span,
                                format!("a step counts from an event, a date or a timestamp, found {}", article(t)),
                            )
                            .with_help("name an event kind of the process (`after approved`) or a date such as `claim.notified_on`"),
                        );
                        ok = false;
                    }
                }
                (StepAnchor::Expr(c), ty, crate::syntax::format::expression_text(&step.after.node))
            }
        };
        if unit == StepUnit::Hours && anchor_ty == Ty::Date {
            self.diags.push(
                Diagnostic::new(Code::HoursNeedTimestamps, step.after.span, format!("step `{}` counts hours from a date", step.name.node))
                    .with_help("count hours from a timestamp event (`event notified: timestamp \"...\"`), or count days"),
            );
            ok = false;
        }
        if !ok {
            return None;
        }
        let range = if min == max { format!("{max} {}", unit.for_count(max)) } else { format!("{min} to {max} {}", unit.for_count(max)) };
        Some(ProcessStepInfo {
            event,
            label: step.label.node.clone(),
            min,
            max,
            unit,
            after,
            rule: format!("{range} after {anchor_text}"),
            span,
        })
    }

    /// W0210: an `event` line nothing counts from and nothing reads.
    pub(super) fn unused_events(&mut self) {
        let Some((process, _)) = self.decls.processes.first() else { return };
        for item in &process.items {
            let ProcessItem::Event(e) = &item.node else { continue };
            let Some(&i) = self.scope.events.get(&e.name.node) else { continue };
            if self.scope.used_events.get(i) == Some(&false) {
                self.diags.push(
                    Diagnostic::new(Code::UnusedEvent, e.name.span, format!("event kind `{}` is never read", e.name.node))
                        .with_help("count a step from it (`after NAME`), read it as `event.NAME`, or remove it"),
                );
            }
        }
    }
}
