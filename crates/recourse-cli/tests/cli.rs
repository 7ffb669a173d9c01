//! The built `recourse` binary, run as a user would (from the workspace root, output piped, so
//! without colour): snapshots of what it prints and its exit codes. Bless snapshots with
//! `INSTA_UPDATE=always` or `cargo insta review`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

struct Run {
    stdout: String,
    stderr: String,
    code: i32,
}

impl Run {
    /// Exit code, stdout and stderr in one text, for a snapshot.
    fn text(&self) -> String {
        let mut s = format!("exit: {}\n", self.code);
        if !self.stdout.is_empty() {
            s.push_str("--- stdout\n");
            s.push_str(&self.stdout);
        }
        if !self.stderr.is_empty() {
            s.push_str("--- stderr\n");
            s.push_str(&self.stderr);
        }
        s
    }
}

fn recourse_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_recourse"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    let run = Run {
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        code: out.status.code().expect("exited, not killed by a signal"),
    };
    assert!(!run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"), "{args:?} panicked:\n{}", run.stderr);
    assert!(!run.stdout.contains('\u{1b}') && !run.stderr.contains('\u{1b}'), "{args:?}: colour when piped");
    run
}

fn recourse(args: &[&str]) -> Run {
    recourse_in(&root(), args)
}

/// Policies in `policies/` and, for each, its claims `X*.claim.json` beside it.
fn policies_and_claims() -> Vec<(String, Vec<String>)> {
    let dir = root().join("policies");
    let mut names: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let policies: Vec<String> = names.iter().filter_map(|n| n.strip_suffix(".policy").map(str::to_string)).collect();
    policies
        .iter()
        .map(|p| {
            // `X.claim.json` or `X-something.claim.json`, but not another policy's claims.
            let claims: Vec<String> = names
                .iter()
                .filter(|n| n.ends_with(".claim.json"))
                .filter(|n| {
                    let stem = n.trim_end_matches(".claim.json");
                    stem.starts_with(p.as_str())
                        && !policies
                            .iter()
                            .any(|other| other.len() > p.len() && other.starts_with(p.as_str()) && stem.starts_with(other.as_str()))
                })
                .cloned()
                .collect();
            (p.clone(), claims)
        })
        .collect()
}

// ---------------------------------------------------------------------------------- check

#[test]
fn check_renders_the_malformed_corpus_like_rustc() {
    let root = root();
    insta::glob!("../../recourse/tests/malformed/policies", "*.policy", |path| {
        let rel = path.canonicalize().unwrap();
        let rel = rel.strip_prefix(&root).unwrap().to_string_lossy().into_owned();
        let run = recourse(&["check", &rel]);
        let name = path.file_name().unwrap().to_string_lossy();
        let expected = if name.contains("warnings") { 0 } else { 1 };
        assert_eq!(run.code, expected, "{name}\n{}", run.text());
        assert!(run.stdout.contains(&format!("--> {rel}:")), "{}", run.stdout);
        insta::assert_snapshot!(run.text());
    });
}

#[test]
fn check_passes_the_shipped_policies() {
    let run = recourse(&["check", "policies"]);
    assert_eq!(run.code, 0, "{}", run.text());
    assert!(run.stdout.ends_with(": 0 errors, 0 warnings\n"), "{}", run.stdout);
}

#[test]
fn check_json_lists_every_file_with_its_diagnostics() {
    let run = recourse(&[
        "check",
        "--format",
        "json",
        "crates/recourse/tests/malformed/policies/06-unknown-name.policy",
        "policies/apparel-coats.policy",
    ]);
    assert_eq!(run.code, 1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let files = v.as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["file"], "crates/recourse/tests/malformed/policies/06-unknown-name.policy");
    assert_eq!(files[0]["ok"], false);
    let d = &files[0]["diagnostics"][0];
    assert_eq!(d["code"], "E0103");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(3), Some(8)));
    assert_eq!(d["text"], "claim.notifed_on");
    assert_eq!(files[1]["ok"], true);
    assert_eq!(files[1]["diagnostics"].as_array().unwrap().len(), 0);
}

// ------------------------------------------------------------------- eval, explain, test

#[test]
fn eval_and_explain_every_policy_against_its_claims() {
    let pairs = policies_and_claims();
    assert!(pairs.len() >= 4, "{pairs:?}");
    for (policy, claims) in pairs {
        assert!(!claims.is_empty(), "{policy}.policy has no claim file beside it");
        let policy_path = format!("policies/{policy}.policy");
        for claim in claims {
            let claim_path = format!("policies/{claim}");
            let stem = claim.trim_end_matches(".claim.json");
            let eval = recourse(&["eval", &policy_path, &claim_path]);
            assert_eq!(eval.code, 0, "{}", eval.text());
            assert!(eval.stdout.contains("\nRemedies\n") && eval.stdout.contains("Recommended: "), "{}", eval.stdout);
            insta::assert_snapshot!(format!("eval__{stem}"), eval.text());
            let explain = recourse(&["explain", &policy_path, &claim_path]);
            assert_eq!(explain.code, 0, "{}", explain.text());
            insta::assert_snapshot!(format!("explain__{stem}"), explain.text());
        }
    }
}

#[test]
fn eval_json_is_the_api_result_exactly() {
    let root = root();
    for (policy, claims) in policies_and_claims() {
        let policy_src = std::fs::read_to_string(root.join(format!("policies/{policy}.policy"))).unwrap();
        for claim in claims {
            let claim_src = std::fs::read_to_string(root.join(format!("policies/{claim}"))).unwrap();
            let run = recourse(&["eval", &format!("policies/{policy}.policy"), &format!("policies/{claim}"), "--json"]);
            assert_eq!(run.code, 0, "{}", run.text());
            assert_eq!(run.stdout, recourse::api::evaluate_to_json(&policy_src, &claim_src), "{policy} {claim}");
        }
    }
}

#[test]
fn test_runs_every_example_in_policies() {
    // Without an argument: policies/ in the current directory.
    let run = recourse(&["test"]);
    assert_eq!(run.code, 0, "{}", run.text());
    let last = run.stdout.lines().last().unwrap();
    let (passed, failed) = last.split_once(" passed, ").unwrap();
    assert!(passed.parse::<usize>().unwrap() > 0, "{last}");
    assert_eq!(failed, "0 failed");
    insta::assert_snapshot!(run.text());
}

#[test]
fn policies_are_formatted() {
    let run = recourse(&["fmt", "--check", "policies"]);
    assert_eq!(run.code, 0, "these policies are not in the canonical layout:\n{}", run.text());
    assert_eq!(run.stdout, "");
}

#[test]
fn sweep_of_affected_units_for_the_apparel_policy() {
    let run = recourse(&[
        "sweep",
        "policies/apparel-coats.policy",
        "policies/apparel-coats.claim.json",
        "--vary",
        "affected_units",
        "--from",
        "0",
        "--to",
        "400",
        "--step",
        "50",
    ]);
    assert_eq!(run.code, 0, "{}", run.text());
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 10, "a header and 9 rows");
    assert!(lines[0].starts_with("affected_units,recommended,"));
    assert!(lines[1].starts_with("0,") && lines[9].starts_with("400,"));
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn sweep_steps_are_exact_decimals_and_counts_stay_integers() {
    let run = recourse(&[
        "sweep",
        "policies/apparel-coats.policy",
        "policies/apparel-coats.claim.json",
        "--vary",
        "order.unit_price",
        "--from",
        "0.1",
        "--to",
        "0.3",
        "--step",
        "0.1",
    ]);
    assert_eq!(run.code, 0, "{}", run.text());
    let first: Vec<&str> = run.stdout.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    // With floats, 0.1 + 0.1 + 0.1 would miss 0.3.
    assert_eq!(first, ["0.1", "0.2", "0.3"]);

    let run = recourse(&[
        "sweep",
        "policies/apparel-coats.policy",
        "policies/apparel-coats.claim.json",
        "--vary",
        "inspection.found[0].count",
        "--from",
        "0",
        "--to",
        "2",
        "--step",
        "1",
    ]);
    assert_eq!(run.code, 0, "{}", run.text());
    let recommended: Vec<&str> = run.stdout.lines().skip(1).map(|l| l.split(',').nth(1).unwrap()).collect();
    // No zipper failure: the lot is accepted and replacement is not available.
    assert_eq!(recommended, ["credit_offset", "replacement", "replacement"]);

    let run = recourse(&[
        "sweep",
        "policies/apparel-coats.policy",
        "policies/apparel-coats.claim.json",
        "--vary",
        "affected_units",
        "--from",
        "0",
        "--to",
        "1",
        "--step",
        "0.5",
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "error: --vary affected_units: the field is a whole number, but the range gives 0.5\n");
}

#[test]
fn sweep_varies_dates_and_yes_no_inputs_and_shows_deadlines_lot_and_flags() {
    // Issue 17: the notice date, as the page varies it, by whole days; each row carries the
    // deadlines' due dates and statuses, the lot's disposition and the flags.
    let args = ["sweep", "policies/apparel-coats.policy", "policies/apparel-coats.claim.json", "--vary", "notified_on"];
    let run = recourse(&[&args[..], &["--from", "2026-02-20", "--to", "2026-03-06", "--step", "7"]].concat());
    assert_eq!(run.code, 0, "{}", run.text());
    let rows: Vec<Vec<&str>> = run.stdout.lines().map(|l| l.split(',').collect()).collect();
    let col = |name: &str| rows[0].iter().position(|h| *h == name).unwrap_or_else(|| panic!("no column {name}: {:?}", rows[0]));
    let pick = |name: &str| rows[1..].iter().map(|r| r[col(name)]).collect::<Vec<_>>();
    assert_eq!(pick("notified_on"), ["2026-02-20", "2026-02-27", "2026-03-06"]);
    assert_eq!(pick("response.due"), ["2026-02-27", "2026-03-06", "2026-03-13"]);
    assert_eq!(pick("response.status"), ["missed", "open", "open"]);
    assert_eq!(pick("lot.disposition"), ["rejected", "rejected", "rejected"]);
    assert_eq!(pick("flag.recurring"), ["false", "true", "true"]);

    let run = recourse(&["sweep", "policies/apparel-coats.policy", "policies/apparel-coats.claim.json", "--vary", "facts.stock_critical"]);
    assert_eq!(run.code, 0, "{}", run.text());
    let recommended: Vec<(&str, &str)> = run
        .stdout
        .lines()
        .skip(1)
        .map(|l| {
            let mut f = l.split(',');
            (f.next().unwrap(), f.next().unwrap())
        })
        .collect();
    assert_eq!(recommended, [("false", "return_to_origin"), ("true", "replacement")]);

    // Sweeping a price shows the contingency the policy reports.
    let run = recourse(&[
        "sweep",
        "policies/electronics-run.policy",
        "policies/electronics-run.claim.json",
        "--vary",
        "order.unit_price",
        "--from",
        "10",
        "--to",
        "30",
        "--step",
        "10",
    ]);
    assert_eq!(run.code, 0, "{}", run.text());
    let rows: Vec<Vec<&str>> = run.stdout.lines().map(|l| l.split(',').collect()).collect();
    let at = rows[0].iter().position(|h| *h == "report.contingency_reserve").unwrap();
    assert_eq!(rows[1..].iter().map(|r| r[at]).collect::<Vec<_>>(), ["9600.00", "19200.00", "28800.00"]);

    let bad = recourse(&[&args[..], &["--from", "2026-02-20", "--to", "2026-03-06", "--step", "0.5"]].concat());
    assert_eq!((bad.code, bad.stderr.as_str()), (2, "error: --step: dates step by whole days, not 0.5\n"));
    let missing = recourse(&["sweep", "policies/apparel-coats.policy", "policies/apparel-coats.claim.json", "--vary", "affected_units"]);
    assert_eq!((missing.code, missing.stderr.as_str()), (2, "error: --from is required to vary `affected_units`\n"));
}

// --------------------------------------------------------------------------- exit codes

#[test]
fn exit_codes_for_bad_input() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["eval", "policies/missing.policy", "policies/apparel-coats.claim.json"],
            "error: policies/missing.policy: cannot read: no such file\n",
        ),
        (&["eval", "policies/apparel-coats.policy", "claims/missing.json"], "error: claims/missing.json: cannot read: no such file\n"),
        (
            &["eval", "policies/apparel-coats.policy", "crates/recourse/tests/malformed/claims/c11-not-json.json"],
            "error: crates/recourse/tests/malformed/claims/c11-not-json.json: invalid JSON: EOF while parsing a value at line 1 column 31\n",
        ),
        (
            &["explain", "policies/apparel-coats.policy", "crates/recourse/tests/malformed/claims/c01-wrong-type.json"],
            "error: crates/recourse/tests/malformed/claims/c01-wrong-type.json: affected_units: `many` is not a whole non-negative number (E0301)\n",
        ),
        (
            &["eval", "policies/apparel-coats.policy", "crates/recourse/tests/malformed/claims/c09-fact-type.json"],
            "error: crates/recourse/tests/malformed/claims/c09-fact-type.json: facts.stock_critical: `stock_critical` must be a bool, found `\"yes\"` (E0309)\n",
        ),
        (&["check", "nowhere.policy"], "error: nowhere.policy: no such file or directory\n"),
        (&["test", "nowhere"], "error: nowhere: no such file or directory\n"),
        (&["explain-code", "E9999"], ""),
    ];
    for (args, stderr) in cases {
        let run = recourse(args);
        assert_eq!(run.code, 2, "{args:?}\n{}", run.text());
        assert_eq!(run.stdout, "", "{args:?}");
        assert_eq!(run.stderr.lines().count(), 1, "one line: {args:?}\n{}", run.stderr);
        if !stderr.is_empty() {
            assert_eq!(&run.stderr, stderr, "{args:?}");
        }
    }
    // Usage errors are clap's, exit 2 too.
    assert_eq!(recourse(&["eval", "policies/apparel-coats.policy"]).code, 2);
    assert_eq!(recourse(&["frobnicate"]).code, 2);
}

#[test]
fn a_claim_with_a_wrong_field_type_names_the_field() {
    let dir = scratch("wrong-type");
    let mut claim: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("policies/apparel-coats.claim.json")).unwrap()).unwrap();
    claim["order"]["unit_price"] = serde_json::json!(true);
    std::fs::write(dir.join("x.json"), claim.to_string()).unwrap();
    let policy = root().join("policies/apparel-coats.policy");
    let run = recourse_in(&dir, &["eval", policy.to_str().unwrap(), "x.json"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("error: x.json: order.unit_price: "), "{}", run.stderr);
    let json = recourse_in(&dir, &["eval", policy.to_str().unwrap(), "x.json", "--json"]);
    assert_eq!(json.code, 2);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!((v["ok"].as_bool(), v["errors"][0]["code"].as_str()), (Some(false), Some("E0301")));
}

#[test]
fn exit_codes_for_success_and_failure() {
    assert_eq!(recourse(&["check", "policies/apparel-coats.policy"]).code, 0);
    assert_eq!(recourse(&["check", "crates/recourse/tests/malformed/policies/21-warnings.policy"]).code, 0, "warnings alone pass");
    assert_eq!(recourse(&["check", "crates/recourse/tests/malformed/policies/05-let-cycle.policy"]).code, 1);
    assert_eq!(recourse(&["eval", "policies/apparel-coats.policy", "policies/apparel-coats.claim.json"]).code, 0);
    assert_eq!(recourse(&["explain-code", "w0202"]).code, 0);
    // A policy with errors cannot be evaluated: its diagnostics, exit 1.
    let run = recourse(&["eval", "crates/recourse/tests/malformed/policies/05-let-cycle.policy", "policies/apparel-coats.claim.json"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.starts_with("error[E0111]: "), "{}", run.stderr);
}

#[test]
fn an_evaluation_error_is_rendered_against_the_policy() {
    let dir = scratch("eval-error");
    std::fs::write(
        dir.join("div.policy"),
        "policy \"Div\" { currency USD }\nlet per_unit = order.value / claim.affected_units\nremedy refund \"R.1 Refund\" {\n  supplier pays per_unit as \"Refund\"\n}\n",
    )
    .unwrap();
    let claim = r#"{ "claim_id": "C-1", "as_of": "2026-03-06", "currency": "USD",
        "order": { "units": 10, "unit_price": "4.25", "delivered_on": "2026-03-02" },
        "affected_units": 0, "discovered_on": "2026-03-04", "notified_on": "2026-03-05" }"#;
    std::fs::write(dir.join("zero.json"), claim).unwrap();
    let run = recourse_in(&dir, &["eval", "div.policy", "zero.json"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.text());
}

/// A fresh directory under the target dir's tmp (removed first if a previous run left it).
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("recourse-cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn test_reports_a_failing_example_and_exits_1() {
    let dir = scratch("failing-example");
    std::fs::copy(root().join("policies/apparel-coats.claim.json"), dir.join("apparel-coats.claim.json")).unwrap();
    let src = std::fs::read_to_string(root().join("policies/apparel-coats.policy")).unwrap();
    let src = src.replace("expect replacement supplier total = USD 8930.00", "expect replacement supplier total = USD 8000.00");
    std::fs::write(dir.join("p.policy"), &src).unwrap();
    // An example whose claim file is missing fails too, with the reason.
    std::fs::write(
        dir.join("q.policy"),
        "policy \"Q\" { currency USD }\nremedy refund \"R.1\" {\n  supplier pays order.value as \"Refund\"\n}\nexample \"gone\" {\n  given claim \"gone.json\"\n  expect recommend refund\n}\n",
    )
    .unwrap();
    let run = recourse_in(&dir, &["test", "."]);
    assert_eq!(run.code, 1, "{}", run.text());
    let last = run.stdout.lines().last().unwrap();
    assert!(last.ends_with(" passed, 2 failed"), "{last}");
    assert!(run.stdout.contains("  FAIL  Zipper failures found in AQL inspection (line "), "{}", run.stdout);
    assert!(run.stdout.contains("expect replacement supplier total = USD 8000.00"), "{}", run.stdout);
    assert!(run.stdout.contains("          expected: USD 8000.00\n          actual:   USD 8930.00"), "{}", run.stdout);
    assert!(run.stdout.contains("          clause:   Q.6.1 Replacement of non-conforming goods"), "{}", run.stdout);
    assert!(run.stdout.contains("given claim \"gone.json\": ./gone.json: cannot read: no such file"), "{}", run.stdout);
}

#[test]
fn a_claim_field_the_policy_reads_but_the_claim_lacks_is_an_error_of_that_clause() {
    // Issue 17: reported at the policy line that reads it, with the clause and the claim field,
    // exit 1 (an evaluation error), not exit 2 (bad command-line input).
    let dir = scratch("absent-field");
    std::fs::write(
        dir.join("p.policy"),
        "policy \"P\" {\n  currency USD\n}\n\nremedy refund \"R.1 Refund\" {\n  when evidence.third_party_report != \"\"\n  supplier pays order.value as \"Refund\"\n}\n",
    )
    .unwrap();
    let mut claim: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("policies/cisg-default.claim.json")).unwrap()).unwrap();
    claim["evidence"].as_object_mut().unwrap().remove("third_party_report");
    claim.as_object_mut().unwrap().remove("facts");
    std::fs::write(dir.join("c.json"), claim.to_string()).unwrap();
    let run = recourse_in(&dir, &["eval", "--color", "never", "p.policy", "c.json"]);
    assert_eq!(run.code, 1, "{}", run.text());
    assert!(run.stderr.contains("error[E0304]: the claim has no `evidence.third_party_report`"), "{}", run.stderr);
    assert!(run.stderr.contains("--> p.policy:6:8"), "{}", run.stderr);
    assert!(run.stderr.contains("= note: in R.1 Refund"), "{}", run.stderr);
    assert!(run.stderr.contains("= note: the claim: c.json: evidence.third_party_report"), "{}", run.stderr);
}

#[test]
fn a_reported_amount_finer_than_the_currency_says_it_is_not_rounded() {
    let dir = scratch("reported-exact");
    std::fs::write(
        dir.join("p.policy"),
        "policy \"P\" {\n  currency USD\n}\n\nreport let fee = order.unit_price * 0.0000015 as \"Fee per unit\"\n\n\
         remedy refund \"R.1\" {\n  supplier pays order.value as \"Refund\"\n}\n",
    )
    .unwrap();
    let mut claim: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("policies/cisg-default.claim.json")).unwrap()).unwrap();
    claim.as_object_mut().unwrap().remove("facts");
    std::fs::write(dir.join("c.json"), claim.to_string()).unwrap();
    let run = recourse_in(&dir, &["eval", "p.policy", "c.json"]);
    assert_eq!(run.code, 0, "{}", run.text());
    assert!(run.stdout.contains("  Fee per unit (fee)  0.00525  money\n"), "{}", run.stdout);
    assert!(run.stdout.contains("(amounts as computed: a reported value is not rounded to USD's minor unit)"), "{}", run.stdout);
}

#[test]
fn test_takes_several_files_and_folders() {
    let dir = scratch("test-many");
    std::fs::create_dir_all(dir.join("more")).unwrap();
    for name in ["cisg-default", "food-brand"] {
        std::fs::copy(root().join(format!("policies/{name}.policy")), dir.join(format!("more/{name}.policy"))).unwrap();
    }
    for claim in ["cisg-default.claim.json", "food-brand.claim.json", "food-brand-repeat.claim.json"] {
        std::fs::copy(root().join(format!("policies/{claim}")), dir.join(format!("more/{claim}"))).unwrap();
    }
    std::fs::copy(root().join("policies/apparel-coats.policy"), dir.join("apparel-coats.policy")).unwrap();
    std::fs::copy(root().join("policies/apparel-coats.claim.json"), dir.join("apparel-coats.claim.json")).unwrap();
    let run = recourse_in(&dir, &["test", "apparel-coats.policy", "more"]);
    assert_eq!(run.code, 0, "{}", run.text());
    let files: Vec<&str> = run.stdout.lines().filter(|l| l.ends_with(".policy")).collect();
    assert_eq!(files, ["apparel-coats.policy", "more/cisg-default.policy", "more/food-brand.policy"], "{}", run.stdout);
    let one = recourse_in(&dir, &["test", "apparel-coats.policy"]);
    let count = |text: &str| text.lines().last().unwrap().split(' ').next().unwrap().parse::<usize>().unwrap();
    assert!(count(&run.stdout) > count(&one.stdout), "{}\n{}", run.stdout, one.stdout);
}

#[test]
fn fmt_rewrites_in_place_and_check_lists_what_would_change() {
    let dir = scratch("fmt");
    let messy = "policy   \"P\" {currency USD}\n\n\n# a comment\nremedy refund \"R.1\" {\n supplier pays order.value as \"Refund\" }\n";
    std::fs::write(dir.join("p.policy"), messy).unwrap();
    let run = recourse_in(&dir, &["fmt", "--check", "p.policy"]);
    assert_eq!(run.code, 1, "{}", run.text());
    assert_eq!(run.stdout, "p.policy\n");
    assert_eq!(std::fs::read_to_string(dir.join("p.policy")).unwrap(), messy, "--check changes nothing");
    let run = recourse_in(&dir, &["fmt", "p.policy"]);
    assert_eq!(run.code, 0, "{}", run.text());
    let formatted = std::fs::read_to_string(dir.join("p.policy")).unwrap();
    assert_ne!(formatted, messy);
    assert!(formatted.contains("# a comment"), "comments are kept:\n{formatted}");
    let run = recourse_in(&dir, &["fmt", "--check", "p.policy"]);
    assert_eq!(run.code, 0, "formatting is idempotent: {}", run.text());
    // A file that does not parse is left alone, with its diagnostics.
    std::fs::write(dir.join("bad.policy"), "policy \"P\" { currency USD\n").unwrap();
    let run = recourse_in(&dir, &["fmt", "bad.policy"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[E0001]"), "{}", run.stderr);
}

#[test]
fn explain_code_prints_the_index_section() {
    let index = std::fs::read_to_string(root().join("grammar/DIAGNOSTICS.md")).unwrap();
    let run = recourse(&["explain-code", "E0103"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("## E0103: unknown name\n"), "{}", run.stdout);
    assert!(index.contains(&run.stdout), "explain-code prints the text of grammar/DIAGNOSTICS.md");
    let all = recourse(&["explain-code", "--all"]);
    assert_eq!(all.stdout, index);
}

#[test]
fn batch_streams_results_in_input_order_and_survives_bad_claims() {
    let dir = scratch("batch");
    let base: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("policies/apparel-coats.claim.json")).unwrap()).unwrap();
    let mut lines = Vec::new();
    for i in 0..300u64 {
        let mut c = base.clone();
        c["claim_id"] = format!("C-{i}").into();
        c["affected_units"] = (i + 1).into();
        lines.push(match i {
            7 => "{ not json".to_string(),
            8 => String::new(), // blank lines are skipped
            150 => {
                c["inspection"]["found"][0]["defect"] = "nope".into();
                c.to_string()
            }
            _ => c.to_string(),
        });
    }
    let file = dir.join("claims.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let run = recourse(&["batch", "policies/apparel-coats.policy", file.to_str().unwrap(), "-j", "3"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out: Vec<serde_json::Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(out.len(), 299);
    // In input order, numbered by input line.
    let numbers: Vec<u64> = out.iter().map(|v| v["line"].as_u64().unwrap()).collect();
    let expected: Vec<u64> = (1..=300).filter(|n| *n != 9).collect();
    assert_eq!(numbers, expected);
    assert_eq!(out[7]["ok"], false);
    assert_eq!(out[7]["errors"][0]["code"], "E0301");
    let bad = out.iter().find(|v| v["line"] == 151).unwrap();
    assert_eq!(bad["errors"][0]["code"], "E0303");
    // Claim i has i + 1 affected coats at USD 42.00 plus USD 950.00 freight.
    let d = &out[0]["decision"];
    assert_eq!(d["claim_id"], "C-0");
    assert_eq!(d["remedies"][0]["supplier_total"], "992.00");
    let last = &out[298]["decision"];
    assert_eq!(last["remedies"][0]["supplier_total"], "13550.00");
    assert!(run.stderr.contains("299 claims: 297 decided, 2 with errors"), "{}", run.stderr);
}

#[test]
fn packet_closeout_and_log_for_the_design_example() {
    let packet = recourse(&["packet", "policies/apparel-coats.policy", "policies/apparel-coats.claim.json"]);
    assert_eq!(packet.code, 0, "{}", packet.stderr);
    insta::assert_snapshot!("packet_markdown", packet.text());
    for secret in ["Ana Lima", "ana.lima@example.com", "Rua Augusta", "912 345 678", "SHOP-100234"] {
        assert!(!packet.stdout.contains(secret), "{secret} survived in the packet");
    }
    let json = recourse(&["packet", "--json", "policies/apparel-coats.policy", "policies/apparel-coats.claim.json"]);
    assert_eq!(json.code, 0);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert!(value.is_object());
    let closeout = recourse(&[
        "closeout",
        "policies/apparel-coats.policy",
        "policies/apparel-coats.claim.json",
        "--explanation",
        "Zipper supplier changed in January",
    ]);
    assert_eq!(closeout.code, 0);
    assert_eq!(closeout.stdout.lines().count(), 6);
    insta::assert_snapshot!("closeout", closeout.text());
    let log = recourse(&["log", "policies/food-brand.policy", "policies/food-brand.claim.json", "policies/food-brand-repeat.claim.json"]);
    assert_eq!(log.code, 0);
    insta::assert_snapshot!("log_csv", log.text());
}

#[test]
fn scorecard_over_a_claim_and_lot_receipts() {
    let run = recourse(&[
        "scorecard",
        "policies/apparel-coats.policy",
        "policies/apparel-coats.claim.json",
        "--receipts",
        "policies/apparel-coats.receipts.json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("26667 ppm"), "{}", run.stdout);
    assert!(run.stdout.contains("status              probation"), "{}", run.stdout);
    insta::assert_snapshot!("scorecard", run.text());
    let json = recourse(&[
        "scorecard",
        "--json",
        "policies/apparel-coats.policy",
        "policies/apparel-coats.claim.json",
        "--receipts",
        "policies/apparel-coats.receipts.json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["triggered"][0]["remedy"], "qa_audit");
    let bad = recourse(&["scorecard", "policies/apparel-coats.policy", "--receipts", "policies/apparel-coats.claim.json"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.starts_with("error: policies/apparel-coats.claim.json: receipts:"), "{}", bad.stderr);
}

#[test]
fn a_field_spelled_like_a_keyword_cannot_nest_past_the_limit() {
    // 2500 levels of `(costs.else + (...))` aborted every command with a stack overflow.
    let dir = scratch("deep");
    let src = format!("policy \"P\" {{ currency USD }}\nreport let x = {}1{}\n", "(costs.else + ".repeat(2500), ")".repeat(2500));
    let policy = dir.join("deep.policy");
    std::fs::write(&policy, &src).unwrap();
    let p = policy.to_str().unwrap();
    let claim = root().join("policies/apparel-coats.claim.json");
    let c = claim.to_str().unwrap();
    for args in [vec!["check", p], vec!["fmt", "--check", p], vec!["test", p], vec!["eval", p, c], vec!["batch", p, c]] {
        let run = recourse(&args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.text());
        assert!(run.text().contains("error[E0003]: expressions nest more than 48 levels deep here"), "{args:?}: {}", run.text());
    }
}

#[test]
fn many_errors_on_a_long_line_give_a_short_report() {
    let dir = scratch("long-line");
    let label = "l".repeat(100);
    let lets: String = (0..1_900).map(|i| format!("report let v{i} = nope{i} as \"{label}\" ")).collect();
    let policy = dir.join("long.policy");
    std::fs::write(&policy, format!("policy \"P\" {{ currency USD }} {lets}\n")).unwrap();
    let run = recourse(&["check", policy.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    let out = run.text();
    // 100 diagnostics and the one that counts the rest, each with a window of the line.
    assert_eq!(out.matches("error[E0103]").count(), 100);
    assert!(
        out.contains("error[E0007]: 1800 more diagnostics from here on are not listed (1800 of them errors)"),
        "{}",
        &out[out.len() - 600..]
    );
    assert!(out.len() < 100_000, "{} bytes", out.len());
    let fifth = out.split("\n\n").nth(4).unwrap();
    assert!(fifth.contains(&format!("--> {}:1:", policy.display())), "{fifth}");
    assert!(fifth.contains("| …") && fifth.contains("= nope4 as") && fifth.contains(" ^^^^^\n"), "{fifth}");
}

#[test]
fn batch_reports_a_line_that_is_not_utf8_and_goes_on() {
    let dir = scratch("batch-bytes");
    let good = std::fs::read_to_string(root().join("policies/apparel-coats.claim.json")).unwrap();
    let good: serde_json::Value = serde_json::from_str(&good).unwrap();
    let good = good.to_string();
    let mut bytes = Vec::new();
    bytes.extend_from_slice(good.as_bytes());
    bytes.extend_from_slice(b"\n{\"claim_id\": \"C-\xff\xfe\"}\n");
    // A line larger than a claim may be: skipped without being held.
    bytes.extend_from_slice(format!("\"{}\"\n", "x".repeat(recourse::model::claim::MAX_CLAIM_BYTES + 10)).as_bytes());
    bytes.extend_from_slice(good.as_bytes());
    bytes.extend_from_slice(b"\r\n");
    bytes.extend_from_slice(good.as_bytes());
    let file = dir.join("claims.jsonl");
    std::fs::write(&file, &bytes).unwrap();
    let run = recourse(&["batch", "policies/apparel-coats.policy", file.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out: Vec<serde_json::Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(
        out.iter().map(|v| (v["line"].as_u64().unwrap(), v["ok"].as_bool().unwrap())).collect::<Vec<_>>(),
        [(1, true), (2, false), (3, false), (4, true), (5, true)]
    );
    assert_eq!(out[1]["errors"][0]["code"], "E0301");
    assert_eq!(out[1]["errors"][0]["message"], "the line is not UTF-8 text (invalid byte at column 17)");
    assert_eq!(
        out[2]["errors"][0]["message"],
        format!(
            "the line is {} bytes; a claim may be at most {} bytes",
            recourse::model::claim::MAX_CLAIM_BYTES + 13,
            recourse::model::claim::MAX_CLAIM_BYTES
        )
    );
    assert_eq!(out[3]["decision"], out[0]["decision"]);
    assert_eq!(out[4]["decision"], out[0]["decision"]);
}

#[test]
fn an_example_reads_only_a_claim_file_inside_the_policy_folder() {
    let dir = scratch("example-paths");
    std::fs::copy(root().join("policies/apparel-coats.claim.json"), dir.join("c.json")).unwrap();
    let policy = std::fs::read_to_string(root().join("policies/apparel-coats.policy")).unwrap();
    for (name, why) in [
        ("/dev/zero", "`/dev/zero` is not a file inside the policy's folder"),
        ("/etc/passwd", "`/etc/passwd` is not a file inside the policy's folder"),
        ("../example-paths/c.json", "`../example-paths/c.json` is not a file inside the policy's folder"),
        ("missing.json", "missing.json: cannot read: no such file"),
    ] {
        let src = policy.replace("\"apparel-coats.claim.json\"", &format!("{name:?}"));
        let file = dir.join("p.policy");
        std::fs::write(&file, src).unwrap();
        let run = recourse(&["test", file.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{name}: {}", run.stdout);
        assert!(run.stdout.contains(why), "{name}: {}", run.stdout);
    }
    #[cfg(unix)]
    {
        let _ = std::fs::remove_file(dir.join("zero.json"));
        std::os::unix::fs::symlink("/dev/zero", dir.join("zero.json")).unwrap();
        let src = policy.replace("\"apparel-coats.claim.json\"", "\"zero.json\"");
        std::fs::write(dir.join("p.policy"), src).unwrap();
        let run = recourse(&["test", dir.join("p.policy").to_str().unwrap()]);
        assert_eq!(run.code, 1);
        assert!(run.stdout.contains("is not a file inside the policy's folder"), "{}", run.stdout);
    }
    let src = policy.replace("\"apparel-coats.claim.json\"", "\"./c.json\"");
    std::fs::write(dir.join("p.policy"), src).unwrap();
    let run = recourse(&["test", dir.join("p.policy").to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn flips_names_the_exact_defect_count_where_the_remedy_turns() {
    let args = ["flips", "policies/apparel-coats.policy", "policies/apparel-coats.claim.json", "--vary", "inspection.found[0].count"];
    let run = recourse(&[&args[..], &["--from", "0", "--to", "5"]].concat());
    assert_eq!(run.code, 0, "{}", run.text());
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "inspection.found[0].count from 0 to 5: 1 flip point (every value evaluated, step 1)");
    assert_eq!(lines[1], "recommended: credit_offset up to 0, replacement from 1");
    assert_eq!(lines[3], "0 -> 1");
    assert!(
        run.stdout.contains("  lot: accepted -> rejected  [Q.3 Acceptance sampling: rejected: 1 zipper_failure (critical)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("  1 to 5: recommended replacement;"), "{}", run.stdout);

    let json = recourse(&[&args[..], &["--from", "0", "--to", "5", "--json"]].concat());
    assert_eq!(json.code, 0, "{}", json.text());
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!((v["points"][0]["below"].as_str(), v["points"][0]["above"].as_str()), (Some("0"), Some("1")));
    assert_eq!(v["points"][0]["changes"][0]["kind"], "recommended");
    assert_eq!(v["intervals"][1]["outcome"]["recommended"], "replacement");
    assert_eq!(v["evaluated"], 6);

    // A range past the bound is refused with its code, as JSON and as one line.
    let big = ["--vary", "order.unit_price", "--from", "0", "--to", "5000"];
    let json = recourse(&[&args[..3], &big[..], &["--json"]].concat());
    assert_eq!(json.code, 1);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!((v["ok"].as_bool(), v["errors"][0]["code"].as_str()), (Some(false), Some("E0402")));
    let text = recourse(&[&args[..3], &big[..]].concat());
    assert_eq!(
        (text.code, text.stderr.as_str()),
        (2, "error: --to: the range has 500001 values; an exact search evaluates each, at most 100000: narrow `from` and `to`\n")
    );
}

#[test]
fn eval_shows_the_process_timeline_with_both_bounds_and_what_comes_next() {
    let run = recourse(&["eval", "policies/apparel-coats.policy", "tests/conformance/lifecycle-coats-timeline/claim.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let timeline: Vec<&str> = run.stdout.lines().skip_while(|l| !l.starts_with("Timeline")).take_while(|l| !l.is_empty()).collect();
    assert_eq!(timeline.first().copied(), Some("Timeline (Q.8 Claim handling): next `replacement_shipped`"));
    let row = |step: &str| -> Vec<String> {
        let line = timeline.iter().find(|l| l.trim_start().starts_with(&format!("{step} "))).unwrap();
        line.split("  ").map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).collect()
    };
    assert_eq!(
        row("acknowledged"),
        [
            "acknowledged",
            "late",
            "24 to 48 hours after notified",
            "2026-03-06T16:30+08:00 to 2026-03-07T16:30+08:00",
            "2026-03-07T19:00+08:00",
            "2 hours 30 minutes"
        ]
    );
    assert_eq!(
        row("responded"),
        ["responded", "late", "5 business days after claim.notified_on", "2026-03-12", "2026-03-13", "1 business day"]
    );
    assert_eq!(
        row("replacement_shipped"),
        ["replacement_shipped", "open", "7 to 14 days after approved", "2026-03-20 to 2026-03-27", "-", "-"]
    );
    // A date-only claim of the same policy shows no timeline.
    let plain = recourse(&["eval", "policies/apparel-coats.policy", "policies/apparel-coats.claim.json"]);
    assert!(!plain.stdout.contains("Timeline"));
}
