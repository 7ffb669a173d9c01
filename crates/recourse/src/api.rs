//! The tagged results every surface returns, so the CLI, the npm package and the conformance
//! corpus produce the same JSON: `{ "ok": true, ... }` or `{ "ok": false, "errors": [...] }`.

use serde::Serialize;

use crate::{Claim, Decision, Diagnostic, EvalError, Policy};

/// The result of compiling a policy, without the handle itself.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum CompileResult {
    Ok { ok: bool, warnings: Vec<Diagnostic> },
    Failed { ok: bool, errors: Vec<Diagnostic> },
}

/// The result of evaluating a claim.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum EvaluateResult {
    Ok { ok: bool, decision: Box<Decision> },
    Failed { ok: bool, errors: Vec<EvalError> },
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
