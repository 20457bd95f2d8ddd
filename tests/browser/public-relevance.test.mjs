// The public-query relevance set (tests/js/public-queries.json) in headless Chromium from
// file://: the results page of the built bundled site, its own search function
// (`window.katalogsSearch`, the code behind the results list) loading the index with
// <script> elements as a reader's browser does. Recall at `top` must reach `min_recall`;
// prints recall and the mean reciprocal rank (MRR).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileUrl, launch, newPage, repoRoot, requireSite, siteDir } from "./helpers.mjs";

const set = JSON.parse(readFileSync(path.join(repoRoot, "tests/js/public-queries.json"), "utf8"));
let browser;

before(async () => {
  requireSite(siteDir);
  browser = await launch();
});
after(async () => browser?.close());

test("public queries from file:// in Chromium: recall@3 and MRR", { timeout: 180_000 }, async () => {
  const page = await newPage(browser.context);
  await page.goto(fileUrl(siteDir, "meklet.html"));
  await page.waitForFunction(() => typeof window.katalogsSearch === "function");
  const cases = Object.entries(set.groups).flatMap(([group, list]) => list.map(([q, expected]) => [group, q, expected]));
  const ranks = await page.evaluate(async (cases) => {
    const out = [];
    for (const [, query, expected] of cases) {
      const res = await window.katalogsSearch(query, 10);
      const urls = res.hits.slice(0, 10).map((h) => h.url);
      out.push({ rank: urls.indexOf(expected), top: urls.slice(0, 4) });
    }
    return out;
  }, cases);
  let found = 0;
  let rr = 0;
  const missed = [];
  ranks.forEach(({ rank, top }, i) => {
    if (rank >= 0) rr += 1 / (rank + 1);
    if (rank >= 0 && rank < set.top) found++;
    else missed.push(`${cases[i][0]}: ${JSON.stringify(cases[i][1])} at ${rank + 1 || "none"}: ${JSON.stringify(top)}`);
  });
  const n = cases.length;
  const recall = found / n;
  console.log(`public queries, Chromium from file://: ${n} queries, recall@${set.top} ${recall.toFixed(3)}, MRR ${(rr / n).toFixed(3)}; missed:\n${missed.join("\n")}`);
  assert.ok(n >= 80, `only ${n} public queries`);
  assert.ok(recall >= set.min_recall, `recall@${set.top} ${recall.toFixed(3)}:\n${missed.join("\n")}`);
  assert.deepEqual(page.problems, []);
  await page.close();
});
