// The decision pane: headline, notices, comparison, cost lines, timeline, lot disposition.
// Everything shown is the engine's: amounts as the strings it wrote, dates as the dates it gave.
import type { Decision, DeadlineResult, EvalError, RemedyResult } from "./types";
import { compact, dateEl, dayNumber, h, money, readableDate, richText } from "./util";

export interface DecisionView {
  decision: Decision | null;
  /** The deadline the policy declares as the supplier's response (`describe().response_deadline`). */
  responseDeadline: string | null;
  /** Why the decision shown is not the current one (policy errors, a refused claim), or null. */
  stale: string | null;
  evalErrors: EvalError[];
  selected: string | null;
}

/** The deadline the supplier must answer by: the one the policy declares (`scorecard { response
 * deadline ... }`); for a policy that declares none, `response` (or `reply`), else the first open one. */
export function responseDeadline(d: Decision, declared: string | null): DeadlineResult | undefined {
  if (declared) return d.deadlines.find((x) => x.name === declared);
  return (
    d.deadlines.find((x) => x.name === "response") ??
    d.deadlines.find((x) => x.name === "reply") ??
    d.deadlines.find((x) => x.status === "open") ??
    d.deadlines[0]
  );
}

function failedReasons(r: RemedyResult): string {
  const failed = r.reasons.filter((x) => !x.holds).map((x) => x.text);
  return failed.length ? failed.join("; ") : r.reasons.map((x) => x.text).join("; ");
}

function amountCell(cur: string, amount: string): HTMLElement {
  return h("td", { class: "num" }, money(cur, amount));
}

function windowText(r: RemedyResult): Node {
  if (!r.window) return document.createTextNode("—");
  return h("span", { class: "window" }, dateEl(r.window.from), h("span", { class: "to" }, "to ", dateEl(r.window.to)));
}

function headline(d: Decision, declaredResponse: string | null): HTMLElement {
  const rec = d.recommendation.remedy ? d.remedies.find((r) => r.name === d.recommendation.remedy) : undefined;
  const due = responseDeadline(d, declaredResponse);
  const card = h("section", { class: "headline", "aria-labelledby": "headline-title" });
  card.append(
    ...compact([
    h("p", { class: "eyebrow", id: "headline-title" }, d.eligible ? "Recommended remedy" : "Claim ineligible"),
    h(
      "p",
      { class: "remedy-name", "data-testid": "recommended" },
      rec ? rec.name : d.eligible ? "no remedy available" : "no remedy: the claim is ineligible",
    ),
    rec ? h("p", { class: "clause" }, rec.clause) : null,
    ]),
  );
  const figures = h("dl", { class: "figures" });
  if (rec) {
    figures.append(
      h("div", null, h("dt", null, "Supplier total"), h("dd", { class: "num", "data-testid": "supplier-total" }, money(d.currency, rec.supplier_total))),
      h("div", null, h("dt", null, "Buyer net recovery"), h("dd", { class: "num", "data-testid": "net-recovery" }, money(d.currency, rec.buyer_net_recovery))),
    );
  }
  if (due) {
    figures.append(
      h(
        "div",
        null,
        h("dt", null, due.name === "response" || due.name === "reply" ? "Supplier must respond by" : `Deadline: ${due.name}${due.status === "open" ? "" : ` (${due.status})`}`),
        h("dd", { "data-testid": "response-due" }, dateEl(due.due)),
      ),
    );
  }
  card.append(figures);
  if (due) card.append(h("p", { class: "clause" }, `${due.clause}: ${due.rule}${due.status !== "open" ? ` (${due.status})` : ""}`));
  if (d.recommendation.reasons.length) {
    card.append(h("details", { class: "why", open: true }, h("summary", null, "Why"), h("ul", null, d.recommendation.reasons.map((r) => h("li", null, r)))));
  }
  return card;
}

function notices(d: Decision): HTMLElement | null {
  const raised = d.flags.filter((f) => f.raised);
  const items: HTMLElement[] = d.findings.map((f) => {
    const flag = raised.find((x) => x.clause === f.clause);
    return h(
      "li",
      { class: `notice notice-${f.kind}` },
      h("span", { class: "notice-kind" }, f.kind.replace("_", " ")),
      h("span", { class: "notice-text" }, richText(f.message)),
      h("span", { class: "clause" }, f.clause),
      flag && (flag.reasons.length || flag.matches.length)
        ? h("span", { class: "notice-more" }, [...flag.reasons, flag.matches.length ? `earlier claims: ${flag.matches.join(", ")}${flag.more_matches ? ` and ${flag.more_matches} more` : ""}` : ""].filter(Boolean).join("; "))
        : null,
    );
  });
  for (const f of raised) {
    if (d.findings.some((x) => x.clause === f.clause)) continue;
    items.push(
      h(
        "li",
        { class: "notice notice-warning" },
        h("span", { class: "notice-kind" }, "flag"),
        h("span", { class: "notice-text" }, `${f.name} raised${f.notify.length ? `: notify ${f.notify.join(", ")}` : ""}`),
        h("span", { class: "clause" }, f.clause),
      ),
    );
  }
  if (!items.length) return null;
  return h("section", { "aria-labelledby": "notices-title" }, h("h3", { id: "notices-title" }, "Eligibility and flags"), h("ul", { class: "notices" }, items));
}

function comparison(d: Decision, selected: string | null, onSelect: (name: string) => void): HTMLElement {
  const rows = d.remedies.map((r) => {
    const recommended = r.name === d.recommendation.remedy;
    return h(
      "tr",
      { class: [r.available ? "" : "unavailable", recommended ? "recommended" : "", r.name === selected ? "selected" : ""].join(" ").trim() || null, "data-remedy": r.name },
      h(
        "th",
        { scope: "row" },
        h("button", { type: "button", class: "linkish", "aria-pressed": r.name === selected ? "true" : "false", "aria-label": `Show the cost lines of ${r.name}`, onclick: () => onSelect(r.name) }, r.name),
        recommended ? h("span", { class: "badge" }, "recommended") : null,
        h("span", { class: "clause" }, r.clause),
        r.available ? null : h("span", { class: "reason" }, "unavailable: ", failedReasons(r)),
      ),
      amountCell(d.currency, r.supplier_total),
      amountCell(d.currency, r.buyer_pays),
      amountCell(d.currency, r.buyer_net_recovery),
      h("td", null, windowText(r)),
      h("td", null, r.risk ?? "—", r.capped ? h("span", { class: "badge muted" }, "capped") : null),
    );
  });
  return h(
    "section",
    { "aria-labelledby": "comparison-title" },
    h("h3", { id: "comparison-title" }, "All remedies"),
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "comparison", "data-testid": "comparison" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            h("th", { scope: "col" }, "Remedy"),
            h("th", { scope: "col", class: "num" }, "Supplier pays"),
            h("th", { scope: "col", class: "num" }, "Buyer pays"),
            h("th", { scope: "col", class: "num" }, "Buyer net recovery"),
            h("th", { scope: "col" }, "Window"),
            h("th", { scope: "col" }, "Risk"),
          ),
        ),
        h("tbody", null, rows),
      ),
    ),
  );
}

function costLines(d: Decision, name: string | null): HTMLElement | null {
  const r = d.remedies.find((x) => x.name === name);
  if (!r) return null;
  return h(
    "section",
    { "aria-labelledby": "lines-title" },
    h("h3", { id: "lines-title" }, `Cost lines: ${r.name}`, r.available ? null : h("span", { class: "badge muted" }, "unavailable")),
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "lines", "data-testid": "cost-lines" },
        h("thead", null, h("tr", null, h("th", { scope: "col" }, "Line"), h("th", { scope: "col" }, "Payer"), h("th", { scope: "col", class: "num" }, "Amount"), h("th", { scope: "col" }, "Clause"))),
        h(
          "tbody",
          null,
          r.lines.map((l) =>
            h("tr", { class: `kind-${l.kind}` }, h("td", null, l.label), h("td", null, l.kind === "credits" ? `${l.payer} credits` : l.kind === "cap" ? "cap" : `${l.payer} pays`), amountCell(d.currency, l.amount), h("td", { class: "clause" }, l.clause)),
          ),
        ),
        h(
          "tfoot",
          null,
          h("tr", null, h("th", { scope: "row", colspan: 2 }, "Supplier total", r.credited !== "0" && !/^0(\.0+)?$/.test(r.credited) ? ` (of which credited ${money(d.currency, r.credited)})` : ""), amountCell(d.currency, r.supplier_total), h("td", null)),
          h("tr", null, h("th", { scope: "row", colspan: 2 }, "Buyer pays"), amountCell(d.currency, r.buyer_pays), h("td", null)),
          h("tr", null, h("th", { scope: "row", colspan: 2 }, "Buyer net recovery"), amountCell(d.currency, r.buyer_net_recovery), h("td", null)),
        ),
      ),
    ),
  );
}

interface Span {
  label: string;
  sub: string;
  from: string;
  to: string;
  kind: string;
}

function timeline(d: Decision): HTMLElement {
  const spans: Span[] = [];
  for (const x of d.deadlines) spans.push({ label: `${x.name} due`, sub: `${x.clause} · ${x.status}`, from: x.due, to: x.due, kind: `deadline status-${x.status}` });
  for (const r of d.remedies) if (r.available && r.window) spans.push({ label: r.name, sub: "resolution window", from: r.window.from, to: r.window.to, kind: r.name === d.recommendation.remedy ? "window recommended" : "window" });
  for (const s of d.escalation.steps) {
    const from = s.earliest_start ?? s.latest_start;
    const to = s.latest_end ?? s.earliest_end ?? from;
    if (from && to) spans.push({ label: s.name, sub: `escalation: ${s.forum}`, from, to, kind: "escalation" });
  }
  const days = [d.as_of, ...spans.flatMap((s) => [s.from, s.to])].map(dayNumber).filter((n) => !Number.isNaN(n));
  const lo = Math.min(...days);
  const hi = Math.max(...days, lo + 1);
  const pct = (iso: string) => ((dayNumber(iso) - lo) / (hi - lo)) * 100;
  spans.sort((a, b) => dayNumber(a.from) - dayNumber(b.from));
  const today = pct(d.as_of);
  return h(
    "section",
    { "aria-labelledby": "timeline-title" },
    h("h3", { id: "timeline-title" }, "Timeline"),
    h("p", { class: "note" }, `Today (as_of): ${readableDate(d.as_of)}. Escalation: ${d.escalation.status.replace("_", " ")}${d.escalation.opens_on ? `, opens ${readableDate(d.escalation.opens_on)}` : ""}.`),
    h(
      "ol",
      { class: "timeline" },
      spans.map((s) =>
        h(
          "li",
          { class: `tl-row ${s.kind}` },
          h("span", { class: "tl-label" }, h("strong", null, s.label), " ", h("span", { class: "tl-dates" }, dateEl(s.from), s.to !== s.from ? [" – ", dateEl(s.to)] : null), h("span", { class: "clause" }, s.sub)),
          h(
            "span",
            { class: "tl-track", "aria-hidden": "true" },
            h("span", { class: "tl-today", style: `left:${today}%` }),
            h("span", { class: "tl-bar", style: `left:${pct(s.from)}%;width:${Math.max(pct(s.to) - pct(s.from), 0)}%` }),
          ),
        ),
      ),
    ),
  );
}

function lot(d: Decision): HTMLElement {
  const l = d.lot;
  return h(
    "section",
    { "aria-labelledby": "lot-title" },
    h("h3", { id: "lot-title" }, "Lot disposition"),
    h("p", { class: `lot lot-${l.disposition}`, "data-testid": "lot" }, l.reason),
    l.clause ? h("p", { class: "clause" }, l.clause) : null,
    l.classes.length
      ? h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { class: "classes" },
            h("thead", null, h("tr", null, ...["Class", "Found", "Tolerance", "Plan", "n", "Ac / Re", "Verdict"].map((t) => h("th", { scope: "col" }, t)))),
            h(
              "tbody",
              null,
              l.classes.map((c) =>
                h(
                  "tr",
                  null,
                  h("th", { scope: "row" }, c.severity),
                  h("td", { class: "num" }, String(c.defects), c.codes.length ? h("span", { class: "clause" }, c.codes.map((x) => `${x.count} ${x.code}`).join(", ")) : null),
                  h("td", null, c.aql !== null && c.aql !== undefined ? `AQL ${c.aql}` : c.max_rate ? `max ${c.max_rate}%${c.rate ? ` (found ${c.rate}%)` : ""}` : "—"),
                  h("td", null, c.plan ? `${c.plan.code_letter}${c.plan.plan_letter !== c.plan.code_letter ? ` → ${c.plan.plan_letter}` : ""}` : "—"),
                  h("td", { class: "num" }, c.plan ? String(c.plan.sample_size) : "—"),
                  h("td", { class: "num" }, c.plan ? `${c.plan.accept} / ${c.plan.reject}` : "—"),
                  h("td", null, c.accepted ? "accepted" : "rejected"),
                ),
              ),
            ),
          ),
        )
      : null,
    l.excluded.length ? h("ul", { class: "excluded" }, l.excluded.map((e) => h("li", null, `not a defect: ${e.count} ${e.code} (${e.description}) → ${e.route}`))) : null,
  );
}

function reported(d: Decision): HTMLElement | null {
  if (!d.reported.length) return null;
  return h(
    "section",
    { "aria-labelledby": "reported-title" },
    h("h3", { id: "reported-title" }, "Reported values"),
    h("dl", { class: "reported" }, d.reported.map((r) => h("div", null, h("dt", null, r.label ?? r.name), h("dd", { class: r.type === "money" ? "num" : null }, r.type === "money" ? money(d.currency, r.value) : r.type === "date" ? dateEl(r.value) : r.value)))),
  );
}

export function renderDecision(root: HTMLElement, v: DecisionView, onSelect: (name: string) => void): void {
  root.replaceChildren();
  if (v.stale) {
    root.append(h("p", { class: "stale-banner", role: "status", "data-testid": "stale" }, h("strong", null, "Stale. "), v.stale));
  }
  if (v.evalErrors.length) {
    root.append(
      h(
        "ul",
        { class: "eval-errors", "aria-label": "Why the claim was refused" },
        v.evalErrors.map((e) => h("li", { class: "notice notice-ineligible" }, h("span", { class: "notice-kind" }, e.code), h("span", { class: "notice-text" }, richText(e.message)), e.field ? h("span", { class: "clause" }, `claim field ${e.field}`) : null, e.clause ? h("span", { class: "clause" }, e.clause) : null)),
      ),
    );
  }
  const d = v.decision;
  if (!d) {
    if (!v.evalErrors.length && !v.stale) root.append(h("p", null, "No decision yet."));
    return;
  }
  const body = h("div", { class: v.stale ? "decision stale" : "decision", "data-testid": "decision" });
  body.append(h("p", { class: "policy-line" }, `${d.policy} · claim ${d.claim_id}`));
  body.append(headline(d, v.responseDeadline));
  const n = notices(d);
  if (n) body.append(n);
  body.append(comparison(d, v.selected, onSelect));
  const lines = costLines(d, v.selected ?? d.recommendation.remedy ?? null);
  if (lines) body.append(lines);
  body.append(timeline(d));
  body.append(lot(d));
  const rep = reported(d);
  if (rep) body.append(rep);
  root.append(body);
}
