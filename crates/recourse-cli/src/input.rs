//! Reading the files named on the command line, with one clear line per problem.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use recourse::{Claim, Decision, Diagnostic, EvalError, Policy};

use crate::{Ctx, EXIT_FAILED, EXIT_INPUT, InputError, Step, outln, render};

/// Why a file could not be read, in words.
fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        ErrorKind::NotFound => "no such file".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        ErrorKind::IsADirectory => "is a directory, not a file".to_string(),
        ErrorKind::InvalidData => "not UTF-8 text".to_string(),
        _ => e.to_string(),
    }
}

/// The text of a file.
pub(crate) fn read_text(path: &Path) -> Result<String, InputError> {
    read_limited(path, MAX_INPUT_BYTES)
}

/// The most any one input file may hold: a policy is at most 1 MiB and a claim 4 MiB, but a
/// scorecard's receipts or a list of claims may be larger.
pub(crate) const MAX_INPUT_BYTES: u64 = 256 << 20;

/// The text of a file of at most `limit` bytes. It is read through a limit, so that a device
/// such as `/dev/zero` or a file growing while read cannot grow memory without end.
pub(crate) fn read_limited(path: &Path, limit: u64) -> Result<String, InputError> {
    use std::io::Read as _;
    if path.is_dir() {
        return Err(InputError::new(format!("{}: is a directory, not a file", path.display())));
    }
    let cannot = |e: std::io::Error| InputError::new(format!("{}: cannot read: {}", path.display(), io_reason(&e)));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(cannot)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
        return Err(InputError::new(format!("{}: larger than the limit of {limit} bytes", path.display())));
    }
    String::from_utf8(bytes).map_err(|_| InputError::new(format!("{}: cannot read: not UTF-8 text", path.display())))
}

/// The claim file an example names (`given claim "x.json"`): a regular file inside the policy's
/// folder (or below it), at most a claim's size. The policy is untrusted text too: it must not
/// make `recourse test` read `/dev/zero` or `/etc/passwd`.
pub(crate) fn read_example_claim(policy_dir: &Path, name: &str) -> Result<String, InputError> {
    let named = Path::new(name);
    let outside = || InputError::new(format!("`{name}` is not a file inside the policy's folder"));
    if named.is_absolute() || named.components().any(|c| !matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir)) {
        return Err(outside());
    }
    let base = if policy_dir.as_os_str().is_empty() { Path::new(".") } else { policy_dir };
    let dir = base.canonicalize().map_err(|e| InputError::new(format!("{}: cannot read: {}", base.display(), io_reason(&e))))?;
    let path = dir
        .join(named)
        .canonicalize()
        .map_err(|e| InputError::new(format!("{}: cannot read: {}", base.join(named).display(), io_reason(&e))))?;
    // A symbolic link may still lead elsewhere.
    if !path.starts_with(&dir) {
        return Err(outside());
    }
    if !path.metadata().is_ok_and(|m| m.is_file()) {
        return Err(InputError::new(format!("{}: not a regular file", base.join(named).display())));
    }
    read_limited(&path, u64::try_from(recourse::model::claim::MAX_CLAIM_BYTES).unwrap_or(u64::MAX))
}

/// The files named: a directory stands for every `*.policy` file inside it (recursively),
/// sorted. A path that does not exist is an error.
pub(crate) fn policy_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            collect_policies(p, &mut found)?;
            found.sort();
            files.extend(found);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            return Err(InputError::new(format!("{}: no such file or directory", p.display())));
        }
    }
    Ok(files)
}

fn collect_policies(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), InputError> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| InputError::new(format!("{}: cannot read the directory: {}", dir.display(), io_reason(&e))))?;
    for entry in entries {
        let entry = entry.map_err(|e| InputError::new(format!("{}: cannot read the directory: {}", dir.display(), io_reason(&e))))?;
        let path = entry.path();
        if path.is_dir() {
            collect_policies(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "policy") {
            found.push(path);
        }
    }
    Ok(())
}

/// A claim file: its JSON value and the typed claim. Invalid JSON and fields of the wrong type
/// are input errors naming the file and the field.
pub(crate) fn read_claim(path: &Path) -> Result<(serde_json::Value, Claim), InputError> {
    let text = read_text(path)?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| InputError::new(format!("{}: invalid JSON: {e}", path.display())))?;
    let claim = Claim::from_json(&text).map_err(|e| {
        let at = if e.path.is_empty() { String::new() } else { format!("{}: ", e.path) };
        InputError::new(format!("{}: {at}{} ({})", path.display(), e.message, recourse::Code::InvalidClaim.as_str()))
    })?;
    Ok((value, claim))
}

/// A compiled policy (with its source), or the exit code after its diagnostics were rendered to
/// stderr.
pub(crate) fn compile(ctx: &mut Ctx, path: &Path) -> Result<Step<(String, Policy)>, InputError> {
    let src = read_text(path)?;
    match Policy::compile(&src) {
        Ok(policy) => {
            let name = path.display().to_string();
            let warnings = render::diagnostics(&name, &src, policy.warnings(), ctx.color_err);
            ctx.err.push_str(&warnings);
            Ok(Step::Done((src, policy)))
        }
        Err(diags) => {
            let name = path.display().to_string();
            ctx.err.push_str(&render::diagnostics(&name, &src, &diags, ctx.color_err));
            let errors = diags.iter().filter(|d: &&Diagnostic| d.is_error()).count();
            outln!(ctx.err, "error: {}: the policy has {}", name, crate::plural(errors, "error"));
            Ok(Step::Reported(EXIT_FAILED))
        }
    }
}

/// Report an evaluation error. An error about a claim field is bad input (exit 2, one line
/// naming the claim file and the field); any other is the policy's (exit 1, rendered against its
/// source when the error has a span).
pub(crate) fn eval_error(ctx: &mut Ctx, policy_path: &Path, src: &str, claim_path: &Path, e: &EvalError) -> u8 {
    // A claim the engine could not read at all is bad input. A field the policy reads and the
    // claim lacks is an error of the clause that reads it: shown at its line, exit 1.
    if let (Some(field), None) = (&e.field, e.span) {
        outln!(ctx.err, "error: {}: {}: {} ({})", claim_path.display(), field, e.message, e.code);
        return EXIT_INPUT;
    }
    let claim = e.field.as_ref().map(|field| format!("{}: {field}", claim_path.display()));
    ctx.err.push_str(&render::eval_error(&policy_path.display().to_string(), src, e, claim.as_deref(), ctx.color_err));
    EXIT_FAILED
}

/// Compile the policy, read the claim and evaluate it with `how` (`Policy::evaluate` or
/// `Policy::evaluate_traced`); errors are reported as `eval`, `explain` and the packet commands
/// report them.
pub(crate) fn decide(
    ctx: &mut Ctx,
    policy_path: &Path,
    claim_path: &Path,
    how: fn(&Policy, &Claim) -> Result<Decision, EvalError>,
) -> Result<Step<(Policy, Claim, Decision)>, InputError> {
    let (src, policy) = match compile(ctx, policy_path)? {
        Step::Done(compiled) => compiled,
        Step::Reported(code) => return Ok(Step::Reported(code)),
    };
    let (_, claim) = read_claim(claim_path)?;
    Ok(match how(&policy, &claim) {
        Ok(decision) => Step::Done((policy, claim, decision)),
        Err(e) => Step::Reported(eval_error(ctx, policy_path, &src, claim_path, &e)),
    })
}

/// The policy files under `paths` (files, or folders of them) with their text. A file that
/// cannot be read is reported on stderr and raises `code` to exit 2; it does not hide the others.
pub(crate) fn read_policies(ctx: &mut Ctx, paths: &[PathBuf], code: &mut u8) -> Result<Vec<(PathBuf, String)>, InputError> {
    let mut read = Vec::new();
    for file in policy_files(paths)? {
        match read_text(&file) {
            Ok(src) => read.push((file, src)),
            Err(InputError(message)) => {
                outln!(ctx.err, "error: {message}");
                *code = (*code).max(EXIT_INPUT);
            }
        }
    }
    Ok(read)
}
