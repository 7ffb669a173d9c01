//! ISO 2859-1 switching between normal, tightened and reduced inspection, replayed over the
//! supplier's earlier lots.
//!
//! - normal -> tightened: 2 lots not accepted within 5 or fewer consecutive lots;
//! - tightened -> normal: 5 consecutive lots accepted;
//! - tightened -> discontinued: 5 lots not accepted in the sequence on tightened inspection;
//! - normal -> reduced: ISO 2859-1:1999, switching score >= 30; Z1.4, 10 consecutive accepted
//!   lots (its optional limit numbers are not applied); both also need steady production and
//!   the approval of the responsible authority (claim `switching` facts);
//! - reduced -> normal: a lot not accepted, production not steady, or a lot accepted with
//!   Ac < d < Re (the reduced table is the MIL-STD-105E / Z1.4 one, which has that gap).
//!
//! The 1999 switching score with several severity classes: a lot resets it unless accepted; it
//! adds 3 when every class has Ac >= 2 and the lot would also pass one AQL step tighter, resets
//! when a class with Ac >= 2 would not, and adds 2 otherwise (a class with Ac 0 or 1).

use std::collections::VecDeque;

use crate::check::CheckedPolicy;
use crate::diagnostics::Code;
use crate::domain::sampling::{self, Aql, InspectionLevel, InspectionState};
use crate::model::claim::{Claim, Found};
use crate::model::decision::InspectionStateOut;
use crate::terms::{SeverityClass, SwitchingRules};

use super::error::{EvalError, R};

/// A lot judged under one inspection state.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Judgement {
    pub accepted: bool,
    /// Reduced inspection, Ac < d < Re: accepted, but normal inspection is reinstated.
    pub gap: bool,
    /// `None` when the lot's inspection is unknown (only `accepted` was given).
    pub score_points: Option<u64>,
}

pub(crate) fn plan_state(s: InspectionStateOut) -> InspectionState {
    match s {
        InspectionStateOut::Normal => InspectionState::Normal,
        InspectionStateOut::Reduced => InspectionState::Reduced,
        InspectionStateOut::Tightened | InspectionStateOut::Discontinued => InspectionState::Tightened,
    }
}

pub(crate) fn state_out(s: InspectionState) -> InspectionStateOut {
    match s {
        InspectionState::Normal => InspectionStateOut::Normal,
        InspectionState::Tightened => InspectionStateOut::Tightened,
        InspectionState::Reduced => InspectionStateOut::Reduced,
    }
}

/// Judge a lot from its defect counts per class.
pub(crate) fn judge(
    lot_size: u64,
    level: InspectionLevel,
    state: InspectionStateOut,
    aql: &[(SeverityClass, Aql)],
    count: impl Fn(SeverityClass) -> u64,
) -> R<Judgement> {
    let mut accepted = true;
    let mut gap = false;
    let mut all_ac_ge_2 = true;
    let mut tighter_ok = true;
    for (class, a) in aql {
        let plan = sampling::plan(lot_size, level, plan_state(state), *a).ok_or_else(|| no_plan(lot_size))?;
        let d = count(*class);
        let (ac, re) = (u64::from(plan.accept), u64::from(plan.reject));
        if d >= re {
            accepted = false;
        } else if d > ac {
            gap = true;
        }
        if ac >= 2 {
            // One step tighter: the next smaller preferred AQL, under normal inspection.
            let tighter = match a {
                Aql::Preferred(i) if *i > 0 => Aql::preferred(i.saturating_sub(1)),
                _ => None,
            };
            let passes = match tighter.and_then(|t| sampling::plan(lot_size, level, InspectionState::Normal, t)) {
                Some(tp) => d <= u64::from(tp.accept),
                None => false,
            };
            tighter_ok &= passes;
        } else {
            all_ac_ge_2 = false;
        }
    }
    let score_points = if !accepted || (all_ac_ge_2 && !tighter_ok) {
        0
    } else if all_ac_ge_2 {
        3
    } else {
        2
    };
    Ok(Judgement { accepted, gap, score_points: Some(score_points) })
}

fn no_plan(lot_size: u64) -> EvalError {
    EvalError::new(Code::InvalidQuantity, format!("ISO 2859-1 has no plan for a lot of {lot_size} units (at least 2)"))
}

/// The switching state machine.
#[derive(Debug, Clone)]
pub(crate) struct Switching {
    pub rules: SwitchingRules,
    pub state: InspectionStateOut,
    pub reason: String,
    pub score: u64,
    recent: VecDeque<(String, bool)>,
    consecutive_accepted: u64,
    tightened_rejections: u64,
    steady: bool,
    approved: bool,
}

impl Switching {
    pub fn new(rules: SwitchingRules, start: InspectionState, claim: &Claim) -> Switching {
        let facts = claim.switching.unwrap_or_default();
        Switching {
            rules,
            state: state_out(start),
            reason: "the policy's starting state; no earlier lot".to_string(),
            score: 0,
            recent: VecDeque::new(),
            consecutive_accepted: 0,
            tightened_rejections: 0,
            steady: facts.production_steady,
            approved: facts.reduced_approved,
        }
    }

    fn enter(&mut self, state: InspectionStateOut, reason: String) {
        self.state = state;
        self.reason = reason;
        self.recent.clear();
        self.consecutive_accepted = 0;
        self.tightened_rejections = 0;
        self.score = 0;
    }

    /// Apply one lot's outcome.
    pub fn step(&mut self, lot: &str, j: Judgement) {
        match self.state {
            InspectionStateOut::Normal => {
                self.recent.push_back((lot.to_string(), j.accepted));
                while self.recent.len() > 5 {
                    self.recent.pop_front();
                }
                let rejected: Vec<&str> = self.recent.iter().filter(|(_, a)| !a).map(|(l, _)| l.as_str()).collect();
                if rejected.len() >= 2 {
                    let reason = format!(
                        "2 of the last {} lots on normal inspection were not accepted ({})",
                        self.recent.len(),
                        rejected.join(", ")
                    );
                    self.enter(InspectionStateOut::Tightened, reason);
                    return;
                }
                self.consecutive_accepted = if j.accepted { self.consecutive_accepted.saturating_add(1) } else { 0 };
                self.score = match j.score_points {
                    Some(0) | None => 0,
                    Some(points) => self.score.saturating_add(points),
                };
                let qualifies = match self.rules {
                    SwitchingRules::Iso2859_1 => self.score >= 30,
                    SwitchingRules::Z14 => self.consecutive_accepted >= 10,
                };
                if qualifies && self.steady && self.approved {
                    let why = match self.rules {
                        SwitchingRules::Iso2859_1 => format!("the switching score reached {} (30 needed)", self.score),
                        SwitchingRules::Z14 => format!("{} consecutive lots accepted", self.consecutive_accepted),
                    };
                    self.enter(
                        InspectionStateOut::Reduced,
                        format!("{why}, production is steady and reduced inspection is approved (after lot {lot})"),
                    );
                } else {
                    self.reason = if qualifies {
                        "the lots qualify for reduced inspection, which also needs steady production and approval".to_string()
                    } else {
                        format!("no switching rule met (after lot {lot})")
                    };
                }
            }
            InspectionStateOut::Tightened => {
                if j.accepted {
                    self.consecutive_accepted = self.consecutive_accepted.saturating_add(1);
                } else {
                    self.consecutive_accepted = 0;
                    self.tightened_rejections = self.tightened_rejections.saturating_add(1);
                }
                if self.tightened_rejections >= 5 {
                    self.enter(InspectionStateOut::Discontinued, format!("5 lots not accepted on tightened inspection (the last: {lot})"));
                } else if self.consecutive_accepted >= 5 {
                    self.enter(
                        InspectionStateOut::Normal,
                        format!("5 consecutive lots accepted on tightened inspection (the last: {lot})"),
                    );
                } else {
                    self.reason = format!(
                        "{} consecutive accepted of the 5 needed to return to normal, {} of 5 rejections before discontinuation",
                        self.consecutive_accepted, self.tightened_rejections
                    );
                }
            }
            InspectionStateOut::Reduced => {
                let reinstate = if !j.accepted {
                    Some(format!("lot {lot} was not accepted on reduced inspection"))
                } else if j.gap {
                    Some(format!("lot {lot} was accepted with Ac < d < Re on reduced inspection"))
                } else if !self.steady {
                    Some("production is not steady".to_string())
                } else {
                    None
                };
                match reinstate {
                    Some(why) => self.enter(InspectionStateOut::Normal, format!("normal reinstated: {why}")),
                    None => self.reason = format!("lot {lot} accepted on reduced inspection"),
                }
            }
            InspectionStateOut::Discontinued => {}
        }
    }
}

/// Replay the claim's lot history.
pub(crate) fn replay(
    p: &CheckedPolicy,
    claim: &Claim,
    level: InspectionLevel,
    start: InspectionState,
    aql: &[(SeverityClass, Aql)],
    rules: SwitchingRules,
) -> R<(Switching, u64)> {
    let mut sw = Switching::new(rules, start, claim);
    let mut lots: Vec<(usize, &crate::model::claim::LotRecord)> = claim.lot_history.iter().enumerate().collect();
    // Oldest first; lots of one day keep their order in the claim.
    crate::sort::sort_by_key(&mut lots, |(i, l)| (l.received_on, *i));
    for (i, lot) in &lots {
        let j = match (&lot.lot_size, &lot.found) {
            (Some(size), Some(found)) => {
                let counts = class_counts(p, found, *i)?;
                judge(size.0, level, sw.state, aql, |c| counts.get(class_slot(c)).copied().unwrap_or(0))?
            }
            _ => match lot.accepted {
                Some(a) => Judgement { accepted: a, gap: false, score_points: None },
                None => {
                    return Err(EvalError::new(
                        Code::InvalidQuantity,
                        format!("lot `{}` needs either `lot_size` and `found`, or `accepted`", lot.lot),
                    )
                    .field(format!("lot_history[{i}]")));
                }
            },
        };
        sw.step(&lot.lot, j);
    }
    Ok((sw, u64::try_from(lots.len()).unwrap_or(u64::MAX)))
}

fn class_slot(c: SeverityClass) -> usize {
    match c {
        SeverityClass::Minor => 0,
        SeverityClass::Major => 1,
        SeverityClass::Critical => 2,
    }
}

fn class_counts(p: &CheckedPolicy, found: &[Found], lot_index: usize) -> R<[u64; 3]> {
    let mut counts = [0u64; 3];
    for (k, f) in found.iter().enumerate() {
        match p.severity_of(&f.defect) {
            Some(c) => {
                if let Some(slot) = counts.get_mut(class_slot(c)) {
                    *slot = slot.saturating_add(f.count.0);
                }
            }
            None if p.is_exclusion(&f.defect) => {}
            None => {
                return Err(EvalError::new(Code::ClaimUnknownDefect, format!("`{}` is not a defect code of this policy", f.defect))
                    .field(format!("lot_history[{lot_index}].found[{k}].defect")));
            }
        }
    }
    Ok(counts)
}
