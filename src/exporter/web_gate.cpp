#include "web_gate.h"

#include <crypt.h>
#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

#include <cctype>
#include <cstring>
#include <set>

#include "mtlsdoctor/policy/decision.h"
#include "mtlsdoctor/policy/policy.h"
#include "mtlsdoctor/policy/test_run.h"
#include "mtlsdoctor/server/admission.h"
#include "mtlsdoctor/server/file_stamp.h"
#include "mtlsdoctor/tls/context.h"
#include "mtlsdoctor/tls/peer.h"
#include "mtlsdoctor/x509/certificate.h"
#include "mtlsdoctor/x509/identity.h"
#include "mtlsdoctor/x509/loader.h"

namespace mtlsdoctor::exporter::detail {

namespace fs = std::filesystem;

std::string_view to_string(Refusal r) noexcept {
  switch (r) {
    case Refusal::TlsHandshake: return "tls_handshake";
    case Refusal::ClientCertificate: return "client_certificate";
    case Refusal::BasicAuth: return "basic_auth";
  }
  return "tls_handshake";
}

std::optional<std::pair<std::string, std::string>> basic_credentials(std::string_view authorization) {
  // RFC 7617: the scheme is case-insensitive, then one space, then base64("user:password").
  constexpr std::string_view scheme = "basic ";
  if (authorization.size() <= scheme.size() || authorization.size() > 4096) return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (static_cast<char>(std::tolower(static_cast<unsigned char>(authorization[i]))) != scheme[i]) return std::nullopt;
  std::string_view b64 = authorization.substr(scheme.size());
  while (!b64.empty() && b64.front() == ' ') b64.remove_prefix(1);
  while (!b64.empty() && b64.back() == ' ') b64.remove_suffix(1);
  if (b64.empty() || b64.size() % 4 != 0) return std::nullopt;
  std::string raw(b64.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(raw.data()),
                                reinterpret_cast<const unsigned char*>(b64.data()), static_cast<int>(b64.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as decoded zero bytes.
  std::size_t len = static_cast<std::size_t>(n);
  for (std::size_t i = b64.size(); i > 0 && b64[i - 1] == '='; --i) --len;
  raw.resize(len);
  const auto colon = raw.find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::pair{raw.substr(0, colon), raw.substr(colon + 1)};
}

struct WebGate::State {
  WebConfig config;
  std::vector<server::FileStamp> stamps;
  ossl::SslCtxPtr ctx;  // null: plain HTTP
  std::optional<policy::Policy> policy;
  // Credentials already checked against their bcrypt hash (SHA-256 of user, hash and password):
  // bcrypt costs ~70 ms by design, and Prometheus sends the same credentials every scrape.
  mutable std::mutex verified_mutex;
  mutable std::set<std::string> verified;
};

namespace {

constexpr std::size_t kVerifiedMax = 256;
// bcrypt is still run for an unknown user, so that the answer's time does not tell which users exist.
constexpr const char* kDecoyHash = "$2b$10$abcdefghijklmnopqrstuuQ2Mn0Fh9Fq6uKcU4y1oW3yhT6xWq1e2";

std::string digest(std::string_view user, std::string_view hash, std::string_view password) {
  std::string in;
  in.reserve(user.size() + hash.size() + password.size() + 2);
  in.append(user).push_back('\0');
  in.append(hash).push_back('\0');
  in.append(password);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(in.data(), in.size(), md, &len, EVP_sha256(), nullptr);
  OPENSSL_cleanse(in.data(), in.size());
  return {reinterpret_cast<const char*>(md), len};
}

bool bcrypt_matches(const std::string& password, const std::string& hash) {
  auto data = std::make_unique<crypt_data>();
  const char* out = crypt_r(password.c_str(), hash.c_str(), data.get());
  const bool ok = out != nullptr && out[0] != '*' && std::strlen(out) == hash.size() &&
                  CRYPTO_memcmp(out, hash.data(), hash.size()) == 0;
  OPENSSL_cleanse(data.get(), sizeof(crypt_data));
  return ok;
}

std::vector<std::string> strings_of(const std::vector<fs::path>& paths) {
  std::vector<std::string> out;
  for (const auto& p : paths) out.push_back(p.string());
  return out;
}

tls::ClientCertificate mode_of(ClientAuth a) {
  switch (a) {
    case ClientAuth::NoClientCert: return tls::ClientCertificate::None;
    case ClientAuth::RequestClientCert: return tls::ClientCertificate::RequestAny;
    case ClientAuth::RequireAnyClientCert: return tls::ClientCertificate::RequireAny;
    case ClientAuth::VerifyClientCertIfGiven: return tls::ClientCertificate::Optional;
    case ClientAuth::RequireAndVerifyClientCert: return tls::ClientCertificate::Require;
  }
  return tls::ClientCertificate::None;
}

core::Result<ossl::SslCtxPtr> build_context(const WebTls& t) {
  auto id = x509::load_identity({t.cert_file.string(), t.key_file.string(), {}, {}}, x509::no_password());
  if (!id) return std::unexpected(id.error());
  if (!id->key) return core::fail(core::ErrorCategory::Usage, "no private key in key_file", t.key_file.string());
  tls::Identity tid;
  tid.chain.emplace_back(id->leaf.der().begin(), id->leaf.der().end());
  for (const auto& c : id->offered) tid.chain.emplace_back(c.der().begin(), c.der().end());
  tid.key = id->key->native();
  tls::ServerContextBuilder b;
  b.identity(std::move(tid)).client_certificate(mode_of(t.client_auth));
  if (t.min_version == TlsLevel::Tls13)
    b.versions(tls::TlsVersion::Tls13);
  else if (t.max_version == TlsLevel::Tls12)
    b.versions(tls::TlsVersion::Tls12);
  if (t.client_ca_file) {
    auto cas = x509::load_file(*t.client_ca_file, x509::no_password());
    if (!cas) return std::unexpected(cas.error());
    if (cas->certificates.empty())
      return core::fail(core::ErrorCategory::Usage, "no certificate in client_ca_file", t.client_ca_file->string());
    std::vector<tls::Der> anchors;
    for (const auto& c : cas->certificates) anchors.emplace_back(c.der().begin(), c.der().end());
    b.client_cas(std::move(anchors));
  }
  auto ctx = b.build();
  if (!ctx) {
    auto e = ctx.error();
    if (e.subject.empty()) e.subject = t.cert_file.string();
    return std::unexpected(e);
  }
  return ctx;
}

core::Result<std::shared_ptr<WebGate::State>> build(const fs::path& file) {
  // Stamped before reading, so that a change while loading is seen next time.
  auto first = server::stamp_files({file.string()});
  auto config = load_web_config(file);
  if (!config) return std::unexpected(config.error());
  auto state = std::make_shared<WebGate::State>();
  state->stamps = server::stamp_files(strings_of(config->files()));
  state->stamps.front() = first.front();
  if (config->tls) {
    auto ctx = build_context(*config->tls);
    if (!ctx) return std::unexpected(ctx.error());
    state->ctx = std::move(*ctx);
    if (config->tls->client_policy) {
      auto p = policy::load(config->tls->client_policy->string());
      if (!p) return std::unexpected(p.error());
      state->policy = std::move(*p);
    }
  }
  state->config = std::move(*config);
  return state;
}

bool san_allowed(const x509::CertFacts& facts, const std::vector<std::string>& allowed) {
  for (const auto& san : facts.sans)
    for (const auto& a : allowed)
      if (san.type != x509::SanType::Other && san.value == a) return true;
  return false;
}

server::HttpAnswer refusal(int status, std::string body) {
  return {status, "text/plain; charset=utf-8", std::move(body) + "\n", {}};
}

std::string summary_of(const WebGate::State& s) {
  std::string out = s.ctx ? "HTTPS" : "plain HTTP";
  if (const auto& t = s.config.tls) {
    out += fmt::format(", client certificates: {}", to_string(t->client_auth));
    if (!t->client_allowed_sans.empty()) out += fmt::format(", {} allowed SANs", t->client_allowed_sans.size());
    if (s.policy) out += fmt::format(", client_policy {}", s.policy->file);
  }
  out += s.config.basic_auth_users.empty() ? ", no basic auth"
                                           : fmt::format(", basic auth ({} users)", s.config.basic_auth_users.size());
  return out;
}

}  // namespace

WebGate::WebGate(fs::path file, Events events, std::shared_ptr<const State> state)
    : m_file(std::move(file)), m_events(std::move(events)), m_state(std::move(state)) {}
WebGate::~WebGate() = default;

core::Result<std::unique_ptr<WebGate>> WebGate::load(const fs::path& file, Events events) {
  auto state = build(file);
  if (!state) return std::unexpected(state.error());
  return std::unique_ptr<WebGate>(new WebGate(file, std::move(events), std::move(*state)));
}

std::shared_ptr<const WebGate::State> WebGate::current() const {
  const std::lock_guard lock(m_mutex);
  return m_state;
}

void WebGate::refresh() {
  const std::lock_guard lock(m_mutex);
  std::vector<std::string> paths;
  for (const auto& s : m_state->stamps) paths.push_back(s.path);
  auto now = server::stamp_files(paths);
  // Unchanged, or as broken as when loading last failed: nothing to read again.
  if (now == m_state->stamps || now == m_failed) return;
  auto next = build(m_file);
  if (!next) {
    // Said once per failure, not on every connection while the files stay as they are.
    m_failed = std::move(now);
    const std::string why = next.error().describe();
    if (why != m_last_failure) {
      ++m_reload_failures;
      m_events(fmt::format("web configuration not reloaded, the one in force is kept: {}", why));
      m_last_failure = why;
    }
    return;
  }
  m_failed.clear();
  m_last_failure.clear();
  m_state = std::move(*next);
  ++m_reloads;
  m_events(fmt::format("web configuration reloaded: {}", summary_of(*m_state)));
}

bool WebGate::tls() const {
  return current()->ctx != nullptr;
}

bool WebGate::basic_auth() const {
  return !current()->config.basic_auth_users.empty();
}

ossl::SslPtr WebGate::accept(int fd) const {
  const auto s = current();
  if (!s->ctx) return {};
  ossl::SslPtr ssl(SSL_new(s->ctx.get()));
  if (!ssl || SSL_set_fd(ssl.get(), fd) != 1) return {};
  SSL_set_accept_state(ssl.get());
  return ssl;
}

std::optional<server::HttpAnswer> WebGate::admit(const wire::HttpRequest& request, SSL* tls, std::string_view peer) {
  const auto s = current();
  const auto& t = s->config.tls;
  if (tls && t && (!t->client_allowed_sans.empty() || s->policy)) {
    const auto chain = tls::read_peer_chain(tls);
    if (chain.der.empty()) {
      count(Refusal::ClientCertificate);
      m_events(fmt::format("refused {}: no client certificate, which client_allowed_sans/client_policy need", peer));
      return refusal(403, "a client certificate is required (client_allowed_sans / client_policy)");
    }
    auto leaf = x509::Certificate::from_der(chain.der.front(), "the client certificate");
    if (!leaf) {
      count(Refusal::ClientCertificate);
      return refusal(403, "the client certificate cannot be read");
    }
    const auto& facts = leaf->facts();
    if (!t->client_allowed_sans.empty() && !san_allowed(facts, t->client_allowed_sans)) {
      count(Refusal::ClientCertificate);
      m_events(fmt::format("refused {}: client certificate {} has none of client_allowed_sans", peer,
                           facts.subject.rfc4514));
      return refusal(403, fmt::format("the client certificate ({}) has none of the allowed subjectAltNames",
                                      facts.subject.rfc4514));
    }
    if (s->policy) {
      const char* sni = SSL_get_servername(tls, TLSEXT_NAMETYPE_host_name);
      policy::Connection conn{server::address_host(peer), sni ? std::optional<std::string>(sni) : std::nullopt,
                              std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())};
      auto input = policy::Input::make(facts, conn);
      if (!input) input = policy::Input::make(facts, {std::nullopt, conn.sni, conn.at});
      if (!input) return refusal(403, "the connection cannot be judged by client_policy");
      const auto decision = policy::decide(*s->policy, *input, policy::Trace::Full);
      if (!decision.allowed()) {
        count(Refusal::ClientCertificate);
        const std::string who = policy::decider_label(*s->policy, decision);
        m_events(fmt::format("refused {}: client_policy {} denies {}", peer, who, facts.subject.rfc4514));
        std::string body =
            fmt::format("client_policy: {} denies the client certificate {}", who, facts.subject.rfc4514);
        for (const auto& miss : decision.near_misses)
          body += fmt::format("\n{}", policy::near_miss_text(*s->policy, miss));
        return refusal(403, std::move(body));
      }
    }
  }
  if (s->config.basic_auth_users.empty()) return std::nullopt;
  server::HttpAnswer challenge = refusal(401, "authentication required (basic auth)");
  challenge.headers.emplace_back("WWW-Authenticate", "Basic realm=\"mtls-doctor\", charset=\"UTF-8\"");
  const std::string* header = request.header("Authorization");
  const auto credentials = header ? basic_credentials(*header) : std::nullopt;
  if (!credentials) {
    count(Refusal::BasicAuth);
    return challenge;
  }
  const auto& [user, password] = *credentials;
  const std::string* hash = nullptr;
  for (const auto& [u, h] : s->config.basic_auth_users)
    if (u == user) hash = &h;
  const std::string key = digest(user, hash ? *hash : kDecoyHash, password);
  {
    const std::lock_guard lock(s->verified_mutex);
    if (hash && s->verified.contains(key)) return std::nullopt;
  }
  const bool ok = bcrypt_matches(password, hash ? *hash : kDecoyHash) && hash != nullptr;
  if (!ok) {
    count(Refusal::BasicAuth);
    // The user name is the client's: the events escape it. The password is never written.
    m_events(
        fmt::format("refused {}: basic auth: {} for user '{}'", peer, hash ? "wrong password" : "no such user", user));
    return challenge;
  }
  const std::lock_guard lock(s->verified_mutex);
  if (s->verified.size() >= kVerifiedMax) s->verified.clear();
  s->verified.insert(key);
  return std::nullopt;
}

void WebGate::decorate(server::HttpAnswer& answer) const {
  const auto s = current();
  for (const auto& h : s->config.headers) answer.headers.push_back(h);
}

std::string WebGate::summary() const {
  return summary_of(*current());
}

}  // namespace mtlsdoctor::exporter::detail
