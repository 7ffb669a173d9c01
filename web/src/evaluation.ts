// The decision pane's state: evaluate the claim with the compiled policy, show the decision (or
// why the one shown is stale), and save it (JSON, the comparison as CSV, the supplier packet).
import { comparisonCsv } from "./csv";
import { renderDecision } from "./decision";
import * as engine from "./engine";
import { $, state } from "./state";
import { download } from "./util";

const body = $<HTMLElement>("decision-body");

/** Evaluate the claim with the current policy, then show the decision. */
export function evaluateNow(): void {
  if (!state.handle) {
    showDecision();
    return;
  }
  const r = engine.evaluate(state.handle, state.claim);
  if (r.ok) {
    state.decision = r.decision;
    state.evalErrors = [];
    if (state.selected && !r.decision.remedies.some((x) => x.name === state.selected)) state.selected = null;
  } else {
    state.evalErrors = r.errors;
  }
  showDecision();
}

export function showDecision(): void {
  const stale = state.policyError ?? (state.evalErrors.length && state.decision ? "The claim was refused (see above); this is the last good decision." : null);
  const view = {
    decision: state.decision,
    responseDeadline: state.info?.response_deadline ?? null,
    stale,
    evalErrors: state.policyError ? [] : state.evalErrors,
    selected: state.selected,
  };
  renderDecision(body, view, (name) => {
    state.selected = name;
    showDecision();
  });
  document.body.dataset.ready = "true";
}

/** The export buttons. The engine builds the packet, customers pseudonymised; the page only saves it. */
export function wireExports(): void {
  $("export-json").addEventListener("click", () => {
    if (!state.decision) return;
    download(`decision-${state.decision.claim_id}.json`, "application/json", JSON.stringify(state.decision, null, 2) + "\n");
  });
  $("export-csv").addEventListener("click", () => {
    if (!state.decision) return;
    download(`remedies-${state.decision.claim_id}.csv`, "text/csv", comparisonCsv(state.decision));
  });
  $("export-packet").addEventListener("click", () => {
    if (!state.handle || !state.claim) return;
    const r = engine.packet(state.handle, state.claim);
    if (r.ok) download(`supplier-packet-${state.claim.claim_id}.md`, "text/markdown", r.markdown);
  });
}
