#!/usr/bin/env bash
# inspect_bench.sh: certificates per second and peak memory of `mtls-doctor inspect --format json`
# against `openssl storeutl` and `openssl verify` doing the same work, in the same run.
#
#   bench/inspect_bench.sh                 # RUNS=5 rounds over 10,000 certificates
#   RUNS=9 COUNT=10000 bench/inspect_bench.sh
#   BASELINE_BIN=/tmp/before/build-rel/mtls-doctor bench/inspect_bench.sh   # this build against an older one
#
# Environment:
#   RUNS=5          rounds; every tool runs once per round, in an order rotated each round
#   COUNT=10000     distinct certificates generated (bench/gen_certs.cpp)
#   BUILD_DIR=…     Release build to use/make (default: <repo>/build-bench)
#   SKIP_BUILD=1    use BUILD_DIR as it is (no cmake/ninja)
#   DATA_DIR=…      generate the data there and keep it (default: a temp dir, removed at exit)
#   MTLSD_BIN=…     mtls-doctor binary to measure (default: BUILD_DIR/mtls-doctor)
#   BASELINE_BIN=…  optional: an older mtls-doctor binary measured as two more tools in every round
#                   (`inspect` on the same bundle and the same directory, in the same rotation);
#                   the table gains its rows, with the paired ratio baseline / current (below)
#
# The table: median wall seconds, COUNT/median as certificates per second, median peak RSS,
# median minor page faults (each one costs ≈ 13 µs on a paravirtualised VM: see
# docs/performance.md), and for each competitor the paired ratio: the median over rounds of (competitor seconds / mtls-doctor
# seconds) on the same input shape in the same round, i.e. how many times mtls-doctor's rate is
# the competitor's. Wall time comes from bash's EPOCHREALTIME; peak RSS and faults from GNU
# time's %M and %R (Debian package `time`). Exit codes: inspect exits 1 when it reports a problem (expired
# certificates are in the data), 2 when it cannot run; `openssl verify` exits 2 when some
# certificate fails verification (the expired ones do). Output goes to /dev/null; a warm-up
# round checks every tool really handled COUNT certificates.
#
# With BASELINE_BIN, the baseline rows' ratio is the median over rounds of (baseline seconds /
# current seconds) on the same input in the same round: above 1 the current binary is faster,
# below 1 it is slower. In every round each input's current/baseline pair runs twice, back to
# back, once in each order (current then baseline, and later baseline then current; the pairs
# are units of the rotation), and a round's figure for either binary is the mean of its two runs:
# the two binaries see the same machine, and neither always runs first (on this VM the second of
# two identical runs was often faster). The warm-up also says whether the two binaries wrote the
# same JSON ("checked_at" aside). A summary line gives the per-round ratios, so their spread (the
# noise) can be read next to the median.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-5}
COUNT=${COUNT:-10000}
BUILD_DIR=${BUILD_DIR:-$ROOT/build-bench}
OPENSSL=${OPENSSL:-openssl}

die() { echo "inspect_bench: $*" >&2; exit 2; }
# src_of BIN: the source tree and commit of the CMake build BIN is in (as the tree is now), if any
src_of() {
  local cache src
  cache=$(dirname "$1")/CMakeCache.txt
  [[ -f $cache ]] || { echo "not in a CMake build directory"; return; }
  src=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$cache")
  if git -C "$src" rev-parse --short HEAD >/dev/null 2>&1; then
    echo "built from $src, now at $(git -C "$src" rev-parse --short HEAD)$(git -C "$src" diff --quiet HEAD -- 2>/dev/null && echo ", clean" || echo " + uncommitted changes")"
  else
    echo "built from $src"
  fi
}

[[ -x /usr/bin/time ]] || die "GNU time is needed for peak memory: apt-get install time"
command -v "$OPENSSL" >/dev/null || die "openssl not found"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
[[ $COUNT =~ ^[1-9][0-9]*$ ]] || die "COUNT must be a positive integer"

# --- build ---------------------------------------------------------------------------------
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMTLSD_TESTS=OFF -DMTLSD_BENCH=ON >/dev/null
  ninja -C "$BUILD_DIR" mtls-doctor gen_certs >/dev/null
fi
MTLSD=${MTLSD_BIN:-$BUILD_DIR/mtls-doctor}
GEN=$BUILD_DIR/bench/gen_certs
[[ -x $MTLSD ]] || die "no mtls-doctor at $MTLSD"
[[ -x $GEN ]] || die "no gen_certs at $GEN (configure with -DMTLSD_BENCH=ON)"
BASE=${BASELINE_BIN:-}
if [[ -n $BASE ]]; then
  [[ $BASE == /* ]] || BASE=$PWD/$BASE  # the script works from the data directory below
  [[ -x $BASE ]] || die "no baseline mtls-doctor at $BASE"
fi
[[ $MTLSD == /* ]] || MTLSD=$PWD/$MTLSD

# --- data ----------------------------------------------------------------------------------
if [[ -n ${DATA_DIR:-} ]]; then
  DATA=$DATA_DIR
  mkdir -p "$DATA"
else
  DATA=$(mktemp -d "${TMPDIR:-/tmp}/mtlsd-bench.XXXXXX")
  trap 'rm -rf "$DATA"' EXIT
fi
if [[ ! -f $DATA/bundle.pem || $(find "$DATA/certs" -name "*.pem" 2>/dev/null | wc -l) -ne $COUNT ]]; then
  rm -rf "$DATA/certs" "$DATA/bundle.pem"
  gen_start=$EPOCHREALTIME
  "$GEN" "$DATA" "$COUNT" >/dev/null
  awk -v a="$gen_start" -v b="$EPOCHREALTIME" -v c="$COUNT" -v d="$DATA" \
    'BEGIN { printf "generated %d certificates in %.1f s (%s)\n", c, b - a, d }'
fi
cd "$DATA"  # relative paths: the 10,000 file names passed to `openssl verify` stay short

# --- tools ---------------------------------------------------------------------------------
TOOLS=(mtlsd_bundle storeutl_bundle mtlsd_dir storeutl_dir verify_dir)
declare -A SHAPE=([mtlsd_bundle]=bundle [storeutl_bundle]=bundle [mtlsd_dir]=dir [storeutl_dir]=dir [verify_dir]=dir)
declare -A LABEL=(
  [mtlsd_bundle]="mtls-doctor inspect --format json bundle.pem"
  [storeutl_bundle]="openssl storeutl -noout -certs bundle.pem"
  [mtlsd_dir]="mtls-doctor inspect --format json certs/"
  [storeutl_dir]="openssl storeutl -noout -certs -r certs/"
  [verify_dir]="openssl verify -CAfile ca.pem certs/*.pem"
)
declare -A OK_CODES=([mtlsd_bundle]="0 1" [storeutl_bundle]="0" [mtlsd_dir]="0 1" [storeutl_dir]="0" [verify_dir]="0 2")
UNITS=("${TOOLS[@]}")  # what the rounds rotate: single tools, or a current/baseline pair run back to back
if [[ -n $BASE ]]; then
  TOOLS=(mtlsd_bundle base_bundle storeutl_bundle mtlsd_dir base_dir storeutl_dir verify_dir)
  # Each pair runs twice a round, once in each order, apart: every binary goes first once a round.
  UNITS=("mtlsd_bundle base_bundle" storeutl_bundle "mtlsd_dir base_dir" storeutl_dir
         "base_bundle mtlsd_bundle" verify_dir "base_dir mtlsd_dir")
  SHAPE[base_bundle]=bundle
  SHAPE[base_dir]=dir
  LABEL[base_bundle]="baseline: inspect --format json bundle.pem"
  LABEL[base_dir]="baseline: inspect --format json certs/"
  OK_CODES[base_bundle]="0 1"
  OK_CODES[base_dir]="0 1"
fi
CERT_FILES=(certs/*.pem)
[[ ${#CERT_FILES[@]} -eq $COUNT ]] || die "expected $COUNT files in $DATA/certs"

TIME_OUT=$(mktemp "${TMPDIR:-/tmp}/mtlsd-bench-time.XXXXXX")
ERR_OUT=$(mktemp "${TMPDIR:-/tmp}/mtlsd-bench-err.XXXXXX")
cleanup_tmp() { rm -f "$TIME_OUT" "$ERR_OUT" "$TIME_OUT.out" "$TIME_OUT.out.bundle" "$TIME_OUT.out.dir"; }
if [[ -n ${DATA_DIR:-} ]]; then trap cleanup_tmp EXIT; else trap 'cleanup_tmp; rm -rf "$DATA"' EXIT; fi

# measure NAME OUT: sets SECONDS_TAKEN, RSS_KIB and FAULTS; OUT receives stdout
measure() {
  local name=$1 out=$2 rc=0 start end
  start=$EPOCHREALTIME
  case $name in
    mtlsd_bundle) /usr/bin/time -f '%M %R' -o "$TIME_OUT" "$MTLSD" inspect --format json bundle.pem >"$out" 2>"$ERR_OUT" || rc=$? ;;
    storeutl_bundle) /usr/bin/time -f '%M %R' -o "$TIME_OUT" "$OPENSSL" storeutl -noout -certs bundle.pem >"$out" 2>"$ERR_OUT" || rc=$? ;;
    mtlsd_dir) /usr/bin/time -f '%M %R' -o "$TIME_OUT" "$MTLSD" inspect --format json certs >"$out" 2>"$ERR_OUT" || rc=$? ;;
    base_bundle) /usr/bin/time -f '%M %R' -o "$TIME_OUT" "$BASE" inspect --format json bundle.pem >"$out" 2>"$ERR_OUT" || rc=$? ;;
    base_dir) /usr/bin/time -f '%M %R' -o "$TIME_OUT" "$BASE" inspect --format json certs >"$out" 2>"$ERR_OUT" || rc=$? ;;
    storeutl_dir) /usr/bin/time -f '%M %R' -o "$TIME_OUT" "$OPENSSL" storeutl -noout -certs -r certs >"$out" 2>"$ERR_OUT" || rc=$? ;;
    verify_dir) /usr/bin/time -f '%M %R' -o "$TIME_OUT" "$OPENSSL" verify -CAfile ca.pem "${CERT_FILES[@]}" >"$out" 2>"$ERR_OUT" || rc=$? ;;
  esac
  end=$EPOCHREALTIME
  local ok=0 c
  for c in ${OK_CODES[$name]}; do [[ $rc == "$c" ]] && ok=1; done
  if [[ $ok != 1 ]]; then
    head -5 "$ERR_OUT" >&2
    die "${LABEL[$name]} exited $rc"
  fi
  SECONDS_TAKEN=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')
  read -r RSS_KIB FAULTS < <(tail -1 "$TIME_OUT")
}

# --- warm-up and sanity checks (untimed) -----------------------------------------------------
CHECK=$TIME_OUT.out
declare -A SAME=()
check_count() {  # check_count NAME FOUND
  [[ $2 -eq $COUNT ]] || die "${LABEL[$1]} handled $2 certificates, expected $COUNT"
}
for name in "${TOOLS[@]}"; do
  measure "$name" "$CHECK"
  case $name in
    mtlsd_* | base_*) found=$(grep -c '"sha256_fingerprint"' "$CHECK" || true) ;;
    storeutl_*) found=$(grep -c ': Certificate$' "$CHECK" || true) ;;
    verify_dir) found=$(( $(grep -c ': OK$' "$CHECK" || true) + $(grep -c 'verification failed' "$ERR_OUT" || true) )) ;;
  esac
  check_count "$name" "$found"
  # the same JSON but for "checked_at", the time of the run
  [[ $name == mtlsd_* && -n $BASE ]] && grep -v '^  "checked_at": ' "$CHECK" >"$CHECK.${name#mtlsd_}"
  if [[ $name == base_* ]]; then
    if grep -v '^  "checked_at": ' "$CHECK" | cmp -s - "$CHECK.${name#base_}"; then SAME[${name#base_}]="same output"; else SAME[${name#base_}]="output DIFFERS"; fi
  fi
done
rm -f "$CHECK" "$CHECK.bundle" "$CHECK.dir"

# --- timed rounds --------------------------------------------------------------------------
declare -A T M F K
n=${#UNITS[@]}
echo "mtls-doctor: $MTLSD ($(src_of "$MTLSD"))"
if [[ -n $BASE ]]; then
  echo "baseline:    $BASE ($(src_of "$BASE"))"
  echo "             warm-up: bundle ${SAME[bundle]}, directory ${SAME[dir]} as the current binary"
fi
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
[[ -n $BASE ]] && echo "each round runs the current and the baseline binary twice on each input, in both orders (the table: their mean)"
echo "$RUNS rounds of ${#TOOLS[@]} tools over $COUNT certificates (load average at start: $LOAD_START)"
# shellcheck disable=SC2034  # T, M and F are read through the nameref in values()
for ((r = 0; r < RUNS; r++)); do
  K=()
  for ((k = 0; k < n; k++)); do
    for name in ${UNITS[$(((k + r) % n))]}; do
      measure "$name" /dev/null
      K[$name]=$((${K[$name]:-0} + 1))
      T[$name,$r]=$(awk -v a="${T[$name,$r]:-0}" -v b="$SECONDS_TAKEN" 'BEGIN { printf "%.4f", a + b }')
      M[$name,$r]=$RSS_KIB
      F[$name,$r]=$FAULTS
    done
  done
  for name in "${TOOLS[@]}"; do  # a tool run twice this round: the mean of its two runs
    ((K[$name] == 1)) || T[$name,$r]=$(awk -v a="${T[$name,$r]}" -v k="${K[$name]}" 'BEGIN { printf "%.4f", a / k }')
  done
  printf '  round %d (load %s):' "$((r + 1))" "$(cut -d' ' -f1 /proc/loadavg)"
  for name in "${TOOLS[@]}"; do printf ' %s=%ss' "$name" "${T[$name,$r]}"; done
  printf '\n'
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
values() {  # values NAME ARRAY: the ARRAY[NAME,round] of every round
  local -n arr=$2
  local r
  for ((r = 0; r < RUNS; r++)); do echo "${arr[$1,$r]}"; done
}
ratios() {  # ratios COMPETITOR MTLSD: per-round competitor/mtlsd seconds
  local r; for ((r = 0; r < RUNS; r++)); do awk -v a="${T[$1,$r]}" -v b="${T[$2,$r]}" 'BEGIN { printf "%.4f\n", a / b }'; done
}

echo
printf '%-45s %6s %9s %10s %9s %8s %8s\n' "command ($COUNT certificates)" input "median s" "certs/s" "peak MiB" "faults" "ratio"
for name in "${TOOLS[@]}"; do
  med=$(values "$name" T | median)
  rss=$(values "$name" M | median)
  faults=$(values "$name" F | median)
  rate=$(awk -v c="$COUNT" -v t="$med" 'BEGIN { printf "%.0f", c / t }')
  mib=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')
  ratio="-"
  case $name in
    storeutl_bundle) ratio=$(ratios "$name" mtlsd_bundle | median) ;;
    storeutl_dir | verify_dir) ratio=$(ratios "$name" mtlsd_dir | median) ;;
    base_bundle) ratio=$(ratios "$name" mtlsd_bundle | median) ;;
    base_dir) ratio=$(ratios "$name" mtlsd_dir | median) ;;
  esac
  [[ $ratio != - ]] && ratio=$(awk -v x="$ratio" 'BEGIN { printf "%.2fx", x }')
  printf '%-45s %6s %9.3f %10s %9s %8.0f %8s\n' "${LABEL[$name]}" "${SHAPE[$name]}" "$med" "$rate" "$mib" "$faults" "$ratio"
done
echo
echo "ratio = median over rounds of (competitor seconds / mtls-doctor seconds) on the same input in the same round:"
echo "        mtls-doctor's certificates per second as a multiple of the competitor's (target: >= 3x storeutl)."
if [[ -n $BASE ]]; then
  echo "baseline rows: ratio = median over rounds of (baseline seconds / current seconds), same input, same round;"
  echo "        above 1: the current binary is faster; below 1: slower."
  for shape in bundle dir; do
    printf 'baseline / current, %-6s: %.3fx (median of %d rounds; per round: %s)\n' "$shape" \
      "$(ratios "base_$shape" "mtlsd_$shape" | median)" "$RUNS" "$(ratios "base_$shape" "mtlsd_$shape" | awk '{ printf "%s%.3f", (NR > 1 ? " " : ""), $1 }')"
  done
fi
echo "load average: $LOAD_START at start, $LOAD_END at end"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $("$OPENSSL" version)"
