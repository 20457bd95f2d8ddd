// Edit-to-reload latency of the live preview: starts `katalogs serve` on a copy of a corpus,
// listens to its live-reload event stream the way an open page does, makes typical author
// edits and measures the time from the saved file to the `reload` event (the rebuild is done
// and the browser would reload), then that the served page shows the edit.
//
//   node bench/edit_latency.mjs --bin target/release/katalogs --site CORPUS [--json OUT] [--repeat 3] [--log FILE]
//
// `--log` keeps the server's own output (each rebuild's stage times) in FILE.
//
// Three times per edit, from the saved file: *reload*, to the `reload` event of the page the
// author has open, the edited object's own page (its event stream says which page it is,
// as the preview's script does: the rebuild makes the open pages first and tells them to
// reload as soon as they are written; the bench then checks that the served page shows the
// edit); *all pages*, to the `reload` event of a page that does not say which it is (every
// page and asset is written); and *settled*, to the server's `rebuilt:` line (the search
// indexes, exports and Dati page are up to date too). Each edit is made on a settled server,
// as an author saving again after a few seconds would.
//
// Edits (each made, measured, then undone and waited for):
//   service body   one sentence appended to a service card's body
//   service title  a service card's title changed (catalogue, facets and linking pages change)
//   service holder a service card's holder changed (both institutions' pages change)
//   term short     a glossary term's tooltip text changed (every page that links the term)
//   page body      one sentence appended to a guidance page
import { spawn } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { firstMd, get, median } from "./edit_common.mjs";

const { values: opt } = parseArgs({
  options: {
    bin: { type: "string" },
    site: { type: "string" },
    json: { type: "string" },
    repeat: { type: "string", default: "4" },
    log: { type: "string" },
  },
});
if (!opt.bin || !opt.site) {
  console.error("usage: node bench/edit_latency.mjs --bin KATALOGS --site CORPUS [--json OUT] [--repeat N] [--log FILE]");
  process.exit(2);
}
const REPEAT = Number(opt.repeat);
const TIMEOUT = 600_000;

const scratch = mkdtempSync(path.join(tmpdir(), "katalogs-edit-"));
const root = path.join(scratch, "site-src");
cpSync(path.resolve(opt.site), root, { recursive: true, filter: (p) => !/[\\/](site|\.stamp)$/.test(p) });


const serviceFile = firstMd(path.join(root, "content", "pakalpojumi"), (p) => /^title:/m.test(readFileSync(p, "utf8")) && !p.includes("pasvaldibas"));
const termFile = firstMd(path.join(root, "glossary"), (p) => /^short:/m.test(readFileSync(p, "utf8")));
const pageFile = firstMd(path.join(root, "content", "metodika"));
const holders = [...readFileSync(path.join(root, "content", "iestades.yaml"), "utf8").matchAll(/^- id: (\S+)/gm)].map((m) => m[1]);
const otherHolder = (t, i) => {
  const current = /^holder: (\S+)/m.exec(t)?.[1];
  return holders.filter((h) => h !== current)[i % (holders.length - 1)];
};
const outputId = (file) => path.basename(file, ".md");

// The page an author editing `file` has open: the object's own page.
const serviceUrl = (file) => `/pakalpojumi/${outputId(file)}.html`;
const termUrl = (file) => `/glosarijs/${outputId(file)}.html`;
const pageUrl = (file) => `/${path.relative(path.join(root, "content"), file).replace(/\.md$/, ".html")}`;

const EDITS = [
  { name: "service body", file: serviceFile, open: serviceUrl, edit: (t, i) => t.replace(/\n*$/, `\n\nLabojums numur ${i} pakalpojuma aprakstā.\n`), marker: (i) => `Labojums numur ${i}` },
  { name: "service title", file: serviceFile, open: serviceUrl, edit: (t, i) => t.replace(/^title: .*$/m, `title: "Pārdēvēts pakalpojums ${i}"`), marker: (i) => `Pārdēvēts pakalpojums ${i}` },
  { name: "service holder", file: serviceFile, open: serviceUrl, edit: (t, i) => t.replace(/^holder: .*$/m, `holder: ${otherHolder(t, i)}`), marker: null },
  { name: "term short", file: termFile, open: termUrl, edit: (t, i) => t.replace(/^short: .*$/m, `short: "Jauns skaidrojums ${i}."`), marker: null },
  { name: "page body", file: pageFile, open: pageUrl, edit: (t, i) => t.replace(/\n*$/, `\n\nLabojums numur ${i} vadlīnijās.\n`), marker: (i) => `Labojums numur ${i}` },
];


const server = spawn(path.resolve(opt.bin), ["serve", "--root", root, "--port", "0", "--output", path.join(scratch, "out")], {
  stdio: ["ignore", "ignore", "pipe"],
});
let log = "";
// When each `rebuilt:` line (a finished rebuild) arrived.
const rebuiltAt = [];
server.stderr.on("data", (d) => {
  if (opt.log) appendFileSync(opt.log, d);
  for (const line of String(d).split("\n")) if (line.startsWith("rebuilt:")) rebuiltAt.push(performance.now());
});
const settled = async (after) => {
  const t = Date.now();
  for (;;) {
    const at = rebuiltAt.find((x) => x > after);
    if (at) return at;
    if (Date.now() - t > TIMEOUT) throw new Error("the rebuild never finished");
    await new Promise((r) => setTimeout(r, 20));
  }
};
const origin = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`serve did not start:\n${log}`)), TIMEOUT);
  server.stderr.on("data", (d) => {
    log += d;
    const m = /serving (http:\/\/[^\s]+?)\/?\s/.exec(log);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  });
  server.on("exit", (code) => reject(new Error(`serve exited with ${code}:\n${log}`)));
});

const results = [];
try {
  // Wait for the first build.
  const t0 = Date.now();
  while ((await get(`${origin}/index.html`).catch(() => ({ status: 0 }))).status !== 200) {
    if (Date.now() - t0 > TIMEOUT) throw new Error("first build never finished");
    await new Promise((r) => setTimeout(r, 200));
  }
  const firstBuildMs = Date.now() - t0;

  // Event streams like open pages': one per page the edits have open, one that says none.
  let wake = null;
  const listen = (page) => {
    const events = [];
    const query = page ? `?page=${encodeURIComponent(page)}` : "";
    http.get(`${origin}/__katalogs/events${query}`, (res) => {
      let buf = "";
      res.on("data", (d) => {
        buf += d;
        let i;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = /^event: (\w+)/m.exec(block);
          if (ev) { events.push({ name: ev[1], at: performance.now() }); wake?.(); }
        }
      });
    });
    return events;
  };
  const anyPage = listen(null);
  const openPages = new Map(EDITS.map((e) => [e.open(e.file), null]));
  for (const page of openPages.keys()) openPages.set(page, listen(page));
  const nextEvent = async (events, after, names) => {
    const t = Date.now();
    for (;;) {
      const e = events.find((x) => x.at > after && names.includes(x.name));
      if (e) return e;
      if (Date.now() - t > TIMEOUT) throw new Error("no rebuild event");
      await new Promise((r) => { wake = r; setTimeout(r, 100); });
    }
  };
  for (const events of [anyPage, ...openPages.values()]) {
    while (!events.some((e) => e.name === "hello")) await new Promise((r) => setTimeout(r, 50));
  }

  let n = 0;
  for (const e of EDITS) {
    const original = readFileSync(e.file, "utf8");
    const times = [];
    const allTimes = [];
    const settledTimes = [];
    const open = e.open(e.file);
    for (let r = 0; r < REPEAT; r++) {
      n++;
      const before = performance.now();
      writeFileSync(e.file, e.edit(original, n));
      const ev = await nextEvent(openPages.get(open), before, ["reload", "status"]);
      if (ev.name !== "reload") throw new Error(`${e.name}: rebuild failed (${ev.name})`);
      const ms = ev.at - before;
      if (e.marker) {
        const page = await get(`${origin}${open}`).catch(() => null);
        if (!(page && page.status === 200 && page.body.includes(e.marker(n)))) {
          throw new Error(`${e.name}: the served page ${open} does not show the edit when it is told to reload`);
        }
      }
      const all = await nextEvent(anyPage, before, ["reload", "status"]);
      times.push(Math.round(ms));
      allTimes.push(Math.round(all.at - before));
      settledTimes.push(Math.round((await settled(before)) - before));
      // Undo, and wait until that rebuild has finished too.
      const undo = performance.now();
      writeFileSync(e.file, original);
      await nextEvent(anyPage, undo, ["reload", "status"]);
      await settled(undo);
    }
    results.push({
      edit: e.name, file: path.relative(root, e.file), page: open,
      ms: times, median: median(times), allPagesMs: allTimes, allPagesMedian: median(allTimes),
      settledMs: settledTimes, settledMedian: median(settledTimes),
    });
    console.log(`${e.name} (${path.relative(root, e.file)}, open ${open}): reload ${times.join(", ")} ms (median ${median(times)} ms); all pages ${allTimes.join(", ")} ms (median ${median(allTimes)} ms); settled ${settledTimes.join(", ")} ms (median ${median(settledTimes)} ms)`);
  }
  const sorted = (key) => results.flatMap((r) => r[key]).sort((a, b) => a - b);
  const [all, allPages, allSettled] = [sorted("ms"), sorted("allPagesMs"), sorted("settledMs")];
  const summary = {
    edits: all.length,
    median: all[Math.floor(all.length / 2)], worst: all.at(-1),
    allPagesMedian: allPages[Math.floor(allPages.length / 2)], allPagesWorst: allPages.at(-1),
    settledMedian: allSettled[Math.floor(allSettled.length / 2)], settledWorst: allSettled.at(-1),
  };
  console.log(`all ${summary.edits} edits: reload of the open page median ${summary.median} ms, worst ${summary.worst} ms; all pages median ${summary.allPagesMedian} ms, worst ${summary.allPagesWorst} ms; settled median ${summary.settledMedian} ms, worst ${summary.settledWorst} ms`);
  if (opt.json) writeFileSync(opt.json, JSON.stringify({ firstBuildMs, summary, edits: results }, null, 2) + "\n");
  console.log(`first build under serve: ${firstBuildMs} ms`);
} finally {
  server.kill("SIGINT");
  await new Promise((r) => { server.on("exit", r); setTimeout(r, 5000); });
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(0);
