//! `recourse check FILE...`: every diagnostic of each file.

use std::path::PathBuf;

use recourse::Diagnostic;
use serde::Serialize;

use crate::{Ctx, EXIT_FAILED, EXIT_OK, InputError, input, outln, plural, render};

#[derive(Serialize)]
struct FileReport<'a> {
    file: String,
    /// No errors (warnings may remain).
    ok: bool,
    diagnostics: &'a [Diagnostic],
}

pub(crate) fn run(ctx: &mut Ctx, paths: &[PathBuf], json: bool) -> Result<u8, InputError> {
    let mut code = EXIT_OK;
    let (mut errors, mut warnings) = (0usize, 0usize);
    let mut results: Vec<(String, Vec<Diagnostic>)> = Vec::new();
    for (file, src) in input::read_policies(ctx, paths, &mut code)? {
        let name = file.display().to_string();
        let diags = recourse::check(&src);
        let e = diags.iter().filter(|d| d.is_error()).count();
        errors = errors.saturating_add(e);
        warnings = warnings.saturating_add(diags.len().saturating_sub(e));
        if e > 0 {
            code = code.max(EXIT_FAILED);
        }
        if !json {
            ctx.out.push_str(&render::diagnostics(&name, &src, &diags, ctx.color_out));
        }
        results.push((name, diags));
    }
    if json {
        let reports: Vec<FileReport<'_>> = results
            .iter()
            .map(|(file, diags)| FileReport { file: file.clone(), ok: !diags.iter().any(|d| d.is_error()), diagnostics: diags })
            .collect();
        match serde_json::to_string_pretty(&reports) {
            Ok(text) => outln!(ctx.out, "{text}"),
            Err(e) => return Err(InputError::new(format!("cannot serialize the diagnostics: {e}"))),
        }
    } else {
        outln!(ctx.out, "checked {}: {}, {}", plural(results.len(), "file"), plural(errors, "error"), plural(warnings, "warning"));
    }
    Ok(code)
}
