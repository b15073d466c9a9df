// exporter-toolkit's web configuration → WebConfig. Every error names file:line:column.
#include "mtlsdoctor/exporter/web_config.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <array>

#include "mtlsdoctor/core/text_file.h"
#include "mtlsdoctor/policy/yaml_reader.h"

namespace mtlsdoctor::exporter {

namespace fs = std::filesystem;

std::string_view to_string(ClientAuth a) noexcept {
  switch (a) {
    case ClientAuth::NoClientCert: return "NoClientCert";
    case ClientAuth::RequestClientCert: return "RequestClientCert";
    case ClientAuth::RequireAnyClientCert: return "RequireAnyClientCert";
    case ClientAuth::VerifyClientCertIfGiven: return "VerifyClientCertIfGiven";
    case ClientAuth::RequireAndVerifyClientCert: return "RequireAndVerifyClientCert";
  }
  return "NoClientCert";
}

std::vector<fs::path> WebConfig::files() const {
  std::vector<fs::path> out{file};
  if (tls) {
    out.push_back(tls->cert_file);
    out.push_back(tls->key_file);
    if (tls->client_ca_file) out.push_back(*tls->client_ca_file);
    if (tls->client_policy) out.push_back(*tls->client_policy);
  }
  return out;
}

namespace {

// The policy file's YAML reader, for the same file:line:column errors.
using namespace policy::yaml;

constexpr std::array kClientAuth{ClientAuth::NoClientCert, ClientAuth::RequestClientCert,
                                 ClientAuth::RequireAnyClientCert, ClientAuth::VerifyClientCertIfGiven,
                                 ClientAuth::RequireAndVerifyClientCert};

// Response headers exporter-toolkit lets a web configuration set.
constexpr std::array<std::string_view, 5> kHeaders{"Strict-Transport-Security", "X-Content-Type-Options",
                                                   "X-Frame-Options", "X-XSS-Protection", "Content-Security-Policy"};

// A key of the format that mtls-doctor does not honour: refused, so that nobody believes it holds.
Field unsupported(std::string_view key, std::string_view why) {
  return {key, [why](const Entry& e) -> Parsed<void> {
            return fail(e.key_at, fmt::format("'{}' is not supported by mtls-doctor: {}", e.key, why));
          }};
}

Parsed<std::vector<std::string>> strings(const Entry& e) {
  std::vector<std::string> out;
  if (!e.value.IsSequence()) return fail(at(e.value), fmt::format("'{}' must be a list of strings", e.key));
  for (const auto& item : e.value) {
    if (!item.IsScalar() || item.Scalar().empty())
      return fail(at(item), fmt::format("'{}': each entry must be a non-empty string", e.key));
    out.push_back(item.Scalar());
  }
  return out;
}

// A string value safe to write into an HTTP header field: printable ASCII, no CR or LF.
bool field_value_ok(std::string_view v) {
  for (const unsigned char c : v)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

class Reader {
 public:
  explicit Reader(fs::path base) : m_base(std::move(base)) {}

  Parsed<WebConfig> read(const YAML::Node& root) const {
    WebConfig c;
    if (root.IsNull()) return c;  // an empty file: plain HTTP, no authentication
    std::optional<WebTls> tls;
    std::vector<std::pair<std::string, std::string>> headers, users;
    auto ok = read_fields(root, "the web configuration",
                          {field("tls_server_config", tls, [this](const Entry& e) { return read_tls(e); }),
                           field("http_server_config", headers, [](const Entry& e) { return read_http(e); }),
                           field("basic_auth_users", users, [](const Entry& e) { return read_users(e); })});
    if (!ok) return std::unexpected(ok.error());
    c.tls = std::move(tls);
    c.headers = std::move(headers);
    c.basic_auth_users = std::move(users);
    return c;
  }

 private:
  fs::path resolve(const std::string& s) const {
    const fs::path p(s);
    return p.is_absolute() || m_base.empty() ? p : m_base / p;
  }
  auto as_path() const {
    return [this](const Entry& e) -> Parsed<fs::path> {
      auto s = scalar(e);
      if (!s) return std::unexpected(s.error());
      return resolve(*s);
    };
  }

  static Parsed<TlsLevel> version(const Entry& e) {
    auto s = scalar(e);
    if (!s) return std::unexpected(s.error());
    if (*s == "TLS12") return TlsLevel::Tls12;
    if (*s == "TLS13") return TlsLevel::Tls13;
    if (*s == "TLS10" || *s == "TLS11")
      return fail(at(e.value), fmt::format("'{}': {} is not supported by mtls-doctor (TLS12 or TLS13)", e.key, *s));
    return fail(at(e.value), fmt::format("'{}': '{}' is not a TLS version (TLS12 or TLS13)", e.key, *s));
  }

  static Parsed<ClientAuth> client_auth(const Entry& e) {
    auto s = scalar(e);
    if (!s) return std::unexpected(s.error());
    std::string known;
    for (const auto a : kClientAuth) {
      if (*s == to_string(a)) return a;
      known += fmt::format("{}{}", known.empty() ? "" : ", ", to_string(a));
    }
    return fail(at(e.value), fmt::format("'client_auth_type': '{}' is not one of {}", *s, known));
  }

  Parsed<WebTls> read_tls(const Entry& e) const {
    WebTls t;
    std::optional<fs::path> cert, key;
    const char* const ciphers = "OpenSSL's defaults at security level 2 are used";
    auto ok = read_fields(
        e.value, "tls_server_config",
        {field("cert_file", cert, as_path()), field("key_file", key, as_path()),
         field("client_auth_type", t.client_auth, client_auth), field("client_ca_file", t.client_ca_file, as_path()),
         field("client_allowed_sans", t.client_allowed_sans, strings),
         field("client_policy", t.client_policy, as_path()), field("min_version", t.min_version, version),
         field("max_version", t.max_version, version), unsupported("cipher_suites", ciphers),
         unsupported("curve_preferences", ciphers), unsupported("prefer_server_cipher_suites", ciphers),
         unsupported("cert", "give the certificate as a file (cert_file)"),
         unsupported("key", "give the key as a file (key_file)")});
    if (!ok) return std::unexpected(ok.error());
    if (!cert || !key)
      return fail(at(e.value), "tls_server_config needs cert_file and key_file (the exporter's certificate and key)");
    t.cert_file = std::move(*cert);
    t.key_file = std::move(*key);
    if (t.min_version == TlsLevel::Tls13 && t.max_version == TlsLevel::Tls12)
      return fail(at(e.value), "tls_server_config: min_version TLS13 is above max_version TLS12");
    const bool verifies =
        t.client_auth == ClientAuth::VerifyClientCertIfGiven || t.client_auth == ClientAuth::RequireAndVerifyClientCert;
    if (verifies && !t.client_ca_file)
      return fail(at(e.value),
                  fmt::format("client_auth_type {} needs client_ca_file (the CAs client certificates must chain to)",
                              to_string(t.client_auth)));
    if (!verifies && t.client_ca_file)
      return fail(at(e.value), fmt::format("client_ca_file is given but client_auth_type {} does not verify client "
                                           "certificates (use RequireAndVerifyClientCert or VerifyClientCertIfGiven)",
                                           to_string(t.client_auth)));
    if (t.client_auth == ClientAuth::NoClientCert && (!t.client_allowed_sans.empty() || t.client_policy))
      return fail(at(e.value),
                  "client_allowed_sans and client_policy judge client certificates, but client_auth_type "
                  "NoClientCert does not ask for one");
    return t;
  }

  static Parsed<std::vector<std::pair<std::string, std::string>>> read_http(const Entry& e) {
    std::vector<std::pair<std::string, std::string>> headers;
    std::optional<bool> http2;
    auto ok = read_fields(
        e.value, "http_server_config",
        {field("http2", http2,
               [](const Entry& x) -> Parsed<bool> {
                 auto s = scalar(x);
                 if (!s) return std::unexpected(s.error());
                 if (*s == "true" || *s == "false") return *s == "true";
                 return fail(at(x.value), fmt::format("'http2': '{}' is not true or false", *s));
               }),
         field("headers", headers, [](const Entry& x) -> Parsed<std::vector<std::pair<std::string, std::string>>> {
           auto items = policy::yaml::entries(x.value, "headers");
           if (!items) return std::unexpected(items.error());
           std::vector<std::pair<std::string, std::string>> out;
           for (const auto& h : *items) {
             bool known = false;
             for (const auto k : kHeaders) known = known || k == h.key;
             if (!known)
               return fail(h.key_at, fmt::format("header '{}' cannot be set here (exporter-toolkit allows: {})", h.key,
                                                 fmt::join(kHeaders, ", ")));
             auto v = scalar(h);
             if (!v) return std::unexpected(v.error());
             if (!field_value_ok(*v))
               return fail(at(h.value), fmt::format("header '{}': only printable ASCII characters", h.key));
             out.emplace_back(h.key, *v);
           }
           return out;
         })});
    if (!ok) return std::unexpected(ok.error());
    return headers;  // http2: HTTP/1.1 is what is served either way (no h2 in ALPN)
  }

  static Parsed<std::vector<std::pair<std::string, std::string>>> read_users(const Entry& e) {
    auto items = policy::yaml::entries(e.value, "basic_auth_users");
    if (!items) return std::unexpected(items.error());
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& u : *items) {
      if (u.key.empty() || u.key.find(':') != std::string::npos || !field_value_ok(u.key))
        return fail(u.key_at, "basic_auth_users: a user name is printable ASCII without ':'");
      auto hash = scalar(u);
      if (!hash) return std::unexpected(hash.error());
      // bcrypt only, as exporter-toolkit: "$2a$", "$2b$" or "$2y$", a cost, 53 characters of salt and hash.
      const std::string& h = *hash;
      const bool bcrypt = h.size() == 60 && h[0] == '$' && h[1] == '2' && (h[2] == 'a' || h[2] == 'b' || h[2] == 'y') &&
                          h[3] == '$' && h[6] == '$';
      // The value is never echoed: it is a password hash, and may be a password typed by mistake.
      if (!bcrypt)
        return fail(at(u.value), fmt::format("basic_auth_users: the value for '{}' is not a bcrypt hash ($2y$…, 60 "
                                             "characters; htpasswd -nBC 10 \"\" | tr -d ':\\n' makes one)",
                                             u.key));
      out.emplace_back(u.key, h);
    }
    return out;
  }

  fs::path m_base;
};

}  // namespace

core::Result<WebConfig> parse_web_config(std::string_view yaml, std::string_view file, const fs::path& base) {
  auto c = policy::yaml::read_document<WebConfig>(yaml, file,
                                                  [&base](const YAML::Node& root) { return Reader(base).read(root); });
  if (c) c->file = fs::path(file);
  return c;
}

core::Result<WebConfig> load_web_config(const fs::path& path) {
  auto text = core::read_text_file(path.string(), "web configuration", 1u << 20);
  if (!text) return std::unexpected(text.error());
  return parse_web_config(*text, path.string(), path.parent_path());
}

}  // namespace mtlsdoctor::exporter
