// The policy editor: CodeMirror 6 with a small stream highlighter (keywords, dates, money,
// percents) and the engine's diagnostics as lint marks.
import { EditorState, type Extension, type Text } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection, hoverTooltip } from "@codemirror/view";
import { autocompletion, completionKeymap, type CompletionContext } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { StreamLanguage, HighlightStyle, syntaxHighlighting, bracketMatching } from "@codemirror/language";
import { setDiagnostics, lintGutter, type Diagnostic as CmDiagnostic } from "@codemirror/lint";
import { Tag, tags } from "@lezer/highlight";
import type { Diagnostic, PolicyInfo } from "./types";
import { plain } from "./util";
import { KEYWORDS as KEYWORD_WORDS, VALUES as VALUE_WORDS, TYPES as TYPE_WORDS } from "./words.generated";
import { completeWord, describeAt, infoNode, type NameInfo } from "./words";

const dateTag = Tag.define(tags.literal);
const moneyTag = Tag.define(tags.number);
const percentTag = Tag.define(tags.number);

// Generated from the grammar and the core's word sets (crates/recourse/tests/editor_words.rs).
const KEYWORDS = new Set(KEYWORD_WORDS);
const ATOMS = new Set(VALUE_WORDS);
const TYPES = new Set(TYPE_WORDS);

const recourseLanguage = StreamLanguage.define<null>({
  name: "recourse",
  startState: () => null,
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.peek() === "#") {
      stream.skipToEnd();
      return "comment";
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return "string";
    if (stream.match(/^\d{4}-\d{2}-\d{2}(?!\d)/)) return "date";
    if (stream.match(/^[A-Z]{3}\s+-?\d+(?:\.\d+)?/)) return "money";
    if (stream.match(/^\d+(?:\.\d+)?%/)) return "percent";
    if (stream.match(/^\d+(?:\.\d+)?/)) return "number";
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_-]*/)) {
      const w = stream.current();
      if (KEYWORDS.has(w)) return "keyword";
      if (ATOMS.has(w)) return "atom";
      if (TYPES.has(w)) return "typeName";
      return "variableName";
    }
    if (stream.match(/^(?:<=|>=|!=|->|[-+*/=<>])/)) return "operator";
    stream.next();
    return "punctuation";
  },
  tokenTable: { date: dateTag, money: moneyTag, percent: percentTag },
  languageData: { commentTokens: { line: "#" } },
});

const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: "#1d4ed8", fontWeight: "600" },
  { tag: tags.atom, color: "#6d28d9" },
  { tag: tags.typeName, color: "#0f766e" },
  { tag: tags.string, color: "#166534" },
  { tag: tags.comment, color: "#6b7280", fontStyle: "italic" },
  { tag: tags.number, color: "#9a3412" },
  { tag: dateTag, color: "#a21caf", fontWeight: "600" },
  { tag: moneyTag, color: "#b45309", fontWeight: "600" },
  { tag: percentTag, color: "#be123c", fontWeight: "600" },
  { tag: tags.operator, color: "#374151" },
]);

/** The language's highlighting, for other editors of policy text (the redline's). */
export function policyLanguage(): Extension[] {
  return [recourseLanguage, syntaxHighlighting(highlight)];
}

/** A CodeMirror position (UTF-16 code units) from the engine's 1-based line and UTF-16 column. */
export function position(doc: Text, line: number, columnUtf16: number): number {
  if (line < 1) return 0;
  if (line > doc.lines) return doc.length;
  const l = doc.line(line);
  return Math.min(l.to, l.from + Math.max(0, columnUtf16 - 1));
}

/**
 * A syntax error the parser reports at the first token of a line, after a line that is not a
 * complete one (it ends in neither `{` nor `}`), is that line's error: an expression left
 * unfinished at its end. The mark goes on the unfinished line's last word; null otherwise.
 */
export function unfinishedLine(doc: Text, d: Diagnostic, from: number): { from: number; to: number } | null {
  if (d.code !== "E0001" || d.line < 2 || d.line > doc.lines) return null;
  const line = doc.line(d.line);
  if (from !== line.from + (line.text.length - line.text.trimStart().length)) return null;
  for (let n = d.line - 1; n >= 1; n--) {
    const prev = doc.line(n);
    const text = prev.text.replace(/#.*$/, "").trimEnd();
    if (text === "") continue;
    if (/[{}]$/.test(text)) return null;
    const word = /\S+$/.exec(text);
    return { from: prev.from + (word ? word.index : text.length - 1), to: prev.from + text.length };
  }
  return null;
}

/** The engine's diagnostics as CodeMirror's, at their exact spans; the code once, in the message. */
export function toCm(doc: Text, diags: Diagnostic[]): CmDiagnostic[] {
  return diags.map((d) => {
    let from = position(doc, d.line, d.column_utf16);
    let to = Math.max(from, position(doc, d.end_line, d.end_column_utf16));
    // An empty span (an unexpected end) still gets a visible mark on the character at it.
    if (to === from && to < doc.length && doc.sliceString(from, from + 1) !== "\n") to = from + 1;
    let message = plain(d.message);
    const moved = unfinishedLine(doc, d, from);
    if (moved) {
      ({ from, to } = moved);
      message = `This line is unfinished: ${message} at the start of line ${d.line}`;
    }
    return {
      from,
      to,
      severity: d.severity === "error" ? "error" : "warning",
      message: d.help ? `${message} (${d.code})\n${plain(d.help)}` : `${message} (${d.code})`,
    };
  });
}

export type { NameInfo };

/** The names the policy declares, from its catalogue. */
export function namesOf(info: PolicyInfo | null): Map<string, NameInfo> {
  const names = new Map<string, NameInfo>();
  if (!info) return names;
  for (const r of info.remedies) names.set(r.name, { kind: "remedy", detail: r.clause });
  for (const d of info.deadlines) names.set(d.name, { kind: "deadline", detail: d.clause });
  for (const f of info.flags) names.set(f.name, { kind: "flag", detail: f.clause });
  for (const d of info.defects) names.set(d.code, { kind: `defect, ${d.severity}`, detail: d.description });
  for (const e of info.exclusions) names.set(e.code, { kind: "not a defect", detail: `${e.description} → ${e.route}` });
  for (const i of info.inputs) {
    const dflt = i.default === null || i.default === undefined ? "no default" : `default ${String(i.default)}`;
    names.set(i.name, { kind: `input, ${i.type}`, detail: [i.description, dflt].filter(Boolean).join("; ") });
  }
  return names;
}

export interface PolicyEditor {
  view: EditorView;
  /** Replace the whole text (a policy was picked or a scenario loaded). */
  setText(text: string): void;
  text(): string;
  showDiagnostics(diags: Diagnostic[]): void;
  /** Move the cursor to a diagnostic and focus the editor. */
  reveal(d: Diagnostic): void;
  /** Move the cursor to the start of a line (1-based), in view, and focus the editor. */
  revealLine(line: number): void;
  /** The policy's names, for completion and hover (from the last policy that compiled). */
  setNames(names: Map<string, NameInfo>): void;
}

export function createEditor(parent: HTMLElement, text: string, onChange: (text: string) => void): PolicyEditor {
  let silent = false;
  let names = new Map<string, NameInfo>();
  // Completion: the language's words (with what each means), the policy's names, and the claim's
  // fields after `claim.`, `order.`, `facts.`, `costs.`, a deadline's name ... (words.ts).
  const complete = (ctx: CompletionContext) => completeWord(ctx, names);
  // Hover: what a word of the language, a claim field or a declared name is.
  const hover = hoverTooltip((view, pos) => {
    const line = view.state.doc.lineAt(pos);
    const found = describeAt(line.text, pos - line.from, names);
    if (!found) return null;
    return {
      pos: line.from + found.from,
      end: line.from + found.to,
      create: () => ({ dom: infoNode(found.title, found.kind, found.detail, "cm-name-info") }),
    };
  });
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        drawSelection(),
        bracketMatching(),
        history(),
        keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap]),
        autocompletion({ override: [complete] }),
        hover,
        recourseLanguage,
        syntaxHighlighting(highlight),
        lintGutter(),
        EditorView.contentAttributes.of({ "aria-label": "Policy source", "aria-describedby": "diagnostics" }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && !silent) onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    setText(t: string) {
      silent = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: t }, selection: { anchor: 0 } });
      silent = false;
    },
    text: () => view.state.doc.toString(),
    showDiagnostics(diags: Diagnostic[]) {
      view.dispatch(setDiagnostics(view.state, toCm(view.state.doc, diags)));
    },
    setNames(n: Map<string, NameInfo>) {
      names = n;
    },
    revealLine(line: number) {
      const pos = view.state.doc.line(Math.min(Math.max(1, line), view.state.doc.lines)).from;
      view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
      view.focus();
    },
    reveal(d: Diagnostic) {
      const pos = position(view.state.doc, d.line, d.column_utf16);
      view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
      view.focus();
    },
  };
}
