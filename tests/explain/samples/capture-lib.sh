# Helpers shared by the capture scripts (sourced, not run). The caller sets $capture_name (for
# messages), $lab and $work (temp paths written as LAB/ in samples), $out (the samples dir) and
# may set $since_delay (seconds a log is given to settle, default 0.3).
pids=()
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start() { "$@" & pids+=($!); last_pid=$!; }  # background a server, remember its PID
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# The byte offset of a log before a request, and what the log gained since.
declare -A marks
set_mark() { marks[$1]=$(stat -c %s "$1"); }
since() { sleep "${2:-${since_delay:-0.3}}"; tail -c +$((${marks[$1]} + 1)) "$1" | tr -d '\0'; }

wait_port() {  # until something accepts on 127.0.0.1:$1, then let the probe's log lines settle
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then sleep 0.5; return; fi
    sleep 0.1
  done
  echo "$capture_name: nothing listens on port $1" >&2
}

# save NAME SOURCE "CAUSE SIDE" [NOTE], stdin: text. Temp paths become LAB/.
save() {
  { echo "# source: $2"; echo "# expect: $3"; [ -n "${4:-}" ] && echo "# note: $4"; sed -e "s#$lab/#LAB/#g" -e "s#$work/#LAB/#g"; } >"$out/$1.txt"
}
# The lab fault a text comes from, as a note, when the text alone points elsewhere.
generic_note() { echo "lab fault: $1; the text alone does not say so, it only shows $2"; }

# client-ID-full.pem for each ID: the leaf and its intermediate (what a correctly configured
# client sends); server-good-full.pem likewise.
make_full_pems() {
  local id
  for id in "$@"; do
    if [ -f "$lab/client-$id-chain.pem" ]; then cat "$lab/client-$id.crt" "$lab/client-$id-chain.pem" >"$lab/client-$id-full.pem"; else cp "$lab/client-$id.crt" "$lab/client-$id-full.pem"; fi
  done
  cat "$lab/server-good.crt" "$lab/server-good-chain.pem" >"$lab/server-good-full.pem"
}
