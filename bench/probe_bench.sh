#!/usr/bin/env bash
# probe_bench.sh: full mTLS probes per second and client CPU per probe of
# `mtls-doctor diagnose --targets` against one local nginx listening on 200 loopback ports, compared
# in the same run with a bare OpenSSL handshake loop (`openssl s_time -new`), curl (a sequential
# shell loop, `xargs -P`, and one `curl --parallel` process) and, where it is installed or
# installable from Debian, the Prometheus blackbox exporter's mTLS http probe.
#
#   bench/probe_bench.sh                  # RUNS=5 rounds
#   RUNS=1 bench/probe_bench.sh           # one round, to try it out
#   BASELINE_BIN=/tmp/before/build-rel/mtls-doctor bench/probe_bench.sh   # this build against an older one
#
# Environment:
#   RUNS=5            rounds; every tool runs once per round, in an order rotated each round
#   PORTS=200         nginx listening ports = targets (one probe per port)
#   NGINX_WORKERS=1   nginx worker processes (1 or 2; the machine has 2 CPUs shared by client and server)
#   PROTOCOLS="TLSv1.2 TLSv1.3"   nginx's ssl_protocols (the default of nginx >= 1.23.4; Debian 12's
#                     nginx 1.22 alone would offer TLS 1.2 at most)
#   STIME_SECONDS=2   `openssl s_time -time` (s_time has no fixed handshake count)
#   PARALLEL=50       concurrency of `xargs -P`, `curl --parallel` and the blackbox exporter's driver
#   ONE_REPEAT=20     the 1-target mtls-doctor run (fixed cost per process) is repeated this often per round
#   BLACKBOX=auto     auto: use prometheus-blackbox-exporter, installing the Debian package if missing;
#                     0: skip it; installed: use it only if already installed
#   MAX_LOAD=3        wait (up to LOAD_TRIES × 30 s) for the 1-minute load average to fall below this
#   LOAD_TRIES=6
#   BUILD_DIR=…       Release build to use/make (default: <repo>/build-bench)
#   SKIP_BUILD=1      use BUILD_DIR as it is (no cmake/ninja)
#   MTLSD_BIN=…       mtls-doctor binary to measure (default: BUILD_DIR/mtls-doctor)
#   BASELINE_BIN=…    optional: an older mtls-doctor binary, measured in every round exactly as the
#                     current one is (--concurrency 1, 50, 200 and the 1-target process, same targets,
#                     same identity, same rotation); the table gains its rows, and a section gives the
#                     paired ratios baseline / current of client CPU per probe and of wall time (below)
#   KEEP=1            keep the temporary directory (lab, nginx.conf, outputs) and print its path
#
# When the working tree does not build (other work in progress), the last commit is built instead
# in a worktree at /tmp/probe-bench-wt (`git worktree add --detach`; the main working tree is not
# touched), and the output says so.
#
# What is measured, per tool and round: wall time (bash's EPOCHREALTIME around the client command),
# client CPU (user+sys of the client's process tree from GNU time's %U %S; for the blackbox
# exporter, the exporter process's own CPU from /proc/PID/stat, since it is the prober; the curl
# driving it is reported apart), and the nginx workers' CPU (from /proc/PID/stat) during the run.
# Every timed run is checked: all PORTS targets must have answered HTTP 200 (curl), cause `ok`
# (mtls-doctor, with jq), probe_success 1 (blackbox), or the run is an error. No figure is
# asserted: the script prints them with the targets and whether they were met, and exits 0.
#
# With BASELINE_BIN, every current/baseline pair (--concurrency 1, 50, 200, the 1-target process)
# runs twice a round, back to back, once in each order (current then baseline, and later baseline
# then current; the pairs are units of the rotation), and a round's figure for either binary is
# the mean of its two runs: the two see the same machine and the same nginx, and neither always
# runs first. The ratios are medians over rounds of the per-round (baseline / current) of client
# CPU per probe and of wall time: above 1 the current binary is faster or cheaper, below 1 it is
# slower or costlier. The per-round values are printed too: their spread is the noise. The lab is
# created by the current binary and used by both.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-5}
PORTS=${PORTS:-200}
NGINX_WORKERS=${NGINX_WORKERS:-1}
PROTOCOLS=${PROTOCOLS:-TLSv1.2 TLSv1.3}
STIME_SECONDS=${STIME_SECONDS:-2}
PARALLEL=${PARALLEL:-50}
ONE_REPEAT=${ONE_REPEAT:-20}
BLACKBOX=${BLACKBOX:-auto}
MAX_LOAD=${MAX_LOAD:-3}
LOAD_TRIES=${LOAD_TRIES:-6}
BUILD_DIR=${BUILD_DIR:-$ROOT/build-bench}
OPENSSL=${OPENSSL:-openssl}
NGINX=${NGINX:-nginx}
CURL=${CURL:-curl}

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
die() { echo "probe_bench: $*" >&2; exit 2; }
note() { echo "probe_bench: $*" >&2; }
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

[[ -x /usr/bin/time ]] || die "GNU time is needed for the client CPU: apt-get install time"
for tool in "$OPENSSL" "$NGINX" "$CURL" jq awk; do command -v "$tool" >/dev/null || die "$tool not found"; done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
[[ $PORTS =~ ^[1-9][0-9]*$ ]] || die "PORTS must be a positive integer"
[[ $NGINX_WORKERS =~ ^[12]$ ]] || die "NGINX_WORKERS must be 1 or 2"
[[ $STIME_SECONDS =~ ^[1-9][0-9]*$ ]] || die "STIME_SECONDS must be a positive integer"
[[ $PARALLEL =~ ^[1-9][0-9]*$ ]] || die "PARALLEL must be a positive integer"
[[ $ONE_REPEAT =~ ^[1-9][0-9]*$ ]] || die "ONE_REPEAT must be a positive integer"
CLK_TCK=$(getconf CLK_TCK)

# --- build ---------------------------------------------------------------------------------
TREE="built from the working tree of $ROOT ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
if git -C "$ROOT" diff --quiet HEAD -- 2>/dev/null; then TREE+=", clean)"; else TREE+=" + uncommitted changes)"; fi
if [[ ${SKIP_BUILD:-0} != 1 && -z ${MTLSD_BIN:-} ]]; then
  if ! { cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMTLSD_TESTS=OFF -DMTLSD_BENCH=ON >/dev/null &&
         ninja -C "$BUILD_DIR" mtls-doctor >/dev/null; }; then
    WT=/tmp/probe-bench-wt
    note "the working tree does not build; building the last commit in $WT instead"
    [[ -d $WT ]] || git -C "$ROOT" worktree add --detach "$WT" HEAD >/dev/null
    BUILD_DIR=$WT/build-bench
    cmake -S "$WT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMTLSD_TESTS=OFF -DMTLSD_BENCH=ON >/dev/null
    ninja -C "$BUILD_DIR" mtls-doctor >/dev/null
    TREE="built from the last commit $(git -C "$WT" rev-parse --short HEAD) (worktree $WT; the working tree did not build)"
  fi
fi
MTLSD=${MTLSD_BIN:-$BUILD_DIR/mtls-doctor}
[[ -x $MTLSD ]] || die "no mtls-doctor at $MTLSD"
[[ ${SKIP_BUILD:-0} == 1 ]] && TREE="SKIP_BUILD=1: $BUILD_DIR as it is, $(src_of "$MTLSD")"
[[ -n ${MTLSD_BIN:-} ]] && TREE="MTLSD_BIN=$MTLSD_BIN, $(src_of "$MTLSD")"
[[ $MTLSD == /* ]] || MTLSD=$PWD/$MTLSD  # the tools run from the lab directory
BASE=${BASELINE_BIN:-}
if [[ -n $BASE ]]; then
  [[ $BASE == /* ]] || BASE=$PWD/$BASE
  [[ -x $BASE ]] || die "no baseline mtls-doctor at $BASE"
fi

# --- temp dir, cleanup ---------------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mtlsd-probe-bench.XXXXXX")
NGINX_PID=""
BB_PID=""
cleanup() {
  stop_pid "$BB_PID"
  stop_pid "$NGINX_PID"
  if [[ ${KEEP:-0} == 1 ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- lab and targets -------------------------------------------------------------------------
LAB=$WORK/lab
"$MTLSD" lab create "$LAB" >/dev/null
cat "$LAB/server-good.crt" "$LAB/server-good-chain.pem" >"$LAB/server-fullchain.pem"
cat "$LAB/client-good.crt" "$LAB/client-good-chain.pem" >"$LAB/client-fullchain.pem"

# PORTS free TCP ports below the ephemeral range, none bound by anyone (IPv4 or IPv6).
# One more for the blackbox exporter.
mapfile -t LIST < <(free_ports $((PORTS + 1)))
((${#LIST[@]} == PORTS + 1)) || die "not enough free ports below 32768"
BB_FREE_PORT=${LIST[-1]}
unset 'LIST[-1]'

: >"$WORK/targets.txt"
: >"$WORK/urls.txt"
: >"$WORK/curl-parallel.cfg"
: >"$WORK/blackbox.cfg"
for p in "${LIST[@]}"; do
  echo "127.0.0.1:$p" >>"$WORK/targets.txt"
  echo "https://127.0.0.1:$p/" >>"$WORK/urls.txt"
  printf 'url = "https://127.0.0.1:%s/"\noutput = "/dev/null"\n' "$p" >>"$WORK/curl-parallel.cfg"
done
echo "127.0.0.1:${LIST[0]}" >"$WORK/one.txt"

# --- nginx: one server block, PORTS listen sockets (bench/lib.sh) ----------------------------
nginx_mtls_conf "$WORK" "$LAB" "$NGINX_WORKERS" "$PROTOCOLS" "${LIST[@]}" >"$WORK/nginx.conf"
start_nginx "$NGINX" "$WORK/nginx.conf" "$WORK" "$NGINX_WORKERS" "${LIST[0]}" "${LIST[-1]}" || die "nginx did not start"

# --- the Prometheus blackbox exporter (optional; bench/lib.sh) --------------------------------
find_blackbox "$BLACKBOX" "$WORK"
BB_PORT=""
if [[ -n $BB_BIN ]]; then
  BB_PORT=$BB_FREE_PORT
  start_blackbox "$WORK" "$LAB" "$BB_PORT" "$CURL" || die "the blackbox exporter did not start"
  mkdir -p "$WORK/bb"
  for i in "${!LIST[@]}"; do
    printf 'url = "http://127.0.0.1:%s/probe?module=mtls_2xx&target=https://127.0.0.1:%s/"\noutput = "%s/bb/%d"\n' \
      "$BB_PORT" "${LIST[$i]}" "$WORK" "$i" >>"$WORK/blackbox.cfg"
  done
fi

# --- tools ---------------------------------------------------------------------------------
cd "$LAB"
ID_ARGS=(--cert client-good.crt --chain client-good-chain.pem --key client-good.key --cacert server-ca.pem)
CURL_ARGS=(-s --cert client-fullchain.pem --key client-good.key --cacert server-ca.pem)
TOOLS=(mtlsd_c1 mtlsd_c50 mtlsd_c200 mtlsd_one stime curl_loop curl_xargs curl_parallel)
UNITS=("${TOOLS[@]}")  # what the rounds rotate: single tools, or a current/baseline pair run back to back
if [[ -n $BASE ]]; then
  TOOLS=(mtlsd_c1 base_c1 mtlsd_c50 base_c50 mtlsd_c200 base_c200 mtlsd_one base_one stime curl_loop curl_xargs curl_parallel)
  # Each pair runs twice a round, once in each order, apart: every binary goes first once a round.
  UNITS=("mtlsd_c1 base_c1" "mtlsd_c50 base_c50" "mtlsd_c200 base_c200" "mtlsd_one base_one" stime
         "base_c1 mtlsd_c1" curl_loop "base_c50 mtlsd_c50" curl_xargs "base_c200 mtlsd_c200" curl_parallel "base_one mtlsd_one")
fi
[[ -n $BB_BIN ]] && TOOLS+=(blackbox) && UNITS+=(blackbox)
declare -A LABEL=(
  [mtlsd_c1]="mtls-doctor diagnose --concurrency 1"
  [mtlsd_c50]="mtls-doctor diagnose --concurrency 50"
  [mtlsd_c200]="mtls-doctor diagnose --concurrency 200"
  [mtlsd_one]="mtls-doctor diagnose, 1 target (per process)"
  [stime]="openssl s_time -new (sequential, 1 port)"
  [curl_loop]="curl, shell loop (sequential)"
  [curl_xargs]="curl, xargs -P $PARALLEL"
  [curl_parallel]="curl --parallel-max $PARALLEL (1 process)"
  [blackbox]="blackbox exporter, $PARALLEL concurrent /probe"
  [base_c1]="baseline: diagnose --concurrency 1"
  [base_c50]="baseline: diagnose --concurrency 50"
  [base_c200]="baseline: diagnose --concurrency 200"
  [base_one]="baseline: diagnose, 1 target (per process)"
)

TIME_OUT=$WORK/time.out
OUT=$WORK/out
ERR=$WORK/err


# shellcheck disable=SC2016  # the bash -c scripts expand their own arguments
# run NAME: runs the tool once; stdout to $OUT, stderr to $ERR, GNU time to $TIME_OUT
run() {
  local rc=0 bin=$MTLSD
  [[ $1 == base_* ]] && bin=$BASE
  case $1 in
    mtlsd_c* | base_c*)
      /usr/bin/time -f '%U %S' -o "$TIME_OUT" "$bin" diagnose --targets "$WORK/targets.txt" --concurrency "${1#*_c}" \
        "${ID_ARGS[@]}" --format json >"$OUT" 2>"$ERR" || rc=$? ;;
    mtlsd_one | base_one)
      /usr/bin/time -f '%U %S' -o "$TIME_OUT" bash -c 'for ((i = 0; i < $1; i++)); do "${@:2}" || exit; done' _ "$ONE_REPEAT" \
        "$bin" diagnose --targets "$WORK/one.txt" --concurrency 1 "${ID_ARGS[@]}" --format json >"$OUT" 2>"$ERR" || rc=$? ;;
    stime)
      /usr/bin/time -f '%U %S' -o "$TIME_OUT" "$OPENSSL" s_time -new -connect "127.0.0.1:${LIST[0]}" \
        -cert client-good.crt -key client-good.key -CAfile server-ca.pem -time "$STIME_SECONDS" >"$OUT" 2>"$ERR" || rc=$? ;;
    curl_loop)
      /usr/bin/time -f '%U %S' -o "$TIME_OUT" bash -c 'while read -r u; do "${@:1}" -o /dev/null -w "%{http_code}\n" "$u" || exit; done' _ \
        "$CURL" "${CURL_ARGS[@]}" <"$WORK/urls.txt" >"$OUT" 2>"$ERR" || rc=$? ;;
    curl_xargs)
      /usr/bin/time -f '%U %S' -o "$TIME_OUT" xargs -P "$PARALLEL" -n 1 "$CURL" "${CURL_ARGS[@]}" -o /dev/null -w '%{http_code}\n' \
        <"$WORK/urls.txt" >"$OUT" 2>"$ERR" || rc=$? ;;
    curl_parallel)
      /usr/bin/time -f '%U %S' -o "$TIME_OUT" "$CURL" "${CURL_ARGS[@]}" --parallel --parallel-max "$PARALLEL" -w '%{http_code}\n' \
        -K "$WORK/curl-parallel.cfg" >"$OUT" 2>"$ERR" || rc=$? ;;
    blackbox)
      rm -f "$WORK"/bb/*
      /usr/bin/time -f '%U %S' -o "$TIME_OUT" "$CURL" -s --parallel --parallel-max "$PARALLEL" -K "$WORK/blackbox.cfg" \
        >"$OUT" 2>"$ERR" || rc=$? ;;
  esac
  RC=$rc
}

# check NAME: every target really got a full, successful mTLS exchange; sets PROBES
check() {
  local n
  case $1 in
    mtlsd_c* | base_c*)
      [[ $RC == 0 ]] || { head -c 2000 "$OUT" >&2; head -5 "$ERR" >&2; die "${LABEL[$1]} exited $RC"; }
      n=$(jq -r '.verdict.cause' "$OUT" | grep -cx ok || true)
      [[ $n -eq $PORTS && $(wc -l <"$OUT") -eq $PORTS ]] ||
        { jq -c '{target, cause: .verdict.cause}' "$OUT" | grep -v '"ok"' | head -5 >&2; die "${LABEL[$1]}: $n of $PORTS targets say ok"; }
      PROBES=$PORTS ;;
    mtlsd_one | base_one)
      [[ $RC == 0 ]] || { head -5 "$ERR" >&2; die "${LABEL[$1]} exited $RC"; }
      n=$(jq -r '.verdict.cause' "$OUT" | grep -cx ok || true)
      [[ $n -eq $ONE_REPEAT ]] || die "${LABEL[$1]}: $n of $ONE_REPEAT runs say ok"
      PROBES=$ONE_REPEAT ;;
    stime)
      [[ $RC == 0 ]] || { head -5 "$ERR" >&2; die "s_time exited $RC"; }
      n=$(awk '/connections in [0-9.]+s;/ { print $1; exit }' "$OUT")
      [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || { cat "$OUT" "$ERR" >&2; die "s_time: no connection count"; }
      PROBES=$n ;;
    curl_*)
      [[ $RC == 0 ]] || { head -5 "$ERR" >&2; die "${LABEL[$1]} exited $RC"; }
      n=$(grep -cx 200 "$OUT" || true)
      [[ $n -eq $PORTS ]] || { sort "$OUT" | uniq -c >&2; die "${LABEL[$1]}: $n of $PORTS answered 200"; }
      PROBES=$PORTS ;;
    blackbox)
      [[ $RC == 0 ]] || { head -5 "$ERR" >&2; die "${LABEL[$1]} exited $RC"; }
      n=$(cat "$WORK"/bb/* | grep -cx 'probe_success 1' || true)
      [[ $n -eq $PORTS ]] || { grep -h -m3 -e probe_success -e probe_http_status_code "$WORK"/bb/* | sort | uniq -c >&2; tail -5 "$WORK/blackbox.log" >&2; die "${LABEL[$1]}: $n of $PORTS with probe_success 1"; }
      PROBES=$PORTS ;;
  esac
}

# measure NAME: sets WALL (s), CPU (s, client), SRV (s, nginx workers), DRIVER (s, blackbox only), PROBES
measure() {
  local start end srv0 srv1 bb0=0 bb1=0 u s
  srv0=$(cpu_ticks "${NGINX_WORKER_PIDS[@]}")
  [[ $1 == blackbox ]] && bb0=$(cpu_ticks "$BB_PID")
  start=$EPOCHREALTIME
  run "$1"
  end=$EPOCHREALTIME
  srv1=$(cpu_ticks "${NGINX_WORKER_PIDS[@]}")
  [[ $1 == blackbox ]] && bb1=$(cpu_ticks "$BB_PID")
  check "$1"
  read -r u s < <(tail -1 "$TIME_OUT")
  WALL=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')
  SRV=$(awk -v a="$srv0" -v b="$srv1" -v t="$CLK_TCK" 'BEGIN { printf "%.3f", (b - a) / t }')
  if [[ $1 == blackbox ]]; then
    CPU=$(awk -v a="$bb0" -v b="$bb1" -v t="$CLK_TCK" 'BEGIN { printf "%.3f", (b - a) / t }')
    DRIVER=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')
  else
    CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')
    DRIVER=0
  fi
}

# --- warm-up and checks (untimed) ------------------------------------------------------------
for name in "${TOOLS[@]}"; do measure "$name"; done
# What one probe looks like (for the report): the protocol, the events, the answer.
"$MTLSD" diagnose --targets "$WORK/one.txt" "${ID_ARGS[@]}" --format json >"$WORK/one.json"
PROTO=$(jq -r '"\(.handshake.version) \(.handshake.cipher)"' "$WORK/one.json" 2>/dev/null | head -1)
STIME_PROTO=$("$OPENSSL" s_client -connect "127.0.0.1:${LIST[0]}" -cert client-good.crt -key client-good.key \
  -CAfile server-ca.pem -brief </dev/null 2>&1 | awk -F': *' '/Protocol version/ { v = $2 } /Ciphersuite/ { c = $2 } END { print v, c }' || true)

# --- wait for a quieter machine ----------------------------------------------------------------
wait_for_quiet "$MAX_LOAD" "$LOAD_TRIES"


# --- timed rounds --------------------------------------------------------------------------
declare -A T C S P D K
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }
n=${#UNITS[@]}
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
echo "mtls-doctor: $MTLSD ($TREE)"
[[ -n $BASE ]] && echo "baseline: $BASE (BASELINE_BIN; $(src_of "$BASE")), measured the same way in every round"
echo "nginx: 1 master + $NGINX_WORKERS worker(s) (pids ${NGINX_WORKER_PIDS[*]}), $PORTS listening ports on 127.0.0.1 (${LIST[0]}…${LIST[-1]}), ssl_protocols $PROTOCOLS, ssl_verify_client on, no session cache or tickets, keepalive_timeout 0, access_log off"
echo "TLS: mtls-doctor negotiated ${PROTO:-?}; openssl s_client to the same nginx: ${STIME_PROTO:-?}"
if [[ -n $BB_BIN ]]; then
  echo "blackbox exporter: $BB_VERSION ($BB_STATUS), on 127.0.0.1:$BB_PORT"
else
  echo "blackbox exporter: not installed (skipped)"
fi
[[ -n $BASE ]] && echo "each round runs every current and baseline mtls-doctor measurement twice, in both orders (the table: their mean)"
echo "$RUNS rounds of ${#TOOLS[@]} tools (load average at start: $LOAD_START)"
# shellcheck disable=SC2034  # T, C, S, P and D are read through the nameref in values()
for ((r = 0; r < RUNS; r++)); do
  K=()
  for ((k = 0; k < n; k++)); do
    for name in ${UNITS[$(((k + r) % n))]}; do
      measure "$name"
      K[$name]=$((${K[$name]:-0} + 1))
      T[$name,$r]=$(awk -v a="${T[$name,$r]:-0}" -v b="$WALL" 'BEGIN { printf "%.4f", a + b }')
      C[$name,$r]=$(awk -v a="${C[$name,$r]:-0}" -v b="$CPU" 'BEGIN { printf "%.3f", a + b }')
      S[$name,$r]=$(awk -v a="${S[$name,$r]:-0}" -v b="$SRV" 'BEGIN { printf "%.3f", a + b }')
      P[$name,$r]=$((${P[$name,$r]:-0} + PROBES))
      D[$name,$r]=$(awk -v a="${D[$name,$r]:-0}" -v b="$DRIVER" 'BEGIN { printf "%.3f", a + b }')
    done
  done
  for name in "${TOOLS[@]}"; do  # a tool run twice this round: the mean of its two runs
    ((K[$name] == 1)) && continue
    T[$name,$r]=$(div "${T[$name,$r]}" "${K[$name]}")
    C[$name,$r]=$(div "${C[$name,$r]}" "${K[$name]}")
    S[$name,$r]=$(div "${S[$name,$r]}" "${K[$name]}")
    P[$name,$r]=$(div "${P[$name,$r]}" "${K[$name]}")
    D[$name,$r]=$(div "${D[$name,$r]}" "${K[$name]}")
  done
  printf '  round %d (load %s):' "$((r + 1))" "$(cut -d' ' -f1 /proc/loadavg)"
  for name in "${TOOLS[@]}"; do printf ' %s=%ss/%scpu' "$name" "${T[$name,$r]}" "${C[$name,$r]}"; done
  printf '\n'
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

values() {  # values NAME ARRAY: ARRAY[NAME,round] for every round
  local -n arr=$2
  local r
  for ((r = 0; r < RUNS; r++)); do echo "${arr[$1,$r]}"; done
}
per_probe() {  # per_probe NAME ARRAY: ARRAY[NAME,round] / PROBES for every round
  local -n arr=$2
  local r
  for ((r = 0; r < RUNS; r++)); do awk -v a="${arr[$1,$r]}" -v p="${P[$1,$r]}" 'BEGIN { printf "%.6f\n", a / p }'; done
}
cpu_ratio() {  # cpu_ratio NAME: per round, NAME's client CPU per probe / s_time's CPU per handshake
  local r
  for ((r = 0; r < RUNS; r++)); do
    awk -v a="${C[$1,$r]}" -v pa="${P[$1,$r]}" -v b="${C[stime,$r]}" -v pb="${P[stime,$r]}" 'BEGIN { printf "%.4f\n", (a / pa) / (b / pb) }'
  done
}

echo
printf '%-46s %7s %9s %7s %8s %10s %10s %10s %9s\n' "client (targets: $PORTS endpoints)" probes "median s" "best s" "ms/endp" "endpoints/s" "cpu ms/pr" "nginx ms/pr" "cpu ÷ s_time"
for name in "${TOOLS[@]}"; do
  wall=$(values "$name" T | median)
  best=$(values "$name" T | sort -g | head -1)
  probes=$(values "$name" P | median)
  wall_pp=$(per_probe "$name" T | median)
  cpu_pp=$(per_probe "$name" C | median)
  srv_pp=$(per_probe "$name" S | median)
  ratio=$(cpu_ratio "$name" | median)
  printf '%-46s %7.0f %9.3f %7.3f %8.2f %10.0f %10.2f %10.2f %8.2fx\n' "${LABEL[$name]}" "$probes" "$wall" "$best" \
    "$(awk -v x="$wall_pp" 'BEGIN { print x * 1000 }')" "$(awk -v x="$wall_pp" 'BEGIN { print 1 / x }')" \
    "$(awk -v x="$cpu_pp" 'BEGIN { print x * 1000 }')" "$(awk -v x="$srv_pp" 'BEGIN { print x * 1000 }')" "$ratio"
done
echo
echo "best s: the fastest round (the machine is shared: the median carries other people's load)."
echo "ms/endp and endpoints/s: median over rounds of wall / probes (s_time: handshakes in ${STIME_SECONDS} s, one port;"
echo "  'mtls-doctor … 1 target': one whole process per probe, ${ONE_REPEAT} processes per round)."
echo "cpu ms/pr: client user+sys per probe (GNU time; the whole process tree, process start-up included)."
if [[ -n $BB_BIN ]]; then
  drv=$(per_probe blackbox D | median)
  echo "  blackbox: the exporter's own CPU (/proc/$BB_PID/stat); the curl driving it took another $(awk -v x="$drv" 'BEGIN { printf "%.2f", x * 1000 }') ms per probe."
fi
echo "cpu ÷ s_time: median over rounds of (client CPU per probe / s_time CPU per handshake) in the same round."

# --- baseline / current ------------------------------------------------------------------------
pair_ratio() {  # pair_ratio ARRAY BASE CUR: per round, (ARRAY[BASE]/probes) / (ARRAY[CUR]/probes)
  local -n arr=$1
  local r
  for ((r = 0; r < RUNS; r++)); do
    awk -v a="${arr[$2,$r]}" -v pa="${P[$2,$r]}" -v b="${arr[$3,$r]}" -v pb="${P[$3,$r]}" \
      'BEGIN { if (b == 0) print "inf"; else printf "%.4f\n", (a / pa) / (b / pb) }'
  done
}
if [[ -n $BASE ]]; then
  echo
  echo "baseline / current, paired (median over rounds of the per-round ratio; above 1: the current binary is faster or cheaper):"
  printf '%-40s %10s %10s   %s\n' "" "cpu/probe" "wall" "per round (cpu/probe; wall)"
  for v in c1 c50 c200 one; do
    case $v in one) what="1 target per process (x$ONE_REPEAT)" ;; *) what="--concurrency ${v#c} ($PORTS endpoints)" ;; esac
    printf '%-40s %9.3fx %9.3fx   %s; %s\n' "$what" \
      "$(pair_ratio C "base_$v" "mtlsd_$v" | median)" "$(pair_ratio T "base_$v" "mtlsd_$v" | median)" \
      "$(pair_ratio C "base_$v" "mtlsd_$v" | awk '{ printf "%s%.2f", (NR > 1 ? " " : ""), $1 }')" \
      "$(pair_ratio T "base_$v" "mtlsd_$v" | awk '{ printf "%s%.3f", (NR > 1 ? " " : ""), $1 }')"
  done
  echo "  (client CPU comes in GNU time's 10 ms ticks: over $PORTS probes that is $(awk -v p="$PORTS" 'BEGIN { printf "%.2f", 10 / p }') ms per probe, so single-round CPU ratios are coarse)"
fi

# --- targets --------------------------------------------------------------------------------
echo
one_cpu=$(per_probe mtlsd_one C | median)
c1_cpu=$(values mtlsd_c1 C | median)
marginal=$(awk -v a="$c1_cpu" -v o="$one_cpu" -v p="$PORTS" 'BEGIN { printf "%.6f", (a - o) / (p - 1) }')
fixed=$(awk -v o="$one_cpu" -v m="$marginal" 'BEGIN { printf "%.6f", o - m }')
printf 'mtls-doctor fixed cost per process ≈ %.1f ms CPU (1-target process %.1f ms minus the marginal probe); marginal probe (concurrency 1) ≈ %.2f ms CPU\n' \
  "$(awk -v x="$fixed" 'BEGIN { print x * 1000 }')" "$(awk -v x="$one_cpu" 'BEGIN { print x * 1000 }')" "$(awk -v x="$marginal" 'BEGIN { print x * 1000 }')"
if [[ -n $BASE ]]; then
  b_one=$(per_probe base_one C | median)
  b_marg=$(awk -v a="$(values base_c1 C | median)" -v o="$b_one" -v p="$PORTS" 'BEGIN { printf "%.6f", (a - o) / (p - 1) }')
  printf 'baseline    fixed cost per process ≈ %.1f ms CPU (1-target process %.1f ms minus the marginal probe); marginal probe (concurrency 1) ≈ %.2f ms CPU\n' \
    "$(awk -v o="$b_one" -v m="$b_marg" 'BEGIN { print (o - m) * 1000 }')" "$(awk -v x="$b_one" 'BEGIN { print x * 1000 }')" "$(awk -v x="$b_marg" 'BEGIN { print x * 1000 }')"
fi
for c in 1 50 200; do
  ratio=$(cpu_ratio "mtlsd_c$c" | median)
  verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.3 ? "met" : "NOT met") }')
  printf 'target CPU per probe <= 1.3x bare OpenSSL handshake, concurrency %3d: %.2fx  %s\n' "$c" "$ratio" "$verdict"
done
for c in 50 200; do
  wall=$(values "mtlsd_c$c" T | median)
  verdict=$(awk -v w="$wall" 'BEGIN { print (w < 0.5 ? "met" : "NOT met") }')
  best=$(values "mtlsd_c$c" T | sort -g | head -1)
  printf 'target %d endpoints in < 0.5 s, concurrency %3d: median %.3f s  %s (fastest round %.3f s)\n' "$PORTS" "$c" "$wall" "$verdict" "$best"
done
if [[ -n $BB_BIN ]]; then
  printf 'blackbox exporter, %d concurrent: median %.3f s for %d endpoints (fastest round %.3f s)\n' "$PARALLEL" "$(values blackbox T | median)" "$PORTS" "$(values blackbox T | sort -g | head -1)"
fi
echo
echo "load average: $LOAD_START at start, $LOAD_END at end"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $("$OPENSSL" version), $("$NGINX" -v 2>&1 | sed 's/.*: //'), $("$CURL" --version | head -1 | cut -d' ' -f1-2)"
