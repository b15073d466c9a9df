// Where diagnose looks for the issuer of a leaf sent without it (docs/diagnose.md, "A leaf sent
// without its issuer"): the user's other certificates (--issuers), this machine's trust store
// (OpenSSL's default paths, pointed at a test directory with SSL_CERT_FILE and SSL_CERT_DIR as
// OpenSSL honours them; the real store is never read here), and the certificate behind the
// leaf's AIA caIssuers URL, served by python3's http.server on loopback. The server is a live
// `openssl s_server -Verify` that trusts one root and names it; the PKI is made by the openssl CLI.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "live_lab.h"
#include "mtlsdoctor/diagnose/issuer_fetch.h"
#include "openssl_pki.h"
#include "peers.h"
#include "support/run.h"

namespace mtlsdoctor::testsupport {
namespace {

const std::string& kCa = kCaExtensions;
const std::string& kLeaf = kClientLeafExtensions;

// python3's http.server serving its directory, plus redirects: /once to the Acme issuing CA, /loop
// to itself, /away to an https:// URL; and /pair/FILE, answered only once two such requests are
// in (each waits up to 3 s for the other, then gets 503): two downloads at the same time. Every
// request line is appended to ../requests.log.
const std::string kAiaServer = R"(import http.server, sys, threading
pair = threading.Barrier(2)
logged = threading.Lock()
class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        with logged, open('../requests.log', 'a') as log:
            log.write(self.requestline + '\n')
    def do_GET(self):
        if self.path.startswith('/pair/'):
            try:
                pair.wait(timeout=3)
            except threading.BrokenBarrierError:
                pair.reset()
                self.send_error(503)
                return
            self.path = self.path[len('/pair'):]
            return super().do_GET()
        target = {'/once': '/acme-int.der', '/loop': '/loop', '/away': 'https://127.0.0.1/acme-int.der'}.get(self.path)
        if target is None:
            return super().do_GET()
        self.send_response(302)
        self.send_header('Location', target)
        self.end_headers()
http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), Handler).serve_forever()
)";

// Acme (the server's CA: it names Acme Root) and Public Trust (a public CA, in the test's
// "system" store), each root → issuing CA → leaf; the AIA leaves point at the python server, which
// serves the directory aia/, or at a server that accepts and never answers.
struct Pki : OpensslPki {
  std::uint16_t http_port = closed_port();
  HostileServer silent{Hostility::Silent};
  std::unique_ptr<ServerProcess> http;
  std::unique_ptr<ServerProcess> server;

  Pki() : OpensslPki("mtlsd-issuer-search") {
    root("acme-root", "/O=Acme Corp/CN=Acme Root");
    root("public-root", "/O=Public Trust/CN=Public Trust Root");
    root("server-ca", "/CN=Server CA");
    issue("acme-int", "/O=Acme Corp/CN=Acme Issuing CA", "acme-root", kCa);
    issue("public-int", "/O=Public Trust/CN=Public Trust Issuing CA", "public-root", kCa + aia("public-root.der"));
    issue("acme-leaf", "/O=Acme Corp/CN=acme-client", "acme-int", kLeaf);
    issue("public-leaf", "/O=Public Trust/CN=public-client", "public-int", kLeaf);
    issue("server", "/CN=localhost", "server-ca", "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    // The issuer served (DER), the foreign issuer (whose own AIA leads to its root), nothing there
    // (404), garbage, and a server that never answers.
    issue("aia-acme-leaf", "/O=Acme Corp/CN=aia-client", "acme-int", kLeaf + aia("acme-int.der"));
    issue("aia-public-leaf", "/CN=aia-public-client", "public-int", kLeaf + aia("public-int.cer"));
    issue("aia-missing-leaf", "/CN=aia-missing", "acme-int", kLeaf + aia("nothing-here.der"));
    issue("aia-garbage-leaf", "/CN=aia-garbage", "acme-int", kLeaf + aia("garbage.der"));
    // An impostor: the Acme issuing CA's name and key identifier, another key (issued by the same
    // root), served where an AIA leaf points.
    const auto ski = run_program("openssl", {"x509", "-in", "acme-int.pem", "-noout", "-ext", "subjectKeyIdentifier"},
                                 {.cwd = dir.path()});
    const auto hex = ski.out.substr(ski.out.find('\n') + 1);
    issue("impostor", "/O=Acme Corp/CN=Acme Issuing CA", "acme-root",
          "basicConstraints=critical,CA:true\nsubjectKeyIdentifier=" + hex.substr(hex.find_first_not_of(' ')));
    issue("aia-impostor-leaf", "/CN=aia-impostor", "acme-int", kLeaf + aia("impostor.der"));
    issue("aia-silent-leaf", "/CN=aia-silent", "acme-int",
          kLeaf + "authorityInfoAccess=caIssuers;URI:http://127.0.0.1:" + std::to_string(silent.port()) + "/i.der\n");
    std::filesystem::create_directories(dir / "aia");
    openssl({"x509", "-in", "acme-int.pem", "-outform", "DER", "-out", "aia/acme-int.der"});
    openssl({"x509", "-in", "public-int.pem", "-outform", "DER", "-out", "aia/public-int.cer"});
    openssl({"x509", "-in", "public-root.pem", "-outform", "DER", "-out", "aia/public-root.der"});
    openssl({"x509", "-in", "impostor.pem", "-outform", "DER", "-out", "aia/impostor.der"});
    write_file(dir / "aia/garbage.der", std::string(3000, '\x30'));
    // The test's "system" stores: the public issuing CA in a hashed directory (openssl rehash),
    // its root in a bundle file, and empty ones. The user's other certificates: mine/.
    for (const char* d : {"store-dir", "empty-dir", "mine"}) std::filesystem::create_directories(dir / d);
    std::filesystem::copy_file(dir / "public-int.pem", dir / "store-dir/public-int.pem");
    openssl({"rehash", "store-dir"});
    write_file(dir / "empty.pem", "");
    std::filesystem::copy_file(dir / "acme-int.pem", dir / "mine/acme-int.pem");
    std::filesystem::copy_file(dir / "public-root.pem", dir / "mine/public-root.pem");

    write_file(dir / "aia-server.py", kAiaServer);
    http = std::make_unique<ServerProcess>(
        "python3", std::vector<std::string>{"../aia-server.py", std::to_string(http_port)}, dir / "aia", http_port);
    server = std::make_unique<ServerProcess>(
        "openssl",
        std::vector<std::string>{"s_server", "-accept", "127.0.0.1:0", "-cert", "server.pem", "-key", "server.key",
                                 "-CAfile", "acme-root.pem", "-Verify", "3", "-verify_return_error", "-www", "-naccept",
                                 "1000", "-tls1_2"},
        dir.path());
  }
  [[nodiscard]] std::string aia(const std::string& file) const {
    return "authorityInfoAccess=caIssuers;URI:http://127.0.0.1:" + std::to_string(http_port) + "/" + file + "\n";
  }
};

Pki& pki() {
  static Pki instance;
  return instance;
}

// The test's "system" trust store: a bundle file and a hashed directory (relative to the PKI).
struct Store {
  std::string file = "empty.pem";
  std::string dir = "empty-dir";
};

struct Run {
  nlohmann::json verdict;
  nlohmann::json finding;  // the verdict's own finding
  nlohmann::json issuer;   // its evidence.issuer_evidence
  std::string raw;
};

// diagnose with `leaf` alone (its key, no chain) against the s_server, trusting the server's CA.
Run diagnose_leaf(const std::string& leaf, const Store& store, const std::vector<std::string>& extra = {}) {
  auto& p = pki();
  EXPECT_TRUE(p.server->ok()) << p.server->output();
  EXPECT_TRUE(p.http->ok()) << p.http->output();
  std::vector<std::string> args{"diagnose",     "127.0.0.1:" + std::to_string(p.server->port()),
                                "--format",     "json",
                                "--timeout",    "3",
                                "--cacert",     "server-ca.pem",
                                "--servername", "localhost",
                                "--cert",       leaf + ".pem",
                                "--key",        leaf + ".key"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = run_program(
      kBinary, args,
      {.env = {{"SSL_CERT_FILE", (p.dir / store.file).string()}, {"SSL_CERT_DIR", (p.dir / store.dir).string()}},
       .cwd = p.dir.path(),
       .timeout = std::chrono::seconds(30)});
  Run out;
  out.raw = r.describe();
  EXPECT_EQ(r.exit_code, 1) << out.raw;  // a refusal, judged: never a crash or a hang
  const auto j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_TRUE(j.is_object()) << out.raw;
  if (!j.is_object()) return out;
  out.verdict = j["verdict"];
  for (const auto& f : j["findings"]) {
    if (f["id"] == out.verdict["cause"]) {
      out.finding = f;
      break;
    }
  }
  out.issuer = out.finding["evidence"]["issuer_evidence"];
  out.raw += "\n" + j.dump(2);
  return out;
}

int score(const Run& r, const std::string& cause) {
  return r.issuer[cause]["score"].get<int>();
}

// --issuers: the intermediate is among the user's other files, and it leads to the root the server
// names: the missing intermediate is proven. Without it, only the shared organisation speaks.
TEST(IssuerSearch, TheIssuerAmongYourOtherCertificatesProvesTheMissingIntermediate) {
  const auto without = diagnose_leaf("acme-leaf", {}, {"--no-fetch"});
  EXPECT_EQ(without.verdict["cause"], "client-chain-incomplete") << without.raw;
  EXPECT_EQ(without.verdict["confidence"], "possible") << without.raw;
  EXPECT_FALSE(without.issuer.contains("issuer_found")) << without.raw;

  const auto with = diagnose_leaf("acme-leaf", {}, {"--no-fetch", "--issuers", "mine"});
  EXPECT_EQ(with.verdict["rejected_by"], "server") << with.raw;
  EXPECT_EQ(with.verdict["cause"], "client-chain-incomplete") << with.raw;
  EXPECT_EQ(with.verdict["confidence"], "certain") << with.raw;
  EXPECT_EQ(with.issuer["issuer_found"]["origin"], "held") << with.raw;
  EXPECT_EQ(with.issuer["issuer_found"]["path"][0], "CN=Acme Issuing CA,O=Acme Corp") << with.raw;
  EXPECT_NE(with.issuer["issuer_found"]["source"].get<std::string>().find("mine/acme-int.pem"), std::string::npos)
      << with.raw;
  EXPECT_NE(with.finding["fix"][0].get<std::string>().find("mine/acme-int.pem"), std::string::npos) << with.raw;
  EXPECT_EQ(score(with, "client-chain-incomplete"), 4) << with.raw;  // the path (3), the organisation (1)
  EXPECT_EQ(score(with, "client-cert-untrusted-issuer"), 0) << with.raw;
}

// The leaf's issuer is a public CA of this machine's store, whose path ends at a root the server
// does not name: a foreign CA, proven.
TEST(IssuerSearch, APublicCaOfTheSystemStoreThatTheServerDoesNotNameIsAnUntrustedIssuer) {
  const auto none = diagnose_leaf("public-leaf", {}, {"--no-fetch"});
  EXPECT_EQ(none.verdict["cause"], "client-cert-untrusted-issuer") << none.raw;
  EXPECT_EQ(none.verdict["confidence"], "possible") << none.raw;  // the organisation alone
  EXPECT_FALSE(none.issuer.contains("issuer_found")) << none.raw;

  const auto found = diagnose_leaf("public-leaf", {"public-root.pem", "store-dir"}, {"--no-fetch"});
  EXPECT_EQ(found.verdict["cause"], "client-cert-untrusted-issuer") << found.raw;
  EXPECT_EQ(found.verdict["confidence"], "certain") << found.raw;
  EXPECT_EQ(found.issuer["issuer_found"]["origin"], "system-store") << found.raw;
  EXPECT_EQ(found.issuer["issuer_found"]["path"].size(), 2u) << found.raw;
  EXPECT_EQ(score(found, "client-cert-untrusted-issuer"), 4) << found.raw;
  EXPECT_EQ(score(found, "client-chain-incomplete"), 0) << found.raw;

  // Only the issuing CA is in the store (its root is not): a public CA the server does not name,
  // weighed 2, short of proof.
  const auto intermediate = diagnose_leaf("public-leaf", {"empty.pem", "store-dir"}, {"--no-fetch"});
  EXPECT_EQ(intermediate.verdict["cause"], "client-cert-untrusted-issuer") << intermediate.raw;
  EXPECT_EQ(intermediate.verdict["confidence"], "likely") << intermediate.raw;
  EXPECT_EQ(intermediate.issuer["issuer_found"]["origin"], "system-store") << intermediate.raw;
  EXPECT_EQ(score(intermediate, "client-cert-untrusted-issuer"), 3) << intermediate.raw;
}

// The certificate behind the leaf's AIA URL is its issuer, and it leads to the root the server
// names: the missing intermediate is proven. --no-fetch leaves only the pointer and the organisation.
TEST(IssuerSearch, TheFetchedAiaIssuerProvesTheMissingIntermediate) {
  const auto fetched = diagnose_leaf("aia-acme-leaf", {});
  EXPECT_EQ(fetched.verdict["cause"], "client-chain-incomplete") << fetched.raw;
  EXPECT_EQ(fetched.verdict["confidence"], "certain") << fetched.raw;
  EXPECT_EQ(fetched.issuer["issuer_found"]["origin"], "aia") << fetched.raw;
  ASSERT_EQ(fetched.issuer["aia_fetch"].size(), 1u) << fetched.raw;
  EXPECT_EQ(fetched.issuer["aia_fetch"][0]["certificates"], 1) << fetched.raw;
  EXPECT_FALSE(fetched.issuer["aia_fetch"][0].contains("error")) << fetched.raw;

  const auto offline = diagnose_leaf("aia-acme-leaf", {}, {"--no-fetch"});
  EXPECT_EQ(offline.verdict["cause"], "client-chain-incomplete") << offline.raw;
  EXPECT_EQ(offline.verdict["confidence"], "likely") << offline.raw;  // organisation 1 + AIA 1
  EXPECT_FALSE(offline.issuer.contains("aia_fetch")) << offline.raw;
  EXPECT_FALSE(offline.issuer.contains("issuer_found")) << offline.raw;
}

// monitor run's endpoints look for the issuer as diagnose does: the leaf's AIA issuer, fetched,
// proves the missing intermediate, and the item says so with the evidence.
TEST(IssuerSearch, AMonitoredEndpointFetchesTheAiaIssuerToo) {
  auto& p = pki();
  ASSERT_TRUE(p.server->ok()) << p.server->output();
  write_file(p.dir / "monitor-aia.yaml",
             "version: 1\nidentities:\n  - name: aia\n    cert: aia-acme-leaf.pem\n"
             "    key: aia-acme-leaf.key\nendpoints:\n  - name: acme-api\n"
             "    target: 127.0.0.1:" +
                 std::to_string(p.server->port()) +
                 "\n    identity: aia\n    cacert: server-ca.pem\n"
                 "    servername: localhost\n");
  const auto r = run_program(
      kBinary, {"monitor", "run", "--config", "monitor-aia.yaml", "--format", "json"},
      {.env = {{"SSL_CERT_FILE", (p.dir / "empty.pem").string()}, {"SSL_CERT_DIR", (p.dir / "empty-dir").string()}},
       .cwd = p.dir.path(),
       .timeout = std::chrono::seconds(60)});
  const auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.describe();
  const nlohmann::json* endpoint = nullptr;
  for (const auto& item : j["items"]) {
    if (item["kind"] == "endpoint") endpoint = &item;
  }
  ASSERT_NE(endpoint, nullptr) << j.dump(2);
  EXPECT_EQ((*endpoint)["cause"], "client-chain-incomplete") << j.dump(2);
  const std::string dump = endpoint->dump();
  EXPECT_NE(dump.find(R"("origin":"aia")"), std::string::npos) << j.dump(2);
}

// The fetched issuer is a foreign CA, and its own AIA leads to its root, which the server does
// not name: an untrusted issuer, proven.
TEST(IssuerSearch, AFetchedIssuerUnderARootNotNamedIsAnUntrustedIssuer) {
  const auto r = diagnose_leaf("aia-public-leaf", {});
  EXPECT_EQ(r.verdict["cause"], "client-cert-untrusted-issuer") << r.raw;
  EXPECT_EQ(r.verdict["confidence"], "certain") << r.raw;
  EXPECT_EQ(r.issuer["issuer_found"]["origin"], "aia") << r.raw;
  EXPECT_EQ(r.issuer["issuer_found"]["path"].size(), 2u) << r.raw;
  EXPECT_EQ(r.issuer["aia_fetch"].size(), 2u) << r.raw;  // the issuing CA, then its root
  EXPECT_EQ(score(r, "client-chain-incomplete"), 0) << r.raw;
}

// What the URL serves has the issuer's name and key identifier but another key: it did not
// sign the leaf, so it proves nothing (names and identifiers only point at a candidate).
TEST(IssuerSearch, AnImpostorWithTheIssuersNameAndKeyIdentifierProvesNothing) {
  const auto r = diagnose_leaf("aia-impostor-leaf", {});
  EXPECT_EQ(r.verdict["cause"], "client-chain-incomplete") << r.raw;
  EXPECT_EQ(r.verdict["confidence"], "likely") << r.raw;  // organisation 1 + AIA 1, nothing proven
  EXPECT_FALSE(r.issuer.contains("issuer_found")) << r.raw;
  ASSERT_EQ(r.issuer["aia_fetch"].size(), 1u) << r.raw;
  EXPECT_EQ(r.issuer["aia_fetch"][0]["certificates"], 1) << r.raw;
  EXPECT_NE(r.issuer["aia_fetch"][0]["error"].get<std::string>().find("none of it issued"), std::string::npos) << r.raw;
}

// A fetch that fails — 404, bytes that are no certificate, a server that never answers — is a
// note in the verdict; the pointer still weighs as before.
TEST(IssuerSearch, AFailedFetchIsANote) {
  for (const auto& [leaf, words] : std::vector<std::pair<std::string, std::string>>{
           {"aia-missing-leaf", "404"}, {"aia-garbage-leaf", "not a certificate"}, {"aia-silent-leaf", "timed out"}}) {
    SCOPED_TRACE(leaf);
    const auto r = diagnose_leaf(leaf, {});
    EXPECT_EQ(r.verdict["cause"], "client-chain-incomplete") << r.raw;
    EXPECT_EQ(r.verdict["confidence"], "likely") << r.raw;  // organisation 1 + AIA 1
    ASSERT_EQ(r.issuer["aia_fetch"].size(), 1u) << r.raw;
    EXPECT_NE(r.issuer["aia_fetch"][0]["error"].get<std::string>().find(words), std::string::npos) << r.raw;
    EXPECT_FALSE(r.issuer.contains("issuer_found")) << r.raw;
    EXPECT_NE(r.finding["message"].get<std::string>().find("could not be fetched"), std::string::npos) << r.raw;
  }
}

// The fetcher itself: a redirect followed (within the bound), a redirect loop and one to
// https:// refused, a URL fetched once per run.
TEST(IssuerFetch, RedirectsAreBoundedAndAnswersCached) {
  auto& p = pki();
  ASSERT_TRUE(p.http->ok()) << p.http->output();
  diagnose::IssuerFetcher fetcher;
  const std::string base = "http://127.0.0.1:" + std::to_string(p.http_port);
  const auto& once = fetcher.fetch(base + "/once");
  ASSERT_TRUE(once.has_value()) << once.error().message;
  ASSERT_EQ(once->size(), 1u);
  EXPECT_EQ(once->front().facts().subject.rfc4514, "CN=Acme Issuing CA,O=Acme Corp");
  EXPECT_EQ(&fetcher.fetch(base + "/once"), &once);  // the cache's answer, not a second download
  const auto& loop = fetcher.fetch(base + "/loop");
  ASSERT_FALSE(loop.has_value());
  EXPECT_EQ(loop.error().category, core::ErrorCategory::Limit);
  const auto& away = fetcher.fetch(base + "/away");
  ASSERT_FALSE(away.has_value());
  EXPECT_EQ(away.error().category, core::ErrorCategory::Unsupported);
  const auto& ldap = fetcher.fetch("ldap://127.0.0.1/cn=issuer");
  ASSERT_FALSE(ldap.has_value());
  EXPECT_EQ(ldap.error().category, core::ErrorCategory::Unsupported);
}

// More distinct URLs than a run fetches: the rest are refused without a connection.
TEST(IssuerFetch, ARunFetchesABoundedNumberOfUrls) {
  auto& p = pki();
  diagnose::IssuerFetcher::Limits limits;
  limits.max_urls = 1;
  diagnose::IssuerFetcher fetcher(limits);
  const std::string base = "http://127.0.0.1:" + std::to_string(p.http_port);
  EXPECT_TRUE(fetcher.fetch(base + "/acme-int.der").has_value());
  const auto& second = fetcher.fetch(base + "/public-int.cer");
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().category, core::ErrorCategory::Limit);
}

// Two URLs asked for by two threads are downloaded at the same time: the server answers neither
// until both requests are in. (Fetched one after the other, the first waits in vain and gets 503.)
// The same URL asked for twice while it downloads is downloaded once: both get the same answer.
TEST(IssuerFetch, DifferentUrlsDownloadAtOnceAndOneUrlOnce) {
  auto& p = pki();
  diagnose::IssuerFetcher fetcher;
  const std::string base = "http://127.0.0.1:" + std::to_string(p.http_port) + "/pair/";
  const core::Result<std::vector<x509::Certificate>>* a = nullptr;
  const core::Result<std::vector<x509::Certificate>>* a_again = nullptr;
  const core::Result<std::vector<x509::Certificate>>* b = nullptr;
  {
    std::jthread first([&] { a = &fetcher.fetch(base + "acme-int.der"); });
    std::jthread again([&] { a_again = &fetcher.fetch(base + "acme-int.der"); });
    std::jthread second([&] { b = &fetcher.fetch(base + "public-int.cer"); });
  }
  ASSERT_TRUE(a && a_again && b);
  ASSERT_TRUE(a->has_value()) << a->error().message;
  ASSERT_TRUE(b->has_value()) << b->error().message;
  EXPECT_EQ(a, a_again);
  // Asked for twice while it downloaded, fetched once.
  const std::string requests = read_file(p.dir / "requests.log");
  std::size_t fetched = 0;
  for (std::size_t at = 0; (at = requests.find("GET /pair/acme-int.der ", at)) != std::string::npos; ++at) ++fetched;
  EXPECT_EQ(fetched, 1u) << requests;
  EXPECT_EQ((*a)->front().facts().subject.rfc4514, "CN=Acme Issuing CA,O=Acme Corp");
  EXPECT_EQ((*b)->front().facts().subject.rfc4514, "CN=Public Trust Issuing CA,O=Public Trust");
}

}  // namespace
}  // namespace mtlsdoctor::testsupport
