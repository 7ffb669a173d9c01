// The what-if panel: one claim variable on a slider, the claim re-evaluated as it moves, and a sweep
// of the variable's range charted as each remedy's net recovery. The engine sweeps the range in
// one call (at least 1 000 points, or every value of a shorter range) and finds the exact values
// where the recommendation turns (`flips`: every value evaluated), which the chart and the
// sentence under it mark instead of band edges between samples.
import type { Flip, Sweep, SweepPoint, WhatIfChart } from "./chart";
import type { Claim } from "./types";
import * as engine from "./engine";
import { $, later, state } from "./state";
import { dayNumber, h, humanName, isoOfDay } from "./util";
import { variablesFor, type Variable } from "./variables";
import { showDecision } from "./evaluation";
import { markField, unread } from "./form";
import { bindTyped, readValue } from "./whatif-fields";

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

/** The sentence naming the exact flip points, made here, under the summary. */
function flipsLine(): HTMLElement {
  let el = document.getElementById("whatif-flips");
  if (!el) {
    el = h("p", { id: "whatif-flips", class: "note" });
    els.summary.after(el);
  }
  return el;
}

/** The range's bounds, typed by the user (per variable; a new claim or policy keeps them). */
const userRange = new Map<string, { min?: number; max?: number }>();

/** The fields for the range's bounds, made here, under the slider. */
function boundFields(): { from: HTMLInputElement; to: HTMLInputElement } {
  let from = document.getElementById("whatif-from") as HTMLInputElement | null;
  let to = document.getElementById("whatif-to") as HTMLInputElement | null;
  if (!from || !to) {
    from = h("input", { id: "whatif-from", type: "text", inputmode: "decimal", autocomplete: "off" });
    to = h("input", { id: "whatif-to", type: "text", inputmode: "decimal", autocomplete: "off" });
    const box = h(
      "div",
      { class: "whatif-bounds" },
      h("span", { class: "ctl" }, h("label", { for: "whatif-from" }, "Range from"), " ", from),
      h("span", { class: "ctl" }, h("label", { for: "whatif-to" }, "to"), " ", to),
    );
    els.range.closest(".whatif-slider")?.after(box);
  }
  return { from, to };
}

/** Each remedy of the policy by its clause's title, as the decision pane names it (`humanName`);
 * a title two remedies share gets its identifier, so no two series read the same. */
function remedyTitles(remedies: { name: string; clause: string }[]): Record<string, string> {
  const titles = remedies.map((r) => [r.name, humanName(r.name, r.clause)] as const);
  const seen = new Map<string, number>();
  for (const [, t] of titles) seen.set(t, (seen.get(t) ?? 0) + 1);
  return Object.fromEntries(titles.map(([name, t]) => [name, (seen.get(t) ?? 0) > 1 ? `${t} (${name})` : t]));
}

/** A remedy in the pane's text: its title for a buyer, its identifier on hover for an author. */
function remedyText(titles: Record<string, string>, name: string | null): Node {
  if (name === null) return document.createTextNode("none");
  return h("span", { class: "remedy-title", "data-remedy": name, title: `remedy ${name}` }, titles[name] ?? humanName(name, null));
}

/** At least this many points in a sweep (every value when the range has fewer). */
const SWEEP_POINTS = 1000;
/** The most values the engine's exact flip search takes (MAX_FLIP_VALUES in the core). */
const MAX_FLIP_VALUES = 100_000;

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
  const mine = userRange.get(v.id);
  if (mine?.min !== undefined && mine.min < state.range.max) state.range.min = mine.min;
  if (mine?.max !== undefined && mine.max > state.range.min) state.range.max = mine.max;
  showBounds(v);
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
  if (document.activeElement !== els.number) {
    els.number.value = v.text(n);
    markField(els.number, null);
    unread.delete(els.number.id);
  }
  els.note.textContent = v.note(state.claim, n);
  chart?.setMarker(plotX(v, n));
}

function widenTo(n: number): void {
  state.range.max = n;
  els.range.max = String(n);
  const v = currentVariable();
  if (v) showBounds(v);
  scheduleSweep();
}

/** The bounds fields show the range (a field being typed in keeps its text). */
function showBounds(v: Variable): void {
  const { from, to } = boundFields();
  for (const [input, n] of [[from, state.range.min], [to, state.range.max]] as const) {
    if (document.activeElement === input || input.getAttribute("aria-invalid") === "true") continue;
    input.value = v.text(n);
  }
}

/** Where a value sits on the chart's x axis (plotting only). */
function plotX(v: Variable, n: number): number {
  return v.money ? Number(v.text(n)) : n;
}

export const scheduleSweep = later(120, () => runSweep());

/** One stretch of a what-if range the engine varies in one call: its path, the claim to vary it
 * on, the slider's positions it covers, and how a slider value is written for the engine and read
 * back from it. */
interface Segment {
  path: string;
  base: Claim;
  from: number;
  to: number;
  toEngine: (n: number) => string;
  fromEngine: (text: string) => number;
}

/** The engine's variable for a what-if variable, as one or two segments of the slider's range;
 * null when the engine cannot vary it. */
function engineSegments(v: Variable, claim: Claim, min: number, max: number): Segment[] | null {
  const one = (path: string, base: Claim): Segment[] => [{ path, base, from: min, to: max, toEngine: (n) => v.text(n), fromEngine: Number }];
  // A copy without long notes (a decision does not read them): copying a 1 MB note per sweep
  // would cost every edit of such a claim.
  const small = engine.forEvaluation(claim);
  const base = structuredClone(small);
  switch (v.id) {
    case "affected_units":
      return one("affected_units", base);
    case "unit_price":
      // As the slider does: the engine derives the order value from units x unit price.
      delete base.order.value;
      return one("order.unit_price", base);
    case "next_order_value":
      return one("facts.next_order_value", base);
    case "defect": {
      if (!base.inspection) return null;
      const found = (base.inspection.found ??= []);
      let i = found.findIndex((f) => f.defect === state.defectCode);
      if (i < 0) {
        found.push({ defect: state.defectCode, count: 0 });
        i = found.length - 1;
      }
      return one(`inspection.found[${i}].count`, base);
    }
    case "notice_days": {
      // The slider sets the notice `n` days after delivery, and "today" (`as_of`) to the later of
      // the claim's own and the notice: up to the claim's `as_of` only `notified_on` moves; from
      // there both move together (the engine's linked variable `notified_on,as_of`). The two
      // stretches share the value at `as_of`, the same claim in both, so no flip falls between.
      const delivered = dayNumber(claim.order?.delivered_on ?? "");
      if (Number.isNaN(delivered)) return null;
      const first = structuredClone(small);
      v.set(first, min);
      const today = dayNumber(first.as_of) - delivered;
      if (Number.isNaN(today)) return null;
      const toEngine = (n: number) => isoOfDay(delivered + n);
      const fromEngine = (iso: string) => dayNumber(iso) - delivered;
      const segments: Segment[] = [];
      if (today > min) segments.push({ path: "notified_on", base: first, from: min, to: Math.min(today, max), toEngine, fromEngine });
      if (today < max) {
        const start = Math.max(today, min);
        const linked = structuredClone(small);
        v.set(linked, start);
        segments.push({ path: "notified_on,as_of", base: linked, from: start, to: max, toEngine, fromEngine });
      }
      return segments;
    }
    default:
      return null;
  }
}

function runSweep(): void {
  const v = currentVariable();
  const handle = state.handle;
  if (!v || !handle || !state.info) return;
  const { min, max, step } = state.range;
  const segments = engineSegments(v, state.claim, min, max);
  const remedies = state.info.remedies.map((r) => r.name);
  const titles = remedyTitles(state.info.remedies);
  let currency = state.info.currency;
  let points: SweepPoint[] = [];
  let flips: Flip[] | null = null;
  let exact = false;
  if (segments) {
    exact = true;
    flips = [];
    const recommended = (o: { recommended?: string | null; error?: string | null }) => (o.error ? null : (o.recommended ?? null));
    for (const seg of segments) {
      const positions = Math.floor((seg.to - seg.from) / step);
      // One call for the stretch: every value, or a stride giving at least SWEEP_POINTS.
      const stride = step * Math.max(1, Math.floor(positions / SWEEP_POINTS));
      const r = engine.sweep(handle, seg.base, seg.path, seg.toEngine(seg.from), seg.toEngine(seg.to), v.money ? v.text(stride) : String(stride));
      if (!r.ok) {
        flips = null;
        points = [];
        break;
      }
      const segPoints = r.values.map((value, i) => {
        const n = seg.fromEngine(value);
        const p: SweepPoint = { text: v.money ? value : v.text(n), x: v.money ? Number(value) : n, recommended: r.errors[i] ? null : (r.recommended[i] ?? null), net: {} };
        for (const c of r.remedies) p.net[c.name] = c.available[i] ? (c.buyer_net_recovery[i] ?? null) : null;
        return p;
      });
      // The value two stretches share is charted once.
      if (points.length && segPoints.length && points[points.length - 1].text === segPoints[0].text) segPoints.shift();
      points.push(...segPoints);
      if (!flips) continue;
      // The exact flips: the whole stretch when it is small enough, else each change the sweep
      // saw, searched value by value between its two neighbouring points.
      const small = positions + 1 <= MAX_FLIP_VALUES;
      exact &&= small;
      const seen = r.values.map((value, i) => ({ value, recommended: r.errors[i] ? null : (r.recommended[i] ?? null) }));
      const windows: [string, string][] = small
        ? [[seg.toEngine(seg.from), seg.toEngine(seg.to)]]
        : seen.flatMap((p, i) => (i > 0 && seen[i - 1].recommended !== p.recommended ? [[seen[i - 1].value, p.value] as [string, string]] : []));
      for (const [from, to] of windows) {
        const f = engine.flips(handle, seg.base, seg.path, from, to);
        if (!f.ok) {
          flips = null;
          break;
        }
        for (const p of f.points) {
          const change = p.changes.find((c) => c.kind === "recommended" || c.kind === "error");
          if (!change) continue;
          const before = f.intervals.find((i) => i.to === p.below)?.outcome;
          const after = f.intervals.find((i) => i.from === p.above)?.outcome;
          if (before && after && recommended(before) === recommended(after)) continue;
          const [below, above] = [seg.fromEngine(p.below), seg.fromEngine(p.above)];
          const text = (engineText: string, n: number) => (v.money ? engineText : v.text(n));
          flips.push({ below: text(p.below, below), above: text(p.above, above), x: v.money ? (Number(p.below) + Number(p.above)) / 2 : (below + above) / 2, before: before ? recommended(before) : null, after: after ? recommended(after) : null, clause: change.clause ?? null });
        }
      }
    }
  } else {
    // One evaluation per point (about 120), for a variable the engine cannot vary.
    const positions = Math.floor((max - min) / step);
    const stride = step * Math.max(1, Math.ceil(positions / 120));
    const xs: number[] = [];
    for (let x = min; x < max; x += stride) xs.push(x);
    xs.push(max);
    const small = engine.forEvaluation(state.claim);
    points = xs.map((x) => {
      const c = structuredClone(small);
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
  }
  const sweep: Sweep = { remedies, titles, currency, points, flips: flips ?? undefined };
  lastSweep = { sweep, title: v.money ? `${v.label} (${currency})` : v.label };
  chart?.setSweep(lastSweep.sweep, lastSweep.title);
  const runs = recommendationRuns(points);
  const remedy = (name: string | null) => remedyText(titles, name);
  els.summary.replaceChildren(
    "Recommended: ",
    ...runs.flatMap((b, i) => [i ? "; " : "", remedy(b.remedy), ` for ${b.first === b.last ? b.first : `${b.first} to ${b.last}`}`]),
    ".",
  );
  const line = flipsLine();
  if (flips && points.length) {
    const unit = (text: string) => (v.money ? `${currency} ${text}` : v.id === "defect" ? `${text} defects` : v.id === "affected_units" ? `${text} units` : v.id === "notice_days" ? `${text} days after delivery` : text);
    line.dataset.variable = v.id;
    line.dataset.points = String(points.length);
    line.dataset.exact = String(exact);
    if (!flips.length) line.replaceChildren(`${points.length} points, no flip: `, remedy(points[0].recommended), ` throughout (${exact ? "every value computed" : "flips searched between the points"}).`);
    else {
      // "Credit against the next order up to 0 defects, Replacement of non-conforming goods from
      // 1": the unit once, after the first value.
      const from = (text: string) => (v.money ? `${currency} ${text}` : text);
      const parts = flips.flatMap((f, i) => [
        i ? ", " : "",
        ...(i === 0 ? [remedy(f.before), ` up to ${unit(f.below)}, `] : []),
        remedy(f.after),
        ` from ${from(f.above)}`,
      ]);
      line.replaceChildren(`Exact flip points (${exact ? "every value computed" : "searched value by value where the points change"}; ${points.length} points charted): `, ...parts, ".");
    }
  } else line.textContent = "";
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
  // The value beside the slider: read once it means what is typed (a pause, Enter, leaving it);
  // while it waits or does not read, the status line says the decision is for the last value.
  const variable = () => currentVariable();
  bindTyped(
    els.number,
    () => {
      const v = variable();
      return v ? readValue(v, els.number.value) : { ok: false, reason: "no variable" };
    },
    (n) => {
      if (n > state.range.max) widenTo(n);
      moveTo(n);
    },
    "The decision is for the last valid value.",
    () => showDecision(),
  );
  els.number.addEventListener("blur", () => {
    if (els.number.getAttribute("aria-invalid") !== "true") syncWhatIfFromClaim();
  });
  // The range's bounds: read the same way; a bound that does not read, or would leave no range,
  // is marked and the chart keeps its range.
  const { from, to } = boundFields();
  const bound = (input: HTMLInputElement, which: "min" | "max") =>
    bindTyped(
      input,
      () => {
        const v = variable();
        if (!v) return { ok: false, reason: "no variable" };
        const r = readValue(v, input.value);
        if (!r.ok) return r;
        if (which === "min" && r.n >= state.range.max) return { ok: false, reason: `the range must start below its end (${v.text(state.range.max)})` };
        if (which === "max" && r.n <= state.range.min) return { ok: false, reason: `the range must end above its start (${v.text(state.range.min)})` };
        return r;
      },
      (n) => {
        const v = variable();
        if (!v) return;
        userRange.set(v.id, { ...userRange.get(v.id), [which]: n });
        state.touched = true;
        setRange();
        syncWhatIfFromClaim();
        scheduleSweep();
      },
      "The chart keeps the last valid range.",
    );
  bound(from, "min");
  bound(to, "max");
}
