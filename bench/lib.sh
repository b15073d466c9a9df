# Shared by the benchmark scripts (source it; it defines functions only).
# shellcheck shell=bash

# stop_pid PID: SIGTERM, up to 5 s for it to go, then SIGKILL; reaps it. Empty PID: nothing.
stop_pid() {
  local pid=$1
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# free_ports N: N free TCP ports below the ephemeral range (32768) that no socket has bound,
# IPv4 or IPv6, from a random start; one a line. Fails when there are not enough.
free_ports() {
  local -A used=()
  local f local_addr p count=0
  for f in /proc/net/tcp /proc/net/tcp6; do
    [[ -r $f ]] || continue
    while read -r _ local_addr _; do
      [[ $local_addr == *:* ]] || continue
      used[$((16#${local_addr##*:}))]=1
    done <"$f"
  done
  p=$((20000 + RANDOM % 10000))
  while ((count < $1)); do
    ((p < 32768)) || return 1
    [[ -z ${used[$p]:-} ]] && { echo "$p"; count=$((count + 1)); }
    p=$((p + 1))
  done
}

# cpu_ticks PID...: utime+stime in clock ticks (getconf CLK_TCK), summed over the processes.
cpu_ticks() {
  local pid total=0 stat rest
  local -a f
  for pid in "$@"; do
    stat=$(<"/proc/$pid/stat")
    rest=${stat##*) }
    read -r -a f <<<"$rest"
    total=$((total + f[11] + f[12]))
  done
  echo "$total"
}

# median: of the numbers on stdin, one a line.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# wait_for_quiet MAX TRIES: wait (30 s at a time, TRIES times at most) for the 1-minute load
# average to fall below MAX; says so on stderr while waiting.
wait_for_quiet() {
  local try load1
  for ((try = 0; try < $2; try++)); do
    load1=$(cut -d' ' -f1 /proc/loadavg)
    awk -v l="$load1" -v m="$1" 'BEGIN { exit !(l < m) }' && return 0
    echo "load average $load1 >= $1: waiting 30 s ($((try + 1))/$2)" >&2
    sleep 30
  done
}

# wait_listening PORT PID: up to 10 s for 127.0.0.1:PORT to accept connections while PID lives.
wait_listening() {
  local _
  for _ in $(seq 100); do
    (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# nginx_mtls_conf WORK LAB WORKERS PROTOCOLS PORT...: on stdout, an nginx.conf (files under WORK)
# with one server block listening on every 127.0.0.1:PORT, the lab's server-fullchain.pem and
# server-good.key, requiring a client certificate of the lab's client root (its intermediate
# trusted but not advertised), every connection a full handshake, `200 ok` for every request.
# LAB must hold server-fullchain.pem (server-good.crt + server-good-chain.pem).
nginx_mtls_conf() {
  local work=$1 lab=$2 workers=$3 protocols=$4 p
  shift 4
  mkdir -p "$work/nginx-tmp"
  echo "worker_processes $workers;"
  echo "user root;"  # the lab lives in a 0700 temp dir
  echo "daemon off;"
  echo "pid $work/nginx.pid;"
  echo "error_log $work/nginx-error.log warn;"
  echo "worker_rlimit_nofile 8192;"
  echo "events { worker_connections 4096; }"
  echo "http {"
  echo "  access_log off;"
  echo "  keepalive_timeout 0;"
  echo "  client_body_temp_path $work/nginx-tmp/body; proxy_temp_path $work/nginx-tmp/proxy;"
  echo "  fastcgi_temp_path $work/nginx-tmp/fcgi; uwsgi_temp_path $work/nginx-tmp/uwsgi; scgi_temp_path $work/nginx-tmp/scgi;"
  echo "  server {"
  for p in "$@"; do echo "    listen 127.0.0.1:$p ssl;"; done
  echo "    ssl_certificate $lab/server-fullchain.pem;"
  echo "    ssl_certificate_key $lab/server-good.key;"
  echo "    ssl_client_certificate $lab/client-ca.pem;"
  # The client intermediate as a trusted (but not advertised) CA: `openssl s_time` can only send
  # its leaf; every other client here sends leaf + intermediate.
  echo "    ssl_trusted_certificate $lab/client-good-chain.pem;"
  echo "    ssl_protocols $protocols;"
  echo "    ssl_verify_client on;"
  echo "    ssl_verify_depth 3;"
  # Every connection is a full handshake: no session cache, no tickets.
  echo "    ssl_session_cache off;"
  echo "    ssl_session_tickets off;"
  printf '    location / { return 200 "ok\\n"; }\n'
  echo "  }"
  echo "}"
}

# start_nginx NGINX CONF WORK WORKERS FIRST_PORT LAST_PORT: checks CONF (nginx -t), starts nginx
# in the foreground of a background job and waits for both ports; sets NGINX_PID and
# NGINX_WORKER_PIDS (an array, which must hold WORKERS pids). Fails, saying why on stderr.
start_nginx() {
  local nginx=$1 conf=$2 work=$3 workers=$4 first=$5 last=$6 _
  if ! "$nginx" -t -c "$conf" >/dev/null 2>&1; then
    "$nginx" -t -c "$conf" >&2 || true
    echo "nginx -t failed" >&2
    return 1
  fi
  "$nginx" -c "$conf" >"$work/nginx.out" 2>&1 &
  NGINX_PID=$!
  if ! wait_listening "$first" "$NGINX_PID" || ! wait_listening "$last" "$NGINX_PID"; then
    cat "$work/nginx.out" "$work/nginx-error.log" >&2 2>/dev/null || true
    echo "nginx did not start" >&2
    return 1
  fi
  for _ in $(seq 50); do  # the master forks its workers after it listens
    mapfile -t NGINX_WORKER_PIDS < <(pgrep -P "$NGINX_PID")
    [[ ${#NGINX_WORKER_PIDS[@]} -eq $workers ]] && return 0
    sleep 0.1
  done
  echo "expected $workers nginx workers, found ${#NGINX_WORKER_PIDS[@]}" >&2
  return 1
}

# find_blackbox MODE WORK: the Prometheus blackbox exporter. MODE auto: installed, else the Debian
# package is installed (apt-get; policy-rc.d, when present, keeps its service from starting);
# installed: only if already installed; 0: never. Sets BB_BIN (empty when there is none),
# BB_STATUS and BB_VERSION.
# shellcheck disable=SC2034  # the callers read BB_STATUS and BB_VERSION
find_blackbox() {
  BB_BIN="" BB_STATUS="" BB_VERSION=""
  [[ $1 != 0 ]] || return 0
  if command -v prometheus-blackbox-exporter >/dev/null; then
    BB_BIN=$(command -v prometheus-blackbox-exporter)
    BB_STATUS="installed"
  elif [[ $1 == auto && $(apt-cache policy prometheus-blackbox-exporter 2>/dev/null) == *"Candidate: "[0-9]* ]]; then
    echo "prometheus-blackbox-exporter is missing: installing the Debian package (apt-get install prometheus-blackbox-exporter)" >&2
    if DEBIAN_FRONTEND=noninteractive apt-get install -y -q prometheus-blackbox-exporter >"$2/apt.log" 2>&1; then
      BB_BIN=$(command -v prometheus-blackbox-exporter || true)
      BB_STATUS="installed by this script from Debian"
    else
      tail -5 "$2/apt.log" >&2
      echo "installing prometheus-blackbox-exporter failed" >&2
    fi
  fi
  [[ -z $BB_BIN ]] || BB_VERSION=$("$BB_BIN" --version 2>&1 | head -1 || true)
}

# start_blackbox WORK LAB PORT CURL: the exporter on 127.0.0.1:PORT with one module, mtls_2xx (an
# https GET presenting the lab's client-good with its chain, trusting the lab's server root, 200
# expected); waits for /-/healthy. Sets BB_PID. LAB must hold client-fullchain.pem.
start_blackbox() {
  local work=$1 lab=$2 port=$3 curl=$4 _
  cat >"$work/blackbox.yml" <<EOT
modules:
  mtls_2xx:
    prober: http
    timeout: 10s
    http:
      preferred_ip_protocol: ip4
      valid_status_codes: [200]
      fail_if_not_ssl: true
      tls_config:
        ca_file: $lab/server-ca.pem
        cert_file: $lab/client-fullchain.pem
        key_file: $lab/client-good.key
EOT
  "$BB_BIN" --config.file="$work/blackbox.yml" --web.listen-address="127.0.0.1:$port" --log.level=warn \
    >"$work/blackbox.log" 2>&1 &
  BB_PID=$!
  for _ in $(seq 100); do
    "$curl" -s -o /dev/null "http://127.0.0.1:$port/-/healthy" 2>/dev/null && return 0
    kill -0 "$BB_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$work/blackbox.log" >&2
  echo "the blackbox exporter did not start" >&2
  return 1
}
