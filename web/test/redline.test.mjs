// The redline (issue 15): a copy of the policy edited beside the original; the claims that change
// and by how much must be exactly the npm package's `diff` (`diffLines` for a file) under Node on
// the same input, and the changed clauses marked in both editors at the lines the engine gives.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { compile } from "recourse";
import { ARTIFACTS, claimOf, open, policyText, shown } from "./harness.mjs";

const NOTICE = "due 10 days after order.delivered_on";
const CAP = "supplier total at most 55% of order.value";

/** "7500.00" -> "+7,500.00", "-8930.00" -> "−8,930.00": the change as the redline writes it. */
const signed = (a) => (/^-?0(\.0*)?$/.test(a) ? shown(a.replace("-", "")) : a.startsWith("-") ? `−${shown(a.slice(1))}` : `+${shown(a)}`);
const readable = (iso) => {
  const d = new Date(`${iso}T00:00:00Z`);
  return `${["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()]} ${d.getUTCDate()} ${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()]} ${d.getUTCFullYear()}`;
};

/** The engine's report under Node: `diff` over a list, or `diffLines` over a text. */
function oracle(newText, claims) {
  const old = compile(policyText("apparel-coats"));
  const neu = compile(newText);
  assert.ok(old.ok && neu.ok);
  const r = typeof claims === "string" ? old.policy.diffLines(neu.policy, claims, 5) : old.policy.diff(neu.policy, claims, 5);
  old.policy.free();
  neu.policy.free();
  assert.ok(r.ok);
  return r;
}

async function openRedline(page) {
  await page.locator("#redline-open").scrollIntoViewIfNeeded();
  await page.locator("#redline-open").click();
  await page.waitForSelector("#rl-copy .cm-content", { timeout: 20_000 });
  await page.waitForFunction(() => /^Compared /.test(document.getElementById("rl-status")?.textContent ?? ""), null, { timeout: 10_000 });
}

/** Replace `from` by `to` at the end of the copy's line holding `from`, typing as a person would. */
async function editCopy(page, from, to) {
  const line = page.locator("#rl-copy .cm-line", { hasText: from }).first();
  await page.locator("#rl-copy .cm-content").hover();
  for (let i = 0; i < 60 && !(await line.isVisible()); i++) await page.mouse.wheel(0, 200);
  await line.click();
  // End moves to the next wrap point of a wrapped line first, then to the line's end.
  for (let i = 0; i < 4; i++) await page.keyboard.press("End");
  const [common] = [from.slice(0, [...from].findIndex((c, i) => c !== to[i]))];
  for (let i = common.length; i < from.length; i++) await page.keyboard.press("Backspace");
  await page.keyboard.type(to.slice(common.length));
}

/** The cells of a claim's change row: original, copy, change. */
async function cells(article, selector) {
  const row = article.locator(`tr${selector}`);
  assert.equal(await row.count(), 1, `one row ${selector}`);
  return (await row.locator("td").allTextContents()).map((s) => s.trim());
}

/** Every changed claim the engine reports is on the page with the engine's exact figures. */
async function expectClaims(page, report) {
  const articles = page.locator("article.rl-claim");
  assert.equal(await articles.count(), report.claims.length, "one entry per changed or failed claim");
  for (const c of report.claims) {
    const a = page.locator(`article.rl-claim[data-line="${c.line}"]`);
    assert.equal(await a.getAttribute("data-status"), c.status, `claim at ${c.line}`);
    if (c.claim_id) assert.equal(await a.getAttribute("data-claim-id"), c.claim_id);
    if (c.status === "failed") {
      assert.ok((await a.locator(".rl-error").first().textContent()).includes(c.old_error.code));
      continue;
    }
    const d = c.changes;
    const money = (x) => [`USD ${shown(x.old)}`, `USD ${shown(x.new)}`, signed(x.change)];
    if (d.recommended_supplier_total) assert.deepEqual(await cells(a, '[data-field="recommended_supplier_total"]'), money(d.recommended_supplier_total));
    for (const r of d.remedies ?? []) {
      for (const f of ["supplier_total", "buyer_pays", "buyer_net_recovery", "credited"]) {
        if (r[f]) assert.deepEqual(await cells(a, `[data-remedy="${r.name}"][data-field="${f}"]`), money(r[f]), `${c.line} ${r.name} ${f}`);
      }
      if (r.available) assert.deepEqual((await cells(a, `[data-remedy="${r.name}"][data-field="available"]`)).slice(0, 2), [r.available.old ? "yes" : "no", r.available.new ? "yes" : "no"]);
    }
    for (const x of d.deadlines ?? []) {
      if (x.due) assert.deepEqual((await cells(a, `[data-deadline="${x.name}"][data-field="due"]`)).slice(0, 2), [readable(x.due.old), readable(x.due.new)]);
      if (x.status) assert.deepEqual((await cells(a, `[data-deadline="${x.name}"][data-field="status"]`)).slice(0, 2), [x.status.old, x.status.new]);
    }
  }
  const s = report.summary;
  const text = async (id) => (await page.getByTestId(id).textContent()).trim();
  assert.deepEqual([await text("rl-claims"), await text("rl-changed"), await text("rl-failed")], [s.claims, s.changed, s.failed].map(String));
  assert.equal(await text("rl-supplier-change"), `USD ${signed(s.supplier_change)}`);
}

/** Each changed clause marked in both editors at the engine's lines (scrolled to with its buttons). */
async function expectMarks(page, report, oldText, newText) {
  for (const [side, editor, source] of [["old", "#rl-original", oldText], ["new", "#rl-copy", newText]]) {
    for (const c of report.clauses) {
      const at = side === "old" ? c.old_lines : c.new_lines;
      await page.locator(`li.rl-clause[data-clause="${c.clause ?? c.name}"] button`, { hasText: `${side === "old" ? "Original" : "Copy"}, line ${at.line}` }).click();
      const marked = (await page.locator(`${editor} .cm-line.rl-line-changed`).allTextContents()).map((s) => s.trim());
      const lines = source.split("\n");
      assert.deepEqual(marked, at.changed.map((n) => lines[n - 1].trim()), `${side} marks`);
      const inClause = await page.locator(`${editor} .cm-line.rl-line-clause`).count();
      assert.equal(inClause + marked.length, at.end_line - at.line + 1, `${side}: the whole declaration marked`);
    }
  }
}

test("the notice window from 10 to 7 days over the page's claims: the due date moves exactly as the engine's diff says, marked in both editors", async () => {
  const page = await open();
  await openRedline(page);
  assert.match(await page.locator("#rl-status").textContent(), /^Compared 1 claim: 0 changed, 1 unchanged, 0 failed under both versions\. No clause changed\.$/);
  await editCopy(page, NOTICE, "due 7 days after order.delivered_on");
  await page.waitForFunction(() => /1 clause changed/.test(document.getElementById("rl-status")?.textContent ?? ""), null, { timeout: 10_000 });
  const newText = policyText("apparel-coats").replace(NOTICE, "due 7 days after order.delivered_on");
  const report = oracle(newText, [claimOf("apparel-coats.claim.json")]);
  assert.equal(report.summary.changed, 1);
  assert.equal(report.claims[0].changes.deadlines.find((x) => x.name === "notice").due.new, "2026-03-09");
  await expectClaims(page, report);
  assert.match(await page.locator("article.rl-claim").first().textContent(), /the claim in the form/);
  await expectMarks(page, report, policyText("apparel-coats"), newText);
  assert.deepEqual(
    (await page.locator("li.rl-clause .rl-diffline").allTextContents()).map((s) => s.replace(/^(removed|added): /, "")),
    ["− due 10 days after order.delivered_on", "+ due 7 days after order.delivered_on"],
  );
  await page.locator("#redline").screenshot({ path: join(ARTIFACTS, "redline-notice.png") });
  // A copy with an error: underlined and listed under the copy; the last comparison stays, marked
  // stale, until the copy compiles again.
  await editCopy(page, "due 7 days after order.delivered_on", "due 7 dayz after order.delivered_on");
  await page
    .waitForFunction(() => /^The copy has 1 error \(first at line 39: /.test(document.getElementById("rl-status")?.textContent ?? ""), null, { timeout: 10_000 })
    .catch(async (e) => assert.fail(`${e.message}: ${await page.locator("#rl-status").textContent()}`));
  assert.equal(await page.locator("#rl-result").evaluate((el) => el.classList.contains("rl-stale")), true);
  assert.equal(await page.locator("article.rl-claim").count(), 1, "the last comparison is kept");
  assert.match(await page.locator("#rl-copy-diagnostics li").first().textContent(), /^line 39:\d+ error E\d{4} /);
  assert.ok((await page.locator("#rl-copy .cm-lintRange-error").count()) >= 1, "the error underlined in the copy");
  await editCopy(page, "due 7 dayz after order.delivered_on", "due 7 days after order.delivered_on");
  await page.waitForFunction(() => /^Compared 1 claim: 1 changed/.test(document.getElementById("rl-status")?.textContent ?? ""), null, { timeout: 10_000 });
  assert.equal(await page.locator("#rl-result").evaluate((el) => el.classList.contains("rl-stale")), false);
  // Another policy picked: the original follows it, the edited copy stays and the status says so;
  // starting the copy again redlines the policy now shown.
  await page.locator("#policy-picker").selectOption("cisg-default");
  await page.waitForFunction(() => /made from the page's policy as it was before/.test(document.getElementById("rl-status")?.textContent ?? ""), null, { timeout: 10_000 });
  assert.match(await page.locator("#rl-original .cm-content").textContent(), /CISG/);
  await page.locator("#rl-restart").click();
  await page.waitForFunction(() => /^Compared 1 claim: 0 changed, 1 unchanged, 0 failed under both versions\. No clause changed\.$/.test(document.getElementById("rl-status")?.textContent ?? ""), null, { timeout: 10_000 });
});

/** Claims for the cap redline: the policy's capped example (all 5000 coats on an order booked at
 * 50,000.00), claims between the caps and under both, a blank line and one line that is not JSON. */
function claimsFile() {
  const base = claimOf("apparel-coats.claim.json");
  const variant = (id, f) => {
    const c = structuredClone(base);
    c.claim_id = id;
    f(c);
    return JSON.stringify(c);
  };
  return [
    variant("CAPPED", (c) => Object.assign(c, { affected_units: 5000 }, { order: { ...c.order, value: "50000.00" } }, { facts: { ...c.facts, stock_critical: false } })),
    variant("UNDER", (c) => (c.affected_units = 120)),
    '{ "claim_id": "BROKEN", "as_of": ',
    "",
    variant("BETWEEN", (c) => Object.assign(c, { affected_units: 3200 })),
    variant("CAPPED-CRITICAL", (c) => Object.assign(c, { affected_units: 5000 }, { order: { ...c.order, value: "60000.00" } })),
  ].join("\n");
}

test("the cap from 55 % to 70 % over a dropped JSON-lines file with a bad line: that line's error, the rest equal to the engine's diff", async () => {
  const page = await open();
  // The engine compares in a worker of its own, off the page's thread.
  const workers = [];
  page.on("worker", (w) => workers.push(w.url()));
  await openRedline(page);
  await editCopy(page, CAP, "supplier total at most 70% of order.value");
  await page.waitForFunction(() => /1 clause changed/.test(document.getElementById("rl-status")?.textContent ?? ""), null, { timeout: 10_000 });
  const text = claimsFile();
  const dt = await page.evaluateHandle((t) => {
    const d = new DataTransfer();
    d.items.add(new File([t], "claims.jsonl", { type: "application/x-ndjson" }));
    return d;
  }, text);
  await page.dispatchEvent("#redline", "drop", { dataTransfer: dt });
  await page.waitForFunction(() => document.querySelectorAll("article.rl-claim[data-line]").length > 0 && /claims\.jsonl/.test(document.querySelector("article.rl-claim")?.textContent ?? ""), null, { timeout: 10_000 });
  assert.equal(await page.locator("#rl-from-file").isChecked(), true);
  const newText = policyText("apparel-coats").replace(CAP, "supplier total at most 70% of order.value");
  const report = oracle(newText, text);
  // The oracle itself: the bad line is line 3's E0301, the good lines compare as `diff` compares
  // the same claims in a list.
  const bad = report.claims.find((c) => c.status === "failed");
  assert.deepEqual([bad.line, bad.old_error.code], [3, "E0301"]);
  const good = text.split("\n").filter((l, i) => l && i !== 2).map((l) => JSON.parse(l));
  const listed = oracle(newText, good);
  assert.deepEqual(report.claims.filter((c) => c.status !== "failed").map((c) => c.changes), listed.claims.map((c) => c.changes));
  assert.equal(report.summary.supplier_change, listed.summary.supplier_change);
  assert.ok(report.summary.changed >= 2, "the capped claims change");
  await expectClaims(page, report);
  // The bad line: its error, as the engine words it, at its line.
  const broken = page.locator('article.rl-claim[data-line="3"]');
  assert.match(await broken.textContent(), /claims\.jsonl, line 3/);
  assert.ok((await broken.locator(".rl-error").textContent()).includes("E0301"));
  await expectMarks(page, report, policyText("apparel-coats"), newText);
  assert.equal(workers.length, 1, "one worker");
  assert.match(workers[0], /redline-worker-[\w-]+\.js$/);
  // A file over the limit is not read: the status says so, the comparison shown stays.
  const big = await page.evaluateHandle(() => {
    const d = new DataTransfer();
    d.items.add(new File(["x".repeat(16 * 1024 * 1024 + 1)], "huge.jsonl"));
    return d;
  });
  await page.dispatchEvent("#redline", "drop", { dataTransfer: big });
  await page.waitForFunction(() => /huge\.jsonl is 16\.0 MB: the redline reads files up to 16 MB/.test(document.getElementById("rl-status")?.textContent ?? ""), null, { timeout: 10_000 });
  assert.equal(await page.locator("article.rl-claim").count(), report.claims.length);
  // Back to the page's claims: the design claim is under both caps.
  await page.locator("#rl-from-page").check();
  await page.waitForFunction(() => /^Compared 1 claim: 0 changed/.test(document.getElementById("rl-status")?.textContent ?? ""), null, { timeout: 10_000 });
});

test("the redline at 390 px wide, by keyboard: no sideways scrolling, every control labelled", async () => {
  const page = await open("", { width: 390, height: 844 });
  await page.locator("#redline-open").focus();
  await page.keyboard.press("Enter");
  await page.waitForSelector("#rl-copy .cm-content", { timeout: 20_000 });
  await page.waitForFunction(() => /^Compared /.test(document.getElementById("rl-status")?.textContent ?? ""), null, { timeout: 10_000 });
  assert.equal(await page.locator("#redline-open").getAttribute("aria-expanded"), "true");
  // Tab order: the toggle, the two choices of claims, the file picker, the restart button.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "rl-from-page");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "rl-file");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "rl-restart");
  // Edit the copy from the keyboard (the notice window), then see the changed claim as a card.
  await editCopy(page, NOTICE, "due 7 days after order.delivered_on");
  await page.waitForFunction(() => /1 changed.*1 clause changed/.test(document.getElementById("rl-status")?.textContent ?? ""), null, { timeout: 10_000 });
  assert.deepEqual(await cells(page.locator("article.rl-claim"), '[data-deadline="notice"][data-field="due"]'), ["Thu 12 Mar 2026", "Mon 9 Mar 2026", ""]);
  // On a phone each change is a small card (the row a grid, each value under its column's name).
  const row = page.locator('article.rl-claim tr[data-deadline="notice"][data-field="due"]');
  assert.equal(await row.evaluate((el) => getComputedStyle(el).display), "grid");
  assert.equal(await row.locator("td").first().evaluate((el) => getComputedStyle(el, "::before").content), '"Original"');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `page width ${width}`);
  for (const id of ["#rl-original", "#rl-copy", "#rl-result"]) {
    const box = await page.locator(id).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `${id} within the screen`);
  }
  const unlabelled = await page.evaluate(() =>
    Array.from(document.querySelectorAll("#redline input, #redline select, #redline button, #redline [contenteditable]"))
      .filter((el) => {
        const named = (el.labels && el.labels.length > 0) || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || el.closest("label");
        return !(named || (el.tagName === "BUTTON" && el.textContent.trim()));
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(unlabelled, []);
  await page.locator("#redline").screenshot({ path: join(ARTIFACTS, "redline-390.png") });
});
