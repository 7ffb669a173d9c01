//! The nesting limit holds wherever nesting can come from, and only there: a name spelled like a
//! keyword never hides a level, and flat or sequential structure never counts as nesting.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

const HEADER: &str = "policy \"P\" { currency USD }\n";

fn codes(src: &str) -> Vec<String> {
    recourse::check(src).into_iter().filter(|d| d.is_error()).map(|d| d.code.to_string()).collect()
}

fn nested(depth: usize, open: &str, inner: &str, close: &str) -> String {
    format!("{HEADER}let x = {}{inner}{}\n", open.repeat(depth), close.repeat(depth))
}

#[test]
fn fields_spelled_like_keywords_do_not_hide_nesting() {
    // `costs.else` once made the scan close an `if` that was never opened, so 2500 levels got
    // through to pest and overflowed the stack.
    for name in ["else", "if", "then", "and", "days"] {
        let src = nested(2500, &format!("(claim.costs.{name} + "), "1", ")");
        assert_eq!(codes(&src), ["E0003"], "costs.{name}");
        let diags = recourse::check(&src);
        // Reported where the limit is passed: the 49th `(`.
        let at = diags[0].span.start;
        assert_eq!(src[..at].matches('(').count(), 48, "costs.{name}");
    }
}

#[test]
fn an_if_in_the_final_branch_still_counts() {
    // `if a then b else (if ...)`: every level is one `if` and one parenthesis.
    let deep = nested(40, "if claim.affected_units = 1 then 1 else (", "2", ")");
    assert_eq!(codes(&deep), ["E0003"]);
    let fits = nested(24, "if claim.affected_units = 1 then 1 else (", "2", ")");
    assert_eq!(codes(&fits), Vec::<String>::new());
    // An `if` as the condition or the `then` branch of another nests too.
    assert_eq!(codes(&nested(49, "if ", "true then 1 else 2", " then true else false")), ["E0003"]);
    assert_eq!(codes(&nested(49, "if true then ", "1", " else 2")), ["E0003"]);
    assert_eq!(codes(&nested(48, "if true then ", "1", " else 2")), Vec::<String>::new());
}

#[test]
fn sequential_and_chained_ifs_do_not_add_up() {
    // 200 `let`s and 200 remedy conditions, each with its own `if`, nest one level each.
    let lets: String = (0..200).map(|i| format!("let x{i} = if claim.affected_units = {i} then 1 else 2\n")).collect();
    assert_eq!(codes(&format!("{HEADER}{lets}")), Vec::<String>::new());
    let items: String = (0..60).map(|i| format!("  when if claim.affected_units = {i} then true else false\n")).collect();
    let remedy = format!("{HEADER}remedy refund \"R\" {{\n{items}  supplier pays order.unit_price as \"Refund\"\n}}\n");
    assert_eq!(codes(&remedy), Vec::<String>::new());
    // A 3000-branch chain is a repetition, not nesting.
    let chain = (0..3000).map(|i| format!("if claim.affected_units = {i} then {i}")).collect::<Vec<_>>().join(" else ");
    assert_eq!(codes(&format!("{HEADER}let x = {chain} else 0\n")), Vec::<String>::new());
}

#[test]
fn the_deepest_accepted_expression_compiles_evaluates_and_formats() {
    let src = format!(
        "{HEADER}report let x = {}claim.affected_units{}\nremedy refund \"R\" {{ supplier pays order.unit_price as \"Refund\" }}\n",
        "min(1 + (".repeat(24),
        "), 100)".repeat(24)
    );
    assert_eq!(codes(&src), Vec::<String>::new());
    let policy = recourse::Policy::compile(&src).unwrap();
    let claim = include_str!("../../../policies/apparel-coats.claim.json");
    let mut claim: serde_json::Value = serde_json::from_str(claim).unwrap();
    claim["facts"] = serde_json::json!({});
    claim.as_object_mut().unwrap().remove("inspection");
    let d = policy.evaluate_json(&claim.to_string()).unwrap();
    // 190 affected units, plus one per level, capped at 100 by the outermost `min`.
    assert_eq!(d.reported[0].value, "100");
    assert!(recourse::format(&src).is_ok());
}

#[test]
fn deep_json_in_an_example_is_refused_at_the_limit() {
    let src = format!("{HEADER}example \"E\" {{\n  given claim {}{}\n}}\n", "{\"a\": ".repeat(3000), "1}".repeat(3000));
    assert_eq!(codes(&src), ["E0003"]);
}

#[test]
fn many_errors_on_one_long_line_stay_small() {
    // A 268 KB one-line policy with an unknown name every 20 bytes gave 800 MB of diagnostics.
    let label = "l".repeat(100);
    let lets: String = (0..1_900).map(|i| format!("report let v{i} = nope{i} as \"{label}\" ")).collect();
    let src = format!("policy \"P\" {{ currency USD }} {lets}");
    assert!(src.len() > 250_000, "{}", src.len());
    let diags = recourse::check(&src);
    assert_eq!(diags.len(), recourse::diagnostics::MAX_DIAGNOSTICS + 1);
    assert!(diags[..100].iter().all(|d| d.code == recourse::Code::UnknownName));
    let more = &diags[100];
    assert_eq!(more.code, recourse::Code::MoreDiagnostics);
    assert!(more.is_error());
    assert_eq!(more.message, "1800 more diagnostics from here on are not listed (1800 of them errors)");
    // It points at the first one not listed.
    assert_eq!(&src[more.span.start..more.span.start + 8], "nope100 ");
    let bytes: usize = diags.iter().map(|d| d.text.len() + d.message.len()).sum();
    assert!(bytes < 10_000, "{bytes}");
}

#[test]
fn a_diagnostic_quotes_at_most_a_short_excerpt() {
    let name = "n".repeat(100_000);
    let src = format!("policy \"P\" {{ currency USD }}\nreport let a = {name}\n");
    let diags = recourse::check(&src);
    assert_eq!(diags[0].code, recourse::Code::UnknownName);
    assert_eq!(diags[0].text.chars().count(), recourse::diagnostics::MAX_TEXT_CHARS + 1);
    assert!(diags[0].text.ends_with('…'));
    assert!(diags[0].message.chars().count() <= recourse::diagnostics::MAX_MESSAGE_CHARS + 1);
    // Only dropped unused-let warnings: the "more" line is a warning.
    let lets: String = (0..150).map(|i| format!("let v{i} = 1\n")).collect();
    let diags = recourse::check(&format!("policy \"P\" {{ currency USD }}\n{lets}"));
    assert_eq!(diags.len(), 101);
    assert_eq!((diags[100].code.as_str(), diags[100].is_error()), ("E0007", false));
}

#[test]
fn nesting_ends_with_its_expression() {
    // 48 `if`s in `then` branches, then another 48-deep expression: each is 48 deep. Inside a
    // block, whose brace is a level, 47.
    let nest =
        |n: usize| (format!("{}1{}", "if true then ".repeat(n), " else 2".repeat(n)), format!("{}1{}", "(".repeat(n), ")".repeat(n)));
    let (ifs, parens) = nest(48);
    let (_, inner_parens) = nest(47);
    let (inner_ifs, _) = nest(46);
    let src = format!(
        "{HEADER}report let a = {ifs}\nreport let b = {parens}\nremedy refund \"R\" {{\n  supplier pays order.unit_price * ({inner_ifs}) as \"Refund\"\n  at most order.value * {inner_parens}\n}}\nreport let c = {parens}\n"
    );
    assert_eq!(codes(&src), Vec::<String>::new());
    // `after` ends a deadline's length.
    let due = format!(
        "{HEADER}deadline d \"D\" {{\n  due ({inner_ifs}) days after claim.notified_on\n  missed: escalate\n}}\nreport let b = {parens}\n"
    );
    assert_eq!(codes(&due), Vec::<String>::new());
}
