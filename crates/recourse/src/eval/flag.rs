//! `flag` clauses: recurrence over the claim's history and `when` conditions.

use std::collections::BTreeMap;

use crate::check::{CheckedPolicy, RecurrenceRule};
use crate::diagnostics::Code;
use crate::model::claim::Claim;
use crate::model::decision::{Finding, FindingKind, FlagResult, InspectionStateOut, LotDecision};
use crate::terms::HistoryKey;
use crate::value::Value;

use super::error::{EvalError, R, date_error, decision_date};
use super::{State, in_clause};

impl State<'_> {
    pub(super) fn flag(&mut self, i: usize) -> R<FlagResult> {
        let Some(info) = self.p.flags.get(i) else { return Err(EvalError::new(Code::Internal, "flag out of range")) };
        let claim = self.claim;
        let mut raised = true;
        let mut reasons = Vec::new();
        let mut matches = Vec::new();
        let mut keys = Vec::new();
        let found = &self.lot.counts;
        for r in &info.recurrence {
            let (holds, reason, hits) = recurrence(claim, r, found)?;
            reasons.push(reason);
            matches.extend(hits);
            keys.extend(r.same.iter().copied());
            raised &= holds;
        }
        for w in &info.when {
            let v = self
                .traced(w.span, || format!("flag {}: when", info.name), Some(&info.clause), |st| st.eval(w))
                .map_err(|e| in_clause(e, &info.clause))?;
            let holds = v == Value::Bool(true);
            reasons.push(format!("`{}`: {}", self.text(w.span), holds));
            raised &= holds;
        }
        crate::sort::sort_dedup(&mut matches);
        let more_matches = matches
            .len()
            .checked_sub(crate::model::decision::MAX_FLAG_MATCHES)
            .filter(|n| *n > 0)
            .map(|n| u64::try_from(n).unwrap_or(u64::MAX));
        matches.truncate(crate::model::decision::MAX_FLAG_MATCHES);
        Ok(FlagResult {
            name: info.name.clone(),
            clause: info.clause.clone(),
            raised,
            notify: info.notify.clone(),
            reasons,
            matches,
            more_matches,
            keys,
        })
    }
}

/// One `recurrence` condition: whether enough earlier claims match, the reason in words, and the
/// ids of the matching claims.
fn recurrence(claim: &Claim, r: &RecurrenceRule, found: &BTreeMap<String, u64>) -> R<(bool, String, Vec<String>)> {
    // Window: earlier claims opened from `notified_on - N days` to `notified_on`, both inclusive.
    let reference = claim.notified_on;
    let start = crate::domain::calendar::add_days(reference, r.within_days.saturating_neg()).map_err(date_error).and_then(decision_date)?;
    let hits: Vec<&crate::model::claim::PastClaim> = claim
        .history
        .iter()
        .filter(|h| h.claim_id != claim.claim_id && h.opened_on >= start && h.opened_on <= reference)
        .filter(|h| {
            r.same.iter().all(|k| match k {
                HistoryKey::Sku => h.sku.is_some() && h.sku == claim.sku,
                HistoryKey::Supplier => h.supplier.is_some() && h.supplier == claim.supplier,
                HistoryKey::Lot => h.lot.is_some() && h.lot == claim.lot,
            })
        })
        .filter(|h| !r.same_defect || h.defect.as_deref().is_some_and(|d| found.get(d).is_some_and(|n| *n > 0)))
        .collect();
    let n = u64::try_from(hits.len()).unwrap_or(u64::MAX);
    let need = r.at_least;
    let holds = n >= need;
    let mut what: Vec<&str> = r
        .same
        .iter()
        .map(|k| match k {
            HistoryKey::Sku => "same sku",
            HistoryKey::Supplier => "same supplier",
            HistoryKey::Lot => "same lot",
        })
        .collect();
    if r.same_defect {
        what.push("same defect");
    }
    // Written piece by piece: every evaluation of a policy with a recurrence flag writes it.
    let mut reason = n.to_string();
    reason.push_str(" earlier claim(s) with ");
    if what.is_empty() {
        reason.push_str("any key");
    } else {
        reason.push_str(&what.join(" and "));
    }
    reason.push_str(" opened ");
    crate::domain::calendar::push_iso_date(&mut reason, start);
    reason.push_str(" to ");
    crate::domain::calendar::push_iso_date(&mut reason, reference);
    reason.push_str(" (needs ");
    reason.push_str(&need.to_string());
    reason.push_str(if holds { "): holds" } else { "): does not hold" });
    Ok((holds, reason, hits.iter().map(|h| h.claim_id.clone()).collect()))
}

/// The findings of raised flags; a raised `tighten` flag also moves the next lot to tightened
/// inspection.
pub(super) fn findings(p: &CheckedPolicy, flags: &[FlagResult], lot_decision: &mut LotDecision, findings: &mut Vec<Finding>) {
    for (f, info) in flags.iter().zip(&p.flags) {
        if f.raised && info.tighten {
            let why = format!("flag `{}` raised ({}): the next lot is inspected tightened", f.name, f.clause);
            if let Some(ins) = lot_decision.inspection.as_mut()
                && matches!(ins.next_state, InspectionStateOut::Normal | InspectionStateOut::Reduced)
            {
                ins.next_state = InspectionStateOut::Tightened;
                ins.next_reason = why.clone();
            }
            findings.push(Finding { kind: FindingKind::Warning, clause: f.clause.clone(), message: why });
        }
    }
    for f in flags.iter().filter(|f| f.raised) {
        findings.push(Finding {
            kind: FindingKind::Warning,
            clause: f.clause.clone(),
            message: if f.notify.is_empty() {
                format!("flag `{}` raised", f.name)
            } else {
                format!("flag `{}` raised: notify {}", f.name, f.notify.join(", "))
            },
        });
    }
}
