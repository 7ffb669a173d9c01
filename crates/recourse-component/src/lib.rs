//! The Recourse core as a WebAssembly component (`cargo build --target wasm32-wasip2`), exporting
//! the WIT world in `wit/recourse.wit` for Python (wasmtime), Go, .NET or any component host.
//!
//! No logic of its own: every function converts its arguments, calls the core or
//! [`recourse::api`] (the same functions the npm package calls) and returns JSON text made by
//! [`recourse::api::json_parts`], or diagnostics as records. Nothing panics across the boundary:
//! a bad policy, claim or argument comes back as an error value.

/// The generated canonical-ABI glue, the only unsafe code of the crate.
#[allow(unsafe_code, reason = "wit-bindgen generates the canonical-ABI glue with unsafe blocks")]
mod bindings {
    wit_bindgen::generate!({ path: "wit", world: "recourse" });

    // The exports only on wasm: their symbol names (`recourse:engine/engine@0.1.0#...`) do not
    // fit a native linker's version script, and `cargo test --workspace` links this crate natively
    // (where everything else still compiles and is linted).
    #[cfg(target_arch = "wasm32")]
    use super::Component;
    #[cfg(target_arch = "wasm32")]
    export!(Component with_types_in crate::bindings);
}

use bindings::exports::recourse::engine::engine as wit;
use recourse::{Claim, EvalError, Policy};

struct Component;

/// The resource's representation: the compiled core policy.
pub struct PolicyResource {
    policy: Policy,
}

fn read_claim(text: &str) -> Result<Claim, EvalError> {
    Claim::from_json(text).map_err(recourse::claim_error)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn diagnostic(d: &recourse::Diagnostic) -> wit::Diagnostic {
    wit::Diagnostic {
        code: d.code.to_string(),
        severity: match d.severity {
            recourse::Severity::Error => wit::Severity::Error,
            recourse::Severity::Warning => wit::Severity::Warning,
        },
        message: d.message.clone(),
        help: d.help.clone(),
        start: to_u32(d.span.start),
        end: to_u32(d.span.end),
        line: to_u32(d.line),
        column: to_u32(d.column),
        column_utf16: to_u32(d.column_utf16),
        end_line: to_u32(d.end_line),
        end_column: to_u32(d.end_column),
        end_column_utf16: to_u32(d.end_column_utf16),
        text: d.text.clone(),
    }
}

fn diagnostics(ds: &[recourse::Diagnostic]) -> Vec<wit::Diagnostic> {
    ds.iter().map(diagnostic).collect()
}

impl wit::Guest for Component {
    type Policy = PolicyResource;

    fn format(source: String) -> Result<String, Vec<wit::Diagnostic>> {
        recourse::format(&source).map_err(|errors| diagnostics(&errors))
    }

    fn check(source: String) -> Vec<wit::Diagnostic> {
        diagnostics(&recourse::check(&source))
    }

    fn version() -> String {
        recourse::ENGINE_VERSION.to_string()
    }
}

impl wit::GuestPolicy for PolicyResource {
    fn compile(source: String) -> Result<wit::Policy, Vec<wit::Diagnostic>> {
        match Policy::compile(&source) {
            Ok(policy) => Ok(wit::Policy::new(PolicyResource { policy })),
            Err(errors) => Err(diagnostics(&errors)),
        }
    }

    fn title(&self) -> String {
        self.policy.title().to_string()
    }

    fn warnings(&self) -> Vec<wit::Diagnostic> {
        diagnostics(self.policy.warnings())
    }

    fn evaluate(&self, claim: String, trace: bool) -> Result<String, String> {
        recourse::api::json_parts(if trace { self.policy.evaluate_json_traced(&claim) } else { self.policy.evaluate_json(&claim) })
    }

    fn evaluate_many(&self, claims: Vec<String>) -> wit::Evaluated {
        let n = claims.len();
        let mut out = wit::Evaluated {
            ok: Vec::with_capacity(n),
            json: Vec::with_capacity(n),
            recommended: Vec::with_capacity(n),
            supplier_total: Vec::with_capacity(n),
            response_due: Vec::with_capacity(n),
        };
        for claim in &claims {
            let decided = self.policy.evaluate_json(claim);
            let summary = decided.as_ref().map(|d| self.policy.summary(d)).unwrap_or_default();
            let (ok, json) = match recourse::api::json_parts(decided) {
                Ok(text) => (true, text),
                Err(errors) => (false, errors),
            };
            out.ok.push(ok);
            out.json.push(json);
            out.recommended.push(summary.recommended.unwrap_or_default());
            out.supplier_total.push(summary.supplier_total.unwrap_or_default());
            out.response_due.push(summary.response_due.unwrap_or_default());
        }
        out
    }

    fn describe(&self) -> String {
        recourse::api::json_parts(Ok(self.policy.describe())).unwrap_or_else(|errors| errors)
    }

    fn packet(&self, claim: String) -> Result<String, String> {
        recourse::api::json_parts(read_claim(&claim).and_then(|c| recourse::api::packet(&self.policy, &c)))
    }

    fn closeout(&self, claim: String, supplier_explanation: Option<String>) -> Result<String, String> {
        recourse::api::json_parts(
            read_claim(&claim).and_then(|c| recourse::api::closeout(&self.policy, &c, supplier_explanation.as_deref())),
        )
    }

    fn log(&self, claims: Vec<String>) -> Result<String, String> {
        recourse::api::json_parts(recourse::api::log(&self.policy, claims.iter().map(|c| read_claim(c))))
    }

    fn diff(&self, newer: wit::PolicyBorrow<'_>, claims: Vec<String>, top: u32) -> String {
        let newer: &PolicyResource = newer.get();
        let top = usize::try_from(top).unwrap_or(usize::MAX);
        let report = recourse::diff::diff(&self.policy, &newer.policy, claims.iter().map(|c| read_claim(c)), top);
        recourse::api::json_parts(Ok(report)).unwrap_or_else(|errors| errors)
    }

    fn scorecard(&self, input: String) -> Result<String, String> {
        recourse::api::json_parts(recourse::api::scorecard_json(&self.policy, &input))
    }

    fn flips(&self, claim: String, vary: String, first: Option<String>, last: Option<String>) -> Result<String, String> {
        recourse::api::json_parts(
            read_claim(&claim).and_then(|c| recourse::api::flips(&self.policy, c, &vary, first.as_deref(), last.as_deref())),
        )
    }

    fn sweep(
        &self,
        claim: String,
        vary: String,
        first: Option<String>,
        last: Option<String>,
        step: Option<String>,
    ) -> Result<String, String> {
        recourse::api::json_parts(
            read_claim(&claim)
                .and_then(|c| recourse::api::sweep(&self.policy, c, &vary, first.as_deref(), last.as_deref(), step.as_deref())),
        )
    }
}
