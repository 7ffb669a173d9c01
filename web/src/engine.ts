// The only place that talks to the engine (the `recourse` npm package, WebAssembly), with the
// redline's worker (redline-worker.ts), which runs its `diff` off the page's thread. The page
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

/** Notes of customer returns longer than this are handed to `evaluate` shortened to it. */
const NOTE_FOR_EVALUATION = 1000;
/** The engine's limit on a claim's JSON text: a claim past it is passed whole, to be refused. */
const CLAIM_LIMIT = 4 * 1024 * 1024;

/**
 * The claim as `evaluate` needs it. A decision never reads the customers' notes (only the packet
 * does, and it gets the whole claim), yet each evaluation copies the claim into the engine: a 1 MB
 * note would cost every edit and every point of the what-if sweep tens of milliseconds. A long note
 * is handed over shortened (still a string, so the claim reads the same); a claim that would be
 * over the engine's size limit goes whole, so the engine refuses it as it would.
 */
export function forEvaluation(claim: Claim): Claim {
  const returns = claim.customer_returns;
  if (!Array.isArray(returns) || !returns.some((r) => typeof r?.note === "string" && r.note.length > NOTE_FOR_EVALUATION)) return claim;
  const noteChars = returns.reduce((n, r) => n + (typeof r?.note === "string" ? r.note.length : 0), 0);
  if (noteChars * 3 > CLAIM_LIMIT) return claim;
  return {
    ...claim,
    customer_returns: returns.map((r) => (typeof r?.note === "string" && r.note.length > NOTE_FOR_EVALUATION ? { ...r, note: r.note.slice(0, NOTE_FOR_EVALUATION) } : r)),
  };
}

export function evaluate(policy: PolicyHandle, claim: Claim): EvaluateResult {
  return policy.evaluate(forEvaluation(claim), {});
}

/** The claim at every value of one input (`vary`, an engine path), as columns: one call. */
export function sweep(policy: PolicyHandle, claim: Claim, vary: string, from: string, to: string, step: string): SweepResult {
  return policy.sweep(forEvaluation(claim), { vary, from, to, step });
}

/** Every value of one input between `from` and `to` where the decision turns (every value evaluated). */
export function flips(policy: PolicyHandle, claim: Claim, vary: string, from: string, to: string): FlipsResult {
  return policy.flips(forEvaluation(claim), { vary, from, to });
}

/** The policy source in the canonical layout, or its syntax errors; with `keepUnparsable`, the
 * declarations that parse formatted and the others kept as written (listed in `kept`). */
export function format(source: string, keepUnparsable = false): FormatResult {
  return recourse.format(source, { keepUnparsable });
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

export type { DiffResult } from "recourse";
