//! The expression language pinned operator by operator through the public API: each test
//! evaluates `report let`s and compares the reported values (exact text and type) with values
//! worked out by hand. Comparisons, `and` / `or` short-circuits, `min` / `max`, `of`, signs,
//! `round` / `floor` / `ceil` on exact fractions, dates and durations, and what each name reads
//! from the claim. The mutation tests (`scripts/mutants`, `eval/expr.rs`) rely on them.
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

/// Major AQL 2.5 at level II: 2 cracks in a sample of 200 of 5000 accept the lot (Ac 10).
const HEADER: &str = r#"policy "Expressions" {
  currency USD
  rounding half_up
}

defects {
  crack major "Crack in housing"
  smudge minor "Smudge"
}

sampling "S.1 Sampling" {
  iso2859 level II normal
  aql major 2.5, minor 4.0
}

input zero: int = 0 "a divisor that is zero"
input one: int = 1 "one"
input two: int = 2 "two"
input half: decimal = 0.5 "a half"
input goods: money = USD 100.00 "the goods"
input rate: percent = 33.335% "a rate"
input fortnight: duration = 2 weeks "a duration"
input severity_given: severity = none "a severity"
input day_given: date = 2026-01-01 "a date"
input text_given: text = "none" "a text"
input bool_given: bool = false "a condition"
input remedy_given: remedy = refund "a remedy"

deadline notice "D.1 Notice" {
  due 10 days after order.delivered_on
  met when claim.notified_on <= due
}

flag cracked "F.1 Cracked" {
  when count crack >= 2
  notify "QA"
}

remedy refund "R.1 Refund" {
  supplier pays goods as "Refund"
}
"#;

/// The claim: delivered 2026-01-31 (a Saturday), notified 2026-02-03, as of 2026-02-10; 2
/// cracks and 1 smudge in a sample of 200 of 5000; freight cost 7.50.
fn claim(facts: Value) -> Value {
    json!({
        "claim_id": "C-1", "as_of": "2026-02-10", "currency": "USD",
        "sku": "SKU-1", "supplier": "Acme", "lot": "L-1",
        "order": { "units": 1000, "unit_price": "0.125", "delivered_on": "2026-01-31", "due_on": "2026-01-25" },
        "affected_units": 3, "discovered_on": "2026-02-02", "notified_on": "2026-02-03",
        "inspection": { "lot_size": 5000, "sample_size": 200,
                        "found": [{ "defect": "crack", "count": 2 }, { "defect": "smudge", "count": 1 }] },
        "costs": { "freight": "7.50" },
        "facts": facts
    })
}

/// The whole result of evaluating `report let`s, one per `(name, expression)`.
fn run(lets: &[(&str, &str)], facts: Value) -> Value {
    let mut policy = HEADER.to_string();
    for (name, expr) in lets {
        policy.push_str(&format!("report let {name} = {expr}\n"));
    }
    serde_json::from_str(&recourse::api::evaluate_to_json(&policy, &claim(facts).to_string())).unwrap()
}

/// Each reported value as `value: type`, in the order given.
fn values(lets: &[(&str, &str)], facts: Value) -> Vec<String> {
    let out = run(lets, facts);
    assert_eq!(out["ok"], true, "{out:#}");
    let reported = out["decision"]["reported"].as_array().unwrap();
    lets.iter()
        .map(|(name, _)| {
            let r = reported.iter().find(|r| r["name"] == *name).unwrap_or_else(|| panic!("{name} not reported: {out:#}"));
            format!("{}: {}", r["value"].as_str().unwrap(), r["type"].as_str().unwrap())
        })
        .collect()
}

/// The error code an expression stops the evaluation with.
fn error(expr: &str, facts: Value) -> String {
    let out = run(&[("x", expr)], facts);
    assert_eq!(out["ok"], false, "{expr}: {out:#}");
    out["errors"][0]["code"].as_str().unwrap().to_string()
}

#[test]
fn each_comparison_holds_exactly_where_its_operator_says() {
    // Less, equal, greater for each operator: int, int against decimal, money, dates, severities.
    for (l, r, lt, le, gt, ge, eq) in [
        ("one", "two", true, true, false, false, false),
        ("two", "two", false, true, false, true, true),
        ("two", "one", false, false, true, true, false),
        ("one", "1.0", false, true, false, true, true),
        ("half", "one", true, true, false, false, false),
        ("goods", "USD 100.00", false, true, false, true, true),
        ("goods", "USD 99.99", false, false, true, true, false),
        ("claim.notified_on", "claim.discovered_on", false, false, true, true, false),
        ("minor", "major", true, true, false, false, false),
    ] {
        let lets = [
            ("lt", format!("{l} < {r}")),
            ("le", format!("{l} <= {r}")),
            ("gt", format!("{l} > {r}")),
            ("ge", format!("{l} >= {r}")),
            ("eq", format!("{l} = {r}")),
            ("ne", format!("{l} != {r}")),
        ];
        let lets: Vec<(&str, &str)> = lets.iter().map(|(n, e)| (*n, e.as_str())).collect();
        let b = |v: bool| format!("{v}: bool");
        assert_eq!(values(&lets, json!({})), [b(lt), b(le), b(gt), b(ge), b(eq), b(!eq)], "{l} against {r}");
    }
    // Texts compare for equality only.
    assert_eq!(values(&[("a", "claim.sku = \"SKU-1\""), ("b", "claim.sku != \"SKU-1\"")], json!({})), ["true: bool", "false: bool"]);
}

#[test]
fn and_or_stop_at_the_first_operand_that_decides_so_a_guard_protects_a_division() {
    // `zero` is 0: the division after a deciding operand is never evaluated.
    let lets = [
        ("and2", "zero != 0 and 10 / zero > 1"),
        ("or2", "zero = 0 or 10 / zero > 1"),
        ("and3", "one = 1 and zero != 0 and 10 / zero > 1"),
        ("or3", "one = 2 or zero = 0 or 10 / zero > 1"),
    ];
    assert_eq!(values(&lets, json!({})), ["false: bool", "true: bool", "false: bool", "true: bool"]);
    // When the first operand does not decide, the second is the result.
    let lets = [
        ("t_and_t", "one = 1 and two = 2"),
        ("t_and_f", "one = 1 and two = 1"),
        ("f_or_t", "one = 2 or two = 2"),
        ("f_or_f", "one = 2 or two = 1"),
        ("chain_and", "one = 1 and two = 2 and half = 0.5"),
        ("chain_and_f", "one = 1 and two = 2 and half = 1"),
        ("chain_or", "one = 2 or two = 1 or half = 0.5"),
        ("chain_or_f", "one = 2 or two = 1 or half = 1"),
    ];
    let got = values(&lets, json!({}));
    assert_eq!(got, ["true: bool", "false: bool", "true: bool", "false: bool", "true: bool", "false: bool", "true: bool", "false: bool"]);
    // Not guarded, the division is an error of the let.
    assert_eq!(error("zero = 0 and 10 / zero > 1", json!({})), "E0306");
    assert_eq!(error("one = 1 and zero = 0 and 10 / zero > 1", json!({})), "E0306");
}

#[test]
fn min_and_max_take_the_least_and_greatest_of_all_their_arguments() {
    let lets = [
        ("min_first", "min(one, two, 3)"),
        ("min_middle", "min(two, one, 3)"),
        ("min_last", "min(3, two, one)"),
        ("max_first", "max(3, one, two)"),
        ("max_middle", "max(one, 3, two)"),
        ("max_last", "max(one, two, 3)"),
        ("min_money", "min(goods, USD 12.50, USD 40.00)"),
        ("max_date", "max(claim.notified_on, claim.as_of, claim.discovered_on)"),
        ("max_severity", "max(minor, critical, major)"),
        // An int among decimals is widened: the result is a decimal.
        ("min_widened", "min(two, half)"),
        ("max_widened", "max(two, half)"),
    ];
    assert_eq!(
        values(&lets, json!({})),
        [
            "1: int",
            "1: int",
            "1: int",
            "3: int",
            "3: int",
            "3: int",
            "12.50: money",
            "2026-02-10: date",
            "critical: severity",
            "0.5: decimal",
            "2: decimal"
        ]
    );
}

#[test]
fn a_share_is_counted_per_hundred_of_money_of_a_percent_and_of_a_number() {
    let lets = [
        ("of_money", "10% of goods"),
        ("of_percent", "50% of 20%"),
        ("of_number", "25% of 8"),
        ("money_times_percent", "goods * 10%"),
        ("percent_times_money", "10% * goods"),
        ("percent_times_number", "rate * 2"),
        ("number_times_percent", "2 * 25%"),
        ("money_times_number", "goods * half"),
    ];
    assert_eq!(
        values(&lets, json!({})),
        ["10.00: money", "10%: percent", "2: decimal", "10.00: money", "10.00: money", "66.67%: percent", "0.5: decimal", "50.00: money"]
    );
}

#[test]
fn arithmetic_keeps_each_type_and_is_exact() {
    let lets = [
        ("int_sum", "one + two"),
        ("int_difference", "one - two"),
        ("int_product", "two * 3"),
        ("money_sum", "goods + costs.freight"),
        ("money_difference", "goods - costs.freight"),
        ("percent_sum", "rate + 1%"),
        ("percent_difference", "rate - 1%"),
        ("mixed_sum", "half + one"),
        ("mixed_difference", "half - one"),
        ("decimal_product", "half * half"),
        ("money_ratio", "goods / USD 8.00"),
        ("money_over_number", "goods / 8"),
        ("percent_ratio", "rate / 1%"),
        ("percent_over_number", "rate / 5"),
        ("number_ratio", "one / 8"),
        ("absent_cost", "costs.storage"),
    ];
    assert_eq!(
        values(&lets, json!({})),
        [
            "3: int",
            "-1: int",
            "6: int",
            "107.50: money",
            "92.50: money",
            "34.335%: percent",
            "32.335%: percent",
            "1.5: decimal",
            "-0.5: decimal",
            "0.25: decimal",
            "12.5: decimal",
            "12.50: money",
            "33.335: decimal",
            "6.667%: percent",
            "0.125: decimal",
            "0.00: money"
        ]
    );
    // 1 / 3 does not terminate: it must be rounded explicitly.
    assert_eq!(error("one / 3", json!({})), "E0307");
    assert_eq!(error("goods / zero", json!({})), "E0306");
}

#[test]
fn a_minus_sign_negates_ints_decimals_money_and_percents_and_not_negates_a_condition() {
    let lets = [
        ("int", "-two"),
        ("decimal", "-half"),
        ("money", "-goods"),
        ("percent", "-rate"),
        ("not_true", "not one = 1"),
        ("not_false", "not one = 2"),
    ];
    assert_eq!(values(&lets, json!({})), ["-2: int", "-0.5: decimal", "-100.00: money", "-33.335%: percent", "false: bool", "true: bool"]);
}

#[test]
fn round_floor_and_ceil_round_the_exact_fraction_once_whatever_its_sign() {
    let lets = [
        ("third", "round(goods / 3 to 2 places)"),
        ("minus_third", "round(-(goods / 3) to 2 places)"),
        ("over_minus_three", "round(goods / -3 to 2 places)"),
        ("minus_over_minus", "round(-goods / -3 to 2 places)"),
        ("floor_third", "floor(goods / 3 to 1 places)"),
        ("ceil_third", "ceil(goods / 3 to 1 places)"),
        ("floor_negative", "floor(goods / -3 to 1 places)"),
        ("ceil_negative", "ceil(goods / -3 to 1 places)"),
        // Nested: (1/3 + 1/6) * 3 is exactly 1.5, rounded half up once.
        ("sum_of_fractions", "round((one / 3 + one / 6) * 3)"),
        ("difference_of_fractions", "round((one / 3 - one / 6) * 6 to 2 places)"),
        // A chain of the same operators is one exact fraction too.
        ("chain", "round(goods / 3 + goods / 3 + goods / 3 to 2 places)"),
        ("chain_mixed", "round(goods / 3 * 3 - goods / 3 to 2 places)"),
        // A percent times money counts per hundred; a percent times a number stays a percent;
        // a number times a percent is a number per hundred; `of` is per hundred.
        ("money_by_percent", "round(goods * rate to 2 places)"),
        ("percent_by_number", "round(rate * 3 to 1 places)"),
        ("number_by_percent", "round(half * rate to 3 places)"),
        ("percent_of_money", "round(rate of goods to 2 places)"),
        ("percent_of_percent", "round(rate of 50% to 3 places)"),
        ("money_by_fraction", "round(goods * (one / 3) to 2 places)"),
        ("fraction_by_fraction", "round((one / 3) / (one / 6) to 2 places)"),
        ("half_even", "round(rate * 1 to 2 places half_even)"),
        // A whole number without places; an int is already whole.
        ("whole", "round(7 / 2)"),
        ("whole_int", "round(two)"),
        ("whole_money", "round(goods / 3)"),
    ];
    assert_eq!(
        values(&lets, json!({})),
        [
            "33.33: money",
            "-33.33: money",
            "-33.33: money",
            "33.33: money",
            // Money shows at least the currency's 2 places; decimals and percents their digits.
            "33.30: money",
            "33.40: money",
            "-33.40: money",
            "-33.30: money",
            "2: int",
            "1: decimal",
            "100.00: money",
            "66.67: money",
            "33.34: money",
            "100%: percent",
            "0.167: decimal",
            "33.34: money",
            "16.668%: percent",
            "33.33: money",
            "2: decimal",
            "33.34%: percent",
            "4: int",
            "2: int",
            "33.00: money"
        ]
    );
    assert_eq!(error("round(goods / zero to 2 places)", json!({})), "E0306");
}

#[test]
fn dates_move_by_days_business_days_weeks_and_months_and_count_days_between() {
    let lets = [
        ("plus_days", "claim.notified_on + 10 days"),
        ("minus_days", "claim.notified_on - 10 days"),
        ("plus_business", "claim.notified_on + 5 business days"),
        ("plus_weeks", "claim.notified_on + fortnight"),
        ("minus_weeks", "claim.notified_on - fortnight"),
        ("plus_months", "order.delivered_on + 1 month"),
        ("counted", "claim.notified_on + two days"),
        ("span", "days between order.delivered_on and claim.as_of"),
        ("span_back", "days between claim.as_of and order.delivered_on"),
        ("business_span", "business days between order.delivered_on and claim.as_of"),
        ("duration", "two days"),
    ];
    assert_eq!(
        values(&lets, json!({})),
        [
            "2026-02-13: date",
            "2026-01-24: date",
            "2026-02-10: date",
            "2026-02-17: date",
            "2026-01-20: date",
            "2026-02-28: date",
            "2026-02-05: date",
            "10: int",
            "-10: int",
            "7: int",
            "2 days: duration"
        ]
    );
}

#[test]
fn if_takes_the_first_branch_whose_condition_holds_else_the_last() {
    let lets = [
        ("first", "if one = 1 then 10 else if two = 2 then 20 else 30"),
        ("second", "if one = 2 then 10 else if two = 2 then 20 else 30"),
        ("otherwise", "if one = 2 then 10 else if two = 1 then 20 else 30"),
        ("widened", "if one = 1 then 1 else half"),
    ];
    assert_eq!(values(&lets, json!({})), ["10: int", "20: int", "30: int", "1: decimal"]);
}

#[test]
fn each_name_reads_its_part_of_the_claim() {
    let lets = [
        ("id", "claim.id"),
        ("as_of", "claim.as_of"),
        ("now", "today"),
        ("sku", "claim.sku"),
        ("supplier", "claim.supplier"),
        ("lot_id", "claim.lot"),
        ("units", "order.units"),
        ("price", "order.unit_price"),
        ("order_value", "order.value"),
        ("due_on", "order.due_on"),
        ("affected", "claim.affected_units"),
        ("accepted", "lot.accepted"),
        ("rejected", "lot.rejected"),
        ("lot_size", "lot.size"),
        ("sample", "lot.sample_size"),
        ("worst", "worst_severity"),
        ("photos", "evidence.photos"),
        ("traceable", "evidence.lot_traceable"),
        ("cracks", "count crack"),
        ("majors", "count major"),
        ("minors", "count minor"),
        ("criticals", "count critical"),
        ("all_defects", "count defects"),
        ("notice_due", "notice.due"),
        ("notice_met", "notice.met"),
        ("notice_missed", "notice.missed"),
        ("raised", "flagged cracked"),
        ("the_rate", "rate"),
    ];
    assert_eq!(
        values(&lets, json!({})),
        [
            "C-1: text",
            "2026-02-10: date",
            "2026-02-10: date",
            "SKU-1: text",
            "Acme: text",
            "L-1: text",
            "1000: int",
            "0.125: money",
            "125.00: money",
            "2026-01-25: date",
            "3: int",
            "true: bool",
            "false: bool",
            "5000: int",
            "200: int",
            "major: severity",
            "0: int",
            "false: bool",
            "2: int",
            "2: int",
            "1: int",
            "0: int",
            "3: int",
            "2026-02-10: date",
            "true: bool",
            "false: bool",
            "true: bool",
            "33.335%: percent"
        ]
    );
    // A missing optional field is an error naming it.
    assert_eq!(error("claim.po", json!({})), "E0304");
    assert_eq!(error("claim.supplier_responded_on", json!({})), "E0304");
}

#[test]
fn a_fact_is_read_as_its_input_s_type() {
    let lets = [
        ("severity", "severity_given"),
        ("duration", "fortnight"),
        ("the_day", "day_given"),
        ("words", "text_given"),
        ("condition", "bool_given"),
        ("pick", "remedy_given"),
        ("percent", "rate"),
        ("amount", "goods"),
        ("number", "half"),
        ("whole", "two"),
    ];
    let read = |facts: Value| values(&lets, facts);
    assert_eq!(
        read(json!({})),
        [
            "none: severity",
            "2 weeks: duration",
            "2026-01-01: date",
            "none: text",
            "false: bool",
            "refund: remedy",
            "33.335%: percent",
            "100.00: money",
            "0.5: decimal",
            "2: int"
        ]
    );
    let facts = json!({
        "severity_given": "major", "fortnight": "3 business days", "day_given": "2026-03-01",
        "text_given": "given", "bool_given": true, "remedy_given": "refund", "rate": "2.5%",
        "goods": "12.5", "half": "0.25", "two": 7
    });
    assert_eq!(
        read(facts),
        [
            "major: severity",
            "3 business days: duration",
            "2026-03-01: date",
            "given: text",
            "true: bool",
            "refund: remedy",
            "2.5%: percent",
            "12.50: money",
            "0.25: decimal",
            "7: int"
        ]
    );
    // Every severity and every unit of a duration, singular or plural; a percent without `%`.
    for (severity, duration, percent) in [
        ("none", "1 day", "7"),
        ("minor", "4 days", "7%"),
        ("critical", "1 business day", "7 %"),
        ("major", "1 week", "7.0"),
        ("none", "3 weeks", "7"),
        ("none", "1 month", "7"),
        ("none", "5 months", "7"),
    ] {
        let got = values(
            &[("severity", "severity_given"), ("duration", "fortnight"), ("percent", "rate")],
            json!({ "severity_given": severity, "fortnight": duration, "rate": percent }),
        );
        // A percent shows normalised: 7.0 is 7%.
        assert_eq!(got, [format!("{severity}: severity"), format!("{duration}: duration"), "7%: percent".to_string()]);
    }
}

#[test]
fn a_fact_of_the_wrong_type_or_unknown_is_refused_naming_it() {
    for (facts, code) in [
        (json!({ "severity_given": "grave" }), "E0309"),
        (json!({ "fortnight": "2 fortnights" }), "E0309"),
        (json!({ "fortnight": "two weeks" }), "E0309"),
        (json!({ "fortnight": "2" }), "E0309"),
        (json!({ "day_given": "2026-02-30" }), "E0309"),
        (json!({ "two": 2.5 }), "E0309"),
        (json!({ "bool_given": "yes" }), "E0309"),
        (json!({ "remedy_given": "replace" }), "E0309"),
        (json!({ "text_given": 5 }), "E0309"),
        (json!({ "nobody": 1 }), "E0308"),
    ] {
        let out = run(&[("x", "one")], facts.clone());
        assert_eq!(out["ok"], false, "{facts}: {out:#}");
        assert_eq!(out["errors"][0]["code"], code, "{facts}: {out:#}");
        let key = facts.as_object().unwrap().keys().next().unwrap().clone();
        assert_eq!(out["errors"][0]["field"], format!("facts.{key}"), "{facts}: {out:#}");
    }
}

#[test]
fn an_error_in_a_let_is_an_error_of_that_let() {
    let out = run(&[("fine", "one + two"), ("broken", "goods / zero")], json!({}));
    assert_eq!(out["ok"], false, "{out:#}");
    let e = &out["errors"][0];
    assert_eq!((&e["code"], &e["clause"], &e["message"]), (&json!("E0306"), &json!("let broken"), &json!("division by zero")), "{out:#}");
}
