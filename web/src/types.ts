// The engine's shapes, as the npm package declares them (its dist holds TypeScript generated from
// crates/recourse/schema/*.schema.json, the Rust types), and names for the parts the page uses.
export type { Claim, CompileResult, Decision, Diagnostic, EvalError, EvaluateResult, FlipsResult, FormatResult, PacketResult, PolicyInfo, SweepResult } from "recourse";
import type { Decision } from "recourse";

export type RemedyResult = Decision["remedies"][number];
export type DeadlineResult = Decision["deadlines"][number];
export type Finding = Decision["findings"][number];
export type FlagResult = Decision["flags"][number];
