import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
const site = process.argv[2], out = process.argv[3];
const pages = process.argv.slice(4);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-background-networking"] });
for (const [w,h] of [[390,844],[1280,900]]) {
  const ctx = await browser.newContext({ viewport: { width: w, height: h } });
  const page = await ctx.newPage();
  for (const p of pages) {
    await page.goto(pathToFileURL(site + "/" + p.split("?")[0]).href + (p.includes("?") ? "?" + p.split("?")[1] : ""));
    await page.waitForTimeout(400);
    const name = p.replace(/[\/?=&]/g, "_");
    await page.screenshot({ path: `${out}/${name}-${w}.png`, fullPage: false });
  }
  await ctx.close();
}
await browser.close();
