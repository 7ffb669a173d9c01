import "./style.css";
import * as engine from "./engine";
import type { PolicyHandle } from "./engine";
import type { PolicyEditor } from "./editor";
import { renderDecision } from "./decision";
import { renderForm } from "./form";
import type { WhatIfChart, Sweep, SweepPoint } from "./chart";
import { variablesFor, type Variable } from "./variables";
import { decode, encode, type Scenario } from "./scenario";
import { comparisonCsv } from "./csv";
import type { Claim, Decision, Diagnostic, EvalError, PolicyInfo } from "./types";
import { compact, download, h, richText } from "./util";

// ---- the bundled policies and their example claims (read at build time) ----

const policyFiles = import.meta.glob("../../policies/*.policy", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const claimFiles = import.meta.glob("../../policies/*.claim.json", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);
const POLICIES: Record<string, string> = Object.fromEntries(Object.entries(policyFiles).map(([p, t]) => [baseName(p).replace(/\.policy$/, ""), t]));
const CLAIMS: Record<string, string> = Object.fromEntries(Object.entries(claimFiles).map(([p, t]) => [baseName(p), t]));
const DEFAULT_POLICY = "apparel-coats";

/** The example claims beside a policy: `NAME.claim.json` and `NAME-*.claim.json`. */
function claimsOf(policy: string | null): string[] {
  if (!policy) return [];
  return Object.keys(CLAIMS)
    .filter((f) => f === `${policy}.claim.json` || f.startsWith(`${policy}-`))
    .sort((a, b) => a.length - b.length || a.localeCompare(b));
}

// ---- state ----

const state = {
  policyName: DEFAULT_POLICY as string | null,
  claimFile: null as string | null,
  source: "",
  claim: {} as Claim,
  handle: null as PolicyHandle | null,
  info: null as PolicyInfo | null,
  infoKey: "",
  decision: null as Decision | null,
  policyError: null as string | null,
  evalErrors: [] as EvalError[],
  selected: null as string | null,
  variables: [] as Variable[],
  variableId: "defect",
  defectCode: "",
  range: { min: 0, max: 10, step: 1 },
  touched: false,
};

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const els = {
  policyPicker: $<HTMLSelectElement>("policy-picker"),
  claimPicker: $<HTMLSelectElement>("claim-picker"),
  decisionBody: $<HTMLElement>("decision-body"),
  form: $<HTMLFormElement>("claim-form"),
  json: $<HTMLTextAreaElement>("claim-json"),
  jsonStatus: $<HTMLElement>("claim-json-status"),
  diagnostics: $<HTMLUListElement>("diagnostics"),
  policyBadge: $<HTMLElement>("policy-badge"),
  policyTitle: $<HTMLElement>("policy-title"),
  formatButton: $<HTMLButtonElement>("format-policy"),
  revertButton: $<HTMLButtonElement>("revert-policy"),
  whatVar: $<HTMLSelectElement>("whatif-var"),
  whatCode: $<HTMLSelectElement>("whatif-code"),
  whatCodeLabel: $<HTMLElement>("whatif-code-label"),
  whatRange: $<HTMLInputElement>("whatif-range"),
  whatNumber: $<HTMLInputElement>("whatif-number"),
  whatName: $<HTMLElement>("whatif-value-name"),
  whatNote: $<HTMLElement>("whatif-note"),
  whatSummary: $<HTMLElement>("whatif-summary"),
  shareOut: $<HTMLElement>("share-out"),
  shareUrl: $<HTMLInputElement>("share-url"),
  shareNote: $<HTMLElement>("share-note"),
};

// The editor (CodeMirror) and the chart (Chart.js) load after the first decision is on screen.
let editor: PolicyEditor | null = null;
let chart: WhatIfChart | null = null;
let lastDiagnostics: Diagnostic[] = [];
let lastSweep: { sweep: Sweep; title: string } | null = null;

function later(ms: number, f: () => void): () => void {
  let t: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(t);
    t = setTimeout(f, ms);
  };
}

// ---- policy: check, compile ----

const scheduleCompile = later(150, () => compileNow());

function compileNow(): void {
  const source = state.source;
  const diags = engine.check(source);
  lastDiagnostics = diags;
  editor?.showDiagnostics(diags);
  renderDiagnostics(diags);
  const errors = diags.filter((d) => d.severity === "error");
  if (errors.length) {
    setPolicyError(errors);
    return;
  }
  const r = engine.compile(source);
  if (!r.ok) {
    lastDiagnostics = r.errors;
    editor?.showDiagnostics(r.errors);
    renderDiagnostics(r.errors);
    setPolicyError(r.errors);
    return;
  }
  state.handle?.free();
  state.handle = r.policy;
  state.policyError = null;
  els.policyTitle.textContent = r.policy.title;
  evaluateNow();
  refreshInfo();
  scheduleSweep();
}

function setPolicyError(errors: Diagnostic[]): void {
  const first = errors[0];
  state.policyError = `The policy has ${errors.length} error${errors.length === 1 ? "" : "s"} (first at line ${first.line}: ${first.message}); this is the last good decision.`;
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

// ---- claim: evaluate ----

function evaluateNow(): void {
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

function showDecision(): void {
  const stale = state.policyError ?? (state.evalErrors.length && state.decision ? "The claim was refused (see above); this is the last good decision." : null);
  renderDecision(els.decisionBody, { decision: state.decision, stale, evalErrors: state.policyError ? [] : state.evalErrors, selected: state.selected }, (name) => {
    state.selected = name;
    showDecision();
  });
  document.body.dataset.ready = "true";
}

function refreshInfo(): void {
  if (!state.handle) return;
  const info = engine.describe(state.handle);
  const key = JSON.stringify(info);
  if (key === state.infoKey) return;
  state.info = info;
  state.infoKey = key;
  renderClaimForm();
  setupWhatIf();
}

function renderClaimForm(): void {
  renderForm(els.form, state.claim, state.info, claimChanged);
}

/** The claim was edited (form or JSON): evaluate, and redo what depends on it. */
function claimChanged(): void {
  state.touched = true;
  evaluateNow();
  syncJson();
  syncWhatIfFromClaim();
  scheduleSweep();
  scheduleHash();
}

function syncJson(): void {
  if (document.activeElement === els.json) return;
  els.json.value = JSON.stringify(state.claim, null, 2);
  els.jsonStatus.textContent = "";
}

function replaceClaim(claim: Claim): void {
  state.claim = claim;
  renderClaimForm();
  syncJson();
  evaluateNow();
  refreshInfo();
  setupWhatIf();
}

// ---- what-if ----

function currentVariable(): Variable | undefined {
  return state.variables.find((v) => v.id === state.variableId);
}

function setupWhatIf(): void {
  const info = state.info;
  if (!info) return;
  const codes = info.defects.map((d) => d.code);
  if (!codes.includes(state.defectCode)) {
    const found = state.claim.inspection?.found?.map((f) => f.defect).find((c) => codes.includes(c));
    state.defectCode = found ?? codes[0] ?? "";
  }
  state.variables = variablesFor(info, state.claim, state.defectCode);
  if (!currentVariable()) state.variableId = state.variables[0]?.id ?? "";
  els.whatVar.replaceChildren(...state.variables.map((v) => h("option", { value: v.id, selected: v.id === state.variableId }, v.id === "defect" ? "Defect count" : v.label)));
  els.whatCode.replaceChildren(...info.defects.map((d) => h("option", { value: d.code, selected: d.code === state.defectCode }, `${d.code} (${d.severity})`)));
  els.whatCodeLabel.hidden = state.variableId !== "defect";
  setRange();
  syncWhatIfFromClaim();
  scheduleSweep();
}

function setRange(): void {
  const v = currentVariable();
  if (!v) return;
  state.range = v.range(state.claim);
  els.whatRange.min = String(state.range.min);
  els.whatRange.max = String(state.range.max);
  els.whatRange.step = String(state.range.step);
  els.whatName.textContent = v.money ? `${v.label} (${state.info?.currency ?? ""})` : v.label;
}

function syncWhatIfFromClaim(): void {
  const v = currentVariable();
  if (!v) return;
  const n = v.get(state.claim);
  if (Number.isNaN(n)) {
    els.whatNumber.value = "";
    chart?.setMarker(null);
    return;
  }
  if (n > state.range.max) {
    state.range.max = n;
    els.whatRange.max = String(n);
    scheduleSweep();
  }
  els.whatRange.value = String(n);
  els.whatRange.setAttribute("aria-valuetext", v.money ? `${state.info?.currency ?? ""} ${v.text(n)}` : v.text(n));
  if (document.activeElement !== els.whatNumber) els.whatNumber.value = v.text(n);
  els.whatNumber.removeAttribute("aria-invalid");
  els.whatNote.textContent = v.note(state.claim, n);
  chart?.setMarker(plotX(v, n));
}

/** Where a value sits on the chart's x axis (plotting only). */
function plotX(v: Variable, n: number): number {
  return v.money ? Number(v.text(n)) : n;
}

/** Move the variable: write it into the claim, evaluate, show. */
function moveTo(n: number): void {
  const v = currentVariable();
  if (!v) return;
  v.set(state.claim, n);
  state.touched = true;
  evaluateNow();
  syncWhatIfFromClaim();
  if (!els.form.contains(document.activeElement)) renderClaimForm();
  syncJson();
  scheduleHash();
}

const scheduleSweep = later(120, () => runSweep());

function runSweep(): void {
  const v = currentVariable();
  const handle = state.handle;
  if (!v || !handle || !state.info) return;
  const { min, max, step } = state.range;
  const positions = Math.floor((max - min) / step);
  const stride = step * Math.max(1, Math.ceil(positions / 120));
  const xs: number[] = [];
  for (let x = min; x < max; x += stride) xs.push(x);
  xs.push(max);
  const remedies = state.info.remedies.map((r) => r.name);
  let currency = state.info.currency;
  const points: SweepPoint[] = xs.map((x) => {
    const c = structuredClone(state.claim);
    v.set(c, x);
    const r = engine.evaluate(handle, c);
    const p: SweepPoint = { text: v.text(x), x: plotX(v, x), recommended: null, net: {} };
    if (r.ok) {
      currency = r.decision.currency;
      p.recommended = r.decision.recommendation.remedy ?? null;
      for (const m of r.decision.remedies) p.net[m.name] = m.available ? m.buyer_net_recovery : null;
    }
    return p;
  });
  const sweep: Sweep = { remedies, currency, points };
  lastSweep = { sweep, title: v.money ? `${v.label} (${currency})` : v.label };
  chart?.setSweep(lastSweep.sweep, lastSweep.title);
  const runs = recommendationRuns(points);
  els.whatSummary.textContent =
    "Recommended: " +
    runs.map((b) => `${b.remedy ?? "none"} for ${b.first === b.last ? b.first : `${b.first} to ${b.last}`}`).join("; ") +
    ".";
  syncWhatIfFromClaim();
}

/** Runs of sweep points with the same recommended remedy. */
function recommendationRuns(points: SweepPoint[]): { remedy: string | null; first: string; last: string }[] {
  const runs: { remedy: string | null; first: string; last: string }[] = [];
  for (const p of points) {
    const prev = runs[runs.length - 1];
    if (prev && prev.remedy === p.recommended) prev.last = p.text;
    else runs.push({ remedy: p.recommended, first: p.text, last: p.text });
  }
  return runs;
}

// ---- scenario, hash, pickers ----

function currentScenario(): Scenario {
  const bundled = state.policyName ? POLICIES[state.policyName] : undefined;
  return {
    policy: state.policyName,
    text: bundled === state.source ? undefined : state.source,
    claim: state.claim,
    whatif: { variable: state.variableId, code: state.defectCode || undefined },
  };
}

const scheduleHash = later(400, () => {
  if (!state.touched) return;
  history.replaceState(null, "", encode(currentScenario()));
});

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
  els.json.addEventListener("input", () => {
    try {
      const parsed = JSON.parse(els.json.value) as unknown;
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("the claim must be a JSON object");
      els.jsonStatus.textContent = "Read; the decision follows.";
      els.json.removeAttribute("aria-invalid");
      state.claim = parsed as Claim;
      state.claimFile = null;
      state.touched = true;
      renderClaimForm();
      evaluateNow();
      refreshInfo();
      setupWhatIf();
      fillPickers();
      scheduleHash();
    } catch (e) {
      els.json.setAttribute("aria-invalid", "true");
      els.jsonStatus.textContent = `Not a claim yet: ${(e as Error).message}`;
    }
  });
  els.whatVar.addEventListener("change", () => {
    state.variableId = els.whatVar.value;
    state.touched = true;
    els.whatCodeLabel.hidden = state.variableId !== "defect";
    setRange();
    syncWhatIfFromClaim();
    scheduleSweep();
    scheduleHash();
  });
  els.whatCode.addEventListener("change", () => {
    state.defectCode = els.whatCode.value;
    state.touched = true;
    setupWhatIf();
    scheduleHash();
  });
  els.whatRange.addEventListener("input", () => moveTo(Number(els.whatRange.value)));
  els.whatNumber.addEventListener("input", () => {
    const v = currentVariable();
    if (!v) return;
    const n = v.parse(els.whatNumber.value);
    if (n === null) {
      els.whatNumber.setAttribute("aria-invalid", "true");
      return;
    }
    if (n > state.range.max) {
      state.range.max = n;
      els.whatRange.max = String(n);
      scheduleSweep();
    }
    moveTo(n);
  });
  els.whatNumber.addEventListener("blur", () => syncWhatIfFromClaim());

  $("share").addEventListener("click", async () => {
    const url = `${location.href.split("#")[0]}${encode(currentScenario())}`;
    history.replaceState(null, "", url);
    els.shareOut.hidden = false;
    els.shareUrl.value = url;
    els.shareUrl.select();
    try {
      await navigator.clipboard.writeText(url);
      els.shareNote.textContent = "Copied to the clipboard.";
    } catch {
      els.shareNote.textContent = "Select the link and copy it.";
    }
  });
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
    // The engine builds the packet, customers pseudonymised; the page only saves it.
    const r = (state.handle as unknown as { packet: (c: unknown) => { ok: boolean; markdown?: string } }).packet(state.claim);
    if (r.ok && r.markdown) download(`supplier-packet-${state.claim.claim_id}.md`, "text/markdown", r.markdown);
  });
  els.revertButton.addEventListener("click", () => {
    if (!state.policyName) return;
    editor?.setText(POLICIES[state.policyName]);
    onSource(POLICIES[state.policyName]);
  });
  const fmt = engine.formatter();
  if (fmt) {
    els.formatButton.hidden = false;
    els.formatButton.addEventListener("click", () => {
      const r = fmt(state.source);
      if (r.ok && r.text !== state.source) {
        editor?.setText(r.text);
        onSource(r.text);
      }
    });
  }
  window.addEventListener("hashchange", () => {
    const s = decode(location.hash);
    if (s) loadScenario(s);
  });
}

function onSource(text: string): void {
  state.source = text;
  state.touched = true;
  fillPickers();
  scheduleCompile();
  scheduleHash();
}

async function main(): Promise<void> {
  await engine.start();
  document.getElementById("engine-version")!.textContent = engine.engineVersion();
  setupTabs();
  wire();
  const fromHash = decode(location.hash);
  loadScenario(fromHash ?? { policy: DEFAULT_POLICY });
  const [editorModule, chartModule] = await Promise.all([import("./editor"), import("./chart")]);
  editor = editorModule.createEditor(document.getElementById("editor")!, state.source, onSource);
  editor.showDiagnostics(lastDiagnostics);
  chart = new chartModule.WhatIfChart(document.getElementById("whatif-chart") as HTMLCanvasElement);
  if (lastSweep) chart.setSweep(lastSweep.sweep, lastSweep.title);
  syncWhatIfFromClaim();
  document.body.dataset.loaded = "true";
}

main().catch((e: unknown) => {
  els.decisionBody.replaceChildren(h("p", { class: "notice notice-ineligible" }, `The engine could not start: ${(e as Error).message ?? String(e)}`));
});
