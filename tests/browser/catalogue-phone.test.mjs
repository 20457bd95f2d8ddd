// The catalogue and the search page on a phone (issue 20), over file:// at 390×844 and
// 1280×900: the match count and the first service on the first screen; filters behind one
// "Atlasīt" <details> (closed on a phone, working without JavaScript); chosen filters kept in
// the address, restored on load and on back/forward; the search page with one search box,
// kind tabs kept in the address, no bare selects before the results and no numbered hint.
//
//   KATALOGS_SITE  built bundled site (default <repo>/site)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { chromiumPath, fileUrl, launch, newPage, requireSite, siteDir } from "./helpers.mjs";

const TIMEOUT = 15_000;
const CATALOGUE = "pakalpojumi/index.html";
const VIEWPORTS = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 900 },
];

const bundledSite = (() => {
  try {
    return requireSite(siteDir);
  } catch (e) {
    return e;
  }
})();
const skip = bundledSite instanceof Error ? bundledSite.message : false;

/** What the catalogue shows now: the chosen boxes, the listed services and the count. A filter
 * lists its matches from the whole catalogue (its filter data, loaded on the first filter),
 * so the state is read once that is loaded. */
async function catalogueState(page) {
  await page.waitForFunction(() => !document.querySelector(".az[aria-busy]"), null, { timeout: TIMEOUT });
  return page.evaluate(() => {
    const visible = Array.from(document.querySelectorAll(".az .service-list li")).filter((li) => li.offsetParent !== null);
    return {
      checked: Array.from(document.querySelectorAll("input[data-facet]:checked")).map((b) => `${b.closest("[data-param]").dataset.param}=${b.value}`).sort(),
      shown: visible.length,
      items: visible.map((li) => ({ audience: li.dataset.audience.split(" "), channel: li.dataset.channel.split(" ") })),
      status: document.querySelector("[data-filter-status]").textContent.trim(),
      total: +document.querySelector("[data-filter-status]").dataset.total,
      search: location.search,
    };
  });
}

/** Opens the "Atlasīt" control when it is closed (as on a phone) and ticks a facet value. */
async function choose(page, param, value) {
  const filters = page.locator("details[data-filters]");
  if (!(await filters.evaluate((d) => d.open))) await filters.locator("> summary").click();
  const group = page.locator(`details.facet[data-param="${param}"]`);
  if (!(await group.evaluate((d) => d.open))) await group.locator("> summary").click();
  await group.locator(`input[value="${value}"]`).check();
}

describe("catalogue and search on a phone and a desktop (file://)", { skip }, () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  async function open(vp, p, q = "") {
    const page = await newPage(browser.context, null);
    await page.setViewportSize({ width: vp.width, height: vp.height });
    await page.goto(fileUrl(siteDir, p, q));
    return page;
  }

  for (const vp of VIEWPORTS) {
    test(`${vp.name}: the count and the first service are on the first screen`, async () => {
      const page = await open(vp, CATALOGUE);
      const first = await page.locator(".az .service-list li a").first().boundingBox();
      const count = await page.locator("[data-filter-status]").boundingBox();
      assert.ok(first && first.y + first.height <= vp.height, `first service ends at ${first && first.y + first.height}px, below the ${vp.height}px screen`);
      assert.ok(count && count.y + count.height <= vp.height, `the count ends at ${count && count.y + count.height}px`);
      const s = await catalogueState(page);
      assert.ok(s.total > 10, "the catalogue has services");
      assert.match(s.status, new RegExp(`: ${s.total}$`), `the count names every service: "${s.status}"`);
      const open_ = await page.locator("details[data-filters]").evaluate((d) => d.open);
      assert.equal(open_, vp.name === "desktop", vp.name === "desktop" ? "filters open beside the list" : "filters start closed on a phone");
      assert.deepEqual(page.problems, []);
      await page.close();
    });

    test(`${vp.name}: choosing filters puts them in the address and the list follows`, async () => {
      const page = await open(vp, CATALOGUE);
      await choose(page, "merkauditorija", "iedzivotaji");
      await page.waitForFunction(() => location.search === "?merkauditorija=iedzivotaji", null, { timeout: TIMEOUT });
      await choose(page, "kanals", "pasts");
      await page.waitForFunction(() => location.search === "?merkauditorija=iedzivotaji&kanals=pasts", null, { timeout: TIMEOUT });
      const s = await catalogueState(page);
      assert.ok(s.shown > 0 && s.shown < s.total, `a narrower list (${s.shown} of ${s.total})`);
      for (const i of s.items) assert.ok(i.audience.includes("iedzivotaji") && i.channel.includes("pasts"), JSON.stringify(i));
      assert.match(s.status, new RegExp(`: ${s.shown} no ${s.total}$`), `count: "${s.status}"`);
      assert.equal((await page.textContent("[data-filters-active]")).trim(), "(2)", "the closed control says how many filters are on");
      // Clearing empties the address again.
      await page.click("[data-filter-clear]");
      await page.waitForFunction(() => location.search === "", null, { timeout: TIMEOUT });
      assert.equal((await catalogueState(page)).shown, s.total);
      assert.deepEqual(page.problems, []);
      await page.close();
    });
  }

  test("a filtered address is restored on load: boxes ticked, list and count right", async () => {
    for (const vp of VIEWPORTS) {
      const page = await open(vp, CATALOGUE, "?merkauditorija=iedzivotaji&kanals=pasts");
      const s = await catalogueState(page);
      assert.deepEqual(s.checked, ["kanals=pasts", "merkauditorija=iedzivotaji"]);
      assert.ok(s.shown > 0 && s.shown < s.total, `${s.shown} of ${s.total}`);
      for (const i of s.items) assert.ok(i.audience.includes("iedzivotaji") && i.channel.includes("pasts"), JSON.stringify(i));
      assert.equal(s.status, `Atbilst izvēlei: ${s.shown} no ${s.total}`);
      // Every letter heading left in view has a service under it.
      // (The matches from the whole catalogue are one list: the page's own letters make way.)
      const emptyLetters = await page.evaluate(() =>
        Array.from(document.querySelectorAll(".az h3.letter")).filter((h) => h.offsetParent !== null && !h.nextElementSibling.querySelector("li:not([hidden])")).length,
      );
      assert.equal(emptyLetters, 0);
      if (vp.name === "phone") {
        const first = await page.locator(".az .service-list li a:visible").first().boundingBox();
        assert.ok(first.y + first.height <= vp.height, "the first match is on the first screen");
      }
      assert.deepEqual(page.problems, []);
      await page.close();
    }
  });

  test("back and forward restore the filters", async () => {
    const page = await open(VIEWPORTS[0], CATALOGUE);
    await choose(page, "merkauditorija", "uznemeji");
    await page.waitForFunction(() => location.search === "?merkauditorija=uznemeji", null, { timeout: TIMEOUT });
    const one = await catalogueState(page);
    await choose(page, "kanals", "klatiene");
    await page.waitForFunction(() => location.search.includes("kanals=klatiene"), null, { timeout: TIMEOUT });
    const two = await catalogueState(page);
    assert.ok(two.shown <= one.shown);

    await page.goBack();
    await page.waitForFunction(() => location.search === "?merkauditorija=uznemeji", null, { timeout: TIMEOUT });
    assert.deepEqual(await catalogueState(page), one, "back: the first filter only");
    await page.goBack();
    await page.waitForFunction(() => location.search === "", null, { timeout: TIMEOUT });
    const none = await catalogueState(page);
    assert.deepEqual(none.checked, []);
    assert.equal(none.shown, none.total);
    await page.goForward();
    await page.waitForFunction(() => location.search === "?merkauditorija=uznemeji", null, { timeout: TIMEOUT });
    assert.deepEqual(await catalogueState(page), one, "forward: the first filter again");
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  for (const vp of VIEWPORTS) {
    test(`${vp.name}: the search page has one search box, kind tabs and no bare selects before the results`, async () => {
      const page = await open(vp, "meklet.html", "?q=pabalsts");
      await page.waitForSelector("[data-search-results] li .kind-label", { timeout: TIMEOUT });
      await page.waitForSelector("[data-kind-tabs]:not([hidden])", { timeout: TIMEOUT });
      assert.equal(await page.locator("input[type=search]").count(), 1, "exactly one search box");
      // Selects before the first result: none visible on a phone; on a desktop only the
      // styled ones inside the open "Atlasīt" control.
      const selects = await page.evaluate(() => {
        const first = document.querySelector("[data-search-results] li");
        return Array.from(document.querySelectorAll("select"))
          .filter((s) => s.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING)
          .filter((s) => s.checkVisibility())
          .map((s) => ({ inFilters: !!s.closest("details.filters[open]"), border: getComputedStyle(s).borderTopWidth, first: s.options[0].textContent }));
      });
      if (vp.name === "phone") assert.deepEqual(selects, [], "filters start closed on a phone");
      for (const s of selects) {
        assert.ok(s.inFilters, "a select outside the Atlasīt control");
        assert.equal(s.border, "2px", "the select is styled");
        assert.doesNotMatch(s.first, /Atlasīt: —/);
      }
      // Kind tabs: buttons with aria-pressed and counts; choosing one filters and goes into the address.
      const tab = page.locator('[data-kind-tabs] button[data-kind="service"]');
      const label = await tab.textContent();
      const n = +label.match(/\((\d+)\)/)[1];
      assert.ok(n > 0, `services tab counts them: "${label}"`);
      assert.equal(await page.getAttribute('[data-kind-tabs] button[data-kind=""]', "aria-pressed"), "true");
      await tab.focus();
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => new URLSearchParams(location.search).get("kind") === "service", null, { timeout: TIMEOUT });
      await page.waitForFunction((n) => document.querySelectorAll("[data-search-results] > li").length === Math.min(n, 10), n, { timeout: TIMEOUT });
      assert.equal(await tab.getAttribute("aria-pressed"), "true");
      const kinds = await page.locator("[data-search-results] .kind-label").allTextContents();
      assert.ok(kinds.every((k) => k.startsWith("Pakalpojums")), `only services: ${kinds.join(", ")}`);
      assert.match(await page.textContent("[data-search-status]"), new RegExp(`^${n} `));
      assert.deepEqual(page.problems, []);
      await page.close();

      // The kind in the address is restored.
      const again = await open(vp, "meklet.html", "?q=pabalsts&kind=service");
      await again.waitForSelector("[data-kind-tabs]:not([hidden])", { timeout: TIMEOUT });
      assert.equal(await again.getAttribute('[data-kind-tabs] button[data-kind="service"]', "aria-pressed"), "true");
      const restored = await again.locator("[data-search-results] .kind-label").allTextContents();
      assert.ok(restored.length > 0 && restored.every((k) => k.startsWith("Pakalpojums")), restored.join(", "));
      assert.deepEqual(again.problems, []);
      await again.close();
    });
  }

  test("the no-results hint is not a numbered list item", async () => {
    const page = await open(VIEWPORTS[0], "meklet.html", "?q=qzxjwvk");
    await page.waitForFunction(() => /Nekas netika atrasts/.test(document.querySelector("[data-search-status]").textContent), null, { timeout: TIMEOUT });
    const hint = page.getByText("Pārbaudiet rakstību");
    await hint.waitFor({ timeout: TIMEOUT });
    assert.equal(await hint.evaluate((el) => !!el.closest("ol")), false, "the hint is inside an <ol>");
    assert.equal(await page.locator("article.search-page ol").count(), 0, "no numbered list on an empty result");
    assert.equal(await page.locator("[data-kind-tabs]").isHidden(), true, "no kind tabs without results");
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});

describe("the catalogue without JavaScript", { skip }, () => {
  let browser;
  let context;
  before(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, locale: "lv-LV" });
  });
  after(async () => {
    await browser?.close();
  });

  test("lists every service, shows the count and opens the filters", async () => {
    const page = await context.newPage();
    await page.goto(fileUrl(siteDir, CATALOGUE));
    const s = await catalogueState(page);
    assert.equal(s.shown, s.total, "every service is listed");
    assert.equal(s.status, `Pakalpojumu skaits: ${s.total}`);
    const filters = page.locator("details[data-filters]");
    assert.equal(await filters.evaluate((d) => d.open), false, "closed on a phone");
    const link = page.locator('details.facet[data-param="merkauditorija"] a').first();
    assert.equal(await link.isVisible(), false);
    await filters.locator("> summary").click();
    assert.equal(await filters.evaluate((d) => d.open), true, "the summary opens it");
    assert.equal(await link.isVisible(), true, "the facet pages are linked");
    assert.equal(await page.locator("input[data-facet]").first().isVisible(), false, "no checkbox that would do nothing");
    await link.click();
    await page.waitForURL(/pakalpojumi\/merkauditorija\/[a-z-]+\.html$/, { timeout: TIMEOUT });
    assert.ok((await page.locator("main .service-list li").count()) > 0, "the facet page lists services");
    await page.close();
  });
});
