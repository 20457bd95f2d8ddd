// Long lists paginated statically (issue 22): the bundled site built with `[lists]
// page_size = 5`, opened from file://. Without JavaScript the catalogue's pager leads from
// page 1 to page 2 and back; with JavaScript a filter whose services lie on several pages
// lists every one of them (as many as the filter data says), a page's worth at a time; axe
// finds nothing on a later page; a phone-width screenshot of the pager is saved for a look
// (KATALOGS_SCREENSHOTS, default the temporary folder).
//
//   KATALOGS_BIN  the katalogs binary (default <repo>/target/debug/katalogs)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import vm from "node:vm";
import { chromium } from "playwright-core";
import { chromiumPath, fileUrl, katalogsBin, launch, newPage, repoRoot } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const PAGE_SIZE = 5;
const TIMEOUT = 15_000;
const CATALOGUE = "pakalpojumi/index.html";

const text = (s) => s.replace(/\s+/g, " ").trim();

/** The filter data the build wrote, read as the page reads it. */
function filterData(site) {
  let data;
  vm.runInNewContext(readFileSync(path.join(site, "pakalpojumi", "atlase.js"), "utf8"), {
    // As plain JSON: the script's arrays belong to another realm.
    katalogsCatalogueData: (d) => {
      data = JSON.parse(JSON.stringify(d));
    },
  });
  return data;
}

describe("paginated lists (file://)", () => {
  let work;
  let site;
  let browser;

  before(async () => {
    assert.ok(existsSync(katalogsBin), `katalogs binary ${katalogsBin} not found (set KATALOGS_BIN)`);
    work = mkdtempSync(path.join(tmpdir(), "katalogs-pages-"));
    const src = path.join(work, "src");
    for (const part of ["content", "glossary", "katalogs.toml"]) {
      cpSync(path.join(repoRoot, part), path.join(src, part), { recursive: true });
    }
    appendFileSync(path.join(src, "katalogs.toml"), `\n[lists]\npage_size = ${PAGE_SIZE}\n`);
    site = path.join(work, "site");
    execFileSync(katalogsBin, ["--quiet", "build", "--root", src, "--output", site], { stdio: ["ignore", "inherit", "inherit"] });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("without JavaScript the pager leads to page 2 and back", async () => {
    const context = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
    try {
      const ctx = await context.newContext({ javaScriptEnabled: false });
      const page = await ctx.newPage();
      await page.goto(fileUrl(site, CATALOGUE));
      const pager = page.getByRole("navigation", { name: "Saraksta lapas" });
      assert.equal(text(await pager.locator("[aria-current=page]").textContent()), "Lapa 1");
      const firstTitles = await page.locator("[data-static-list] .service-list li a").allInnerTexts();
      assert.equal(firstTitles.length, PAGE_SIZE);
      await pager.locator("a[rel=next]").click();
      assert.match(page.url(), /\/pakalpojumi\/2\.html$/);
      assert.match(await page.title(), /2\. lapa no \d+/);
      const secondTitles = await page.locator("[data-static-list] .service-list li a").allInnerTexts();
      assert.equal(secondTitles.length, PAGE_SIZE);
      assert.ok(!secondTitles.some((t) => firstTitles.includes(t)), "page 2 lists other services");
      assert.equal(text(await pager.locator("[aria-current=page]").textContent()), "Lapa 2");
      // A service link on page 2 resolves (same folder as page 1).
      const href = await page.locator("[data-static-list] .service-list li a").first().getAttribute("href");
      assert.ok(existsSync(path.join(site, "pakalpojumi", href)), href);
      await pager.locator("a[rel=prev]").click();
      assert.match(page.url(), /\/pakalpojumi\/index\.html$/);
      assert.deepEqual(await page.locator("[data-static-list] .service-list li a").allInnerTexts(), firstTitles);
      // The letter index leads to the page that holds a letter.
      const far = page.locator("nav.letters a").last();
      const target = await far.getAttribute("href");
      await far.click();
      const [file, anchor] = target.split("#");
      assert.ok(page.url().endsWith(`/pakalpojumi/${file || "index.html"}#${anchor}`), page.url());
      assert.equal(await page.locator(`#${anchor}`).count(), 1, "the letter's heading is on the page it links to");
      await ctx.close();
    } finally {
      await context.close();
    }
  });

  test("a filter lists its matches from every page, as many as the data has", async () => {
    const data = filterData(site);
    const f = data.f.indexOf("audience");
    const v = data.v[f].indexOf("iedzivotaji");
    const expected = data.s.filter((s) => s[2][f].includes(v)).map((s) => s[0]);
    assert.ok(expected.length > 2 * PAGE_SIZE, `the filter matches services on several pages (${expected.length})`);
    const page = await newPage(browser.context, null);
    await page.goto(fileUrl(site, "pakalpojumi/2.html", "?merkauditorija=iedzivotaji"));
    const status = page.locator("[data-filter-status]");
    await page.waitForFunction((n) => document.querySelector("[data-filter-status]").textContent.includes(`: ${n} no`), expected.length, { timeout: TIMEOUT });
    assert.equal((await status.innerText()).trim(), `Atbilst izvēlei: ${expected.length} no ${data.s.length}`);
    // A page's worth first; "show more" until all are listed.
    const shown = page.locator("[data-filter-results] li");
    assert.equal(await shown.count(), PAGE_SIZE);
    const more = page.locator("[data-show-more]");
    while (await more.isVisible()) await more.click();
    assert.deepEqual(await shown.locator("a").allInnerTexts(), expected);
    for (const li of await shown.all()) assert.ok((await li.getAttribute("data-audience")).split(" ").includes("iedzivotaji"));
    // The links lead to service pages.
    const hrefs = await shown.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    for (const href of hrefs) assert.ok(existsSync(path.join(site, "pakalpojumi", href)), href);
    assert.ok(await page.locator("[data-static-list]").isHidden(), "the page's own list and pager make way");
    // Clearing the filter shows the static page again.
    await page.click("[data-filter-clear]");
    assert.ok(await page.locator("[data-static-list]").isVisible());
    assert.equal(await page.locator("[data-static-list] .service-list li").count(), PAGE_SIZE);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test("a value the address names that the facet does not show gets a box of its own", async () => {
    // A large site's facets show their 40 most used values; a shared address may name another.
    const data = filterData(site);
    const f = data.f.indexOf("holder");
    const page = await newPage(browser.context, null);
    await page.goto(fileUrl(site, CATALOGUE, "?turetajs=vid&turetajs=nav-tadas"));
    await page.waitForFunction(() => !document.querySelector(".az[aria-busy]"), null, { timeout: TIMEOUT });
    const added = page.locator('details.facet[data-param="turetajs"] input[value="nav-tadas"]');
    assert.equal(await added.count(), 1);
    assert.ok(await added.isChecked());
    const vid = data.s.filter((s) => s[2][f].includes(data.v[f].indexOf("vid"))).length;
    assert.equal(text(await page.locator("[data-filter-status]").textContent()), `Atbilst izvēlei: ${vid} no ${data.s.length}`);
    await added.uncheck();
    await page.waitForFunction(() => location.search === "?turetajs=vid", null, { timeout: TIMEOUT });
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test("axe finds nothing on a later page; the pager at phone width", async () => {
    const page = await newPage(browser.context, null);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(fileUrl(site, "pakalpojumi/3.html"));
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"], preload: false }),
    );
    assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join("; ")}`), []);
    const pager = page.locator("nav.pager");
    await pager.scrollIntoViewIfNeeded();
    const box = await pager.boundingBox();
    assert.ok(box.width <= 390, `the pager fits the phone's width (${box.width}px)`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, "no sideways scrolling");
    // Every link is large enough to tap (WCAG 2.5.8: 24×24 px at least).
    for (const a of await pager.locator("a").all()) {
      const b = await a.boundingBox();
      assert.ok(b.width >= 24 && b.height >= 24, `${await a.innerText()}: ${b.width}×${b.height}`);
    }
    const dir = process.env.KATALOGS_SCREENSHOTS || tmpdir();
    await pager.screenshot({ path: path.join(dir, "pager-390.png") });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(fileUrl(site, "pakalpojumi/3.html"));
    await page.locator("nav.pager").screenshot({ path: path.join(dir, "pager-1280.png") });
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test("later pages of the other lists link back to their first page", async () => {
    const page = await newPage(browser.context, null);
    for (const [later, first] of [
      ["iestades/vid/2.html", "iestades/vid.html"],
      ["glosarijs/2.html", "glosarijs/index.html"],
      ["pakalpojumi/merkauditorija/iedzivotaji/2.html", "pakalpojumi/merkauditorija/iedzivotaji.html"],
      ["en/pakalpojumi/2.html", "en/pakalpojumi/index.html"],
    ]) {
      await page.goto(fileUrl(site, later));
      await page.locator("nav.pager a[rel=prev]").click();
      assert.ok(page.url().endsWith(`/${first}`), `${later} → ${page.url()}`);
    }
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
