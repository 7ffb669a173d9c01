#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `grammar/DIAGNOSTICS.md` is generated from `recourse::Code::ALL`; this test fails when the
//! committed file is stale. Regenerate with
//! `RECOURSE_BLESS=1 cargo test -p recourse-cli --test diagnostics_index`.

use std::path::Path;

#[test]
fn diagnostics_index_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../grammar/DIAGNOSTICS.md");
    let generated = recourse_cli::codes::index();
    if std::env::var_os("RECOURSE_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "grammar/DIAGNOSTICS.md is stale: regenerate it with `RECOURSE_BLESS=1 cargo test -p recourse-cli --test diagnostics_index`"
    );
}

#[test]
fn every_code_has_a_section_with_title_severity_and_explanation() {
    let index = recourse_cli::codes::index();
    for code in recourse::Code::ALL {
        let section = recourse_cli::codes::section(*code);
        assert!(index.contains(&section), "{}", code.as_str());
        assert!(section.starts_with(&format!("## {}: {}\n", code.as_str(), code.title())));
        assert!(section.contains("Severity: error") || section.contains("Severity: warning"));
        assert!(section.contains(code.explanation().trim_end()));
    }
}
