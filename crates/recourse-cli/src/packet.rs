//! `recourse packet`, `recourse closeout`, `recourse log`: what goes to the supplier and to the
//! customer-service team, with every customer identifier replaced by a stable pseudonym.

use std::path::{Path, PathBuf};

use recourse::Policy;
use recourse::packet::{self, LogEntry, PseudonymOptions};

use crate::{Ctx, EXIT_OK, InputError, done, input};

pub(crate) fn run_packet(ctx: &mut Ctx, policy_path: &Path, claim_path: &Path, json: bool) -> Result<u8, InputError> {
    let (policy, claim, decision) = done!(input::decide(ctx, policy_path, claim_path, Policy::evaluate));
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
    let (policy, claim, decision) = done!(input::decide(ctx, policy_path, claim_path, Policy::evaluate));
    ctx.out.push_str(&packet::closeout_text(&packet::closeout(&policy, &claim, &decision, explanation)));
    Ok(EXIT_OK)
}

/// One policy, many claim files: the defective log as CSV.
pub(crate) fn run_log(ctx: &mut Ctx, policy_path: &Path, claim_paths: &[PathBuf]) -> Result<u8, InputError> {
    let mut decided = Vec::with_capacity(claim_paths.len());
    let mut compiled: Option<Policy> = None;
    for claim_path in claim_paths {
        let (policy, claim, decision) = done!(input::decide(ctx, policy_path, claim_path, Policy::evaluate));
        compiled.get_or_insert(policy);
        decided.push((claim, decision));
    }
    let Some(policy) = compiled else { return Err(InputError::new("no claim files given")) };
    let entries: Vec<LogEntry<'_>> =
        decided.iter().map(|(claim, decision)| LogEntry { policy: &policy, claim, decision, remedy_given: None }).collect();
    ctx.out.push_str(&packet::log_csv(&packet::log_rows(&entries, &PseudonymOptions::default())));
    Ok(EXIT_OK)
}

/// The supplier scorecard over claim files and, optionally, a JSON array of lot receipts.
pub(crate) fn run_scorecard(
    ctx: &mut Ctx,
    policy_path: &Path,
    claim_paths: &[PathBuf],
    receipts: Option<&Path>,
    json: bool,
) -> Result<u8, InputError> {
    let (_, policy) = done!(input::compile(ctx, policy_path));
    let mut claims = Vec::with_capacity(claim_paths.len());
    for path in claim_paths {
        claims.push(input::read_claim(path)?.1);
    }
    let receipts = match receipts {
        Some(path) => {
            let text = input::read_text(path)?;
            let mut de = serde_json::Deserializer::from_str(&text);
            let list: Vec<recourse::model::claim::LotRecord> = serde_path_to_error::deserialize(&mut de).map_err(|e| {
                let at = e.path().to_string();
                InputError::new(format!("{}: {}: {}", path.display(), if at == "." { "receipts".to_string() } else { at }, e.inner()))
            })?;
            list
        }
        None => Vec::new(),
    };
    let card = recourse::scorecard::scorecard(&policy, &recourse::scorecard::ScorecardInput { claims, receipts });
    if json {
        let text = serde_json::to_string_pretty(&card).map_err(|e| InputError::new(format!("cannot write the scorecard: {e}")))?;
        ctx.out.push_str(&text);
        ctx.out.push('\n');
    } else {
        let opt = |x: &Option<String>, unit: &str| x.as_ref().map(|v| format!("{v}{unit}")).unwrap_or_else(|| "n/a".to_string());
        crate::outln!(ctx.out, "Scorecard: {} ({} claims)", card.policy, card.claims);
        crate::outln!(
            ctx.out,
            "  lots inspected      {} ({} rejected, {})",
            card.lots_inspected,
            card.lots_rejected,
            opt(&card.rejection_rate, "%")
        );
        crate::outln!(
            ctx.out,
            "  defects             {} in {} sampled units, {} ppm",
            card.defects,
            card.sampled_units,
            opt(&card.ppm, "")
        );
        for r in &card.defect_rates {
            crate::outln!(ctx.out, "    {:<18} {:>6}  {}", r.code, r.count, opt(&r.rate, "%"));
        }
        crate::outln!(
            ctx.out,
            "  supplier responses  {} (mean {} business days, {} late)",
            card.responses,
            opt(&card.mean_response_days, ""),
            card.late_responses
        );
        crate::outln!(
            ctx.out,
            "  recovery            {} {} of {} {} claimed ({})",
            card.currency,
            card.recovered,
            card.currency,
            card.claimed,
            opt(&card.recovery_rate, "%")
        );
        if let Some(s) = &card.status {
            crate::outln!(ctx.out, "  status              {} ({}: {})", s.status, s.clause, s.because.join(" and "));
        }
        for t in &card.triggered {
            crate::outln!(ctx.out, "  triggers            {} ({}: {})", t.remedy, t.clause, t.because.join(" and "));
        }
        for e in &card.errors {
            crate::outln!(ctx.err, "error: claim {}: {} ({})", e.claim_id, e.error.message, e.error.code);
        }
    }
    Ok(if card.errors.is_empty() { EXIT_OK } else { crate::EXIT_FAILED })
}
