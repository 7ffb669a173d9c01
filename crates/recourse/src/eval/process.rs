//! The `process` block: each step's timeframe from its anchor, whether its event came on time,
//! late (by how much, exactly) or not yet (open or overdue as of `as_of`), and what comes next.

use crate::check::{ProcessStepInfo, StepAnchor};
use crate::diagnostics::Code;
use crate::domain::{calendar, timestamp as ts};
use crate::model::claim::Moment;
use crate::model::decision::{Lateness, StepResult, StepStatus, StepUnit, Timeline};
use crate::value::Value;

use super::error::{EvalError, R, date_error, decision_date};
use super::{State, in_clause};

fn out_of_range() -> EvalError {
    EvalError::new(Code::TimestampOutOfRange, "a step's due moment fell outside the years 0001 to 9999")
}

fn moment_value(m: Moment) -> Value {
    match m {
        Moment::Date(d) => Value::Date(d),
        Moment::Timestamp(t) => Value::Timestamp(t),
    }
}

impl State<'_> {
    pub(super) fn timeline(&mut self) -> R<Option<Timeline>> {
        let p = self.p;
        let Some(process) = &p.process else { return Ok(None) };
        // A claim that tracks no events (no `events`, no `as_of_time`) is decided as before, byte
        // for byte: its decision has no timeline.
        if self.claim.events.is_empty() && self.claim.as_of_time.is_none() {
            return Ok(None);
        }
        let mut steps = Vec::with_capacity(process.steps.len());
        for step in &process.steps {
            let name = process.events.get(step.event).map(|e| e.name.as_str()).unwrap_or_default();
            let r = self
                .traced(step.span, || format!("step {name}"), Some(&process.clause), |st| st.step(step, name).map(StepTraced))
                .map_err(|e| in_clause(e, &process.clause))?;
            steps.push(r.0);
        }
        // What comes next: the open or overdue step due first (by the late bound's date).
        let next = steps
            .iter()
            .zip(&process.steps)
            .filter(|(r, _)| matches!(r.status, StepStatus::Open | StepStatus::Overdue))
            .filter_map(|(r, _)| Some((r.due_by.as_ref()?.get(..10)?.to_string(), r.step.clone())))
            .min_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, step)| step);
        Ok(Some(Timeline { clause: process.clause.clone(), steps, next }))
    }

    fn event(&mut self, i: usize) -> Option<Moment> {
        let m = self.events.get(i).copied().flatten()?;
        let p = self.p;
        let name = p.process.as_ref().and_then(|x| x.events.get(i)).map(|e| e.name.as_str()).unwrap_or_default();
        self.read(|| format!("event.{name}"), &moment_value(m));
        Some(m)
    }

    fn step(&mut self, step: &ProcessStepInfo, name: &str) -> R<StepResult> {
        let anchor = match &step.after {
            StepAnchor::Event(i) => self.event(*i),
            StepAnchor::Expr(e) => match self.eval(e) {
                Ok(Value::Date(d)) => Some(Moment::Date(d)),
                Ok(Value::Timestamp(t)) => Some(Moment::Timestamp(t)),
                Ok(_) => return Err(EvalError::new(Code::Internal, "a step's start is not a date")),
                // A date the claim does not have yet: the step has not started.
                Err(e) if e.is(Code::MissingField) => None,
                Err(e) => return Err(e),
            },
        };
        let done = self.event(step.event);
        let mut r = StepResult {
            step: name.to_string(),
            label: step.label.clone(),
            rule: step.rule.clone(),
            unit: step.unit,
            status: StepStatus::Waiting,
            started: anchor.map(|a| a.text()),
            due_from: None,
            due_by: None,
            done: done.map(|d| d.text()),
            late_by: None,
        };
        let Some(anchor) = anchor else { return Ok(r) };
        let early = self.shift_moment(anchor, step.min, step.unit)?;
        let late = self.shift_moment(anchor, step.max, step.unit)?;
        r.due_from = Some(early.text());
        r.due_by = Some(late.text());
        r.status = match done {
            Some(d) => match self.lateness(late, d, step.unit)? {
                Some(l) => {
                    r.late_by = Some(l);
                    StepStatus::Late
                }
                None => StepStatus::OnTime,
            },
            None => {
                let now = match self.claim.as_of_time {
                    Some(Moment::Timestamp(t)) => Some(t),
                    _ => None,
                };
                let passed = match (late, now) {
                    (Moment::Timestamp(l), Some(now)) => now > l,
                    (l, _) => self.claim.as_of > l.date(),
                };
                if passed { StepStatus::Overdue } else { StepStatus::Open }
            }
        };
        Ok(r)
    }

    /// The anchor plus `n` units: hours and days on a timestamp are exact spans of seconds in its
    /// offset; business days move its date over the policy's calendar, keeping the time of day.
    fn shift_moment(&self, m: Moment, n: i64, unit: StepUnit) -> R<Moment> {
        let seconds = |per: i64| n.checked_mul(per).ok_or_else(out_of_range);
        Ok(match (m, unit) {
            (Moment::Timestamp(t), StepUnit::Hours) => Moment::Timestamp(ts::add_seconds(t, seconds(3600)?).ok_or_else(out_of_range)?),
            (Moment::Timestamp(t), StepUnit::Days) => Moment::Timestamp(ts::add_seconds(t, seconds(86_400)?).ok_or_else(out_of_range)?),
            (Moment::Timestamp(t), StepUnit::Weeks) => Moment::Timestamp(ts::add_seconds(t, seconds(604_800)?).ok_or_else(out_of_range)?),
            (Moment::Timestamp(t), StepUnit::BusinessDays) => {
                let d = self.p.calendar.add_business_days(t.date_naive(), n).map_err(date_error).and_then(decision_date)?;
                Moment::Timestamp(ts::on_date(t, d).ok_or_else(out_of_range)?)
            }
            (Moment::Date(d), StepUnit::Days) => Moment::Date(calendar::add_days(d, n).map_err(date_error).and_then(decision_date)?),
            (Moment::Date(d), StepUnit::Weeks) => Moment::Date(calendar::add_weeks(d, n).map_err(date_error).and_then(decision_date)?),
            (Moment::Date(d), StepUnit::BusinessDays) => {
                Moment::Date(self.p.calendar.add_business_days(d, n).map_err(date_error).and_then(decision_date)?)
            }
            (Moment::Date(_), StepUnit::Hours) => return Err(EvalError::new(Code::Internal, "hours counted from a date")),
        })
    }

    /// How late `done` is against the late bound, in the step's unit; `None` when on time.
    fn lateness(&self, late: Moment, done: Moment, unit: StepUnit) -> R<Option<Lateness>> {
        let days_unit = if unit == StepUnit::Weeks { StepUnit::Days } else { unit };
        if let (Moment::Timestamp(l), Moment::Timestamp(d)) = (late, done) {
            let s = ts::seconds_between(l, d);
            if s <= 0 {
                return Ok(None);
            }
            return Ok(Some(match days_unit {
                StepUnit::Hours => Lateness {
                    unit: StepUnit::Hours,
                    whole: ts::count_units(s, 3600, ts::SpanCount::Whole),
                    started: ts::count_units(s, 3600, ts::SpanCount::Started),
                    exact: ts::describe_seconds(s, false),
                },
                StepUnit::BusinessDays => {
                    let n = self.p.calendar.business_days_between(l.date_naive(), d.date_naive()).map_err(date_error)?;
                    Lateness {
                        unit,
                        whole: n,
                        started: n.max(1),
                        exact: format!("{n} {} ({})", unit.for_count(n), ts::describe_seconds(s, true)),
                    }
                }
                _ => Lateness {
                    unit: StepUnit::Days,
                    whole: ts::count_units(s, 86_400, ts::SpanCount::Whole),
                    started: ts::count_units(s, 86_400, ts::SpanCount::Started),
                    exact: ts::describe_seconds(s, true),
                },
            }));
        }
        // A date on either side: whole calendar (or business) days between the dates.
        let (l, d) = (late.date(), done.date());
        if d <= l {
            return Ok(None);
        }
        let (n, unit) = match days_unit {
            StepUnit::BusinessDays => (self.p.calendar.business_days_between(l, d).map_err(date_error)?, StepUnit::BusinessDays),
            _ => (calendar::days_between(l, d), StepUnit::Days),
        };
        Ok(Some(Lateness { unit, whole: n, started: n, exact: format!("{n} {}", unit.for_count(n)) }))
    }
}

/// A step's result as a trace step shows it: its status.
struct StepTraced(StepResult);

impl super::trace::TraceShow for StepTraced {
    fn show(&self, _: &crate::check::CheckedPolicy) -> String {
        let r = &self.0;
        let mut s = r.status.display().to_string();
        if let Some(by) = &r.due_by {
            s.push_str(", due by ");
            s.push_str(by);
        }
        if let Some(l) = &r.late_by {
            s.push_str(", late by ");
            s.push_str(&l.exact);
        }
        s
    }
}
