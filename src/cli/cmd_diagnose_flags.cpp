// The flags of `diagnose`, registered on its command (cmd_diagnose.cpp runs it).
#include "cmd_diagnose.h"
#include "commands.h"

namespace mtlsdoctor::cli {

void add_diagnose_flags(CLI::App& cmd_ref, DiagnoseArgs& args) {
  CLI::App* cmd = &cmd_ref;
  cmd->add_option(
      "target", args.target,
      "host[:port] (443 by default), [v6addr]:port, https://host[:port]/path, postgres://[user@]host[:port][/db] or "
      "smtp://host[:port]");
  cmd->add_option("--targets", args.targets_file,
                  "a file of targets (- for stdin), one per line (# comments): JSON lines out");
  cmd->add_option("--identities", args.identities,
                  "files or directories of certificates+keys (PEM/DER/PKCS#12): rank which the server would accept");
  cmd->add_option("--try", args.try_best, "with --identities: try this many of the best live")->capture_default_str();
  cmd->add_option("--policy", args.policy, "read an access denial against this policy: the rule that denies")
      ->check(CLI::ExistingFile);
  cmd->add_option("--server-config", args.server_config,
                  "read the verdict against this nginx, Apache httpd or HAProxy configuration: the line that refuses")
      ->check(CLI::ExistingFile);
  cmd->add_option("--server-type", args.server_type, "with --server-config: nginx, apache or haproxy")
      ->check(CLI::IsMember({"nginx", "apache", "haproxy"}));
  cmd->add_option("--concurrency", args.concurrency, "probes in flight at once with --targets")->capture_default_str();
  cmd->add_option("--cert", args.cert, "client certificate (may hold the chain and key)");
  cmd->add_option("--key", args.key, "client private key");
  cmd->add_option("--chain", args.chain, "intermediates to send with the certificate");
  cmd->add_option("--p12", args.p12, "PKCS#12 client identity");
  cmd->add_option("--cacert", args.cacert, "CAs to verify the server with (default: the system bundle)");
  cmd->add_option("--crl", args.crl, "CRLs to check the client certificate against (repeatable)");
  cmd->add_option("--issuers", args.issuers,
                  "files or directories of other CA certificates you hold (not sent): searched, with the system "
                  "trust store, for the issuer of a certificate sent without it");
  cmd->add_flag("--no-fetch,--offline", args.no_fetch,
                "never download the issuer's certificate from the address in your certificate (AIA caIssuers, "
                "http:// only)");
  cmd->add_option("--servername", args.servername, "SNI and the name the server certificate must hold");
  cmd->add_option("--connect-to", args.connect_to, "connect to HOST:PORT instead, keeping TARGET's name");
  cmd->add_option("--source-address", args.source_address, "local address to connect from");
  cmd->add_flag("--tls1.2", args.tls12, "TLS 1.2 only");
  cmd->add_flag("--tls1.3", args.tls13, "TLS 1.3 only");
  cmd->add_option("--seclevel", args.seclevel, "OpenSSL security level of the client")->capture_default_str();
  cmd->add_option("--timeout", args.timeout, "seconds allowed for each phase (connect, handshake, answer)")
      ->capture_default_str();
  cmd->add_flag("--no-request", args.no_request,
                "send nothing after the handshake (no HTTP request, no STARTTLS protocol exchange)");
  cmd->add_option("--starttls", args.starttls,
                  "speak this protocol before TLS and as the first exchange after it: postgres (SSLRequest, then a "
                  "StartupMessage) or smtp (EHLO, STARTTLS, then EHLO again)")
      ->check(CLI::IsMember({"postgres", "smtp"}));
  cmd->add_option("--pg-user", args.pg_user, "with --starttls postgres: the user the StartupMessage logs in as")
      ->capture_default_str();
  cmd->add_option("--pg-database", args.pg_database,
                  "with --starttls postgres: the database (default: the user's name)");
  cmd->add_option("--alpn", args.alpn, "offer these ALPN protocols, comma-separated (e.g. h2,http/1.1)");
  cmd->add_flag("--post-handshake-auth", args.post_handshake_auth,
                "offer TLS 1.3 post-handshake authentication, as curl does (browsers, Go and Java do not): a server "
                "that asks for the certificate only after the handshake (Apache's SSLVerifyClient in a <Location>) "
                "then judges it");
  cmd->add_option("--request-method", args.request_method, "the HTTP request's method")->capture_default_str();
  cmd->add_option("--header", args.headers, "add 'Name: value' to the HTTP request (repeatable)");
  cmd->add_option("--proxy", args.proxy,
                  "tunnel through this proxy: [SCHEME://][USER:PASSWORD@]HOST[:PORT], SCHEME http (CONNECT, the "
                  "default), https (TLS to the proxy, then CONNECT), socks5 or socks5h (SOCKS5; h: the proxy resolves "
                  "the name); port 1080, https 443 (default: https_proxy, HTTPS_PROXY, all_proxy or ALL_PROXY)");
  cmd->add_option("--proxy-cacert", args.proxy_cacert,
                  "with an https:// proxy: the CA file that verifies its certificate (default: the system's)");
  cmd->add_option("--noproxy", args.noproxy,
                  "hosts reached without the proxy, comma-separated ('*': all; default: NO_PROXY or no_proxy)");
  cmd->add_option("--save-chain", args.save_chain, "write the server's certificate chain, as sent, to FILE (PEM)");
}

}  // namespace mtlsdoctor::cli
