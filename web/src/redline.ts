// The redline (issue 15): a copy of the policy edited beside the original, and the claims that
// come out differently under it. This module only wires the section; the view (redline-view.ts,
// with its editors) loads when the redline is first opened or a file is dropped on it.
import { $, later } from "./state";

type View = typeof import("./redline-view");
let view: View | null = null;
const load = async (): Promise<View> => (view ??= await import("./redline-view"));

const els = {
  section: $<HTMLElement>("redline"),
  toggle: $<HTMLButtonElement>("redline-open"),
  body: $<HTMLElement>("redline-body"),
};

/** Compare again soon, if the redline is open (the page's policy or claim changed). */
export const scheduleRedline = later(300, () => {
  if (!els.body.hidden) view?.compareNow();
});

function setOpen(opening: boolean): void {
  els.toggle.setAttribute("aria-expanded", String(opening));
  els.toggle.textContent = opening ? "Close the redline" : "Open the redline";
  els.body.hidden = !opening;
}

export function wireRedline(): void {
  els.toggle.addEventListener("click", () => {
    const opening = els.toggle.getAttribute("aria-expanded") !== "true";
    setOpen(opening);
    if (opening) void load().then((v) => v.openRedline());
  });
  // A file dropped anywhere on the section is the claims to compare.
  els.section.addEventListener("dragover", (e) => {
    if (!e.dataTransfer?.types.includes("Files")) return;
    e.preventDefault();
    els.section.classList.add("rl-dragging");
  });
  els.section.addEventListener("dragleave", () => els.section.classList.remove("rl-dragging"));
  els.section.addEventListener("drop", (e) => {
    els.section.classList.remove("rl-dragging");
    const f = e.dataTransfer?.files?.[0];
    if (!f) return;
    e.preventDefault();
    setOpen(true);
    void load().then((v) => {
      v.openRedline();
      return v.readFile(f);
    });
  });
}
