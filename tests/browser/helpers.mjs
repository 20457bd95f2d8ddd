// Shared helpers for the browser tests: where the built site is, a Chromium launcher
// (playwright-core driving the system Chromium, never a downloaded browser) and a tiny
// static HTTP server so the same checks run over file:// and over HTTP.
import { createServer } from "node:http";
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "..", "..");

/** The built site under test (env KATALOGS_SITE, default <repo>/site). */
export const siteDir = path.resolve(process.env.KATALOGS_SITE || path.join(repoRoot, "site"));
/** The katalogs binary used to build fixtures (env KATALOGS_BIN). */
export const katalogsBin = path.resolve(process.env.KATALOGS_BIN || path.join(repoRoot, "target", "debug", "katalogs"));
/** Chromium executable (env CHROMIUM, default the Debian package's). */
export const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

export function requireSite(dir = siteDir) {
  if (!existsSync(path.join(dir, "index.html"))) {
    throw new Error(`no built site at ${dir} (build it, or set KATALOGS_SITE)`);
  }
  return dir;
}

/** file:// URL of a page of a built site, with an optional query string. */
export function fileUrl(dir, page, search = "") {
  return pathToFileURL(path.join(dir, page)).href + search;
}

export async function launch() {
  const userDataDir = mkdtempSync(path.join(tmpdir(), "katalogs-chromium-"));
  const args = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ];
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args,
    viewport: { width: 1280, height: 900 },
    locale: "lv-LV",
  });
  const close = async () => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, close };
}

/**
 * A new page that fails the test on any uncaught page error or console error, and on any
 * request that leaves the site (the product promises no request to another origin).
 */
export async function newPage(context, allowedOrigin) {
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("request", (r) => {
    const u = r.url();
    if (u.startsWith("file:") || u.startsWith("data:") || u.startsWith("about:")) return;
    if (allowedOrigin && u.startsWith(allowedOrigin)) return;
    problems.push(`external request: ${u}`);
  });
  page.problems = problems;
  return page;
}

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".jsonld": "application/ld+json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".atom": "application/atom+xml; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".pdf": "application/pdf",
  ".zip": "application/zip",
};

/** Serves `dir` on 127.0.0.1 (a free port); resolves to { origin, close }. */
export function serve(dir) {
  const rootDir = path.resolve(dir);
  const server = createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(rootDir, path.normalize(rel));
    if (file !== rootDir && !file.startsWith(rootDir + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, "index.html");
    let status = 200;
    if (!existsSync(file) || !statSync(file).isFile()) {
      status = 404;
      file = path.join(rootDir, "404.html");
      if (!existsSync(file)) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
    }
    const type = MIME[path.extname(file).toLowerCase()] || "application/octet-stream";
    res.writeHead(status, { "content-type": type, "x-content-type-options": "nosniff", "cache-control": "no-store" });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}
