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

function labelled(text: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || uid("f");
  control.id = id;
  const hintEl = hint ? h("span", { class: "hint", id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", `${id}-hint`);
  return h("div", { class: "field" }, h("label", { for: id }, text), control, hintEl);
}

/** A text-like input bound to `obj[key]`; empty deletes the key when `optional`. */
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
  input.addEventListener("input", () => {
    const t = input.value;
    if (t === "" && opts.optional) delete obj[key];
    else obj[key] = t;
    ctx.changed();
  });
  return input;
}

/** A decimal amount, kept as the string typed ("42.10"). */
function amountInput(ctx: Ctx, obj: Obj, key: string, opts: { optional?: boolean; placeholder?: string; name?: string } = {}): HTMLInputElement {
  const input = textInput(ctx, obj, key, { ...opts, inputmode: "decimal" });
  input.classList.add("num");
  return input;
}

/** A whole count; anything else is passed on as typed, for the engine to refuse with its message. */
function countInput(ctx: Ctx, obj: Obj, key: string, opts: { optional?: boolean; name?: string } = {}): HTMLInputElement {
  const v = obj[key];
  const input = h("input", { type: "number", min: 0, step: 1, name: opts.name ?? key, value: v === null || v === undefined ? "" : String(v), class: "num" });
  input.addEventListener("input", () => {
    const t = input.value.trim();
    if (t === "") {
      if (opts.optional) delete obj[key];
      else delete obj[key];
    } else obj[key] = /^\d+$/.test(t) ? Number(t) : t;
    ctx.changed();
  });
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
    count.addEventListener("input", () => {
      const t = count.value.trim();
      row.count = /^\d+$/.test(t) ? Number(t) : (t as unknown as number);
      ctx.changed();
    });
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
    amount.addEventListener("input", () => {
      costs[key] = amount.value;
      ctx.changed();
    });
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

export function renderForm(form: HTMLFormElement, claim: Claim, info: PolicyInfo | null, changed: () => void): void {
  const ctx: Ctx = { claim, info, changed, rerender: () => renderForm(form, claim, info, changed) };
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
}
