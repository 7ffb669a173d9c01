//! Explicit limits, checked before pest runs. pest and the builders recurse once per nesting
//! level, and stack probing does not exist in wasm, so nesting is bounded here, by a lexical scan
//! that never recurses; the AST builder counts the same levels again where the structure is known
//! (`parse::Builder`), so every later walk (checker, evaluator, formatter) gets a tree no deeper
//! than [`MAX_NESTING`].

use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::Span;
use crate::syntax::trivia::skip_string;

/// The largest policy source (E0002).
pub const MAX_SOURCE_BYTES: usize = 1 << 20;
/// The deepest nesting of parentheses, calls and `if`s (E0003).
pub const MAX_NESTING: usize = 48;
/// The most declarations and items in one policy (E0004).
pub const MAX_DECLARATIONS: usize = 2000;

/// Source size and nesting depth.
///
/// Nesting counts `(`, `[`, `{` outside strings and comments, and each `if` expression. A word
/// written right after a `.` is a field name (`costs.else`), never a keyword. An `if` stays open
/// through its final `else` branch (pest parses that branch inside the `if`) until the bracket
/// around it closes, another `if` starts at the same bracket level (a final `else` branch is an
/// operator expression, which cannot hold a bare `if`), or something no expression holds comes
/// (a `[`, a `{`, or a reserved word such as `as`, `after` or `let`).
/// `else if` continues a chain, which the grammar repeats rather than nests, and adds nothing.
/// The count never drops below the real nesting, so pest never goes deeper than it.
pub fn check(src: &str) -> Result<(), Diagnostic> {
    if src.len() > MAX_SOURCE_BYTES {
        return Err(Diagnostic::new(
            Code::SourceTooLarge,
            Span::new(MAX_SOURCE_BYTES, src.len()),
            format!("the policy is {} bytes; the limit is {} bytes", src.len(), MAX_SOURCE_BYTES),
        ));
    }
    let bytes = src.as_bytes();
    // One entry per open bracket (the first for the top level).
    let mut levels: Vec<Level> = vec![Level::default()];
    let mut depth: usize = 0;
    let mut i = 0usize;
    // Whether the previous significant byte was `.`: the word after it is a field name.
    let mut after_dot = false;
    // Set by `else`: the next token tells a chain (`else if`) from the final branch.
    let mut pending_else = false;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_whitespace() {
            i = i.saturating_add(1);
            continue;
        }
        if b == b'#' {
            i = skip_comment(bytes, i);
            continue;
        }
        let word = if b.is_ascii_alphabetic() || b == b'_' {
            let start = i;
            while bytes.get(i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_') {
                i = i.saturating_add(1);
            }
            Some((start, src.get(start..i).unwrap_or("")))
        } else {
            None
        };
        let keyword = if after_dot { None } else { word.map(|(_, w)| w) };
        let chained = std::mem::take(&mut pending_else);
        if chained
            && keyword != Some("if")
            && let Some(level) = levels.last_mut()
        {
            level.enter_final_branch();
        }
        after_dot = false;
        if let Some((start, _)) = word {
            match keyword {
                Some("if") if chained => {}
                Some("if") => {
                    let Some(level) = levels.last_mut() else { return Err(too_deep(start)) };
                    // `if`s of this level in their final branch have ended: that branch cannot
                    // hold a bare `if`.
                    depth = depth.saturating_sub(std::mem::take(&mut level.in_final_branch));
                    level.open = level.open.saturating_add(1);
                    depth = depth.saturating_add(1);
                    if depth > MAX_NESTING {
                        return Err(too_deep(start));
                    }
                }
                Some("else") => pending_else = true,
                Some(w) if ENDS_EXPRESSIONS.contains(&w) => end_expressions(&mut levels, &mut depth),
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => {
                i = skip_string(bytes, i);
                continue;
            }
            b'(' | b'[' | b'{' => {
                // No expression holds a `[` or `{`: the ones at this level have ended.
                if b != b'(' {
                    end_expressions(&mut levels, &mut depth);
                }
                levels.push(Level::default());
                depth = depth.saturating_add(1);
                if depth > MAX_NESTING {
                    return Err(too_deep(i));
                }
            }
            b')' | b']' | b'}' if levels.len() > 1 => {
                let level = levels.pop().unwrap_or_default();
                depth = depth.saturating_sub(level.ifs().saturating_add(1));
            }
            b'.' => after_dot = true,
            _ => {}
        }
        i = i.saturating_add(1);
    }
    Ok(())
}

/// Reserved words that never appear inside an expression: each ends the expressions before it
/// (`as "label"`, `after`, the next item or declaration).
const ENDS_EXPRESSIONS: &[&str] = &[
    "let",
    "report",
    "input",
    "remedy",
    "deadline",
    "cap",
    "recommend",
    "prefer",
    "escalate",
    "flag",
    "example",
    "expect",
    "given",
    "policy",
    "calendar",
    "defects",
    "sampling",
    "when",
    "unless",
    "because",
    "after",
    "takes",
    "risk",
    "as",
    "at",
    "notify",
    "no",
    "escalation",
    "scorecard",
];

/// The expressions at the current level have ended: their `if`s no longer count.
fn end_expressions(levels: &mut [Level], depth: &mut usize) {
    if let Some(level) = levels.last_mut() {
        *depth = depth.saturating_sub(level.ifs());
        *level = Level::default();
    }
}

/// The `if` expressions open at one bracket level.
#[derive(Default)]
struct Level {
    /// Before their final `else`.
    open: usize,
    /// In their final `else` branch.
    in_final_branch: usize,
}

impl Level {
    fn enter_final_branch(&mut self) {
        if self.open > 0 {
            self.open = self.open.saturating_sub(1);
            self.in_final_branch = self.in_final_branch.saturating_add(1);
        }
    }

    fn ifs(&self) -> usize {
        self.open.saturating_add(self.in_final_branch)
    }
}

/// The index just past a comment (at its newline).
fn skip_comment(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|c| *c != b'\n') {
        i = i.saturating_add(1);
    }
    i
}

fn too_deep(at: usize) -> Diagnostic {
    Diagnostic::new(
        Code::NestingTooDeep,
        Span::new(at, at.saturating_add(1)),
        format!("expressions nest more than {MAX_NESTING} levels deep here"),
    )
    .with_help("name intermediate values with `let` to flatten the expression")
}
