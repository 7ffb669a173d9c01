// The contract diff through the package: `old.diff(new, claims, top)`, the same report the core
// and `recourse diff --json` make, with exact amounts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compile } from "recourse";
import { designPolicy, designClaim } from "./helpers.mjs";

/** The policy's capped example: all 5000 coats on an order booked at USD 50,000.00. */
function cappedClaim() {
  const c = designClaim();
  c.claim_id = "CAPPED";
  c.affected_units = 5000;
  c.order.value = "50000.00";
  c.facts.stock_critical = false;
  return c;
}

test("diff: raising the cap from 55 % to 70 % changes the capped claim by exactly 7500.00", () => {
  const old = compile(designPolicy).policy;
  const cap70 = compile(designPolicy.replace("at most 55% of order.value", "at most 70% of order.value")).policy;
  const r = old.diff(cap70, [cappedClaim(), designClaim(), "not a claim"], 5);
  assert.equal(r.ok, true);
  assert.deepEqual(Object.keys(r), ["ok", "old", "new", "clauses", "claims", "summary"]);
  assert.deepEqual(r.clauses.map((c) => [c.kind, c.name, c.change]), [["cap", "Q.7 Limitation", "changed"]]);
  assert.equal(r.clauses[0].new, 'cap "Q.7 Limitation" {\n  supplier total at most 70% of order.value\n}\n');
  // The design claim is unchanged, so only counted; the string is that position's error.
  assert.deepEqual(r.claims.map((c) => [c.line, c.status]), [[1, "changed"], [3, "failed"]]);
  assert.deepEqual(r.claims[0].changes.recommended_supplier_total, { old: "27500.00", new: "35000.00", change: "7500.00" });
  assert.equal(r.claims[1].old_error.code, "E0301");
  const s = r.summary;
  assert.deepEqual([s.claims, s.changed, s.unchanged, s.failed], [3, 1, 1, 1]);
  assert.equal(s.supplier_change, "7500.00");
  assert.deepEqual(s.remedies.map((x) => [x.name, x.supplier_change]), [
    ["price_reduction", "7500.00"],
    ["replacement", "7500.00"],
    ["return_to_origin", "7500.00"],
  ]);
  assert.equal(s.largest[0].claim_id, "CAPPED");
  old.free();
  cap70.free();
});

test("diff: a reformatted policy changes nothing", () => {
  const old = compile(designPolicy).policy;
  const same = compile(`# reformatted\n\n${designPolicy.replaceAll("\n  ", "\n      ")}`).policy;
  const r = old.diff(same, [designClaim()]);
  assert.equal(r.ok, true);
  assert.deepEqual([r.clauses, r.claims, r.summary.unchanged], [[], [], 1]);
});

test("diffLines: a JSON-lines text, each claim at its line, a bad line its own error, the rest as diff compares them", () => {
  const old = compile(designPolicy).policy;
  const cap70 = compile(designPolicy.replace("at most 55% of order.value", "at most 70% of order.value")).policy;
  const text = `${JSON.stringify(cappedClaim())}\n\n{ "claim_id": "BROKEN",\n${JSON.stringify(designClaim())}\r\n`;
  const r = old.diffLines(cap70, text, 5);
  assert.equal(r.ok, true);
  assert.deepEqual(r.claims.map((c) => [c.line, c.status, c.claim_id]), [[1, "changed", "CAPPED"], [3, "failed", undefined]]);
  assert.equal(r.claims[1].old_error.code, "E0301");
  assert.deepEqual([r.summary.claims, r.summary.changed, r.summary.unchanged, r.summary.failed], [3, 1, 1, 1]);
  // The good claims compare as `diff` compares them.
  const listed = old.diff(cap70, [cappedClaim(), designClaim()], 5);
  assert.deepEqual(r.claims[0].changes, listed.claims[0].changes);
  assert.equal(r.summary.supplier_change, listed.summary.supplier_change);
  // The clause placed in both sources: line 87 of the policy holds the cap's limit.
  const [cap] = r.clauses;
  assert.equal(designPolicy.split("\n")[cap.old_lines.changed[0] - 1].trim(), "supplier total at most 55% of order.value");
  assert.deepEqual([cap.new_lines.line, cap.new_lines.end_line], [cap.old_lines.line, cap.old_lines.line + 2]);
  assert.deepEqual(old.diffLines(cap70, 42).errors.map((e) => e.code), ["E0301"]);
  old.free();
  cap70.free();
});
