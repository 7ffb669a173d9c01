//! Explicit limits, checked before pest runs. pest and the builders recurse once per nesting
//! level, and stack probing does not exist in wasm, so nesting is bounded here, by a lexical scan
//! that never recurses.

use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::Span;

pub const MAX_SOURCE_BYTES: usize = 1 << 20;
pub const MAX_NESTING: usize = 48;
pub const MAX_DECLARATIONS: usize = 2000;

/// Source size and nesting depth. Nesting counts `(`, `[`, `{` inside expressions and JSON, and
/// each `if` until its final `else` (an `else if` continues the chain and adds nothing, matching
/// the grammar, where that chain is a repetition).
pub fn check(src: &str) -> Result<(), Diagnostic> {
    if src.len() > MAX_SOURCE_BYTES {
        return Err(Diagnostic::new(
            Code::SourceTooLarge,
            Span::new(MAX_SOURCE_BYTES, src.len()),
            format!("the policy is {} bytes; the limit is {} bytes", src.len(), MAX_SOURCE_BYTES),
        ));
    }
    let bytes = src.as_bytes();
    let mut depth: usize = 0;
    let mut i = 0usize;
    // Whether the last word was `else`, and where it was, to recognise `else if`.
    let mut pending_else: Option<usize> = None;
    while let Some(&b) = bytes.get(i) {
        let starts_word = b.is_ascii_alphabetic() || b == b'_';
        if !starts_word && !b.is_ascii_whitespace() && b != b'#' && pending_else.take().is_some() {
            depth = depth.saturating_sub(1);
        }
        match b {
            b'#' => {
                while let Some(&c) = bytes.get(i) {
                    if c == b'\n' {
                        break;
                    }
                    i = i.saturating_add(1);
                }
                continue;
            }
            b'"' => {
                i = i.saturating_add(1);
                while let Some(&c) = bytes.get(i) {
                    if c == b'\\' {
                        i = i.saturating_add(2);
                        continue;
                    }
                    if c == b'"' || c == b'\n' {
                        break;
                    }
                    i = i.saturating_add(1);
                }
            }
            b'(' | b'[' | b'{' => {
                depth = depth.saturating_add(1);
                if depth > MAX_NESTING {
                    return Err(too_deep(i));
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while let Some(&c) = bytes.get(i) {
                    if !(c.is_ascii_alphanumeric() || c == b'_') {
                        break;
                    }
                    i = i.saturating_add(1);
                }
                let word = src.get(start..i).unwrap_or("");
                let after_else = pending_else.take();
                match word {
                    "if" if after_else.is_some() => {}
                    "if" => {
                        depth = depth.saturating_add(1);
                        if depth > MAX_NESTING {
                            return Err(too_deep(start));
                        }
                    }
                    "else" => pending_else = Some(start),
                    _ => {
                        if after_else.is_some() {
                            depth = depth.saturating_sub(1);
                        }
                    }
                }
                continue;
            }
            _ => {}
        }
        i = i.saturating_add(1);
    }
    Ok(())
}

fn too_deep(at: usize) -> Diagnostic {
    Diagnostic::new(
        Code::NestingTooDeep,
        Span::new(at, at.saturating_add(1)),
        format!("expressions nest more than {MAX_NESTING} levels deep here"),
    )
    .with_help("name intermediate values with `let` to flatten the expression")
}
