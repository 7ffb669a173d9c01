//! `recourse diff OLD.policy NEW.policy CLAIMS...`: the contract diff of `recourse::diff`, over
//! claim files (`*.json`, one claim each) and JSON-lines files (anything else, `-` for standard
//! input), read in chunks and compared on all cores as `recourse batch` does. Only changed and
//! failed claims are written, as they are compared; the summary comes last.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use recourse::diff::{
    AmountChange, BoolChange, ChangeKind, ClaimDiff, ClaimStatus, ClauseChange, DecisionDiff, DeclKind, DiffSummary, DiffTally, LineEdit,
    PolicyVersion,
};
use recourse::{Claim, Code, EvalError, Policy};

use crate::batch::{CHUNK, parallel_map, read_line};
use crate::{Ctx, EXIT_FAILED, EXIT_INPUT, EXIT_OK, InputError, Step, input};

pub(crate) struct Options {
    pub json: bool,
    pub top: usize,
    pub jobs: Option<usize>,
}

/// A claim waiting to be compared: its file, its line in a JSON-lines file, its text (or why
/// the line could not be read).
type Pending = (usize, Option<u64>, Result<String, String>);

/// Where claims come from, one file at a time.
enum Source {
    Lines(Box<dyn BufRead>),
    Whole(PathBuf),
}

pub(crate) fn run(
    ctx: &mut Ctx,
    old_path: &Path,
    new_path: &Path,
    claims: &[PathBuf],
    out: &mut dyn Write,
    opts: &Options,
) -> Result<u8, InputError> {
    // A policy with errors is bad input here: exit 1 means that something changed.
    let Step::Done((_, old)) = input::compile(ctx, old_path)? else { return Ok(EXIT_INPUT) };
    let Step::Done((_, new)) = input::compile(ctx, new_path)? else { return Ok(EXIT_INPUT) };
    for path in claims {
        if path != Path::new("-") && !path.is_file() {
            let why = if path.is_dir() { "is a directory, not a file" } else { "no such file" };
            return Err(InputError::new(format!("{}: cannot read: {why}", path.display())));
        }
    }
    let names: Vec<String> = claims.iter().map(|p| p.display().to_string()).collect();
    let threads = opts.jobs.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)).max(1);
    let clauses = recourse::diff::clause_changes(&old, &new);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let mut written = 0usize;
    let head = if opts.json { json_head(&old, &new, &clauses) } else { text_clauses(&clauses) };
    if out.write_all(head.as_bytes()).is_err() {
        return Ok(EXIT_FAILED); // closed pipe
    }
    let mut tally = DiffTally::new(&new, opts.top);
    let mut chunk: Vec<Pending> = Vec::with_capacity(CHUNK);
    for (file, path) in claims.iter().enumerate() {
        let source = if path == Path::new("-") {
            Source::Lines(Box::new(BufReader::with_capacity(1 << 16, std::io::stdin())))
        } else if path.extension().is_some_and(|e| e == "json") {
            Source::Whole(path.clone())
        } else {
            let f = std::fs::File::open(path).map_err(|e| InputError::new(format!("{}: cannot read: {e}", path.display())))?;
            Source::Lines(Box::new(BufReader::with_capacity(1 << 16, f)))
        };
        match source {
            Source::Whole(path) => {
                let limit = u64::try_from(recourse::model::claim::MAX_CLAIM_BYTES).unwrap_or(u64::MAX);
                chunk.push((file, None, input::read_limited(&path, limit).map_err(|InputError(m)| m)));
            }
            Source::Lines(mut lines) => {
                let mut line = 0u64;
                loop {
                    let next = read_line(&mut lines)
                        .map_err(|e| InputError::new(format!("{}: line {}: {e}", path.display(), line.saturating_add(1))))?;
                    let Some((_, text)) = next else { break };
                    line = line.saturating_add(1);
                    if text.as_ref().is_ok_and(|t| t.trim().is_empty()) {
                        continue;
                    }
                    chunk.push((file, Some(line), text));
                    if chunk.len() >= CHUNK
                        && !flush(&mut chunk, &old, &new, &names, threads, opts.json, &mut tally, &mut out, &mut written)
                    {
                        return Ok(EXIT_FAILED);
                    }
                }
            }
        }
        if chunk.len() >= CHUNK && !flush(&mut chunk, &old, &new, &names, threads, opts.json, &mut tally, &mut out, &mut written) {
            return Ok(EXIT_FAILED);
        }
    }
    if !flush(&mut chunk, &old, &new, &names, threads, opts.json, &mut tally, &mut out, &mut written) {
        return Ok(EXIT_FAILED);
    }
    let summary = tally.finish();
    let tail = if opts.json {
        let text = serde_json::to_string(&summary).unwrap_or_default();
        format!("{}],\"summary\":{text}}}\n", if written > 0 { "\n" } else { "" })
    } else {
        text_summary(&summary, &clauses)
    };
    if out.write_all(tail.as_bytes()).is_err() || out.flush().is_err() {
        return Ok(EXIT_FAILED);
    }
    Ok(if summary.failed > 0 {
        EXIT_INPUT
    } else if summary.changed > 0 || !clauses.is_empty() {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}

/// Compare a chunk on all threads, count it, write its changed and failed claims; false when the
/// output is closed.
#[allow(clippy::too_many_arguments, reason = "the state of one run, passed down once per chunk")]
fn flush(
    chunk: &mut Vec<Pending>,
    old: &Policy,
    new: &Policy,
    names: &[String],
    threads: usize,
    json: bool,
    tally: &mut DiffTally,
    out: &mut impl Write,
    written: &mut usize,
) -> bool {
    let results = parallel_map(
        chunk,
        threads,
        |item| compare(old, new, names, json, item),
        || {
            let e = EvalError::new(Code::Internal, "a worker thread failed");
            (ClaimDiff::unreadable(e), None)
        },
    );
    chunk.clear();
    for (d, text) in results {
        tally.add(&d);
        if let Some(text) = text {
            let sep = if !json {
                ""
            } else if *written == 0 {
                "\n"
            } else {
                ",\n"
            };
            if write!(out, "{sep}{text}").is_err() {
                return false;
            }
            *written = written.saturating_add(1);
        }
    }
    true
}

/// One claim under both versions, and its text when it changed or failed.
fn compare(old: &Policy, new: &Policy, names: &[String], json: bool, (file, line, text): &Pending) -> (ClaimDiff, Option<String>) {
    let d = match text {
        Ok(text) => match Claim::from_json(text) {
            Ok(claim) => recourse::diff::diff_claim(old, new, &claim),
            Err(e) => ClaimDiff::unreadable(recourse::claim_error(e)),
        },
        Err(why) => ClaimDiff::unreadable(EvalError::new(Code::InvalidClaim, why.clone())),
    }
    .at(names.get(*file).cloned(), *line);
    let text = match d.status {
        ClaimStatus::Unchanged => None,
        _ if json => Some(serde_json::to_string(&d).unwrap_or_default()),
        _ => Some(text_claim(&d)),
    };
    (d, text)
}

// ------------------------------------------------------------------ JSON

/// The report's fields before its claims (`recourse::diff::DiffReport`, in its order).
fn json_head(old: &Policy, new: &Policy, clauses: &[ClauseChange]) -> String {
    let part = |v: Result<String, serde_json::Error>| v.unwrap_or_default();
    format!(
        "{{\"old\":{},\"new\":{},\"clauses\":{},\"claims\":[",
        part(serde_json::to_string(&PolicyVersion::of(old))),
        part(serde_json::to_string(&PolicyVersion::of(new))),
        part(serde_json::to_string(clauses))
    )
}

// ------------------------------------------------------------------ text

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// `+7500.00`, `-8930.00`, `0.00`.
fn signed(a: &AmountChange) -> String {
    let text = a.change.to_string();
    if a.change.amount().is_sign_positive() && !a.change.is_zero() { format!("+{text}") } else { text }
}

fn amount(a: &AmountChange) -> String {
    format!("{} -> {} ({})", a.old, a.new, signed(a))
}

fn side<T>(v: &Option<T>, show: impl Fn(&T) -> String, absent: &str) -> String {
    v.as_ref().map(show).unwrap_or_else(|| absent.to_string())
}

fn bool_change(c: &BoolChange) -> String {
    format!("{} -> {}", side(&c.old, |b| yes_no(*b).to_string(), "absent"), side(&c.new, |b| yes_no(*b).to_string(), "absent"))
}

/// Where a claim came from: `file:line` or the file.
fn place(file: Option<&str>, line: Option<u64>) -> String {
    match (file, line) {
        (Some(f), Some(l)) => format!("{f}:{l}"),
        (Some(f), None) => f.to_string(),
        (None, Some(l)) => format!("claim {l}"),
        (None, None) => "claim".to_string(),
    }
}

fn error_text(e: &EvalError) -> String {
    let mut s = format!("{} {}", e.code, e.message);
    if let Some(c) = &e.clause {
        let _ = write!(s, " (in {c})");
    }
    s
}

fn text_claim(d: &ClaimDiff) -> String {
    let mut s = place(d.file.as_deref(), d.line);
    if let Some(id) = &d.claim_id {
        let _ = write!(s, " {id}");
    }
    match (&d.old_error, &d.new_error, &d.changes) {
        (Some(a), Some(b), _) if a == b => {
            let _ = writeln!(s, ": error: {}", error_text(a));
        }
        (Some(a), Some(b), _) => {
            let _ = writeln!(s, ": error under both versions\n  old: {}\n  new: {}", error_text(a), error_text(b));
        }
        (None, Some(e), _) => {
            let _ = writeln!(s, ": changed\n  the old version decides it; the new one stops: {}", error_text(e));
        }
        (Some(e), None, _) => {
            let _ = writeln!(s, ": changed\n  the new version decides it; the old one stopped: {}", error_text(e));
        }
        (None, None, Some(c)) => {
            let _ = writeln!(s, ": changed");
            decision_lines(&mut s, c);
        }
        (None, None, None) => s.push('\n'),
    }
    s
}

fn decision_lines(s: &mut String, c: &DecisionDiff) {
    let name = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_string());
    if let Some(e) = &c.eligible {
        let _ = writeln!(s, "  eligible: {}", bool_change(e));
    }
    if let Some(r) = &c.recommended {
        let _ = writeln!(s, "  recommended: {} -> {}", name(&r.old), name(&r.new));
    }
    if let Some(a) = &c.recommended_supplier_total {
        let _ = writeln!(s, "  recommended supplier total: {}", amount(a));
    }
    if let Some(l) = &c.lot {
        let k = |d: &Option<recourse::model::decision::Disposition>| side(d, |d| d.keyword().to_string(), "absent");
        let _ = writeln!(s, "  lot: {} -> {}", k(&l.old), k(&l.new));
    }
    for r in &c.remedies {
        let mut parts: Vec<String> = Vec::new();
        if let Some(a) = &r.available {
            parts.push(format!("available {}", bool_change(a)));
        }
        for (label, a) in [
            ("supplier total", &r.supplier_total),
            ("buyer pays", &r.buyer_pays),
            ("buyer net recovery", &r.buyer_net_recovery),
            ("credited", &r.credited),
        ] {
            if let Some(a) = a {
                parts.push(format!("{label} {}", amount(a)));
            }
        }
        if let Some(a) = &r.capped {
            parts.push(format!("capped {}", bool_change(a)));
        }
        if let Some(w) = &r.window {
            let win = |w: &Option<recourse::model::decision::Window>| side(w, |w| format!("{} to {}", w.from, w.to), "none");
            parts.push(format!("window {} -> {}", win(&w.old), win(&w.new)));
        }
        let _ = writeln!(s, "  remedy {}: {}", r.name, parts.join("; "));
    }
    for d in &c.deadlines {
        let mut parts: Vec<String> = Vec::new();
        if let Some(due) = &d.due {
            parts.push(format!(
                "due {} -> {}",
                side(&due.old, ToString::to_string, "absent"),
                side(&due.new, ToString::to_string, "absent")
            ));
        }
        if let Some(st) = &d.status {
            let k = |v: &Option<recourse::model::decision::DeadlineStatus>| side(v, |x| x.keyword().to_string(), "absent");
            parts.push(format!("{} -> {}", k(&st.old), k(&st.new)));
        }
        let _ = writeln!(s, "  deadline {}: {}", d.name, parts.join("; "));
    }
    for f in &c.flags {
        let _ = writeln!(s, "  flag {}: raised {}", f.name, bool_change(&f.raised));
    }
    if let Some(e) = &c.escalation {
        let k = |v: &Option<recourse::model::decision::EscalationStatus>| side(v, |x| x.keyword().to_string(), "absent");
        let _ = writeln!(s, "  escalation: {} -> {}", k(&e.old), k(&e.new));
    }
    if let Some(o) = &c.escalation_opens_on {
        let _ = writeln!(
            s,
            "  escalation opens: {} -> {}",
            side(&o.old, ToString::to_string, "never"),
            side(&o.new, ToString::to_string, "never")
        );
    }
    for r in &c.reported {
        let _ = writeln!(
            s,
            "  report {}: {} -> {}",
            r.name,
            side(&r.value.old, Clone::clone, "absent"),
            side(&r.value.new, Clone::clone, "absent")
        );
    }
    if !c.clauses.is_empty() {
        let _ = writeln!(s, "  clauses: {}", c.clauses.join(", "));
    }
}

/// The clauses that changed, each with the lines of its canonical text that differ.
fn text_clauses(clauses: &[ClauseChange]) -> String {
    let mut s = String::new();
    if clauses.is_empty() {
        s.push_str("No clause changed.\n\n");
        return s;
    }
    let _ = writeln!(s, "{} changed:", crate::plural(clauses.len(), "clause"));
    for c in clauses {
        let what = match c.change {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        };
        // As the policy writes it: `remedy replacement "Q.6.1 ..."`, `cap "Q.7 Limitation"`, `defects`.
        let name = match (&c.clause, c.kind) {
            (Some(clause), DeclKind::Cap | DeclKind::Sampling | DeclKind::Scorecard) => format!(" \"{clause}\""),
            (Some(clause), _) => format!(" {} \"{clause}\"", c.name),
            (None, DeclKind::Policy | DeclKind::Defects | DeclKind::Recommend | DeclKind::Escalate) => String::new(),
            (None, _) => format!(" {}", c.name),
        };
        let _ = writeln!(s, "  {}{name}: {what}", c.kind.keyword());
        let old: Vec<&str> = c.old.as_deref().unwrap_or("").lines().collect();
        let new: Vec<&str> = c.new.as_deref().unwrap_or("").lines().collect();
        for (sign, line) in line_diff(&old, &new) {
            let _ = writeln!(s, "    {sign} {line}");
        }
    }
    s.push('\n');
    s
}

/// The lines of `new` that differ from `old`: `-` removed, `+` added, common lines left out
/// (the core's [`recourse::diff::line_diff`]).
fn line_diff<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<(char, &'a str)> {
    recourse::diff::line_diff(old, new)
        .into_iter()
        .filter_map(|e| match e {
            LineEdit::Removed(i) => old.get(i).map(|l| ('-', *l)),
            LineEdit::Added(j) => new.get(j).map(|l| ('+', *l)),
        })
        .collect()
}

fn text_summary(sum: &DiffSummary, changed_clauses: &[ClauseChange]) -> String {
    let mut s = String::new();
    if sum.changed > 0 || sum.failed > 0 {
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "{} compared: {} changed, {} unchanged, {} failed under both versions",
        crate::plural(usize::try_from(sum.claims).unwrap_or(usize::MAX), "claim"),
        sum.changed,
        sum.unchanged,
        sum.failed
    );
    if sum.now_failing > 0 || sum.now_decided > 0 {
        let _ = writeln!(s, "  of the changed: {} decided only by the old version, {} only by the new", sum.now_failing, sum.now_decided);
    }
    let total = |m: &Option<recourse::domain::money::Money>| match m {
        Some(m) if m.amount().is_sign_positive() && !m.is_zero() => format!("+{m}"),
        Some(m) => m.to_string(),
        None => "too large to state exactly".to_string(),
    };
    let _ = writeln!(s, "change in the recommended remedy's supplier total, all claims: {}", total(&sum.supplier_change));
    if !sum.remedies.is_empty() {
        let _ = writeln!(s, "change in each remedy's supplier total:");
        let w = sum.remedies.iter().map(|r| r.name.chars().count()).max().unwrap_or(0);
        for r in &sum.remedies {
            let _ = writeln!(
                s,
                "  {:<w$}  {:>16}  in {}",
                r.name,
                total(&r.supplier_change),
                crate::plural(usize::try_from(r.claims).unwrap_or(0), "claim")
            );
        }
    }
    if !sum.recommendations.is_empty() {
        let _ = writeln!(s, "recommendation moves:");
        for t in &sum.recommendations {
            let n = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_string());
            let _ = writeln!(s, "  {} -> {}: {}", n(&t.from), n(&t.to), crate::plural(usize::try_from(t.claims).unwrap_or(0), "claim"));
        }
    }
    if !sum.clauses.is_empty() {
        let _ = writeln!(s, "clauses whose reasons differ:");
        for c in &sum.clauses {
            // The clauses this redline changed, against those that only compute from a changed one.
            let mark =
                if changed_clauses.iter().any(|x| x.clause.as_deref() == Some(c.clause.as_str())) { " (changed clause)" } else { "" };
            let _ = writeln!(s, "  {}: {}{mark}", c.clause, crate::plural(usize::try_from(c.claims).unwrap_or(0), "claim"));
        }
    }
    if !sum.largest.is_empty() {
        let _ = writeln!(s, "largest changes in the recommended supplier total:");
        for l in &sum.largest {
            let mut line = format!("  {:>14}  {}", signed(&l.supplier_total), place(l.file.as_deref(), l.line));
            if let Some(id) = &l.claim_id {
                let _ = write!(line, " {id}");
            }
            let _ = write!(line, ": {} -> {}", l.supplier_total.old, l.supplier_total.new);
            if let Some(r) = &l.recommended {
                let n = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_string());
                let _ = write!(line, " ({} -> {})", n(&r.old), n(&r.new));
            }
            let _ = writeln!(s, "{line}");
        }
    }
    let verdict = match (changed_clauses.len(), sum.changed, sum.failed) {
        (_, _, f) if f > 0 => "some claims could not be compared",
        (0, 0, _) => "no change",
        _ => "changed",
    };
    let _ = writeln!(s, "{verdict}");
    s
}
