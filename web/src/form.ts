// The claim form. It edits the claim object in place and calls `changed()`; what it writes is
// what a claim file would hold (amounts as the decimal strings typed, counts as integers).
import type { Claim, PolicyInfo } from "./types";
import { compact, h, uid } from "./util";

type Obj = Record<string, unknown>;

interface Ctx {
  claim: Claim;
  info: PolicyInfo | null;
  changed: () => void;
  rerender: () => void;
}

/** How long typing must pause before a valid value is read into the claim (leaving the field reads
 * it at once): a half-typed "210" of "210,000.00" or a day "1" of "19" is never evaluated. */
export const PAUSE_MS = 500;

/** What a field's text means: the value to write (undefined: delete the key), or why it is not read. */
type Reading = { ok: true; value: unknown } | { ok: false; reason: string };

/** Fields whose text is not (yet) in the claim, by input name: the label and why. The decision
 * pane's status line reads it; a new form (renderForm) starts empty. */
export const unread = new Map<string, { label: string; reason: string }>();
let onUnreadChange: () => void = () => {};
const pendingTimers = new Set<ReturnType<typeof setTimeout>>();

const AMOUNT = /^-?\d+(\.\d+)?$/;
const GROUPED = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** An amount as typed: "210000.00" or with thousands separators "210,000.00" (read as
 * "210000.00"); anything else is not read. */
export function readAmount(text: string, optional: boolean): Reading {
  const t = text.trim();
  if (t === "") return optional ? { ok: true, value: undefined } : { ok: false, reason: "enter an amount" };
  if (AMOUNT.test(t)) return { ok: true, value: t };
  if (GROUPED.test(t)) return { ok: true, value: t.replaceAll(",", "") };
  if (/[.,]$/.test(t)) return { ok: false, reason: `"${t}" is not finished: type the digits after the ${t.endsWith(".") ? "point" : "comma"}` };
  return { ok: false, reason: `"${t}" is not an amount: write 210000.00 or 210,000.00` };
}

/** A date from a date field ("YYYY-MM-DD" once every part is typed). A year before 1900 is a year
 * still being typed (0202 on the way to 2026), so it is not read. */
export function readDate(value: string, optional: boolean): Reading {
  if (value === "") return optional ? { ok: true, value: undefined } : { ok: false, reason: "enter a full date (day, month and year)" };
  const m = /^(\d{4,})-\d{2}-\d{2}$/.exec(value);
  if (!m) return { ok: false, reason: "not a date" };
  if (Number(m[1]) < 1900) return { ok: false, reason: `the year ${m[1].replace(/^0+/, "")} looks unfinished: type all four digits` };
  return { ok: true, value };
}

/** A whole count; a field that is not a whole number is not read. */
function readCount(input: HTMLInputElement, optional: boolean): Reading {
  const t = input.value.trim();
  if (t === "" && input.validity.badInput) return { ok: false, reason: "not a whole number" };
  if (t === "") return optional ? { ok: true, value: undefined } : { ok: false, reason: "enter a whole number" };
  if (/^\d+$/.test(t) && Number.isSafeInteger(Number(t))) return { ok: true, value: Number(t) };
  return { ok: false, reason: `"${t}" is not a whole number of units` };
}

function labelOf(input: HTMLInputElement): string {
  return input.labels?.[0]?.textContent?.trim() || input.getAttribute("aria-label") || input.name;
}

/** The field's own error line, under it (created on first use). */
export function markField(input: HTMLInputElement, reason: string | null, kept = "The decision is for the last valid value."): void {
  const id = `${input.id || input.name}-error`;
  let note = document.getElementById(id);
  if (reason === null) {
    input.removeAttribute("aria-invalid");
    note?.remove();
    input.setAttribute("aria-describedby", (input.getAttribute("aria-describedby") ?? "").replace(id, "").trim());
    if (!input.getAttribute("aria-describedby")) input.removeAttribute("aria-describedby");
    return;
  }
  input.setAttribute("aria-invalid", "true");
  if (!note) {
    note = h("span", { class: "field-error", id });
    (input.closest(".field, td, .cost-row") ?? input).after(note);
    const described = input.getAttribute("aria-describedby") ?? "";
    if (!described.includes(id)) input.setAttribute("aria-describedby", `${described} ${id}`.trim());
  }
  note.textContent = `Not read: ${reason}. ${kept}`;
}

/**
 * Read a field into the claim only once its text means what the user is typing: a value that reads
 * is written after a pause in typing or when the field is left; one that does not is marked at the
 * field and listed in the status line, and the claim keeps its last valid value.
 */
function bind(input: HTMLInputElement, read: () => Reading, write: (value: unknown) => void, changed: () => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => {
    if (timer !== undefined) {
      clearTimeout(timer);
      pendingTimers.delete(timer);
      timer = undefined;
    }
  };
  const commit = () => {
    cancel();
    const r = read();
    if (!r.ok) return;
    unread.delete(input.name);
    markField(input, null);
    write(r.value);
    changed();
  };
  input.addEventListener("input", () => {
    cancel();
    const r = read();
    if (r.ok) {
      markField(input, null);
      unread.set(input.name, { label: labelOf(input), reason: "waiting for you to finish typing" });
      timer = setTimeout(commit, PAUSE_MS);
      pendingTimers.add(timer);
    } else {
      markField(input, r.reason);
      unread.set(input.name, { label: labelOf(input), reason: r.reason });
    }
    onUnreadChange();
  });
  // A date field fires `change` for each complete value while its parts are typed: it is read on
  // a pause or on leaving it instead.
  if (input.type !== "date") input.addEventListener("change", commit);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") commit();
  });
  input.addEventListener("blur", () => {
    if (timer !== undefined) commit();
  });
}

function labelled(text: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || uid("f");
  control.id = id;
  const hintEl = hint ? h("span", { class: "hint", id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", `${id}-hint`);
  return h("div", { class: "field" }, h("label", { for: id }, text), control, hintEl);
}

const write = (obj: Obj, key: string) => (value: unknown) => {
  if (value === undefined) delete obj[key];
  else obj[key] = value;
};

/** A text-like input bound to `obj[key]`; empty deletes the key when `optional`. Dates are read
 * as dates (see `readDate`). */
function textInput(ctx: Ctx, obj: Obj, key: string, opts: { type?: string; optional?: boolean; inputmode?: string; placeholder?: string; name?: string } = {}): HTMLInputElement {
  const v = obj[key];
  const input = h("input", {
    type: opts.type ?? "text",
    name: opts.name ?? key,
    value: v === null || v === undefined ? "" : String(v),
    inputmode: opts.inputmode,
    placeholder: opts.placeholder,
    autocomplete: "off",
    spellcheck: "false",
  });
  const optional = !!opts.optional;
  const read = (): Reading =>
    opts.type === "date" ? readDate(input.value, optional) : input.value === "" && optional ? { ok: true, value: undefined } : { ok: true, value: input.value };
  bind(input, read, write(obj, key), ctx.changed);
  return input;
}

/** A decimal amount, kept as the string typed ("42.10"; "42,000.10" is read as "42000.10"). */
function amountInput(ctx: Ctx, obj: Obj, key: string, opts: { optional?: boolean; placeholder?: string; name?: string } = {}): HTMLInputElement {
  const v = obj[key];
  const input = h("input", {
    type: "text",
    name: opts.name ?? key,
    value: v === null || v === undefined ? "" : String(v),
    inputmode: "decimal",
    placeholder: opts.placeholder,
    autocomplete: "off",
    spellcheck: "false",
    class: "num",
  });
  bind(input, () => readAmount(input.value, !!opts.optional), write(obj, key), ctx.changed);
  return input;
}

/** A whole count. */
function countInput(ctx: Ctx, obj: Obj, key: string, opts: { optional?: boolean; name?: string } = {}): HTMLInputElement {
  const v = obj[key];
  const input = h("input", { type: "number", min: 0, step: 1, name: opts.name ?? key, value: v === null || v === undefined ? "" : String(v), class: "num" });
  bind(input, () => readCount(input, !!opts.optional), write(obj, key), ctx.changed);
  return input;
}

function fieldset(legend: string, ...children: (HTMLElement | null)[]): HTMLFieldSetElement {
  return h("fieldset", null, h("legend", null, legend), ...children);
}

function foundRows(ctx: Ctx): HTMLElement {
  const insp = ctx.claim.inspection as unknown as Obj & { found?: { defect: string; count: number | string }[] };
  const found = (insp.found ??= []);
  const codes = new Set<string>();
  const options = (current: string): HTMLElement[] => {
    const groups: HTMLElement[] = [];
    const info = ctx.info;
    if (info?.defects.length) {
      groups.push(h("optgroup", { label: "Defects" }, info.defects.map((d) => (codes.add(d.code), h("option", { value: d.code, selected: d.code === current }, `${d.code} (${d.severity})`)))));
    }
    if (info?.exclusions.length) {
      groups.push(h("optgroup", { label: "Not defects" }, info.exclusions.map((d) => (codes.add(d.code), h("option", { value: d.code, selected: d.code === current }, `${d.code} → ${d.route}`)))));
    }
    if (!codes.has(current)) groups.push(h("option", { value: current, selected: true }, `${current} (not in the policy)`));
    return groups;
  };
  const table = h(
    "table",
    { class: "found" },
    h("caption", null, "Defects found in the sample"),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, "Code"), h("th", { scope: "col" }, "Count"), h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Remove")))),
  );
  const body = h("tbody");
  found.forEach((row, i) => {
    codes.clear();
    const sel = h("select", { name: `found-${i}-defect`, "aria-label": `Defect code, row ${i + 1}` }, options(row.defect));
    sel.addEventListener("change", () => {
      row.defect = sel.value;
      ctx.changed();
    });
    const count = h("input", { type: "number", min: 0, step: 1, class: "num", name: `found-${i}-count`, value: String(row.count), "aria-label": `Count of ${row.defect}` });
    bind(count, () => readCount(count, false), (value) => (row.count = value as number), ctx.changed);
    sel.addEventListener("change", () => count.setAttribute("aria-label", `Count of ${sel.value}`));
    const remove = h("button", { type: "button", class: "small", "aria-label": `Remove ${row.defect}` }, "Remove");
    remove.addEventListener("click", () => {
      found.splice(i, 1);
      ctx.changed();
      ctx.rerender();
    });
    body.append(h("tr", { "data-defect": row.defect }, h("td", null, sel), h("td", null, count), h("td", null, remove)));
  });
  table.append(body);
  const add = h("button", { type: "button", class: "small" }, "Add a defect");
  add.addEventListener("click", () => {
    const used = new Set(found.map((f) => f.defect));
    const next = ctx.info?.defects.find((d) => !used.has(d.code))?.code ?? ctx.info?.defects[0]?.code ?? "defect";
    found.push({ defect: next, count: 1 });
    ctx.changed();
    ctx.rerender();
  });
  return h("div", { class: "found-box" }, h("div", { class: "table-wrap" }, table), add);
}

function costsBox(ctx: Ctx): HTMLElement {
  const claim = ctx.claim as unknown as Obj;
  const costs = (claim.costs ??= {}) as Obj;
  const list = h("div", { class: "costs" });
  Object.keys(costs).forEach((name, i) => {
    const nameInput = h("input", { type: "text", value: name, name: `cost-${i}-name`, "aria-label": `Name of cost ${i + 1}`, spellcheck: "false", autocomplete: "off" });
    const amount = h("input", { type: "text", inputmode: "decimal", class: "num", value: String(costs[name] ?? ""), name: `cost-${i}-amount`, "aria-label": `Amount of ${name}`, autocomplete: "off" });
    let key = name;
    nameInput.addEventListener("change", () => {
      const next = nameInput.value.trim();
      if (!next || next === key || next in costs) {
        nameInput.value = key;
        return;
      }
      // Rename, keeping the order of the keys.
      const entries = Object.entries(costs).map(([k, v]) => [k === key ? next : k, v] as const);
      for (const k of Object.keys(costs)) delete costs[k];
      for (const [k, v] of entries) costs[k] = v;
      key = next;
      amount.setAttribute("aria-label", `Amount of ${next}`);
      ctx.changed();
    });
    bind(amount, () => readAmount(amount.value, false), (value) => (costs[key] = value), ctx.changed);
    const remove = h("button", { type: "button", class: "small", "aria-label": `Remove cost ${name}` }, "Remove");
    remove.addEventListener("click", () => {
      delete costs[key];
      ctx.changed();
      ctx.rerender();
    });
    list.append(h("div", { class: "cost-row" }, nameInput, amount, remove));
  });
  const add = h("button", { type: "button", class: "small" }, "Add a cost");
  add.addEventListener("click", () => {
    let n = 1;
    while (`cost_${n}` in costs) n += 1;
    costs[`cost_${n}`] = "0.00";
    ctx.changed();
    ctx.rerender();
  });
  return h("div", null, h("p", { class: "hint" }, "Named costs, as a policy reads them (costs.outbound_freight); a cost not listed is zero."), list, add);
}

function inputControl(ctx: Ctx, input: PolicyInfo["inputs"][number]): HTMLElement {
  const claim = ctx.claim as unknown as Obj;
  const facts = (claim.facts ??= {}) as Obj;
  const name = input.name;
  const dflt = input.default;
  const hint = [input.description, `${input.type}, default ${dflt === null || dflt === undefined ? "none" : String(dflt)}`].filter(Boolean).join(" · ");
  const id = `fact-${name}`;
  switch (input.type) {
    case "bool": {
      const value = name in facts ? facts[name] === true : dflt === true;
      const box = h("input", { type: "checkbox", id, name: id, checked: value });
      box.addEventListener("change", () => {
        facts[name] = box.checked;
        ctx.changed();
      });
      return h("div", { class: "field check" }, box, h("label", { for: id }, name), h("span", { class: "hint" }, hint));
    }
    case "int": {
      const c = countInput(ctx, facts, name, { optional: true, name: id });
      c.id = id;
      c.placeholder = String(dflt ?? "");
      return labelled(name, c, hint);
    }
    case "money":
    case "decimal": {
      const c = amountInput(ctx, facts, name, { optional: true, placeholder: String(dflt ?? ""), name: id });
      c.id = id;
      return labelled(input.type === "money" ? `${name} (${ctx.info?.currency ?? ""})` : name, c, hint);
    }
    case "date": {
      const c = textInput(ctx, facts, name, { type: "date", optional: true, name: id });
      c.id = id;
      return labelled(name, c, hint);
    }
    case "severity":
    case "remedy": {
      const choices = input.type === "severity" ? ["critical", "major", "minor", "none"] : (ctx.info?.remedies ?? []).map((r) => r.name);
      const current = name in facts ? String(facts[name]) : "";
      const sel = h(
        "select",
        { id, name: id },
        h("option", { value: "", selected: current === "" }, `default (${String(dflt ?? "")})`),
        choices.map((c) => h("option", { value: c, selected: c === current }, c)),
      );
      sel.addEventListener("change", () => {
        if (sel.value === "") delete facts[name];
        else facts[name] = sel.value;
        ctx.changed();
      });
      return labelled(name, sel, hint);
    }
    default: {
      const c = textInput(ctx, facts, name, { optional: true, placeholder: String(dflt ?? ""), name: id });
      c.id = id;
      return labelled(name, c, hint);
    }
  }
}

/** Draw the form for `claim`. `changed` follows every value read into the claim; `unreadChanged`
 * follows a field's text becoming unread (or read) before anything is written. */
export function renderForm(form: HTMLFormElement, claim: Claim, info: PolicyInfo | null, changed: () => void, unreadChanged: () => void): void {
  // A new form: the old fields' text (read or not) is gone, and so are their pending reads.
  for (const t of pendingTimers) clearTimeout(t);
  pendingTimers.clear();
  const hadUnread = unread.size > 0;
  unread.clear();
  onUnreadChange = unreadChanged;
  const ctx: Ctx = { claim, info, changed, rerender: () => renderForm(form, claim, info, changed, unreadChanged) };
  const c = claim as unknown as Obj;
  const order = (c.order ??= {}) as Obj;
  const cur = info?.currency;
  form.replaceChildren(
    ...compact([
    fieldset(
      "Claim",
      h(
        "div",
        { class: "grid" },
        labelled("Claim id", textInput(ctx, c, "claim_id")),
        labelled("As of (today)", textInput(ctx, c, "as_of", { type: "date" }), "The engine never reads a clock"),
        labelled("Supplier", textInput(ctx, c, "supplier", { optional: true })),
        labelled("PO", textInput(ctx, c, "po", { optional: true })),
        labelled("SKU", textInput(ctx, c, "sku", { optional: true })),
        labelled("Lot", textInput(ctx, c, "lot", { optional: true })),
      ),
    ),
    fieldset(
      "Order",
      h(
        "div",
        { class: "grid" },
        labelled("Units ordered", countInput(ctx, order, "units", { name: "order-units" })),
        labelled("Unit price", amountInput(ctx, order, "unit_price", { name: "order-unit_price" })),
        labelled("Currency", textInput(ctx, c, "currency"), cur ? `The policy is in ${cur}` : undefined),
        labelled("Order value", amountInput(ctx, order, "value", { optional: true, placeholder: "units × unit price", name: "order-value" }), "Blank: the engine takes units × unit price"),
        labelled("Due on", textInput(ctx, order, "due_on", { type: "date", optional: true, name: "order-due_on" })),
        labelled("Delivered on", textInput(ctx, order, "delivered_on", { type: "date", name: "order-delivered_on" })),
      ),
    ),
    fieldset(
      "Discovery and notice",
      h(
        "div",
        { class: "grid" },
        labelled("Discovered on", textInput(ctx, c, "discovered_on", { type: "date" })),
        labelled("Notice given on", textInput(ctx, c, "notified_on", { type: "date" })),
        labelled("Supplier responded on", textInput(ctx, c, "supplier_responded_on", { type: "date", optional: true }), "Blank: no answer yet"),
        labelled("Affected units", countInput(ctx, c, "affected_units")),
      ),
    ),
    c.inspection
      ? fieldset(
          "Inspection",
          h(
            "div",
            { class: "grid" },
            labelled("Lot size", countInput(ctx, c.inspection as Obj, "lot_size", { name: "inspection-lot_size" })),
            labelled("Sample size", countInput(ctx, c.inspection as Obj, "sample_size", { name: "inspection-sample_size" })),
            labelled("Inspector", textInput(ctx, c.inspection as Obj, "inspector", { optional: true, name: "inspection-inspector" })),
          ),
          foundRows(ctx),
        )
      : fieldset(
          "Inspection",
          h("p", { class: "hint" }, "No inspection in this claim."),
          (() => {
            const b = h("button", { type: "button", class: "small" }, "Add an inspection");
            b.addEventListener("click", () => {
              c.inspection = { lot_size: typeof order.units === "number" ? order.units : 0, sample_size: 0, found: [] };
              changed();
              ctx.rerender();
            });
            return b;
          })(),
        ),
    fieldset("Costs", costsBox(ctx)),
    info && info.inputs.length ? fieldset("Policy inputs", h("div", { class: "grid" }, info.inputs.map((i) => inputControl(ctx, i)))) : null,
    fieldset(
      "History and evidence",
      h(
        "p",
        { class: "hint" },
        `${(claim.history ?? []).length} earlier claim(s), ${(claim.customer_returns ?? []).length} customer return(s)${claim.evidence ? ", evidence recorded" : ""}. Edit them in the Claim JSON tab.`,
      ),
    ),
    ]),
  );
  if (hadUnread) unreadChanged();
}
