// The cross-surface conformance corpus through the npm package: for every
// tests/conformance/<case>/ the result must equal expected.json byte for byte, the file the native
// side writes with `recourse::api::evaluate_to_json` (crates/recourse/tests/conformance.rs).
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
