// The browser harness of the page's tests: `vite preview` of the built page (web/dist) on
// 127.0.0.1, Debian's Chromium (headless) through playwright-core, pages that record console
// errors, page errors and requests off 127.0.0.1 (each test fails on any), and the engine under
// Node as the oracle. Importing it registers the hooks that start and stop the server and browser.
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
/** The page's address, once the server is up (a live binding). */
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
