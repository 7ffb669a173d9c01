// The redline's view (loaded when it first opens; redline.ts wires it): a copy of the page's
// policy edited beside the original, and which claims come out differently under it and by how much — the page's claims (the claim in the form and the policy's
// example claims) or a JSON-lines file the buyer drops in or picks. Everything shown is the engine's
// `diff` report (`policy.diff`, `policy.diffLines`): the changed clauses with their lines, each
// changed claim's exact changes, the summary. The page only writes them down.
import { CLAIMS, claimsOf } from "./bundled";
import * as engine from "./engine";
import { createRedlineEditor, type ClauseLines, type RedlineEditor } from "./redline-editors";
import type { CompareReply, CompareRequest } from "./redline-worker";
import { $, later, state } from "./state";
import type { Claim, Diagnostic } from "./types";
import { compact, grouped, h, humanName, plain, readableDate, richText } from "./util";
import "./redline.css";

type Report = Extract<engine.DiffResult, { ok: true }>;
type ClaimDiff = Report["claims"][number];
type Changes = NonNullable<ClaimDiff["changes"]>;
type Amount = { old: string; new: string; change: string };

/** Files larger than this are not read: the engine compares in a worker (1 000 claims, 1.2 MB,
 * take about 0.35 s, so this many some 5 s) and holds every changed claim of the report in memory.
 * Larger files are for `recourse diff`, which streams. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** Changed claims listed one by one; the summary counts them all. */
export const LISTED_CLAIMS = 100;
/** The largest changes the summary names. */
const TOP = 5;

const els = {
  body: $<HTMLElement>("redline-body"),
};

let editors: { original: RedlineEditor; copy: RedlineEditor } | null = null;
/** The policy text the original editor shows: the page's policy when last compared. */
let original = "";
let copy = "";
/** Whether the copy was edited since it was made from the original. */
let copyEdited = false;
/** The page's policy text the copy was made from. */
let copyFrom = "";
/** The file compared, numbered so that a second file of the same name is compared anew. */
let file: { name: string; text: string; read: number } | null = null;
let filesRead = 0;
let from: "page" | "file" = "page";
let lastKey = "";
/** The labels of the page's claims, by their position in the list given to `diff`. */
let pageLabels: string[] = [];

/** The copy is compared again once typing pauses. */
const compareSoon = later(300, () => compareNow());

const part = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Show the redline: its editors the first time, then the comparison. */
export function openRedline(): void {
  if (!editors) {
    build();
    original = state.source;
    copy = state.source;
    copyFrom = state.source;
    editors = {
      original: createRedlineEditor(part("rl-original"), original, { side: "old", label: "Original policy (read-only)", describedBy: "rl-original-label", readOnly: true }),
      copy: createRedlineEditor(part("rl-copy"), copy, {
        side: "new",
        label: "Redlined copy of the policy",
        describedBy: "rl-copy-diagnostics",
        readOnly: false,
        onChange: (t) => {
          copy = t;
          copyEdited = true;
          compareSoon();
        },
      }),
    };
  }
  compareNow();
}

/** The redline's controls and result areas (once, when it first opens). */
function build(): void {
  const fileInput = h("input", { type: "file", id: "rl-file", accept: ".jsonl,.ndjson,.json,.txt,application/json,application/x-ndjson,text/plain" });
  fileInput.addEventListener("change", () => {
    const f = (fileInput as HTMLInputElement).files?.[0];
    if (f) void readFile(f);
  });
  const radio = (value: "page" | "file", label: Node | string) =>
    h(
      "label",
      { class: "rl-choice" },
      h("input", { type: "radio", name: "rl-claims", value, id: `rl-from-${value}`, checked: from === value, onchange: () => setFrom(value) }),
      h("span", { id: `rl-from-${value}-label` }, label),
    );
  els.body.replaceChildren(
    h(
      "div",
      { class: "rl-controls" },
      h(
        "fieldset",
        { class: "rl-claims" },
        h("legend", null, "Claims to compare"),
        radio("page", "The page's claims"),
        radio("file", "A JSON-lines file (none chosen)"),
        h(
          "div",
          { class: "rl-drop", id: "redline-drop" },
          h("label", { for: "rl-file" }, "Pick a JSON-lines file of claims (one claim a line)"),
          fileInput,
          h("span", { class: "note" }, `or drop one on this section; up to ${MAX_FILE_BYTES / 1024 / 1024} MB, read in this page only`),
        ),
      ),
      h("button", { type: "button", id: "rl-restart", onclick: restart }, "Start the copy again from the policy"),
    ),
    h("p", { id: "rl-status", class: "rl-status", role: "status" }),
    h(
      "div",
      { class: "rl-editors" },
      h("div", { class: "rl-editor-box" }, h("h3", { id: "rl-original-label" }, "Original: the page's policy (read-only)"), h("div", { id: "rl-original", class: "editor" })),
      h(
        "div",
        { class: "rl-editor-box" },
        h("h3", { id: "rl-copy-label" }, "Redlined copy (edit here)"),
        h("div", { id: "rl-copy", class: "editor" }),
        h("ul", { id: "rl-copy-diagnostics", class: "diagnostics", "aria-live": "polite" }),
      ),
    ),
    h("div", { id: "rl-result", class: "rl-result" }),
  );
}

function setFrom(value: "page" | "file"): void {
  if (value === "file" && !file) {
    part<HTMLInputElement>("rl-file").focus();
    part<HTMLInputElement>("rl-from-page").checked = true;
    return;
  }
  from = value;
  part<HTMLInputElement>(`rl-from-${value}`).checked = true;
  compareNow();
}

/** Compare the claims of a JSON-lines file (picked or dropped). */
export async function readFile(f: File): Promise<void> {
  if (f.size > MAX_FILE_BYTES) {
    status(`${f.name} is ${(f.size / 1024 / 1024).toFixed(1)} MB: the redline reads files up to ${MAX_FILE_BYTES / 1024 / 1024} MB. Compare it with \`recourse diff\` instead.`, true);
    return;
  }
  filesRead += 1;
  file = { name: f.name, text: await f.text(), read: filesRead };
  part("rl-from-file-label").textContent = `The file ${f.name}`;
  setFrom("file");
}

function restart(): void {
  copy = original;
  copyFrom = original;
  copyEdited = false;
  editors?.copy.setText(copy);
  compareNow();
}

function status(text: string, bad = false): void {
  const el = part("rl-status");
  el.replaceChildren(...richText(text));
  el.classList.toggle("status-bad", bad);
}

/** The page's claims: the claim in the form, then the policy's example claims not the same. */
function pageClaims(): { claims: Claim[]; labels: string[] } {
  const claims: Claim[] = [];
  const labels: string[] = [];
  const seen = new Set<string>();
  const formText = JSON.stringify(state.claim);
  if (state.claim && Object.keys(state.claim).length) {
    claims.push(engine.forEvaluation(state.claim));
    labels.push("the claim in the form");
    seen.add(formText);
  }
  for (const f of claimsOf(state.policyName)) {
    const c = JSON.parse(CLAIMS[f]) as Claim;
    const text = JSON.stringify(c);
    if (seen.has(text)) continue;
    seen.add(text);
    claims.push(c);
    labels.push(f);
  }
  return { claims, labels };
}

/** Compile both versions and compare the chosen claims; show what the engine reports. */
export function compareNow(): void {
  if (!editors || els.body.hidden) return;
  if (state.source !== original) {
    // The page's policy changed: the original follows it, and so does a copy not edited yet.
    original = state.source;
    editors.original.setText(original);
    if (!copyEdited) {
      copy = original;
      copyFrom = original;
      editors.copy.setText(copy);
    }
  }
  const page = from === "page" ? pageClaims() : null;
  const key = JSON.stringify([original, copy, from, from === "file" ? file?.read : page?.claims]);
  if (key === lastKey) return;
  const old = engine.compile(original);
  const neu = engine.compile(copy);
  const copyDiags = neu.ok ? neu.warnings : neu.errors;
  editors.copy.showDiagnostics(copyDiags);
  renderDiagnostics(copyDiags);
  const result = part("rl-result");
  try {
    // A version with errors shows the last comparison stale: the next one that compiles is
    // compared again, even when it is the text compared last.
    if (!old.ok || !neu.ok) {
      lastKey = "";
      // A reply still on its way is for a version before this one: dropped.
      asked += 1;
      latest = { ...latest, id: asked };
      result.removeAttribute("aria-busy");
    }
    if (!old.ok) {
      status("The page's policy has errors: fix them in the Policy tab to compare a redline against it.", true);
      result.classList.add("rl-stale");
      return;
    }
    if (!neu.ok) {
      const errors = neu.errors.filter((d) => d.severity === "error");
      const first = errors[0] ?? neu.errors[0];
      status(`The copy has ${errors.length} error${errors.length === 1 ? "" : "s"} (first at line ${first.line}: ${plain(first.message)}): the comparison below is for the copy as last valid.`, true);
      result.classList.add("rl-stale");
      return;
    }
    lastKey = key;
    // Both versions compile: the engine compares them in the worker, and the reply to the last
    // request is shown (an earlier one's is dropped).
    asked += 1;
    const p = from === "file" && file ? null : (page ?? pageClaims());
    latest = { id: asked, currency: engine.describe(neu.policy)?.currency ?? "", labels: p?.labels ?? [] };
    const request: CompareRequest = { id: asked, original, copy, top: TOP, ...(p ? { claims: p.claims } : { text: file?.text ?? "" }) };
    comparer().postMessage(request);
    result.setAttribute("aria-busy", "true");
    clearTimeout(slow);
    const id = asked;
    slow = setTimeout(() => {
      if (latest.id === id && result.getAttribute("aria-busy") === "true") status("Comparing… (what is shown below is the comparison before)");
    }, 400);
  } finally {
    if (old.ok) old.policy.free();
    if (neu.ok) neu.policy.free();
  }
}

// ---- the comparison, in a worker ----

let worker: Worker | null = null;
let asked = 0;
/** The last request: its number, the new version's currency and the page's claims' labels. */
let latest = { id: 0, currency: "", labels: [] as string[] };
let slow: ReturnType<typeof setTimeout> | undefined;

function comparer(): Worker {
  if (!worker) {
    worker = new Worker(new URL("./redline-worker.ts", import.meta.url), { type: "module" });
    worker.addEventListener("message", (e: MessageEvent<CompareReply>) => showReply(e.data));
  }
  return worker;
}

function showReply(r: CompareReply): void {
  if (r.id !== latest.id || !editors) return;
  const result = part("rl-result");
  result.removeAttribute("aria-busy");
  if (!r.report) return;
  result.classList.remove("rl-stale");
  pageLabels = latest.labels;
  if (!r.report.ok) {
    status(`The engine could not compare: ${r.report.errors.map((e) => `${e.code} ${plain(e.message)}`).join("; ")}`, true);
    return;
  }
  render(r.report, latest.currency);
}

function renderDiagnostics(diags: Diagnostic[]): void {
  part("rl-copy-diagnostics").replaceChildren(
    ...diags.map((d) =>
      h(
        "li",
        { class: `diag diag-${d.severity}` },
        h("button", { type: "button", class: "linkish", onclick: () => editors?.copy.revealLine(d.line) }, `line ${d.line}:${d.column}`),
        " ",
        h("span", { class: "diag-sev" }, `${d.severity} ${d.code}`),
        " ",
        h("span", { class: "diag-msg" }, richText(d.message)),
      ),
    ),
  );
}

// ---- the report, written down ----

/** Where a claim came from: the file's line, or which of the page's claims. */
function origin(c: { line?: number | null }): string {
  const line = c.line ?? 0;
  if (from === "file" && file) return `${file.name}, line ${line}`;
  return pageLabels[line - 1] ?? `claim ${line}`;
}

/** A change with its sign ("+7,500.00", "−8,930.00"; none on a zero): the engine's digits. */
const signed = (amount: string) => (/^-?0(\.0*)?$/.test(amount) ? grouped(amount.replace("-", "")) : amount.startsWith("-") ? `−${grouped(amount.slice(1))}` : `+${grouped(amount)}`);
const yesNo = (b: boolean | null | undefined) => (b === undefined || b === null ? "—" : b ? "yes" : "no");
const remedyName = (name: string | null | undefined, clause?: string | null) => (name ? `${humanName(name, clause)} (${name})` : "none");

function render(report: Report, currency: string): void {
  const s = report.summary;
  const clauses = report.clauses;
  status(
    `Compared ${s.claims} claim${s.claims === 1 ? "" : "s"}: ${s.changed} changed, ${s.unchanged} unchanged, ${s.failed} failed under both versions. ${
      clauses.length === 0 ? "No clause changed." : `${clauses.length} clause${clauses.length === 1 ? "" : "s"} changed.`
    }${copyFrom !== original ? " The copy was made from the page's policy as it was before: start the copy again to redline the policy as it is now." : ""}`,
  );
  editors?.original.mark(compact(clauses.map((c) => c.old_lines as ClauseLines | undefined)));
  editors?.copy.mark(compact(clauses.map((c) => c.new_lines as ClauseLines | undefined)));
  const listed = report.claims.slice(0, LISTED_CLAIMS);
  part("rl-result").replaceChildren(
    ...compact([
      renderClauses(report),
      renderSummary(report, currency),
      h("h3", null, "Claims that changed"),
      listed.length ? h("div", { class: "rl-claims-list" }, ...listed.map((c) => renderClaim(c, currency))) : h("p", { class: "note" }, "No claim comes out differently."),
      report.claims.length > listed.length ? h("p", { class: "note" }, `${report.claims.length - listed.length} more changed or failed claims are not listed; the summary counts them all.`) : null,
    ]),
  );
}

function renderClauses(report: Report): HTMLElement {
  const items = report.clauses.map((c) => {
    const name = c.clause ? `${c.kind} “${c.clause}”${c.kind !== "cap" && c.name !== c.clause ? ` (${c.name})` : ""}` : c.kind === c.name ? c.kind : `${c.kind} ${c.name}`;
    const lines = (side: "old" | "new") => {
      const at = (side === "old" ? c.old_lines : c.new_lines) as ClauseLines | undefined;
      if (!at) return [];
      const text = (side === "old" ? original : copy).split("\n");
      return at.changed.map((n) => h("li", { class: `rl-diffline rl-${side}` }, h("span", { class: "visually-hidden" }, side === "old" ? "removed: " : "added: "), `${side === "old" ? "−" : "+"} ${(text[n - 1] ?? "").trim()}`));
    };
    const go = (side: "old" | "new") => {
      const at = (side === "old" ? c.old_lines : c.new_lines) as ClauseLines | undefined;
      if (!at) return null;
      const editor = side === "old" ? editors?.original : editors?.copy;
      return h("button", { type: "button", class: "small", onclick: () => editor?.revealLine(at.line) }, `${side === "old" ? "Original" : "Copy"}, line ${at.line}`);
    };
    return h(
      "li",
      { class: "rl-clause", "data-clause": c.clause ?? c.name, "data-change": c.change },
      h("strong", null, name),
      `: ${c.change} `,
      go("old"),
      " ",
      go("new"),
      h("ul", { class: "rl-difflines" }, ...lines("old"), ...lines("new")),
    );
  });
  return h("div", null, h("h3", null, "Changed clauses"), items.length ? h("ul", { class: "rl-clauses" }, ...items) : h("p", { class: "note" }, "No clause says anything different (layout and comments are not changes)."));
}

function renderSummary(report: Report, currency: string): HTMLElement {
  const s = report.summary;
  const changedClauses = new Set(report.clauses.map((c) => c.clause ?? c.name));
  const total = s.supplier_change ?? null;
  return h(
    "div",
    { class: "rl-summary" },
    h("h3", null, "Summary"),
    h(
      "dl",
      { class: "figures" },
      h("div", null, h("dt", null, "Claims compared"), h("dd", { "data-testid": "rl-claims" }, String(s.claims))),
      h("div", null, h("dt", null, "Changed"), h("dd", { "data-testid": "rl-changed" }, String(s.changed))),
      h("div", null, h("dt", null, "Unchanged"), h("dd", null, String(s.unchanged))),
      h("div", null, h("dt", null, "Failed under both"), h("dd", { "data-testid": "rl-failed" }, String(s.failed))),
      h(
        "div",
        null,
        h("dt", null, "Change in the recommended supplier total, all claims"),
        h("dd", { "data-testid": "rl-supplier-change" }, total === null ? "too large to state exactly" : `${currency} ${signed(total)}`),
      ),
    ),
    s.now_failing || s.now_decided ? h("p", { class: "note" }, `${s.now_failing} claim(s) the copy no longer decides, ${s.now_decided} it now decides.`) : null,
    s.remedies.length
      ? h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { class: "rl-remedy-totals" },
            h("caption", null, "Change in each remedy's supplier total"),
            h("thead", null, h("tr", null, h("th", { scope: "col" }, "Remedy"), h("th", { scope: "col", class: "num" }, "Claims"), h("th", { scope: "col", class: "num" }, `Change (${currency})`))),
            h(
              "tbody",
              null,
              ...s.remedies.map((r) =>
                h("tr", { "data-remedy": r.name }, h("th", { scope: "row" }, r.name.replaceAll("_", " ")), h("td", { class: "num" }, String(r.claims)), h("td", { class: "num" }, r.supplier_change ? signed(r.supplier_change) : "too large")),
              ),
            ),
          ),
        )
      : null,
    s.recommendations.length
      ? h("p", null, h("strong", null, "Recommendation moved: "), s.recommendations.map((t) => `${t.from ?? "none"} → ${t.to ?? "none"}: ${t.claims} claim${t.claims === 1 ? "" : "s"}`).join("; "))
      : null,
    s.clauses.length
      ? h(
          "p",
          null,
          h("strong", null, "Clauses whose reasons differ: "),
          s.clauses.map((c) => `${c.clause} (${c.claims} claim${c.claims === 1 ? "" : "s"}${changedClauses.has(c.clause) ? ", changed clause" : ""})`).join("; "),
        )
      : null,
    s.largest.length
      ? h(
          "div",
          null,
          h("strong", null, "Largest changes in the recommended supplier total"),
          h("ol", { class: "rl-largest" }, ...s.largest.map((l) => h("li", null, `${l.claim_id ?? "?"} (${origin(l)}): ${currency} ${grouped(l.supplier_total.old)} → ${grouped(l.supplier_total.new)} (${signed(l.supplier_total.change)})`))),
        )
      : null,
  );
}

/** One row of a claim's changes: what, under the original, under the copy, the change. */
function row(what: string, old: string, neu: string, change = "", attrs: Record<string, string> = {}): HTMLElement {
  return h(
    "tr",
    attrs,
    h("th", { scope: "row" }, what),
    h("td", { class: "rl-old", "data-label": "Original" }, old),
    h("td", { class: "rl-new", "data-label": "Copy" }, neu),
    h("td", { class: "rl-change num", "data-label": "Change" }, change),
  );
}

function amountRow(what: string, a: Amount | null | undefined, currency: string, attrs: Record<string, string>): HTMLElement | null {
  if (!a) return null;
  return row(what, `${currency} ${grouped(a.old)}`, `${currency} ${grouped(a.new)}`, signed(a.change), attrs);
}

function changeRows(d: Changes, currency: string): (HTMLElement | null)[] {
  const rows: (HTMLElement | null)[] = [];
  if (d.eligible) rows.push(row("Eligible", yesNo(d.eligible.old), yesNo(d.eligible.new), "", { "data-field": "eligible" }));
  if (d.recommended) rows.push(row("Recommended", remedyName(d.recommended.old), remedyName(d.recommended.new), "", { "data-field": "recommended" }));
  rows.push(amountRow("Recommended supplier total", d.recommended_supplier_total, currency, { "data-field": "recommended_supplier_total" }));
  for (const r of d.remedies ?? []) {
    const name = humanName(r.name, r.clause);
    const at = (field: string) => ({ "data-remedy": r.name, "data-field": field });
    if (r.available) rows.push(row(`${name}: available`, yesNo(r.available.old), yesNo(r.available.new), "", at("available")));
    if (r.capped) rows.push(row(`${name}: cap binds`, yesNo(r.capped.old), yesNo(r.capped.new), "", at("capped")));
    rows.push(amountRow(`${name}: supplier total`, r.supplier_total, currency, at("supplier_total")));
    rows.push(amountRow(`${name}: buyer pays`, r.buyer_pays, currency, at("buyer_pays")));
    rows.push(amountRow(`${name}: buyer net recovery`, r.buyer_net_recovery, currency, at("buyer_net_recovery")));
    rows.push(amountRow(`${name}: credited`, r.credited, currency, at("credited")));
    if (r.window) {
      const w = (x: { from: string; to: string } | null | undefined) => (x ? `${readableDate(x.from)} – ${readableDate(x.to)}` : "—");
      rows.push(row(`${name}: done between`, w(r.window.old), w(r.window.new), "", at("window")));
    }
  }
  for (const x of d.deadlines ?? []) {
    const name = humanName(x.name, x.clause);
    if (x.due) rows.push(row(`${name}: due`, readableDate(x.due.old) || "—", readableDate(x.due.new) || "—", "", { "data-deadline": x.name, "data-field": "due" }));
    if (x.status) rows.push(row(`${name}: status`, x.status.old ?? "—", x.status.new ?? "—", "", { "data-deadline": x.name, "data-field": "status" }));
  }
  for (const f of d.flags ?? []) rows.push(row(`Flag ${humanName(f.name, f.clause)}`, f.raised.old ? "raised" : "not raised", f.raised.new ? "raised" : "not raised", "", { "data-flag": f.name }));
  if (d.lot) rows.push(row("Lot", d.lot.old ?? "—", d.lot.new ?? "—", "", { "data-field": "lot" }));
  if (d.escalation) rows.push(row("Escalation", d.escalation.old ?? "—", d.escalation.new ?? "—", "", { "data-field": "escalation" }));
  if (d.escalation_opens_on) rows.push(row("Escalation opens", readableDate(d.escalation_opens_on.old) || "—", readableDate(d.escalation_opens_on.new) || "—", "", { "data-field": "escalation_opens_on" }));
  for (const r of d.reported ?? []) rows.push(row(r.name.replaceAll("_", " "), plain(r.value.old ?? "—"), plain(r.value.new ?? "—"), "", { "data-reported": r.name }));
  return rows;
}

function renderClaim(c: ClaimDiff, currency: string): HTMLElement {
  const errors = compact([
    c.old_error ? h("li", { class: "rl-error", "data-side": "old" }, h("strong", null, "Original: "), `${c.old_error.code} `, richText(c.old_error.message)) : null,
    c.new_error && (c.status !== "failed" || c.new_error.message !== c.old_error?.message)
      ? h("li", { class: "rl-error", "data-side": "new" }, h("strong", null, "Copy: "), `${c.new_error.code} `, richText(c.new_error.message))
      : null,
  ]);
  const title = c.claim_id ?? (c.status === "failed" ? "A claim that could not be read" : "Claim");
  return h(
    "article",
    { class: `rl-claim rl-${c.status}`, "data-line": c.line ?? "", "data-status": c.status, "data-claim-id": c.claim_id ?? "" },
    h("h4", null, title, " ", h("span", { class: "note" }, `${origin(c)} · ${c.status === "failed" ? "failed under both versions" : c.status}`)),
    errors.length ? h("ul", { class: "rl-errors" }, ...errors) : null,
    c.changes
      ? h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { class: "rl-changes" },
            h("thead", null, h("tr", null, h("th", { scope: "col" }, "What"), h("th", { scope: "col" }, "Original"), h("th", { scope: "col" }, "Copy"), h("th", { scope: "col", class: "num" }, "Change"))),
            h("tbody", null, ...changeRows(c.changes, currency)),
          ),
        )
      : null,
    c.changes?.clauses.length ? h("p", { class: "note" }, `Clauses whose reasons differ: ${c.changes.clauses.join(", ")}`) : null,
  );
}
