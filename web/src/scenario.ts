// Sharing: the URL hash holds the scenario (the bundled policy's name or the edited text, the
// claim, the what-if variable), compressed with lz-string. `#policy=NAME&claim=FILE` works too.
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from "lz-string";
import { POLICIES } from "./bundled";
import { $, later, state } from "./state";
import type { Claim } from "./types";

export interface Scenario {
  /** A bundled policy (file stem under policies/), or null for a policy that exists only as text. */
  policy: string | null;
  /** The policy text, when it differs from the bundled one. */
  text?: string;
  claim?: Claim;
  /** A bundled example claim (file name), when `claim` is absent. */
  claimFile?: string;
  whatif?: { variable: string; code?: string };
}

export function encode(s: Scenario): string {
  return `#s=${compressToEncodedURIComponent(JSON.stringify({ v: 1, ...s }))}`;
}

/** The scenario in a hash, or null (no hash, or one that does not read). */
export function decode(hash: string): Scenario | null {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const packed = params.get("s");
  if (packed) {
    try {
      const text = decompressFromEncodedURIComponent(packed);
      if (!text) return null;
      const o = JSON.parse(text) as Scenario & { v?: number };
      if (typeof o !== "object" || o === null) return null;
      return {
        policy: typeof o.policy === "string" ? o.policy : null,
        text: typeof o.text === "string" ? o.text : undefined,
        claim: typeof o.claim === "object" && o.claim !== null ? o.claim : undefined,
        whatif: o.whatif && typeof o.whatif.variable === "string" ? o.whatif : undefined,
      };
    } catch {
      return null;
    }
  }
  const policy = params.get("policy");
  if (policy) return { policy, claimFile: params.get("claim") ?? undefined };
  return null;
}

/** The page's scenario: the policy (its name, and its text when edited), the claim, the what-if. */
export function currentScenario(): Scenario {
  const bundled = state.policyName ? POLICIES[state.policyName] : undefined;
  return {
    policy: state.policyName,
    text: bundled === state.source ? undefined : state.source,
    claim: state.claim,
    whatif: { variable: state.variableId, code: state.defectCode || undefined },
  };
}

/** Write the scenario into the address bar, once the visitor has changed something. */
export const scheduleHash = later(400, () => {
  if (!state.touched) return;
  history.replaceState(null, "", encode(currentScenario()));
});

/** The "Share" button: the scenario's link in the address bar, shown, and copied when allowed. */
export function wireShare(): void {
  const out = $<HTMLElement>("share-out");
  const field = $<HTMLInputElement>("share-url");
  const note = $<HTMLElement>("share-note");
  $("share").addEventListener("click", async () => {
    const url = `${location.href.split("#")[0]}${encode(currentScenario())}`;
    history.replaceState(null, "", url);
    out.hidden = false;
    field.value = url;
    field.select();
    try {
      await navigator.clipboard.writeText(url);
      note.textContent = "Copied to the clipboard.";
    } catch {
      note.textContent = "Select the link and copy it.";
    }
  });
}
