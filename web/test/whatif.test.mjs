// The what-if chart through the engine's sweep and exact flip points (issue 12, issue 15): the
// page charts at least 1 000 points (every value of a shorter range) in one engine call, and names
// the exact values where the recommendation turns, which must equal what the npm package's `flips`
// finds under Node. Same harness as lab.test.mjs: Chromium (headless) against `vite preview`.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { compile } from "recourse";

const WEB = fileURLToPath(new URL("..", import.meta.url));
const ROOT = join(WEB, "..");
const ARTIFACTS = join(WEB, "test-artifacts");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const policyText = (name) => readFileSync(join(ROOT, "policies", `${name}.policy`), "utf8");
const claimOf = (file) => JSON.parse(readFileSync(join(ROOT, "policies", file), "utf8"));
/** The engine's decision under Node: the oracle for what the page must show. */
function decide(source, claim) {
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
let base;
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
  userDataDir = mkdtempSync(join(tmpdir(), "recourse-whatif-chromium-"));
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
async function open(hash = "", viewport = { width: 1280, height: 800 }) {
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

const flipsLine = async (page) => (await page.locator("#whatif-flips").textContent()).trim();

test("the defect count: every value charted, the exact flip named (credit_offset up to 0 defects, replacement from 1)", async () => {
  const page = await open();
  await page.getByLabel("Variable").selectOption("defect");
  await page.waitForFunction(() => document.getElementById("whatif-flips")?.dataset.variable === "defect", null, { timeout: 20_000 });
  const line = await flipsLine(page);
  assert.match(line, /every value computed/);
  assert.match(line, /: credit_offset up to 0 defects, replacement from 1\.$/, line);
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
  assert.match(await flipsLine(page), /^\d+ points, no flip: replacement throughout \(every value computed\)\.$/);
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
