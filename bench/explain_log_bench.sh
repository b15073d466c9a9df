#!/usr/bin/env bash
# explain --log over big synthetic nginx error logs (bench/gen_nginx_log.cpp), compared in the
# same run with what people reach for today:
#   grep -c -F 'client SSL certificate verify error'   one fixed string (the floor)
#   grep -E -c -i -f kb.ere                             the knowledge base's patterns (POSIX EREs)
#   rg -c -F 'client SSL certificate verify error'      ripgrep, one fixed string
#   rg -c -i -f kb.re2                                  ripgrep with the same patterns (RE2 syntax)
#   mtls-doctor explain --log FILE --jobs 1             one thread
#   mtls-doctor explain --log FILE                      all cores (--jobs default)
# Two logs: the usual day (about 3% TLS lines, SIZE bytes) and a bad day (30% TLS failures,
# BAD_SIZE bytes). Rounds interleave the tools (the order rotates), so drift on a shared machine
# hits all alike. Reported per tool: median wall seconds, MB/s (10^6 bytes) by wall time and by
# CPU time (user+sys), peak RSS (GNU time's %M, KiB), and the paired ratio median(tool s /
# mtls-doctor --jobs 1 s) of the same round. rg runs with its default threads: --threads 1 for
# a one-core comparison is printed too (rg_kb1).
#
# grep -E and rg with all the knowledge base's patterns (948, many with counted repeats such as
# .{0,200}) can take hours on a 1 GiB log: their runs are cut at TOOL_TIMEOUT seconds (default
# 60; GREP_TIMEOUT for grep -E alone) and then reported as "≥ TOOL_TIMEOUT" (its MB/s as an upper
# bound).
#
# Environment: SIZE (default 1 GiB), BAD_SIZE (default 256 MiB), RUNS (default 5), DATA and
# BAD_DATA (the logs; generated if missing: /tmp/mtlsd-nginx-error.log, /tmp/mtlsd-nginx-bad-day.log),
# BUILD_DIR (default build-bench), SKIP_BUILD=1, BASE_BIN (optional: an older mtls-doctor, run
# with --jobs 1 in the same rounds: "before" and "after" under the same load).
# Needs ripgrep (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${SIZE:-1073741824}
BAD_SIZE=${BAD_SIZE:-268435456}
RUNS=${RUNS:-5}
TOOL_TIMEOUT=${TOOL_TIMEOUT:-60}
GREP_TIMEOUT=${GREP_TIMEOUT:-$TOOL_TIMEOUT}  # grep -E with every pattern alone (it reads ~1 KB/s)
DATA=${DATA:-/tmp/mtlsd-nginx-error.log}
BAD_DATA=${BAD_DATA:-/tmp/mtlsd-nginx-bad-day.log}
BUILD_DIR=${BUILD_DIR:-build-bench}
die() { echo "explain_log_bench: $*" >&2; exit 1; }
command -v rg >/dev/null || die "ripgrep (rg) is missing: scripts/install-deps.sh installs it"

if [[ -z ${SKIP_BUILD:-} ]]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMTLSD_TESTS=OFF -DMTLSD_BENCH=ON >/dev/null
  ninja -C "$BUILD_DIR" mtls-doctor gen_nginx_log kb_patterns >/dev/null
fi
MTLSD=$BUILD_DIR/mtls-doctor
[[ -x $MTLSD ]] || die "no $MTLSD"
generate() { # FILE SIZE TLS_PER_10000
  if [[ ! -f $1 || $(stat -c %s "$1") -lt $2 ]]; then
    echo "generating $2 bytes of nginx error log in $1 ($3 TLS lines in 10,000)"
    "$BUILD_DIR/bench/gen_nginx_log" "$1" "$2" "$3"
  fi
}
generate "$DATA" "$SIZE" 300
generate "$BAD_DATA" "$BAD_SIZE" 3000

# The knowledge base's patterns that explain --log counts (bench/kb_patterns.cpp: the loader's own
# expansion, no fallback entry): as written (RE2 syntax, which ripgrep's regex crate reads) and as
# POSIX EREs for grep -E ((?:…) → (…), \d → [0-9], \s → [[:space:]]). Both run on raw lines
# (explain normalizes whitespace and '_' first), so their counts could differ; on the synthetic
# logs they equal explain's explained_events.
KB=$(mktemp "${TMPDIR:-/tmp}/mtlsd-kb.XXXXXX")
TIME_OUT=$(mktemp)
trap 'rm -f "$KB" "$KB.ere" "$KB.rg" "$TIME_OUT"' EXIT
[[ -x $BUILD_DIR/bench/kb_patterns ]] || die "no $BUILD_DIR/bench/kb_patterns (configure with -DMTLSD_BENCH=ON)"
"$BUILD_DIR/bench/kb_patterns" >"$KB"
sed 's/(?:/(/g; s/\\d/[0-9]/g; s/\\s/[[:space:]]/g' "$KB" >"$KB.ere"
# ripgrep 13's regex crate refuses an escaped character that is not a metacharacter ("unrecognized
# escape sequence"); RE2 takes \" for a quote (apple.kb's patterns, since session 19).
sed 's/\\"/"/g' "$KB" >"$KB.rg"
PATTERNS=$(wc -l <"$KB")
LITERAL='client SSL certificate verify error'

TOOLS=(mtlsd1 mtlsdN grep_fixed grep_kb rg_fixed rg_kb rg_kb1)
BASE_BIN=${BASE_BIN:-}
if [[ -n $BASE_BIN ]]; then
  [[ -x $BASE_BIN ]] || die "no $BASE_BIN"
  TOOLS+=(base1)
fi
declare -A LABEL=(
  [base1]="BASE_BIN explain --log FILE --jobs 1 (before)"
  [mtlsd1]="mtls-doctor explain --log FILE --jobs 1"
  [mtlsdN]="mtls-doctor explain --log FILE (--jobs $(nproc))"
  [grep_fixed]="grep -c -F '$LITERAL'"
  [grep_kb]="grep -E -c -i -f kb.ere ($PATTERNS patterns)"
  [rg_fixed]="rg -c -F '$LITERAL'"
  [rg_kb]="rg -c -i -f kb.re2 ($PATTERNS patterns)"
  [rg_kb1]="rg -c -i -f kb.re2 --threads 1"
)
run() { # TOOL FILE
  case $1 in
    mtlsd1) "$MTLSD" explain --log "$2" --format json --jobs 1 ;;
    base1) "$BASE_BIN" explain --log "$2" --format json --jobs 1 ;;
    mtlsdN) "$MTLSD" explain --log "$2" --format json ;;
    # grep and rg exit 1 for no match, 2 for an error (a pattern they cannot read): only 0 and 1 pass.
    grep_fixed) grep -c -F "$LITERAL" "$2" || [[ $? -eq 1 ]] ;;
    grep_kb) grep -E -c -i -f "$KB.ere" "$2" || [[ $? -eq 1 ]] ;;
    rg_fixed) rg -c -F "$LITERAL" "$2" || [[ $? -eq 1 ]] ;;
    rg_kb) rg -c -i -f "$KB.rg" "$2" || [[ $? -eq 1 ]] ;;
    rg_kb1) rg -c -i -f "$KB.rg" --threads 1 "$2" || [[ $? -eq 1 ]] ;;
  esac
}
# measure TOOL FILE: sets WALL, CPU (user+sys), RSS (KiB) and OUT
measure() {
  local start end
  start=$EPOCHREALTIME
  CUT=""
  local limit=0  # no limit but for the tools with every pattern
  [[ $1 == *_kb* ]] && limit=$TOOL_TIMEOUT
  [[ $1 == grep_kb ]] && limit=$GREP_TIMEOUT
  local rc=0
  OUT=$(timeout "$limit" /usr/bin/time -f '%U %S %M' -o "$TIME_OUT" bash -c "$(declare -f run); MTLSD=$MTLSD BASE_BIN=$BASE_BIN KB=$KB LITERAL='$LITERAL' run $1 '$2'") || rc=$?
  # timeout's 124 (GNU time passes the child's status on): cut; any other failure is a broken run.
  if ((rc == 124)); then
    CUT="≥"
  elif ((rc != 0)); then
    die "$1 on $2 failed (exit $rc): its time would mean nothing"
  fi
  end=$EPOCHREALTIME
  WALL=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')
  if [[ -n $CUT ]]; then
    OUT="(cut at ${limit} s)"
    echo "$limit 0 0" >"$TIME_OUT"
  fi
  CPU=$(awk '{ printf "%.4f", $1 + $2 }' "$TIME_OUT")
  RSS=$(awk '{ print $3 }' "$TIME_OUT")
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

bench() { # NAME FILE
  local name=$1 file=$2 bytes t r k
  bytes=$(stat -c %s "$file")
  echo
  echo "== $name: $file, $bytes bytes"
  echo "warm-up (untimed): what each tool counts"
  for t in "${TOOLS[@]}"; do
    measure "$t" "$file"
    if [[ ($t == mtlsd* || $t == base1) && -z $CUT ]]; then
      echo "  ${LABEL[$t]}: $(jq -c '{lines: .log.lines, explained_events: .log.explained_events, explained_lines: .log.explained_lines, prefilter: .log.prefilter, cause: .verdict.cause}' <<<"$OUT")"
    else
      echo "  ${LABEL[$t]}: $OUT lines"
    fi
  done
  declare -gA W=() C=() M=() CUTS=()
  echo "$RUNS rounds (load average at start: $(cut -d' ' -f1-3 /proc/loadavg))"
  for ((r = 0; r < RUNS; r++)); do
    for ((k = 0; k < ${#TOOLS[@]}; k++)); do
      t=${TOOLS[$(((k + r) % ${#TOOLS[@]}))]}
      measure "$t" "$file"
      W[$t,$r]=$WALL
      [[ -n $CUT ]] && CUTS[$t]="≥"
      C[$t,$r]=$CPU
      M[$t,$r]=$RSS
    done
    printf '  round %d:' "$((r + 1))"
    for t in "${TOOLS[@]}"; do printf ' %s=%ss' "$t" "${W[$t,$r]}"; done
    echo
  done
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-52s %9s %10s %9s %12s %10s %8s\n' "command" "median s" "MB/s wall" "cpu s" "MB/s of cpu" "peak KiB" "ratio"
  for t in "${TOOLS[@]}"; do
    local w c m ratio
    w=$(for ((r = 0; r < RUNS; r++)); do echo "${W[$t,$r]}"; done | median)
    c=$(for ((r = 0; r < RUNS; r++)); do echo "${C[$t,$r]}"; done | median)
    m=$(for ((r = 0; r < RUNS; r++)); do echo "${M[$t,$r]}"; done | median)
    ratio=-
    [[ $t != mtlsd1 ]] && ratio=$(for ((r = 0; r < RUNS; r++)); do awk -v a="${W[$t,$r]}" -v b="${W[mtlsd1,$r]}" 'BEGIN { printf "%.4f\n", a / b }'; done | median | awk '{ printf "%.2fx", $1 }')
    printf '%-52s %1s%8.3f %10.0f %9.3f %12.0f %10.0f %8s\n' "${LABEL[$t]}" "${CUTS[$t]:-}" "$w" "$(awk -v b="$bytes" -v s="$w" 'BEGIN { print b / s / 1e6 }')" \
      "$c" "$(awk -v b="$bytes" -v s="$c" 'BEGIN { print b / s / 1e6 }')" "$m" "$ratio"
  done
}

bench "usual day (3% TLS lines)" "$DATA"
bench "bad day (30% TLS failures)" "$BAD_DATA"
echo
echo "ratio = median over rounds of (tool wall s / mtls-doctor --jobs 1 wall s) in the same round: >1 means mtls-doctor on one thread is faster."
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(grep --version | head -1); $(rg --version | head -1)"
