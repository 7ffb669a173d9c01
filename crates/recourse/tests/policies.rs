//! Every policy in `policies/` compiles without errors or warnings, and its embedded examples pass.
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

fn policies_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies")
}

fn policy_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(policies_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("policy"))
        .collect();
    files.sort();
    files
}

#[test]
fn there_are_at_least_four_policies() {
    assert!(policy_files().len() >= 4, "policies/: {:?}", policy_files());
}

#[test]
fn every_policy_compiles_cleanly_and_its_examples_pass() {
    let mut failures = Vec::new();
    for file in policy_files() {
        let src = std::fs::read_to_string(&file).unwrap();
        let policy = match recourse::Policy::compile(&src) {
            Ok(p) => p,
            Err(diags) => {
                failures.push(format!("{}: does not compile: {:#?}", file.display(), diags));
                continue;
            }
        };
        for w in policy.warnings() {
            failures.push(format!("{}:{}:{}: warning {} {}", file.display(), w.line, w.column, w.code, w.message));
        }
        assert!(!policy.examples().is_empty(), "{} has no examples", file.display());
        for (i, ex) in policy.examples().into_iter().enumerate() {
            let base = ex.claim_file.map(|f| {
                let path = file.parent().unwrap().join(f);
                let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                serde_json::from_str(&text).unwrap()
            });
            let outcome = policy.run_example(i, base);
            if !outcome.passed {
                for m in &outcome.mismatches {
                    failures.push(format!(
                        "{}:{}: example {:?}: `{}`: expected {}, got {}{}",
                        file.display(),
                        m.line,
                        outcome.name,
                        m.expectation,
                        m.expected,
                        m.actual,
                        m.clause.as_ref().map(|c| format!(" [{c}]")).unwrap_or_default()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The acceptance case of the design: the example claim against the apparel policy.
#[test]
fn design_example_claim_against_the_apparel_policy() {
    let src = std::fs::read_to_string(policies_dir().join("apparel-coats.policy")).unwrap();
    let claim = std::fs::read_to_string(policies_dir().join("apparel-coats.claim.json")).unwrap();
    let policy = recourse::Policy::compile(&src).unwrap();
    let d = policy.evaluate_json(&claim).unwrap();
    assert_eq!(d.lot.disposition, recourse::model::decision::Disposition::Rejected);
    let critical = &d.lot.classes[0];
    assert_eq!(critical.severity, recourse::terms::SeverityClass::Critical);
    assert_eq!(critical.defects, 3);
    assert_eq!(critical.codes[0].code, "zipper_failure");
    let plan = critical.plan.as_ref().unwrap();
    assert_eq!((plan.code_letter.as_str(), plan.sample_size, plan.accept, plan.reject), ("L", 200, 0, 1));
    assert_eq!(d.recommendation.remedy.as_deref(), Some("replacement"));
    let replacement = d.remedies.iter().find(|r| r.name == "replacement").unwrap();
    assert_eq!(replacement.supplier_total.to_string(), "8930.00");
    let response = d.deadlines.iter().find(|x| x.name == "response").unwrap();
    assert_eq!(response.due.to_string(), "2026-03-12");
}
