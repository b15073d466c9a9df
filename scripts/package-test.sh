#!/usr/bin/env bash
# scripts/package-test.sh [BUILD_DIR]: build the Debian package with CPack from BUILD_DIR (default
# build-test), unpack it into a fresh directory tree with dpkg-deb (no root, nothing installed on
# the machine), and run what it installed: the binary's --version, the man page with `man -l`, the
# completions' presence; its Depends must name the OpenSSL it links. Exit 0 when all hold.
set -euo pipefail
build=$(cd "${1:-build-test}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/mtlsd-package.XXXXXX")
trap 'rm -rf "$work"' EXIT

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/out/mtls-doctor_*.deb)
echo "package: $(basename "$deb")"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
grep -q 'libssl3' <<<"$depends" || { echo "package-test: Depends does not name libssl3"; exit 1; }

root="$work/root"
dpkg-deb -x "$deb" "$root"
bin="$root/usr/bin/mtls-doctor"
[ -x "$bin" ] || { echo "package-test: no usr/bin/mtls-doctor in the package"; exit 1; }
version=$("$bin" --version)
echo "$version" | head -1
grep -q 'OpenSSL' <<<"$version" || { echo "package-test: --version does not name OpenSSL"; exit 1; }
# A build without the sanitizers links mimalloc where it was found (CMakeLists.txt): the package
# must depend on it and the installed binary must run with it.
cache="$build/CMakeCache.txt"
if grep -q '^MTLSD_SANITIZE:BOOL=OFF' "$cache" && grep -q '^MTLSD_MIMALLOC:BOOL=ON' "$cache" &&
  grep -q '^mimalloc_DIR:PATH=/' "$cache"; then
  grep -q 'libmimalloc' <<<"$depends" || { echo "package-test: Depends does not name libmimalloc"; exit 1; }
  grep -q '^allocator: mimalloc' <<<"$version" || { echo "package-test: --version does not name mimalloc"; exit 1; }
fi
for page in mtls-doctor mtls-doctor-diagnose mtls-doctor-check; do
  f="$root/usr/share/man/man1/$page.1"
  [ -f "$f" ] || { echo "package-test: no man page $page.1"; exit 1; }
  MANWIDTH=80 man -l "$f" 2>/dev/null | grep -q 'mtls-doctor' || { echo "package-test: man -l $page.1 shows nothing"; exit 1; }
done
for c in bash-completion/completions/mtls-doctor zsh/site-functions/_mtls-doctor fish/vendor_completions.d/mtls-doctor.fish; do
  [ -s "$root/usr/share/$c" ] || { echo "package-test: no completion $c"; exit 1; }
done
echo "package-test: ok"
