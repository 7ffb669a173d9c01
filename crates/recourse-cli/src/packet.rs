//! `recourse packet`, `recourse closeout`, `recourse log`: what goes to the supplier and to the
//! customer-service team, with every customer identifier replaced by a stable pseudonym.

use std::path::{Path, PathBuf};

use recourse::packet::{self, LogEntry, PseudonymOptions};
use recourse::{Claim, Decision, Policy};

use crate::{Ctx, EXIT_OK, InputError, input};

/// Compile, read the claim, evaluate; `Err(code)` when something was reported.
fn decide(ctx: &mut Ctx, policy_path: &Path, claim_path: &Path) -> Result<Result<(Policy, Claim, Decision), u8>, InputError> {
    let (src, policy) = match input::compile(ctx, policy_path)? {
        Ok(p) => p,
        Err(code) => return Ok(Err(code)),
    };
    let (_, claim) = input::read_claim(claim_path)?;
    match policy.evaluate(&claim) {
        Ok(decision) => Ok(Ok((policy, claim, decision))),
        Err(e) => Ok(Err(input::eval_error(ctx, policy_path, &src, claim_path, &e))),
    }
}

pub(crate) fn run_packet(ctx: &mut Ctx, policy_path: &Path, claim_path: &Path, json: bool) -> Result<u8, InputError> {
    let (policy, claim, decision) = match decide(ctx, policy_path, claim_path)? {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let p = packet::packet(&policy, &claim, &decision);
    if json {
        let text = serde_json::to_string_pretty(&p).map_err(|e| InputError::new(format!("cannot write the packet: {e}")))?;
        ctx.out.push_str(&text);
        ctx.out.push('\n');
    } else {
        ctx.out.push_str(&packet::packet_markdown(&p));
    }
    Ok(EXIT_OK)
}

pub(crate) fn run_closeout(ctx: &mut Ctx, policy_path: &Path, claim_path: &Path, explanation: Option<&str>) -> Result<u8, InputError> {
    let (policy, claim, decision) = match decide(ctx, policy_path, claim_path)? {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    ctx.out.push_str(&packet::closeout_text(&packet::closeout(&policy, &claim, &decision, explanation)));
    Ok(EXIT_OK)
}

/// One policy, many claim files: the defective log as CSV.
pub(crate) fn run_log(ctx: &mut Ctx, policy_path: &Path, claim_paths: &[PathBuf]) -> Result<u8, InputError> {
    let mut decided = Vec::with_capacity(claim_paths.len());
    let mut compiled: Option<Policy> = None;
    for claim_path in claim_paths {
        let (policy, claim, decision) = match decide(ctx, policy_path, claim_path)? {
            Ok(x) => x,
            Err(code) => return Ok(code),
        };
        compiled.get_or_insert(policy);
        decided.push((claim, decision));
    }
    let Some(policy) = compiled else { return Err(InputError::new("no claim files given")) };
    let entries: Vec<LogEntry<'_>> =
        decided.iter().map(|(claim, decision)| LogEntry { policy: &policy, claim, decision, remedy_given: None }).collect();
    ctx.out.push_str(&packet::log_csv(&packet::log_rows(&entries, &PseudonymOptions::default())));
    Ok(EXIT_OK)
}
