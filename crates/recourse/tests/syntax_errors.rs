//! Syntax errors point at the token that is wrong and say what was wanted there, with the way to
//! write it in the help line (issue 17's authoring papercuts, each as its author hit it).
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

const HEAD: &str = "policy \"P\" {\n  currency USD\n}\n\n";

/// The first diagnostic as `code line:column message | help`, read from its JSON form (what every
/// surface shows).
fn first_error(body: &str) -> String {
    let src = format!("{HEAD}{body}");
    let errors = match Policy::compile(&src) {
        Ok(_) => panic!("compiled:\n{src}"),
        Err(e) => e,
    };
    let d = serde_json::to_value(&errors[0]).unwrap();
    format!(
        "{} {}:{} {} | {}",
        d["code"].as_str().unwrap(),
        d["line"],
        d["column"],
        d["message"].as_str().unwrap(),
        d["help"].as_str().unwrap_or("-")
    )
}

#[test]
fn a_missing_word_is_reported_at_the_token_that_stands_in_its_place() {
    assert_eq!(
        first_error("remedy refund \"R.1\" {\n  supplier pays order.value as \"Refund\"\n  takes 7 days to 14\n}\n"),
        "E0001 7:16 expected a remedy item (`when`, `unless`, `supplier pays`, `buyer pays`, `supplier credits`, \
         `at most`, `takes`, `risk`, `reserve`), found `to` | -"
    );
    assert_eq!(
        first_error("input force_majeure bool = false \"Supplier declared force majeure\"\n"),
        "E0001 5:21 expected `:`, found `bool` | an input has a type and, unless the claim must give it, a default: \
         `input stock_critical: bool = false \"description\"`"
    );
}

#[test]
fn a_bad_step_of_the_escalation_ladder_is_reported_inside_the_ladder() {
    assert_eq!(
        first_error("escalate {\n  mediation \"ICC\" takes 4 to 12 weeks\n  arbitration \"ICC\" takes 6 to 18 months\n}\n"),
        "E0001 7:3 expected `fee`, `then`, `unless`, `when` or `}`, found `arbitration` | escalation steps are joined by \
         `then`: `mediation \"ICC\" takes 4 to 12 weeks then arbitration \"ICC\"`; a step may also give \
         `fee USD 1500.00 paid by shared`, `when ...` or `unless ... because \"...\"`"
    );
    assert_eq!(
        first_error("escalate {\n  mediation \"ICC\" tkes 4 to 12 weeks\n}\n"),
        "E0001 6:19 expected `fee`, `takes`, `then`, `unless`, `when` or `}`, found `tkes` | escalation steps are joined \
         by `then`: `mediation \"ICC\" takes 4 to 12 weeks then arbitration \"ICC\"`; a step may also give \
         `fee USD 1500.00 paid by shared`, `when ...` or `unless ... because \"...\"`"
    );
}

#[test]
fn a_reserved_word_used_as_a_name_says_it_is_reserved() {
    assert_eq!(
        first_error("let late = month\n"),
        "E0001 5:12 expected an expression, found `month` | this is a reserved word of the language and cannot name \
         anything; choose another name (e.g. add a suffix: `month_count`)"
    );
    assert_eq!(
        first_error("let month = 3\n"),
        "E0001 5:5 expected a name, found `month` | this is a reserved word of the language and cannot name \
         anything; choose another name (e.g. add a suffix: `month_count`)"
    );
}

#[test]
fn the_found_token_is_never_among_the_expected_ones() {
    for body in [
        "remedy refund \"R.1\" {\n  supplier pays order.value as \"Refund\"\n  takes takes 14 days\n}\n",
        "remedy refund \"R.1\" {\n  when when\n}\n",
        "let a = a a\n",
        "deadline d \"D\" {\n  due due\n}\n",
    ] {
        let e = first_error(body);
        let found = e.split("found ").nth(1).and_then(|r| r.split(" | ").next()).unwrap().to_string();
        let expected = e.split(", found").next().unwrap();
        assert!(!expected.contains(&found), "{e}");
    }
}

#[test]
fn a_single_duration_is_a_remedy_time_and_an_escalation_step_time() {
    let src = format!(
        "{HEAD}remedy refund \"R.1\" {{\n  supplier pays order.value as \"Refund\"\n  takes 14 days\n}}\n\n\
         escalate {{\n  mediation \"ICC\" takes 1 week\n  then arbitration \"ICC\" takes 3 to 12 months\n}}\n"
    );
    let policy = Policy::compile(&src).unwrap();
    let formatted = recourse::format(&src).unwrap();
    assert!(formatted.contains("  takes 14 days\n"), "{formatted}");
    assert!(formatted.contains("  mediation \"ICC\" takes 1 week\n"), "{formatted}");
    assert!(formatted.contains("then arbitration \"ICC\" takes 3 to 12 months\n"), "{formatted}");
    // `takes 14 to 14 days` is the same rule, written the short way.
    let long = src.replace("takes 14 days", "takes 14 to 14 days");
    assert_eq!(recourse::format(&long).unwrap(), formatted);

    let claim = serde_json::json!({
        "claim_id": "C-1", "as_of": "2026-03-10", "supplier": "S", "po": "PO-1", "sku": "SKU", "lot": "L",
        "currency": "USD",
        "order": {"units": 10, "unit_price": "5.00", "value": "50.00", "delivered_on": "2026-03-01"},
        "affected_units": 1, "discovered_on": "2026-03-02", "notified_on": "2026-03-02"
    });
    let decision = policy.evaluate(&recourse::Claim::from_json(&claim.to_string()).unwrap()).unwrap();
    let window = serde_json::to_value(decision.remedies[0].window).unwrap();
    assert_eq!(window, serde_json::json!({"from": "2026-03-24", "to": "2026-03-24"}));
}
