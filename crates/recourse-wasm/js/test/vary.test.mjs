// Sweeps and flip points through the npm package: one call for a whole range, the same numbers
// as one `evaluate` per value, and the exact flip points `recourse flips` finds natively.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compile } from "recourse";
import { designClaim, designPolicy } from "./helpers.mjs";

const policy = compile(designPolicy).policy;

test("a sweep returns columns equal to one evaluate per value", () => {
  const claim = designClaim();
  const r = policy.sweep(claim, { vary: "affected_units", from: 0, to: "400", step: 50 });
  assert.equal(r.ok, true, JSON.stringify(r.errors));
  assert.equal(r.variable, "affected_units");
  assert.equal(r.kind, "count");
  assert.deepEqual(r.values, ["0", "50", "100", "150", "200", "250", "300", "350", "400"]);
  const replacement = r.remedies.find((c) => c.name === "replacement");
  r.values.forEach((v, i) => {
    const d = policy.evaluate({ ...claim, affected_units: Number(v) }).decision;
    assert.equal(r.recommended[i], d.recommendation.remedy ?? null, `recommended at ${v}`);
    const rd = d.remedies.find((x) => x.name === "replacement");
    assert.equal(replacement.supplier_total[i], rd.supplier_total, `supplier total at ${v}`);
    assert.equal(replacement.available[i], rd.available);
    assert.equal(r.deadlines[0].due[i], d.deadlines[0].due);
    assert.equal(r.lot[i], d.lot.disposition);
    assert.equal(r.errors[i], null);
  });
  // 190 x 42.00 = 7980.00 + 950.00 freight at the claim's own count; 200 units: 8400.00 + 950.00.
  assert.equal(replacement.supplier_total[4], "9350.00");
});

test("a sweep of 1000 cents crosses the boundary once and keeps exact amounts", () => {
  const r = policy.sweep(designClaim(), { vary: "order.unit_price", from: "40.00", to: "49.99", step: "0.01" });
  assert.equal(r.ok, true);
  assert.equal(r.values.length, 1000);
  assert.equal(r.values[1], "40.01");
  const replacement = r.remedies.find((c) => c.name === "replacement");
  // 190 x 40.01 + 950.00
  assert.equal(replacement.supplier_total[1], "8551.90");
});

test("sweep errors are coded: a bad variable, a missing bound, too many values, a bad claim", () => {
  const claim = designClaim();
  const bad = policy.sweep(claim, { vary: "claim_id", from: 0, to: 1, step: 1 });
  assert.deepEqual([bad.ok, bad.errors[0].code, bad.errors[0].field], [false, "E0401", "vary"]);
  const missing = policy.sweep(claim, { vary: "affected_units", to: 1, step: 1 });
  assert.deepEqual([missing.errors[0].code, missing.errors[0].message], ["E0401", "`from` is required to vary `affected_units`"]);
  const many = policy.sweep(claim, { vary: "affected_units", from: 0, to: 100000, step: 1 });
  assert.equal(many.errors[0].code, "E0402");
  assert.equal(policy.sweep(claim, {}).errors[0].code, "E0401");
  assert.equal(policy.sweep(claim, { vary: "affected_units", from: {}, to: 1, step: 1 }).errors[0].code, "E0401");
  assert.equal(policy.sweep({ claim_id: 1 }, { vary: "affected_units", from: 0, to: 1, step: 1 }).errors[0].code, "E0301");
  // A value the claim cannot hold is that value's error, not the call's.
  const neg = policy.sweep(claim, { vary: "affected_units", from: -1, to: 0, step: 1 });
  assert.equal(neg.ok, true);
  assert.equal(neg.errors[0].code, "E0301");
  assert.equal(neg.errors[1], null);
});

test("flips: credit_offset up to 0 zipper failures, replacement from 1, with the clause", () => {
  const r = policy.flips(designClaim(), { vary: "inspection.found[0].count", from: 0, to: 5 });
  assert.equal(r.ok, true, JSON.stringify(r.errors));
  assert.deepEqual([r.method, r.evaluated, r.unit], ["exhaustive", 6, "1"]);
  assert.equal(r.points.length, 1);
  const [p] = r.points;
  assert.deepEqual([p.below, p.above], ["0", "1"]);
  const rec = p.changes.find((c) => c.kind === "recommended");
  assert.deepEqual([rec.before, rec.after], ["credit_offset", "replacement"]);
  const lot = p.changes.find((c) => c.kind === "lot");
  assert.equal(lot.clause, "Q.3 Acceptance sampling");
  assert.deepEqual(
    r.intervals.map((i) => [i.from, i.to, i.outcome.recommended]),
    [
      ["0", "0", "credit_offset"],
      ["1", "5", "replacement"],
    ],
  );
});

test("flips of a date find the day the response deadline turns, and the day the claim turns invalid", () => {
  const r = policy.flips(designClaim(), { vary: "notified_on", from: "2026-02-20", to: "2026-03-10" });
  assert.equal(r.ok, true);
  const at = (below) => r.points.find((p) => p.below === below);
  const response = at("2026-02-26").changes.find((c) => c.kind === "deadline" && c.name === "response");
  assert.deepEqual([response.before, response.after, response.clause], ["missed", "open", "Q.5.2 Supplier response"]);
  const invalid = at("2026-03-06").changes[0];
  assert.deepEqual([invalid.kind, invalid.before, invalid.after], ["error", "ok", "E0311"]);
  const big = policy.flips(designClaim(), { vary: "order.unit_price", from: 0, to: 5000 });
  assert.deepEqual([big.ok, big.errors[0].code], [false, "E0402"]);
});
