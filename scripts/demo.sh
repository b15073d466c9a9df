#!/usr/bin/env bash
# README command 1: install, build (Release), then the demo:
#  1. a lab PKI with every fault, each identity judged offline by `mtls-doctor check`;
#  2. a local mTLS server (openssl s_server, TLS 1.2 and 1.3, loopback, free port), and every
#     client fault diagnosed live, one line each;
#  3. `monitor serve` on the lab: its first sweep (the items, the URL), then it is stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DMTLSD_TESTS=OFF >/dev/null
ninja -C build-release mtls-doctor >/dev/null
bin="$PWD/build-release/mtls-doctor"
"$bin" --version | sed -n '1p;$p'
lab=${MTLSD_DEMO_DIR:-$(mktemp -d /tmp/mtls-doctor-demo.XXXXXX)}

echo "== 1. Offline: mtls-doctor lab create + check on every identity"
"$bin" lab create "$lab"
"$bin" lab verify "$lab" || true

cd "$lab"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# Starts s_server on a free loopback port (it prints "ACCEPT host:port"); sets $port.
start_server() {
  local log
  log=$(mktemp)
  openssl s_server -accept 127.0.0.1:0 -cert server-good.crt -key server-good.key -cert_chain server-good-chain.pem \
    -CAfile client-ca.pem -Verify 3 -verify_return_error -CRL client-crl.pem -crl_check -www "$@" \
    >"$log" 2>&1 </dev/null &
  pids+=($!)
  port=""
  for _ in $(seq 50); do
    port=$(sed -n 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$log" | head -1)
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "openssl s_server did not start:" >&2; cat "$log" >&2; exit 1; }
}

for version in -tls1_2 -tls1_3; do
  start_server "$version"
  echo
  echo "== 2. Live: openssl s_server $version on 127.0.0.1:$port, requiring a client certificate"
  printf '%-26s %-36s %-12s %s\n' identity verdict "rejected by" confidence
  for id in client-good "" client-other-ca client-no-intermediate client-expired client-not-yet-valid \
    client-no-clientauth-eku client-bad-key-usage client-revoked client-weak-key client-key-mismatch \
    client-p12-legacy; do
    args=(diagnose "127.0.0.1:$port" --cacert server-ca.pem --servername localhost --format json --timeout 5)
    if [ -n "$id" ]; then
      if [ -f "$id.p12" ]; then
        args+=(--p12 "$id.p12" --password-file "$id.pass")
      else
        args+=(--cert "$id.crt" --key "$id.key" --crl client-crl.pem)
        [ -f "$id-chain.pem" ] && args+=(--chain "$id-chain.pem")
      fi
    fi
    out=$("$bin" "${args[@]}" || true)
    printf '%-26s %-36s %-12s %s\n' "${id:-(no certificate)}" "$(jq -r .verdict.cause <<<"$out")" \
      "$(jq -r .verdict.rejected_by <<<"$out")" "$(jq -r .verdict.confidence <<<"$out")"
  done
done

echo
echo "One of them in full:"
echo "\$ mtls-doctor diagnose 127.0.0.1:$port --cert client-no-intermediate.crt --key client-no-intermediate.key --cacert server-ca.pem --servername localhost"
"$bin" diagnose "127.0.0.1:$port" --cert client-no-intermediate.crt --key client-no-intermediate.key \
  --cacert server-ca.pem --servername localhost || true
echo
echo "== 3. monitor serve on the lab (certificates, identities, the s_server above)"
cat >monitor.yaml <<YAML
version: 1
interval: 5m
database: monitor.db
files:
  - path: client-expired.crt
  - path: client-good.crt
identities:
  - {name: good, cert: client-good.crt, key: client-good.key, chain: client-good-chain.pem}
  - {name: expired, cert: client-expired.crt, key: client-expired.key, chain: client-expired-chain.pem}
endpoints:
  - {name: api, target: "127.0.0.1:$port", identity: good, cacert: server-ca.pem, servername: localhost}
  - {name: api-expired, target: "127.0.0.1:$port", identity: expired, cacert: server-ca.pem, servername: localhost}
probe:
  allow: ["127.0.0.1:*"]
YAML
"$bin" monitor serve --config monitor.yaml --listen 127.0.0.1:0 2>monitor-serve.log &
serve_pid=$!
pids+=("$serve_pid")
url=""
for _ in $(seq 300); do
  url=$(sed -n 's|.*listening on \(127\.0\.0\.1:[0-9]*\).*|http://\1/|p' monitor-serve.log | head -1)
  [ -n "$url" ] && curl -sf "${url}api/status" >monitor-status.json && break
  sleep 0.1
done
if [ -s monitor-status.json ]; then
  echo "Status page: $url   metrics: ${url}metrics   probe: ${url}probe?target=127.0.0.1:$port"
  jq -r '.items[] | "\(.state)\t\(.kind)\t\(.name)\t\(.cause)"' monitor-status.json | column -t -s $'\t'
else
  echo "monitor serve did not answer:" >&2
  cat monitor-serve.log >&2
fi
kill "$serve_pid" 2>/dev/null || true
wait "$serve_pid" 2>/dev/null || true
echo "(stopped; run it again with: $bin monitor serve --config $lab/monitor.yaml --listen 127.0.0.1:9796)"
echo
echo "The lab is in $lab; the binary is $bin."
