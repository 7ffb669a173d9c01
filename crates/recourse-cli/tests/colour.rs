//! Colour: only on a terminal, never with NO_COLOR, always with `--color always`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::disallowed_methods,
    reason = "a test stops at the line that failed; the wasm size rules are for the library"
)]

use recourse_cli::{Terminal, run};

fn check(tty: bool, no_color: bool, extra: &[&str]) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../recourse/tests/malformed/policies/06-unknown-name.policy");
    let mut args = vec!["recourse", "check", path];
    args.extend_from_slice(extra);
    let out = run(args, Terminal { stdout_is_tty: tty, stderr_is_tty: tty, no_color });
    assert_eq!(out.code, 1);
    out.stdout
}

#[test]
fn colour_only_on_a_terminal_without_no_color() {
    let esc = '\u{1b}';
    assert!(check(true, false, &[]).contains(esc), "a terminal gets colour");
    assert!(!check(false, false, &[]).contains(esc), "a pipe gets none");
    assert!(!check(true, true, &[]).contains(esc), "NO_COLOR turns it off");
    assert!(check(false, true, &["--color", "always"]).contains(esc));
    assert!(!check(true, false, &["--color", "never"]).contains(esc));
    // The same text either way, once the escapes are gone.
    let coloured = check(true, false, &[]);
    let mut plain = String::new();
    let mut chars = coloured.chars();
    while let Some(c) = chars.next() {
        if c == esc {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    assert_eq!(plain, check(false, false, &[]));
}
