// The package's entry for browsers and bundlers (and, through node.js, for Node): the module that
// wasm-bindgen generates (dist/recourse.js), with the same exports and types, plus one guarantee:
// a trap never leaves the engine dead.
//
// A WebAssembly trap (a panic, which aborts in this build; a stack or memory exhausted; any
// exception thrown through the engine's frames) stops a call half-way: the instance's shadow stack
// pointer and the borrow flags of its objects stay where the trap left them, and later calls fail
// ("memory access out of bounds"). So every call into the engine goes through `guarded`: when one
// throws, the instance is replaced by a fresh one of the same compiled `WebAssembly.Module` (no
// download, no compile: about a millisecond), and the call that trapped returns the error E0009 in
// the shape of its other errors (`{ ok: false, errors: [...] }`; a diagnostic in `check`'s list).
// Policies compiled before keep working: a `PolicyHandle` keeps its source and compiles it again
// on the new instance at its next use.
//
// Every export of the glue is listed here (test/recovery.test.mjs checks that none is missing),
// not `export *`, which would also export the functions scripts/patch-glue.mjs adds for this file.
import * as glue from "./dist/recourse.js";

export { default, initSync } from "./dist/recourse.js";

/** The code of "the engine trapped" (grammar/DIAGNOSTICS.md; `Code::EngineTrapped` in the core). */
const TRAPPED = "E0009";

/** How many guarded calls are under way (a claim's `toJSON` may call the engine again). */
let depth = 0;
/** The exception of a nested call that trapped while an outer call was still in the instance. */
let poisoned = null;

/**
 * `call()`, or, when it throws, a fresh instance and `onTrap(error)`. A nested call that throws
 * (from a claim's `toJSON`, say) rethrows instead, and the outermost call, once out of the old
 * instance, replaces it and answers `onTrap` (its own result may come from a damaged instance).
 * Before `init()`, the glue's own exception is the caller's to see.
 */
function guarded(call, onTrap) {
  depth += 1;
  let result;
  let error = null;
  try {
    result = call();
  } catch (e) {
    error = e ?? new Error(String(e));
  } finally {
    depth -= 1;
  }
  if (error === null && poisoned === null) return result;
  if (error !== null && !glue.__recourseInitialised()) throw error;
  if (depth > 0) {
    poisoned ??= error;
    if (error !== null) throw error;
    return result;
  }
  const cause = poisoned ?? error;
  poisoned = null;
  glue.__recourseReinstantiate();
  return onTrap(cause);
}

function trapMessage(what, error) {
  const name = error?.name ?? "Error";
  const message = error?.message ?? String(error);
  return (
    `the engine trapped in \`${what}\` (${name}: ${message}); it was restarted from the same module ` +
    "and later calls work: please report the input of this call"
  );
}

/** An E0009 diagnostic, located at the start like the other diagnostics without a position. */
function trapDiagnostic(what, error) {
  return {
    code: TRAPPED,
    severity: "error",
    message: trapMessage(what, error),
    span: { start: 0, end: 0 },
    line: 1,
    column: 1,
    column_utf16: 1,
    end_line: 1,
    end_column: 1,
    end_column_utf16: 1,
    text: "",
  };
}

const evalTrapped = (what) => (error) => ({ ok: false, errors: [{ code: TRAPPED, message: trapMessage(what, error) }] });
const compileTrapped = (what) => (error) => ({ ok: false, errors: [trapDiagnostic(what, error)] });

/** `call()`, tried once more on the fresh instance if it traps: for calls without an error result. */
function retried(what, call) {
  return guarded(call, (first) =>
    guarded(call, (second) => {
      const e = new Error(trapMessage(what, second), { cause: first });
      e.code = TRAPPED;
      throw e;
    }),
  );
}

// ---- handles ----

/** The glue's handle class: each of its objects holds a pointer into one instance's memory. */
const Raw = glue.PolicyHandle;
/** A handle's source, and its glue object on the instance of generation `gen` (`raw: null` once freed). */
const inner = new WeakMap();
const MADE_HERE = Symbol("PolicyHandle");

// The glue frees a handle's Rust value when its JS object is collected, on whatever instance is
// current then: after a replacement, that would free some unrelated value of the new instance.
// So each pointer is taken out of the glue's registry into this one, with its generation, and
// freed only while that instance is still the current one.
const registry =
  typeof FinalizationRegistry === "undefined"
    ? { register() {}, unregister() {} }
    : new FinalizationRegistry(({ gen, ptr }) => {
        if (gen !== glue.__recourseGeneration()) return;
        const raw = Object.create(Raw.prototype);
        raw.__wbg_ptr = ptr;
        guarded(() => raw.free(), () => undefined);
      });

/** Move `raw`'s pointer from the glue's registry into ours, for `handle`. */
function adopt(handle, raw) {
  const ptr = raw.__destroy_into_raw();
  raw.__wbg_ptr = ptr;
  registry.unregister(handle);
  registry.register(handle, { gen: glue.__recourseGeneration(), ptr }, handle);
  return raw;
}

/** The handle's state; throws, as the glue does, for a freed handle (not a trap: nothing ran). */
function live(handle) {
  const state = inner.get(handle);
  if (state === undefined || state.raw === null) {
    throw new Error("this PolicyHandle was freed (free() or `using`): compile the policy again");
  }
  return state;
}

/** The handle's glue object on the current instance, compiled again if the instance was replaced. */
function current(state) {
  const gen = glue.__recourseGeneration();
  if (state.gen !== gen) {
    const again = glue.compile(state.source);
    if (again?.ok !== true) throw new Error(`the policy no longer compiles: ${again?.errors?.[0]?.message}`);
    state.raw = adopt(state.handle, again.policy);
    state.gen = gen;
  }
  return state.raw;
}

/**
 * A compiled policy. Evaluate many claims with one handle; `free()` releases it at once (a
 * finalizer releases it otherwise). Made by `compile`; survives the replacement of the instance.
 */
export class PolicyHandle {
  constructor(token, source, raw) {
    if (token !== MADE_HERE) throw new TypeError("a PolicyHandle is made by compile(source)");
    inner.set(this, { handle: this, source, raw: adopt(this, raw), gen: glue.__recourseGeneration() });
  }

  /** Release the compiled policy now; the handle cannot be used afterwards. */
  free() {
    const state = inner.get(this);
    if (state === undefined || state.raw === null) return;
    const { raw, gen } = state;
    state.raw = null;
    registry.unregister(this);
    if (gen === glue.__recourseGeneration()) guarded(() => raw.free(), () => undefined);
  }
}

if (typeof Symbol.dispose === "symbol") {
  PolicyHandle.prototype[Symbol.dispose] = PolicyHandle.prototype.free;
}

// Every method and getter of the glue's class, called on the current instance and guarded. Those
// that return `{ ok, ... }` answer a trap with `{ ok: false, errors: [E0009] }`; the others
// (`title`) are tried once more on the fresh instance.
const WITHOUT_ERROR_RESULT = new Set(["title"]);
/** A handle passed to a method (`old.diff(newer, ...)`): its glue object on the current instance. */
const unwrapped = (arg) => (arg instanceof PolicyHandle ? current(live(arg)) : arg);
for (const name of Object.getOwnPropertyNames(Raw.prototype)) {
  if (name === "constructor" || name === "free" || name === "__destroy_into_raw" || name in PolicyHandle.prototype) continue;
  const d = Object.getOwnPropertyDescriptor(Raw.prototype, name);
  if (typeof d.value === "function") {
    const method = d.value;
    const value =
      WITHOUT_ERROR_RESULT.has(name) || name.startsWith("__")
        ? function (...args) {
            const state = live(this);
            return retried(name, () => method.apply(current(state), args.map(unwrapped)));
          }
        : function (...args) {
            const state = live(this);
            return guarded(() => method.apply(current(state), args.map(unwrapped)), evalTrapped(name));
          };
    Object.defineProperty(value, "name", { value: name });
    Object.defineProperty(PolicyHandle.prototype, name, { configurable: true, writable: true, value });
  } else if (typeof d.get === "function") {
    const get = d.get;
    Object.defineProperty(PolicyHandle.prototype, name, {
      configurable: true,
      get() {
        const state = live(this);
        return retried(name, () => get.call(current(state)));
      },
    });
  }
}

// ---- functions ----

/** Parse and check a policy. Never throws. */
export function compile(source) {
  return guarded(() => {
    const r = glue.compile(source);
    if (r?.ok === true) r.policy = new PolicyHandle(MADE_HERE, source, r.policy);
    return r;
  }, compileTrapped("compile"));
}

/** Every diagnostic of a policy source (errors and warnings), sorted by position. Never throws. */
export function check(source) {
  return guarded(() => glue.check(source), (error) => [trapDiagnostic("check", error)]);
}

/** Format a policy source in the canonical layout, keeping its comments; with
 * `{ keepUnparsable: true }`, the declarations that parse, the others kept as written (listed in
 * `kept`). Never throws. */
export function format(source, options) {
  return guarded(() => glue.format(source, options), compileTrapped("format"));
}

/** The engine's name and version, as recorded in every decision (`decision.engine`). */
export function version() {
  return retried("version", () => glue.version());
}

/**
 * For the package's tests only: trap the instance on purpose (`0`: abort, as a panic does; any
 * other number: run out of stack), through the same recovery as every call. Answers E0009.
 */
export function __trapForTest(kind) {
  return guarded(() => glue.__trapForTest(kind), evalTrapped("__trapForTest"));
}
