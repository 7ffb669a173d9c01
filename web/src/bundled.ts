// The bundled policies and their example claims, read at build time from policies/.
const policyFiles = import.meta.glob("../../policies/*.policy", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const claimFiles = import.meta.glob("../../policies/*.claim.json", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/** Policy sources by file stem. */
export const POLICIES: Record<string, string> = Object.fromEntries(Object.entries(policyFiles).map(([p, t]) => [baseName(p).replace(/\.policy$/, ""), t]));
/** Claim texts by file name. */
export const CLAIMS: Record<string, string> = Object.fromEntries(Object.entries(claimFiles).map(([p, t]) => [baseName(p), t]));

/** The example claims beside a policy: `NAME.claim.json` and `NAME-*.claim.json`. */
export function claimsOf(policy: string | null): string[] {
  if (!policy) return [];
  return Object.keys(CLAIMS)
    .filter((f) => f === `${policy}.claim.json` || f.startsWith(`${policy}-`))
    .sort((a, b) => a.length - b.length || a.localeCompare(b));
}
