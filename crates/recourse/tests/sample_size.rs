//! The sample inspected against the ISO 2859-1 plans' n: a sample smaller than a class's n, or
//! larger than every class's n, is judged with a warning finding; the sample the largest plan
//! asks for is judged without one. Classes may have different n (an arrow in the table): here
//! major 2.5 at code letter L is n = 200, critical 0.10 follows the arrow up to K, n = 125.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use serde_json::{Value, json};

const POLICY: &str = r#"policy "Sample" {
  currency USD
  rounding half_up
}

defects {
  crack  major    "Crack in housing"
  burr   critical "Sharp burr"
}
sampling "S.5" {
  iso2859 level II normal
  aql major 2.5, critical 0.10
}
remedy replace "R.1" {
  when lot.rejected
  supplier pays claim.affected_units * order.unit_price as "Replacement"
}
"#;

fn sample_findings(sample: u64) -> Vec<String> {
    let claim = json!({
        "claim_id": "C-1", "as_of": "2026-03-06", "currency": "USD",
        "order": { "units": 1000, "unit_price": "0.125", "delivered_on": "2026-01-31" },
        "affected_units": 3, "discovered_on": "2026-02-02", "notified_on": "2026-02-03",
        "inspection": { "lot_size": 5000, "sample_size": sample, "found": [{ "defect": "crack", "count": 2 }] }
    });
    let out: Value = serde_json::from_str(&recourse::api::evaluate_to_json(POLICY, &claim.to_string())).unwrap();
    assert_eq!(out["ok"], true, "{out:#}");
    let d = &out["decision"];
    let ns: Vec<u64> = d["lot"]["classes"].as_array().unwrap().iter().map(|c| c["plan"]["sample_size"].as_u64().unwrap()).collect();
    assert_eq!(ns, [200, 125], "the plans this test is built on");
    assert_eq!(d["lot"]["disposition"], "accepted", "the counts alone accept the lot: {d:#}");
    d["findings"].as_array().unwrap().iter().map(|f| f["message"].as_str().unwrap().to_string()).collect()
}

#[test]
fn the_largest_plan_s_sample_is_judged_without_a_finding() {
    assert_eq!(sample_findings(200), Vec::<String>::new());
}

#[test]
fn a_sample_larger_than_every_plan_s_n_is_judged_with_a_finding() {
    for sample in [201, 315, 5000] {
        let findings = sample_findings(sample);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(findings[0].contains(&format!("the sample of {sample} units is larger than the plan's n = 200")), "{findings:?}");
    }
}

#[test]
fn a_sample_smaller_than_a_class_s_n_is_judged_with_a_finding() {
    let findings = sample_findings(125);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(findings[0].contains("smaller than the plan's n = 200 for major defects"), "{findings:?}");
    assert_eq!(sample_findings(100).len(), 2, "smaller than both plans");
}
