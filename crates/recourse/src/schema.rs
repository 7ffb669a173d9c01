//! JSON Schemas of the claim, the decision, diagnostics and the tagged results of [`crate::api`],
//! generated from the Rust types so they cannot drift. The committed copies live in
//! `crates/recourse/schema/`; a test fails when they are stale (`RECOURSE_BLESS=1 cargo test` rewrites them).

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;

/// The schema of what the engine reads: a field with a default is optional.
fn input<T: JsonSchema>() -> serde_json::Value {
    serde_json::to_value(SchemaSettings::default().for_deserialize().into_generator().into_root_schema_for::<T>()).unwrap_or_default()
}

/// The schema of what the engine writes: a field it leaves out when empty
/// (`skip_serializing_if`) is optional, so the schema agrees with every output.
fn output<T: JsonSchema>() -> serde_json::Value {
    serde_json::to_value(SchemaSettings::default().for_serialize().into_generator().into_root_schema_for::<T>()).unwrap_or_default()
}

/// The JSON Schema of a claim, as [`crate::Claim`] reads it (`claim.schema.json`).
pub fn claim() -> serde_json::Value {
    input::<crate::Claim>()
}

/// The JSON Schema of a decision, as [`crate::Policy::evaluate`] writes it (`decision.schema.json`).
pub fn decision() -> serde_json::Value {
    output::<crate::Decision>()
}

/// The JSON Schema of a list of diagnostics, as compiling a policy reports them
/// (`diagnostics.schema.json`).
pub fn diagnostic() -> serde_json::Value {
    output::<Vec<crate::Diagnostic>>()
}

/// The JSON Schema of an evaluation error (`eval-error.schema.json`).
pub fn eval_error() -> serde_json::Value {
    output::<crate::EvalError>()
}

/// The JSON Schema of a compiled policy's summary, [`crate::api::PolicyInfo`]
/// (`policy-info.schema.json`).
pub fn policy_info() -> serde_json::Value {
    output::<crate::api::PolicyInfo>()
}

/// File name and schema, for writing and checking the committed copies.
pub fn all() -> Vec<(&'static str, serde_json::Value)> {
    vec![
        ("claim.schema.json", claim()),
        ("decision.schema.json", decision()),
        ("diagnostics.schema.json", diagnostic()),
        ("eval-error.schema.json", eval_error()),
        ("policy-info.schema.json", policy_info()),
        ("packet.schema.json", output::<crate::packet::Packet>()),
        ("closeout.schema.json", output::<crate::packet::Closeout>()),
        ("log-row.schema.json", output::<crate::packet::LogRow>()),
        ("scorecard.schema.json", output::<crate::scorecard::Scorecard>()),
        ("scorecard-input.schema.json", input::<crate::scorecard::ScorecardInput>()),
        ("evaluate-result.schema.json", output::<crate::api::EvaluateResult>()),
        ("summary-result.schema.json", output::<crate::api::SummaryResult>()),
        ("packet-result.schema.json", output::<crate::api::PacketResult>()),
        ("closeout-result.schema.json", output::<crate::api::CloseoutResult>()),
        ("log-result.schema.json", output::<crate::api::LogResult>()),
        ("scorecard-result.schema.json", output::<crate::api::ScorecardResult>()),
        ("format-result.schema.json", output::<crate::api::FormatResult>()),
        ("describe-result.schema.json", output::<crate::api::DescribeResult>()),
        ("diff.schema.json", output::<crate::diff::DiffReport>()),
        ("diff-result.schema.json", output::<crate::api::DiffResult>()),
        ("sweep-result.schema.json", output::<crate::api::SweepResult>()),
        ("flips-result.schema.json", output::<crate::api::FlipsResult>()),
    ]
}
