// The what-if's typed fields: the value beside the slider and the bounds of the range. As in the
// claim form, a field is read only once its text means what is being typed, after a pause (0.5 s),
// on Enter or on leaving it: a half-typed "4" of "42.50", or a bound "1" of "1000", never moves
// the claim or the chart. A text that does not read is marked at the field with the reason.
import { markField, PAUSE_MS, readAmount, unread } from "./form";
import type { Variable } from "./variables";

export type Reading = { ok: true; n: number } | { ok: false; reason: string };

/** A typed value of `v`, in its units, or why it is not one. Amounts may have thousands
 * separators ("210,000.00"). */
export function readValue(v: Variable, text: string): Reading {
  const t = text.trim();
  if (t === "") return { ok: false, reason: "enter a value" };
  if (v.money) {
    const a = readAmount(t, false);
    if (!a.ok) return a;
    const n = v.parse(String(a.value));
    if (n === null) return { ok: false, reason: String(a.value).startsWith("-") ? "the amount cannot be negative" : `"${t}" has more decimals than the currency has` };
    return { ok: true, n };
  }
  const n = v.parse(t);
  return n === null ? { ok: false, reason: `"${t}" is not a whole number` } : { ok: true, n };
}

/**
 * Read `input` on a pause, Enter or leaving it, when `read` says it reads; mark it with the reason
 * otherwise, and `kept` (what stays as it was). `pending` is told whether a text is waiting or not read (for the status line), and
 * `commit` gets the value read.
 */
export function bindTyped(input: HTMLInputElement, read: () => Reading, commit: (n: number) => void, kept: string, pending?: (reason: string | null) => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const label = () => input.labels?.[0]?.textContent?.trim() || input.getAttribute("aria-label") || input.id;
  const cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const apply = () => {
    cancel();
    const r = read();
    if (!r.ok) return;
    markField(input, null);
    unread.delete(input.id);
    pending?.(null);
    commit(r.n);
  };
  input.addEventListener("input", () => {
    cancel();
    const r = read();
    if (r.ok) {
      markField(input, null);
      if (pending) unread.set(input.id, { label: label(), reason: "waiting for you to finish typing" });
      pending?.("waiting for you to finish typing");
      timer = setTimeout(apply, PAUSE_MS);
    } else {
      markField(input, r.reason, kept);
      if (pending) unread.set(input.id, { label: label(), reason: r.reason });
      pending?.(r.reason);
    }
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") apply();
  });
  input.addEventListener("blur", () => {
    if (timer !== undefined) apply();
  });
}
