//! The recommendation's reason names the criterion that decided between the first two remedies,
//! with the values it compared (issue 17: it used to quote buyer net recovery whatever decided).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use recourse::{Claim, Policy};

fn last_reason(remedies: &str, ranking: &str) -> String {
    let src = format!("policy \"P\" {{\n  currency USD\n}}\n\n{remedies}\nrecommend {{\n{ranking}\n}}\n");
    let policy = Policy::compile(&src).unwrap_or_else(|d| panic!("{d:#?}\n{src}"));
    let claim = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies/cisg-default.claim.json")).unwrap();
    let mut claim: serde_json::Value = serde_json::from_str(&claim).unwrap();
    claim.as_object_mut().unwrap().remove("facts");
    let decision = policy.evaluate(&Claim::from_json(&claim.to_string()).unwrap()).unwrap();
    decision.recommendation.reasons.last().unwrap().clone()
}

#[test]
fn the_supplier_total_decides_when_it_is_ranked_first() {
    let remedies = "remedy a \"R.1\" {\n  supplier pays USD 30.00 as \"A\"\n}\nremedy b \"R.2\" {\n  supplier pays USD 20.00 as \"B\"\n}\n";
    assert_eq!(
        last_reason(remedies, "  lowest supplier_total"),
        "b ranks first by lowest supplier total (supplier total USD 20.00 against USD 30.00 for a)"
    );
}

#[test]
fn a_later_criterion_decides_when_the_earlier_ones_are_equal() {
    let remedies = "remedy a \"R.1\" {\n  supplier pays USD 30.00 as \"A\"\n  buyer pays USD 5.00 as \"fee\"\n}\n\
                    remedy b \"R.2\" {\n  supplier pays USD 30.00 as \"B\"\n  buyer pays USD 2.00 as \"fee\"\n}\n";
    assert_eq!(
        last_reason(remedies, "  highest supplier_total\n  then lowest buyer_pays"),
        "b ranks first by highest supplier total, then lowest buyer cost (equal on highest supplier total; \
         buyer cost USD 2.00 against USD 5.00 for a)"
    );
}

#[test]
fn remedies_equal_on_every_criterion_keep_the_policys_order() {
    let remedies = "remedy a \"R.1\" {\n  supplier pays USD 30.00 as \"A\"\n  risk low\n}\nremedy b \"R.2\" {\n  supplier pays USD 30.00 as \"B\"\n  risk low\n}\n";
    assert_eq!(
        last_reason(remedies, "  lowest risk"),
        "a ranks first by lowest risk (equal to b on every criterion; first in the policy's order)"
    );
}
