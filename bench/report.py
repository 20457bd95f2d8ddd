#!/usr/bin/env python3
"""Turns one bench/run.sh results folder into the Markdown tables quoted in BENCHMARKS.md.

Usage: python3 bench/report.py RESULTS_DIR SIZE [SIZE ...]
"""

from __future__ import annotations

import json
import pathlib
import re
import sys

TOOLS = ["katalogs", "hugo", "hugo+pagefind", "pagefind"]


def parse_time(path: pathlib.Path) -> dict:
    """/usr/bin/time -v output → wall s, cpu s, peak RSS MiB."""
    t = path.read_text()

    def num(label):
        m = re.search(re.escape(label) + r"[^:]*:\s*([\d.:]+)", t)
        return m.group(1) if m else "0"

    wall = 0.0
    for part in num("Elapsed (wall clock) time").split(":"):
        wall = wall * 60 + float(part)
    return {
        "wall": wall,
        "cpu": float(num("User time (seconds)")) + float(num("System time (seconds)")),
        "rss": int(num("Maximum resident set size (kbytes)")) / 1024,
        "status": int(num("Exit status")),
    }


def fmt_s(x: float) -> str:
    return f"{x:.2f} s" if x < 10 else f"{x:.1f} s"


def fmt_ratio(x: float) -> str:
    return f"{x:.2f}×"


def kib(b: float) -> str:
    return f"{b / 1024:,.0f} KiB" if b >= 10 * 1024 else f"{b / 1024:.1f} KiB"


def main():
    res = pathlib.Path(sys.argv[1])
    sizes = [int(s) for s in sys.argv[2:]]
    data = {}
    for n in sizes:
        hf = json.loads((res / f"hyperfine-{n}.json").read_text())
        walls = {r["command"]: r for r in hf["results"]}
        cold_file = res / f"hyperfine-cold-{n}.json"
        cold = ({r["command"]: r for r in json.loads(cold_file.read_text())["results"]}
                if cold_file.exists() else None)
        times = {t: parse_time(res / f"time-{n}-{t}.txt") for t in TOOLS}
        counts = dict(l.split("=", 1) for l in (res / f"counts-{n}.env").read_text().split())
        stages = memory = ""
        log = res / f"katalogs-{n}.log"
        if log.exists():
            text = log.read_text()
            m = re.search(r"stages: (.*)", text)
            stages = m.group(1) if m else ""
            m = re.search(r"memory after each stage: (.*)", text)
            memory = m.group(1) if m else ""
        data[n] = {"wall": walls, "cold": cold, "time": times, "counts": counts,
                   "stages": stages, "memory": memory}

    def table(title: str, key: str, with_time: bool) -> None:
        out.append(f"### {title}\n")
        extra = " CPU (user+sys) | Peak RSS |" if with_time else ""
        out.append(f"| Services | Tool | Wall (mean ± σ) |{extra} HTML pages | katalogs ÷ tool (wall) |")
        out.append("|---:|---|---:|" + ("---:|---:|" if with_time else "") + "---:|---:|")
        for n in sizes:
            d = data[n]
            if d[key] is None:
                continue
            k = d[key]["katalogs"]["mean"]
            for t in TOOLS:
                w = d[key][t]
                tm = d["time"][t]
                pages = {"katalogs": d["counts"]["katalogs_html"], "hugo": d["counts"]["hugo_html"],
                         "hugo+pagefind": d["counts"]["hugo_html"], "pagefind": d["counts"]["pagefind_pages"]}[t]
                sd = w.get("stddev") or 0.0
                ratio = "" if t == "katalogs" else fmt_ratio(k / w["mean"])
                cells = f" {fmt_s(tm['cpu'])} | {tm['rss']:,.0f} MiB |" if with_time else ""
                out.append(f"| {n:,} | {t} | {fmt_s(w['mean'])} ± {sd:.2f} |{cells} {int(pages):,} | {ratio} |")
        out.append("")

    out = []
    cold_runs = any(data[n]["cold"] for n in sizes)
    if cold_runs:
        table("Cold builds (empty output folder): time, CPU and memory", "cold", True)
        table("Rebuilds over the previous output", "wall", False)
    else:
        table("Build time, CPU and memory", "wall", True)
    for n in sizes:
        d = data[n]
        key = "cold" if d["cold"] else "wall"
        k = d[key]["katalogs"]["mean"]
        hp = d[key]["hugo+pagefind"]["mean"]
        h = d[key]["hugo"]["mean"]
        out.append(f"- {n:,} services, {'cold' if key == 'cold' else 'rebuild'}: katalogs ÷ (hugo+pagefind) = "
                   f"**{k / hp:.2f}**, katalogs ÷ hugo = **{k / h:.2f}**; katalogs stages: {d['stages']}")
        if d["memory"]:
            out.append(f"  peak (current) memory after each stage: {d['memory']}")
    if any("katalogs_bytes" in data[n]["counts"] for n in sizes):
        out.append("\n### Output size (cold build)\n")
        out.append("| Services | katalogs total | of which offline zip | exports (`dati/`) | search | "
                   "largest HTML page | Hugo (without Pagefind) | Pagefind |")
        out.append("|---:|---:|---:|---:|---:|---|---:|---:|")
        mb = lambda b: f"{int(b or 0) / 1e6:,.1f} MB"
        for n in sizes:
            c = data[n]["counts"]
            if "katalogs_bytes" not in c:
                continue
            size, _, page = c.get("katalogs_largest_html", "0:").partition(":")
            out.append(f"| {n:,} | {mb(c['katalogs_bytes'])} | {mb(c['katalogs_zip_bytes'])} | "
                       f"{mb(c['katalogs_exports_bytes'])} | {mb(c['katalogs_search_bytes'])} | "
                       f"`{page}` {int(size or 0) / 1000:,.0f} KB | {mb(c['hugo_bytes'])} | {mb(c['pagefind_bytes'])} |")
    if len(sizes) > 1:
        out.append("\n### Growth (wall time of the larger size ÷ the smaller)\n")
        steps = list(zip(sizes, sizes[1:]))
        out.append("| Tool | " + " | ".join(f"{a:,} → {b:,}" for a, b in steps) + " |")
        out.append("|---|" + "---:|" * len(steps))
        for t in TOOLS:
            cells = []
            for a, b in steps:
                cells.append(fmt_ratio(data[b]["wall"][t]["mean"] / data[a]["wall"][t]["mean"]))
            out.append(f"| {t} | " + " | ".join(cells) + " |")
        out.append("")
        out.append("| Peak RSS | " + " | ".join(f"{n:,}" for n in sizes) + " |")
        out.append("|---|" + "---:|" * len(sizes))
        for t in TOOLS:
            out.append(f"| {t} | " + " | ".join(f"{data[n]['time'][t]['rss']:,.0f} MiB" for n in sizes) + " |")

    searches = [(n, res / f"search-{n}.json") for n in sizes if (res / f"search-{n}.json").exists()]
    if searches:
        out.append("\n### Search in the browser (headless Chromium, over HTTP)\n")
        out.append("Index data = the files of the index (katalogs `search/*.js`; Pagefind `*.pf_*` and "
                   "`pagefind-entry.json`), raw bytes as served and gzip size in brackets. *Typing*: the "
                   "query typed key by key into the live search box, from page open to the last result; "
                   "latency from the last key to the last change of the results (includes the UI's "
                   "debounce: katalogs 120 ms, Pagefind UI 300 ms). *Open*: a fresh page opening the "
                   "results of the query (katalogs `meklet.html?q=`, 50 results + filters; Pagefind JS API, "
                   "search + first 10 results), time from navigation start.\n")
        out.append("| Services | Engine | Whole browser index | Query | Typing: index data | Typing: latency | "
                   "Open: index data | Open: results at |")
        out.append("|---:|---|---:|---|---:|---:|---:|---:|")
        for n, p in searches:
            s = json.loads(p.read_text())
            for engine in ["katalogs", "pagefind"]:
                e = s.get(engine)
                if not e:
                    continue
                idx = e["index"]
                whole = f"{kib(idx['bytes'])} ({idx['files']:,} files)"
                if e.get("indexOnly"):
                    whole += f"; data {kib(e['indexOnly']['bytes'])}"
                for i, r in enumerate(e["rows"]):
                    t, o = r["typing"], r["open"]
                    pct = 100 * t["data"]["raw"] / (e["indexOnly"]["bytes"] if e.get("indexOnly") else idx["bytes"])
                    out.append(
                        f"| {n:,} | {engine} | {whole if i == 0 else ''} | {r['q']} | "
                        f"{kib(t['data']['raw'])} ({kib(t['data']['gzip'])}), {pct:.1f} % | {t['latencyMs']} ms | "
                        f"{kib(o['data']['raw'])} ({kib(o['data']['gzip'])}) | {o['ms']} ms |")
        out.append("")
        out.append("Search code loaded besides the index data (not in the table): katalogs "
                   "`assets/js/search.js` + `analyzer.js`; Pagefind `pagefind-ui.js/css`, `pagefind.js`, "
                   "worker and WebAssembly:")
        for n, p in searches:
            s = json.loads(p.read_text())
            parts = []
            for engine in ["katalogs", "pagefind"]:
                if s.get(engine):
                    c = s[engine]["rows"][0]["typing"]["code"]
                    parts.append(f"{engine} {kib(c['raw'])} ({kib(c['gzip'])} gzip)")
            out.append(f"- {n:,} services: " + ", ".join(parts))
    edits = [(n, res / f"edit-{n}.json") for n in sizes if (res / f"edit-{n}.json").exists()]
    if edits:
        out.append("\n### Live preview: edit-to-reload latency (`katalogs serve`, Hugo's server)\n")
        out.append("*Open page*: from the saved file to the `reload` event of the edited object's "
                   "own page, open in the preview (it is made first; the bench checks it shows "
                   "the edit). *All pages*: to the `reload` event of a page that does not say "
                   "which it is (every page and asset is written). *Settled*: to the end of the "
                   "rebuild (search indexes, exports and the Dati page up to date too). *Hugo*: "
                   "`hugo server`'s LiveReload `reload` after the same kind of edit on the corpus's "
                   "Hugo site (fast render mode, the page visited). Medians per kind of edit, then "
                   "median and worst over all edits; each edit is undone afterwards and made on a "
                   "settled server.\n")
        kinds = [e["edit"] for e in json.loads(edits[0][1].read_text())["edits"]]
        out.append("| Services | Tool | First build under the server | " + " | ".join(kinds)
                   + " | All edits: median | All edits: worst |")
        out.append("|---:|---|---:|" + "---:|" * (len(kinds) + 2))
        for n, p in edits:
            e = json.loads(p.read_text())
            s = e["summary"]
            cells = [f"{x['median']} / {x.get('allPagesMedian', '–')} / {x['settledMedian']} ms"
                     for x in e["edits"]]
            out.append(f"| {n:,} | katalogs (open page / all pages / settled) | "
                       f"{fmt_s(e['firstBuildMs'] / 1000)} | " + " | ".join(cells)
                       + f" | {s['median']} / {s.get('allPagesMedian', '–')} / {s['settledMedian']} ms"
                       + f" | {s['worst']} / {s.get('allPagesWorst', '–')} / {s['settledWorst']} ms |")
            h = res / f"hugo-edit-{n}.json"
            if h.exists():
                hugo = json.loads(h.read_text())
                hs = hugo["summary"]
                out.append(f"| {n:,} | hugo server | {fmt_s(hugo['firstBuildMs'] / 1000)} | "
                           + " | ".join(f"{x['median']} ms" for x in hugo["edits"])
                           + f" | {hs['median']} ms | {hs['worst']} ms |")
        out.append("\n({} edits per size)".format(
            json.loads(edits[0][1].read_text())["summary"]["edits"]))
    print("\n".join(out))


if __name__ == "__main__":
    main()
