// Reads the signatures of a .wasm file's exported functions (type, import and function sections;
// nothing else of the binary format is needed), for the test that no export returns a single
// externref (test/v8-deopt.test.mjs says why).
const TYPES = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128", 0x70: "funcref", 0x6f: "externref" };

/** `[{ name, params: [...], results: [...] }]` for every exported function. */
export function exportedFunctions(bytes) {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let at = 8;
  const u32 = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = b[at++];
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  };
  const name = () => {
    const n = u32();
    const s = new TextDecoder().decode(b.subarray(at, at + n));
    at += n;
    return s;
  };
  const valtype = () => {
    const t = b[at++];
    if (!(t in TYPES)) throw new Error(`value type 0x${t.toString(16)} at ${at - 1} is not read here`);
    return TYPES[t];
  };
  const types = [];
  const functions = []; // type index of each function, imports first
  const exports = [];
  while (at < b.length) {
    const id = b[at++];
    const size = u32();
    const end = at + size;
    if (id === 1) {
      for (let i = u32(); i > 0; i--) {
        if (b[at++] !== 0x60) throw new Error("a type that is not a function type");
        const params = Array.from({ length: u32() }, valtype);
        const results = Array.from({ length: u32() }, valtype);
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let i = u32(); i > 0; i--) {
        name();
        name();
        const kind = b[at++];
        if (kind === 0) functions.push(u32());
        else if (kind === 1) { at++; const flags = u32(); u32(); if (flags & 1) u32(); } // table
        else if (kind === 2) { const flags = u32(); u32(); if (flags & 1) u32(); } // memory
        else if (kind === 3) { valtype(); at++; } // global
        else throw new Error(`import kind ${kind}`);
      }
    } else if (id === 3) {
      for (let i = u32(); i > 0; i--) functions.push(u32());
    } else if (id === 7) {
      for (let i = u32(); i > 0; i--) {
        const n = name();
        const kind = b[at++];
        const index = u32();
        if (kind === 0) exports.push({ name: n, ...types[functions[index]] });
      }
    }
    at = end;
  }
  return exports;
}
