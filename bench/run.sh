#!/usr/bin/env bash
# Benchmark: katalogs vs Hugo vs Hugo + Pagefind on generated corpora, side by side in one run.
#
#   bench/run.sh [sizes...]          default: 1000 10000
#
# For each size N (number of service cards) it generates (or reuses, cached in bench/work/)
# the katalogs corpus and the equivalent Hugo corpus with bench/corpus.py, then measures:
#
#   katalogs        katalogs build (release binary) with the search index, into a scratch folder
#   hugo            hugo (Debian package) on the equivalent Markdown corpus
#   hugo+pagefind   hugo, then pagefind --site public (npm package, bench/work/node_modules)
#   pagefind        pagefind alone on Hugo's output
#
# each with hyperfine (wall time: mean ± σ over the runs), first as cold builds (the output
# folder removed before each run) and then as rebuilds over the previous output, and one cold
# build more under /usr/bin/time -v (user+sys CPU and peak RSS), with the output's sizes, then the search figures in headless Chromium
# (bench/search_bytes.mjs) and the live preview's edit-to-reload latency
# (bench/edit_latency.mjs, beside Hugo's server: bench/hugo_edit_latency.mjs). Prints the Markdown tables and writes them, with the raw
# measurements, to bench/work/results/<date>/.
#
# Environment: RUNS / WARMUP (hyperfine, default 3 / 1 up to 10k services, 1 / 0 above),
# KATALOGS_BIN (default: cargo build --release and target/release/katalogs),
# PAGEFIND_VERSION (default 1.6.0), SKIP_SEARCH=1 / SKIP_EDIT=1 to skip the browser figures /
# the preview latency.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/bench/work
PAGEFIND_VERSION=${PAGEFIND_VERSION:-1.6.0}
if [ $# -gt 0 ]; then SIZES=("$@"); else SIZES=(1000 10000); fi
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=$WORK/results/$STAMP
mkdir -p "$RESULTS"

need() { command -v "$1" >/dev/null || { echo "missing: $1 ($2)" >&2; exit 3; }; }
need hugo "apt-get install hugo"
need hyperfine "apt-get install hyperfine"
need node "Node.js 20+"
need python3 "Python 3"
[ -x /usr/bin/time ] || { echo "missing: /usr/bin/time (apt-get install time)" >&2; exit 3; }

if [ -z "${KATALOGS_BIN:-}" ]; then
  cargo build --release --quiet
  KATALOGS_BIN=$ROOT/target/release/katalogs
fi
PAGEFIND=$WORK/node_modules/.bin/pagefind
if [ ! -x "$PAGEFIND" ] || ! grep -q "\"version\": \"$PAGEFIND_VERSION\"" "$WORK/node_modules/pagefind/package.json" 2>/dev/null; then
  npm install --prefix "$WORK" --no-audit --no-fund --silent "pagefind@$PAGEFIND_VERSION"
fi

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse HEAD)$(git diff --quiet HEAD -- src themes Cargo.toml Cargo.lock || echo ' (with uncommitted changes)')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "katalogs: $KATALOGS_BIN ($("$KATALOGS_BIN" --version 2>/dev/null || echo '?'))"
  echo "hugo: $(hugo version | cut -d' ' -f2)"
  echo "pagefind: $("$PAGEFIND" --version 2>/dev/null | tail -1)"
  echo "hyperfine: $(hyperfine --version | cut -d' ' -f2)"
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo '?')"
  echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RESULTS/machine.txt"

# The corpus is regenerated when the generator, its data or the size changed.
corpus_stamp() { cat bench/corpus.py bench/data/* content/avoti.yaml | sha256sum | cut -c1-16; }

for N in "${SIZES[@]}"; do
  C=$WORK/corpus-$N
  OUT=$WORK/out-$N
  stamp="$(corpus_stamp)-$N"
  if [ "$(cat "$C/.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "== generating the $N-service corpora"
    rm -rf "$C"
    python3 bench/corpus.py --services "$N" --out "$C/katalogs" --hugo "$C/hugo"
    echo "$stamp" > "$C/.stamp"
  fi
  rm -rf "$OUT"
  mkdir -p "$OUT"
  if [ "$N" -le 10000 ]; then runs=${RUNS:-3}; warm=${WARMUP:-1}; else runs=${RUNS:-1}; warm=${WARMUP:-0}; fi

  K="$KATALOGS_BIN build --quiet --root $C/katalogs --output $OUT/site"
  H="hugo --quiet --source $C/hugo --destination $OUT/public"
  P="$PAGEFIND --site $OUT/public --quiet"
  # One build each first: check the corpora build, record what they produce.
  echo "== $N services: first builds"
  "$KATALOGS_BIN" build --verbose --root "$C/katalogs" --output "$OUT/site" 2>&1 | tee "$RESULTS/katalogs-$N.log" | tail -3
  $H
  $P >/dev/null
  {
    echo "katalogs_html=$(find "$OUT/site" -name '*.html' | wc -l)"
    echo "katalogs_files=$(find "$OUT/site" -type f | wc -l)"
    echo "hugo_html=$(find "$OUT/public" -path "$OUT/public/pagefind" -prune -o -name '*.html' -print | wc -l)"
    echo "hugo_files=$(find "$OUT/public" -path "$OUT/public/pagefind" -prune -o -type f -print | wc -l)"
    echo "pagefind_pages=$(find "$OUT/public" -path "$OUT/public/pagefind" -prune -o -name '*.html' -print | wc -l)"
  } > "$RESULTS/counts-$N.env"

  # Cold builds first: an empty output folder, what CI and a first user see.
  echo "== $N services: cold builds, empty output folder (hyperfine, runs $runs)"
  hyperfine --style basic --runs "$runs" --export-json "$RESULTS/hyperfine-cold-$N.json" \
    --prepare "rm -rf $OUT/site" -n katalogs "$K" \
    --prepare "rm -rf $OUT/public" -n hugo "$H" \
    --prepare "rm -rf $OUT/public" -n hugo+pagefind "$H && $P" \
    --prepare "rm -rf $OUT/public/pagefind" -n pagefind "$P"

  echo "== $N services: cold builds under /usr/bin/time -v"
  rm -rf "$OUT/site"; /usr/bin/time -v -o "$RESULTS/time-$N-katalogs.txt" $K
  rm -rf "$OUT/public"; /usr/bin/time -v -o "$RESULTS/time-$N-hugo.txt" $H
  rm -rf "$OUT/public"; /usr/bin/time -v -o "$RESULTS/time-$N-hugo+pagefind.txt" sh -c "$H && $P"
  rm -rf "$OUT/public/pagefind"; /usr/bin/time -v -o "$RESULTS/time-$N-pagefind.txt" $P
  {
    echo "katalogs_bytes=$(du -sb "$OUT/site" | cut -f1)"
    echo "katalogs_zip_bytes=$(find "$OUT/site" -maxdepth 2 -name '*.zip' -printf '%s\n' | awk '{s+=$1} END {print s+0}')"
    echo "katalogs_exports_bytes=$(du -sb "$OUT/site/dati" 2>/dev/null | cut -f1)"
    echo "katalogs_search_bytes=$(du -sb "$OUT/site/search" | cut -f1)"
    echo "hugo_bytes=$(du -sb --exclude=pagefind "$OUT/public" | cut -f1)"
    echo "pagefind_bytes=$(du -sb "$OUT/public/pagefind" | cut -f1)"
    echo "katalogs_largest_html=$(find "$OUT/site" -name '*.html' -printf '%s %P\n' | sort -rn | head -1 | tr ' ' ':')"
  } >> "$RESULTS/counts-$N.env"

  echo "== $N services: rebuilds over the previous output (hyperfine, warmup $warm, runs $runs)"
  hyperfine --style basic --warmup "$warm" --runs "$runs" --export-json "$RESULTS/hyperfine-$N.json" \
    -n katalogs "$K" -n hugo "$H" -n hugo+pagefind "$H && $P" -n pagefind "$P"

  if [ "${SKIP_SEARCH:-0}" != 1 ]; then
    echo "== $N services: search figures in headless Chromium"
    node bench/search_bytes.mjs --katalogs "$OUT/site" --pagefind "$OUT/public" --json "$RESULTS/search-$N.json"
  fi
  if [ "${SKIP_EDIT:-0}" != 1 ]; then
    echo "== $N services: live preview edit-to-reload latency"
    node bench/edit_latency.mjs --bin "$KATALOGS_BIN" --site "$C/katalogs" --json "$RESULTS/edit-$N.json"
    echo "== $N services: Hugo server edit-to-reload latency"
    node bench/hugo_edit_latency.mjs --site "$C/hugo" --json "$RESULTS/hugo-edit-$N.json"
  fi
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS/machine.txt"

python3 bench/report.py "$RESULTS" "${SIZES[@]}" | tee "$RESULTS/report.md"
echo "results: $RESULTS"
