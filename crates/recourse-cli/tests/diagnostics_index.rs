//! `grammar/DIAGNOSTICS.md` is generated from `recourse::Code::ALL`; this test fails when the
//! committed file is stale. Regenerate with
//! `RECOURSE_BLESS=1 cargo test -p recourse-cli --test diagnostics_index` (only an explicit `1`
//! rewrites it; `.ci/test` refuses to run with `RECOURSE_BLESS` set at all).
//!
//! The file is also read back here without the generator: each code's table row, anchor, heading,
//! severity and explanation are parsed out of the committed text and compared with what
//! `recourse::Code` says, so a generator that drops or garbles a code fails even right after a
//! bless (a bless writes the generator's output, which this parser did not produce).
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

use recourse::{Code, Severity};

fn index_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../grammar/DIAGNOSTICS.md")
}

fn committed() -> String {
    std::fs::read_to_string(index_path()).unwrap()
}

fn severity_word(code: Code) -> &'static str {
    match code.severity() {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// GitHub's heading anchor, written here independently of the generator: lowercase, spaces to
/// `-`, keep letters, digits, `-` and `_`, drop everything else.
fn github_anchor(heading: &str) -> String {
    let mut out = String::new();
    for c in heading.chars().flat_map(char::to_lowercase) {
        if c == ' ' {
            out.push('-');
        } else if c.is_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        }
    }
    out
}

/// One `## CODE: title` section of the committed file.
struct Section {
    code: String,
    title: String,
    severity: String,
    body: String,
}

fn parse_sections(text: &str) -> Vec<Section> {
    let mut sections = Vec::new();
    for chunk in text.split("\n## ").skip(1) {
        let (heading, rest) = chunk.split_once('\n').unwrap();
        let (code, title) = heading.split_once(": ").unwrap();
        let rest = rest.strip_prefix('\n').unwrap();
        let (severity_line, body) = rest.split_once("\n\n").unwrap();
        let severity = severity_line.strip_prefix("Severity: ").unwrap();
        sections.push(Section {
            code: code.to_string(),
            title: title.to_string(),
            severity: severity.to_string(),
            body: body.trim_end().to_string(),
        });
    }
    sections
}

/// Rows `| [CODE](#anchor) | severity | title |` of the committed table.
fn parse_rows(text: &str) -> Vec<(String, String, String, String)> {
    text.lines()
        .filter(|l| l.starts_with("| ["))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            assert_eq!(cells.len(), 3, "row {l:?}");
            let link = cells[0];
            let (code, anchor) = link.strip_prefix('[').unwrap().split_once("](#").unwrap();
            let anchor = anchor.strip_suffix(')').unwrap();
            (code.to_string(), anchor.to_string(), cells[1].to_string(), cells[2].replace("\\|", "|"))
        })
        .collect()
}

#[test]
fn diagnostics_index_is_up_to_date() {
    let path = index_path();
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
fn committed_index_has_one_section_per_code_in_order_with_its_title_severity_and_explanation() {
    let sections = parse_sections(&committed());
    let codes: Vec<&str> = sections.iter().map(|s| s.code.as_str()).collect();
    let expected: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(codes, expected, "the sections of grammar/DIAGNOSTICS.md, in order");
    for (s, code) in sections.iter().zip(Code::ALL) {
        assert_eq!(s.title, code.title(), "{}", s.code);
        assert_eq!(s.severity, severity_word(*code), "{}", s.code);
        assert_eq!(s.body, code.explanation().trim_end(), "{}", s.code);
        assert!(!s.body.is_empty(), "{} has no explanation", s.code);
    }
}

#[test]
fn committed_table_lists_every_code_once_linking_to_its_heading() {
    let text = committed();
    let rows = parse_rows(&text);
    let codes: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let expected: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(codes, expected, "the table of grammar/DIAGNOSTICS.md, in order");
    let headings: Vec<String> = parse_sections(&text).iter().map(|s| github_anchor(&format!("{}: {}", s.code, s.title))).collect();
    for ((code, anchor, severity, title), c) in rows.iter().zip(Code::ALL) {
        assert!(headings.contains(anchor), "{code}: link #{anchor} leads to no heading");
        assert_eq!(anchor, &github_anchor(&format!("{}: {}", c.as_str(), c.title())), "{code}");
        assert_eq!(severity, severity_word(*c), "{code}");
        assert_eq!(title, c.title(), "{code}");
    }
}

#[test]
fn github_anchor_follows_githubs_rule() {
    assert_eq!(github_anchor("E0117: `due` outside a deadline"), "e0117-due-outside-a-deadline");
    assert_eq!(github_anchor("W0201: remedy can never be available"), "w0201-remedy-can-never-be-available");
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
