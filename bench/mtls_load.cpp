// mtls_load: a load client for mTLS servers (bench/serve_bench.sh). It keeps --concurrency
// connections open against ADDR:PORT until --total of them are done. Each connection is a full
// handshake (no session resumption: no session cache, no tickets kept, a new SSL per
// connection) presenting a client certificate, then `GET / HTTP/1.1` with `Connection: close`,
// the response read up to the close, and its outcome checked: HTTP status 200 by default,
// `--expect-status N` for another status, or `--expect-alert N` for a refusal by TLS alert (the
// alert the client received, from OpenSSL's info callback). Anything else is an error, counted
// by kind, with the first few messages kept.
//
// Non-blocking sockets on epoll, one loop per thread (--threads, default 1); the connections
// and the total are split between the threads, which share one SSL_CTX. Prints one JSON object
// on stdout. Exit 0 when every connection had the expected outcome, 1 when any did not, 2 for
// bad usage or set-up.
//
//   mtls_load --connect 127.0.0.1:8443 --cert client-fullchain.pem --key client.key
//             --cafile server-ca.pem --tls 1.3 --concurrency 1000 --total 20000 --threads 2
//
// Loopback benchmarking only; nothing here is meant for other people's servers.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string cert, key, chain, cafile;
  std::string sni = "localhost";
  int tls = 13;  // 12 or 13
  std::size_t concurrency = 100;
  std::size_t total = 1000;
  unsigned threads = 1;
  int expect_status = 200;  // 0: no status expected (an alert is)
  int expect_alert = 0;     // 0: no alert expected
  double timeout_s = 30;    // per connection, connect to close
  bool verify_server = true;
  std::string label;
};

const char kRequest[] = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

[[noreturn]] void usage(const std::string& why) {
  std::fprintf(stderr,
               "mtls_load: %s\n"
               "usage: mtls_load --connect ADDR:PORT --cert PEM --key PEM [--chain PEM] --cafile PEM\n"
               "                 [--tls 1.2|1.3] [--concurrency C] [--total T] [--threads N] [--sni NAME]\n"
               "                 [--expect-status N | --expect-alert N] [--timeout S] [--no-verify] [--label L]\n",
               why.c_str());
  std::exit(2);
}

std::string openssl_errors() {
  std::string out;
  char buf[256];
  while (const unsigned long e = ERR_get_error()) {
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out;
}

std::string json_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char b[8];
          std::snprintf(b, sizeof b, "\\u%04x", c);
          out += b;
        } else {
          out += c;
        }
    }
  }
  return out;
}

// What every thread adds its results to.
struct Results {
  std::mutex mutex;
  std::size_t completed = 0;  // every connection that ended, good or bad
  std::size_t ok = 0;         // with the expected outcome
  std::map<std::string, std::size_t> errors;
  std::vector<std::string> samples;  // the first few error messages
  std::map<std::string, std::size_t> outcomes;
  std::vector<double> latency_ms;    // connect to close, good connections
  std::vector<double> handshake_ms;  // connect to the end of the client's handshake, good connections
  std::string protocol, cipher;
  std::size_t peak_open = 0;

  void error(const std::string& kind, const std::string& message) {
    const std::lock_guard lock(mutex);
    ++errors[kind];
    if (samples.size() < 8) samples.push_back(kind + ": " + message);
  }
};

enum class Phase { Connect, Handshake, Write, Read };

struct Conn {
  int fd = -1;
  SSL* ssl = nullptr;
  Phase phase = Phase::Connect;
  Clock::time_point start, handshake_done;
  std::string response;
  std::size_t written = 0;
  int alert = 0;  // the fatal alert received, if any
  std::uint32_t events = 0;
};

void on_info(const SSL* ssl, int where, int ret) {
  if ((where & SSL_CB_READ_ALERT) == 0) return;
  auto* c = static_cast<Conn*>(SSL_get_app_data(ssl));
  // ret: level << 8 | description. close_notify (0) is not a refusal.
  if (c && (ret & 0xff) != 0 && c->alert == 0) c->alert = ret & 0xff;
}

class Worker {
 public:
  Worker(const Options& o, SSL_CTX* ctx, const sockaddr_in& addr, std::size_t concurrency, std::size_t total,
         Results& results)
      : m_o(o), m_ctx(ctx), m_addr(addr), m_concurrency(concurrency), m_total(total), m_results(results) {}

  void run() {
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0) {
      m_results.error("setup", std::string("epoll_create1: ") + std::strerror(errno));
      return;
    }
    m_conns.resize(m_concurrency);
    for (std::size_t i = 0; i < m_concurrency && m_started < m_total; ++i) start(i);
    std::vector<epoll_event> ready(1024);
    auto next_sweep = Clock::now() + std::chrono::milliseconds(200);
    const auto timeout = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(m_o.timeout_s));
    while (m_open > 0) {
      const int n = ::epoll_wait(m_epoll, ready.data(), static_cast<int>(ready.size()), 200);
      if (n < 0 && errno != EINTR) {
        m_results.error("setup", std::string("epoll_wait: ") + std::strerror(errno));
        break;
      }
      for (int i = 0; i < n; ++i) step(ready[static_cast<std::size_t>(i)].data.u64);
      const auto now = Clock::now();
      if (now >= next_sweep) {
        next_sweep = now + std::chrono::milliseconds(200);
        for (std::size_t i = 0; i < m_conns.size(); ++i) {
          if (m_conns[i].fd >= 0 && now - m_conns[i].start > timeout) {
            fail(i, "timeout", "no outcome within the deadline in phase " + phase_name(m_conns[i].phase));
          }
        }
      }
    }
    ::close(m_epoll);
    const std::lock_guard lock(m_results.mutex);
    m_results.peak_open += m_peak_open;
    m_results.latency_ms.insert(m_results.latency_ms.end(), m_latency.begin(), m_latency.end());
    m_results.handshake_ms.insert(m_results.handshake_ms.end(), m_handshake.begin(), m_handshake.end());
    for (const auto& [k, v] : m_outcomes) m_results.outcomes[k] += v;
    m_results.completed += m_completed;
    m_results.ok += m_ok;
    if (m_results.protocol.empty()) {
      m_results.protocol = m_protocol;
      m_results.cipher = m_cipher;
    }
  }

 private:
  static std::string phase_name(Phase p) {
    switch (p) {
      case Phase::Connect: return "connect";
      case Phase::Handshake: return "handshake";
      case Phase::Write: return "write";
      case Phase::Read: return "read";
    }
    return "?";
  }

  void watch(std::size_t i, std::uint32_t events) {
    Conn& c = m_conns[i];
    if (c.events == events) return;
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = i;
    const int op = c.events == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    if (::epoll_ctl(m_epoll, op, c.fd, &ev) != 0) {
      fail(i, "setup", std::string("epoll_ctl: ") + std::strerror(errno));
      return;
    }
    c.events = events;
  }

  void start(std::size_t i) {
    Conn& c = m_conns[i];
    c = Conn{};
    ++m_started;
    c.start = Clock::now();
    c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0) {
      m_results.error("connect", std::string("socket: ") + std::strerror(errno));
      ++m_completed;
      return;
    }
    ++m_open;
    m_peak_open = std::max(m_peak_open, m_open);
    const int one = 1;
    ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(c.fd, reinterpret_cast<const sockaddr*>(&m_addr), sizeof m_addr) != 0 && errno != EINPROGRESS) {
      fail(i, "connect", std::strerror(errno));
      return;
    }
    c.phase = Phase::Connect;
    watch(i, EPOLLOUT);
  }

  // The connection ended (either way): account for it and start the next one in its place.
  void end(std::size_t i) {
    Conn& c = m_conns[i];
    if (c.ssl) SSL_free(c.ssl);
    c.ssl = nullptr;
    if (c.fd >= 0) ::close(c.fd);  // closing removes it from the epoll set
    c.fd = -1;
    c.events = 0;
    --m_open;
    ++m_completed;
    if (m_started < m_total) start(i);
  }

  void fail(std::size_t i, const std::string& kind, const std::string& message) {
    m_results.error(kind, message);
    end(i);
  }

  void succeed(std::size_t i, const std::string& outcome) {
    Conn& c = m_conns[i];
    const auto now = Clock::now();
    m_latency.push_back(std::chrono::duration<double, std::milli>(now - c.start).count());
    if (c.handshake_done != Clock::time_point{}) {
      m_handshake.push_back(std::chrono::duration<double, std::milli>(c.handshake_done - c.start).count());
    }
    ++m_outcomes[outcome];
    ++m_ok;
    end(i);
  }

  // An alert ended the connection (or the connection ended after one).
  void alerted(std::size_t i, const std::string& where) {
    const int alert = m_conns[i].alert;
    if (m_o.expect_alert != 0 && alert == m_o.expect_alert) {
      succeed(i, "alert " + std::to_string(alert));
    } else {
      fail(i, "alert",
           "received alert " + std::to_string(alert) + " (" + SSL_alert_desc_string_long(alert) + ") during " + where +
               "; " + openssl_errors());
    }
  }

  // SSL_get_error's verdict on a failed call: wait, or the connection is over.
  bool wait_or_fail(std::size_t i, int rc, const std::string& where) {
    Conn& c = m_conns[i];
    const int err = SSL_get_error(c.ssl, rc);
    if (err == SSL_ERROR_WANT_READ) {
      watch(i, EPOLLIN);
      return true;
    }
    if (err == SSL_ERROR_WANT_WRITE) {
      watch(i, EPOLLOUT);
      return true;
    }
    if (c.alert != 0) {
      alerted(i, where);
      return false;
    }
    std::string message = openssl_errors();
    if (err == SSL_ERROR_SYSCALL)
      message += (message.empty() ? "" : "; ") + std::string(errno ? std::strerror(errno) : "EOF");
    fail(i, where, "SSL error " + std::to_string(err) + (message.empty() ? "" : ": " + message));
    return false;
  }

  void step(std::size_t i) {
    Conn& c = m_conns[i];
    if (c.fd < 0) return;
    switch (c.phase) {
      case Phase::Connect: {
        int so = 0;
        socklen_t len = sizeof so;
        ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &so, &len);
        if (so != 0) {
          fail(i, "connect", std::strerror(so));
          return;
        }
        c.ssl = SSL_new(m_ctx);
        if (!c.ssl) {
          fail(i, "setup", "SSL_new: " + openssl_errors());
          return;
        }
        SSL_set_app_data(c.ssl, &c);
        SSL_set_fd(c.ssl, c.fd);
        SSL_set_tlsext_host_name(c.ssl, m_o.sni.c_str());
        if (m_o.verify_server) SSL_set1_host(c.ssl, m_o.sni.c_str());
        c.phase = Phase::Handshake;
        [[fallthrough]];
      }
      case Phase::Handshake: {
        ERR_clear_error();
        const int rc = SSL_connect(c.ssl);
        if (rc != 1) {
          wait_or_fail(i, rc, "handshake");
          return;
        }
        c.handshake_done = Clock::now();
        if (m_protocol.empty()) {
          m_protocol = SSL_get_version(c.ssl);
          m_cipher = SSL_get_cipher_name(c.ssl);
        }
        c.phase = Phase::Write;
        [[fallthrough]];
      }
      case Phase::Write: {
        while (c.written < sizeof kRequest - 1) {
          ERR_clear_error();
          const int rc = SSL_write(c.ssl, kRequest + c.written, static_cast<int>(sizeof kRequest - 1 - c.written));
          if (rc <= 0) {
            wait_or_fail(i, rc, "write");
            return;
          }
          c.written += static_cast<std::size_t>(rc);
        }
        c.phase = Phase::Read;
        [[fallthrough]];
      }
      case Phase::Read: {
        char buf[16 * 1024];
        for (;;) {
          ERR_clear_error();
          const int rc = SSL_read(c.ssl, buf, sizeof buf);
          if (rc > 0) {
            if (c.response.size() < 1 << 20) c.response.append(buf, static_cast<std::size_t>(rc));
            continue;
          }
          const int err = SSL_get_error(c.ssl, rc);
          if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
            watch(i, err == SSL_ERROR_WANT_READ ? EPOLLIN : EPOLLOUT);
            return;
          }
          // Closed: close_notify, or EOF without one (nginx with keepalive_timeout 0 may do so).
          const bool closed =
              err == SSL_ERROR_ZERO_RETURN || (err == SSL_ERROR_SYSCALL && ERR_peek_error() == 0 && errno == 0) ||
              (err == SSL_ERROR_SSL && ERR_GET_REASON(ERR_peek_error()) == SSL_R_UNEXPECTED_EOF_WHILE_READING);
          if (!closed && c.alert != 0) {
            alerted(i, "read");
            return;
          }
          if (!closed && c.response.empty()) {
            wait_or_fail(i, rc, "read");
            return;
          }
          finish_response(i);
          return;
        }
      }
    }
  }

  void finish_response(std::size_t i) {
    Conn& c = m_conns[i];
    // "HTTP/1.1 200 OK\r\n"
    int status = 0;
    if (c.response.starts_with("HTTP/1.") && c.response.size() >= 12) status = std::atoi(c.response.c_str() + 9);
    if (status == 0) {
      if (c.alert != 0) {
        alerted(i, "read");
        return;
      }
      fail(i, "response",
           "no HTTP status in " + std::to_string(c.response.size()) + " bytes: " + c.response.substr(0, 60));
      return;
    }
    if (m_o.expect_status != 0 && status == m_o.expect_status) {
      succeed(i, "http " + std::to_string(status));
      return;
    }
    fail(i, "status", "HTTP " + std::to_string(status) + ": " + c.response.substr(0, c.response.find('\r')));
  }

  const Options& m_o;
  SSL_CTX* m_ctx;
  sockaddr_in m_addr;
  std::size_t m_concurrency, m_total;
  Results& m_results;
  int m_epoll = -1;
  std::vector<Conn> m_conns;
  std::size_t m_started = 0, m_completed = 0, m_ok = 0, m_open = 0, m_peak_open = 0;
  std::vector<double> m_latency, m_handshake;
  std::map<std::string, std::size_t> m_outcomes;
  std::string m_protocol, m_cipher;
};

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

Options parse(int argc, char** argv) {
  Options o;
  auto value = [&](int& i) -> std::string {
    if (i + 1 >= argc) usage(std::string(argv[i]) + " wants a value");
    return argv[++i];
  };
  auto number = [&](int& i) -> unsigned long {
    const std::string v = value(i);
    char* end = nullptr;
    const unsigned long n = std::strtoul(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0') usage(std::string(argv[i - 1]) + " wants a number, not " + v);
    return n;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--connect") {
      const std::string v = value(i);
      const auto colon = v.rfind(':');
      if (colon == std::string::npos) usage("--connect wants ADDR:PORT");
      o.host = v.substr(0, colon);
      const unsigned long port = std::strtoul(v.c_str() + colon + 1, nullptr, 10);
      if (port == 0 || port > 65535) usage("bad port in --connect");
      o.port = static_cast<std::uint16_t>(port);
    } else if (a == "--cert") {
      o.cert = value(i);
    } else if (a == "--key") {
      o.key = value(i);
    } else if (a == "--chain") {
      o.chain = value(i);
    } else if (a == "--cafile") {
      o.cafile = value(i);
    } else if (a == "--sni") {
      o.sni = value(i);
    } else if (a == "--tls") {
      const std::string v = value(i);
      if (v == "1.2") {
        o.tls = 12;
      } else if (v == "1.3") {
        o.tls = 13;
      } else {
        usage("--tls wants 1.2 or 1.3");
      }
    } else if (a == "--concurrency") {
      o.concurrency = number(i);
    } else if (a == "--total") {
      o.total = number(i);
    } else if (a == "--threads") {
      o.threads = static_cast<unsigned>(number(i));
    } else if (a == "--expect-status") {
      o.expect_status = static_cast<int>(number(i));
      o.expect_alert = 0;
    } else if (a == "--expect-alert") {
      o.expect_alert = static_cast<int>(number(i));
      o.expect_status = 0;
    } else if (a == "--timeout") {
      o.timeout_s = std::strtod(value(i).c_str(), nullptr);
    } else if (a == "--no-verify") {
      o.verify_server = false;
    } else if (a == "--label") {
      o.label = value(i);
    } else {
      usage("unknown argument " + std::string(a));
    }
  }
  if (o.port == 0) usage("--connect is required");
  if (o.cert.empty() || o.key.empty()) usage("--cert and --key are required");
  if (o.verify_server && o.cafile.empty()) usage("--cafile is required (or --no-verify)");
  if (o.concurrency == 0 || o.total == 0 || o.threads == 0) usage("--concurrency, --total and --threads must be > 0");
  if (o.threads > o.concurrency) o.threads = static_cast<unsigned>(o.concurrency);
  if (o.timeout_s <= 0) usage("--timeout must be > 0");
  return o;
}

SSL_CTX* make_context(const Options& o) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  if (!ctx) return nullptr;
  const int version = o.tls == 12 ? TLS1_2_VERSION : TLS1_3_VERSION;
  SSL_CTX_set_min_proto_version(ctx, version);
  SSL_CTX_set_max_proto_version(ctx, version);
  // Every connection a full handshake: no client session cache, no tickets asked for.
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  // A close without close_notify (nginx with keepalive_timeout 0 may do so) reads as the end.
  SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_IGNORE_UNEXPECTED_EOF);
  SSL_CTX_set_info_callback(ctx, on_info);
  if (SSL_CTX_use_certificate_chain_file(ctx, o.cert.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx, o.key.c_str(), SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
    std::fprintf(stderr, "mtls_load: cannot load the client identity %s / %s: %s\n", o.cert.c_str(), o.key.c_str(),
                 openssl_errors().c_str());
    SSL_CTX_free(ctx);
    return nullptr;
  }
  if (!o.chain.empty()) {
    FILE* f = std::fopen(o.chain.c_str(), "r");
    if (!f) {
      std::fprintf(stderr, "mtls_load: cannot open %s\n", o.chain.c_str());
      SSL_CTX_free(ctx);
      return nullptr;
    }
    while (X509* x = PEM_read_X509(f, nullptr, nullptr, nullptr)) {
      SSL_CTX_add0_chain_cert(ctx, x);
    }
    std::fclose(f);
    ERR_clear_error();
  }
  if (o.verify_server) {
    if (SSL_CTX_load_verify_locations(ctx, o.cafile.c_str(), nullptr) != 1) {
      std::fprintf(stderr, "mtls_load: cannot load %s: %s\n", o.cafile.c_str(), openssl_errors().c_str());
      SSL_CTX_free(ctx);
      return nullptr;
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  } else {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  }
  return ctx;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  std::signal(SIGPIPE, SIG_IGN);

  // Every connection needs a descriptor; raise the soft limit to the hard one.
  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &rl);
  }
  if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < o.concurrency + 64) {
    usage("the open-file limit (" + std::to_string(rl.rlim_cur) + ") is too low for --concurrency " +
          std::to_string(o.concurrency) + ": raise ulimit -n");
  }

  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(o.port);
  if (::inet_pton(AF_INET, o.host.c_str(), &addr.sin_addr) != 1) usage("--connect wants an IPv4 address");

  SSL_CTX* ctx = make_context(o);
  if (!ctx) return 2;

  Results results;
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (unsigned t = 0; t < o.threads; ++t) {
    // Split the connections and the total as evenly as they go.
    const std::size_t conc = o.concurrency / o.threads + (t < o.concurrency % o.threads ? 1 : 0);
    const std::size_t total = o.total / o.threads + (t < o.total % o.threads ? 1 : 0);
    if (total == 0) continue;
    threads.emplace_back([&, conc, total] { Worker(o, ctx, addr, conc, total, results).run(); });
  }
  for (auto& t : threads) t.join();
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  SSL_CTX_free(ctx);

  std::size_t error_count = 0;
  for (const auto& [k, v] : results.errors) error_count += v;
  std::string out = "{";
  if (!o.label.empty()) out += "\"label\":\"" + json_escape(o.label) + "\",";
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "\"target\":\"%s:%u\",\"tls\":\"%s\",\"protocol\":\"%s\",\"cipher\":\"%s\",\"concurrency\":%zu,"
                "\"threads\":%u,\"total\":%zu,\"completed\":%zu,\"ok\":%zu,\"error_count\":%zu,",
                o.host.c_str(), o.port, o.tls == 12 ? "1.2" : "1.3", results.protocol.c_str(), results.cipher.c_str(),
                o.concurrency, o.threads, o.total, results.completed, results.ok, error_count);
  out += buf;
  out += "\"expected\":\"" +
         (o.expect_alert ? "alert " + std::to_string(o.expect_alert) : "http " + std::to_string(o.expect_status)) +
         "\",\"outcomes\":{";
  bool first = true;
  for (const auto& [k, v] : results.outcomes) {
    out += (first ? "\"" : ",\"") + json_escape(k) + "\":" + std::to_string(v);
    first = false;
  }
  out += "},\"errors\":{";
  first = true;
  for (const auto& [k, v] : results.errors) {
    out += (first ? "\"" : ",\"") + json_escape(k) + "\":" + std::to_string(v);
    first = false;
  }
  out += "},\"error_samples\":[";
  for (std::size_t i = 0; i < results.samples.size(); ++i) {
    out += (i ? ",\"" : "\"") + json_escape(results.samples[i]) + "\"";
  }
  out += "],";
  std::snprintf(buf, sizeof buf,
                "\"wall_s\":%.4f,\"handshakes_per_s\":%.1f,\"peak_open\":%zu,"
                "\"latency_ms\":{\"p50\":%.2f,\"p99\":%.2f,\"max\":%.2f},"
                "\"handshake_ms\":{\"p50\":%.2f,\"p99\":%.2f}}",
                wall, static_cast<double>(results.ok) / wall, results.peak_open, percentile(results.latency_ms, 50),
                percentile(results.latency_ms, 99), percentile(results.latency_ms, 100),
                percentile(results.handshake_ms, 50), percentile(results.handshake_ms, 99));
  out += buf;
  std::puts(out.c_str());
  return error_count == 0 && results.ok == o.total ? 0 : 1;
}
