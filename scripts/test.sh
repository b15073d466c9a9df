#!/usr/bin/env bash
# README command 2 (and CI): install, build with AddressSanitizer + UndefinedBehaviorSanitizer,
# run the whole suite under ctest, then the loader fuzzer briefly.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMTLSD_SANITIZE=ON >/dev/null
ninja -C build-test
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
(cd build-test && ctest --output-on-failure -j2 --timeout 600)
if [ -x fuzz/run.sh ]; then
  fuzz/run.sh "${MTLSD_FUZZ_SECONDS:-60}"
fi
