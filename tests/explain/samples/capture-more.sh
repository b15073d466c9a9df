#!/usr/bin/env bash
# Captures what more real stacks print when a mutual-TLS connection fails, on loopback, into
# tests/explain/samples/*.txt (header: "# source:" and "# expect: <cause> <rejected_by>"; a
# "# note:" line says why when the text alone cannot name the lab fault). Companion of capture.sh:
#   nginx 1.22 error log (ssl_verify_client on/optional, ssl_crl) and curl's HTTP 400 page;
#   gnutls-serv's log and gnutls-cli's output; Python ssl client errors and an http.server log;
#   Node https client errors and a Node https server's tlsClientError / authorizationError;
#   Java SSLSocket client exceptions and a Java SSLServerSocket's log.
# Usage: capture-more.sh MTLS_DOCTOR_BINARY OUT_DIR. Re-run by hand when the tools change; the
# explain tests only read the stored files. A stack whose tools are missing is skipped.
# Runs in a private network namespace when it can (unshare -n): gnutls-serv cannot bind to one
# address only, so without a namespace it is skipped; every other server listens on 127.0.0.1.
set -euo pipefail
if [ -z "${CAPTURE_MORE_NETNS:-}" ] && command -v unshare >/dev/null && unshare -n true 2>/dev/null; then
  CAPTURE_MORE_NETNS=1 exec unshare -n -- bash "$0" "$@"
fi
[ -n "${CAPTURE_MORE_NETNS:-}" ] && ip link set lo up
doctor=$1
out=$2
work=$(mktemp -d)
capture_name=capture-more
source "$(dirname "$(realpath "${BASH_SOURCE[0]}")")/capture-lib.sh"
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

"$doctor" lab create "$work/lab" >/dev/null
lab=$work/lab
tools=$lab/tools
mkdir -p "$tools"
make_full_pems good other-ca expired not-yet-valid no-clientauth-eku bad-key-usage revoked no-intermediate weak-key sha1
cat "$lab/client-ca.pem" "$lab/client-crl.pem" >"$lab/client-ca-crl.pem"
client_faults="other-ca expired not-yet-valid no-clientauth-eku revoked no-intermediate"

# s_server requiring a client certificate: -Verify 3 -verify_return_error, CRLs checked.
s_server_mtls() {  # $1 port, $2 -tls1_2|-tls1_3|""
  start openssl s_server -accept "127.0.0.1:$1" -naccept 1000 -www ${2:+"$2"} -Verify 3 -verify_return_error -crl_check_all \
    -cert "$lab/server-good.crt" -key "$lab/server-good.key" -cert_chain "$lab/server-good-chain.pem" \
    -CAfile "$lab/client-ca-crl.pem" >/dev/null 2>&1
  wait_port "$1"
}
# s_server with a faulty server identity and no client authentication.
s_server_plain() {  # $1 port, $2 server identity
  local chain=()
  [ -f "$lab/$2-chain.pem" ] && chain=(-cert_chain "$lab/$2-chain.pem")
  start openssl s_server -accept "127.0.0.1:$1" -naccept 1000 -www -cert "$lab/$2.crt" -key "$lab/$2.key" "${chain[@]}" >/dev/null 2>&1
  wait_port "$1"
}
server_faults="untrusted expired wrong-name no-intermediate"
ov=$(openssl version | cut -d' ' -f1-2)
cv=$(curl --version | head -1 | cut -d' ' -f1-2)

# ---------------------------------------------------------------------------------------- nginx
capture_nginx() {
  command -v nginx >/dev/null || { echo "capture-more: no nginx, skipped" >&2; return; }
  local d=$work/nginx p_on p_opt p_nocrl nv
  mkdir -p "$d"
  p_on=$(free_port); p_opt=$(free_port); p_nocrl=$(free_port)
  nv=$(nginx -v 2>&1 | sed 's#.*nginx/#nginx/#')
  server_block() {  # $1 port, $2 ssl_verify_client value, $3 extra directives
    cat <<EOF
  server {
    listen 127.0.0.1:$1 ssl;
    server_name localhost;
    ssl_certificate $lab/server-good-full.pem;
    ssl_certificate_key $lab/server-good.key;
    ssl_client_certificate $lab/client-ca.pem;
    ssl_verify_client $2;
    ssl_verify_depth 2;
    $3
    location / { return 200 "ok\n"; }
  }
EOF
  }
  {
    [ "$(id -u)" = 0 ] && echo "user root;"
    cat <<EOF
daemon off;
pid $d/nginx.pid;
error_log $d/error.log info;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $d/body; proxy_temp_path $d/proxy; fastcgi_temp_path $d/fastcgi;
  uwsgi_temp_path $d/uwsgi; scgi_temp_path $d/scgi;
EOF
    server_block "$p_on" on "ssl_crl $lab/client-crl.pem;"
    server_block "$p_opt" optional "ssl_crl $lab/client-crl.pem;"
    server_block "$p_nocrl" on ""
    echo "}"
  } >"$d/nginx.conf"
  : >"$d/error.log"
  start nginx -p "$d" -c "$d/nginx.conf" -e "$d/error.log"
  local ng=$last_pid
  wait_port "$p_on"
  # One request; stdout: curl's output (the HTTP 400 page); the error-log lines go to $d/last.log.
  nginx_get() {  # $1 port, $2 identity or "none"
    local args=()
    [ "$2" != none ] && args=(--cert "$lab/client-$2-full.pem" --key "$lab/client-$2.key")
    set_mark "$d/error.log"
    curl -sS --max-time 5 --cacert "$lab/server-ca.pem" --resolve "localhost:$1:127.0.0.1" "${args[@]}" "https://localhost:$1/" 2>&1 || true
    since "$d/error.log" | grep -v 'closed keepalive connection' >"$d/last.log" || true
  }
  local src="$nv error log (error_log info), ssl_verify_client on, ssl_crl, curl client"
  nginx_get "$p_on" none | save curl-nginx-400-no-client-cert "$cv against $nv ssl_verify_client on, no client certificate (HTTP 400 page)" "client-cert-missing server"
  save nginx-error-log-no-client-cert "$src, no client certificate" "client-cert-missing server" <"$d/last.log"
  nginx_get "$p_on" other-ca | save curl-nginx-400-certificate-error "$cv against $nv ssl_verify_client on, client certificate from another CA (HTTP 400 page)" "client-cert-untrusted-issuer server" \
    "nginx serves this same page for every verification failure; untrusted issuer is the likeliest reading, the reason is only in nginx's error log"
  save nginx-error-log-crl-untrusted-issuer "$src, client certificate from another CA" "client-cert-untrusted-issuer server" \
    "with ssl_crl nginx checks CRLs for the whole chain and logs the last verify error: a chain from a CA the server does not know has no CRL, so code 3 (unable to get certificate CRL) hides code 20" <"$d/last.log"
  nginx_get "$p_nocrl" other-ca >/dev/null
  save nginx-error-log-untrusted-issuer "$nv error log, ssl_verify_client on (no ssl_crl), curl client, client certificate from another CA" "client-cert-untrusted-issuer server" <"$d/last.log"
  nginx_get "$p_on" expired >/dev/null
  save nginx-error-log-expired "$src, expired client certificate" "client-cert-expired server" <"$d/last.log"
  nginx_get "$p_on" not-yet-valid >/dev/null
  save nginx-error-log-not-yet-valid "$src, client certificate not yet valid" "client-cert-not-yet-valid server" <"$d/last.log"
  nginx_get "$p_on" no-clientauth-eku >/dev/null
  save nginx-error-log-no-clientauth-eku "$src, client certificate without the clientAuth EKU" "client-cert-missing-clientauth-eku server" <"$d/last.log"
  nginx_get "$p_on" bad-key-usage >/dev/null
  save nginx-error-log-bad-key-usage "$src, client certificate whose keyUsage lacks digitalSignature" "client-cert-missing-clientauth-eku server" \
    "$(generic_note "keyUsage without digitalSignature" "verify code 26, the same words as a missing clientAuth EKU (the kb lists client-cert-bad-key-usage second)")" <"$d/last.log"
  nginx_get "$p_on" revoked >/dev/null
  save nginx-error-log-revoked "$src, revoked client certificate" "client-cert-revoked server" <"$d/last.log"
  nginx_get "$p_on" no-intermediate >/dev/null
  save nginx-error-log-missing-intermediate "$src, client leaf sent without its intermediate" "client-chain-incomplete server" <"$d/last.log"
  nginx_get "$p_opt" expired >/dev/null
  save nginx-optional-error-log-expired "$nv error log, ssl_verify_client optional, ssl_crl, curl client, expired client certificate" "client-cert-expired server" <"$d/last.log"
  stop "$ng"
}

# -------------------------------------------------------------------------------- curl (local)
capture_curl_local() {
  local p
  p=$(free_port)
  s_server_mtls "$p" ""
  local sp=$last_pid
  { curl -sS --max-time 5 --cacert "$lab/server-ca.pem" --resolve "localhost:$p:127.0.0.1" --cert "$lab/client-weak-key-full.pem" --key "$lab/client-weak-key.key" "https://localhost:$p/" 2>&1 || true; } |
    save curl-weak-key "$cv, client certificate with a 1024-bit RSA key (OpenSSL security level 2)" "client-cert-weak local"
  { curl -sS --max-time 5 --cacert "$lab/server-ca.pem" --resolve "localhost:$p:127.0.0.1" --cert "$lab/client-sha1-full.pem" --key "$lab/client-sha1.key" "https://localhost:$p/" 2>&1 || true; } |
    save curl-sha1 "$cv, client certificate signed with ECDSA-SHA1 (OpenSSL security level 2)" "client-cert-weak local"
  stop "$sp"
}

# --------------------------------------------------------------------------------------- gnutls
capture_gnutls() {
  command -v gnutls-cli >/dev/null || { echo "capture-more: no gnutls-bin, skipped" >&2; return; }
  local gv p sp
  gv="GnuTLS $(gnutls-cli --version | head -1 | sed 's/.* //')"
  p=$(free_port)
  # gnutls-serv's log, clients driven by openssl s_client (-cert_chain sends the intermediate).
  if [ -n "${CAPTURE_MORE_NETNS:-}" ]; then
    local log=$work/gnutls-serv.log
    : >"$log"
    start stdbuf -oL gnutls-serv --http --port "$p" --x509certfile "$lab/server-good-full.pem" --x509keyfile "$lab/server-good.key" \
      --x509cafile "$lab/client-ca.pem" --x509crlfile "$lab/client-crl.pem" --verify-client-cert --require-client-cert >"$log" 2>&1
    sp=$last_pid
    wait_port "$p"
    serv() {  # $1 identity or none, $2 -tls1_2|-tls1_3; stdout: the server's log lines for it
      local args=()
      if [ "$1" != none ]; then
        args=(-cert "$lab/client-$1.crt" -key "$lab/client-$1.key")
        [ -f "$lab/client-$1-chain.pem" ] && args+=(-cert_chain "$lab/client-$1-chain.pem")
      fi
      set_mark "$log"
      timeout 5 openssl s_client -connect "127.0.0.1:$p" -servername localhost -CAfile "$lab/server-ca.pem" "$2" "${args[@]}" </dev/null >/dev/null 2>&1 || true
      since "$log" 0.5 | grep -v '^$' || true
    }
    local src="gnutls-serv ($gv) --verify-client-cert --require-client-cert, CRL, log of an openssl s_client connection"
    serv other-ca -tls1_3 | save gnutls-serv-untrusted-issuer "$src, client certificate from another CA" "client-cert-untrusted-issuer server"
    serv expired -tls1_3 | save gnutls-serv-expired "$src, expired client certificate" "client-cert-expired server"
    serv not-yet-valid -tls1_3 | save gnutls-serv-not-yet-valid "$src, client certificate not yet valid" "client-cert-not-yet-valid server"
    serv revoked -tls1_3 | save gnutls-serv-revoked "$src, revoked client certificate" "client-cert-revoked server"
    serv no-intermediate -tls1_3 | save gnutls-serv-missing-intermediate "$src, client leaf sent without its intermediate" "client-cert-untrusted-issuer server" \
      "$(generic_note "intermediate not sent" "'The certificate issuer is unknown', as for a foreign CA (the kb lists client-chain-incomplete second)")"
    serv bad-key-usage -tls1_3 | save gnutls-serv-bad-key-usage "$src, client certificate whose keyUsage lacks digitalSignature" "client-cert-bad-key-usage server"
    serv none -tls1_2 | save gnutls-serv-tls1_2-no-client-cert "$src (TLS 1.2), no client certificate" "client-cert-missing server"
    serv none -tls1_3 | save gnutls-serv-tls1_3-no-client-cert "$src (TLS 1.3), no client certificate" "client-cert-missing server"
    # Not saved: a client certificate without the clientAuth EKU is accepted (gnutls-serv does not check it).
    stop "$sp"
  else
    echo "capture-more: no network namespace, gnutls-serv (binds every address) skipped" >&2
  fi

  # gnutls-cli's output: lines that matter (status, alerts, fatal errors).
  gcli() {  # $1 port, then gnutls-cli options
    local port=$1; shift
    { printf 'GET / HTTP/1.0\r\n\r\n' | timeout 5 stdbuf -oL gnutls-cli -p "$port" --sni-hostname localhost --verify-hostname localhost "$@" 127.0.0.1 2>&1 || true; } |
      grep -E '^(\*\*\*|- Status|- Successfully sent|- Handshake was completed)' || true
  }
  for v in 1_3 1_2; do
    s_server_mtls "$p" "-tls$v"
    sp=$last_pid
    local src="gnutls-cli ($gv) against $ov s_server -tls$v -Verify 3 -verify_return_error -crl_check_all"
    local prio=()
    [ "$v" = 1_2 ] && prio=(--priority NORMAL:-VERS-TLS1.3)
    for id in $client_faults none; do
      [ "$v" = 1_2 ] && [ "$id" != none ] && [ "$id" != other-ca ] && continue
      local args=(--x509cafile "$lab/server-ca.pem" "${prio[@]}")
      [ "$id" != none ] && args+=(--x509certfile "$lab/client-$id-full.pem" --x509keyfile "$lab/client-$id.key")
      local name expect note=""
      case $id in
        other-ca) name=untrusted-issuer expect="client-cert-untrusted-issuer server" ;;
        expired) name=expired expect="client-cert-expired server" ;;
        not-yet-valid) name=not-yet-valid expect="client-cert-untrusted-issuer server"
          note=$(generic_note "client certificate not yet valid" "alert 42 bad_certificate, which OpenSSL servers send for a not-yet-valid certificate and Go servers for any rejection") ;;
        no-clientauth-eku) name=no-clientauth-eku expect="client-cert-missing-clientauth-eku server" ;;
        revoked) name=revoked expect="client-cert-revoked server" ;;
        no-intermediate) name=missing-intermediate expect="client-cert-untrusted-issuer server"
          note=$(generic_note "intermediate not sent" "alert 48 unknown_ca, as for a foreign CA") ;;
        none) name=no-client-cert expect="client-cert-missing server" ;;
      esac
      gcli "$p" "${args[@]}" | save "gnutls-cli-tls$v-$name" "$src, $id" "$expect" "$note"
    done
    stop "$sp"
  done
  # gnutls-cli judging the server.
  for s in $server_faults good-private-ca; do
    local sid=${s%-private-ca} args=(--x509cafile "$lab/server-ca.pem") expect note=""
    [ "$s" = good-private-ca ] && args=()
    s_server_plain "$p" "server-$sid"
    sp=$last_pid
    case $s in
      untrusted) expect="server-cert-untrusted client" ;;
      good-private-ca) expect="server-cert-untrusted client" ;;
      expired) expect="server-cert-expired client" ;;
      wrong-name) expect="server-hostname-mismatch client" ;;
      no-intermediate) expect="server-cert-untrusted client"
        note=$(generic_note "server leaf sent without its intermediate" "'The certificate issuer is unknown', as for an untrusted CA (the kb lists server-chain-incomplete second)") ;;
    esac
    local desc="server certificate $s"
    [ "$s" = good-private-ca ] && desc="server certificate from a private CA, no --x509cafile"
    gcli "$p" "${args[@]}" | save "gnutls-cli-server-${s/no-intermediate/missing-intermediate}" "gnutls-cli ($gv) against $ov s_server, $desc" "$expect" "$note"
    stop "$sp"
  done
}

# --------------------------------------------------------------------------------------- python
capture_python() {
  local pv p sp
  pv=$(python3 -c 'import ssl, sys; print(f"Python {sys.version.split()[0]} ssl ({ssl.OPENSSL_VERSION})")')
  cat >"$tools/client.py" <<'EOF'
# Python ssl client: one TLS connection, a request, a read; prints the exception as a traceback ends.
import socket, ssl, sys, traceback
port, ca, cert, key = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
try:
    ctx = ssl.create_default_context(cafile=ca if ca != "-" else None)
    if cert != "-":
        ctx.load_cert_chain(cert, key)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with ctx.wrap_socket(raw, server_hostname="localhost") as s:
            s.sendall(b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n")
            print("OK", s.recv(20))
except Exception as e:
    print("".join(traceback.format_exception_only(type(e), e)), end="")
EOF
  cat >"$tools/server.py" <<'EOF'
# Python http.server over ssl requiring a client certificate; the handshake runs on the first read,
# so socketserver's handle_error logs each rejected client to stderr.
import http.server, ssl, sys
port, cert, key, cafile = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
ctx.load_verify_locations(cafile)  # the client CA and its CRLs
ctx.verify_mode = ssl.CERT_REQUIRED
ctx.verify_flags |= ssl.VERIFY_CRL_CHECK_LEAF
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok\n")
srv = http.server.HTTPServer(("127.0.0.1", port), Handler)
srv.socket = ctx.wrap_socket(srv.socket, server_side=True, do_handshake_on_connect=False)
srv.serve_forever()
EOF
  p=$(free_port)
  pyc() { python3 "$tools/client.py" "$@" 2>&1 || true; }
  for v in 1_3 1_2; do
    s_server_mtls "$p" "-tls$v"
    sp=$last_pid
    local src="$pv client against $ov s_server -tls$v -Verify 3 -verify_return_error -crl_check_all"
    for id in $client_faults none; do
      [ "$v" = 1_2 ] && [ "$id" != none ] && continue
      local c=- k=- name expect note=""
      [ "$id" != none ] && c=$lab/client-$id-full.pem k=$lab/client-$id.key
      case $id in
        other-ca) name=untrusted-issuer expect="client-cert-untrusted-issuer server" ;;
        expired) name=expired expect="client-cert-expired server" ;;
        not-yet-valid) name=not-yet-valid expect="client-cert-untrusted-issuer server"
          note=$(generic_note "client certificate not yet valid" "alert 42 bad_certificate, which OpenSSL servers send for a not-yet-valid certificate and Go servers for any rejection") ;;
        no-clientauth-eku) name=no-clientauth-eku expect="client-cert-missing-clientauth-eku server" ;;
        revoked) name=revoked expect="client-cert-revoked server" ;;
        no-intermediate) name=missing-intermediate expect="client-cert-untrusted-issuer server"
          note=$(generic_note "intermediate not sent" "alert 48 unknown_ca, as for a foreign CA") ;;
        none) name=no-client-cert expect="client-cert-missing server" ;;
      esac
      pyc "$p" "$lab/server-ca.pem" "$c" "$k" | save "python-tls$v-$name" "$src, $id" "$expect" "$note"
    done
    stop "$sp"
  done
  for s in $server_faults; do
    s_server_plain "$p" "server-$s"
    sp=$last_pid
    local expect note=""
    case $s in
      untrusted) expect="server-cert-untrusted client" ;;
      expired) expect="server-cert-expired client" ;;
      wrong-name) expect="server-hostname-mismatch client" ;;
      no-intermediate) expect="server-cert-untrusted client"
        note=$(generic_note "server leaf sent without its intermediate" "verify error 20 'unable to get local issuer certificate', as for an untrusted CA") ;;
    esac
    pyc "$p" "$lab/server-ca.pem" - - | save "python-server-${s/no-intermediate/missing-intermediate}" "$pv client against $ov s_server, server certificate $s" "$expect" "$note"
    stop "$sp"
  done
  pyc "$p" "$lab/server-ca.pem" "$lab/client-key-mismatch.crt" "$lab/client-key-mismatch.key" | save python-key-mismatch "$pv client, load_cert_chain with a key that does not match" "client-key-mismatch local"
  pyc "$p" "$lab/server-ca.pem" "$lab/client-weak-key-full.pem" "$lab/client-weak-key.key" | save python-weak-key "$pv client, load_cert_chain of a 1024-bit RSA certificate" "client-cert-weak local"

  # The Python server's log, clients driven by curl.
  local log=$work/python-server.log
  : >"$log"
  start python3 -u "$tools/server.py" "$p" "$lab/server-good-full.pem" "$lab/server-good.key" "$lab/client-ca-crl.pem" >"$log" 2>&1
  sp=$last_pid
  wait_port "$p"
  pys() {  # $1 identity or none; stdout: the server's log lines for it
    local args=()
    [ "$1" != none ] && args=(--cert "$lab/client-$1-full.pem" --key "$lab/client-$1.key")
    set_mark "$log"
    curl -sS --max-time 5 --cacert "$lab/server-ca.pem" --resolve "localhost:$p:127.0.0.1" "${args[@]}" "https://localhost:$p/" >/dev/null 2>&1 || true
    # The header line and the exception; the traceback's frames (socketserver, http.server,
    # ssl.py) are trimmed as noise.
    since "$log" 0.5 | grep -E '^-{20,}$|^Exception occurred during processing of request|^[A-Za-z_.]+(Error|Exception)(: |$)' || true
  }
  local src="$pv http.server log (ssl, CERT_REQUIRED, VERIFY_CRL_CHECK_LEAF; traceback frames trimmed), curl client"
  pys other-ca | save python-server-log-untrusted-issuer "$src, client certificate from another CA" "client-cert-untrusted-issuer server"
  pys expired | save python-server-log-expired "$src, expired client certificate" "client-cert-expired server"
  pys not-yet-valid | save python-server-log-not-yet-valid "$src, client certificate not yet valid" "client-cert-not-yet-valid server"
  pys no-clientauth-eku | save python-server-log-no-clientauth-eku "$src, client certificate without the clientAuth EKU" "client-cert-missing-clientauth-eku server"
  pys revoked | save python-server-log-revoked "$src, revoked client certificate" "client-cert-revoked server"
  pys no-intermediate | save python-server-log-missing-intermediate "$src, client leaf sent without its intermediate" "client-cert-untrusted-issuer server" \
    "$(generic_note "intermediate not sent" "'unable to get local issuer certificate', as for a foreign CA")"
  pys none | save python-server-log-no-client-cert "$src, no client certificate" "client-cert-missing server"
  stop "$sp"
}

# ----------------------------------------------------------------------------------------- node
capture_node() {
  command -v node >/dev/null || { echo "capture-more: no node, skipped" >&2; return; }
  local nv p sp
  nv="Node.js $(node --version) (OpenSSL $(node -p process.versions.openssl))"
  cat >"$tools/client.js" <<'EOF'
// Node https client: one GET with the given identity; prints the error as console.error does.
const https = require('https'), fs = require('fs');
const [port, ca, cert, key] = process.argv.slice(2);
const opts = { host: '127.0.0.1', port: +port, servername: 'localhost', path: '/', agent: false, timeout: 5000 };
try {
  if (ca !== '-') opts.ca = fs.readFileSync(ca);
  if (cert !== '-') { opts.cert = fs.readFileSync(cert); opts.key = fs.readFileSync(key); }
  const req = https.request(opts, (res) => { console.log('HTTP', res.statusCode); res.resume(); });
  req.on('error', (err) => console.error(err));
  req.end();
} catch (err) { console.error(err); }
EOF
  cat >"$tools/server.js" <<'EOF'
// Node https server requiring a client certificate (one CRL per array element); logs what Node
// reports: tlsClientError when rejectUnauthorized is true, authorized/authorizationError otherwise.
const https = require('https'), fs = require('fs');
const [port, cert, key, ca, crl, mode] = process.argv.slice(2);
const opts = { cert: fs.readFileSync(cert), key: fs.readFileSync(key), ca: fs.readFileSync(ca),
  requestCert: true, rejectUnauthorized: mode === 'reject' };
if (crl !== '-') opts.crl = fs.readFileSync(crl, 'utf8').split(/(?<=-----END X509 CRL-----\n)/).filter((s) => s.trim());
const srv = https.createServer(opts, (req, res) => {
  const s = req.socket;
  console.log({ authorized: s.authorized, authorizationError: s.authorizationError });
  res.writeHead(s.authorized ? 200 : 403); res.end();
});
srv.on('tlsClientError', (err) => console.error(err));
srv.listen(+port, '127.0.0.1');
EOF
  p=$(free_port)
  # console.error output without stack frames and without the peer certificate object (the
  # hostname error carries the whole certificate).
  ndc() { node "$tools/client.js" "$@" 2>&1 | grep -vE '^ +at ' | sed '/^  cert: {/,/^  }/d' || true; }
  for v in 1_3 1_2; do
    s_server_mtls "$p" "-tls$v"
    sp=$last_pid
    local src="$nv https.request against $ov s_server -tls$v -Verify 3 -verify_return_error -crl_check_all"
    for id in $client_faults none; do
      [ "$v" = 1_2 ] && [ "$id" != none ] && [ "$id" != other-ca ] && continue
      local c=- k=- name expect note=""
      [ "$id" != none ] && c=$lab/client-$id-full.pem k=$lab/client-$id.key
      case $id in
        other-ca) name=untrusted-issuer expect="client-cert-untrusted-issuer server" ;;
        expired) name=expired expect="client-cert-expired server" ;;
        not-yet-valid) name=not-yet-valid expect="client-cert-untrusted-issuer server"
          note=$(generic_note "client certificate not yet valid" "alert 42 bad_certificate, which OpenSSL servers send for a not-yet-valid certificate and Go servers for any rejection") ;;
        no-clientauth-eku) name=no-clientauth-eku expect="client-cert-missing-clientauth-eku server" ;;
        revoked) name=revoked expect="client-cert-revoked server" ;;
        no-intermediate) name=missing-intermediate expect="client-cert-untrusted-issuer server"
          note=$(generic_note "intermediate not sent" "alert 48 unknown_ca, as for a foreign CA") ;;
        none) name=no-client-cert expect="client-cert-missing server" ;;
      esac
      ndc "$p" "$lab/server-ca.pem" "$c" "$k" | save "node-tls$v-$name" "$src, $id" "$expect" "$note"
    done
    stop "$sp"
  done
  for s in $server_faults good-private-ca; do
    local sid=${s%-private-ca} ca=$lab/server-ca.pem expect note=""
    [ "$s" = good-private-ca ] && ca=-
    s_server_plain "$p" "server-$sid"
    sp=$last_pid
    case $s in
      untrusted|good-private-ca) expect="server-cert-untrusted client" ;;
      expired) expect="server-cert-expired client" ;;
      wrong-name) expect="server-hostname-mismatch client" ;;
      no-intermediate) expect="server-chain-incomplete client" ;;
    esac
    local desc="server certificate $s"
    [ "$s" = good-private-ca ] && desc="server certificate from a private CA, no ca option"
    ndc "$p" "$ca" - - | save "node-server-${s/no-intermediate/missing-intermediate}" "$nv https.request against $ov s_server, $desc" "$expect" "$note"
    stop "$sp"
  done
  ndc "$p" "$lab/server-ca.pem" "$lab/client-key-mismatch.crt" "$lab/client-key-mismatch.key" | save node-key-mismatch "$nv https.request with a key that does not match the certificate" "client-key-mismatch local"

  # A Node https server: what it logs, and what curl sees.
  local log=$work/node-server.log
  nds() {  # $1 identity or none; stdout: the server's log lines; curl's output in $work/curl.out
    local args=()
    [ "$1" != none ] && args=(--cert "$lab/client-$1-full.pem" --key "$lab/client-$1.key")
    set_mark "$log"
    curl -sS --max-time 5 --cacert "$lab/server-ca.pem" --resolve "localhost:$p:127.0.0.1" "${args[@]}" "https://localhost:$p/" >"$work/curl.out" 2>&1 || true
    since "$log" 0.5 | grep -vE '^ +at ' || true
  }
  : >"$log"
  start node "$tools/server.js" "$p" "$lab/server-good-full.pem" "$lab/server-good.key" "$lab/client-ca.pem" "$lab/client-crl.pem" reject >"$log" 2>&1
  sp=$last_pid
  wait_port "$p"
  local src="$nv https server (requestCert, rejectUnauthorized: true, crl), tlsClientError, curl client"
  nds expired | save node-server-reject-expired "$src, expired client certificate" "client-cert-rejected server" \
    "$(generic_note "expired client certificate" "'socket hang up': Node drops a client whose certificate fails verification and loses the reason")"
  save curl-nodeserver-tls1_3-expired "$cv against $nv https server (requestCert, rejectUnauthorized: true), expired client certificate" "client-cert-rejected server" \
    "$(generic_note "expired client certificate" "an empty reply (curl exit 52, or 56 'Connection reset by peer' in some runs): Node closes without an alert")" <"$work/curl.out"
  nds none | save node-server-reject-no-client-cert "$src, no client certificate" "client-cert-missing server"
  stop "$sp"
  for crl in "$lab/client-crl.pem" -; do
    : >"$log"
    start node "$tools/server.js" "$p" "$lab/server-good-full.pem" "$lab/server-good.key" "$lab/client-ca.pem" "$crl" accept >"$log" 2>&1
    sp=$last_pid
    wait_port "$p"
    if [ "$crl" = - ]; then
      nds other-ca | save node-server-authz-untrusted-issuer "$nv https server (requestCert, rejectUnauthorized: false, no crl), socket.authorizationError, client certificate from another CA" "client-cert-untrusted-issuer server"
    else
      src="$nv https server (requestCert, rejectUnauthorized: false, crl), socket.authorizationError, curl client"
      nds other-ca | save node-server-authz-crl-untrusted-issuer "$src, client certificate from another CA" "client-cert-untrusted-issuer server" \
        "with a crl option OpenSSL checks CRLs for the whole chain and Node keeps the last verify error: a chain from a CA the server does not know has no CRL (UNABLE_TO_GET_CRL)"
      nds expired | save node-server-authz-expired "$src, expired client certificate" "client-cert-expired server"
      nds not-yet-valid | save node-server-authz-not-yet-valid "$src, client certificate not yet valid" "client-cert-not-yet-valid server"
      nds no-clientauth-eku | save node-server-authz-no-clientauth-eku "$src, client certificate without the clientAuth EKU" "client-cert-missing-clientauth-eku server"
      nds revoked | save node-server-authz-revoked "$src, revoked client certificate" "client-cert-revoked server"
      nds no-intermediate | save node-server-authz-missing-intermediate "$src, client leaf sent without its intermediate" "client-chain-incomplete server"
      nds none | save node-server-authz-no-client-cert "$src, no client certificate" "client-cert-missing server" \
        "Node reports UNABLE_TO_GET_ISSUER_CERT when the client sent no certificate at all"
    fi
    stop "$sp"
  done
}

# ----------------------------------------------------------------------------------------- java
capture_java() {
  if ! command -v javac >/dev/null || ! command -v java >/dev/null; then echo "capture-more: no JDK, skipped" >&2; return; fi
  local jv p sp
  jv=$(java -version 2>&1 | head -1 | sed 's/ version "/ /; s/".*//')
  cat >"$tools/Client.java" <<'EOF'
// Java SSLSocket client: handshake, one request, one read; prints the exception's stack trace.
import javax.net.ssl.*;
import java.io.*;
import java.security.KeyStore;

public class Client {
  public static void main(String[] a) throws Exception {
    String host = a[0]; int port = Integer.parseInt(a[1]);
    try {
      KeyManager[] km = null;
      if (!a[2].equals("-")) {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(a[2])) { ks.load(in, "changeit".toCharArray()); }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        km = kmf.getKeyManagers();
      }
      KeyStore ts = KeyStore.getInstance("PKCS12");
      try (InputStream in = new FileInputStream(a[3])) { ts.load(in, "changeit".toCharArray()); }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ts);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(km, tmf.getTrustManagers(), null);
      try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(host, port)) {
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (a.length > 4) p.setProtocols(new String[] {a[4]});
        s.setSSLParameters(p);
        s.setSoTimeout(5000);
        s.startHandshake();
        s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
        s.getOutputStream().flush();
        System.out.println("OK " + s.getInputStream().read(new byte[64]));
      }
    } catch (Exception e) {
      e.printStackTrace(System.out);
    }
  }
}
EOF
  cat >"$tools/Server.java" <<'EOF'
// Java SSLServerSocket requiring a client certificate (PKIX, CRLs checked); prints each failed
// handshake's stack trace, as a server's log does.
import javax.net.ssl.*;
import java.io.*;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.*;
import java.util.*;

public class Server {
  public static void main(String[] a) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(a[1])) { ks.load(in, "changeit".toCharArray()); }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    KeyStore ts = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(a[2])) { ts.load(in, "changeit".toCharArray()); }
    PKIXBuilderParameters pkix = new PKIXBuilderParameters(ts, new X509CertSelector());
    Collection<? extends CRL> crls;
    try (InputStream in = new FileInputStream(a[3])) { crls = CertificateFactory.getInstance("X.509").generateCRLs(in); }
    pkix.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
    pkix.setRevocationEnabled(true);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(new CertPathTrustManagerParameters(pkix));
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory()
        .createServerSocket(Integer.parseInt(a[0]), 50, InetAddress.getByName("127.0.0.1"));
    ss.setNeedClientAuth(true);
    while (true) {
      try (SSLSocket s = (SSLSocket) ss.accept()) {
        s.setSoTimeout(5000);
        s.startHandshake();
        BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream()));
        for (String line = r.readLine(); line != null && !line.isEmpty(); line = r.readLine()) {}
        s.getOutputStream().write("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n".getBytes());
        s.getOutputStream().flush();
      } catch (Exception e) {
        e.printStackTrace(System.out);
      }
      System.out.flush();
    }
  }
}
EOF
  javac -d "$tools" "$tools/Client.java" "$tools/Server.java"
  local pass=changeit
  keytool -importcert -noprompt -alias server-ca -file "$lab/server-ca.pem" -keystore "$lab/server-trust.p12" -storetype PKCS12 -storepass "$pass" >/dev/null 2>&1
  keytool -importcert -noprompt -alias client-ca -file "$lab/client-ca.pem" -keystore "$lab/client-trust.p12" -storetype PKCS12 -storepass "$pass" >/dev/null 2>&1
  for id in $client_faults; do
    openssl pkcs12 -export -in "$lab/client-$id-full.pem" -inkey "$lab/client-$id.key" -out "$lab/client-$id.p12" -passout "pass:$pass"
  done
  openssl pkcs12 -export -in "$lab/server-good-full.pem" -inkey "$lab/server-good.key" -out "$lab/server-good.p12" -passout "pass:$pass"
  # Stack traces: the exception and "Caused by" lines, plus the frame that names the side
  # (checkServerTrusted / checkClientTrusted); the other frames are noise.
  jtrace() { grep -E '^[^[:space:]]|^\s+at .*\.check(Server|Client)(Trusted|Certs)\(' || true; }
  jc() { java -cp "$tools" Client "$@" 2>&1 | jtrace; }
  p=$(free_port)
  for v in 1_3 1_2; do
    s_server_mtls "$p" "-tls$v"
    sp=$last_pid
    local src="$jv SSLSocket client (PKCS#12 keystore) against $ov s_server -tls$v -Verify 3 -verify_return_error -crl_check_all"
    for id in $client_faults none; do
      [ "$v" = 1_2 ] && [ "$id" != none ] && continue
      local ks=- name expect note=""
      [ "$id" != none ] && ks=$lab/client-$id.p12
      case $id in
        other-ca) name=untrusted-issuer expect="client-cert-missing server"
          note="lab fault: client certificate from another CA; Java's key manager sends no certificate whose issuer is not among the server's acceptable CA names, so the server sees none: certificate_required is the right reading" ;;
        expired) name=expired expect="client-cert-expired server" ;;
        not-yet-valid) name=not-yet-valid expect="client-cert-untrusted-issuer server"
          note=$(generic_note "client certificate not yet valid" "alert 42 bad_certificate, which OpenSSL servers send for a not-yet-valid certificate and Go servers for any rejection") ;;
        no-clientauth-eku) name=no-clientauth-eku expect="client-cert-missing-clientauth-eku server" ;;
        revoked) name=revoked expect="client-cert-revoked server" ;;
        no-intermediate) name=missing-intermediate expect="client-cert-missing server"
          note="lab fault: leaf without its intermediate in the keystore; Java cannot chain it to the server's acceptable CA names and sends no certificate" ;;
        none) name=no-client-cert expect="client-cert-missing server" ;;
      esac
      jc localhost "$p" "$ks" "$lab/server-trust.p12" | save "java-tls$v-$name" "$src, $id" "$expect" "$note"
    done
    stop "$sp"
  done
  for s in $server_faults; do
    s_server_plain "$p" "server-$s"
    sp=$last_pid
    local expect note=""
    case $s in
      untrusted) expect="server-cert-untrusted client" ;;
      expired) expect="server-cert-expired client" ;;
      wrong-name) expect="server-hostname-mismatch client" ;;
      no-intermediate) expect="server-cert-untrusted client"
        note=$(generic_note "server leaf sent without its intermediate" "PKIX path building failed, as for an untrusted CA") ;;
    esac
    jc localhost "$p" - "$lab/server-trust.p12" | save "java-server-${s/no-intermediate/missing-intermediate}" "$jv SSLSocket client against $ov s_server, server certificate $s" "$expect" "$note"
    stop "$sp"
  done

  # A Java server's log, clients driven by curl.
  local log=$work/java-server.log
  : >"$log"
  start java -cp "$tools" Server "$p" "$lab/server-good.p12" "$lab/client-trust.p12" "$lab/client-crl.pem" >"$log" 2>&1
  sp=$last_pid
  for _ in $(seq 50); do  # wait until it answers (the probe sends no certificate: one log entry)
    curl -s -o /dev/null --max-time 1 -k "https://127.0.0.1:$p/" 2>/dev/null || true
    [ -s "$log" ] && break
    sleep 0.2
  done
  sleep 0.5
  js() {  # $1 identity or none; stdout: the server's log lines for it
    local args=()
    [ "$1" != none ] && args=(--cert "$lab/client-$1-full.pem" --key "$lab/client-$1.key")
    set_mark "$log"
    curl -sS --max-time 5 --cacert "$lab/server-ca.pem" --resolve "localhost:$p:127.0.0.1" "${args[@]}" "https://localhost:$p/" >/dev/null 2>&1 || true
    since "$log" 0.8 | jtrace
  }
  local src="$jv SSLServerSocket log (needClientAuth, PKIX with CRLs), curl client"
  js other-ca | save java-server-log-untrusted-issuer "$src, client certificate from another CA" "client-cert-untrusted-issuer server"
  js expired | save java-server-log-expired "$src, expired client certificate" "client-cert-expired server"
  js not-yet-valid | save java-server-log-not-yet-valid "$src, client certificate not yet valid" "client-cert-not-yet-valid server"
  js no-clientauth-eku | save java-server-log-no-clientauth-eku "$src, client certificate without the clientAuth EKU" "client-cert-missing-clientauth-eku server"
  js revoked | save java-server-log-revoked "$src, revoked client certificate" "client-cert-revoked server"
  js no-intermediate | save java-server-log-missing-intermediate "$src, client leaf sent without its intermediate" "client-cert-untrusted-issuer server" \
    "$(generic_note "intermediate not sent" "PKIX path building failed, as for a foreign CA")"
  js none | save java-server-log-no-client-cert "$src, no client certificate" "client-cert-missing server"
  stop "$sp"
}

capture_nginx
capture_curl_local
capture_gnutls
capture_python
capture_node
capture_java
