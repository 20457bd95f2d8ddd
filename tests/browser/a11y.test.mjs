// Accessibility gate: axe-core (WCAG 2.0/2.1 A and AA rules) in headless Chromium on one page
// of every page kind of the built bundled site (tests/browser/page-kinds.json), in the light and
// dark colour schemes and with the search panel open; and keyboard checks on the home page:
// the skip link comes first and moves focus to the main content, every tab stop shows a
// visible focus indicator, `/` focuses the search box and the live results are reachable with
// the arrow keys.
//
//   KATALOGS_SITE  built bundled site (default <repo>/site)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileUrl, launch, newPage, repoRoot, requireSite, siteDir } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const TIMEOUT = 15_000;
const { pages } = JSON.parse(readFileSync(path.join(repoRoot, "tests", "browser", "page-kinds.json"), "utf8"));

const bundledSite = (() => {
  try {
    return requireSite(siteDir);
  } catch (e) {
    return e;
  }
})();
const skip = bundledSite instanceof Error ? bundledSite.message : false;

/** Runs axe on the page as it is now; returns the violations, readable. */
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.addScriptTag({ content: axeSource });
  }
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"], preload: false }),
    TAGS,
  );
  return result.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`),
    count: v.nodes.length,
  }));
}

function explain(violations) {
  return violations
    .map((v) => `  [${v.impact}] ${v.rule} (${v.count}×): ${v.help}\n${v.nodes.map((n) => `      ${n}`).join("\n")}`)
    .join("\n");
}

describe("accessibility: every page kind has zero axe violations (WCAG 2.1 A/AA)", { skip }, () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  test("the page list covers every template", () => {
    const dir = path.join(repoRoot, "themes", "default", "templates");
    const kinds = new Set(pages.map((p) => p.kind));
    const byTemplate = {
      "home.html": "home",
      "page.html": "guidance",
      "section.html": "section",
      "service.html": "service",
      "catalogue.html": "catalogue",
      "facet.html": "facet",
      "situation.html": "situation",
      "list.html": "situations",
      "institution.html": "institution",
      "glossary.html": "glossary",
      "term.html": "term",
      "course.html": "course",
      "lesson.html": "lesson",
      "handout.html": "handout",
      "overview.html": "overview",
      "fields.html": "fields",
      "data.html": "data",
      "search.html": "search-results",
      "404.html": "404",
    };
    // Pages the public bundled site does not have, checked by a test of their own.
    const elsewhere = {
      "completeness.html": "completeness.test.mjs (internal profile only)",
    };
    const files = readdirSync(dir).filter((f) => f.endsWith(".html") && f !== "base.html" && !elsewhere[f]);
    for (const f of Object.keys(elsewhere)) {
      assert.ok(existsSync(path.join(repoRoot, "tests", "browser", elsewhere[f].split(" ")[0])), `${f}: ${elsewhere[f]} is missing`);
    }
    for (const f of files) {
      assert.ok(byTemplate[f], `template ${f} has no page kind in page-kinds.json (add one)`);
      assert.ok(kinds.has(byTemplate[f]), `no page of kind ${byTemplate[f]} (template ${f}) is checked`);
    }
  });

  for (const p of pages) {
    test(`${p.kind} (${p.path}${p.query || ""})`, async () => {
      const page = await newPage(browser.context, null);
      await page.emulateMedia({ reducedMotion: "reduce" });
      await page.goto(fileUrl(siteDir, p.path, p.query || ""));
      if (p.waitFor) await page.waitForSelector(p.waitFor, { timeout: TIMEOUT });
      const violations = await axe(page);
      assert.equal(violations.length, 0, `${p.path}${p.query || ""}:\n${explain(violations)}`);
      // WCAG 1.4.10 Reflow: at 320 CSS pixels wide the page needs no horizontal scrolling
      // (wide tables and code may scroll inside their own box).
      await page.setViewportSize({ width: 320, height: 640 });
      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const wide = [];
        for (const el of document.querySelectorAll("body *")) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.right <= width + 1) continue;
          // Inside a box that scrolls on its own: allowed.
          let a = el.parentElement, scrolls = false;
          while (a && a !== document.body) {
            const o = getComputedStyle(a).overflowX;
            if ((o === "auto" || o === "scroll") && a.getBoundingClientRect().right <= width + 1) { scrolls = true; break; }
            a = a.parentElement;
          }
          if (!scrolls && !el.closest(".visually-hidden, .skip-link")) wide.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`);
        }
        return { scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 8) };
      });
      assert.ok(overflow.scrollWidth <= overflow.width, `${p.path}: horizontal scrolling at 320px (${overflow.scrollWidth} > ${overflow.width}): ${overflow.wide.join(", ")}`);
      assert.deepEqual(page.problems, []);
      await page.close();
    });
  }

  {
    test("home page with the live search panel open", async () => {
      const page = await newPage(browser.context, null);
      await page.goto(fileUrl(siteDir, "index.html"));
      await page.locator("#meklet-q").pressSequentially("pabalsts", { delay: 10 });
      await page.waitForSelector("[data-search-panel]:not([hidden]) li mark", { timeout: TIMEOUT });
      const violations = await axe(page);
      assert.equal(violations.length, 0, `search panel:\n${explain(violations)}`);
      assert.deepEqual(page.problems, []);
      await page.close();
    });
  }

  test("the gate can fail: axe reports the violations of a broken page", async () => {
    const page = await newPage(browser.context, null);
    await page.setContent(
      '<!DOCTYPE html><html><head><title>x</title></head><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">' +
        '<input type="text"><p style="color:#bbb;background:#fff">low contrast</p><a href="#"></a></main></body></html>',
    );
    const rules = (await axe(page)).map((v) => v.rule).sort();
    for (const r of ["color-contrast", "html-has-lang", "image-alt", "label", "link-name"]) {
      assert.ok(rules.includes(r), `axe reports ${r}; got ${rules.join(", ")}`);
    }
    await page.close();
  });

  test("guidance page with a glossary tooltip open (keyboard focus)", async () => {
    const page = await newPage(browser.context, null);
    await page.goto(fileUrl(siteDir, pages.find((p) => p.kind === "guidance").path));
    const link = page.locator(".term .term-link").first();
    await link.focus();
    const tip = page.locator(".term:focus-within .term-tip").first();
    assert.equal(await tip.isVisible(), true, "focusing a glossary term shows its definition");
    const violations = await axe(page);
    assert.equal(violations.length, 0, `tooltip open:\n${explain(violations)}`);
    // WCAG 1.4.13: Esc dismisses it without moving focus.
    await page.keyboard.press("Escape");
    assert.equal(await tip.isVisible(), false, "Esc hides the tooltip");
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains("term-link")), true);
    await page.close();
  });

  test("catalogue with a facet filter applied", async () => {
    const page = await newPage(browser.context, null);
    await page.goto(fileUrl(siteDir, "pakalpojumi/index.html"));
    const box = page.locator("input[data-facet]").first();
    await box.check();
    await page.waitForFunction(() => document.querySelector("[data-filter-status]")?.textContent.trim() !== "", null, { timeout: TIMEOUT });
    const violations = await axe(page);
    assert.equal(violations.length, 0, `filtered catalogue:\n${explain(violations)}`);
    await page.close();
  });
});

/* ---------- keyboard ---------- */

/** The focus indicator styles of the active element (and of its box), for comparison. */
const focusStyleOf = (el) => {
  const s = getComputedStyle(el);
  return {
    outline: s.outlineStyle === "none" || parseFloat(s.outlineWidth) === 0 ? "none" : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
    boxShadow: s.boxShadow,
    background: s.backgroundColor,
    color: s.color,
    textDecoration: s.textDecorationLine,
    border: `${s.borderTopWidth} ${s.borderTopStyle} ${s.borderTopColor}`,
  };
};

describe("keyboard: skip link, visible focus, search shortcut", { skip }, () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  test("the skip link is the first tab stop, is visible when focused and moves focus to main", async () => {
    const page = await newPage(browser.context, null);
    await page.goto(fileUrl(siteDir, "index.html"));
    await page.keyboard.press("Tab");
    const first = await page.evaluate(() => {
      const el = document.activeElement;
      const r = el.getBoundingClientRect();
      return {
        tag: el.tagName,
        cls: el.className,
        href: el.getAttribute("href"),
        text: el.textContent.trim(),
        box: { x: r.x, y: r.y, w: r.width, h: r.height },
        inViewport: r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
      };
    });
    assert.equal(first.tag, "A", `first tab stop is a link, got ${JSON.stringify(first)}`);
    assert.match(first.cls, /skip-link/);
    assert.ok(first.text.length > 0, "the skip link has text");
    assert.ok(first.inViewport, `the focused skip link is visible on screen: ${JSON.stringify(first.box)}`);
    const target = first.href.replace(/^#/, "");
    await page.keyboard.press("Enter");
    await page.waitForFunction((id) => document.activeElement && document.activeElement.id === id, target, { timeout: TIMEOUT });
    const active = await page.evaluate(() => ({ tag: document.activeElement.tagName, hash: location.hash }));
    assert.equal(active.tag, "MAIN", "focus lands on <main>");
    assert.equal(active.hash, `#${target}`);
    // The next Tab continues inside the main content, not back at the header.
    await page.keyboard.press("Tab");
    const inMain = await page.evaluate(() => !!document.activeElement.closest("main"));
    assert.ok(inMain, "the tab after the skip link lands inside <main>");
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test("every tab stop on the home page has a visible focus indicator", async () => {
    const page = await newPage(browser.context, null);
    await page.goto(fileUrl(siteDir, "index.html"));
    const stops = [];
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press("Tab");
      const stop = await page.evaluate((fn) => {
        const focusStyle = new Function(`return (${fn})`)();
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const all = Array.from(document.querySelectorAll("*"));
        const r = el.getBoundingClientRect();
        return {
          index: all.indexOf(el),
          what: `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className ? "." + String(el.className).split(" ").join(".") : ""} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 40)}"`,
          focused: focusStyle(el),
          visible: r.width > 0 && r.height > 0,
          focusVisible: el.matches(":focus-visible"),
        };
      }, focusStyleOf.toString());
      if (!stop) break; // tabbed past the last element
      if (stops.length && stop.index === stops[0].index) break; // wrapped around
      stops.push(stop);
    }
    assert.ok(stops.length >= 10, `the home page has tab stops (${stops.length})`);
    // Compare with the same elements unfocused.
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    const unfocused = await page.evaluate(
      ({ fn, indexes }) => {
        const focusStyle = new Function(`return (${fn})`)();
        const all = Array.from(document.querySelectorAll("*"));
        return indexes.map((i) => focusStyle(all[i]));
      },
      { fn: focusStyleOf.toString(), indexes: stops.map((s) => s.index) },
    );
    const bad = [];
    stops.forEach((s, i) => {
      if (!s.visible) bad.push(`${s.what}: focused but has no size`);
      if (!s.focusVisible) bad.push(`${s.what}: not :focus-visible after Tab`);
      const f = s.focused;
      const u = unfocused[i];
      const indicator = (f.outline !== "none" && f.outline !== u.outline) || f.boxShadow !== u.boxShadow;
      if (!indicator) bad.push(`${s.what}: no outline or box-shadow when focused (focused ${JSON.stringify(f)} vs ${JSON.stringify(u)})`);
    });
    assert.deepEqual(bad, [], `focus must be visible on every tab stop:\n  ${bad.join("\n  ")}`);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test("`/` focuses the search box; arrow keys walk the live results; Escape closes them", async () => {
    const page = await newPage(browser.context, null);
    await page.goto(fileUrl(siteDir, "metodika/index.html"));
    // Focus starts on the page itself (as after a click on plain text).
    assert.equal(await page.evaluate(() => document.activeElement.tagName), "BODY");
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement.id), "meklet-q", "`/` focuses the header search box");
    assert.equal(await page.inputValue("#meklet-q"), "", "the `/` was not typed into the box");
    // The search box's focus is visible too.
    const style = await page.evaluate((fn) => new Function(`return (${fn})`)()(document.activeElement), focusStyleOf.toString());
    assert.ok(style.outline !== "none" || style.boxShadow !== "none", `the search box shows focus: ${JSON.stringify(style)}`);
    await page.keyboard.type("slimibas pabalsts", { delay: 10 });
    await page.waitForSelector("[data-search-panel]:not([hidden]) li", { timeout: TIMEOUT });
    const live = await page.evaluate(() => document.querySelector("form[data-search] [role=status]").textContent);
    assert.match(live, /^\d+ /, `the result count is announced in a live region: "${live}"`);
    // The box is an ARIA combobox with a grid popup: focus stays in the box while the arrow
    // keys move the active result (aria-activedescendant), Enter opens it.
    const combo = () => page.evaluate(() => {
      const box = document.activeElement;
      const id = box.getAttribute("aria-activedescendant");
      const cell = id && document.getElementById(id);
      return {
        focus: box.id, role: box.getAttribute("role"), expanded: box.getAttribute("aria-expanded"),
        controls: !!document.getElementById(box.getAttribute("aria-controls")),
        href: cell ? cell.querySelector("a").getAttribute("href") : null,
        selected: cell ? cell.parentNode.getAttribute("aria-selected") : null,
      };
    });
    assert.deepEqual(await combo(), { focus: "meklet-q", role: "combobox", expanded: "true", controls: true, href: null, selected: null });
    await page.keyboard.press("ArrowDown");
    const firstState = await combo();
    const first = firstState.href;
    assert.ok(first && firstState.focus === "meklet-q" && firstState.selected === "true", `ArrowDown makes the first result active: ${JSON.stringify(firstState)}`);
    await page.keyboard.press("ArrowDown");
    const second = (await combo()).href;
    assert.notEqual(second, first, "ArrowDown again moves to the next result");
    await page.keyboard.press("ArrowUp");
    assert.equal((await combo()).href, first);
    await page.keyboard.press("ArrowUp");
    assert.equal((await combo()).href, null, "ArrowUp from the first result leaves no active result");
    assert.equal(await page.evaluate(() => document.activeElement.id), "meklet-q", "focus never left the box");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.href.endsWith(first.replace(/^(\.\.\/)+/, "")), { timeout: TIMEOUT });
    await page.goBack();
    await page.waitForSelector("#meklet-q", { timeout: TIMEOUT });
    await page.locator("#meklet-q").fill("");
    await page.locator("#meklet-q").pressSequentially("pabalsts", { delay: 10 });
    await page.waitForSelector("[data-search-panel]:not([hidden]) li", { timeout: TIMEOUT });
    await page.keyboard.press("Escape");
    assert.equal(await page.locator("[data-search-panel]").isHidden(), true, "Escape closes the panel");
    assert.equal(await page.evaluate(() => document.activeElement.id), "meklet-q", "focus stays in the box");
    // Enter submits to the results page (Escape in a search box may also clear it).
    await page.locator("#meklet-q").fill("pabalsts");
    await page.keyboard.press("Enter");
    await page.waitForURL(/meklet\.html\?q=pabalsts/, { timeout: TIMEOUT });
    await page.waitForSelector("[data-search-results] li", { timeout: TIMEOUT });
    // On the results page `/` goes to the page's own search box.
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement.id), "results-q");
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
