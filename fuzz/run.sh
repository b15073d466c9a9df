#!/usr/bin/env bash
# fuzz/run.sh [SECONDS]: build the fuzzers with clang and run the loader fuzzer on fuzz/corpus for
# SECONDS (default 60), then the explain fuzzer (explain TEXT and explain --log) on
# fuzz/explain-corpus and the peer fuzzer (wire's HTTP request/response, PostgreSQL and SMTP codecs and STARTTLS
# dialogues, a proxy's CONNECT and SOCKS5 answers) on fuzz/peer-corpus and the policy fuzzer (parse, lint, export) on fuzz/policy-corpus, each for a third of that, and the
# server-configuration fuzzer (nginx, Apache httpd and HAProxy syntax, Apache expressions and HAProxy ACL
# conditions) on fuzz/config-corpus and the monitor-configuration fuzzer on fuzz/monitor-corpus for a
# sixth each, in two lanes that run at once (the loader and monitor fuzzers in one, the rest in the
# other; their output follows lane by lane). Exits non-zero when a fuzzer finds a crash, a leak, a
# timeout or an out-of-memory; the input that caused it is left in $MTLSD_FUZZ_BUILD/artifacts/
# (default build-fuzz/).
#
# Reproduce one input:  build-fuzz/fuzz/loader_fuzz build-fuzz/artifacts/crash-…
# Minimise it:          build-fuzz/fuzz/loader_fuzz -minimize_crash=1 -runs=100000 crash-…
#
# The compiler: $CXX if set, else the first clang++ that can use libstdc++'s <expected> (clang 19
# or newer; Debian 12: apt-get install clang-19 libclang-rt-19-dev).
#
# The seeds in corpus/ were made with the openssl CLI (encrypted ones with the password "fuzz",
# which the target's password provider answers), e.g.:
#   openssl ecparam -name prime256v1 -genkey -noout | openssl pkey -out ec.key
#   openssl req -x509 -new -key ec.key -subj /CN=fuzz -days 1 -addext subjectAltName=DNS:a,IP:127.0.0.1 -out cert.pem
#   openssl x509 -in cert.pem -outform DER -out cert.der;  openssl x509 -in cert.pem -trustout -out trusted.pem
#   openssl pkey -in ec.key -aes256 -passout pass:fuzz -out key-pkcs8-enc.pem
#   openssl pkey -in ec.key -traditional -aes128 -passout pass:fuzz -out key-sec1-enc.pem
#   openssl pkcs8 -topk8 -in ec.key -v2 aes128 -iter 1 -passout pass:fuzz -outform DER -out key-pkcs8-enc.der
#   openssl pkcs12 -export -in cert.pem -inkey ec.key -passout pass:fuzz -iter 1 -out modern.p12
#   openssl pkcs12 -export -legacy -in cert.pem -inkey ec.key -passout pass:fuzz -out legacy.p12
#   crl.pem: a CRL from `mtls-doctor lab create`; openssl crl -in crl.pem -outform DER -out crl.der
set -euo pipefail

seconds="${1:-60}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
build="${MTLSD_FUZZ_BUILD:-$root/build-fuzz}"

has_expected() {
  printf '#include <expected>\nstd::expected<int,int> f(){return 1;}\nint main(){return f().value()-1;}\n' |
    "$1" -std=c++2b -x c++ -fsyntax-only - >/dev/null 2>&1
}

cxx="${CXX:-}"
if [[ -z "$cxx" ]]; then
  for candidate in clang++ clang++-21 clang++-20 clang++-19; do
    if command -v "$candidate" >/dev/null && has_expected "$candidate"; then
      cxx="$candidate"
      break
    fi
  done
fi
if [[ -z "$cxx" ]]; then
  echo "fuzz/run.sh: no clang++ that can use <expected> from libstdc++ (needs clang 19+;" \
       "Debian 12: apt-get install clang-19 libclang-rt-19-dev)" >&2
  exit 2
fi

mkdir -p "$build"
# CMake drops every -D option when the compiler of an existing build changes: start afresh.
cxx_path="$(command -v "$cxx" || echo "$cxx")"
if [[ -f "$build/CMakeCache.txt" ]] &&
   [[ "$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")" != "$cxx_path" ]]; then
  rm -rf "$build/CMakeCache.txt" "$build/CMakeFiles"
fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx_path" -DCMAKE_BUILD_TYPE=Debug \
  -DMTLSD_FUZZ=ON -DMTLSD_TESTS=OFF -DMTLSD_SANITIZE=OFF >"$build/configure.log" 2>&1 ||
  { cat "$build/configure.log" >&2; exit 2; }
ninja -C "$build" loader_fuzz explain_fuzz peer_fuzz policy_fuzz config_fuzz monitor_fuzz

artifacts="$build/artifacts"
# fuzz NAME CORPUS-DIR SECONDS MAX-LEN [OPTION...]: one fuzzer's run; new inputs go to a scratch
# corpus beside the committed seeds.
fuzz() {
  local name=$1 corpus=$2 time=$3 max_len=$4
  shift 4
  mkdir -p "$build/$corpus"
  "$build/fuzz/$name" "$build/$corpus" "$here/$corpus" -max_total_time="$time" -max_len="$max_len" \
    -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$artifacts/" -print_final_stats=1 "$@"
}
third=$(((seconds + 2) / 3))
sixth=$(((seconds + 5) / 6))
# A fuzzer runs on one core: two lanes at once, one per core of CI's two, each stopping at its
# first failure; each lane takes 7/6 of SECONDS (one after the other, the six took 7/3).
lane_one() {
  fuzz explain_fuzz explain-corpus "$third" 8192 &&
    fuzz peer_fuzz peer-corpus "$third" 16384 &&
    fuzz policy_fuzz policy-corpus "$third" 8192 &&
    fuzz config_fuzz config-corpus "$sixth" 8192
}
lane_two() {
  fuzz loader_fuzz corpus "$seconds" 65536 -dict="$here/loader.dict" &&
    fuzz monitor_fuzz monitor-corpus "$sixth" 8192
}
mkdir -p "$artifacts"
lane_one >"$build/lane-one.log" 2>&1 &
one=$!
lane_two >"$build/lane-two.log" 2>&1 &
two=$!
status=0
wait "$one" || status=$?
wait "$two" || status=$?
cat "$build/lane-one.log" "$build/lane-two.log"
if [[ $status -ne 0 ]]; then
  echo "fuzz/run.sh: the fuzzer failed (exit $status); inputs in $artifacts:" >&2
  ls -l "$artifacts" >&2 || true
fi
exit "$status"
