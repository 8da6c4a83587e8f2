#!/usr/bin/env bash
# The fuzzing benchmark (issue 8): runs each cargo-fuzz target of fuzz/ for a
# bounded time and prints, per target, the executions, executions per
# second, corpus size and crashes. A benchmark, not a test: it is NOT run by
# scripts/test.sh or CI (a useful run takes tens of minutes). The crash
# inputs worth keeping go to fuzz/regressions/<target>/, which the normal
# `cargo test` replays (core/tests/fuzz_regressions.rs,
# server/tests/fuzz_regressions.rs); docs/RELIABILITY.md records the runs.
#
# Usage: bash scripts/fuzz.sh [target ...]
#   targets: money_parse roster_read loan_book_read push_payload push_ops
#   (default: all, one after the other)
#   FUZZ_SECONDS   seconds per target (default 600)
#   FUZZ_JOBS      libFuzzer worker processes per target (default 1; above
#                  1, run one script at a time: the workers' logs share a name)
#
# Needs Rust nightly (installed with rustup if missing) and cargo-fuzz
# (installed from crates.io if missing). Builds without a sanitizer: every
# line under test is safe Rust (the only C, SQLite, would not be
# instrumented by cargo-fuzz anyway), so AddressSanitizer would only slow
# the runs; debug assertions and overflow checks are on, so an arithmetic
# overflow is a crash.
#
# Corpora: seeded from fuzz/seeds/<target>/, fuzz/regressions/<target>/ and,
# for the readers, the sample files in samples/ and the test workbooks in
# core/tests/data/; the grown corpus stays in fuzz/corpus/<target>/ and the
# crash inputs in fuzz/artifacts/<target>/ (both ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_PER=${FUZZ_SECONDS:-600}
JOBS=${FUZZ_JOBS:-1}
ALL=(money_parse roster_read loan_book_read push_payload push_ops)
if [ "$#" -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL[@]}"); fi

if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

export CARGO_INCREMENTAL=0
BUILD=(--sanitizer none --debug-assertions --codegen-units 16)
cd fuzz
echo "== building the fuzz targets (nightly, no sanitizer, debug assertions)"
cargo +nightly fuzz build "${BUILD[@]}"

seed() {
  local t=$1 dir=corpus/$1
  mkdir -p "$dir" "artifacts/$t"
  for src in "seeds/$t" "regressions/$t"; do
    if [ -d "$src" ]; then find "$src" -maxdepth 1 -type f -exec cp -n {} "$dir/" \; ; fi
  done
  case $t in
    roster_read)
      cp -n "$ROOT"/samples/danh-sach-thanh-vien-clb.* "$ROOT"/core/tests/data/roster/*.xlsx "$dir/" ;;
    loan_book_read)
      cp -n "$ROOT"/samples/so-cho-vay-von-quay-vong.* "$ROOT"/core/tests/data/loan_import/*.xlsx "$dir/" ;;
  esac
}

commit=$(git -C "$ROOT" rev-parse --short HEAD)
summary=()
for t in "${TARGETS[@]}"; do
  seed "$t"
  extra=()
  case $t in
    push_payload) extra=(-dict=dicts/push.dict -max_len=65536) ;;
    # Its inputs are choices, not text: let them be long from the start
    # (libFuzzer otherwise grows the length limit from a few bytes).
    push_ops) extra=(-max_len=4096 -len_control=0) ;;
  esac
  log=artifacts/$t/run.log
  before=$(find "artifacts/$t" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  echo "== $t: ${SECONDS_PER}s, corpus $(find "corpus/$t" -type f | wc -l) files to start"
  # With more than one worker, libFuzzer runs them as child processes that
  # write fuzz-<n>.log in the current directory: one target at a time then.
  if [ "$JOBS" -gt 1 ]; then extra+=(-jobs="$JOBS" -workers="$JOBS"); fi
  status=0
  cargo +nightly fuzz run "${BUILD[@]}" "$t" "corpus/$t" -- \
    -max_total_time="$SECONDS_PER" -timeout=60 -print_final_stats=1 \
    -artifact_prefix="artifacts/$t/" "${extra[@]}" >"$log" 2>&1 || status=$?
  logs=("$log")
  if [ "$JOBS" -gt 1 ]; then logs+=(fuzz-*.log); fi
  execs=$(grep -h '^stat::number_of_executed_units' "${logs[@]}" 2>/dev/null | awk '{s+=$2} END {print s+0}')
  rate=$(grep -h '^stat::average_exec_per_sec' "${logs[@]}" 2>/dev/null | awk '{s+=$2} END {print s+0}')
  rss=$(grep -h '^stat::peak_rss_mb' "${logs[@]}" 2>/dev/null | awk '{if ($2>m) m=$2} END {print m+0}')
  if [ "$JOBS" -gt 1 ]; then rm -f fuzz-*.log; fi
  corpus=$(find "corpus/$t" -type f | wc -l)
  after=$(find "artifacts/$t" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  crashes=$((after - before))
  line="$t: ${SECONDS_PER}s, $execs executions, $rate exec/s, corpus $corpus files, peak RSS ${rss} MB, $crashes new crash(es), exit $status (commit $commit)"
  echo "$line"
  if [ "$crashes" -gt 0 ]; then
    grep -h -m3 -A12 -E "panicked at|ERROR: libFuzzer" "$log" || true
    find "artifacts/$t" -maxdepth 1 -type f -newer "corpus/$t" \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) -printf '   %p\n' || true
  fi
  summary+=("$line")
done

echo
echo "== summary ($(date -u +%Y-%m-%dT%H:%MZ))"
printf '%s\n' "${summary[@]}"
