//! JSON Schemas of the claim, the decision and diagnostics, generated from the Rust types so
//! they cannot drift. The committed copies live in `crates/recourse/schema/`; a test fails when
//! they are stale (`RECOURSE_BLESS=1 cargo test` rewrites them).

use schemars::schema_for;

pub fn claim() -> serde_json::Value {
    serde_json::to_value(schema_for!(crate::Claim)).unwrap_or_default()
}

pub fn decision() -> serde_json::Value {
    serde_json::to_value(schema_for!(crate::Decision)).unwrap_or_default()
}

pub fn diagnostic() -> serde_json::Value {
    serde_json::to_value(schema_for!(Vec<crate::Diagnostic>)).unwrap_or_default()
}

pub fn eval_error() -> serde_json::Value {
    serde_json::to_value(schema_for!(crate::EvalError)).unwrap_or_default()
}

pub fn policy_info() -> serde_json::Value {
    serde_json::to_value(schema_for!(crate::api::PolicyInfo)).unwrap_or_default()
}

/// File name and schema, for writing and checking the committed copies.
pub fn all() -> Vec<(&'static str, serde_json::Value)> {
    vec![
        ("claim.schema.json", claim()),
        ("decision.schema.json", decision()),
        ("diagnostics.schema.json", diagnostic()),
        ("eval-error.schema.json", eval_error()),
        ("policy-info.schema.json", policy_info()),
        ("packet.schema.json", serde_json::to_value(schema_for!(crate::packet::Packet)).unwrap_or_default()),
        ("closeout.schema.json", serde_json::to_value(schema_for!(crate::packet::Closeout)).unwrap_or_default()),
        ("log-row.schema.json", serde_json::to_value(schema_for!(crate::packet::LogRow)).unwrap_or_default()),
        ("scorecard.schema.json", serde_json::to_value(schema_for!(crate::scorecard::Scorecard)).unwrap_or_default()),
        ("scorecard-input.schema.json", serde_json::to_value(schema_for!(crate::scorecard::ScorecardInput)).unwrap_or_default()),
    ]
}
