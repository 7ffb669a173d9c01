// The only place that talks to the engine (the `recourse` npm package, WebAssembly). The page
// computes no amount, date or decision of its own: everything shown comes from these calls.
import init, * as recourse from "recourse";
import type { PolicyHandle } from "recourse";
import wasmUrl from "recourse/recourse_bg.wasm?url";
import type { Claim, Decision, Diagnostic, EvalError, PolicyInfo, Severity } from "./types";

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

/**
 * `handle.describe()`: the policy's catalogue, inputs and remedies, for the claim form. When the
 * package does not bind it, a reduced description is read off a decision and the claim (the
 * defect codes the decision lists, the facts the claim carries); `null` if there is neither.
 */
export function describe(policy: PolicyHandle, claim: Claim | null, decision: Decision | null): { info: PolicyInfo; full: boolean } | null {
  const d = (policy as unknown as { describe?: () => PolicyInfo }).describe;
  if (typeof d === "function") return { info: d.call(policy), full: true };
  if (!decision) return null;
  return { info: reducedInfo(policy, claim, decision), full: false };
}

function reducedInfo(policy: PolicyHandle, claim: Claim | null, decision: Decision): PolicyInfo {
  const defects: PolicyInfo["defects"] = [];
  for (const cls of decision.lot.classes) {
    for (const c of cls.codes) defects.push({ code: c.code, severity: cls.severity as Severity, description: "" });
  }
  const excluded = decision.lot.excluded.map((e) => ({ code: e.code, description: e.description, route: e.route }));
  const known = new Set([...defects.map((x) => x.code), ...excluded.map((x) => x.code)]);
  for (const f of claim?.inspection?.found ?? []) {
    if (!known.has(f.defect)) {
      known.add(f.defect);
      defects.push({ code: f.defect, severity: "minor", description: "" });
    }
  }
  const facts = (claim?.facts ?? {}) as Record<string, unknown>;
  const inputs = Object.entries(facts).map(([name, value]) => ({
    name,
    type: typeof value === "boolean" ? "bool" : typeof value === "number" ? "int" : "text",
    default: null,
    description: null,
  }));
  // The places of the currency, as the engine writes its amounts.
  const sample = decision.remedies[0]?.supplier_total ?? "0.00";
  const dot = sample.indexOf(".");
  return {
    title: policy.title,
    currency: decision.currency,
    minor_units: dot < 0 ? 0 : sample.length - dot - 1,
    rounding: "half_up",
    calendar: null,
    defects,
    exclusions: excluded,
    inputs,
    remedies: decision.remedies.map((r) => ({ name: r.name, clause: r.clause })),
    deadlines: decision.deadlines.map((x) => ({ name: x.name, clause: x.clause })),
    flags: decision.flags.map((f) => ({ name: f.name, clause: f.clause })),
    examples: [],
  };
}
