// What buyers do around a claim, through the package: describe the policy for a form, the
// supplier packet, the closeout note and the defective log.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compile } from "recourse";
import { designPolicy, designClaim, repoText } from "./helpers.mjs";

const handle = () => {
  const r = compile(designPolicy);
  assert.equal(r.ok, true);
  return r.policy;
};

test("describe lists the catalogue, inputs and remedies a claim form needs", () => {
  const info = handle().describe();
  assert.equal(info.ok, true, "tagged as every result");
  assert.equal(info.currency, "USD");
  assert.equal(info.minor_units, 2);
  assert.deepEqual(info.defects.map((d) => d.code), ["zipper_failure", "open_seam", "stitching", "mislabel", "shade"]);
  assert.deepEqual(info.exclusions.map((e) => e.route), ["carrier claim", "no remedy"]);
  const next = info.inputs.find((i) => i.name === "next_order_value");
  assert.deepEqual([next.type, next.default], ["money", "0.00"]);
  assert.deepEqual(info.remedies.map((r) => r.name), ["replacement", "price_reduction", "credit_offset", "return_to_origin", "qa_audit"]);
});

test("the supplier packet carries no customer identifier", () => {
  const r = handle().packet(designClaim());
  assert.equal(r.ok, true);
  const text = JSON.stringify(r.packet) + r.markdown;
  for (const secret of ["Ana Lima", "ana.lima@example.com", "Rua Augusta", "912 345 678", "SHOP-100234", "Lima"]) {
    assert.equal(text.includes(secret), false, `${secret} survived`);
  }
  assert.equal(r.packet.requested_remedy.name, "replacement");
  assert.match(r.markdown, /# Supplier claim CLM-2026-0142/);
  assert.match(r.markdown, /\| Replacement goods \| supplier \| pays \| 7980\.00 \|/);
});

test("the closeout note has six lines", () => {
  const r = handle().closeout(designClaim(), "Zipper supplier changed in January");
  assert.equal(r.ok, true);
  const lines = r.text.trimEnd().split("\n");
  assert.equal(lines.length, 6);
  assert.match(lines[2], /^Supplier explanation: Zipper supplier changed in January/);
  assert.match(lines[4], /^Buyer decision: replacement/);
});

test("the defective log over two claims, and a bad claim gives its error", () => {
  const food = compile(repoText("policies/food-brand.policy")).policy;
  const claims = [JSON.parse(repoText("policies/food-brand.claim.json")), JSON.parse(repoText("policies/food-brand-repeat.claim.json"))];
  const r = food.log(claims);
  assert.equal(r.ok, true);
  assert.equal(r.rows.length, 2);
  assert.match(r.csv, /^date,customer_reference,product,lot,complaint,defect_code,severity,remedy_requested,remedy_given,amount,status\r?\n/);
  assert.deepEqual(r.rows.map((x) => x.customer_reference), ["Customer A", "Customer B"]);
  const bad = food.log([{ claim_id: "x" }]);
  assert.equal(bad.ok, false);
  assert.equal(bad.errors[0].code, "E0301");
  // The same handle still works.
  assert.equal(food.log(claims).ok, true);
});

test("the supplier scorecard over a claim and lot receipts", () => {
  const claim = designClaim();
  claim.recovered = "4465.00";
  const receipts = JSON.parse(repoText("policies/apparel-coats.receipts.json"));
  const r = handle().scorecard({ claims: [claim], receipts });
  assert.equal(r.ok, true);
  const s = r.scorecard;
  assert.deepEqual([s.lots_inspected, s.lots_rejected, s.rejection_rate], [3, 2, "66.67"]);
  assert.deepEqual([s.sampled_units, s.defects, s.ppm], [600, 16, "26667"]);
  assert.deepEqual([s.claimed, s.recovered, s.recovery_rate], ["8930.00", "4465.00", "50.00"]);
  assert.equal(s.status.status, "probation");
  assert.equal(s.triggered[0].remedy, "qa_audit");
  const bad = handle().scorecard({ claims: "nope" });
  assert.equal(bad.ok, false);
  assert.equal(bad.errors[0].code, "E0301");
});
