// Shared by the tests: the repository's files, read relative to this folder.
import { readFileSync } from "node:fs";

export const repo = new URL("../../../../", import.meta.url);

export function repoText(path) {
  return readFileSync(new URL(path, repo), "utf8");
}

/** The design example: policies/apparel-coats.policy and its claim (a fresh copy each call). */
export const designPolicy = repoText("policies/apparel-coats.policy");
export function designClaim() {
  return JSON.parse(repoText("policies/apparel-coats.claim.json"));
}
