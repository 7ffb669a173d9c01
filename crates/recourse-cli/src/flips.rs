//! `recourse flips POLICY CLAIM.json --vary PATH [--from A --to B] [--json]`: the exact values
//! where the decision turns, each with the values on either side and the clause responsible,
//! and the intervals between with their outcome. Every value of the range is evaluated
//! (`Policy::flips`), so no flip between grid points can be missed.

use std::path::Path;

use recourse::api::FlipsResult;
use recourse::vary::{FlipKind, Flips, Outcome};

use crate::{Ctx, EXIT_FAILED, EXIT_OK, InputError, done, input, outln};

pub(crate) struct Request {
    pub path: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub json: bool,
}

pub(crate) fn run(ctx: &mut Ctx, policy_path: &Path, claim_path: &Path, req: &Request) -> Result<u8, InputError> {
    let (_, policy) = done!(input::compile(ctx, policy_path));
    let (_, claim) = input::read_claim(claim_path)?;
    if req.json {
        let result = recourse::api::flips(&policy, claim, &req.path, req.from.as_deref(), req.to.as_deref());
        let code = if result.is_ok() { EXIT_OK } else { EXIT_FAILED };
        let text = serde_json::to_string_pretty(&FlipsResult::from(result))
            .map_err(|e| InputError::new(format!("cannot serialize the result: {e}")))?;
        outln!(ctx.out, "{text}");
        return Ok(code);
    }
    let variable = recourse::vary::Variable::parse(&policy, &req.path).map_err(|e| crate::sweep::vary_error(&req.path, e))?;
    let flips =
        policy.flips(claim, &variable, req.from.as_deref(), req.to.as_deref()).map_err(|e| crate::sweep::vary_error(&req.path, e))?;
    render(ctx, &flips);
    Ok(EXIT_OK)
}

fn render(ctx: &mut Ctx, f: &Flips) {
    outln!(
        ctx.out,
        "{} from {} to {}: {} (every value evaluated, step {})",
        f.variable,
        f.from,
        f.to,
        match f.points.len() {
            0 => "the decision does not change".to_string(),
            n => crate::plural(n, "flip point"),
        },
        f.unit
    );
    // The recommendation in one line: "credit_offset up to 0, replacement from 1".
    let mut runs: Vec<(String, &str, &str)> = Vec::new();
    for i in &f.intervals {
        let name = recommended(&i.outcome);
        match runs.last_mut() {
            Some((last, _, to)) if *last == name => *to = &i.to,
            _ => runs.push((name, &i.from, &i.to)),
        }
    }
    if runs.len() > 1 {
        let last = runs.len() - 1;
        let parts: Vec<String> = runs
            .iter()
            .enumerate()
            .map(|(k, (name, from, to))| match k {
                0 => format!("{name} up to {to}"),
                k if k == last => format!("{name} from {from}"),
                _ => format!("{name} from {from} to {to}"),
            })
            .collect();
        outln!(ctx.out, "recommended: {}", parts.join(", "));
    }
    for p in &f.points {
        outln!(ctx.out);
        outln!(ctx.out, "{} -> {}", p.below, p.above);
        for c in &p.changes {
            let what = match (c.kind, &c.name) {
                (FlipKind::Recommended, _) => "recommended".to_string(),
                (FlipKind::Available, Some(n)) => format!("{n} available"),
                (FlipKind::Capped, Some(n)) => format!("{n} capped"),
                (FlipKind::Deadline, Some(n)) => format!("deadline {n}"),
                (FlipKind::Escalation, _) => "escalation".to_string(),
                (FlipKind::Lot, _) => "lot".to_string(),
                (FlipKind::Error, _) => "error".to_string(),
                (_, None) => String::new(),
            };
            let why = match (&c.clause, &c.reason) {
                (Some(cl), Some(r)) => format!("  [{cl}: {r}]"),
                (Some(cl), None) => format!("  [{cl}]"),
                (None, Some(r)) => format!("  [{r}]"),
                (None, None) => String::new(),
            };
            outln!(ctx.out, "  {what}: {} -> {}{why}", c.before, c.after);
        }
    }
    outln!(ctx.out);
    outln!(ctx.out, "intervals");
    for i in &f.intervals {
        let range = if i.from == i.to { i.from.clone() } else { format!("{} to {}", i.from, i.to) };
        let o = &i.outcome;
        let text = match &o.error {
            Some(code) => format!("error {code}"),
            None => {
                let mut parts = vec![format!("recommended {}", recommended(o))];
                parts.push(format!("available {}", if o.available.is_empty() { "none".to_string() } else { o.available.join(" ") }));
                if !o.capped.is_empty() {
                    parts.push(format!("capped {}", o.capped.join(" ")));
                }
                if let Some(l) = o.lot {
                    parts.push(format!("lot {}", l.keyword()));
                }
                for d in &o.deadlines {
                    parts.push(format!("{} {}", d.name, d.status.keyword()));
                }
                if let Some(e) = o.escalation {
                    parts.push(format!("escalation {}", e.keyword()));
                }
                parts.join("; ")
            }
        };
        outln!(ctx.out, "  {range}: {text}");
    }
}

fn recommended(o: &Outcome) -> String {
    match (&o.error, &o.recommended) {
        (Some(code), _) => format!("error {code}"),
        (None, Some(r)) => r.clone(),
        (None, None) => "none".to_string(),
    }
}
