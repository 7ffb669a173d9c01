// The what-if chart: each remedy's buyer net recovery across the variable's range, with bands
// where each remedy is recommended and a marker at the current value.
//
// Plotting needs numbers: the chart takes Number() of the engine's amount strings and of the
// variation's decimal strings ONLY to place points on the canvas. Every number shown as text
// (tooltips, the summary under the chart) is the engine's string, unchanged.
import { Chart, LineController, LineElement, PointElement, LinearScale, Tooltip, type Plugin } from "chart.js";

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip);

export const PALETTE = ["#2563eb", "#d97706", "#059669", "#dc2626", "#7c3aed", "#0891b2", "#be185d", "#4d7c0f"];

export interface SweepPoint {
  /** The variable's value as written into the claim (or shown: a count, days). */
  text: string;
  /** For plotting only: Number() of `text`. */
  x: number;
  /** The recommended remedy at this value, or null (none available, or the claim was refused). */
  recommended: string | null;
  /** Each remedy's buyer net recovery (the engine's string), null when unavailable. */
  net: Record<string, string | null>;
}

/** An exact point where the recommendation turns: the last value before and the first after
 * (one unit apart), from the engine's `flips`. */
export interface Flip {
  below: string;
  above: string;
  /** For plotting only: halfway between `below` and `above`. */
  x: number;
  before: string | null;
  after: string | null;
  clause: string | null;
}

export interface Sweep {
  remedies: string[];
  /** Each remedy's title, by identifier: what the legend, the bands and the tooltips show. */
  titles: Record<string, string>;
  currency: string;
  points: SweepPoint[];
  /** The exact flips of the recommendation, when the engine found them: the bands' edges. */
  flips?: Flip[];
}

interface Marker {
  x: number | null;
}

const canvas = (c: Chart<"line", { x: number; y: number | null }[]>): HTMLCanvasElement => c.canvas;
/** A remedy by its title (the identifier when the sweep has none for it). */
function titleOf(sweep: Sweep, name: string): string {
  return sweep.titles[name] ?? name;
}

/** `text` cut with an ellipsis to fit `width` pixels in the context's font. */
function fit(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  // The longest prefix that fits with the ellipsis, by bisection (a redraw per marker move).
  let [lo, hi] = [0, text.length];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo).trimEnd()}…`;
}

function colourOf(remedies: string[], name: string): string {
  const i = remedies.indexOf(name);
  return PALETTE[(i < 0 ? 0 : i) % PALETTE.length];
}

/** Bands: runs of points with the same recommendation, split at the exact flip between two points
 * when the engine found it, else halfway between them. */
export function bands(points: SweepPoint[], flips: Flip[] = []): { from: number; to: number; remedy: string | null; first: string; last: string }[] {
  const out: { from: number; to: number; remedy: string | null; first: string; last: string }[] = [];
  const edge = (a: SweepPoint, b: SweepPoint) => flips.find((f) => f.x > a.x && f.x < b.x)?.x ?? (a.x + b.x) / 2;
  points.forEach((p, i) => {
    const prev = out[out.length - 1];
    if (prev && prev.remedy === p.recommended) {
      prev.last = p.text;
      prev.to = i + 1 < points.length ? edge(p, points[i + 1]) : p.x;
    } else {
      const from = i === 0 ? p.x : edge(points[i - 1], p);
      if (prev) prev.to = from;
      out.push({ from, to: i + 1 < points.length ? edge(p, points[i + 1]) : p.x, remedy: p.recommended, first: p.text, last: p.text });
    }
  });
  return out;
}

/**
 * The legend, as a list under the chart instead of Chart.js's own: Chart.js takes the legend's
 * height out of the plot, so 95 remedies would leave the lines a sliver. This one scrolls within a
 * few lines, each remedy a button that shows or hides its line; the remedies recommended somewhere
 * in the range come first.
 */
class Legend {
  readonly el: HTMLElement;
  constructor(after: Element, private readonly toggle: (index: number) => boolean) {
    this.el = document.createElement("ul");
    this.el.className = "chart-legend";
    this.el.setAttribute("aria-label", "Remedies in the chart (a button shows or hides a remedy's line)");
    after.after(this.el);
  }

  show(sweep: Sweep): void {
    const recommended = new Set(sweep.points.map((p) => p.recommended));
    const order = sweep.remedies.map((name, i) => ({ name, i })).sort((a, b) => Number(recommended.has(b.name)) - Number(recommended.has(a.name)) || a.i - b.i);
    this.el.dataset.count = String(sweep.remedies.length);
    this.el.replaceChildren(
      ...order.map(({ name, i }) => {
        const li = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.setAttribute("aria-pressed", "true");
        button.dataset.remedy = name;
        const swatch = document.createElement("span");
        swatch.className = "swatch";
        swatch.style.background = colourOf(sweep.remedies, name);
        button.title = `remedy ${name}`;
        button.append(swatch, titleOf(sweep, name) + (recommended.has(name) ? " (recommended in the range)" : ""));
        button.addEventListener("click", () => button.setAttribute("aria-pressed", String(this.toggle(i))));
        li.append(button);
        return li;
      }),
    );
  }
}

export class WhatIfChart {
  private chart: Chart<"line", { x: number; y: number | null }[]>;
  private sweep: Sweep = { remedies: [], titles: {}, currency: "", points: [] };
  private marker: Marker = { x: null };
  private legend: Legend;

  constructor(canvas: HTMLCanvasElement) {
    const self = this;
    this.legend = new Legend(canvas.parentElement ?? canvas, (i) => {
      const visible = !this.chart.isDatasetVisible(i);
      this.chart.setDatasetVisibility(i, visible);
      this.chart.update("none");
      return visible;
    });
    const bandPlugin: Plugin<"line"> = {
      id: "recommendationBands",
      beforeDatasetsDraw(chart) {
        const { ctx, chartArea, scales } = chart;
        const xs = scales.x;
        ctx.save();
        for (const b of bands(self.sweep.points, self.sweep.flips)) {
          if (!b.remedy) continue;
          const left = Math.max(chartArea.left, xs.getPixelForValue(b.from));
          const right = Math.min(chartArea.right, xs.getPixelForValue(b.to));
          const width = Math.max(right - left, 2);
          ctx.fillStyle = colourOf(self.sweep.remedies, b.remedy) + "22";
          ctx.fillRect(left, chartArea.top, width, chartArea.bottom - chartArea.top);
          if (width > 60) {
            ctx.fillStyle = "#374151";
            ctx.font = "11px system-ui, sans-serif";
            ctx.textBaseline = "top";
            ctx.fillText(fit(ctx, titleOf(self.sweep, b.remedy), width - 8), left + 4, chartArea.top + 4);
          }
        }
        // Each exact flip: a line at the boundary, labelled with the first value after it.
        for (const f of self.sweep.flips ?? []) {
          const px = xs.getPixelForValue(f.x);
          if (px < chartArea.left || px > chartArea.right) continue;
          ctx.strokeStyle = "#374151";
          ctx.lineWidth = 1;
          ctx.beginPath();
          ctx.moveTo(px, chartArea.top);
          ctx.lineTo(px, chartArea.bottom);
          ctx.stroke();
          ctx.fillStyle = "#111827";
          ctx.font = "11px system-ui, sans-serif";
          ctx.textBaseline = "bottom";
          const label = `${f.after === null ? "none" : titleOf(self.sweep, f.after)} from ${f.above}`;
          ctx.fillText(fit(ctx, label, Math.max(chartArea.right - px - 6, 40)), px + 3, chartArea.bottom - 4);
        }
        ctx.restore();
      },
      afterDatasetsDraw(chart) {
        if (self.marker.x === null) return;
        const { ctx, chartArea, scales } = chart;
        const px = scales.x.getPixelForValue(self.marker.x);
        if (px < chartArea.left - 1 || px > chartArea.right + 1) return;
        ctx.save();
        ctx.strokeStyle = "#111827";
        ctx.lineWidth = 2;
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(px, chartArea.top);
        ctx.lineTo(px, chartArea.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = "#111827";
        ctx.beginPath();
        ctx.moveTo(px - 5, chartArea.top);
        ctx.lineTo(px + 5, chartArea.top);
        ctx.lineTo(px, chartArea.top + 7);
        ctx.fill();
        ctx.restore();
      },
    };
    this.chart = new Chart(canvas, {
      type: "line",
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { type: "linear", ticks: { maxTicksLimit: 8 }, grid: { color: "#e5e7eb" } },
          y: { type: "linear", ticks: { maxTicksLimit: 6 }, grid: { color: "#e5e7eb" }, title: { display: true, text: "buyer net recovery" } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items) => {
                const p = self.sweep.points[items[0]?.dataIndex ?? -1];
                return p ? p.text : "";
              },
              label: (item) => {
                const p = self.sweep.points[item.dataIndex];
                const name = self.sweep.remedies[item.datasetIndex];
                const v = p?.net[name];
                const title = titleOf(self.sweep, name);
                return v === null || v === undefined ? `${title}: unavailable` : `${title}: ${self.sweep.currency} ${v}`;
              },
              footer: (items) => {
                const p = self.sweep.points[items[0]?.dataIndex ?? -1];
                return p ? `recommended: ${p.recommended === null ? "none" : titleOf(self.sweep, p.recommended)}` : "";
              },
            },
          },
        },
      },
      plugins: [bandPlugin],
    });
  }

  setSweep(sweep: Sweep, xTitle: string): void {
    this.sweep = sweep;
    this.chart.data.datasets = sweep.remedies.map((name) => ({
      label: titleOf(sweep, name),
      borderColor: colourOf(sweep.remedies, name),
      backgroundColor: colourOf(sweep.remedies, name),
      borderWidth: 2,
      pointRadius: sweep.points.length > 60 ? 0 : 2,
      spanGaps: false,
      // Number() for plotting only (see the note at the top of this file).
      data: sweep.points.map((p) => ({ x: p.x, y: p.net[name] === null || p.net[name] === undefined ? null : Number(p.net[name]) })),
    }));
    // The series as the legend names them, for a screen reader (the canvas is an image).
    this.chart.canvas.setAttribute("aria-label", `Buyer net recovery of each remedy across the range: ${this.chart.data.datasets.map((d) => d.label).join(", ")}`);
    const x = this.chart.options.scales?.x;
    if (x) {
      x.title = { display: true, text: xTitle };
      if (sweep.points.length) {
        x.min = sweep.points[0].x;
        x.max = sweep.points[sweep.points.length - 1].x;
      }
    }
    this.chart.update("none");
    this.legend.show(sweep);
    // The plot's height, for the page's tests: what the legend must not take away.
    canvas(this.chart).dataset.plotHeight = String(Math.round(this.chart.chartArea.bottom - this.chart.chartArea.top));
  }

  setMarker(x: number | null): void {
    if (this.marker.x === x) return;
    this.marker.x = x;
    // Only the marker moved: a redraw, not an update (which lays out the scales and legend again,
    // tens of milliseconds on every edit).
    this.chart.draw();
  }
}
