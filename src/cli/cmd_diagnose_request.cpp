#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "cmd_diagnose.h"
#include "mtlsdoctor/policy/test_run.h"
#include "mtlsdoctor/servercfg/audit.h"
#include "mtlsdoctor/wire/http.h"

namespace mtlsdoctor::cli {
namespace {

// --alpn h2,http/1.1: RFC 7301 §3.1 protocol names of 1 to 255 bytes; printable ones here.
core::Result<std::vector<std::string>> alpn_list(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto comma = list.find(',', start);
    const std::string name = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const bool printable = std::all_of(name.begin(), name.end(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (name.empty() || name.size() > 255 || !printable)
      return core::fail(
          core::ErrorCategory::Usage,
          fmt::format("--alpn: '{}' is not a protocol name (comma-separated, e.g. h2,http/1.1)", wire::preview(name)));
    out.push_back(name);
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

}  // namespace

std::expected<diagnose::Request, core::Error> request_from(const DiagnoseArgs& args) {
  const auto usage = [](std::string m) {
    return std::unexpected(core::Error{core::ErrorCategory::Usage, std::move(m), {}, {}});
  };
  if (args.tls12 && args.tls13) return usage("--tls1.2 and --tls1.3 exclude each other");
  if (!args.cert.empty() && !args.p12.empty()) return usage("give --cert or --p12, not both");
  if (args.cert.empty() && args.p12.empty() && (!args.key.empty() || !args.chain.empty()))
    return usage("--key and --chain go with --cert: give the certificate too");
  if (args.seclevel < 0 || args.seclevel > 5) return usage("--seclevel must be 0 to 5");
  // NaN fails both comparisons; an hour per phase is already more than any server takes.
  if (!(args.timeout > 0 && args.timeout <= 3600))
    return usage("--timeout must be more than 0 and at most 3600 seconds");
  if (args.concurrency < 1) return usage("--concurrency must be 1 or more");
  if (args.try_best < 1) return usage("--try must be 1 or more");
  if (unsigned char ip[16]; !args.source_address.empty() && inet_pton(AF_INET, args.source_address.c_str(), ip) != 1 &&
                            inet_pton(AF_INET6, args.source_address.c_str(), ip) != 1)
    return usage(fmt::format("--source-address {}: not an IP address", args.source_address));
  diagnose::Request r;
  auto& o = r.options;
  if (!args.alpn.empty()) {
    auto alpn = alpn_list(args.alpn);
    if (!alpn) return std::unexpected(alpn.error());
    o.alpn = std::move(*alpn);
  }
  o.post_handshake_auth = args.post_handshake_auth;
  auto method = wire::parse_method(args.request_method);
  if (!method) return std::unexpected(method.error());
  o.http_method = std::move(*method);
  for (const auto& h : args.headers) {
    auto header = wire::parse_header_field(h);
    if (!header) return std::unexpected(header.error());
    o.http_headers.push_back(std::move(*header));
  }
  // As curl: the lower-case variables first; --proxy and --noproxy over both.
  const auto env = [](const char* lower, const char* upper) -> std::string {
    const char* v = std::getenv(lower);
    if (!v || !*v) v = std::getenv(upper);
    return v ? v : "";
  };
  // As curl for an https:// URL: the scheme's own variable, then ALL_PROXY.
  const std::string https_env = env("https_proxy", "HTTPS_PROXY");
  const std::string proxy_url = !args.proxy.empty()  ? args.proxy
                                : !https_env.empty() ? https_env
                                                     : env("all_proxy", "ALL_PROXY");
  if (!proxy_url.empty()) {
    auto proxy = probe::parse_proxy_url(proxy_url);
    if (!proxy) {
      proxy.error().message.insert(0, !args.proxy.empty()  ? "--proxy: "
                                      : !https_env.empty() ? "the proxy of https_proxy or HTTPS_PROXY: "
                                                           : "the proxy of all_proxy or ALL_PROXY: ");
      return std::unexpected(proxy.error());
    }
    proxy->cacert = args.proxy_cacert;
    o.proxy = std::move(*proxy);
    r.no_proxy = args.noproxy ? *args.noproxy : env("no_proxy", "NO_PROXY");
  }
  if (args.no_request && (!args.headers.empty() || args.request_method != "GET"))
    return usage("--request-method and --header shape the request that --no-request does not send");
  if (!args.cert.empty() || !args.p12.empty())
    r.identity = x509::IdentityFiles{args.cert, args.key, args.chain, args.p12};
  r.cacert = args.cacert;
  r.crl = args.crl;
  r.issuers = args.issuers;
  r.search_system_store = true;
  r.fetch_issuers = !args.no_fetch;
  r.servername = args.servername;
  r.no_request = args.no_request;
  if (!args.connect_to.empty()) {
    auto to = probe::parse_host_port(args.connect_to);
    if (!to) return std::unexpected(to.error());
    o.connect_to = *to;
  }
  o.servername = args.servername;
  o.source_address = args.source_address;
  o.version = args.tls12 ? probe::TlsVersion::Tls12 : args.tls13 ? probe::TlsVersion::Tls13 : probe::TlsVersion::Any;
  o.security_level = args.seclevel;
  o.timeout = std::chrono::milliseconds{static_cast<long>(args.timeout * 1000)};
  o.starttls = args.starttls == "postgres" ? probe::StartTls::Postgres
               : args.starttls == "smtp"   ? probe::StartTls::Smtp
                                           : probe::StartTls::None;
  o.application = args.no_request ? probe::Application::None : probe::first_exchange(o.starttls);
  o.pg_user = args.pg_user;
  o.pg_database = args.pg_database;
  return r;
}

std::expected<void, core::Error> apply_policy(const DiagnoseArgs& args, const diagnose::Prepared& prepared,
                                              core::Report& report, core::TimePoint now) {
  if (args.policy.empty() || !prepared.identity) return {};
  auto parsed = policy::load(args.policy);
  if (!parsed) return std::unexpected(parsed.error());
  policy::Connection connection{std::nullopt, std::nullopt, now};
  if (!args.source_address.empty()) connection.source = args.source_address;
  if (!prepared.servername.empty()) connection.sni = prepared.servername;
  auto input = policy::Input::make(prepared.identity->leaf.facts(), connection);
  if (!input) return std::unexpected(input.error());
  policy::annotate(report, *parsed, policy::decide(*parsed, *input));
  return {};
}

std::expected<void, core::Error> apply_server_config(const DiagnoseArgs& args, const diagnose::Prepared& prepared,
                                                     core::Report& report, core::TimePoint now) {
  if (args.server_config.empty() || !prepared.identity) return {};
  servercfg::AuditRequest r{args.server_config,
                            std::nullopt,
                            std::nullopt,
                            "/",
                            {args.cert, args.key, args.chain, args.p12},
                            now,
                            servercfg::parse_server_type(args.server_type)};
  if (!prepared.servername.empty()) r.server_name = prepared.servername;
  if (!args.source_address.empty()) r.source = args.source_address;
  auto audit = servercfg::audit_server_config(r, make_password_provider(args.password));
  if (!audit) return std::unexpected(audit.error().error);
  servercfg::annotate(report, *audit);
  return {};
}

}  // namespace mtlsdoctor::cli
