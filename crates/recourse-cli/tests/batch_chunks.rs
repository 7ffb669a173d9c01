//! `recourse batch` over more claims than one read chunk (2048 lines, `CHUNK` in src/batch.rs):
//! line numbers keep counting across chunks, results stay in input order, and bad or blank lines
//! at a chunk's edge are neither lost nor repeated.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use std::path::Path;
use std::process::Command;

/// The read chunk of src/batch.rs; the input below spans three chunks.
const CHUNK: usize = 2048;

const POLICY: &str = "policy \"Batch\" { currency USD }\nremedy refund \"R.1 Refund\" {\n  supplier pays claim.affected_units * order.unit_price as \"Refund\"\n}\n";

fn claim(line: usize) -> String {
    format!(
        r#"{{"claim_id":"C-{line}","as_of":"2026-03-06","currency":"USD","order":{{"units":100000,"unit_price":"0.01","delivered_on":"2026-03-02"}},"affected_units":{line},"discovered_on":"2026-03-04","notified_on":"2026-03-05"}}"#
    )
}

#[test]
fn batch_spanning_several_read_chunks_keeps_line_numbers_and_order() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("recourse-cli-batch-chunks");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let total = 2 * CHUNK + 7;
    // 1-based input lines: a bad claim as the last line of the first chunk and the first of the
    // second; a blank line right after; another bad one in the third chunk.
    let bad = [CHUNK, CHUNK + 1, 2 * CHUNK + 3];
    let blank = [CHUNK + 2, 5];
    let lines: Vec<String> = (1..=total)
        .map(|n| {
            if bad.contains(&n) {
                "{ not json".to_string()
            } else if blank.contains(&n) {
                String::new()
            } else {
                claim(n)
            }
        })
        .collect();
    std::fs::write(dir.join("p.policy"), POLICY).unwrap();
    std::fs::write(dir.join("claims.jsonl"), lines.join("\n")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_recourse"))
        .args(["batch", "p.policy", "claims.jsonl", "-j", "3"])
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "bad claims make the exit code 1: {stderr}");
    let results: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let expected: Vec<usize> = (1..=total).filter(|n| !blank.contains(n)).collect();
    let numbers: Vec<usize> = results.iter().map(|v| usize::try_from(v["line"].as_u64().unwrap()).unwrap()).collect();
    assert_eq!(numbers, expected, "one result per non-blank line, in input order, numbered by input line");
    for r in &results {
        let n = r["line"].as_u64().unwrap();
        if bad.contains(&usize::try_from(n).unwrap()) {
            assert_eq!(r["ok"], false, "line {n}");
        } else {
            assert_eq!(r["ok"], true, "line {n}: {r}");
            assert_eq!(r["decision"]["claim_id"], format!("C-{n}"), "line {n} carries its own claim");
            let refund = format!("{}.{:02}", n / 100, n % 100);
            assert_eq!(r["decision"]["remedies"][0]["supplier_total"], refund.as_str(), "line {n}");
        }
    }
    let n = total - blank.len();
    assert!(stderr.contains(&format!("{n} claims: {} decided, {} with errors", n - bad.len(), bad.len())), "{stderr}");
}
