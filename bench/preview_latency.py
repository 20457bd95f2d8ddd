#!/usr/bin/env python3
"""Edit-to-reload latency of `katalogs serve` on a generated site.

Starts the preview server on a copy of SITE, listens to its live-reload event stream like an
open browser tab does, and makes EDITS edits of four kinds in turn — a service card's body, a
card's holder, a glossary term, a guidance page. For each edit it measures the time from
writing the file to the `reload` event (watcher debounce included), then checks that the
served page shows the edit. Also times one full `katalogs build` of the same site, so the
latency can be read against it.

Usage: python3 bench/preview_latency.py --bin target/release/katalogs --site bench/work/k10000 [--edits 20]
Prints a Markdown table and writes the raw figures as JSON with --json FILE.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import queue
import urllib.request

KINDS = ["card body", "card holder", "glossary term", "guidance page"]


def events(port: int, out: "queue.Queue[tuple[str, float]]") -> None:
    """Reads the server's event stream, putting (event name, arrival time) on `out`."""
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /__katalogs/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
    buf = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            if line.startswith(b"event: "):
                out.put((line[7:].decode().strip(), time.perf_counter()))


def fetch(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=30) as r:
        return r.read().decode("utf-8", "replace")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--site", required=True)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--json")
    args = ap.parse_args()
    binary = str(pathlib.Path(args.bin).resolve())

    work = pathlib.Path(tempfile.mkdtemp(prefix="katalogs-preview-"))
    site = work / "site-src"
    shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("site"))

    # One full build of the same content, for comparison.
    t = time.perf_counter()
    subprocess.run([binary, "build", "-q", "--root", str(site), "--output", str(work / "full")], check=True)
    full_build = time.perf_counter() - t

    cards = sorted((site / "content" / "pakalpojumi").rglob("*.md"))
    cards = [c for c in cards if c.name != "_index.md" and "\nholder: " in c.read_text(encoding="utf-8")]
    terms = sorted(p for p in (site / "glossary").glob("*.md") if p.name != "_index.md")
    pages = sorted(p for p in (site / "content" / "metodika").rglob("*.md") if p.name != "_index.md")
    holders = re.findall(r"^- id: (\S+)", (site / "content" / "iestades.yaml").read_text(encoding="utf-8"), re.M)

    server = subprocess.Popen(
        [binary, "serve", "--port", "0", "--root", str(site)],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )
    log: "queue.Queue[str]" = queue.Queue()
    threading.Thread(target=lambda: [log.put(l) for l in server.stderr], daemon=True).start()
    port = None
    t0 = time.perf_counter()
    while port is None:
        line = log.get(timeout=600)
        m = re.search(r"serving http://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
    while "rebuilt:" not in log.get(timeout=600):
        pass
    first_build = time.perf_counter() - t0
    ev: "queue.Queue[tuple[str, float]]" = queue.Queue()
    threading.Thread(target=events, args=(port, ev), daemon=True).start()
    assert ev.get(timeout=30)[0] == "hello"

    results = []
    try:
        for n in range(args.edits):
            kind = KINDS[n % len(KINDS)]
            marker = f"preview-edit-{n}"
            i = n // len(KINDS)
            if kind == "card body":
                path = cards[(i * 97) % len(cards)]
                text = path.read_text(encoding="utf-8") + f"\nPapildu teikums {marker}.\n"
                check = ("pakalpojumi", marker)
            elif kind == "card holder":
                path = cards[(i * 89 + 13) % len(cards)]
                text = path.read_text(encoding="utf-8")
                current = re.search(r"^holder: (\S+)", text, re.M).group(1)
                new = next(h for h in holders[(i * 7) % len(holders):] + holders if h != current)
                text = text.replace(f"holder: {current}", f"holder: {new}", 1)
                check = None
            elif kind == "glossary term":
                path = terms[(i * 31) % len(terms)]
                text = path.read_text(encoding="utf-8") + f"\nPapildu skaidrojums {marker}.\n"
                check = ("glosarijs", marker)
            else:
                path = pages[(i * 17) % len(pages)]
                text = path.read_text(encoding="utf-8") + f"\nPapildu rindkopa {marker}.\n"
                check = ("metodika", marker)
            while not ev.empty():
                ev.get_nowait()
            start = time.perf_counter()
            path.write_text(text, encoding="utf-8")
            while True:
                name, at = ev.get(timeout=600)
                if name == "reload":
                    break
                if name == "status":
                    raise SystemExit(f"edit {n} ({kind}) broke the build: {fetch(port, '__katalogs/status')}")
            latency = at - start
            rel = path.relative_to(site).as_posix()
            results.append({"kind": kind, "file": rel, "seconds": latency})
            if check:
                # The served page of the edited object shows the edit.
                slug = path.stem
                area, marker_text = check
                found = [p for p in (site / "site").rglob(f"{slug}.html")] + [p for p in (site / "site").rglob(f"{slug}/index.html")]
                assert any(marker_text in p.read_text(encoding="utf-8") for p in found), f"{rel}: edit not in {found}"
            time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    lat = [r["seconds"] for r in results]
    print(f"| | median | worst |\n|---|---|---|")
    for kind in KINDS:
        xs = [r["seconds"] for r in results if r["kind"] == kind]
        if xs:
            print(f"| {kind} ({len(xs)} edits) | {statistics.median(xs)*1000:.0f} ms | {max(xs)*1000:.0f} ms |")
    print(f"| **all {len(lat)} edits** | **{statistics.median(lat)*1000:.0f} ms** | **{max(lat)*1000:.0f} ms** |")
    print(f"\nfull build (`katalogs build`): {full_build*1000:.0f} ms; preview's first build: {first_build*1000:.0f} ms; "
          f"median edit-to-reload = {statistics.median(lat)/full_build:.1%} of the full build")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps({
            "full_build_seconds": full_build, "first_preview_build_seconds": first_build, "edits": results,
        }, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
