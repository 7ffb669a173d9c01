//! The recurrence flag (`when N or more earlier claims on the same ... within D days`): which
//! earlier claims count, pinned through the public API. The window is the claims opened from
//! `notified_on - D days` to `notified_on`, both inclusive; the claim itself never counts; each
//! `same` key must be present and equal. A raised flag makes `when flagged` remedies available and
//! tightens the next lot's inspection, so a claim that must not count must change none of these.
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

const POLICY: &str = r#"policy "Recurrence" {
  currency USD
  rounding half_up
}

defects {
  crack  major "Crack in housing"
  smudge minor "Smudge"
}
sampling "S.9 Sampling with switching" {
  iso2859 level II normal
  aql major 2.5, minor 4.0
  switching iso2859-1
}
flag repeat "F.1 Repeat defect" {
  when RULE
  notify "QA lead"
  switch inspection to tightened
}
remedy audit "R.2 Audit" {
  when flagged repeat
  supplier pays USD 1500.00 as "Audit"
}
"#;

const SKU_30_DAYS: &str = "1 or more earlier claims on the same sku within 30 days";

/// The claim (notified 2026-02-03, sku SKU-1, supplier Acme, lot L-NOW, 2 cracks found) with
/// these earlier claims.
fn evaluate(rule: &str, history: Value) -> Value {
    evaluate_without(rule, history, &[])
}

/// As [`evaluate`], the claim without the fields `absent`.
fn evaluate_without(rule: &str, history: Value, absent: &[&str]) -> Value {
    let mut claim = json!({
        "claim_id": "C-1", "as_of": "2026-03-06", "currency": "USD",
        "sku": "SKU-1", "supplier": "Acme", "lot": "L-NOW",
        "order": { "units": 1000, "unit_price": "0.125", "delivered_on": "2026-01-31", "due_on": "2026-01-25" },
        "affected_units": 3, "discovered_on": "2026-02-02", "notified_on": "2026-02-03",
        "inspection": { "lot_size": 5000, "sample_size": 200, "found": [{ "defect": "crack", "count": 2 }] },
        "history": history
    });
    for field in absent {
        claim.as_object_mut().unwrap().remove(*field);
    }
    let out: Value = serde_json::from_str(&recourse::api::evaluate_to_json(&POLICY.replace("RULE", rule), &claim.to_string())).unwrap();
    assert_eq!(out["ok"], true, "{out:#}");
    out["decision"].clone()
}

fn past(id: &str, opened_on: &str) -> Value {
    json!({ "claim_id": id, "sku": "SKU-1", "supplier": "Acme", "lot": "L-OLD", "defect": "crack", "opened_on": opened_on })
}

/// Whether the flag is raised, checked against its three effects: its matches, the `when flagged`
/// remedy and the next lot's inspection.
fn raised(d: &Value) -> bool {
    let flag = &d["flags"][0];
    let raised = flag["raised"].as_bool().unwrap();
    let audit = d["remedies"].as_array().unwrap().iter().find(|r| r["name"] == "audit").unwrap();
    assert_eq!(audit["available"], raised, "the audit follows the flag: {d:#}");
    let next = &d["lot"]["inspection"]["next_state"];
    assert_eq!(next == "tightened", raised, "the next lot is tightened exactly when the flag is raised: {d:#}");
    raised
}

fn matches(d: &Value) -> Vec<String> {
    d["flags"][0]["matches"].as_array().unwrap().iter().map(|m| m.as_str().unwrap().to_string()).collect()
}

#[test]
fn a_claim_opened_within_the_window_raises_the_flag() {
    for opened in ["2026-01-04", "2026-01-20", "2026-02-03"] {
        let d = evaluate(SKU_30_DAYS, json!([past("C-0", opened)]));
        assert!(raised(&d), "opened {opened}: {d:#}");
        assert_eq!(matches(&d), ["C-0"]);
    }
}

#[test]
fn a_claim_opened_after_the_notice_does_not_count() {
    // The window ends at notified_on (2026-02-03): a claim opened later is not an earlier claim.
    for opened in ["2026-02-04", "2026-02-05", "2026-03-01"] {
        let d = evaluate(SKU_30_DAYS, json!([past("C-9", opened)]));
        assert!(!raised(&d), "opened {opened}: {d:#}");
        assert!(matches(&d).is_empty());
    }
}

#[test]
fn a_claim_opened_before_the_window_does_not_count() {
    // 30 days before 2026-02-03 is 2026-01-04 (counted above); the day before is outside.
    let d = evaluate(SKU_30_DAYS, json!([past("C-0", "2026-01-03")]));
    assert!(!raised(&d), "{d:#}");
}

#[test]
fn the_claim_itself_in_its_history_does_not_count() {
    let d = evaluate(SKU_30_DAYS, json!([past("C-1", "2026-02-03")]));
    assert!(!raised(&d), "{d:#}");
    assert!(matches(&d).is_empty());
    // With one real earlier claim beside it, the count is 1, not 2.
    let d =
        evaluate("2 or more earlier claims on the same sku within 30 days", json!([past("C-1", "2026-02-01"), past("C-0", "2026-02-01")]));
    assert!(!raised(&d), "{d:#}");
    assert!(d["flags"][0]["reasons"][0].as_str().unwrap().starts_with("1 earlier claim(s)"), "{d:#}");
}

#[test]
fn the_count_must_reach_the_rule_s_minimum() {
    let rule = "2 or more earlier claims on the same sku within 30 days";
    assert!(!raised(&evaluate(rule, json!([past("C-0", "2026-01-20")]))));
    let d = evaluate(rule, json!([past("C-0", "2026-01-20"), past("C-00", "2026-01-25")]));
    assert!(raised(&d));
    assert_eq!(matches(&d), ["C-0", "C-00"]);
}

#[test]
fn every_same_key_must_be_present_and_equal() {
    let other = |field: &str, value: Value| {
        let mut h = past("C-0", "2026-01-20");
        match value {
            Value::Null => {
                h.as_object_mut().unwrap().remove(field);
            }
            v => h[field] = v,
        }
        json!([h])
    };
    for (rule, field) in [
        ("1 or more earlier claims on the same sku within 30 days", "sku"),
        ("1 or more earlier claims on the same supplier within 30 days", "supplier"),
        ("1 or more earlier claims on the same sku with the same defect within 30 days", "defect"),
    ] {
        assert!(raised(&evaluate(rule, other("lot", json!("L-OTHER")))), "{rule}: other keys do not matter");
        assert!(!raised(&evaluate(rule, other(field, json!("OTHER")))), "{rule}: a different {field}");
        assert!(!raised(&evaluate(rule, other(field, Value::Null))), "{rule}: no {field}");
    }
    let lot_rule = "1 or more earlier claims on the same lot within 30 days";
    assert!(!raised(&evaluate(lot_rule, json!([past("C-0", "2026-01-20")]))), "L-OLD is not L-NOW");
    assert!(raised(&evaluate(lot_rule, other("lot", json!("L-NOW")))));
    assert!(!raised(&evaluate(lot_rule, other("lot", Value::Null))));
    // The same defect means a defect found in this claim's lot (crack, not smudge).
    let defect_rule = "1 or more earlier claims with the same defect within 30 days";
    assert!(!raised(&evaluate(defect_rule, other("defect", json!("smudge")))));
    assert!(raised(&evaluate(defect_rule, other("sku", json!("OTHER")))));
}

#[test]
fn a_key_missing_on_both_sides_is_not_the_same() {
    // Neither the claim nor the earlier one names a sku / supplier / lot: nothing to compare.
    for key in ["sku", "supplier", "lot"] {
        let mut h = past("C-0", "2026-01-20");
        h.as_object_mut().unwrap().remove(key);
        let rule = format!("1 or more earlier claims on the same {key} within 30 days");
        let d = evaluate_without(&rule, json!([h]), &[key]);
        assert!(!raised(&d), "{key}: {d:#}");
    }
}

#[test]
fn a_flag_lists_at_most_20_matches_and_counts_the_rest() {
    // The matches are the first 20 earlier claims by id; `more_matches` says how many more
    // matched, and is absent when none are left out (20 exactly lists them all).
    let history = |n: usize| json!((0..n).map(|k| past(&format!("C-0{k:02}"), "2026-01-20")).collect::<Vec<_>>());
    let first_20: Vec<String> = (0..20).map(|k| format!("C-0{k:02}")).collect();
    for (n, more) in [(19, None), (20, None), (21, Some(1)), (25, Some(5))] {
        let d = evaluate(SKU_30_DAYS, history(n));
        assert!(raised(&d), "{n}: {d:#}");
        assert_eq!(matches(&d), first_20[..n.min(20)], "{n}: {d:#}");
        assert_eq!(d["flags"][0].get("more_matches").and_then(Value::as_u64), more, "{n}: {d:#}");
        assert!(d["flags"][0]["reasons"][0].as_str().unwrap().starts_with(&format!("{n} earlier claim(s)")), "{n}: {d:#}");
    }
}
