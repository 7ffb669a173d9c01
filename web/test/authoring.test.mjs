// Authoring in the page's policy editor: what a word means on hover, completion of claim fields,
// inputs, costs and a deadline's fields. The meanings and fields come from words.generated.ts
// (written by crates/recourse/tests/editor_words.rs from the core's glossary and the checker's
// field table); the test reads that file, so it checks the page shows those tables, not a copy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { WEB, endOfLine, open, openTab, pointAt } from "./harness.mjs";

const GENERATED = readFileSync(join(WEB, "src/words.generated.ts"), "utf8");

/** A word's sentence in the generated file, as the page shows it (code spans without backticks). */
function meaning(word) {
  const m = new RegExp(`^  ${JSON.stringify(word).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: (".*"),$`, "m").exec(GENERATED);
  assert.ok(m, `${word} is in MEANINGS`);
  return JSON.parse(m[1]);
}
const shownAs = (sentence) => sentence.replace(/`([^`]*)`/g, "$1");

/** Hover the `occurrence`-th `word` of the first editor line containing `needle`; the tooltip. */
async function hoverWord(page, needle, word, occurrence = 0) {
  const line = page.locator(".cm-line", { hasText: needle }).first();
  // The editor draws only the lines in view: scroll it until the line is drawn.
  const scroller = page.locator(".cm-scroller");
  // It draws the lines in the window too: the editor first into the window.
  await page.locator(".cm-editor").evaluate((el) => el.scrollIntoView({ block: "start" }));
  await scroller.evaluate((el) => (el.scrollTop = 0));
  for (let i = 0; i < 100 && !(await line.count()); i++) {
    await scroller.evaluate(async (el) => {
      el.scrollTop += 150;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    });
  }
  await line.evaluate(async (el) => {
    el.scrollIntoView({ block: "center", inline: "nearest" });
    el.closest(".cm-scroller").scrollLeft = 0;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
  const text = await line.textContent();
  let col = -1;
  for (let i = 0; i <= occurrence; i++) col = text.indexOf(word, col + 1);
  assert.ok(col >= 0, `${word} in "${text}"`);
  const at = await pointAt(line, col + 1);
  assert.ok(at);
  // Away first, so a tooltip of the last hover closes.
  await page.mouse.move(5, 5);
  await page.locator(".cm-tooltip-hover").waitFor({ state: "detached", timeout: 3_000 }).catch(() => {});
  await page.mouse.move(at.x - 2, at.y);
  await page.mouse.move(at.x, at.y, { steps: 3 });
}

async function tooltip(page) {
  const tip = page.locator(".cm-tooltip-hover .cm-name-info");
  await tip.waitFor({ timeout: 5_000 });
  return tip;
}

test("hover: a keyword, a value word, a type and a claim field say what they mean, from the generated tables", async () => {
  const page = await open();
  await openTab(page, "Policy");
  for (const [needle, word, want] of [
    ['deadline notice "Q.5.1', "deadline", `deadline (keyword): ${shownAs(meaning("deadline"))}`],
    ["aql critical 0, major 2.5", "aql", `aql (keyword): ${shownAs(meaning("aql"))}`],
    ["zipper_failure  critical", "critical", `critical (value): ${shownAs(meaning("critical"))}`],
    ["input next_order_value: money", "money", `money (type): ${shownAs(meaning("money"))}`],
    ["iso2859 level II normal", "iso2859", `iso2859 (keyword): ${shownAs(meaning("iso2859"))}`],
    ["due 10 days after order.delivered_on", "after", `after (keyword): ${shownAs(meaning("after"))}`],
  ]) {
    await hoverWord(page, needle, word);
    const tip = await tooltip(page);
    assert.equal(await tip.textContent(), want);
    assert.ok(!(await tip.textContent()).includes("`"), "no raw backticks");
  }
  // Code in a meaning is shown as code.
  await hoverWord(page, 'deadline notice "Q.5.1', "deadline");
  assert.ok((await (await tooltip(page)).locator("code").count()) > 0);
  // A claim field: its path, type, meaning and where the claim's JSON holds it.
  await hoverWord(page, "due 10 days after order.delivered_on", "delivered_on");
  assert.equal(await (await tooltip(page)).textContent(), "order.delivered_on (claim field, date): The day the goods were delivered. In the claim's JSON: order.delivered_on.");
  await hoverWord(page, "met when claim.notified_on <= due", "notified_on");
  assert.equal(await (await tooltip(page)).textContent(), "claim.notified_on (claim field, date): The day the buyer notified the supplier. In the claim's JSON: notified_on.");
  // A deadline's field.
  await hoverWord(page, "due 20 business days after response.due", "due", 1);
  assert.equal(await (await tooltip(page)).textContent(), "response.due (deadline field, date): The deadline's date. (response: Q.5.2 Supplier response)");
  // A declared name still says what it is.
  await hoverWord(page, "prefer replacement", "replacement");
  assert.equal(await (await tooltip(page)).textContent(), "replacement (remedy): Q.6.1 Replacement of non-conforming goods");
  // A keyword inside a string is text, not a keyword: no tooltip.
  await hoverWord(page, 'deadline notice "Q.5.1 Notice of non-conformity"', " of ");
  await page.waitForTimeout(700);
  assert.equal(await page.locator(".cm-tooltip-hover").count(), 0);
});

/** Type `text` on a new line after the line containing `needle`; the completion list's labels. */
async function completions(page, needle, text) {
  await endOfLine(page, needle);
  await page.keyboard.press("Enter");
  await page.keyboard.type(text, { delay: 30 });
  await page.locator(".cm-tooltip-autocomplete").waitFor({ timeout: 5_000 });
  // The list is asked for again after the last key (a dot starts a new one): let it settle.
  await page.waitForTimeout(300);
  // "label detail" of each option.
  return page.locator(".cm-tooltip-autocomplete li").evaluateAll((lis) =>
    lis.map((li) => [li.querySelector(".cm-completionLabel")?.textContent, li.querySelector(".cm-completionDetail")?.textContent].filter(Boolean).join(" ")),
  );
}

async function clearLine(page) {
  await page.keyboard.press("Escape");
  await page.keyboard.press("End");
  await page.keyboard.press("Shift+Home");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
}

test("completion: claim fields after claim. and order., inputs after facts., costs, a deadline's fields", async () => {
  const page = await open();
  await openTab(page, "Policy");
  const anchor = "supplier total at most 55% of order.value";
  // claim.: the checker's claim fields under `claim`, each with its type.
  const claimFields = await completions(page, anchor, "claim.");
  const want = [...GENERATED.matchAll(/\{ path: "claim\.([a-z_]+)", type: "([a-z]+)"/g)].map((m) => [m[1], m[2]]);
  assert.ok(want.length >= 8);
  for (const [field, type] of want) assert.ok(claimFields.includes(`${field} claim field, ${type}`), `claim.${field} offered: ${claimFields.join(" | ")}`);
  assert.equal(claimFields.length, want.length, "only the claim's fields");
  await page.keyboard.type("noti", { delay: 30 });
  await page.waitForTimeout(200);
  assert.match(await page.locator(".cm-tooltip-autocomplete li[aria-selected]").textContent(), /^notified_on\s*claim field, date$/);
  // The completion's info says what the field is.
  await page.locator(".cm-completionInfo").waitFor({ timeout: 5_000 });
  assert.equal(await page.locator(".cm-completionInfo").textContent(), "claim.notified_on (claim field, date): The day the buyer notified the supplier. In the claim's JSON: notified_on.");
  await page.keyboard.press("Enter");
  assert.match(await page.locator(".cm-activeLine").textContent(), /^\s*claim\.notified_on$/);
  await clearLine(page);

  // order.: exactly the order's fields.
  const orderFields = (await completions(page, anchor, "order.")).map((l) => l.replace(/ claim field.*$/, ""));
  assert.deepEqual(orderFields.sort(), ["delivered_on", "due_on", "unit_price", "units", "value"]);
  await clearLine(page);

  // facts.: the policy's inputs.
  const facts = await completions(page, anchor, "facts.");
  assert.deepEqual(facts.sort(), ["force_majeure input, bool", "next_order_value input, money", "stock_critical input, bool"]);
  await clearLine(page);

  // costs.: the costs the policy reads and the claim lists.
  const costs = (await completions(page, anchor, "costs.")).map((l) => l.replace(/ cost, money$/, ""));
  assert.deepEqual(costs.sort(), ["inspection_fee", "outbound_freight", "restocking_fee", "return_freight"]);
  await clearLine(page);

  // A deadline's fields.
  const fields = await completions(page, anchor, "notice.");
  assert.deepEqual(fields, ["due deadline field, date", "met deadline field, bool", "missed deadline field, bool"]);
  await clearLine(page);

  // A word without a dot offers the full claim paths too, and the language's words with their meaning.
  const words = await completions(page, anchor, "order.unit");
  assert.ok(words.some((l) => l.startsWith("unit_price")), words.join(" | "));
  await clearLine(page);
  await completions(page, anchor, "aq");
  assert.match(await page.locator(".cm-tooltip-autocomplete li[aria-selected]").textContent(), /^aql\s*keyword$/);
  await page.locator(".cm-completionInfo").waitFor({ timeout: 5_000 });
  assert.equal(await page.locator(".cm-completionInfo").textContent(), `aql (keyword): ${shownAs(meaning("aql"))}`);
  await clearLine(page);
  await page.locator("#diagnostics .diag-ok").waitFor({ timeout: 5_000 });
});
