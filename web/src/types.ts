// The engine's shapes. Claim, Decision, Diagnostic and EvalError come from the npm package (its
// dist holds TypeScript types generated from crates/recourse/schema/*.schema.json). PolicyInfo
// (`handle.describe()`, crates/recourse/schema/policy-info.schema.json) is written out here
// until the package exports it.
export type { Claim, Decision, Diagnostic, EvalError } from "recourse";
import type { Decision } from "recourse";

export type RemedyResult = Decision["remedies"][number];
export type DeadlineResult = Decision["deadlines"][number];
export type Finding = Decision["findings"][number];
export type FlagResult = Decision["flags"][number];

export type Severity = "minor" | "major" | "critical";

export interface PolicyInfo {
  title: string;
  currency: string;
  /** Decimal places of the currency (2 for USD, 0 for JPY). */
  minor_units: number;
  rounding: "half_up" | "half_even";
  calendar?: string | null;
  defects: { code: string; severity: Severity; description: string }[];
  exclusions: { code: string; description: string; route: string }[];
  /** `default` as the claim's `facts` would carry it (amounts as strings). */
  inputs: { name: string; type: string; default: unknown; description?: string | null }[];
  remedies: { name: string; clause: string }[];
  deadlines: { name: string; clause: string }[];
  flags: { name: string; clause: string }[];
  examples: string[];
}
