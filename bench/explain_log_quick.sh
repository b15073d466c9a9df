#!/usr/bin/env bash
# One quick round of explain --log's scan (the library call, bench/explain_log_driver.cpp, built
# against BUILD_DIR's libmtlsd_explain.a without the CLI) against grep and ripgrep on the logs of
# bench/explain_log_bench.sh, with CPU seconds (user+sys) and peak RSS per tool. For a step when
# the full bench (medians, paired ratios, the CLI) cannot run; it does not replace it.
# Environment: BUILD_DIR (default build-rel, needs libmtlsd_explain.a and libmtlsd_core.a; build
# them with `ninja -C BUILD_DIR mtlsd_explain`), DATA, BAD_DATA (as explain_log_bench.sh; must
# exist), TOOL_TIMEOUT (default 30 s), BASE (optional: another driver binary to compare, e.g. one
# built at an older commit).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-rel}
DATA=${DATA:-/tmp/mtlsd-nginx-error.log}
BAD_DATA=${BAD_DATA:-/tmp/mtlsd-nginx-bad-day.log}
TOOL_TIMEOUT=${TOOL_TIMEOUT:-30}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mtlsd-quick.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
HS_LIBS=$(pkg-config --libs libhs 2>/dev/null || true)
g++ -std=c++2b -O2 -Iinclude bench/explain_log_driver.cpp "$BUILD_DIR/libmtlsd_explain.a" "$BUILD_DIR/libmtlsd_core.a" \
  -lre2 $HS_LIBS -lfmt -pthread -o "$WORK/driver"
g++ -std=c++2b -O2 -Iinclude bench/kb_patterns.cpp "$BUILD_DIR/libmtlsd_explain.a" "$BUILD_DIR/libmtlsd_core.a" \
  -lre2 $HS_LIBS -lfmt -pthread -o "$WORK/kb_patterns"
"$WORK/kb_patterns" >"$WORK/kb.re2"
sed 's/(?:/(/g; s/\\d/[0-9]/g; s/\\s/[[:space:]]/g' "$WORK/kb.re2" >"$WORK/kb.ere"
L='client SSL certificate verify error'
echo "| log | command | wall s | CPU s (user+sys) | MB per CPU s | peak RSS KiB | output |"
echo "|---|---|---:|---:|---:|---:|---|"
for f in "$DATA" "$BAD_DATA"; do
  bytes=$(stat -c %s "$f")
  tools=(scan1 scan1off scan2 grepF rgF rgkb rgkb1 grepkb)
  [[ -n ${BASE:-} ]] && tools+=(base1)
  for t in "${tools[@]}"; do
    case $t in
      scan1) c="$WORK/driver $f 1" ;;
      scan1off) c="$WORK/driver $f 1 off" ;;
      scan2) c="$WORK/driver $f $(nproc)" ;;
      base1) c="$BASE $f 1" ;;
      grepF) c="grep -c -F '$L' $f" ;;
      rgF) c="rg -c -F '$L' $f" ;;
      rgkb) c="rg -c -i -f $WORK/kb.re2 $f" ;;
      rgkb1) c="rg -c -i -f $WORK/kb.re2 --threads 1 $f" ;;
      grepkb) c="grep -E -c -i -f $WORK/kb.ere $f" ;;
    esac
    s=$EPOCHREALTIME
    out=$(timeout "$TOOL_TIMEOUT" /usr/bin/time -f '%U %S %M' -o "$WORK/t" bash -c "$c" 2>&1) || out="cut at $TOOL_TIMEOUT s"
    e=$EPOCHREALTIME
    u=-; sy=-; m=-
    read -r u sy m < <(tail -1 "$WORK/t" 2>/dev/null) || true
    [[ $out == cut* ]] && { u=-; sy=-; m=-; }
    cpu=$(awk -v u="$u" -v s="$sy" 'BEGIN { if (u == "-") print "-"; else printf "%.2f", u + s }')
    rate=$(awk -v b="$bytes" -v c="$cpu" 'BEGIN { if (c == "-" || c == 0) print "-"; else printf "%.0f", b / c / 1e6 }')
    echo "| $(basename "$f") | \`${c//$WORK\//}\` | $(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.2f", b - a }') | $cpu | $rate | $m | $out |"
  done
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
