// The only place that talks to the engine (the `recourse` npm package, WebAssembly). The page
// computes no amount, date or decision of its own: everything shown comes from these calls.
import init, * as recourse from "recourse";
import type { PolicyHandle } from "recourse";
import wasmUrl from "recourse/recourse_bg.wasm?url";
import type { Claim, CompileResult, EvaluateResult, FlipsResult, FormatResult, PacketResult, PolicyInfo, SweepResult } from "./types";

export type { PolicyHandle };

export async function start(): Promise<void> {
  await init({ module_or_path: wasmUrl });
}

export function engineVersion(): string {
  return recourse.version();
}

/** Parse and check a policy: a handle and its warnings, or every diagnostic. */
export function compile(source: string): CompileResult {
  return recourse.compile(source);
}

export function evaluate(policy: PolicyHandle, claim: Claim): EvaluateResult {
  return policy.evaluate(claim, {});
}

/** The claim at every value of one input (`vary`, an engine path), as columns: one call. */
export function sweep(policy: PolicyHandle, claim: Claim, vary: string, from: string, to: string, step: string): SweepResult {
  return policy.sweep(claim, { vary, from, to, step });
}

/** Every value of one input between `from` and `to` where the decision turns (every value evaluated). */
export function flips(policy: PolicyHandle, claim: Claim, vary: string, from: string, to: string): FlipsResult {
  return policy.flips(claim, { vary, from, to });
}

/** The policy source in the canonical layout, or its syntax errors. */
export function format(source: string): FormatResult {
  return recourse.format(source);
}

/** `handle.describe()`: the policy's catalogue, inputs and remedies, for the claim form; null in
 * the unexpected case that the engine could not make it. */
export function describe(policy: PolicyHandle): PolicyInfo | null {
  const r = policy.describe();
  return r.ok ? r : null;
}

/** The supplier claim packet (customers pseudonymised), as data and Markdown. */
export function packet(policy: PolicyHandle, claim: Claim): PacketResult {
  return policy.packet(claim);
}
