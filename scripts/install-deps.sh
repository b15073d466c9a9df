#!/usr/bin/env bash
# Installs every Debian 12 package mtls-doctor needs to build, test, fuzz and benchmark.
# The one package list of the project: README and CI both come through here.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config make clang-format
  # libraries (see README: "Dependencies")
  libssl-dev libfmt-dev nlohmann-json3-dev libcli11-dev libre2-dev libyaml-cpp-dev libsqlite3-dev
  # HTTP/2 requests of diagnose (ALPN h2)
  libnghttp2-dev
  # serve's TLS (GnuTLS can send access_denied; OpenSSL 3.0 has no call for it)
  libgnutls28-dev
  # monitor serve --web-config: bcrypt hashes of basic_auth_users (libxcrypt crypt_r)
  libcrypt-dev
  # the allocator of Release builds (~30 small allocations per certificate read)
  libmimalloc-dev
  # tests: GoogleTest, real peers and tools on loopback
  libgtest-dev googletest openssl jq nginx-light gnutls-bin python3 postgresql
  # Apache httpd (mod_ssl) and HAProxy, OpenSSL-based mTLS servers as live peers of diagnose
  apache2 haproxy
  # htpasswd: bcrypt hashes for monitor serve --web-config's tests
  apache2-utils
  # Node.js and Java (JSSE) mTLS servers, as live peers of diagnose
  nodejs openjdk-17-jdk-headless
  # Go crypto/tls mTLS servers (bad_certificate for every refusal), built once per test build
  golang-go
  # a SOCKS5 proxy (RFC 1928, RFC 1929 passwords) for diagnose --proxy socks5://
  microsocks
  # ctest package_apt_install: a clean Debian 12 chroot where apt installs our .deb
  mmdebstrap
  # fuzzing (libFuzzer comes with clang's runtime) and benchmarks
  clang-19 libclang-rt-19-dev libbenchmark-dev time
  # monitor serve's tests: a real Prometheus (and promtool) scraping it, headless Chromium rendering
  # its status page. The package's own service is not used: tests run the binary on loopback.
  prometheus chromium
  # bench/explain_log_bench.sh compares explain --log with ripgrep (rg -c, same patterns)
  ripgrep
)
# Hyperscan (explain --log on big logs) exists for x86-64 only; elsewhere RE2 does the work.
if [ "$(dpkg --print-architecture)" = amd64 ]; then packages+=(libhyperscan-dev); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
