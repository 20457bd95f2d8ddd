// Reading comforts (issue 20) in headless Chromium from file://: the colour scheme follows
// prefers-color-scheme, the header toggle switches it and the choice survives a reload; a
// link preview opens on keyboard focus with the linked page's title and closes on Esc; and
// axe-core finds no WCAG 2.1 A/AA violation on any page kind (tests/browser/page-kinds.json)
// in either scheme.
//
//   KATALOGS_SITE  built bundled site (default <repo>/site)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileUrl, launch, newPage, repoRoot, requireSite, siteDir } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const TIMEOUT = 15_000;
const { pages } = JSON.parse(readFileSync(path.join(repoRoot, "tests", "browser", "page-kinds.json"), "utf8"));
const GUIDANCE = pages.find((p) => p.kind === "guidance").path;

const skip = (() => {
  try {
    requireSite(siteDir);
    return false;
  } catch (e) {
    return e.message;
  }
})();

const scheme = (page) => page.evaluate(() => document.documentElement.getAttribute("data-scheme"));
const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

describe("colour scheme: system preference, toggle, persistence", { skip }, () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  test("prefers-color-scheme: dark applies without the toggle", async () => {
    const page = await newPage(browser.context, null);
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(fileUrl(siteDir, GUIDANCE));
    await page.evaluate(() => localStorage.removeItem("katalogs-scheme"));
    await page.reload();
    assert.equal(await scheme(page), "dark");
    assert.equal(await background(page), "rgb(21, 23, 26)");
    assert.equal(await page.locator("[data-scheme-toggle]").getAttribute("aria-pressed"), "true");
    await page.emulateMedia({ colorScheme: "light" });
    await page.waitForFunction(() => document.documentElement.getAttribute("data-scheme") === "light", null, { timeout: TIMEOUT });
    assert.equal(await background(page), "rgb(255, 255, 255)");
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test("the toggle is a named button that switches the scheme, and the choice survives a reload", async () => {
    const page = await newPage(browser.context, null);
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(fileUrl(siteDir, "index.html"));
    await page.evaluate(() => localStorage.removeItem("katalogs-scheme"));
    await page.reload();
    const toggle = page.getByRole("button", { name: "Tumšais režīms" });
    assert.equal(await toggle.isVisible(), true, "the toggle is shown in the header");
    assert.equal(await toggle.evaluate((b) => !!b.closest("header")), true);
    assert.equal(await toggle.getAttribute("aria-pressed"), "false");
    assert.equal(await scheme(page), "light");
    // Keyboard: focus it and press Enter.
    await toggle.focus();
    await page.keyboard.press("Enter");
    assert.equal(await scheme(page), "dark");
    assert.equal(await toggle.getAttribute("aria-pressed"), "true");
    assert.equal(await background(page), "rgb(21, 23, 26)");
    // Kept across a reload from file:// and on another page, before the first paint: the
    // attribute is there when the first element of <body> is parsed.
    await page.addInitScript(() => {
      document.addEventListener("readystatechange", () => {}, { once: true });
      new MutationObserver((_, o) => {
        if (document.body) {
          window.__schemeAtBody = document.documentElement.getAttribute("data-scheme");
          o.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(fileUrl(siteDir, GUIDANCE));
    assert.equal(await scheme(page), "dark");
    assert.equal(await page.evaluate(() => window.__schemeAtBody), "dark", "the scheme is set before the body is parsed");
    // Switching back to light is kept too, even when the system prefers dark.
    await page.emulateMedia({ colorScheme: "dark" });
    await page.getByRole("button", { name: "Tumšais režīms" }).click();
    assert.equal(await scheme(page), "light");
    await page.reload();
    assert.equal(await scheme(page), "light");
    assert.equal(await page.locator("[data-scheme-toggle]").getAttribute("aria-pressed"), "false");
    await page.evaluate(() => localStorage.removeItem("katalogs-scheme"));
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test("without storage the toggle still switches the page, silently", async () => {
    const page = await newPage(browser.context, null);
    await page.addInitScript(() => {
      Object.defineProperty(window, "localStorage", { get() { throw new Error("storage blocked"); } });
    });
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(fileUrl(siteDir, "index.html"));
    assert.equal(await scheme(page), "light");
    await page.locator("[data-scheme-toggle]").click();
    assert.equal(await scheme(page), "dark");
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});

describe("link previews", { skip }, () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  /** The first link in the page's text that has a preview, with the title it should show. */
  async function previewedLink(page) {
    return page.evaluate(() => {
      const data = JSON.parse(document.getElementById("link-previews").textContent);
      const links = [...document.querySelectorAll(".body a[href]")].filter((a) => !a.closest(".term"));
      const i = links.findIndex((a) => data[a.getAttribute("href").split("#")[0]]);
      if (i < 0) return null;
      links[i].setAttribute("data-under-test", "");
      return data[links[i].getAttribute("href").split("#")[0]];
    });
  }

  test("focusing a wiki link shows the linked page's title and summary below it; Esc closes it", async () => {
    const page = await newPage(browser.context, null);
    await page.goto(fileUrl(siteDir, GUIDANCE));
    const expected = await previewedLink(page);
    assert.ok(expected, `${GUIDANCE} has a wiki link with a preview`);
    const link = page.locator("[data-under-test]");
    const preview = page.locator(".link-preview");
    assert.equal(await preview.isVisible(), false);
    // Reach the link with the keyboard: focus the element before it, then Tab.
    await link.evaluate((a) => {
      a.scrollIntoView({ block: "center" });
      a.focus();
    });
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    await preview.waitFor({ state: "visible", timeout: TIMEOUT });
    const text = await preview.textContent();
    assert.ok(text.includes(expected.title), `preview shows "${expected.title}": ${text}`);
    if (expected.summary) assert.ok(text.includes(expected.summary), `preview shows the summary: ${text}`);
    assert.equal(await link.getAttribute("aria-describedby"), "link-preview");
    assert.equal(await preview.getAttribute("role"), "tooltip");
    const [l, b] = [await link.boundingBox(), await preview.boundingBox()];
    assert.ok(b.y >= l.y + l.height || b.y + b.height <= l.y, `the preview does not cover the link's line: link ${JSON.stringify(l)}, preview ${JSON.stringify(b)}`);
    await page.keyboard.press("Escape");
    assert.equal(await preview.isVisible(), false, "Esc closes the preview");
    assert.equal(await link.evaluate((a) => document.activeElement === a), true, "focus stays on the link");
    assert.equal(await link.getAttribute("aria-describedby"), null);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test("hovering with a mouse shows it; glossary terms keep only their own tooltip", async () => {
    const page = await newPage(browser.context, null);
    await page.goto(fileUrl(siteDir, GUIDANCE));
    assert.ok(await previewedLink(page));
    const link = page.locator("[data-under-test]");
    await link.scrollIntoViewIfNeeded();
    await link.hover();
    const preview = page.locator(".link-preview");
    await preview.waitFor({ state: "visible", timeout: TIMEOUT });
    await page.mouse.move(0, 0);
    await preview.waitFor({ state: "hidden", timeout: TIMEOUT });
    const term = page.locator(".term .term-link").first();
    await term.scrollIntoViewIfNeeded();
    await term.hover();
    await page.waitForTimeout(100);
    assert.equal(await preview.isVisible(), false, "no link preview over a glossary term");
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test("on a touch screen a tap reaches the link and shows no preview", async () => {
    const page = await newPage(browser.context, null);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 1 });
    await cdp.send("Emulation.setEmulatedMedia", { features: [{ name: "hover", value: "none" }, { name: "pointer", value: "coarse" }] });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(fileUrl(siteDir, GUIDANCE));
    assert.ok(await previewedLink(page));
    const link = page.locator("[data-under-test]");
    await link.evaluate((a) => {
      a.scrollIntoView({ block: "center" });
      // Record the tap's click instead of leaving the page.
      a.addEventListener("click", (e) => {
        e.preventDefault();
        window.__tapped = !document.querySelector(".link-preview:not([hidden])");
      });
    });
    const box = await link.boundingBox();
    const point = { x: box.x + Math.min(8, box.width / 2), y: box.y + box.height / 2 };
    await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [point] });
    await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
    await page.waitForFunction(() => window.__tapped !== undefined, null, { timeout: TIMEOUT });
    assert.equal(await page.evaluate(() => window.__tapped), true, "the tap's click reaches the link with no preview open");
    assert.equal(await page.locator(".link-preview").isVisible(), false, "a tap shows no preview");
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});

/** Runs axe on the page as it is now; returns the violations, readable. */
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.addScriptTag({ content: axeSource });
  }
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"], preload: false }),
    TAGS,
  );
  return result.violations.map(
    (v) => `  [${v.impact}] ${v.id} (${v.nodes.length}×): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `      ${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`).join("\n")}`,
  );
}

describe("accessibility in both colour schemes: zero axe violations on every page kind", { skip }, () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  for (const colorScheme of ["light", "dark"]) {
    for (const p of pages) {
      test(`${colorScheme}: ${p.kind} (${p.path}${p.query || ""})`, async () => {
        const page = await newPage(browser.context, null);
        await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
        await page.goto(fileUrl(siteDir, p.path, p.query || ""));
        if (p.waitFor) await page.waitForSelector(p.waitFor, { timeout: TIMEOUT });
        if (p.kind !== "handout") assert.equal(await scheme(page), colorScheme);
        const violations = await axe(page);
        assert.equal(violations.length, 0, `${colorScheme} ${p.path}${p.query || ""}:\n${violations.join("\n")}`);
        assert.deepEqual(page.problems, []);
        await page.close();
      });
    }
    test(`${colorScheme}: guidance page with a link preview open`, async () => {
      const page = await newPage(browser.context, null);
      await page.emulateMedia({ colorScheme });
      await page.goto(fileUrl(siteDir, GUIDANCE));
      await page.evaluate(() => {
        const data = JSON.parse(document.getElementById("link-previews").textContent);
        const a = [...document.querySelectorAll(".body a[href]")].find((x) => data[x.getAttribute("href").split("#")[0]]);
        a.setAttribute("data-under-test", "");
      });
      await page.locator("[data-under-test]").focus();
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("Tab");
      await page.locator(".link-preview").waitFor({ state: "visible", timeout: TIMEOUT });
      const violations = await axe(page);
      assert.equal(violations.length, 0, `${colorScheme} preview open:\n${violations.join("\n")}`);
      await page.close();
    });
  }
});
