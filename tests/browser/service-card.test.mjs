// The public service card on a phone and on a desktop, from file://: with an e-service the
// start button is on the first screen; no stage label or stage channel breaks inside a word at
// 320, 390 and 1280 px wide; axe-core (WCAG 2.1 A/AA) finds nothing on the card.
//
// The bundled content names no e-service address, so the card with one is a copy of the
// bundled content built into a temporary folder, with an `eservice_url` added to that copy only.
//
//   KATALOGS_BIN   katalogs binary that builds the copy (default target/debug/katalogs)
//   KATALOGS_SITE  built bundled site, for the card without an e-service (default <repo>/site)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileUrl, katalogsBin, launch, newPage, repoRoot, requireSite, siteDir } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const TIMEOUT = 30_000;
const CARD_SOURCE = "content/pakalpojumi/vsaa/slimibas-pabalsts.md";
const CARD = "pakalpojumi/slimibas-pabalsts.html";
const ESERVICE = "https://e-pakalpojums.example.lv/slimibas-pabalsts";
const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 900 },
];

/** Words of the stage rows (names and channels) that the layout splits over two lines. */
function brokenWords(page) {
  return page.evaluate(() => {
    const broken = [];
    for (const el of document.querySelectorAll(".stages dt, .stages dd")) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of node.data.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(`${m[0]} (${lines.size} lines)`);
        }
      }
    }
    return broken;
  });
}

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    TAGS,
  );
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
}

describe("service card", () => {
  let work;
  let site;
  let browser;

  before(async () => {
    assert.ok(existsSync(katalogsBin), `katalogs binary ${katalogsBin} not found (set KATALOGS_BIN)`);
    work = mkdtempSync(path.join(tmpdir(), "katalogs-card-"));
    const src = path.join(work, "src");
    for (const part of ["content", "glossary", "katalogs.toml"]) {
      cpSync(path.join(repoRoot, part), path.join(src, part), { recursive: true });
    }
    cpSync(path.join(repoRoot, "themes", "default"), path.join(src, "themes", "default"), { recursive: true });
    const card = path.join(src, CARD_SOURCE);
    const text = readFileSync(card, "utf8");
    assert.ok(!/^eservice_url:/m.test(text), "the bundled card gained an e-service: use it instead of the copy");
    // The card also says everything the EU Single Digital Gateway asks for (test values),
    // which must not push the start button off the first screen.
    const sdg = [
      `eservice_url: ${ESERVICE}`,
      "documents: [Iesniegums, {name: Darbnespējas lapa, once_only: true}]",
      "authentication: [eparaksts, eid-karte]",
      "cost: Bez maksas",
      "payment_methods: [none]",
      "appeal: Lēmumu var apstrīdēt iestādes vadītājam.",
      "contact: {phone: '+371 60000000', email: info@example.lv}",
      "languages: [lv, en]",
    ].join("\n");
    writeFileSync(card, text.replace(/^holder: /m, `${sdg}\nholder: `));
    site = path.join(work, "site");
    execFileSync(katalogsBin, ["--quiet", "build", "--root", src, "--output", site], { stdio: ["ignore", "inherit", "inherit"] });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function open(url, viewport) {
    const page = await newPage(browser.context);
    await page.setViewportSize(viewport);
    await page.goto(url);
    return page;
  }

  for (const size of SIZES) {
    test(`the start button is on the first screen at ${size.width}×${size.height}`, { timeout: TIMEOUT }, async () => {
      const page = await open(fileUrl(site, CARD), size);
      const start = page.locator("a.button-start");
      assert.equal(await start.count(), 1, "one start button");
      assert.equal(await start.getAttribute("href"), ESERVICE);
      const box = await start.boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= size.height, `start button at ${JSON.stringify(box)}, viewport ${size.height} high`);
      // Keyboard: the button is reachable with Tab and shows it has focus.
      await start.focus();
      assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("button-start")), true);
      await page.screenshot({ path: `/tmp/shots-card/card-eservice-${size.width}.png`, fullPage: true }).catch(() => {});
      assert.deepEqual(page.problems, []);
      await page.close();
    });
  }

  for (const width of [320, 390, 1280]) {
    test(`no stage label breaks inside a word at ${width} px`, { timeout: TIMEOUT }, async () => {
      const page = await open(fileUrl(site, CARD), { width, height: 844 });
      assert.equal(await page.locator(".stages .stage").count(), 5, "the five stages");
      assert.deepEqual(await brokenWords(page), []);
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= width, "no sideways scrolling");
      await page.close();
    });
  }

  test("the card without an e-service says how to get it in plain words", { timeout: TIMEOUT }, async () => {
    const bundled = requireSite(siteDir);
    const page = await open(fileUrl(bundled, CARD), SIZES[0]);
    assert.equal(await page.locator("a.button-start").count(), 0);
    const how = page.locator(".svc-how");
    assert.match(await how.innerText(), /Klātienē iestādē/);
    const box = await how.boundingBox();
    assert.ok(box.y < SIZES[0].height, "how to get it starts on the first screen");
    await page.screenshot({ path: "/tmp/shots-card/card-bundled-390.png", fullPage: true }).catch(() => {});
    await page.close();
  });

  for (const size of SIZES) {
    test(`axe finds nothing on the card at ${size.width} px`, { timeout: TIMEOUT }, async () => {
      const page = await open(fileUrl(site, CARD), size);
      assert.deepEqual(await axe(page), []);
      await page.close();
    });
  }
});
