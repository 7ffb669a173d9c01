//! WebAssembly bindings of the Recourse core, for the npm package (`crates/recourse-wasm/js`).
//!
//! No logic of its own: every function converts its arguments, calls the core's [`recourse::api`]
//! and returns its tagged result (`{ ok: true, ... }` / `{ ok: false, errors }`) as a plain JS
//! object. Nothing throws and nothing panics across the boundary: a bad policy, a bad claim or a
//! bad argument comes back as `errors`.
//!
//! # The API
//!
//! * [`compile`] a policy source into a [`PolicyHandle`] (with its warnings), or every diagnostic;
//!   [`check`] lists every diagnostic of a source; [`format`] lays a source out; [`version`].
//! * [`PolicyHandle`]: `evaluate` a claim (optionally with a trace), `describe` the policy for a
//!   claim form, and the documents around a claim: `packet`, `closeout`, `log`, `scorecard`.
//!
//! The result types are the core's (`recourse::api::*Result`); their TypeScript declarations are
//! generated from the JSON Schemas the core emits (`crates/recourse/schema/`, by
//! `js/scripts/gen-types.mjs`). Only what belongs to the binding is declared here: the options of
//! `evaluate` and `CompileResult`, whose success holds the handle.
//!
//! # How values cross the boundary
//!
//! The claim goes in as JSON text: `JSON.stringify` (called from Rust), then the core's own reader
//! [`recourse::Claim::from_json`], so a bad claim's error (message and field path) is the same
//! natively and in JS, which the conformance corpus checks byte for byte. Results come out as plain
//! objects built by serde-wasm-bindgen (`Serializer::json_compatible()`). The way was chosen by
//! measurement; the figures are in `js/README.md` ("Speed"), and the benchmark's other ways are in
//! the unpublished crate `crates/recourse-wasm-bench`.
//!
//! Every function and method that hands a JS value back returns it in a `Result` that is always
//! `Ok` ([`Returned`]), for the wasm signature that gives: a bare `JsValue` made Node 20 abort.

use js_sys::{JSON, Object, Reflect};
use recourse::api::{
    CloseoutResult, CompileResult, DescribeResult, DiffResult, EvaluateResult, FlipsResult, FormatResult, LogResult, PacketResult,
    ScorecardResult, SummaryResult, SweepResult,
};
use recourse::{Claim, Code, Diagnostic, EvalError, Policy};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `{ trace?: boolean }`, declared in the TypeScript section below.
    #[wasm_bindgen(typescript_type = "EvaluateOptions")]
    pub type EvaluateOptions;
    /// `{ vary, from?, to?, step? }`, declared in the TypeScript section below.
    #[wasm_bindgen(typescript_type = "SweepOptions")]
    pub type SweepOptions;
    /// `{ vary, from?, to? }`, declared in the TypeScript section below.
    #[wasm_bindgen(typescript_type = "FlipsOptions")]
    pub type FlipsOptions;
    /// `{ keepUnparsable?: boolean }`, declared in the TypeScript section below.
    #[wasm_bindgen(typescript_type = "FormatOptions")]
    pub type FormatOptions;
}

/// What every function and method that hands a JS value back returns: always `Ok` (nothing
/// throws); the `Result` is there for its ABI only. wasm-bindgen returns a `Result` as several wasm
/// results, and V8 11.3 (Node 20) never inlines a call to such a function into optimised JS. It
/// does inline a call to one returning a single `externref` (what a bare `JsValue` compiles to),
/// and when that optimised JS is deoptimised while the call runs (anything the call does, such as
/// building the result objects, can invalidate it), its deoptimizer has no case for an `externref`
/// result and aborts the process: "unreachable code" in `Deoptimizer::DoComputeBuiltinContinuation`
/// (issue 11). js/test/v8-deopt.test.mjs checks every export's signature and runs the workload.
type Returned = Result<JsValue, JsValue>;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
import type { Claim, CloseoutResult, DescribeResult, Diagnostic, DiffResult, EvaluateResult, FlipsResult, FormatResult, LogResult, PacketResult, ScorecardInput, ScorecardResult, SummaryResult, SweepResult } from "./schema-types.js";
export type * from "./schema-types.js";

/** Options of `PolicyHandle.evaluate`. */
export interface EvaluateOptions {
  /** Record a trace in `decision.trace`: every condition with the values it read, every amount with its rounding. */
  trace?: boolean;
}

/** A value of a varied input: a decimal string (`"42.10"`, `"12"`), a date (`"2026-03-05"`), a
 * number (read from its shortest decimal text) or a boolean. */
export type VaryValue = string | number | boolean;

/** Options of `PolicyHandle.sweep`: the claim input to vary (`affected_units`, `order.unit_price`,
 * `inspection.found[0].count`, `notified_on`, `facts.NAME`) and the range, `step` in the input's
 * unit (days for dates; none for yes/no). At most 10 000 values. */
export interface SweepOptions {
  vary: string;
  from?: VaryValue;
  to?: VaryValue;
  step?: VaryValue;
}

/** Options of `PolicyHandle.flips`: the claim input to vary and the range (every value of it is
 * evaluated: each unit, cent or day; at most 100 000). Without `from`/`to`, the input's natural
 * range around the claim's value. */
export interface FlipsOptions {
  vary: string;
  from?: VaryValue;
  to?: VaryValue;
}

/** Options of `format`. */
export interface FormatOptions {
  /** Format the declarations that parse and keep each one that does not as written, listed in the
   * result's `kept` with its errors (instead of failing with the syntax errors). */
  keepUnparsable?: boolean;
}

/** The result of `compile`: a handle to evaluate claims with, or every diagnostic. (The other
 * results are the core's, generated from its schemas; this one holds the binding's handle.) */
export type CompileResult =
  | { ok: true; policy: PolicyHandle; warnings: Diagnostic[] }
  | { ok: false; errors: Diagnostic[] };
"#;

/// A compiled policy. Evaluate many claims with one handle; `free()` releases it at once (a
/// finalizer releases it otherwise).
#[wasm_bindgen]
pub struct PolicyHandle {
    policy: Policy,
}

#[wasm_bindgen]
impl PolicyHandle {
    /// Evaluate a claim: a plain object, amounts as decimal strings such as `"42.10"` or as numbers
    /// (read from their shortest decimal text). Never throws: a bad claim gives `{ ok: false, errors }`.
    #[wasm_bindgen(unchecked_return_type = "EvaluateResult")]
    pub fn evaluate(&self, #[wasm_bindgen(unchecked_param_type = "Claim")] claim: JsValue, options: Option<EvaluateOptions>) -> Returned {
        // Only `trace: true` turns the trace on. `Reflect.get` returns a getter's exception as an Err.
        let trace = options.is_some_and(|o| Reflect::get(&o, &JsValue::from_str("trace")).ok().and_then(|v| v.as_bool()) == Some(true));
        Ok(returned(&EvaluateResult::from(
            read_claim(&claim).and_then(|c| if trace { self.policy.evaluate_traced(&c) } else { self.policy.evaluate(&c) }),
        )))
    }

    /// The same evaluation as `evaluate`, cut down to what a what-if view needs: the
    /// recommendation, each remedy's availability and totals, each deadline's due date and
    /// status (`{ ok: true, summary }`). Its figures are the full decision's own (taken from it,
    /// never computed apart); it is several times cheaper to hand to JS. Never throws.
    #[wasm_bindgen(js_name = "evaluateSummary", unchecked_return_type = "SummaryResult")]
    pub fn evaluate_summary(&self, #[wasm_bindgen(unchecked_param_type = "Claim")] claim: JsValue) -> Returned {
        Ok(returned(&SummaryResult::from(read_claim(&claim).and_then(|c| self.policy.evaluate(&c)))))
    }

    /// What a claim form needs: currency, defect catalogue, inputs with types and defaults,
    /// remedies, deadlines, flags; tagged as every result (`{ ok: true, ...PolicyInfo }`). Never throws.
    #[wasm_bindgen(unchecked_return_type = "DescribeResult")]
    pub fn describe(&self) -> Returned {
        Ok(returned(&DescribeResult::from(Ok::<_, EvalError>(self.policy.describe()))))
    }

    /// The supplier claim packet for a claim (evaluated first), with every customer identifier
    /// replaced by a stable pseudonym, as data and as Markdown. Never throws.
    #[wasm_bindgen(unchecked_return_type = "PacketResult")]
    pub fn packet(&self, #[wasm_bindgen(unchecked_param_type = "Claim")] claim: JsValue) -> Returned {
        Ok(returned(&PacketResult::from(read_claim(&claim).and_then(|c| recourse::api::packet(&self.policy, &c)))))
    }

    /// The six-line closeout note for a claim. Never throws.
    #[wasm_bindgen(unchecked_return_type = "CloseoutResult")]
    pub fn closeout(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Claim")] claim: JsValue,
        supplier_explanation: Option<String>,
    ) -> Returned {
        let result = read_claim(&claim).and_then(|c| recourse::api::closeout(&self.policy, &c, supplier_explanation.as_deref()));
        Ok(returned(&CloseoutResult::from(result)))
    }

    /// The defective log over an array of claims, as rows and CSV. Never throws; the first bad
    /// claim gives its error.
    #[wasm_bindgen(unchecked_return_type = "LogResult")]
    pub fn log(&self, #[wasm_bindgen(unchecked_param_type = "Claim[]")] claims: JsValue) -> Returned {
        let list: Vec<JsValue> =
            if js_sys::Array::is_array(&claims) { js_sys::Array::from(&claims).iter().collect() } else { vec![claims] };
        Ok(returned(&LogResult::from(recourse::api::log(&self.policy, list.iter().map(read_claim)))))
    }

    /// The contract diff of this policy, the old version, against `newer` over an array of claims:
    /// the clauses that changed (by meaning, not layout), each claim decided differently (or by
    /// neither) with the exact changes, and the summary with the `top` largest changes (default
    /// 10). A claim that cannot be read is that claim's error in the report. Never throws.
    #[wasm_bindgen(unchecked_return_type = "DiffResult")]
    pub fn diff(
        &self,
        newer: &PolicyHandle,
        #[wasm_bindgen(unchecked_param_type = "Claim[]")] claims: JsValue,
        top: Option<u32>,
    ) -> Returned {
        let list: Vec<JsValue> =
            if js_sys::Array::is_array(&claims) { js_sys::Array::from(&claims).iter().collect() } else { vec![claims] };
        let top = top.map_or(10, |t| usize::try_from(t).unwrap_or(usize::MAX));
        let report = recourse::diff::diff(&self.policy, &newer.policy, list.iter().map(read_claim), top);
        Ok(returned(&DiffResult::from(Ok::<_, EvalError>(report))))
    }

    /// The contract diff over the claims of a JSON-lines text, read as `recourse diff` reads a
    /// file (blank lines skipped; a line that is not a claim is that line's error), each claim
    /// reported at its line. The text goes to the engine as it is: no number passes through a JS
    /// float. Never throws.
    #[wasm_bindgen(js_name = "diffLines", unchecked_return_type = "DiffResult")]
    pub fn diff_lines(
        &self,
        newer: &PolicyHandle,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        top: Option<u32>,
    ) -> Returned {
        let top = top.map_or(10, |t| usize::try_from(t).unwrap_or(usize::MAX));
        let result = text
            .as_string()
            .ok_or_else(|| EvalError::new(Code::InvalidClaim, "`diffLines` takes the claims as JSON-lines text, one claim a line"))
            .map(|t| recourse::diff::diff_json_lines(&self.policy, &newer.policy, &t, top));
        Ok(returned(&DiffResult::from(result)))
    }

    /// The supplier scorecard over `{ claims, receipts }`: lots rejected, PPM, defect rates,
    /// response times, recovery rate, and the status and remedies the policy's thresholds give.
    /// Claims that cannot be evaluated are listed in `errors`. Never throws.
    #[wasm_bindgen(unchecked_return_type = "ScorecardResult")]
    pub fn scorecard(&self, #[wasm_bindgen(unchecked_param_type = "ScorecardInput")] input: JsValue) -> Returned {
        let text = JSON::stringify(&input)
            .ok()
            .and_then(|t| t.as_string())
            .ok_or_else(|| EvalError::new(Code::InvalidClaim, "the scorecard input must be an object { claims, receipts }"));
        Ok(returned(&ScorecardResult::from(text.and_then(|t| recourse::api::scorecard_json(&self.policy, &t)))))
    }

    /// The claim evaluated at every value of a range of one input, as columns (one entry per
    /// value): the recommendation, each remedy's availability and totals, each deadline's due
    /// date and status, the lot, the flags, the reported values and each value's error. One call
    /// for the whole range. Never throws.
    #[wasm_bindgen(unchecked_return_type = "SweepResult")]
    pub fn sweep(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Claim")] claim: JsValue,
        #[wasm_bindgen(unchecked_param_type = "SweepOptions")] options: SweepOptions,
    ) -> Returned {
        let result = read_claim(&claim).and_then(|c| {
            let o = vary_options(&options, &["from", "to", "step"])?;
            let [from, to, step] = [o.get(1), o.get(2), o.get(3)].map(|v| v.and_then(Option::as_deref));
            recourse::api::sweep(&self.policy, c, o.first().and_then(Option::as_deref).unwrap_or_default(), from, to, step)
        });
        Ok(returned(&SweepResult::from(result)))
    }

    /// Every value of one input where the decision turns, each with the values on either side and
    /// the clause responsible, and the intervals between with their outcome. Computed, not
    /// sampled: every value of the range is evaluated. Never throws.
    #[wasm_bindgen(unchecked_return_type = "FlipsResult")]
    pub fn flips(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Claim")] claim: JsValue,
        #[wasm_bindgen(unchecked_param_type = "FlipsOptions")] options: FlipsOptions,
    ) -> Returned {
        let result = read_claim(&claim).and_then(|c| {
            let o = vary_options(&options, &["from", "to"])?;
            let [from, to] = [o.get(1), o.get(2)].map(|v| v.and_then(Option::as_deref));
            recourse::api::flips(&self.policy, c, o.first().and_then(Option::as_deref).unwrap_or_default(), from, to)
        });
        Ok(returned(&FlipsResult::from(result)))
    }

    /// The policy's title, from its header.
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.policy.title().to_string()
    }
}

/// Parse and check a policy. Never throws.
#[wasm_bindgen(unchecked_return_type = "CompileResult")]
pub fn compile(#[wasm_bindgen(unchecked_param_type = "string")] source: JsValue) -> Returned {
    let result = match source_text(&source, "compile").and_then(|s| Policy::compile(&s)) {
        Ok(policy) => compiled(policy),
        Err(errors) => to_js(&CompileResult::Failed { ok: false, errors }),
    };
    Ok(result.unwrap_or_else(|e| internal_diagnostics(&e)))
}

/// Every diagnostic of a policy source (errors and warnings), sorted by position. Never throws.
#[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
pub fn check(#[wasm_bindgen(unchecked_param_type = "string")] source: JsValue) -> Returned {
    let diagnostics = source_text(&source, "check").map(|s| recourse::check(&s)).unwrap_or_else(|errors| errors);
    Ok(to_js(&diagnostics).unwrap_or_else(|e| to_js(&[internal_diagnostic(&e)]).unwrap_or(JsValue::NULL)))
}

/// Format a policy source in the canonical layout, keeping its comments; a source with syntax
/// errors gives them, or, with `keepUnparsable: true`, is formatted except for the declarations
/// that do not parse, which are kept as written and listed. Never throws.
#[wasm_bindgen(unchecked_return_type = "FormatResult")]
pub fn format(#[wasm_bindgen(unchecked_param_type = "string")] source: JsValue, options: Option<FormatOptions>) -> Returned {
    let keep = options.is_some_and(|o| Reflect::get(&o, &JsValue::from_str("keepUnparsable")).ok().and_then(|v| v.as_bool()) == Some(true));
    let result = FormatResult::from(
        source_text(&source, "format")
            .and_then(|s| if keep { recourse::api::format_keeping_unparsable(&s) } else { recourse::api::format(&s) }),
    );
    Ok(to_js(&result).unwrap_or_else(|e| internal_diagnostics(&e)))
}

/// For the package's tests only (js/test/recovery.test.mjs): trap the instance on purpose, as a
/// bug would, to check that the JS entry (js/index.js) replaces it and that nothing compiled before
/// is lost. `0` aborts (what a panic does in this build); any other value recurses with 4 KiB
/// frames until the shadow stack in linear memory runs out and the access below it traps, which
/// leaves the stack pointer as a real runaway recursion does. Harmless through the package (the
/// call answers E0009 and the next call works); never call it otherwise.
#[doc(hidden)]
#[wasm_bindgen(js_name = "__trapForTest", skip_typescript)]
pub fn trap_for_test(kind: u32) -> u32 {
    if kind == 0 {
        std::process::abort();
    }
    exhaust_stack(0, &[0; 4096])
}

/// One 4 KiB frame per call, kept alive across the next call (which reads it), so no
/// optimisation can turn the recursion into a loop.
#[inline(never)]
#[allow(clippy::indexing_slicing, reason = "a u8 index into 4096 bytes cannot be out of bounds")]
fn exhaust_stack(depth: u32, caller: &[u8; 4096]) -> u32 {
    let mut frame = std::hint::black_box([0u8; 4096]);
    frame[usize::from(depth.to_le_bytes()[0])] = caller[usize::from(depth.to_le_bytes()[1])].wrapping_add(1);
    if depth == u32::MAX {
        return u32::from(frame[0]);
    }
    exhaust_stack(depth.wrapping_add(1), &frame).wrapping_add(u32::from(frame[7]))
}

/// The engine's name and version, as recorded in every decision (`decision.engine`).
#[wasm_bindgen]
pub fn version() -> String {
    recourse::ENGINE_VERSION.to_string()
}

/// `{ ok: true, policy, warnings }`, the handle being a JS object of its own.
fn compiled(policy: Policy) -> Result<JsValue, String> {
    let warnings = to_js(policy.warnings())?;
    let out = Object::new();
    let handle = JsValue::from(PolicyHandle { policy });
    for (key, value) in [("ok", JsValue::TRUE), ("policy", handle), ("warnings", warnings)] {
        Reflect::set(&out, &JsValue::from_str(key), &value).map_err(|e| js_message(&e))?;
    }
    Ok(out.into())
}

/// A result of the core's `api` as a JS object; one that cannot be made a JS value (not expected)
/// gives an internal error in the shape of a failed evaluation.
fn returned<T: Serialize>(result: &T) -> JsValue {
    to_js(result).unwrap_or_else(|e| internal_eval_error(&e))
}

/// The source text, or a diagnostic when JS passed something else than a string.
fn source_text(source: &JsValue, function: &str) -> Result<String, Vec<Diagnostic>> {
    source.as_string().ok_or_else(|| {
        let found = if source.is_null() { "null".to_string() } else { source.js_typeof().as_string().unwrap_or_default() };
        let message = format!("`{function}` takes the policy source as a string, found {found}");
        vec![recourse::api::unplaced_diagnostic(Code::NotASource, message)]
    })
}

/// The claim through `JSON.stringify` and the core's own claim reader. `JSON.stringify` gives
/// `undefined` for `undefined` and functions, and throws on BigInt and cycles: each is an
/// invalid claim, as is anything the core's reader refuses. (Public for the benchmark's crate.)
pub fn read_claim(claim: &JsValue) -> Result<Claim, EvalError> {
    let text =
        JSON::stringify(claim).map_err(|e| EvalError::new(Code::InvalidClaim, format!("the claim is not JSON: {}", js_message(&e))))?;
    let text = text.as_string().ok_or_else(|| {
        let found = claim.js_typeof().as_string().unwrap_or_default();
        EvalError::new(Code::InvalidClaim, format!("the claim must be an object, found {found}"))
    })?;
    Claim::from_json(&text).map_err(recourse::claim_error)
}

/// `vary` then the named range options of a sweep or flip search, as text: a string as it is, a
/// number from its shortest decimal text (`JSON.stringify`), a boolean as `true`/`false`; absent
/// (or `undefined`/`null`) as `None`. Anything else is an E0401 error naming the option.
fn vary_options(options: &JsValue, names: &[&str]) -> Result<Vec<Option<String>>, EvalError> {
    let mut out = Vec::with_capacity(names.len() + 1);
    for name in std::iter::once(&"vary").chain(names) {
        let bad = |what: &str| EvalError::new(Code::InvalidVariable, format!("`{name}` {what}")).field(*name);
        let value = if options.is_object() {
            Reflect::get(options, &JsValue::from_str(name)).map_err(|_| bad("cannot be read"))?
        } else {
            JsValue::UNDEFINED
        };
        let text = if value.is_undefined() || value.is_null() {
            None
        } else if let Some(s) = value.as_string() {
            Some(s)
        } else if let Some(b) = value.as_bool() {
            Some(b.to_string())
        } else if value.as_f64().is_some() {
            JSON::stringify(&value).ok().and_then(|t| t.as_string())
        } else {
            return Err(bad("must be a string, a number or a boolean"));
        };
        out.push(text);
    }
    if out.first().is_none_or(Option::is_none) {
        return Err(
            EvalError::new(Code::InvalidVariable, "`vary` is required: the claim input to vary, e.g. `affected_units`").field("vary")
        );
    }
    Ok(out)
}

/// A result as a plain JS object (objects, not Maps; `None` as `null`, which the results skip).
/// (Public for the benchmark's crate.)
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, String> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| e.to_string())
}

fn js_message(e: &JsValue) -> String {
    e.as_string().unwrap_or_else(|| Reflect::get(e, &JsValue::from_str("message")).ok().and_then(|m| m.as_string()).unwrap_or_default())
}

fn internal_diagnostic(message: &str) -> Diagnostic {
    recourse::api::unplaced_diagnostic(Code::Internal, message)
}

/// What `evaluate` returns when its result could not be made a JS value (not expected).
fn internal_eval_error(message: &str) -> JsValue {
    to_js(&EvaluateResult::Failed { ok: false, errors: vec![EvalError::new(Code::Internal, message)] }).unwrap_or(JsValue::NULL)
}

/// What `compile` returns when its result could not be made a JS value (not expected).
fn internal_diagnostics(message: &str) -> JsValue {
    to_js(&CompileResult::Failed { ok: false, errors: vec![internal_diagnostic(message)] }).unwrap_or(JsValue::NULL)
}
