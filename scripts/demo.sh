#!/usr/bin/env bash
# README command 1: install, build (Release), then the demo: a lab PKI with every fault, each
# identity judged by `mtls-doctor check`, one line each.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DMTLSD_TESTS=OFF >/dev/null
ninja -C build-release mtls-doctor >/dev/null
bin="$PWD/build-release/mtls-doctor"
lab=${MTLSD_DEMO_DIR:-$(mktemp -d /tmp/mtls-doctor-demo.XXXXXX)}

"$bin" lab create "$lab"
echo
"$bin" lab verify "$lab"
echo
echo "One of them in full:"
echo "\$ mtls-doctor check --cert client-no-intermediate.crt --key client-no-intermediate.key --cacert client-ca.pem --crl client-crl.pem"
(cd "$lab" && "$bin" check --cert client-no-intermediate.crt --key client-no-intermediate.key \
  --cacert client-ca.pem --crl client-crl.pem) || true
echo
echo "The lab is in $lab; the binary is $bin."
