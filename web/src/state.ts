// What the page holds: the policy, its handle and catalogue, the claim, the last decision and the
// what-if settings. One object, shared by the modules that show it (main.ts wires them).
import type { PolicyHandle } from "./engine";
import type { Claim, Decision, EvalError, PolicyInfo } from "./types";
import type { Variable } from "./variables";

export const DEFAULT_POLICY = "apparel-coats";

export const state = {
  policyName: DEFAULT_POLICY as string | null,
  claimFile: null as string | null,
  source: "",
  claim: {} as Claim,
  handle: null as PolicyHandle | null,
  info: null as PolicyInfo | null,
  infoKey: "",
  decision: null as Decision | null,
  /** "the policy has 2 errors (first at line 3: ...)", or null when it compiles. */
  policyError: null as string | null,
  /** Why the claim JSON being typed does not read, or null. */
  jsonError: null as string | null,
  evalErrors: [] as EvalError[],
  selected: null as string | null,
  variables: [] as Variable[],
  variableId: "defect",
  defectCode: "",
  range: { min: 0, max: 10, step: 1 },
  touched: false,
};

/** `f` run once, `ms` after the last of a burst of calls. */
export function later(ms: number, f: () => void): () => void {
  let t: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(t);
    t = setTimeout(f, ms);
  };
}

export const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
