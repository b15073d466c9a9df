// Writes a synthetic nginx error log of about SIZE bytes for bench/explain_log_bench.sh: a
// realistic mix in which most lines have nothing to do with TLS (missing files, upstream
// timeouts and refusals, closed connections, buffering warnings) and about 3% are the TLS lines
// nginx writes at level info: client certificate verify errors, missing certificates, handshake
// failures with OpenSSL reason strings, upstream verification errors. The TLS lines copy the
// wording nginx 1.22 prints (see src/explain/kb/nginx.kb). Clients come from a pool of 300
// addresses, a few of them busy. Deterministic (fixed seed).
// Usage: gen_nginx_log OUT SIZE_BYTES [TLS_PER_10000]
// TLS_PER_10000 (default 300, about 3%) rescales the TLS lines' share: 3000 is a bad day (30%).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct Kind {
  int weight;  // per 10,000 lines
  const char* level;
  const char* text;  // %C client, %S server name, %N a number, %U an upstream address
};

// Unrelated lines first, then TLS ones (about 300 in 10,000).
const std::vector<Kind> kKinds = {
    {2600, "error",
     "open() \"/usr/share/nginx/html/static/app-%N.js\" failed (2: No such file or directory), client: %C, server: %S, "
     "request: \"GET /static/app-%N.js HTTP/1.1\", host: \"%S\""},
    {1500, "warn",
     "an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/%N/00/00000%N while reading "
     "upstream, client: %C, server: %S, request: \"GET /v1/orders?page=%N HTTP/1.1\", upstream: "
     "\"http://%U/v1/orders?page=%N\", host: \"%S\""},
    {1200, "error",
     "upstream timed out (110: Connection timed out) while reading response header from upstream, client: %C, server: "
     "%S, request: \"POST /v1/payments HTTP/1.1\", upstream: \"http://%U/v1/payments\", host: \"%S\""},
    {1400, "info", "client %C closed keepalive connection"},
    {1000, "info", "client closed connection while waiting for request, client: %C, server: 0.0.0.0:443"},
    {700, "error",
     "connect() failed (111: Connection refused) while connecting to upstream, client: %C, server: %S, request: \"GET "
     "/healthz HTTP/1.1\", upstream: \"http://%U/healthz\", host: \"%S\""},
    {600, "error",
     "*%N limiting requests, excess: 20.%N by zone \"api\", client: %C, server: %S, request: \"GET /v1/search?q=%N "
     "HTTP/1.1\", host: \"%S\""},
    {400, "warn",
     "*%N a client request body is buffered to a temporary file /var/cache/nginx/client_temp/00000%N, client: %C, "
     "server: %S, request: \"PUT /v1/uploads/%N HTTP/1.1\", host: \"%S\""},
    {300, "info",
     "*%N recv() failed (104: Connection reset by peer) while reading response header from upstream, client: %C, "
     "server: %S, request: \"GET /v1/stream HTTP/1.1\", upstream: \"http://%U/v1/stream\", host: \"%S\""},
    // TLS: 300 in 10,000
    {90, "info",
     "*%N client SSL certificate verify error: (10:certificate has expired) while reading client request headers, "
     "client: %C, server: %S, request: \"GET /v1/orders HTTP/1.1\", host: \"%S\""},
    {50, "info",
     "*%N client SSL certificate verify error: (20:unable to get local issuer certificate) while reading client "
     "request headers, client: %C, server: %S, request: \"GET /v1/orders HTTP/1.1\", host: \"%S\""},
    {40, "info",
     "*%N client sent no required SSL certificate while reading client request headers, client: %C, server: %S, "
     "request: \"GET / HTTP/1.1\", host: \"%S\""},
    {30, "info",
     "*%N client SSL certificate verify error: (26:unsupported certificate purpose) while reading client request "
     "headers, client: %C, server: %S, request: \"GET /v1/orders HTTP/1.1\", host: \"%S\""},
    {25, "info",
     "*%N SSL_do_handshake() failed (SSL: error:0A000412:SSL routines::sslv3 alert bad certificate:SSL alert number "
     "42) while SSL handshaking, client: %C, server: 0.0.0.0:443"},
    {20, "info",
     "*%N client SSL certificate verify error: (23:certificate revoked) while reading client request headers, client: "
     "%C, server: %S, request: \"GET /v1/orders HTTP/1.1\", host: \"%S\""},
    {20, "info", "*%N peer closed connection in SSL handshake while SSL handshaking, client: %C, server: 0.0.0.0:443"},
    {15, "error",
     "*%N upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream, "
     "client: %C, server: %S, request: \"GET /v1/ledger HTTP/1.1\", upstream: \"https://%U/v1/ledger\", host: \"%S\""},
    {10, "info",
     "*%N client SSL certificate verify error: (9:certificate is not yet valid) while reading client request headers, "
     "client: %C, server: %S, request: \"GET /v1/orders HTTP/1.1\", host: \"%S\""},
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::fprintf(stderr, "usage: %s OUT SIZE_BYTES [TLS_PER_10000]\n", argv[0]);
    return 2;
  }
  std::FILE* out = std::fopen(argv[1], "wb");
  if (out == nullptr) {
    std::perror(argv[1]);
    return 2;
  }
  const std::uint64_t target = std::strtoull(argv[2], nullptr, 10);
  // The first kUnrelated kinds have nothing to do with TLS; each group keeps its inner mix.
  constexpr std::size_t kUnrelated = 9;
  const long tls = argc == 4 ? std::strtol(argv[3], nullptr, 10) : 300;
  if (tls < 0 || tls > 10000) {
    std::fprintf(stderr, "TLS_PER_10000 is 0 to 10000\n");
    return 2;
  }
  long sums[2] = {0, 0};
  for (std::size_t k = 0; k < kKinds.size(); ++k) sums[k < kUnrelated ? 0 : 1] += kKinds[k].weight;
  const long shares[2] = {10000 - tls, tls};
  std::vector<int> table;
  for (std::size_t k = 0; k < kKinds.size(); ++k) {
    const int group = k < kUnrelated ? 0 : 1;
    const long weight = kKinds[k].weight * shares[group] / sums[group];
    table.insert(table.end(), static_cast<std::size_t>(weight), static_cast<int>(k));
  }
  std::mt19937_64 rng(20261125);
  const char* servers[] = {"api.example.com", "payments.internal.example.com", "ledger.example.net",
                           "static.example.com"};
  std::string line;
  std::string buffer;
  std::uint64_t written = 0;
  std::uint64_t seconds = 0;
  std::uint64_t conn = 100000;
  while (written < target) {
    const Kind& kind = kKinds[static_cast<std::size_t>(table[rng() % table.size()])];
    seconds += rng() % 3 == 0 ? 1 : 0;
    const unsigned h = 8 + static_cast<unsigned>(seconds / 3600 % 14);
    const unsigned m = static_cast<unsigned>(seconds / 60 % 60);
    const unsigned s = static_cast<unsigned>(seconds % 60);
    char head[96];
    const unsigned pid = 3100 + static_cast<unsigned>(rng() % 4);
    std::snprintf(head, sizeof head, "2026/11/25 %02u:%02u:%02u [%s] %u#%u: ", h, m, s, kind.level, pid, pid);
    line = head;
    ++conn;
    for (const char* p = kind.text; *p != '\0'; ++p) {
      if (*p == '%' && p[1] != '\0') {
        char v[64];
        switch (*++p) {
          case 'C': {  // 300 clients, a few of them busy: index = 300 * u^3
            const double u = static_cast<double>(rng() % 1000000) / 1e6;
            const auto k = static_cast<unsigned>(300 * u * u * u);
            std::snprintf(v, sizeof v, "10.%u.%u.%u", k % 8, 17 + k * 7 % 200, 1 + k % 254);
            break;
          }
          case 'S': std::snprintf(v, sizeof v, "%s", servers[rng() % 4]); break;
          case 'N': std::snprintf(v, sizeof v, "%llu", static_cast<unsigned long long>(conn % 99991)); break;
          case 'U':
            std::snprintf(v, sizeof v, "10.20.%u.%u:8080", unsigned(rng() % 4), unsigned(1 + rng() % 30));
            break;
          default: v[0] = *p; v[1] = '\0';
        }
        line += v;
      } else {
        line += *p;
      }
    }
    line += '\n';
    buffer += line;
    written += line.size();
    if (buffer.size() > (1 << 20)) {
      std::fwrite(buffer.data(), 1, buffer.size(), out);
      buffer.clear();
    }
  }
  std::fwrite(buffer.data(), 1, buffer.size(), out);
  return std::fclose(out) == 0 ? 0 : 1;
}
