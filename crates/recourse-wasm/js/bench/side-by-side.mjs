// Benchmark (not a test): one remedy decision written four ways, side by side in one Node process.
//
//   node bench/side-by-side.mjs [--quick] [--wall]   (after .ci/build-wasm and .ci/setup, which installs bench/package.json)
//
// The decision is the design example cut to what the issue compares (4 remedies, ISO 2859-1
// sampling, a cap, business-day deadlines, a ranking): POLICY below. Each way answers the same
// summary: eligibility, the lot's disposition, the recommended remedy, each remedy's availability
// and totals (supplier total, buyer pays, net recovery, credited, capped), each deadline's due
// date and status.
//
//   recourse summary   the npm package: `handle.evaluateSummary(claim)`
//   recourse full      the npm package: `handle.evaluate(claim)`, the summary read off the decision
//   plain JS           hand-written JavaScript with decimal.js, as a developer would write it
//   json-rules-engine  the conditions (eligibility, availability, the preference) as rules; the
//                      arithmetic in decimal.js, since the engine has none
//   zen-engine         a @gorules/zen-engine decision graph (JDM): the amounts, conditions, cap,
//                      statuses and ranking in ZEN expressions (exact decimals). ZEN has no business
//                      calendar: the business-day due dates are computed in JS and passed in.
//
// Every way must give equal summaries on the reference claim and on each variant (asserted before
// timing). The engines are then timed in rounds, interleaved (each round runs every way once over
// a batch of calls, in a rotating order), and the script prints per call the median and p95 over
// the rounds and each way's ratio to plain JS: CPU time of the process (process.cpuUsage), or
// with --wall the wall clock. On a shared machine, note `uptime` beside it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import Decimal from "decimal.js";
import { Engine } from "json-rules-engine";
import { ZenEngine } from "@gorules/zen-engine";
import { compile, version } from "recourse";

const quick = process.argv.includes("--quick");
const wall = process.argv.includes("--wall");
const root = new URL("../../../../", import.meta.url);
const reference = JSON.parse(readFileSync(new URL("policies/apparel-coats.claim.json", root), "utf8"));

// ---- the decision, in the policy language ------------------------------------------------------

const POLICY = `policy "Outerwear Supply Agreement 2026, Schedule Q (side by side)" {
  currency USD
  rounding half_up
  calendar supplier
}

calendar supplier "Pearl River Garments, Dongguan" {
  weekend sat, sun
  holiday 2026-02-16 to 2026-02-22 "Spring Festival"
  holiday 2026-05-01 to 2026-05-05 "Labour Day"
  holiday 2026-10-01 to 2026-10-07 "National Day"
}

defects {
  zipper_failure  critical  "Zipper fails the 50-cycle pull test"
  open_seam       major     "Open seam longer than 1 cm"
  stitching       major     "Skipped, loose or uneven stitching"
  mislabel        major     "Wrong size, care or origin label"
  shade           minor     "Shade outside the approved lab dip"
  not a defect transit_damage "Damage in transit" -> "carrier claim"
  not a defect preference     "Personal taste"    -> "no remedy"
}

sampling "Q.3 Acceptance sampling" {
  iso2859 level II normal
  aql critical 0, major 2.5, minor 4.0
}

input force_majeure: bool = false "Supplier declared force majeure in writing"
input stock_critical: bool = false "Buyer cannot ship customer orders without replacements"
input next_order_value: money = USD 0.00 "Value of the next confirmed purchase order"

let affected_value = claim.affected_units * order.unit_price

deadline notice "Q.5.1 Notice of non-conformity" {
  due 10 days after order.delivered_on
  met when claim.notified_on <= due
  missed: claim ineligible "Notice was given after the 10-day window"
}

deadline response "Q.5.2 Supplier response" {
  due 5 business days after claim.notified_on
}

deadline cure "Q.5.3 Cure period" {
  due 20 business days after response.due
}

remedy replacement "Q.6.1 Replacement of non-conforming goods" {
  when lot.rejected or worst_severity = critical
  unless force_majeure because "Force majeure suspends the replacement duty (Q.9)"
  supplier pays affected_value as "Replacement goods"
  supplier pays costs.outbound_freight as "Courier freight, supplier account"
  buyer pays costs.inspection_fee as "Re-inspection of the replacement lot"
  takes 7 to 14 days
}

remedy price_reduction "Q.6.2 Price reduction" {
  when worst_severity <= minor
  supplier credits affected_value * 30% as "Price reduction on affected units"
  takes 5 to 10 days
}

remedy credit_offset "Q.6.3 Credit against the next order" {
  when next_order_value > USD 0
  supplier credits min(affected_value, next_order_value * 20%) as "Credit memo on next PO"
  takes 1 to 4 weeks
}

remedy return_to_origin "Q.6.4 Return to origin" {
  when lot.rejected
  supplier pays affected_value as "Refund of returned units"
  supplier pays costs.return_freight as "Return freight, prepaid by supplier"
  buyer pays costs.restocking_fee as "Restocking fee"
  takes 2 to 6 weeks
}

cap "Q.7 Limitation" {
  supplier total at most 55% of order.value
}

recommend {
  prefer replacement when stock_critical
  then highest buyer_net_recovery
  then shortest time
}
`;

// ---- what the JS ways share: the tables and the calendar, as a developer would copy them -------

const SEVERITY = { zipper_failure: "critical", open_seam: "major", stitching: "major", mislabel: "major", shade: "minor" };
const RANK = { none: 0, minor: 1, major: 2, critical: 3 };
/** ISO 2859-1 Table I, level II: the largest lot of each range and its code letter. */
const TABLE_I_II = [[8, "A"], [15, "B"], [25, "C"], [50, "D"], [90, "E"], [150, "F"], [280, "G"], [500, "H"], [1200, "J"], [3200, "K"], [10000, "L"], [35000, "M"], [150000, "N"], [500000, "P"], [Infinity, "Q"]];
/** Table II-A (normal), arrows followed, for this policy's AQLs: letter -> class -> [n, Ac, Re]. */
const PLANS = {
  A: { critical: [2, 0, 1], major: [5, 0, 1], minor: [3, 0, 1] },
  B: { critical: [3, 0, 1], major: [5, 0, 1], minor: [3, 0, 1] },
  C: { critical: [5, 0, 1], major: [5, 0, 1], minor: [3, 0, 1] },
  D: { critical: [8, 0, 1], major: [5, 0, 1], minor: [13, 1, 2] },
  E: { critical: [13, 0, 1], major: [20, 1, 2], minor: [13, 1, 2] },
  F: { critical: [20, 0, 1], major: [20, 1, 2], minor: [20, 2, 3] },
  G: { critical: [32, 0, 1], major: [32, 2, 3], minor: [32, 3, 4] },
  H: { critical: [50, 0, 1], major: [50, 3, 4], minor: [50, 5, 6] },
  J: { critical: [80, 0, 1], major: [80, 5, 6], minor: [80, 7, 8] },
  K: { critical: [125, 0, 1], major: [125, 7, 8], minor: [125, 10, 11] },
  L: { critical: [200, 0, 1], major: [200, 10, 11], minor: [200, 14, 15] },
  M: { critical: [315, 0, 1], major: [315, 14, 15], minor: [315, 21, 22] },
  N: { critical: [500, 0, 1], major: [500, 21, 22], minor: [315, 21, 22] },
  P: { critical: [800, 0, 1], major: [500, 21, 22], minor: [315, 21, 22] },
  Q: { critical: [1250, 0, 1], major: [500, 21, 22], minor: [315, 21, 22] },
};
const HOLIDAYS = [["2026-02-16", "2026-02-22"], ["2026-05-01", "2026-05-05"], ["2026-10-01", "2026-10-07"]];
const REMEDIES = ["replacement", "price_reduction", "credit_offset", "return_to_origin"];
const WINDOWS = { replacement: [7, 14], price_reduction: [5, 10], credit_offset: [7, 28], return_to_origin: [14, 42] }; // days

const DAY = 86400000;
const day = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const addDays = (date, n) => iso(day(date) + n * DAY);
const HOLIDAY_MS = HOLIDAYS.map(([from, to]) => [day(from), day(to)]);
function isBusinessDay(ms) {
  const wd = (Math.floor(ms / DAY) + 4) % 7; // 1970-01-01 was a Thursday (4); 0 is Sunday
  if (wd === 0 || wd === 6) return false;
  return !HOLIDAY_MS.some(([from, to]) => ms >= from && ms <= to);
}
function addBusinessDays(date, n) {
  let ms = day(date);
  for (let left = n; left > 0; ) {
    ms += DAY;
    if (isBusinessDay(ms)) left -= 1;
  }
  return iso(ms);
}

Decimal.set({ rounding: Decimal.ROUND_HALF_UP, precision: 40 });
const cents = (d) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const money = (d) => d.toFixed(2);

/** The lot under ISO 2859-1: defects per class against the plan for the lot size. */
function judgeLot(claim) {
  const counts = { critical: 0, major: 0, minor: 0 };
  let worst = "none";
  for (const f of claim.inspection?.found ?? []) {
    const sev = SEVERITY[f.defect];
    if (!sev) continue; // an exclusion
    counts[sev] += f.count;
    if (f.count > 0 && RANK[sev] > RANK[worst]) worst = sev;
  }
  if (!claim.inspection) return { rejected: false, worst, disposition: "not_inspected" };
  const letter = TABLE_I_II.find(([max]) => claim.inspection.lot_size <= max)[1];
  const rejected = ["critical", "major", "minor"].some((c) => counts[c] > PLANS[letter][c][1]);
  return { rejected, worst, disposition: rejected ? "rejected" : "accepted" };
}

/** Due dates and statuses of the three deadlines. */
function deadlines(claim) {
  const status = (due, met) => (met ? "met" : claim.as_of > due ? "missed" : "open");
  const noticeDue = addDays(claim.order.delivered_on, 10);
  const responseDue = addBusinessDays(claim.notified_on, 5);
  const cureDue = addBusinessDays(responseDue, 20);
  return [
    { name: "notice", due: noticeDue, status: status(noticeDue, claim.notified_on <= noticeDue) },
    { name: "response", due: responseDue, status: status(responseDue, false) },
    { name: "cure", due: cureDue, status: status(cureDue, false) },
  ];
}

/** Each remedy's cost lines (each rounded once) and totals, the cap applied. */
function totals(claim) {
  const cost = (name) => new Decimal(claim.costs?.[name] ?? 0);
  const value = claim.order.value !== undefined ? new Decimal(claim.order.value) : new Decimal(claim.order.units).times(claim.order.unit_price);
  const affected = new Decimal(claim.affected_units).times(claim.order.unit_price);
  const nextOrder = new Decimal(claim.facts?.next_order_value ?? 0);
  const cap = cents(value.times(55).div(100));
  const lines = {
    replacement: { pays: [affected, cost("outbound_freight")], credits: [], buyer: [cost("inspection_fee")] },
    price_reduction: { pays: [], credits: [affected.times(30).div(100)], buyer: [] },
    credit_offset: { pays: [], credits: [Decimal.min(affected, nextOrder.times(20).div(100))], buyer: [] },
    return_to_origin: { pays: [affected, cost("return_freight")], credits: [], buyer: [cost("restocking_fee")] },
  };
  const out = {};
  for (const name of REMEDIES) {
    const l = lines[name];
    const sum = (xs) => xs.reduce((a, x) => a.plus(cents(x)), new Decimal(0));
    let credited = sum(l.credits);
    let supplier = sum(l.pays).plus(credited);
    const buyer = sum(l.buyer);
    let capped = false;
    if (supplier.greaterThan(cap)) {
      supplier = cap;
      credited = Decimal.min(credited, Decimal.max(supplier, 0));
      capped = true;
    }
    out[name] = { supplier, buyer, credited, capped };
  }
  return out;
}

/** Highest net recovery, then the shortest time (end, then start), then the policy's order. */
function rank(available, sums, asOf) {
  const window = (n) => WINDOWS[n].map((d) => day(asOf) + d * DAY);
  const net = (n) => sums[n].supplier.minus(sums[n].buyer);
  return [...available].sort((a, b) => {
    const byNet = net(b).comparedTo(net(a));
    if (byNet !== 0) return byNet;
    const [fa, ta] = window(a);
    const [fb, tb] = window(b);
    return ta - tb || fa - fb || REMEDIES.indexOf(a) - REMEDIES.indexOf(b);
  })[0] ?? null;
}

function summary(eligible, lot, recommendation, availability, sums, dl) {
  return {
    eligible,
    lot: lot.disposition,
    recommendation,
    remedies: REMEDIES.map((name) => ({
      name,
      available: availability[name],
      supplier_total: money(sums[name].supplier),
      buyer_pays: money(sums[name].buyer),
      buyer_net_recovery: money(sums[name].supplier.minus(sums[name].buyer)),
      credited: money(sums[name].credited),
      capped: sums[name].capped,
    })),
    deadlines: dl,
  };
}

// ---- way 1: plain JS + decimal.js --------------------------------------------------------------

function plainJs(claim) {
  const lot = judgeLot(claim);
  const dl = deadlines(claim);
  const eligible = dl[0].status !== "missed";
  const facts = claim.facts ?? {};
  const sums = totals(claim);
  const availability = {
    replacement: eligible && (lot.rejected || lot.worst === "critical") && facts.force_majeure !== true,
    price_reduction: eligible && RANK[lot.worst] <= RANK.minor,
    credit_offset: eligible && new Decimal(facts.next_order_value ?? 0).greaterThan(0),
    return_to_origin: eligible && lot.rejected,
  };
  const available = REMEDIES.filter((n) => availability[n]);
  const recommendation = facts.stock_critical === true && availability.replacement ? "replacement" : rank(available, sums, claim.as_of);
  return summary(eligible, lot, recommendation, availability, sums, dl);
}

// ---- way 2: json-rules-engine ------------------------------------------------------------------

const rulesEngine = new Engine(
  [
    { name: "notice missed", priority: 10, conditions: { all: [{ fact: "noticeStatus", operator: "equal", value: "missed" }] }, event: { type: "ineligible" } },
    {
      name: "replacement",
      conditions: {
        all: [
          { any: [{ fact: "lotRejected", operator: "equal", value: true }, { fact: "worst", operator: "equal", value: "critical" }] },
          { fact: "forceMajeure", operator: "notEqual", value: true },
        ],
      },
      event: { type: "available", params: { remedy: "replacement" } },
    },
    { name: "price_reduction", conditions: { all: [{ fact: "worstRank", operator: "lessThanInclusive", value: RANK.minor }] }, event: { type: "available", params: { remedy: "price_reduction" } } },
    { name: "credit_offset", conditions: { all: [{ fact: "nextOrderPositive", operator: "equal", value: true }] }, event: { type: "available", params: { remedy: "credit_offset" } } },
    { name: "return_to_origin", conditions: { all: [{ fact: "lotRejected", operator: "equal", value: true }] }, event: { type: "available", params: { remedy: "return_to_origin" } } },
    { name: "prefer replacement", conditions: { all: [{ fact: "stockCritical", operator: "equal", value: true }] }, event: { type: "prefer", params: { remedy: "replacement" } } },
  ],
  { allowUndefinedFacts: true },
);

async function withRules(claim) {
  const lot = judgeLot(claim);
  const dl = deadlines(claim);
  const facts = claim.facts ?? {};
  const { events } = await rulesEngine.run({
    noticeStatus: dl[0].status,
    lotRejected: lot.rejected,
    worst: lot.worst,
    worstRank: RANK[lot.worst],
    forceMajeure: facts.force_majeure === true,
    stockCritical: facts.stock_critical === true,
    nextOrderPositive: new Decimal(facts.next_order_value ?? 0).greaterThan(0),
  });
  const eligible = !events.some((e) => e.type === "ineligible");
  const availability = Object.fromEntries(REMEDIES.map((n) => [n, eligible && events.some((e) => e.type === "available" && e.params.remedy === n)]));
  const sums = totals(claim);
  const preferred = events.find((e) => e.type === "prefer" && availability[e.params.remedy]);
  const recommendation = preferred ? preferred.params.remedy : rank(REMEDIES.filter((n) => availability[n]), sums, claim.as_of);
  return summary(eligible, lot, recommendation, availability, sums, dl);
}

// ---- way 3: a zen-engine decision graph --------------------------------------------------------

const node = (id, type, content = {}) => ({ id, name: id, type, position: { x: 0, y: 0 }, content });
const expressions = (id, list) => node(id, "expressionNode", { expressions: list.map(([key, value], i) => ({ id: `${id}${i}`, key, value })), passThrough: true });
const REMEDY_ZEN = {
  replacement: { pays: ["av", "number(cost.outbound_freight)"], credits: [], buyer: ["number(cost.inspection_fee)"], when: "eligible and (lotRejected or worst == 'critical') and not force_majeure" },
  price_reduction: { pays: [], credits: ["av * 0.30"], buyer: [], when: "eligible and worstRank <= 1" },
  credit_offset: { pays: [], credits: ["min([av, nov * 0.20])"], buyer: [], when: "eligible and nov > 0" },
  return_to_origin: { pays: ["av", "number(cost.return_freight)"], credits: [], buyer: ["number(cost.restocking_fee)"], when: "eligible and lotRejected" },
};
const zenSum = (xs) => (xs.length ? xs.map((x) => `round(${x}, 2)`).join(" + ") : "0.00");
const zenGraph = {
  nodes: [
    node("in", "inputNode"),
    expressions("lot", [
      ["counts", "{ critical: sum(map(filter(found, #.sev == 'critical'), #.count)), major: sum(map(filter(found, #.sev == 'major'), #.count)), minor: sum(map(filter(found, #.sev == 'minor'), #.count)) }"],
      ["worstRank", "some(found, #.count > 0 and #.rank == 3) ? 3 : (some(found, #.count > 0 and #.rank == 2) ? 2 : (some(found, #.count > 0 and #.rank == 1) ? 1 : 0))"],
      ["worst", "['none', 'minor', 'major', 'critical'][$.worstRank]"],
      ["lotRejected", "$.counts.critical > plan.critical or $.counts.major > plan.major or $.counts.minor > plan.minor"],
      ["noticeDue", "d(delivered_on).add(10, 'd').format('%Y-%m-%d')"],
      ["noticeStatus", "d(notified_on) <= d($.noticeDue) ? 'met' : (d(as_of) > d($.noticeDue) ? 'missed' : 'open')"],
      ["eligible", "$.noticeStatus != 'missed'"],
      ["av", "number(affected_units) * number(unit_price)"],
      ["nov", "number(next_order_value)"],
      ["cap", "round(number(order_value) * 0.55, 2)"],
    ]),
    expressions(
      "remedies",
      REMEDIES.map((n) => {
        const r = REMEDY_ZEN[n];
        const credited = zenSum(r.credits);
        const supplier = `${zenSum(r.pays)} + ${credited}`;
        const capped = `(${supplier}) > cap`;
        return [
          n,
          `{ name: '${n}', available: ${r.when}, capped: ${capped}, supplier: ${capped} ? cap : ${supplier}, buyer: ${zenSum(r.buyer)}, ` +
            `credited: ${capped} ? min([${credited}, max([cap, 0])]) : ${credited}, from: d(as_of).add(${WINDOWS[n][0]}, 'd'), to: d(as_of).add(${WINDOWS[n][1]}, 'd') }`,
        ];
      }),
    ),
    expressions("rank", [
      ["list", `map([${REMEDIES.join(", ")}], { name: #.name, available: #.available, capped: #.capped, supplier: #.supplier, buyer: #.buyer, credited: #.credited, net: #.supplier - #.buyer, from: #.from, to: #.to })`],
      ["best", "filter($.list, #.available)"],
      ["best", "filter($.best, #.net == max(map($.best, #.net)))"],
      ["best", "filter($.best, #.to == min(map($.best, #.to)))"],
      ["best", "filter($.best, #.from == min(map($.best, #.from)))"],
      ["recommendation", "stock_critical and replacement.available ? 'replacement' : (len($.best) == 0 ? null : $.best[0].name)"],
      [
        "summary",
        "{ eligible: eligible, lot: lotRejected ? 'rejected' : 'accepted', recommendation: $.recommendation, remedies: map($.list, { name: #.name, available: #.available, " +
          "supplier_total: string(round(#.supplier, 2) + 0.00), buyer_pays: string(round(#.buyer, 2) + 0.00), buyer_net_recovery: string(round(#.net, 2) + 0.00), credited: string(round(#.credited, 2) + 0.00), capped: #.capped }), " +
          "deadlines: [{ name: 'notice', due: noticeDue, status: noticeStatus }, { name: 'response', due: responseDue, status: d(as_of) > d(responseDue) ? 'missed' : 'open' }, " +
          "{ name: 'cure', due: cureDue, status: d(as_of) > d(cureDue) ? 'missed' : 'open' }] }",
      ],
    ]),
    node("out", "outputNode"),
  ],
  edges: [
    { id: "e1", sourceId: "in", targetId: "lot", type: "edge" },
    { id: "e2", sourceId: "lot", targetId: "remedies", type: "edge" },
    { id: "e3", sourceId: "remedies", targetId: "rank", type: "edge" },
    { id: "e4", sourceId: "rank", targetId: "out", type: "edge" },
  ],
};
const zen = new ZenEngine().createDecision(zenGraph);

async function withZen(claim) {
  const facts = claim.facts ?? {};
  const letter = TABLE_I_II.find(([max]) => claim.inspection.lot_size <= max)[1];
  const plan = PLANS[letter];
  // ZEN reads amounts as exact decimals from strings through number(); the business days it
  // cannot count are counted here.
  const responseDue = addBusinessDays(claim.notified_on, 5);
  const num = (x) => (x === undefined ? "0" : String(x));
  const { result } = await zen.evaluate({
    found: (claim.inspection?.found ?? []).filter((f) => SEVERITY[f.defect]).map((f) => ({ sev: SEVERITY[f.defect], rank: RANK[SEVERITY[f.defect]], count: f.count })),
    plan: { critical: plan.critical[1], major: plan.major[1], minor: plan.minor[1] },
    as_of: claim.as_of,
    delivered_on: claim.order.delivered_on,
    notified_on: claim.notified_on,
    responseDue,
    cureDue: addBusinessDays(responseDue, 20),
    affected_units: new Decimal(claim.affected_units).toString(),
    unit_price: num(claim.order.unit_price),
    order_value: claim.order.value !== undefined ? num(claim.order.value) : new Decimal(claim.order.units).times(claim.order.unit_price).toString(),
    next_order_value: num(facts.next_order_value),
    cost: Object.fromEntries(["outbound_freight", "inspection_fee", "return_freight", "restocking_fee"].map((k) => [k, num(claim.costs?.[k])])),
    force_majeure: facts.force_majeure === true,
    stock_critical: facts.stock_critical === true,
  });
  return result.summary;
}

// ---- the npm package ---------------------------------------------------------------------------

const compiled = compile(POLICY);
if (!compiled.ok) throw new Error(`the side-by-side policy does not compile: ${JSON.stringify(compiled.errors)}`);
const handle = compiled.policy;

function recourseSummary(claim) {
  const r = handle.evaluateSummary(claim);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.summary;
}

function recourseFull(claim) {
  const r = handle.evaluate(claim);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const d = r.decision;
  return {
    eligible: d.eligible,
    lot: d.lot.disposition,
    recommendation: d.recommendation.remedy ?? null,
    remedies: d.remedies.map((x) => ({
      name: x.name,
      available: x.available,
      supplier_total: x.supplier_total,
      buyer_pays: x.buyer_pays,
      buyer_net_recovery: x.buyer_net_recovery,
      credited: x.credited,
      capped: x.capped,
    })),
    deadlines: d.deadlines.map((x) => ({ name: x.name, due: x.due, status: x.status })),
  };
}

// ---- the claims: the reference and its variants -----------------------------------------------

const vary = (name, edit) => {
  const c = structuredClone(reference);
  edit(c);
  return [name, c];
};
const found = (c, counts) => (c.inspection.found = Object.entries(counts).map(([defect, count]) => ({ defect, count })));
const CLAIMS = [
  ["reference (zipper failures, stock critical)", structuredClone(reference)],
  vary("no defects", (c) => found(c, {})),
  vary("minor only, lot rejected", (c) => found(c, { shade: 20 })),
  vary("minor only, lot accepted", (c) => found(c, { shade: 5 })),
  vary("major only, lot accepted", (c) => found(c, { stitching: 6, transit_damage: 9 })),
  vary("force majeure", (c) => (c.facts.force_majeure = true)),
  vary("cap binding", (c) => Object.assign(c, { affected_units: 5000 }, { order: { ...c.order, value: "50000.00" } }, { facts: { ...c.facts, stock_critical: false } })),
  vary("tie on net recovery, broken by time", (c) => {
    c.facts.stock_critical = false;
    Object.assign(c.costs, { outbound_freight: "1800.00", inspection_fee: "0.00" });
  }),
  vary("odd cents", (c) => Object.assign(c, { affected_units: 7, order: { ...c.order, unit_price: "41.995" } }, { facts: { stock_critical: false, next_order_value: "333.33" } })),
  vary("notice on a Saturday", (c) => Object.assign(c, { discovered_on: "2026-03-06", notified_on: "2026-03-07", as_of: "2026-03-09" })),
  vary("notice before the Spring Festival", (c) =>
    Object.assign(c, { order: { ...c.order, delivered_on: "2026-02-10", due_on: "2026-02-10" }, discovered_on: "2026-02-12", notified_on: "2026-02-13", as_of: "2026-02-14" }),
  ),
  vary("notice late: ineligible", (c) => Object.assign(c, { notified_on: "2026-03-13", as_of: "2026-03-14" })),
  vary("response missed", (c) => Object.assign(c, { as_of: "2026-03-16" })),
  vary("no next order", (c) => Object.assign(c, { facts: { stock_critical: false } })),
];

const WAYS = [
  ["recourse summary", recourseSummary, false],
  ["recourse full", recourseFull, false],
  ["plain JS + decimal.js", plainJs, false],
  ["json-rules-engine", withRules, true],
  ["zen-engine", withZen, true],
];

// ---- equal outputs first -----------------------------------------------------------------------

for (const [label, claim] of CLAIMS) {
  const expected = recourseFull(claim);
  for (const [way, fn] of WAYS) {
    const got = await fn(claim);
    assert.deepStrictEqual(got, expected, `${way} differs from the engine on "${label}"`);
  }
}
console.log(`${version()}, Node ${process.version}: all ${WAYS.length} ways agree on ${CLAIMS.length} claims`);

// ---- then time them, interleaved ---------------------------------------------------------------

const rounds = quick ? 15 : 61;
const perRound = quick ? 20 : 60; // passes over the claims per way and round
const times = Object.fromEntries(WAYS.map(([w]) => [w, []]));
for (let w = 0; w < 3; w++) for (const [, fn, isAsync] of WAYS) for (const [, c] of CLAIMS) (isAsync ? await fn(c) : fn(c)); // warm up
for (let r = 0; r < rounds; r++) {
  for (let k = 0; k < WAYS.length; k++) {
    const [way, fn, isAsync] = WAYS[(r + k) % WAYS.length];
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < perRound; i++) {
      for (const [, c] of CLAIMS) {
        if (isAsync) await fn(c);
        else fn(c);
      }
    }
    const { user, system } = process.cpuUsage(c0);
    const wallUs = (performance.now() - t0) * 1000;
    // CPU time of the whole process (every thread: zen-engine evaluates on its own), unless the
    // wall clock is asked for; on a shared machine the neighbours then stay out of the figures.
    times[way].push((wall ? wallUs : user + system) / (perRound * CLAIMS.length));
  }
}
const pick = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const base = pick(times["plain JS + decimal.js"], 0.5);
console.log(`\n${wall ? "wall-clock" : "CPU"} time per call, µs (${rounds} rounds of ${perRound} x ${CLAIMS.length} claims per way; ratio = median / plain JS's median)\n`);
console.log(`| way | median | p95 | ratio |\n| --- | ---: | ---: | ---: |`);
for (const [way] of WAYS) {
  const med = pick(times[way], 0.5);
  console.log(`| ${way} | ${med.toFixed(1)} | ${pick(times[way], 0.95).toFixed(1)} | ${(med / base).toFixed(2)} |`);
}
