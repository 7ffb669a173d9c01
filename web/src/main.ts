import "./style.css";
import { CLAIMS, POLICIES, claimsOf } from "./bundled";
import * as engine from "./engine";
import type { PolicyEditor } from "./editor";
import { linkClauses } from "./decision";
import { evaluateNow, showDecision, wireExports } from "./evaluation";
import { PAUSE_MS, renderForm, unread } from "./form";
import { formatPolicy } from "./format";
import { decode, scheduleHash, wireShare, type Scenario } from "./scenario";
import { $, DEFAULT_POLICY, later, state } from "./state";
import type { Claim, Diagnostic } from "./types";
import { compact, h, plain, richText } from "./util";
import { wireRedline } from "./redline";
import { attachChart, scheduleSweep, setupWhatIf, syncWhatIfFromClaim, wireWhatIf } from "./whatif";

// The page's wiring: the policy panel (editor, diagnostics, pickers), the claim panel (form, JSON),
// and the modules that show the rest (evaluation.ts: the decision; whatif.ts; scenario.ts: links).

const els = {
  policyPicker: $<HTMLSelectElement>("policy-picker"),
  claimPicker: $<HTMLSelectElement>("claim-picker"),
  form: $<HTMLFormElement>("claim-form"),
  json: $<HTMLTextAreaElement>("claim-json"),
  jsonStatus: $<HTMLElement>("claim-json-status"),
  diagnostics: $<HTMLUListElement>("diagnostics"),
  policyBadge: $<HTMLElement>("policy-badge"),
  policyTitle: $<HTMLElement>("policy-title"),
  formatButton: $<HTMLButtonElement>("format-policy"),
  revertButton: $<HTMLButtonElement>("revert-policy"),
  outline: $<HTMLOListElement>("outline"),
};

// The editor (CodeMirror) loads after the first decision is on screen.
let editor: PolicyEditor | null = null;
let lastDiagnostics: Diagnostic[] = [];

// ---- policy: compile ----

const scheduleCompile = later(150, () => compileNow());

/** Compile the source once: its diagnostics (the warnings of a policy that compiles, or every
 * diagnostic of one that does not) and, when it compiles, the new handle and decision. */
function compileNow(): void {
  renderOutline();
  const r = engine.compile(state.source);
  const diags = r.ok ? r.warnings : r.errors;
  lastDiagnostics = diags;
  editor?.showDiagnostics(diags);
  renderDiagnostics(diags);
  if (!r.ok) {
    const errors = r.errors.filter((d) => d.severity === "error");
    setPolicyError(errors.length ? errors : r.errors);
    return;
  }
  state.handle?.free();
  state.handle = r.policy;
  state.policyError = null;
  els.policyTitle.textContent = r.policy.title;
  // The catalogue first: the decision pane reads the policy's declared response deadline from it.
  refreshInfo();
  evaluateNow();
  scheduleSweep();
}

/** Declarations listed in the outline at most (a policy has at most 2000). */
const OUTLINE_MAX = 300;
const DECLARATION = /^([a-z_]+)(?:[ \t]+([A-Za-z_]\w*))?(?:[ \t]+"((?:[^"\\\n]|\\.)*)")?[ \t]*\{/;

/** The outline of the policy: each top-level block (a line at column 0 that opens one), by its
 * title when it has one, a button to its line. Read from the text, so it is there while the
 * policy has errors. */
function renderOutline(): void {
  const items: HTMLElement[] = [];
  const lines = state.source.split("\n");
  for (let i = 0; i < lines.length && items.length < OUTLINE_MAX; i++) {
    const m = DECLARATION.exec(lines[i]);
    if (!m || m[1] === "policy") continue;
    const [, keyword, name, title] = m;
    const label = [keyword, name, title ? `“${title}”` : null].filter(Boolean).join(" ");
    const line = i + 1;
    items.push(h("li", null, h("button", { type: "button", class: "linkish", "data-line": line, onclick: () => editor?.revealLine(line) }, label)));
  }
  els.outline.replaceChildren(...items);
}

function setPolicyError(errors: Diagnostic[]): void {
  const first = errors[0];
  state.policyError = `the policy has ${errors.length} error${errors.length === 1 ? "" : "s"} (first at line ${first.line}: ${plain(first.message)})`;
  showDecision();
}

function renderDiagnostics(diags: Diagnostic[]): void {
  els.diagnostics.replaceChildren(
    ...(diags.length
      ? diags.map((d) =>
          h(
            "li",
            { class: `diag diag-${d.severity}`, "data-line": d.line, "data-code": d.code },
            h(
              "button",
              { type: "button", class: "linkish", onclick: () => revealDiagnostic(d), "aria-label": `Go to line ${d.line}, column ${d.column}` },
              `line ${d.line}:${d.column}`,
            ),
            " ",
            h("span", { class: "diag-sev" }, `${d.severity} ${d.code}`),
            " ",
            h("span", { class: "diag-msg" }, richText(d.message)),
            d.help ? h("span", { class: "hint" }, richText(d.help)) : null,
          ),
        )
      : [h("li", { class: "diag diag-ok" }, "No problems.")]),
  );
}

function revealDiagnostic(d: Diagnostic): void {
  (document.getElementById("tab-policy") as HTMLButtonElement).click();
  editor?.reveal(d);
}

// ---- claim: form, JSON ----

function refreshInfo(): void {
  if (!state.handle) return;
  const info = engine.describe(state.handle);
  const key = JSON.stringify(info);
  if (key === state.infoKey) return;
  state.info = info;
  state.infoKey = key;
  editorNames();
  renderClaimForm();
  setupWhatIf();
}

/** The editor's completion and hover read the names of the last policy that compiled. */
function editorNames(): void {
  if (editor) void import("./editor").then((m) => editor?.setNames(m.namesOf(state.info)));
}

function renderClaimForm(): void {
  renderForm(els.form, state.claim, state.info, claimChanged, showDecision);
}

/** The claim was edited (form or JSON): evaluate, and redo what depends on it. */
function claimChanged(): void {
  state.touched = true;
  evaluateNow();
  syncJson();
  showJsonStatus();
  syncWhatIfFromClaim();
  scheduleSweep();
  scheduleHash();
}

function syncJson(): void {
  if (document.activeElement === els.json) return;
  // Written when its tab opens: a large claim is not turned into text on every edit.
  if (els.json.closest<HTMLElement>("[role=tabpanel]")?.hidden) return;
  els.json.value = JSON.stringify(state.claim, null, 2);
  state.jsonError = null;
  showJsonStatus();
}

/** The JSON tab's entry among the fields not yet read. */
const JSON_FIELD = "#claim-json";

function parseClaim(text: string): { ok: true; claim: Claim } | { ok: false; reason: string } {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { ok: false, reason: "the claim must be a JSON object" };
    return { ok: true, claim: parsed as Claim };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

/** The JSON tab's status, above the text: not JSON yet, refused by the engine, or read. */
function showJsonStatus(waiting?: string): void {
  const first = state.evalErrors[0];
  let text: string;
  let bad = true;
  if (state.jsonError) text = `Not read: ${state.jsonError}. The decision is for the claim as last valid.`;
  else if (waiting) {
    text = waiting;
    bad = false;
  } else if (first) text = `Read, but the engine refused the claim: ${first.code} ${plain(first.message)}${first.field ? ` (field ${first.field})` : ""}. The decision is for the claim as last valid.`;
  else {
    text = "Read; the decision follows.";
    bad = false;
  }
  els.jsonStatus.textContent = text;
  els.jsonStatus.classList.toggle("status-bad", bad);
  if (bad) els.json.setAttribute("aria-invalid", "true");
  else els.json.removeAttribute("aria-invalid");
}

function replaceClaim(claim: Claim): void {
  state.claim = claim;
  renderClaimForm();
  syncJson();
  evaluateNow();
  refreshInfo();
  setupWhatIf();
}

// ---- scenarios, pickers ----

function fillPickers(): void {
  const names = Object.keys(POLICIES).sort();
  els.policyPicker.replaceChildren(
    ...compact([...names.map((n) => h("option", { value: n, selected: n === state.policyName }, n)),
    state.policyName ? null : h("option", { value: "", selected: true }, "custom policy (from a link)")]),
  );
  const files = claimsOf(state.policyName);
  els.claimPicker.replaceChildren(
    ...compact([...files.map((f) => h("option", { value: f, selected: f === state.claimFile }, f)),
    state.claimFile && files.includes(state.claimFile) ? null : h("option", { value: "", selected: true }, files.length ? "edited claim" : "claim from a link")]),
  );
  const edited = !state.policyName || POLICIES[state.policyName] !== state.source;
  els.policyBadge.hidden = !edited;
  els.policyBadge.textContent = state.policyName ? "edited" : "custom";
  els.revertButton.disabled = !state.policyName || !edited;
}

/** Say, above the decision, that a link could not be read in full and what of it was kept. */
function showLinkNotice(s: Scenario | null, usedDefault: boolean): void {
  const notice = $<HTMLElement>("link-notice");
  if (!s?.problems) {
    notice.hidden = true;
    return;
  }
  const kept = compact([
    s.policy ? `the policy ${s.policy}` : null,
    s.text !== undefined ? "the edited policy text" : null,
    s.claim ? "the claim" : null,
  ]);
  notice.hidden = false;
  notice.replaceChildren(
    h("strong", null, "This link could not be read in full"),
    ` (it may have been cut short): ${s.problems.join(" and ")} could not be read. `,
    kept.length ? `Kept: ${kept.join(", ")}. ` : "Nothing of it was kept. ",
    usedDefault ? `Shown instead: the ${state.policyName ?? "default"} policy` : "",
    !s.claim ? `${usedDefault ? " and its" : "Shown: the policy's"} example claim${state.claimFile ? ` (${state.claimFile})` : ""}.` : usedDefault ? "." : "",
  );
}

function loadScenario(s: Scenario): void {
  const name = s.policy && s.policy in POLICIES ? s.policy : null;
  state.policyName = name;
  state.source = s.text ?? (name ? POLICIES[name] : "");
  const files = claimsOf(name);
  let claim: Claim | undefined = s.claim;
  state.claimFile = null;
  if (!claim) {
    const file = s.claimFile && CLAIMS[s.claimFile] ? s.claimFile : files[0];
    if (file) {
      claim = JSON.parse(CLAIMS[file]) as Claim;
      state.claimFile = file;
    }
  }
  if (s.whatif) {
    state.variableId = s.whatif.variable;
    if (s.whatif.code) state.defectCode = s.whatif.code;
  }
  state.claim = claim ?? ({} as Claim);
  state.decision = null;
  state.selected = null;
  state.infoKey = "";
  state.info = null;
  state.handle?.free();
  state.handle = null;
  editor?.setText(state.source);
  compileNow();
  if (!state.info) {
    // No policy compiled: the form still shows the claim, without the policy's catalogue.
    renderClaimForm();
  }
  replaceClaimViews();
  fillPickers();
}

function replaceClaimViews(): void {
  renderClaimForm();
  syncJson();
  setupWhatIf();
}

// ---- tabs ----

function setupTabs(): void {
  const tabs = Array.from(document.querySelectorAll<HTMLButtonElement>('[role="tab"]'));
  const select = (tab: HTMLButtonElement, focus: boolean) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      const panel = document.getElementById(t.getAttribute("aria-controls") ?? "");
      if (panel) panel.hidden = !on;
    }
    if (focus) tab.focus();
    if (tab.id === "tab-policy") editor?.view.requestMeasure();
    if (tab.id === "tab-json") syncJson();
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => select(tab, false));
    tab.addEventListener("keydown", (e) => {
      const k = e.key;
      let j = -1;
      if (k === "ArrowRight") j = (i + 1) % tabs.length;
      else if (k === "ArrowLeft") j = (i - 1 + tabs.length) % tabs.length;
      else if (k === "Home") j = 0;
      else if (k === "End") j = tabs.length - 1;
      if (j >= 0) {
        e.preventDefault();
        select(tabs[j], true);
      }
    });
  });
}

// ---- wiring ----

function wire(): void {
  els.policyPicker.addEventListener("change", () => {
    if (!els.policyPicker.value) return;
    state.touched = true;
    loadScenario({ policy: els.policyPicker.value });
    scheduleHash();
  });
  els.claimPicker.addEventListener("change", () => {
    const f = els.claimPicker.value;
    if (!f || !CLAIMS[f]) return;
    state.touched = true;
    state.claimFile = f;
    replaceClaim(JSON.parse(CLAIMS[f]) as Claim);
    fillPickers();
    scheduleHash();
  });
  // The claim JSON is parsed once typing pauses (or on leaving it), never a half-typed number,
  // and not on every keystroke: a claim with a 1 MB note takes milliseconds to parse.
  let jsonEdited = false;
  const readJson = () => {
    jsonEdited = false;
    unread.delete(JSON_FIELD);
    const r = parseClaim(els.json.value);
    state.jsonError = r.ok ? null : r.reason;
    if (!r.ok) {
      showJsonStatus();
      showDecision();
      return;
    }
    state.jsonError = null;
    state.claim = r.claim;
    state.claimFile = null;
    state.touched = true;
    renderClaimForm();
    evaluateNow();
    refreshInfo();
    setupWhatIf();
    fillPickers();
    scheduleHash();
    showJsonStatus();
  };
  const readJsonLater = later(PAUSE_MS, () => {
    if (jsonEdited) readJson();
  });
  els.json.addEventListener("input", () => {
    jsonEdited = true;
    state.jsonError = null;
    unread.set(JSON_FIELD, { label: "The claim JSON", reason: "waiting for you to finish typing" });
    showJsonStatus("Waiting for you to finish typing; the decision is for the claim as last valid.");
    showDecision();
    readJsonLater();
  });
  els.json.addEventListener("blur", () => {
    if (jsonEdited) readJson();
  });
  wireWhatIf(() => {
    evaluateNow();
    if (!els.form.contains(document.activeElement)) renderClaimForm();
    syncJson();
  }, scheduleHash);
  wireShare();
  wireExports();
  wireRedline();
  // Authors: the policy editor beside the decision, at the top of the page.
  const author = $<HTMLButtonElement>("author-layout");
  author.addEventListener("click", () => {
    const on = author.getAttribute("aria-pressed") !== "true";
    author.setAttribute("aria-pressed", String(on));
    document.body.classList.toggle("authoring", on);
    if (on) (document.getElementById("tab-policy") as HTMLButtonElement).click();
    editor?.view.requestMeasure();
  });
  els.revertButton.addEventListener("click", () => {
    if (!state.policyName) return;
    editor?.setText(POLICIES[state.policyName]);
    onSource(POLICIES[state.policyName]);
  });
  els.formatButton.hidden = false;
  els.formatButton.addEventListener("click", () => {
    $<HTMLElement>("format-note").textContent = formatPolicy(state.source, (text) => {
      editor?.setText(text);
      onSource(text);
    });
  });
  window.addEventListener("hashchange", () => {
    const s = decode(location.hash);
    if (s) openLink(s);
  });
}

/** Open a link's scenario; one with neither a known policy nor a policy text opens the default
 * policy, and the notice says what of the link was kept. */
function openLink(s: Scenario): void {
  const usable = s.policy !== null || s.text !== undefined;
  loadScenario(usable ? s : { ...s, policy: DEFAULT_POLICY });
  showLinkNotice(s, !usable);
}

function onSource(text: string): void {
  state.source = text;
  state.touched = true;
  fillPickers();
  scheduleCompile();
  scheduleHash();
}

/** The line of the declaration that names `clause` ("Q.6.1 ..." after its keyword and name). */
function clauseLine(clause: string): number | null {
  if (!editor) return null;
  if (clauseLines.source !== state.source) {
    // Once per source text: the first line of each quoted string outside comments.
    const found = new Map<string, number>();
    state.source.split("\n").forEach((l, i) => {
      if (l.trimStart().startsWith("#")) return;
      for (const m of l.matchAll(/"((?:[^"\\]|\\.)*)"/g)) if (!found.has(m[1])) found.set(m[1], i + 1);
    });
    clauseLines = { source: state.source, found };
  }
  return clauseLines.found.get(clause) ?? null;
}
let clauseLines = { source: "", found: new Map<string, number>() };

async function main(): Promise<void> {
  await engine.start();
  document.getElementById("engine-version")!.textContent = engine.engineVersion();
  setupTabs();
  wire();
  const fromHash = decode(location.hash);
  if (fromHash) openLink(fromHash);
  else loadScenario({ policy: DEFAULT_POLICY });
  const [editorModule, chartModule] = await Promise.all([import("./editor"), import("./chart")]);
  editor = editorModule.createEditor(document.getElementById("editor")!, state.source, onSource);
  editor.showDiagnostics(lastDiagnostics);
  editor.setNames(editorModule.namesOf(state.info));
  linkClauses(clauseLine, (_clause, line) => {
    (document.getElementById("tab-policy") as HTMLButtonElement).click();
    editor?.revealLine(line);
  });
  showDecision();
  attachChart(new chartModule.WhatIfChart(document.getElementById("whatif-chart") as HTMLCanvasElement));
  document.body.dataset.loaded = "true";
}

main().catch((e: unknown) => {
  $("decision-body").replaceChildren(h("p", { class: "notice notice-ineligible" }, `The engine could not start: ${(e as Error).message ?? String(e)}`));
});
