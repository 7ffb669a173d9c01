//! A diagnostic after non-ASCII text on its line: its column in characters, in UTF-16 code units
//! (what browser editors count) and its byte offset all differ, and each is the right one. The
//! npm package's `columns.test.mjs` checks the same policy in Node against JavaScript's own
//! UTF-16 string indices.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

/// `é` is 1 character, 1 UTF-16 unit, 2 bytes; `🧥` is 1 character, 2 UTF-16 units, 4 bytes.
const POLICY: &str = "policy \"Columns\" { currency USD }\nremedy r \"R é🧥\" { supplier pays zzz as \"X\" }\n";

#[test]
fn columns_count_characters_utf16_units_and_bytes_apart() {
    let diags = recourse::check(POLICY);
    let d = diags.iter().find(|d| d.code == recourse::Code::UnknownName).unwrap_or_else(|| panic!("no unknown-name error: {diags:#?}"));
    assert_eq!(d.text, "zzz");
    assert_eq!(d.line, 2);
    // `remedy r "R é🧥" { supplier pays ` is 32 characters, 33 UTF-16 units, 36 bytes.
    let line_start = POLICY.find('\n').unwrap() + 1;
    assert_eq!(d.span.start - line_start, 36, "byte offset within the line");
    assert_eq!(d.column, 33, "1-based column in characters");
    assert_eq!(d.column_utf16, 34, "1-based column in UTF-16 code units");
    assert_eq!((d.end_line, d.end_column, d.end_column_utf16), (2, 36, 37));
    assert_eq!(&POLICY[d.span.start..d.span.end], "zzz");
}
