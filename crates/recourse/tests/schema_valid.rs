//! Every output the engine writes validates against its committed JSON Schema, checked by a real
//! validator (the TypeScript types of the npm package are generated from these schemas, so they
//! are only as true as this test): the conformance corpus, every example claim's decision with
//! and without trace, packets, closeouts, log rows, scorecards, diagnostics of the malformed
//! corpus, policy descriptions; and every claim we ship validates against the claim schema.
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

use recourse::packet::{self, LogEntry, PseudonymOptions};
use recourse::{Claim, Policy};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn validator(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("schema").join(name)).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn assert_valid(v: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = v.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{what} does not match its schema:\n{}", errors.join("\n"));
}

/// Each policy of `policies/` with its example claims (`X.claim.json`, `X-*.claim.json`).
fn examples() -> Vec<(Policy, Vec<(String, String)>)> {
    let dir = root().join("policies");
    let mut names: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let policies: Vec<String> = names.iter().filter_map(|n| n.strip_suffix(".policy").map(str::to_string)).collect();
    policies
        .iter()
        .map(|p| {
            let policy = Policy::compile(&std::fs::read_to_string(dir.join(format!("{p}.policy"))).unwrap()).unwrap();
            let claims = names
                .iter()
                .filter(|n| n.ends_with(".claim.json") && n.starts_with(p.as_str()))
                .filter(|n| !policies.iter().any(|o| o.len() > p.len() && o.starts_with(p.as_str()) && n.starts_with(o.as_str())))
                .map(|n| (n.clone(), std::fs::read_to_string(dir.join(n)).unwrap()))
                .collect();
            (policy, claims)
        })
        .collect()
}

#[test]
fn the_conformance_corpus_matches_the_decision_and_error_schemas() {
    let decision = validator("decision.schema.json");
    let error = validator("eval-error.schema.json");
    let claim = validator("claim.schema.json");
    let mut n = 0;
    for case in std::fs::read_dir(root().join("tests/conformance")).unwrap() {
        let dir = case.unwrap().path();
        let expected: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if expected["ok"] == true {
            assert_valid(&decision, &expected["decision"], &name);
            let c: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("claim.json")).unwrap()).unwrap();
            assert_valid(&claim, &c, &format!("{name}/claim.json"));
        } else {
            for e in expected["errors"].as_array().unwrap() {
                assert_valid(&error, e, &name);
            }
        }
        n += 1;
    }
    assert!(n >= 50, "{n} cases");
}

#[test]
fn every_example_output_matches_its_schema() {
    let [decision, claim_schema, packet_schema, closeout, log_row, scorecard, info] = [
        "decision.schema.json",
        "claim.schema.json",
        "packet.schema.json",
        "closeout.schema.json",
        "log-row.schema.json",
        "scorecard.schema.json",
        "policy-info.schema.json",
    ]
    .map(validator);
    let mut decisions = 0;
    for (policy, claims) in examples() {
        assert_valid(&info, &serde_json::to_value(policy.describe()).unwrap(), policy.title());
        let mut parsed = Vec::new();
        for (name, text) in &claims {
            assert_valid(&claim_schema, &serde_json::from_str(text).unwrap(), name);
            let claim = Claim::from_json(text).unwrap();
            for trace in [false, true] {
                let d = if trace { policy.evaluate_traced(&claim) } else { policy.evaluate(&claim) }.unwrap();
                assert_valid(&decision, &serde_json::to_value(&d).unwrap(), name);
                decisions += 1;
            }
            let d = policy.evaluate(&claim).unwrap();
            assert_valid(&packet_schema, &serde_json::to_value(packet::packet(&policy, &claim, &d)).unwrap(), name);
            assert_valid(&closeout, &serde_json::to_value(packet::closeout(&policy, &claim, &d, Some("Replaced."))).unwrap(), name);
            for row in packet::log_rows(
                &[LogEntry { policy: &policy, claim: &claim, decision: &d, remedy_given: None }],
                &PseudonymOptions::default(),
            ) {
                assert_valid(&log_row, &serde_json::to_value(row).unwrap(), name);
            }
            parsed.push(serde_json::from_str::<Value>(text).unwrap());
        }
        let input = serde_json::json!({ "claims": parsed }).to_string();
        let card = recourse::scorecard::scorecard(&policy, &recourse::scorecard::ScorecardInput::from_json(&input).unwrap());
        assert_valid(&scorecard, &serde_json::to_value(card).unwrap(), policy.title());
    }
    assert!(decisions >= 12, "{decisions}");
}

#[test]
fn diagnostics_of_the_malformed_corpus_match_their_schema() {
    let schema = validator("diagnostics.schema.json");
    let mut n = 0;
    for f in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed/policies")).unwrap() {
        let src = std::fs::read_to_string(f.unwrap().path()).unwrap();
        let diags = recourse::check(&src);
        assert!(!diags.is_empty());
        assert_valid(&schema, &serde_json::to_value(&diags).unwrap(), "diagnostics");
        n += 1;
    }
    assert!(n >= 20, "{n}");
}
