// The what-if's own fields as a buyer types in them (the value beside the slider, the range's
// bounds: half-typed values are never evaluated or swept, and a value that does not read is marked
// at its field), and its chart with many remedies (the legend never crushes the plot).
import { test } from "node:test";
import assert from "node:assert/strict";
import lz from "lz-string";
import { claimOf, decide, expectHeadline, open, policyText, shown, text } from "./harness.mjs";

const APPAREL = () => policyText("apparel-coats");
const totalAt = (change) => {
  const c = claimOf("apparel-coats.claim.json");
  change(c);
  const d = decide(APPAREL(), c);
  return d.remedies.find((r) => r.name === d.recommendation.remedy).supplier_total;
};

test("the what-if value: a half-typed unit price is never evaluated; one that does not read is marked at the field", async () => {
  const page = await open();
  await page.getByLabel("Variable").selectOption("unit_price");
  const field = page.locator("#whatif-number");
  // Every supplier total the headline shows from now on.
  await page.evaluate(() => {
    window.__totals = [];
    new MutationObserver(() => window.__totals.push(document.querySelector('[data-testid="supplier-total"]')?.textContent)).observe(document.getElementById("decision-body"), { childList: true, subtree: true, characterData: true });
  });
  // The unit price moves the order value with it (the slider's variation drops order.value).
  const at = (price) => totalAt((c) => {
    c.order.unit_price = price;
    delete c.order.value;
  });
  const half = ["3", "36"].map((p) => shown(`USD ${at(p)}`));
  assert.notEqual(half[0], shown(`USD ${at("36.50")}`));
  await field.fill("");
  await field.pressSequentially("36.50", { delay: 80 });
  await expectHeadline(page, { remedy: "replacement", total: `USD ${at("36.50")}` });
  const seen = await page.evaluate(() => window.__totals);
  for (const t of seen) assert.ok(!half.includes(t), `a half-typed price was evaluated: ${t} among ${seen.join(", ")}`);
  assert.equal(await page.locator("#whatif-range").inputValue(), "3650", "the slider follows (in cents)");

  // Not a price: marked at the field with the reason; the status line says so; the decision stays.
  await field.fill("36.5x");
  const reason = page.locator("#whatif-number-error");
  await reason.waitFor();
  assert.equal(await field.getAttribute("aria-invalid"), "true");
  assert.equal(await reason.textContent(), 'Not read: "36.5x" is not an amount: write 210000.00 or 210,000.00. The decision is for the last valid value.');
  assert.match(await text(page, "stale"), /^The decision shown is for the claim as last valid\. Unit price \(USD\): "36\.5x" is not an amount/);
  await field.blur();
  assert.equal(await field.inputValue(), "36.5x", "the text is kept to be corrected");
  await expectHeadline(page, { remedy: "replacement", total: `USD ${at("36.50")}` });
  // Separators read; Enter reads at once; the mark and the status line go.
  await field.fill("1,036.50");
  await field.press("Enter");
  await expectHeadline(page, { remedy: "replacement", total: `USD ${at("1036.50")}` });
  assert.equal(await field.getAttribute("aria-invalid"), null);
  assert.equal(await reason.count(), 0);
  await page.getByTestId("stale").waitFor({ state: "hidden" });
});

test("the what-if range: a half-typed bound is never swept; a bound that does not read or leaves no range is marked", async () => {
  const page = await open();
  await page.getByLabel("Variable").selectOption("affected_units");
  const flips = page.locator("#whatif-flips");
  await page.waitForFunction(() => document.getElementById("whatif-flips")?.dataset.variable === "affected_units", null, { timeout: 20_000 });
  // Every sweep charted from now on, by its number of points.
  await page.evaluate(() => {
    window.__points = [];
    new MutationObserver(() => window.__points.push(document.getElementById("whatif-flips")?.dataset.points)).observe(document.getElementById("whatif-flips"), { attributes: true, childList: true, characterData: true, subtree: true });
  });
  const to = page.getByLabel("to", { exact: true });
  const from = page.getByLabel("Range from");
  assert.equal(await from.inputValue(), "0");
  await to.fill("");
  await to.pressSequentially("300", { delay: 80 });
  await page.waitForFunction(() => document.getElementById("whatif-flips")?.dataset.points === "301", null, { timeout: 10_000 });
  const swept = await page.evaluate(() => window.__points);
  assert.ok(!swept.includes("4") && !swept.includes("31"), `a half-typed bound was swept: ${swept.join(" ")}`);
  assert.equal(await page.locator("#whatif-range").getAttribute("max"), "300");
  assert.match((await flips.textContent()).trim(), /^301 points, no flip: Replacement of non-conforming goods throughout \(every value computed\)\.$/);

  // Not a number, then a start past the end: marked, the chart keeps its range.
  await from.fill("abc");
  await page.locator("#whatif-from-error").waitFor();
  assert.equal(await page.locator("#whatif-from-error").textContent(), 'Not read: "abc" is not a whole number. The chart keeps the last valid range.');
  await from.fill("400");
  await page.waitForFunction(() => /must start below/.test(document.getElementById("whatif-from-error")?.textContent ?? ""));
  assert.equal(await page.locator("#whatif-from-error").textContent(), "Not read: the range must start below its end (300). The chart keeps the last valid range.");
  assert.equal(await from.getAttribute("aria-invalid"), "true");
  await page.waitForTimeout(700);
  assert.equal(await flips.getAttribute("data-points"), "301");
  // A good start: read on leaving the field.
  await from.fill("100");
  await from.blur();
  await page.waitForFunction(() => document.getElementById("whatif-flips")?.dataset.points === "201", null, { timeout: 10_000 });
  assert.equal(await page.locator("#whatif-from-error").count(), 0);
  assert.equal(await page.locator("#whatif-range").getAttribute("min"), "100");
  // The decision never moved: the bounds are the chart's, not the claim's.
  await expectHeadline(page, { remedy: "replacement", total: "USD 8930.00" });
});

/** A policy with `n` remedies, each available from a number of affected units on. */
function manyRemedies(n) {
  const remedies = Array.from({ length: n }, (_, i) => `remedy r${i + 1} "R.${i + 1} Remedy ${i + 1}" {\n  when claim.affected_units > ${i * 50}\n  supplier pays USD ${100 + i}.00 as "Payment"\n}\n`);
  // The apparel catalogue and inputs, so the apparel claim's defects and facts are known.
  const defects = /^defects \{[^}]*\}\n/m.exec(APPAREL())[0];
  const inputs = APPAREL().match(/^input .*$/gm).join("\n");
  return `policy "Many remedies" {\n  currency USD\n}\n\n${defects}\n${inputs}\n\n${remedies.join("\n")}`;
}

test("95 remedies: the legend lists them without crushing the chart", async () => {
  const claim = claimOf("apparel-coats.claim.json");
  const source = manyRemedies(95);
  const d = decide(source, claim);
  assert.equal(d.remedies.length, 95);
  const hash = `#v=2&whatif=affected_units&text=${lz.compressToEncodedURIComponent(JSON.stringify(source))}&claim=${lz.compressToEncodedURIComponent(JSON.stringify(claim))}`;
  const page = await open(hash);
  await expectHeadline(page, { remedy: d.recommendation.remedy, total: `USD ${d.remedies.find((r) => r.name === d.recommendation.remedy).supplier_total}` });
  await page.waitForFunction(() => document.querySelector(".chart-legend")?.dataset.count === "95", null, { timeout: 20_000 });
  const canvas = page.locator("#whatif-chart");
  const plot = Number(await canvas.getAttribute("data-plot-height"));
  const box = await canvas.boundingBox();
  console.log(`95 remedies: plot ${plot} px of a ${Math.round(box.height)} px chart`);
  // The plot keeps most of the chart's height (axes and their titles take the rest).
  assert.ok(plot >= box.height * 0.6 && plot >= 150, `plot ${plot} px of ${box.height} px`);
  // The legend: every remedy, in a box of a few lines that scrolls; the recommended ones first.
  const legend = page.locator(".chart-legend");
  assert.equal(await legend.locator("button").count(), 95);
  const lb = await legend.boundingBox();
  assert.ok(lb.height <= 100, `legend ${lb.height} px high`);
  assert.ok(await legend.evaluate((el) => el.scrollHeight > el.clientHeight), "the legend scrolls");
  const first = await legend.locator("button").first().getAttribute("data-remedy");
  assert.equal(first, "r1", "a remedy recommended in the range first");
  // By its clause's title for a buyer, its identifier on hover for an author.
  assert.match(await legend.locator("button").first().textContent(), /^Remedy 1 \(recommended in the range\)$/);
  assert.equal(await legend.locator("button").first().getAttribute("title"), "remedy r1");
  // A legend entry hides and shows its line.
  const entry = legend.locator('button[data-remedy="r50"]');
  await entry.scrollIntoViewIfNeeded();
  await entry.click();
  assert.equal(await entry.getAttribute("aria-pressed"), "false");
  await entry.press("Enter");
  assert.equal(await entry.getAttribute("aria-pressed"), "true");
});
