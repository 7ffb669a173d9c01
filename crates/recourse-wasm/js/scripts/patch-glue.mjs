// Adds to the glue wasm-bindgen generates (dist/recourse.js) the one thing index.js needs to
// recover from a trap, and that the glue keeps private: replacing its instance by a fresh one of
// the same compiled module. Only appends a function (the module's own `let` bindings are
// assignable from inside it); fails the build if the glue no longer has the bindings it resets.
//   node scripts/patch-glue.mjs [DIR]    DIR relative to the crate, as .ci/build-wasm passes it
import { readFileSync, writeFileSync } from "node:fs";

const dir = process.argv[2] ? new URL(`../../${process.argv[2]}/`, import.meta.url) : new URL("../dist/", import.meta.url);
const file = new URL("recourse.js", dir);
let glue = readFileSync(file, "utf8");

const MARK = "// Appended by scripts/patch-glue.mjs";
if (glue.includes(MARK)) glue = glue.slice(0, glue.indexOf(MARK));

const need = [
  /^let wasmModule, wasmInstance, wasm;$/m,
  /^function __wbg_finalize_init\(instance, module\) \{$/m,
  /^ {4}wasmModule = module;$/m,
  /^function initSync\(module\) \{\n {4}if \(wasm !== undefined\) return wasm;$/m,
];
for (const re of need) {
  if (!re.test(glue)) throw new Error(`${file.pathname}: the glue no longer has ${re}: update scripts/patch-glue.mjs`);
}
// Every cached view of the old instance's memory (Uint8Array, DataView, ...).
const caches = [...glue.matchAll(/^let (cached\w*Memory\w*) = null;$/gm)].map((m) => m[1]);
if (caches.length === 0) throw new Error(`${file.pathname}: no cached memory views found: update scripts/patch-glue.mjs`);

glue += `${MARK} (the package's trap recovery, index.js).
let recourseGeneration = 0;
/** Whether \`init\` or \`initSync\` has run. */
export function __recourseInitialised() {
    return wasm !== undefined;
}
/** How many times the instance was replaced: objects of an older one hold pointers into dead memory. */
export function __recourseGeneration() {
    return recourseGeneration;
}
/** Replace the instance by a fresh one of the same compiled module: after a trap. */
export function __recourseReinstantiate() {
    const module = wasmModule;
    if (!(module instanceof WebAssembly.Module)) throw new Error("the module was never initialised");
    recourseGeneration += 1;
    wasm = undefined;
    wasmInstance = undefined;
${caches.map((c) => `    ${c} = null;`).join("\n")}
    return initSync({ module });
}
`;
writeFileSync(file, glue);
