// The what-if panel: one claim variable on a slider, the claim re-evaluated as it moves, and a sweep
// of the variable's range (one evaluation per point) charted as each remedy's net recovery.
import type { Sweep, SweepPoint, WhatIfChart } from "./chart";
import * as engine from "./engine";
import { $, later, state } from "./state";
import { h } from "./util";
import { variablesFor, type Variable } from "./variables";

const els = {
  variable: $<HTMLSelectElement>("whatif-var"),
  code: $<HTMLSelectElement>("whatif-code"),
  codeLabel: $<HTMLElement>("whatif-code-label"),
  range: $<HTMLInputElement>("whatif-range"),
  number: $<HTMLInputElement>("whatif-number"),
  name: $<HTMLElement>("whatif-value-name"),
  note: $<HTMLElement>("whatif-note"),
  summary: $<HTMLElement>("whatif-summary"),
};

// The chart (Chart.js) loads after the first decision is on screen; the last sweep waits for it.
let chart: WhatIfChart | null = null;
let lastSweep: { sweep: Sweep; title: string } | null = null;

export function attachChart(c: WhatIfChart): void {
  chart = c;
  if (lastSweep) chart.setSweep(lastSweep.sweep, lastSweep.title);
  syncWhatIfFromClaim();
}

function currentVariable(): Variable | undefined {
  return state.variables.find((v) => v.id === state.variableId);
}

/** The variables and defect codes of the current policy and claim, the range, the sweep. */
export function setupWhatIf(): void {
  const info = state.info;
  if (!info) return;
  const codes = info.defects.map((d) => d.code);
  if (!codes.includes(state.defectCode)) {
    const found = state.claim.inspection?.found?.map((f) => f.defect).find((c) => codes.includes(c));
    state.defectCode = found ?? codes[0] ?? "";
  }
  state.variables = variablesFor(info, state.claim, state.defectCode);
  if (!currentVariable()) state.variableId = state.variables[0]?.id ?? "";
  els.variable.replaceChildren(...state.variables.map((v) => h("option", { value: v.id, selected: v.id === state.variableId }, v.id === "defect" ? "Defect count" : v.label)));
  els.code.replaceChildren(...info.defects.map((d) => h("option", { value: d.code, selected: d.code === state.defectCode }, `${d.code} (${d.severity})`)));
  els.codeLabel.hidden = state.variableId !== "defect";
  setRange();
  syncWhatIfFromClaim();
  scheduleSweep();
}

function setRange(): void {
  const v = currentVariable();
  if (!v) return;
  state.range = v.range(state.claim);
  els.range.min = String(state.range.min);
  els.range.max = String(state.range.max);
  els.range.step = String(state.range.step);
  els.name.textContent = v.money ? `${v.label} (${state.info?.currency ?? ""})` : v.label;
}

/** The slider, the number and the chart's marker at the claim's value. */
export function syncWhatIfFromClaim(): void {
  const v = currentVariable();
  if (!v) return;
  const n = v.get(state.claim);
  if (Number.isNaN(n)) {
    els.number.value = "";
    chart?.setMarker(null);
    return;
  }
  if (n > state.range.max) widenTo(n);
  els.range.value = String(n);
  els.range.setAttribute("aria-valuetext", v.money ? `${state.info?.currency ?? ""} ${v.text(n)}` : v.text(n));
  if (document.activeElement !== els.number) els.number.value = v.text(n);
  els.number.removeAttribute("aria-invalid");
  els.note.textContent = v.note(state.claim, n);
  chart?.setMarker(plotX(v, n));
}

function widenTo(n: number): void {
  state.range.max = n;
  els.range.max = String(n);
  scheduleSweep();
}

/** Where a value sits on the chart's x axis (plotting only). */
function plotX(v: Variable, n: number): number {
  return v.money ? Number(v.text(n)) : n;
}

export const scheduleSweep = later(120, () => runSweep());

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
  els.summary.textContent =
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

/** The panel's controls. `moved` runs after the variable was written into the claim (to evaluate
 * and show it); `changed` after any setting changed (to update the link). */
export function wireWhatIf(moved: () => void, changed: () => void): void {
  const moveTo = (n: number) => {
    const v = currentVariable();
    if (!v) return;
    v.set(state.claim, n);
    state.touched = true;
    moved();
    syncWhatIfFromClaim();
    changed();
  };
  els.variable.addEventListener("change", () => {
    state.variableId = els.variable.value;
    state.touched = true;
    els.codeLabel.hidden = state.variableId !== "defect";
    setRange();
    syncWhatIfFromClaim();
    scheduleSweep();
    changed();
  });
  els.code.addEventListener("change", () => {
    state.defectCode = els.code.value;
    state.touched = true;
    setupWhatIf();
    changed();
  });
  els.range.addEventListener("input", () => moveTo(Number(els.range.value)));
  els.number.addEventListener("input", () => {
    const v = currentVariable();
    if (!v) return;
    const n = v.parse(els.number.value);
    if (n === null) {
      els.number.setAttribute("aria-invalid", "true");
      return;
    }
    if (n > state.range.max) widenTo(n);
    moveTo(n);
  });
  els.number.addEventListener("blur", () => syncWhatIfFromClaim());
}
