//! Conditions written without workarounds (issue 14): `ineligible when`, `present(...)`, inputs
//! without a default, remedy totals read by other remedies, typed `expect report` values, and the
//! checks an author relies on (conditions that never hold, contradicting remedies, W0205).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use recourse::Policy;
use serde_json::{Value, json};

const HEADER: &str = r#"policy "Conditions" {
  currency USD
  rounding half_up
}

defects {
  crack major "Crack in housing"
  burr minor "Burr on edge"
}
"#;

/// A claim of 1000 units at USD 2.50, delivered on 2026-01-31, 40 of them affected.
fn claim() -> Value {
    json!({
        "claim_id": "C-1",
        "as_of": "2026-02-10",
        "currency": "USD",
        "supplier": "Acme",
        "order": { "units": 1000, "unit_price": "2.50", "delivered_on": "2026-01-31", "due_on": "2026-01-25" },
        "affected_units": 40,
        "discovered_on": "2026-02-02",
        "notified_on": "2026-02-03"
    })
}

fn compile(body: &str) -> Policy {
    let src = format!("{HEADER}\n{body}");
    match Policy::compile(&src) {
        Ok(p) => p,
        Err(d) => panic!("does not compile:\n{src}\n{d:#?}"),
    }
}

/// The diagnostics of a policy (errors and warnings), as (code, source text of the span).
fn diagnostics(body: &str) -> Vec<(String, String)> {
    let src = format!("{HEADER}\n{body}");
    recourse::check(&src).iter().map(|d| (d.code.as_str().to_string(), src[d.span.start..d.span.end].to_string())).collect()
}

fn evaluate(p: &Policy, claim: &Value) -> Result<Value, recourse::EvalError> {
    p.evaluate_json_traced(&claim.to_string()).map(|d| serde_json::to_value(d).unwrap())
}

// ------------------------------------------------------------------ 1. ineligible when

const INELIGIBLE: &str = r#"
input force_majeure: bool = false "Force majeure declared in writing"

ineligible "Q.4.2 Force majeure" when force_majeure because "Force majeure suspends the quality warranty"
ineligible when claim.affected_units = 0 because "Nothing is affected"

remedy refund "R.1 Refund" {
  supplier pays claim.affected_units * order.unit_price as "Refund"
}
"#;

#[test]
fn ineligible_when_makes_the_claim_ineligible_with_its_reason_and_clause() {
    let p = compile(INELIGIBLE);
    let mut c = claim();
    c["facts"] = json!({ "force_majeure": true });
    let d = evaluate(&p, &c).unwrap();
    assert_eq!(d["eligible"], json!(false));
    let findings: Vec<(&str, &str, &str)> = d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["kind"].as_str().unwrap(), f["clause"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(findings, vec![("ineligible", "Q.4.2 Force majeure", "Force majeure suspends the quality warranty")]);
    assert_eq!(d["remedies"][0]["available"], json!(false));
    assert_eq!(d["remedies"][0]["supplier_total"], json!("100.00"));
    // The trace names the clause and what the condition read.
    let steps = d["trace"]["steps"].as_array().unwrap();
    let step = steps.iter().find(|s| s["clause"] == json!("Q.4.2 Force majeure")).unwrap();
    assert_eq!((step["what"].as_str().unwrap(), step["result"].as_str().unwrap()), ("ineligible when", "true"));
    assert_eq!(step["source"], json!("force_majeure"));
    assert_eq!(step["reads"][0]["name"], json!("force_majeure"));
    // Without a clause the condition itself is cited.
    let unnamed = steps.iter().find(|s| s["source"] == json!("claim.affected_units = 0")).unwrap();
    assert_eq!(unnamed["clause"], json!("ineligible when claim.affected_units = 0"));
    assert_eq!(unnamed["result"], json!("false"));
}

#[test]
fn ineligible_when_that_does_not_hold_leaves_the_claim_eligible() {
    let p = compile(INELIGIBLE);
    let d = evaluate(&p, &claim()).unwrap();
    assert_eq!(d["eligible"], json!(true));
    assert_eq!(d["findings"], json!([]));
    assert_eq!(d["remedies"][0]["available"], json!(true));
}

#[test]
fn ineligible_condition_must_be_a_bool() {
    let diags = diagnostics("ineligible when order.value because \"x\"\n");
    assert_eq!(diags, vec![("E0110".to_string(), "order.value".to_string())]);
}

#[test]
fn ineligible_round_trips_through_the_formatter() {
    let src =
        format!("{HEADER}\ninput fm: bool = false \"x\"\nineligible   \"Q.4\"  when fm   and claim.affected_units>0 because \"why\"\n");
    let out = recourse::format(&src).unwrap();
    assert!(out.contains("ineligible \"Q.4\" when fm and claim.affected_units > 0 because \"why\"\n"), "{out}");
    assert_eq!(recourse::format(&out).unwrap(), out);
}

// ------------------------------------------------------------------ LANGUAGE.md

/// Every complete policy in `grammar/LANGUAGE.md` (a block that starts with `policy "` and holds
/// an example; the header's own block is a fragment) compiles
/// without warnings and its examples pass: the language page's examples run.
#[test]
fn language_page_policies_compile_and_their_examples_pass() {
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../grammar/LANGUAGE.md")).unwrap();
    let mut ran = 0;
    for block in page.split("```\n").skip(1).step_by(2) {
        if !block.starts_with("policy \"") || !block.contains("\nexample \"") {
            continue;
        }
        let p = Policy::compile(block).unwrap_or_else(|d| panic!("does not compile:\n{block}\n{d:#?}"));
        assert!(p.warnings().is_empty(), "warnings in\n{block}\n{:#?}", p.warnings());
        for i in 0..p.examples().len() {
            let outcome = p.run_example(i, None);
            assert!(outcome.passed, "{}: {:#?}", outcome.name, outcome.mismatches);
            ran += 1;
        }
    }
    assert!(ran >= 1, "no runnable example found");
}

// ------------------------------------------------------------------ 2. present(...)

const PRESENT: &str = r#"
report let has_report = present(evidence.third_party_report) as "Third-party report given"
report let sgs_failed = present(evidence.third_party_report) and evidence.third_party_report = "SGS: fail" as "SGS failed the lot"
report let sku_text = if present(claim.sku) then claim.sku else "no sku" as "SKU"
report let days_late = if not present(order.due_on) then 0 else days between order.due_on and order.delivered_on as "Days late"

remedy refund "R.1 Refund" {
  when not present(claim.po) or claim.po != "PO-blocked"
  supplier pays claim.affected_units * order.unit_price as "Refund"
}
"#;

fn reported(d: &Value) -> Vec<(String, String)> {
    d["reported"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap().to_string(), r["value"].as_str().unwrap().to_string()))
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[test]
fn present_guards_reads_of_absent_fields() {
    let p = compile(PRESENT);
    assert!(p.warnings().is_empty(), "{:#?}", p.warnings());
    let mut c = claim();
    c.as_object_mut().unwrap().remove("sku");
    c["order"].as_object_mut().unwrap().remove("due_on");
    let d = evaluate(&p, &c).unwrap();
    assert_eq!(reported(&d), pairs(&[("has_report", "false"), ("sgs_failed", "false"), ("sku_text", "no sku"), ("days_late", "0")]));
    assert_eq!(d["remedies"][0]["available"], json!(true));
    let step = d["trace"]["steps"].as_array().unwrap().iter().find(|s| s["what"] == json!("let has_report")).unwrap();
    assert_eq!(step["reads"], json!([{ "name": "present(evidence.third_party_report)", "value": "false" }]));
}

#[test]
fn present_reads_fields_the_claim_gives() {
    let p = compile(PRESENT);
    let mut c = claim();
    c["sku"] = json!("SKU-9");
    c["po"] = json!("PO-blocked");
    c["evidence"] = json!({ "third_party_report": "SGS: fail" });
    let d = evaluate(&p, &c).unwrap();
    assert_eq!(reported(&d), pairs(&[("has_report", "true"), ("sgs_failed", "true"), ("sku_text", "SKU-9"), ("days_late", "6")]));
    assert_eq!(d["remedies"][0]["available"], json!(false));
}

#[test]
fn an_unguarded_read_of_an_absent_field_keeps_its_error_and_is_warned_about() {
    let body = "remedy refund \"R.1\" {\n  when claim.sku = \"SKU-1\"\n  supplier pays USD 1.00 as \"Refund\"\n}\n";
    assert_eq!(diagnostics(body), vec![("W0207".to_string(), "claim.sku".to_string())]);
    let p = compile(body);
    let e = evaluate(&p, &claim()).unwrap_err();
    assert_eq!((e.code, e.field.as_deref(), e.clause.as_deref()), (recourse::Code::MissingField, Some("sku"), Some("R.1")));
}

#[test]
fn separate_when_lines_do_not_guard_each_other_and_met_rules_are_not_linted() {
    // Every `when` of a remedy is evaluated, so a `present` on another line guards nothing.
    let body = "remedy refund \"R.1\" {\n  when present(claim.sku)\n  when claim.sku = \"SKU-1\"\n  supplier pays USD 1.00 as \"Refund\"\n}\n\
                deadline response \"D.2\" {\n  due 5 days after claim.notified_on\n  met by claim.supplier_responded_on\n}\n";
    assert_eq!(diagnostics(body), vec![("W0207".to_string(), "claim.sku".to_string())]);
}

#[test]
fn present_takes_only_optional_claim_fields() {
    let diags = diagnostics("report let a = present(order.value)\nreport let b = present(claim.colour)\n");
    assert_eq!(diags, vec![("E0123".to_string(), "order.value".to_string()), ("E0123".to_string(), "claim.colour".to_string())]);
}

#[test]
fn present_round_trips_through_the_formatter() {
    let src = format!("{HEADER}\nreport let a = present( claim.sku )and claim.sku=\"x\"\n");
    let out = recourse::format(&src).unwrap();
    assert!(out.contains("report let a = present(claim.sku) and claim.sku = \"x\"\n"), "{out}");
}

// ------------------------------------------------------------------ 3. required inputs

const REQUIRED: &str = r#"
input next_order_value: money "Value of the next confirmed purchase order"
input stock_critical: bool = false "Stock is critical"

remedy credit "R.3 Credit" {
  when not stock_critical
  supplier credits 10% of next_order_value as "Credit on the next order"
}
"#;

#[test]
fn a_required_input_is_accepted_and_read_from_the_claim() {
    let p = compile(REQUIRED);
    assert!(p.warnings().is_empty(), "{:#?}", p.warnings());
    let mut c = claim();
    c["facts"] = json!({ "next_order_value": "12345.60" });
    let d = evaluate(&p, &c).unwrap();
    assert_eq!(d["remedies"][0]["supplier_total"], json!("1234.56"));
    let info = p.describe();
    let inputs: Vec<(&str, Value)> = info.inputs.iter().map(|i| (i.name.as_str(), i.default.clone())).collect();
    assert_eq!(inputs, vec![("next_order_value", Value::Null), ("stock_critical", json!(false))]);
}

#[test]
fn a_claim_without_a_required_input_gets_an_error_naming_it() {
    let p = compile(REQUIRED);
    let e = evaluate(&p, &claim()).unwrap_err();
    assert_eq!(e.code, recourse::Code::MissingInput);
    assert_eq!(e.code.as_str(), "E0313");
    assert_eq!(e.field.as_deref(), Some("facts.next_order_value"));
    assert_eq!(
        e.message,
        "the claim does not give `next_order_value`, a required money input (Value of the next confirmed purchase order)"
    );
    // The other input keeps its default: giving only the required one is enough.
    let mut c = claim();
    c["facts"] = json!({ "next_order_value": "0" });
    assert_eq!(evaluate(&p, &c).unwrap()["remedies"][0]["supplier_total"], json!("0.00"));
}

#[test]
fn an_inline_example_must_give_required_inputs() {
    let example = |body: &str| {
        format!(
            "{REQUIRED}\nexample \"e\" {{\n  given claim {{\"claim_id\": \"C-1\", \"as_of\": \"2026-02-10\", \"currency\": \"USD\", \
             \"order\": {{\"units\": 1000, \"unit_price\": \"2.50\", \"delivered_on\": \"2026-01-31\"}}, \"affected_units\": 40, \
             \"discovered_on\": \"2026-02-02\", \"notified_on\": \"2026-02-03\"}}{body}\n}}\n"
        )
    };
    assert_eq!(diagnostics(&example("\n  expect credit available")), vec![("E0124".to_string(), "\"e\"".to_string())]);
    // An override gives it; an example may also expect the claim to fail for it.
    let overridden = example(" with {\n    facts.next_order_value = \"100.00\"\n  }\n  expect credit supplier total = USD 10.00");
    assert_eq!(diagnostics(&overridden), vec![]);
    let p = compile(&overridden);
    assert!(p.run_example(0, None).passed);
    let expected = example("\n  expect error E0313");
    assert_eq!(diagnostics(&expected), vec![]);
    assert!(compile(&expected).run_example(0, None).passed);
}

#[test]
fn a_required_input_round_trips_through_the_formatter() {
    let src = format!("{HEADER}\ninput  n :money   \"Next order\"\ninput m: int\nreport let x = n * m\n");
    let out = recourse::format(&src).unwrap();
    assert!(out.contains("input n: money \"Next order\"\ninput m: int\n"), "{out}");
}

// ------------------------------------------------------------------ 4. remedy totals

/// The offset is declared before the credit it nets against: the order of costing follows the
/// reads, not the source.
const NETTING: &str = r#"
input next_order_value: money = USD 0.00 "Value of the next confirmed purchase order"

remedy offset "R.4 Offset against the next order" {
  when credit.available and next_order_value > USD 0.00
  buyer pays next_order_value - credit.supplier_total as "Next order, net of the credit"
  supplier credits credit.supplier_total as "Credit applied"
}

remedy credit "R.3 Credit memo" {
  supplier credits 15% of claim.affected_units * order.unit_price * 3 as "Credit memo"
  at most USD 40.00
}

recommend {
  prefer offset when offset.buyer_pays < next_order_value
}
"#;

#[test]
fn a_remedy_reads_another_remedys_total_after_its_cap() {
    let p = compile(NETTING);
    assert!(p.warnings().is_empty(), "{:#?}", p.warnings());
    let mut c = claim();
    c["facts"] = json!({ "next_order_value": "12000.00" });
    let d = evaluate(&p, &c).unwrap();
    // credit: 15% of 40 x 2.50 x 3 = 45.00, capped at 40.00.
    let names: Vec<&str> = d["remedies"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["offset", "credit"]);
    assert_eq!(d["remedies"][1]["supplier_total"], json!("40.00"));
    assert_eq!(d["remedies"][1]["capped"], json!(true));
    let offset = &d["remedies"][0];
    assert_eq!(offset["available"], json!(true));
    let lines: Vec<(&str, &str)> =
        offset["lines"].as_array().unwrap().iter().map(|l| (l["label"].as_str().unwrap(), l["amount"].as_str().unwrap())).collect();
    assert_eq!(lines, vec![("Next order, net of the credit", "11960.00"), ("Credit applied", "40.00")]);
    assert_eq!(offset["buyer_net_recovery"], json!("-11920.00"));
    assert_eq!(d["recommendation"]["remedy"], json!("offset"));
    let step = d["trace"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["what"] == json!("remedy offset: Next order, net of the credit"))
        .unwrap();
    assert_eq!(
        step["reads"],
        json!([{ "name": "next_order_value", "value": "USD 12000.00" }, { "name": "credit.supplier_total", "value": "USD 40.00" }])
    );
}

#[test]
fn a_remedy_reading_its_own_total_is_a_cycle_with_its_path() {
    let body = "remedy refund \"R.1\" {\n  supplier pays order.value - refund.buyer_pays as \"Refund\"\n}\n";
    let src = format!("{HEADER}\n{body}");
    let diags = recourse::check(&src);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!((diags[0].code.as_str(), diags[0].message.as_str()), ("E0111", "`refund` depends on itself: refund -> refund"));
    assert_eq!(&src[diags[0].span.start..diags[0].span.end], "refund");
    let two = "remedy a \"R.1\" {\n  supplier pays b.supplier_total as \"A\"\n}\nremedy b \"R.2\" {\n  when a.available\n  supplier pays USD 1.00 as \"B\"\n}\n";
    let diags = recourse::check(&format!("{HEADER}\n{two}"));
    let messages: Vec<(&str, &str)> = diags.iter().map(|d| (d.code.as_str(), d.message.as_str())).collect();
    assert_eq!(messages, vec![("E0111", "`a` depends on itself: a -> b -> a")]);
    // A cap block that limits a remedy by that remedy's own total.
    let capped = "remedy a \"R.1\" {\n  supplier pays USD 10.00 as \"A\"\n}\ncap \"C.1\" {\n  supplier total at most a.supplier_total\n}\n";
    let messages: Vec<String> = recourse::check(&format!("{HEADER}\n{capped}")).iter().map(|d| d.message.clone()).collect();
    assert_eq!(messages, vec!["`a` depends on itself: a -> a".to_string()]);
}

#[test]
fn remedy_totals_are_not_known_in_lets_deadlines_flags_or_ineligible() {
    let body = "remedy credit \"R.3\" {\n  supplier credits USD 10.00 as \"Credit\"\n}\n\
                report let net = credit.supplier_total - USD 1.00\n\
                ineligible when credit.available because \"x\"\n";
    assert_eq!(
        diagnostics(body),
        vec![("E0125".to_string(), "credit.supplier_total".to_string()), ("E0125".to_string(), "credit.available".to_string())]
    );
    assert_eq!(
        diagnostics("remedy credit \"R.3\" {\n  supplier credits USD 10.00 as \"Credit\"\n  at most credit.total\n}\n"),
        vec![("E0103".to_string(), "credit.total".to_string())]
    );
}

// ------------------------------------------------------------------ 5. typed expect report

const REPORTS: &str = r#"
input choice: remedy = refund "The customer's choice"
input window: duration = 2 weeks "Cure period"

report let value = claim.affected_units * order.unit_price as "Affected value"
report let rate = 12.5% as "Rate"
report let ratio = claim.affected_units / 16 as "Ratio"
report let units = claim.affected_units as "Units"
report let late = present(order.due_on) and order.delivered_on > order.due_on as "Late"
report let cure_by = claim.notified_on + window as "Cure by"
report let cure = window as "Cure period"
report let worst = worst_severity as "Worst"
report let chosen = choice as "Chosen"
report let note = "checked" as "Note"

remedy refund "R.1 Refund" {
  supplier pays value as "Refund"
}

example "typed values" {
  given claim {"claim_id": "C-1", "as_of": "2026-02-10", "currency": "USD",
    "order": {"units": 1000, "unit_price": "2.50", "delivered_on": "2026-01-31", "due_on": "2026-01-25"},
    "affected_units": 40, "discovered_on": "2026-02-02", "notified_on": "2026-02-03",
    "inspection": {"lot_size": 1000, "sample_size": 80, "found": [{"defect": "crack", "count": 2}]}}
  expect report value = USD 100
  expect report rate = 12.50%
  expect report ratio = 2.5
  expect report units = 40
  expect report late = true
  expect report cure_by = 2026-02-17
  expect report cure = 2 weeks
  expect report worst = major
  expect report chosen = refund
  expect report note = "checked"
}
"#;

#[test]
fn expect_report_compares_unquoted_values_typed_by_the_let() {
    let p = compile(REPORTS);
    assert!(p.warnings().is_empty(), "{:#?}", p.warnings());
    let outcome = p.run_example(0, None);
    assert!(outcome.passed, "{:#?}", outcome.mismatches);
    // A wrong value fails with what was expected and what the decision says.
    let wrong = REPORTS.replace("expect report worst = major", "expect report worst = critical").replace("= USD 100\n", "= USD 100.01\n");
    let outcome = compile(&wrong).run_example(0, None);
    let got: Vec<(&str, &str, &str)> =
        outcome.mismatches.iter().map(|m| (m.expectation.as_str(), m.expected.as_str(), m.actual.as_str())).collect();
    assert_eq!(
        got,
        vec![("expect report value = USD 100.01", "100.01", "100.00"), ("expect report worst = critical", "critical", "major")]
    );
}

#[test]
fn expect_report_values_must_fit_the_lets_type() {
    let body = |expect: &str| {
        format!(
            "report let worst = worst_severity\nreport let value = order.value\nexample \"e\" {{\n  given claim \"c.json\"\n  {expect}\n}}\n"
        )
    };
    let src = format!("{HEADER}\n{}", body("expect report worst = \"critical\""));
    let diags = recourse::check(&src);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(
        (diags[0].code.as_str(), diags[0].message.as_str(), diags[0].help.as_deref()),
        ("E0126", "`worst` is a severity, the expected value is a text", Some("write the value without quotes: `critical`"))
    );
    assert_eq!(&src[diags[0].span.start..diags[0].span.end], "\"critical\"");
    assert_eq!(diagnostics(&body("expect report value = 10%")), vec![("E0126".to_string(), "10%".to_string())]);
    assert_eq!(diagnostics(&body("expect report value = order.value")), vec![("E0126".to_string(), "order.value".to_string())]);
    assert_eq!(diagnostics(&body("expect report worst = severe")), vec![("E0103".to_string(), "severe".to_string())]);
}

#[test]
fn expect_report_round_trips_through_the_formatter() {
    let src = format!(
        "{HEADER}\nreport let worst = worst_severity\nexample \"e\" {{\n  given claim \"c.json\"\n  expect report   worst=critical\n}}\n"
    );
    let out = recourse::format(&src).unwrap();
    assert!(out.contains("  expect report worst = critical\n"), "{out}");
}

// ------------------------------------------------------------------ 7. checks an author relies on

fn codes_and_spans(body: &str) -> Vec<(String, String)> {
    diagnostics(body)
}

fn w(code: &str, text: &str) -> (String, String) {
    (code.to_string(), text.to_string())
}

#[test]
fn conditions_beyond_a_finite_domain_never_hold() {
    let body = "input fm: bool = false \"x\"\n\
                remedy a \"R.1\" {\n  when worst_severity > critical\n  supplier pays USD 1.00 as \"A\"\n}\n\
                remedy b \"R.2\" {\n  when none > worst_severity\n  supplier pays USD 1.00 as \"B\"\n}\n\
                flag f \"F.1\" {\n  when count crack < 0\n}\n\
                ineligible when claim.affected_units <= -1 because \"x\"\n\
                recommend {\n  prefer a when order.value < USD 0.00\n}\n\
                remedy c \"R.3\" {\n  when fm and not fm\n  supplier pays USD 1.00 as \"C\"\n}\n";
    assert_eq!(
        codes_and_spans(body),
        vec![
            w("W0206", "worst_severity > critical"),
            w("W0206", "none > worst_severity"),
            w("W0206", "count crack < 0"),
            w("W0206", "claim.affected_units <= -1"),
            w("W0206", "order.value < USD 0.00"),
            w("W0206", "fm and not fm"),
        ]
    );
    let src = format!("{HEADER}\nremedy a \"R.1\" {{\n  when worst_severity > critical\n  supplier pays USD 1.00 as \"A\"\n}}\n");
    let d = &recourse::check(&src)[0];
    assert_eq!(d.message, "this `when` can never hold");
}

#[test]
fn constant_false_conjunctions_never_hold_and_satisfiable_ones_are_left_alone() {
    let body = "remedy a \"R.1\" {\n  when count crack >= 3 and count crack < 2\n  supplier pays USD 1.00 as \"A\"\n}\n\
                remedy b \"R.2\" {\n  when count crack > 1 and count crack < 3 and count crack != 2\n  supplier pays USD 1.00 as \"B\"\n}\n\
                remedy c \"R.3\" {\n  when count crack > 1 and count crack < 4 and count crack != 2\n  \
                when worst_severity >= critical and worst_severity <= critical\n  when order.value >= USD 0.00\n  \
                supplier pays USD 1.00 as \"C\"\n}\n";
    assert_eq!(
        codes_and_spans(body),
        vec![w("W0206", "count crack >= 3 and count crack < 2"), w("W0206", "count crack > 1 and count crack < 3 and count crack != 2"),]
    );
}

#[test]
fn remedies_whose_when_and_unless_contradict_each_other_are_warned_about() {
    let body = "input fm: bool = false \"x\"\n\
                remedy a \"R.1\" {\n  when count crack >= 2\n  unless count crack > 0 because \"x\"\n  supplier pays USD 1.00 as \"A\"\n}\n\
                remedy b \"R.2\" {\n  when lot.rejected\n  when not lot.rejected\n  supplier pays USD 1.00 as \"B\"\n}\n\
                remedy c \"R.3\" {\n  when fm\n  unless fm because \"y\"\n  supplier pays USD 1.00 as \"C\"\n}\n\
                remedy d \"R.4\" {\n  when count crack >= 2\n  unless count crack > 2 because \"z\"\n  \
                unless worst_severity = critical because \"w\"\n  supplier pays USD 1.00 as \"D\"\n}\n";
    assert_eq!(codes_and_spans(body), vec![w("W0208", "count crack > 0"), w("W0208", "not lot.rejected"), w("W0208", "fm")]);
    let src = format!("{HEADER}\n{body}");
    let messages: Vec<String> = recourse::check(&src).iter().map(|d| d.message.clone()).collect();
    assert_eq!(
        messages,
        vec![
            "this `unless` holds whenever the `when` conditions of remedy `a` do",
            "the `when` conditions of remedy `b` exclude each other",
            "this `unless` holds whenever the `when` conditions of remedy `c` do",
        ]
    );
}

const CAP_100: &str = r#"
remedy refund "R.1 Refund and freight" {
  supplier pays order.value as "Refund"
  supplier pays costs.return_freight as "Return freight"
}

cap "C.1 Limitation" {
  supplier total at most 100% of order.value
}
"#;

#[test]
fn w0205_does_not_fire_when_the_files_own_example_shows_the_cap_binding() {
    assert_eq!(codes_and_spans(CAP_100), vec![w("W0205", "supplier total at most 100% of order.value")]);
    let with_example = format!(
        "{CAP_100}\nexample \"freight pushes the refund over the order value\" {{\n  given claim {{\"claim_id\": \"C-1\", \
         \"as_of\": \"2026-02-10\", \"currency\": \"USD\", \"order\": {{\"units\": 1000, \"unit_price\": \"2.50\", \
         \"delivered_on\": \"2026-01-31\"}}, \"affected_units\": 40, \"discovered_on\": \"2026-02-02\", \
         \"notified_on\": \"2026-02-03\", \"costs\": {{\"return_freight\": \"180.00\"}}}}\n  expect refund capped\n  \
         expect refund supplier total = USD 2500.00\n}}\n"
    );
    assert_eq!(codes_and_spans(&with_example), vec![]);
    let p = compile(&with_example);
    let outcome = p.run_example(0, None);
    assert!(outcome.passed, "{:#?}", outcome.mismatches);
    // An example expecting another remedy capped, outside the cap's `for`, shows nothing.
    let other = with_example
        .replace("supplier total at most 100% of order.value", "supplier total at most 100% of order.value for refund")
        .replace("expect refund capped", "expect other capped")
        .replace("remedy refund", "remedy other \"R.2\" {\n  supplier pays USD 1.00 as \"x\"\n}\nremedy refund");
    assert_eq!(codes_and_spans(&other).first(), Some(&w("W0205", "supplier total at most 100% of order.value for refund")));
}

// ------------------------------------------------------------------ 6. claims that are not defects

const KINDS: &str = r#"
kinds {
  late_delivery "Late delivery"
  short_shipment "Short shipment"
}

report let days_late = if present(order.due_on) then days between order.due_on and order.delivered_on else 0 as "Days late"

remedy replacement "R.1 Replacement" {
  when kind defect
  supplier pays claim.affected_units * order.unit_price as "Replacement goods"
}

remedy penalty "R.5 Late-delivery penalty" {
  when kind late_delivery and days_late > 0
  supplier credits min(0.5% of order.value * days_late, 5% of order.value) as "Penalty"
}

remedy shortfall "R.6 Short shipment" {
  when kind short_shipment
  supplier credits claim.affected_units * order.unit_price as "Units not delivered"
}
"#;

fn available(d: &Value) -> Vec<(String, bool, String)> {
    d["remedies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (r["name"].as_str().unwrap().to_string(), r["available"].as_bool().unwrap(), r["supplier_total"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn a_claim_routes_by_its_kind() {
    let p = compile(KINDS);
    assert!(p.warnings().is_empty(), "{:#?}", p.warnings());
    // No kind: a defect claim.
    let d = evaluate(&p, &claim()).unwrap();
    assert_eq!(
        available(&d),
        vec![
            ("replacement".to_string(), true, "100.00".to_string()),
            ("penalty".to_string(), false, "75.00".to_string()),
            ("shortfall".to_string(), false, "100.00".to_string()),
        ]
    );
    // Delivered 6 days late: 0.5% x 2500.00 x 6 = 75.00, under the 5% ceiling of 125.00.
    let mut late = claim();
    late["kind"] = json!("late_delivery");
    let d = evaluate(&p, &late).unwrap();
    assert_eq!(
        available(&d),
        vec![
            ("replacement".to_string(), false, "100.00".to_string()),
            ("penalty".to_string(), true, "75.00".to_string()),
            ("shortfall".to_string(), false, "100.00".to_string()),
        ]
    );
    let step = d["trace"]["steps"].as_array().unwrap().iter().find(|s| s["what"] == json!("remedy penalty: when")).unwrap();
    assert_eq!(step["reads"][0], json!({ "name": "kind late_delivery", "value": "true" }));
    let mut short = claim();
    short["kind"] = json!("short_shipment");
    assert_eq!(available(&evaluate(&p, &short).unwrap())[2], ("shortfall".to_string(), true, "100.00".to_string()));
}

#[test]
fn a_kind_the_policy_does_not_declare_is_refused() {
    let p = compile(KINDS);
    let mut c = claim();
    c["kind"] = json!("wrong_colour");
    let e = evaluate(&p, &c).unwrap_err();
    assert_eq!((e.code.as_str(), e.field.as_deref()), ("E0314", Some("kind")));
    assert_eq!(
        e.message,
        "the claim is of kind `wrong_colour`, which this policy does not handle (kinds: defect, late_delivery, short_shipment)"
    );
    let diags = diagnostics("kinds {\n  late_delivery \"Late\"\n  late_delivery \"Again\"\n}\nreport let x = kind late_delivry\n");
    assert_eq!(diags, vec![w("E0102", "late_delivery"), w("E0127", "late_delivry")]);
}

#[test]
fn kinds_round_trip_through_the_formatter() {
    let src = format!("{HEADER}\nkinds {{ late_delivery   \"Late\"\n short_shipment \"Short\" }}\nreport let x = kind  late_delivery\n");
    let out = recourse::format(&src).unwrap();
    assert!(out.contains("kinds {\n  late_delivery \"Late\"\n  short_shipment \"Short\"\n}\n"), "{out}");
    assert!(out.contains("report let x = kind late_delivery\n"), "{out}");
    assert_eq!(recourse::format(&out).unwrap(), out);
}

#[test]
fn describe_lists_the_kinds_a_claim_may_give() {
    let info = compile(KINDS).describe();
    let kinds: Vec<(&str, &str)> = info.kinds.iter().map(|k| (k.name.as_str(), k.description.as_str())).collect();
    assert_eq!(kinds, vec![("late_delivery", "Late delivery"), ("short_shipment", "Short shipment")]);
    let json = serde_json::to_value(compile(REQUIRED).describe()).unwrap();
    assert!(json.get("kinds").is_none(), "{json}");
}

#[test]
fn if_conditions_and_condition_lets_that_never_hold_are_warned_about() {
    let body = "report let shown = worst_severity > critical as \"Above critical\"\n\
                report let pay = if count crack < 0 then USD 1.00 else USD 2.00 as \"Pay\"\n";
    assert_eq!(codes_and_spans(body), vec![w("W0206", "worst_severity > critical"), w("W0206", "count crack < 0")]);
    let messages: Vec<String> = recourse::check(&format!("{HEADER}\n{body}")).iter().map(|d| d.message.clone()).collect();
    assert_eq!(messages, vec!["let `shown` can never hold", "this `if` condition can never hold"]);
}

#[test]
fn ineligible_and_unless_conditions_that_always_hold_are_warned_about() {
    let body = "ineligible when count defects >= 0 because \"x\"\n\
                ineligible when count defects = 0 because \"No defect found\"\n\
                remedy a \"R.1\" {\n  unless worst_severity >= none and order.value >= USD 0.00 because \"y\"\n  supplier pays USD 1.00 as \"A\"\n}\n\
                remedy b \"R.2\" {\n  unless worst_severity >= minor because \"z\"\n  supplier pays USD 1.00 as \"B\"\n}\n";
    assert_eq!(
        codes_and_spans(body),
        vec![w("W0209", "count defects >= 0"), w("W0209", "worst_severity >= none and order.value >= USD 0.00")]
    );
    let messages: Vec<String> = recourse::check(&format!("{HEADER}\n{body}")).iter().map(|d| d.message.clone()).collect();
    assert_eq!(messages, vec!["this `ineligible` condition holds for every claim", "this `unless` holds for every claim"]);
}

/// The checks run in time proportional to a condition's length: a `when` of 4000 comparisons on
/// as many subjects and an `unless` of as many is checked at once (quadratic work would be 16
/// million subject comparisons, twice).
#[test]
fn long_conditions_are_checked_in_linear_time() {
    let parts: Vec<String> = (0..4000).map(|i| format!("costs.c{i} >= USD 1.00")).collect();
    let body = format!(
        "remedy a \"R.1\" {{\n  when {}\n  unless {} because \"x\"\n  supplier pays USD 1.00 as \"A\"\n}}\n",
        parts.join(" and "),
        parts.join(" and ")
    );
    let start = std::time::Instant::now();
    assert_eq!(codes_and_spans(&body), vec![w("W0208", &parts.join(" and "))]);
    assert!(start.elapsed() < std::time::Duration::from_secs(20), "{:?}", start.elapsed());
}
