// Paper: Chromium's page.pdf({format: "A4"}) over file:// on the built bundled site, read back
// with poppler's pdfinfo (page count) and pdftotext (text): a service card fits two pages; a
// service card, a guidance page and the course handout carry the site's name, the page's
// absolute address (from base_url in katalogs.toml) and the print date; no relative path
// ("../") is printed, links into the site print their absolute address; nothing forces a page
// break; the handout's first page has the course's own text and it ends with the glossary
// terms its lessons use.
//
//   KATALOGS_SITE  built bundled site (default <repo>/site)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileUrl, launch, newPage, repoRoot, requireSite, siteDir } from "./helpers.mjs";

const TIMEOUT = 30_000;
const CARD = "pakalpojumi/slimibas-pabalsts.html";
const GUIDANCE = "metodika/pamati/pakalpojums-un-vajadzibas.html";
const HANDOUT = "kursi/pakalpojumu-parvaldibas-ievads/izdales-materials.html";

/** A top-level `key = "value"` of the bundled site's katalogs.toml. */
function setting(key) {
  const toml = readFileSync(path.join(repoRoot, "katalogs.toml"), "utf8");
  const m = toml.match(new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, "m"));
  return m && m[1];
}
const siteTitle = setting("title");
const baseUrl = setting("base_url");

const hasPoppler = (() => {
  try {
    execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
    execFileSync("pdfinfo", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const skip = (() => {
  try {
    requireSite(siteDir);
  } catch (e) {
    return e.message;
  }
  return false;
})();

/** Text with every run of white space removed: printed addresses may wrap anywhere. */
const squeezed = (s) => s.replace(/\s+/g, "");

describe("print: pages on A4 paper", { skip }, () => {
  let browser;
  let page;
  let dir;
  before(async () => {
    assert.ok(hasPoppler, "pdfinfo and pdftotext are missing: apt-get install poppler-utils (.ci/run does)");
    browser = await launch();
    page = await newPage(browser.context);
    dir = mkdtempSync(path.join(tmpdir(), "katalogs-print-"));
  });
  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Prints a page of the site; returns the number of pages and the text, whole and per page. */
  async function print(rel) {
    await page.goto(fileUrl(siteDir, rel));
    const pdf = path.join(dir, rel.replace(/\//g, "_") + ".pdf");
    await page.pdf({ path: pdf, format: "A4" });
    const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
    const pages = Number(info.match(/^Pages:\s+(\d+)/m)[1]);
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    const firstPage = execFileSync("pdftotext", ["-f", "1", "-l", "1", pdf, "-"], { encoding: "utf8" });
    return { pages, text, firstPage };
  }

  /** Elements of <main> that force a page break before or after them in print. */
  async function forcedBreaks() {
    await page.emulateMedia({ media: "print" });
    const found = await page.evaluate(() => {
      const out = [];
      for (const el of document.querySelectorAll("main *, main")) {
        const s = getComputedStyle(el);
        for (const b of [s.breakBefore, s.breakAfter]) {
          if (["page", "always", "left", "right", "recto", "verso"].includes(b)) out.push(`${el.tagName}.${el.className}: ${b}`);
        }
      }
      return out;
    });
    await page.emulateMedia({ media: null });
    return found;
  }

  for (const [kind, rel] of [
    ["service card", CARD],
    ["guidance page", GUIDANCE],
    ["course handout", HANDOUT],
  ]) {
    test(`${kind}: site name, absolute address and print date; no relative path; no forced break`, { timeout: TIMEOUT }, async () => {
      assert.ok(siteTitle && baseUrl, "katalogs.toml has a title and a base_url");
      const { text, firstPage } = await print(rel);
      assert.ok(firstPage.includes(siteTitle), `the first page names the site "${siteTitle}":\n${firstPage.slice(0, 400)}`);
      const address = baseUrl.replace(/\/$/, "") + "/" + rel;
      assert.ok(squeezed(firstPage).includes(address), `the first page has the address ${address}`);
      const date = await page.locator("[data-print-date] span").textContent();
      assert.ok(date && squeezed(firstPage).includes(squeezed(date)), `the first page has the print date "${date}"`);
      assert.ok(!text.includes("../"), `a relative path is printed: ${text.split("\n").filter((l) => l.includes("../")).join("\n")}`);
      assert.ok(squeezed(text).includes(`(${baseUrl}`), "links into the site print their absolute address");
      assert.deepEqual(await forcedBreaks(), [], "nothing forces a page break");
      assert.deepEqual(page.problems, []);
    });
  }

  test("service card: fits on two A4 pages", { timeout: TIMEOUT }, async () => {
    const { pages, firstPage } = await print(CARD);
    assert.ok(pages <= 2, `the card prints on ${pages} pages`);
    const title = await page.locator("h1").textContent();
    assert.ok(firstPage.includes(title.trim()), "the card's title is on its first page");
    // No half-empty first page: the description starts on it or the first page is well filled.
    assert.ok(firstPage.split("\n").filter((l) => l.trim()).length > 40, "the first page is well filled");
  });

  test("course handout: the course's own text on the first page, lessons flowing on, terms at the end", { timeout: TIMEOUT }, async () => {
    const { pages, text, firstPage } = await print(HANDOUT);
    const course = await page.evaluate(() => ({
      title: document.querySelector("h1").textContent.trim(),
      text: document.querySelector(".handout-course p").innerText.trim(),
      lessons: [...document.querySelectorAll(".handout-lesson > h2")].map((h) => h.textContent.trim()),
      termsTitle: document.querySelector(".handout-terms h2")?.textContent.trim(),
      terms: [...document.querySelectorAll(".handout-terms dt")].map((d) => d.textContent.trim()),
    }));
    assert.ok(firstPage.includes(course.title), "the course's title is on the first page");
    const opening = squeezed(course.text).slice(0, 60);
    assert.ok(squeezed(firstPage).includes(opening), `the course's own text is on the first page: ${course.text.slice(0, 60)}`);
    assert.ok(course.lessons.length >= 2, "the handout has the course's lessons");
    // Flowing on: fewer pages than one per lesson plus the course's own pages would take, and
    // lessons do not all start at the top of a page.
    const lessonStarts = [];
    for (let p = 1; p <= pages; p++) {
      const pageText = execFileSync("pdftotext", ["-f", String(p), "-l", String(p), path.join(dir, HANDOUT.replace(/\//g, "_") + ".pdf"), "-"], { encoding: "utf8" });
      const top = squeezed(pageText.split("\n").slice(0, 6).join(""));
      lessonStarts.push(course.lessons.some((l) => top.includes(squeezed(l))));
    }
    assert.ok(lessonStarts.filter(Boolean).length < course.lessons.length, "every lesson starts a new page");
    assert.ok(course.termsTitle && course.terms.length > 0, "the handout has a glossary appendix");
    const squeezedText = squeezed(text);
    const appendix = squeezedText.lastIndexOf(squeezed(course.termsTitle));
    assert.ok(appendix > squeezedText.indexOf(squeezed(course.lessons.at(-1))), "the terms come after the last lesson");
    for (const term of course.terms.slice(0, 5)) {
      assert.ok(squeezedText.slice(appendix).includes(squeezed(term)), `the appendix prints "${term}"`);
    }
  });
});
