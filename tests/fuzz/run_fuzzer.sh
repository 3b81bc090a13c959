#!/usr/bin/env bash
# Runs one libFuzzer harness for SECONDS: every seed in SEED_DIR first (the regression part), then
# new inputs, kept in WORK_DIR/corpus (the seeds in the repository are only read). Crashes, leaks,
# timeouts and out-of-memory inputs go to WORK_DIR/crashes; on one this prints how to reproduce it
# and exits non-zero. Used by ctest (--fresh: start WORK_DIR/corpus empty, so a short run takes the
# same time every time) and by tools/fuzz (corpus kept between runs).
# Usage: run_fuzzer.sh HARNESS SEED_DIR WORK_DIR SECONDS [--fresh] [libFuzzer flags...]
set -euo pipefail
harness=$1 seeds=$2 work=$3 seconds=$4
shift 4
if [ "${1:-}" = "--fresh" ]; then
  rm -rf "$work/corpus"
  shift
fi
mkdir -p "$work/corpus" "$work/crashes"
name=$(basename "$harness")
name=${name#fuzz_}
flags=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
       -artifact_prefix="$work/crashes/")
dict=$(dirname "$0")/$name.dict
[ -f "$dict" ] && flags+=(-dict="$dict")
before=$(find "$work/crashes" -type f | wc -l)
status=0
"$harness" "${flags[@]}" "$@" "$work/corpus" "$seeds" || status=$?
after=$(find "$work/crashes" -type f | wc -l)
if [ "$status" -ne 0 ] && [ "$after" -eq "$before" ]; then
  echo "tfviz fuzz: $name failed (exit $status) before saving any input: see libFuzzer's words above"
  exit "$status"
fi
if [ "$status" -ne 0 ]; then
  newest=$(ls -t "$work/crashes" | head -1)
  echo "tfviz fuzz: $name found a bug (exit $status); the input is $work/crashes/$newest"
  echo "Reproduce it (runs just that input, with the tests' sanitizer settings):"
  echo "  (. $(dirname "$harness")/sanitizers.env && $harness $work/crashes/$newest)"
  echo "Once fixed, copy it into tests/fuzz/corpus/$name/ so every test run checks it again."
  exit "$status"
fi
echo "tfviz fuzz: $name ran ${seconds}s, no finding; $(find "$work/corpus" -type f | wc -l) inputs in $work/corpus"
