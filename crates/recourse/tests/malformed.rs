//! Broken policies and claims: each gives coded errors with exact spans (golden files), and
//! nothing panics. Bless with `INSTA_UPDATE=always` or `cargo insta review`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use std::fmt::Write;

fn render(src: &str, diags: &[recourse::Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        writeln!(
            out,
            "{} {:?} {}:{}-{}:{} (utf16 col {}) bytes {}..{}\n  message: {}\n  text: {:?}",
            d.code, d.severity, d.line, d.column, d.end_line, d.end_column, d.column_utf16, d.span.start, d.span.end, d.message, d.text
        )
        .unwrap();
        if let Some(h) = &d.help {
            writeln!(out, "  help: {h}").unwrap();
        }
        // The span must point into the source, on character boundaries.
        assert!(src.get(d.span.start..d.span.end).is_some(), "span {:?} out of the source", d.span);
    }
    out
}

#[test]
fn malformed_policies() {
    insta::glob!("malformed/policies/*.policy", |path| {
        let src = std::fs::read_to_string(path).unwrap();
        let diags = recourse::check(&src);
        assert!(!diags.is_empty(), "{}: no diagnostic", path.display());
        assert!(diags.iter().all(|d| d.code != recourse::Code::Internal), "{}: internal error {diags:#?}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        if !name.contains("warnings") {
            assert!(diags.iter().any(|d| d.is_error()), "{name}: expected an error");
            assert!(recourse::Policy::compile(&src).is_err());
        }
        insta::assert_snapshot!(render(&src, &diags));
    });
}

#[test]
fn malformed_claims() {
    let policy_src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies/apparel-coats.policy")).unwrap();
    let policy = recourse::Policy::compile(&policy_src).unwrap();
    let good = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies/apparel-coats.claim.json")).unwrap();
    insta::glob!("malformed/claims/*.json", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let err = policy.evaluate_json(&text).expect_err("a malformed claim must be refused");
        assert_ne!(err.code, recourse::Code::Internal);
        insta::assert_snapshot!(serde_json::to_string_pretty(&err).unwrap());
        // The same compiled policy still evaluates a good claim afterwards.
        assert!(policy.evaluate_json(&good).is_ok());
    });
}

#[test]
fn at_least_fifteen_distinct_error_codes_in_the_corpus() {
    let mut codes = std::collections::BTreeSet::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/malformed/policies");
    for e in std::fs::read_dir(dir).unwrap() {
        let src = std::fs::read_to_string(e.unwrap().path()).unwrap();
        for d in recourse::check(&src) {
            codes.insert(d.code);
        }
    }
    assert!(codes.len() >= 15, "{codes:?}");
}
