// Benchmark (not a test): compile time and per-call evaluate time of the npm package on the
// design example (policies/apparel-coats.policy + its claim), with and without trace, and the
// share of a call spent crossing the boundary (reading the claim, building the result).
//
//   node bench/bench.mjs [--quick]          the package (after .ci/build-wasm)
//   node bench/bench.mjs --ways [--quick]   also compares the ways across the boundary
//                                           (after .ci/build-wasm --bench-ways)
//   node bench/bench.mjs --dist DIR         another build's dist folder
//
// With --ways (the benchmark's build, crates/recourse-wasm-bench: the package plus its hooks):
// "core" is the evaluation alone, measured inside the module (`BenchPolicy.core` reads the claim
// once and evaluates it N times), and the boundary share is (evaluate - core) / evaluate;
// `BenchPolicy.evaluate` times the four ways a claim can go in and a result come out (object
// through serde-wasm-bindgen, or JSON text through JSON.stringify / serde_json / JSON.parse);
// the package's `evaluate` uses the faster pair. The package alone has no hooks.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const argv = process.argv.slice(2);
const ways = argv.includes("--ways");
// --dist DIR: another build of the glue and .wasm (relative to this package), e.g. to compare
// profiles; --ways implies dist-bench.
const dist = argv.includes("--dist") ? argv[argv.indexOf("--dist") + 1] : ways ? "dist-bench" : null;
const loading = performance.now();
const recourse = dist ? await import(new URL(`../${dist}/recourse.js`, import.meta.url)) : await import("recourse");
if (dist) recourse.initSync({ module: readFileSync(new URL(`../${dist}/recourse_bg.wasm`, import.meta.url)) });
const loadMs = performance.now() - loading;
const { compile, version } = recourse;

const quick = argv.includes("--quick");
const root = new URL("../../../../", import.meta.url);
const source = readFileSync(new URL("policies/apparel-coats.policy", root), "utf8");
const claim = JSON.parse(readFileSync(new URL("policies/apparel-coats.claim.json", root), "utf8"));

/** The best of `rounds` rounds, each the mean of `iters` calls, in microseconds per call (the
 * best, not the median: on a shared 2-core machine the other rounds measure the neighbours). */
function time(fn, { iters = quick ? 200 : 1000, rounds = quick ? 5 : 21 } = {}) {
  for (let i = 0; i < Math.min(iters, 500); i++) fn(); // warm up
  const per = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < iters; i++) fn();
    per.push(((performance.now() - t0) * 1000) / iters);
  }
  return Math.min(...per);
}

const us = (x) => `${x.toFixed(1).padStart(8)} µs`;
const pct = (part, whole) => `${((100 * part) / whole).toFixed(0).padStart(3)} %`;

console.log(`${version()}, Node ${process.version}, ${dist ?? "dist"}, ${quick ? "quick" : "full"} run`);
console.log(`\nload the module (read, compile, instantiate the .wasm)  ${(loadMs * 1000).toFixed(0)} µs`);
const first = performance.now();
const compiled = compile(source);
const firstMs = performance.now() - first;
if (!compiled.ok) throw new Error(`the design example does not compile: ${JSON.stringify(compiled.errors)}`);
const handle = compiled.policy;
// The benchmark's build only (--ways): the hooks, on their own copy of the policy.
const bench = typeof recourse.BenchPolicy === "function" ? new recourse.BenchPolicy(source) : null;
const check = handle.evaluate(claim);
if (!check.ok) throw new Error(`the design example does not evaluate: ${JSON.stringify(check.errors)}`);

console.log(`\ncompile (${source.length} bytes of policy)`);
console.log(`  first call            ${us(firstMs * 1000)}`);
const compileUs = time(() => compile(source).policy?.free(), { iters: quick ? 50 : 300 });
console.log(`  per call (warm)       ${us(compileUs)}`);

const coreIters = quick ? 2000 : 20000;
for (const trace of [false, true]) {
  const options = { trace };
  const full = time(() => handle.evaluate(claim, options));
  const decisionBytes = JSON.stringify(handle.evaluate(claim, options)).length;
  console.log(`\nevaluate, trace ${trace ? "on " : "off"} (result ${decisionBytes} bytes as JSON)`);
  console.log(`  evaluate(claim)       ${us(full)}`);
  if (bench) {
    const core = time(() => bench.core(claim, trace, coreIters), { iters: 1, rounds: quick ? 3 : 11 }) / coreIters;
    console.log(`  core alone            ${us(core)}`);
    console.log(`  boundary              ${us(full - core)}  (${pct(full - core, full)} of the call)`);
    const n = quick ? 200 : 1000;
    const rounds = quick ? 3 : 11;
    const inObj = time(() => recourse.__benchIn(claim, 0, n), { iters: 1, rounds }) / n;
    const inJson = time(() => recourse.__benchIn(claim, 1, n), { iters: 1, rounds }) / n;
    const outObj = time(() => bench.out(claim, trace, 0, n), { iters: 1, rounds }) / n;
    const outJson = time(() => bench.out(claim, trace, 1, n), { iters: 1, rounds }) / n;
    console.log(`  claim in:   object ${us(inObj)}   JSON ${us(inJson)}`);
    console.log(`  result out: object ${us(outObj)}   JSON ${us(outJson)}`);
    const names = ["object", "JSON  "];
    for (const wayIn of [0, 1]) {
      for (const wayOut of [0, 1]) {
        const t = time(() => bench.evaluate(claim, trace, wayIn, wayOut));
        console.log(
          `  in ${names[wayIn]} out ${names[wayOut]}  ${us(t)}  (boundary ${us(t - core)}, ${pct(t - core, t)})`,
        );
      }
    }
  }
}
handle.free();
bench?.free();
