//! Formatting a policy in which some declarations do not parse: the declarations that parse are
//! put in the canonical layout, and each one that does not (a syntax error, or an error found
//! while parsing such as an impossible date) is kept exactly as written, with its errors, so an
//! author can format while a clause is half typed. The parts between the kept declarations are
//! whole declarations with their comments, each formatted by [`super::format`] (with its check
//! that the output says the same as the input), so nothing is reworded and no comment is lost.

use crate::diagnostics::{self, Diagnostic, Span};
use crate::syntax::{enclosing_declaration, limits, parse_recovering};

/// A declaration kept as written: its first line number (1-based), its first line's text, and why
/// it does not parse (located in the whole source).
pub(crate) type Kept = (usize, String, Vec<Diagnostic>);

/// The source with every declaration that parses formatted and the others kept as written (the
/// kept ones listed in source order). Errors when the parser gives up (a source over a limit, more
/// than twenty declarations that do not parse, or an error outside any declaration).
pub(crate) fn format_keeping_unparsable(source: &str) -> Result<(String, Vec<Kept>), Vec<Diagnostic>> {
    limits::check(source).map_err(|d| diagnostics::finish(vec![d], source))?;
    let recovered = parse_recovering(source);
    let Some((_, diags)) = recovered.rest else {
        return Err(diagnostics::finish(recovered.failed.into_iter().map(|(_, d)| d).collect(), source));
    };
    // Each failing declaration, and each declaration with an error the parser found in a literal.
    let mut ranges: Vec<(usize, usize, Vec<Diagnostic>)> = recovered.failed.into_iter().map(|((s, e), d)| (s, e, vec![d])).collect();
    for d in diags.into_iter().filter(Diagnostic::is_error) {
        let (s, e) = enclosing_declaration(source, d.span.start);
        ranges.push((s, e, vec![d]));
    }
    crate::sort::sort_by_key(&mut ranges, |r| r.0);
    // A declaration found in a text already blanked may run over one blanked before: merge.
    let mut merged: Vec<(usize, usize, Vec<Diagnostic>)> = Vec::new();
    for (s, e, ds) in ranges {
        match merged.last_mut() {
            Some(last) if s < last.1 => {
                last.1 = last.1.max(e);
                last.2.extend(ds);
            }
            _ => merged.push((s, e, ds)),
        }
    }
    let mut parts: Vec<String> = Vec::new();
    let mut kept: Vec<Kept> = Vec::new();
    let mut at = 0usize;
    for (s, e, ds) in merged {
        format_part(source, at, s, &mut parts, &mut kept);
        keep(source, s, e, ds, &mut parts, &mut kept);
        at = e;
    }
    format_part(source, at, source.len(), &mut parts, &mut kept);
    let mut out = parts.join("\n\n");
    if !out.is_empty() {
        out.push('\n');
    }
    Ok((out, kept))
}

/// The declarations between two kept ones, formatted; kept as written should the formatter
/// refuse them (it checks its own output), with its reasons.
fn format_part(source: &str, start: usize, end: usize, parts: &mut Vec<String>, kept: &mut Vec<Kept>) {
    let text = source.get(start..end).unwrap_or("");
    if text.trim().is_empty() {
        return;
    }
    match super::format(text) {
        Ok(formatted) => {
            let formatted = formatted.trim_end();
            if !formatted.is_empty() {
                parts.push(formatted.to_string());
            }
        }
        Err(errors) => {
            // Located in the part: moved to the whole source.
            let moved = errors
                .into_iter()
                .map(|mut d| {
                    d.span = Span::new(d.span.start.saturating_add(start), d.span.end.saturating_add(start));
                    d
                })
                .collect();
            keep(source, start, end, moved, parts, kept);
        }
    }
}

fn keep(source: &str, start: usize, end: usize, errors: Vec<Diagnostic>, parts: &mut Vec<String>, kept: &mut Vec<Kept>) {
    let text = source.get(start..end).unwrap_or("").trim_end();
    parts.push(text.to_string());
    let before = source.get(..start).unwrap_or("");
    let line = before.matches('\n').count().saturating_add(1);
    let first = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("").to_string();
    let skipped = text.lines().take_while(|l| l.trim().is_empty()).count();
    kept.push((line.saturating_add(skipped), first, diagnostics::finish(errors, source)));
}
