//! Source text -> AST. The grammar lives in `grammar/recourse.pest`; pest's types stay in
//! `parse.rs`.

pub(crate) mod ast;
pub(crate) mod format;
pub mod limits;
mod parse;
mod trivia;

use crate::diagnostics::{Code, Diagnostic};
use ast::{Ast, Span};

/// A policy's syntax tree, opaque. Two trees are equal when they say the same thing whatever
/// their layout and comments: what the formatter guarantees (it checks it on every call) and
/// what its tests and fuzzing compare.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree(Ast);

/// Parse a policy into its [`Tree`], with its diagnostics (warnings and literal errors).
///
/// # Errors
/// The syntax errors, when the text does not parse.
pub fn tree(src: &str) -> Result<(Tree, Vec<Diagnostic>), Vec<Diagnostic>> {
    parse(src).map(|(ast, diags)| (Tree(ast), diags))
}

const DECLARATION_KEYWORDS: &[&str] = &[
    "policy",
    "calendar",
    "defects",
    "sampling",
    "input",
    "let",
    "report",
    "deadline",
    "remedy",
    "cap",
    "recommend",
    "escalate",
    "flag",
    "example",
    "scorecard",
];

/// At most this many syntax errors are reported per file.
const MAX_SYNTAX_ERRORS: usize = 20;

/// Parse a policy. On syntax errors, every declaration that fails to parse is reported: the
/// failing declaration is blanked out (offsets kept) and the rest parsed again.
pub(crate) fn parse(src: &str) -> Result<(Ast, Vec<Diagnostic>), Vec<Diagnostic>> {
    limits::check(src).map_err(|d| vec![d])?;
    let recovered = parse_recovering(src);
    match recovered.rest {
        Some((ast, diags)) => {
            if !recovered.failed.is_empty() {
                let mut errors: Vec<Diagnostic> = recovered.failed.into_iter().map(|(_, d)| d).collect();
                errors.extend(diags.into_iter().filter(|d| d.is_error()));
                return Err(errors);
            }
            let count = declaration_count(&ast);
            if count > limits::MAX_DECLARATIONS {
                return Err(vec![Diagnostic::new(
                    Code::TooManyDeclarations,
                    Span::new(0, 0),
                    format!("the policy has {count} declarations and items; the limit is {}", limits::MAX_DECLARATIONS),
                )]);
            }
            Ok((ast, diags))
        }
        None => Err(recovered.failed.into_iter().map(|(_, d)| d).collect()),
    }
}

/// A source parsed declaration by declaration: each declaration that fails to parse, its byte
/// range and its first syntax error (in source order of discovery); and the tree of the rest with
/// its diagnostics, or `None` when the parser gave up (too many errors, or an error outside any
/// declaration).
pub(crate) struct Recovered {
    pub failed: Vec<((usize, usize), Diagnostic)>,
    pub rest: Option<(Ast, Vec<Diagnostic>)>,
}

/// Parse, blanking out (offsets kept) each declaration that fails and parsing the rest again.
pub(crate) fn parse_recovering(src: &str) -> Recovered {
    let mut text = src.to_string();
    let mut failed: Vec<((usize, usize), Diagnostic)> = Vec::new();
    loop {
        match parse::parse_policy(&text) {
            Ok(rest) => return Recovered { failed, rest: Some(rest) },
            Err(d) => {
                let at = d.span.start;
                let (start, end) = enclosing_declaration(&text, at);
                failed.push(((start, end), d));
                if failed.len() >= MAX_SYNTAX_ERRORS || start >= end {
                    return Recovered { failed, rest: None };
                }
                text = blank(&text, start, end);
            }
        }
    }
}

fn declaration_count(ast: &Ast) -> usize {
    use ast::Decl;
    ast.decls
        .iter()
        .map(|d| match &d.node {
            Decl::Remedy(r) => 1usize.saturating_add(r.order.len()),
            Decl::Defects(d) => 1usize.saturating_add(d.defects.len()).saturating_add(d.exclusions.len()),
            Decl::Calendar(c) => 1usize.saturating_add(c.holidays.len()),
            Decl::Example(e) => 1usize.saturating_add(e.expectations.len()).saturating_add(e.overrides.len()),
            _ => 1,
        })
        .fold(0usize, |a, b| a.saturating_add(b))
}

fn starts_declaration(line: &str) -> bool {
    let word: String = line.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    DECLARATION_KEYWORDS.contains(&word.as_str())
}

/// The byte range of the top-level declaration around `at`: from the last line before it that
/// starts (in column 1) with a declaration keyword, to the next such line after it. An error
/// found right at the start of a declaration belongs to the one before it (it did not end).
pub(crate) fn enclosing_declaration(text: &str, at: usize) -> (usize, usize) {
    let mut starts = Vec::new();
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        if starts_declaration(line) {
            starts.push(offset);
        }
        offset = offset.saturating_add(line.len());
    }
    let at_a_start = starts.contains(&at);
    let before: Vec<usize> = starts.iter().copied().filter(|s| if at_a_start { *s < at } else { *s <= at }).collect();
    let start = before.last().copied().unwrap_or(0);
    let end = starts.iter().copied().find(|s| *s > start).unwrap_or(text.len());
    (start, end.max(start))
}

/// Replace a range with spaces, keeping newlines and byte offsets.
fn blank(text: &str, start: usize, end: usize) -> String {
    text.char_indices()
        .flat_map(|(i, c)| {
            let keep = i < start || i >= end || c == '\n';
            let n = if keep { 1 } else { c.len_utf8() };
            let ch = if keep { c } else { ' ' };
            std::iter::repeat_n(ch, n)
        })
        .collect()
}
