// What the editor says about a word under the pointer and what it offers to complete: the
// language's words with their meaning, the claim fields a policy reads (both from
// words.generated.ts, written from the core's glossary and the checker's field table), and the
// policy's own names (from `describe()`).
import type { Completion, CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import { state } from "./state";
import { h, richText } from "./util";
import { CLAIM_FIELDS, DEADLINE_FIELDS, KEYWORDS, MEANINGS, TYPES, VALUES } from "./words.generated";

/** What a name of the policy is: its kind and its meaning, from the engine's catalogue of the
 * policy (`describe()`: the checker's own tables of declarations). */
export interface NameInfo {
  kind: string;
  detail: string;
}

/** What the pointer is over: the span in its line and what to say about it. */
export interface Described {
  from: number;
  to: number;
  title: string;
  kind: string;
  detail: string;
}

const KEYWORD_SET = new Set(KEYWORDS);
const VALUE_SET = new Set(VALUES);
const TYPE_SET = new Set(TYPES);
const FIELD_BY_PATH = new Map(CLAIM_FIELDS.map((f) => [f.path, f]));

/** "keyword", "value" or "type"; a type name that also opens a declaration (`remedy`) is both. */
function wordKind(word: string): string {
  if (TYPE_SET.has(word)) return MEANINGS[word]?.startsWith(`\`${word} `) ? "keyword, type" : "type";
  if (VALUE_SET.has(word)) return "value";
  return KEYWORD_SET.has(word) ? "keyword" : "word";
}

/** The policy's code on a line: false for a column inside a string or a comment. */
function inCode(line: string, col: number): boolean {
  let quoted = false;
  for (let i = 0; i < col && i < line.length; i++) {
    const c = line[i];
    if (quoted && c === "\\") i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === "#") return false;
  }
  return !quoted;
}

const PART = /[A-Za-z0-9_]/;

/** A dotted path's fields after a head (`claim`, `order`, `facts`, `costs`, a deadline's name). */
function fieldsAfter(head: string, names: Map<string, NameInfo>, doc: string): { label: string; kind: string; detail: string; type: string }[] {
  const out: { label: string; kind: string; detail: string; type: string }[] = [];
  for (const f of CLAIM_FIELDS) {
    if (!f.path.startsWith(`${head}.`)) continue;
    const rest = f.path.slice(head.length + 1);
    if (!rest.includes(".")) out.push({ label: rest, kind: `claim field, ${f.type}`, detail: fieldDetail(f), type: "property" });
  }
  if (head === "facts") {
    for (const [name, n] of names) if (n.kind.startsWith("input")) out.push({ label: name, kind: n.kind, detail: n.detail, type: "variable" });
  }
  if (head === "costs") {
    for (const name of costNames(doc)) out.push({ label: name, kind: "cost, money", detail: COST_DETAIL, type: "property" });
  }
  if (names.get(head)?.kind === "deadline") {
    for (const f of DEADLINE_FIELDS) out.push({ label: f.name, kind: `deadline field, ${f.type}`, detail: `${f.meaning} (${head}: ${names.get(head)?.detail})`, type: "property" });
  }
  return out;
}

const COST_DETAIL = "A cost the claim lists under `costs` (zero when it does not list it).";

/** The cost names the policy reads and the claim lists. */
function costNames(doc: string): string[] {
  const found = new Set<string>();
  for (const m of doc.matchAll(/\bcosts\.([A-Za-z_][A-Za-z0-9_]*)/g)) found.add(m[1]);
  const costs = (state.claim as { costs?: unknown }).costs;
  if (costs && typeof costs === "object" && !Array.isArray(costs)) for (const k of Object.keys(costs)) found.add(k);
  return [...found].sort();
}

function fieldDetail(f: (typeof CLAIM_FIELDS)[number]): string {
  return `${f.meaning} In the claim's JSON: \`${f.json}\`.`;
}

/** What the word (or the part of a dotted path) at `col` of `line` is, or null. */
export function describeAt(line: string, col: number, names: Map<string, NameInfo>): Described | null {
  let start = col;
  let end = col;
  while (start > 0 && PART.test(line[start - 1])) start--;
  while (end < line.length && PART.test(line[end])) end++;
  if (start === end || !inCode(line, start)) return null;
  // A word with hyphens (`iso2859-1`, `S-1`) when the language has it.
  let hs = start;
  let he = end;
  while (hs > 0 && /[A-Za-z0-9_-]/.test(line[hs - 1])) hs--;
  while (he < line.length && /[A-Za-z0-9_-]/.test(line[he])) he++;
  const hyphened = line.slice(hs, he);
  if (hyphened.includes("-") && MEANINGS[hyphened]) return { from: hs, to: he, title: hyphened, kind: wordKind(hyphened), detail: MEANINGS[hyphened] };
  // The dotted path the word is part of, up to the word: `order.value` over "value".
  let ps = start;
  while (ps > 1 && line[ps - 1] === "." && PART.test(line[ps - 2])) {
    ps--;
    while (ps > 0 && PART.test(line[ps - 1])) ps--;
  }
  const path = line.slice(ps, end);
  const word = line.slice(start, end);
  const field = FIELD_BY_PATH.get(path);
  if (field) return { from: ps, to: end, title: path, kind: `claim field, ${field.type}`, detail: fieldDetail(field) };
  if (path !== word) {
    const head = path.slice(0, path.length - word.length - 1);
    const after = fieldsAfter(head, names, "").find((f) => f.label === word);
    if (after) return { from: ps, to: end, title: path, kind: after.kind, detail: after.detail };
    if (head === "costs") return { from: ps, to: end, title: path, kind: "cost, money", detail: COST_DETAIL };
  }
  const name = names.get(word);
  if (name) return { from: start, to: end, title: word, kind: name.kind, detail: name.detail };
  if (MEANINGS[word]) return { from: start, to: end, title: word, kind: wordKind(word), detail: MEANINGS[word] };
  // The head of a claim path (`order` of `order.value`): the fields under it.
  if (line[end] === ".") {
    const under = fieldsAfter(word, names, "");
    if (under.length && CLAIM_FIELDS.some((f) => f.path.startsWith(`${word}.`)))
      return { from: start, to: end, title: word, kind: "claim", detail: `Fields: ${under.map((f) => `\`${word}.${f.label}\``).join(", ")}.` };
  }
  return null;
}

/** The tooltip or completion info: the word, its kind, and its meaning with code spans as code. */
export function infoNode(title: string, kind: string, detail: string, className = "cm-word-info"): HTMLElement {
  return h("div", { class: className }, h("strong", null, `${title} (${kind})`), ": ", richText(detail));
}

const PATH_BEFORE = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]*)*$/;

/** Completion: after `head.` the fields of the head; else the language's words, the policy's
 * names and the claim fields by their full paths. */
export function completeWord(ctx: CompletionContext, names: Map<string, NameInfo>): CompletionResult | null {
  const match = ctx.matchBefore(PATH_BEFORE);
  if (!match || (match.from === match.to && !ctx.explicit)) return null;
  const line = ctx.state.doc.lineAt(ctx.pos);
  if (!inCode(line.text, match.from - line.from)) return null;
  const dot = match.text.lastIndexOf(".");
  if (dot >= 0) {
    const head = match.text.slice(0, dot);
    const fields = fieldsAfter(head, names, ctx.state.doc.toString());
    if (!fields.length) return null;
    return {
      from: match.from + dot + 1,
      options: fields.map((f) => ({ label: f.label, type: f.type, detail: f.kind, info: () => infoNode(`${head}.${f.label}`, f.kind, f.detail) })),
      validFor: /^[A-Za-z0-9_]*$/,
    };
  }
  const declared: Completion[] = [...names].map(([label, n]) => ({ label, type: n.kind.startsWith("input") ? "variable" : "class", detail: n.kind, info: () => infoNode(label, n.kind, n.detail), boost: 1 }));
  return { from: match.from, options: [...declared, ...languageWords(), ...claimPaths()], validFor: /^[A-Za-z0-9_]*$/ };
}

let words: Completion[] | null = null;
/** The language's words, each with its meaning. */
function languageWords(): Completion[] {
  words ??= [
    ...KEYWORDS.map((w) => ({ label: w, type: "keyword" })),
    ...VALUES.map((w) => ({ label: w, type: "constant" })),
    ...TYPES.map((w) => ({ label: w, type: "type" })),
  ].map((c) => ({ ...c, detail: wordKind(c.label), info: MEANINGS[c.label] ? () => infoNode(c.label, wordKind(c.label), MEANINGS[c.label]) : undefined }));
  return words;
}

let paths: Completion[] | null = null;
/** The claim fields by their full paths (`order.value`), for a word typed without its head's dot. */
function claimPaths(): Completion[] {
  paths ??= CLAIM_FIELDS.map((f) => ({ label: f.path, type: "property", detail: `claim field, ${f.type}`, info: () => infoNode(f.path, `claim field, ${f.type}`, fieldDetail(f)) }));
  return paths;
}
