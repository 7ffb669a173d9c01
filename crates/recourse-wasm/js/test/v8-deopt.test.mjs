// Issue 11: Node 20 (V8 11.3) aborted the whole process, "Fatal error ... unreachable code" in
// Deoptimizer::DoComputeBuiltinContinuation, after a few seconds of `evaluate` in one process.
//
// The trigger: TurboFan inlines a call from JS into a wasm function when its signature has at
// most one result, and when that optimised JS is deoptimised lazily while the wasm call runs (the
// call builds objects, calls toJSON, ...: anything can invalidate the caller's assumptions), the
// deoptimizer rebuilds the call's result from its wasm type, and V8 11.3 knows i32, i64, f32 and
// f64 only: an `externref` result, what a bare `JsValue` return compiles to, hits UNREACHABLE().
// `--trace-deopt-verbose` on the reproducer shows that last frame, "JS to Wasm builtin
// continuation frame ... return_type=10" (kRefNull), under `scan` with the glue's `evaluate`
// inlined; `--no-turbo-inline-js-wasm-calls` or `--max-opt=2` (no TurboFan) make it pass.
//
// The fix: every export returns a `Result` (src/lib.rs, `Returned`), which wasm-bindgen returns
// as three i32 results, a signature V8 never inlines. These tests check the signatures and run
// the workloads that aborted, each in a child process (an abort cannot be caught in this one).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { exportedFunctions } from "./wasm-exports.mjs";

const wasm = readFileSync(new URL("../dist/recourse_bg.wasm", import.meta.url));
const workload = new URL("./fixtures/deopt-workload.mjs", import.meta.url).pathname;

/** Runs a part of the workload in a fresh Node; its stdout once it exits 0 without a signal. */
function run(part) {
  const r = spawnSync(process.execPath, [workload, part], { encoding: "utf8", timeout: 120_000 });
  assert.doesNotMatch(r.stderr, /Fatal error|unreachable code|DoComputeBuiltinContinuation/, r.stderr.slice(0, 2000));
  assert.equal(r.signal, null, `killed by ${r.signal}: ${r.stderr.slice(0, 2000)}`);
  assert.equal(r.status, 0, r.stderr.slice(0, 2000));
  return r.stdout;
}

test("no export of the .wasm returns a single externref, which V8 11.3 cannot deoptimise", () => {
  const exports = exportedFunctions(wasm);
  const names = exports.map((f) => f.name);
  for (const name of ["compile", "check", "format", "policyhandle_evaluate", "policyhandle_describe", "policyhandle_log"]) {
    assert.ok(names.includes(name), `${name} is exported`);
  }
  const single = exports.filter((f) => f.results.length === 1 && f.results[0] === "externref").map((f) => f.name);
  assert.deepEqual(single, [], "these return a bare JsValue: return `Returned` (src/lib.rs) instead");
  const evaluate = exports.find((f) => f.name === "policyhandle_evaluate");
  assert.deepEqual(evaluate.results, ["i32", "i32", "i32"]);
});

test("the trigger: an optimised caller deoptimised during evaluate, through the glue and the package", () => {
  // 3000 calls make TurboFan optimise the caller with the call inlined; then the claim's toJSON
  // turns a field the caller reads from a small integer into a string, during the call. Before
  // the fix, `targeted-glue` aborted the process on that call.
  const expected = (name) => `${name}: replacement:1 then replacement:heavy then replacement:heavy\ndone\n`;
  assert.equal(run("targeted-glue"), expected("targeted-glue"));
  assert.equal(run("targeted"), expected("targeted"));
});

test("the reproducer of issue 11: about 31 000 evaluations in six scans, with their exact decisions", () => {
  assert.equal(
    run("scans"),
    [
      // Zero affected units at a price with cents was E0305 before issue 11's fix of exact products.
      "scan 1: replacement_batch from 0; credit_memo from 816; replacement_batch from 1018; refund from 5683",
      "scan 2: replacement_batch from 0",
      "scan 3: credit_offset from 0.00; qa_audit from 0.01; return_to_origin from 0.55",
      "scan 4: refund from 0.00; replacement_batch from 0.25",
      "scan 5: credit_offset from 0; replacement from 1",
      "scan 6: none from 0; replacement_batch from 3",
      "done",
      "",
    ].join("\n"),
  );
});
