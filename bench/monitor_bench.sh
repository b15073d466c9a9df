#!/usr/bin/env bash
# monitor_bench.sh: `mtls-doctor monitor run` at scale, in one run (issue 16):
#   1. an inventory of COUNT (10,000) certificates at rest — a bundle and a directory of files —
#      against `openssl storeutl` on the same inputs, the `openssl x509 -enddate` loop people
#      script (over X509_LOOP of the files, the cost per certificate scaled to COUNT), and, with
#      the chain judged (`cacert` + `crl`), `openssl verify -crl_check`;
#   2. a sweep of ENDPOINTS (1,000) mTLS endpoints — one local nginx listening on that many
#      loopback ports — against `diagnose --targets` (the same probe engine, no monitor around it),
#      `curl --parallel` and, where it is installed or installable from Debian, the Prometheus
#      blackbox exporter's mTLS http probe driven at the same concurrency.
# Nothing leaves loopback: the certificates' CRL distribution point and OCSP URL name a
# `python3 -m http.server` on 127.0.0.1 (it serves the CA's CRL; it answers OCSP POSTs 501).
#
#   bench/monitor_bench.sh                 # RUNS=5 rounds of both parts
#   RUNS=1 PART=inventory bench/monitor_bench.sh
#
# Environment:
#   RUNS=5           rounds; in each, every tool of a part runs once, in an order rotated each round
#   PART=all         all, inventory or endpoints
#   COUNT=10000      certificates (bench/gen_certs.cpp, the data of bench/inspect_bench.sh)
#   X509_LOOP=500    files the `openssl x509 -enddate` loop reads per round (one process each)
#   ENDPOINTS=1000   nginx listening ports = endpoints
#   PARALLEL=16      concurrency of curl --parallel and of the blackbox exporter's driver: the
#                    monitor's own (at most 16 probes in flight, docs/monitor.md)
#   NGINX_WORKERS=1  nginx worker processes (1 or 2)
#   PROTOCOLS="TLSv1.2 TLSv1.3"
#   BLACKBOX=auto    as bench/probe_bench.sh: auto (install the Debian package if missing),
#                    installed (only if installed), 0 (skip)
#   MAX_LOAD=3 LOAD_TRIES=6   wait (up to LOAD_TRIES × 30 s) for the load average to fall below MAX_LOAD
#   BUILD_DIR=…      Release build to use/make (default: <repo>/build-bench); SKIP_BUILD=1 uses it as it is
#   MTLSD_BIN=…      mtls-doctor binary to measure (default: BUILD_DIR/mtls-doctor)
#   KEEP=1           keep the temporary directory and print its path
#
# Per tool and round: wall seconds (bash's EPOCHREALTIME), CPU seconds (user+sys of the client's
# process tree, GNU time; for the blackbox exporter, the exporter's own from /proc/PID/stat, the
# curl driving it apart), peak RSS (GNU time's %M; the exporter: its VmHWM, a high-water mark
# over its life), and for part 2 the nginx worker's CPU. The table gives medians over rounds and
# the paired ratio: the median over rounds of (other tool's seconds / monitor's seconds) on the
# same input in the same round. Every timed run is checked (the monitor's summary counts COUNT
# or ENDPOINTS items, every endpoint ok; storeutl lists COUNT certificates; every curl 200; every
# probe_success 1), or the script stops. No figure is asserted; exit 0.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-5}
PART=${PART:-all}
COUNT=${COUNT:-10000}
X509_LOOP=${X509_LOOP:-500}
ENDPOINTS=${ENDPOINTS:-1000}
PARALLEL=${PARALLEL:-16}
NGINX_WORKERS=${NGINX_WORKERS:-1}
PROTOCOLS=${PROTOCOLS:-TLSv1.2 TLSv1.3}
BLACKBOX=${BLACKBOX:-auto}
MAX_LOAD=${MAX_LOAD:-3}
LOAD_TRIES=${LOAD_TRIES:-6}
BUILD_DIR=${BUILD_DIR:-$ROOT/build-bench}
OPENSSL=${OPENSSL:-openssl}
NGINX=${NGINX:-nginx}
CURL=${CURL:-curl}

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
die() { echo "monitor_bench: $*" >&2; exit 2; }

[[ -x /usr/bin/time ]] || die "GNU time is needed: apt-get install time"
for tool in "$OPENSSL" "$NGINX" "$CURL" jq awk python3; do command -v "$tool" >/dev/null || die "$tool not found"; done
for v in RUNS COUNT X509_LOOP ENDPOINTS PARALLEL; do [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer"; done
[[ $PART =~ ^(all|inventory|endpoints)$ ]] || die "PART must be all, inventory or endpoints"
[[ $NGINX_WORKERS =~ ^[12]$ ]] || die "NGINX_WORKERS must be 1 or 2"
((X509_LOOP <= COUNT)) || X509_LOOP=$COUNT
CLK_TCK=$(getconf CLK_TCK)

# --- build ---------------------------------------------------------------------------------
if [[ ${SKIP_BUILD:-0} != 1 && -z ${MTLSD_BIN:-} ]]; then
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMTLSD_TESTS=OFF -DMTLSD_BENCH=ON >/dev/null
  nice ninja -C "$BUILD_DIR" mtls-doctor gen_certs >/dev/null
fi
MTLSD=${MTLSD_BIN:-$BUILD_DIR/mtls-doctor}
GEN=$BUILD_DIR/bench/gen_certs
[[ $MTLSD == /* ]] || MTLSD=$PWD/$MTLSD
[[ -x $MTLSD ]] || die "no mtls-doctor at $MTLSD"
[[ -x $GEN ]] || die "no gen_certs at $GEN (configure with -DMTLSD_BENCH=ON)"
TREE="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
git -C "$ROOT" diff --quiet HEAD -- 2>/dev/null || TREE+=" + uncommitted changes"

# --- temp dir, cleanup ---------------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mtlsd-monitor-bench.XXXXXX")
HTTP_PID="" NGINX_PID="" BB_PID=""
cleanup() {
  stop_pid "$BB_PID"
  stop_pid "$NGINX_PID"
  stop_pid "$HTTP_PID"
  if [[ ${KEEP:-0} == 1 ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

TIME_OUT=$WORK/time.out OUT=$WORK/out ERR=$WORK/err
declare -A LABEL T C M S D

# timed NAME CMD...: runs CMD under GNU time, stdout to $OUT, stderr to $ERR; sets RC, WALL, CPU, RSS
timed() {
  local start end u s
  RC=0
  start=$EPOCHREALTIME
  /usr/bin/time -f '%U %S %M' -o "$TIME_OUT" "${@:2}" >"$OUT" 2>"$ERR" || RC=$?
  end=$EPOCHREALTIME
  read -r u s RSS < <(tail -1 "$TIME_OUT")
  WALL=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')
  CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')
}
fail_run() {  # fail_run NAME WHY
  head -c 1500 "$OUT" >&2
  head -5 "$ERR" >&2
  die "${LABEL[$1]}: $2"
}
summary_total() { jq '.summary | .ok + .warning + .critical + .unknown' "$OUT" 2>/dev/null || echo 0; }
values() {  # values NAME ARRAY: ARRAY[NAME,round] for every round
  local -n arr=$2
  local r
  for ((r = 0; r < RUNS; r++)); do echo "${arr[$1,$r]}"; done
}
ratios() {  # ratios OTHER MTLSD [SCALE [ARRAY]]: per round, OTHER's ARRAY (T: seconds) × SCALE / MTLSD's
  local -n arr=${4:-T}
  local r
  for ((r = 0; r < RUNS; r++)); do
    awk -v a="${arr[$1,$r]}" -v b="${arr[$2,$r]}" -v k="${3:-1}" 'BEGIN { if (b == 0) print "inf"; else printf "%.4f\n", a * k / b }'
  done
}
# rounds TOOL...: RUNS rounds, rotating the order; `measure_TOOL` sets WALL, CPU, RSS (and SRV, DRIVER)
rounds() {
  local tools=("$@") n=$# r k name
  for ((r = 0; r < RUNS; r++)); do
    for ((k = 0; k < n; k++)); do
      name=${tools[$(((k + r) % n))]}
      SRV=0 DRIVER=0
      "measure_$name"
      # shellcheck disable=SC2034  # read through the nameref in values()
      T[$name,$r]=$WALL C[$name,$r]=$CPU M[$name,$r]=$RSS S[$name,$r]=$SRV D[$name,$r]=$DRIVER
    done
    printf '  round %d (load %s):' "$((r + 1))" "$(cut -d' ' -f1 /proc/loadavg)"
    for name in "${tools[@]}"; do printf ' %s=%ss' "$name" "${T[$name,$r]}"; done
    printf '\n'
  done
}
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

echo "mtls-doctor: $MTLSD (from $ROOT at $TREE)"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $("$OPENSSL" version)"

# === part 1: the inventory ===================================================================
inventory() {
  local data=$WORK/data http_port
  mkdir -p "$data"
  http_port=$(free_ports 1)
  [[ -n $http_port ]] || die "no free port below 32768"
  local gen_start=$EPOCHREALTIME
  "$GEN" "$data" "$COUNT" "http://127.0.0.1:$http_port" >/dev/null
  awk -v a="$gen_start" -v b="$EPOCHREALTIME" -v c="$COUNT" 'BEGIN { printf "generated %d certificates in %.1f s (bench/gen_certs.cpp)\n", c, b - a }'
  python3 -m http.server --bind 127.0.0.1 --directory "$data" "$http_port" >"$WORK/http.log" 2>&1 &
  HTTP_PID=$!
  wait_listening "$http_port" "$HTTP_PID" || die "python3 -m http.server did not start"
  cd "$data"
  printf 'version: 1\ndatabase: %s/bundle.db\nfiles:\n  - path: bundle.pem\n' "$WORK" >bundle.yaml
  printf 'version: 1\nfiles:\n  - path: certs\n' >dir.yaml
  printf 'version: 1\nfiles:\n  - path: bundle.pem\n    cacert: ca.pem\n    crl: ca.crl\n' >chain.yaml
  CERT_FILES=(certs/*.pem)
  [[ ${#CERT_FILES[@]} -eq $COUNT ]] || die "expected $COUNT files in $data/certs"
  LOOP_FILES=("${CERT_FILES[@]:0:$X509_LOOP}")
  LABEL=(
    [mon_bundle]="monitor run --no-history, bundle.pem"
    [mon_bundle_hist]="monitor run, bundle.pem, SQLite history"
    [storeutl_bundle]="openssl storeutl -noout -certs bundle.pem"
    [mon_dir]="monitor run --no-history, certs/"
    [storeutl_dir]="openssl storeutl -noout -certs -r certs/"
    [x509_loop]="openssl x509 -noout -enddate, 1 process a file"
    [mon_chain]="monitor run --no-history, bundle + cacert + crl"
    [verify_dir]="openssl verify -crl_check certs/*.pem"
  )
  measure_mon_bundle() {
    timed mon_bundle "$MTLSD" monitor run --config bundle.yaml --format json --no-history
    [[ $RC == 1 && $(summary_total) == "$COUNT" ]] || fail_run mon_bundle "exit $RC, $(summary_total) items"
  }
  measure_mon_bundle_hist() {
    timed mon_bundle_hist "$MTLSD" monitor run --config bundle.yaml --format json
    [[ $RC == 1 && $(summary_total) == "$COUNT" ]] || fail_run mon_bundle_hist "exit $RC, $(summary_total) items"
  }
  measure_mon_dir() {
    timed mon_dir "$MTLSD" monitor run --config dir.yaml --format json --no-history
    [[ $RC == 1 && $(summary_total) == "$COUNT" ]] || fail_run mon_dir "exit $RC, $(summary_total) items"
  }
  measure_mon_chain() {
    timed mon_chain "$MTLSD" monitor run --config chain.yaml --format json --no-history
    [[ $RC == 1 && $(summary_total) == "$COUNT" ]] || fail_run mon_chain "exit $RC, $(summary_total) items"
  }
  measure_storeutl_bundle() {
    timed storeutl_bundle "$OPENSSL" storeutl -noout -certs bundle.pem
    [[ $RC == 0 && $(grep -c ': Certificate$' "$OUT") == "$COUNT" ]] || fail_run storeutl_bundle "exit $RC"
  }
  measure_storeutl_dir() {
    timed storeutl_dir "$OPENSSL" storeutl -noout -certs -r certs
    [[ $RC == 0 && $(grep -c ': Certificate$' "$OUT") == "$COUNT" ]] || fail_run storeutl_dir "exit $RC"
  }
  measure_x509_loop() {
    # shellcheck disable=SC2016  # the script expands its own arguments
    timed x509_loop bash -c 'for f in "${@:2}"; do "$1" x509 -noout -enddate -in "$f" || exit; done' _ "$OPENSSL" "${LOOP_FILES[@]}"
    [[ $RC == 0 && $(grep -c '^notAfter=' "$OUT") == "$X509_LOOP" ]] || fail_run x509_loop "exit $RC"
  }
  measure_verify_dir() {
    timed verify_dir "$OPENSSL" verify -CAfile ca.pem -crl_check -CRLfile ca.crl "${CERT_FILES[@]}"
    local n=$(($(grep -c ': OK$' "$OUT" || true) + $(grep -c 'verification failed' "$ERR" || true)))
    [[ ($RC == 0 || $RC == 2) && $n == "$COUNT" ]] || fail_run verify_dir "exit $RC, $n certificates"
  }
  local tools=(mon_bundle mon_bundle_hist storeutl_bundle mon_dir storeutl_dir x509_loop mon_chain verify_dir)
  local name
  for name in "${tools[@]}"; do "measure_$name"; done  # warm-up, checks; the history's first sweep
  "$MTLSD" monitor run --config chain.yaml --format json --no-history >"$WORK/chain.json" || true
  local states ocsp crl_gets
  states=$(jq -r '[.items[] | .cause] | group_by(.) | map("\(.[0]) \(length)") | join(", ")' "$WORK/chain.json")
  crl_gets=$(grep -c 'GET /ca.crl' "$WORK/http.log" || true)
  ocsp=$(grep -c 'POST /ocsp' "$WORK/http.log" || true)
  wait_for_quiet "$MAX_LOAD" "$LOAD_TRIES"
  echo
  echo "part 1: $COUNT certificates (EC P-256 and RSA-2048 leaves of one CA; ~5% expired, ~5% expiring within 30 days)"
  echo "  with cacert + crl, the causes: $states"
  echo "  the loopback HTTP server saw, over the warm-up: $crl_gets CRL GETs, $ocsp OCSP POSTs (answered 501)"
  echo "$RUNS rounds (load average at start: $(cut -d' ' -f1-3 /proc/loadavg))"
  rounds "${tools[@]}"
  echo
  printf '%-48s %9s %8s %8s %9s %10s %8s %9s\n' "command ($COUNT certificates)" "median s" "cpu s" "certs/s" "peak MiB" "vs" "ratio" "cpu ratio"
  local med cpu rss rate vs ratio cratio scale
  for name in "${tools[@]}"; do
    med=$(values "$name" T | median)
    cpu=$(values "$name" C | median)
    rss=$(values "$name" M | median)
    scale=1
    [[ $name == x509_loop ]] && scale=$(awk -v c="$COUNT" -v l="$X509_LOOP" 'BEGIN { print c / l }')
    rate=$(awk -v c="$COUNT" -v t="$med" -v k="$scale" 'BEGIN { printf "%.0f", c / (t * k) }')
    vs="-" ratio="-" cratio="-"
    case $name in
      storeutl_bundle) vs=mon_bundle ;;
      storeutl_dir | x509_loop) vs=mon_dir ;;
      verify_dir) vs=mon_chain ;;
    esac
    if [[ $vs != - ]]; then
      ratio=$(ratios "$name" "$vs" "$scale" | median | awk '{ printf "%.2fx", $1 }')
      cratio=$(ratios "$name" "$vs" "$scale" C | median | awk '{ printf "%.2fx", $1 }')
    fi
    [[ $name == x509_loop ]] && cpu=$(awk -v c="$cpu" -v k="$scale" 'BEGIN { print c * k }')
    printf '%-48s %9.3f %8.3f %8s %9s %10s %8s %9s\n' "${LABEL[$name]}" "$med" "$cpu" "$rate" "$(mib "$rss")" "$vs" "$ratio" "$cratio"
  done
  # The history is monitor run's default: storeutl against it too, in the same rounds.
  ratio=$(ratios storeutl_bundle mon_bundle_hist 1 | median | awk '{ printf "%.2fx", $1 }')
  cratio=$(ratios storeutl_bundle mon_bundle_hist 1 C | median | awk '{ printf "%.2fx", $1 }')
  printf '%-48s %9s %8s %8s %9s %10s %8s %9s\n' "openssl storeutl, against the history run" "" "" "" "" \
    "hist" "$ratio" "$cratio"
  echo
  echo "ratio = median over rounds of (that command's seconds / the monitor's seconds in the 'vs' row), same round:"
  echo "  the monitor's certificates per second as a multiple of that command's (the issue's target: >= 3x storeutl)."
  echo "cpu ratio: the same with CPU seconds (user+sys); on a loaded machine the fairer of the two."
  echo "x509 loop: $X509_LOOP of the files a round, one openssl process each; its seconds (wall and cpu) are scaled to $COUNT (×$(awk -v c="$COUNT" -v l="$X509_LOOP" 'BEGIN { print c / l }'))."
  stop_pid "$HTTP_PID"
  HTTP_PID=""
  cd "$WORK"
}

# === part 2: the endpoints ===================================================================
endpoints() {
  local lab=$WORK/lab list bb_port p i
  "$MTLSD" lab create "$lab" >/dev/null
  cat "$lab/server-good.crt" "$lab/server-good-chain.pem" >"$lab/server-fullchain.pem"
  cat "$lab/client-good.crt" "$lab/client-good-chain.pem" >"$lab/client-fullchain.pem"
  mapfile -t list < <(free_ports $((ENDPOINTS + 1)))
  ((${#list[@]} == ENDPOINTS + 1)) || die "not enough free ports below 32768"
  bb_port=${list[-1]}
  unset 'list[-1]'
  nginx_mtls_conf "$WORK" "$lab" "$NGINX_WORKERS" "$PROTOCOLS" "${list[@]}" >"$WORK/nginx.conf"
  start_nginx "$NGINX" "$WORK/nginx.conf" "$WORK" "$NGINX_WORKERS" "${list[0]}" "${list[-1]}" || die "nginx did not start"
  {
    echo "version: 1"
    echo "database: $WORK/endpoints.db"
    echo "identities:"
    echo "  - {name: client, cert: $lab/client-good.crt, key: $lab/client-good.key, chain: $lab/client-good-chain.pem}"
    echo "endpoints:"
    for p in "${list[@]}"; do
      echo "  - {name: ep-$p, target: '127.0.0.1:$p', identity: client, cacert: $lab/server-ca.pem, expect_mtls: true}"
    done
  } >"$WORK/endpoints.yaml"
  : >"$WORK/targets.txt"
  : >"$WORK/curl.cfg"
  : >"$WORK/blackbox.cfg"
  for p in "${list[@]}"; do
    echo "127.0.0.1:$p" >>"$WORK/targets.txt"
    printf 'url = "https://127.0.0.1:%s/"\noutput = "/dev/null"\n' "$p" >>"$WORK/curl.cfg"
  done
  find_blackbox "$BLACKBOX" "$WORK"
  if [[ -n $BB_BIN ]]; then
    start_blackbox "$WORK" "$lab" "$bb_port" "$CURL" || die "the blackbox exporter did not start"
    mkdir -p "$WORK/bb"
    for i in "${!list[@]}"; do
      printf 'url = "http://127.0.0.1:%s/probe?module=mtls_2xx&target=https://127.0.0.1:%s/"\noutput = "%s/bb/%d"\n' \
        "$bb_port" "${list[$i]}" "$WORK" "$i" >>"$WORK/blackbox.cfg"
    done
  fi
  cd "$lab"
  LABEL=(
    [mon_sweep]="monitor run --no-history (16 in flight)"
    [mon_sweep_hist]="monitor run, SQLite history"
    [diagnose]="diagnose --targets --concurrency 16"
    [curl_parallel]="curl --parallel-max $PARALLEL (1 process)"
    [blackbox]="blackbox exporter, $PARALLEL concurrent /probe"
  )
  local tools=(mon_sweep mon_sweep_hist diagnose curl_parallel)
  [[ -n $BB_BIN ]] && tools+=(blackbox)
  with_nginx() {  # with_nginx CMD...: runs CMD; SRV = the nginx workers' CPU seconds meanwhile
    local a b
    a=$(cpu_ticks "${NGINX_WORKER_PIDS[@]}")
    "$@"
    b=$(cpu_ticks "${NGINX_WORKER_PIDS[@]}")
    SRV=$(awk -v a="$a" -v b="$b" -v t="$CLK_TCK" 'BEGIN { printf "%.3f", (b - a) / t }')
  }
  # every endpoint item ok (the identity they present is an item too)
  endpoints_ok() { jq '[.items[] | select(.kind == "endpoint" and .state == "ok")] | length' "$OUT" 2>/dev/null || echo 0; }
  all_ok() { [[ $RC == 0 && $(endpoints_ok) == "$ENDPOINTS" ]]; }
  measure_mon_sweep() {
    with_nginx timed mon_sweep "$MTLSD" monitor run --config "$WORK/endpoints.yaml" --format json --no-history
    all_ok || fail_run mon_sweep "exit $RC, $(endpoints_ok) of $ENDPOINTS endpoints ok"
  }
  measure_mon_sweep_hist() {
    with_nginx timed mon_sweep_hist "$MTLSD" monitor run --config "$WORK/endpoints.yaml" --format json
    all_ok || fail_run mon_sweep_hist "exit $RC, $(endpoints_ok) of $ENDPOINTS endpoints ok"
  }
  measure_diagnose() {
    with_nginx timed diagnose "$MTLSD" diagnose --targets "$WORK/targets.txt" --concurrency 16 --cert client-good.crt \
      --chain client-good-chain.pem --key client-good.key --cacert server-ca.pem --format json
    [[ $RC == 0 && $(jq -r '.verdict.cause' "$OUT" | grep -cx ok) == "$ENDPOINTS" ]] || fail_run diagnose "exit $RC"
  }
  measure_curl_parallel() {
    with_nginx timed curl_parallel "$CURL" -s --cert client-fullchain.pem --key client-good.key --cacert server-ca.pem \
      --parallel --parallel-max "$PARALLEL" -w '%{http_code}\n' -K "$WORK/curl.cfg"
    [[ $RC == 0 && $(grep -cx 200 "$OUT") == "$ENDPOINTS" ]] || fail_run curl_parallel "exit $RC"
  }
  measure_blackbox() {
    local a b
    rm -f "$WORK"/bb/*
    a=$(cpu_ticks "$BB_PID")
    with_nginx timed blackbox "$CURL" -s --parallel --parallel-max "$PARALLEL" -K "$WORK/blackbox.cfg"
    b=$(cpu_ticks "$BB_PID")
    [[ $RC == 0 && $(cat "$WORK"/bb/* | grep -cx 'probe_success 1') == "$ENDPOINTS" ]] || fail_run blackbox "exit $RC"
    DRIVER=$CPU
    CPU=$(awk -v a="$a" -v b="$b" -v t="$CLK_TCK" 'BEGIN { printf "%.3f", (b - a) / t }')
    RSS=$(awk '/^VmHWM:/ { print $2 }' "/proc/$BB_PID/status")
  }
  local name
  for name in "${tools[@]}"; do "measure_$name"; done  # warm-up, checks; the history's first sweep
  local proto
  proto=$(jq -r '.items[0].verdict.handshake.version // empty' "$OUT" 2>/dev/null || true)
  wait_for_quiet "$MAX_LOAD" "$LOAD_TRIES"
  echo
  echo "part 2: $ENDPOINTS endpoints: nginx $("$NGINX" -v 2>&1 | sed 's/.*: //'), 1 master + $NGINX_WORKERS worker(s), $ENDPOINTS listening ports on 127.0.0.1 (${list[0]}…${list[-1]}), ssl_protocols $PROTOCOLS, ssl_verify_client on, no session cache or tickets"
  if [[ -n $BB_BIN ]]; then echo "  blackbox exporter: $BB_VERSION ($BB_STATUS)"; else echo "  blackbox exporter: not installed (skipped)"; fi
  echo "$RUNS rounds (load average at start: $(cut -d' ' -f1-3 /proc/loadavg))"
  rounds "${tools[@]}"
  echo
  printf '%-46s %9s %7s %9s %9s %10s %9s %8s %9s\n' "client ($ENDPOINTS endpoints)" "median s" "best s" "endp/s" "cpu s" "nginx cpu" "peak MiB" "ratio" "cpu ratio"
  local med best cpu srv rss ratio cratio
  for name in "${tools[@]}"; do
    med=$(values "$name" T | median)
    best=$(values "$name" T | sort -g | head -1)
    cpu=$(values "$name" C | median)
    srv=$(values "$name" S | median)
    rss=$(values "$name" M | median)
    ratio="-" cratio="-"
    if [[ $name != mon_sweep ]]; then
      ratio=$(ratios "$name" mon_sweep | median | awk '{ printf "%.2fx", $1 }')
      cratio=$(ratios "$name" mon_sweep 1 C | median | awk '{ printf "%.2fx", $1 }')
    fi
    printf '%-46s %9.3f %7.3f %9.0f %9.3f %10.3f %9s %8s %9s\n' "${LABEL[$name]}" "$med" "$best" \
      "$(awk -v n="$ENDPOINTS" -v t="$med" 'BEGIN { print n / t }')" "$cpu" "$srv" "$(mib "$rss")" "$ratio" "$cratio"
  done
  echo
  echo "ratio = median over rounds of (that client's seconds / monitor run --no-history's seconds), same round;"
  echo "  cpu ratio: the same with client CPU seconds (the blackbox row: the exporter's CPU)."
  echo "cpu s: the client's user+sys (GNU time; process start-up included)."
  if [[ -n $BB_BIN ]]; then
    echo "  blackbox: the exporter's own CPU (/proc/$BB_PID/stat); the curl driving it took another $(values blackbox D | median) s;"
    echo "  its peak MiB is VmHWM, the high-water mark of the long-running exporter."
  fi
  [[ -n $proto ]] && echo "TLS: $proto"
  cd "$WORK"
}

[[ $PART == endpoints ]] || inventory
[[ $PART == inventory ]] || endpoints
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
