// The preview's error overlay (`katalogs serve`): the same codes, help and words as the
// terminal, in the site's language, with a correctly declined count, and a close button that
// never covers the heading — on a 390 px phone and on a desktop.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { katalogsBin, launch } from "./helpers.mjs";

const CARD = "content/pakalpojumi/deklaracija.md";

/** A small site in a temporary folder. */
function smallSite() {
  const dir = mkdtempSync(path.join(tmpdir(), "katalogs-overlay-"));
  const files = {
    "katalogs.toml": 'title = "Tests"\n[build]\ntoday = "2026-11-01"\n',
    "content/_index.md": "---\ntitle: Sākums\n---\nTeksts.\n",
    "content/iestades.yaml": "- id: vid\n  name: Valsts ieņēmumu dienests\n  short_name: VID\n  kind: iestade\n",
    [CARD]: "---\ntitle: Deklarācija\nholder: vid\n---\nApraksts.\n",
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** `katalogs serve` on a free port; resolves with its origin once the first build is done. */
function serve(dir) {
  const child = spawn(katalogsBin, ["serve", "--port", "0", "--root", dir], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let log = "";
    let started = false;
    // Waiters for the next "rebuilt:" line: [rebuilds seen when asked, resolve].
    const waiting = [];
    const rebuilds = () => (log.match(/rebuilt:[^\n]*\n/g) || []).length;
    child.stderr.on("data", (chunk) => {
      log += chunk;
      const m = /serving (http:\/\/[^\s]+?)\/? /.exec(log);
      if (m && rebuilds() > 0 && !started) {
        started = true;
        resolve({
          origin: m[1],
          stop: () => child.kill(),
          // Resolves at the next "rebuilt:" line (however the output is cut into chunks).
          rebuilt: () => new Promise((done) => waiting.push([rebuilds(), done])),
        });
      }
      for (let i = waiting.length - 1; i >= 0; i--) {
        if (rebuilds() > waiting[i][0]) waiting.splice(i, 1)[0][1]();
      }
    });
    child.on("exit", (code) => reject(new Error(`serve exited ${code}: ${log}`)));
  });
}

function overlaps(a, b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test("the overlay speaks the terminal's words and keeps its heading clear", async () => {
  const dir = smallSite();
  const server = await serve(dir);
  const { context, close } = await launch();
  try {
    for (const [width, height, name] of [[390, 844, "phone"], [1280, 900, "desktop"]]) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height });
      await page.goto(`${server.origin}/pakalpojumi/deklaracija.html`, { waitUntil: "domcontentloaded" });
      await page.waitForFunction(() => window.katalogsPreview !== undefined);
      // One error: a date written the Latvian way.
      writeFileSync(
        path.join(dir, CARD),
        "---\ntitle: Deklarācija\nholder: vid\nupdated: 02.12.2026\n---\nApraksts.\n",
      );
      const box = page.locator("#katalogs-preview-errors");
      await box.waitFor({ timeout: 30000 });
      const heading = box.locator("h2");
      assert.equal(await heading.textContent(), "Būvēšana neizdevās (1 kļūda)");
      const item = box.locator(".katalogs-preview-error");
      assert.equal(await item.count(), 1);
      const text = await item.innerText();
      assert.match(text, /kļūda\[K0306\]: content\/pakalpojumi\/deklaracija\.md:4:10/);
      assert.match(text, /updated \(Atjaunināts\): tas nav datums formā GGGG-MM-DD/);
      assert.equal(await box.locator(".katalogs-preview-help").innerText(), "padoms: vai domājāt `2026-12-02`?");
      assert.doesNotMatch(await box.innerText(), /expected|found|did you mean|error\b/);
      const button = box.getByRole("button", { name: "Aizvērt" });
      assert.equal(overlaps(await heading.boundingBox(), await button.boundingBox()), false, `${name}: button covers heading`);
      await page.screenshot({ path: `/tmp/shots-msg/overlay-${name}.png` });
      // Keyboard: the close button is reachable and closes the overlay.
      await button.focus();
      await page.keyboard.press("Enter");
      assert.equal(await box.count(), 0);
      await page.close();
      // Fixed again before the next viewport.
      writeFileSync(path.join(dir, CARD), "---\ntitle: Deklarācija\nholder: vid\n---\nApraksts.\n");
      await server.rebuilt();
    }
    // Two errors: the plural form changes.
    writeFileSync(
      path.join(dir, CARD),
      "---\ntitle: Deklarācija\nholder: vidd\nupdated: 02.12.2026\n---\nApraksts.\n",
    );
    const page = await context.newPage();
    await page.goto(`${server.origin}/pakalpojumi/deklaracija.html`, { waitUntil: "domcontentloaded" });
    const heading = page.locator("#katalogs-preview-errors h2");
    await page.waitForFunction(
      () => document.querySelector("#katalogs-preview-errors h2")?.textContent.includes("2 kļūdas"),
      null,
      { timeout: 30000 },
    );
    assert.equal(await heading.textContent(), "Būvēšana neizdevās (2 kļūdas)");
  } finally {
    await close();
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an open page reloads once with the edit; another open page reloads too", async () => {
  const dir = smallSite();
  const server = await serve(dir);
  const { context, close } = await launch();
  try {
    const card = await context.newPage();
    const home = await context.newPage();
    const loads = { card: 0, home: 0 };
    card.on("load", () => { loads.card++; });
    home.on("load", () => { loads.home++; });
    await card.goto(`${server.origin}/pakalpojumi/deklaracija.html`, { waitUntil: "load" });
    await home.goto(`${server.origin}/`, { waitUntil: "load" });
    for (const page of [card, home]) await page.waitForFunction(() => window.katalogsPreview !== undefined);
    const rebuilt = server.rebuilt();
    writeFileSync(path.join(dir, CARD), "---\ntitle: Deklarācija\nholder: vid\n---\nJauns apraksts pārlūkā.\n");
    // The card's page, which the rebuild made first, shows the edit after its reload.
    await card.waitForFunction(() => document.body.innerText.includes("Jauns apraksts pārlūkā."), null, { timeout: 30000 });
    await rebuilt;
    await home.waitForFunction(() => window.performance.getEntriesByType("navigation")[0]?.type === "reload", null, { timeout: 30000 });
    // Settled: nothing reloads twice.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(loads.card, 2, "the card's page loaded, then reloaded once");
    assert.equal(loads.home, 2, "the home page loaded, then reloaded once");
  } finally {
    await close();
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
