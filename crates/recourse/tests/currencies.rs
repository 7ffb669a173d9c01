//! Claim amounts in other currencies: the claim states each rate with its date, the policy's
//! `currency risk` clause picks which rate converts an amount, and the conversion is exact,
//! rounded once by the policy's rule, and shown in the trace and on the cost lines that read it.
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

fn policy(risk: &str, rounding: &str) -> String {
    format!(
        r#"policy "Cross-border" {{
  currency USD
  rounding {rounding}
}}

{risk}

let rework_share = costs.rework

remedy refund "R.1 Refund" {{
  supplier pays rework_share as "Rework in Germany"
  supplier pays costs.freight as "Freight"
  buyer pays costs.handling as "Handling"
}}
"#
    )
}

const SUPPLIER: &str = r#"currency risk supplier "F.4 Exchange rates""#;
const BUYER: &str = r#"currency risk buyer "F.4 Exchange rates""#;

/// A claim as of 2026-03-05, notified 2026-02-25, with EUR rework incurred on 2026-02-20.
fn claim() -> Value {
    json!({
        "claim_id": "C-FX", "as_of": "2026-03-05", "currency": "USD",
        "order": { "units": 100, "unit_price": "10.00", "delivered_on": "2026-02-10" },
        "affected_units": 10, "discovered_on": "2026-02-18", "notified_on": "2026-02-25",
        "costs": {
            "rework": { "amount": "1234.57", "currency": "EUR", "on": "2026-02-20" },
            "freight": "100.00",
            "handling": { "amount": "1.00", "currency": "EUR", "on": "2026-02-20" }
        },
        "rates": [
            { "currency": "EUR", "rate": "1.0850", "on": "2026-02-20" },
            { "currency": "EUR", "rate": "1.0912", "on": "2026-03-01" }
        ]
    })
}

fn run(policy: &str, claim: &Value) -> Value {
    serde_json::from_str(&recourse::api::evaluate_to_json(policy, &claim.to_string())).unwrap()
}

fn decide(policy: &str, claim: &Value) -> Value {
    let out = run(policy, claim);
    assert_eq!(out["ok"], true, "{out:#}");
    out["decision"].clone()
}

fn error_code(policy: &str, claim: &Value) -> (String, String) {
    let out = run(policy, claim);
    assert_eq!(out["ok"], false, "{out:#}");
    (out["errors"][0]["code"].as_str().unwrap().to_string(), out["errors"][0]["field"].as_str().unwrap_or("").to_string())
}

#[test]
fn supplier_bears_the_risk_so_the_rate_of_as_of_converts() {
    let d = decide(&policy(SUPPLIER, "half_up"), &claim());
    let r = &d["remedies"][0];
    // 1234.57 x 1.0912 = 1347.162784 -> 1347.16; 1.00 x 1.0912 = 1.0912 -> 1.09.
    assert_eq!(r["lines"][0]["amount"], "1347.16");
    assert_eq!(r["lines"][1]["amount"], "100.00");
    assert_eq!(r["lines"][2]["amount"], "1.09");
    assert_eq!(r["supplier_total"], "1447.16");
    assert_eq!(r["buyer_pays"], "1.09");
    assert_eq!(r["buyer_net_recovery"], "1446.07");
    let c = &r["lines"][0]["conversions"][0];
    assert_eq!(c["field"], "costs.rework");
    assert_eq!(c["amount"], "1234.57");
    assert_eq!(c["currency"], "EUR");
    assert_eq!(c["rate"], "1.0912");
    assert_eq!(c["rate_on"], "2026-03-01");
    assert_eq!(c["rate_for"], "2026-03-05");
    assert_eq!(c["exact"], "1347.162784");
    assert_eq!(c["converted"], "1347.16");
    assert_eq!(c["risk_on"], "supplier");
    assert_eq!(c["clause"], "F.4 Exchange rates");
    // The plain amount's line shows no conversion.
    assert!(r["lines"][1].get("conversions").is_none());
    // The decision lists each conversion once, in the order first read.
    let all: Vec<&str> = d["conversions"].as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
    assert_eq!(all, ["costs.rework", "costs.handling"]);
}

#[test]
fn buyer_bears_the_risk_so_the_rate_of_the_day_incurred_converts() {
    let d = decide(&policy(BUYER, "half_up"), &claim());
    let r = &d["remedies"][0];
    // 1234.57 x 1.0850 = 1339.50845 -> 1339.51.
    assert_eq!(r["lines"][0]["amount"], "1339.51");
    let c = &r["lines"][0]["conversions"][0];
    assert_eq!(c["rate"], "1.0850");
    assert_eq!(c["rate_on"], "2026-02-20");
    assert_eq!(c["rate_for"], "2026-02-20");
    assert_eq!(c["risk_on"], "buyer");
    assert_eq!(r["supplier_total"], "1439.51");
}

#[test]
fn buyer_risk_without_a_date_on_the_amount_uses_the_notice_day() {
    let mut claim = claim();
    claim["costs"]["rework"] = json!({ "amount": "1234.57", "currency": "EUR" });
    claim["rates"].as_array_mut().unwrap().push(json!({ "currency": "EUR", "rate": "1.0900", "on": "2026-02-24" }));
    let d = decide(&policy(BUYER, "half_up"), &claim);
    let c = &d["remedies"][0]["lines"][0]["conversions"][0];
    // notified 2026-02-25: the latest rate on or before it is 2026-02-24's 1.0900.
    assert_eq!(c["rate_for"], "2026-02-25");
    assert_eq!(c["rate_on"], "2026-02-24");
    // 1234.57 x 1.09 = 1345.6813 -> 1345.68.
    assert_eq!(c["converted"], "1345.68");
}

#[test]
fn without_a_clause_the_rate_of_as_of_converts_and_no_risk_is_named() {
    let d = decide(&policy("", "half_up"), &claim());
    let c = &d["conversions"][0];
    assert_eq!(c["rate_on"], "2026-03-01");
    assert!(c.get("risk_on").is_none());
    assert!(c.get("clause").is_none());
}

#[test]
fn conversion_is_rounded_once_by_the_policy_rule() {
    // 1.00 x 1.0850 = 1.085000: a midpoint, half_up gives 1.09 and half_even 1.08.
    let up = decide(&policy(BUYER, "half_up"), &claim());
    let even = decide(&policy(BUYER, "half_even"), &claim());
    assert_eq!(up["remedies"][0]["lines"][2]["amount"], "1.09");
    assert_eq!(even["remedies"][0]["lines"][2]["amount"], "1.08");
    assert_eq!(even["conversions"][1]["exact"], "1.085000");
}

#[test]
fn conversion_is_a_trace_step_of_its_own_before_the_step_that_read_it() {
    let p = recourse::Policy::compile(&policy(SUPPLIER, "half_up")).unwrap();
    let claim = recourse::Claim::from_json(&claim().to_string()).unwrap();
    let d = p.evaluate_traced(&claim).unwrap();
    let steps = &d.trace.unwrap().steps;
    let at = steps.iter().position(|s| s.what == "convert costs.rework").unwrap();
    let step = &steps[at];
    assert_eq!(step.result, "USD 1347.16");
    assert_eq!(step.rounding.as_deref(), Some("1347.162784 rounded half up to 1347.16"));
    assert_eq!(step.clause.as_deref(), Some("F.4 Exchange rates"));
    assert_eq!(step.source, "costs.rework");
    assert_eq!(step.reads[0].value, "EUR 1234.57");
    assert_eq!(step.reads[1].name, "rate EUR 2026-03-01");
    assert_eq!(step.reads[1].value, "1.0912");
    assert_eq!(steps[at + 1].what, "let rework_share");
    assert_eq!(steps[at + 1].result, "USD 1347.16");
}

#[test]
fn a_cost_in_the_policy_currency_given_as_an_object_is_not_converted() {
    let mut claim = claim();
    claim["costs"]["freight"] = json!({ "amount": "100.00", "currency": "USD" });
    let d = decide(&policy(SUPPLIER, "half_up"), &claim);
    assert_eq!(d["remedies"][0]["lines"][1]["amount"], "100.00");
    assert_eq!(d["conversions"].as_array().unwrap().len(), 2);
}

#[test]
fn rates_that_cannot_be_used_are_coded_errors() {
    let p = policy(SUPPLIER, "half_up");
    let with_rate = |rate: Value| {
        let mut c = claim();
        c["rates"] = json!([rate]);
        c
    };
    let cases = [
        (json!({ "currency": "EUR", "rate": "0", "on": "2026-03-01" }), "E0331", "rates[0].rate"),
        (json!({ "currency": "EUR", "rate": "-1.09", "on": "2026-03-01" }), "E0331", "rates[0].rate"),
        (json!({ "currency": "EUR", "rate": "1.09", "on": "2026-03-06" }), "E0332", "rates[0].on"),
        (json!({ "currency": "EUR", "rate": "1.00000000001", "on": "2026-03-01" }), "E0333", "rates[0].rate"),
        (json!({ "currency": "EUR", "rate": "1000000.5", "on": "2026-03-01" }), "E0333", "rates[0].rate"),
        (json!({ "currency": "USD", "rate": "1", "on": "2026-03-01" }), "E0334", "rates[0].currency"),
        (json!({ "currency": "ABC", "rate": "1", "on": "2026-03-01" }), "E0335", "rates[0].currency"),
    ];
    for (rate, code, field) in cases {
        assert_eq!(error_code(&p, &with_rate(rate.clone())), (code.to_string(), field.to_string()), "{rate}");
    }
    // Ten places are fine, trailing zeros do not count.
    let ok = with_rate(json!({ "currency": "EUR", "rate": "1.091200000000", "on": "2026-03-01" }));
    assert_eq!(decide(&p, &ok)["conversions"][0]["converted"], "1347.16");
    let mut twice = claim();
    twice["rates"].as_array_mut().unwrap().push(json!({ "currency": "EUR", "rate": "1.2", "on": "2026-03-01" }));
    assert_eq!(error_code(&p, &twice), ("E0334".to_string(), "rates[2].on".to_string()));
}

#[test]
fn a_missing_rate_names_the_cost_and_the_day() {
    let mut c = claim();
    c["rates"] = json!([{ "currency": "EUR", "rate": "1.0912", "on": "2026-03-01" }]);
    // The buyer bears the risk: the rate of 2026-02-20 is needed and only a later one is given.
    let out = run(&policy(BUYER, "half_up"), &c);
    let e = &out["errors"][0];
    assert_eq!(e["code"], "E0330");
    assert_eq!(e["field"], "costs.rework");
    assert_eq!(e["clause"], "let rework_share");
    assert!(e["message"].as_str().unwrap().contains("on or before 2026-02-20"), "{e}");
    // The same claim converts when the supplier bears the risk (the rate of as_of).
    assert_eq!(decide(&policy(SUPPLIER, "half_up"), &c)["remedies"][0]["lines"][0]["amount"], "1347.16");
}

#[test]
fn foreign_amounts_are_checked_like_the_claims_own() {
    let p = policy(SUPPLIER, "half_up");
    let mut c = claim();
    c["costs"]["rework"] = json!({ "amount": "-5.00", "currency": "EUR" });
    assert_eq!(error_code(&p, &c), ("E0310".to_string(), "costs.rework".to_string()));
    c["costs"]["rework"] = json!({ "amount": "5.00", "currency": "ABC" });
    assert_eq!(error_code(&p, &c), ("E0335".to_string(), "costs.rework.currency".to_string()));
    c["costs"]["rework"] = json!({ "amount": "5.00", "currency": "EUR", "on": "2026-03-06" });
    assert_eq!(error_code(&p, &c), ("E0311".to_string(), "costs.rework.on".to_string()));
    c["costs"]["rework"] = json!({ "amount": "5.00", "currency": "EUR", "rate": "1.1" });
    assert_eq!(error_code(&p, &c).0, "E0301");
    c["costs"]["rework"] = json!({ "amount": "5.00" });
    assert_eq!(error_code(&p, &c).0, "E0301");
    c["costs"]["rework"] = json!({ "amount": "5.00", "currency": "EUR", "on": "2026-02-30" });
    assert_eq!(error_code(&p, &c).0, "E0301");
    let twice = claim().to_string().replace(r#""amount":"1234.57","#, r#""amount":"1234.57","amount":"1.00","#);
    assert!(twice.contains(r#""amount":"1.00""#), "{twice}");
    let out: Value = serde_json::from_str(&recourse::api::evaluate_to_json(&p, &twice)).unwrap();
    assert_eq!(out["errors"][0]["code"], "E0301", "{out}");
    assert!(out["errors"][0]["message"].as_str().unwrap().contains("given twice"), "{out}");
    // An amount whose exact product needs more than 28 digits is an overflow, not a panic.
    c["costs"]["rework"] = json!({ "amount": "9999999999999999999999.99", "currency": "EUR" });
    c["rates"] = json!([{ "currency": "EUR", "rate": "999999.1234567891", "on": "2026-03-01" }]);
    assert_eq!(error_code(&p, &c), ("E0305".to_string(), "costs.rework".to_string()));
}

#[test]
fn currency_risk_stated_twice_is_refused_at_the_second() {
    let src = format!("{}\n{BUYER}\n", policy(SUPPLIER, "half_up"));
    let diags = recourse::check(&src);
    let d = diags.iter().find(|d| d.code.as_str() == "E0140").unwrap();
    assert_eq!(&src[d.span.start..d.span.end], BUYER);
}

#[test]
fn currency_risk_formats_and_parses_back() {
    let src = format!("{}\ncurrency   risk\n  buyer    \"F.4\"\n", policy("", "half_up"));
    let out = recourse::api::format(&src).unwrap();
    assert!(out.text.contains("\ncurrency risk buyer \"F.4\"\n"), "{}", out.text);
    assert_eq!(recourse::api::format(&out.text).unwrap().text, out.text);
}

#[test]
fn plain_claims_keep_their_shape() {
    // A claim without rates serialises without a `rates` field, and plain costs as strings.
    let mut c = claim();
    c["costs"] = json!({ "freight": "100.00" });
    c.as_object_mut().unwrap().remove("rates");
    let parsed = recourse::Claim::from_json(&c.to_string()).unwrap();
    let back = serde_json::to_value(&parsed).unwrap();
    assert!(back.get("rates").is_none());
    assert_eq!(back["costs"]["freight"], "100.00");
}

/// The `policy` blocks of `grammar/LANGUAGE.md` compile without warnings and their examples pass:
/// the documentation's figures are the engine's.
#[test]
fn language_guide_policies_run() {
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../grammar/LANGUAGE.md")).unwrap();
    let blocks: Vec<&str> = guide.split("```policy\n").skip(1).map(|b| b.split("```").next().unwrap()).collect();
    assert!(!blocks.is_empty());
    for block in blocks {
        let p = recourse::Policy::compile(block).unwrap_or_else(|d| panic!("{d:#?}\n{block}"));
        assert!(p.warnings().is_empty(), "{:#?}", p.warnings());
        assert!(!p.examples().is_empty(), "{block}");
        for i in 0..p.examples().len() {
            let out = p.run_example(i, None);
            assert!(out.passed, "{out:#?}");
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Whatever the amount and rate, the converted line is the exact product rounded once, and
    /// per payer the lines (conversions and reserve included) add up to the totals exactly.
    #[test]
    fn converted_breakdowns_sum_exactly(cents in 0i64..100_000_000_000, rate_units in 1i64..1_000_000_000, rate_scale in 0u32..8, even in proptest::bool::ANY) {
        use rust_decimal::Decimal;
        let rounding = if even { "half_even" } else { "half_up" };
        let amount = Decimal::new(cents, 2);
        let rate = Decimal::new(rate_units, rate_scale);
        proptest::prop_assume!(rate <= Decimal::from(1_000_000));
        let src = format!(
            "policy \"P\" {{\n  currency USD\n  rounding {rounding}\n}}\n\nremedy refund \"R\" {{\n  supplier pays costs.rework as \"Rework\"\n  buyer pays costs.rework * 10% as \"Share\"\n  reserve 7.5% of costs.rework as \"Reserve\"\n}}\n"
        );
        let mut c = claim();
        c["costs"] = json!({ "rework": { "amount": amount.to_string(), "currency": "EUR" } });
        c["rates"] = json!([{ "currency": "EUR", "rate": rate.to_string(), "on": "2026-03-01" }]);
        let d = decide(&src, &c);
        let r = &d["remedies"][0];
        let dec = |v: &Value| v.as_str().unwrap().parse::<Decimal>().unwrap();
        let strategy = if even { rust_decimal::RoundingStrategy::MidpointNearestEven } else { rust_decimal::RoundingStrategy::MidpointAwayFromZero };
        let want = (amount * rate).round_dp_with_strategy(2, strategy);
        proptest::prop_assert_eq!(dec(&r["lines"][0]["amount"]), want);
        proptest::prop_assert_eq!(dec(&d["conversions"][0]["exact"]), amount * rate);
        let sum = |payer: &str| r["lines"].as_array().unwrap().iter().filter(|l| l["payer"] == payer).map(|l| dec(&l["amount"])).sum::<Decimal>();
        proptest::prop_assert_eq!(sum("supplier"), dec(&r["supplier_total"]));
        proptest::prop_assert_eq!(sum("buyer"), dec(&r["buyer_pays"]));
        proptest::prop_assert_eq!(sum("nobody"), dec(&r["reserve"]));
        proptest::prop_assert_eq!(dec(&r["supplier_total"]) - dec(&r["buyer_pays"]), dec(&r["buyer_net_recovery"]));
    }
}

#[test]
fn sweeping_a_cost_in_another_currency_varies_its_number_and_keeps_its_currency() {
    let p = recourse::Policy::compile(&policy(SUPPLIER, "half_up")).unwrap();
    let claim = recourse::Claim::from_json(&claim().to_string()).unwrap();
    let s = recourse::api::sweep(&p, claim, "costs.rework", Some("1000.00"), Some("1002.00"), Some("1.00")).unwrap();
    assert_eq!(s.values, ["1000.00", "1001.00", "1002.00"]);
    // EUR 1000.00 x 1.0912 = 1091.20 (+ freight 100.00); each EUR more is USD 1.0912 more, rounded once.
    let totals: Vec<String> = s.remedies[0].supplier_total.iter().map(|m| m.unwrap().to_string()).collect();
    assert_eq!(totals, ["1191.20", "1192.29", "1193.38"]);
}
