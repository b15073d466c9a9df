#!/usr/bin/env bash
# README command 2 (and CI): install, check the formatting (.clang-format), build with
# AddressSanitizer + UndefinedBehaviorSanitizer and -Werror,
# fuzz the loader, explain and the peer codecs briefly (libFuzzer), then run the whole suite under ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each phase's wall time, so that a CI log says where its minutes went
# (docs/performance.md, "The test build and CI").
phase_start=$SECONDS
phase() {
  echo "test.sh: $1 took $((SECONDS - phase_start)) s"
  phase_start=$SECONDS
}
./scripts/install-deps.sh
./scripts/check-format.sh
phase "installing and the format check"
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMTLSD_SANITIZE=ON -DMTLSD_WERROR=ON >/dev/null
ninja -C build-test
phase "the sanitizer build"

seconds=${MTLSD_FUZZ_SECONDS:-60}
echo "Fuzzing the loader for ${seconds}s, explain and the peer codecs for a third of that each (log: build-test/fuzz.log)"
if ! fuzz/run.sh "$seconds" >build-test/fuzz.log 2>&1; then
  tail -40 build-test/fuzz.log
  echo "fuzz: a fuzzer found a problem (above)"
  exit 1
fi
grep -E '^Done [0-9]+ runs' build-test/fuzz.log | sed 's/^/fuzz: /' || true
phase "the fuzzers' build and runs"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd build-test
status=0
ctest --output-on-failure -j2 --timeout 600 || status=$?
phase "ctest"
echo "test.sh: ${SECONDS} s in all"
exit "$status"
