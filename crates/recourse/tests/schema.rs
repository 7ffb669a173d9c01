//! The committed JSON Schemas must equal the ones generated from the Rust types.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

#[test]
fn committed_schemas_are_current() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    // Only an explicit `1` rewrites the goldens: `0`, `true` or an empty value must not pass silently.
    let bless = std::env::var_os("RECOURSE_BLESS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (name, schema) in recourse::schema::all() {
        let text = format!("{}\n", serde_json::to_string_pretty(&schema).unwrap());
        let path = dir.join(name);
        if bless {
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(name);
        }
    }
    assert!(stale.is_empty(), "stale schemas {stale:?}: run `RECOURSE_BLESS=1 cargo test -p recourse --test schema` and commit");
}
