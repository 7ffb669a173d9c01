//! `recourse test [FILE|DIR]...`: run the examples embedded in policies.

use std::path::{Path, PathBuf};

use recourse::{ExampleOutcome, Policy};

use crate::{Ctx, EXIT_FAILED, EXIT_OK, InputError, input, outln, render};

#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
}

pub(crate) fn run(ctx: &mut Ctx, mut paths: Vec<PathBuf>) -> Result<u8, InputError> {
    if paths.is_empty() {
        paths.push(PathBuf::from("policies"));
    }
    let files = input::policy_files(&paths)?;
    let mut tally = Tally::default();
    for file in &files {
        run_file(ctx, file, &mut tally);
    }
    if files.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        outln!(ctx.out, "no policies in {}", names.join(", "));
    }
    outln!(ctx.out, "{} passed, {} failed", tally.passed, tally.failed);
    Ok(if tally.failed > 0 { EXIT_FAILED } else { EXIT_OK })
}

fn run_file(ctx: &mut Ctx, file: &Path, tally: &mut Tally) {
    let name = file.display().to_string();
    outln!(ctx.out, "{name}");
    let src = match input::read_text(file) {
        Ok(src) => src,
        Err(InputError(message)) => {
            outln!(ctx.out, "  FAIL  {message}");
            tally.failed = tally.failed.saturating_add(1);
            return;
        }
    };
    let policy = match Policy::compile(&src) {
        Ok(p) => p,
        Err(diags) => {
            // The examples cannot run: the policy counts as one failure.
            let errors = diags.iter().filter(|d| d.is_error()).count();
            outln!(ctx.out, "  FAIL  the policy does not compile ({})", crate::plural(errors, "error"));
            ctx.err.push_str(&render::diagnostics(&name, &src, &diags, ctx.color_err));
            tally.failed = tally.failed.saturating_add(1);
            return;
        }
    };
    if policy.examples().is_empty() {
        outln!(ctx.out, "  (no examples)");
    }
    let dir = file.parent().unwrap_or(Path::new(""));
    for (i, example) in policy.examples().into_iter().enumerate() {
        let (title, line) = (example.name, example.line);
        // A claim file is loaded here, relative to the policy; the core does no I/O.
        let base = match example.claim_file {
            None => None,
            Some(f) => {
                let loaded = input::read_example_claim(dir, f).and_then(|text| {
                    serde_json::from_str::<serde_json::Value>(&text)
                        .map_err(|e| InputError::new(format!("{}: invalid JSON: {e}", dir.join(f).display())))
                });
                match loaded {
                    Ok(v) => Some(v),
                    Err(InputError(message)) => {
                        outln!(ctx.out, "  FAIL  {title} (line {line})");
                        outln!(ctx.out, "        given claim {f:?}: {message}");
                        tally.failed = tally.failed.saturating_add(1);
                        continue;
                    }
                }
            }
        };
        let outcome = policy.run_example(i, base);
        report(ctx, &outcome);
        if outcome.passed {
            tally.passed = tally.passed.saturating_add(1);
        } else {
            tally.failed = tally.failed.saturating_add(1);
        }
    }
}

fn report(ctx: &mut Ctx, o: &ExampleOutcome) {
    if o.passed {
        outln!(ctx.out, "  PASS  {} (line {})", o.name, o.line);
        return;
    }
    outln!(ctx.out, "  FAIL  {} (line {})", o.name, o.line);
    for m in &o.mismatches {
        outln!(ctx.out, "        line {}: {}", m.line, m.expectation);
        outln!(ctx.out, "          expected: {}", m.expected);
        outln!(ctx.out, "          actual:   {}", m.actual);
        if let Some(clause) = &m.clause {
            outln!(ctx.out, "          clause:   {clause}");
        }
    }
}
