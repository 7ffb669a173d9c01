// Size report of the package's .wasm: raw and gzipped (level 9), against the budget of issue 4.
//   node scripts/size-report.mjs [--check] [path/to.wasm]
// With --check it exits 1 when a size is over budget. .ci/test prints the report without
// --check: the budget is not met today (see README.md in this folder, "Size").
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUDGET = { raw: 350 * 1024, gzip: 130 * 1024 };

const args = process.argv.slice(2);
const enforce = args.includes("--check");
const path = args.find((a) => !a.startsWith("--")) ?? new URL("../dist/recourse_bg.wasm", import.meta.url);
const bytes = readFileSync(path);
const sizes = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

let over = false;
for (const what of ["raw", "gzip"]) {
  const isOver = sizes[what] > BUDGET[what];
  over ||= isOver;
  console.log(
    `.wasm ${what.padEnd(4)} ${kb(sizes[what]).padStart(9)} (${sizes[what]} bytes), budget ${kb(BUDGET[what])}: ${isOver ? "OVER" : "ok"}`,
  );
}
if (enforce && over) {
  console.error("the .wasm is over budget");
  process.exit(1);
}
