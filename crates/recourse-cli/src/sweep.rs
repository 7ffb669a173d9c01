//! `recourse sweep POLICY CLAIM.json --vary PATH --from A --to B --step S`: CSV of the decision
//! across a range of one claim field: a count, an amount, a date or a yes/no input. Steps are
//! exact decimals (days for dates); whole-number fields are written as JSON integers, amounts as
//! decimal strings. Each row has the recommendation, every remedy's availability and totals, the
//! reported values, every deadline's due date and status, the lot's disposition and the flags.

use std::path::Path;

use recourse::{Claim, Decision, Policy};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::Value as J;

use crate::{Ctx, EXIT_FAILED, EXIT_OK, InputError, done, input, outln};

/// At most this many rows: a typo in `--step` should not print a million lines.
const MAX_ROWS: usize = 10_000;

pub(crate) struct Range {
    pub path: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub step: Option<String>,
}

/// How the varied field is written into the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A JSON integer (counts, units, sizes, `int` facts).
    Integer,
    /// A decimal string (amounts, `money`/`decimal`/`percent` facts).
    Decimal,
    /// An ISO date (`notified_on`, `order.delivered_on`, `date` facts).
    Date,
    /// true / false (`bool` facts, `evidence.lot_traceable`).
    Bool,
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
    let unsupported =
        |what: &str| InputError::new(format!("--vary {path}: {what}; sweep varies a count, an amount, a date or a yes/no value"));
    if let Some(name) = path.strip_prefix("facts.") {
        let Some(input) = policy.describe().inputs.into_iter().find(|i| i.name == name) else {
            return Err(InputError::new(format!("--vary {path}: `{name}` is not an input of the policy")));
        };
        return match input.ty.as_str() {
            "int" => Ok(Kind::Integer),
            "money" | "decimal" | "percent" => Ok(Kind::Decimal),
            "date" => Ok(Kind::Date),
            "bool" => Ok(Kind::Bool),
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
    if t.iter().any(|x| x == "boolean") {
        return Ok(Kind::Bool);
    }
    if leaf.get("format").and_then(J::as_str) == Some("date") {
        return Ok(Kind::Date);
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
        Kind::Integer | Kind::Date | Kind::Bool => {
            if !v.fract().is_zero() {
                return Err(InputError::new(format!("--vary {path}: the field is a whole number, but the range gives {v}")));
            }
            v.to_i64().map(J::from).ok_or_else(|| InputError::new(format!("--vary {path}: {v} is out of range")))
        }
    }
}

/// The values of the range as JSON, each with its text for the first column.
fn points(kind: Kind, range: &Range) -> Result<Vec<J>, InputError> {
    let need =
        |flag: &str, v: &Option<String>| v.clone().ok_or_else(|| InputError::new(format!("{flag} is required to vary `{}`", range.path)));
    match kind {
        Kind::Bool => {
            if range.step.is_some() {
                return Err(InputError::new(format!("--step: `{}` is yes/no; give --from and --to (false, true) or neither", range.path)));
            }
            let read = |flag: &str, v: &Option<String>, default: bool| match v.as_deref().map(str::trim) {
                None => Ok(default),
                Some("true") => Ok(true),
                Some("false") => Ok(false),
                Some(other) => Err(InputError::new(format!("{flag}: `{other}` is not true or false"))),
            };
            let (from, to) = (read("--from", &range.from, false)?, read("--to", &range.to, true)?);
            Ok(if from == to { vec![J::Bool(from)] } else { vec![J::Bool(from), J::Bool(to)] })
        }
        Kind::Date => {
            let date = |flag: &str, text: String| {
                recourse::domain::calendar::parse_date(text.trim())
                    .ok_or_else(|| InputError::new(format!("{flag}: `{text}` is not a date (YYYY-MM-DD)")))
            };
            let from = date("--from", need("--from", &range.from)?)?;
            let to = date("--to", need("--to", &range.to)?)?;
            let step = match &range.step {
                Some(s) => number("--step", s)?,
                None => Decimal::ONE,
            };
            if !step.fract().is_zero() {
                return Err(InputError::new(format!("--step: dates step by whole days, not {step}")));
            }
            values(Decimal::ZERO, Decimal::from(to.signed_duration_since(from).num_days()), step)?
                .into_iter()
                .map(|n| {
                    n.to_i64()
                        .and_then(|n| recourse::domain::calendar::add_days(from, n).ok())
                        .map(|d| J::String(d.to_string()))
                        .ok_or_else(|| InputError::new("--step: the range leaves the calendar"))
                })
                .collect()
        }
        Kind::Integer | Kind::Decimal => {
            let from = number("--from", &need("--from", &range.from)?)?;
            let to = number("--to", &need("--to", &range.to)?)?;
            let step = number("--step", &need("--step", &range.step)?)?;
            // Every value with the same number of places (`40.00, 40.25, ...`), for spreadsheets.
            let places = from.scale().max(to.scale()).max(step.scale());
            values(from, to, step)?
                .into_iter()
                .map(|mut v| {
                    v.rescale(places);
                    json_value(kind, &range.path, v)
                })
                .collect()
        }
    }
}

/// The columns after the value: the recommendation, each remedy's availability and totals, the
/// reported values, each deadline's due date and status, the lot's disposition and each flag.
struct Columns {
    remedies: Vec<String>,
    reported: Vec<String>,
    deadlines: Vec<String>,
    flags: Vec<String>,
}

impl Columns {
    fn new(policy: &Policy, rows: &[(String, Result<Decision, String>)]) -> Columns {
        let info = policy.describe();
        // Reported values are listed by the decisions that have them, in the policy's order.
        let mut reported: Vec<String> = Vec::new();
        for d in rows.iter().filter_map(|(_, r)| r.as_ref().ok()) {
            for r in &d.reported {
                if !reported.contains(&r.name) {
                    reported.push(r.name.clone());
                }
            }
        }
        Columns {
            remedies: info.remedies.into_iter().map(|r| r.name).collect(),
            reported,
            deadlines: info.deadlines.into_iter().map(|d| d.name).collect(),
            flags: info.flags.into_iter().map(|f| f.name).collect(),
        }
    }

    fn header(&self, path: &str) -> Vec<String> {
        let mut h = vec![path.to_string(), "recommended".to_string()];
        for r in &self.remedies {
            for column in ["available", "supplier_total", "buyer_pays", "buyer_net_recovery"] {
                h.push(format!("{r}.{column}"));
            }
        }
        h.extend(self.reported.iter().map(|r| format!("report.{r}")));
        for d in &self.deadlines {
            h.extend([format!("{d}.due"), format!("{d}.status")]);
        }
        h.push("lot.disposition".to_string());
        h.extend(self.flags.iter().map(|f| format!("flag.{f}")));
        h.push("error".to_string());
        h
    }

    fn width(&self) -> usize {
        self.header("").len()
    }

    fn row(&self, shown: &str, result: &Result<Decision, String>) -> Vec<String> {
        let mut fields = vec![shown.to_string()];
        let Ok(d) = result else {
            fields.resize(self.width().saturating_sub(1), String::new());
            fields.push(result.as_ref().err().cloned().unwrap_or_default());
            return fields;
        };
        fields.push(d.recommendation.remedy.clone().unwrap_or_else(|| "none".to_string()));
        for name in &self.remedies {
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
        for name in &self.reported {
            fields.push(d.reported.iter().find(|r| &r.name == name).map(|r| r.value.clone()).unwrap_or_default());
        }
        for name in &self.deadlines {
            match d.deadlines.iter().find(|x| &x.name == name) {
                Some(x) => fields.extend([x.due.to_string(), x.status.keyword().to_string()]),
                None => fields.extend([String::new(), String::new()]),
            }
        }
        fields.push(d.lot.disposition.keyword().to_string());
        for name in &self.flags {
            fields.push(d.flags.iter().find(|f| &f.name == name).map(|f| f.raised.to_string()).unwrap_or_default());
        }
        fields.push(String::new());
        fields
    }
}

/// A CSV field, quoted when it needs to be.
fn csv(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) { format!("\"{}\"", field.replace('"', "\"\"")) } else { field.to_string() }
}

pub(crate) fn run(ctx: &mut Ctx, policy_path: &Path, claim_path: &Path, range: &Range) -> Result<u8, InputError> {
    let (_, policy) = done!(input::compile(ctx, policy_path));
    let (base, _) = input::read_claim(claim_path)?;
    let kind = kind_of(&policy, &range.path)?;
    let mut rows: Vec<(String, Result<Decision, String>)> = Vec::new();
    for value in points(kind, range)? {
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
    let columns = Columns::new(&policy, &rows);
    outln!(ctx.out, "{}", columns.header(&range.path).iter().map(|h| csv(h)).collect::<Vec<_>>().join(","));
    for (shown, result) in &rows {
        outln!(ctx.out, "{}", columns.row(shown, result).iter().map(|f| csv(f)).collect::<Vec<_>>().join(","));
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
        assert_eq!(kind_of(&policy, "notified_on").unwrap(), Kind::Date);
        assert_eq!(kind_of(&policy, "order.delivered_on").unwrap(), Kind::Date);
        assert_eq!(kind_of(&policy, "facts.stock_critical").unwrap(), Kind::Bool);
        for path in ["claim_id", "facts.nope", "order.nope", "inspection.found[x].count", "order"] {
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
