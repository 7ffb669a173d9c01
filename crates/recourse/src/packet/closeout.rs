//! The closeout note: six lines that close a claim in the buyer's records.

use schemars::JsonSchema;
use serde::Serialize;

use super::pseudonym::{PseudonymOptions, Pseudonyms};
use super::supplier::{disposition, plural, state_name};
use super::{Catalogue, found_counts, one_line, severity_name};
use crate::Policy;
use crate::model::claim::Claim;
use crate::model::decision::{DeadlineResult, DeadlineStatus, Decision, Disposition, EscalationStatus, FindingKind, InspectionStateOut};

/// Exactly six one-line fields, in this order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Closeout {
    /// What went wrong: the defects, the lot disposition, the customer returns.
    pub issue: String,
    /// What it touched: SKU, lot, PO, supplier, affected units.
    pub affected_field: String,
    /// The supplier's explanation (pseudonymised), or that none was received by the claim's
    /// `as_of` date.
    pub supplier_explanation: String,
    /// The evidence on file: the inspection, photos, lot traceability, third-party report and
    /// customer returns (by reference), or `none`.
    pub evidence_reviewed: String,
    /// The remedy the buyer asks for, with its totals and dates, or why there is none.
    pub buyer_decision: String,
    /// The control on the next lot: a raised flag means a QA audit and tightened inspection.
    pub next_control: String,
}

/// The closeout note with the default pseudonym options.
pub fn closeout(policy: &Policy, claim: &Claim, decision: &Decision, supplier_explanation: Option<&str>) -> Closeout {
    closeout_with(policy, claim, decision, supplier_explanation, &PseudonymOptions::default())
}

/// The closeout note, with `options` saying what counts as a shop order ID in free text.
pub fn closeout_with(
    policy: &Policy,
    claim: &Claim,
    decision: &Decision,
    supplier_explanation: Option<&str>,
    options: &PseudonymOptions,
) -> Closeout {
    let ps = Pseudonyms::for_claim(claim, options);
    let cat = Catalogue::of(policy);
    // The deadline whose miss opens the escalation, read by two lines.
    let trigger = decision.escalation.trigger.as_deref().and_then(|t| decision.deadlines.iter().find(|d| d.name == t));
    Closeout {
        issue: one_line(&issue(claim, decision, &cat, &ps)),
        affected_field: one_line(&affected_field(claim, &ps)),
        supplier_explanation: one_line(&explanation(claim, supplier_explanation, trigger, &ps)),
        evidence_reviewed: one_line(&evidence_reviewed(claim, &ps)),
        buyer_decision: one_line(&buyer_decision(decision)),
        next_control: one_line(&next_control(policy, decision, trigger)),
    }
}

/// The defects found (most severe first, the first one described), the lot disposition and the
/// customer returns.
fn issue(claim: &Claim, decision: &Decision, cat: &Catalogue, ps: &Pseudonyms) -> String {
    let mut found = found_counts(claim, cat);
    crate::sort::sort_by_key(&mut found, |(c, _)| std::cmp::Reverse(cat.severity(c)));
    let mut issue = Vec::new();
    let listed: Vec<String> = found
        .iter()
        .map(|(c, n)| match cat.severity(c) {
            Some(s) => format!("{n} {c} ({})", severity_name(s)),
            None => format!("{n} {c} (not a defect)"),
        })
        .collect();
    if let Some((first, _)) = found.first()
        && let Some(desc) = cat.description(first)
    {
        issue.push(desc.to_string());
    }
    if let Some(i) = &claim.inspection {
        if listed.is_empty() {
            issue.push(format!("no defects in a sample of {} of {}", i.sample_size.0, i.lot_size.0));
        } else {
            issue.push(format!("{} in a sample of {} of {}", listed.join(", "), i.sample_size.0, i.lot_size.0));
        }
    }
    let lot_clause = decision.lot.clause.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
    if decision.lot.disposition != Disposition::NotInspected {
        issue.push(format!("lot {}{lot_clause}", disposition(decision.lot.disposition)));
    }
    let returns = claim.customer_returns.len() as u64;
    if returns > 0 {
        let mut codes: Vec<String> = Vec::new();
        for r in &claim.customer_returns {
            if let Some(d) = &r.defect {
                let d = if cat.contains(d) { d.clone() } else { ps.defect_code(d) };
                if !codes.contains(&d) {
                    codes.push(d);
                }
            }
        }
        let reporting = if codes.is_empty() { String::new() } else { format!(" reporting {}", codes.join(", ")) };
        issue.push(format!("{returns} customer return{}{reporting}", plural(returns)));
    }
    if issue.is_empty() {
        issue.push(format!("{} affected units reported", claim.affected_units.0));
    }
    issue.join("; ")
}

/// SKU, lot, PO and supplier (as codes), and the affected units.
fn affected_field(claim: &Claim, ps: &Pseudonyms) -> String {
    let code = |v: &Option<String>| v.as_deref().map(|s| ps.code(s));
    let mut scope = Vec::new();
    for (label, v) in [
        ("SKU", code(&claim.sku)),
        ("lot", code(&claim.lot)),
        ("PO", code(&claim.po)),
        ("supplier", claim.supplier.as_deref().map(|s| ps.scrub_field(s))),
    ] {
        if let Some(v) = v {
            scope.push(format!("{label} {v}"));
        }
    }
    let units = format!("{} of {} units affected", claim.affected_units.0, claim.order.units.0);
    if scope.is_empty() { units } else { format!("{}: {units}", scope.join(", ")) }
}

/// The supplier's explanation (scrubbed), or that none was received by the claim's date.
fn explanation(claim: &Claim, supplier_explanation: Option<&str>, trigger: Option<&DeadlineResult>, ps: &Pseudonyms) -> String {
    match supplier_explanation.map(one_line).filter(|s| !s.is_empty()) {
        Some(text) => {
            let on = claim.supplier_responded_on.map(|d| format!(" (responded {d})")).unwrap_or_default();
            format!("{}{on}", ps.scrub(&text))
        }
        None => {
            let responded = claim.supplier_responded_on.map(|d| format!("; responded {d} without one")).unwrap_or_default();
            let due =
                trigger.filter(|d| d.status != DeadlineStatus::Met).map(|d| format!(" ({} due {})", d.clause, d.due)).unwrap_or_default();
            format!("no explanation received by {}{due}{responded}", claim.as_of)
        }
    }
}

/// The inspection, photos, traceability, third-party report and customer returns looked at.
fn evidence_reviewed(claim: &Claim, ps: &Pseudonyms) -> String {
    let mut evidence = Vec::new();
    if let Some(i) = &claim.inspection {
        let by = i.inspector.as_deref().map(|w| format!(" by {}", ps.scrub_field(w))).unwrap_or_default();
        evidence.push(format!("inspection of {} of {} units{by}", i.sample_size.0, i.lot_size.0));
    }
    if let Some(e) = &claim.evidence {
        if let Some(n) = e.photos {
            evidence.push(format!("{} photo{}", n.0, plural(n.0)));
        }
        match e.lot_traceable {
            Some(true) => evidence.push("lot traceable".to_string()),
            Some(false) => evidence.push("lot not traceable".to_string()),
            None => {}
        }
        if let Some(r) = &e.third_party_report {
            evidence.push(format!("third-party report {}", ps.code(r)));
        }
    }
    let returns = claim.customer_returns.len() as u64;
    if returns > 0 {
        let ids: Vec<String> = claim.customer_returns.iter().map(|r| ps.code(&r.return_id)).collect();
        evidence.push(format!("{returns} customer return{} ({})", plural(returns), ids.join(", ")));
    }
    if evidence.is_empty() { "none".to_string() } else { evidence.join("; ") }
}

/// The recommended remedy with its totals and dates, or why there is none.
fn buyer_decision(decision: &Decision) -> String {
    let cur = &decision.currency;
    let recommended = decision.recommendation.remedy.as_deref().and_then(|n| decision.remedies.iter().find(|r| r.name == n));
    if !decision.eligible {
        let why: Vec<String> = decision
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::Ineligible)
            .map(|f| format!("{} ({})", f.message, f.clause))
            .collect();
        format!("claim ineligible: {}", if why.is_empty() { "a deadline was missed".to_string() } else { why.join("; ") })
    } else if let Some(r) = recommended {
        let capped = if r.capped { " (capped)" } else { "" };
        let window = r.window.map(|w| format!(", complete {} to {}", w.from, w.to)).unwrap_or_default();
        let why = if decision.recommendation.reasons.is_empty() {
            String::new()
        } else {
            format!("; {}", decision.recommendation.reasons.join("; "))
        };
        format!(
            "{} ({}): supplier total {cur} {}{capped}, buyer pays {cur} {}, net recovery {cur} {}{window}{why}",
            r.name, r.clause, r.supplier_total, r.buyer_pays, r.buyer_net_recovery
        )
    } else {
        "no remedy available under the policy".to_string()
    }
}

/// A raised flag asks for a QA audit, and for tightened inspection when the flag says `switch
/// inspection to tightened`; otherwise the state ISO 2859-1 switching gives the next lot (normal
/// when the policy has none). Then the escalation, if any.
fn next_control(policy: &Policy, decision: &Decision, trigger: Option<&DeadlineResult>) -> String {
    let raised: Vec<String> = decision.flags.iter().filter(|f| f.raised).map(|f| format!("{}: {}", f.name, f.clause)).collect();
    // The decision does not say which flags tighten; the policy does (a claim without an
    // inspection has no next state for the flag to move).
    let tightens = decision.flags.iter().any(|f| f.raised && policy.checked().flags.iter().any(|i| i.name == f.name && i.tighten));
    let notify: Vec<&str> = decision.flags.iter().filter(|f| f.raised).flat_map(|f| f.notify.iter().map(String::as_str)).collect();
    let next = decision.lot.inspection.as_ref();
    let next_state = next.map_or(InspectionStateOut::Normal, |i| i.next_state);
    let mut why: Vec<String> = raised.clone();
    if !notify.is_empty() {
        why.push(format!("notify {}", notify.join(", ")));
    }
    if let Some(i) = next
        && i.next_state != InspectionStateOut::Normal
        && !i.next_reason.starts_with("flag `")
    {
        why.push(i.next_reason.clone());
    }
    let control = match next_state {
        InspectionStateOut::Discontinued => "acceptance inspection discontinued until the supplier's corrective action".to_string(),
        _ if tightens => "tightened inspection on the next lot".to_string(),
        s => format!("{} inspection on the next lot", state_name(s)),
    };
    let audit = if raised.is_empty() { "" } else { "QA audit and " };
    let why = if why.is_empty() { String::new() } else { format!(" ({})", why.join("; ")) };
    let mut next_control = format!("{audit}{control}{why}");
    let first_step = decision.escalation.steps.first().map_or("escalation", |s| s.forum.as_str());
    match (decision.escalation.status, decision.escalation.opens_on) {
        // An open escalation always has its date (the day after the missed trigger's due date).
        (EscalationStatus::Open, on) => {
            let from = on.map(|d| format!(" from {d}")).unwrap_or_default();
            next_control.push_str(&format!("; escalation open: {first_step}{from}"));
        }
        (EscalationStatus::Pending, Some(on)) => {
            let by = trigger.map(|d| format!(" by {}", d.due)).unwrap_or_default();
            next_control.push_str(&format!("; {first_step} opens {on} if the supplier does not respond{by}"));
        }
        _ => {}
    }
    next_control
}

/// The note as six lines of text, each `Label: value`, with a final newline.
pub fn closeout_text(c: &Closeout) -> String {
    [
        ("Issue", &c.issue),
        ("Affected field", &c.affected_field),
        ("Supplier explanation", &c.supplier_explanation),
        ("Evidence reviewed", &c.evidence_reviewed),
        ("Buyer decision", &c.buyer_decision),
        ("Next control", &c.next_control),
    ]
    .iter()
    .map(|(k, v)| format!("{k}: {}\n", one_line(v)))
    .collect()
}
