// Exports: the decision as JSON, the comparison of remedies as CSV (amounts as the engine's strings,
// dates ISO).
import type { Decision } from "./types";

function cell(v: string | number | boolean | null | undefined): string {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const CSV_COLUMNS = [
  "remedy",
  "clause",
  "available",
  "recommended",
  "currency",
  "supplier_total",
  "buyer_pays",
  "buyer_net_recovery",
  "credited",
  "capped",
  "window_from",
  "window_to",
  "risk",
  "reasons",
] as const;

export function comparisonCsv(d: Decision): string {
  const rows = d.remedies.map((r) =>
    [
      r.name,
      r.clause,
      r.available,
      r.name === d.recommendation.remedy,
      d.currency,
      r.supplier_total,
      r.buyer_pays,
      r.buyer_net_recovery,
      r.credited,
      r.capped,
      r.window?.from,
      r.window?.to,
      r.risk,
      r.reasons.map((x) => x.text).join("; "),
    ]
      .map(cell)
      .join(","),
  );
  return [CSV_COLUMNS.join(","), ...rows].join("\r\n") + "\r\n";
}
