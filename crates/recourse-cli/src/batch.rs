//! `recourse batch POLICY CLAIMS.jsonl`: many claims on all cores, decisions streamed out as
//! JSON lines in input order. A bad claim gives an error line for that claim; the rest go on.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::time::Instant;

use recourse::api::EvaluateResult;
use recourse::{Claim, Policy};
use serde::Serialize;

use crate::{Ctx, EXIT_FAILED, EXIT_OK, InputError, done, input, outln};

/// Claims read and evaluated per round; each round is split across the threads.
pub(crate) const CHUNK: usize = 2048;

#[derive(Serialize)]
struct Line<'a> {
    /// 1-based line of the claim in the input.
    line: usize,
    #[serde(flatten)]
    result: &'a EvaluateResult,
}

pub(crate) struct Options {
    pub jobs: Option<usize>,
    pub progress: bool,
}

pub(crate) fn run(ctx: &mut Ctx, policy_path: &Path, claims_path: &Path, out: &mut dyn Write, opts: &Options) -> Result<u8, InputError> {
    let (_, policy) = done!(input::compile(ctx, policy_path));
    let (reader, total_bytes): (Box<dyn Read>, u64) = if claims_path == Path::new("-") {
        (Box::new(std::io::stdin()), 0)
    } else {
        let file = std::fs::File::open(claims_path).map_err(|e| InputError::new(format!("{}: cannot read: {e}", claims_path.display())))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        (Box::new(file), size)
    };
    let threads = opts.jobs.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)).max(1);
    let mut lines = BufReader::with_capacity(1 << 16, reader);
    let started = Instant::now();
    let (mut read, mut decided, mut failed, mut bytes) = (0usize, 0usize, 0usize, 0u64);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    loop {
        let mut chunk: Vec<(usize, Result<String, String>)> = Vec::with_capacity(CHUNK);
        while chunk.len() < CHUNK {
            match read_line(&mut lines) {
                Ok(Some((size, text))) => {
                    read = read.saturating_add(1);
                    bytes = bytes.saturating_add(size);
                    if text.as_ref().is_ok_and(|t| t.trim().is_empty()) {
                        continue;
                    }
                    chunk.push((read, text));
                }
                Ok(None) => break,
                Err(e) => return Err(InputError::new(format!("{}: line {}: {e}", claims_path.display(), read.saturating_add(1)))),
            }
        }
        if chunk.is_empty() {
            break;
        }
        for (ok, text) in evaluate_chunk(&policy, &chunk, threads) {
            if ok {
                decided = decided.saturating_add(1);
            } else {
                failed = failed.saturating_add(1);
            }
            if writeln!(out, "{text}").is_err() {
                return Ok(EXIT_FAILED); // closed pipe
            }
        }
        if opts.progress {
            progress(decided.saturating_add(failed), failed, bytes, total_bytes, started);
        }
    }
    let _ = out.flush();
    let secs = started.elapsed().as_millis();
    let n = decided.saturating_add(failed);
    let rate = if secs == 0 { n.saturating_mul(1000) } else { n.saturating_mul(1000) / usize::try_from(secs).unwrap_or(usize::MAX).max(1) };
    if opts.progress {
        eprint!("\r\x1b[2K");
    }
    outln!(
        ctx.err,
        "{n} claims: {decided} decided, {failed} with errors, in {}.{:03} s ({rate} claims/s on {threads} threads)",
        secs / 1000,
        secs % 1000
    );
    Ok(if failed == 0 { EXIT_OK } else { EXIT_FAILED })
}

/// The next line (without its line break) and the bytes it took, or `None` at the end. A line
/// that is not UTF-8 or longer than a claim may be is `Err` with the reason, so that it becomes
/// one error line and every other line still gets its result; a long line is skipped without
/// being held in memory.
pub(crate) fn read_line(input: &mut impl BufRead) -> std::io::Result<Option<(u64, Result<String, String>)>> {
    let limit = recourse::model::claim::MAX_CLAIM_BYTES;
    let mut buf = Vec::new();
    let mut size = 0u64;
    let mut too_long = false;
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            if size == 0 {
                return Ok(None);
            }
            break;
        }
        let (part, done) = match available.iter().position(|b| *b == b'\n') {
            Some(i) => (available.get(..i.saturating_add(1)).unwrap_or(available), true),
            None => (available, false),
        };
        let n = part.len();
        if !too_long {
            if buf.len().saturating_add(n) > limit.saturating_add(2) {
                too_long = true;
                buf = Vec::new();
            } else {
                buf.extend_from_slice(part);
            }
        }
        input.consume(n);
        size = size.saturating_add(u64::try_from(n).unwrap_or(u64::MAX));
        if done {
            break;
        }
    }
    if too_long {
        return Ok(Some((size, Err(format!("the line is {size} bytes; a claim may be at most {limit} bytes")))));
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
    Ok(Some((
        size,
        String::from_utf8(buf)
            .map_err(|e| format!("the line is not UTF-8 text (invalid byte at column {})", e.utf8_error().valid_up_to().saturating_add(1))),
    )))
}

/// Evaluate a chunk on `threads` threads; results in input order.
fn evaluate_chunk(policy: &Policy, chunk: &[(usize, Result<String, String>)], threads: usize) -> Vec<(bool, String)> {
    parallel_map(
        chunk,
        threads,
        |(line, text)| one(policy, *line, text),
        || (false, "{\"ok\":false,\"errors\":[{\"code\":\"E0000\",\"message\":\"a worker thread failed\"}]}".to_string()),
    )
}

/// `f` over `items` on `threads` threads, each taking one contiguous part; results in input order.
/// A part whose thread failed gives the one result `failed()` instead of its own.
pub(crate) fn parallel_map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync, failed: impl Fn() -> R) -> Vec<R> {
    let per = items.len().div_ceil(threads.max(1)).max(1);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items.chunks(per).map(|part| s.spawn(move || part.iter().map(f).collect::<Vec<R>>())).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|_| vec![failed()])).collect()
    })
}

fn one(policy: &Policy, line: usize, text: &Result<String, String>) -> (bool, String) {
    let result: EvaluateResult = match text {
        Ok(text) => Claim::from_json(text).map_err(recourse::claim_error).and_then(|c| policy.evaluate(&c)).into(),
        Err(why) => Err(recourse::EvalError::new(recourse::Code::InvalidClaim, why.clone())).into(),
    };
    let ok = matches!(result, EvaluateResult::Ok { .. });
    let json = serde_json::to_string(&Line { line, result: &result }).unwrap_or_else(|e| {
        format!("{{\"line\":{line},\"ok\":false,\"errors\":[{{\"code\":\"E0000\",\"message\":{:?}}}]}}", e.to_string())
    });
    (ok, json)
}

fn progress(done: usize, failed: usize, bytes: u64, total: u64, started: Instant) {
    const WIDTH: u64 = 30;
    let filled = bytes.min(total).saturating_mul(WIDTH).checked_div(total).unwrap_or(0).min(WIDTH);
    let bar: String = (0..WIDTH).map(|i| if i < filled { '#' } else { '.' }).collect();
    let ms = started.elapsed().as_millis().max(1);
    let rate = u128::try_from(done).unwrap_or(0).saturating_mul(1000) / ms;
    eprint!("\r[{bar}] {done} claims, {failed} errors, {rate}/s");
}
