#!/usr/bin/env bash
# explain --log over a big synthetic nginx error log (bench/gen_nginx_log.cpp: most lines
# unrelated, ~3% TLS), compared in the same run with what people use today:
#   grep -c 'client SSL certificate verify error'   one fixed string
#   grep -E -c -i -f kb.ere                          the knowledge base's own patterns
# Rounds interleave the tools (the order rotates), so drift on a shared machine hits all alike.
# Reported per tool: median wall seconds, MB/s (10^6 bytes) by wall time and by CPU time
# (user+sys: mtls-doctor and grep are single-threaded, so this is "on one core"), and the paired
# ratio median(competitor s / mtls-doctor s) of the same round.
#
# Environment: SIZE (bytes, default 1 GiB), RUNS (default 5), DATA (the log; generated if
# missing, default /tmp/mtlsd-nginx-error.log), BUILD_DIR (default build-bench), SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${SIZE:-1073741824}
RUNS=${RUNS:-5}
DATA=${DATA:-/tmp/mtlsd-nginx-error.log}
BUILD_DIR=${BUILD_DIR:-build-bench}
die() { echo "explain_log_bench: $*" >&2; exit 1; }

if [[ -z ${SKIP_BUILD:-} ]]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMTLSD_TESTS=OFF -DMTLSD_BENCH=ON >/dev/null
  ninja -C "$BUILD_DIR" mtls-doctor gen_nginx_log >/dev/null
fi
MTLSD=$BUILD_DIR/mtls-doctor
[[ -x $MTLSD ]] || die "no $MTLSD"
if [[ ! -f $DATA || $(stat -c %s "$DATA") -lt $SIZE ]]; then
  echo "generating $SIZE bytes of nginx error log in $DATA"
  "$BUILD_DIR/bench/gen_nginx_log" "$DATA" "$SIZE"
fi
BYTES=$(stat -c %s "$DATA")

# The knowledge base's patterns as POSIX EREs for grep -E: RE2's (?:…) and \d, \s spelled the
# ERE way. They run on the raw lines (explain normalizes whitespace and '_' first), so the
# count can differ slightly; the work is the same kind.
ERE=$(mktemp "${TMPDIR:-/tmp}/mtlsd-kb.XXXXXX.ere")
TIME_OUT=$(mktemp)
trap 'rm -f "$ERE" "$TIME_OUT"' EXIT
grep -h '^pattern:' src/explain/kb/*.kb | sed 's/^pattern: //; s/(?:/(/g; s/\\d/[0-9]/g; s/\\s/[[:space:]]/g' >"$ERE"
PATTERNS=$(wc -l <"$ERE")

TOOLS=(mtlsd grep_fixed grep_kb)
declare -A LABEL=(
  [mtlsd]="mtls-doctor explain --log FILE --format json"
  [grep_fixed]="grep -c 'client SSL certificate verify error'"
  [grep_kb]="grep -E -c -i -f kb.ere ($PATTERNS patterns)"
)
run() {
  case $1 in
    mtlsd) "$MTLSD" explain --log "$DATA" --format json ;;
    grep_fixed) grep -c 'client SSL certificate verify error' "$DATA" || true ;;
    grep_kb) grep -E -c -i -f "$ERE" "$DATA" || true ;;
  esac
}
# measure TOOL: sets WALL, CPU (user+sys) and OUT
measure() {
  local start end
  start=$EPOCHREALTIME
  OUT=$(/usr/bin/time -f '%U %S' -o "$TIME_OUT" bash -c "$(declare -f run); MTLSD=$MTLSD DATA=$DATA ERE=$ERE run $1")
  end=$EPOCHREALTIME
  WALL=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')
  CPU=$(awk '{ printf "%.4f", $1 + $2 }' "$TIME_OUT")
}

echo "warm-up (untimed): what each tool counts on $BYTES bytes"
for t in "${TOOLS[@]}"; do
  measure "$t"
  if [[ $t == mtlsd ]]; then
    echo "  ${LABEL[$t]}: $(jq -c '{lines: .log.lines, explained_lines: .log.explained_lines, prefilter: .log.prefilter, cause: .verdict.cause}' <<<"$OUT")"
  else
    echo "  ${LABEL[$t]}: $OUT lines"
  fi
done

declare -A W C
echo "$RUNS rounds (load average at start: $(cut -d' ' -f1-3 /proc/loadavg))"
for ((r = 0; r < RUNS; r++)); do
  for ((k = 0; k < ${#TOOLS[@]}; k++)); do
    t=${TOOLS[$(((k + r) % ${#TOOLS[@]}))]}
    measure "$t"
    W[$t,$r]=$WALL
    C[$t,$r]=$CPU
  done
  printf '  round %d:' "$((r + 1))"
  for t in "${TOOLS[@]}"; do printf ' %s=%ss(cpu %ss)' "$t" "${W[$t,$r]}" "${C[$t,$r]}"; done
  echo
done

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
values() { local t=$1 m=$2 r; for ((r = 0; r < RUNS; r++)); do eval "echo \${$m[$t,$r]}"; done; }
ratios() { local r; for ((r = 0; r < RUNS; r++)); do awk -v a="${W[$1,$r]}" -v b="${W[mtlsd,$r]}" 'BEGIN { printf "%.4f\n", a / b }'; done; }

echo
printf '%-52s %9s %10s %9s %12s %8s\n' "command ($BYTES bytes)" "median s" "MB/s wall" "cpu s" "MB/s of cpu" "ratio"
for t in "${TOOLS[@]}"; do
  w=$(values "$t" W | median)
  c=$(values "$t" C | median)
  ratio=-
  [[ $t != mtlsd ]] && ratio=$(ratios "$t" | median | awk '{ printf "%.2fx", $1 }')
  printf '%-52s %9.3f %10.0f %9.3f %12.0f %8s\n' "${LABEL[$t]}" "$w" "$(awk -v b="$BYTES" -v s="$w" 'BEGIN { print b / s / 1e6 }')" \
    "$c" "$(awk -v b="$BYTES" -v s="$c" 'BEGIN { print b / s / 1e6 }')" "$ratio"
done
echo
echo "ratio = median over rounds of (competitor wall s / mtls-doctor wall s) in the same round: >1 means mtls-doctor is faster."
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(grep --version | head -1)"
