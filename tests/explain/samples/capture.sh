#!/usr/bin/env bash
# Captures what real clients print when openssl s_server rejects them, on loopback, into
# tests/explain/samples/*.txt (header: "# source:" and "# expect: <cause> <rejected_by>").
# Usage: capture.sh MTLS_DOCTOR_BINARY OUT_DIR. Re-run by hand when the tools change; the
# explain tests only read the stored files.
set -euo pipefail
doctor=$1
out=$2
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$doctor" lab create "$work/lab" >/dev/null
lab=$work/lab
for id in client-other-ca client-expired client-no-clientauth-eku; do
  if [ -f "$lab/$id-chain.pem" ]; then cat "$lab/$id.crt" "$lab/$id-chain.pem" >"$lab/$id-full.pem"; else cp "$lab/$id.crt" "$lab/$id-full.pem"; fi
done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

start_server() {  # $1: -tls1_2 or -tls1_3
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  openssl s_server -accept "127.0.0.1:$port" -naccept 1000 -www "$1" -Verify 3 -verify_return_error \
    -cert "$lab/server-good.crt" -key "$lab/server-good.key" -cert_chain "$lab/server-good-chain.pem" \
    -CAfile "$lab/client-ca.pem" >/dev/null 2>&1 &
  server_pid=$!
  sleep 0.5
}

save() {  # $1 name, $2 source, $3 expect, stdin: text
  { echo "# source: $2"; echo "# expect: $3"; sed "s#$work/lab/#LAB/#g"; } >"$out/$1.txt"
}

curl_v() { curl -sS -v --max-time 5 --cacert "$lab/server-ca.pem" --resolve "localhost:$port:127.0.0.1" "$@" "https://localhost:$port/" 2>&1 >/dev/null | grep -vE '^\* +(Trying|Connected|ALPN|CAfile|CApath|Closing|Added|successfully)|^[<>{}]' || true; }
s_client() { timeout 5 openssl s_client -ign_eof -connect "127.0.0.1:$port" -servername localhost -CAfile "$lab/server-ca.pem" "$@" </dev/null 2>&1 | grep -E 'error|alert|Verify return|verify error' || true; }

cv=$(curl --version | head -1 | cut -d' ' -f1-2)
ov=$(openssl version | cut -d' ' -f1-2)
for v in 1_3 1_2; do
  start_server "-tls$v"
  flag="--tlsv${v/_/.} --tls-max ${v/_/.}"
  # shellcheck disable=SC2086
  curl_v $flag | save "curl-tls$v-no-client-cert" "$cv -v, $ov s_server -tls$v -Verify -verify_return_error, no client certificate" "client-cert-missing server"
  # shellcheck disable=SC2086
  curl_v $flag --cert "$lab/client-other-ca-full.pem" --key "$lab/client-other-ca.key" | save "curl-tls$v-untrusted-issuer" "$cv -v, $ov s_server -tls$v, client certificate from another CA" "client-cert-untrusted-issuer server"
  # shellcheck disable=SC2086
  curl_v $flag --cert "$lab/client-expired-full.pem" --key "$lab/client-expired.key" | save "curl-tls$v-client-expired" "$cv -v, $ov s_server -tls$v, expired client certificate" "client-cert-expired server"
  # shellcheck disable=SC2086
  curl_v $flag --cert "$lab/client-no-clientauth-eku-full.pem" --key "$lab/client-no-clientauth-eku.key" | save "curl-tls$v-no-clientauth-eku" "$cv -v, $ov s_server -tls$v, client certificate without clientAuth" "client-cert-missing-clientauth-eku server"
  s_client "-tls$v" | save "s_client-tls$v-no-client-cert" "$ov s_client -tls$v against s_server -verify_return_error, no client certificate" "client-cert-missing server"
  s_client "-tls$v" -cert "$lab/client-other-ca-full.pem" -key "$lab/client-other-ca.key" | save "s_client-tls$v-untrusted-issuer" "$ov s_client -tls$v, client certificate from another CA" "client-cert-untrusted-issuer server"
done
{ curl -sS --max-time 5 --resolve "localhost:$port:127.0.0.1" --cert "$lab/client-key-mismatch.crt" --key "$lab/client-key-mismatch.key" "https://localhost:$port/" 2>&1 || true; } | save curl-key-mismatch "$cv, client certificate with a key that does not match" "client-key-mismatch local"
# The client judging the server: an untrusted server certificate.
{ curl -sS --max-time 5 --resolve "localhost:$port:127.0.0.1" "https://localhost:$port/" 2>&1 || true; } | save curl-server-untrusted "$cv, server certificate from a private CA, no --cacert" "server-cert-untrusted client"
{ timeout 5 openssl s_client -connect "127.0.0.1:$port" -servername localhost </dev/null 2>&1 | grep -E 'verify error|Verify return' || true; } | save s_client-server-untrusted "$ov s_client without -CAfile" "server-cert-untrusted client"
