//! `recourse explain POLICY CLAIM.json`: the evaluation's trace, for a person to follow.

use std::path::Path;

use recourse::{Decision, Policy};

use crate::{Ctx, EXIT_OK, InputError, done, input, outln, serde_name};

pub(crate) fn run(ctx: &mut Ctx, policy_path: &Path, claim_path: &Path) -> Result<u8, InputError> {
    let (_, _, decision) = done!(input::decide(ctx, policy_path, claim_path, Policy::evaluate_traced));
    ctx.out.push_str(&render(&policy_path.display().to_string(), &decision));
    Ok(EXIT_OK)
}

fn render(file: &str, d: &Decision) -> String {
    let mut out = String::new();
    outln!(out, "Trace of claim {} under {:?} ({file})", d.claim_id, d.policy);
    let Some(trace) = &d.trace else {
        outln!(out, "(the engine recorded no trace)");
        return out;
    };
    outln!(out, "{}, policy hash {}, as of {}", trace.engine, trace.policy_hash, trace.as_of);
    outln!(out, "Each step: its line in the policy, what was evaluated [in which clause], the expression, the values it read, the result.");
    for s in &trace.steps {
        out.push('\n');
        let clause = s.clause.as_ref().map(|c| format!("  [{c}]")).unwrap_or_default();
        outln!(out, "line {}: {}{clause}", s.line, s.what);
        // Continuation lines keep their layout relative to each other, indented under the first.
        let mut lines = s.source.lines();
        if let Some(first) = lines.next() {
            outln!(out, "    {}", first.trim_end());
        }
        let rest: Vec<&str> = lines.collect();
        let indent = rest.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len().saturating_sub(l.trim_start().len())).min().unwrap_or(0);
        for text in rest {
            outln!(out, "      {}", text.get(indent..).unwrap_or(text.trim_start()).trim_end());
        }
        // A name read twice with the same value is shown once.
        let mut reads: Vec<(&str, &str)> = Vec::new();
        for r in &s.reads {
            if !reads.contains(&(r.name.as_str(), r.value.as_str())) {
                reads.push((r.name.as_str(), r.value.as_str()));
            }
        }
        for (i, (name, value)) in reads.iter().enumerate() {
            let word = if i == 0 { "where" } else { "  and" };
            outln!(out, "    {word} {name} = {value}");
        }
        outln!(out, "    -> {}", s.result);
        if let Some(rounding) = &s.rounding {
            outln!(out, "    rounding: {rounding}");
        }
    }
    out.push('\n');
    outln!(out, "Outcome");
    if !d.eligible {
        outln!(out, "  the claim is ineligible");
    }
    outln!(out, "  lot: {}", d.lot.reason);
    for r in &d.remedies {
        let verdict = if r.available { "available" } else { "not available" };
        outln!(
            out,
            "  {}: {verdict}; supplier total {}, buyer pays {}, buyer net recovery {}",
            r.name,
            r.supplier_total,
            r.buyer_pays,
            r.buyer_net_recovery
        );
    }
    match &d.recommendation.remedy {
        Some(name) => outln!(out, "  recommended: {name}"),
        None => outln!(out, "  recommended: none"),
    }
    for why in &d.recommendation.reasons {
        outln!(out, "    why: {why}");
    }
    if !d.recommendation.ranking.is_empty() {
        let ranking: Vec<String> = d.recommendation.ranking.iter().map(|c| serde_name(c).replace('_', " ")).collect();
        outln!(out, "    ranking: {}", ranking.join(", then "));
    }
    out
}
