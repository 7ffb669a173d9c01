//! The npm package's benchmark build (`.ci/build-wasm --bench-ways` into `js/dist-bench`, then
//! `node bench/bench.mjs --ways`), never shipped: the package itself (every export of
//! `recourse-wasm`, linked in whole) plus [`BenchPolicy`] and [`bench_in`], which time the
//! evaluation alone and the ways across the boundary the package did not take: a claim read from
//! the JS object by serde-wasm-bindgen (the package reads JSON text), a result as serde_json text
//! parsed with `JSON.parse` (the package builds the objects with serde-wasm-bindgen). The figures
//! are in `crates/recourse-wasm/js/README.md` ("Speed").

use js_sys::JSON;
use recourse::api::EvaluateResult;
use recourse::{Claim, EvalError, Policy};
use serde::Serialize;
use wasm_bindgen::prelude::*;

// Every export of the package, so this build is the package plus the hooks below. Its source is
// compiled in here rather than linked as a library: a library crate-type on the package costs
// its shipped .wasm about 98 KB (measured: 1048 923 bytes against 948 625 with cdylib alone).
#[path = "../../recourse-wasm/src/lib.rs"]
mod package;
pub use package::*;

/// 0: serde-wasm-bindgen; 1: JSON text.
fn object_way(way: u8) -> bool {
    way == 0
}

fn read_claim_by(claim: &JsValue, way: u8) -> Result<Claim, EvalError> {
    if !object_way(way) {
        return package::read_claim(claim);
    }
    // With the field path, as the core's reader gives it; serde-wasm-bindgen's messages are JS
    // errors ("Error: ...") and differ in wording from serde_json's.
    let de = serde_wasm_bindgen::Deserializer::from(claim.clone());
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        recourse::claim_error(recourse::ClaimError { path, message: e.into_inner().to_string() })
    })
}

fn to_js_by<T: Serialize + ?Sized>(value: &T, way: u8) -> Result<JsValue, String> {
    if object_way(way) {
        package::to_js(value)
    } else {
        let text = serde_json::to_string(value).map_err(|e| e.to_string())?;
        JSON::parse(&text).map_err(|_| "JSON.parse failed".to_string())
    }
}

/// Read the claim `n` times; returns how many reads succeeded.
#[wasm_bindgen(js_name = "__benchIn")]
pub fn bench_in(claim: JsValue, way: u8, n: u32) -> u32 {
    (0..n).map(|_| u32::from(read_claim_by(&claim, way).is_ok())).sum()
}

/// A compiled policy for the benchmark's hooks (the package's `PolicyHandle` keeps its policy to
/// itself).
#[wasm_bindgen]
pub struct BenchPolicy {
    policy: Policy,
}

#[wasm_bindgen]
impl BenchPolicy {
    /// Compile the policy; a policy that does not compile is the benchmark's mistake, thrown.
    #[wasm_bindgen(constructor)]
    pub fn new(source: &str) -> Result<BenchPolicy, JsValue> {
        Policy::compile(source)
            .map(|policy| BenchPolicy { policy })
            .map_err(|errors| JsValue::from_str(&format!("the benchmark's policy does not compile: {} errors", errors.len())))
    }

    /// The evaluation alone: read the claim once, then evaluate it `n` times without crossing the
    /// boundary; returns how many evaluations succeeded.
    pub fn core(&self, claim: JsValue, trace: bool, n: u32) -> u32 {
        let Ok(claim) = package::read_claim(&claim) else {
            return 0;
        };
        (0..n).map(|_| u32::from(if trace { self.policy.evaluate_traced(&claim) } else { self.policy.evaluate(&claim) }.is_ok())).sum()
    }

    /// Evaluate with a chosen way in and out.
    pub fn evaluate(&self, claim: JsValue, trace: bool, way_in: u8, way_out: u8) -> Result<JsValue, JsValue> {
        let result: EvaluateResult = read_claim_by(&claim, way_in)
            .and_then(|c| if trace { self.policy.evaluate_traced(&c) } else { self.policy.evaluate(&c) })
            .into();
        Ok(to_js_by(&result, way_out).unwrap_or(JsValue::NULL))
    }

    /// Evaluate once, then build the JS result `n` times.
    pub fn out(&self, claim: JsValue, trace: bool, way: u8, n: u32) -> Result<JsValue, JsValue> {
        let result: EvaluateResult =
            package::read_claim(&claim).and_then(|c| if trace { self.policy.evaluate_traced(&c) } else { self.policy.evaluate(&c) }).into();
        let mut last = JsValue::NULL;
        for _ in 0..n {
            last = to_js_by(&result, way).unwrap_or(JsValue::NULL);
        }
        Ok(last)
    }
}
