// The decision pane: headline, notices, comparison, cost lines, timeline, lot disposition.
// Everything shown is the engine's: amounts as the strings it wrote, dates as the dates it gave.
import type { Decision, DeadlineResult, EvalError, RemedyResult } from "./types";
import { clauseTitle, compact, dateEl, dayNumber, h, humanName, money, plain, readableDate } from "./util";

export interface DecisionView {
  decision: Decision | null;
  /** The deadline the policy declares as the supplier's response (`describe().response_deadline`). */
  responseDeadline: string | null;
  /** Why the decision shown is not the current one (policy errors, a refused claim), or null. */
  stale: string | null;
  evalErrors: EvalError[];
  selected: string | null;
  /** The policy text the clause links point into. */
  source: string;
}

/** The next date that matters to the buyer: the supplier's response deadline the policy declares
 * (`scorecard { response deadline ... }`; else `response` or `reply`) while it is open, else the
 * earliest open deadline. A deadline already met or missed is not the next date. */
export function responseDeadline(d: Decision, declared: string | null): DeadlineResult | undefined {
  const open = d.deadlines.filter((x) => x.status === "open");
  const byName = (n: string | null) => (n ? open.find((x) => x.name === n) : undefined);
  return byName(declared) ?? byName("response") ?? byName("reply") ?? [...open].sort((a, b) => dayNumber(a.due) - dayNumber(b.due))[0];
}

/** Going from a clause named in the decision to its declaration in the policy editor: set by
 * the page (main.ts); `null` when the clause is not found in the source. */
let clauseLine: (clause: string) => number | null = () => null;
let goToClause: (clause: string, line: number) => void = () => {};
export function linkClauses(find: typeof clauseLine, go: typeof goToClause): void {
  clauseLine = find;
  goToClause = go;
  lastRendered = null;
}

/** A clause's name, a button to its declaration in the policy when the source has it. */
function clauseRef(clause: string): Node {
  const line = clauseLine(clause);
  if (line === null) return document.createTextNode(clause);
  return h("button", { type: "button", class: "linkish clause-link", "data-clause-line": line, title: `Show clause ${clause} in the policy (line ${line})`, onclick: () => goToClause(clause, line) }, clause);
}

/** The remedy by its clause's title. */
const remedyName = (r: RemedyResult) => humanName(r.name, r.clause);

/** An engine text for a buyer (see `plain`), the remedies in it by their titles. */
function forBuyer(text: string, d: Decision): string {
  // A deadline or flag the engine quotes (`notice`) by its clause's title.
  const titled = new Map([...d.deadlines, ...d.flags].map((x) => [x.name, humanName(x.name, x.clause)] as const));
  let out = plain(text.replace(/`([^`]+)`/g, (whole, name: string) => titled.get(name) ?? whole));
  for (const r of d.remedies) {
    const title = remedyName(r);
    if (title !== r.name) out = out.replace(new RegExp(`(?<![\\w.])${r.name.replace(/[^\w]/g, "\\$&")}(?![\\w])`, "g"), title);
  }
  return out;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function failedReasons(r: RemedyResult): string {
  const failed = r.reasons.filter((x) => !x.holds).map((x) => plain(x.text));
  return failed.length ? failed.join("; ") : r.reasons.map((x) => plain(x.text)).join("; ");
}

function amountCell(cur: string, amount: string, label?: string): HTMLElement {
  return h("td", { class: "num", "data-label": label }, money(cur, amount));
}

function windowText(r: RemedyResult): Node {
  if (!r.window) return document.createTextNode("—");
  return h("span", { class: "window" }, dateEl(r.window.from), h("span", { class: "to" }, "to ", dateEl(r.window.to)));
}

/** What the ranking reason names as the deciding rule: the policy's preference, or the first
 * ranking criterion on which the top two differ (the engine's `decided_by` part, in parentheses). */
function decidingRule(d: Decision): string {
  const last = d.recommendation.reasons[d.recommendation.reasons.length - 1] ?? "";
  if (/ preferred( because|:| by)/.test(last)) return "the policy's preference";
  const within = /\((.*)\)$/.exec(last)?.[1] ?? "";
  const decided = within.replace(/^equal on [^;]*; /, "");
  if (/^buyer net recovery/.test(decided)) return "net recovery";
  if (/^buyer cost/.test(decided)) return "buyer cost";
  if (/^risk /.test(decided)) return "risk";
  if (/^done /.test(decided)) return "time";
  if (/^equal to /.test(decided)) return "the policy's order (every criterion equal)";
  if (decided) return decided.split(" ")[0] ?? "ranking";
  return "ranking";
}

/** An ineligible claim: why, and what the buyer can still do. */
function ineligibleCard(d: Decision, card: HTMLElement): void {
  const why = d.findings.filter((f) => f.kind === "ineligible");
  card.append(
    h("p", { class: "eyebrow", id: "headline-title" }, "Claim ineligible"),
    h("p", { class: "remedy-name", "data-testid": "recommended", "data-remedy": "" }, "No remedy: ", why.length ? plain(why[0].message) : "the claim is ineligible under this policy"),
  );
  if (why.length) card.append(h("p", { class: "clause" }, why.map((f) => clauseTitle(f.clause)).join("; ")));
  const missed = d.deadlines.filter((x) => x.status === "missed");
  const can: Node[][] = [];
  const t = (x: string) => document.createTextNode(x);
  for (const m of missed) can.push([t(`Check the date entered: ${humanName(m.name, m.clause).toLowerCase()} was due by `), dateEl(m.due), t(` (${plain(m.rule)}).`)]);
  const due = responseDeadline(d, null);
  if (d.escalation.status !== "none" && d.escalation.steps.length) {
    const first = d.escalation.steps[0];
    can.push([
      t(`Escalate: ${first.name.replaceAll("_", " ")} (${first.forum})`),
      ...(d.escalation.opens_on ? [t(" opens "), dateEl(d.escalation.opens_on)] : []),
      ...(due ? [t(" if the supplier has not answered by "), dateEl(due.due)] : []),
      t("."),
    ]);
  }
  can.push([t("Ask the supplier for a goodwill settlement: the policy itself gives no remedy.")]);
  card.append(h("p", { class: "can-do-title" }, "What you can still do"), h("ul", { class: "can-do", "data-testid": "can-do" }, can.map((c) => h("li", null, c))));
}

function headline(d: Decision, declaredResponse: string | null): HTMLElement {
  const rec = d.recommendation.remedy ? d.remedies.find((r) => r.name === d.recommendation.remedy) : undefined;
  const due = responseDeadline(d, declaredResponse);
  const card = h("section", { class: "headline", "aria-labelledby": "headline-title" });
  if (!d.eligible) {
    ineligibleCard(d, card);
    return card;
  }
  card.append(
    ...compact([
    h("p", { class: "eyebrow", id: "headline-title" }, "Recommended remedy"),
    h("p", { class: "remedy-name", "data-testid": "recommended", "data-remedy": rec?.name ?? "" }, rec ? remedyName(rec) : "no remedy available"),
    rec ? h("p", { class: "clause" }, clauseRef(rec.clause), " · ", h("code", { class: "ident" }, rec.name)) : null,
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
    const isResponse = due.name === declaredResponse || due.name === "response" || due.name === "reply";
    figures.append(
      h("div", null, h("dt", null, isResponse ? "Supplier must respond by" : `${humanName(due.name, due.clause)} due by`), h("dd", { "data-testid": "response-due" }, dateEl(due.due))),
    );
  } else {
    figures.append(h("div", null, h("dt", null, "Next deadline"), h("dd", { "data-testid": "response-due" }, "none open")));
  }
  card.append(figures);
  if (due) card.append(h("p", { class: "clause" }, `${clauseTitle(due.clause)}: ${plain(due.rule)}`));
  if (d.recommendation.reasons.length) {
    card.append(
      h(
        "details",
        { class: "why", open: true },
        h("summary", null, "Why"),
        h("p", { class: "decided-by", "data-testid": "decided-by" }, `Decided by ${decidingRule(d)}.`),
        h("ul", null, d.recommendation.reasons.map((r) => h("li", null, capital(forBuyer(r, d))))),
      ),
    );
  }
  return card;
}

const FLAG_PREFIX = /^flag `?([^`\s]+)`? raised(?: \([^)]*\))?:? ?/;

function notices(d: Decision): HTMLElement | null {
  const raised = d.flags.filter((f) => f.raised);
  // One card per clause and kind: a flag's findings (the next lot tightened, who to notify) join.
  const groups = new Map<string, { kind: string; clause: string; texts: string[]; flag?: string }>();
  for (const f of d.findings) {
    const key = `${f.kind}\u0000${f.clause}`;
    const g = groups.get(key) ?? { kind: f.kind, clause: f.clause, texts: [] };
    groups.set(key, g);
    const m = FLAG_PREFIX.exec(f.message);
    if (m) g.flag = m[1];
    const text = forBuyer(m ? f.message.slice(m[0].length) : f.message, d);
    if (text && !g.texts.includes(text)) g.texts.push(text);
  }
  const items: HTMLElement[] = [...groups.values()].map((g) => {
    const flag = raised.find((x) => x.clause === g.clause);
    const title = clauseTitle(g.clause);
    const head = g.flag ? `${title} flag raised` : "";
    return h(
      "li",
      { class: `notice notice-${g.kind}`, "data-clause": g.clause },
      h("span", { class: "notice-kind" }, g.flag ? "flag" : g.kind.replace("_", " ")),
      h("span", { class: "notice-text" }, [head, g.texts.join("; ")].filter(Boolean).join(": ")),
      h("span", { class: "clause" }, clauseRef(g.clause)),
      flag && (flag.reasons.length || flag.matches.length)
        ? h("span", { class: "notice-more" }, [...flag.reasons.map(plain), flag.matches.length ? `earlier claims: ${flag.matches.join(", ")}${flag.more_matches ? ` and ${flag.more_matches} more` : ""}` : ""].filter(Boolean).join("; "))
        : null,
    );
  });
  for (const f of raised) {
    if (d.findings.some((x) => x.clause === f.clause)) continue;
    items.push(
      h(
        "li",
        { class: "notice notice-warning", "data-clause": f.clause },
        h("span", { class: "notice-kind" }, "flag"),
        h("span", { class: "notice-text" }, `${humanName(f.name, f.clause)} flag raised${f.notify.length ? `: notify ${f.notify.join(", ")}` : ""}`),
        h("span", { class: "clause" }, clauseRef(f.clause)),
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
        h("button", { type: "button", class: "linkish", "aria-pressed": r.name === selected ? "true" : "false", "aria-label": `Show the cost lines of ${remedyName(r)}`, onclick: () => onSelect(r.name) }, remedyName(r)),
        recommended ? h("span", { class: "badge" }, "recommended") : null,
        h("span", { class: "clause" }, clauseRef(r.clause), " · ", h("code", { class: "ident" }, r.name)),
        r.available ? null : h("span", { class: "reason" }, "unavailable: ", failedReasons(r)),
      ),
      // The labels head each cell where a phone shows a row as a card (style.css).
      amountCell(d.currency, r.supplier_total, "Supplier pays"),
      amountCell(d.currency, r.buyer_pays, "Buyer pays"),
      amountCell(d.currency, r.buyer_net_recovery, "Net recovery"),
      h("td", { "data-label": "Window" }, windowText(r)),
      h("td", { "data-label": "Risk" }, r.risk ?? "—", r.capped ? h("span", { class: "badge muted" }, "capped") : null),
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
    h("h3", { id: "lines-title" }, `Cost lines: ${remedyName(r)}`, r.available ? null : h("span", { class: "badge muted" }, "unavailable")),
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

const TIMELINE_DAYS = 56;

function timeline(d: Decision): HTMLElement {
  const spans: Span[] = [];
  for (const x of d.deadlines) spans.push({ label: `${humanName(x.name, x.clause)} due`, sub: `${x.clause} · ${x.status}`, from: x.due, to: x.due, kind: `deadline status-${x.status}` });
  for (const r of d.remedies) if (r.available && r.window) spans.push({ label: remedyName(r), sub: "resolution window", from: r.window.from, to: r.window.to, kind: r.name === d.recommendation.remedy ? "window recommended" : "window" });
  for (const s of d.escalation.steps) {
    const from = s.earliest_start ?? s.latest_start;
    const to = s.latest_end ?? s.earliest_end ?? from;
    if (from && to) spans.push({ label: s.name, sub: `escalation: ${s.forum}`, from, to, kind: "escalation" });
  }
  const days = [d.as_of, ...spans.flatMap((s) => [s.from, s.to])].map(dayNumber).filter((n) => !Number.isNaN(n));
  // The next weeks at a readable scale: the track ends 8 weeks after today, and what lies beyond
  // (an arbitration a year out) runs off its right end, its dates in the label.
  const lo = Math.min(...days);
  const hi = Math.max(Math.min(Math.max(...days), dayNumber(d.as_of) + TIMELINE_DAYS), lo + 1);
  const pct = (iso: string) => Math.min(100, Math.max(0, ((dayNumber(iso) - lo) / (hi - lo)) * 100));
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
    h("p", { class: `lot lot-${l.disposition}`, "data-testid": "lot" }, plain(l.reason)),
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

/** What the pane shows now: drawn again only when it changes (the same decision marked stale or
 * not, by object identity), so a keystroke that leaves the decision as it is costs nothing here. */
let lastRendered: { root: HTMLElement; view: DecisionView } | null = null;

function sameView(a: DecisionView, b: DecisionView): boolean {
  return (
    a.decision === b.decision &&
    a.responseDeadline === b.responseDeadline &&
    (a.stale === null) === (b.stale === null) &&
    a.evalErrors === b.evalErrors &&
    a.selected === b.selected &&
    a.source === b.source
  );
}

export function renderDecision(root: HTMLElement, v: DecisionView, onSelect: (name: string) => void): void {
  if (lastRendered && lastRendered.root === root && sameView(lastRendered.view, v)) return;
  lastRendered = { root, view: v };
  root.replaceChildren();
  if (v.stale) {
    // The reason is in the status line at the bottom of the window; here, a mark on the decision.
    root.append(h("p", { class: "stale-mark", "data-testid": "stale-mark" }, "Not up to date: the decision for the claim as last valid"));
  }
  if (v.evalErrors.length) {
    root.append(
      h(
        "ul",
        { class: "eval-errors", "aria-label": "Why the claim was refused" },
        v.evalErrors.map((e) => h("li", { class: "notice notice-ineligible" }, h("span", { class: "notice-kind" }, e.code), h("span", { class: "notice-text" }, plain(e.message)), e.field ? h("span", { class: "clause" }, `claim field ${e.field}`) : null, e.clause ? h("span", { class: "clause" }, e.clause) : null)),
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
