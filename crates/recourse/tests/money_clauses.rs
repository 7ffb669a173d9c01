//! Money the guides mention besides the cost lines: a contingency reserve charged to nobody,
//! escalation steps with their fees, payers and conditions, and the buyer's levers (withholding
//! payment, holding shipments) with their amounts and release conditions. Exact amounts throughout.
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

const HEADER: &str = r#"policy "Production run" {
  currency USD
  rounding half_up
}

let claim_value = affected_units_value

let affected_units_value = claim.affected_units * order.unit_price
"#;

/// A claim as of 2026-03-20: 333 of 1000 units at USD 12.35 affected (claim value USD 4112.55).
fn claim() -> Value {
    json!({
        "claim_id": "C-RUN", "as_of": "2026-03-20", "currency": "USD",
        "order": { "units": 1000, "unit_price": "12.35", "delivered_on": "2026-02-10" },
        "affected_units": 333, "discovered_on": "2026-02-18", "notified_on": "2026-02-20",
        "costs": { "sorting": "250.00" }
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

fn codes(src: &str) -> Vec<(String, String)> {
    recourse::check(src).iter().map(|d| (d.code.as_str().to_string(), src[d.span.start..d.span.end].to_string())).collect()
}

fn dec(v: &Value) -> rust_decimal::Decimal {
    v.as_str().unwrap().parse().unwrap()
}

const REFUND: &str = r#"
remedy refund "E.7 Refund of the bad run" {
  supplier pays claim_value as "Refund of affected units"
  buyer pays costs.sorting as "Sorting"
  reserve 12.5% of claim_value as "Contingency reserve"
}
"#;

#[test]
fn a_reserve_is_shown_charged_to_nobody_and_totals_still_add_up() {
    let d = decide(&format!("{HEADER}{REFUND}"), &claim());
    let r = &d["remedies"][0];
    // 333 x 12.35 = 4112.55; 12.5 % of it = 514.06875 -> 514.07 (half up), once.
    let reserve = &r["lines"][2];
    assert_eq!(reserve["label"], "Contingency reserve");
    assert_eq!(reserve["payer"], "nobody");
    assert_eq!(reserve["kind"], "reserve");
    assert_eq!(reserve["amount"], "514.07");
    assert_eq!(r["reserve"], "514.07");
    // The supplier is charged the refund only; the buyer pays the sorting only.
    assert_eq!(r["supplier_total"], "4112.55");
    assert_eq!(r["buyer_pays"], "250.00");
    assert_eq!(r["buyer_net_recovery"], "3862.55");
    // Per payer the lines sum to the totals; the reserve lines to the reserve.
    let sum = |payer: &str| {
        r["lines"].as_array().unwrap().iter().filter(|l| l["payer"] == payer).map(|l| dec(&l["amount"])).sum::<rust_decimal::Decimal>()
    };
    assert_eq!(sum("supplier"), dec(&r["supplier_total"]));
    assert_eq!(sum("buyer"), dec(&r["buyer_pays"]));
    assert_eq!(sum("nobody"), dec(&r["reserve"]));
}

#[test]
fn a_remedy_without_a_reserve_has_no_reserve_field() {
    let src = format!("{HEADER}\nremedy refund \"R\" {{ supplier pays claim_value as \"Refund\" }}\n");
    let d = decide(&src, &claim());
    assert!(d["remedies"][0].get("reserve").is_none());
}

#[test]
fn a_reserve_outside_five_to_fifteen_percent_is_warned_at_the_share() {
    let src = format!("{HEADER}{}", REFUND.replace("12.5%", "20%"));
    assert!(codes(&src).contains(&("W0215".to_string(), "20%".to_string())), "{:?}", codes(&src));
    assert!(!codes(&format!("{HEADER}{REFUND}")).iter().any(|(c, _)| c == "W0215"));
    let low = format!("{HEADER}{}", REFUND.replace("12.5%", "4.99%"));
    assert!(codes(&low).iter().any(|(c, _)| c == "W0215"));
    let edge = format!("{HEADER}{}", REFUND.replace("12.5%", "15%"));
    assert!(!codes(&edge).iter().any(|(c, _)| c == "W0215"));
}

#[test]
fn a_reserve_must_be_money_and_not_negative() {
    let src = format!("{HEADER}{}", REFUND.replace("12.5% of claim_value", "12.5%"));
    assert!(codes(&src).iter().any(|(c, text)| c == "E0110" && text == "12.5%"), "{:?}", codes(&src));
    let negative = format!("{HEADER}{}", REFUND.replace("12.5% of claim_value", "costs.sorting - claim_value"));
    let out = run(&negative, &claim());
    assert_eq!(out["errors"][0]["code"], "E0336", "{out:#}");
    assert_eq!(out["errors"][0]["clause"], "E.7 Refund of the bad run");
}

#[test]
fn a_reserve_formats_and_is_expected_in_examples() {
    let src = format!(
        "{HEADER}{REFUND}\nexample \"run\" {{\n  given claim {}\n  expect refund reserve = USD 514.07\n  expect refund supplier total = USD 4112.55\n}}\n",
        claim()
    );
    let p = recourse::Policy::compile(&src).unwrap();
    assert!(p.run_example(0, None).passed, "{:#?}", p.run_example(0, None));
    let wrong = src.replace("USD 514.07", "USD 514.06");
    let p = recourse::Policy::compile(&wrong).unwrap();
    assert!(!p.run_example(0, None).passed);
    let messy = src.replace("reserve 12.5% of claim_value as", "reserve   12.5%   of claim_value\n  as");
    let out = recourse::api::format(&messy).unwrap().text;
    assert!(out.contains("  reserve 12.5% of claim_value as \"Contingency reserve\"\n"), "{out}");
    assert_eq!(recourse::api::format(&out).unwrap().text, out);
}

#[test]
fn the_supplier_packet_leaves_the_reserve_out() {
    let p = recourse::Policy::compile(&format!("{HEADER}{REFUND}")).unwrap();
    let claim = recourse::Claim::from_json(&claim().to_string()).unwrap();
    let packet = serde_json::to_value(recourse::api::packet(&p, &claim).unwrap()).unwrap();
    let text = packet.to_string();
    assert!(!text.contains("Contingency reserve"), "{text}");
    assert!(text.contains("Refund of affected units"), "{text}");
}

const LADDER: &str = r#"
deadline response "E.5 Supplier response" {
  due 5 days after claim.notified_on
  met by claim.supplier_responded_on
  missed: escalate "no answer from the supplier"
}

escalate {
  mediation "ICC mediation" takes 30 days fee USD 1500.01 paid by shared
  then arbitration "ICC arbitration" takes 3 to 6 months fee 5% of claim_value paid by supplier when claim_value >= USD 5000.00
  then legal_action "Courts of Hong Kong" fee USD 2000.00 paid by buyer unless claim.affected_units > 900 because "settled by the framework agreement"
}
"#;

fn step<'d>(d: &'d Value, name: &str) -> &'d Value {
    d["escalation"]["steps"].as_array().unwrap().iter().find(|s| s["name"] == name).unwrap()
}

#[test]
fn a_claim_below_the_threshold_is_not_arbitrable_and_the_ladder_passes_over_it() {
    let d = decide(&format!("{HEADER}{LADDER}"), &claim());
    let e = &d["escalation"];
    assert_eq!(e["status"], "open");
    assert_eq!(e["opens_on"], "2026-02-26");
    let m = step(&d, "mediation");
    assert_eq!(m["available"], true);
    assert_eq!((m["earliest_start"].as_str(), m["earliest_end"].as_str()), (Some("2026-02-26"), Some("2026-03-28")));
    // 1500.01 shared: the supplier's half 750.005 rounds half up to 750.01, the buyer pays the rest.
    assert_eq!(m["fee"], json!({ "amount": "1500.01", "paid_by": "shared", "supplier_pays": "750.01", "buyer_pays": "750.00" }));
    let a = step(&d, "arbitration");
    assert_eq!(a["available"], false);
    assert_eq!(a["reasons"], json!(["when claim_value >= USD 5000.00: no"]));
    // 5 % of 4112.55 = 205.6275 -> 205.63, shown although the step is not open.
    assert_eq!(a["fee"]["amount"], "205.63");
    assert_eq!(a["fee"]["supplier_pays"], "205.63");
    assert!(a.get("earliest_start").is_none());
    let l = step(&d, "legal_action");
    assert_eq!(l["available"], true);
    assert_eq!(l["reasons"], json!(["unless claim.affected_units > 900: no"]));
    assert_eq!(l["earliest_start"], "2026-03-28");
    assert_eq!(l["fee"]["buyer_pays"], "2000.00");
    assert_eq!(l["fee"]["supplier_pays"], "0.00");
    // Only the open steps' fees count: 750.01 for the supplier, 750.00 + 2000.00 for the buyer.
    assert_eq!(e["fees"], json!({ "supplier": "750.01", "buyer": "2750.00" }));
}

#[test]
fn a_claim_above_the_threshold_is_arbitrable() {
    let mut c = claim();
    c["affected_units"] = json!(500); // 500 x 12.35 = 6175.00
    let d = decide(&format!("{HEADER}{LADDER}"), &c);
    let a = step(&d, "arbitration");
    assert_eq!(a["available"], true);
    assert_eq!(a["fee"]["amount"], "308.75");
    assert_eq!((a["earliest_start"].as_str(), a["latest_start"].as_str()), (Some("2026-03-28"), Some("2026-03-28")));
    assert_eq!((a["earliest_end"].as_str(), a["latest_end"].as_str()), (Some("2026-06-28"), Some("2026-09-28")));
    assert_eq!(step(&d, "legal_action")["latest_start"], "2026-09-28");
    assert_eq!(d["escalation"]["fees"], json!({ "supplier": "1058.76", "buyer": "2750.00" }));
    // An `unless` that applies closes the step with its own reason.
    c["affected_units"] = json!(950);
    let d = decide(&format!("{HEADER}{LADDER}"), &c);
    let l = step(&d, "legal_action");
    assert_eq!(l["available"], false);
    assert_eq!(l["reasons"], json!(["settled by the framework agreement"]));
}

#[test]
fn a_step_without_fee_or_condition_keeps_its_old_shape() {
    let src = format!("{HEADER}{}", LADDER.replace(" fee USD 1500.01 paid by shared", ""));
    let d = decide(&src, &claim());
    let m = step(&d, "mediation");
    assert!(m.get("available").is_none() && m.get("fee").is_none() && m.get("reasons").is_none(), "{m}");
}

#[test]
fn escalation_fees_and_conditions_are_checked() {
    let twice = format!("{HEADER}{}", LADDER.replace("paid by shared", "paid by shared fee USD 1.00 paid by buyer"));
    assert!(codes(&twice).contains(&("E0144".to_string(), "fee USD 1.00 paid by buyer".to_string())), "{:?}", codes(&twice));
    let never = format!("{HEADER}{}", LADDER.replace("when claim_value >= USD 5000.00", "when false"));
    assert!(codes(&never).contains(&("W0216".to_string(), "arbitration".to_string())), "{:?}", codes(&never));
    let not_money = format!("{HEADER}{}", LADDER.replace("fee USD 2000.00", "fee 2000"));
    assert!(codes(&not_money).iter().any(|(c, t)| c == "E0110" && t == "2000"), "{:?}", codes(&not_money));
    let negative = format!("{HEADER}{}", LADDER.replace("fee USD 2000.00", "fee costs.sorting - claim_value"));
    let out = run(&negative, &claim());
    assert_eq!(out["errors"][0]["code"], "E0337", "{out:#}");
    assert_eq!(out["errors"][0]["clause"], "escalate legal_action");
}

#[test]
fn escalation_steps_format_and_parse_back() {
    let src = format!("{HEADER}{}", LADDER.replace("fee USD 1500.01 paid by shared", "fee   USD 1500.01\n    paid  by shared"));
    let out = recourse::api::format(&src).unwrap().text;
    assert!(out.contains("  mediation \"ICC mediation\" takes 30 days fee USD 1500.01 paid by shared\n"), "{out}");
    assert!(out.contains("when claim_value >= USD 5000.00\n"), "{out}");
    assert!(out.contains("unless claim.affected_units > 900 because \"settled by the framework agreement\"\n"), "{out}");
    assert_eq!(recourse::api::format(&out).unwrap().text, out);
}

const LEVERS: &str = r#"
withhold payment "P.7 Right of retention" {
  amount claim_value + costs.sorting
  when claim.affected_units > 0
  release when response.met
}

withhold shipments "P.8 Hold of shipments" {
  when response.missed
  release when response.met
}
"#;

fn lever<'d>(d: &'d Value, kind: &str) -> &'d Value {
    d["levers"].as_array().unwrap().iter().find(|l| l["kind"] == kind).unwrap()
}

#[test]
fn the_buyer_withholds_payment_and_holds_shipments_until_the_supplier_answers() {
    let src = format!("{HEADER}{LADDER}{LEVERS}");
    let d = decide(&src, &claim());
    let pay = lever(&d, "payment");
    // 4112.55 + 250.00 held back until the response deadline is met.
    assert_eq!(pay["amount"], "4362.55");
    assert_eq!((pay["applies"].as_bool(), pay["released"].as_bool(), pay["in_force"].as_bool()), (Some(true), Some(false), Some(true)));
    assert_eq!(pay["release"], "response.met");
    assert_eq!(pay["clause"], "P.7 Right of retention");
    assert_eq!(pay["reasons"], json!(["when claim.affected_units > 0: yes", "release when response.met: no"]));
    let ship = lever(&d, "shipments");
    assert!(ship.get("amount").is_none());
    assert_eq!(ship["in_force"], true);
    // The supplier answered in time: both levers are released.
    let mut c = claim();
    c["supplier_responded_on"] = json!("2026-02-24");
    let d = decide(&src, &c);
    assert_eq!((lever(&d, "payment")["released"].as_bool(), lever(&d, "payment")["in_force"].as_bool()), (Some(true), Some(false)));
    let ship = lever(&d, "shipments");
    assert_eq!((ship["applies"].as_bool(), ship["in_force"].as_bool()), (Some(false), Some(false)));
    // A policy without levers has no `levers` field.
    assert!(decide(&format!("{HEADER}{LADDER}"), &claim()).get("levers").is_none());
}

#[test]
fn levers_are_checked() {
    let no_release = format!("{HEADER}{LADDER}{}", LEVERS.replace("  release when response.met\n}\n\nwithhold", "}\n\nwithhold"));
    assert!(codes(&no_release).iter().any(|(c, t)| c == "E0141" && t.starts_with("withhold payment")), "{:?}", codes(&no_release));
    let no_amount = format!("{HEADER}{LADDER}{}", LEVERS.replace("  amount claim_value + costs.sorting\n", ""));
    assert!(codes(&no_amount).contains(&("E0142".to_string(), "payment".to_string())), "{:?}", codes(&no_amount));
    let twice = format!("{HEADER}{LADDER}{}", LEVERS.replace("withhold shipments", "withhold payment"));
    assert!(codes(&twice).contains(&("E0143".to_string(), "payment".to_string())), "{:?}", codes(&twice));
    let never = format!("{HEADER}{LADDER}{}", LEVERS.replace("when response.missed\n  release when response.met", "release when false"));
    assert!(codes(&never).contains(&("W0217".to_string(), "false".to_string())), "{:?}", codes(&never));
    let negative = format!("{HEADER}{LADDER}{}", LEVERS.replace("claim_value + costs.sorting", "costs.sorting - claim_value"));
    let out = run(&negative, &claim());
    assert_eq!(out["errors"][0]["code"], "E0338", "{out:#}");
    assert_eq!(out["errors"][0]["clause"], "P.7 Right of retention");
}

#[test]
fn levers_format_and_parse_back() {
    let src = format!(
        "{HEADER}{LADDER}{}",
        LEVERS.replace("release when response.met\n}\n\nwithhold shipments", "release   when response.met }\nwithhold   shipments")
    );
    let out = recourse::api::format(&src).unwrap().text;
    assert!(out.contains("withhold payment \"P.7 Right of retention\" {\n  amount claim_value + costs.sorting\n  when claim.affected_units > 0\n  release when response.met\n}\n"), "{out}");
    assert_eq!(recourse::api::format(&out).unwrap().text, out);
}
