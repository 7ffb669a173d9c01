//! The tagged results every surface returns, so the CLI, the npm package and the conformance
//! corpus produce the same JSON: `{ "ok": true, ... }` or `{ "ok": false, "errors": [...] }`.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;

use crate::model::decision::DecisionSummary;
use crate::{Claim, Decision, Diagnostic, EvalError, Policy};

/// The schema of a success's `ok`: always `true` (TypeScript's `ok: true`, which narrows the union).
fn ok_true(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "boolean", "const": true })
}

/// The schema of a failure's `ok`: always `false`.
fn ok_false(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "boolean", "const": false })
}

/// The result of compiling a policy, without the handle itself.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum CompileResult {
    /// The policy compiled.
    Ok {
        /// Always `true`.
        #[schemars(schema_with = "ok_true")]
        ok: bool,
        /// The warnings found while checking, in source order; often empty.
        warnings: Vec<Diagnostic>,
    },
    /// The policy did not compile.
    Failed {
        /// Always `false`.
        #[schemars(schema_with = "ok_false")]
        ok: bool,
        /// Every diagnostic found, in source order: at least one error, and any warnings.
        errors: Vec<Diagnostic>,
    },
}

/// The result of evaluating a claim.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum EvaluateResult {
    /// The claim was evaluated.
    Ok {
        /// Always `true`.
        #[schemars(schema_with = "ok_true")]
        ok: bool,
        /// The decision for the claim.
        decision: Box<Decision>,
    },
    /// The claim could not be read or evaluated.
    Failed {
        /// Always `false`.
        #[schemars(schema_with = "ok_false")]
        ok: bool,
        /// The error, one element.
        errors: Vec<EvalError>,
    },
}

/// The result of a summary evaluation: the decision's summary, or the claim's error.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum SummaryResult {
    /// The claim was evaluated.
    Ok {
        /// Always `true`.
        #[schemars(schema_with = "ok_true")]
        ok: bool,
        /// The decision's recommendation, remedy totals and deadlines.
        summary: Box<DecisionSummary>,
    },
    /// The claim could not be read or evaluated.
    Failed {
        /// Always `false`.
        #[schemars(schema_with = "ok_false")]
        ok: bool,
        /// The error, one element.
        errors: Vec<EvalError>,
    },
}

impl From<Result<Decision, EvalError>> for SummaryResult {
    fn from(r: Result<Decision, EvalError>) -> Self {
        match r {
            Ok(decision) => SummaryResult::Ok { ok: true, summary: Box::new(DecisionSummary::from(decision)) },
            Err(e) => SummaryResult::Failed { ok: false, errors: vec![e] },
        }
    }
}

impl From<Result<Decision, EvalError>> for EvaluateResult {
    fn from(r: Result<Decision, EvalError>) -> Self {
        match r {
            Ok(decision) => EvaluateResult::Ok { ok: true, decision: Box::new(decision) },
            Err(e) => EvaluateResult::Failed { ok: false, errors: vec![e] },
        }
    }
}

/// Compile `policy` and evaluate the claim JSON text: the compile failure or the evaluation
/// result, as pretty JSON with a final newline (the conformance corpus's `expected.json`).
pub fn evaluate_to_json(policy: &str, claim_json: &str) -> String {
    // Serialized straight from the types, so fields keep their declaration order (as in JS).
    let text = match Policy::compile(policy) {
        Err(errors) => serde_json::to_string_pretty(&CompileResult::Failed { ok: false, errors }),
        Ok(p) => {
            let r: EvaluateResult = Claim::from_json(claim_json).map_err(crate::claim_error).and_then(|c| p.evaluate(&c)).into();
            serde_json::to_string_pretty(&r)
        }
    };
    match text {
        Ok(s) => format!("{s}\n"),
        Err(e) => format!("{{\"ok\": false, \"errors\": [{{\"code\": \"E0000\", \"message\": {:?}}}]}}\n", e.to_string()),
    }
}

/// The supplier claim packet for a claim (evaluated first), customers pseudonymised, as data and
/// as Markdown.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PacketOut {
    /// The packet as data.
    pub packet: crate::packet::Packet,
    /// The same packet as a Markdown document to send to the supplier.
    pub markdown: String,
}

/// The six-line closeout note for a claim, as data and as text.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CloseoutOut {
    /// The six fields of the note.
    pub closeout: crate::packet::Closeout,
    /// The note as six labelled lines of plain text.
    pub text: String,
}

/// The defective log over many claims, as rows and as CSV.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LogOut {
    /// One row per customer return (one per claim without returns), claims in input order.
    pub rows: Vec<crate::packet::LogRow>,
    /// The rows as CSV (RFC 4180): a header line, then one record per row, CRLF line ends.
    pub csv: String,
}

/// The supplier scorecard, under the key the bindings return it with.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ScorecardOut {
    /// The scorecard.
    pub scorecard: crate::scorecard::Scorecard,
}

/// A formatted policy source.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FormatOut {
    /// The source in the canonical layout, comments kept.
    pub text: String,
    /// Formatting that keeps unparsable declarations ([`format_keeping_unparsable`]): the
    /// declarations kept as written, in source order. Absent when every declaration was formatted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<KeptDeclaration>,
}

/// A declaration the formatter kept as written because it does not parse.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct KeptDeclaration {
    /// The declaration's first line number (1-based).
    pub line: usize,
    /// Its first line as written, e.g. `cap "Q.7 Limitation" {`.
    pub declaration: String,
    /// Why it does not parse: its syntax errors (or errors found while parsing), located in the
    /// whole source.
    pub errors: Vec<Diagnostic>,
}

/// A tagged result whose success is `{ "ok": true, <the fields of $out> }` and whose failure is
/// `{ "ok": false, "errors": [$error, ...] }`, made from the `Result` of the `api` function.
/// `ok` and `failed` are the docs of the two variants (the schema's descriptions of the branches).
macro_rules! tagged_result {
    ($(#[$doc:meta])* $name:ident, $out:ty, $error:ty, $errors:ty, ok = $ok_doc:literal, failed = $failed_doc:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
        #[serde(untagged)]
        pub enum $name {
            #[doc = $ok_doc]
            Ok {
                /// Always `true`.
                #[schemars(schema_with = "ok_true")]
                ok: bool,
                /// The value, its fields serialized beside `ok`.
                #[serde(flatten)]
                value: Box<$out>,
            },
            #[doc = $failed_doc]
            Failed {
                /// Always `false`.
                #[schemars(schema_with = "ok_false")]
                ok: bool,
                /// The errors, at least one.
                errors: $errors,
            },
        }

        impl From<Result<$out, $errors>> for $name {
            fn from(r: Result<$out, $errors>) -> Self {
                match r {
                    Ok(value) => $name::Ok { ok: true, value: Box::new(value) },
                    Err(errors) => $name::Failed { ok: false, errors },
                }
            }
        }

        impl From<Result<$out, $error>> for $name {
            fn from(r: Result<$out, $error>) -> Self {
                $name::from(r.map_err(|e| vec![e]))
            }
        }
    };
}

tagged_result!(
    /// The result of a packet: the supplier claim packet and its Markdown, or the claim's error.
    PacketResult, PacketOut, EvalError, Vec<EvalError>,
    ok = "The supplier claim packet for the claim (evaluated first), customers pseudonymised, as data and as Markdown.",
    failed = "The claim could not be read or evaluated: its error, one element."
);
tagged_result!(
    /// The result of a closeout: the six-line closeout note as data and text, or the claim's error.
    CloseoutResult, CloseoutOut, EvalError, Vec<EvalError>,
    ok = "The six-line closeout note for the claim, as data and as text.",
    failed = "The claim could not be read or evaluated: its error, one element."
);
tagged_result!(
    /// The result of a defective log: its rows and CSV, or the first bad claim's error.
    LogResult, LogOut, EvalError, Vec<EvalError>,
    ok = "The defective log over the claims, as rows and as CSV.",
    failed = "The first claim that could not be read or evaluated: its error, one element."
);
tagged_result!(
    /// The result of a scorecard: the scorecard, or the input's error.
    ScorecardResult, ScorecardOut, EvalError, Vec<EvalError>,
    ok = "The supplier scorecard over the claims and receipts.",
    failed = "The input could not be read: its error, one element."
);
tagged_result!(
    /// The result of describing a compiled policy: what a claim form needs (the fields of
    /// `PolicyInfo` beside `ok`), or an internal error should it not be made.
    DescribeResult, PolicyInfo, EvalError, Vec<EvalError>,
    ok = "What a form needs to know about the policy: its currency, defect catalogue, inputs, remedies, deadlines and flags.",
    failed = "An internal error: the description could not be made."
);
tagged_result!(
    /// The result of formatting a policy source: the text in the canonical layout, or its syntax errors.
    FormatResult, FormatOut, Diagnostic, Vec<Diagnostic>,
    ok = "The source in the canonical layout.",
    failed = "The source has syntax errors (in source order), or the formatter hit an internal error (E0000)."
);

tagged_result!(
    /// The result of a contract diff: the report (the fields of `DiffReport` beside `ok`), or an
    /// internal error should it not be made. A claim that cannot be read is that claim's error in
    /// the report, not a failure.
    DiffResult, crate::diff::DiffReport, EvalError, Vec<EvalError>,
    ok = "The clauses that changed between the two versions, each claim decided differently (or by neither), and the summary.",
    failed = "An internal error: the report could not be made."
);

tagged_result!(
    /// The result of a sweep: the claim evaluated across a range of one input, as columns, or the
    /// error that stopped it before any evaluation (a variable that cannot be varied, a bad range).
    SweepResult, crate::vary::Sweep, EvalError, Vec<EvalError>,
    ok = "The columns of the sweep (the fields of `Sweep` beside `ok`); a value whose evaluation failed has its error in `errors` and null elsewhere.",
    failed = "The claim could not be read, or the variable or range cannot be used (E0401, E0402): its error, one element."
);
tagged_result!(
    /// The result of a flip search: every value where the decision turns, with the intervals
    /// between, or the error that stopped it.
    FlipsResult, crate::vary::Flips, EvalError, Vec<EvalError>,
    ok = "The flip points and intervals of the range (the fields of `Flips` beside `ok`).",
    failed = "The claim could not be read, or the variable or range cannot be used (E0401, E0402): its error, one element."
);

/// Sweeps `claim` across `path` from `from` to `to` by `step` ([`Policy::sweep`]), with the
/// variable and range read from text as the surfaces receive them.
pub fn sweep(
    policy: &Policy,
    claim: Claim,
    path: &str,
    from: Option<&str>,
    to: Option<&str>,
    step: Option<&str>,
) -> Result<crate::vary::Sweep, EvalError> {
    let vary = |e: crate::vary::VaryError| e.to_eval_error(path);
    let variable = crate::vary::Variable::parse(policy, path).map_err(vary)?;
    let values = variable.points(from, to, step).map_err(vary)?;
    policy.sweep(claim, &variable, &values).map_err(vary)
}

/// The flip points of `claim` across `path` ([`Policy::flips`]), the range read from text.
pub fn flips(policy: &Policy, claim: Claim, path: &str, from: Option<&str>, to: Option<&str>) -> Result<crate::vary::Flips, EvalError> {
    let vary = |e: crate::vary::VaryError| e.to_eval_error(path);
    let variable = crate::vary::Variable::parse(policy, path).map_err(vary)?;
    policy.flips(claim, &variable, from, to).map_err(vary)
}

/// A diagnostic about no place in a source (a bad argument, an internal error), located at its
/// start (line 1, column 1) as every diagnostic a surface returns is.
pub fn unplaced_diagnostic(code: crate::Code, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(code, crate::diagnostics::Span::default(), message).locate(&crate::diagnostics::LineIndex::new(""), "")
}

/// Format a policy source in the canonical layout, keeping its comments.
pub fn format(source: &str) -> Result<FormatOut, Vec<Diagnostic>> {
    crate::format(source).map(|text| FormatOut { text, kept: Vec::new() })
}

/// Format the declarations that parse and keep each one that does not as written, listed in
/// `kept` with its errors: formatting while a clause is half typed. Fails only when the parser
/// gives up (a limit, more than twenty broken declarations, an error outside any declaration).
pub fn format_keeping_unparsable(source: &str) -> Result<FormatOut, Vec<Diagnostic>> {
    crate::syntax::format::format_keeping_unparsable(source).map(|(text, kept)| FormatOut {
        text,
        kept: kept.into_iter().map(|(line, declaration, errors)| KeptDeclaration { line, declaration, errors }).collect(),
    })
}

/// Evaluate the claim, then make its supplier packet.
pub fn packet(policy: &Policy, claim: &Claim) -> Result<PacketOut, EvalError> {
    let decision = policy.evaluate(claim)?;
    let packet = crate::packet::packet(policy, claim, &decision);
    let markdown = crate::packet::packet_markdown(&packet);
    Ok(PacketOut { packet, markdown })
}

/// Evaluate the claim, then write its closeout note.
pub fn closeout(policy: &Policy, claim: &Claim, supplier_explanation: Option<&str>) -> Result<CloseoutOut, EvalError> {
    let decision = policy.evaluate(claim)?;
    let closeout = crate::packet::closeout(policy, claim, &decision, supplier_explanation);
    let text = crate::packet::closeout_text(&closeout);
    Ok(CloseoutOut { closeout, text })
}

/// Evaluate every claim, then make the defective log; the first claim that cannot be read or
/// evaluated gives its error.
pub fn log(policy: &Policy, claims: impl IntoIterator<Item = Result<Claim, EvalError>>) -> Result<LogOut, EvalError> {
    let mut decided = Vec::new();
    for claim in claims {
        let claim = claim?;
        let decision = policy.evaluate(&claim)?;
        decided.push((claim, decision));
    }
    let entries: Vec<crate::packet::LogEntry<'_>> =
        decided.iter().map(|(claim, decision)| crate::packet::LogEntry { policy, claim, decision, remedy_given: None }).collect();
    let rows = crate::packet::log_rows(&entries, &crate::packet::PseudonymOptions::default());
    let csv = crate::packet::log_csv(&rows);
    Ok(LogOut { rows, csv })
}

/// The scorecard over `{ "claims": [...], "receipts": [...] }` given as JSON text.
pub fn scorecard_json(policy: &Policy, input_json: &str) -> Result<ScorecardOut, EvalError> {
    let input = crate::scorecard::ScorecardInput::from_json(input_json).map_err(crate::claim_error)?;
    Ok(ScorecardOut { scorecard: crate::scorecard::scorecard(policy, &input) })
}

/// A result as compact JSON text for hosts that take text (the component): the value, or the
/// `errors` array (`[error]`), each exactly as `recourse batch` writes it.
pub fn json_parts<T: Serialize>(result: Result<T, EvalError>) -> Result<String, String> {
    let text = match &result {
        Ok(value) => serde_json::to_string(value),
        Err(e) => serde_json::to_string(std::slice::from_ref(e)),
    };
    match (result.is_ok(), text) {
        (true, Ok(t)) => Ok(t),
        (false, Ok(t)) => Err(t),
        (_, Err(e)) => Err(serde_json::to_string(&[EvalError::new(crate::Code::Internal, format!("cannot serialize the result: {e}"))])
            .unwrap_or_else(|_| String::from("[{\"code\":\"E0000\",\"message\":\"cannot serialize the result\"}]"))),
    }
}

/// What a form needs to know about a compiled policy: its currency, defect catalogue, inputs,
/// remedies, deadlines and flags.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PolicyInfo {
    /// The policy's title, from its `policy "..."` header.
    pub title: String,
    /// The ISO 4217 code of the policy's currency; a claim must use the same.
    pub currency: String,
    /// Decimal places of the currency (2 for USD, 0 for JPY).
    pub minor_units: u32,
    /// How amounts are rounded to the minor unit (`half_up` when the policy names none).
    pub rounding: crate::terms::RoundingMode,
    /// The name of the business-day calendar the deadlines count in; absent when the policy
    /// names none (business days are then Monday to Friday).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// The defect catalogue's defects, in declaration order.
    pub defects: Vec<DefectOut>,
    /// The catalogue's `not a defect` findings, in declaration order.
    pub exclusions: Vec<ExclusionOut>,
    /// The policy's own inputs, which a claim sets in its `facts`, in declaration order.
    pub inputs: Vec<InputOut>,
    /// The remedies, in declaration order.
    pub remedies: Vec<NamedClause>,
    /// The deadlines, in declaration order.
    pub deadlines: Vec<NamedClause>,
    /// The flags, in declaration order.
    pub flags: Vec<NamedClause>,
    /// Names of the examples embedded in the policy.
    pub examples: Vec<String>,
    /// The kinds of claim the policy handles besides `defect` (its `kinds` block), in declaration
    /// order: the values a claim's `kind` may take; absent when the policy declares none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<KindOut>,
    /// The deadline by which the supplier must respond (the scorecard's `response deadline`),
    /// when the policy names one: its date is that deadline's `due` in a decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_deadline: Option<String>,
    /// The event kinds a claim's `events` may carry (its `process` block's steps and `event`
    /// lines), in declaration order; empty (and left out) when the policy has no process.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventKindOut>,
}

/// An event kind a claim may carry, for a claim form.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct EventKindOut {
    /// The `kind` a claim event gives (`acknowledged`).
    pub kind: String,
    /// Whether it needs a time and offset (`2026-03-05T16:30+08:00`), not only a date.
    pub timed: bool,
    /// The label of the step it marks done, when it is a step ("1. Supplier acknowledges the claim").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
}

/// A kind of claim a policy declares (`late_delivery`).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct KindOut {
    /// The value a claim's `kind` gives (`late_delivery`).
    pub name: String,
    /// The policy's description ("Late delivery").
    pub description: String,
}

/// A defect of the policy's catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct DefectOut {
    /// The code claims use for it (`zipper_failure`).
    pub code: String,
    /// Its severity class.
    pub severity: crate::terms::SeverityClass,
    /// The policy's description ("Zipper fails the 50-cycle pull test").
    pub description: String,
}

/// A finding the policy's catalogue declares `not a defect`: no remedy from the supplier.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ExclusionOut {
    /// The code claims use for it (`transit_damage`).
    pub code: String,
    /// The policy's description ("Damage in transit").
    pub description: String,
    /// Where such a finding goes instead ("carrier claim").
    pub route: String,
}

/// An input the policy declares: a value a claim may give in its `facts`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct InputOut {
    /// The input's name, its key in `facts`.
    pub name: String,
    /// `money`, `decimal`, `percent`, `int`, `bool`, `date`, `duration`, `text`, `severity`, `remedy`.
    #[serde(rename = "type")]
    pub ty: String,
    /// The default as the claim's `facts` would carry it (amounts as strings); `null` for a
    /// required input, which every claim must give.
    pub default: serde_json::Value,
    /// The policy's description of the input; absent when it gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A remedy, deadline or flag of the policy: its name and the contract clause it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct NamedClause {
    /// The name a decision reports it under (`replacement`).
    pub name: String,
    /// The clause as the policy labels it ("Q.6.1 Replacement of non-conforming goods").
    pub clause: String,
}

impl Policy {
    /// What a claim form needs to know about this policy (the `describe` result).
    pub fn describe(&self) -> PolicyInfo {
        use crate::value::Value;
        let p = self.checked();
        let fact = |v: &Value| -> serde_json::Value {
            match v {
                Value::Money(d) | Value::Decimal(d) => serde_json::Value::String(d.to_string()),
                Value::Percent(d) => serde_json::Value::String(format!("{}%", d.normalize())),
                Value::Int(i) => serde_json::Value::from(*i),
                Value::Bool(b) => serde_json::Value::Bool(*b),
                Value::Date(d) => serde_json::Value::String(d.to_string()),
                Value::Duration(n, u) => serde_json::Value::String(format!("{n} {}", crate::value::unit_name(*u, *n))),
                Value::Text(t) => serde_json::Value::String(t.clone()),
                Value::Severity(s) => serde_json::Value::String(s.name().to_string()),
                Value::Remedy(i) => serde_json::Value::String(p.remedies.get(*i).map(|r| r.name.clone()).unwrap_or_default()),
                Value::Timestamp(t) => serde_json::Value::String(crate::domain::timestamp::format_timestamp(t)),
            }
        };
        PolicyInfo {
            title: p.title.clone(),
            currency: p.currency.code().to_string(),
            minor_units: p.currency.minor_units(),
            rounding: p.rounding,
            calendar: p.calendar_name.clone(),
            defects: p
                .defects
                .iter()
                .map(|d| DefectOut { code: d.code.clone(), severity: d.severity, description: d.description.clone() })
                .collect(),
            exclusions: p
                .exclusions
                .iter()
                .map(|e| ExclusionOut { code: e.code.clone(), description: e.description.clone(), route: e.route.clone() })
                .collect(),
            inputs: p
                .inputs
                .iter()
                .map(|i| InputOut {
                    name: i.name.clone(),
                    ty: i.ty.name().to_string(),
                    default: i.default.as_ref().map(fact).unwrap_or(serde_json::Value::Null),
                    description: i.description.clone(),
                })
                .collect(),
            remedies: p.remedies.iter().map(|r| NamedClause { name: r.name.clone(), clause: r.clause.clone() }).collect(),
            deadlines: p.deadlines.iter().map(|d| NamedClause { name: d.name.clone(), clause: d.clause.clone() }).collect(),
            flags: p.flags.iter().map(|f| NamedClause { name: f.name.clone(), clause: f.clause.clone() }).collect(),
            examples: p.examples.iter().map(|e| e.name.node.clone()).collect(),
            kinds: p.kinds.iter().map(|(name, description)| KindOut { name: name.clone(), description: description.clone() }).collect(),
            response_deadline: self.response_deadline().map(str::to_string),
            events: p
                .process
                .iter()
                .flat_map(|x| {
                    x.events.iter().enumerate().map(|(i, e)| EventKindOut {
                        kind: e.name.clone(),
                        timed: e.timed,
                        step: x.steps.iter().find(|s| s.event == i).map(|s| s.label.clone()),
                    })
                })
                .collect(),
        }
    }

    /// The deadline the scorecard counts as the supplier's response, when the policy names one.
    pub fn response_deadline(&self) -> Option<&str> {
        let p = self.checked();
        p.scorecard.as_ref().and_then(|r| r.response_deadline).and_then(|i| p.deadlines.get(i)).map(|d| d.name.as_str())
    }

    /// What a table of decisions shows for a decision of this policy.
    pub fn summary(&self, decision: &Decision) -> Summary {
        let recommended = decision.recommendation.remedy.clone();
        let supplier_total =
            recommended.as_deref().and_then(|name| decision.remedies.iter().find(|r| r.name == name)).map(|r| r.supplier_total.to_string());
        let response_due =
            self.response_deadline().and_then(|name| decision.deadlines.iter().find(|d| d.name == name)).map(|d| d.due.to_string());
        Summary { recommended, supplier_total, response_due }
    }
}

/// A decision's figures for a table row (Spark's columns): the recommended remedy, its supplier
/// total (the engine's decimal string) and the supplier-response deadline's date (ISO 8601),
/// each absent when the decision or the policy has none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The recommended remedy's name; absent when no remedy is available.
    pub recommended: Option<String>,
    /// The recommended remedy's supplier total; absent without a recommended remedy.
    pub supplier_total: Option<String>,
    /// The due date of the policy's response deadline; absent when the policy names none.
    pub response_due: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_parts_gives_the_value_or_the_errors_array_as_batch_writes_them() {
        assert_eq!(json_parts(Ok(NamedClause { name: "a".into(), clause: "Q.1".into() })), Ok(r#"{"name":"a","clause":"Q.1"}"#.into()));
        let e = EvalError::new(crate::Code::InvalidClaim, "bad").field("order.units");
        assert_eq!(json_parts::<NamedClause>(Err(e)), Err(r#"[{"code":"E0301","message":"bad","field":"order.units"}]"#.into()));
    }

    #[test]
    fn tagged_results_put_ok_first_then_the_value_s_fields_or_the_errors() {
        let ok = FormatResult::from(Ok::<_, Diagnostic>(FormatOut { text: "policy".into(), kept: Vec::new() }));
        assert_eq!(serde_json::to_string(&ok).unwrap(), r#"{"ok":true,"text":"policy"}"#);
        let e = EvalError::new(crate::Code::InvalidClaim, "bad");
        let failed = ScorecardResult::from(Err::<ScorecardOut, _>(e));
        assert_eq!(serde_json::to_string(&failed).unwrap(), r#"{"ok":false,"errors":[{"code":"E0301","message":"bad"}]}"#);
    }

    #[test]
    fn an_unplaced_diagnostic_sits_at_the_start() {
        let d = unplaced_diagnostic(crate::Code::Internal, "x");
        assert_eq!((d.code.as_str(), d.line, d.column, d.span.start, d.message.as_str()), ("E0000", 1, 1, 0, "x"));
    }

    #[test]
    fn log_stops_at_the_first_bad_claim() {
        let p = crate::Policy::compile(include_str!("../../../policies/apparel-coats.policy")).unwrap();
        let good = crate::Claim::from_json(include_str!("../../../policies/apparel-coats.claim.json")).unwrap();
        let bad = EvalError::new(crate::Code::InvalidClaim, "second");
        assert_eq!(log(&p, [Ok(good.clone()), Err(bad.clone()), Ok(good.clone())]).map(|l| l.rows.len()), Err(bad));
        let out = log(&p, [Ok(good.clone()), Ok(good)]).unwrap();
        assert!(out.csv.starts_with("date,customer_reference,"), "{}", out.csv);
        assert!(out.rows.len() >= 2);
    }

    #[test]
    fn describe_lists_what_a_form_needs() {
        let p = crate::Policy::compile(include_str!("../../../policies/apparel-coats.policy")).unwrap();
        let info = p.describe();
        assert_eq!(info.currency, "USD");
        assert_eq!(info.minor_units, 2);
        assert_eq!(
            info.defects.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
            ["zipper_failure", "open_seam", "stitching", "mislabel", "shade"]
        );
        assert_eq!(info.exclusions[0].route, "carrier claim");
        let next = info.inputs.iter().find(|i| i.name == "next_order_value").unwrap();
        assert_eq!((next.ty.as_str(), next.default.as_str()), ("money", Some("0.00")));
        assert_eq!(info.remedies.len(), 5);
        assert_eq!(info.response_deadline.as_deref(), Some("response"));
        // The Q.8 process: the notice with its time, the first step in hours (timed), the approval a date.
        let kinds: Vec<(&str, bool, Option<&str>)> = info.events.iter().map(|e| (e.kind.as_str(), e.timed, e.step.as_deref())).collect();
        assert_eq!(kinds.len(), 11);
        assert_eq!(kinds.first().copied(), Some(("notified", true, None)));
        assert_eq!(kinds.get(1).copied(), Some(("acknowledged", true, Some("1. Supplier acknowledges the claim"))));
        assert_eq!(kinds.get(4).copied(), Some(("approved", false, None)));
        let claim = crate::Claim::from_json(include_str!("../../../policies/apparel-coats.claim.json")).unwrap();
        let summary = p.summary(&p.evaluate(&claim).unwrap());
        assert_eq!(
            (summary.recommended.as_deref(), summary.supplier_total.as_deref(), summary.response_due.as_deref()),
            (Some("replacement"), Some("8930.00"), Some("2026-03-12"))
        );
    }
}
