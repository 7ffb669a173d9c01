//! The supplier scorecard over many claims and lot receipts: lots inspected and rejected, PPM,
//! defect rates by code, response times against the contract's deadline, recovery rate; and the
//! statuses and remedies the policy's `scorecard` thresholds trigger.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::check::{CheckedPolicy, SamplingMethod, Threshold};
use crate::domain::money::{Checked, Money, divide_rounded};
use crate::eval::EvalError;
use crate::eval::switching;
use crate::model::claim::{Claim, LotRecord};
use crate::model::decision::{DeadlineStatus, Disposition};
use crate::terms::{BinaryOp, Metric, RoundingMode, SeverityClass};
use crate::{Decision, Policy};

/// What the scorecard is computed over.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScorecardInput {
    /// The supplier's claims, each evaluated under the policy as `evaluate` would; a claim that fails
    /// to evaluate is listed in `errors` and counts in no figure.
    #[serde(default)]
    pub claims: Vec<Claim>,
    /// Lots received (claims or not): `accepted`, or `lot_size` and `found` for the policy's plan.
    #[serde(default)]
    pub receipts: Vec<LotRecord>,
}

impl ScorecardInput {
    /// Parse `{ "claims": [...], "receipts": [...] }` with the path of the offending field in the
    /// error, such as `claims[2].order.unit_price`.
    pub fn from_json(text: &str) -> Result<ScorecardInput, crate::model::claim::ClaimError> {
        crate::model::claim::read_json(text)
    }
}

/// The supplier scorecard: the policy's figures over many claims and lot receipts, and the status
/// and remedies its `scorecard` thresholds trigger. A rate is absent when there is nothing to divide
/// by; rates are decimal strings in percent.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Scorecard {
    /// The policy's title, as its header names it.
    pub policy: String,
    /// The policy's ISO 4217 currency code, e.g. "USD": `claimed` and `recovered` are in it.
    pub currency: String,
    /// Claims evaluated (those in `errors` are not counted).
    pub claims: u64,
    /// Lots judged: claims whose lot was accepted or rejected, and receipts that say `accepted` or
    /// can be judged from `found` under the policy's ISO 2859-1 plan.
    pub lots_inspected: u64,
    /// Of `lots_inspected`, the lots rejected (or receipts with `accepted: false`).
    pub lots_rejected: u64,
    /// `lots_rejected` / `lots_inspected` in percent, 2 places; absent when no lot was inspected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejection_rate: Option<String>,
    /// Units sampled: the claims' `inspection.sample_size` and the receipts' `sample_size`, summed.
    pub sampled_units: u64,
    /// Defects found in those samples, over the codes of the policy's catalogue (exclusions and
    /// unknown codes left out).
    pub defects: u64,
    /// Defects per million sampled units (`defects` / `sampled_units` x 1,000,000), rounded half up to
    /// a whole number; absent when no unit was sampled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ppm: Option<String>,
    /// Per defect code found, by code: its count and its rate in the sampled units.
    pub defect_rates: Vec<DefectRate>,
    /// Claims the supplier has answered (`supplier_responded_on` given).
    pub responses: u64,
    /// Mean business days (by the policy's calendar) from `notified_on` to `supplier_responded_on` over
    /// the answered claims, 2 places; absent when no claim was answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_response_days: Option<String>,
    /// Claims answered after the response deadline's due date, or not answered when that deadline was
    /// missed; 0 when the policy names no response deadline.
    pub late_responses: u64,
    /// The deadline the policy's `scorecard` measures responses against (`response deadline`);
    /// absent when it names none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_deadline: Option<String>,
    /// Sum over the claims of the recommended remedy's `supplier_total`; claims with no
    /// recommendation add nothing.
    #[schemars(with = "String")]
    pub claimed: Money,
    /// Sum of the claims' `recovered` amounts: what the buyer has recovered from the supplier so far.
    #[schemars(with = "String")]
    pub recovered: Money,
    /// `recovered` / `claimed` in percent, 2 places; absent when nothing was claimed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_rate: Option<String>,
    /// The first `status` of the policy's `scorecard` whose thresholds all hold; absent when none does
    /// (or the policy has no scorecard).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ScoreStatus>,
    /// The `trigger`s of the policy's `scorecard` whose thresholds all hold, in the policy's order.
    pub triggered: Vec<Triggered>,
    /// Claims that could not be evaluated; they are left out of every figure.
    pub errors: Vec<ClaimFailure>,
}

/// One defect code over all the samples of the scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DefectRate {
    /// A defect code of the policy's catalogue, e.g. "zipper_failure".
    pub code: String,
    /// The severity class the policy's catalogue assigns the code.
    pub severity: SeverityClass,
    /// Defects of this code found, over claims and receipts.
    pub count: u64,
    /// `count` in percent of `sampled_units`, 4 places; absent when no unit was sampled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<String>,
}

/// A supplier status the policy's `scorecard` assigns, e.g. "probation".
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ScoreStatus {
    /// The status as the policy names it (`status "probation" when ...`).
    pub status: String,
    /// The clause of the policy's `scorecard`, e.g. "Q.10 Supplier scorecard".
    pub clause: String,
    /// Each threshold that holds, with the figure, e.g. "ppm 25000 > 20000".
    pub because: Vec<String>,
}

/// A remedy the policy's `scorecard` triggers because its thresholds all hold (`trigger qa_audit
/// when ...`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Triggered {
    /// The remedy's declared name in the policy.
    pub remedy: String,
    /// The clause of the policy's `scorecard`.
    pub clause: String,
    /// Each threshold that holds, with the figure, e.g. "rejection_rate 60% >= 50%".
    pub because: Vec<String>,
}

/// A claim the scorecard could not evaluate, and why.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ClaimFailure {
    /// The claim's `claim_id`; "(all claims)" when the money totals overflowed.
    pub claim_id: String,
    /// The evaluation error, as `evaluate` would return it.
    pub error: EvalError,
}

fn percent(n: Decimal, d: Decimal, places: u32) -> Option<Decimal> {
    if d.is_zero() { None } else { divide_rounded(n.times(Decimal::ONE_HUNDRED)?, d, places, RoundingMode::HalfUp) }
}

/// Evaluates every claim under the policy and computes the scorecard over them and the receipts.
/// Never fails: claims that do not evaluate are listed in [`Scorecard::errors`].
pub fn scorecard(policy: &Policy, input: &ScorecardInput) -> Scorecard {
    let p = policy.checked();
    let mut errors = Vec::new();
    let mut decided: Vec<(&Claim, Decision)> = Vec::new();
    for c in &input.claims {
        match policy.evaluate(c) {
            Ok(d) => decided.push((c, d)),
            Err(error) => errors.push(ClaimFailure { claim_id: c.claim_id.clone(), error }),
        }
    }
    let f = Figures::new(p, &decided, &input.receipts, &mut errors);
    let rule = p.scorecard.as_ref();
    let status = rule.and_then(|r| {
        r.statuses
            .iter()
            .find_map(|(s, ts)| f.holds(ts).map(|because| ScoreStatus { status: s.clone(), clause: r.clause.clone(), because }))
    });
    let triggered = rule
        .map(|r| {
            r.triggers
                .iter()
                .filter_map(|(i, ts)| {
                    let because = f.holds(ts)?;
                    Some(Triggered { remedy: p.remedies.get(*i)?.name.clone(), clause: r.clause.clone(), because })
                })
                .collect()
        })
        .unwrap_or_default();
    let cur = p.currency;
    let text = |x: Option<Decimal>| x.map(|v| v.to_string());
    let sampled = f.lots.sampled;
    Scorecard {
        policy: p.title.clone(),
        currency: cur.code().to_string(),
        claims: f.claims,
        lots_inspected: f.lots.inspected,
        lots_rejected: f.lots.rejected,
        rejection_rate: text(percent(Decimal::from(f.lots.rejected), Decimal::from(f.lots.inspected), 2)),
        sampled_units: sampled,
        defects: f.lots.defects,
        ppm: f.ppm.and_then(|(n, d)| divide_rounded(n, d, places(Metric::Ppm), RoundingMode::HalfUp)).map(|v| v.to_string()),
        defect_rates: f
            .lots
            .by_code
            .into_iter()
            .filter_map(|(code, count)| {
                let severity = p.severity_of(&code)?;
                let rate = text(percent(Decimal::from(count), Decimal::from(sampled), 4));
                Some(DefectRate { code, severity, count, rate })
            })
            .collect(),
        responses: f.responses.answered,
        mean_response_days: f.responses.mean_days.and_then(|(n, d)| divide_rounded(n, d, 2, RoundingMode::HalfUp)).map(|v| v.to_string()),
        late_responses: f.responses.late,
        response_deadline: f.responses.deadline,
        claimed: Money::new(f.claimed, cur),
        recovered: Money::new(f.recovered, cur),
        recovery_rate: text(percent(f.recovered, f.claimed, 2)),
        status,
        triggered,
        errors,
    }
}

/// The exact figures of a scorecard, before they are shown or held against thresholds.
struct Figures {
    claims: u64,
    lots: Lots,
    /// Defects per million sampled units, as numerator and denominator.
    ppm: Option<(Decimal, Decimal)>,
    responses: Responses,
    claimed: Decimal,
    recovered: Decimal,
}

/// Lots inspected and rejected, units sampled and defects found, over claims and receipts.
#[derive(Default)]
struct Lots {
    inspected: u64,
    rejected: u64,
    sampled: u64,
    defects: u64,
    by_code: BTreeMap<String, u64>,
}

/// The supplier's responses to the claims.
struct Responses {
    answered: u64,
    late: u64,
    /// Mean business days to respond, as numerator and denominator.
    mean_days: Option<(Decimal, Decimal)>,
    /// The deadline the policy names as the response deadline.
    deadline: Option<String>,
}

impl Figures {
    fn new(p: &CheckedPolicy, decided: &[(&Claim, Decision)], receipts: &[LotRecord], errors: &mut Vec<ClaimFailure>) -> Figures {
        let lots = Lots::new(p, decided, receipts);
        let ppm = if lots.sampled == 0 {
            None
        } else {
            Decimal::from(lots.defects).times(Decimal::from(1_000_000u64)).map(|x| (x, Decimal::from(lots.sampled)))
        };
        let (claimed, recovered) = match money_totals(decided) {
            Some(totals) => totals,
            None => {
                // Never a wrong number: the totals are reported as an error instead.
                errors.push(ClaimFailure {
                    claim_id: "(all claims)".to_string(),
                    error: EvalError::new(crate::Code::Overflow, "the claimed or recovered totals overflowed the exact range"),
                });
                (Decimal::ZERO, Decimal::ZERO)
            }
        };
        Figures {
            claims: u64::try_from(decided.len()).unwrap_or(u64::MAX),
            lots,
            ppm,
            responses: Responses::new(p, decided),
            claimed,
            recovered,
        }
    }

    /// A metric as an exact fraction; `None` when it is undefined (nothing to divide by).
    fn metric(&self, m: Metric) -> Option<(Decimal, Decimal)> {
        let (inspected, rejected) = (self.lots.inspected, self.lots.rejected);
        match m {
            Metric::Ppm => self.ppm,
            Metric::LotsInspected => Some((Decimal::from(inspected), Decimal::ONE)),
            Metric::LotsRejected => Some((Decimal::from(rejected), Decimal::ONE)),
            Metric::RejectionRate => {
                if inspected == 0 {
                    return None;
                }
                Some((Decimal::from(rejected).times(Decimal::ONE_HUNDRED)?, Decimal::from(inspected)))
            }
            Metric::RecoveryRate => {
                if self.claimed.is_zero() {
                    return None;
                }
                Some((self.recovered.times(Decimal::ONE_HUNDRED)?, self.claimed))
            }
            Metric::MeanResponseDays => self.responses.mean_days,
            Metric::LateResponses => Some((Decimal::from(self.responses.late), Decimal::ONE)),
            Metric::Claims => Some((Decimal::from(self.claims), Decimal::ONE)),
        }
    }

    /// Whether every threshold holds, read from the exact values; each one that holds in words.
    fn holds(&self, ts: &[Threshold]) -> Option<Vec<String>> {
        let mut because = Vec::new();
        for t in ts {
            let (n, d) = self.metric(t.metric)?;
            // n / d against the value: compare n with value * d (d > 0), exactly.
            let rhs = t.value.times(d)?;
            let ok = match t.op {
                BinaryOp::Lt => n < rhs,
                BinaryOp::Le => n <= rhs,
                BinaryOp::Gt => n > rhs,
                BinaryOp::Ge => n >= rhs,
                BinaryOp::Eq => n == rhs,
                BinaryOp::Ne => n != rhs,
                _ => false,
            };
            if !ok {
                return None;
            }
            let shown = shown(t, n, d);
            because.push(format!(
                "{} {shown}{} {} {}{}",
                t.metric.keyword(),
                if t.percent { "%" } else { "" },
                t.op.symbol(),
                t.value,
                if t.percent { "%" } else { "" }
            ));
        }
        Some(because)
    }
}

/// Decimal places a figure is shown with, the same in the card and in the thresholds' reasons:
/// ppm and counts whole, rates and means to hundredths.
fn places(m: Metric) -> u32 {
    match m {
        Metric::Ppm | Metric::LotsInspected | Metric::LotsRejected | Metric::LateResponses | Metric::Claims => 0,
        Metric::RejectionRate | Metric::RecoveryRate | Metric::MeanResponseDays => 2,
    }
}

/// The figure `n / d` as a threshold's reason shows it: to the metric's places, with more (up to
/// six) only where the rounded figure would seem to contradict the comparison that held
/// (`ppm 26667 < 26667`).
fn shown(t: &Threshold, n: Decimal, d: Decimal) -> String {
    let mut text = String::new();
    for p in places(t.metric)..=6 {
        let Some(v) = divide_rounded(n, d, p, RoundingMode::HalfUp) else { return text };
        text = v.normalize().to_string();
        let agrees = match t.op {
            BinaryOp::Lt => v < t.value,
            BinaryOp::Le => v <= t.value,
            BinaryOp::Gt => v > t.value,
            BinaryOp::Ge => v >= t.value,
            BinaryOp::Eq => v == t.value,
            BinaryOp::Ne => v != t.value,
            _ => true,
        };
        if agrees {
            break;
        }
    }
    text
}

impl Lots {
    /// Each claim's inspected lot, then the receipts.
    fn new(p: &CheckedPolicy, decided: &[(&Claim, Decision)], receipts: &[LotRecord]) -> Lots {
        let mut l = Lots::default();
        for (c, d) in decided {
            if let Some(ins) = &c.inspection {
                l.sampled = l.sampled.saturating_add(ins.sample_size.0);
                l.count_found(p, &ins.found);
            }
            match d.lot.disposition {
                Disposition::Accepted => l.judged(true),
                Disposition::Rejected => l.judged(false),
                Disposition::NotInspected => {}
            }
        }
        for r in receipts {
            if let Some(n) = r.sample_size {
                l.sampled = l.sampled.saturating_add(n.0);
            }
            if let Some(found) = &r.found {
                l.count_found(p, found);
            }
            let accepted = match (r.accepted, &r.found, r.lot_size, p.sampling.as_ref().map(|s| &s.method)) {
                (Some(a), _, _, _) => Some(a),
                (None, Some(found), Some(size), Some(SamplingMethod::Iso { level, state, aql, .. })) => {
                    let count = |class: SeverityClass| -> u64 {
                        found.iter().filter(|f| p.severity_of(&f.defect) == Some(class)).map(|f| f.count.0).fold(0u64, u64::saturating_add)
                    };
                    switching::judge(size.0, *level, switching::state_out(*state), aql, count).ok().map(|j| j.accepted)
                }
                _ => None,
            };
            if let Some(a) = accepted {
                l.judged(a);
            }
        }
        l
    }

    fn judged(&mut self, accepted: bool) {
        self.inspected = self.inspected.saturating_add(1);
        if !accepted {
            self.rejected = self.rejected.saturating_add(1);
        }
    }

    fn count_found(&mut self, p: &CheckedPolicy, found: &[crate::model::claim::Found]) {
        for f in found {
            if p.severity_of(&f.defect).is_some() {
                let slot = self.by_code.entry(f.defect.clone()).or_insert(0);
                *slot = slot.saturating_add(f.count.0);
                self.defects = self.defects.saturating_add(f.count.0);
            }
        }
    }
}

impl Responses {
    fn new(p: &CheckedPolicy, decided: &[(&Claim, Decision)]) -> Responses {
        let rule = p.scorecard.as_ref();
        let deadline = rule.and_then(|r| r.response_deadline).and_then(|i| p.deadlines.get(i)).map(|d| d.name.clone());
        let (mut answered, mut late, mut days) = (0u64, 0u64, 0i64);
        for (c, d) in decided {
            let due = deadline.as_ref().and_then(|n| d.deadlines.iter().find(|x| &x.name == n));
            if let Some(on) = c.supplier_responded_on {
                answered = answered.saturating_add(1);
                days = days.saturating_add(p.calendar.business_days_between(c.notified_on, on).unwrap_or(0));
                if due.is_some_and(|x| on > x.due) {
                    late = late.saturating_add(1);
                }
            } else if due.is_some_and(|x| x.status == DeadlineStatus::Missed) {
                late = late.saturating_add(1);
            }
        }
        let mean_days = (answered > 0).then(|| (Decimal::from(days), Decimal::from(answered)));
        Responses { answered, late, mean_days, deadline }
    }
}

/// The recommended remedies' supplier totals and the recovered amounts; `None` on overflow.
fn money_totals(decided: &[(&Claim, Decision)]) -> Option<(Decimal, Decimal)> {
    let mut claimed = Decimal::ZERO;
    let mut recovered = Decimal::ZERO;
    for (c, d) in decided {
        if let Some(r) = d.recommendation.remedy.as_ref().and_then(|name| d.remedies.iter().find(|x| &x.name == name)) {
            claimed = claimed.plus(r.supplier_total.amount())?;
        }
        if let Some(a) = c.recovered {
            recovered = recovered.plus(a.0)?;
        }
    }
    Some((claimed, recovered))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn threshold(op: BinaryOp, value: i64) -> Threshold {
        Threshold { metric: Metric::Ppm, op, value: Decimal::from(value), percent: false }
    }

    #[test]
    fn a_figure_is_shown_to_its_places_unless_rounding_would_contradict_the_comparison() {
        // 16 defects in 600 units: 26666.666... ppm.
        let (n, d) = (Decimal::from(16_000_000), Decimal::from(600));
        assert_eq!(shown(&threshold(BinaryOp::Gt, 20000), n, d), "26667");
        // Whole, it would read `26667 < 26667`: one more place says why the comparison held.
        assert_eq!(shown(&threshold(BinaryOp::Lt, 26667), n, d), "26666.7");
        assert_eq!(shown(&threshold(BinaryOp::Ne, 26667), n, d), "26666.7");
    }
}
