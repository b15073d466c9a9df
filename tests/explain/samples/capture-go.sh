#!/usr/bin/env bash
# Captures what Go's crypto/tls and net/http print when mTLS fails, on loopback, into
# tests/explain/samples/go-*.txt (headers "# source:" and "# expect: <cause> <rejected_by>"):
# a Go client (go/mtlspeer.go) against openssl s_server with each lab fault, TLS 1.2 and 1.3,
# and a Go server requiring client certificates, with curl as the client.
# Usage: capture-go.sh MTLS_DOCTOR_BINARY OUT_DIR. Needs `go` (Debian: golang-go). Re-run by
# hand when the tools change; the explain tests only read the stored files.
set -euo pipefail
doctor=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

"$doctor" lab create "$work/lab" >/dev/null
lab=$work/lab
for id in client-good client-other-ca client-expired client-no-clientauth-eku client-revoked client-not-yet-valid; do
  cat "$lab/$id.crt" "$lab/$id-chain.pem" >"$lab/$id-full.pem"
done
cat "$lab/server-good.crt" "$lab/server-good-chain.pem" >"$lab/server-good-full.pem"
go build -o "$work/mtlspeer" "$here/go/mtlspeer.go"
gv=$(go version | cut -d' ' -f3)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

save() {  # $1 name, $2 source, $3 expect; stdin: text
  { echo "# source: $2"; echo "# expect: $3"; sed -e "s#$work/lab/#LAB/#g" -e "s#127.0.0.1:[0-9]*#127.0.0.1:PORT#g" -e "s#localhost:[0-9]*#localhost:PORT#g"; } >"$out/$1.txt"
}

# --- a Go client against openssl s_server -------------------------------------------------------
s_server() {  # $1 -tls1_2|-tls1_3, $2 server cert id, rest: extra options; sets port
  port=$(free_port)
  local chain=()
  [ -f "$lab/$2-chain.pem" ] && chain=(-cert_chain "$lab/$2-chain.pem")
  shift 0
  openssl s_server -accept "127.0.0.1:$port" -naccept 2 -www "$1" -Verify 3 -verify_return_error \
    -cert "$lab/$2.crt" -key "$lab/$2.key" "${chain[@]}" -CAfile "$lab/client-ca.pem" "${@:3}" >/dev/null 2>&1 &
  pids+=($!)
  wait_port "$port"
}
go_client() {  # $1 version, $2 cert file or "", $3 key; prints what the Go client printed
  "$work/mtlspeer" client "https://localhost:$port/" "$2" "$3" "$lab/server-ca.pem" "$1" 2>&1 || true
}
for v in 1.2 1.3; do
  flag=-tls${v/./_}
  s_server "$flag" server-good; go_client "$v" "$lab/client-expired-full.pem" "$lab/client-expired.key" |
    save "go-client-tls${v/./_}-client-expired" "Go $gv net/http client, openssl s_server $flag -Verify" "client-cert-expired server"
  # Go sends no certificate when its issuer is not among the server's acceptable CA names: the
  # server then complains of a missing certificate, and that is all the text says.
  s_server "$flag" server-good; go_client "$v" "$lab/client-other-ca-full.pem" "$lab/client-other-ca.key" |
    save "go-client-tls${v/./_}-untrusted-issuer" "Go $gv net/http client with a certificate from another CA (Go withholds it), openssl s_server $flag -Verify" "client-cert-missing server"
  s_server "$flag" server-good; go_client "$v" "$lab/client-no-clientauth-eku-full.pem" "$lab/client-no-clientauth-eku.key" |
    save "go-client-tls${v/./_}-no-clientauth-eku" "Go $gv net/http client, openssl s_server $flag -Verify" "client-cert-missing-clientauth-eku server"
  s_server "$flag" server-good; go_client "$v" "" "" |
    save "go-client-tls${v/./_}-no-client-cert" "Go $gv net/http client without a certificate, openssl s_server $flag -Verify" "client-cert-missing server"
done
s_server -tls1_3 server-expired; go_client 1.3 "$lab/client-good-full.pem" "$lab/client-good.key" |
  save go-client-server-expired "Go $gv net/http client, openssl s_server with an expired certificate" "server-cert-expired client"
s_server -tls1_3 server-wrong-name; go_client 1.3 "$lab/client-good-full.pem" "$lab/client-good.key" |
  save go-client-server-wrong-name "Go $gv net/http client, openssl s_server whose certificate names another host" "server-hostname-mismatch client"
s_server -tls1_3 server-untrusted; go_client 1.3 "$lab/client-good-full.pem" "$lab/client-good.key" |
  save go-client-server-untrusted "Go $gv net/http client, openssl s_server with a certificate from an untrusted CA" "server-cert-untrusted client"

# --- a Go server requiring client certificates, curl as the client -----------------------------
port=$(free_port)
"$work/mtlspeer" server "127.0.0.1:$port" "$lab/server-good-full.pem" "$lab/server-good.key" "$lab/client-ca.pem" 2>"$work/go-server.log" &
pids+=($!)
wait_port "$port"
curl_to_go() { curl -sS --max-time 5 --cacert "$lab/server-ca.pem" --resolve "localhost:$port:127.0.0.1" "$@" "https://localhost:$port/" >/dev/null 2>&1 || true; }
last_log() { sleep 0.3; tail -n +"$1" "$work/go-server.log"; }
n=$(($(wc -l <"$work/go-server.log") + 1)); curl_to_go --cert "$lab/client-expired-full.pem" --key "$lab/client-expired.key"
last_log "$n" | save go-server-client-expired "Go $gv net/http server log (RequireAndVerifyClientCert), curl client" "client-cert-expired server"
n=$(($(wc -l <"$work/go-server.log") + 1)); curl_to_go --cert "$lab/client-other-ca-full.pem" --key "$lab/client-other-ca.key"
last_log "$n" | save go-server-untrusted-issuer "Go $gv net/http server log (RequireAndVerifyClientCert), curl client" "client-cert-untrusted-issuer server"
n=$(($(wc -l <"$work/go-server.log") + 1)); curl_to_go --cert "$lab/client-no-clientauth-eku-full.pem" --key "$lab/client-no-clientauth-eku.key"
last_log "$n" | save go-server-no-clientauth-eku "Go $gv net/http server log (RequireAndVerifyClientCert), curl client" "client-cert-missing-clientauth-eku server"
n=$(($(wc -l <"$work/go-server.log") + 1)); curl_to_go
last_log "$n" | save go-server-no-client-cert "Go $gv net/http server log (RequireAndVerifyClientCert), curl client without a certificate" "client-cert-missing server"
n=$(($(wc -l <"$work/go-server.log") + 1)); curl_to_go --cert "$lab/client-not-yet-valid-full.pem" --key "$lab/client-not-yet-valid.key"
last_log "$n" | save go-server-client-not-yet-valid "Go $gv net/http server log (RequireAndVerifyClientCert), curl client" "client-cert-not-yet-valid server"
echo "captured into $out"
