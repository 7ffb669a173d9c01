// Benchmark (not a test): per-call `evaluate` time of several builds side by side, in one process,
// round after round, counting CPU time (process.cpuUsage) rather than wall time: on a shared
// machine the neighbours slow every build alike and stay out of the figures.
//
//   node bench/compare.mjs [BUILD ...]
//
// A BUILD is a folder holding recourse.js and recourse_bg.wasm (a dist of another commit, say,
// relative to the current folder), or `glue` (this package's dist/recourse.js alone) or `entry`
// (the package as Node imports it, with trap recovery). Default: `glue entry`.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const builds = process.argv.slice(2).length ? process.argv.slice(2) : ["glue", "entry"];
const here = new URL("../", import.meta.url);
const root = new URL("../../../", here);

async function load(build) {
  if (build === "entry") return import("recourse");
  const dir = build === "glue" ? new URL("dist/", here) : pathToFileURL(path.resolve(build) + path.sep);
  const glue = await import(new URL(`recourse.js?${encodeURIComponent(build)}`, dir).href);
  glue.initSync({ module: readFileSync(new URL("recourse_bg.wasm", dir)) });
  return glue;
}

const source = readFileSync(new URL("policies/apparel-coats.policy", root), "utf8");
const claim = JSON.parse(readFileSync(new URL("policies/apparel-coats.claim.json", root), "utf8"));
const handles = [];
for (const build of builds) handles.push([build, (await load(build)).compile(source).policy]);

const calls = 300;
const rounds = 25;
for (const trace of [false, true]) {
  const best = new Map(handles.map(([b]) => [b, Infinity]));
  for (let round = 0; round < rounds; round++) {
    for (const [build, handle] of handles) {
      const t0 = process.cpuUsage();
      for (let i = 0; i < calls; i++) handle.evaluate(claim, { trace });
      const { user, system } = process.cpuUsage(t0);
      if (round >= 3) best.set(build, Math.min(best.get(build), (user + system) / calls)); // 3 rounds of warm-up
    }
  }
  console.log(`evaluate, trace ${trace ? "on" : "off"}: best of ${rounds - 3} rounds of ${calls} calls, CPU time per call`);
  for (const [build, us] of best) console.log(`  ${build.padEnd(40)} ${us.toFixed(1).padStart(7)} µs`);
}
