//! `recourse fmt [--check] FILE...`: the canonical layout, written in place or checked.

use std::path::PathBuf;

use crate::{Ctx, EXIT_FAILED, EXIT_INPUT, EXIT_OK, InputError, input, outln, plural, render};

pub(crate) fn run(ctx: &mut Ctx, paths: &[PathBuf], check: bool) -> Result<u8, InputError> {
    let mut code = EXIT_OK;
    let mut changed = 0usize;
    for (file, src) in input::read_policies(ctx, paths, &mut code)? {
        let name = file.display().to_string();
        let formatted = match recourse::format(&src) {
            Ok(text) => text,
            Err(diags) => {
                ctx.err.push_str(&render::diagnostics(&name, &src, &diags, ctx.color_err));
                outln!(ctx.err, "error: {name}: not formatted: it does not parse");
                code = code.max(EXIT_FAILED);
                continue;
            }
        };
        if formatted == src {
            continue;
        }
        changed = changed.saturating_add(1);
        if check {
            outln!(ctx.out, "{name}");
            code = code.max(EXIT_FAILED);
        } else if let Err(e) = std::fs::write(&file, formatted) {
            outln!(ctx.err, "error: {name}: cannot write: {e}");
            code = code.max(EXIT_INPUT);
        }
    }
    if check && changed > 0 {
        outln!(ctx.err, "{} not formatted; run `recourse fmt` to rewrite", plural(changed, "file"));
    }
    Ok(code)
}
