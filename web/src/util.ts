// Small helpers: building DOM nodes, reading dates for display, and writing decimal strings for
// the what-if variations. None of them computes an amount or a deadline: those come from the
// engine, and are shown exactly as it writes them.

type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** `h("td", { class: "num" }, "USD 8930.00")`: an element; text children are escaped by the DOM. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (typeof v === "function") el.addEventListener(k.replace(/^on/, ""), v);
      else if (v === true) el.setAttribute(k, "");
      else el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

/** Engine messages quote names and input in backticks: show those parts as code (for authors:
 * the editor's diagnostics), the rest with amounts and dates written as the page writes them. */
export function richText(text: string): Node[] {
  return text.split(/(`[^`]*`)/).filter((part) => part !== "").map((part) =>
    part.length > 1 && part.startsWith("`") && part.endsWith("`") ? h("code", null, part.slice(1, -1)) : document.createTextNode(plain(part)),
  );
}

/** An engine text for a buyer: no backticks, amounts with thousands separators ("USD 8,930.00"),
 * ISO dates in the page's one format ("Thu 12 Mar 2026"). Only the writing changes, never a digit.
 * A standard's number ("ISO 2859-1") is not an amount. */
export function plain(text: string): string {
  return text
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\b(?!ISO )([A-Z]{3}) (-?\d+(?:\.\d+)?)(?![\d.-])/g, (_, cur: string, amount: string) => money(cur, amount))
    .replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (iso: string) => readableDate(iso));
}

/** A clause's title without its number: "Q.6.1 Replacement of non-conforming goods" ->
 * "Replacement of non-conforming goods"; "Art. 39(1) Notice ..." -> "Notice ...". */
export function clauseTitle(clause: string | null | undefined): string {
  if (!clause) return "";
  const t = clause.replace(/^(?:(?:Art\.|§|Section|Clause)\s*)?[A-Z]?[\d.()a-z]*\d[\d.()a-z]*\s+/, "").trim();
  return t || clause;
}

/** A remedy, deadline or flag by its clause's title, the identifier only when there is no title. */
export function humanName(name: string, clause: string | null | undefined): string {
  const t = clauseTitle(clause);
  return t && t !== clause ? t : name.replaceAll("_", " ");
}

function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
}

let ids = 0;
/** A unique id for label/control pairs. */
export function uid(prefix: string): string {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** The nodes of a list, without the absent ones. */
export function compact<T>(xs: (T | null | undefined | false)[]): T[] {
  return xs.filter((x): x is T => x !== null && x !== undefined && x !== false);
}

/** "8930.00" -> "8,930.00": separators put between the engine's digits; nothing is rounded. */
export function grouped(amount: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(amount);
  if (!m) return amount;
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${m[3] ?? ""}`;
}

/** An amount as the engine wrote it, with its currency and thousands separators: "USD 8,930.00". */
export function money(currency: string, amount: string): string {
  return `${currency} ${grouped(amount)}`;
}

// ---- dates (ISO `YYYY-MM-DD`, as the engine writes them) ----

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of an ISO date (for placing dates on the timeline), or NaN. */
export function dayNumber(iso: string): number {
  const m = ISO.exec(iso);
  if (!m) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

/** The ISO date of a day number. */
export function isoOfDay(day: number): string {
  const d = new Date(day * 86_400_000);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
}

/** "2026-03-12" -> "Thu 12 Mar 2026" (the engine's date, written for a reader). */
export function readableDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const n = dayNumber(iso);
  if (Number.isNaN(n)) return iso;
  const d = new Date(n * 86_400_000);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** A date element: readable text, ISO in `datetime`. */
export function dateEl(iso: string | null | undefined): HTMLElement {
  if (!iso) return h("span", null, "—");
  return h("time", { datetime: iso }, readableDate(iso));
}

// ---- decimal strings, for writing claim variations (never parsed into floats) ----

const DECIMAL = /^-?\d+(\.\d+)?$/;

export function isDecimal(s: string): boolean {
  return DECIMAL.test(s);
}

/** Digits after the point: "42.125" -> 3. */
export function placesOf(s: string): number {
  const i = s.indexOf(".");
  return i < 0 ? 0 : s.length - i - 1;
}

/**
 * A decimal string as a whole number of 10^-places units: ("42.00", 2) -> 4200. Exact: the digits
 * are moved, not multiplied (places must be at least the string's own places).
 */
export function toUnits(s: string, places: number): number {
  if (!isDecimal(s)) return NaN;
  const neg = s.startsWith("-");
  const [int, frac = ""] = (neg ? s.slice(1) : s).split(".");
  if (frac.length > places) return NaN;
  const n = Number(int + frac.padEnd(places, "0"));
  return Number.isSafeInteger(n) ? (neg ? -n : n) : NaN;
}

/** A whole number of 10^-places units as a decimal string: (4200, 2) -> "42.00". */
export function fromUnits(n: number, places: number): string {
  const neg = n < 0;
  const digits = String(Math.abs(Math.trunc(n))).padStart(places + 1, "0");
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return neg ? `-${text}` : text;
}

/** Download a text file made in the page (a blob: URL, nothing leaves the machine). */
export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
