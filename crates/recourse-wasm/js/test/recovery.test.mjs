// Issue 11: "any trap must leave the module usable". A trap leaves a WebAssembly instance dead
// (its shadow stack pointer and borrow flags stay where the trap left them); the package's entry
// (index.js) replaces the instance by a fresh one of the same module, answers E0009 for the call
// that trapped, and compiles existing policies again at their next use. Everything here goes
// through ONE module instance of the package, the one `import "recourse"` gives.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import * as entry from "recourse";
import * as glue from "../dist/recourse.js";
import { designPolicy, designClaim, repoText } from "./helpers.mjs";

const { compile, check, format, version, __trapForTest } = entry;
const wasmBytes = readFileSync(new URL("../dist/recourse_bg.wasm", import.meta.url));

const handle = compile(designPolicy).policy;
const good = handle.evaluate(designClaim());

/** The design claim's decision, exactly: what must come out after every trap. */
function assertGoodDecision(policy, what) {
  const r = policy.evaluate(designClaim());
  assert.equal(r.ok, true, `${what}: ${JSON.stringify(r.errors ?? r).slice(0, 300)}`);
  assert.equal(r.decision.recommendation.remedy, "replacement", what);
  assert.deepEqual(
    r.decision.remedies.map((x) => [x.name, x.available, x.supplier_total]),
    [
      ["replacement", true, "8930.00"],
      ["price_reduction", false, "2394.00"],
      ["credit_offset", true, "7980.00"],
      ["return_to_origin", true, "9780.00"],
      ["qa_audit", true, "1500.00"],
    ],
    what,
  );
  assert.deepEqual(r, good, what);
}

/** The instance behind the package's back dies as a trap leaves it: the package does not know. */
function killInstance() {
  assert.throws(() => glue.__trapForTest(1), WebAssembly.RuntimeError);
}

function assertTrapped(error, what) {
  assert.equal(error.code, "E0009");
  assert.match(error.message, new RegExp(`^the engine trapped in \`${what}\` \\((RuntimeError|RangeError): `));
}

test("the entry exports everything the glue does (the recovery's own hooks aside)", () => {
  const own = Object.keys(glue).filter((k) => !k.startsWith("__recourse")).sort();
  assert.deepEqual(Object.keys(entry).sort(), own);
  assert.equal(entry.PolicyHandle === glue.PolicyHandle, false, "the entry's handle class wraps the glue's");
  assert.ok(handle instanceof entry.PolicyHandle);
});

test("without the recovery, a trap leaves the instance dead (the glue alone, its own instance)", async () => {
  const bare = await import("../dist/recourse.js?bare-instance");
  bare.initSync({ module: wasmBytes });
  bare.compile(designPolicy).policy.free(); // (its finalizer would free it in the dead instance)
  assert.throws(() => bare.__trapForTest(1), WebAssembly.RuntimeError);
  assert.throws(() => bare.compile(designPolicy), WebAssembly.RuntimeError, "every later call fails");
  assert.throws(() => bare.check("policy {"), WebAssembly.RuntimeError);
});

test("a forced trap answers E0009, and the same handles, functions and instance go on", () => {
  for (const kind of [0, 1, 1, 0, 1]) {
    const r = __trapForTest(kind);
    assert.deepEqual(Object.keys(r), ["ok", "errors"]);
    assert.equal(r.ok, false);
    assert.equal(r.errors.length, 1);
    assertTrapped(r.errors[0], "__trapForTest");
    assert.match(r.errors[0].message, kind === 0 ? /RuntimeError: unreachable/ : /RuntimeError: memory access out of bounds/);
    assertGoodDecision(handle, `after forced trap ${kind}`);
    assert.equal(handle.title, "Outerwear Supply Agreement 2026, Schedule Q");
    assert.equal(handle.describe().currency, "USD");
    assert.equal(handle.packet(designClaim()).ok, true);
    assert.match(version(), /^recourse \d+\.\d+\.\d+/);
    assert.equal(check("policy {")[0].code, "E0001");
    assert.equal(format(designPolicy).ok, true);
    const fresh = compile(designPolicy).policy;
    assertGoodDecision(fresh, "a policy compiled after the trap");
    fresh.free();
  }
});

test("every call meeting a dead instance answers E0009 in its own error shape, then works", () => {
  const sourceError = compile(42).errors[0]; // a diagnostic without a position, as E0009's is
  const claimError = handle.evaluate(undefined).errors[0];

  killInstance();
  const c = compile(designPolicy);
  assert.equal(c.ok, false);
  assert.deepEqual(Object.keys(c), ["ok", "errors"]);
  assertTrapped(c.errors[0], "compile");
  assert.deepEqual({ ...c.errors[0], code: sourceError.code, message: sourceError.message }, sourceError);
  assert.equal(compile(designPolicy).ok, true, "the next compile works");

  killInstance();
  const d = check(designPolicy);
  assert.equal(d.length, 1);
  assertTrapped(d[0], "check");
  assert.deepEqual(check(designPolicy), []);

  killInstance();
  const f = format(designPolicy);
  assert.equal(f.ok, false);
  assertTrapped(f.errors[0], "format");
  assert.equal(format(designPolicy).ok, true);

  const claim = designClaim();
  const receipts = JSON.parse(repoText("policies/apparel-coats.receipts.json"));
  const calls = {
    evaluate: () => handle.evaluate(claim, { trace: true }),
    describe: () => handle.describe(),
    packet: () => handle.packet(claim),
    closeout: () => handle.closeout(claim, "a new zipper supplier"),
    log: () => handle.log([claim]),
    scorecard: () => handle.scorecard({ claims: [claim], receipts }),
  };
  for (const [name, call] of Object.entries(calls)) {
    killInstance();
    const r = call();
    assert.deepEqual(Object.keys(r), ["ok", "errors"], name);
    assert.equal(r.ok, false);
    assertTrapped(r.errors[0], name);
    assert.deepEqual(Object.keys(r.errors[0]).sort(), Object.keys(claimError).sort());
    assert.equal(call().ok, true, `${name} works on the fresh instance`);
  }

  // No error result: tried once more on the fresh instance.
  killInstance();
  assert.equal(handle.title, "Outerwear Supply Agreement 2026, Schedule Q");
  killInstance();
  assert.match(version(), /^recourse /);
  assertGoodDecision(handle, "after each call met a dead instance");
});

test("a trap inside a nested call (a claim's toJSON) answers the outer call with E0009", () => {
  const claim = designClaim();
  const nasty = {
    toJSON() {
      __trapForTest(1);
      return claim;
    },
  };
  const r = handle.evaluate(nasty);
  assert.equal(r.ok, false);
  assertTrapped(r.errors[0], "evaluate");
  assertGoodDecision(handle, "after the nested trap");
});

test("freed handles stay freed across a replacement; `free` of a stale handle is harmless", () => {
  const a = compile(designPolicy).policy;
  const b = compile(designPolicy).policy;
  a.free();
  __trapForTest(1);
  assert.throws(() => a.evaluate(designClaim()), /freed/);
  b.free(); // its pointer belonged to the replaced instance: nothing to free in the new one
  assert.throws(() => b.evaluate(designClaim()), /freed/);
  a.free();
  assertGoodDecision(handle, "after freeing stale handles");
});

test("handles collected after a replacement free nothing in the new instance", async () => {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc");
  // Handles made first thing on a fresh instance and dropped at once; then another fresh
  // instance, where the same calls give new handles the same addresses. Were the dropped
  // handles' finalizers to free their addresses now, they would free these.
  __trapForTest(1);
  for (let i = 0; i < 40; i++) compile(designPolicy);
  __trapForTest(1);
  const fresh = Array.from({ length: 40 }, () => compile(designPolicy).policy);
  for (let i = 0; i < 6; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // More allocations, which would reuse whatever was freed by mistake, then every handle.
  const more = Array.from({ length: 40 }, () => compile(designPolicy).policy);
  fresh.forEach((h, i) => assertGoodDecision(h, `handle ${i} made after the replacement`));
  more.forEach((h, i) => assertGoodDecision(h, `handle ${i} made after the collection`));
  for (const h of [...fresh, ...more]) h.free();
  assertGoodDecision(handle, "the first handle");
});

// ---- generated bad input ----

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generators(random) {
  const int = (n) => Math.floor(random() * n);
  const pick = (xs) => xs[int(xs.length)];
  const nested = (n, leaf) => {
    let v = leaf;
    for (let i = 0; i < n; i++) v = random() < 0.5 ? [v] : { k: v };
    return v;
  };
  const zeros = (n) => "0".repeat(n);
  const oddStrings = () =>
    pick([
      "\uD800",
      "\uDFFF\uD800",
      "a\u0000b",
      "\uFFFE\uFFFF",
      "é".normalize("NFD"),
      "𝟘𝟙",
      "٣٤٥",
      "\u202Eevil",
      String.fromCharCode(...Array.from({ length: 40 }, () => int(0x10000))),
    ]);
  const badValue = () =>
    pick([
      () => null,
      () => true,
      () => -1,
      () => 1e308 * 10,
      () => -0,
      () => 2 ** 53 + 1,
      () => 0.1 + 0.2,
      () => "",
      () => "x".repeat(int(20) === 0 ? 1_000_000 : 5_000),
      () => `${zeros(1 + int(6000))}42.10`,
      () => `-${zeros(1 + int(6000))}1`,
      () => `0.${zeros(int(4000))}1`,
      () => `1${zeros(int(200))}`,
      () => "1e400",
      () => "42,10",
      () => " 42.10 ",
      () => "+42.10",
      () => "0x2A",
      () => "NaN",
      () => "2026-02-30",
      () => "99999-01-01",
      () => "-0001-01-01",
      oddStrings,
      () => nested(1 + int(1500), 1),
      () => [],
      () => ({}),
      () => Array.from({ length: int(500) }, () => ({ defect: oddStrings(), count: int(5) })),
      () => ({ toJSON: () => "tojson" }),
    ])();
  const randomJson = (depth = 0) => {
    const r = random();
    if (depth > 4 || r < 0.3) return badValue();
    if (r < 0.65) return Array.from({ length: int(5) }, () => randomJson(depth + 1));
    const o = {};
    for (let i = int(6); i > 0; i--) o[pick(["claim_id", "order", "costs", "facts", "inspection", "units", oddStrings(), "a"])] = randomJson(depth + 1);
    return o;
  };
  // A claim path to spoil, and what to put there.
  const paths = [
    ["claim_id"], ["as_of"], ["currency"], ["order"], ["order", "units"], ["order", "unit_price"], ["order", "value"],
    ["order", "delivered_on"], ["affected_units"], ["discovered_on"], ["notified_on"], ["costs"], ["costs", "return_freight"],
    ["costs", "outbound_freight"], ["facts"], ["facts", "stock_critical"], ["facts", "next_order_value"], ["inspection"],
    ["inspection", "lot_size"], ["inspection", "sample_size"], ["inspection", "found"], ["history"], ["customer"], ["note"],
  ];
  const badClaim = () => {
    if (random() < 0.2) return randomJson();
    const c = designClaim();
    for (let n = 1 + int(3); n > 0; n--) {
      const p = pick(paths);
      let at = c;
      for (const k of p.slice(0, -1)) at = at[k] && typeof at[k] === "object" ? at[k] : (at[k] = {});
      if (random() < 0.1) delete at[p.at(-1)];
      else at[p.at(-1)] = badValue();
    }
    return c;
  };
  const badPolicy = () =>
    pick([
      () => designPolicy.slice(0, int(designPolicy.length)),
      () => {
        const i = int(designPolicy.length);
        return designPolicy.slice(0, i) + pick(["(", ")", "{", "}", '"', "\u0000", oddStrings(), "let", " remedy ", "USD 1" + zeros(int(5000))]) + designPolicy.slice(i);
      },
      () => {
        const n = 400 + int(800);
        return `policy "P" { currency USD }\nlet a = ${"(costs.remedy + ".repeat(n)}1${")".repeat(n)}\n`;
      },
      () => {
        const n = int(3000);
        return `policy "P" { currency USD }\nlet a = ${"(".repeat(n)}1${")".repeat(n + int(2) - 1)}\n`;
      },
      () => `policy "P" { currency USD }\nlet a = USD ${zeros(1 + int(6000))}1.00\nreport let a\n`,
      () => `policy "P" { currency USD }\nlet a = ${"1 + ".repeat(int(3000))}1\n`,
      () => String.fromCharCode(...Array.from({ length: int(1000) }, () => int(0x10000))),
      () => JSON.stringify(randomJson()),
      () => pick([undefined, null, 42, {}, [designPolicy]]),
    ])();
  return { badClaim, badPolicy };
}

test("thousands of generated bad claims and policies through one instance, then the exact good decision", () => {
  const { badClaim, badPolicy } = generators(rng(20261130));
  const codes = new Map();
  const count = (code) => codes.set(code, (codes.get(code) ?? 0) + 1);
  const isCode = (c) => typeof c === "string" && /^[EW]\d{4}$/.test(c);
  const started = performance.now();
  for (let i = 0; i < 2500; i++) {
    const claim = badClaim();
    let r;
    assert.doesNotThrow(() => {
      r = handle.evaluate(claim, { trace: i % 2 === 0 });
    }, `claim ${i}`);
    assert.equal(typeof r.ok, "boolean", `claim ${i}`);
    if (r.ok) count("ok");
    else {
      assert.ok(r.errors.length > 0 && r.errors.every((e) => isCode(e.code) && typeof e.message === "string"), `claim ${i}`);
      count(r.errors[0].code);
    }
    if (i % 500 === 499) assertGoodDecision(handle, `after ${i + 1} bad claims`);
  }
  for (let i = 0; i < 1000; i++) {
    const source = badPolicy();
    let r;
    assert.doesNotThrow(() => {
      r = compile(source);
      for (const d of check(source)) assert.ok(isCode(d.code), `policy ${i}`);
      const f = format(source);
      assert.equal(typeof f.ok, "boolean");
    }, `policy ${i}`);
    if (r.ok) {
      count("compiled");
      r.policy.evaluate(badClaim());
      r.policy.free();
    } else {
      assert.ok(r.errors.length > 0 && r.errors.every((e) => isCode(e.code)), `policy ${i}`);
      count(r.errors[0].code);
    }
    if (i % 500 === 499) assertGoodDecision(handle, `after ${i + 1} bad policies`);
  }
  assertGoodDecision(handle, "the handle compiled before everything");
  assertGoodDecision(compile(designPolicy).policy, "a policy compiled after everything");
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  // What came out, for the log: E0009 counts the traps that the recovery absorbed.
  test.diagnostic?.(`outcomes in ${seconds} s: ${JSON.stringify(Object.fromEntries([...codes].sort()))}`);
  console.log(`# outcomes in ${seconds} s: ${JSON.stringify(Object.fromEntries([...codes].sort()))}`);
});

// ---- the browser's entry ----

test("the browser entry (index.js, init() from bytes) recovers too, in a module graph of its own", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "recourse-web-"));
  try {
    mkdirSync(path.join(dir, "dist"));
    const js = new URL("../", import.meta.url);
    copyFileSync(new URL("index.js", js), path.join(dir, "index.js"));
    copyFileSync(new URL("dist/recourse.js", js), path.join(dir, "dist", "recourse.js"));
    const web = await import(pathToFileURL(path.join(dir, "index.js")).href);
    assert.throws(() => web.compile(designPolicy), TypeError, "before init(), the glue's own error");
    await web.default({ module_or_path: wasmBytes });
    const policy = web.compile(designPolicy).policy;
    assertGoodDecision(policy, "web entry");
    assert.equal(web.__trapForTest(1).errors[0].code, "E0009");
    assertGoodDecision(policy, "web entry after a trap");
    await web.default({ module_or_path: wasmBytes }); // a no-op once initialised, after a replacement too
    assertGoodDecision(policy, "web entry after init() again");
    assertGoodDecision(handle, "the Node entry's instance was not touched");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
