#!/usr/bin/env bash
# serve_bench.sh: full mTLS handshakes per second of `mtls-doctor serve` against nginx configured
# with the same access policy (`mtls-doctor policy export --to nginx`), measured in the same run
# on loopback with 1,000 concurrent clients (bench/mtls_load.cpp), TLS 1.3 and TLS 1.2. The
# figure that compares the two servers is handshakes per second of server CPU ("per core"): the
# client runs on the same 2 CPUs, so the wall rate depends on how the kernel shares them.
#
#   bench/serve_bench.sh                     # RUNS=3 rounds
#   RUNS=1 TOTAL=3000 bench/serve_bench.sh   # a quick look
#   PERF=1 bench/serve_bench.sh              # and, after the rounds, where each server's CPU goes (perf)
#
# Environment:
#   RUNS=3            rounds; every unit (server × protocol × path) runs once per round, order rotated
#   CONCURRENCY=1000  connections the client keeps open
#   TOTAL=10000       handshakes per allowed-path run (client-good, OU=payments: 200 from both)
#   DENY_TOTAL=3000   handshakes per refused-path run (client-wrong-ou, OU=marketing: the policy
#                     denies it; serve answers alert 49, nginx 403); 0 skips the refused path
#   PROTOCOLS="1.3 1.2"
#   RULES=100         serial deny rules ahead of the allow rule (none match the lab's certificates),
#                     so that every decision walks a non-trivial policy
#   THREADS=2         client threads (the client must not be the bottleneck)
#   WORKERS=1         serve's --workers and nginx's worker_processes (the same for both)
#   MAX_LOAD=3        wait (up to LOAD_TRIES × 30 s) for the 1-minute load average to fall below this
#   LOAD_TRIES=6
#   BUILD_DIR=…       Release build to use/make (default: <repo>/build-bench)
#   SKIP_BUILD=1      use BUILD_DIR as it is (no cmake/ninja)
#   MTLSD_BIN=…       mtls-doctor binary to measure (default: BUILD_DIR/mtls-doctor)
#   LOAD_BIN=…        mtls_load binary (default: BUILD_DIR/bench/mtls_load)
#   PERF=1            after the rounds, one more TLS 1.3 allowed run per server (PERF_TOTAL=3000
#                     handshakes) under `perf record` (untimed), and the top symbols of each
#   KEEP=1            keep the temporary directory (lab, policy, configs, logs, outputs)
#
# When the working tree does not build, the last commit is built in a worktree at
# /tmp/serve-bench-wt (`git worktree add --detach`), and the output says so.
#
# What is measured per run: the client's wall time and outcomes (mtls_load's JSON: every
# connection must end with the expected outcome, or it is counted as an error and shown); the
# server's CPU (utime+stime from /proc/PID/stat: serve's process, nginx's worker) over the run;
# the server's peak RSS over the run (VmHWM from /proc/PID/status, reset before each run through
# /proc/PID/clear_refs when that is writable; otherwise the peak since start). Figures: medians
# over rounds, and the paired ratio serve / nginx of handshakes per server CPU second in each
# round. No figure is asserted; the script exits 0 (2 when it cannot run).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-3}
CONCURRENCY=${CONCURRENCY:-1000}
TOTAL=${TOTAL:-10000}
DENY_TOTAL=${DENY_TOTAL:-3000}
PROTOCOLS=${PROTOCOLS:-1.3 1.2}
RULES=${RULES:-100}
WORKERS=${WORKERS:-1}
THREADS=${THREADS:-2}
MAX_LOAD=${MAX_LOAD:-3}
LOAD_TRIES=${LOAD_TRIES:-6}
BUILD_DIR=${BUILD_DIR:-$ROOT/build-bench}
NGINX=${NGINX:-nginx}

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
die() { echo "serve_bench: $*" >&2; exit 2; }
note() { echo "serve_bench: $*" >&2; }

for tool in "$NGINX" jq awk; do command -v "$tool" >/dev/null || die "$tool not found"; done
for v in RUNS CONCURRENCY TOTAL THREADS; do [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer"; done
[[ $DENY_TOTAL =~ ^[0-9]+$ && $RULES =~ ^[0-9]+$ ]] || die "DENY_TOTAL and RULES must be integers"
for p in $PROTOCOLS; do [[ $p == 1.2 || $p == 1.3 ]] || die "PROTOCOLS: 1.2 and/or 1.3, not $p"; done
CLK_TCK=$(getconf CLK_TCK)

# 1,000 connections on each side, plus files: raise the limit for everything started from here.
NOFILE=$((CONCURRENCY * 2 + 256))
ulimit -n "$NOFILE" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
(($(ulimit -n) >= CONCURRENCY + 128)) || die "ulimit -n is $(ulimit -n) (hard $(ulimit -Hn)); $CONCURRENCY connections need more"

# --- build ---------------------------------------------------------------------------------
TREE="built from the working tree of $ROOT ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
if git -C "$ROOT" diff --quiet HEAD -- 2>/dev/null; then TREE+=", clean)"; else TREE+=" + uncommitted changes)"; fi
if [[ ${SKIP_BUILD:-0} != 1 && -z ${MTLSD_BIN:-} ]]; then
  if ! { cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMTLSD_TESTS=OFF -DMTLSD_BENCH=ON >/dev/null &&
         nice ninja -C "$BUILD_DIR" mtls-doctor mtls_load >/dev/null; }; then
    WT=/tmp/serve-bench-wt
    note "the working tree does not build; building the last commit in $WT instead"
    [[ -d $WT ]] || git -C "$ROOT" worktree add --detach "$WT" HEAD >/dev/null
    BUILD_DIR=$WT/build-bench
    cmake -S "$WT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMTLSD_TESTS=OFF -DMTLSD_BENCH=ON >/dev/null
    nice ninja -C "$BUILD_DIR" mtls-doctor mtls_load >/dev/null
    TREE="built from the last commit $(git -C "$WT" rev-parse --short HEAD) (worktree $WT; the working tree did not build)"
  fi
fi
MTLSD=${MTLSD_BIN:-$BUILD_DIR/mtls-doctor}
LOADER=${LOAD_BIN:-$BUILD_DIR/bench/mtls_load}
[[ -x $MTLSD ]] || die "no mtls-doctor at $MTLSD"
[[ -x $LOADER ]] || die "no mtls_load at $LOADER (ninja -C $BUILD_DIR mtls_load)"
[[ ${SKIP_BUILD:-0} == 1 ]] && TREE="SKIP_BUILD=1: $BUILD_DIR as it is"
[[ -n ${MTLSD_BIN:-} ]] && TREE="MTLSD_BIN=$MTLSD_BIN"
[[ $MTLSD == /* ]] || MTLSD=$PWD/$MTLSD
[[ $LOADER == /* ]] || LOADER=$PWD/$LOADER

# --- temp dir, cleanup ---------------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mtlsd-serve-bench.XXXXXX")
SERVE_PID=""
NGINX_PID=""
PERF_PID=""
cleanup() {
  stop_pid "$PERF_PID"
  stop_pid "$SERVE_PID"
  stop_pid "$NGINX_PID"
  if [[ ${KEEP:-0} == 1 ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- lab, policy -----------------------------------------------------------------------------
LAB=$WORK/lab
"$MTLSD" lab create "$LAB" >/dev/null
cat "$LAB/server-good.crt" "$LAB/server-good-chain.pem" >"$LAB/server-fullchain.pem"
for id in client-good client-wrong-ou; do cat "$LAB/$id.crt" "$LAB/$id-chain.pem" >"$LAB/$id-fullchain.pem"; done

# RULES serial deny rules (serials no lab certificate has: the lab's are random 16-byte values),
# then the allow rule; default deny. Every allowed handshake walks all of them.
{
  echo "version: 1"
  echo "default: deny"
  echo "rules:"
  for ((i = 0; i < RULES; i++)); do
    printf '  - name: revoked-%03d\n    action: deny\n    match: {serial: ["%X"]}\n' "$i" $((0x7A000000 + i * 7919))
  done
  echo "  - name: payments"
  echo "    action: allow"
  echo "    match: {subject: {OU: payments}}"
} >"$WORK/policy.yaml"
"$MTLSD" policy lint "$WORK/policy.yaml" >/dev/null 2>&1 || { "$MTLSD" policy lint "$WORK/policy.yaml" >&2 || true; die "the policy does not lint"; }
"$MTLSD" policy export --policy "$WORK/policy.yaml" --to nginx >"$WORK/policy-nginx.conf" ||
  die "policy export --to nginx failed"
DECISION_VAR=$(grep -o '\$mtlsd_policy_decision' "$WORK/policy-nginx.conf" | head -1)
[[ -n $DECISION_VAR ]] || die "the exported nginx snippet sets no \$mtlsd_policy_decision"

mapfile -t PORTS_FREE < <(free_ports 2)
((${#PORTS_FREE[@]} == 2)) || die "no two free ports below 32768"
SERVE_PORT=${PORTS_FREE[0]}
NGINX_PORT=${PORTS_FREE[1]}

wait_port() {  # wait_port PORT PID NAME
  for _ in $(seq 100); do
    (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  return 1
}

# --- serve ---------------------------------------------------------------------------------
# The same files as nginx; the decision log to a file (nginx writes its access log), no file
# watching (nginx does not watch either), room for every connection.
"$MTLSD" serve --listen "127.0.0.1:$SERVE_PORT" --cert "$LAB/server-good.crt" --key "$LAB/server-good.key" \
  --chain "$LAB/server-good-chain.pem" --client-ca "$LAB/client-ca.pem" --crl "$LAB/client-crl.pem" \
  --policy "$WORK/policy.yaml" --max-connections $((CONCURRENCY + 24)) --decision-log "$WORK/decisions.log" \
  --watch-interval 0 --workers "$WORKERS" >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVE_PID=$!
wait_port "$SERVE_PORT" "$SERVE_PID" || { cat "$WORK/serve.err" >&2; die "serve did not start"; }

# --- nginx ---------------------------------------------------------------------------------
mkdir -p "$WORK/nginx-tmp"
{
  echo "worker_processes $WORKERS;"
  echo "user root;"  # the lab lives in a 0700 temp dir
  echo "daemon off;"
  echo "pid $WORK/nginx.pid;"
  echo "error_log $WORK/nginx-error.log warn;"
  echo "worker_rlimit_nofile $NOFILE;"
  echo "events { worker_connections $((CONCURRENCY * 2 + 64)); }"
  echo "http {"
  echo "  access_log $WORK/nginx-access.log;"
  echo "  keepalive_timeout 0;"
  echo "  client_body_temp_path $WORK/nginx-tmp/body; proxy_temp_path $WORK/nginx-tmp/proxy;"
  echo "  fastcgi_temp_path $WORK/nginx-tmp/fcgi; uwsgi_temp_path $WORK/nginx-tmp/uwsgi; scgi_temp_path $WORK/nginx-tmp/scgi;"
  echo "  include $WORK/policy-nginx.conf;"
  echo "  server {"
  # serve listens with a backlog of 1024 too (net::Listener); nginx's default is 511.
  echo "    listen 127.0.0.1:$NGINX_PORT ssl backlog=1024;"
  echo "    ssl_certificate $LAB/server-fullchain.pem;"
  echo "    ssl_certificate_key $LAB/server-good.key;"
  echo "    ssl_client_certificate $LAB/client-ca.pem;"
  echo "    ssl_crl $LAB/client-crl.pem;"
  echo "    ssl_protocols TLSv1.2 TLSv1.3;"
  echo "    ssl_verify_client on;"
  echo "    ssl_verify_depth 3;"
  # Every connection is a full handshake: no session cache, no tickets (serve has neither).
  echo "    ssl_session_cache off;"
  echo "    ssl_session_tickets off;"
  # In the server block, as docs/policy-export.md says: the server rewrite phase runs before the
  # location's `return 200`, so the policy decides first.
  echo "    if ($DECISION_VAR = deny) { return 403; }"
  printf '    location / { return 200 "ok\\n"; }\n'
  echo "  }"
  echo "}"
} >"$WORK/nginx.conf"
"$NGINX" -t -c "$WORK/nginx.conf" >/dev/null 2>&1 || { "$NGINX" -t -c "$WORK/nginx.conf" >&2 || true; die "nginx -t failed"; }
"$NGINX" -c "$WORK/nginx.conf" >"$WORK/nginx.out" 2>&1 &
NGINX_PID=$!
wait_port "$NGINX_PORT" "$NGINX_PID" || { cat "$WORK/nginx.out" "$WORK/nginx-error.log" >&2 2>/dev/null || true; die "nginx did not start"; }
mapfile -t NGINX_WORKER_PIDS < <(pgrep -P "$NGINX_PID")
[[ ${#NGINX_WORKER_PIDS[@]} -eq $WORKERS ]] || die "expected $WORKERS nginx workers, found ${#NGINX_WORKER_PIDS[@]}"

# --- units ---------------------------------------------------------------------------------
# A unit: SERVER:PROTOCOL:PATH. allow: client-good, 200 from both. deny: client-wrong-ou, which
# the policy denies: alert 49 (access_denied) from serve, 403 from nginx.
UNITS=()
for proto in $PROTOCOLS; do
  for path in allow deny; do
    [[ $path == deny && $DENY_TOTAL == 0 ]] && continue
    UNITS+=("serve:$proto:$path" "nginx:$proto:$path")
  done
done

server_pids() {  # the processes whose CPU counts for SERVER
  if [[ $1 == serve ]]; then echo "$SERVE_PID"; else echo "${NGINX_WORKER_PIDS[@]}"; fi
}
hwm_kib() {  # hwm_kib PID...: the largest VmHWM
  local pid max=0 v
  for pid in "$@"; do
    v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
    ((v > max)) && max=$v
  done
  echo "$max"
}
HWM_RESET=1
reset_hwm() {
  local pid
  for pid in "$@"; do
    { echo 5 >"/proc/$pid/clear_refs"; } 2>/dev/null || HWM_RESET=0
  done
}

# run_unit UNIT COUNT: sets OUT (JSON), WALL, SRV (s), HWM (KiB), OK, ERRS, P50, P99 (ms, connect to close)
run_unit() {
  local server proto path port id expect pids t0 t1
  IFS=: read -r server proto path <<<"$1"
  if [[ $server == serve ]]; then port=$SERVE_PORT; else port=$NGINX_PORT; fi
  if [[ $path == allow ]]; then
    id=client-good; expect=(--expect-status 200)
  else
    id=client-wrong-ou
    if [[ $server == serve ]]; then expect=(--expect-alert 49); else expect=(--expect-status 403); fi
  fi
  read -r -a pids <<<"$(server_pids "$server")"
  : >"$WORK/decisions.log"
  : >"$WORK/nginx-access.log"
  reset_hwm "${pids[@]}"
  t0=$(cpu_ticks "${pids[@]}")
  "$LOADER" --connect "127.0.0.1:$port" --cert "$LAB/$id-fullchain.pem" --key "$LAB/$id.key" \
    --cafile "$LAB/server-ca.pem" --tls "$proto" --concurrency "$CONCURRENCY" --total "$2" --threads "$THREADS" \
    "${expect[@]}" --label "$1" >"$WORK/load.json" 2>"$WORK/load.err" || true
  t1=$(cpu_ticks "${pids[@]}")
  HWM=$(hwm_kib "${pids[@]}")
  OUT=$(<"$WORK/load.json")
  [[ -n $OUT ]] || { cat "$WORK/load.err" >&2; die "mtls_load printed nothing for $1"; }
  WALL=$(jq -r .wall_s <<<"$OUT")
  OK=$(jq -r .ok <<<"$OUT")
  ERRS=$(jq -r '.error_count + (.total - .completed)' <<<"$OUT")
  SRV=$(awk -v a="$t0" -v b="$t1" -v t="$CLK_TCK" 'BEGIN { printf "%.3f", (b - a) / t }')
  if ((ERRS > 0)); then
    note "$1: $ERRS connection(s) without the expected outcome: $(jq -c '{errors, error_samples}' <<<"$OUT")"
  fi
  P50=$(jq -r .latency_ms.p50 <<<"$OUT")
  P99=$(jq -r .latency_ms.p99 <<<"$OUT")
  # One line per connection on both sides (serve's decision log, nginx's access log).
  local lines
  if [[ $server == serve ]]; then lines=$(wc -l <"$WORK/decisions.log"); else lines=$(wc -l <"$WORK/nginx-access.log"); fi
  ((lines >= OK)) || note "$1: $lines log lines for $OK connections"
}

# --- warm-up and checks (untimed) ------------------------------------------------------------
declare -A PROTO_OF=()
for unit in "${UNITS[@]}"; do
  run_unit "$unit" "$CONCURRENCY"
  ((ERRS == 0)) || note "warm-up $unit: $ERRS errors (see above)"
  [[ $unit == *:allow ]] && PROTO_OF[${unit%:allow}]=$(jq -r '"\(.protocol) \(.cipher)"' <<<"$OUT")
done
# Decision lines from the warm-up, for the record: serve's rule and nginx's answer.
SAMPLE_SERVE=$(head -1 "$WORK/decisions.log" 2>/dev/null | jq -c '{decision, rule, cause, alert}' 2>/dev/null || true)

# --- wait for a quieter machine ----------------------------------------------------------------
wait_for_quiet "$MAX_LOAD" "$LOAD_TRIES"

# --- timed rounds --------------------------------------------------------------------------
declare -A W S H K E L50 L99
n=${#UNITS[@]}
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
START_UTC=$(date -u +%H:%M)
echo "mtls-doctor: $MTLSD ($TREE)"
echo "serve: pid $SERVE_PID on 127.0.0.1:$SERVE_PORT, $WORKERS worker thread(s); nginx: 1 master + $WORKERS worker(s) (pid ${NGINX_WORKER_PIDS[*]}) on 127.0.0.1:$NGINX_PORT"
echo "policy: $RULES serial deny rules, then allow OU=payments, default deny; nginx: the policy export ($(grep -c '^map\|^geo' "$WORK/policy-nginx.conf") maps)"
echo "client: mtls_load, $CONCURRENCY concurrent connections, $THREADS threads; $TOTAL handshakes per allowed run, $DENY_TOTAL per refused run"
echo "$RUNS rounds of ${#UNITS[@]} runs (load average at start: $LOAD_START)"
# shellcheck disable=SC2034  # H, E, L50 and L99 are read through the nameref in values()
for ((r = 0; r < RUNS; r++)); do
  printf '  round %d:' "$((r + 1))"
  for ((k = 0; k < n; k++)); do
    unit=${UNITS[$(((k + r) % n))]}
    count=$TOTAL
    [[ $unit == *:deny ]] && count=$DENY_TOTAL
    run_unit "$unit" "$count"
    W[$unit,$r]=$WALL
    S[$unit,$r]=$SRV
    H[$unit,$r]=$HWM
    K[$unit,$r]=$OK
    E[$unit,$r]=$ERRS
    L50[$unit,$r]=$P50
    L99[$unit,$r]=$P99
    printf ' %s=%s/s' "$unit" "$(awk -v k="$OK" -v s="$SRV" 'BEGIN { printf "%.0f", (s > 0 ? k / s : 0) }')"
  done
  printf ' (load %s)\n' "$(cut -d' ' -f1 /proc/loadavg)"
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

per_cpu() {  # per_cpu UNIT: handshakes per server CPU second, per round
  local r
  for ((r = 0; r < RUNS; r++)); do awk -v k="${K[$1,$r]}" -v s="${S[$1,$r]}" 'BEGIN { printf "%.1f\n", (s > 0 ? k / s : 0) }'; done
}
per_wall() {
  local r
  for ((r = 0; r < RUNS; r++)); do awk -v k="${K[$1,$r]}" -v w="${W[$1,$r]}" 'BEGIN { printf "%.1f\n", k / w }'; done
}
values() {
  local -n arr=$2
  local r
  for ((r = 0; r < RUNS; r++)); do echo "${arr[$1,$r]}"; done
}

echo
printf '%-18s %7s %12s %10s %10s %11s %9s %8s  %s\n' unit "hs/run" "hs/cpu-s" "cpu ms/hs" "hs/s wall" "p50/p99 ms" "peak MiB" errors "protocol"
for unit in "${UNITS[@]}"; do
  cpu=$(per_cpu "$unit" | median)
  wall=$(per_wall "$unit" | median)
  hwm=$(values "$unit" H | median)
  errs=$(values "$unit" E | awk '{ s += $1 } END { print s }')
  hs=$(values "$unit" K | median)
  printf '%-18s %7.0f %12.0f %10.3f %10.0f %11s %9.1f %8d  %s\n' "$unit" "$hs" "$cpu" \
    "$(awk -v c="$cpu" 'BEGIN { printf "%.3f", (c > 0 ? 1000 / c : 0) }')" "$wall" \
    "$(values "$unit" L50 | median | awk '{ printf "%.0f", $1 }')/$(values "$unit" L99 | median | awk '{ printf "%.0f", $1 }')" \
    "$(awk -v k="$hwm" 'BEGIN { print k / 1024 }')" "$errs" "${PROTO_OF[${unit%:*}]:-}"
done
echo
echo "hs/cpu-s: handshakes per second of server CPU (utime+stime of serve's process / nginx's worker over the run),"
echo "  median over rounds: the 'per core' rate. cpu ms/hs: its inverse. hs/s wall: handshakes / the client's wall time."
echo "p50/p99 ms: the client's connect-to-close time per connection (with $CONCURRENCY in flight: mostly queueing), median over rounds."
echo "peak MiB: the server's VmHWM over the run ($([[ $HWM_RESET == 1 ]] && echo "reset before each run via /proc/PID/clear_refs" || echo "NOT reset between runs: the peak since start")), median over rounds."
echo "errors: connections without the expected outcome, summed over all rounds (must be 0)."

echo
echo "serve / nginx, paired (per round: serve's handshakes per server CPU second / nginx's; above 1: serve is cheaper):"
for proto in $PROTOCOLS; do
  for path in allow deny; do
    [[ $path == deny && $DENY_TOTAL == 0 ]] && continue
    ratios=()
    wratios=()
    for ((r = 0; r < RUNS; r++)); do
      ratios+=("$(awk -v a="${K[serve:$proto:$path,$r]}" -v sa="${S[serve:$proto:$path,$r]}" -v b="${K[nginx:$proto:$path,$r]}" \
        -v sb="${S[nginx:$proto:$path,$r]}" 'BEGIN { printf "%.3f", (sa > 0 && sb > 0 && b > 0) ? (a / sa) / (b / sb) : 0 }')")
      wratios+=("$(awk -v a="${K[serve:$proto:$path,$r]}" -v wa="${W[serve:$proto:$path,$r]}" -v b="${K[nginx:$proto:$path,$r]}" \
        -v wb="${W[nginx:$proto:$path,$r]}" 'BEGIN { printf "%.3f", (a / wa) / (b / wb) }')")
    done
    what="TLS $proto, $path"
    [[ $path == deny ]] && what+=" (serve: alert 49; nginx: 403)"
    printf '  %-42s per CPU %6.3fx (rounds: %s)   wall %6.3fx (rounds: %s)\n' "$what" \
      "$(printf '%s\n' "${ratios[@]}" | median)" "${ratios[*]}" "$(printf '%s\n' "${wratios[@]}" | median)" "${wratios[*]}"
  done
done
[[ -n $SAMPLE_SERVE ]] && echo "serve's decision for client-good: $SAMPLE_SERVE"

# --- perf (optional, untimed) ----------------------------------------------------------------
# DWARF call graphs (neither the binaries nor libcrypto keep frame pointers), so that serve's own
# functions get their inclusive share; PERF_TOTAL handshakes, sampled at 199 Hz.
top() { grep '%' | grep -v '^#' | head -"$1" | cut -c1-120 || true; }
if [[ ${PERF:-0} == 1 ]]; then
  if command -v perf >/dev/null; then
    for server in serve nginx; do
      read -r -a pids <<<"$(server_pids "$server")"
      perf record -q -F 199 --call-graph dwarf,8192 -p "$(
        IFS=,
        echo "${pids[*]}"
      )" -o "$WORK/perf-$server.data" >/dev/null 2>&1 &
      PERF_PID=$!
      sleep 0.5
      run_unit "$server:1.3:allow" "${PERF_TOTAL:-3000}"
      kill -INT "$PERF_PID" 2>/dev/null || true
      wait "$PERF_PID" 2>/dev/null || true
      PERF_PID=""
      echo
      echo "perf, $server, TLS 1.3 allowed ($OK handshakes). Self time by shared object:"
      perf report -i "$WORK/perf-$server.data" --no-children --sort dso -g none --stdio 2>/dev/null | top 10 || true
      echo "Self time, top symbols:"
      perf report -i "$WORK/perf-$server.data" --no-children --sort dso,symbol -g none --stdio 2>/dev/null | top 25 || true
      if [[ $server == serve ]]; then
        echo "Inclusive time (children) of serve's functions and the library calls they make:"
        perf report -i "$WORK/perf-$server.data" --children --sort symbol -g none --stdio 2>/dev/null |
          grep -E 'mtlsdoctor::|gnutls_handshake|gnutls_x509_crt_import|gnutls_pubkey_verify|X509_verify_cert|ASN1_item_d2i|OSSL_DECODER_CTX_new|EC_POINT_mul|sendmsg|poll' |
          top 30 || true
      fi
    done
  else
    note "PERF=1 but perf is not installed"
  fi
fi

echo
echo "load average: $LOAD_START at start ($START_UTC UTC), $LOAD_END at end ($(date -u +%H:%M) UTC)"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(openssl version 2>/dev/null | cut -d' ' -f1-2), $("$NGINX" -v 2>&1 | sed 's/.*: //'), GnuTLS $(dpkg-query -W -f '${Version}' libgnutls30 2>/dev/null || echo '?')"
exit 0
