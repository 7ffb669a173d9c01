// What-if variables: how to read one number off a claim and write it back as a claim variation.
// Values are whole numbers of units (counts, days, or 10^-places of the currency for money), so a
// variation is written as an exact decimal string ("42.50"), never through float arithmetic.
import type { Claim, PolicyInfo } from "./types";
import { dayNumber, fromUnits, isoOfDay, placesOf, readableDate, toUnits } from "./util";

export interface Variable {
  id: string;
  label: string;
  /** Money variables are shown with the currency. */
  money: boolean;
  /** Read the value from a claim (units), NaN when the claim does not say. */
  get(claim: Claim): number;
  /** Write the value into a claim (mutates it). */
  set(claim: Claim, n: number): void;
  /** The value as written in the claim or shown beside the slider. */
  text(n: number): string;
  /** Read a typed value, or null when it is not one. */
  parse(text: string): number | null;
  /** A sensible range around the claim's current value. */
  range(claim: Claim): { min: number; max: number; step: number };
  /** A note shown under the slider. */
  note(claim: Claim, n: number): string;
}

function intParse(text: string): number | null {
  const t = text.trim();
  return /^\d+$/.test(t) && Number.isSafeInteger(Number(t)) ? Number(t) : null;
}

function countVar(id: string, label: string, get: (c: Claim) => number, set: (c: Claim, n: number) => void, max: (c: Claim, cur: number) => number, note: (c: Claim, n: number) => string = () => ""): Variable {
  return {
    id,
    label,
    money: false,
    get,
    set,
    text: (n) => String(n),
    parse: intParse,
    range(c) {
      const cur = get(c);
      const hi = Math.max(1, max(c, Number.isNaN(cur) ? 0 : cur));
      // Step 1: arrow keys move by one, Page Up / Page Down by a tenth of the range.
      return { min: 0, max: hi, step: 1 };
    },
    note,
  };
}

function moneyVar(id: string, label: string, read: (c: Claim) => string | null, write: (c: Claim, s: string) => void, minorUnits: number, fallbackMax: (c: Claim) => string | null, note: string): Variable {
  const placesFor = (c: Claim) => Math.max(minorUnits, placesOf(read(c) ?? ""));
  let places = minorUnits;
  return {
    id,
    label,
    money: true,
    get(c) {
      places = placesFor(c);
      const s = read(c);
      return s === null ? 0 : toUnits(s, places);
    },
    set: (c, n) => write(c, fromUnits(n, places)),
    text: (n) => fromUnits(n, places),
    parse(text) {
      const n = toUnits(text.trim(), places);
      return Number.isNaN(n) || n < 0 ? null : n;
    },
    range(c) {
      places = placesFor(c);
      const cur = toUnits(read(c) ?? "0", places);
      const alt = fallbackMax(c);
      const altUnits = alt ? roughUnits(alt, places) : 0;
      const hi = Math.max(Number.isNaN(cur) ? 0 : 2 * cur, Number.isNaN(altUnits) ? 0 : altUnits, 10 ** places);
      // Whole currency units when the range is wide, else the minor unit.
      const step = hi > 100 * 10 ** places ? 10 ** places : 1;
      return { min: 0, max: Math.ceil(hi / step) * step, step };
    },
    note: () => note,
  };
}

/** Whole units of a decimal string, extra places cut off (only to size a slider's range). */
function roughUnits(s: string, places: number): number {
  const [int, frac = ""] = s.split(".");
  return toUnits(places > 0 && frac ? `${int}.${frac.slice(0, places)}` : int, places);
}

function amountText(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return null;
}

/** The variables a policy and claim allow. `code` is the defect code of the defect-count variable. */
export function variablesFor(info: PolicyInfo, claim: Claim, code: string): Variable[] {
  const vars: Variable[] = [];
  if (claim.inspection) {
    vars.push(
      countVar(
        "defect",
        `Defects found: ${code}`,
        (c) => c.inspection?.found?.find((f) => f.defect === code)?.count ?? 0,
        (c, n) => {
          if (!c.inspection) return;
          const found = (c.inspection.found ??= []);
          const row = found.find((f) => f.defect === code);
          if (row) row.count = n;
          else found.push({ defect: code, count: n });
        },
        (c, cur) => Math.min(c.inspection?.sample_size ?? 50, Math.max(10, 3 * cur)),
      ),
    );
  }
  vars.push(
    countVar(
      "affected_units",
      "Affected units",
      (c) => (typeof c.affected_units === "number" ? c.affected_units : NaN),
      (c, n) => {
        c.affected_units = n;
      },
      (c, cur) => Math.max(cur, typeof c.order?.units === "number" ? c.order.units : 2 * cur),
    ),
  );
  vars.push(
    moneyVar(
      "unit_price",
      "Unit price",
      (c) => amountText(c.order?.unit_price),
      (c, s) => {
        c.order.unit_price = s;
        // The order value follows: the engine derives it (units x unit price) when it is absent.
        delete c.order.value;
      },
      info.minor_units,
      () => null,
      "While the unit price moves, the order value is left to the engine (units × unit price).",
    ),
  );
  // The notice date, as days after delivery. `as_of` ("today") moves with it when the notice
  // would fall after it, as a claim may not be dated after its own evaluation day.
  let baseAsOf = "";
  const notice: Variable = countVar(
    "notice_days",
    "Notice given (days after delivery)",
    (c) => dayNumber(c.notified_on) - dayNumber(c.order?.delivered_on ?? ""),
    (c, n) => {
      const delivered = dayNumber(c.order.delivered_on);
      if (Number.isNaN(delivered)) return;
      const notified = delivered + n;
      c.notified_on = isoOfDay(notified);
      const asOf = dayNumber(baseAsOf || c.as_of);
      c.as_of = isoOfDay(Math.max(asOf, notified));
    },
    (_c, cur) => Math.max(30, 2 * cur),
    (c, n) => {
      const delivered = dayNumber(c.order?.delivered_on ?? "");
      return Number.isNaN(delivered) ? "" : `Notice on ${readableDate(isoOfDay(delivered + n))}; as_of moves with it when later.`;
    },
  );
  const noticeRange = notice.range;
  notice.range = (c) => {
    baseAsOf = c.as_of;
    const r = noticeRange(c);
    const min = Math.max(0, dayNumber(c.discovered_on) - dayNumber(c.order?.delivered_on ?? ""));
    return { ...r, min: Number.isNaN(min) ? 0 : Math.min(min, r.max) };
  };
  vars.push(notice);
  const next = info.inputs.find((i) => i.name === "next_order_value");
  if (next) {
    vars.push(
      moneyVar(
        "next_order_value",
        "Next order value",
        (c) => amountText((c.facts as Record<string, unknown> | undefined)?.next_order_value) ?? amountText(next.default),
        (c, s) => {
          ((c.facts ??= {}) as Record<string, unknown>).next_order_value = s;
        },
        info.minor_units,
        (c) => amountText(c.order?.value) ?? null,
        next.description ?? "",
      ),
    );
  }
  return vars;
}
