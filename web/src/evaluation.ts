// The decision pane's state: evaluate the claim with the compiled policy, show the decision (or
// why the one shown is stale), and save it (JSON, the comparison as CSV, the supplier packet).
import { comparisonCsv } from "./csv";
import { renderDecision } from "./decision";
import * as engine from "./engine";
import { $, state } from "./state";
import { unread } from "./form";
import { scheduleRedline } from "./redline";
import type { EvalError } from "./types";
import { download, h, plain } from "./util";

const body = $<HTMLElement>("decision-body");
const statusLine = $<HTMLElement>("status-line");

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

/** Why the decision on screen is not the current scenario's, each reason in a few words; empty
 * when it is current. */
export function staleReasons(): string[] {
  const reasons: string[] = [];
  if (state.policyError) reasons.push(state.policyError);
  for (const u of unread.values()) reasons.push(`${u.label}: ${u.reason}`);
  if (state.jsonError) reasons.push(`the claim JSON does not read (${state.jsonError})`);
  const first = state.evalErrors[0];
  if (first) reasons.push(`the engine refused the claim (${first.code}: ${plain(first.message)}${state.evalErrors.length > 1 ? `, and ${state.evalErrors.length - 1} more` : ""})`);
  return reasons;
}

const NO_ERRORS: EvalError[] = [];

export function showDecision(): void {
  const reasons = staleReasons();
  const stale = reasons.length
    ? `The decision shown is for the ${state.policyError ? "policy and claim" : "claim"} as last valid. ${reasons.map((r) => r.charAt(0).toUpperCase() + r.slice(1)).join(". ")}.`
    : null;
  // One status line, fixed at the bottom of the window: seen wherever the field being typed is.
  statusLine.hidden = stale === null;
  statusLine.textContent = stale ?? "";
  document.body.classList.toggle("has-status", stale !== null);
  const view = {
    decision: state.decision,
    responseDeadline: state.info?.response_deadline ?? null,
    stale,
    evalErrors: state.policyError ? NO_ERRORS : state.evalErrors,
    selected: state.selected,
    source: state.source,
  };
  renderDecision(body, view, (name) => {
    state.selected = name;
    showDecision();
  });
  document.body.dataset.ready = "true";
  // The redline compares the page's policy and claim too: it follows them (when open).
  scheduleRedline();
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
    if (!r.ok) return;
    download(`supplier-packet-${state.claim.claim_id}.md`, "text/markdown", r.markdown);
    showPhotoNames(r.packet.photos.map((p) => p.file));
  });
}

/**
 * The packet names customers' photos with any personal data in a name replaced ("Ana Lima zip.jpg"
 * becomes "Customer A zip.jpg"). The files attached keep their names, so the page lists, for the
 * buyer only, which file is which name in the packet: rename those before sending.
 */
function showPhotoNames(inPacket: string[]): void {
  const note = $<HTMLElement>("export-note");
  const attached = (state.claim.customer_returns ?? []).flatMap((r) => r.photos ?? []);
  const renamed = attached.length === inPacket.length ? attached.map((file, i) => [file, inPacket[i]] as const).filter(([a, b]) => a !== b) : [];
  note.hidden = false;
  if (attached.length !== inPacket.length) {
    note.replaceChildren(`The packet lists ${inPacket.length} photo file(s) for ${attached.length} in the claim: check the attachments against its Photos table.`);
  } else if (renamed.length) {
    note.replaceChildren(
      h("strong", null, `The packet names ${renamed.length} photo file${renamed.length === 1 ? "" : "s"} differently`),
      " (personal data taken out of the name). Rename the attachment before sending, or the supplier cannot match them:",
      h("ul", { "data-testid": "photo-names" }, renamed.map(([a, b]) => h("li", null, h("code", null, a), " → ", h("code", null, b)))),
      "This list stays in this page; it is not in the packet.",
    );
  } else {
    note.replaceChildren(attached.length ? `Saved. The packet names the ${attached.length} photo file(s) as they are attached.` : "Saved.");
  }
}
