//! The defective log: one row per customer return (one per claim without returns), as a
//! customer-service team tracks them, and its CSV (RFC 4180).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Serialize;

use super::pseudonym::{PseudonymOptions, Pseudonyms};
use super::{Catalogue, found_counts, one_line, severity_name};
use crate::Policy;
use crate::model::claim::Claim;
use crate::model::decision::{Decision, EscalationStatus};

/// One claim for the log: the policy it was decided under, the claim, its decision, and what the
/// supplier actually gave, once known (free text, pseudonymised like a note).
#[derive(Debug, Clone, Copy)]
pub struct LogEntry<'a> {
    /// The policy the claim was decided under (its defect catalogue gives the severities).
    pub policy: &'a Policy,
    /// The claim.
    pub claim: &'a Claim,
    /// The claim's decision under `policy`.
    pub decision: &'a Decision,
    /// What the supplier actually gave; `None` until known (the claim is then not `closed`).
    pub remedy_given: Option<&'a str>,
}

/// The CSV header, in column order.
pub const LOG_COLUMNS: [&str; 11] = [
    "date",
    "customer_reference",
    "product",
    "lot",
    "complaint",
    "defect_code",
    "severity",
    "remedy_requested",
    "remedy_given",
    "amount",
    "status",
];

/// One row of the defective log: one customer return, or a claim without returns. Identifiers
/// are pseudonymised; every field but `date` is text, empty when there is nothing to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct LogRow {
    /// The claim this row belongs to (not a CSV column).
    #[serde(skip)]
    pub claim_id: String,
    /// The claim's `discovered_on`: when the defect came to the buyer's notice.
    pub date: NaiveDate,
    /// `Customer A`, stable across every claim of the log; empty for a claim without returns.
    pub customer_reference: String,
    /// The claim's SKU (`[withheld]` unless code-shaped and free of customer data); empty when
    /// the claim gives none.
    pub product: String,
    /// The claim's lot, withheld like `product`; empty when the claim gives none.
    pub lot: String,
    /// The return's note, pseudonymised; for a claim without returns, the lot disposition.
    pub complaint: String,
    /// The defect code the return reports (outside the catalogue: `[withheld]` unless shaped like a
    /// catalogue code); for a claim without returns, the worst defect the inspection found.
    pub defect_code: String,
    /// `critical`, `major`, `minor`, `not a defect`, or empty for a code outside the catalogue.
    pub severity: String,
    /// The decision's recommended remedy, or `none`.
    pub remedy_requested: String,
    /// The entry's `remedy_given`, pseudonymised like a note; empty until known.
    pub remedy_given: String,
    /// The recommended remedy's supplier total for the whole claim (the engine's string; repeated
    /// on every row of the claim), empty when none.
    pub amount: String,
    /// `closed` (a remedy was given), `ineligible`, `escalated`, `supplier responded` or
    /// `awaiting supplier`.
    pub status: String,
}

/// The rows of the log, pseudonyms shared across all entries (the same customer is the same
/// `Customer X` in every claim).
pub fn log_rows(entries: &[LogEntry<'_>], options: &PseudonymOptions) -> Vec<LogRow> {
    let claims: Vec<&Claim> = entries.iter().map(|e| e.claim).collect();
    let ps = Pseudonyms::new(&claims, options);
    let mut rows = Vec::new();
    for e in entries {
        let cat = Catalogue::of(e.policy);
        let (claim, decision) = (e.claim, e.decision);
        let code = |v: &Option<String>| v.as_deref().map(|s| ps.code(s)).unwrap_or_default();
        let recommended = decision.recommendation.remedy.as_deref().and_then(|n| decision.remedies.iter().find(|r| r.name == n));
        let remedy_given = e.remedy_given.map(|g| ps.scrub(&one_line(g))).unwrap_or_default();
        let status = if !remedy_given.is_empty() {
            "closed"
        } else if !decision.eligible {
            "ineligible"
        } else if decision.escalation.status == EscalationStatus::Open {
            "escalated"
        } else if claim.supplier_responded_on.is_some() {
            "supplier responded"
        } else {
            "awaiting supplier"
        };
        let severity = |code: &str| match cat.severity(code) {
            Some(s) => severity_name(s).to_string(),
            None if cat.contains(code) => "not a defect".to_string(),
            None => String::new(),
        };
        let base = LogRow {
            claim_id: ps.code(&claim.claim_id),
            date: claim.discovered_on,
            customer_reference: String::new(),
            product: code(&claim.sku),
            lot: code(&claim.lot),
            complaint: String::new(),
            defect_code: String::new(),
            severity: String::new(),
            remedy_requested: decision.recommendation.remedy.clone().unwrap_or_else(|| "none".to_string()),
            remedy_given,
            amount: recommended.map(|r| r.supplier_total.to_string()).unwrap_or_default(),
            status: status.to_string(),
        };
        if claim.customer_returns.is_empty() {
            // The worst defect found (severity first, then count, then catalogue order).
            let mut found = found_counts(claim, &cat);
            crate::sort::sort_by_key(&mut found, |(c, n)| (std::cmp::Reverse(cat.severity(c)), std::cmp::Reverse(*n)));
            let code = found.first().map(|(c, _)| c.clone()).unwrap_or_default();
            rows.push(LogRow { complaint: one_line(&decision.lot.reason), severity: severity(&code), defect_code: code, ..base });
        } else {
            for r in &claim.customer_returns {
                let code = r.defect.as_deref().map(|d| if cat.contains(d) { d.to_string() } else { ps.defect_code(d) }).unwrap_or_default();
                rows.push(LogRow {
                    customer_reference: ps.customer(r),
                    complaint: r.note.as_deref().map(|n| ps.scrub(&one_line(n))).unwrap_or_default(),
                    severity: r.defect.as_deref().map(severity).unwrap_or_default(),
                    defect_code: code,
                    ..base.clone()
                });
            }
        }
    }
    rows
}

/// One CSV field: quoted when it holds a comma, a double quote, CR or LF (quotes doubled). Any
/// cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first, also in their
/// full-width forms) gets a leading `'`, whatever the column: a SKU, a lot or a defect code comes
/// from the claim as much as a note does. A plain number ("-5.00") is left as it is.
fn csv_field(s: &str) -> String {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']) && !is_number(s);
    let guarded = if formula { format!("'{s}") } else { s.to_string() };
    if guarded.contains([',', '"', '\r', '\n']) { format!("\"{}\"", guarded.replace('"', "\"\"")) } else { guarded }
}

/// `-12`, `-5.00`: an optional minus, digits, an optional dot and digits.
fn is_number(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = body.split_once('.').unwrap_or((body, "0"));
    !int.is_empty() && !frac.is_empty() && int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
}

/// The log as CSV: the [`LOG_COLUMNS`] header, then one record per row, CRLF line ends.
pub fn log_csv(rows: &[LogRow]) -> String {
    let mut out = LOG_COLUMNS.join(",");
    out.push_str("\r\n");
    for r in rows {
        let fields = [
            csv_field(&r.date.to_string()),
            csv_field(&r.customer_reference),
            csv_field(&r.product),
            csv_field(&r.lot),
            csv_field(&r.complaint),
            csv_field(&r.defect_code),
            csv_field(&r.severity),
            csv_field(&r.remedy_requested),
            csv_field(&r.remedy_given),
            csv_field(&r.amount),
            csv_field(&r.status),
        ];
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn rfc4180_quoting() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_field("-5.00"), "-5.00");
        assert_eq!(csv_field("-2+3"), "'-2+3");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\tx"), "'\tx");
        assert_eq!(csv_field("\r=1"), "\"'\r=1\"");
        assert_eq!(csv_field("＝1+1"), "'＝1+1");
    }
}
