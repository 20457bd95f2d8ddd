// Search figures in headless Chromium: bytes of index files a query loads and how long until
// its results show, for katalogs' browser search and for Pagefind on the equivalent Hugo site.
//
//   node bench/search_bytes.mjs --katalogs SITE --pagefind HUGO_PUBLIC [--json OUT] [--delay MS]
//        [--query Q ...]
//
// Both sites are served over HTTP by the same tiny static server (Pagefind cannot run from
// file://; katalogs can, but the comparison uses one transport). For each query and each
// engine, two scenarios in a fresh browser page each:
//
//   typing  the query is typed key by key (--delay ms between keys, default 150) into the
//           engine's default live search box: katalogs' header box on the home page
//           (index.html; the results page has its own box), Pagefind's default UI (PagefindUI on a page the server adds at
//           /__pagefind.html). Counted: every response under /search/ (katalogs) or
//           /pagefind/ (Pagefind) from the first key until the network is quiet, and the time
//           from the last key to the last change of the results list (this includes each UI's
//           own debounce: 40 ms in katalogs, 300 ms in Pagefind UI).
//   open    a fresh page opens the results for the query directly: katalogs' meklet.html?q=Q
//           (its first results page: 10 results, the kind tabs; the filters' values load
//           only when opened), Pagefind's JS API on a blank page (search + data of the first
//           10 results, what its UI shows first). Counted: index bytes, the search code
//           (katalogs' search.js and analyzer.js; Pagefind's pagefind.js, worker and wasm),
//           and the time from navigation start to the results being there. The issue's
//           measure is code + data of this scenario, katalogs against Pagefind ("ratio").
//           katalogs' other page scripts (site.js, …) are listed apart as "page js": the
//           Hugo page's own scripts are not counted for Pagefind either.
//   file    katalogs only: the open scenario from file:// (no server, no HTTP cache), time
//           to results.
//
// Bytes are the response bodies as served (no HTTP compression) and, for a server that
// gzips, each body's gzip size (Pagefind's files are already compressed, so they barely
// change). Index sizes on disk: katalogs' search/ folder; Pagefind's pagefind/ folder, and
// its index proper (pf_meta, index/, fragment/) without the UI files.
import { gzipSync } from "node:zlib";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { launch, serve } from "../tests/browser/helpers.mjs";

const { values: opt } = parseArgs({
  options: {
    katalogs: { type: "string" },
    pagefind: { type: "string" },
    json: { type: "string" },
    delay: { type: "string", default: "150" },
    query: { type: "string", multiple: true },
  },
});
if (!opt.katalogs && !opt.pagefind) {
  console.error("usage: node bench/search_bytes.mjs --katalogs SITE --pagefind HUGO_PUBLIC [--json OUT] [--query Q ...]");
  process.exit(2);
}
// Typical queries: an inflected word, a two-word phrase, one typed without diacritics, a typo,
// a question with a verb (issue 19).
const QUERIES = opt.query?.length ? opt.query : [
  "pabalsta", "dzīvesvietas deklarēšana", "nekustama ipasuma nodoklis", "bezdarbnika pabalsts", "kā deklarēt dzīvesvietu",
];
const DELAY = Number(opt.delay);
const QUIET_MS = 1000;
const TIMEOUT = 60_000;

function folderBytes(dir, filter = () => true) {
  let total = 0;
  let files = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const p = path.join(e.parentPath ?? e.path, e.name);
    if (!filter(path.relative(dir, p))) continue;
    total += statSync(p).size;
    files++;
  }
  return { bytes: total, files };
}

/** Adds the Pagefind UI page to the Hugo site's server. */
const PAGEFIND_PAGE = `<!DOCTYPE html><html lang="lv"><head><meta charset="utf-8"><title>Meklēt</title>
<link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script></head>
<body><div id="search"></div><script>window.ui = new PagefindUI({ element: "#search" });</script></body></html>`;
const PAGEFIND_API_PAGE = `<!DOCTYPE html><html lang="lv"><head><meta charset="utf-8"><title>Meklēt</title></head>
<body><ol id="results"></ol><script type="module">
const q = new URLSearchParams(location.search).get("q");
const pf = await import("/pagefind/pagefind.js");
await pf.init();
const r = await pf.search(q);
const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
const ol = document.getElementById("results");
for (const d of data) { const li = document.createElement("li"); li.textContent = d.meta.title + " — " + d.excerpt; ol.appendChild(li); }
window.__done = { total: r.results.length, at: performance.now() };
</script></body></html>`;

async function serveWith(dir, extra) {
  // helpers.serve has no hook for extra pages: write them into the served folder for the run.
  for (const [name, html] of Object.entries(extra)) writeFileSync(path.join(dir, name), html);
  return serve(dir);
}

/** Watches a page's responses, sorted by `classify(pathname)` into "data" (index files),
 * "code" (search scripts and styles) or ignored; `settle()` resolves once the network has been
 * quiet for QUIET_MS (counted from the call, so a UI's debounce cannot end it early). */
function meter(page, classify) {
  const m = { inflight: 0, last: Date.now(), pending: [] };
  const zero = () => ({ raw: 0, gzip: 0, files: 0 });
  m.reset = () => { m.data = zero(); m.code = zero(); m.page = zero(); m.list = []; };
  m.reset();
  page.on("request", () => { m.inflight++; m.last = Date.now(); });
  const done = () => { m.inflight--; m.last = Date.now(); };
  page.on("requestfailed", done);
  page.on("requestfinished", (req) => {
    const pathname = new URL(req.url()).pathname;
    const cls = classify(pathname);
    if (cls) {
      const p = req.response().then((r) => r && r.body()).then((b) => {
        if (!b) return;
        const c = m[cls];
        c.raw += b.length;
        c.gzip += gzipSync(b).length;
        c.files++;
        m.list.push([pathname, b.length]);
      }).catch(() => {});
      m.pending.push(p);
    }
    done();
  });
  m.settle = async () => {
    const t0 = Date.now();
    m.last = Math.max(m.last, t0);
    while (m.inflight > 0 || Date.now() - m.last < QUIET_MS) {
      if (Date.now() - t0 > TIMEOUT) throw new Error("network never became quiet");
      await new Promise((r) => setTimeout(r, 50));
    }
    await Promise.all(m.pending);
    return { data: { ...m.data }, code: { ...m.code }, page: { ...m.page }, files: [...m.list] };
  };
  return m;
}

const KATALOGS = (p) => {
  // From file:// the path is the site folder's; the part from /search/ or /assets/ counts.
  const i = p.search(/\/(search|assets)\//);
  if (i < 0) return null;
  p = p.slice(i);
  return p.startsWith("/search/") ? "data" : /^\/assets\/js\/(search|analyzer)\.js$/.test(p) ? "code" : /^\/assets\/js\/.*\.js$/.test(p) ? "page" : null;
};
const PAGEFIND = (p) => (!p.startsWith("/pagefind/") ? null : /\.pf_\w+$|pagefind-entry\.json$/.test(p) ? "data" : "code");

/** Records, in the page, when the element matching `sel` last changed. */
async function watchChanges(page, sel) {
  await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    window.__lastChange = 0;
    new MutationObserver(() => { window.__lastChange = performance.now(); })
      .observe(el, { childList: true, subtree: true, characterData: true, attributes: true });
    window.__lastKey = 0;
    document.addEventListener("input", () => { window.__lastKey = performance.now(); }, true);
  }, sel);
}

async function typing(context, url, classify, inputSel, resultsSel, q, countSel) {
  const page = await context.newPage();
  const m = meter(page, classify);
  await page.goto(url, { waitUntil: "load" });
  await m.settle();
  await page.waitForSelector(inputSel, { timeout: TIMEOUT });
  await watchChanges(page, resultsSel);
  const input = page.locator(inputSel).first();
  await input.click();
  await input.pressSequentially(q, { delay: DELAY });
  const bytes = await m.settle();
  const { lastKey, lastChange, shown } = await page.evaluate(([rs, cs]) => ({
    lastKey: window.__lastKey,
    lastChange: window.__lastChange,
    shown: document.querySelectorAll(cs).length,
  }), [resultsSel, countSel]);
  await page.close();
  return { ...bytes, latencyMs: Math.round(lastChange - lastKey), shown };
}

async function openKatalogs(context, base, q) {
  const page = await context.newPage();
  // Record the results list's last change from navigation start, observers installed before
  // any script of the page runs.
  await page.addInitScript(() => {
    window.__lastChange = 0;
    document.addEventListener("DOMContentLoaded", () => {
      const mark = () => { window.__lastChange = performance.now(); };
      for (const sel of ["[data-search-results]", "[data-search-status]"]) {
        const el = document.querySelector(sel);
        if (el) new MutationObserver(mark).observe(el, { childList: true, subtree: true, characterData: true });
      }
    });
  });
  const m = meter(page, KATALOGS);
  await page.goto(`${base}/meklet.html?q=${encodeURIComponent(q)}`, { waitUntil: "domcontentloaded" });
  await page.waitForFunction(() => {
    const s = document.querySelector("[data-search-status]");
    return s && s.textContent && s.textContent !== "…";
  }, null, { timeout: TIMEOUT });
  const bytes = await m.settle();
  const r = await page.evaluate(() => ({
    ms: window.__lastChange,
    dcl: performance.getEntriesByType("navigation")[0]?.domContentLoadedEventEnd ?? 0,
    shown: document.querySelectorAll("[data-search-results] > li").length,
    status: document.querySelector("[data-search-status]").textContent,
  }));
  await page.close();
  return { ...bytes, ms: Math.round(r.ms), dcl: Math.round(r.dcl), shown: r.shown, status: r.status };
}

async function openPagefind(context, origin, q) {
  const page = await context.newPage();
  const m = meter(page, PAGEFIND);
  await page.goto(`${origin}/__pagefind_api.html?q=${encodeURIComponent(q)}`, { waitUntil: "domcontentloaded" });
  await page.waitForFunction(() => window.__done, null, { timeout: TIMEOUT });
  const bytes = await m.settle();
  const done = await page.evaluate(() => window.__done);
  await page.close();
  return { ...bytes, ms: Math.round(done.at), shown: Math.min(10, done.total), total: done.total };
}

const out = { queries: QUERIES, delayMs: DELAY, katalogs: null, pagefind: null };
const { context, close } = await launch();
try {
  if (opt.katalogs) {
    const dir = path.resolve(opt.katalogs);
    const search = folderBytes(path.join(dir, "search"), (p) => !p.startsWith("index"));
    const srv = await serve(dir);
    const rows = [];
    try {
      for (const q of QUERIES) {
        const t = await typing(context, `${srv.origin}/index.html`, KATALOGS, "form[data-search] input",
          "form[data-search] [data-search-panel]", q, "form[data-search] [data-search-panel] li");
        const o = await openKatalogs(context, srv.origin, q);
        const f = await openKatalogs(context, pathToFileURL(dir).href, q);
        rows.push({ q, typing: t, open: o, file: { ms: f.ms, dcl: f.dcl, shown: f.shown } });
      }
    } finally {
      await srv.close();
    }
    out.katalogs = { index: search, rows };
  }
  if (opt.pagefind) {
    const dir = path.resolve(opt.pagefind);
    const all = folderBytes(path.join(dir, "pagefind"));
    const index = folderBytes(path.join(dir, "pagefind"), (p) => /^(index|fragment)\//.test(p) || p.endsWith(".pf_meta") || p === "pagefind-entry.json");
    const srv = await serveWith(dir, { "__pagefind.html": PAGEFIND_PAGE, "__pagefind_api.html": PAGEFIND_API_PAGE });
    const rows = [];
    try {
      for (const q of QUERIES) {
        const t = await typing(context, `${srv.origin}/__pagefind.html`, PAGEFIND, ".pagefind-ui__search-input",
          "#search", q, ".pagefind-ui__result");
        const o = await openPagefind(context, srv.origin, q);
        rows.push({ q, typing: t, open: o });
      }
    } finally {
      await srv.close();
    }
    out.pagefind = { index: all, indexOnly: index, rows };
  }
} finally {
  await close();
}

const kb = (b) => (b / 1024).toFixed(1);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : NaN; };
const cost = (o) => o.data.raw + o.code.raw;
for (const engine of ["katalogs", "pagefind"]) {
  const e = out[engine];
  if (!e) continue;
  console.log(`${engine}: browser index ${kb(e.index.bytes)} KiB in ${e.index.files} files` +
    (e.indexOnly ? ` (index data without the UI ${kb(e.indexOnly.bytes)} KiB in ${e.indexOnly.files} files)` : ""));
  for (const r of e.rows) {
    const t = r.typing, o = r.open;
    console.log(`  "${r.q}": typing: data ${kb(t.data.raw)} KiB (${kb(t.data.gzip)} gz) in ${t.data.files} files + code ` +
      `${kb(t.code.raw)} KiB, results ${t.latencyMs} ms after the last key (${t.shown} shown); ` +
      `open: code ${kb(o.code.raw)} KiB + data ${kb(o.data.raw)} KiB (${kb(o.data.gzip)} gz) in ${o.data.files} files = ${kb(cost(o))} KiB` +
      (o.page && o.page.raw ? ` (page js ${kb(o.page.raw)} KiB apart)` : "") +
      `, results at ${o.ms} ms (${o.shown} shown` + (o.dcl ? `, the page's DOMContentLoaded at ${o.dcl} ms` : "") + ")" +
      (r.file ? `; from file:// at ${r.file.ms} ms (DOMContentLoaded ${r.file.dcl} ms)` : ""));
  }
}
if (out.katalogs && out.pagefind) {
  const ratios = [];
  console.log("open, code + data, katalogs / pagefind:");
  out.katalogs.rows.forEach((k, i) => {
    const p = out.pagefind.rows[i];
    const ratio = cost(k.open) / cost(p.open);
    ratios.push(ratio);
    console.log(`  "${k.q}": ${kb(cost(k.open))} / ${kb(cost(p.open))} KiB = ${ratio.toFixed(2)}`);
  });
  out.ratios = ratios;
  console.log(`  median ratio ${median(ratios).toFixed(2)}; katalogs time to results: median ${median(out.katalogs.rows.map((r) => r.open.ms))} ms over HTTP, ` +
    `${median(out.katalogs.rows.map((r) => r.file.ms))} ms from file://; typing: median ${median(out.katalogs.rows.map((r) => r.typing.latencyMs))} ms after the last key ` +
    `(Pagefind ${median(out.pagefind.rows.map((r) => r.open.ms))} ms, typing ${median(out.pagefind.rows.map((r) => r.typing.latencyMs))} ms)`);
}
if (opt.json) writeFileSync(opt.json, JSON.stringify(out, null, 2) + "\n");
