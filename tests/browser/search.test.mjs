// Browser search, end to end: the header search box and the results page of the built
// bundled site, over file:// (the offline case: USB stick, double-click) and over HTTP; and a
// fixture site whose content carries script-injection payloads that must never execute.
//
//   KATALOGS_SITE  built bundled site (default <repo>/site)
//   KATALOGS_BIN   katalogs binary used to build the XSS fixture (default target/debug/katalogs)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fileUrl, katalogsBin, launch, newPage, repoRoot, requireSite, serve, siteDir } from "./helpers.mjs";

const TIMEOUT = 15_000;

/** How pages of a site are addressed: over file:// or over a local HTTP server. */
async function transport(kind, dir) {
  if (kind === "file") {
    return { url: (p, q = "") => fileUrl(dir, p, q), origin: null, close: async () => {} };
  }
  const server = await serve(dir);
  return { url: (p, q = "") => `${server.origin}/${p}${q}`, origin: server.origin, close: server.close };
}

/** The site file a result link points at (throws when it leaves the site). */
function linkedFile(dir, href, t) {
  const u = new URL(href);
  let file;
  if (u.protocol === "file:") file = fileURLToPath(u);
  else {
    assert.equal(u.origin, t.origin, `link ${href} leaves the site`);
    file = path.join(dir, decodeURIComponent(u.pathname));
  }
  assert.ok(file.startsWith(path.resolve(dir) + path.sep), `link ${href} points outside the site folder`);
  return { file, hash: decodeURIComponent(u.hash.slice(1)) };
}

/** Asserts a result link resolves to a file of the site, and its #fragment to an id in it. */
function assertResolves(dir, href, t) {
  const { file, hash } = linkedFile(dir, href, t);
  assert.ok(existsSync(file), `result link ${href} → missing file ${file}`);
  if (hash) {
    const html = readFileSync(file, "utf8");
    assert.ok(html.includes(`id="${hash}"`), `result link ${href}: no element with id "${hash}" in ${file}`);
  }
}

const fold = (s) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/**
 * Types `q` into the header search box the way a person does (key by key) and waits until
 * the live panel shows the results of the whole query, then returns them.
 */
async function headerSearch(page, q, { expectResults = true } = {}) {
  const input = page.locator("form[data-search] input");
  await input.click();
  await input.pressSequentially(q, { delay: 15 });
  const panel = page.locator("[data-search-panel]");
  if (expectResults) {
    const all = `meklet.html?q=${encodeURIComponent(q)}`;
    await page.waitForFunction(
      (all) => {
        const p = document.querySelector("form[data-search] [data-search-panel]");
        const a = p && !p.hidden && p.querySelector("a.all");
        return !!a && a.getAttribute("href").endsWith(all);
      },
      all,
      { timeout: TIMEOUT },
    );
  } else {
    await page.waitForFunction(
      () => {
        const p = document.querySelector("form[data-search] [data-search-panel]");
        return p && !p.hidden && p.querySelector("p") && !p.querySelector("li");
      },
      null,
      { timeout: TIMEOUT },
    );
  }
  return panel.evaluate((p) =>
    Array.from(p.querySelectorAll("li")).map((li) => {
      const a = li.querySelector("a");
      return {
        kind: (li.querySelector(".kind-label") || {}).textContent || "",
        title: a ? a.textContent : "",
        href: a ? a.href.replace(/\?hl=[^#]*/, "") : "", // the landing highlight's ?hl= aside
        titleMarks: a ? a.querySelectorAll("mark").length : 0,
        snippet: (li.querySelector(".svc-summary") || {}).textContent || "",
        marks: li.querySelectorAll("mark").length,
      };
    }),
  );
}

/** Waits for the results page to finish a search and returns what it lists. */
async function pageResults(page) {
  await page.waitForFunction(
    () => {
      const s = document.querySelector("[data-search-status]");
      return s && s.textContent.trim() !== "" && s.textContent.trim() !== "…" && document.querySelector("[data-search-results] li");
    },
    null,
    { timeout: TIMEOUT },
  );
  return page.evaluate(() => ({
    status: document.querySelector("[data-search-status]").textContent,
    items: Array.from(document.querySelectorAll("[data-search-results] > li")).map((li) => {
      const a = li.querySelector("a");
      const kind = li.querySelector(".kind-label");
      const snippet = li.querySelector(".svc-summary");
      return {
        isResult: !!kind,
        kind: kind ? kind.textContent : "",
        title: a ? a.textContent : "",
        href: a ? a.href.replace(/\?hl=[^#]*/, "") : "", // the landing highlight's ?hl= aside
        snippet: snippet ? snippet.textContent : "",
        snippetMarks: snippet ? snippet.querySelectorAll("mark").length : 0,
        titleMarks: a ? a.querySelectorAll("mark").length : 0,
        text: li.textContent,
      };
    }),
  }));
}

function top(results, n = 3) {
  return results.slice(0, n).map((r) => `${r.kind} | ${r.title} | ${r.href}`).join("\n  ");
}

const bundledSite = (() => {
  try {
    return requireSite(siteDir);
  } catch (e) {
    return e;
  }
})();

for (const kind of ["file", "http"]) {
  describe(`bundled site search over ${kind}://`, { skip: bundledSite instanceof Error ? bundledSite.message : false }, () => {
    let browser;
    let t;
    before(async () => {
      browser = await launch();
      t = await transport(kind, siteDir);
    });
    after(async () => {
      await browser?.close();
      await t?.close();
    });

    async function open(p, q = "") {
      const page = await newPage(browser.context, t.origin);
      await page.goto(t.url(p, q));
      return page;
    }

    async function expectInTop3(q, predicate, what) {
      const page = await open("index.html");
      const results = await headerSearch(page, q);
      const hit = results.slice(0, 3).find(predicate);
      assert.ok(hit, `"${q}": expected ${what} in the top 3, got:\n  ${top(results)}`);
      assert.ok(hit.titleMarks + hit.marks > 0, `"${q}": the result shows no <mark> highlight`);
      assertResolves(siteDir, hit.href, t);
      assert.deepEqual(page.problems, []);
      await page.close();
      return { hit, results };
    }

    test("inflected query 'pakalpojuma turētājam' finds the glossary term", async () => {
      await expectInTop3(
        "pakalpojuma turētājam",
        (r) => r.href.endsWith("/glosarijs/pakalpojuma-turetajs.html"),
        "glosarijs/pakalpojuma-turetajs.html",
      );
    });

    test("query without diacritics 'dzives situacijas' finds dzīves situācijas", async () => {
      const { hit } = await expectInTop3(
        "dzives situacijas",
        (r) => /dzives situacij/.test(fold(r.title)) && /dzīves situācij/i.test(r.title),
        "a result titled about dzīves situācijas",
      );
      assert.match(hit.title, /Dzīves situācij/, "the title is shown with its diacritics");
    });

    test("'slimibas pabalsts' finds the service card", async () => {
      const { hit } = await expectInTop3(
        "slimibas pabalsts",
        (r) => r.href.endsWith("/pakalpojumi/slimibas-pabalsts.html"),
        "pakalpojumi/slimibas-pabalsts.html",
      );
      assert.match(hit.kind, /^Pakalpojums/, "the result is labelled as a service");
    });

    test("panel links open the target page; 'all results' opens the results page", async () => {
      const page = await open("metodika/index.html");
      const results = await headerSearch(page, "slimibas pabalsts");
      assert.ok(results.length > 0 && results.length <= 8, `panel shows 1–8 results, got ${results.length}`);
      for (const r of results) assertResolves(siteDir, r.href, t);
      // From a page one folder down the links must still resolve (root-relative prefix).
      await page.locator("[data-search-panel] a.all").click();
      await page.waitForURL(/meklet\.html\?q=slimibas%20pabalsts$/, { timeout: TIMEOUT });
      const { items } = await pageResults(page);
      assert.ok(items.filter((i) => i.isResult).length >= results.length);
      assert.equal(await page.inputValue("#results-q"), "slimibas pabalsts");
      assert.deepEqual(page.problems, []);
      await page.close();
    });

    test("results page lists kind, title link and highlighted snippet", async () => {
      const page = await open("meklet.html", "?q=slimibas%20pabalsts");
      const { status, items } = await pageResults(page);
      const results = items.filter((i) => i.isResult);
      assert.ok(results.length >= 3, `expected several results, got ${results.length}`);
      const total = +(status.match(/^(\d+) /) || [])[1];
      assert.equal(results.length, Math.min(total, 10), `status "${status}" counts the results, the first 10 shown`);
      const i = results.slice(0, 3).findIndex((r) => r.href.endsWith("/pakalpojumi/slimibas-pabalsts.html"));
      assert.ok(i >= 0, `slimibas-pabalsts in top 3:\n  ${top(results)}`);
      assert.match(results[i].kind, /^Pakalpojums/);
      assert.equal(results[i].title, "Slimības pabalsts");
      for (const r of results) {
        assert.ok(r.kind.trim(), `result ${r.href} has a kind label`);
        assert.ok(r.title.trim(), `result ${r.href} has a title`);
        assert.ok(r.snippet.trim(), `result ${r.href} has a snippet`);
        assertResolves(siteDir, r.href, t);
      }
      const marked = results.filter((r) => r.snippetMarks > 0);
      assert.ok(marked.length >= Math.ceil(results.length / 2), `most snippets highlight the query (${marked.length}/${results.length})`);
      // The highlights are real <mark> elements around the matched words, not escaped text.
      const marks = (await page.$$eval("[data-search-results] mark", (ms) => ms.map((m) => m.textContent))).map(fold);
      assert.ok(marks.length > 0);
      for (const m of marks) assert.match(m, /^(slim|pabal)/, `<mark>${m}</mark> is a query word`);
      assert.deepEqual(page.problems, []);
      await page.close();
    });

    test("a filter select narrows the results, and keeps keyboard focus", async () => {
      const page = await open("meklet.html", "?q=pabalsts");
      const first = await pageResults(page);
      const before_ = first.items.filter((i) => i.isResult);
      // The first page shows 10 of the results; the status counts them all.
      const total = +first.status.match(/^(\d+) /)[1];
      assert.ok(total > before_.length && before_.length === 10, `${before_.length} shown of ${total}`);
      await page.waitForSelector("[data-search-filters]:not([hidden])", { state: "attached", timeout: TIMEOUT });
      // The results lead: the filters start closed, one click away.
      assert.equal(await page.locator("[data-search-filters]").evaluate((d) => d.open), false, "filters start closed");
      await page.locator("[data-search-filters] > summary").click();
      const kindSelect = page.locator("[data-search-filters] label", { hasText: "Veids" }).locator("select");
      // The filters' values (search/f.js) load when they are opened.
      await kindSelect.waitFor({ state: "attached", timeout: TIMEOUT });
      const options = await kindSelect.locator("option").evaluateAll((os) => os.map((o) => ({ value: o.value, text: o.textContent })));
      const counted = options
        .filter((o) => o.value !== "")
        .map((o) => ({ ...o, label: o.text.replace(/ \(\d+\)$/, ""), n: +o.text.match(/\((\d+)\)$/)[1] }));
      assert.ok(counted.length >= 2, `several kinds to filter by: ${JSON.stringify(options)}`);
      assert.equal(counted.reduce((s, o) => s + o.n, 0), total, "kind counts add up to the result count");
      const pick = counted.find((o) => o.n < total);
      await kindSelect.focus();
      await kindSelect.selectOption(pick.value);
      await page.waitForFunction(
        (n) => document.querySelectorAll("[data-search-results] > li .kind-label").length === n,
        Math.min(pick.n, 10),
        { timeout: TIMEOUT },
      );
      const after_ = (await pageResults(page)).items.filter((i) => i.isResult);
      assert.equal(after_.length, Math.min(pick.n, 10));
      for (const r of after_) assert.ok(r.kind.startsWith(pick.label), `"${r.kind}" is of kind ${pick.label}`);
      const status = await page.textContent("[data-search-status]");
      assert.match(status, new RegExp(`^${pick.n} `));
      // Re-rendering the filters must not throw keyboard focus back to <body>.
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        const label = el && el.closest("label");
        return el ? `${el.tagName} ${label ? label.firstChild.textContent.trim() : ""}` : "";
      });
      assert.equal(focused, "SELECT Veids", "focus stays on the filter that was changed");
      // Back to all kinds.
      await page.locator("[data-search-filters] label", { hasText: "Veids" }).locator("select").selectOption("");
      await page.waitForFunction(
        (n) => document.querySelectorAll("[data-search-results] > li .kind-label").length === n,
        before_.length,
        { timeout: TIMEOUT },
      );
      assert.deepEqual(page.problems, []);
      await page.close();
    });

    test("a nonsense query shows the empty state (header panel and results page)", async () => {
      const q = "qzxjwvk";
      let page = await open("index.html");
      const panelResults = await headerSearch(page, q, { expectResults: false });
      assert.deepEqual(panelResults, []);
      assert.match(await page.textContent("[data-search-panel]"), /Nekas netika atrasts/);
      await page.close();

      page = await open("meklet.html", `?q=${q}`);
      const { status, items } = await pageResults(page);
      assert.match(status, /Nekas netika atrasts/);
      assert.equal(items.filter((i) => i.isResult).length, 0, "no result items");
      assert.ok(items.some((i) => /Pārbaudiet rakstību/.test(i.text)), "a spelling hint is shown");
      assert.equal(await page.locator("[data-search-filters]").isHidden(), true, "no filters without results");
      assert.deepEqual(page.problems, []);
      await page.close();
    });

    test("'more' shows the next results and moves focus to the first of them", async () => {
      const page = await open("meklet.html", "?q=pabalsts");
      const first = await pageResults(page);
      const total = +first.status.match(/^(\d+) /)[1];
      assert.equal(first.items.filter((i) => i.isResult).length, 10, "the first page shows 10");
      const more = page.locator("[data-search-more]");
      assert.match(await more.textContent(), new RegExp(`\\(${total - 10}\\)$`), "the button says how many are left");
      await more.click();
      await page.waitForFunction(() => document.querySelectorAll("[data-search-results] > li").length > 10, null, { timeout: TIMEOUT });
      const shown = await page.locator("[data-search-results] > li").count();
      assert.equal(shown, Math.min(total, 30));
      const focused = await page.evaluate(() => {
        const li = document.activeElement && document.activeElement.closest("[data-search-results] > li");
        return li ? Array.prototype.indexOf.call(li.parentNode.children, li) : -1;
      });
      assert.equal(focused, 10, "focus on the first new result");
      assert.deepEqual(page.problems, []);
      await page.close();
    });

    test("a new query on the results page replaces results and stale filters", async () => {
      const page = await open("meklet.html", "?q=pabalsts");
      await pageResults(page);
      await page.locator("[data-search-filters] > summary").click();
      await page.waitForSelector("[data-search-filters]:not([hidden]) select", { state: "attached", timeout: TIMEOUT });
      await page.fill("#results-q", "slimibas pabalsts");
      await page.press("#results-q", "Enter");
      await page.waitForFunction(
        () => Array.from(document.querySelectorAll("[data-search-results] a")).slice(0, 3).some((a) => a.href.replace(/\?hl=[^#]*/, "").endsWith("/pakalpojumi/slimibas-pabalsts.html")),
        null,
        { timeout: TIMEOUT },
      );
      await page.fill("#results-q", "qzxjwvk");
      await page.press("#results-q", "Enter");
      await page.waitForFunction(() => /Nekas netika atrasts/.test(document.querySelector("[data-search-status]").textContent), null, { timeout: TIMEOUT });
      assert.equal(await page.locator("[data-search-results] .kind-label").count(), 0, "old results are gone");
      assert.equal(await page.locator("[data-search-filters]").isHidden(), true, "filters of the previous query are gone");
      assert.deepEqual(page.problems, []);
      await page.close();
    });
  });
}

/* ---------- content that tries to inject script ---------- */

describe("search never executes content (XSS fixture)", () => {
  const fixture = path.join(repoRoot, "tests", "browser", "fixtures", "xss-site");
  const TITLE = "<img src=x onerror=window.__xss=1>";
  let work;
  let out;
  let browser;

  before(async () => {
    assert.ok(existsSync(katalogsBin), `katalogs binary ${katalogsBin} not found (set KATALOGS_BIN)`);
    work = mkdtempSync(path.join(tmpdir(), "katalogs-xss-"));
    const src = path.join(work, "src");
    cpSync(fixture, src, { recursive: true });
    // Build with the repository's current theme files, not the copy compiled into the binary.
    cpSync(path.join(repoRoot, "themes", "default"), path.join(src, "themes", "default"), { recursive: true });
    out = path.join(work, "site");
    execFileSync(katalogsBin, ["--quiet", "build", "--root", src, "--output", out], { stdio: ["ignore", "inherit", "inherit"] });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  // A broken image (the sanitised `<img src=x>` left from the body) may log a load error;
  // any other page error fails the test.
  const realProblems = (page) => page.problems.filter((p) => !/Failed to load resource/.test(p));

  async function open(url) {
    const page = await newPage(browser.context, url.startsWith("http") ? new URL(url).origin : null);
    await page.addInitScript(() => {
      window.alert = window.confirm = window.prompt = () => { window.__xss = "dialog"; };
    });
    await page.goto(url);
    return page;
  }

  const xss = (page) => page.evaluate(() => window.__xss);

  for (const kind of ["file", "http"]) {
    test(`header panel and results page show the payload as text (${kind}://)`, async () => {
      const t = await transport(kind, out);
      try {
        let page = await open(t.url("index.html"));
        const results = await headerSearch(page, "onerror");
        const hit = results.find((r) => r.href.endsWith("/pakalpojumi/xss-pakalpojums.html"));
        assert.ok(hit, `the fixture card is found:\n  ${top(results, 8)}`);
        assert.equal(hit.title, TITLE, "the title is shown literally");
        assert.equal(await page.locator("[data-search-panel] img, [data-search-panel] svg, [data-search-panel] script, [data-search-panel] iframe").count(), 0);
        await page.hover("[data-search-panel] li");
        assert.equal(await xss(page), undefined, "no payload ran in the panel");
        assert.deepEqual(realProblems(page), []);
        await page.close();

        page = await open(t.url("meklet.html", "?q=b%C4%ABstams%20kopsavilkums"));
        const { items } = await pageResults(page);
        const card = items.find((r) => r.href.endsWith("/pakalpojumi/xss-pakalpojums.html"));
        assert.ok(card, `the card is found by its summary: ${JSON.stringify(items)}`);
        assert.equal(card.title, TITLE);
        assert.ok(card.snippet.includes("<script>window.__xss=2</script>"), `snippet shows the markup as text: ${card.snippet}`);
        assert.ok(card.snippetMarks > 0, "snippet still highlights the query");
        const injected = await page.locator("[data-search-results] img, [data-search-results] svg, [data-search-results] script, [data-search-results] iframe, [data-search-results] b").count();
        assert.equal(injected, 0, "no element was created from content");
        // Facet labels come from content too (institution name).
        await page.locator("[data-search-filters] > summary").click();
        await page.waitForSelector("[data-search-filters] select", { state: "attached", timeout: TIMEOUT });
        const holderOptions = await page.locator("[data-search-filters] option").allTextContents();
        assert.ok(holderOptions.some((o) => o.includes('Testa iestāde <img src=x onerror=window.__xss="institution">')), `facet labels are text: ${holderOptions}`);
        assert.equal(await xss(page), undefined, "no payload ran on the results page");
        assert.deepEqual(realProblems(page), []);
        await page.close();

        // The query itself is also untrusted input (it comes from the URL).
        page = await open(t.url("meklet.html", `?q=${encodeURIComponent('"><img src=x onerror=window.__xss=7>')}`));
        await pageResults(page);
        assert.equal(await page.inputValue("#results-q"), '"><img src=x onerror=window.__xss=7>');
        assert.equal(await xss(page), undefined, "a payload in ?q= did not run");
        await page.close();
      } finally {
        await t.close();
      }
    });
  }

  test("pages built from the fixture contain no executable payload", async () => {
    const pages = [
      "index.html",
      "pakalpojumi/index.html",
      "pakalpojumi/xss-pakalpojums.html",
      "iestades/testa-iestade.html",
      "glosarijs/index.html",
      "glosarijs/pakalpojums.html",
      "parskats.html",
    ];
    for (const p of pages) {
      assert.ok(existsSync(path.join(out, p)), `fixture page ${p} was built`);
      const page = await open(fileUrl(out, p));
      // Exercise hover/click/focus on everything content-derived in <main>.
      for (const el of await page.locator("main a, main div, main .term").all()) {
        await el.hover({ timeout: 2000 }).catch(() => {});
      }
      assert.equal(await xss(page), undefined, `no payload ran on ${p}`);
      const live = await page.evaluate(() => {
        const bad = [];
        for (const el of document.querySelectorAll("main *")) {
          for (const a of el.attributes) {
            if (/^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)) bad.push(`${el.tagName} ${a.name}=${a.value}`);
          }
          if (el.tagName === "SCRIPT" || el.tagName === "IFRAME") bad.push(el.tagName);
        }
        return bad;
      });
      assert.deepEqual(live, [], `${p}: executable markup from content`);
      assert.deepEqual(realProblems(page), [], p);
      await page.close();
    }
    const card = await open(fileUrl(out, "pakalpojumi/xss-pakalpojums.html"));
    assert.equal(await card.textContent("main h1"), TITLE, "the card title is shown literally");
    const wiki = await card.locator('main a[href$="glosarijs/pakalpojums.html"]', { hasText: "teksts" }).textContent();
    assert.equal(wiki, "<img src=x onerror=window.__xss='wiki'> teksts", "wiki-link text is shown literally");
    await card.close();
  });
});
