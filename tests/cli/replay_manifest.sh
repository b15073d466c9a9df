#!/usr/bin/env bash
# Replays every identity of a manifest through the `check` command itself (not in-process)
# and compares verdict.cause / verdict.rejected_by with the manifest's expectation.
# Usage: replay_manifest.sh MTLS_DOCTOR_BINARY lab|openssl SOURCE_DIR
set -euo pipefail
bin=$1 generator=$2 src=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
case $generator in
  lab) "$bin" lab create "$dir" >/dev/null ;;
  openssl) bash "$src/tests/fixtures/openssl_pki.sh" "$dir" ;;
  *) echo "unknown generator $generator" >&2; exit 2 ;;
esac

pass=0 fail=0
count=$(jq '.identities | length' "$dir/manifest.json")
[ "$count" -ge 19 ] || { echo "manifest lists only $count identities" >&2; exit 1; }
for ((i = 0; i < count; i++)); do
  e=$(jq -c ".identities[$i]" "$dir/manifest.json")
  get() { jq -r --arg k "$1" '.[$k] // empty' <<<"$e"; }
  args=(check --format json --role "$(get role)")
  for k in cert key chain p12 cacert crl; do
    v=$(get $k)
    [ -n "$v" ] && args+=("--$k" "$dir/$v")
  done
  v=$(get password_file); [ -n "$v" ] && args+=(--password-file "$dir/$v")
  v=$(get host); [ -n "$v" ] && args+=(--host "$v")
  set +e
  out=$("$bin" "${args[@]}" </dev/null)
  rc=$?
  set -e
  want_cause=$(jq -r '.expected.cause' <<<"$e")
  want_side=$(jq -r '.expected.rejected_by' <<<"$e")
  got_cause=$(jq -r '.verdict.cause' <<<"$out")
  got_side=$(jq -r '.verdict.rejected_by' <<<"$out")
  want_rc=1; [ "$want_cause" = ok ] && want_rc=0
  if [ "$got_cause" = "$want_cause" ] && [ "$got_side" = "$want_side" ] && [ "$rc" = "$want_rc" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "MISMATCH $(get name): got $got_cause/$got_side exit $rc, want $want_cause/$want_side exit $want_rc" >&2
  fi
done
echo "$generator manifest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
