// Edit-to-reload latency of Hugo's server on the bench corpus's Hugo site: the peer of
// `bench/edit_latency.mjs`. Starts `hugo server` on a copy of the site, opens the edited page
// once (Hugo's fast render mode, its default, renders the pages browsers have visited first,
// as katalogs makes the open pages first), listens to its LiveReload WebSocket the way an
// open page's livereload.js does, makes the same five kinds of edit and measures the time from
// the saved file to the `reload` command, then that the served page shows the edit.
//
//   node bench/hugo_edit_latency.mjs --site CORPUS/hugo [--json OUT] [--repeat 4] [--hugo hugo]
//
// Edits (made, measured, undone and waited for), the Hugo site's equivalents of katalogs's:
//   service body   one sentence appended to a service's body
//   service title  a service's title changed
//   service holder a service's holder (a taxonomy term) changed
//   term short     a glossary term's summary changed
//   page body      one sentence appended to a guidance page
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import crypto from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { firstMd, get, median } from "./edit_common.mjs";

const { values: opt } = parseArgs({
  options: {
    site: { type: "string" },
    json: { type: "string" },
    repeat: { type: "string", default: "4" },
    hugo: { type: "string", default: "hugo" },
  },
});
if (!opt.site) {
  console.error("usage: node bench/hugo_edit_latency.mjs --site CORPUS/hugo [--json OUT] [--repeat N] [--hugo BIN]");
  process.exit(2);
}
const REPEAT = Number(opt.repeat);
const TIMEOUT = 600_000;

const scratch = mkdtempSync(path.join(tmpdir(), "hugo-edit-"));
const root = path.join(scratch, "site");
cpSync(path.resolve(opt.site), root, { recursive: true, filter: (p) => !/[\\/](public|resources)$/.test(p) });

// The same files katalogs's bench edits, where the corpus has them.
const serviceFile = firstMd(path.join(root, "content", "pakalpojumi"), (p) => /^holder:/m.test(readFileSync(p, "utf8")) && !p.includes("pasvaldibas"));
const termFile = firstMd(path.join(root, "content", "glosarijs"), (p) => /^summary:/m.test(readFileSync(p, "utf8")));
const pageFile = firstMd(path.join(root, "content", "metodika"));
const holders = [...new Set(readdirSync(path.join(root, "content", "pakalpojumi"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name))];
const pageUrl = (file) => "/" + path.relative(path.join(root, "content"), file).replace(/\.md$/, "/").split(path.sep).join("/");

const EDITS = [
  { name: "service body", file: serviceFile, edit: (t, i) => t.replace(/\n*$/, `\n\nLabojums numur ${i} pakalpojuma aprakstā.\n`), marker: (i) => `Labojums numur ${i}` },
  { name: "service title", file: serviceFile, edit: (t, i) => t.replace(/^title: .*$/m, `title: "Pārdēvēts pakalpojums ${i}"`), marker: (i) => `Pārdēvēts pakalpojums ${i}` },
  { name: "service holder", file: serviceFile, edit: (t, i) => t.replace(/^holder: .*$/m, `holder: ["${holders[i % holders.length]}"]`), marker: null },
  { name: "term short", file: termFile, edit: (t, i) => t.replace(/^summary: .*$/m, `summary: "Jauns skaidrojums ${i}."`), marker: null },
  { name: "page body", file: pageFile, edit: (t, i) => t.replace(/\n*$/, `\n\nLabojums numur ${i} vadlīnijās.\n`), marker: (i) => `Labojums numur ${i}` },
];


// A minimal WebSocket client (RFC 6455): text frames only, enough for LiveReload.
function websocket(url, onMessage) {
  return new Promise((resolve, reject) => {
    const key = crypto.randomBytes(16).toString("base64");
    const req = http.request(url, { headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": key } });
    req.on("upgrade", (_res, socket) => {
      let buf = Buffer.alloc(0);
      socket.on("data", (d) => {
        buf = Buffer.concat([buf, d]);
        for (;;) {
          if (buf.length < 2) return;
          let len = buf[1] & 0x7f;
          let at = 2;
          if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); at = 4; }
          else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); at = 10; }
          if (buf.length < at + len) return;
          const opcode = buf[0] & 0x0f;
          const payload = buf.subarray(at, at + len);
          buf = buf.subarray(at + len);
          if (opcode === 1) onMessage(payload.toString("utf8"));
        }
      });
      const send = (text) => {
        const data = Buffer.from(text, "utf8");
        const mask = crypto.randomBytes(4);
        const head = data.length < 126 ? Buffer.from([0x81, 0x80 | data.length]) : Buffer.from([0x81, 0x80 | 126, data.length >> 8, data.length & 0xff]);
        const body = Buffer.from(data.map((b, i) => b ^ mask[i % 4]));
        socket.write(Buffer.concat([head, mask, body]));
      };
      resolve({ send, close: () => socket.destroy() });
    });
    req.on("error", reject);
    req.end();
  });
}

const port = 20000 + Math.floor(Math.random() * 20000);
const server = spawn(opt.hugo, ["server", "--source", root, "--port", String(port), "--bind", "127.0.0.1"], {
  stdio: ["ignore", "pipe", "pipe"],
});
let log = "";
server.stdout.on("data", (d) => { log += d; });
server.stderr.on("data", (d) => { log += d; });
const origin = `http://127.0.0.1:${port}`;

const results = [];
let socket = null;
try {
  const t0 = Date.now();
  while (!/Web Server is available/.test(log)) {
    if (Date.now() - t0 > TIMEOUT) throw new Error(`hugo server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const firstBuildMs = Date.now() - t0;
  const messages = [];
  let wake = null;
  socket = await websocket(`${origin}/livereload`, (text) => {
    try { messages.push({ ...JSON.parse(text), at: performance.now() }); } catch { /* not JSON */ }
    wake?.();
  });
  socket.send(JSON.stringify({ command: "hello", protocols: ["http://livereload.com/protocols/official-7"] }));
  const next = async (after, command) => {
    const t = Date.now();
    for (;;) {
      const m = messages.find((x) => x.at > after && x.command === command);
      if (m) return m;
      if (Date.now() - t > TIMEOUT) throw new Error(`no ${command} from hugo`);
      await new Promise((r) => { wake = r; setTimeout(r, 100); });
    }
  };
  await next(0, "hello");

  let n = 0;
  for (const e of EDITS) {
    const original = readFileSync(e.file, "utf8");
    const open = pageUrl(e.file);
    const times = [];
    for (let r = 0; r < REPEAT; r++) {
      n++;
      // The page is open: visited, so fast render mode makes it first.
      await get(`${origin}${open}`);
      await new Promise((res) => setTimeout(res, 1500));
      const before = performance.now();
      writeFileSync(e.file, e.edit(original, n));
      const m = await next(before, "reload");
      times.push(Math.round(m.at - before));
      if (e.marker) {
        const page = await get(`${origin}${open}`).catch(() => null);
        if (!(page && page.status === 200 && page.body.includes(e.marker(n)))) {
          throw new Error(`${e.name}: the served page ${open} does not show the edit`);
        }
      }
      await new Promise((res) => setTimeout(res, 1500));
      const undo = performance.now();
      writeFileSync(e.file, original);
      await next(undo, "reload");
      await new Promise((res) => setTimeout(res, 1500));
    }
    results.push({ edit: e.name, file: path.relative(root, e.file), page: open, ms: times, median: median(times) });
    console.log(`${e.name} (${path.relative(root, e.file)}, open ${open}): reload ${times.join(", ")} ms (median ${median(times)} ms)`);
  }
  const all = results.flatMap((r) => r.ms).sort((a, b) => a - b);
  const summary = { edits: all.length, median: all[Math.floor(all.length / 2)], worst: all.at(-1) };
  console.log(`all ${summary.edits} edits: reload median ${summary.median} ms, worst ${summary.worst} ms`);
  if (opt.json) writeFileSync(opt.json, JSON.stringify({ firstBuildMs, summary, edits: results }, null, 2) + "\n");
  console.log(`first build under hugo server: ${firstBuildMs} ms`);
} finally {
  socket?.close();
  server.kill("SIGINT");
  await new Promise((r) => { server.on("exit", r); setTimeout(r, 5000); });
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(0);
