//! `recourse sweep POLICY CLAIM.json --vary PATH --from A --to B --step S`: CSV of the decision
//! across a range of one claim field: a count, an amount, a date or a yes/no input. Steps are
//! exact decimals (days for dates); whole-number fields are written as JSON integers, amounts as
//! decimal strings. Each row has the recommendation, every remedy's availability and totals, the
//! reported values, every deadline's due date and status, the lot's disposition and the flags.

use std::path::Path;

use recourse::vary::{Sweep, VaryError, VaryPart};

use crate::{Ctx, EXIT_FAILED, EXIT_OK, InputError, done, input, outln};

pub(crate) struct Range {
    pub path: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub step: Option<String>,
}

/// A variable or range the core refused, as one line naming the option.
pub(crate) fn vary_error(path: &str, e: VaryError) -> InputError {
    let flag = e.part.name();
    InputError::new(match (e.part, e.missing) {
        (_, true) => format!("--{flag} is required to vary `{path}`"),
        (VaryPart::Vary, false) => format!("--vary {path}: {}", e.message),
        (_, false) => format!("--{flag}: {}", e.message),
    })
}

/// The CSV: the value, the recommendation, each remedy's availability and totals, the reported
/// values, each deadline's due date and status, the lot's disposition, each flag and the error.
fn header(sweep: &Sweep) -> Vec<String> {
    let mut h = vec![sweep.variable.clone(), "recommended".to_string()];
    for r in &sweep.remedies {
        for column in ["available", "supplier_total", "buyer_pays", "buyer_net_recovery"] {
            h.push(format!("{}.{column}", r.name));
        }
    }
    h.extend(sweep.reported.iter().map(|r| format!("report.{}", r.name)));
    for d in &sweep.deadlines {
        h.extend([format!("{}.due", d.name), format!("{}.status", d.name)]);
    }
    h.push("lot.disposition".to_string());
    h.extend(sweep.flags.iter().map(|f| format!("flag.{}", f.name)));
    h.push("error".to_string());
    h
}

fn cell<T: ToString>(v: Option<&Option<T>>) -> String {
    v.and_then(Option::as_ref).map(ToString::to_string).unwrap_or_default()
}

fn row(sweep: &Sweep, i: usize) -> Vec<String> {
    let mut fields = vec![sweep.values.get(i).cloned().unwrap_or_default()];
    if let Some(Some(e)) = sweep.errors.get(i) {
        fields.resize(header(sweep).len().saturating_sub(1), String::new());
        fields.push(format!("{}: {}", e.code, e.message));
        return fields;
    }
    fields.push(sweep.recommended.get(i).cloned().flatten().unwrap_or_else(|| "none".to_string()));
    for r in &sweep.remedies {
        fields.extend([
            cell(r.available.get(i)),
            cell(r.supplier_total.get(i)),
            cell(r.buyer_pays.get(i)),
            cell(r.buyer_net_recovery.get(i)),
        ]);
    }
    for r in &sweep.reported {
        fields.push(cell(r.values.get(i)));
    }
    for d in &sweep.deadlines {
        fields.push(cell(d.due.get(i)));
        fields.push(d.status.get(i).copied().flatten().map(|s| s.keyword().to_string()).unwrap_or_default());
    }
    fields.push(sweep.lot.get(i).copied().flatten().map(|l| l.keyword().to_string()).unwrap_or_default());
    for f in &sweep.flags {
        fields.push(cell(f.raised.get(i)));
    }
    fields.push(String::new());
    fields
}

/// A CSV field, quoted when it needs to be.
fn csv(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) { format!("\"{}\"", field.replace('"', "\"\"")) } else { field.to_string() }
}

pub(crate) fn run(ctx: &mut Ctx, policy_path: &Path, claim_path: &Path, range: &Range) -> Result<u8, InputError> {
    let (_, policy) = done!(input::compile(ctx, policy_path));
    let (_, claim) = input::read_claim(claim_path)?;
    let path = &range.path;
    let variable = recourse::vary::Variable::parse(&policy, path).map_err(|e| vary_error(path, e))?;
    let values = variable.points(range.from.as_deref(), range.to.as_deref(), range.step.as_deref()).map_err(|e| vary_error(path, e))?;
    let sweep = policy.sweep(claim, &variable, &values).map_err(|e| vary_error(path, e))?;
    outln!(ctx.out, "{}", header(&sweep).iter().map(|h| csv(h)).collect::<Vec<_>>().join(","));
    for i in 0..sweep.values.len() {
        outln!(ctx.out, "{}", row(&sweep, i).iter().map(|f| csv(f)).collect::<Vec<_>>().join(","));
    }
    let failed = sweep.errors.iter().filter(|e| e.is_some()).count();
    if failed > 0 {
        outln!(
            ctx.err,
            "error: {} of {} could not be evaluated (see the `error` column)",
            crate::plural(failed, "value"),
            sweep.values.len()
        );
        return Ok(EXIT_FAILED);
    }
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv("plain"), "plain");
        assert_eq!(csv("a, b"), "\"a, b\"");
        assert_eq!(csv("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
