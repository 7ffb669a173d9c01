// The package's entry point under Node (the "node" export condition): the same module as the
// browser's (index.js: the glue with trap recovery), already initialised from the .wasm file next
// to it, so `compile` works at once (and `await init()` is a no-op, for code shared with the
// browser).
import { readFileSync } from "node:fs";
import { initSync } from "./index.js";

initSync({ module: readFileSync(new URL("./dist/recourse_bg.wasm", import.meta.url)) });

export * from "./index.js";
export { default } from "./index.js";
