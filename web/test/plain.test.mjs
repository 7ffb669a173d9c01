// No raw backticks from engine messages anywhere a buyer or a supplier reads: the supplier packet
// the page exports (its Markdown), the decision pane ("Why", notices, banners), the status line
// and the tooltips (`title`), for every bundled policy and example claim.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT, open } from "./harness.mjs";

/** Every bundled policy with its example claims (a claim file starts with its policy's name). */
function examples() {
  const dir = join(ROOT, "policies");
  const files = readdirSync(dir);
  const policies = files.filter((f) => f.endsWith(".policy")).map((f) => f.replace(/\.policy$/, ""));
  return files
    .filter((f) => f.endsWith(".claim.json"))
    .map((claim) => ({ claim, policy: policies.filter((p) => claim.startsWith(p)).sort((a, b) => b.length - a.length)[0] }))
    .filter((e) => e.policy);
}

test("the supplier packet and the page have no raw backticks, for every bundled policy and claim", async () => {
  const page = await open();
  const list = examples();
  assert.ok(list.length >= 6);
  let quoted = 0;
  for (const { policy, claim } of list) {
    await page.getByLabel("Policy", { exact: true }).and(page.getByRole("combobox")).selectOption(policy);
    await page.getByLabel("Example claim").selectOption(claim);
    await page.waitForFunction((c) => document.querySelector(".policy-line")?.textContent.endsWith(JSON.parse(c).claim_id), readFileSync(join(ROOT, "policies", claim), "utf8"));
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export supplier packet" }).click()]);
    const packet = readFileSync(await download.path(), "utf8");
    assert.ok(packet.startsWith("# Supplier claim "), claim);
    assert.deepEqual(packet.split("\n").filter((l) => l.includes("`")), [], `${claim}: backticks in the packet`);
    // The engine quotes names in backticks in these lines: they read as words now.
    if (/^Why: .*prefer \w+ does not apply/m.test(packet) || /^Status: \w+ \(deadline \w+, /m.test(packet)) quoted++;
    const shown = await page.evaluate(() => [
      document.getElementById("decision-body").textContent,
      document.getElementById("status-line").textContent,
      document.getElementById("whatif-flips")?.textContent ?? "",
      ...Array.from(document.querySelectorAll("[title]"), (el) => el.getAttribute("title")),
    ]);
    assert.deepEqual(shown.filter((t) => t.includes("`")), [], `${claim}: backticks in the page`);
  }
  assert.ok(quoted >= 3, "the packets whose engine text quoted names were checked");
});
