// A small typed consumer of the package: `tsc -p test/tsconfig.json` checks it against the
// declarations the package ships (the handle, `CompileResult` and `EvaluateOptions` written by
// hand; Claim, Decision, Diagnostic, EvalError and the other results generated from the JSON
// Schemas of the Rust types). Not run.
import init, { check, compile, format, version } from "recourse";
import type {
  Claim,
  CompileResult,
  Decision,
  Diagnostic,
  DiffResult,
  EvalError,
  EvaluateOptions,
  EvaluateResult,
  FlipsOptions,
  FlipsResult,
  FormatResult,
  PolicyHandle,
  SweepOptions,
  SweepResult,
} from "recourse";

export async function main(source: string, claim: Claim): Promise<string> {
  await init();
  const v: string = version();
  const diagnostics: Diagnostic[] = check(source);
  const firstLine: number | undefined = diagnostics[0]?.line;

  const compiled: CompileResult = compile(source);
  if (!compiled.ok) {
    // @ts-expect-error: a failed compile has no handle
    compiled.policy;
    return compiled.errors.map((d: Diagnostic) => `${d.code} ${d.line}:${d.column} ${d.message}`).join("\n");
  }
  const handle: PolicyHandle = compiled.policy;
  const title: string = handle.title;
  const options: EvaluateOptions = { trace: true };
  const result: EvaluateResult = handle.evaluate(claim, options);
  handle.evaluate(claim);
  const sweepOptions: SweepOptions = { vary: "affected_units", from: 0, to: "400", step: 50 };
  const sweep: SweepResult = handle.sweep(claim, sweepOptions);
  const recommendedAt0: string | null | undefined = sweep.ok ? sweep.recommended[0] : undefined;
  const flipsOptions: FlipsOptions = { vary: "inspection.found[0].count", from: 0, to: 5 };
  const flips: FlipsResult = handle.flips(claim, flipsOptions);
  const firstFlip: string | undefined = flips.ok ? `${flips.points[0]?.below} -> ${flips.points[0]?.above}` : undefined;
  // @ts-expect-error: `vary` is required
  handle.flips(claim, { from: 0 });
  handle.free();
  if (!result.ok) {
    const errors: EvalError[] = result.errors;
    const field: string | null | undefined = errors[0]?.field;
    return `${errors[0]?.code} at ${field ?? "?"}`;
  }
  const decision: Decision = result.decision;
  const total: string | undefined = decision.remedies[0]?.supplier_total;
  const remedy: string | null | undefined = decision.recommendation.remedy;
  const formatted: FormatResult = format(source);
  const text: string = formatted.ok ? formatted.text : formatted.errors.map((e) => e.message).join("\n");
  return [v, firstLine, title, total, remedy, text.length, recommendedAt0, firstFlip].join(" ");
}

// The contract diff: the old version's handle against the new one's, over claims.
export function redline(old: PolicyHandle, newer: PolicyHandle, claims: Claim[]): string {
  const r: DiffResult = old.diff(newer, claims, 3);
  if (!r.ok) return r.errors.map((e: EvalError) => e.message).join("\n");
  const change: string | null | undefined = r.summary.supplier_change;
  const status: "unchanged" | "changed" | "failed" | undefined = r.claims[0]?.status;
  // @ts-expect-error: the report's claims carry no decision of their own
  r.claims[0]?.decision;
  return `${r.clauses.length} ${change} ${status}`;
}

// Claims are checked too: amounts are decimal strings or numbers, counts numbers.
export const claim: Claim = {
  claim_id: "C-1",
  as_of: "2026-03-06",
  currency: "USD",
  order: { units: 10, unit_price: "4.25", delivered_on: "2026-03-02" },
  affected_units: 3,
  discovered_on: "2026-03-04",
  notified_on: "2026-03-05",
  costs: { outbound_freight: 950, return_freight: "1800.00" },
  inspection: { lot_size: 5000, sample_size: 200, found: [{ defect: "zipper_failure", count: 3 }] },
};

export const wrong: Claim = {
  ...claim,
  // @ts-expect-error: an amount is not a boolean
  order: { units: 10, unit_price: true, delivered_on: "2026-03-02" },
};

// @ts-expect-error: a claim needs its fields
export const incomplete: Claim = { claim_id: "C-2" };

// @ts-expect-error: compile takes the source text
compile(42);
