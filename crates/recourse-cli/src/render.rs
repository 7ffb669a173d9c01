//! Diagnostics rendered like rustc, through codespan-reporting:
//!
//! ```text
//! error[E0103]: unknown name `stock_criticl`
//!   --> policies/p.policy:12:8
//!    |
//! 12 |   when stock_criticl
//!    |        ^^^^^^^^^^^^^
//!    |
//!    = help: did you mean `stock_critical`?
//! ```

use std::fmt::Write as _;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::termcolor::Ansi;
use codespan_reporting::term::{self, Chars, Config, Styles, StylesWriter};
use recourse::{Diagnostic, EvalError, Severity};

fn config() -> Config {
    Config { chars: Chars::ascii(), ..Config::default() }
}

/// A byte range inside `src`, on character boundaries.
fn clamp(src: &str, start: usize, end: usize) -> Range<usize> {
    let fix = |mut i: usize| {
        i = i.min(src.len());
        while i > 0 && !src.is_char_boundary(i) {
            i = i.saturating_sub(1);
        }
        i
    };
    let start = fix(start);
    let end = fix(end).max(start);
    start..end
}

fn emit(file: &SimpleFile<&str, &str>, report: &Report<()>, color: bool) -> Option<String> {
    let mut buf: Vec<u8> = Vec::new();
    let ok = if color {
        let styles = Styles::default();
        let mut writer = StylesWriter::new(Ansi::new(&mut buf), &styles);
        term::emit_to_write_style(&mut writer, &config(), file, report).is_ok()
    } else {
        term::emit_to_io_write(&mut buf, &config(), file, report).is_ok()
    };
    ok.then(|| String::from_utf8_lossy(&buf).into_owned())
}

/// Source lines longer than this are shown as a window around the span.
const MAX_LINE_CHARS: usize = 160;

/// A diagnostic on a very long line (a generated or minified policy): the same layout as
/// codespan's, with the line cut to a window around the span so that the output stays
/// proportional to the number of diagnostics, not to the line's length.
fn clipped(name: &str, line: &str, d: &Diagnostic) -> String {
    const BEFORE: usize = 40;
    let chars: Vec<char> = line.chars().collect();
    let col = d.column.saturating_sub(1).min(chars.len());
    let from = col.saturating_sub(BEFORE);
    let to = from.saturating_add(MAX_LINE_CHARS).min(chars.len());
    let width = if d.end_line == d.line { d.end_column.saturating_sub(d.column) } else { to.saturating_sub(col) };
    let width = width.clamp(1, to.saturating_sub(col).max(1));
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < chars.len() { "…" } else { "" };
    let window: String = chars.get(from..to).unwrap_or_default().iter().collect();
    let number = d.line.to_string();
    let gutter = " ".repeat(number.len());
    let pad = " ".repeat(col.saturating_sub(from).saturating_add(lead.chars().count()));
    let sev = if d.is_error() { "error" } else { "warning" };
    let mut out = format!(
        "{sev}[{}]: {}\n{gutter}--> {name}:{}:{}\n{gutter} |\n{number} | {lead}{window}{tail}\n{gutter} | {pad}{}\n",
        d.code,
        d.message,
        d.line,
        d.column,
        "^".repeat(width)
    );
    if let Some(help) = &d.help {
        let _ = writeln!(out, "{gutter} |\n{gutter} = help: {help}");
    }
    out.push('\n');
    out
}

/// Every diagnostic, rendered, each followed by a blank line.
pub(crate) fn diagnostics(name: &str, src: &str, diags: &[Diagnostic], color: bool) -> String {
    let file = SimpleFile::new(name, src);
    let index = recourse::diagnostics::LineIndex::new(src);
    let mut out = String::new();
    for d in diags {
        let line = index.line_text(src, d.line);
        if line.chars().count() > MAX_LINE_CHARS {
            out.push_str(&clipped(name, line, d));
            continue;
        }
        let severity = match d.severity {
            Severity::Error => ReportSeverity::Error,
            Severity::Warning => ReportSeverity::Warning,
        };
        let mut report = Report::new(severity)
            .with_code(d.code.as_str())
            .with_message(d.message.clone())
            .with_labels(vec![Label::primary((), clamp(src, d.span.start, d.span.end))]);
        if let Some(help) = &d.help {
            report = report.with_notes(vec![format!("help: {help}")]);
        }
        match emit(&file, &report, color) {
            Some(text) => out.push_str(&text),
            // Only if the span did not fit the source: still say everything the core said.
            None => {
                let sev = if d.is_error() { "error" } else { "warning" };
                let _ = writeln!(out, "{sev}[{}]: {}\n --> {}:{}:{}", d.code, d.message, name, d.line, d.column);
                if let Some(help) = &d.help {
                    let _ = writeln!(out, "  = help: {help}");
                }
                out.push('\n');
            }
        }
    }
    out
}

/// An evaluation error that is the policy's (overflow, division by zero, ...), against its source.
/// An evaluation error shown at the policy line that raised it; `claim` names the claim field it
/// concerns, if any (`claim.json: evidence.third_party_report`).
pub(crate) fn eval_error(name: &str, src: &str, e: &EvalError, claim: Option<&str>, color: bool) -> String {
    let mut report = Report::error().with_code(e.code.as_str()).with_message(e.message.clone());
    if let Some(span) = e.span {
        report = report.with_labels(vec![Label::primary((), clamp(src, span.start, span.end))]);
    }
    let mut notes = Vec::new();
    if let Some(clause) = &e.clause {
        notes.push(format!("note: in {clause}"));
    }
    if let Some(claim) = claim {
        notes.push(format!("note: the claim: {claim}"));
    }
    notes.push(format!("help: {} (see `recourse explain-code {}`)", first_paragraph(e.code.explanation()), e.code));
    report = report.with_notes(notes);
    let file = SimpleFile::new(name, src);
    let mut out = match emit(&file, &report, color) {
        Some(text) => text,
        None => format!("error[{}]: {}\n --> {}\n", e.code, e.message, name),
    };
    if e.span.is_none() {
        // Without a span, still say which file.
        out = out.replacen('\n', &format!("\n --> {name}\n"), 1);
    }
    out.push('\n');
    out
}

/// The explanation's first paragraph (the rest is an example).
fn first_paragraph(text: &str) -> &str {
    text.split("\n\n").next().unwrap_or(text).trim()
}
