// The redline's comparison off the page's thread, so that typing in the copy never waits for a
// large file's claims: the engine (the same npm package) compiles both versions and runs its
// `diff` / `diffLines` here, and the report goes back to redline-view.ts as it is.
import init, { compile } from "recourse";
import type { Claim, DiffResult } from "recourse";
import wasmUrl from "recourse/recourse_bg.wasm?url";

/** A comparison asked for: both sources, and the claims as a list or as JSON-lines text. */
export interface CompareRequest {
  id: number;
  original: string;
  copy: string;
  claims?: Claim[];
  text?: string;
  top: number;
}

/** The engine's report, or why there is none (a version with errors, which the page has shown). */
export interface CompareReply {
  id: number;
  report: DiffResult | null;
}

const ready = init({ module_or_path: wasmUrl });
const reply = (r: CompareReply) => (self as unknown as { postMessage(m: CompareReply): void }).postMessage(r);

self.addEventListener("message", (e: MessageEvent<CompareRequest>) => {
  const q = e.data;
  void ready.then(() => {
    const old = compile(q.original);
    const neu = compile(q.copy);
    try {
      if (!old.ok || !neu.ok) return reply({ id: q.id, report: null });
      const report = q.text !== undefined ? old.policy.diffLines(neu.policy, q.text, q.top) : old.policy.diff(neu.policy, q.claims ?? [], q.top);
      reply({ id: q.id, report });
    } finally {
      if (old.ok) old.policy.free();
      if (neu.ok) neu.policy.free();
    }
  });
});
