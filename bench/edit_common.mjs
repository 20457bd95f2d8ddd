// What the two edit-to-reload benches share: finding the files to edit, fetching a page,
// the median of a kind's times.
import { readdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";

/** The first Markdown file under `dir` (not a folder's `_index.md`) that `pred` accepts. */
export function firstMd(dir, pred = () => true) {
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const p = path.join(e.parentPath ?? e.path, e.name);
    if (e.isFile() && e.name.endsWith(".md") && e.name !== "_index.md" && pred(p)) return p;
  }
  throw new Error(`no Markdown file in ${dir}`);
}

/** GET `url`: its status and body. */
export function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }));
    }).on("error", reject);
  });
}

/** The median (the upper one of an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
