//! What goes to the supplier and into the buyer's records around one claim, as pure functions of
//! the policy, the claim and its decision (no I/O, no clock):
//!
//! - [`packet`]: the supplier claim packet ([`Packet`], JSON through serde, Markdown through
//!   [`packet_markdown`]): defects grouped by type, photos linked to SKU, lot and PO, the
//!   requested remedy with its cost lines, totals and dates, the deadlines, the evidence list and
//!   the customer returns;
//! - [`closeout`]: the six-line closeout note ([`Closeout`], text through [`closeout_text`]);
//! - [`log_rows`] / [`log_csv`]: the defective log a customer-service team keeps.
//!
//! Every customer identifier (name, e-mail, phone, street address, shop order ID, also inside
//! notes) is replaced by a stable pseudonym, identifiers of people nobody listed are removed,
//! business codes are kept only when shaped like codes, and free text is cut at a stated length;
//! [`pseudonym`] describes the rules and their limits.

mod closeout;
mod defect_log;
pub mod pseudonym;
mod supplier;

pub use closeout::{Closeout, closeout, closeout_text, closeout_with};
pub use defect_log::{LOG_COLUMNS, LogEntry, LogRow, log_csv, log_rows};
pub use pseudonym::{MAX_FREE_TEXT_CHARS, PseudonymOptions, PseudonymousReturn, Pseudonyms, WITHHELD, is_code};
pub use supplier::{
    DefectGroup, EvidenceList, Packet, PacketFlag, PacketInspection, PacketOrder, Photo, RemedySummary, RequestedRemedy, packet,
    packet_markdown, packet_with,
};

use std::collections::BTreeMap;

use crate::Policy;
use crate::model::claim::Claim;
use crate::terms::SeverityClass;

/// The policy's defect catalogue, by code.
pub(crate) struct Catalogue {
    /// Code -> (severity, description), in catalogue order through `order`.
    defects: BTreeMap<String, (SeverityClass, String)>,
    /// Code -> (description, route).
    exclusions: BTreeMap<String, (String, String)>,
    /// Codes in catalogue order: defects, then exclusions.
    order: Vec<String>,
}

impl Catalogue {
    pub(crate) fn of(policy: &Policy) -> Catalogue {
        let info = policy.describe();
        let order = info.defects.iter().map(|d| d.code.clone()).chain(info.exclusions.iter().map(|e| e.code.clone())).collect();
        // Inserted one by one: `collect()` into a BTreeMap would bring a sort of its own (see `sort`).
        let mut defects = BTreeMap::new();
        for d in info.defects {
            defects.insert(d.code, (d.severity, d.description));
        }
        let mut exclusions = BTreeMap::new();
        for e in info.exclusions {
            exclusions.insert(e.code, (e.description, e.route));
        }
        Catalogue { defects, exclusions, order }
    }

    pub(crate) fn contains(&self, code: &str) -> bool {
        self.defects.contains_key(code) || self.exclusions.contains_key(code)
    }

    pub(crate) fn severity(&self, code: &str) -> Option<SeverityClass> {
        self.defects.get(code).map(|d| d.0)
    }

    pub(crate) fn description(&self, code: &str) -> Option<&str> {
        self.defects.get(code).map(|d| d.1.as_str()).or_else(|| self.exclusions.get(code).map(|e| e.0.as_str()))
    }

    pub(crate) fn route(&self, code: &str) -> Option<&str> {
        self.exclusions.get(code).map(|e| e.1.as_str())
    }

    /// Position in the catalogue (unknown codes last).
    pub(crate) fn position(&self, code: &str) -> usize {
        self.order.iter().position(|c| c == code).unwrap_or(usize::MAX)
    }
}

/// The codes found in inspection with their summed counts, in catalogue order; zero counts left
/// out.
pub(crate) fn found_counts(claim: &Claim, cat: &Catalogue) -> Vec<(String, u64)> {
    let mut sums: BTreeMap<&str, u64> = BTreeMap::new();
    for f in claim.inspection.iter().flat_map(|i| i.found.iter()) {
        let e = sums.entry(f.defect.as_str()).or_insert(0);
        *e = e.saturating_add(f.count.0);
    }
    let mut out: Vec<(String, u64)> = sums.into_iter().filter(|(_, n)| *n > 0).map(|(c, n)| (c.to_string(), n)).collect();
    crate::sort::sort_by_key(&mut out, |(c, _)| cat.position(c));
    out
}

pub(crate) fn severity_name(s: SeverityClass) -> &'static str {
    match s {
        SeverityClass::Minor => "minor",
        SeverityClass::Major => "major",
        SeverityClass::Critical => "critical",
    }
}

/// One line of text: whitespace runs (newlines included) become one space.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
