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

pub fn claim() -> serde_json::Value {
    input::<crate::Claim>()
}

pub fn decision() -> serde_json::Value {
    output::<crate::Decision>()
}

pub fn diagnostic() -> serde_json::Value {
    output::<Vec<crate::Diagnostic>>()
}

pub fn eval_error() -> serde_json::Value {
    output::<crate::EvalError>()
}

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
        ("packet-result.schema.json", output::<crate::api::PacketResult>()),
        ("closeout-result.schema.json", output::<crate::api::CloseoutResult>()),
        ("log-result.schema.json", output::<crate::api::LogResult>()),
        ("scorecard-result.schema.json", output::<crate::api::ScorecardResult>()),
        ("format-result.schema.json", output::<crate::api::FormatResult>()),
        ("describe-result.schema.json", output::<crate::api::DescribeResult>()),
    ]
}
