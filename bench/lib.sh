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
