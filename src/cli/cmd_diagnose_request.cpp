#include <arpa/inet.h>
#include <fmt/format.h>

#include "cmd_diagnose.h"
#include "mtlsdoctor/policy/test_run.h"
#include "mtlsdoctor/servercfg/audit.h"

namespace mtlsdoctor::cli {

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
  if (!args.cert.empty() || !args.p12.empty())
    r.identity = x509::IdentityFiles{args.cert, args.key, args.chain, args.p12};
  r.cacert = args.cacert;
  r.crl = args.crl;
  r.servername = args.servername;
  r.no_request = args.no_request;
  auto& o = r.options;
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
