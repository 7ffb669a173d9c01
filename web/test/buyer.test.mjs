// The scenario lab as a buyer tries it: half-typed values never give a decision, broken links say
// so, links carry no customer data, plain language, heavy claims and small screens. Same harness
// (and oracle: the engine under Node) as lab.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import lz from "lz-string";
import { base, claimOf, decide, expectHeadline, open, openTab, pointAt, policyText, shown, text } from "./harness.mjs";

const APPAREL = () => policyText("apparel-coats");

/** Record every supplier total and response date the headline shows from now on. */
async function recordHeadlines(page) {
  await page.evaluate(() => {
    window.__seen = [];
    const note = () => {
      const t = document.querySelector('[data-testid="supplier-total"]')?.textContent;
      const due = document.querySelector('[data-testid="response-due"]')?.textContent;
      window.__seen.push(`${t} | ${due}`);
    };
    new MutationObserver(note).observe(document.getElementById("decision-body"), { childList: true, subtree: true, characterData: true });
  });
}

test("a half-typed amount is never evaluated: 150,000.00 typed into the order value", async () => {
  const page = await open();
  const claim = claimOf("apparel-coats.claim.json");
  const at = (value) => {
    const c = structuredClone(claim);
    c.order.value = value;
    const d = decide(APPAREL(), c);
    return d.remedies.find((r) => r.name === d.recommendation.remedy);
  };
  // The half-typed values give other totals: showing one would be a believable wrong number.
  const wrong = ["1", "15", "150", "150000", "150000.0"].map((v) => at(v).supplier_total);
  const right = at("150000.00");
  assert.notEqual(wrong[2], right.supplier_total);
  const field = page.getByLabel("Order value");
  await recordHeadlines(page);
  await field.fill("");
  await field.pressSequentially("150,000.00", { delay: 60 });
  await expectHeadline(page, { remedy: right ? "replacement" : "", total: `USD ${right.supplier_total}` });
  const seen = await page.evaluate(() => window.__seen);
  for (const s of seen) assert.ok(!wrong.slice(0, 3).some((w) => s.startsWith(shown(`USD ${w}`) + " ")), `a half-typed value was shown: ${s}`);
  await page.getByTestId("stale").waitFor({ state: "hidden", timeout: 2000 }).catch(async () => assert.fail(await text(page, "stale")));
  // The JSON holds the amount without separators, as the engine reads it.
  await openTab(page, "Claim JSON");
  assert.equal(JSON.parse(await page.locator("#claim-json").inputValue()).order.value, "150000.00");
  await openTab(page, "Claim");

  // A value that does not read: marked at the field with the reason, the status line says the
  // decision is for the claim as last valid, and the decision stays the last valid one.
  await field.fill("150,0");
  await page.waitForTimeout(700);
  assert.equal(await field.getAttribute("aria-invalid"), "true");
  const reason = page.locator("#order-value-error, .field-error").first();
  assert.match(await reason.textContent(), /^Not read: "150,0" is not an amount: write 210000\.00 or 210,000\.00\. The decision is for the last valid value\.$/);
  assert.ok(await reason.isVisible());
  assert.match(await text(page, "stale"), /^The decision shown is for the claim as last valid\. Order value: "150,0" is not an amount/);
  assert.ok(await page.getByTestId("stale").isVisible());
  assert.equal(await page.getByTestId("decision").getAttribute("class"), "decision stale");
  await expectHeadline(page, { remedy: "replacement", total: `USD ${right.supplier_total}` });
  // Leaving the field with a value that reads: read at once, the marks go.
  await field.fill("150,000.5");
  await field.blur();
  const half = at("150000.5");
  await expectHeadline(page, { remedy: "replacement", total: `USD ${half.supplier_total}` });
  assert.equal(await field.getAttribute("aria-invalid"), null);
  assert.equal(await page.locator(".field-error").count(), 0);
  await page.getByTestId("stale").waitFor({ state: "hidden" });
});

test("a half-typed date is never evaluated: no year 0202, no day 1 of 19", async () => {
  const page = await open();
  await recordHeadlines(page);
  const field = page.getByLabel("Notice given on", { exact: true });
  // Chromium's date field: month, day, year typed in turn (en-US order).
  await field.focus();
  await field.pressSequentially("03062026", { delay: 60 });
  const claim = claimOf("apparel-coats.claim.json");
  claim.notified_on = "2026-03-06";
  const d = decide(APPAREL(), claim);
  const response = d.deadlines.find((x) => x.name === "response");
  assert.equal(response.due, "2026-03-13");
  await page.waitForFunction(() => document.querySelector('[data-testid="response-due"]')?.textContent === "Fri 13 Mar 2026");
  const seen = await page.evaluate(() => window.__seen);
  assert.ok(seen.length > 0);
  for (const s of seen) {
    const due = s.split(" | ")[1];
    assert.ok(["Thu 12 Mar 2026", "Fri 13 Mar 2026"].includes(due), `a half-typed date was shown: ${s}`);
  }
  // A year still being typed is marked at the field and not read.
  await field.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.type("202");
  await page.waitForTimeout(700);
  assert.match(await page.locator(".field-error").first().textContent(), /the year 202 looks unfinished/);
  assert.match(await text(page, "stale"), /Notice given on: the year 202 looks unfinished/);
  assert.equal(await text(page, "response-due"), "Fri 13 Mar 2026");
});

test("a broken or cut-short link says it could not be read and what was kept", async () => {
  // A good link of an edited claim (affected units 100), then cut inside its claim part.
  const page = await open();
  await page.getByRole("spinbutton", { name: "Affected units" }).fill("100");
  await page.getByRole("spinbutton", { name: "Affected units" }).blur();
  await page.getByRole("button", { name: "Share link" }).click();
  const url = await page.getByLabel("Link to this scenario").inputValue();
  const hash = url.slice(url.indexOf("#"));
  assert.match(hash, /&claim=/);
  const cut = await open(hash.slice(0, hash.length - 40));
  const notice = cut.locator("#link-notice");
  await notice.waitFor();
  assert.equal(
    (await notice.textContent()).trim(),
    "This link could not be read in full (it may have been cut short): the claim could not be read. Kept: the policy apparel-coats. Shown: the policy's example claim (apparel-coats.claim.json).",
  );
  await expectHeadline(cut, { remedy: "replacement", total: "USD 8930.00" });
  // Nothing readable at all: said, and the default example shown.
  const broken = await open("#s=NoIgLgTg9gtmBcIBCB5AqgeQHIGEAiIANCAM4CWA5sgIwBMAzAGz");
  const notice2 = broken.locator("#link-notice");
  await notice2.waitFor();
  assert.match(await notice2.textContent(), /^This link could not be read in full .*the whole scenario could not be read\. Nothing of it was kept\. Shown instead: the apparel-coats policy and its example claim \(apparel-coats\.claim\.json\)\.$/);
  // A good link: no notice.
  const good = await open(hash);
  await expectHeadline(good, { remedy: "replacement" , total: `USD ${decide(APPAREL(), { ...claimOf("apparel-coats.claim.json"), affected_units: 100 }).remedies[0].supplier_total}` });
  assert.equal(await good.locator("#link-notice").isVisible(), false);
});

/** The scenario a link carries, its parts decompressed (what anyone holding the link can read). */
function linkContents(url) {
  const params = new URLSearchParams(url.slice(url.indexOf("#") + 1));
  return [...params.entries()].map(([k, v]) => (k === "claim" || k === "text" ? lz.decompressFromEncodedURIComponent(v) ?? "" : `${k}=${v}`)).join("\n");
}

test("a link carries no customer's personal data unless asked, and has a size limit", async () => {
  const page = await open();
  const planted = ["Zora Quintana-Blackwood", "zora.qb@mailbox.example", "+44 7700 900123", "7 Elm Row, Leith", "SHOP-777001", "zora-zip-closeup.jpg"];
  const claim = claimOf("apparel-coats.claim.json");
  claim.customer_returns.push({
    return_id: "R-9001",
    order_id: planted[4],
    customer_name: planted[0],
    email: planted[1],
    phone: planted[2],
    address: planted[3],
    defect: "zipper_failure",
    photos: [planted[5]],
    note: `Call ${planted[0]} on ${planted[2]}`,
  });
  await openTab(page, "Claim JSON");
  await page.locator("#claim-json").fill(JSON.stringify(claim, null, 2));
  await page.locator("#claim-json").blur();
  await page.getByRole("button", { name: "Share link" }).click();
  const url = await page.getByLabel("Link to this scenario").inputValue();
  const inLink = linkContents(url);
  for (const secret of [...planted, "Ana Lima", "ana.lima@example.com", "Rua Augusta", "912 345 678", "SHOP-100234", "r5512-1.jpg"]) {
    assert.equal(inLink.includes(secret), false, `${secret} is in the link`);
    assert.equal(url.includes(secret), false);
  }
  // What is kept: the returns, their references and defects, customers as letters.
  const shared = JSON.parse(inLink.split("\n").find((l) => l.startsWith("{")));
  assert.deepEqual(shared.customer_returns, [
    { return_id: "R-5512", defect: "zipper_failure", customer_name: "Customer A", photos: ["R-5512-photo-1", "R-5512-photo-2"] },
    { return_id: "R-9001", defect: "zipper_failure", customer_name: "Customer B", photos: ["R-9001-photo-1"] },
  ]);
  assert.match(await page.locator("#share-privacy").textContent(), /^Customer details are not in the link: 2 customer returns keep the reference and defect; names become Customer A, B, \.\.\.; e-mail, phone, address, shop order, note and photo file names are left out\.$/);
  // The address bar too.
  await page.waitForTimeout(500);
  const address = linkContents(page.url());
  for (const secret of planted) assert.equal(address.includes(secret), false, `${secret} is in the address bar`);
  // The shared link gives the same decision.
  const opened = await open(url.slice(base.length));
  const d = decide(policyText("apparel-coats"), claim);
  const rec = d.remedies.find((r) => r.name === d.recommendation.remedy);
  await expectHeadline(opened, { remedy: rec.name, total: `USD ${rec.supplier_total}` });
  // Asked for: the data is in the link.
  await page.getByLabel("Include customers' personal data").check();
  await page.waitForFunction(() => !document.getElementById("share-privacy").textContent.startsWith("Customer details"));
  assert.ok(linkContents(await page.getByLabel("Link to this scenario").inputValue()).includes(planted[0]));
  await page.getByLabel("Include customers' personal data").uncheck();

  // Size: a claim whose link would pass 8000 characters is left out of it, and the page says so.
  claim.evidence.third_party_report = Array.from({ length: 4000 }, (_, i) => `SGS-${(i * 7919) % 100_003}`).join(" ");
  await page.locator("#claim-json").fill(JSON.stringify(claim, null, 2));
  await page.locator("#claim-json").blur();
  await page.getByRole("button", { name: "Share link" }).click();
  const big = await page.getByLabel("Link to this scenario").inputValue();
  assert.ok(big.length - big.indexOf("#") <= 8000, `the link's scenario is ${big.length} characters`);
  assert.equal(big.includes("&claim="), false);
  assert.match(await page.locator("#share-privacy").textContent(), /Too large for a link \([\d,]+ characters; the limit is 8,000\): the claim is left out\. Export the decision JSON to pass the whole claim on\.$/);
});

test("the packet's photo names: the page gives the mapping from the attached files", async () => {
  const page = await open();
  const claim = claimOf("apparel-coats.claim.json");
  claim.customer_returns[0].photos = ["Ana Lima zip.jpg", "r5512-2.jpg"];
  await openTab(page, "Claim JSON");
  await page.locator("#claim-json").fill(JSON.stringify(claim, null, 2));
  await page.locator("#claim-json").blur();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export supplier packet" }).click()]);
  const { readFileSync } = await import("node:fs");
  const packet = readFileSync(await download.path(), "utf8");
  assert.equal(packet.includes("Ana Lima"), false);
  assert.match(packet, /\| Customer A zip\.jpg \| R-5512 \|/);
  assert.match(packet, /\| r5512-2\.jpg \| R-5512 \|/);
  assert.deepEqual(await page.getByTestId("photo-names").locator("li").allTextContents(), ["Ana Lima zip.jpg → Customer A zip.jpg"]);
  assert.match(await page.locator("#export-note").textContent(), /^The packet names 1 photo file differently \(personal data taken out of the name\)\. Rename the attachment before sending/);
});

test("plain language: clause titles, separators, one date format, no backticks, the flag once, the deciding rule", async () => {
  const page = await open();
  assert.equal(await text(page, "recommended"), "Replacement of non-conforming goods");
  assert.equal(await text(page, "supplier-total"), "USD 8,930.00");
  assert.equal(await text(page, "decided-by"), "Decided by the policy's preference.");
  const pane = await page.locator("#decision-body").textContent();
  assert.equal(pane.includes("`"), false, "no backticks in the decision");
  assert.deepEqual(pane.match(/\b\d{4}-\d{2}-\d{2}\b/g), null, "dates written one way");
  assert.deepEqual(pane.match(/[A-Z]{3} \d{4,}/g), null, "amounts with separators");
  assert.equal(await page.locator('.notices li[data-clause="Q.8 Recurring defect"]').count(), 1, "the recurring flag once");
  assert.equal(await page.locator("table.comparison").getByRole("button", { name: "Show the cost lines of Return to origin" }).count(), 1);
  // Without the preference, net recovery decides: named, with the figures compared.
  await page.getByLabel("stock_critical").uncheck();
  await expectHeadline(page, { remedy: "return_to_origin", total: "USD 9780.00" });
  assert.equal(await text(page, "decided-by"), "Decided by net recovery.");
  assert.match(
    await page.locator(".why").textContent(),
    /Return to origin ranks first by highest buyer net recovery, then shortest time \(buyer net recovery USD 9,780\.00 against USD 8,580\.00 for Replacement of non-conforming goods\)/,
  );
});

test("an ineligible claim's headline says why and what the buyer can still do", async () => {
  const page = await open();
  const field = page.getByLabel("Notice given on", { exact: true });
  await field.fill("2026-03-13");
  await field.blur();
  await page.getByLabel("As of (today)").fill("2026-03-13");
  await page.getByLabel("As of (today)").blur();
  await page.waitForFunction(() => document.getElementById("headline-title")?.textContent === "Claim ineligible");
  assert.equal(await text(page, "recommended"), "No remedy: Notice was given after the 10-day window");
  assert.deepEqual(await page.getByTestId("can-do").locator("li").allTextContents(), [
    "Check the date entered: notice of non-conformity was due by Thu 12 Mar 2026 (10 days after Mon 2 Mar 2026).",
    "Escalate: mediation (ICC mediation) opens Sat 21 Mar 2026 if the supplier has not answered by Fri 20 Mar 2026.",
    "Ask the supplier for a goodwill settlement: the policy itself gives no remedy.",
  ]);
  // Under the CISG policy every deadline is met: the headline shows none as the next date.
  const cisg = await open("#policy=cisg-default");
  const d = decide(policyText("cisg-default"), claimOf("cisg-default.claim.json"));
  assert.deepEqual(d.deadlines.map((x) => x.status), ["met", "met"]);
  await expectHeadline(cisg, { remedy: d.recommendation.remedy, total: `${d.currency} ${d.remedies.find((r) => r.name === d.recommendation.remedy).supplier_total}`, due: "none open" });
});

test("a syntax error is underlined on its own line, not the next", async () => {
  const page = await open();
  await openTab(page, "Policy");
  const { endOfLine } = await import("./harness.mjs");
  await endOfLine(page, "supplier total at most 55% of order.value");
  for (let i = 0; i < " order.value".length; i++) await page.keyboard.press("Backspace");
  await page.locator('#diagnostics li[data-code="E0001"]').waitFor({ timeout: 5_000 });
  const mark = page.locator(".cm-lintRange-error").first();
  assert.equal((await mark.textContent()).trim(), "of");
  const line = await mark.evaluate((el) => el.closest(".cm-line")?.textContent ?? "");
  assert.match(line, /supplier total at most 55% of$/);
  await mark.hover();
  await page.locator(".cm-tooltip-lint").waitFor({ timeout: 5_000 });
  assert.match(await page.locator(".cm-tooltip-lint").textContent(), /^This line is unfinished: expected an expression, found } at the start of line \d+ \(E0001\)/);
});

/** Edits of the affected units, read at once (a `change`), timed from the event to the decision on
 * screen; and every long task (over 50 ms) in the 1.5 s after them. */
function timeEdits(page, values) {
  return page.evaluate(async (values) => {
    const longTasks = [];
    const observer = new PerformanceObserver((l) => longTasks.push(...l.getEntries().map((e) => Math.round(e.duration))));
    observer.observe({ type: "longtask" });
    const field = document.querySelector('input[name="affected_units"]');
    const edits = [];
    for (const n of values) {
      field.value = String(n);
      const t0 = performance.now();
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
      edits.push(performance.now() - t0);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }
    await new Promise((r) => setTimeout(r, 1500));
    observer.disconnect();
    return { edits, longTasks, total: document.querySelector('[data-testid="supplier-total"]').textContent };
  }, values);
}

test("a 1 MB note does not slow later edits", async () => {
  const page = await open();
  const claim = claimOf("apparel-coats.claim.json");
  const baseline = await timeEdits(page, [191, 192, 193, 194, 195]);
  claim.customer_returns[0].note = "Zip split after two days. ".repeat(41_000);
  assert.ok(claim.customer_returns[0].note.length > 1_000_000);
  await openTab(page, "Claim JSON");
  await page.locator("#claim-json").fill(JSON.stringify(claim, null, 2));
  await page.locator("#claim-json").blur();
  await openTab(page, "Claim");
  await page.waitForTimeout(1500);
  const timing = await timeEdits(page, [191, 192, 193, 194, 195]);
  console.log("no note: edit ms", baseline.edits.map((x) => x.toFixed(1)).join(" "), "long tasks", baseline.longTasks.join(" "));
  console.log("1 MB note: edit ms", timing.edits.map((x) => x.toFixed(1)).join(" "), "long tasks", timing.longTasks.join(" "));
  const c = structuredClone(claim);
  c.affected_units = 195;
  const d = decide(policyText("apparel-coats"), c);
  assert.equal(timing.total, shown(`USD ${d.remedies.find((r) => r.name === d.recommendation.remedy).supplier_total}`));
  // The note costs an edit nothing it did not cost before (the engine, the sweep and the flips get
  // it shortened, the JSON text is not rewritten while its tab is closed and is kept out of the
  // history entry a link update saves, links leave it out, the chart's marker is redrawn without a
  // layout, the decision is drawn once per change): the median edit with it is within noise of
  // the median without it, and under a frame on a quiet machine (5-10 ms on the shared 2-core
  // test machine under load). These bounds only guard against a return of the ~460 ms freeze.
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const [withNote, without] = [median(timing.edits), median(baseline.edits)];
  assert.ok(withNote <= without * 2 + 20, `median edit ${withNote.toFixed(1)} ms with the note, ${without.toFixed(1)} ms without`);
  assert.ok(withNote < 50, `median edit ${withNote.toFixed(1)} ms (the freeze it replaces: ~460 ms)`);
  // What follows an edit (the sweep, the link) is no long freeze either (the link's history entry
  // with the JSON text in it took 40-140 ms per update before).
  assert.ok(Math.max(0, ...timing.longTasks) < 250, `long tasks after the edits: ${timing.longTasks.join(" ")} ms`);
  // Typing in the claim JSON: the page's own work per keystroke (the decision is not drawn again,
  // the 1 MB text not parsed) is small; the text is read once typing pauses.
  await openTab(page, "Claim JSON");
  const json = page.locator("#claim-json");
  await json.evaluate((ta) => {
    const i = ta.value.indexOf('"claim_id": "') + '"claim_id": "'.length;
    ta.focus();
    ta.setSelectionRange(i, i);
  });
  const handlerMs = await page.evaluate(async () => {
    const ta = document.getElementById("claim-json");
    const out = [];
    for (const ch of "XYZ") {
      ta.setRangeText(ch, ta.selectionStart, ta.selectionStart, "end");
      const t0 = performance.now();
      ta.dispatchEvent(new Event("input", { bubbles: true }));
      out.push(performance.now() - t0);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }
    return out;
  });
  console.log("1 MB note, claim JSON keystroke: handler ms", handlerMs.map((x) => x.toFixed(1)).join(" "));
  assert.ok(median(handlerMs) < 50, `median JSON keystroke ${median(handlerMs).toFixed(1)} ms`);
  await page.waitForFunction(() => document.getElementById("claim-json-status")?.textContent === "Read; the decision follows.");
  const read = decide(policyText("apparel-coats"), { ...c, claim_id: `XYZ${c.claim_id}` });
  assert.equal(await text(page, "supplier-total"), shown(`USD ${read.remedies.find((r) => r.name === read.recommendation.remedy).supplier_total}`));
  assert.equal(await page.locator(".policy-line").first().textContent(), `${read.policy} · claim XYZ${c.claim_id}`);
});

/** Elements with their own text whose colour on their background is under `min`:1. */
function lowContrast(page, selector, min = 4.5) {
  return page.evaluate(
    ([selector, min]) => {
      const rgb = (s) => (s.match(/[\d.]+/g) ?? []).map(Number);
      const lum = ([r, g, b]) => {
        const f = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const background = (el) => {
        for (let e = el; e; e = e.parentElement) {
          const c = rgb(getComputedStyle(e).backgroundColor);
          if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
        }
        return [255, 255, 255];
      };
      const opacity = (el) => {
        let o = 1;
        for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
        return o;
      };
      const bad = [];
      for (const el of document.querySelectorAll(`${selector} *`)) {
        if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
        if (!el.getClientRects().length) continue;
        const fg = lum(rgb(getComputedStyle(el).color));
        const bg = lum(background(el));
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        if (ratio < min || opacity(el) < 1) bad.push(`${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}:1 opacity ${opacity(el)}`);
      }
      return bad;
    },
    [selector, min],
  );
}

test("the stale decision keeps a contrast of 4.5:1 or more", async () => {
  const page = await open();
  assert.deepEqual(await lowContrast(page, "#decision-body"), [], "fresh");
  await page.getByLabel("Order value").fill("12,34");
  await page.getByTestId("stale").waitFor();
  assert.equal(await page.getByTestId("decision").getAttribute("class"), "decision stale");
  assert.deepEqual(await lowContrast(page, "#decision-body"), [], "stale");
  assert.deepEqual(await lowContrast(page, "#status-line"), [], "the status line");
});

test("at 390 x 844: tap targets of 24 px or more, every remedy's net recovery in view", async () => {
  const page = await open("", { width: 390, height: 844 });
  await expectHeadline(page, { remedy: "replacement", total: "USD 8930.00" });
  const small = await page.evaluate(() =>
    Array.from(document.querySelectorAll("button, input, select, textarea, a[href], [role=tab], summary"))
      .filter((el) => !el.closest(".cm-editor") && el.getClientRects().length && !el.classList.contains("skip"))
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 24 || r.height < 24)
      .map(({ el, r }) => `${el.tagName}#${el.id}.${el.className} ${el.getAttribute("aria-label") ?? el.textContent.trim().slice(0, 20)} ${Math.round(r.width)}x${Math.round(r.height)}`),
  );
  assert.deepEqual(small, []);
  const d = decide(policyText("apparel-coats"), claimOf("apparel-coats.claim.json"));
  for (const r of d.remedies) {
    const cell = page.locator(`table.comparison tr[data-remedy="${r.name}"] td[data-label="Net recovery"]`);
    assert.equal((await cell.textContent()).trim(), shown(`USD ${r.buyer_net_recovery}`));
    assert.equal(await cell.evaluate((el) => getComputedStyle(el, "::before").content), '"Net recovery"', "labelled on the card");
    const box = await cell.boundingBox();
    const pane = await page.locator("#decision").boundingBox();
    assert.ok(box.x >= pane.x && box.x + box.width <= pane.x + pane.width && box.x + box.width <= 390, `${r.name}'s net recovery at ${box.x}..${box.x + box.width}`);
  }
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390);
});

test("authors: the policy beside the decision, from the top of the page", async () => {
  const page = await open();
  await page.getByRole("button", { name: "Policy beside the decision" }).click();
  assert.equal(await page.getByRole("button", { name: "Policy beside the decision" }).getAttribute("aria-pressed"), "true");
  const editor = await page.locator("#editor").boundingBox();
  const decision = await page.locator("#decision").boundingBox();
  assert.ok(editor.y < 340, `the editor starts at ${editor.y} px (in the first screen, under the bar, the tabs and the outline)`);
  assert.ok(editor.width >= 560, `the editor is ${editor.width} px wide`);
  assert.ok(editor.x + editor.width <= decision.x, "side by side");
  assert.ok(editor.y < decision.y + decision.height && decision.y < editor.y + editor.height, "at the same height");
  // Editing the policy with the decision in view.
  const { endOfLine } = await import("./harness.mjs");
  await endOfLine(page, "supplier total at most 55%");
  assert.ok(await page.locator(".headline").isVisible());
  const head = await page.locator(".headline").boundingBox();
  assert.ok(head.y >= 0 && head.y < 800, "the headline in the window");
});

test("a clause named in the decision opens the policy at its declaration (keyboard)", async () => {
  const page = await open();
  const link = page.locator(".headline").getByRole("button", { name: "Q.6.1 Replacement of non-conforming goods" });
  await link.focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.getByRole("tab", { name: /^Policy/ }).getAttribute("aria-selected"), "true");
  await page.locator(".cm-activeLine").waitFor();
  assert.match(await page.locator(".cm-activeLine").textContent(), /^remedy replacement "Q\.6\.1 Replacement of non-conforming goods" \{/);
  assert.ok(await page.locator(".cm-activeLine").isVisible());
  // A flag's clause too.
  await page.locator(".notices").getByRole("button", { name: "Q.8 Recurring defect" }).click();
  assert.match(await page.locator(".cm-activeLine").textContent(), /^flag recurring "Q\.8 Recurring defect" \{/);
});

test("Format formats the declarations that parse and says which one it kept as written, where and why", async () => {
  const page = await open();
  await openTab(page, "Policy");
  const { endOfLine } = await import("./harness.mjs");
  // An untidy line in one remedy, and a broken cap.
  await endOfLine(page, "supplier credits affected_value * 30%");
  await page.keyboard.press("Home");
  await page.keyboard.type("      ");
  await endOfLine(page, "supplier total at most 55% of order.value");
  await page.keyboard.type(" +");
  await page.locator('#diagnostics li[data-code="E0001"]').waitFor({ timeout: 5_000 });
  const lines = policyText("apparel-coats").split("\n");
  const capLine = lines.findIndex((l) => l.startsWith('cap "Q.7 Limitation"')) + 1;
  await page.getByRole("button", { name: "Format" }).click();
  assert.equal(
    await page.locator("#format-note").textContent(),
    `Formatted, except 1 declaration kept as written because it does not parse: line ${capLine}, cap "Q.7 Limitation": expected an expression, found } at line ${capLine + 2}.`,
  );
  // The remedy is in the canonical layout again; the cap is as typed.
  assert.equal(await page.locator(".cm-line", { hasText: "supplier credits affected_value * 30%" }).first().textContent(), '  supplier credits affected_value * 30% as "Price reduction on affected units"');
  await endOfLine(page, "supplier total at most 55% of order.value +");
  // Once the cap parses, the whole policy is in the canonical layout.
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
  await page.locator("#diagnostics .diag-ok").waitFor();
  await page.getByRole("button", { name: "Format" }).click();
  assert.equal(await page.locator("#format-note").textContent(), "Already in the canonical layout.");
});

test("on a phone, a link at the top leads to the claim form", async () => {
  const page = await open("", { width: 390, height: 844 });
  await page.getByRole("link", { name: "Edit the claim" }).click();
  await page.waitForTimeout(300);
  const form = await page.getByLabel("Claim id").boundingBox();
  assert.ok(form.y >= 0 && form.y < 844, `the claim form at ${form.y} px`);
});

test("authoring: the editor completes the policy's names and says what a name is on hover", async () => {
  const page = await open();
  await openTab(page, "Policy");
  const { endOfLine } = await import("./harness.mjs");
  await endOfLine(page, "supplier total at most 55% of order.value");
  await page.keyboard.press("Enter");
  await page.keyboard.type("stock_cr");
  await page.locator(".cm-tooltip-autocomplete").waitFor({ timeout: 5_000 });
  assert.match(await page.locator(".cm-tooltip-autocomplete li[aria-selected]").textContent(), /^stock_critical\s*input, bool$/);
  // CodeMirror ignores Enter for a moment after the list opens (its interaction delay).
  await page.waitForTimeout(200);
  await page.keyboard.press("Enter");
  assert.match(await page.locator(".cm-activeLine").textContent(), /^\s*stock_critical$/);
  await page.keyboard.press("Shift+Home");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
  await page.locator("#diagnostics .diag-ok").waitFor();
  // Hover over a remedy's name where the policy uses it.
  const use = page.locator(".cm-line", { hasText: "prefer replacement" }).first();
  await use.scrollIntoViewIfNeeded();
  const box = await use.boundingBox();
  const lineText = await use.textContent();
  const col = lineText.indexOf("replacement") + 3;
  const at = await pointAt(use, col);
  assert.ok(at && box);
  await page.mouse.move(at.x - 3, at.y);
  await page.mouse.move(at.x, at.y, { steps: 3 });
  await page.locator(".cm-name-info").waitFor({ timeout: 5_000 });
  assert.equal(await page.locator(".cm-name-info").textContent(), "replacement (remedy): Q.6.1 Replacement of non-conforming goods");
});

test("the page's own anchors (skip links, Edit the claim) are not taken for a broken link", async () => {
  const page = await open();
  await page.getByLabel("Affected units").fill("100");
  await page.getByLabel("Affected units").blur();
  const claim = { ...claimOf("apparel-coats.claim.json"), affected_units: 100 };
  const d = decide(policyText("apparel-coats"), claim);
  await expectHeadline(page, { remedy: d.recommendation.remedy, total: `USD ${d.remedies.find((r) => r.name === d.recommendation.remedy).supplier_total}` });
  await page.evaluate(() => (location.hash = "#decision"));
  await page.waitForTimeout(300);
  assert.equal(await page.locator("#link-notice").isVisible(), false);
  assert.equal(await page.getByLabel("Affected units").inputValue(), "100", "the edited claim is kept");
});

test("authoring: an outline of the policy's blocks, each a way to its line, there while the policy has errors", async () => {
  const page = await open();
  await openTab(page, "Policy");
  await page.getByText("Outline of the policy").click();
  const items = await page.locator("#outline button").allTextContents();
  assert.deepEqual(items.slice(0, 6), ['calendar supplier “Pearl River Garments, Dongguan”', "defects", "sampling “Q.3 Acceptance sampling”", "deadline notice “Q.5.1 Notice of non-conformity”", "deadline response “Q.5.2 Supplier response”", "deadline cure “Q.5.3 Cure period”"]);
  assert.ok(items.includes("remedy qa_audit “Q.8.1 Joint QA audit and corrective action plan”"));
  await page.locator("#outline").getByRole("button", { name: "cap “Q.7 Limitation”" }).click();
  assert.match(await page.locator(".cm-activeLine").textContent(), /^cap "Q\.7 Limitation" \{/);
  // With an error in the policy, still there.
  await page.keyboard.press("End");
  await page.keyboard.type(" +");
  await page.locator('#diagnostics li[data-code="E0001"]').waitFor({ timeout: 5_000 });
  assert.deepEqual(await page.locator("#outline button").allTextContents(), items);
});

test("keyboard only: a field typed and left with Tab, the tabs with arrow keys, the share link", async () => {
  const page = await open();
  // Reach the unit price by Tab alone.
  let found = false;
  for (let i = 0; i < 80 && !found; i++) {
    await page.keyboard.press("Tab");
    found = await page.evaluate(() => document.activeElement?.getAttribute("name") === "order-unit_price");
  }
  assert.ok(found, "the unit price is reachable with Tab");
  await page.keyboard.press("Control+a");
  await page.keyboard.type("40.50", { delay: 40 });
  await page.keyboard.press("Tab");
  const claim = claimOf("apparel-coats.claim.json");
  claim.order.unit_price = "40.50";
  const d = decide(policyText("apparel-coats"), claim);
  await expectHeadline(page, { remedy: d.recommendation.remedy, total: `USD ${d.remedies.find((r) => r.name === d.recommendation.remedy).supplier_total}` });
  // The tabs: focus the selected one, then arrow keys.
  await page.getByRole("tab", { name: "Claim", exact: true }).focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.getByRole("tab", { name: "Claim JSON" }).getAttribute("aria-selected"), "true");
  assert.equal(JSON.parse(await page.locator("#claim-json").inputValue()).order.unit_price, "40.50");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.getByRole("tab", { name: /^Policy/ }).getAttribute("aria-selected"), "true");
  // Share with Enter.
  await page.getByRole("button", { name: "Share link" }).focus();
  await page.keyboard.press("Enter");
  assert.match(await page.getByLabel("Link to this scenario").inputValue(), /#v=2&policy=apparel-coats&/);
});

test("the timeline shows the next weeks at a readable scale; what lies beyond runs off its end", async () => {
  const page = await open();
  const row = page.locator(".tl-row", { hasText: "Supplier response due" });
  const [today, due, track] = await Promise.all([
    row.locator(".tl-today").boundingBox(),
    row.locator(".tl-bar").boundingBox(),
    row.locator(".tl-track").boundingBox(),
  ]);
  // Six days (Fri 6 to Thu 12 Mar) take about a tenth of the track (with the arbitration of June
  // 2027 on the same scale they took 1 %).
  assert.ok((due.x - today.x) / track.width >= 0.08, `6 days are ${(((due.x - today.x) / track.width) * 100).toFixed(1)} % of the track`);
  // The arbitration, a year out, keeps its dates in its label and sits at the track's end.
  const arb = page.locator(".tl-row", { hasText: "arbitration" });
  assert.match(await arb.locator(".tl-dates").textContent(), /Fri 10 Apr 2026 – Sat 5 Jun 2027/);
  const bar = await arb.locator(".tl-bar").boundingBox();
  const arbTrack = await arb.locator(".tl-track").boundingBox();
  assert.ok(bar.x + bar.width <= arbTrack.x + arbTrack.width + 1, "within its track");
});
