#!/usr/bin/env bash
# Fuzz smoke test: builds the cargo-fuzz targets in fuzz/ and runs each one for
# FUZZ_SECONDS (default 60) from a temporary copy of its committed seed corpus
# (fuzz/corpus/<target>/ is never modified). Exits non-zero if any target finds a crash,
# a panic, an input slower than FUZZ_TIMEOUT seconds or memory over FUZZ_RSS_MB; the
# failing input is kept in fuzz/artifacts/<target>/ (reproduce with
# `cargo fuzz run --sanitizer none -O <target> fuzz/artifacts/<target>/<file>`).
#
#   FUZZ_SECONDS=N        seconds per target (default 60)
#   FUZZ_PROFILE=name     release (default: optimised, many more executions per second) or
#                         dev (unoptimised with debug assertions: builds in about half the
#                         time, which is what the test gate uses to keep CI short)
#   FUZZ_TARGETS="a b"    targets to run (default: all of them)
#   FUZZ_SANITIZER=name   none (default; works on the stable toolchain) or address, which
#                         needs nightly flags: RUSTC_BOOTSTRAP=1 is set for it
#   FUZZ_TIMEOUT=N        per-input time limit in seconds (default 10)
#   FUZZ_RSS_MB=N         memory limit in MiB (default 2048)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
sanitizer=${FUZZ_SANITIZER:-none}
case ${FUZZ_PROFILE:-release} in
  release) profile=-O ;;
  dev) profile=--dev ;;
  *) echo "scripts/fuzz.sh: FUZZ_PROFILE must be release or dev" >&2; exit 2 ;;
esac
timeout=${FUZZ_TIMEOUT:-10}
rss=${FUZZ_RSS_MB:-2048}
targets=${FUZZ_TARGETS:-$(cargo fuzz list)}
if [[ "$sanitizer" != none ]]; then
  export RUSTC_BOOTSTRAP=1
fi

echo "fuzz: building targets (sanitizer: $sanitizer, profile: ${FUZZ_PROFILE:-release})"
cargo fuzz build --sanitizer "$sanitizer" "$profile"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=()
for target in $targets; do
  corpus="$work/$target"
  mkdir -p "$corpus"
  cp -r "fuzz/corpus/$target/." "$corpus/"
  echo "fuzz: $target for ${seconds}s from $(ls "$corpus" | wc -l) seeds"
  if ! cargo fuzz run --sanitizer "$sanitizer" "$profile" "$target" "$corpus" -- \
      -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb="$rss" \
      -max_len=65536 -print_final_stats=1 2>"$work/$target.log"; then
    tail -n 60 "$work/$target.log"
    failed+=("$target")
  else
    grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$work/$target.log" || true
  fi
done

if (( ${#failed[@]} )); then
  echo "fuzz: FAILED: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
echo "fuzz: all targets ran ${seconds}s without a finding"
