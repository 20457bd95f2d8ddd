// Two editions (Latvian at the top, English under en/) of the fixture
// tests/fixtures/translations, opened from file://: each edition's search finds its own
// language and the other as a fallback, results lead to the edition's pages, the language
// switcher leads to the counterpart, and an untranslated page carries its notice.
//
//   KATALOGS_BIN   katalogs binary used to build the fixture (default target/debug/katalogs)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fileUrl, katalogsBin, launch, newPage, repoRoot } from "./helpers.mjs";

const TIMEOUT = 15_000;

describe("editions from file://", () => {
  let dir;
  let browser;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "katalogs-editions-"));
    execFileSync(katalogsBin, [
      "build", "-q", "--root", path.join(repoRoot, "tests/fixtures/translations"), "--output", path.join(dir, "site"),
    ]);
    dir = path.join(dir, "site");
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  async function results(pagePath, q) {
    const page = await newPage(browser.context);
    await page.goto(fileUrl(dir, pagePath, `?q=${encodeURIComponent(q)}`));
    await page.waitForFunction(
      () => {
        const s = document.querySelector("[data-search-status]");
        return s && s.textContent.trim() !== "" && s.textContent.trim() !== "…" && document.querySelector("[data-search-results] li");
      },
      null,
      { timeout: TIMEOUT },
    );
    const items = await page.$$eval("[data-search-results] > li", (lis) =>
      lis.map((li) => ({ title: li.querySelector("a")?.textContent ?? "", href: li.querySelector("a")?.href ?? "" })),
    );
    assert.deepEqual(page.problems, []);
    await page.close();
    return items;
  }

  test("English words on the Latvian edition find the page through its translation", async () => {
    const items = await results("meklet.html", "unemployment benefits");
    assert.equal(items[0]?.title, "Bezdarbnieka pabalsts", JSON.stringify(items));
    assert.ok(!fileURLToPath(items[0].href).includes(`${path.sep}en${path.sep}`));
  });

  test("the glossary's English equivalent finds the term on the Latvian edition", async () => {
    const items = await results("meklet.html", "tax return");
    assert.ok(items.some((i) => i.title === "Deklarācija"), JSON.stringify(items));
  });

  test("the English edition stems English and links its own pages", async () => {
    const items = await results("en/meklet.html", "unemployed");
    assert.equal(items[0]?.title, "Unemployment benefit", JSON.stringify(items));
    const file = fileURLToPath(items[0].href);
    assert.ok(file.endsWith(path.join("en", "pakalpojumi", "bezdarbnieka-pabalsts.html")), file);
    assert.ok(existsSync(file));
  });

  test("Latvian words on the English edition find the page as a fallback", async () => {
    const items = await results("en/meklet.html", "bezdarbnieka pabalstu");
    assert.equal(items[0]?.title, "Unemployment benefit", JSON.stringify(items));
  });

  test("the switcher leads to the counterpart; an untranslated page says so", async () => {
    const page = await newPage(browser.context);
    await page.goto(fileUrl(dir, "en/pakalpojumi/izzinas.html"));
    assert.equal(await page.getAttribute("html", "lang"), "en");
    const notice = page.locator(".untranslated-notice");
    assert.ok(await notice.isVisible());
    assert.match(await notice.textContent(), /not yet translated/);
    assert.equal(await page.locator("main div[lang=lv] h1").count(), 1);
    await page.locator(".language-switch a[hreflang=lv]").click();
    await page.waitForLoadState();
    assert.ok(fileURLToPath(page.url()).endsWith(path.join("site", "pakalpojumi", "izzinas.html")), page.url());
    assert.equal(await page.getAttribute("html", "lang"), "lv");
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
