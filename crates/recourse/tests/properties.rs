//! Invariants over generated input: the front end never panics, and every decision's breakdowns
//! add up exactly to their totals.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use proptest::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;

const APPAREL: &str = include_str!("../../../policies/apparel-coats.policy");
const CLAIM: &str = include_str!("../../../policies/apparel-coats.claim.json");

fn assert_spans_in_bounds(src: &str, diags: &[recourse::Diagnostic]) {
    for d in diags {
        assert!(src.get(d.span.start..d.span.end).is_some(), "span {:?} out of bounds", d.span);
        assert!(d.line >= 1 && d.column >= 1);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn check_never_panics_on_arbitrary_text(src in "\\PC{0,400}") {
        let diags = recourse::check(&src);
        assert_spans_in_bounds(&src, &diags);
    }

    #[test]
    fn check_never_panics_on_mutated_policies(cut in 0usize..4000, len in 0usize..40, insert in "[ -~]{0,12}") {
        let mut bytes = APPAREL.as_bytes().to_vec();
        let at = cut.min(bytes.len());
        let end = (at + len).min(bytes.len());
        bytes.splice(at..end, insert.bytes());
        let src = String::from_utf8_lossy(&bytes).into_owned();
        let diags = recourse::check(&src);
        assert_spans_in_bounds(&src, &diags);
    }

    #[test]
    fn breakdowns_sum_exactly_to_totals(
        affected in 0u64..=5000,
        price_cents in 1u64..1_000_000,
        price_extra_places in 0u32..3,
        outbound in 0u64..500_000,
        inspection_fee in 0u64..100_000,
        zipper in 0u64..5,
        stitching in 0u64..20,
        shade in 0u64..30,
        stock_critical in any::<bool>(),
        force_majeure in any::<bool>(),
        next_order_cents in 0u64..50_000_000,
        notified_offset in 0i64..20,
    ) {
        let policy = recourse::Policy::compile(APPAREL).unwrap();
        let mut claim: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
        // Unit prices with more places than the currency has, to exercise rounding.
        let price = Decimal::new(i64::try_from(price_cents * 10u64.pow(price_extra_places)).unwrap() + 7 * i64::from(price_extra_places > 0), 2 + price_extra_places);
        claim["affected_units"] = affected.into();
        // The order value defaults to units x unit price.
        claim["order"].as_object_mut().unwrap().remove("value");
        claim["order"]["unit_price"] = price.to_string().into();
        claim["costs"]["outbound_freight"] = Decimal::new(i64::try_from(outbound).unwrap(), 2).to_string().into();
        claim["costs"]["inspection_fee"] = Decimal::new(i64::try_from(inspection_fee).unwrap(), 2).to_string().into();
        claim["inspection"]["found"][0]["count"] = zipper.into();
        claim["inspection"]["found"][1]["count"] = stitching.into();
        claim["inspection"]["found"][2]["count"] = shade.into();
        claim["facts"]["stock_critical"] = stock_critical.into();
        claim["facts"]["force_majeure"] = force_majeure.into();
        claim["facts"]["next_order_value"] = Decimal::new(i64::try_from(next_order_cents).unwrap(), 2).to_string().into();
        let notified = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap() + chrono::Duration::days(notified_offset);
        claim["notified_on"] = notified.to_string().into();
        claim["discovered_on"] = notified.to_string().into();
        claim["as_of"] = (notified + chrono::Duration::days(1)).to_string().into();
        let text = claim.to_string();
        let d = policy.evaluate_json(&text).unwrap();
        let dec = |s: &str| Decimal::from_str(s).unwrap();
        for r in &d.remedies {
            let supplier: Decimal = r.lines.iter().filter(|l| l.payer == recourse::model::decision::PayerOut::Supplier).map(|l| dec(&l.amount.to_string())).sum();
            let buyer: Decimal = r.lines.iter().filter(|l| l.payer == recourse::model::decision::PayerOut::Buyer).map(|l| dec(&l.amount.to_string())).sum();
            prop_assert_eq!(supplier, dec(&r.supplier_total.to_string()), "{}", r.name);
            prop_assert_eq!(buyer, dec(&r.buyer_pays.to_string()), "{}", r.name);
            prop_assert_eq!(supplier - buyer, dec(&r.buyer_net_recovery.to_string()), "{}", r.name);
            for l in &r.lines {
                prop_assert_eq!(dec(&l.amount.to_string()).scale(), 2, "{} has {} places", l.label, l.amount);
            }
            // The 55 % cap of Q.7 holds for every remedy.
            let cap = Decimal::from(5000u32) * price * Decimal::new(55, 2);
            prop_assert!(dec(&r.supplier_total.to_string()) <= cap.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero), "{} exceeds the cap", r.name);
        }
        if let Some(name) = &d.recommendation.remedy {
            prop_assert!(d.remedies.iter().any(|r| &r.name == name && r.available));
        } else {
            prop_assert!(d.remedies.iter().all(|r| !r.available));
        }
        // Same input, same bytes.
        let again = policy.evaluate_json(&text).unwrap();
        prop_assert_eq!(serde_json::to_string(&d).unwrap(), serde_json::to_string(&again).unwrap());
    }
}

#[test]
fn pathological_nesting_is_a_diagnostic_not_a_crash() {
    let header = "policy \"P\" { currency USD }\n";
    let cases = [
        format!("{header}let x = {}1{}\n", "(".repeat(100_000), ")".repeat(100_000)),
        format!("{header}let x = {}true\n", "not ".repeat(100_000)),
        format!("{header}let x = {}1\n", "- ".repeat(100_000)),
        format!("{header}let x = {}1\n", "1 + ".repeat(100_000)),
        format!(
            "{header}let x = {} else 0\n",
            (0..20_000).map(|i| format!("if claim.affected_units = {i} then {i}")).collect::<Vec<_>>().join(" else ")
        ),
        format!("{header}let x = {}1{}\n", "if true then ".repeat(10_000), " else 0".repeat(10_000)),
        format!("{header}let x = {}claim.as_of{}\n", "days between ".repeat(1000), " and claim.as_of".repeat(1000)),
        format!("{header}{}", "let x = 1\n".repeat(3000)),
        "x".repeat(2_000_000),
    ];
    for src in &cases {
        let diags = recourse::check(src);
        assert_spans_in_bounds(src, &diags);
    }
}

#[test]
fn long_flat_expressions_evaluate() {
    // 2000 additions and a 500-branch else-if chain are fine: neither nests.
    let sum = "claim.affected_units + ".repeat(2000);
    let chain = (0..500).map(|i| format!("if claim.affected_units = {i} then {i}")).collect::<Vec<_>>().join(" else ");
    let src = format!(
        "policy \"P\" {{ currency USD }}\nreport let total = {sum}0\nreport let pick = {chain} else 0\nremedy refund \"R\" {{ supplier pays order.unit_price * total as \"Refund\" }}\n"
    );
    let policy = recourse::Policy::compile(&src).unwrap();
    let mut claim: serde_json::Value = serde_json::from_str(CLAIM).unwrap();
    claim["facts"] = serde_json::json!({});
    claim.as_object_mut().unwrap().remove("inspection");
    let d = policy.evaluate_json(&claim.to_string()).unwrap();
    assert_eq!(d.reported[0].value, (190 * 2000).to_string());
    assert_eq!(d.reported[1].value, "190");
    assert_eq!(d.remedies[0].supplier_total.to_string(), "15960000.00");
}
