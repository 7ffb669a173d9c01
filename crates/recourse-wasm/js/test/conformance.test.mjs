// The cross-surface conformance corpus through the npm package: for every
// tests/conformance/<case>/ the result must equal expected.json byte for byte, the file the native
// side writes with `recourse::api::evaluate_to_json` (crates/recourse/tests/conformance.rs); and
// `evaluateSummary` must give exactly the corresponding fields of that full decision, or the same
// errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { compile } from "recourse";
import { repo } from "./helpers.mjs";

const corpus = new URL("tests/conformance/", repo);
const cases = readdirSync(corpus, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

function policySource(dir) {
  const inline = new URL("policy.policy", dir);
  if (existsSync(inline)) return readFileSync(inline, "utf8");
  const ref = readFileSync(new URL("policy.ref", dir), "utf8").trim();
  return readFileSync(new URL(ref, repo), "utf8");
}

test("the corpus has at least 30 cases", () => {
  assert.ok(cases.length >= 30, `${cases.length} cases`);
});

for (const name of cases) {
  test(`conformance: ${name}`, () => {
    const dir = new URL(`${name}/`, corpus);
    const source = policySource(dir);
    const claim = JSON.parse(readFileSync(new URL("claim.json", dir), "utf8"));
    const expected = readFileSync(new URL("expected.json", dir), "utf8");
    const compiled = compile(source);
    let result;
    if (compiled.ok) {
      result = compiled.policy.evaluate(claim);
      compiled.policy.free();
    } else {
      result = { ok: false, errors: compiled.errors };
    }
    assert.equal(JSON.stringify(result, null, 2) + "\n", expected);
  });
}

/** The fields of a full decision that `evaluateSummary` gives, in its shape. */
function summaryOf(decision) {
  return {
    eligible: decision.eligible,
    lot: decision.lot.disposition,
    recommendation: decision.recommendation.remedy ?? null,
    remedies: decision.remedies.map((r) => ({
      name: r.name,
      available: r.available,
      supplier_total: r.supplier_total,
      buyer_pays: r.buyer_pays,
      buyer_net_recovery: r.buyer_net_recovery,
      credited: r.credited,
      capped: r.capped,
    })),
    deadlines: decision.deadlines.map((d) => ({ name: d.name, due: d.due, status: d.status })),
  };
}

test("evaluateSummary equals the full decision's fields on every case of the corpus", () => {
  let decided = 0;
  let refused = 0;
  for (const name of cases) {
    const dir = new URL(`${name}/`, corpus);
    const compiled = compile(policySource(dir));
    if (!compiled.ok) continue;
    const claim = JSON.parse(readFileSync(new URL("claim.json", dir), "utf8"));
    const full = compiled.policy.evaluate(claim);
    const summary = compiled.policy.evaluateSummary(claim);
    compiled.policy.free();
    if (full.ok) {
      decided += 1;
      assert.deepStrictEqual(summary, { ok: true, summary: summaryOf(full.decision) }, name);
    } else {
      refused += 1;
      assert.deepStrictEqual(summary, full, name);
    }
  }
  // Both branches ran: decisions and refused claims.
  assert.ok(decided >= 20 && refused >= 3, `${decided} decided, ${refused} refused`);
});
