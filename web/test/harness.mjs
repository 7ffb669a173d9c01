// What the scenario lab's browser tests share: Debian's Chromium (headless) driven by
// playwright-core against the built page (web/dist) served by `vite preview` on 127.0.0.1, and
// the engine under Node as the oracle. Importing it registers the server and browser set-up and
// the after-each check (no console error or warning, no request off 127.0.0.1) in the test file.
import { before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { compile } from "recourse";

export const WEB = fileURLToPath(new URL("..", import.meta.url));
export const ROOT = join(WEB, "..");
export const ARTIFACTS = join(WEB, "test-artifacts");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export const policyText = (name) => readFileSync(join(ROOT, "policies", `${name}.policy`), "utf8");
export const claimOf = (file) => JSON.parse(readFileSync(join(ROOT, "policies", file), "utf8"));
/** The engine's decision under Node: the oracle for what the page must show. */
export function decide(source, claim) {
  const c = compile(source);
  assert.ok(c.ok, "the policy compiles under Node");
  const r = c.policy.evaluate(claim, {});
  c.policy.free();
  assert.ok(r.ok, "the claim evaluates under Node");
  return r.decision;
}

let server;
let context;
let userDataDir;
export let base;
const pages = [];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForServer(url, child, ms = 30_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`vite preview exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no answer from ${url} within ${ms} ms`);
}

function stopServer() {
  if (server && server.exitCode === null) server.kill("SIGTERM");
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  base = `http://127.0.0.1:${port}/`;
  server = spawn(process.execPath, [join(WEB, "node_modules/vite/bin/vite.js"), "preview", "--host", "127.0.0.1", "--port", String(port), "--strictPort"], {
    cwd: WEB,
    stdio: ["ignore", "ignore", "inherit"],
  });
  process.on("exit", stopServer);
  await waitForServer(base, server);
  userDataDir = mkdtempSync(join(tmpdir(), "recourse-lab-chromium-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  // Nothing may leave 127.0.0.1: anything else is refused here and reported by the page check.
  await context.route(/^(?!http:\/\/127\.0\.0\.1[:/]|data:|blob:)/, (route) => route.abort());
});

after(async () => {
  await context?.close();
  stopServer();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

/** A new page that records console errors and warnings, page errors and requests off 127.0.0.1. */
export async function open(hash = "", viewport = { width: 1280, height: 800 }) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (!["data:", "blob:"].includes(u.protocol) && u.hostname !== "127.0.0.1") problems.push(`request off 127.0.0.1: ${r.url()}`);
  });
  await page.setViewportSize(viewport);
  await page.goto(base + hash);
  await page.waitForSelector("body[data-loaded]", { timeout: 20_000 });
  pages.push({ page, problems });
  return page;
}

afterEach(async () => {
  for (const { page, problems } of pages.splice(0)) {
    await page.close();
    assert.deepEqual(problems, [], "no console errors or warnings, no request off 127.0.0.1");
  }
});

export const text = async (page, testid) => (await page.getByTestId(testid).first().textContent()).trim();

/** "USD 8930.00" as the page writes it: "USD 8,930.00" (separators between the engine's digits). */
export function shown(amount) {
  return amount.replace(/(-?)(\d+)(\.\d+)?$/, (_, sign, int, frac = "") => `${sign}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${frac}`);
}

/** The headline: the recommended remedy (its identifier, `data-remedy`; "" for none), the supplier
 * total and net recovery (the engine's strings, e.g. "USD 8930.00", shown with separators), and
 * the date shown. */
export async function expectHeadline(page, { remedy, total, net, due }) {
  const want = remedy === "no remedy available" ? "" : remedy;
  await page
    .waitForFunction(
      ([r, t]) => document.querySelector('[data-testid="recommended"]')?.dataset.remedy === r && (t === null || document.querySelector('[data-testid="supplier-total"]')?.textContent === t),
      [want, total && !total.endsWith("undefined") ? shown(total) : null],
      { timeout: 5_000 },
    )
    .catch(() => {});
  assert.equal(await page.getByTestId("recommended").first().getAttribute("data-remedy"), want);
  if (want) assert.equal(await text(page, "supplier-total"), shown(total));
  if (net) assert.equal(await text(page, "net-recovery"), shown(net));
  if (due) assert.equal(await text(page, "response-due"), due);
}

/** Each remedy row of the comparison shows the engine's amounts, with the currency. */
export async function expectComparison(page, decision) {
  for (const r of decision.remedies) {
    const row = page.locator(`table.comparison tr[data-remedy="${r.name}"]`);
    const cells = (await row.locator("td.num").allTextContents()).map((s) => s.trim());
    assert.deepEqual(cells, [r.supplier_total, r.buyer_pays, r.buyer_net_recovery].map((a) => shown(`${decision.currency} ${a}`)), `amounts of ${r.name}`);
    assert.equal(await row.evaluate((el) => el.classList.contains("unavailable")), !r.available, `${r.name} greyed when unavailable`);
  }
}

export async function openTab(page, name) {
  await page.getByRole("tab", { name, exact: true }).click();
}

/** Put the cursor at the end of the editor line that contains `needle`, scrolling to it. */
export async function endOfLine(page, needle) {
  const line = page.locator(".cm-line", { hasText: needle }).first();
  await page.locator(".cm-content").hover();
  // From the top down: the editor may be scrolled past the line (after Format, say), and it only
  // renders the lines near the view.
  if (!(await line.isVisible())) await page.mouse.wheel(0, -1e6);
  for (let i = 0; i < 80 && !(await line.isVisible()); i++) await page.mouse.wheel(0, 200);
  await line.click();
  await page.keyboard.press("End");
}

/** The window coordinates of the middle of character `col` (0-based) of an editor line. */
export function pointAt(line, col) {
  return line.evaluate((el, col) => {
    const range = document.createRange();
    let n = col;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (n < t.textContent.length) {
        range.setStart(t, n);
        range.setEnd(t, n + 1);
        const r = range.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }
      n -= t.textContent.length;
    }
    return null;
  }, col);
}
