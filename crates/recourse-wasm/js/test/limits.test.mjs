// The limits hold in wasm, where the stack is small and has no guard page: the deepest nesting
// the checker accepts compiles and evaluates, deeper is E0003 (including through names spelled
// like keywords, which once trapped `check()` and killed the instance), and amounts with
// thousands of leading zeros read exactly, call after call.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compile, check, format } from "recourse";
import { designPolicy, designClaim } from "./helpers.mjs";

const header = 'policy "P" { currency USD }\n';
const remedy = '\nremedy refund "R" { supplier pays order.unit_price as "Refund" }\n';

function claimWithoutInspection() {
  const c = designClaim();
  c.facts = {};
  delete c.inspection;
  return c;
}

function survives() {
  const r = compile(designPolicy);
  assert.equal(r.ok, true);
  const d = r.policy.evaluate(designClaim());
  assert.equal(d.ok, true);
  assert.equal(d.decision.remedies[0].supplier_total, "8930.00");
  r.policy.free();
}

test("a field spelled like a keyword cannot hide nesting", () => {
  for (const name of ["else", "if", "then"]) {
    const source = `${header}report let x = ${`(costs.${name} + `.repeat(2500)}1${")".repeat(2500)}\n`;
    const r = compile(source);
    assert.equal(r.ok, false);
    assert.deepEqual(r.errors.map((e) => e.code), ["E0003"]);
    assert.deepEqual(check(source).map((d) => d.code), ["E0003"]);
    assert.equal(format(source).ok, false);
    survives();
  }
});

test("the deepest accepted nesting of each kind compiles and evaluates in wasm", () => {
  const kinds = {
    parentheses: ["(1 + ", "claim.affected_units", ")", 48],
    calls: ["min(100, ", "claim.affected_units", ")", 48],
    rounding: ["round(1 + ", "claim.affected_units", " to 0 places)", 48],
    "if in else": ["if claim.affected_units = 0 then 0 else (", "claim.affected_units", ")", 24],
    "if in then": ["if true then ", "claim.affected_units", " else 0", 48],
    "if in condition": ["if ", "true", " then true else false", 48],
  };
  for (const [kind, [open, inner, close, depth]] of Object.entries(kinds)) {
    const source = `${header}report let x = ${open.repeat(depth)}${inner}${close.repeat(depth)}${remedy}`;
    const r = compile(source);
    assert.equal(r.ok, true, `${kind}: ${JSON.stringify(r.errors?.slice(0, 1))}`);
    const d = r.policy.evaluate(claimWithoutInspection());
    assert.equal(d.ok, true, `${kind}: ${JSON.stringify(d.errors)}`);
    r.policy.free();
    assert.equal(format(source).ok, true, kind);
    // One level more is refused.
    const deeper = `${header}report let x = ${open.repeat(depth + 1)}${inner}${close.repeat(depth + 1)}${remedy}`;
    assert.deepEqual(compile(deeper).errors?.map((e) => e.code), ["E0003"], kind);
  }
  survives();
});

test("amounts with thousands of leading zeros read exactly, and the instance lives on", () => {
  const { policy } = compile(designPolicy);
  const expected = policy.evaluate(designClaim());
  for (let i = 0; i < 40; i++) {
    const c = designClaim();
    c.order.unit_price = "0".repeat(5000 + i) + "42.00";
    c.costs.outbound_freight = "0".repeat(3000) + "950.00";
    assert.deepEqual(policy.evaluate(c), expected);
    const bad = designClaim();
    bad.order.unit_price = "1." + "0".repeat(5000) + "1";
    const e = policy.evaluate(bad);
    assert.equal(e.ok, false);
    assert.equal(e.errors[0].code, "E0301");
    assert.ok(e.errors[0].message.length < 200);
  }
  policy.free();
  survives();
});

test("a long line with many errors gives 100 diagnostics and one that counts the rest", () => {
  const label = "l".repeat(100);
  let lets = "";
  for (let i = 0; i < 1900; i++) lets += `report let v${i} = nope${i} as "${label}" `;
  const diags = check(`${header}${lets}`);
  assert.equal(diags.length, 101);
  assert.equal(diags[100].code, "E0007");
  assert.equal(diags[100].message, "1800 more diagnostics from here on are not listed (1800 of them errors)");
  assert.ok(diags.every((d) => d.text.length <= 121));
  survives();
});
