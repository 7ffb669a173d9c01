// Nothing panics across the boundary: bad claims, bad policies and bad arguments come back as
// errors, and the same module instance and the same handle keep working after each of them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compile, check } from "recourse";
import * as recourse from "recourse";
import { designPolicy, designClaim } from "./helpers.mjs";

const compiled = compile(designPolicy);
assert.equal(compiled.ok, true);
const handle = compiled.policy;
const good = handle.evaluate(designClaim());
assert.equal(good.ok, true);

/** A claim is refused with `code`, then the same handle evaluates the design claim as before. */
function refusedThenSurvives(claim, code, field) {
  let r;
  assert.doesNotThrow(() => {
    r = handle.evaluate(claim);
  });
  assert.equal(r.ok, false, `expected errors, got ${JSON.stringify(r).slice(0, 200)}`);
  assert.deepEqual(Object.keys(r), ["ok", "errors"]);
  assert.equal(r.errors.length, 1);
  const [e] = r.errors;
  assert.equal(e.code, code, e.message);
  assert.equal(typeof e.message, "string");
  assert.ok(e.message.length > 0);
  if (field !== undefined) assert.equal(e.field, field, e.message);
  assert.deepEqual(handle.evaluate(designClaim()), good, "the same handle still evaluates");
  return e;
}

function withClaim(edit) {
  const c = designClaim();
  edit(c);
  return c;
}

test("wrong types", () => {
  refusedThenSurvives(withClaim((c) => (c.order.units = "many")), "E0301", "order.units");
  refusedThenSurvives(withClaim((c) => (c.claim_id = 5)), "E0301", "claim_id");
  refusedThenSurvives(withClaim((c) => (c.order = [])), "E0301", "order");
  refusedThenSurvives(withClaim((c) => (c.as_of = "yesterday")), "E0301", "as_of");
  refusedThenSurvives(withClaim((c) => (c.order.unit_price = true)), "E0301", "order.unit_price");
  refusedThenSurvives(withClaim((c) => (c.order.unit_price = "42,00")), "E0301", "order.unit_price");
  refusedThenSurvives(withClaim((c) => (c.inspection.found = {})), "E0301", "inspection.found");
  refusedThenSurvives(withClaim((c) => (c.surprise = 1)), "E0301");
});

test("float arithmetic as an amount: 0.1 + 0.2", () => {
  const e = refusedThenSurvives(withClaim((c) => (c.order.unit_price = 0.1 + 0.2)), "E0301", "order.unit_price");
  assert.match(e.message, /0\.30000000000000004/);
  assert.match(e.message, /decimal strings/);
  refusedThenSurvives(withClaim((c) => (c.costs.return_freight = 1800.1 * 3)), "E0301", "costs.return_freight");
});

test("numbers out of range: 1e300, Infinity, NaN, 2^64, fractions of a unit", () => {
  const e = refusedThenSurvives(withClaim((c) => (c.order.value = 1e300)), "E0301", "order.value");
  assert.match(e.message, /1e300/);
  // JSON has no Infinity or NaN: JSON.stringify makes them null, which is not an amount (an
  // optional field given as null is absent, natively too).
  refusedThenSurvives(withClaim((c) => (c.order.unit_price = Infinity)), "E0301", "order.unit_price");
  refusedThenSurvives(withClaim((c) => (c.costs.return_freight = -Infinity)), "E0301", "costs.return_freight");
  refusedThenSurvives(withClaim((c) => (c.order.unit_price = NaN)), "E0301", "order.unit_price");
  refusedThenSurvives(withClaim((c) => (c.order.units = 2 ** 64)), "E0301", "order.units");
  refusedThenSurvives(withClaim((c) => (c.order.units = 1.5)), "E0301", "order.units");
});

test("negative counts", () => {
  refusedThenSurvives(withClaim((c) => (c.affected_units = -3)), "E0301", "affected_units");
  refusedThenSurvives(withClaim((c) => (c.inspection.found[0].count = -1)), "E0301", "inspection.found[0].count");
  refusedThenSurvives(withClaim((c) => (c.inspection.lot_size = "-5000")), "E0301", "inspection.lot_size");
});

test("missing fields", () => {
  for (const field of ["claim_id", "as_of", "currency", "order", "affected_units", "discovered_on", "notified_on"]) {
    const e = refusedThenSurvives(withClaim((c) => delete c[field]), "E0301");
    assert.match(e.message, new RegExp(field));
  }
  refusedThenSurvives(withClaim((c) => delete c.order.unit_price), "E0301", "order");
  refusedThenSurvives(withClaim((c) => (c.claim_id = undefined)), "E0301");
});

test("unknown defect codes", () => {
  const e = refusedThenSurvives(
    withClaim((c) => c.inspection.found.push({ defect: "no_such_defect", count: 1 })),
    "E0303",
  );
  assert.match(e.message, /no_such_defect/);
});

test("the claim is not a claim at all", () => {
  for (const claim of [undefined, null, 42, "a claim", [], true, () => 1, Symbol("s")]) {
    refusedThenSurvives(claim, "E0301");
  }
  assert.match(refusedThenSurvives(undefined, "E0301").message, /must be an object, found undefined/);
  assert.match(refusedThenSurvives(() => 1, "E0301").message, /must be an object, found function/);
  // JSON.stringify throws on BigInt and on cycles: still an error result, not an exception.
  refusedThenSurvives(withClaim((c) => (c.order.units = 5000n)), "E0301");
  refusedThenSurvives(withClaim((c) => (c.self = c)), "E0301");
  refusedThenSurvives({ toJSON() { throw new Error("boom"); } }, "E0301");
  // Deep nesting stops at serde_json's recursion limit instead of the stack.
  let deep = [];
  for (let i = 0; i < 100_000; i++) deep = [deep];
  refusedThenSurvives(withClaim((c) => (c.facts.deep = deep)), "E0301");
  // A claim larger than the limit is refused whole, before it is read.
  const big = refusedThenSurvives(withClaim((c) => (c.claim_id = { text: "x".repeat(5_000_000) })), "E0301");
  assert.match(big.message, /^the claim is \d+ bytes; a claim may be at most 4194304 bytes$/);
  // Within the limit, a wrong type deep in a large claim names its field.
  refusedThenSurvives(withClaim((c) => (c.claim_id = { text: "x".repeat(4_000_000) })), "E0301", "claim_id");
});

test("an options object whose getter throws", () => {
  const options = { get trace() { throw new Error("boom"); } };
  assert.deepEqual(handle.evaluate(designClaim(), options), good);
});

test("bad policies: errors, never an exception, and the module goes on", () => {
  const sources = [
    "",
    "policy {",
    "\u0000\u0001\uFFFF garbage \uD800",
    "policy \"P\" { currency XXX }",
    'policy "P" { currency USD }\nlet a = ' + "(".repeat(10_000) + "1" + ")".repeat(10_000),
    'policy "P" { currency USD }\nlet a = ' + "1 + ".repeat(50_000) + "1",
    'policy "P" { currency USD }\n' + "# comment\n".repeat(200_000),
    designPolicy.replace("currency USD", "currency USD\n  currency EUR"),
  ];
  // Every prefix of the design policy, at a coarse step.
  for (let i = 0; i < designPolicy.length; i += 97) sources.push(designPolicy.slice(0, i));
  for (const source of sources) {
    let r;
    assert.doesNotThrow(() => {
      r = compile(source);
      check(source);
      if (typeof recourse.format === "function") recourse.format(source);
    }, `source of ${source.length} chars`);
    if (r.ok) r.policy.free();
    else assert.ok(r.errors.length > 0);
    assert.deepEqual(handle.evaluate(designClaim()), good);
  }
});

test("a freed handle cannot be used, and says so with a JS error", () => {
  const { policy } = compile(designPolicy);
  policy.free();
  assert.throws(() => policy.evaluate(designClaim()));
  assert.deepEqual(handle.evaluate(designClaim()), good);
});

test("extreme values give a decision or errors, never a trap", () => {
  const big = "9999999999999999999999999999";
  const edits = [
    (c) => (c.affected_units = Number.MAX_SAFE_INTEGER),
    (c) => (c.order.units = Number.MAX_SAFE_INTEGER),
    (c) => (c.inspection.lot_size = Number.MAX_SAFE_INTEGER),
    (c) => (c.inspection.sample_size = Number.MAX_SAFE_INTEGER),
    (c) => (c.inspection.sample_size = 0),
    (c) => (c.inspection.lot_size = 0),
    (c) => (c.inspection.found[0].count = Number.MAX_SAFE_INTEGER),
    (c) => (c.order.unit_price = big),
    (c) => (c.order.unit_price = "0.0000000000000000000000000001"),
    (c) => (c.order.value = big),
    (c) => (c.order.value = "0"),
    (c) => (c.order.unit_price = "-" + big),
    (c) => (c.costs.return_freight = big),
    (c) => (c.costs.return_freight = "-42.00"),
    (c) => (c.facts.next_order_value = big),
    (c) => (c.as_of = "9999-12-31"),
    (c) => (c.as_of = "0001-01-01"),
    (c) => (c.notified_on = "9999-12-31"),
    (c) => (c.order.delivered_on = "0001-01-01"),
    (c) => (c.order.due_on = "9999-12-31"),
    (c) => (c.history = Array.from({ length: 2000 }, (_, i) => ({ claim_id: `H-${i}`, sku: c.sku, defect: "zipper_failure", opened_on: "2026-01-01" }))),
    (c) => (c.inspection.found = Array.from({ length: 2000 }, () => ({ defect: "stitching", count: 1 }))),
  ];
  for (const edit of edits) {
    const claim = withClaim(edit);
    for (const trace of [false, true]) {
      let r;
      assert.doesNotThrow(() => {
        r = handle.evaluate(claim, { trace });
      }, edit.toString());
      assert.equal(typeof r.ok, "boolean");
      if (!r.ok) assert.match(r.errors[0].code, /^E\d{4}$/);
    }
    assert.deepEqual(handle.evaluate(designClaim()), good);
  }
});
