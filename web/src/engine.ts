// The only place that talks to the engine (the `recourse` npm package, WebAssembly). The page
// computes no amount, date or decision of its own: everything shown comes from these calls.
import init, * as recourse from "recourse";
import type { PolicyHandle } from "recourse";
import wasmUrl from "recourse/recourse_bg.wasm?url";
import type { Claim, Decision, Diagnostic, EvalError, PolicyInfo } from "./types";

export type { PolicyHandle };

export async function start(): Promise<void> {
  await init({ module_or_path: wasmUrl });
}

export function engineVersion(): string {
  return recourse.version();
}

export function check(source: string): Diagnostic[] {
  return recourse.check(source);
}

export type Compiled = { ok: true; policy: PolicyHandle; warnings: Diagnostic[] } | { ok: false; errors: Diagnostic[] };

export function compile(source: string): Compiled {
  return recourse.compile(source) as Compiled;
}

export type Evaluated = { ok: true; decision: Decision } | { ok: false; errors: EvalError[] };

export function evaluate(policy: PolicyHandle, claim: Claim): Evaluated {
  return policy.evaluate(claim, {}) as Evaluated;
}

type FormatFn = (source: string) => { ok: true; text: string } | { ok: false; errors: Diagnostic[] };

/** `format(source)`, when the package has it. */
export function formatter(): FormatFn | null {
  // Looked up at run time: the package may not export it (yet).
  const f = Reflect.get(recourse, "format") as FormatFn | undefined;
  return typeof f === "function" ? f : null;
}

/** `handle.describe()`: the policy's catalogue, inputs and remedies, for the claim form. */
export function describe(policy: PolicyHandle): PolicyInfo {
  return (policy as unknown as { describe: () => PolicyInfo }).describe();
}
