//! `recourse diff`: the built binary over policies/ and generated claims, its text and JSON (valid
//! against diff.schema.json), exit codes, bad lines, and claims across several read chunks.
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

use serde_json::{Value, json};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

struct Run {
    stdout: String,
    stderr: String,
    code: i32,
}

fn recourse(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_recourse")).args(args).current_dir(root()).env("NO_COLOR", "1").output().unwrap();
    let run = Run {
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        code: out.status.code().expect("exited, not killed by a signal"),
    };
    assert!(!run.stderr.contains("panicked"), "{args:?} panicked:\n{}", run.stderr);
    run
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("recourse-cli-diff-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn design_claim() -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("policies/apparel-coats.claim.json")).unwrap()).unwrap()
}

/// The apparel policy with `from` replaced by `to`, written to `dir/name`.
fn edited(dir: &Path, name: &str, from: &str, to: &str) -> String {
    let src = std::fs::read_to_string(root().join("policies/apparel-coats.policy")).unwrap();
    assert!(src.contains(from));
    let path = dir.join(name);
    std::fs::write(&path, src.replace(from, to)).unwrap();
    path.to_str().unwrap().to_string()
}

/// Three claims as JSON lines: the policy's capped example (5000 coats on an order booked at
/// 50,000.00), the design claim, and a line that is not JSON; plus a blank line.
fn claims_file(dir: &Path, bad: bool) -> String {
    let mut capped = design_claim();
    capped["claim_id"] = "CAPPED".into();
    capped["affected_units"] = 5000.into();
    capped["order"]["value"] = "50000.00".into();
    capped["facts"]["stock_critical"] = false.into();
    let mut lines = vec![capped.to_string(), String::new(), design_claim().to_string()];
    if bad {
        lines.push("{ not json".to_string());
    }
    let path = dir.join(if bad { "bad.jsonl" } else { "claims.jsonl" });
    std::fs::write(&path, lines.join("\n")).unwrap();
    path.to_str().unwrap().to_string()
}

/// Paths under the scratch directory, which differs between machines, as `DIR`.
fn portable(text: &str, dir: &Path) -> String {
    text.replace(dir.to_str().unwrap(), "DIR")
}

#[test]
fn raising_the_cap_to_70_percent_text_report() {
    let dir = scratch("cap");
    let new = edited(&dir, "cap70.policy", "at most 55% of order.value", "at most 70% of order.value");
    let claims = claims_file(&dir, false);
    let run = recourse(&["diff", "policies/apparel-coats.policy", &new, &claims, "policies/apparel-coats.claim.json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!(portable(&run.stdout, &dir));
}

#[test]
fn a_reformatted_policy_and_the_same_policy_exit_0() {
    let dir = scratch("same");
    let src = std::fs::read_to_string(root().join("policies/apparel-coats.policy")).unwrap();
    let reformatted: String = src
        .lines()
        .map(|l| match l.strip_prefix("  ") {
            Some(rest) => format!("      {rest}   # re-indented\n"),
            None if l.starts_with("remedy") => format!("\n\n# a comment before a remedy\n{l}\n"),
            None => format!("{l}\n"),
        })
        .collect();
    // A comment inside a string is not one: only lines without quotes get the trailing comment.
    let reformatted: String = reformatted
        .lines()
        .map(|l| if l.contains('"') { format!("{}\n", l.trim_end_matches("   # re-indented")) } else { format!("{l}\n") })
        .collect();
    let path = dir.join("reformatted.policy");
    std::fs::write(&path, &reformatted).unwrap();
    let claims = claims_file(&dir, false);
    let run = recourse(&["diff", "policies/apparel-coats.policy", path.to_str().unwrap(), &claims]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "No clause changed.\n\n2 claims compared: 0 changed, 2 unchanged, 0 failed under both versions\nchange in the recommended remedy's supplier total, all claims: 0.00\nno change\n"
    );
    let run = recourse(&["diff", "--json", "policies/apparel-coats.policy", "policies/apparel-coats.policy", &claims]);
    assert_eq!(run.code, 0);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!((v["clauses"].clone(), v["claims"].clone(), v["summary"]["unchanged"].clone()), (json!([]), json!([]), json!(2)));
}

#[test]
fn exit_codes_for_bad_input() {
    let dir = scratch("exit");
    let claims = claims_file(&dir, false);
    let broken = dir.join("broken.policy");
    std::fs::write(&broken, "policy \"Broken\" { currency USD }\nremedy r \"R\" { supplier pays nope as \"x\" }\n").unwrap();
    let run = recourse(&["diff", "policies/apparel-coats.policy", broken.to_str().unwrap(), &claims]);
    assert_eq!(run.code, 2, "a policy with errors is bad input, not a change");
    assert!(run.stderr.contains("the policy has 1 error"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let run = recourse(&["diff", "policies/apparel-coats.policy", "policies/apparel-coats.policy", "no-such.jsonl"]);
    assert_eq!((run.code, run.stderr.as_str()), (2, "error: no-such.jsonl: cannot read: no such file\n"));
    let run = recourse(&["diff", "policies/apparel-coats.policy", "policies/apparel-coats.policy"]);
    assert_eq!(run.code, 2, "claims are required");
}

#[test]
fn a_bad_line_is_that_lines_error_and_the_run_goes_on() {
    let dir = scratch("bad");
    let new = edited(&dir, "cap70.policy", "at most 55% of order.value", "at most 70% of order.value");
    let claims = claims_file(&dir, true);
    let run = recourse(&["diff", "policies/apparel-coats.policy", &new, &claims]);
    assert_eq!(run.code, 2, "a claim neither version decides is bad input");
    let out = portable(&run.stdout, &dir);
    assert!(out.contains("DIR/bad.jsonl:1 CAPPED: changed\n"), "{out}");
    assert!(out.contains("DIR/bad.jsonl:4: error: E0301 "), "{out}");
    assert!(out.contains("3 claims compared: 1 changed, 1 unchanged, 1 failed under both versions\n"), "{out}");
    assert!(out.ends_with("some claims could not be compared\n"), "{out}");
}

#[test]
fn json_report_is_valid_against_its_schema_and_says_what_the_text_says() {
    let dir = scratch("json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("crates/recourse/schema/diff.schema.json")).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let notice = edited(&dir, "notice7.policy", "due 10 days after order.delivered_on", "due 7 days after order.delivered_on");
    let mut late = design_claim();
    late["claim_id"] = "LATE".into();
    late["notified_on"] = "2026-03-11".into();
    late["as_of"] = "2026-03-12".into();
    let file = dir.join("late.jsonl");
    std::fs::write(&file, format!("{late}\nnot json\n")).unwrap();
    let run = recourse(&["diff", "--json", "--top", "1", "policies/apparel-coats.policy", &notice, file.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert_eq!(v["clauses"][0]["kind"], "deadline");
    assert_eq!(v["clauses"][0]["name"], "notice");
    let claims = v["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 2);
    assert_eq!(claims[0]["line"], 1);
    assert_eq!(claims[0]["status"], "changed");
    assert_eq!(claims[0]["changes"]["eligible"], json!({ "old": true, "new": false }));
    assert_eq!(claims[0]["changes"]["recommended_supplier_total"], json!({ "old": "8930.00", "new": "0.00", "change": "-8930.00" }));
    assert_eq!(claims[1]["status"], "failed");
    assert_eq!(claims[1]["old_error"]["code"], "E0301");
    assert_eq!(v["summary"]["supplier_change"], "-8930.00");
    assert_eq!(v["summary"]["recommendations"], json!([{ "from": "replacement", "claims": 1 }]));
    assert_eq!(v["summary"]["largest"].as_array().unwrap().len(), 1);
}

/// More claims than one read chunk (2048 lines): every changed claim is listed once, in input
/// order, with its line, whatever the threads.
#[test]
fn claims_across_read_chunks_keep_their_lines_and_order() {
    const CHUNK: u64 = 2048;
    let dir = scratch("chunks");
    let old = "policy \"P\" { currency USD }\nremedy refund \"R.1 Refund\" {\n  supplier pays claim.affected_units * order.unit_price as \"Refund\"\n}\n";
    let new = old.replace("as \"Refund\"\n", "as \"Refund\"\n  at most USD 30.00\n");
    std::fs::write(dir.join("old.policy"), old).unwrap();
    std::fs::write(dir.join("new.policy"), new).unwrap();
    let total = 2 * CHUNK + 9;
    let bad = [CHUNK, 2 * CHUNK + 1];
    let lines: Vec<String> = (1..=total)
        .map(|n| {
            if bad.contains(&n) {
                "{".to_string()
            } else {
                format!(r#"{{"claim_id":"C-{n}","as_of":"2026-03-06","currency":"USD","order":{{"units":100000,"unit_price":"0.01","delivered_on":"2026-03-02"}},"affected_units":{n},"discovered_on":"2026-03-04","notified_on":"2026-03-05"}}"#)
            }
        })
        .collect();
    let file = dir.join("claims.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let p = |n: &str| dir.join(n).to_str().unwrap().to_string();
    for jobs in ["1", "3"] {
        let run = recourse(&["diff", "--json", "-j", jobs, &p("old.policy"), &p("new.policy"), file.to_str().unwrap()]);
        assert_eq!(run.code, 2);
        let v: Value = serde_json::from_str(&run.stdout).unwrap();
        let listed: Vec<u64> = v["claims"].as_array().unwrap().iter().map(|c| c["line"].as_u64().unwrap()).collect();
        // Claim n refunds n cents; the cap of 30.00 changes those above 3000 units.
        let expected: Vec<u64> = (1..=total).filter(|n| *n > 3000 || bad.contains(n)).collect();
        assert_eq!(listed, expected, "-j {jobs}");
        let s = &v["summary"];
        let changed = (3001..=total).filter(|n| !bad.contains(n)).count() as u64;
        assert_eq!((s["claims"].as_u64(), s["changed"].as_u64(), s["failed"].as_u64()), (Some(total), Some(changed), Some(2)));
        // Sum over n of (30.00 - n/100) for the changed claims, exactly.
        let cents: i64 = (3001..=total as i64).filter(|n| !bad.contains(&(*n as u64))).map(|n| 3000 - n).sum();
        assert_eq!(s["supplier_change"], format!("-{}.{:02}", -cents / 100, -cents % 100));
        assert_eq!(s["largest"][0]["line"], total);
    }
}

#[test]
fn a_changed_clause_shows_only_its_lines_that_differ() {
    let dir = scratch("lines");
    let src = std::fs::read_to_string(root().join("policies/apparel-coats.policy")).unwrap();
    let path = dir.join("notice7.policy");
    std::fs::write(
        &path,
        src.replace("due 10 days after order.delivered_on", "due 7 days after order.delivered_on")
            .replace("after the 10-day window", "after the 7-day window")
            .replace("  notify \"CS team lead\"\n", "  notify \"CS team lead\"\n  notify \"QA manager\"\n"),
    )
    .unwrap();
    let run = recourse(&["diff", "policies/apparel-coats.policy", path.to_str().unwrap(), "policies/apparel-coats.claim.json"]);
    assert_eq!(run.code, 1);
    let head: Vec<&str> = run.stdout.lines().take(9).collect();
    assert_eq!(
        head,
        [
            "2 clauses changed:",
            "  deadline notice \"Q.5.1 Notice of non-conformity\": changed",
            "    -   due 10 days after order.delivered_on",
            "    +   due 7 days after order.delivered_on",
            "    -   missed: claim ineligible \"Notice was given after the 10-day window\"",
            "    +   missed: claim ineligible \"Notice was given after the 7-day window\"",
            "  flag recurring \"Q.8 Recurring defect\": changed",
            "    +   notify \"QA manager\"",
            "",
        ]
    );
}

/// The streamed document is the core's `DiffReport` (`recourse::diff::diff` over the same claims),
/// field for field: only `file`, which the core's list has no name for, is added.
#[test]
fn the_streamed_json_is_the_cores_report() {
    let dir = scratch("same-as-core");
    let new_path = edited(&dir, "cap70.policy", "at most 55% of order.value", "at most 70% of order.value");
    let claims_path = dir.join("claims.jsonl");
    let mut lines = Vec::new();
    for i in 0..40u64 {
        let mut c = design_claim();
        c["claim_id"] = format!("S-{i}").into();
        c["affected_units"] = (i * 131 % 5000 + 1).into();
        c["order"]["value"] = "60000.00".into();
        c["facts"]["stock_critical"] = (i % 3 == 0).into();
        lines.push(if i == 13 { "[1, 2]".to_string() } else { c.to_string() });
    }
    std::fs::write(&claims_path, lines.join("\n")).unwrap();
    let run = recourse(&["diff", "--json", "--top", "4", "policies/apparel-coats.policy", &new_path, claims_path.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let mut streamed: Value = serde_json::from_str(&run.stdout).unwrap();
    let file = claims_path.to_str().unwrap();
    for c in streamed["claims"].as_array_mut().unwrap() {
        assert_eq!(c.as_object_mut().unwrap().remove("file"), Some(json!(file)));
    }
    for c in streamed["summary"]["largest"].as_array_mut().unwrap() {
        assert_eq!(c.as_object_mut().unwrap().remove("file"), Some(json!(file)));
    }
    let old = recourse::Policy::compile(&std::fs::read_to_string(root().join("policies/apparel-coats.policy")).unwrap()).unwrap();
    let new = recourse::Policy::compile(&std::fs::read_to_string(&new_path).unwrap()).unwrap();
    let claims = lines.iter().map(|l| recourse::Claim::from_json(l).map_err(recourse::claim_error));
    let core = serde_json::to_value(recourse::diff::diff(&old, &new, claims, 4)).unwrap();
    assert!(core["summary"]["changed"].as_u64().unwrap() > 5, "{}", core["summary"]);
    assert_eq!(streamed, core);
}
