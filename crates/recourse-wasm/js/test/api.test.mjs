// The package's API, through its Node entry point ("recourse" resolves to node.js here, by the
// package's own exports map).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import init, * as recourse from "recourse";
import { compile, check, version } from "recourse";
import { designPolicy, designClaim } from "./helpers.mjs";

const minimal = `policy "Minimal" { currency USD }
remedy refund "R.1 Refund" {
  supplier pays claim.affected_units * order.unit_price as "Refund"
}
`;
const minimalClaim = () => ({
  claim_id: "C-1",
  as_of: "2026-03-06",
  currency: "USD",
  order: { units: 10, unit_price: "4.25", delivered_on: "2026-03-02" },
  affected_units: 3,
  discovered_on: "2026-03-04",
  notified_on: "2026-03-05",
});

test("the Node entry is initialised on import; init() is then a no-op", async () => {
  assert.match(version(), /^recourse \d+\.\d+\.\d+/);
  await init();
  assert.match(version(), /^recourse /);
});

test("compile: a handle and the warnings", () => {
  const r = compile(minimal);
  assert.equal(r.ok, true);
  assert.deepEqual(Object.keys(r), ["ok", "policy", "warnings"]);
  assert.ok(Array.isArray(r.warnings));
  assert.equal(r.policy.title, "Minimal");
  r.policy.free();
});

test("evaluate: a plain-object decision with decimal-string amounts", () => {
  const { policy } = compile(minimal);
  const r = policy.evaluate(minimalClaim());
  assert.equal(r.ok, true);
  assert.deepEqual(Object.keys(r), ["ok", "decision"]);
  assert.equal(Object.getPrototypeOf(r.decision), Object.prototype, "a plain object, not a Map");
  assert.equal(r.decision.engine, version());
  assert.equal(r.decision.recommendation.remedy, "refund");
  assert.equal(r.decision.remedies[0].supplier_total, "12.75");
  assert.equal(r.decision.trace, undefined, "no trace unless asked");
  policy.free();
});

test("evaluate: amounts given as JS numbers read as their shortest decimal text", () => {
  const { policy } = compile(minimal);
  const asString = policy.evaluate(minimalClaim());
  for (const n of [4.25, 4.250]) {
    const claim = minimalClaim();
    claim.order.unit_price = n;
    assert.deepEqual(policy.evaluate(claim), asString);
  }
  const whole = minimalClaim();
  whole.order.unit_price = 4;
  assert.equal(policy.evaluate(whole).decision.remedies[0].supplier_total, "12.00");
  policy.free();
});

test("evaluate: options.trace records a trace", () => {
  const { policy } = compile(designPolicy);
  const plain = policy.evaluate(designClaim());
  const traced = policy.evaluate(designClaim(), { trace: true });
  assert.equal(traced.ok, true);
  assert.ok(traced.decision.trace && typeof traced.decision.trace === "object");
  assert.equal(plain.decision.trace, undefined);
  assert.deepEqual({ ...traced.decision, trace: undefined }, { ...plain.decision, trace: undefined });
  // Only `true` turns it on; other options are ignored.
  for (const options of [undefined, null, {}, { trace: false }, { trace: 1 }, 5, "trace"]) {
    assert.deepEqual(policy.evaluate(designClaim(), options), plain, `options ${JSON.stringify(options)}`);
  }
  policy.free();
});

test("the design example recommends a remedy", () => {
  const { ok, policy, warnings } = compile(designPolicy);
  assert.equal(ok, true);
  assert.deepEqual(warnings, []);
  const r = policy.evaluate(designClaim());
  assert.equal(r.ok, true, JSON.stringify(r.errors));
  assert.equal(typeof r.decision.recommendation.remedy, "string");
  policy.free();
});

test("compile: a bad policy gives every diagnostic, located", () => {
  const r = compile('policy "P" { currency USD }\nlet a = b + 1\nlet c = d\n');
  assert.equal(r.ok, false);
  assert.deepEqual(Object.keys(r), ["ok", "errors"]);
  assert.equal(r.policy, undefined);
  assert.ok(r.errors.length >= 2, JSON.stringify(r.errors));
  for (const d of r.errors) {
    assert.match(d.code, /^[EW]\d{4}$/);
    assert.ok(["error", "warning"].includes(d.severity));
    assert.equal(typeof d.message, "string");
    assert.ok(d.line >= 2 && d.column >= 1 && d.column_utf16 >= 1);
    assert.ok(d.span.start <= d.span.end);
  }
  const syntax = compile("policy {");
  assert.equal(syntax.ok, false);
  assert.equal(syntax.errors[0].code, "E0001");
});

test("check: errors and warnings of a source, whether it compiles or not", () => {
  assert.deepEqual(check(minimal), []);
  const bad = check("policy {");
  assert.ok(bad.length >= 1);
  assert.equal(bad[0].code, "E0001");
  const unused = check(minimal + 'input spare: bool = false "never read"\n');
  assert.ok(unused.some((d) => d.severity === "warning"), JSON.stringify(unused));
});

test("compile, check and format take a string and say so otherwise", () => {
  for (const bad of [undefined, null, 42, {}, ["policy"]]) {
    const r = compile(bad);
    assert.equal(r.ok, false);
    assert.match(r.errors[0].message, /takes the policy source as a string/);
    assert.equal(r.errors[0].code, "E0008");
    assert.match(check(bad)[0].message, /takes the policy source as a string/);
    assert.equal(check(bad)[0].code, "E0008");
    assert.equal(recourse.format(bad).ok, false);
  }
});

test("format: the canonical layout, or the syntax errors", () => {
  // Fails, not skips, when the binding is missing: `format` is part of the package's API.
  assert.equal(typeof recourse.format, "function", "the package exports format");
  const messy = 'policy   "Minimal"   {  currency USD }\nremedy refund "R.1 Refund" { supplier pays claim.affected_units * order.unit_price as "Refund" }\n';
  const r = recourse.format(messy);
  assert.equal(r.ok, true);
  assert.deepEqual(Object.keys(r), ["ok", "text"]);
  assert.notEqual(r.text, messy);
  assert.deepEqual(recourse.format(r.text), r, "formatting is idempotent");
  assert.equal(compile(r.text).ok, true);
  const bad = recourse.format("policy {");
  assert.equal(bad.ok, false);
  assert.equal(bad.errors[0].code, "E0001");
  // keepUnparsable: the declarations that parse formatted, the broken one kept as written.
  const broken = `${messy}remedy   half "R.2"   { supplier pays order.value + }\nlet    x = 1\n`;
  const partial = recourse.format(broken, { keepUnparsable: true });
  assert.equal(partial.ok, true);
  assert.equal(partial.text, `${r.text}\nremedy   half "R.2"   { supplier pays order.value + }\n\nlet x = 1\n`);
  assert.deepEqual(partial.kept.map((k) => [k.line, k.declaration, k.errors[0].code]), [[3, 'remedy   half "R.2"   { supplier pays order.value + }', "E0001"]]);
  assert.equal(recourse.format(broken).ok, false, "without the option, the syntax errors");
});

test("the glue of the web target runs in Node from the .wasm bytes (the browser entry, index.js: recovery.test.mjs)", async () => {
  // A second, independent instance of the module, initialised as a browser app would.
  const web = await import("../dist/recourse.js?second-instance");
  const bytes = readFileSync(new URL("../dist/recourse_bg.wasm", import.meta.url));
  await web.default({ module_or_path: bytes });
  const r = web.compile(minimal);
  assert.equal(r.ok, true);
  assert.equal(r.policy.evaluate(minimalClaim()).decision.remedies[0].supplier_total, "12.75");
  r.policy.free();
});
