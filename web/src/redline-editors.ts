// The redline's two editors (CodeMirror 6, loaded when the redline opens): the original, read-only,
// and the copy being edited, each marking the clauses the engine's `diff` says changed — the
// declaration's lines lightly, the lines that differ strongly — from the lines the engine gives
// (`ClauseChange.old_lines` / `new_lines`). Nothing here compares texts.
import { EditorState, StateEffect, StateField, type Range } from "@codemirror/state";
import { Decoration, EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers, type DecorationSet } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { policyLanguage, toCm } from "./editor";
import type { Diagnostic } from "./types";

/** Where a changed clause is in one source, as the engine's diff places it. */
export interface ClauseLines {
  line: number;
  end_line: number;
  changed: number[];
}

export interface RedlineEditor {
  view: EditorView;
  setText(text: string): void;
  showDiagnostics(diags: Diagnostic[]): void;
  /** Mark the changed clauses (replacing the marks before). */
  mark(clauses: ClauseLines[]): void;
  /** The cursor to the start of a line, in view, and the editor focused. */
  revealLine(line: number): void;
}

const setMarks = StateEffect.define<ClauseLines[]>();

/** Line decorations of the changed clauses; edits move them with the text until the next diff. */
function marksField(side: "old" | "new") {
  const changed = Decoration.line({ class: `rl-line-changed rl-${side}`, attributes: { "data-redline": "changed" } });
  const clause = Decoration.line({ class: "rl-line-clause", attributes: { "data-redline": "clause" } });
  return StateField.define<DecorationSet>({
    create: () => Decoration.none,
    update(deco, tr) {
      for (const e of tr.effects) {
        if (!e.is(setMarks)) continue;
        const doc = tr.state.doc;
        const ranges: Range<Decoration>[] = [];
        for (const c of e.value) {
          const marked = new Set(c.changed);
          const last = Math.min(c.end_line, doc.lines);
          for (let n = Math.max(1, c.line); n <= last; n++) ranges.push((marked.has(n) ? changed : clause).range(doc.line(n).from));
        }
        return Decoration.set(ranges, true);
      }
      return deco.map(tr.changes);
    },
    provide: (f) => EditorView.decorations.from(f),
  });
}

export function createRedlineEditor(
  parent: HTMLElement,
  text: string,
  options: { side: "old" | "new"; label: string; describedBy: string; readOnly: boolean; onChange?: (text: string) => void },
): RedlineEditor {
  let silent = false;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLine(),
        drawSelection(),
        // Long clauses wrap: the two editors side by side, or one on a phone, never scroll sideways.
        EditorView.lineWrapping,
        history(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        ...policyLanguage(),
        lintGutter(),
        marksField(options.side),
        // The original can be read, searched and copied with the keyboard, not changed.
        EditorState.readOnly.of(options.readOnly),
        EditorView.contentAttributes.of({ "aria-label": options.label, "aria-describedby": options.describedBy, ...(options.readOnly ? { "aria-readonly": "true" } : {}) }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && !silent) options.onChange?.(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    setText(t: string) {
      if (t === view.state.doc.toString()) return;
      silent = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: t }, selection: { anchor: 0 } });
      silent = false;
    },
    showDiagnostics(diags: Diagnostic[]) {
      view.dispatch(setDiagnostics(view.state, toCm(view.state.doc, diags)));
    },
    mark(clauses: ClauseLines[]) {
      view.dispatch({ effects: setMarks.of(clauses) });
    },
    revealLine(line: number) {
      const pos = view.state.doc.line(Math.min(Math.max(1, line), view.state.doc.lines)).from;
      view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
      view.focus();
    },
  };
}
