//! Formatting a policy in which some declarations do not parse: the others are formatted as
//! `recourse::format` would, each broken one is kept byte for byte with its errors, and the result
//! is stable under formatting again.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use recourse::api::format_keeping_unparsable;

const APPAREL: &str = include_str!("../../../policies/apparel-coats.policy");

/// The apparel policy with a remedy written untidily (formatting changes it).
fn untidy() -> String {
    APPAREL.replace("  takes 5 to 10 days\n  risk moderate", "    takes   5 to 10 days\n risk    moderate")
}

const BROKEN_CAP: (&str, &str) = ("supplier total at most 55% of order.value", "supplier total at most 55% of order.value +");

#[test]
fn a_policy_that_parses_is_formatted_as_format_does_with_nothing_kept() {
    let out = format_keeping_unparsable(&untidy()).unwrap();
    assert_eq!(out.text, recourse::format(&untidy()).unwrap());
    assert_eq!(out.text, APPAREL);
    assert!(out.kept.is_empty());
}

#[test]
fn a_broken_declaration_is_kept_as_written_and_the_rest_formatted() {
    let src = untidy().replace(BROKEN_CAP.0, BROKEN_CAP.1);
    assert!(recourse::format(&src).is_err(), "the whole-tree formatter refuses it");
    let out = format_keeping_unparsable(&src).unwrap();
    // Everything but the cap is as `format` writes the policy; the cap is as typed.
    assert_eq!(out.text, APPAREL.replace(BROKEN_CAP.0, BROKEN_CAP.1));
    assert_eq!(out.kept.len(), 1);
    let k = &out.kept[0];
    assert_eq!(k.declaration, "cap \"Q.7 Limitation\" {");
    let cap_line = APPAREL.lines().position(|l| l.starts_with("cap \"Q.7")).unwrap() + 1;
    assert_eq!(k.line, cap_line);
    assert_eq!(k.errors.len(), 1);
    assert_eq!(k.errors[0].code.as_str(), "E0001");
    assert_eq!(k.errors[0].message, "expected an expression, found `}`");
    assert_eq!(k.errors[0].line, cap_line + 2, "located in the whole source");
    // Formatting the result again changes nothing.
    let again = format_keeping_unparsable(&out.text).unwrap();
    assert_eq!(again.text, out.text);
    assert_eq!(again.kept.len(), 1);
}

#[test]
fn two_broken_declarations_an_impossible_date_and_comments_around_them() {
    let src = untidy()
        .replace("  due 20 business days after response.due", "  due 20 business days after")
        .replace(BROKEN_CAP.0, BROKEN_CAP.1)
        .replace("holiday 2026-05-01 to 2026-05-05", "holiday 2026-02-30 to 2026-05-05")
        .replace("deadline cure", "# the cure period\ndeadline cure");
    let out = format_keeping_unparsable(&src).unwrap();
    let kept: Vec<(&str, &str)> = out.kept.iter().map(|k| (k.declaration.as_str(), k.errors[0].code.as_str())).collect();
    assert_eq!(kept.len(), 3, "{kept:?}");
    assert!(kept[0].0.starts_with("calendar supplier"), "{kept:?}");
    assert_eq!(kept[1], ("deadline cure \"Q.5.3 Cure period\" {", "E0001"));
    assert_eq!(kept[2], ("cap \"Q.7 Limitation\" {", "E0001"));
    // Each kept declaration is in the output as written; the untidy remedy is formatted; the
    // comment before the broken deadline is kept once.
    for k in &out.kept {
        let start = src.find(&k.declaration).unwrap();
        let end = src[start..].find("\n}").unwrap() + start + 2;
        assert!(out.text.contains(&src[start..end]), "{} kept as written", k.declaration);
    }
    assert!(out.text.contains("  takes 5 to 10 days\n  risk moderate"));
    assert_eq!(out.text.matches("# the cure period").count(), 1);
    assert_eq!(format_keeping_unparsable(&out.text).unwrap().text, out.text);
}

#[test]
fn the_parser_giving_up_is_an_error() {
    let src: String = (0..25).map(|i| format!("let x{i} = 1 +\n\n")).collect();
    let errors = format_keeping_unparsable(&src).unwrap_err();
    assert_eq!(errors.len(), 20);
    assert!(errors.iter().all(|d| d.code.as_str() == "E0001"));
}

#[test]
fn the_formatted_result_serialises_kept_only_when_there_is_something_kept() {
    let ok = recourse::api::FormatResult::from(format_keeping_unparsable(APPAREL));
    let json = serde_json::to_value(&ok).unwrap();
    assert_eq!(json.get("kept"), None);
    let src = APPAREL.replace(BROKEN_CAP.0, BROKEN_CAP.1);
    let json = serde_json::to_value(recourse::api::FormatResult::from(format_keeping_unparsable(&src))).unwrap();
    assert_eq!(json["ok"], true);
    assert_eq!(json["kept"][0]["declaration"], "cap \"Q.7 Limitation\" {");
    assert_eq!(json["kept"][0]["errors"][0]["code"], "E0001");
}
