//! The supplier scorecard over claims and lot receipts, with the apparel policy's thresholds.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use recourse::scorecard::{ScorecardInput, scorecard};

const POLICY: &str = include_str!("../../../policies/apparel-coats.policy");
const CLAIM: &str = include_str!("../../../policies/apparel-coats.claim.json");

fn input(receipts: serde_json::Value, recovered: &str) -> ScorecardInput {
    let mut claim: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    claim["recovered"] = recovered.into();
    serde_json::from_value(serde_json::json!({ "claims": [claim], "receipts": receipts })).unwrap()
}

#[test]
fn figures_status_and_triggers() {
    let policy = recourse::Policy::compile(POLICY).unwrap();
    let receipts = serde_json::json!([
        { "lot": "R1", "received_on": "2026-01-10", "accepted": true, "sample_size": 200, "found": [{ "defect": "stitching", "count": 2 }] },
        { "lot": "R2", "received_on": "2026-02-01", "lot_size": 5000, "sample_size": 200, "found": [{ "defect": "zipper_failure", "count": 1 }] }
    ]);
    let s = scorecard(&policy, &input(receipts, "4465.00"));
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!((s.claims, s.lots_inspected, s.lots_rejected), (1, 3, 2));
    assert_eq!(s.rejection_rate.as_deref(), Some("66.67"));
    // 13 defects in the claim's sample, 2 + 1 in the receipts: 16 in 600 units.
    assert_eq!((s.sampled_units, s.defects), (600, 16));
    assert_eq!(s.ppm.as_deref(), Some("26667"));
    let rates: Vec<(&str, u64, &str)> = s.defect_rates.iter().map(|r| (r.code.as_str(), r.count, r.rate.as_deref().unwrap())).collect();
    assert_eq!(rates, [("shade", 4, "0.6667"), ("stitching", 8, "1.3333"), ("zipper_failure", 4, "0.6667")]);
    assert_eq!(
        (s.claimed.to_string(), s.recovered.to_string(), s.recovery_rate.as_deref()),
        ("8930.00".into(), "4465.00".into(), Some("50.00"))
    );
    assert_eq!((s.responses, s.late_responses), (0, 0));
    assert_eq!(s.response_deadline.as_deref(), Some("response"));
    let status = s.status.unwrap();
    assert_eq!(status.status, "probation");
    // The figure as the card shows it (whole ppm), in the status reason too.
    assert_eq!(status.because, ["ppm 26667 > 20000"]);
    assert_eq!(s.triggered.len(), 1);
    assert_eq!(s.triggered[0].remedy, "qa_audit");
    assert_eq!(s.triggered[0].because, ["rejection_rate 66.67% >= 50%"]);
}

#[test]
fn a_clean_supplier_is_preferred_and_late_responses_count() {
    let policy = recourse::Policy::compile(POLICY).unwrap();
    let mut claim: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    // No defects beyond 2 minor ones in a large sample; answered one business day late.
    claim["inspection"]["found"] = serde_json::json!([{ "defect": "shade", "count": 2 }]);
    claim["inspection"]["sample_size"] = 500.into();
    claim["supplier_responded_on"] = "2026-03-13".into();
    claim["as_of"] = "2026-03-16".into();
    claim["recovered"] = "7980.00".into();
    claim["facts"]["stock_critical"] = false.into();
    let input: ScorecardInput = serde_json::from_value(serde_json::json!({ "claims": [claim] })).unwrap();
    let s = scorecard(&policy, &input);
    assert_eq!(s.ppm.as_deref(), Some("4000"));
    assert_eq!((s.responses, s.late_responses), (1, 1));
    // Notified Thu 2026-03-05, answered Fri 2026-03-13: 6 business days.
    assert_eq!(s.mean_response_days.as_deref(), Some("6.00"));
    // Lot accepted: credit offset (7980.00) is recommended; all of it recovered.
    assert_eq!((s.claimed.to_string(), s.recovery_rate.as_deref()), ("7980.00".into(), Some("100.00")));
    assert_eq!(s.status.unwrap().status, "preferred");
    assert!(s.triggered.is_empty());
}

#[test]
fn a_bad_claim_is_reported_and_left_out() {
    let policy = recourse::Policy::compile(POLICY).unwrap();
    let mut claim: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    claim["currency"] = "EUR".into();
    let input: ScorecardInput = serde_json::from_value(serde_json::json!({ "claims": [claim] })).unwrap();
    let s = scorecard(&policy, &input);
    assert_eq!(s.claims, 0);
    assert_eq!(s.errors[0].error.code, recourse::Code::ClaimCurrency);
    assert_eq!(s.ppm, None);
    assert!(s.status.is_none());
}
