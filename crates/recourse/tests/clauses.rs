//! The evaluator's clauses pinned rule by rule through the public API, with exact amounts, dates
//! and remedies: remedies and caps (`remedy`, `at most`, `cap`), the recommendation (`prefer`,
//! the ranking) and deadlines (`due`, `met when`, `met by`, the effects of a miss). Each test
//! states the rule it pins; the mutation tests (`scripts/mutants`) rely on them.
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

/// Evaluate `policy` on a claim (notified 2026-02-03, 2 cracks in a sample of 200 of 5000: the
/// lot is accepted) with these `facts` and `as_of`: the whole result (`ok`, `decision` or
/// `errors`).
fn run(policy: &str, facts: Value, as_of: &str) -> Value {
    let claim = json!({
        "claim_id": "C-1", "as_of": as_of, "currency": "USD",
        "sku": "SKU-1", "supplier": "Acme", "lot": "L-1",
        "order": { "units": 1000, "unit_price": "0.125", "delivered_on": "2026-01-31", "due_on": "2026-01-25" },
        "affected_units": 3, "discovered_on": "2026-02-02", "notified_on": "2026-02-03",
        "inspection": { "lot_size": 5000, "sample_size": 200, "found": [{ "defect": "crack", "count": 2 }] },
        "facts": facts
    });
    serde_json::from_str(&recourse::api::evaluate_to_json(policy, &claim.to_string())).unwrap()
}

/// As [`run`], the decision of an evaluation that must succeed.
fn decide(policy: &str, facts: Value, as_of: &str) -> Value {
    let out = run(policy, facts, as_of);
    assert_eq!(out["ok"], true, "{out:#}");
    out["decision"].clone()
}

fn remedy<'d>(d: &'d Value, name: &str) -> &'d Value {
    d["remedies"].as_array().unwrap().iter().find(|r| r["name"] == name).unwrap_or_else(|| panic!("no remedy {name}: {d:#}"))
}

/// A remedy's lines as (label, payer, kind, amount, clause).
fn lines(r: &Value) -> Vec<(String, String, String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap().to_string();
    r["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (s(&l["label"]), s(&l["payer"]), s(&l["kind"]), s(&l["amount"]), s(&l["clause"])))
        .collect()
}

const HEADER: &str = r#"policy "Clauses" {
  currency USD
  rounding half_up
}

defects {
  crack major "Crack in housing"
}

sampling "S.1 Sampling" {
  iso2859 level II normal
  aql major 2.5
}
"#;

// ------------------------------------------------------------------------------------------
// Remedies and caps

/// `refund` has its own cap (`at most own_cap`); the cap C.1 applies to every remedy, C.2 to
/// `repair` only.
const CAPS: &str = r#"
input goods: money = USD 100.00 "the goods"
input credit: money = USD 0.00 "a credit"
input handling: money = USD 0.00 "the buyer's handling"
input own_cap: money = USD 1000000.00 "refund's own cap"
input second_own_cap: money = USD 1000000.00 "refund's second own cap"
input policy_cap: money = USD 1000000.00 "C.1, every remedy"
input repair_cap: money = USD 1000000.00 "C.2, repair only"

remedy refund "R.1 Refund" {
  supplier pays goods as "Goods"
  supplier credits credit as "Credit"
  buyer pays handling as "Handling"
  at most own_cap
  at most second_own_cap
  takes 5 to 10 days after claim.notified_on
}

remedy repair "R.2 Repair" {
  supplier pays goods as "Repair"
  takes 2 weeks
}

cap "C.1 Limitation" {
  supplier total at most policy_cap
}

cap "C.2 Repair limit" {
  supplier total at most repair_cap for repair
}
"#;

fn caps(facts: Value) -> Value {
    decide(&format!("{HEADER}{CAPS}"), facts, "2026-02-10")
}

fn cap_lines(r: &Value) -> Vec<(String, String, String)> {
    lines(r).into_iter().filter(|l| l.2 == "cap").map(|(label, _, _, amount, clause)| (label, amount, clause)).collect()
}

#[test]
fn a_cap_binds_only_above_it_a_total_equal_to_the_cap_is_not_capped() {
    // Total 100.00 against a cap of 100.00: no cap line, not capped.
    let d = caps(json!({ "goods": "100.00", "own_cap": "100.00" }));
    let r = remedy(&d, "refund");
    assert_eq!(r["capped"], false, "{r:#}");
    assert!(cap_lines(r).is_empty(), "{r:#}");
    assert_eq!(r["supplier_total"], "100.00");
    // One cent more and the cap binds with a line of -0.01.
    let d = caps(json!({ "goods": "100.01", "own_cap": "100.00" }));
    let r = remedy(&d, "refund");
    assert_eq!(r["capped"], true, "{r:#}");
    assert_eq!(cap_lines(r), [("Cap: supplier total at most 100.00".to_string(), "-0.01".to_string(), "R.1 Refund".to_string())]);
    assert_eq!(r["supplier_total"], "100.00");
    assert_eq!(r["buyer_net_recovery"], "100.00");
}

#[test]
fn the_lowest_of_a_remedy_s_own_caps_binds_whichever_comes_first() {
    for (own, second) in [("60.00", "40.00"), ("40.00", "60.00")] {
        let d = caps(json!({ "goods": "100.00", "own_cap": own, "second_own_cap": second }));
        let r = remedy(&d, "refund");
        assert_eq!(cap_lines(r), [("Cap: supplier total at most 40.00".to_string(), "-60.00".to_string(), "R.1 Refund".to_string())]);
        assert_eq!(r["supplier_total"], "40.00", "{own}, {second}: {r:#}");
    }
}

#[test]
fn a_policy_cap_lower_than_the_remedy_s_own_binds_and_is_named() {
    let d = caps(json!({ "goods": "100.00", "own_cap": "70.00", "policy_cap": "30.00" }));
    let r = remedy(&d, "refund");
    assert_eq!(cap_lines(r), [("Cap: supplier total at most 30.00".to_string(), "-70.00".to_string(), "C.1 Limitation".to_string())]);
    assert_eq!(r["supplier_total"], "30.00");
    let reasons: Vec<&Value> = r["reasons"].as_array().unwrap().iter().filter(|x| x["clause"] == "C.1 Limitation").collect();
    assert_eq!(reasons, [&json!({ "clause": "C.1 Limitation", "text": "capped at 30.00", "holds": true })]);
    // Higher than the remedy's own: the own cap binds.
    let d = caps(json!({ "goods": "100.00", "own_cap": "30.00", "policy_cap": "70.00" }));
    assert_eq!(
        cap_lines(remedy(&d, "refund")),
        [("Cap: supplier total at most 30.00".to_string(), "-70.00".to_string(), "R.1 Refund".to_string())]
    );
}

#[test]
fn of_equal_caps_the_remedy_s_own_is_named_then_the_policy_s_first() {
    // Caps are looked at in order (the remedy's own, then the policy's caps as declared) and a
    // later one replaces the kept one only when it is strictly lower.
    let d = caps(json!({ "goods": "100.00", "own_cap": "50.00", "policy_cap": "50.00" }));
    assert_eq!(
        cap_lines(remedy(&d, "refund")),
        [("Cap: supplier total at most 50.00".to_string(), "-50.00".to_string(), "R.1 Refund".to_string())]
    );
    let d = caps(json!({ "goods": "100.00", "policy_cap": "50.00", "repair_cap": "50.00" }));
    assert_eq!(
        cap_lines(remedy(&d, "repair")),
        [("Cap: supplier total at most 50.00".to_string(), "-50.00".to_string(), "C.1 Limitation".to_string())]
    );
}

#[test]
fn a_cap_without_for_limits_every_remedy_a_cap_with_for_only_those_named() {
    let d = caps(json!({ "goods": "100.00", "policy_cap": "80.00" }));
    for (name, clause) in [("refund", "R.1 Refund"), ("repair", "R.2 Repair")] {
        let r = remedy(&d, name);
        assert_eq!(r["capped"], true, "{name}: {r:#}");
        assert_eq!(r["supplier_total"], "80.00", "{name}");
        assert_eq!(cap_lines(r)[0].2, "C.1 Limitation", "{name} ({clause})");
    }
    // C.2 names repair only: refund keeps its 100.00.
    let d = caps(json!({ "goods": "100.00", "repair_cap": "20.00" }));
    assert_eq!(remedy(&d, "refund")["capped"], false);
    assert_eq!(remedy(&d, "refund")["supplier_total"], "100.00");
    assert_eq!(remedy(&d, "repair")["supplier_total"], "20.00");
    assert_eq!(
        cap_lines(remedy(&d, "repair")),
        [("Cap: supplier total at most 20.00".to_string(), "-80.00".to_string(), "C.2 Repair limit".to_string())]
    );
}

#[test]
fn a_cap_of_zero_caps_the_total_to_zero_a_negative_cap_is_an_error_of_its_clause() {
    let d = caps(json!({ "goods": "100.00", "policy_cap": "0.00" }));
    let r = remedy(&d, "refund");
    assert_eq!(r["supplier_total"], "0.00", "{r:#}");
    assert_eq!(cap_lines(r), [("Cap: supplier total at most 0.00".to_string(), "-100.00".to_string(), "C.1 Limitation".to_string())]);
    for (field, clause) in [("policy_cap", "C.1 Limitation"), ("own_cap", "R.1 Refund")] {
        let out = run(&format!("{HEADER}{CAPS}"), json!({ "goods": "100.00", field: "-0.01" }), "2026-02-10");
        assert_eq!(out["ok"], false, "{field}: {out:#}");
        assert_eq!(out["errors"][0]["code"], "E0312", "{field}: {out:#}");
        assert_eq!(out["errors"][0]["clause"], clause, "{field}: {out:#}");
    }
}

#[test]
fn a_cap_lowers_the_credited_part_to_the_capped_total() {
    // 100.00 paid + 50.00 credited = 150.00, capped at 120.00: the credit stays 50.00; capped at
    // 40.00 it falls to 40.00.
    let d = caps(json!({ "goods": "100.00", "credit": "50.00", "own_cap": "120.00" }));
    let r = remedy(&d, "refund");
    assert_eq!((&r["supplier_total"], &r["credited"]), (&json!("120.00"), &json!("50.00")), "{r:#}");
    let d = caps(json!({ "goods": "100.00", "credit": "50.00", "own_cap": "40.00" }));
    let r = remedy(&d, "refund");
    assert_eq!((&r["supplier_total"], &r["credited"]), (&json!("40.00"), &json!("40.00")), "{r:#}");
}

#[test]
fn the_buyer_net_recovery_is_the_supplier_total_less_what_the_buyer_pays() {
    let d = caps(json!({ "goods": "100.00", "credit": "25.50", "handling": "30.25", "own_cap": "110.00" }));
    let r = remedy(&d, "refund");
    assert_eq!(
        lines(r),
        [
            ("Goods".to_string(), "supplier".to_string(), "pays".to_string(), "100.00".to_string(), "R.1 Refund".to_string()),
            ("Credit".to_string(), "supplier".to_string(), "credits".to_string(), "25.50".to_string(), "R.1 Refund".to_string()),
            ("Handling".to_string(), "buyer".to_string(), "pays".to_string(), "30.25".to_string(), "R.1 Refund".to_string()),
            (
                "Cap: supplier total at most 110.00".to_string(),
                "supplier".to_string(),
                "cap".to_string(),
                "-15.50".to_string(),
                "R.1 Refund".to_string()
            ),
        ]
    );
    assert_eq!(r["supplier_total"], "110.00");
    assert_eq!(r["credited"], "25.50");
    assert_eq!(r["buyer_pays"], "30.25");
    assert_eq!(r["buyer_net_recovery"], "79.75");
}

#[test]
fn takes_counts_from_the_date_it_names_else_from_as_of() {
    // `takes 5 to 10 days after claim.notified_on` (2026-02-03); `takes 2 weeks` from as_of
    // (2026-02-10).
    let d = caps(json!({}));
    assert_eq!(remedy(&d, "refund")["window"], json!({ "from": "2026-02-08", "to": "2026-02-13" }));
    assert_eq!(remedy(&d, "repair")["window"], json!({ "from": "2026-02-24", "to": "2026-02-24" }));
}

// ------------------------------------------------------------------------------------------
// Deadlines

/// Delivered 2026-01-31, notified 2026-02-03. `notice` is due 2026-02-10 (10 days after
/// delivery) with no `met` rule; `response` is due 2026-02-06 and met by the supplier's
/// response; `answer` is met when the response is on or before its due date and guards no
/// eligibility; `review` (due 2026-02-04) is met unless its condition fails; `audit` is met by
/// a date computed with a division.
const DEADLINES: &str = r#"
input divisor: int = 1 "a divisor for D.4"
input by_divisor: int = 1 "a divisor for D.5"

deadline notice "D.1 Notice" {
  due 10 days after order.delivered_on
  missed: claim ineligible "D.1: notice was late"
}

deadline response "D.2 Response" {
  due 3 days after claim.notified_on
  met by claim.supplier_responded_on
  missed: remedy repair lost "D.2: no timely response"
}

deadline answer "D.3 Answer" {
  due 3 days after claim.notified_on
  met when claim.supplier_responded_on <= due
  missed: escalate
}

deadline review "D.4 Review" {
  due 1 days after claim.notified_on
  met when divisor / divisor = 1
  missed: escalate "D.4: review missed"
  missed: claim ineligible "D.4: no review"
}

deadline audit "D.5 Audit" {
  due 1 days after claim.notified_on
  met by if by_divisor / by_divisor = 1 then claim.notified_on else claim.discovered_on
  missed: escalate
}

remedy refund "R.1 Refund" {
  supplier pays USD 10.00 as "Refund"
}

remedy repair "R.2 Repair" {
  supplier pays USD 20.00 as "Repair"
}
"#;

fn deadlines(facts: Value, as_of: &str, responded: Option<&str>) -> Value {
    let mut claim_facts = facts;
    let policy = format!("{HEADER}{DEADLINES}");
    let claim = json!({
        "claim_id": "C-1", "as_of": as_of, "currency": "USD",
        "order": { "units": 1000, "unit_price": "0.125", "delivered_on": "2026-01-31", "due_on": "2026-01-25" },
        "affected_units": 3, "discovered_on": "2026-02-02", "notified_on": "2026-02-03",
        "inspection": { "lot_size": 5000, "sample_size": 200, "found": [{ "defect": "crack", "count": 2 }] },
        "facts": claim_facts.take()
    });
    let mut claim = claim;
    if let Some(r) = responded {
        claim["supplier_responded_on"] = json!(r);
    }
    serde_json::from_str(&recourse::api::evaluate_to_json(&policy, &claim.to_string())).unwrap()
}

fn status(d: &Value, name: &str) -> String {
    let x = d["deadlines"].as_array().unwrap().iter().find(|x| x["name"] == name).unwrap();
    x["status"].as_str().unwrap().to_string()
}

fn findings(d: &Value) -> Vec<(String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap().to_string();
    d["findings"].as_array().unwrap().iter().map(|f| (s(&f["kind"]), s(&f["clause"]), s(&f["message"]))).collect()
}

fn ok(out: Value) -> Value {
    assert_eq!(out["ok"], true, "{out:#}");
    out["decision"].clone()
}

#[test]
fn a_deadline_without_a_met_rule_is_open_through_its_due_date_and_missed_the_day_after() {
    let d = ok(deadlines(json!({}), "2026-02-10", Some("2026-02-04")));
    let notice = &d["deadlines"][0];
    assert_eq!(
        (&notice["due"], &notice["rule"], &notice["status"]),
        (&json!("2026-02-10"), &json!("10 days after 2026-01-31"), &json!("open"))
    );
    assert_eq!(d["eligible"], true);
    let d = ok(deadlines(json!({}), "2026-02-11", Some("2026-02-04")));
    assert_eq!(status(&d, "notice"), "missed");
    assert_eq!(d["eligible"], false);
    assert!(findings(&d).contains(&("ineligible".to_string(), "D.1 Notice".to_string(), "D.1: notice was late".to_string())), "{d:#}");
}

#[test]
fn met_by_a_date_on_or_before_the_due_date_and_missed_after_it() {
    // `response` is due 2026-02-06.
    for (responded, as_of, expected) in [
        (Some("2026-02-05"), "2026-02-05", "met"),
        (Some("2026-02-06"), "2026-02-10", "met"),
        (Some("2026-02-07"), "2026-02-10", "missed"),
        // Not given yet: open until the due date passes, then missed.
        (None, "2026-02-06", "open"),
        (None, "2026-02-07", "missed"),
    ] {
        let d = ok(deadlines(json!({}), as_of, responded));
        assert_eq!(status(&d, "response"), expected, "{responded:?} as of {as_of}");
        assert_eq!(status(&d, "answer"), expected, "`met when`: {responded:?} as of {as_of}");
    }
}

#[test]
fn an_error_in_a_met_rule_other_than_a_missing_field_stops_the_evaluation() {
    // A missing field is an event that has not happened (open above); a division by zero is
    // an error of the clause.
    for (divisor, clause) in [("divisor", "D.4 Review"), ("by_divisor", "D.5 Audit")] {
        let out = deadlines(json!({ divisor: 0 }), "2026-02-05", Some("2026-02-04"));
        assert_eq!(out["ok"], false, "{out:#}");
        assert_eq!(out["errors"][0]["code"], "E0306", "{out:#}");
        assert_eq!(out["errors"][0]["clause"], clause, "{out:#}");
    }
    assert_eq!(status(&ok(deadlines(json!({}), "2026-02-05", Some("2026-02-04"))), "audit"), "met");
}

#[test]
fn each_deadline_says_what_missing_it_costs() {
    let d = ok(deadlines(json!({}), "2026-02-05", Some("2026-02-04")));
    let if_missed: Vec<Value> = d["deadlines"].as_array().unwrap().iter().map(|x| x["if_missed"].clone()).collect();
    assert_eq!(
        if_missed,
        [
            json!(["claim ineligible: D.1: notice was late"]),
            json!(["repair lost: D.2: no timely response"]),
            json!(["escalation opens"]),
            json!(["escalation opens: D.4: review missed", "claim ineligible: D.4: no review"]),
            json!(["escalation opens"]),
        ]
    );
}

#[test]
fn a_met_deadline_is_a_finding_only_when_it_guards_eligibility_a_missed_one_applies_its_effects() {
    // As of 2026-02-05, responded 2026-02-04: notice open, response, answer and review met. Of
    // those met, only review guards eligibility (answer only escalates): one `met` finding.
    let d = ok(deadlines(json!({}), "2026-02-05", Some("2026-02-04")));
    assert_eq!([status(&d, "notice"), status(&d, "response"), status(&d, "answer"), status(&d, "review")], ["open", "met", "met", "met"]);
    assert_eq!(
        findings(&d),
        [("info".to_string(), "D.4 Review".to_string(), "`review` met: due 2026-02-04 (1 day after 2026-02-03)".to_string())]
    );
    assert_eq!(d["eligible"], true);
    assert!(d["remedies"].as_array().unwrap().iter().all(|r| r["available"] == true), "{d:#}");
    // Responded late, as of 2026-02-11: notice, response and answer missed, each with its effects.
    let d = ok(deadlines(json!({}), "2026-02-11", Some("2026-02-09")));
    assert_eq!(
        findings(&d),
        [
            ("ineligible".to_string(), "D.1 Notice".to_string(), "D.1: notice was late".to_string()),
            ("remedies_lost".to_string(), "D.2 Response".to_string(), "D.2: no timely response: repair no longer available".to_string()),
            ("escalation".to_string(), "D.3 Answer".to_string(), "`answer` was missed on 2026-02-06: escalation opens".to_string()),
            ("info".to_string(), "D.4 Review".to_string(), "`review` met: due 2026-02-04 (1 day after 2026-02-03)".to_string()),
        ]
    );
    // Only response missed (as of 2026-02-07): repair is lost with its reason, refund stays.
    let d = ok(deadlines(json!({}), "2026-02-07", Some("2026-02-07")));
    assert_eq!(d["eligible"], true);
    let repair = remedy(&d, "repair");
    assert_eq!(repair["available"], false);
    assert_eq!(repair["reasons"][0]["text"], "lost: D.2: no timely response (D.2 Response)");
    assert_eq!(remedy(&d, "refund")["available"], true);
}

// ------------------------------------------------------------------------------------------
// The recommendation

/// `cheap` (10.00, 1 to 2 weeks, high risk) is declared before `dear` (30.00, 3 to 4 weeks, low
/// risk); `never` is never available. RULES is the `recommend` block's body.
const RECOMMEND: &str = r#"
input choice: remedy = dear "the buyer's choice"
input urgent: bool = false "urgent"
input cheap_amount: money = USD 10.00 "cheap's amount"
input dear_amount: money = USD 30.00 "dear's amount"

remedy cheap "R.1 Cheap" {
  supplier pays cheap_amount as "Cheap"
  takes 1 to 2 weeks
  risk high
}

remedy dear "R.2 Dear" {
  supplier pays dear_amount as "Dear"
  takes 3 to 4 weeks
  risk low
}

remedy never "R.3 Never" {
  when urgent and not urgent
  supplier pays USD 100.00 as "Never"
}

recommend {
RULES
}
"#;

/// The recommendation (remedy, reasons) under these `recommend` rules.
fn recommend(rules: &str, facts: Value) -> (String, Vec<String>) {
    let d = decide(&format!("{HEADER}{}", RECOMMEND.replace("RULES", rules)), facts, "2026-02-10");
    let r = &d["recommendation"];
    (
        r["remedy"].as_str().unwrap_or("none").to_string(),
        r["reasons"].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect(),
    )
}

#[test]
fn a_ranking_criterion_decides_before_declaration_order() {
    // One criterion: the later-declared dear wins on highest net recovery, cheap on lowest.
    assert_eq!(
        recommend("highest buyer_net_recovery", json!({})),
        (
            "dear".to_string(),
            vec!["dear ranks first by highest buyer net recovery (buyer net recovery USD 30.00 against USD 10.00 for cheap)".to_string()]
        )
    );
    assert_eq!(recommend("lowest supplier_total", json!({})).0, "cheap");
    assert_eq!(recommend("highest supplier_total", json!({})).0, "dear");
    assert_eq!(recommend("longest time", json!({})).0, "dear");
    assert_eq!(recommend("shortest time", json!({})).0, "cheap");
    assert_eq!(recommend("lowest risk", json!({})).0, "dear");
}

#[test]
fn a_tie_on_the_first_criterion_goes_to_the_next_then_to_declaration_order() {
    let equal = json!({ "cheap_amount": "30.00" });
    assert_eq!(recommend("highest buyer_net_recovery\n then longest time", equal.clone()).0, "dear");
    assert_eq!(recommend("highest buyer_net_recovery\n then shortest time", equal.clone()).0, "cheap");
    // Tied on every criterion: the first declared.
    assert_eq!(recommend("highest buyer_net_recovery\n then lowest buyer_pays", equal).0, "cheap");
}

#[test]
fn prefer_names_the_remedy_an_input_of_type_remedy_holds() {
    // `choice` is dear by default; the claim may choose cheap. The ranking would pick cheap.
    let rules = "prefer choice\n then shortest time";
    assert_eq!(recommend(rules, json!({})), ("dear".to_string(), vec!["dear preferred: it is the choice given in `choice`".to_string()]));
    assert_eq!(recommend(rules, json!({ "choice": "cheap" })).0, "cheap");
}

#[test]
fn a_prefer_rule_applies_only_when_its_condition_holds_and_its_remedy_is_available() {
    let rules = "prefer dear when urgent\n prefer never\n then shortest time";
    assert_eq!(recommend(rules, json!({ "urgent": true })), ("dear".to_string(), vec!["dear preferred because urgent".to_string()]));
    assert_eq!(
        recommend(rules, json!({})),
        (
            "cheap".to_string(),
            vec![
                "`prefer dear` does not apply: urgent is false".to_string(),
                "`prefer never` skipped: never is not available".to_string(),
                "cheap ranks first by shortest time (done 2026-02-17 to 2026-02-24 against done 2026-03-03 to 2026-03-10 for dear)"
                    .to_string(),
            ]
        )
    );
    assert_eq!(recommend("prefer dear", json!({})), ("dear".to_string(), vec!["dear preferred by the policy".to_string()]));
}

#[test]
fn a_cost_line_is_rounded_once_and_the_trace_says_so_only_when_rounding_changed_it() {
    // 3 units x 0.125 = 0.375, rounded half up to 0.38; 100.00 needs no rounding.
    let policy = format!(
        "{HEADER}{}",
        r#"
remedy refund "R.1 Refund" {
  supplier pays claim.affected_units * order.unit_price as "Units"
  supplier pays USD 100.00 as "Flat"
}
"#
    );
    let claim = json!({
        "claim_id": "C-1", "as_of": "2026-02-10", "currency": "USD",
        "order": { "units": 1000, "unit_price": "0.125", "delivered_on": "2026-01-31", "due_on": "2026-01-25" },
        "affected_units": 3, "discovered_on": "2026-02-02", "notified_on": "2026-02-03",
        "inspection": { "lot_size": 5000, "sample_size": 200, "found": [{ "defect": "crack", "count": 2 }] }
    });
    let p = recourse::Policy::compile(&policy).unwrap();
    let d = p.evaluate_json_traced(&claim.to_string()).unwrap();
    let r = d.remedies.iter().find(|r| r.name == "refund").unwrap();
    let amounts: Vec<String> = r.lines.iter().map(|l| l.amount.to_string()).collect();
    assert_eq!(amounts, ["0.38", "100.00"]);
    assert_eq!(r.supplier_total.to_string(), "100.38");
    let steps = &d.trace.as_ref().unwrap().steps;
    let rounding =
        |what: &str| steps.iter().find(|s| s.what == what).unwrap_or_else(|| panic!("no step {what}: {steps:#?}")).rounding.clone();
    assert_eq!(rounding("remedy refund: Units").as_deref(), Some("0.375 rounded half up to 0.38"));
    assert_eq!(rounding("remedy refund: Flat"), None);
}

// ------------------------------------------------------------------------------------------
// The lot

/// The lot's decision under [`HEADER`]'s sampling (ISO 2859-1 level II normal, major AQL 2.5:
/// 5000 units -> n = 200, Ac 10 / Re 11) for these defects found in a sample of `sample`.
fn lot(found: Value, sample: u64) -> Value {
    let claim = json!({
        "claim_id": "C-1", "as_of": "2026-02-10", "currency": "USD",
        "order": { "units": 1000, "unit_price": "0.125", "delivered_on": "2026-01-31", "due_on": "2026-01-25" },
        "affected_units": 3, "discovered_on": "2026-02-02", "notified_on": "2026-02-03",
        "inspection": { "lot_size": 5000, "sample_size": sample, "found": found }
    });
    let policy = format!("{HEADER}\nremedy refund \"R.1 Refund\" {{\n  supplier pays USD 1.00 as \"Refund\"\n}}\n");
    let out: Value = serde_json::from_str(&recourse::api::evaluate_to_json(&policy, &claim.to_string())).unwrap();
    assert_eq!(out["ok"], true, "{out:#}");
    out["decision"].clone()
}

#[test]
fn more_defects_than_sampled_units_is_a_warning_as_many_is_not() {
    let warning = |d: &Value| findings(d).into_iter().filter(|f| f.2.starts_with("the inspection lists")).collect::<Vec<_>>();
    let d = lot(json!([{ "defect": "crack", "count": 200 }]), 200);
    assert_eq!(warning(&d), []);
    let d = lot(json!([{ "defect": "crack", "count": 201 }]), 200);
    assert_eq!(
        warning(&d),
        [(
            "warning".to_string(),
            "S.1 Sampling".to_string(),
            "the inspection lists 201 defects in a sample of 200 units: check the counts (each unit with several defects counts once per defect)".to_string()
        )]
    );
}

/// The lot under `max defect rate RATES` for `cracks` (major) and `smudges` (minor) found in a
/// sample of 200: (disposition, reason).
fn max_rate(rates: &str, cracks: u64, smudges: u64) -> (String, String) {
    let policy = format!(
        r#"policy "Rates" {{
  currency USD
  rounding half_up
}}

defects {{
  crack  major "Crack in housing"
  smudge minor "Smudge"
}}

sampling "S.2 Defect rate" {{
  max defect rate {rates}
}}

remedy refund "R.1 Refund" {{
  supplier pays USD 1.00 as "Refund"
}}
"#
    );
    let claim = json!({
        "claim_id": "C-1", "as_of": "2026-02-10", "currency": "USD",
        "order": { "units": 1000, "unit_price": "0.125", "delivered_on": "2026-01-31", "due_on": "2026-01-25" },
        "affected_units": 3, "discovered_on": "2026-02-02", "notified_on": "2026-02-03",
        "inspection": { "lot_size": 5000, "sample_size": 200,
            "found": [{ "defect": "crack", "count": cracks }, { "defect": "smudge", "count": smudges }] }
    });
    let out: Value = serde_json::from_str(&recourse::api::evaluate_to_json(&policy, &claim.to_string())).unwrap();
    assert_eq!(out["ok"], true, "{out:#}");
    let l = &out["decision"]["lot"];
    (l["disposition"].as_str().unwrap().to_string(), l["reason"].as_str().unwrap().to_string())
}

#[test]
fn a_maximum_rate_over_all_defects_accepts_a_lot_at_the_rate_and_rejects_it_above() {
    // 200 units sampled, at most 2.5 %: 5 defects (2.5 %) are accepted, 6 (3 %) are not.
    assert_eq!(
        max_rate("2.5%", 3, 2),
        ("accepted".to_string(), "accepted: 5 defects in 200 sampled units = 2.5%, within the maximum of 2.5%".to_string())
    );
    assert_eq!(
        max_rate("2.5%", 3, 3),
        ("rejected".to_string(), "rejected: 6 defects in 200 sampled units = 3% against a maximum of 2.5%".to_string())
    );
    assert_eq!(max_rate("2.5%", 0, 0).0, "accepted");
}

// ------------------------------------------------------------------------------------------
// The escalation ladder

const LADDER: &str = r#"
escalate {
  mediation "M.1 Mediation" takes 1 to 2 weeks
  then arbitration "M.2 Arbitration"
}
"#;

#[test]
fn a_missed_deadline_that_escalates_opens_nothing_without_a_ladder() {
    // DEADLINES has three deadlines that escalate and no `escalate` block: as of 2026-02-11
    // `answer` (due 2026-02-06) is missed, yet there is no ladder to open.
    let d = ok(deadlines(json!({}), "2026-02-11", Some("2026-02-09")));
    assert_eq!(status(&d, "answer"), "missed");
    assert_eq!(d["escalation"], json!({ "status": "none", "steps": [] }), "{d:#}");
}

#[test]
fn a_ladder_no_deadline_escalates_to_is_listed_without_dates() {
    // No deadline says `missed: escalate`: the ladder is never triggered (`none`), and its
    // steps carry no dates, not even the durations' ends.
    let policy = format!("{HEADER}\nremedy refund \"R.1 Refund\" {{\n  supplier pays USD 10.00 as \"Refund\"\n}}\n{LADDER}");
    let d = decide(&policy, json!({}), "2026-02-10");
    assert_eq!(
        d["escalation"],
        json!({ "status": "none", "steps": [
            { "name": "mediation", "forum": "M.1 Mediation" },
            { "name": "arbitration", "forum": "M.2 Arbitration" },
        ] }),
        "{d:#}"
    );
}

// ------------------------------------------------------------------------------------------
// The trace

/// `doubled` reads `goods` twice; `many` counts cracks and reads a deadline's outcome; `refund`
/// reads the flag, a let, a cost and rounds a division.
const TRACED: &str = r#"
input goods: money = USD 100.00 "the goods"
let doubled = goods + goods
deadline notice "D.1 Notice" {
  due 10 days after order.delivered_on
}
flag many "F.1 Many cracks" {
  when count crack >= 2 and not notice.missed
  notify "QA"
}
remedy refund "R.1 Refund" {
  when flagged many
  supplier pays doubled + costs.freight as "Goods and freight"
  supplier pays round(goods / 3 to 2 places) as "Third"
}
"#;

/// A trace step as (what, clause, source, line, result, reads as `name = value`).
type Step = (String, Option<String>, String, usize, String, Vec<String>);

/// The traced decision's steps.
fn traced_steps(policy: &str, costs: Value) -> Vec<Step> {
    let claim = json!({
        "claim_id": "C-1", "as_of": "2026-02-05", "currency": "USD",
        "order": { "units": 1000, "unit_price": "0.125", "delivered_on": "2026-01-31" },
        "affected_units": 3, "discovered_on": "2026-02-02", "notified_on": "2026-02-03",
        "inspection": { "lot_size": 5000, "sample_size": 200, "found": [{ "defect": "crack", "count": 2 }] },
        "costs": costs
    });
    let p = recourse::Policy::compile(policy).unwrap();
    let d = p.evaluate_json_traced(&claim.to_string()).unwrap();
    let trace = d.trace.unwrap();
    trace
        .steps
        .into_iter()
        .map(|s| {
            let reads = s.reads.iter().map(|r| format!("{} = {}", r.name, r.value)).collect();
            (s.what, s.clause, s.source, s.line, s.result, reads)
        })
        .collect()
}

#[test]
fn a_trace_step_shows_its_source_line_result_and_each_name_it_read_once() {
    // HEADER is 13 lines; TRACED starts on line 14. Money shows with its code and places, a
    // rounding with its exact value; `doubled` reads `goods` twice, listed once.
    let steps = traced_steps(&format!("{HEADER}{TRACED}"), json!({ "freight": "5.5" }));
    let step = |what: &str, clause: Option<&str>, source: &str, line: usize, result: &str, reads: &[&str]| -> Step {
        (
            what.to_string(),
            clause.map(str::to_string),
            source.to_string(),
            line,
            result.to_string(),
            reads.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        steps,
        [
            step("let doubled", None, "goods + goods", 16, "USD 200.00", &["goods = USD 100.00"]),
            step(
                "deadline notice: due",
                Some("D.1 Notice"),
                "due 10 days after order.delivered_on",
                18,
                "2026-02-10",
                &["order.delivered_on = 2026-01-31"]
            ),
            step(
                "flag many: when",
                Some("F.1 Many cracks"),
                "count crack >= 2 and not notice.missed",
                21,
                "true",
                &["count crack = 2", "notice.missed = false"]
            ),
            step("remedy refund: when", Some("R.1 Refund"), "flagged many", 25, "true", &["flagged many = true"]),
            step(
                "remedy refund: Goods and freight",
                Some("R.1 Refund"),
                "doubled + costs.freight",
                26,
                "USD 205.50",
                &["doubled = USD 200.00", "costs.freight = USD 5.50"]
            ),
            step(
                "remedy refund: Third",
                Some("R.1 Refund"),
                "round(goods / 3 to 2 places)",
                27,
                "USD 33.33",
                &["goods = USD 100.00", "rounded half up to 2 places = 100 / 3 -> 33.33"]
            ),
        ]
    );
}

#[test]
fn rounding_a_whole_number_is_no_rounding_and_the_trace_says_none() {
    // 3 affected units: `round` of an int reads it and nothing else; of 3 / 2 it notes the
    // exact fraction and the rule.
    let policy = format!(
        "{HEADER}{}",
        r#"
report let whole = round(claim.affected_units)
report let halved = round(claim.affected_units / 2)
remedy refund "R.1 Refund" {
  supplier pays USD 1.00 as "Refund"
}
"#
    );
    let steps = traced_steps(&policy, json!({}));
    let reads = |what: &str| {
        let s = steps.iter().find(|s| s.0 == what).unwrap_or_else(|| panic!("no step {what}: {steps:#?}"));
        (s.4.clone(), s.5.clone())
    };
    assert_eq!(reads("let whole"), ("3".to_string(), vec!["claim.affected_units = 3".to_string()]));
    assert_eq!(
        reads("let halved"),
        ("2".to_string(), vec!["claim.affected_units = 3".to_string(), "rounded half up to 0 places = 3 / 2 -> 2".to_string()])
    );
}
