//! The other ways across the boundary, to measure against the defaults (feature `bench-ways`;
//! `.ci/build-wasm --bench-ways`, then `node bench/bench.mjs --ways`): a claim read from the JS
//! object by serde-wasm-bindgen (the default reads JSON text), a result as serde_json text parsed
//! with `JSON.parse` (the default builds the objects with serde-wasm-bindgen).

use js_sys::JSON;
use recourse::api::EvaluateResult;
use recourse::{Claim, EvalError};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::PolicyHandle;

/// 0: serde-wasm-bindgen; 1: JSON text.
fn object_way(way: u8) -> bool {
    way == 0
}

fn read_claim(claim: &JsValue, way: u8) -> Result<Claim, EvalError> {
    if !object_way(way) {
        return crate::read_claim(claim);
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

fn to_js<T: Serialize + ?Sized>(value: &T, way: u8) -> Result<JsValue, String> {
    if object_way(way) {
        crate::to_js(value)
    } else {
        let text = serde_json::to_string(value).map_err(|e| e.to_string())?;
        JSON::parse(&text).map_err(|_| "JSON.parse failed".to_string())
    }
}

/// Read the claim `n` times; returns how many reads succeeded.
#[wasm_bindgen(js_name = "__benchIn", skip_typescript)]
pub fn bench_in(claim: JsValue, way: u8, n: u32) -> u32 {
    (0..n).map(|_| u32::from(read_claim(&claim, way).is_ok())).sum()
}

#[wasm_bindgen]
impl PolicyHandle {
    /// Evaluate with a chosen way in and out.
    #[wasm_bindgen(js_name = "__bench", skip_typescript)]
    pub fn bench(&self, claim: JsValue, trace: bool, way_in: u8, way_out: u8) -> Result<JsValue, JsValue> {
        let result: EvaluateResult =
            read_claim(&claim, way_in).and_then(|c| if trace { self.policy.evaluate_traced(&c) } else { self.policy.evaluate(&c) }).into();
        Ok(to_js(&result, way_out).unwrap_or(JsValue::NULL))
    }

    /// Evaluate once, then build the JS result `n` times.
    #[wasm_bindgen(js_name = "__benchOut", skip_typescript)]
    pub fn bench_out(&self, claim: JsValue, trace: bool, way: u8, n: u32) -> Result<JsValue, JsValue> {
        let result: EvaluateResult =
            crate::read_claim(&claim).and_then(|c| if trace { self.policy.evaluate_traced(&c) } else { self.policy.evaluate(&c) }).into();
        let mut last = JsValue::NULL;
        for _ in 0..n {
            last = to_js(&result, way).unwrap_or(JsValue::NULL);
        }
        Ok(last)
    }
}
