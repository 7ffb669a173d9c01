// A diagnostic after non-ASCII text on its line, checked against JavaScript's own string indices
// (UTF-16 code units): `column_utf16` is what an editor in the browser needs, and here it differs
// from the column in characters and from the byte offset. The Rust test crates/recourse/tests/
// columns.rs checks the same policy natively.
import { test } from "node:test";
import assert from "node:assert/strict";
import { check } from "recourse";

// "é" is 1 character, 1 UTF-16 unit, 2 UTF-8 bytes; "🧥" is 1 character, 2 UTF-16 units, 4 bytes.
const policy = 'policy "Columns" { currency USD }\nremedy r "R é🧥" { supplier pays zzz as "X" }\n';

test("a diagnostic's UTF-16 column matches the JavaScript string index, not the character or byte column", () => {
  const d = check(policy).find((x) => x.code === "E0103");
  assert.ok(d, "an unknown-name error for `zzz`");
  const lineStart = policy.indexOf("\n") + 1;
  const at = policy.indexOf("zzz", lineStart);
  const prefix = policy.slice(lineStart, at);
  assert.equal(d.line, 2);
  assert.equal(d.column_utf16, at - lineStart + 1, "UTF-16 units, as String.prototype.indexOf counts");
  assert.equal(d.column, [...prefix].length + 1, "characters (code points)");
  assert.equal(d.span.start - Buffer.byteLength(policy.slice(0, lineStart)), Buffer.byteLength(prefix), "bytes");
  assert.deepEqual([d.column, d.column_utf16, Buffer.byteLength(prefix) + 1], [33, 34, 37], "the three counts differ");
  assert.equal(policy.slice(lineStart + d.column_utf16 - 1, lineStart + d.end_column_utf16 - 1), "zzz", "the UTF-16 range selects the name");
});
