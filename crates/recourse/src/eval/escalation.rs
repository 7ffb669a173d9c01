//! `escalation`: when the escalation opens and when each of its steps can start and end.

use crate::check::EffectInfo;
use crate::model::decision::{DeadlineResult, DeadlineStatus, Escalation, EscalationStatus, EscalationStepOut};

use super::State;
use super::error::{R, date_error, decision_date};

impl State<'_> {
    pub(super) fn escalation(&self, deadlines: &[DeadlineResult]) -> R<Escalation> {
        let p = self.p;
        let triggers: Vec<&DeadlineResult> = deadlines
            .iter()
            .zip(&p.deadlines)
            .filter(|(_, info)| info.effects.iter().any(|e| matches!(e, EffectInfo::Escalate(_))))
            .map(|(d, _)| d)
            .collect();
        let first = |status: DeadlineStatus| triggers.iter().filter(|d| d.status == status).min_by_key(|d| d.due).copied();
        let (status, trigger) = if p.escalation.is_empty() || triggers.is_empty() {
            (EscalationStatus::None, None)
        } else if let Some(d) = first(DeadlineStatus::Missed) {
            (EscalationStatus::Open, Some(d))
        } else if let Some(d) = first(DeadlineStatus::Open) {
            (EscalationStatus::Pending, Some(d))
        } else {
            (EscalationStatus::NotTriggered, None)
        };
        let opens_on = match trigger {
            Some(d) => Some(crate::domain::calendar::add_days(d.due, 1).map_err(date_error).and_then(decision_date)?),
            None => None,
        };
        let mut steps = Vec::new();
        let mut starts = opens_on.map(|o| (o, o));
        for s in &p.escalation {
            let mut out = EscalationStepOut {
                name: s.name.clone(),
                forum: s.forum.clone(),
                earliest_start: starts.map(|x| x.0),
                latest_start: starts.map(|x| x.1),
                earliest_end: None,
                latest_end: None,
            };
            starts = match (starts, s.takes) {
                (Some((early, late)), Some((min, max, unit))) => {
                    let e = self.shift(early, min, unit)?;
                    let l = self.shift(late, max, unit)?;
                    out.earliest_end = Some(e);
                    out.latest_end = Some(l);
                    Some((e, l))
                }
                _ => None,
            };
            steps.push(out);
        }
        Ok(Escalation { status, trigger: trigger.map(|d| d.name.clone()), opens_on, steps })
    }
}
