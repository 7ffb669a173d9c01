// The npm package itself: one package, an ES module for browsers and bundlers, a Node entry that
// initialises itself, the .wasm and the TypeScript declarations, and nothing else.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const here = new URL("../", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("package.json", here), "utf8"));

test("Node resolves the package to its self-initialising entry", () => {
  assert.ok(import.meta.resolve("recourse").endsWith("/js/node.js"));
  assert.ok(import.meta.resolve("recourse/recourse_bg.wasm").endsWith("/js/dist/recourse_bg.wasm"));
});

test("browsers and bundlers get the ES module of the web target, types come first", () => {
  const main = pkg.exports["."];
  assert.deepEqual(Object.keys(main), ["types", "node", "default"]);
  // index.js: the glue of the web target with trap recovery (test/recovery.test.mjs).
  assert.equal(main.default, "./index.js");
  for (const file of [main.types, main.node, main.default, pkg.exports["./recourse_bg.wasm"]]) {
    assert.ok(existsSync(new URL(file, here)), file);
  }
  const entry = readFileSync(new URL(main.default, here), "utf8");
  assert.match(entry, /from "\.\/dist\/recourse\.js"/);
  assert.doesNotMatch(entry, /require\(|from ["']node:/, "no Node built-ins in the browser module");
  const glue = readFileSync(new URL("dist/recourse.js", here), "utf8");
  assert.match(glue, /__wbg_init as default/);
  assert.match(glue, /new URL\('recourse_bg\.wasm', import\.meta\.url\)/, "finds its .wasm beside it");
  assert.doesNotMatch(glue, /require\(|from ["']node:/, "no Node built-ins in the browser module");
});

test("npm pack holds the entries, the .wasm and the declarations, and nothing else", () => {
  const [report] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--loglevel=error"], { cwd: here, encoding: "utf8" }));
  const files = report.files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    "README.md",
    "dist/recourse.d.ts",
    "dist/recourse.js",
    "dist/recourse_bg.wasm",
    "dist/recourse_bg.wasm.d.ts",
    "dist/schema-types.d.ts",
    "index.js",
    "node.js",
    "package.json",
  ]);
});

test("the declarations carry the generated schema types and results, and the binding's own", () => {
  const dts = readFileSync(new URL("dist/recourse.d.ts", here), "utf8");
  for (const name of ["CompileResult", "EvaluateOptions"]) {
    assert.match(dts, new RegExp(`export (type|interface) ${name}\\b`));
  }
  assert.match(dts, /evaluate\(claim: Claim, options\?: EvaluateOptions \| null\): EvaluateResult;/);
  assert.match(dts, /export function compile\(source: string\): CompileResult;/);
  assert.doesNotMatch(dts, /__bench\w*\(|BenchPolicy/, "the benchmark's hooks are not in the package");
  const wasm = new WebAssembly.Module(readFileSync(new URL("dist/recourse_bg.wasm", here)));
  const exports = WebAssembly.Module.exports(wasm).map((e) => e.name);
  assert.deepEqual(exports.filter((n) => /bench/i.test(n)), [], "the .wasm exports no benchmark hook");
  const types = readFileSync(new URL("dist/schema-types.d.ts", here), "utf8");
  const results = ["EvaluateResult", "PacketResult", "CloseoutResult", "LogResult", "ScorecardResult", "FormatResult", "DescribeResult"];
  for (const name of ["Claim", "Decision", "Diagnostic", "EvalError", "Amount", "Span", "PolicyInfo", ...results]) {
    assert.match(types, new RegExp(`export (type|interface) ${name}\\b`));
  }
});
