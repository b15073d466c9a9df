#!/usr/bin/env bash
# scripts/package-apt-test.sh [BUILD_DIR]: the Debian package CPack builds from BUILD_DIR (default
# build-test), installed with `apt-get install ./mtls-doctor_*.deb` in a clean Debian 12 (bookworm)
# chroot made by mmdebstrap (variant apt: the essential set and apt, nothing else), so that apt
# must fetch every package the Depends names from the Debian mirror this machine uses: a missing
# or wrong dependency fails here. Then, inside the chroot: --version, a lab judged offline by
# `check`, `serve` on loopback diagnosed live by `diagnose`, `man -l` on the installed pages
# (man-db installed after the checks above, so that it cannot supply a missing library), and
# the completions in place.
#
# Needs root (chroot, mounting /proc) and mmdebstrap (scripts/install-deps.sh); without them it
# says so and exits 77, which ctest reports as skipped. The bootstrapped base is kept as a tarball
# (BUILD_DIR/package-apt/bookworm-base.tar, remade after 7 days or when the mirror changes), so a
# re-run only unpacks it and installs the package.
set -euo pipefail
build=$(cd "${1:-build-test}" && pwd)
if [ "$(id -u)" -ne 0 ]; then
  echo "package-apt-test: skipped: chroot and mounting /proc need root"
  exit 77
fi
if ! command -v mmdebstrap >/dev/null; then
  echo "package-apt-test: skipped: mmdebstrap is not installed (scripts/install-deps.sh)"
  exit 77
fi

# The Debian 12 sources this machine uses (its mirror, bookworm, -updates, -security), else the
# default mirror. Only Debian's archives: a third-party repository must not satisfy a Depends.
sources=$(apt-get indextargets --format 'deb $(REPO_URI) $(RELEASE) $(COMPONENT)' 'Created-By: Packages' \
  'Codename: bookworm' 2>/dev/null | grep -E '^deb [^ ]+ bookworm(-updates|-security)? main$' | sort -u || true)
[ -n "$sources" ] || sources="deb http://deb.debian.org/debian bookworm main"

cache="$build/package-apt"
base="$cache/bookworm-base.tar"
mkdir -p "$cache"
if [ ! -s "$base" ] || [ "$(cat "$cache/sources.list" 2>/dev/null)" != "$sources" ] ||
  [ -n "$(find "$base" -mtime +7)" ]; then
  echo "package-apt-test: bootstrapping Debian 12 (mmdebstrap --variant=apt) into $base"
  start=$SECONDS
  rm -f "$base" "$cache/sources.list"
  if ! mmdebstrap --quiet --variant=apt --mode=root --format=tar bookworm "$base.part" - <<<"$sources" >"$cache/mmdebstrap.log" 2>&1; then
    tail -30 "$cache/mmdebstrap.log"
    echo "package-apt-test: mmdebstrap failed (log above)"
    exit 1
  fi
  mv "$base.part" "$base"
  printf '%s\n' "$sources" >"$cache/sources.list"
  echo "package-apt-test: bootstrapped in $((SECONDS - start)) s"
fi

work=$(mktemp -d "$cache/run.XXXXXX")
root="$work/root"
cleanup() {
  if mountpoint -q "$root/proc"; then umount "$root/proc" || umount -l "$root/proc" || true; fi
  mountpoint -q "$root/proc" || rm -rf "$work"  # never into a mounted /proc
}
trap cleanup EXIT

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/out/mtls-doctor_*.deb)
echo "package: $(basename "$deb")"
echo "Depends: $(dpkg-deb -f "$deb" Depends)"

mkdir "$root"
tar -C "$root" -xf "$base"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" DEBIAN_FRONTEND=noninteractive "$@"; }
fail() {
  echo "package-apt-test: $*"
  exit 1
}

in_root apt-get update -qq >"$work/apt-update.log" 2>&1 || { cat "$work/apt-update.log"; fail "apt-get update failed"; }
if ! in_root apt-get install -y --no-install-recommends "/tmp/$(basename "$deb")" >"$work/apt-install.log" 2>&1; then
  cat "$work/apt-install.log"
  fail "apt-get install of the package failed (above)"
fi
echo "apt installed: $(sed -n 's/^Setting up \([^ ]*\) .*/\1/p' "$work/apt-install.log" | tr '\n' ' ')"
in_root dpkg-query -W -f='${Status}\n' mtls-doctor | grep -q '^install ok installed$' || fail "dpkg does not list mtls-doctor as installed"

version=$(in_root mtls-doctor --version) || fail "mtls-doctor --version failed in the chroot"
echo "$version" | head -1
grep -q 'OpenSSL' <<<"$version" || fail "--version does not name OpenSSL"

# Offline: a lab, one good identity and one expired, judged by check.
in_root mtls-doctor lab create /tmp/lab >/dev/null || fail "lab create failed in the chroot"
judge() {
  in_root mtls-doctor check --cert "/tmp/lab/$1.crt" --key "/tmp/lab/$1.key" --chain "/tmp/lab/$1-chain.pem" \
    --cacert /tmp/lab/client-ca.pem --crl /tmp/lab/client-crl.pem --format json
}
good=$(judge client-good) || fail "check of client-good failed: $good"
[ "$(jq -r .verdict.cause <<<"$good")" = ok ] || fail "check of client-good: $good"
set +e
expired=$(judge client-expired)
rc=$?
set -e
[ "$rc" -eq 1 ] && [ "$(jq -r .verdict.cause <<<"$expired")" = client-cert-expired ] ||
  fail "check of client-expired (exit $rc): $expired"
echo "check in the chroot: client-good ok, client-expired client-cert-expired"

# Live, on loopback: serve requiring a client certificate, diagnosed with the same two identities.
lab="$root/tmp/lab"
cat "$lab/server-good.crt" "$lab/server-good-chain.pem" >"$lab/server-fullchain.pem"
# exec: the background job's pid is serve's own (chroot and env exec too), the one to stop.
(exec chroot "$root" env -i PATH=/usr/bin:/bin ASAN_OPTIONS="${ASAN_OPTIONS:-}" mtls-doctor serve \
  --listen 127.0.0.1:0 --cert /tmp/lab/server-fullchain.pem --key /tmp/lab/server-good.key \
  --client-ca /tmp/lab/client-ca.pem --crl /tmp/lab/client-crl.pem 2>"$work/serve.log") &
serve_pid=$!
stop_serve() {
  kill "$serve_pid" 2>/dev/null || true
  wait "$serve_pid" 2>/dev/null || true
}
trap 'stop_serve; cleanup' EXIT
port=""
for _ in $(seq 100); do
  port=$(grep -oE '127\.0\.0\.1:[0-9]+' "$work/serve.log" | head -1 | cut -d: -f2 || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.log"; fail "serve did not start in the chroot"; }
live() {
  in_root mtls-doctor diagnose "127.0.0.1:$port" --servername localhost --cacert /tmp/lab/server-ca.pem \
    --cert "/tmp/lab/$1.crt" --key "/tmp/lab/$1.key" --chain "/tmp/lab/$1-chain.pem" --crl /tmp/lab/client-crl.pem \
    --timeout 10 --format json || true
}
good=$(live client-good)
[ "$(jq -r .verdict.cause <<<"$good")" = ok ] || fail "diagnose of client-good against serve: $good"
expired=$(live client-expired)
[ "$(jq -r .verdict.cause <<<"$expired")" = client-cert-expired ] || fail "diagnose of client-expired against serve: $expired"
echo "diagnose in the chroot against serve on 127.0.0.1:$port: client-good ok, client-expired client-cert-expired"
stop_serve

# The manual and the completions, as installed.
in_root apt-get install -y --no-install-recommends man-db >"$work/apt-man.log" 2>&1 ||
  { cat "$work/apt-man.log"; fail "apt-get install man-db failed"; }
for page in mtls-doctor mtls-doctor-diagnose mtls-doctor-check; do
  f="/usr/share/man/man1/$page.1.gz"
  [ -f "$root$f" ] || f="/usr/share/man/man1/$page.1"
  [ -f "$root$f" ] || fail "no man page $page.1 installed"
  in_root env MANWIDTH=80 man -l "$f" 2>/dev/null | grep -q 'mtls-doctor' || fail "man -l $f shows nothing"
done
echo "man -l in the chroot: mtls-doctor.1, mtls-doctor-diagnose.1, mtls-doctor-check.1"
for c in bash-completion/completions/mtls-doctor zsh/site-functions/_mtls-doctor fish/vendor_completions.d/mtls-doctor.fish; do
  [ -s "$root/usr/share/$c" ] || fail "no completion $c"
done
in_root bash -n /usr/share/bash-completion/completions/mtls-doctor || fail "the bash completion does not parse"
echo "package-apt-test: ok"
