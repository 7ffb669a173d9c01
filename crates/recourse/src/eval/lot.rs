//! The inspection result: defects counted by code and class, and the lot disposition under the
//! policy's tolerances (ISO 2859-1 single sampling or a maximum defect rate).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::check::{CheckedPolicy, SamplingMethod};
use crate::diagnostics::Code;
use crate::domain::money::{self, Checked};
use crate::domain::sampling::{self, Aql, Arrow, InspectionLevel, InspectionState};
use crate::model::claim::Claim;
use crate::model::decision::*;
use crate::terms::{RoundingMode, SeverityClass, SwitchingRules};
use crate::value::SeverityValue;

use super::error::{EvalError, R};
use super::switching;

/// Defect counts of the claim, checked against the catalogue.
#[derive(Debug, Clone, Default)]
pub(crate) struct Counts {
    pub counts: BTreeMap<String, u64>,
    pub classes: [u64; 3],
    pub all_defects: u64,
    pub worst: SeverityValue,
    /// `None`: not inspected.
    pub rejected: Option<bool>,
}

fn class_index(c: SeverityClass) -> usize {
    match c {
        SeverityClass::Minor => 0,
        SeverityClass::Major => 1,
        SeverityClass::Critical => 2,
    }
}

impl Counts {
    pub fn by_class(&self, c: SeverityClass) -> u64 {
        self.classes.get(class_index(c)).copied().unwrap_or(0)
    }

    pub fn codes_of(&self, p: &CheckedPolicy, c: SeverityClass) -> Vec<CodeCount> {
        self.counts
            .iter()
            .filter(|(code, n)| **n > 0 && p.severity_of(code) == Some(c))
            .map(|(code, n)| CodeCount { code: code.clone(), count: *n })
            .collect()
    }
}

pub(crate) fn count(p: &CheckedPolicy, claim: &Claim) -> R<Counts> {
    let mut c = Counts::default();
    let Some(inspection) = &claim.inspection else { return Ok(c) };
    if inspection.sample_size.0 > inspection.lot_size.0 {
        return Err(EvalError::new(
            Code::InvalidQuantity,
            format!("the sample ({}) is larger than the lot ({})", inspection.sample_size.0, inspection.lot_size.0),
        )
        .field("inspection.sample_size"));
    }
    for (i, f) in inspection.found.iter().enumerate() {
        let known = p.severity_of(&f.defect).is_some() || p.is_exclusion(&f.defect);
        if !known {
            let mut known_codes: Vec<&str> = p.defects.iter().map(|d| d.code.as_str()).collect();
            known_codes.extend(p.exclusions.iter().map(|e| e.code.as_str()));
            return Err(EvalError::new(
                Code::ClaimUnknownDefect,
                format!("`{}` is not a defect code of this policy (known: {})", f.defect, known_codes.join(", ")),
            )
            .field(format!("inspection.found[{i}].defect")));
        }
        let slot = c.counts.entry(f.defect.clone()).or_insert(0);
        *slot = slot.checked_add(f.count.0).ok_or_else(|| EvalError::new(Code::Overflow, "defect counts overflowed"))?;
        if let Some(sev) = p.severity_of(&f.defect) {
            if let Some(s) = c.classes.get_mut(class_index(sev)) {
                *s = s.saturating_add(f.count.0);
            }
            c.all_defects = c.all_defects.saturating_add(f.count.0);
            if f.count.0 > 0 {
                c.worst = c.worst.max(SeverityValue::from_class(sev));
            }
        }
    }
    Ok(c)
}

/// Decide the lot. Fills `counts.rejected` and returns the lot part of the decision plus findings.
pub(crate) fn dispose(p: &CheckedPolicy, claim: &Claim, counts: &mut Counts) -> R<(LotDecision, Vec<Finding>)> {
    let mut findings = Vec::new();
    let excluded = excluded(p, counts, &mut findings);
    let mut lot = LotDecision {
        disposition: Disposition::NotInspected,
        reason: String::new(),
        clause: None,
        method: None,
        lot_size: None,
        sample_size: None,
        classes: vec![],
        excluded,
        inspection: None,
    };
    let Some(rule) = &p.sampling else {
        lot.reason = "the policy sets no acceptance sampling".to_string();
        return Ok((lot, findings));
    };
    lot.clause = Some(rule.clause.clone());
    let Some(inspection) = &claim.inspection else {
        lot.reason = "the claim has no inspection result".to_string();
        return Ok((lot, findings));
    };
    let lot_size = inspection.lot_size.0;
    let sample = inspection.sample_size.0;
    lot.lot_size = Some(lot_size);
    lot.sample_size = Some(sample);
    // Possible when a unit carries several defects, but more often a typing error: say so.
    if counts.all_defects > sample {
        findings.push(Finding {
            kind: FindingKind::Warning,
            clause: rule.clause.clone(),
            message: format!(
                "the inspection lists {} defects in a sample of {sample} units: check the counts (each unit with several defects counts once per defect)",
                counts.all_defects
            ),
        });
    }
    let mut judged = Judged { p, counts, lot: &mut lot, findings: &mut findings, clause: &rule.clause, lot_size, sample };
    match &rule.method {
        SamplingMethod::Iso { level, state, aql, switching: rules } => judged.iso(claim, *level, *state, aql, *rules)?,
        SamplingMethod::MaxRate { per_class, all } => {
            if judged.max_rate(per_class, all.as_ref())? {
                return Ok((lot, findings));
            }
        }
    }
    let rejecting: Vec<&ClassResult> = lot.classes.iter().filter(|c| !c.accepted).collect();
    lot.disposition = if rejecting.is_empty() { Disposition::Accepted } else { Disposition::Rejected };
    counts.rejected = Some(!rejecting.is_empty());
    lot.reason = disposition_reason(&lot.classes, &rejecting);
    Ok((lot, findings))
}

/// Defects the policy excludes from the count, each with an info finding saying where it goes.
fn excluded(p: &CheckedPolicy, counts: &Counts, findings: &mut Vec<Finding>) -> Vec<Excluded> {
    let excluded: Vec<Excluded> = p
        .exclusions
        .iter()
        .filter_map(|e| {
            let n = counts.counts.get(&e.code).copied().unwrap_or(0);
            (n > 0).then(|| Excluded { code: e.code.clone(), count: n, description: e.description.clone(), route: e.route.clone() })
        })
        .collect();
    for e in &excluded {
        findings.push(Finding {
            kind: FindingKind::Info,
            clause: "defects".to_string(),
            message: format!("{} {} not counted as defects ({}): route to {}", e.count, e.code, e.description, e.route),
        });
    }
    excluded
}

/// Why the lot was accepted or rejected, from its classes.
fn disposition_reason(classes: &[ClassResult], rejecting: &[&ClassResult]) -> String {
    if rejecting.is_empty() {
        let plans: Vec<String> = classes.iter().map(class_limit).collect();
        format!("accepted: every class within its limit ({})", plans.join("; "))
    } else {
        let parts: Vec<String> = rejecting
            .iter()
            .map(|c| {
                let codes: Vec<String> = c.codes.iter().map(|x| format!("{} {}", x.count, x.code)).collect();
                let what = if codes.is_empty() { format!("{} defects", c.defects) } else { codes.join(", ") };
                format!("{what} ({}) against {}", SeverityValue::from_class(c.severity).name(), class_limit(c))
            })
            .collect();
        format!("rejected: {}", parts.join("; "))
    }
}

/// A lot being judged under the policy's sampling rule.
struct Judged<'j> {
    p: &'j CheckedPolicy,
    counts: &'j mut Counts,
    lot: &'j mut LotDecision,
    findings: &'j mut Vec<Finding>,
    clause: &'j str,
    lot_size: u64,
    sample: u64,
}

impl Judged<'_> {
    fn warn(&mut self, message: String) {
        self.findings.push(Finding { kind: FindingKind::Warning, clause: self.clause.to_string(), message });
    }

    /// ISO 2859-1 single sampling: the inspection state (replayed over earlier lots when the
    /// policy switches), then each class against its plan.
    fn iso(
        &mut self,
        claim: &Claim,
        level: InspectionLevel,
        start: InspectionState,
        aql: &[(SeverityClass, Aql)],
        rules: Option<SwitchingRules>,
    ) -> R<()> {
        let replayed = match rules {
            Some(r) => Some(switching::replay(self.p, claim, level, start, aql, r)?),
            None => None,
        };
        let state_now = replayed.as_ref().map(|(sw, _)| sw.state).unwrap_or_else(|| switching::state_out(start));
        if state_now == InspectionStateOut::Discontinued {
            self.warn("acceptance inspection is discontinued (5 lots not accepted on tightened inspection): the lot is judged on tightened inspection; resume only after the supplier's corrective action".to_string());
        }
        let state = switching::plan_state(state_now);
        self.lot.method = Some(SamplingMethodOut::Iso2859 { level: level.keyword().to_string(), state: state.keyword().to_string() });
        let counts = &*self.counts;
        let current = switching::judge(self.lot_size, level, state_now, aql, |c| counts.by_class(c))?;
        self.lot.inspection = Some(inspection_out(claim, replayed, state_now, current));
        for (class, a) in aql {
            self.iso_class(level, state, *class, *a)?;
        }
        // A sample larger than every class's plan needs: the plans' Ac / Re are set for their
        // n, not for the units inspected beyond it.
        let sample = self.sample;
        let largest = self.lot.classes.iter().filter_map(|c| c.plan.as_ref()).filter(|p| !p.hundred_percent).map(|p| p.sample_size).max();
        if let Some(n) = largest.filter(|n| sample > *n) {
            self.warn(format!(
                "the sample of {sample} units is larger than the plan's n = {n}: Ac and Re are set for {n} units, so counting defects over {sample} judges the lot more strictly than the plan"
            ));
        }
        Ok(())
    }

    /// One class against its ISO 2859-1 plan.
    fn iso_class(&mut self, level: InspectionLevel, state: InspectionState, class: SeverityClass, a: Aql) -> R<()> {
        let (lot_size, sample) = (self.lot_size, self.sample);
        let plan = sampling::plan(lot_size, level, state, a).ok_or_else(|| {
            EvalError::new(Code::InvalidQuantity, format!("ISO 2859-1 has no plan for a lot of {lot_size} units (at least 2)"))
                .field("inspection.lot_size")
        })?;
        let d = self.counts.by_class(class);
        let accepted = d <= u64::from(plan.accept);
        if !accepted && d < u64::from(plan.reject) {
            self.warn(format!(
                "{d} {} defects fall between Ac {} and Re {} under reduced inspection: the lot is accepted and normal inspection is reinstated",
                SeverityValue::from_class(class).name(),
                plan.accept,
                plan.reject
            ));
        }
        let accepted = accepted || d < u64::from(plan.reject);
        if !plan.hundred_percent && sample < u64::from(plan.sample_size) {
            self.warn(format!(
                "the sample of {sample} units is smaller than the plan's n = {} for {} defects (code letter {})",
                plan.sample_size,
                SeverityValue::from_class(class).name(),
                plan.letter
            ));
        }
        self.lot.classes.push(ClassResult {
            severity: class,
            aql: Some(aql_text(a)),
            max_rate: None,
            defects: d,
            rate: None,
            plan: Some(PlanOut {
                code_letter: plan.table_letter.to_string(),
                plan_letter: plan.letter.to_string(),
                arrow: plan.arrow.map(|a| if a == Arrow::Down { "down".to_string() } else { "up".to_string() }),
                sample_size: u64::from(plan.sample_size),
                accept: u64::from(plan.accept),
                reject: u64::from(plan.reject),
                hundred_percent: plan.hundred_percent,
            }),
            accepted,
            codes: self.counts.codes_of(self.p, class),
        });
        Ok(())
    }

    /// A maximum defect rate per class and over all defects. `true` when the rate over all
    /// defects already decided the lot.
    fn max_rate(&mut self, per_class: &[(SeverityClass, Decimal)], all: Option<&Decimal>) -> R<bool> {
        self.lot.method = Some(SamplingMethodOut::MaxRate);
        let sample = self.sample;
        if sample == 0 {
            return Err(
                EvalError::new(Code::InvalidQuantity, "a defect rate needs a sample of at least 1 unit").field("inspection.sample_size")
            );
        }
        let overflow = || EvalError::new(Code::Overflow, "defect rate overflowed");
        let rate_of = |d: u64| -> R<(String, Decimal)> {
            let hundred_d = Decimal::from(d).times(Decimal::ONE_HUNDRED).ok_or_else(overflow)?;
            let rate = money::divide_rounded(hundred_d, Decimal::from(sample), 4, RoundingMode::HalfUp).ok_or_else(overflow)?;
            Ok((rate.normalize().to_string(), hundred_d))
        };
        let sample_d = Decimal::from(sample);
        for (class, max) in per_class {
            let d = self.counts.by_class(*class);
            let (rate, hundred_d) = rate_of(d)?;
            // Compare d * 100 / n with max without dividing: d * 100 <= max * n.
            let limit = max.times(sample_d).ok_or_else(overflow)?;
            self.lot.classes.push(ClassResult {
                severity: *class,
                aql: None,
                max_rate: Some(max.normalize().to_string()),
                defects: d,
                rate: Some(rate),
                plan: None,
                accepted: hundred_d <= limit,
                codes: self.counts.codes_of(self.p, *class),
            });
        }
        let Some(max) = all else { return Ok(false) };
        let d = self.counts.all_defects;
        let (rate, hundred_d) = rate_of(d)?;
        let limit = max.times(sample_d).ok_or_else(overflow)?;
        let accepted = hundred_d <= limit;
        self.lot.disposition = if accepted { Disposition::Accepted } else { Disposition::Rejected };
        if !accepted {
            self.lot.reason =
                format!("rejected: {d} defects in {sample} sampled units = {rate}% against a maximum of {}%", max.normalize());
            self.counts.rejected = Some(true);
            return Ok(true);
        }
        if self.lot.classes.is_empty() {
            self.lot.reason =
                format!("accepted: {d} defects in {sample} sampled units = {rate}%, within the maximum of {}%", max.normalize());
            self.counts.rejected = Some(false);
            return Ok(true);
        }
        Ok(false)
    }
}

/// The inspection state of this lot and the next, with the switching history behind them.
fn inspection_out(
    claim: &Claim,
    replayed: Option<(switching::Switching, u64)>,
    state_now: InspectionStateOut,
    current: switching::Judgement,
) -> InspectionOut {
    match replayed {
        Some((mut sw, n)) => {
            let (reason, score) = (sw.reason.clone(), sw.score);
            sw.step(claim.lot.as_deref().unwrap_or("this lot"), current);
            InspectionOut {
                rules: Some(sw.rules),
                state: state_now,
                reason,
                lots_considered: n,
                switching_score: (sw.rules == SwitchingRules::Iso2859_1 && state_now == InspectionStateOut::Normal).then_some(score),
                next_state: sw.state,
                next_reason: sw.reason,
            }
        }
        None => InspectionOut {
            rules: None,
            state: state_now,
            reason: "the policy fixes the inspection state".to_string(),
            lots_considered: 0,
            switching_score: None,
            next_state: state_now,
            next_reason: "the policy fixes the inspection state".to_string(),
        },
    }
}

fn class_limit(c: &ClassResult) -> String {
    match (&c.plan, &c.max_rate, &c.rate) {
        (Some(plan), _, _) => {
            let hundred = if plan.hundred_percent { ", 100% inspection" } else { "" };
            format!(
                "{} {}: Ac {} / Re {}, plan {} n={}{hundred}",
                SeverityValue::from_class(c.severity).name(),
                c.aql.clone().unwrap_or_default(),
                plan.accept,
                plan.reject,
                plan.plan_letter,
                plan.sample_size
            )
        }
        (None, Some(max), Some(rate)) => format!("{} rate {}% (max {}%)", SeverityValue::from_class(c.severity).name(), rate, max),
        _ => String::new(),
    }
}

fn aql_text(a: Aql) -> String {
    match a {
        Aql::Zero => "0".to_string(),
        other => other.to_decimal().to_string(),
    }
}
