//! The cross-surface conformance corpus, run natively. Each `tests/conformance/<case>/` holds a
//! policy (`policy.policy`, or `policy.ref` naming a file of the repository), `claim.json` and
//! `expected.json`. The npm package's tests run the same corpus through WebAssembly and must
//! produce the same bytes. Bless with `RECOURSE_BLESS=1 cargo test -p recourse --test conformance`.
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

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir(repo().join("tests/conformance")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    dirs
}

fn policy_source(case: &Path) -> String {
    let inline = case.join("policy.policy");
    if inline.exists() {
        return std::fs::read_to_string(inline).unwrap();
    }
    let reference = std::fs::read_to_string(case.join("policy.ref")).unwrap();
    std::fs::read_to_string(repo().join(reference.trim())).unwrap()
}

#[test]
fn corpus_has_at_least_thirty_cases() {
    assert!(cases().len() >= 30, "{} cases", cases().len());
}

#[test]
fn corpus_matches_expected_bytes() {
    // Only an explicit `1` rewrites the goldens: `0`, `true` or an empty value must not pass silently.
    let bless = std::env::var_os("RECOURSE_BLESS").is_some_and(|v| v == "1");
    let mut failed = Vec::new();
    for case in cases() {
        let policy = policy_source(&case);
        let claim = std::fs::read_to_string(case.join("claim.json")).unwrap();
        let actual = recourse::api::evaluate_to_json(&policy, &claim);
        let path = case.join("expected.json");
        if bless {
            std::fs::write(&path, &actual).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(actual.as_str()) {
            failed.push(case.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    assert!(failed.is_empty(), "cases differ from expected.json (bless with RECOURSE_BLESS=1 after checking): {failed:?}");
}
