// Sharing: the URL hash holds the scenario: `#v=2&policy=NAME&whatif=VAR:CODE&text=LZ&claim=LZ`,
// the policy text (when edited) and the claim each compressed with lz-string on their own, so a
// link cut short still gives what it holds in full. Customers' personal data stays out of links
// unless asked for, and a link has a size limit. `#policy=NAME&claim=FILE` and the first
// format, `#s=LZ`, still open.
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from "lz-string";
import { POLICIES } from "./bundled";
import { $, later, state } from "./state";
import type { Claim } from "./types";

export interface Scenario {
  /** A bundled policy (file stem under policies/), or null for a policy that exists only as text. */
  policy: string | null;
  /** The policy text, when it differs from the bundled one. */
  text?: string;
  claim?: Claim;
  /** A bundled example claim (file name), when `claim` is absent. */
  claimFile?: string;
  whatif?: { variable: string; code?: string };
  /** What of the link could not be read (and so what was not kept), when something could not. */
  problems?: string[];
}

/** The longest link the page writes: past it, a link leaves the claim (then the policy text) out
 * and says so. Mail and chat programs cut links not far beyond this. */
export const MAX_LINK = 8000;

type Obj = Record<string, unknown>;

/** The claim with its customers' personal data taken out: each return keeps its reference and
 * defect, its customer becomes "Customer A", B, ..., and contact details, the shop's order number,
 * the note and the photo file names (which often carry a name) are left out. The decision does not
 * read them. Returns the claim and how many returns were changed. */
export function withoutPersonalData(claim: Claim): { claim: Claim; returns: number } {
  const returns = (claim as unknown as Obj).customer_returns;
  if (!Array.isArray(returns) || returns.length === 0) return { claim, returns: 0 };
  const letters = new Map<string, string>();
  const letter = (name: string) => {
    if (!letters.has(name)) letters.set(name, String.fromCharCode(65 + (letters.size % 26)) + (letters.size >= 26 ? String(Math.floor(letters.size / 26)) : ""));
    return letters.get(name)!;
  };
  const safe = returns.map((r: unknown, i: number) => {
    const o = (typeof r === "object" && r !== null ? r : {}) as Obj;
    const out: Obj = { return_id: typeof o.return_id === "string" ? o.return_id : `return-${i + 1}` };
    if (typeof o.defect === "string") out.defect = o.defect;
    if (typeof o.customer_name === "string" || typeof o.email === "string") out.customer_name = `Customer ${letter(String(o.customer_name ?? o.email))}`;
    if (Array.isArray(o.photos)) out.photos = o.photos.map((_, j) => `${out.return_id}-photo-${j + 1}`);
    return out;
  });
  return { claim: { ...claim, customer_returns: safe } as unknown as Claim, returns: returns.length };
}

/** Past this much JSON a part is not compressed: it could not fit in a link (compressing 1 MB
 * takes seconds), and is left out as too large. */
const MAX_PACKED_JSON = 256 * 1024;

const pack = (v: unknown): string | "too large" => {
  const json = JSON.stringify(v);
  return json.length > MAX_PACKED_JSON ? "too large" : compressToEncodedURIComponent(json);
};

/** The scenario as a hash, at most `MAX_LINK` characters: the claim, then the edited policy text,
 * are left out when it would be longer; `left` names what was, `length` is the full link's length
 * (null when a part was too large even to compress: "far" more). */
export function encode(s: Scenario): { hash: string; left: string[]; length: number | null } {
  const head = new URLSearchParams({ v: "2" });
  if (s.policy) head.set("policy", s.policy);
  if (s.whatif) head.set("whatif", s.whatif.code ? `${s.whatif.variable}:${s.whatif.code}` : s.whatif.variable);
  // Dropped in this order while the link is too long.
  const parts = [
    { name: "the claim", key: "claim", packed: s.claim ? pack(s.claim) : null },
    { name: "the edited policy text", key: "text", packed: s.text !== undefined ? pack(s.text) : null },
  ];
  const build = (kept: typeof parts) =>
    `#${head.toString()}${[...kept].reverse().map((p) => `&${p.key}=${p.packed}`).join("")}`;
  let kept = parts.filter((p) => p.packed !== null && p.packed !== "too large");
  const left = parts.filter((p) => p.packed === "too large").map((p) => p.name);
  const length = left.length ? null : build(kept).length;
  while (build(kept).length > MAX_LINK && kept.length) {
    left.push(kept[0].name);
    kept = kept.slice(1);
  }
  return { hash: build(kept), left, length };
}

function unpack<T>(packed: string | null, isShape: (v: unknown) => v is T): T | undefined | "unreadable" {
  if (packed === null) return undefined;
  try {
    const text = decompressFromEncodedURIComponent(packed);
    if (!text) return "unreadable";
    const v = JSON.parse(text) as unknown;
    return isShape(v) ? v : "unreadable";
  } catch {
    return "unreadable";
  }
}

const isObject = (v: unknown): v is Claim => typeof v === "object" && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string";

/** The scenario in a hash, or null when it holds none (no hash, or an anchor such as `#decision`).
 * A link that does not read in full gives what it holds and, in `problems`, what could not be read. */
export function decode(hash: string): Scenario | null {
  const raw = hash.replace(/^#/, "");
  if (raw === "") return null;
  const params = new URLSearchParams(raw);
  if (params.get("v") === "2") {
    const problems: string[] = [];
    const policy = params.get("policy");
    if (policy !== null && !(policy in POLICIES)) problems.push(`the policy "${policy.slice(0, 60)}" is not one this page has`);
    const text = unpack(params.get("text"), isString);
    if (text === "unreadable") problems.push("the edited policy text");
    const claim = unpack(params.get("claim"), isObject);
    if (claim === "unreadable") problems.push("the claim");
    const [variable, code] = (params.get("whatif") ?? "").split(":");
    return {
      policy: policy !== null && policy in POLICIES ? policy : null,
      text: text === "unreadable" ? undefined : text,
      claim: claim === "unreadable" ? undefined : claim,
      whatif: variable ? { variable, code: code || undefined } : undefined,
      problems: problems.length ? problems : undefined,
    };
  }
  const packed = params.get("s");
  if (packed !== null) {
    const o = unpack(packed, isObject) as (Scenario & Obj) | undefined | "unreadable";
    if (o === undefined || o === "unreadable") return { policy: null, problems: ["the whole scenario"] };
    return {
      policy: typeof o.policy === "string" && o.policy in POLICIES ? o.policy : null,
      text: typeof o.text === "string" ? o.text : undefined,
      claim: isObject(o.claim) ? o.claim : undefined,
      whatif: o.whatif && typeof o.whatif.variable === "string" ? o.whatif : undefined,
    };
  }
  const policy = params.get("policy");
  if (policy) return { policy, claimFile: params.get("claim") ?? undefined, problems: policy in POLICIES ? undefined : [`the policy "${policy.slice(0, 60)}"`] };
  // Not a scenario: an anchor in the page (`#decision`, a skip link).
  return null;
}

/** The page's scenario: the policy (its name, and its text when edited), the claim (its customers'
 * personal data left out unless `personal`), the what-if. */
export function currentScenario(personal: boolean): { scenario: Scenario; returns: number } {
  const bundled = state.policyName ? POLICIES[state.policyName] : undefined;
  const { claim, returns } = personal ? { claim: state.claim, returns: 0 } : withoutPersonalData(state.claim);
  return {
    scenario: {
      policy: state.policyName,
      text: bundled === state.source ? undefined : state.source,
      claim,
      whatif: { variable: state.variableId, code: state.defectCode || undefined },
    },
    returns,
  };
}

const includePersonal = () => $<HTMLInputElement>("share-personal").checked;

/** Write the scenario into the address bar, once the visitor has changed something. */
export const scheduleHash = later(400, () => {
  if (!state.touched) return;
  history.replaceState(null, "", encode(currentScenario(includePersonal()).scenario).hash);
});

/** The "Share" button: the scenario's link in the address bar, shown, and copied when allowed,
 * with what it leaves out. */
export function wireShare(): void {
  const out = $<HTMLElement>("share-out");
  const field = $<HTMLInputElement>("share-url");
  const note = $<HTMLElement>("share-note");
  const privacy = $<HTMLElement>("share-privacy");
  const share = async () => {
    const personal = includePersonal();
    const { scenario, returns } = currentScenario(personal);
    const { hash, left, length } = encode(scenario);
    const url = `${location.href.split("#")[0]}${hash}`;
    history.replaceState(null, "", url);
    out.hidden = false;
    field.value = url;
    privacy.textContent = [
      returns
        ? `Customer details are not in the link: ${returns} customer return${returns === 1 ? "" : "s"} keep${returns === 1 ? "s" : ""} the reference and defect; names become Customer A, B, ...; e-mail, phone, address, shop order, note and photo file names are left out.`
        : personal
          ? "The link carries the customers' personal data."
          : "",
      left.length
        ? `Too large for a link (${length === null ? "far" : length.toLocaleString("en-US")} characters; the limit is ${MAX_LINK.toLocaleString("en-US")}): ${left.join(" and ")} ${left.length === 1 ? "is" : "are"} left out. Export the decision JSON to pass the whole claim on.`
        : "",
    ]
      .filter(Boolean)
      .join(" ");
    field.select();
    try {
      await navigator.clipboard.writeText(url);
      note.textContent = "Copied to the clipboard.";
    } catch {
      note.textContent = "Select the link and copy it.";
    }
  };
  $("share").addEventListener("click", share);
  $("share-personal").addEventListener("change", () => {
    scheduleHash();
    if (!out.hidden) void share();
  });
}
