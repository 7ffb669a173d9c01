//! Policies and claims that contradict themselves are refused with a code, before they can give
//! a believable wrong number.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

const APPAREL: &str = include_str!("../../../policies/apparel-coats.policy");
const CLAIM: &str = include_str!("../../../policies/apparel-coats.claim.json");

fn errors(src: &str) -> Vec<(String, String)> {
    recourse::check(src).into_iter().filter(|d| d.is_error()).map(|d| (d.code.to_string(), d.message)).collect()
}

fn claim() -> serde_json::Value {
    serde_json::from_str(CLAIM).unwrap()
}

fn evaluate(claim: &serde_json::Value) -> Result<recourse::Decision, recourse::EvalError> {
    recourse::Policy::compile(APPAREL).unwrap().evaluate_json(&claim.to_string())
}

#[test]
fn a_deadline_counted_from_itself_is_refused_by_the_checker() {
    // Passed `check`, then failed every evaluation with E0000.
    for due in
        ["due 5 days after due", "due 5 days after response.due", "due 5 days after (if true then response.due else claim.notified_on)"]
    {
        let src = APPAREL.replace("due 5 business days after claim.notified_on", due);
        assert_eq!(errors(&src), [("E0111".to_string(), "the due date of `response` depends on itself".to_string())], "{due}");
    }
}

#[test]
fn a_negative_cap_is_refused_by_the_checker_and_by_the_evaluator() {
    for cap in ["supplier total at most -55% of order.value", "supplier total at most USD -10.00", "supplier total at most -(USD 10.00)"] {
        let src = APPAREL.replace("supplier total at most 55% of order.value", cap);
        assert_eq!(errors(&src), [("E0122".to_string(), "a cap must not be negative".to_string())], "{cap}");
    }
    // A cap computed from the claim is checked when it is known.
    let src = APPAREL.replace("supplier total at most 55% of order.value", "supplier total at most costs.agreed_cap - USD 1000.00");
    assert_eq!(errors(&src), []);
    let policy = recourse::Policy::compile(&src).unwrap();
    let mut c = claim();
    c["costs"]["agreed_cap"] = "400.00".into();
    let e = policy.evaluate_json(&c.to_string()).unwrap_err();
    assert_eq!((e.code.as_str(), e.message.as_str()), ("E0312", "the cap comes out at USD -600.00 for this claim"));
    assert_eq!(e.clause.as_deref(), Some("Q.7 Limitation"));
    c["costs"]["agreed_cap"] = "1000.00".into();
    let d = policy.evaluate_json(&c.to_string()).unwrap();
    assert_eq!(d.remedies[0].supplier_total.to_string(), "0.00");
}

#[test]
fn claims_that_contradict_themselves_are_refused_naming_the_field() {
    type Case = (&'static str, fn(&mut serde_json::Value), &'static str);
    let cases: [Case; 5] = [
        ("order.unit_price", |c| c["order"]["unit_price"] = "-42.00".into(), "the unit price cannot be negative (-42.00)"),
        ("order.value", |c| c["order"]["value"] = "-1.00".into(), "the order value cannot be negative (-1.00)"),
        (
            "costs.outbound_freight",
            |c| c["costs"]["outbound_freight"] = "-950.00".into(),
            "a cost cannot be negative (`outbound_freight` is -950.00)",
        ),
        ("affected_units", |c| c["affected_units"] = 5001.into(), "5001 affected units is more than the 5000 units ordered"),
        ("inspection.sample_size", |c| c["inspection"]["sample_size"] = 6000.into(), "the sample (6000) is larger than the lot (5000)"),
    ];
    for (field, change, message) in cases {
        let mut c = claim();
        change(&mut c);
        let e = evaluate(&c).unwrap_err();
        assert_eq!((e.code.as_str(), e.field.as_deref(), e.message.as_str()), ("E0310", Some(field), message));
    }
    // Zero is not negative; "-0.00" is zero.
    let mut c = claim();
    c["costs"]["restocking_fee"] = "-0.00".into();
    assert!(evaluate(&c).is_ok());
}

#[test]
fn a_key_given_twice_is_refused() {
    let text = CLAIM.replacen("\"outbound_freight\": \"950.00\",", "\"outbound_freight\": \"950.00\", \"outbound_freight\": \"1.00\",", 1);
    let e = recourse::Policy::compile(APPAREL).unwrap().evaluate_json(&text).unwrap_err();
    assert_eq!((e.code.as_str(), e.field.as_deref()), ("E0301", Some("costs")));
    assert!(e.message.contains("`outbound_freight` is given twice"), "{}", e.message);
    let text = CLAIM.replacen("\"stock_critical\": true,", "\"stock_critical\": true, \"stock_critical\": false,", 1);
    let e = recourse::Policy::compile(APPAREL).unwrap().evaluate_json(&text).unwrap_err();
    assert!(e.message.contains("`stock_critical` is given twice"), "{}", e.message);
    let text = CLAIM.replacen("\"affected_units\": 190,", "\"affected_units\": 190, \"affected_units\": 1,", 1);
    let e = recourse::Policy::compile(APPAREL).unwrap().evaluate_json(&text).unwrap_err();
    assert!(e.message.contains("duplicate field `affected_units`"), "{}", e.message);
}

#[test]
fn more_defects_than_sampled_units_is_a_warning_with_the_decision() {
    let mut c = claim();
    c["inspection"]["found"][1]["count"] = 250.into();
    let d = evaluate(&c).unwrap();
    let w: Vec<&str> = d.findings.iter().filter(|f| f.message.contains("defects in a sample")).map(|f| f.message.as_str()).collect();
    assert_eq!(
        w,
        [
            "the inspection lists 257 defects in a sample of 200 units: check the counts (each unit with several defects counts once per defect)"
        ]
    );
    assert!(evaluate(&claim()).unwrap().findings.iter().all(|f| !f.message.contains("defects in a sample")));
}

#[test]
fn a_claim_that_is_not_an_object_is_told_so_without_rust_type_names() {
    let policy = recourse::Policy::compile(APPAREL).unwrap();
    for (text, path, message) in [
        ("null", None, "invalid type: null, expected an object"),
        ("\"a claim\"", None, "invalid type: string \"a claim\", expected an object"),
        (&CLAIM.replacen("\"order\": {", "\"order\": 5, \"x\": {", 1), Some("order"), "invalid type: integer `5`, expected an object"),
    ] {
        let e = policy.evaluate_json(text).unwrap_err();
        assert_eq!((e.code.as_str(), e.field.as_deref()), ("E0301", path), "{text}");
        assert!(e.message.ends_with(message), "{}", e.message);
        assert!(!e.message.contains("struct"), "{}", e.message);
    }
}

#[test]
fn a_claim_on_each_boundary_is_accepted_one_step_past_it_is_refused() {
    // Delivered 2026-03-02, as of 2026-03-06, 5000 units ordered. Notified, discovered or
    // answered on `as_of`, discovered on the delivery day and every unit affected: accepted.
    type Edit = fn(&mut serde_json::Value);
    let accepted: [(&str, Edit); 5] = [
        ("notified on as_of", |c| c["notified_on"] = "2026-03-06".into()),
        ("discovered on as_of", |c| {
            c["discovered_on"] = "2026-03-06".into();
            c["notified_on"] = "2026-03-06".into();
        }),
        ("answered on as_of", |c| c["supplier_responded_on"] = "2026-03-06".into()),
        ("discovered on delivery", |c| c["discovered_on"] = "2026-03-02".into()),
        ("every unit affected", |c| c["affected_units"] = 5000.into()),
    ];
    for (what, edit) in accepted {
        let mut c = claim();
        edit(&mut c);
        assert!(evaluate(&c).is_ok(), "{what}: {:?}", evaluate(&c).err());
    }
    let refused: [(&str, Edit, &str, &str); 5] = [
        ("notified_on", |c| c["notified_on"] = "2026-03-07".into(), "E0311", "`notified_on` (2026-03-07) is after `as_of` (2026-03-06)"),
        (
            "discovered_on",
            |c| c["discovered_on"] = "2026-03-07".into(),
            "E0311",
            "`discovered_on` (2026-03-07) is after `as_of` (2026-03-06)",
        ),
        (
            "supplier_responded_on",
            |c| c["supplier_responded_on"] = "2026-03-07".into(),
            "E0311",
            "`supplier_responded_on` (2026-03-07) is after `as_of` (2026-03-06)",
        ),
        (
            "discovered_on",
            |c| c["discovered_on"] = "2026-03-01".into(),
            "E0311",
            "`discovered_on` (2026-03-01) is before the delivery (2026-03-02)",
        ),
        ("affected_units", |c| c["affected_units"] = 5001.into(), "E0310", "5001 affected units is more than the 5000 units ordered"),
    ];
    for (field, edit, code, message) in refused {
        let mut c = claim();
        edit(&mut c);
        let e = evaluate(&c).unwrap_err();
        assert_eq!((e.code.as_str(), e.field.as_deref(), e.message.as_str()), (code, Some(field), message));
    }
}

#[test]
fn a_claim_in_another_currency_than_the_policy_is_refused() {
    let mut c = claim();
    c["currency"] = "EUR".into();
    let e = evaluate(&c).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.field.as_deref(), e.message.as_str()),
        ("E0302", Some("currency"), "the claim is in `EUR` but the policy is in `USD`")
    );
}
