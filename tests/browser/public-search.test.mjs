// How the public asks, in the browser over file://: a corrected word is said and the words as
// typed are offered; a word that matches nothing is said while the rest still finds results;
// kind tabs lead the results page with counts; services come before methodology for
// everyday wording; a screenshot of each state at phone and desktop width when
// KATALOGS_SHOTS names a folder.
//
//   KATALOGS_SITE  built bundled site (default <repo>/site)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileUrl, launch, newPage, requireSite, siteDir } from "./helpers.mjs";

const TIMEOUT = 15_000;
requireSite(siteDir);
let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function results(q, extra = "") {
  const page = await newPage(browser.context, null);
  await page.goto(fileUrl(siteDir, "meklet.html", `?q=${encodeURIComponent(q)}${extra}`));
  await page.waitForFunction(() => {
    const s = document.querySelector("[data-search-status]");
    return s && s.textContent && s.textContent !== "…";
  }, null, { timeout: TIMEOUT });
  return page;
}

async function shot(page, name) {
  if (!process.env.KATALOGS_SHOTS) return;
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${process.env.KATALOGS_SHOTS}/${name}-${width}.png` });
  }
}

const urls = (page) => page.locator("[data-search-results] > li > a").evaluateAll((as) => as.map((a) => a.getAttribute("href").replace(/\?[^#]*/, "")));

test("a misspelt word is corrected, said, and the words as typed are offered", async () => {
  const page = await results("bezdarbnika pabalsts");
  const notes = page.locator("[data-search-notes]");
  await notes.waitFor({ timeout: TIMEOUT });
  assert.match(await notes.textContent(), /Rādīti rezultāti vārdam bezdarbnieka/);
  assert.equal((await urls(page))[0], "pakalpojumi/bezdarbnieka-pabalsts.html");
  await shot(page, "corrected");
  await page.locator("[data-search-original]").click();
  await page.waitForFunction(() => /Nav atrasts: bezdarbnika/.test((document.querySelector("[data-search-notes]") || {}).textContent || ""), null, { timeout: TIMEOUT });
  assert.match(page.url(), /exact=1/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("a word that matches nothing is said and the others still find results", async () => {
  const page = await results("slimības pabalsts qqqzzx");
  await page.locator("[data-search-notes]").waitFor({ timeout: TIMEOUT });
  assert.match(await page.locator("[data-search-notes]").textContent(), /Nav atrasts: qqqzzx/);
  assert.equal((await urls(page))[0], "pakalpojumi/slimibas-pabalsts.html");
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("kind tabs lead with counts, and everyday wording finds services before methodology", async () => {
  const page = await results("zaudēju darbu");
  const tabs = page.locator("[data-kind-tabs]");
  await tabs.waitFor({ state: "visible", timeout: TIMEOUT });
  const counted = await tabs.locator("button:not([hidden])").evaluateAll((bs) =>
    bs.map((b) => [b.getAttribute("data-kind"), +b.querySelector("[data-kind-count]").textContent.replace(/\D/g, "")]));
  const [all, ...kinds] = counted;
  assert.equal(all[0], "");
  assert.equal(kinds.reduce((s, k) => s + k[1], 0), all[1], `kind counts add up: ${JSON.stringify(counted)}`);
  assert.ok(kinds.some((k) => k[0] === "service" && k[1] > 0), JSON.stringify(counted));
  // The tabs come before the first result.
  const before_ = await page.evaluate(() => {
    const t = document.querySelector("[data-kind-tabs]");
    const r = document.querySelector("[data-search-results] > li");
    return !!(t.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  assert.ok(before_, "kind tabs lead the results");
  const labels = await page.locator("[data-search-results] > li .kind-label").allTextContents();
  assert.ok(!/Metodika|Nodarbība/.test(labels.slice(0, 2).join(" | ")), `top 2: ${labels.slice(0, 2)}`);
  assert.equal((await urls(page))[0], "dzives-situacijas/darba-zaudesana.html");
  await shot(page, "tabs");
  await page.close();
});

// Hostile queries, in the page's own search over file:// on the bench corpus when
// KATALOGS_BENCH_SITE names a built one (bench/corpus.py --services 10000), else the bundled
// site: a result list or nothing, never an exception, each within 200 ms (index files already
// loaded by a first run, as for a person who has searched once: the first run of each is
// reported too).
test("hostile queries answer safely within 200 ms", async () => {
  const dir = process.env.KATALOGS_BENCH_SITE || siteDir;
  const page = await newPage(browser.context, null);
  await page.goto(fileUrl(dir, "index.html"));
  await page.waitForFunction(() => typeof window.katalogsSearch === "function", null, { timeout: TIMEOUT });
  const words = "pabalsts dzīvesvieta deklarēšana bezdarbnieks pensija slimība bērns nodoklis".split(" ");
  const queries = {
    "10 KB": "pabalsts ".repeat(1138).slice(0, 10240),
    "10 KB one word": "ā".repeat(10240),
    "regex metacharacters": ".*+?^${}()|[]\\ /(a+)+$/ \\d{1,3} [^a-z]* (?=x)",
    "lone surrogates": "\ud800pabalsts\udfff \udc00\ud83d dzīvesvieta\ud800",
    "50 words": Array.from({ length: 50 }, (_, i) => words[i % words.length] + (i % 3 ? "" : "x")).join(" "),
    "markup": "<script>alert(1)</script> \"'><img src=x onerror=alert(1)>",
    "only punctuation": "?!… — «»",
  };
  const report = [];
  for (const [name, q] of Object.entries(queries)) {
    const r = await page.evaluate(async (q) => {
      const run = async (q) => {
        const started = performance.now();
        try {
          const res = await window.katalogsSearch(q, 10);
          return { ms: performance.now() - started, hits: res.hits.length, ok: Array.isArray(res.hits) };
        } catch (e) {
          return { ms: performance.now() - started, error: String(e) };
        }
      };
      const cold = await run(q);
      const warm = await run(q + " ");
      return { cold, warm };
    }, q);
    report.push(`${name}: first ${r.cold.ms.toFixed(0)} ms, again ${r.warm.ms.toFixed(0)} ms, ${r.warm.hits} hits`);
    assert.ok(!r.cold.error && !r.warm.error, `${name}: ${r.cold.error || r.warm.error}`);
    assert.ok(r.warm.ms < 200, `${name}: ${r.warm.ms} ms`);
  }
  // The header box and the results page take them too.
  const input = page.locator("form[data-search] input");
  await input.fill(queries["lone surrogates"]);
  await page.waitForTimeout(400);
  await page.goto(fileUrl(dir, "meklet.html", `?q=${encodeURIComponent(queries["regex metacharacters"])}`));
  await page.waitForFunction(() => !/^…?$/.test(document.querySelector("[data-search-status]").textContent), null, { timeout: TIMEOUT });
  console.log(`hostile queries on ${dir}:\n  ${report.join("\n  ")}`);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("following a result marks the query's words on the target page, and a button clears them (file://)", async () => {
  const page = await results("slimības pabalsts");
  const link = page.locator("[data-search-results] > li > a").first();
  assert.match(await link.getAttribute("href"), /\?hl=/);
  await link.click();
  await page.waitForSelector("mark.landing-mark", { timeout: TIMEOUT });
  assert.ok(page.url().startsWith("file:"), page.url());
  const marked = await page.locator("mark.landing-mark").allTextContents();
  assert.ok(marked.some((w) => /pabalst/i.test(w)) && marked.some((w) => /slimīb/i.test(w)), JSON.stringify(marked));
  const inView = await page.locator("mark.landing-mark").first().evaluate((m) => {
    const r = m.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  });
  assert.ok(inView, "the page scrolled to the first match");
  await shot(page, "landing");
  const clear = page.locator("[data-landing-bar] button");
  await clear.click();
  assert.equal(await page.locator("mark.landing-mark").count(), 0, "the marks are gone");
  assert.equal(await page.locator("[data-landing-bar]").count(), 0);
  assert.deepEqual(page.problems, []);
  // Without JavaScript the same address shows the page unchanged.
  const plain = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(plain);
  await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
  await plain.goto(page.url().split("?")[0] + "?hl=slimib%20pabalst");
  assert.equal(await plain.locator("mark, [data-landing-bar]").count(), 0);
  await plain.close();
  await page.close();
});

test("a guidance page's matching sections show beneath it, deep-linked to their headings", async () => {
  const page = await results("vienas pieturas princips");
  const subs = await page.locator("[data-search-results] > li .sub-results a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(subs.length > 0, "no sub-results");
  for (const href of subs) {
    const [file, anchor] = href.replace(/\?[^#]*/, "").split("#");
    assert.ok(anchor, `${href} has no anchor`);
    const html = readFileSync(path.join(siteDir, file), "utf8");
    assert.ok(html.includes(`id="${anchor}"`), `${file} has no heading #${anchor}`);
  }
  await shot(page, "sub-results");
  assert.deepEqual(page.problems, []);
  await page.close();
});
