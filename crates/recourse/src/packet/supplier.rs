//! The supplier claim packet.

use std::fmt::Write as _;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

use super::pseudonym::{PseudonymOptions, PseudonymousReturn, Pseudonyms};
use super::{Catalogue, found_counts, severity_name};
use crate::Policy;
use crate::domain::money::Checked;
use crate::model::claim::{Claim, Order};
use crate::model::decision::{
    CostLine, DeadlineResult, DeadlineStatus, Decision, Disposition, Escalation, EscalationStatus, FindingKind, InspectionOut,
    InspectionStateOut, LineKind, PayerOut, Window,
};
use crate::terms::{Risk, SeverityClass};

/// Everything the supplier needs to act on a claim, with no customer identifier in it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Packet {
    /// The claim's `claim_id`; `[withheld]` when it is not shaped like a code or holds a
    /// customer's data.
    pub claim_id: String,
    /// The policy's title.
    pub policy: String,
    /// The Recourse version that made the decision ("recourse 0.1.0").
    pub engine: String,
    /// The claim's `as_of` date, the "today" the decision was made for.
    pub as_of: NaiveDate,
    /// The ISO 4217 code of the claim's currency; every amount in the packet is in it.
    pub currency: String,
    /// The supplier's name from the claim, any customer identifier in it replaced; absent when
    /// the claim gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplier: Option<String>,
    /// The purchase order from the claim (`[withheld]` unless code-shaped and free of customer
    /// data); absent when the claim gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub po: Option<String>,
    /// The SKU from the claim, withheld like `po`; absent when the claim gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    /// The lot from the claim, withheld like `po`; absent when the claim gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lot: Option<String>,
    /// The order line the claim is about.
    pub order: PacketOrder,
    /// The claim's `affected_units`: the units claimed for (defective or rejected).
    pub affected_units: u64,
    /// False when a deadline whose miss makes the claim ineligible was missed; no remedy is
    /// then requested.
    pub eligible: bool,
    /// Why the claim is ineligible, when it is: one "clause: message" per finding.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ineligible: Vec<String>,
    /// The lot's acceptance-sampling result.
    pub inspection: PacketInspection,
    /// Defects grouped by code, in catalogue order; codes no inspection or return reported are
    /// left out.
    pub defects: Vec<DefectGroup>,
    /// Photo files from the customer returns, each linked to SKU, lot and PO.
    pub photos: Vec<Photo>,
    /// The decision's recommendation; absent when no remedy is available.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested_remedy: Option<RequestedRemedy>,
    /// The other remedies available under the policy.
    pub also_available: Vec<RemedySummary>,
    /// Every deadline of the policy with its due date and status, as in the decision.
    pub deadlines: Vec<DeadlineResult>,
    /// The escalation, as in the decision.
    pub escalation: Escalation,
    /// Raised flags only.
    pub flags: Vec<PacketFlag>,
    /// The evidence behind the claim, in counts and references.
    pub evidence: EvidenceList,
    /// The customer returns, every identifier pseudonymised.
    pub customer_returns: Vec<PseudonymousReturn>,
}

/// The order line the claim is about.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PacketOrder {
    /// Units ordered.
    pub units: u64,
    /// The price of one unit, a decimal string as the claim gives it.
    pub unit_price: String,
    /// The order value as the claim gives it, else units x unit price; absent only when that
    /// product overflows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The agreed delivery date; absent when the claim gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_on: Option<NaiveDate>,
    /// The day the goods were delivered.
    pub delivered_on: NaiveDate,
}

/// The lot's acceptance-sampling result, from the decision's `lot`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PacketInspection {
    /// Accepted, rejected, or not inspected (no sampling rule, or no inspection in the claim).
    pub disposition: Disposition,
    /// One line a buyer reads: "rejected: 3 zipper_failure (critical) against Ac 0 / Re 1, plan L n=200".
    pub reason: String,
    /// The policy's sampling clause; absent when the policy sets no acceptance sampling.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// Units in the lot; absent without an inspection in the claim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lot_size: Option<u64>,
    /// Units sampled; absent without an inspection in the claim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample_size: Option<u64>,
    /// Who inspected, any customer identifier in it replaced; absent when the claim names no
    /// inspector.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inspector: Option<String>,
    /// The ISO 2859-1 inspection state this lot was judged under and the one for the next lot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub switching: Option<InspectionOut>,
}

/// One defect code, with where it was found: the inspection sample and the customer returns.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DefectGroup {
    /// The defect code; one outside the catalogue is `[withheld]` unless shaped like a catalogue
    /// code and free of customer data.
    pub code: String,
    /// Absent for findings that are not defects and for codes outside the catalogue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<SeverityClass>,
    /// From the policy's catalogue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// For a finding that is not a defect: where it goes ("carrier claim").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_a_defect: Option<String>,
    /// Units with this defect in the inspection sample.
    pub found_in_inspection: u64,
    /// The `return_id`s of the customer returns reporting it (`[withheld]` where not a clean code).
    pub returns: Vec<String>,
}

/// A photo file from a customer return, linked to its return, defect, SKU, lot and PO.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Photo {
    /// The file name, scrubbed like free text (identifiers replaced).
    pub file: String,
    /// The return it belongs to (`[withheld]` where not a clean code).
    pub return_id: String,
    /// The defect code the return reports, withheld like a packet defect code; absent when the
    /// return names none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub defect: Option<String>,
    /// The packet's `sku`; absent when the claim gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    /// The packet's `lot`; absent when the claim gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lot: Option<String>,
    /// The packet's `po`; absent when the claim gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub po: Option<String>,
}

/// The remedy the buyer asks for: the decision's recommendation, with its lines, totals and dates.
/// Amounts are decimal strings with the currency's minor units.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RequestedRemedy {
    /// The remedy's name in the policy (`replacement`).
    pub name: String,
    /// The contract clause it comes from ("Q.6.1 Replacement of non-conforming goods").
    pub clause: String,
    /// Why it was chosen, rule by rule.
    pub reasons: Vec<String>,
    /// The cost lines: who pays or credits what, and any cap's reduction.
    pub lines: Vec<CostLine>,
    /// Sum of the supplier's lines (pays, credits and cap reductions).
    pub supplier_total: String,
    /// Sum of the buyer's lines.
    pub buyer_pays: String,
    /// `supplier_total` - `buyer_pays`.
    pub buyer_net_recovery: String,
    /// Of `supplier_total`, the part given as credit rather than paid.
    pub credited: String,
    /// Whether a cap reduced the supplier total.
    pub capped: bool,
    /// When the remedy is expected to be complete; absent when the policy gives it no window.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<Window>,
    /// The remedy's risk to the buyer; absent when the policy gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<Risk>,
}

/// Another available remedy, in brief. Amounts are decimal strings with the currency's minor units.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RemedySummary {
    /// The remedy's name in the policy.
    pub name: String,
    /// The contract clause it comes from.
    pub clause: String,
    /// Sum of the supplier's lines.
    pub supplier_total: String,
    /// What the buyer recovers: `supplier_total` less what the buyer pays.
    pub buyer_net_recovery: String,
}

/// A raised flag (a recurring defect, say) and whom it notifies.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PacketFlag {
    /// The flag's name in the policy (`recurring`).
    pub name: String,
    /// The contract clause it comes from.
    pub clause: String,
    /// Who is to be told, as the policy lists them.
    pub notify: Vec<String>,
    /// Why it was raised.
    pub reasons: Vec<String>,
    /// The `claim_id`s of earlier claims that matched (at most 20; `[withheld]` where not a
    /// clean code).
    pub matches: Vec<String>,
    /// How many more earlier claims matched than `matches` lists; absent when it lists them all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub more_matches: Option<u64>,
}

/// The evidence behind the claim, in counts and references.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct EvidenceList {
    /// Photos the claim's evidence counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photos: Option<u64>,
    /// Photo files attached to the customer returns.
    pub photo_files: u64,
    /// Whether the defective units can be traced to the lot; absent when the claim does not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lot_traceable: Option<bool>,
    /// The reference of a third party's inspection or survey report (`[withheld]` where not a
    /// clean code); absent when the claim gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub third_party_report: Option<String>,
    /// "200 of 5000 units sampled by third party", when the lot was inspected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inspection: Option<String>,
    /// The number of customer returns in the claim.
    pub customer_returns: u64,
}

impl EvidenceList {
    /// The evidence as short items ("14 photos", "lot traceable", ...).
    pub fn items(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(i) = &self.inspection {
            out.push(format!("inspection: {i}"));
        }
        match (self.photos, self.photo_files) {
            (Some(n), 0) => out.push(format!("{n} photo{}", plural(n))),
            (Some(n), f) => out.push(format!("{n} photo{} ({f} file{} attached to customer returns)", plural(n), plural(f))),
            (None, 0) => {}
            (None, f) => out.push(format!("{f} photo file{} attached to customer returns", plural(f))),
        }
        match self.lot_traceable {
            Some(true) => out.push("lot traceable".to_string()),
            Some(false) => out.push("lot not traceable".to_string()),
            None => {}
        }
        if let Some(r) = &self.third_party_report {
            out.push(format!("third-party report {r}"));
        }
        if self.customer_returns > 0 {
            out.push(format!("{} customer return{}", self.customer_returns, plural(self.customer_returns)));
        }
        out
    }
}

pub(crate) fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The packet with the default pseudonym options (order IDs prefixed `SHOP-`).
pub fn packet(policy: &Policy, claim: &Claim, decision: &Decision) -> Packet {
    packet_with(policy, claim, decision, &PseudonymOptions::default())
}

/// The packet, with `options` saying what counts as a shop order ID in free text.
pub fn packet_with(policy: &Policy, claim: &Claim, decision: &Decision, options: &PseudonymOptions) -> Packet {
    let ps = Pseudonyms::for_claim(claim, options);
    let cat = Catalogue::of(policy);
    let code = |v: &Option<String>| v.as_deref().map(|s| ps.code(s));
    let (sku, lot, po) = (code(&claim.sku), code(&claim.lot), code(&claim.po));
    let inspection = packet_inspection(claim, decision, &ps);
    Packet {
        claim_id: ps.code(&claim.claim_id),
        policy: decision.policy.clone(),
        engine: decision.engine.clone(),
        as_of: decision.as_of,
        currency: decision.currency.clone(),
        supplier: claim.supplier.as_deref().map(|s| ps.scrub_field(s)),
        order: packet_order(&claim.order),
        affected_units: claim.affected_units.0,
        eligible: decision.eligible,
        ineligible: decision
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::Ineligible)
            .map(|f| format!("{}: {}", f.clause, f.message))
            .collect(),
        evidence: evidence_list(claim, &inspection, &ps),
        inspection,
        defects: defect_groups(claim, &cat, &ps),
        photos: photos(claim, &cat, &ps, [&sku, &lot, &po]),
        requested_remedy: requested_remedy(decision),
        also_available: also_available(decision),
        deadlines: decision.deadlines.clone(),
        escalation: decision.escalation.clone(),
        flags: raised_flags(decision, &ps),
        customer_returns: claim.customer_returns.iter().map(|r| ps.pseudonymise(r, |d| cat.contains(d))).collect(),
        po,
        sku,
        lot,
    }
}

/// Defects: catalogue codes found or returned, then other codes the returns name.
fn defect_groups(claim: &Claim, cat: &Catalogue, ps: &Pseudonyms) -> Vec<DefectGroup> {
    let found = found_counts(claim, cat);
    let mut codes: Vec<String> = found.iter().map(|(c, _)| c.clone()).collect();
    for r in &claim.customer_returns {
        if let Some(d) = &r.defect
            && !codes.contains(d)
        {
            codes.push(d.clone());
        }
    }
    crate::sort::sort_by_key(&mut codes, |c| cat.position(c));
    codes
        .iter()
        .map(|code| {
            let known = cat.contains(code);
            DefectGroup {
                code: if known { code.clone() } else { ps.defect_code(code) },
                severity: cat.severity(code),
                description: cat.description(code).map(str::to_string),
                not_a_defect: cat.route(code).map(str::to_string),
                found_in_inspection: found.iter().find(|(c, _)| c == code).map_or(0, |(_, n)| *n),
                returns: claim
                    .customer_returns
                    .iter()
                    .filter(|r| r.defect.as_deref() == Some(code.as_str()))
                    .map(|r| ps.code(&r.return_id))
                    .collect(),
            }
        })
        .collect()
}

/// Each return's photos, linked to its return, defect, and the claim's SKU, lot and PO.
fn photos(claim: &Claim, cat: &Catalogue, ps: &Pseudonyms, [sku, lot, po]: [&Option<String>; 3]) -> Vec<Photo> {
    claim
        .customer_returns
        .iter()
        .flat_map(|r| {
            r.photos.iter().map(|p| Photo {
                file: ps.scrub(p),
                return_id: ps.code(&r.return_id),
                defect: r.defect.as_deref().map(|d| if cat.contains(d) { d.to_string() } else { ps.defect_code(d) }),
                sku: sku.clone(),
                lot: lot.clone(),
                po: po.clone(),
            })
        })
        .collect()
}

/// The recommended remedy with its lines, totals and dates.
fn requested_remedy(decision: &Decision) -> Option<RequestedRemedy> {
    let recommended = decision.recommendation.remedy.as_deref().and_then(|n| decision.remedies.iter().find(|r| r.name == n));
    recommended.map(|r| RequestedRemedy {
        name: r.name.clone(),
        clause: r.clause.clone(),
        reasons: decision.recommendation.reasons.clone(),
        // The buyer's contingency reserve is its own provision, not part of what it claims.
        lines: r.lines.iter().filter(|l| l.kind != LineKind::Reserve).cloned().collect(),
        supplier_total: r.supplier_total.to_string(),
        buyer_pays: r.buyer_pays.to_string(),
        buyer_net_recovery: r.buyer_net_recovery.to_string(),
        credited: r.credited.to_string(),
        capped: r.capped,
        window: r.window,
        risk: r.risk,
    })
}

/// The other available remedies, in brief.
fn also_available(decision: &Decision) -> Vec<RemedySummary> {
    decision
        .remedies
        .iter()
        .filter(|r| r.available && Some(r.name.as_str()) != decision.recommendation.remedy.as_deref())
        .map(|r| RemedySummary {
            name: r.name.clone(),
            clause: r.clause.clone(),
            supplier_total: r.supplier_total.to_string(),
            buyer_net_recovery: r.buyer_net_recovery.to_string(),
        })
        .collect()
}

fn packet_inspection(claim: &Claim, decision: &Decision, ps: &Pseudonyms) -> PacketInspection {
    PacketInspection {
        disposition: decision.lot.disposition,
        reason: decision.lot.reason.clone(),
        clause: decision.lot.clause.clone(),
        lot_size: decision.lot.lot_size,
        sample_size: decision.lot.sample_size,
        inspector: claim.inspection.as_ref().and_then(|i| i.inspector.as_deref()).map(|s| ps.scrub_field(s)),
        switching: decision.lot.inspection.clone(),
    }
}

fn evidence_list(claim: &Claim, inspection: &PacketInspection, ps: &Pseudonyms) -> EvidenceList {
    let photo_files = claim.customer_returns.iter().map(|r| r.photos.len() as u64).sum();
    EvidenceList {
        photos: claim.evidence.as_ref().and_then(|e| e.photos).map(|c| c.0),
        photo_files,
        lot_traceable: claim.evidence.as_ref().and_then(|e| e.lot_traceable),
        third_party_report: claim.evidence.as_ref().and_then(|e| e.third_party_report.as_deref()).map(|s| ps.code(s)),
        inspection: claim.inspection.as_ref().map(|i| {
            let by = inspection.inspector.as_deref().map(|w| format!(" by {w}")).unwrap_or_default();
            format!("{} of {} units sampled{by}", i.sample_size.0, i.lot_size.0)
        }),
        customer_returns: claim.customer_returns.len() as u64,
    }
}

fn packet_order(order: &Order) -> PacketOrder {
    let value = order.value.map(|v| v.0).or_else(|| Decimal::from(order.units.0).times(order.unit_price.0));
    PacketOrder {
        units: order.units.0,
        unit_price: order.unit_price.to_string(),
        value: value.map(|v| v.to_string()),
        due_on: order.due_on,
        delivered_on: order.delivered_on,
    }
}

/// The raised flags, their matching earlier claims as codes.
fn raised_flags(decision: &Decision, ps: &Pseudonyms) -> Vec<PacketFlag> {
    decision
        .flags
        .iter()
        .filter(|f| f.raised)
        .map(|f| PacketFlag {
            name: f.name.clone(),
            clause: f.clause.clone(),
            notify: f.notify.clone(),
            reasons: f.reasons.clone(),
            matches: f.matches.iter().map(|m| ps.code(m)).collect(),
            more_matches: f.more_matches,
        })
        .collect()
}

/// Markdown text from data: one line, with backslashes, pipes and angle brackets escaped (no
/// table breaks, no HTML from a customer's note).
fn cell(s: &str) -> String {
    super::one_line(s).replace('\\', "\\\\").replace('|', "\\|").replace('<', "&lt;").replace('>', "&gt;")
}

/// An engine message as the supplier reads it: the names and rules the engine quotes in backticks
/// (`` `response` ``, `` `prefer refund` ``) written as plain words, so the packet shows no code
/// spans (in a mail or a plain-text reader they would be raw backticks). A lone backtick is dropped.
fn prose(text: &str) -> String {
    text.replace('`', "")
}

fn row(out: &mut String, cells: &[String]) {
    out.push('|');
    for c in cells {
        let _ = write!(out, " {} |", cell(c));
    }
    out.push('\n');
}

fn header(out: &mut String, cols: &[&str], right: &[usize]) {
    row(out, &cols.iter().map(|c| (*c).to_string()).collect::<Vec<_>>());
    out.push('|');
    for i in 0..cols.len() {
        out.push_str(if right.contains(&i) { " ---: |" } else { " --- |" });
    }
    out.push('\n');
}

fn deadline_status(s: DeadlineStatus) -> &'static str {
    match s {
        DeadlineStatus::Met => "met",
        DeadlineStatus::Missed => "missed",
        DeadlineStatus::Open => "open",
    }
}

pub(crate) fn disposition(d: Disposition) -> &'static str {
    match d {
        Disposition::Accepted => "accepted",
        Disposition::Rejected => "rejected",
        Disposition::NotInspected => "not inspected",
    }
}

pub(crate) fn state_name(s: InspectionStateOut) -> &'static str {
    match s {
        InspectionStateOut::Normal => "normal",
        InspectionStateOut::Tightened => "tightened",
        InspectionStateOut::Reduced => "reduced",
        InspectionStateOut::Discontinued => "discontinued",
    }
}

fn payer(p: PayerOut, k: LineKind) -> (&'static str, &'static str) {
    let who = match p {
        PayerOut::Supplier => "supplier",
        PayerOut::Buyer => "buyer",
        PayerOut::Nobody => "reserve",
    };
    let what = match k {
        LineKind::Pays => "pays",
        LineKind::Credits => "credits",
        LineKind::Cap => "cap",
        LineKind::Reserve => "reserve",
    };
    (who, what)
}

fn risk(r: Risk) -> &'static str {
    match r {
        Risk::Low => "low",
        Risk::Moderate => "moderate",
        Risk::High => "high",
    }
}

/// The packet as Markdown: a header table, then defects, requested remedy, deadlines,
/// escalation, flags, evidence, photos and customer returns.
pub fn packet_markdown(p: &Packet) -> String {
    let mut out = String::new();
    md_summary(&mut out, p);
    md_defects(&mut out, p);
    md_remedy(&mut out, p);
    md_deadlines(&mut out, p);
    md_escalation(&mut out, p);
    md_flags(&mut out, p);
    md_evidence(&mut out, p);
    md_photos(&mut out, p);
    md_returns(&mut out, p);
    out
}

/// The title, then the header table: supplier, PO, SKU, lot, order, affected units, lot disposition, inspection state, eligibility.
fn md_summary(out: &mut String, p: &Packet) {
    let cur = &p.currency;
    let _ = writeln!(out, "# Supplier claim {}\n", cell(&p.claim_id));
    let _ = writeln!(out, "{} · as of {} · {}\n", cell(&p.policy), p.as_of, cell(&p.engine));
    header(out, &["Field", "Value"], &[]);
    for (k, v) in [("Supplier", &p.supplier), ("PO", &p.po), ("SKU", &p.sku), ("Lot", &p.lot)] {
        if let Some(v) = v {
            row(out, &[k.to_string(), v.clone()]);
        }
    }
    let o = &p.order;
    let value = o.value.as_deref().map(|v| format!(" = {cur} {v}")).unwrap_or_default();
    let due = o.due_on.map(|d| format!(", due {d}")).unwrap_or_default();
    row(out, &["Order".to_string(), format!("{} units at {cur} {}{value}{due}, delivered {}", o.units, o.unit_price, o.delivered_on)]);
    row(out, &["Affected units".to_string(), p.affected_units.to_string()]);
    let i = &p.inspection;
    let clause = i.clause.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
    row(out, &["Lot disposition".to_string(), format!("{}{clause}", prose(&i.reason))]);
    if let Some(sw) = &i.switching {
        row(
            out,
            &[
                "Inspection state".to_string(),
                if (sw.state, &sw.reason) == (sw.next_state, &sw.next_reason) {
                    format!("{} ({}), also for the next lot", state_name(sw.state), prose(&sw.reason))
                } else {
                    format!(
                        "{} ({}); next lot: {} ({})",
                        state_name(sw.state),
                        prose(&sw.reason),
                        state_name(sw.next_state),
                        prose(&sw.next_reason)
                    )
                },
            ],
        );
    }
    row(out, &["Eligible".to_string(), if p.eligible { "yes".to_string() } else { format!("no: {}", prose(&p.ineligible.join("; "))) }]);
}

/// Defects by code, with their severity, inspection count and returns.
fn md_defects(out: &mut String, p: &Packet) {
    out.push_str("\n## Defects\n\n");
    if p.defects.is_empty() {
        out.push_str("No defects reported.\n");
    } else {
        header(out, &["Code", "Severity", "Description", "Found in inspection", "Customer returns"], &[3]);
        for d in &p.defects {
            let severity = match (&d.severity, &d.not_a_defect) {
                (Some(s), _) => severity_name(*s).to_string(),
                (None, Some(route)) => format!("not a defect (route: {route})"),
                (None, None) => "not in catalogue".to_string(),
            };
            let returns = if d.returns.is_empty() { "0".to_string() } else { format!("{} ({})", d.returns.len(), d.returns.join(", ")) };
            row(out, &[d.code.clone(), severity, d.description.clone().unwrap_or_default(), d.found_in_inspection.to_string(), returns]);
        }
    }
}

/// The requested remedy: its lines, totals and dates; then the other available remedies.
fn md_remedy(out: &mut String, p: &Packet) {
    let cur = &p.currency;
    match &p.requested_remedy {
        Some(r) => {
            let _ = writeln!(out, "\n## Requested remedy: {} ({})\n", cell(&r.name), cell(&r.clause));
            if !r.reasons.is_empty() {
                let _ = writeln!(out, "Why: {}\n", cell(&prose(&r.reasons.join("; "))));
            }
            header(out, &["Line", "Payer", "Kind", &format!("Amount ({cur})"), "Clause"], &[3]);
            for l in &r.lines {
                let (who, what) = payer(l.payer, l.kind);
                row(out, &[l.label.clone(), who.to_string(), what.to_string(), l.amount.to_string(), l.clause.clone()]);
            }
            out.push('\n');
            let _ = writeln!(out, "- Supplier total: {cur} {}{}", r.supplier_total, if r.capped { " (capped)" } else { "" });
            let _ = writeln!(out, "- of which credited: {cur} {}", r.credited);
            let _ = writeln!(out, "- Buyer pays: {cur} {}", r.buyer_pays);
            let _ = writeln!(out, "- Buyer net recovery: {cur} {}", r.buyer_net_recovery);
            if let Some(w) = r.window {
                let _ = writeln!(out, "- Expected completion: {} to {}", w.from, w.to);
            }
            if let Some(k) = r.risk {
                let _ = writeln!(out, "- Relationship risk: {}", risk(k));
            }
        }
        None => out.push_str("\n## Requested remedy\n\nNo remedy is available under the policy.\n"),
    }
    if !p.also_available.is_empty() {
        out.push_str("\nAlso available:\n\n");
        for r in &p.also_available {
            let _ = writeln!(
                out,
                "- {} ({}): supplier total {cur} {}, buyer net recovery {cur} {}",
                cell(&r.name),
                cell(&r.clause),
                r.supplier_total,
                r.buyer_net_recovery
            );
        }
    }
}

/// Deadlines with their due dates, rules and status.
fn md_deadlines(out: &mut String, p: &Packet) {
    out.push_str("\n## Deadlines\n\n");
    if p.deadlines.is_empty() {
        out.push_str("None.\n");
    } else {
        header(out, &["Deadline", "Clause", "Due", "Rule", "Status", "If missed"], &[]);
        for d in &p.deadlines {
            row(
                out,
                &[
                    d.name.clone(),
                    d.clause.clone(),
                    d.due.to_string(),
                    prose(&d.rule),
                    deadline_status(d.status).to_string(),
                    prose(&d.if_missed.join("; ")),
                ],
            );
        }
    }
}

/// The escalation status and its steps.
fn md_escalation(out: &mut String, p: &Packet) {
    let e = &p.escalation;
    out.push_str("\n## Escalation\n\n");
    // The deadline that opens the ladder, by its name and clause (no code span for the supplier).
    let trigger = e
        .trigger
        .as_deref()
        .map(|t| match p.deadlines.iter().find(|d| d.name == t) {
            Some(d) => format!(" (deadline {t}, {})", cell(&d.clause)),
            None => format!(" (deadline {t})"),
        })
        .unwrap_or_default();
    let opens = e.opens_on.map(|d| format!(", opens {d}")).unwrap_or_default();
    let status = match e.status {
        EscalationStatus::Open => "open",
        EscalationStatus::Pending => "pending",
        EscalationStatus::NotTriggered => "not triggered",
        EscalationStatus::None => "none",
    };
    let _ = writeln!(out, "Status: {status}{trigger}{opens}");
    for s in &e.steps {
        let range = |a: Option<NaiveDate>, b: Option<NaiveDate>| match (a, b) {
            (Some(a), Some(b)) if a == b => a.to_string(),
            (Some(a), Some(b)) => format!("{a} to {b}"),
            (Some(a), None) | (None, Some(a)) => a.to_string(),
            (None, None) => "-".to_string(),
        };
        let _ = writeln!(
            out,
            "- {} ({}): starts {}, ends {}",
            cell(&s.name),
            cell(&s.forum),
            range(s.earliest_start, s.latest_start),
            range(s.earliest_end, s.latest_end)
        );
    }
}

/// Raised flags, with whom to notify and the earlier claims they matched.
fn md_flags(out: &mut String, p: &Packet) {
    if !p.flags.is_empty() {
        out.push_str("\n## Flags\n\n");
        for f in &p.flags {
            let notify = if f.notify.is_empty() { String::new() } else { format!("; notify {}", f.notify.join(", ")) };
            let more = f.more_matches.map(|n| format!(" and {n} more")).unwrap_or_default();
            let matches = if f.matches.is_empty() { String::new() } else { format!("; earlier claims {}{more}", f.matches.join(", ")) };
            let _ = writeln!(out, "- {} ({}){}{}", cell(&f.name), cell(&f.clause), cell(&notify), cell(&matches));
        }
    }
}

/// The evidence list.
fn md_evidence(out: &mut String, p: &Packet) {
    out.push_str("\n## Evidence\n\n");
    let items = p.evidence.items();
    if items.is_empty() {
        out.push_str("None.\n");
    }
    for item in items {
        let _ = writeln!(out, "- {}", cell(&item));
    }
}

/// Photos linked to their return, defect, SKU, lot and PO.
fn md_photos(out: &mut String, p: &Packet) {
    if !p.photos.is_empty() {
        out.push_str("\n## Photos\n\n");
        header(out, &["File", "Return", "Defect", "SKU", "Lot", "PO"], &[]);
        for ph in &p.photos {
            let opt = |v: &Option<String>| v.clone().unwrap_or_default();
            row(out, &[ph.file.clone(), ph.return_id.clone(), opt(&ph.defect), opt(&ph.sku), opt(&ph.lot), opt(&ph.po)]);
        }
    }
}

/// The customer returns, pseudonymised.
fn md_returns(out: &mut String, p: &Packet) {
    if !p.customer_returns.is_empty() {
        out.push_str("\n## Customer returns (pseudonymised)\n\n");
        header(out, &["Return", "Customer", "Order", "Contact", "Defect", "Photos", "Note"], &[]);
        for r in &p.customer_returns {
            let contact = [&r.email, &r.phone, &r.address].into_iter().flatten().cloned().collect::<Vec<_>>().join(", ");
            row(
                out,
                &[
                    r.return_id.clone(),
                    r.customer.clone(),
                    r.order.clone().unwrap_or_default(),
                    contact,
                    r.defect.clone().unwrap_or_default(),
                    r.photos.join(", "),
                    r.note.clone().unwrap_or_default(),
                ],
            );
        }
    }
}
