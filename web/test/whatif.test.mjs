// The what-if chart through the engine's sweep and exact flip points (issue 12, issue 15): the
// page charts at least 1 000 points (every value of a shorter range) in one engine call, and names
// the exact values where the recommendation turns, which must equal what the npm package's `flips`
// finds under Node. The harness (test/harness.mjs) is lab.test.mjs's: Chromium against `vite preview`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { compile } from "recourse";
import { ARTIFACTS, claimOf, open, policyText } from "./harness.mjs";

const flipsLine = async (page) => (await page.locator("#whatif-flips").textContent()).trim();

test("the defect count: every value charted, the exact flip named by the remedies' titles (Credit against the next order up to 0 defects, Replacement of non-conforming goods from 1)", async () => {
  const page = await open();
  await page.getByLabel("Variable").selectOption("defect");
  await page.waitForFunction(() => document.getElementById("whatif-flips")?.dataset.variable === "defect", null, { timeout: 20_000 });
  const line = await flipsLine(page);
  assert.match(line, /every value computed/);
  assert.match(line, /: Credit against the next order up to 0 defects, Replacement of non-conforming goods from 1\.$/, line);
  // The identifiers, for an author, on hover.
  assert.deepEqual(await page.locator("#whatif-flips .remedy-title").evaluateAll((els) => els.map((e) => [e.textContent, e.getAttribute("title")])), [
    ["Credit against the next order", "remedy credit_offset"],
    ["Replacement of non-conforming goods", "remedy replacement"],
  ]);
  // The oracle: the npm package under Node, every value of the same range.
  const c = compile(policyText("apparel-coats"));
  const r = c.policy.flips(claimOf("apparel-coats.claim.json"), { vary: "inspection.found[0].count", from: 0, to: 10 });
  c.policy.free();
  const rec = r.points.filter((p) => p.changes.some((x) => x.kind === "recommended"));
  assert.deepEqual(rec.map((p) => [p.below, p.above]), [["0", "1"]]);
});

test("affected units: at least 1 000 points from one engine sweep, and the flips over all 5001 values", async () => {
  const page = await open();
  await page.getByLabel("Variable").selectOption("affected_units");
  await page.waitForFunction(() => document.getElementById("whatif-flips")?.dataset.variable === "affected_units", null, { timeout: 20_000 });
  const line = page.locator("#whatif-flips");
  assert.equal(await line.getAttribute("data-exact"), "true");
  // Stock is critical in the design claim: replacement throughout, which every value confirms.
  assert.match(await flipsLine(page), /^\d+ points, no flip: Replacement of non-conforming goods throughout \(every value computed\)\.$/);
  assert.ok(Number(await line.getAttribute("data-points")) >= 1000);
});

test("the unit price with stock not critical: the exact cent where the recommendation turns", async () => {
  const c = compile(policyText("apparel-coats"));
  const claim = claimOf("apparel-coats.claim.json");
  claim.facts.stock_critical = false;
  delete claim.order.value;
  const r = c.policy.flips(claim, { vary: "order.unit_price", from: "0.00", to: "84.00" });
  c.policy.free();
  const rec = r.points.filter((p) => p.changes.some((x) => x.kind === "recommended"));
  const page = await open();
  await page.locator("#fact-stock_critical").uncheck();
  await page.getByLabel("Variable").selectOption("unit_price");
  await page.waitForFunction(() => document.getElementById("whatif-flips")?.dataset.variable === "unit_price", null, { timeout: 20_000 });
  const line = await flipsLine(page);
  for (const p of rec) assert.ok(line.includes(`from USD ${p.above}`), `${line} names USD ${p.above}`);
  if (rec.length) assert.ok(line.includes(`up to USD ${rec[0].below}`), line);
  else assert.match(line, /no flip/);
  await page.locator("#whatif-chart").screenshot({ path: join(ARTIFACTS, "whatif-flips.png") });
});

test("the notice date, which moves `as_of` with it past the claim's own: exact, every day, equal to one evaluation per day under Node", async () => {
  const page = await open();
  await page.getByLabel("Variable").selectOption("notice_days");
  await page.waitForFunction(() => document.getElementById("whatif-flips")?.dataset.variable === "notice_days", null, { timeout: 20_000 });
  const line = page.locator("#whatif-flips");
  assert.equal(await line.getAttribute("data-exact"), "true");
  // The oracle: every day of the slider's range (from the discovery, 2 days after delivery, to 30)
  // evaluated under Node as the slider sets it: the notice, and `as_of` the later of the claim's
  // 2026-03-06 and the notice.
  const c = compile(policyText("apparel-coats"));
  const claim = claimOf("apparel-coats.claim.json");
  const day = (n) => new Date(Date.UTC(2026, 2, 2 + n)).toISOString().slice(0, 10);
  const rec = [];
  for (let n = 2; n <= 30; n++) {
    const x = structuredClone(claim);
    x.notified_on = day(n);
    x.as_of = x.notified_on > claim.as_of ? x.notified_on : claim.as_of;
    const r = c.policy.evaluate(x, {});
    rec.push([n, r.ok ? (r.decision.recommendation.remedy ?? "none") : "error"]);
  }
  const turns = rec.filter((r, i) => i > 0 && rec[i - 1][1] !== r[1]).map((r, i) => [rec[rec.indexOf(r) - 1], r]);
  assert.ok(turns.length >= 1, "the notice window closes within the range");
  assert.equal(Number(await line.getAttribute("data-points")), 29, "every day charted once");
  // Remedies by their clause's title ("Q.6.1 Replacement ..." -> "Replacement ...").
  const title = Object.fromEntries(c.policy.describe().remedies.map((x) => [x.name, x.clause.replace(/^[A-Z]\.[\d.]+ /, "")]));
  const named = (r) => (r === "none" ? "none" : title[r]);
  const parts = turns.map(([[below, before], [above, after]], i) =>
    i === 0 ? `${named(before)} up to ${below} days after delivery, ${named(after)} from ${above}` : `${named(after)} from ${above}`,
  );
  c.policy.free();
  assert.equal((await line.textContent()).trim(), `Exact flip points (every value computed; 29 points charted): ${parts.join(", ")}.`);
});

test("the what-if names remedies by their titles: no bare identifier in its text, the flips the engine's (electronics policy, defect count)", async () => {
  const c = compile(policyText("electronics-run"));
  const info = c.policy.describe();
  const claim = claimOf("electronics-run.claim.json");
  const page = await open();
  await page.getByLabel("Policy", { exact: true }).and(page.getByRole("combobox")).selectOption("electronics-run");
  await page.getByLabel("Variable").selectOption("defect");
  await page.getByLabel("Defect", { exact: true }).selectOption("no_power");
  // The sweep of this policy's remedies (not the last one's, still shown until it is done).
  const ours = info.remedies.map((x) => x.name);
  await page.waitForFunction(
    (ours) => {
      const line = document.getElementById("whatif-flips");
      const shown = [...(line?.querySelectorAll("[data-remedy]") ?? [])].map((e) => e.getAttribute("data-remedy"));
      return line?.dataset.variable === "defect" && shown.length > 0 && shown.every((n) => ours.includes(n));
    },
    ours,
    { timeout: 20_000 },
  );
  assert.equal(claim.inspection.found[0].defect, "no_power");
  const [from, to] = [await page.locator("#whatif-range").getAttribute("min"), await page.locator("#whatif-range").getAttribute("max")];
  const r = c.policy.flips(claim, { vary: "inspection.found[0].count", from: Number(from), to: Number(to) });
  c.policy.free();
  const rec = r.points.filter((p) => p.changes.some((x) => x.kind === "recommended"));
  assert.ok(rec.length >= 1, `the example turns over ${from}..${to}`);
  const title = Object.fromEntries(info.remedies.map((x) => [x.name, x.clause.replace(/^E\.[\d.]+ /, "")]));
  const after = (p) => r.intervals.find((i) => i.from === p.above).outcome.recommended;
  const line = (await page.locator("#whatif-flips").textContent()).trim();
  for (const p of rec) assert.ok(line.includes(`${title[after(p)]} from ${p.above}`), `${line} names ${title[after(p)]} from ${p.above}`);
  // Every remedy, deadline and flag of the policy has a title: none of their identifiers is shown,
  // in the summary, the flip points, the note or the chart's series (the legend's labels).
  const names = [...info.remedies, ...info.deadlines, ...info.flags].map((x) => x.name);
  assert.ok(names.includes("replacement_batch") && names.includes("credit_memo"), names.join());
  const pane = await page.locator("#whatif").evaluate((el) => [el.innerText, el.querySelector("canvas").getAttribute("aria-label"), el.querySelector(".chart-legend")?.textContent ?? ""].join("\n"));
  for (const name of names) assert.doesNotMatch(pane, new RegExp(`(?<![\\w.])${name}(?![\\w])`), `no ${name} in: ${pane}`);
  for (const x of info.remedies) assert.ok(pane.includes(title[x.name]), `${title[x.name]} in the legend: ${pane}`);
  // For an author, each remedy's identifier on hover.
  const hover = await page.locator("#whatif-summary .remedy-title, #whatif-flips .remedy-title").evaluateAll((els) => els.map((e) => [e.textContent, e.getAttribute("title")]));
  assert.ok(hover.length >= rec.length + 1);
  for (const [shown, ident] of hover) assert.equal(`remedy ${Object.keys(title).find((n) => title[n] === shown)}`, ident);
});
