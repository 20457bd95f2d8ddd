// The SDG fields on a service card and the internal profile's "Kartīšu pilnīgums" page, in
// headless Chromium from file://: axe-core (WCAG 2.1 A/AA) finds nothing at phone and desktop
// width in both colour schemes, nothing scrolls sideways, and the completeness chart is an
// image with a name and its numbers in a table. The bundled content gives no card these
// fields (no seed does), so the pages come from the full test fixture, built into a
// temporary folder in the internal profile (which shows the public card too).
//
//   KATALOGS_BIN   katalogs binary that builds the fixture (default target/debug/katalogs)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileUrl, katalogsBin, launch, newPage, repoRoot } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const TIMEOUT = 30_000;
const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 900 },
];
const PAGES = ["pilnigums.html", "parskats.html", "pakalpojumi/slimibas-pabalsts.html", "pakalpojumi/atlauja-tirdzniecibai-riga.html"];

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"], preload: false }),
    TAGS,
  );
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
}

describe("SDG fields and the completeness page", () => {
  let work;
  let site;
  let browser;

  before(async () => {
    assert.ok(existsSync(katalogsBin), `katalogs binary ${katalogsBin} not found (set KATALOGS_BIN)`);
    work = mkdtempSync(path.join(tmpdir(), "katalogs-sdg-"));
    const src = path.join(work, "src");
    cpSync(path.join(repoRoot, "tests", "fixtures", "full"), src, { recursive: true });
    site = path.join(work, "site");
    execFileSync(katalogsBin, ["--quiet", "build", "--profile", "internal", "--root", src, "--output", site], {
      stdio: ["ignore", "inherit", "inherit"],
    });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  for (const size of SIZES) {
    for (const scheme of ["light", "dark"]) {
      test(`axe finds nothing at ${size.width} px, ${scheme}`, { timeout: TIMEOUT }, async () => {
        for (const rel of PAGES) {
          const page = await newPage(browser.context);
          await page.setViewportSize(size);
          await page.emulateMedia({ colorScheme: scheme });
          await page.goto(fileUrl(site, rel));
          assert.deepEqual(await axe(page), [], rel);
          assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= size.width, `${rel}: no sideways scrolling`);
          await page.screenshot({ path: `/tmp/shots-sdg/${rel.replace(/\//g, "_")}-${size.width}-${scheme}.png`, fullPage: true }).catch(() => {});
          assert.deepEqual(page.problems, [], rel);
          await page.close();
        }
      });
    }
  }

  test("the chart is a named image with its numbers in a table, drawn without script", { timeout: TIMEOUT }, async () => {
    const page = await newPage(browser.context);
    await page.goto(fileUrl(site, "pilnigums.html"));
    const svg = page.locator("article svg[role=img]");
    assert.equal(await svg.getAttribute("aria-label"), "Pilnīgo kartīšu īpatsvars pēc iestādes");
    assert.equal(await page.locator("article svg .chart-bar").count(), 4);
    assert.equal(await page.locator("section.chart table tbody tr").count(), 4);
    // Each gap links to its card.
    const link = page.locator("ul.gaps a", { hasText: "Cēsis" });
    await link.click();
    assert.match(page.url(), /atlauja-tirdzniecibai-cesis\.html$/);
    await page.close();
  });
});
