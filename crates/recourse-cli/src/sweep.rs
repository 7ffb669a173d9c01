//! `recourse sweep POLICY CLAIM.json --vary PATH --from A --to B --step S`: CSV of the decision
//! across a range of one claim field. Steps are exact decimals; whole-number fields are written
//! as JSON integers, amounts as decimal strings.

use std::path::Path;

use recourse::{Claim, Decision, Policy};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::Value as J;

use crate::{Ctx, EXIT_FAILED, EXIT_OK, InputError, input, outln};

/// At most this many rows: a typo in `--step` should not print a million lines.
const MAX_ROWS: usize = 10_000;

pub(crate) struct Range {
    pub path: String,
    pub from: String,
    pub to: String,
    pub step: String,
}

/// How the varied field is written into the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A JSON integer (counts, units, sizes, `int` facts).
    Integer,
    /// A decimal string (amounts, `money`/`decimal`/`percent` facts).
    Decimal,
}

fn number(flag: &str, text: &str) -> Result<Decimal, InputError> {
    recourse::domain::money::parse_decimal(text.trim()).map_err(|e| match e {
        recourse::domain::money::DecimalTextError::Shape => InputError::new(format!("{flag}: `{text}` is not a decimal number")),
        recourse::domain::money::DecimalTextError::Range => {
            InputError::new(format!("{flag}: `{text}` is out of range (at most 28 significant digits)"))
        }
    })
}

/// The values from `from` to `to` (inclusive) by `step`, in exact decimal arithmetic.
fn values(from: Decimal, to: Decimal, step: Decimal) -> Result<Vec<Decimal>, InputError> {
    if step.is_zero() {
        return Err(InputError::new("--step: must not be zero"));
    }
    if (to > from && step.is_sign_negative()) || (to < from && step.is_sign_positive()) {
        return Err(InputError::new(format!("--step: {step} never reaches --to {to} from --from {from}")));
    }
    let mut out = Vec::new();
    let mut v = from;
    while (step.is_sign_positive() && v <= to) || (step.is_sign_negative() && v >= to) {
        if out.len() >= MAX_ROWS {
            return Err(InputError::new(format!("--step: the range has more than {MAX_ROWS} values; use a larger step")));
        }
        out.push(v);
        v = v.checked_add(step).ok_or_else(|| InputError::new("--step: the range overflows"))?;
    }
    Ok(out)
}

/// The kind of a claim field, from the claim's JSON Schema (generated from the Rust types), or,
/// under `facts.`, from the type of the policy's input (`Policy::describe`).
fn kind_of(policy: &Policy, path: &str) -> Result<Kind, InputError> {
    let unsupported = |what: &str| InputError::new(format!("--vary {path}: {what}; sweep varies a number (a count or an amount)"));
    if let Some(name) = path.strip_prefix("facts.") {
        let Some(input) = policy.describe().inputs.into_iter().find(|i| i.name == name) else {
            return Err(InputError::new(format!("--vary {path}: `{name}` is not an input of the policy")));
        };
        return match input.ty.as_str() {
            "int" => Ok(Kind::Integer),
            "money" | "decimal" | "percent" => Ok(Kind::Decimal),
            other => Err(unsupported(&format!("the input `{name}` is a {other}"))),
        };
    }
    let root = recourse::schema::claim();
    let mut node = &root;
    for step in steps(path).map_err(|m| InputError::new(format!("--vary {path}: {m}")))? {
        node = resolve(&root, node);
        node = match step {
            Step::Key(key) => match node
                .get("properties")
                .and_then(|p| p.get(&key))
                .or_else(|| node.get("additionalProperties").filter(|a| a.is_object()))
            {
                Some(n) => n,
                None => return Err(InputError::new(format!("--vary {path}: the claim has no field `{key}` there"))),
            },
            Step::Index => match node.get("items") {
                Some(n) => n,
                None => return Err(InputError::new(format!("--vary {path}: not a list"))),
            },
        };
    }
    let leaf = resolve(&root, node);
    let types = |n: &J| -> Vec<String> {
        match n.get("type") {
            Some(J::String(s)) => vec![s.clone()],
            Some(J::Array(a)) => a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
            _ => Vec::new(),
        }
    };
    let t = types(leaf);
    if t.iter().any(|x| x == "integer") {
        return Ok(Kind::Integer);
    }
    // An amount: a decimal string or a number.
    let alternatives = leaf.get("anyOf").and_then(J::as_array).cloned().unwrap_or_default();
    if alternatives.iter().any(|a| types(a).iter().any(|x| x == "number")) {
        return Ok(Kind::Decimal);
    }
    Err(unsupported(&format!("the field is a {}", if t.is_empty() { "structure".to_string() } else { t.join(" or ") })))
}

/// Follows `$ref` and unwraps `anyOf [X, null]` (optional fields).
fn resolve<'a>(root: &'a J, mut node: &'a J) -> &'a J {
    for _ in 0..8 {
        if let Some(r) = node.get("$ref").and_then(J::as_str) {
            let name = r.trim_start_matches("#/$defs/");
            match root.get("$defs").and_then(|d| d.get(name)) {
                Some(n) => node = n,
                None => return node,
            }
            continue;
        }
        if let Some(any) = node.get("anyOf").and_then(J::as_array) {
            let non_null: Vec<&J> = any.iter().filter(|a| a.get("type").and_then(J::as_str) != Some("null")).collect();
            if let [only] = non_null.as_slice()
                && non_null.len() < any.len()
            {
                node = only;
                continue;
            }
        }
        return node;
    }
    node
}

enum Step {
    Key(String),
    Index,
}

fn steps(path: &str) -> Result<Vec<Step>, String> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, rest) = match part.find('[') {
            Some(i) => (part.get(..i).unwrap_or(""), part.get(i..).unwrap_or("")),
            None => (part, ""),
        };
        if key.is_empty() && rest.is_empty() {
            return Err("empty field name".to_string());
        }
        if !key.is_empty() {
            out.push(Step::Key(key.to_string()));
        }
        for idx in rest.split('[').filter(|s| !s.is_empty()) {
            idx.strip_suffix(']').and_then(|n| n.parse::<usize>().ok()).ok_or_else(|| format!("`[{idx}` is not an index"))?;
            out.push(Step::Index);
        }
    }
    Ok(out)
}

fn json_value(kind: Kind, path: &str, v: Decimal) -> Result<J, InputError> {
    match kind {
        Kind::Decimal => Ok(J::String(v.to_string())),
        Kind::Integer => {
            if !v.fract().is_zero() {
                return Err(InputError::new(format!("--vary {path}: the field is a whole number, but the range gives {v}")));
            }
            v.to_i64().map(J::from).ok_or_else(|| InputError::new(format!("--vary {path}: {v} is out of range")))
        }
    }
}

/// A CSV field, quoted when it needs to be.
fn csv(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) { format!("\"{}\"", field.replace('"', "\"\"")) } else { field.to_string() }
}

pub(crate) fn run(ctx: &mut Ctx, policy_path: &Path, claim_path: &Path, range: &Range) -> Result<u8, InputError> {
    let (_, policy) = match input::compile(ctx, policy_path)? {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let (base, _) = input::read_claim(claim_path)?;
    let from = number("--from", &range.from)?;
    let to = number("--to", &range.to)?;
    let step = number("--step", &range.step)?;
    let kind = kind_of(&policy, &range.path)?;
    // Every value with the same number of places (`40.00, 40.25, ...`), for spreadsheets.
    let places = from.scale().max(to.scale()).max(step.scale());
    let mut rows: Vec<(String, Result<Decision, String>)> = Vec::new();
    for mut v in values(from, to, step)? {
        v.rescale(places);
        let value = json_value(kind, &range.path, v)?;
        let shown = match &value {
            J::String(s) => s.clone(),
            other => other.to_string(),
        };
        let mut claim = base.clone();
        recourse::model::claim_path::set_path(&mut claim, &range.path, value)
            .map_err(|m| InputError::new(format!("--vary {}: {m}", range.path)))?;
        let result = Claim::from_value(claim)
            .map_err(recourse::claim_error)
            .and_then(|c| policy.evaluate(&c))
            .map_err(|e| format!("{}: {}", e.code, e.message));
        rows.push((shown, result));
    }
    let remedies: Vec<String> = policy.describe().remedies.into_iter().map(|r| r.name).collect();
    let mut header = vec![range.path.clone(), "recommended".to_string()];
    for r in &remedies {
        for column in ["available", "supplier_total", "buyer_pays", "buyer_net_recovery"] {
            header.push(format!("{r}.{column}"));
        }
    }
    header.push("error".to_string());
    outln!(ctx.out, "{}", header.iter().map(|h| csv(h)).collect::<Vec<_>>().join(","));
    for (shown, result) in &rows {
        let mut fields = vec![shown.clone()];
        match result {
            Ok(d) => {
                fields.push(d.recommendation.remedy.clone().unwrap_or_else(|| "none".to_string()));
                for name in &remedies {
                    match d.remedies.iter().find(|r| &r.name == name) {
                        Some(r) => fields.extend([
                            r.available.to_string(),
                            r.supplier_total.to_string(),
                            r.buyer_pays.to_string(),
                            r.buyer_net_recovery.to_string(),
                        ]),
                        None => fields.extend(std::iter::repeat_n(String::new(), 4)),
                    }
                }
                fields.push(String::new());
            }
            Err(message) => {
                fields.push(String::new());
                fields.extend(std::iter::repeat_n(String::new(), remedies.len().saturating_mul(4)));
                fields.push(message.clone());
            }
        }
        outln!(ctx.out, "{}", fields.iter().map(|f| csv(f)).collect::<Vec<_>>().join(","));
    }
    let failed = rows.iter().filter(|(_, r)| r.is_err()).count();
    if failed > 0 {
        outln!(ctx.err, "error: {} of {} could not be evaluated (see the `error` column)", crate::plural(failed, "value"), rows.len());
        return Ok(EXIT_FAILED);
    }
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn steps_are_exact_and_inclusive() {
        let v: Vec<String> = values(d("0.1"), d("0.3"), d("0.1")).unwrap().iter().map(|x| x.to_string()).collect();
        assert_eq!(v, ["0.1", "0.2", "0.3"]);
        let v: Vec<String> = values(d("10"), d("0"), d("-5")).unwrap().iter().map(|x| x.to_string()).collect();
        assert_eq!(v, ["10", "5", "0"]);
        assert_eq!(values(d("0"), d("1"), d("0.3")).unwrap().len(), 4, "0, 0.3, 0.6, 0.9");
        assert!(values(d("0"), d("1"), d("0")).is_err());
        assert!(values(d("0"), d("1"), d("-1")).is_err());
        assert!(values(d("0"), d("1000000"), d("1")).is_err(), "too many rows");
    }

    #[test]
    fn field_kinds_come_from_the_claim_schema() {
        let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies/apparel-coats.policy")).unwrap();
        let policy = Policy::compile(&src).unwrap();
        for (path, kind) in [
            ("affected_units", Kind::Integer),
            ("order.units", Kind::Integer),
            ("order.unit_price", Kind::Decimal),
            ("order.value", Kind::Decimal),
            ("inspection.lot_size", Kind::Integer),
            ("inspection.found[0].count", Kind::Integer),
            ("costs.outbound_freight", Kind::Decimal),
            ("evidence.photos", Kind::Integer),
            ("facts.next_order_value", Kind::Decimal),
        ] {
            assert_eq!(kind_of(&policy, path).unwrap(), kind, "{path}");
        }
        for path in
            ["order.delivered_on", "claim_id", "facts.stock_critical", "facts.nope", "order.nope", "inspection.found[x].count", "order"]
        {
            assert!(kind_of(&policy, path).is_err(), "{path}");
        }
    }

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv("plain"), "plain");
        assert_eq!(csv("a, b"), "\"a, b\"");
        assert_eq!(csv("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
