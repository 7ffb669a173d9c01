// The policy panel's Format button: the policy in the canonical layout. While some declarations do
// not parse, the others are formatted and each broken one is kept as written; the note says which,
// where and why. Only when the engine cannot tell the declarations apart (too many errors) is
// nothing formatted, and the note says that.
import * as engine from "./engine";
import type { Diagnostic } from "./types";
import { plain } from "./util";

/** Format `source`; `apply` gets the new text when it changed. The note's text is returned. */
export function formatPolicy(source: string, apply: (text: string) => void): string {
  const r = engine.format(source, true);
  if (!r.ok) {
    const first = r.errors[0];
    return `Not formatted: the policy has ${r.errors.length} syntax error${r.errors.length === 1 ? "" : "s"}${first ? ` (first at line ${first.line}: ${plain(first.message)})` : ""}, too many to tell its declarations apart; fix the first and format again.`;
  }
  if (r.text !== source) apply(r.text);
  const kept = r.kept ?? [];
  if (!kept.length) return r.text === source ? "Already in the canonical layout." : "Formatted.";
  const why = (e: Diagnostic) => `${plain(e.message)} at line ${e.line}`;
  const list = kept.map((k) => `line ${k.line}, ${k.declaration.replace(/\s*\{$/, "")}: ${k.errors.map(why).join("; ")}`);
  return `${r.text === source ? "Nothing to change" : "Formatted"}, except ${kept.length} declaration${kept.length === 1 ? "" : "s"} kept as written because ${kept.length === 1 ? "it does" : "they do"} not parse: ${list.join(". ")}.`;
}
