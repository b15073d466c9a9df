#!/usr/bin/env bash
# Captures what Apache httpd mod_ssl, HAProxy and stunnel log (and what curl sees) when they
# refuse a client certificate, on loopback, into tests/explain/samples/*.txt (header: "# source:",
# "# expect: <cause> <rejected_by>", and a "# note:" when the text alone cannot name the lab
# fault). Companion of capture.sh and capture-more.sh. Each server requires a client
# certificate, trusts only the client ROOT (client-ca.pem) with the CRLs (client-crl.pem), so the
# client sends its intermediate (curl --cert leaf+intermediate); access rules on OU=payments and
# on the source address where the server has an idiom for them:
#   Apache 2.4: SSLVerifyClient require, SSLVerifyDepth 2, SSLCARevocationCheck chain, LogLevel
#     ssl:info (AH02276) on one virtual host and the default level (AH02039) on another, a third
#     with the default SSLVerifyDepth 1 (AH02040); Require expr / SSLRequire on the OU, Require ip.
#   HAProxy 2.6: bind ... verify required ca-file crl-file; http-request deny on ssl_c_s_dn(OU)
#     and src; the default (legacy) connection error line, and the "detailed frontend connection
#     error log" error-log-format of HAProxy's configuration manual (8.2.5), which adds the
#     verify codes.
#   stunnel 5: verifyChain, requireCert, CRLfile, debug = 7 (no OU or address idiom: skipped).
# Usage: capture-servers.sh MTLS_DOCTOR_BINARY OUT_DIR. Installs nothing: a server whose program
# is missing (apache2, haproxy, stunnel4/stunnel) is skipped. Re-run by hand when the tools
# change; the explain tests only read the stored files. Runs in a private network namespace
# (unshare -n) so nothing leaves loopback; without one it refuses to run.
set -euo pipefail
if [ -z "${CAPTURE_SERVERS_NETNS:-}" ]; then
  command -v unshare >/dev/null && unshare -n true 2>/dev/null || { echo "capture-servers: needs unshare -n (run as root)" >&2; exit 2; }
  CAPTURE_SERVERS_NETNS=1 exec unshare -n -- bash "$0" "$@"
fi
ip link set lo up
doctor=$(realpath "$1")
out=$(realpath "$2")
work=$(mktemp -d)
chmod 755 "$work"  # Apache's children (User www-data) read the document root below it
capture_name=capture-servers
since_delay=0.4
source "$(dirname "$(realpath "${BASH_SOURCE[0]}")")/capture-lib.sh"
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

"$doctor" lab create "$work/lab" >/dev/null
lab=$work/lab
faults="other-ca no-intermediate expired not-yet-valid no-clientauth-eku bad-key-usage revoked weak-key sha1"
make_full_pems good wrong-ou $faults
# Lets curl send an RSA-1024 / SHA-1 certificate (OpenSSL refuses to load it at level 2), so the
# server's own verdict on it shows.
cat >"$work/seclevel0.cnf" <<'EOF'
openssl_conf = openssl_init
[openssl_init]
ssl_conf = ssl_sect
[ssl_sect]
system_default = system_default_sect
[system_default_sect]
CipherString = DEFAULT:@SECLEVEL=0
EOF


# One curl request. $1 port, $2 identity or none, $3 1.2|1.3, $4 path; stdout: curl -v stderr
# (handshake chatter dropped) and "curl exit N".
curl_v() {
  local args=() env=()
  [ "$2" != none ] && args=(--cert "$lab/client-$2-full.pem" --key "$lab/client-$2.key")
  case $2 in weak-key|sha1) env=(OPENSSL_CONF="$work/seclevel0.cnf") ;; esac
  local rc=0
  env "${env[@]}" curl -sS -v --max-time 5 --cacert "$lab/server-ca.pem" --resolve "localhost:$1:127.0.0.1" --tlsv"$3" --tls-max "$3" \
    "${args[@]}" "https://localhost:$1$4" >"$work/body" 2>"$work/curl.err" || rc=$?
  grep -vE '^\* +(Trying|Connected|ALPN|CAfile|CApath|Added|successfully|subject:|start date:|expire date:|subjectAltName:|issuer:)|^\* (Hostname|Server certificate)|^[>{}]|^\* TLSv1\.[23] \((IN|OUT)\), TLS (handshake|change cipher)|^< (Date|Server|Last-Modified|ETag|Accept-Ranges):' "$work/curl.err" || true
  cat "$work/body"
  echo "curl exit $rc"
}
# Only the lines that tell what happened (curl -v is long).
curl_short() { grep -E '^\* .*(alert|SSL_read|SSL connection using|verify ok)|^curl:|^< HTTP|^curl exit|Forbidden|forbidden|permission' || true; }

cv=$(curl --version | head -1 | cut -d' ' -f1-2)
ov=$(openssl version | cut -d' ' -f1-2)

# OUT name, lab fault -> "cause side" and note, for a server whose text names the cause.
name_of() {
  case $1 in
    none) echo no-client-cert ;; other-ca) echo untrusted-issuer ;; no-intermediate) echo missing-intermediate ;;
    *) echo "$1" ;;
  esac
}
expect_of() {
  case $1 in
    none) echo "client-cert-missing server" ;; other-ca) echo "client-cert-untrusted-issuer server" ;;
    no-intermediate) echo "client-chain-incomplete server" ;; expired) echo "client-cert-expired server" ;;
    not-yet-valid) echo "client-cert-not-yet-valid server" ;; no-clientauth-eku) echo "client-cert-missing-clientauth-eku server" ;;
    bad-key-usage) echo "client-cert-bad-key-usage server" ;; revoked) echo "client-cert-revoked server" ;;
    weak-key|sha1) echo "client-cert-weak server" ;; wrong-ou) echo "client-access-denied server" ;;
  esac
}
describe() {
  case $1 in
    none) echo "no client certificate" ;; other-ca) echo "client certificate from another CA (its intermediate sent)" ;;
    no-intermediate) echo "client leaf sent without its intermediate" ;; expired) echo "expired client certificate" ;;
    not-yet-valid) echo "client certificate not yet valid" ;; no-clientauth-eku) echo "client certificate without the clientAuth EKU" ;;
    bad-key-usage) echo "client certificate whose keyUsage lacks digitalSignature" ;; revoked) echo "revoked client certificate (CRL)" ;;
    weak-key) echo "client certificate with an RSA-1024 key (curl at OpenSSL security level 0)" ;;
    sha1) echo "client certificate signed with SHA-1 (curl at OpenSSL security level 0)" ;;
    wrong-ou) echo "valid client certificate with OU=marketing" ;;
  esac
}
# The lab fault when the verify code alone says something else (code 20 for a missing
# intermediate, code 26 for a keyUsage without digitalSignature).
code_expect() {  # $1 fault; stdout: "cause side|note"
  case $1 in
    no-intermediate) echo "client-cert-untrusted-issuer server|$(generic_note "intermediate not sent" "verify code 20 (unable to get local issuer certificate), the same code as for an issuer the server does not trust (the kb lists client-chain-incomplete second)")" ;;
    bad-key-usage) echo "client-cert-missing-clientauth-eku server|$(generic_note "keyUsage without digitalSignature" "verify code 26 (unsuitable certificate purpose), the same words as a missing clientAuth EKU (the kb lists client-cert-bad-key-usage second)")" ;;
    *) echo "$(expect_of "$1")|" ;;
  esac
}

# --------------------------------------------------------------------------------------- Apache
capture_apache() {
  command -v apache2 >/dev/null || { echo "capture-servers: no apache2, skipped" >&2; return; }
  local d=$work/apache mods=/usr/lib/apache2/modules av p_info p_warn p_depth
  mkdir -p "$d/htdocs/sslrequire" "$d/htdocs/ip"
  for f in index.html sslrequire/index.html ip/index.html; do echo ok >"$d/htdocs/$f"; done
  chmod -R a+rX "$d"
  av=$(apache2 -v | sed -n 's#^Server version: ##p' | cut -d' ' -f1)
  p_info=$(free_port); p_warn=$(free_port); p_depth=$(free_port)
  vhost() {  # $1 port, $2 extra directives
    cat <<EOF
<VirtualHost 127.0.0.1:$1>
  SSLEngine on
  SSLCertificateFile $lab/server-good-full.pem
  SSLCertificateKeyFile $lab/server-good.key
  SSLCACertificateFile $lab/client-ca.pem
  SSLCARevocationFile $lab/client-crl.pem
  SSLCARevocationCheck chain
  SSLVerifyClient require
$2
</VirtualHost>
EOF
  }
  {
    cat <<EOF
ServerRoot $d
ServerName localhost
PidFile $d/httpd.pid
DefaultRuntimeDir $d
Mutex file:$d default
LoadModule mpm_event_module $mods/mod_mpm_event.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule authz_host_module $mods/mod_authz_host.so
LoadModule ssl_module $mods/mod_ssl.so
ErrorLog $d/error.log
LogLevel warn
DocumentRoot $d/htdocs
<Directory />
  Require all granted
</Directory>
Listen 127.0.0.1:$p_info
Listen 127.0.0.1:$p_warn
Listen 127.0.0.1:$p_depth
EOF
    [ "$(id -u)" = 0 ] && printf 'User www-data\nGroup www-data\n'
    vhost "$p_info" "  SSLVerifyDepth 2
  LogLevel warn ssl:info
  <Location />
    Require expr \"%{SSL_CLIENT_S_DN_OU} == 'payments'\"
  </Location>
  <Location /sslrequire>
    Require all granted
    SSLRequire %{SSL_CLIENT_S_DN_OU} eq \"payments\"
  </Location>
  <Location /ip>
    Require ip 192.0.2.0/24
  </Location>"
    vhost "$p_warn" "  SSLVerifyDepth 2"
    vhost "$p_depth" ""
  } >"$d/httpd.conf"
  : >"$d/error.log"
  start apache2 -f "$d/httpd.conf" -DFOREGROUND
  local ap=$last_pid
  wait_port "$p_info"; wait_port "$p_warn"; wait_port "$p_depth"
  # One request; stdout: curl's view; the error-log lines for it go to $d/last.log.
  ap_get() {  # $1 port, $2 identity, $3 1.2|1.3, $4 path
    set_mark "$d/error.log"
    curl_v "$1" "$2" "$3" "$4"
    since "$d/error.log" | grep -vE 'AH01964|AH01998' >"$d/last.log" || true
  }
  local src="$av mod_ssl error log (LogLevel ssl:info), SSLVerifyClient require, SSLVerifyDepth 2, SSLCARevocationCheck chain, curl client"
  local id e
  for id in none $faults; do
    ap_get "$p_info" "$id" 1.3 /index.html >/dev/null
    IFS='|' read -r e note <<<"$(code_expect "$id")"
    save "apache-error-log-$(name_of "$id")" "$src, $(describe "$id") (the same lines under TLS 1.2 and 1.3)" "$e" "$note" <"$d/last.log"
  done
  # What curl sees, where the s_server samples of capture.sh do not already show it.
  local a42
  a42=$(generic_note "client certificate not yet valid" "alert 42 bad_certificate, which OpenSSL servers send for a not-yet-valid certificate and Go servers for any rejection")
  ap_get "$p_info" revoked 1.3 /index.html | curl_short | save curl-apache-tls1_3-revoked "$cv -v against $av mod_ssl (TLS 1.3), $(describe revoked)" "client-cert-revoked server"
  ap_get "$p_info" revoked 1.2 /index.html | curl_short | save curl-apache-tls1_2-revoked "$cv -v against $av mod_ssl (TLS 1.2), $(describe revoked)" "client-cert-revoked server"
  ap_get "$p_info" not-yet-valid 1.3 /index.html | curl_short | save curl-apache-tls1_3-not-yet-valid "$cv -v against $av mod_ssl (TLS 1.3), $(describe not-yet-valid)" "client-cert-untrusted-issuer server" "$a42"
  ap_get "$p_info" not-yet-valid 1.2 /index.html | curl_short | save curl-apache-tls1_2-not-yet-valid "$cv -v against $av mod_ssl (TLS 1.2), $(describe not-yet-valid)" "client-cert-untrusted-issuer server" "$a42"
  ap_get "$p_info" bad-key-usage 1.2 /index.html | curl_short | save curl-apache-tls1_2-bad-key-usage "$cv -v against $av mod_ssl (TLS 1.2), $(describe bad-key-usage)" "client-cert-missing-clientauth-eku server" \
    "$(generic_note "keyUsage without digitalSignature" "alert 43 unsupported_certificate, as for a missing clientAuth EKU")"
  # Access rules: Require expr on the OU (AH01630), SSLRequire (AH02229), Require ip.
  ap_get "$p_info" wrong-ou 1.3 /index.html | curl_short | save curl-apache-403-wrong-ou "$cv -v against $av mod_ssl, Require expr on SSL_CLIENT_S_DN_OU, $(describe wrong-ou) (HTTP 403 page)" "client-access-denied server"
  save apache-error-log-wrong-ou "$src, Require expr \"%{SSL_CLIENT_S_DN_OU} == 'payments'\", $(describe wrong-ou)" "client-access-denied server" <"$d/last.log"
  ap_get "$p_info" wrong-ou 1.3 /sslrequire/index.html >/dev/null
  save apache-error-log-sslrequire-wrong-ou "$src, SSLRequire %{SSL_CLIENT_S_DN_OU} eq \"payments\", $(describe wrong-ou)" "client-access-denied server" <"$d/last.log"
  ap_get "$p_info" good 1.3 /ip/index.html >/dev/null
  save apache-error-log-source-address "$src, Require ip 192.0.2.0/24, valid client certificate from 127.0.0.1" "client-access-denied server" <"$d/last.log"
  # The default log level: AH02039 without the certificate's details.
  local srcw="$av mod_ssl error log (default LogLevel warn), SSLVerifyClient require, SSLVerifyDepth 2, SSLCARevocationCheck chain, curl client"
  for id in other-ca expired not-yet-valid no-clientauth-eku revoked; do
    ap_get "$p_warn" "$id" 1.3 /index.html >/dev/null
    IFS='|' read -r e note <<<"$(code_expect "$id")"
    save "apache-error-log-warn-$(name_of "$id")" "$srcw, $(describe "$id")" "$e" "$note" <"$d/last.log"
  done
  # SSLVerifyDepth left at 1: a leaf + intermediate chain anchored at the root fails.
  ap_get "$p_depth" good 1.3 /index.html | curl_short | save curl-apache-tls1_3-verify-depth "$cv -v against $av mod_ssl with the default SSLVerifyDepth 1 (TLS 1.3), valid client certificate + intermediate" "client-cert-rejected server" \
    "lab fault: server configuration (SSLVerifyDepth 1, the chain is one certificate too deep); Apache sends internal_error (80), which says only that the server refused the client: its error log has the reason (AH02040)"
  save apache-error-log-verify-depth "$av mod_ssl error log, default SSLVerifyDepth 1, valid client certificate + intermediate" "client-chain-too-long server" <"$d/last.log"
  stop "$ap"
}

# -------------------------------------------------------------------------------------- HAProxy
capture_haproxy() {
  command -v haproxy >/dev/null || { echo "capture-servers: no haproxy, skipped" >&2; return; }
  local d=$work/haproxy hv p_leg p_det
  mkdir -p "$d"
  hv="HAProxy $(haproxy -v | head -1 | awk '{print $3}')"
  p_leg=$(free_port); p_det=$(free_port)
  cat "$lab/server-good.crt" "$lab/server-good.key" "$lab/server-good-chain.pem" >"$d/server.pem"
  local bindopts="ssl crt $d/server.pem ca-file $lab/client-ca.pem crl-file $lab/client-crl.pem verify required"
  cat >"$d/haproxy.cfg" <<EOF
global
  log stdout format raw local0 info
defaults
  mode http
  log global
  option httplog
  timeout connect 5s
  timeout client 5s
  timeout server 5s
frontend fe_mtls
  bind 127.0.0.1:$p_leg $bindopts
  http-request deny if { path_beg /ip } !{ src 192.0.2.0/24 }
  http-request deny unless { ssl_c_s_dn(OU) -m str payments }
  http-request return status 200 content-type text/plain string "ok"
frontend fe_mtls_detail
  # HAProxy manual 8.2.5, "detailed frontend connection error log"
  error-log-format "%ci:%cp [%tr] %ft %ac/%fc %[fc_err]/%[ssl_fc_err,hex]/%[ssl_c_err]/%[ssl_c_ca_err]/%[ssl_fc_is_resumed] %[ssl_fc_sni]/%sslv/%sslc"
  bind 127.0.0.1:$p_det $bindopts
  http-request return status 200 content-type text/plain string "ok"
EOF
  : >"$d/haproxy.log"
  start haproxy -db -f "$d/haproxy.cfg" >>"$d/haproxy.log" 2>&1  # log stdout: into the file
  local hp=$last_pid
  wait_port "$p_leg"; wait_port "$p_det"
  hp_get() {  # $1 port, $2 identity, $3 1.2|1.3, $4 path
    set_mark "$d/haproxy.log"
    curl_v "$1" "$2" "$3" "$4"
    since "$d/haproxy.log" >"$d/last.log"
  }
  local src="$hv log (default connection error line), bind ... verify required ca-file crl-file, curl client"
  local srcd="$hv log, error-log-format of the manual's 8.2.5 example (fc_err/ssl_fc_err/ssl_c_err/ssl_c_ca_err/resumed), bind ... verify required ca-file crl-file, curl client"
  local id e note
  for id in none $faults; do
    hp_get "$p_leg" "$id" 1.3 / >/dev/null
    case $id in
      none|other-ca) e=$(expect_of "$id"); note="" ;;
      no-intermediate) e="client-cert-untrusted-issuer server"
        note="lab fault: intermediate not sent; HAProxy logs this line for any verify error at depth 0: a leaf whose issuer it cannot find, whether that issuer is missing from ca-file or was not sent, gives the same line (the kb lists client-chain-incomplete second). A client of another CA that sends its intermediate fails at depth 1: 'SSL client CA chain cannot be verified'" ;;
      *) e="client-cert-untrusted-issuer server"
        note=$(generic_note "$(describe "$id")" "'SSL client certificate not trusted', HAProxy's line for every verify error at depth 0 (the kb lists the causes it can be, untrusted issuer first)") ;;
    esac
    save "haproxy-log-$(name_of "$id")" "$src, $(describe "$id") (the same line under TLS 1.2 and 1.3)" "$e" "$note" <"$d/last.log"
    for v in 1.3 1.2; do
      hp_get "$p_det" "$id" "$v" / >/dev/null
      IFS='|' read -r e note <<<"$(code_expect "$id")"
      save "haproxy-detail-log-tls${v/./_}-$(name_of "$id")" "$srcd, $(describe "$id"), TLS $v" "$e" "$note" <"$d/last.log"
      [ "$id" = none ] || break  # the other lines differ only in the version field
    done
  done
  hp_get "$p_leg" wrong-ou 1.3 / | curl_short | save curl-haproxy-403-wrong-ou "$cv -v against $hv, http-request deny unless { ssl_c_s_dn(OU) -m str payments }, $(describe wrong-ou) (HTTP 403 page)" "client-access-denied server"
  save haproxy-log-wrong-ou "$hv log (option httplog), http-request deny unless { ssl_c_s_dn(OU) -m str payments }, $(describe wrong-ou)" "client-access-denied server" <"$d/last.log"
  hp_get "$p_leg" good 1.3 /ip/ >/dev/null
  save haproxy-log-source-address "$hv log (option httplog), http-request deny if !{ src 192.0.2.0/24 }, valid client certificate from 127.0.0.1" "client-access-denied server" <"$d/last.log"
  stop "$hp"
}

# -------------------------------------------------------------------------------------- stunnel
capture_stunnel() {
  local st
  st=$(command -v stunnel4 || command -v stunnel || true)
  [ -n "$st" ] || { echo "capture-servers: no stunnel, skipped" >&2; return; }
  local d=$work/stunnel sv p p_back
  mkdir -p "$d/www"
  echo ok >"$d/www/index.html"
  p=$(free_port); p_back=$(free_port)
  cat >"$d/stunnel.conf" <<EOF
foreground = yes
pid =
output = $d/stunnel.log
debug = 7
[mtls]
accept = 127.0.0.1:$p
connect = 127.0.0.1:$p_back
cert = $lab/server-good-full.pem
key = $lab/server-good.key
CAfile = $lab/client-ca.pem
CRLfile = $lab/client-crl.pem
verifyChain = yes
requireCert = yes
EOF
  : >"$d/stunnel.log"
  start python3 -m http.server --bind 127.0.0.1 --directory "$d/www" "$p_back" >"$d/web.log" 2>&1
  local web=$last_pid
  start "$st" "$d/stunnel.conf" >"$d/stunnel.out" 2>&1
  local sp=$last_pid
  wait_port "$p_back"; wait_port "$p"
  sv=$(grep -o 'stunnel [0-9.]*' "$d/stunnel.log" | head -1)
  st_get() {  # $1 identity, $2 1.2|1.3
    set_mark "$d/stunnel.log"
    curl_v "$p" "$1" "$2" /index.html
    since "$d/stunnel.log" | grep -E 'Verification started|CERT: |Rejected by|Certificate accepted|TLS alert \(|SSL_accept|Connection reset|Peer certificate required' >"$d/last.log" || true
  }
  local src="$sv log (debug = 7; state and socket lines dropped), verifyChain, requireCert, CAfile = client root, CRLfile, curl client"
  local id e note v
  for id in none $faults; do
    for v in 1.3 1.2; do
      st_get "$id" "$v" >/dev/null
      IFS='|' read -r e note <<<"$(code_expect "$id")"
      save "stunnel-log-tls${v/./_}-$(name_of "$id")" "$src, $(describe "$id"), TLS $v" "$e" "$note" <"$d/last.log"
      [ "$id" = none ] || break  # the verification lines are the same under TLS 1.2
    done
  done
  stop "$sp"; stop "$web"
}

capture_apache
capture_haproxy
capture_stunnel
