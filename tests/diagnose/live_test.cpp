// diagnose against real peers on loopback: openssl s_server (TLS 1.2 and 1.3) configured as
// the lab expects, and hostile TCP servers. Every lab fault must end in the right verdict. The
// servers of language runtimes (Python, Java, Node, Go) are in live_runtimes_test.cpp.
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "live_lab.h"
#include "peers.h"
#include "support/run.h"

namespace mtlsdoctor::testsupport {
namespace {

class OpensslServer : public ::testing::TestWithParam<std::string> {};

// (identity, expected cause, expected rejected_by); "" identity = no client certificate.
struct Case {
  std::string identity;
  std::string cause;
  std::string side;
  std::vector<std::string> extra;
};

TEST_P(OpensslServer, EveryLabFaultGetsItsVerdict) {
  ServerProcess server("openssl", s_server_args(GetParam()), lab().dir.path());
  ASSERT_TRUE(server.ok()) << server.output();
  const std::vector<Case> cases = {
      {"client-good", "ok", "none", {}},
      {"client-p12-modern", "ok", "none", {}},
      {"client-p12-legacy", "ok", "none", {}},
      {"client-wrong-ou", "ok", "none", {}},
      {"", "client-cert-missing", "server", {}},
      {"client-other-ca", "client-cert-untrusted-issuer", "server", {}},
      {"client-no-intermediate", "client-chain-incomplete", "server", {}},
      {kForeignLeafAlone, "client-cert-untrusted-issuer", "server", {}},
      {"client-expired", "client-cert-expired", "server", {}},
      {"client-not-yet-valid", "client-cert-not-yet-valid", "server", {}},
      {"client-no-clientauth-eku", "client-cert-missing-clientauth-eku", "server", {}},
      {"client-bad-key-usage", "client-cert-bad-key-usage", "server", {}},
      {"client-revoked", "client-cert-revoked", "server", {}},
      // Too weak for the client's own security level: nothing is sent.
      {"client-weak-key", "client-cert-weak", "local", {}},
      {"client-sha1", "client-cert-weak", "local", {}},
      // Sent anyway (client at level 0): the server, at Debian's default level 2, refuses them
      // with a generic bad_certificate that the identity's own weakness explains.
      {"client-weak-key", "client-cert-weak", "server", {"--seclevel", "0"}},
      {"client-sha1", "client-cert-weak", "server", {"--seclevel", "0"}},
      {"client-key-mismatch", "client-key-mismatch", "local", {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.identity + " over " + GetParam());
    std::vector<std::string> args = kServerTrust;
    if (!c.identity.empty()) {
      auto id = identity_args(c.identity);
      args.insert(args.end(), id.begin(), id.end());
    }
    args.insert(args.end(), c.extra.begin(), c.extra.end());
    const auto v = diagnose(server.port(), args);
    EXPECT_EQ(v.cause, c.cause) << v.raw;
    EXPECT_EQ(v.rejected_by, c.side) << v.raw;
    EXPECT_EQ(v.exit_code, c.cause == "ok" ? 0 : 1) << v.raw;
  }
}

// Issue 15, L2: the commands a verdict suggests name the real target, never a placeholder.
TEST_P(OpensslServer, SuggestedCommandsNameTheTarget) {
  ServerProcess server("openssl", s_server_args(GetParam()), lab().dir.path());
  ASSERT_TRUE(server.ok()) << server.output();
  auto args = kServerTrust;
  auto id = identity_args("client-other-ca");
  args.insert(args.end(), id.begin(), id.end());
  const auto v = diagnose(server.port(), args);
  ASSERT_EQ(v.cause, "client-cert-untrusted-issuer") << v.raw;
  const std::string fixes = v.json["findings"].dump();
  EXPECT_NE(fixes.find("mtls-doctor diagnose 127.0.0.1:" + std::to_string(server.port()) + " --identities DIR"),
            std::string::npos)
      << v.raw;
  EXPECT_EQ(v.raw.find("TARGET"), std::string::npos) << v.raw;
  EXPECT_EQ(v.raw.find("HOST:PORT"), std::string::npos) << v.raw;
}

TEST_P(OpensslServer, HandshakeTranscriptIsRecorded) {
  ServerProcess server("openssl", s_server_args(GetParam()), lab().dir.path());
  ASSERT_TRUE(server.ok()) << server.output();
  auto args = kServerTrust;
  auto id = identity_args("client-expired");
  args.insert(args.end(), id.begin(), id.end());
  const auto v = diagnose(server.port(), args);
  const auto& h = v.json["handshake"];
  EXPECT_EQ(h["version"], GetParam() == "-tls1_3" ? "TLSv1.3" : "TLSv1.2");
  EXPECT_TRUE(h["certificate_requested"].get<bool>());
  EXPECT_EQ(h["acceptable_ca_names"], nlohmann::json::array({"CN=Lab Client Root,O=mtls-doctor lab"}));
  EXPECT_EQ(h["client_certificates_sent"], 2);
  EXPECT_EQ(h["server_chain"].size(), 2u);
  ASSERT_FALSE(h["alerts"].empty());
  EXPECT_EQ(h["alerts"][0]["direction"], "received");
  EXPECT_EQ(h["alerts"][0]["code"], 45);
  // TLS 1.3: the server judges the client certificate after the client's Finished.
  EXPECT_EQ(h["alerts"][0]["after_handshake"].get<bool>(), GetParam() == "-tls1_3");
}

INSTANTIATE_TEST_SUITE_P(Tls, OpensslServer, ::testing::Values("-tls1_2", "-tls1_3"),
                         [](const auto& info) { return info.param == "-tls1_2" ? "TLS12" : "TLS13"; });

TEST(ServerFaults, TheClientSideRejectsABadServerCertificate) {
  const std::vector<std::tuple<std::string, std::string, std::vector<std::string>>> cases = {
      {"server-expired", "server-cert-expired", kServerTrust},
      {"server-wrong-name", "server-hostname-mismatch", kServerTrust},
      {"server-no-intermediate", "server-chain-incomplete", kServerTrust},
      {"server-untrusted", "server-cert-untrusted", kServerTrust},
      {"server-good", "server-cert-untrusted", {"--cacert", "client-ca.pem", "--servername", "localhost"}},
  };
  for (const auto& [identity, cause, trust] : cases) {
    SCOPED_TRACE(identity);
    ServerProcess server("openssl", s_server_args("-tls1_3", identity), lab().dir.path());
    ASSERT_TRUE(server.ok()) << server.output();
    auto args = trust;
    auto id = identity_args("client-good");
    args.insert(args.end(), id.begin(), id.end());
    const auto v = diagnose(server.port(), args);
    EXPECT_EQ(v.cause, cause) << v.raw;
    EXPECT_EQ(v.rejected_by, "client") << v.raw;
    // The server's own verdict on our (good) certificate is still given.
    EXPECT_EQ(v.json["findings"][0]["evidence"]["client_certificate_verdict"], "ok") << v.raw;
  }
}

TEST(Negotiation, Tls13OnlyServerAgainstTls12Client) {
  ServerProcess server("openssl", s_server_args("-tls1_3"), lab().dir.path());
  ASSERT_TRUE(server.ok()) << server.output();
  auto args = kServerTrust;
  args.push_back("--tls1.2");
  const auto v = diagnose(server.port(), args);
  EXPECT_EQ(v.cause, "protocol-version-mismatch") << v.raw;
  EXPECT_EQ(v.rejected_by, "negotiation");
}

TEST(Negotiation, NoClientCertificateRequested) {
  ServerProcess server("openssl",
                       {"s_server", "-accept", "127.0.0.1:0", "-cert", "server-good.crt", "-key", "server-good.key",
                        "-cert_chain", "server-good-chain.pem", "-www", "-naccept", "10"},
                       lab().dir.path());
  ASSERT_TRUE(server.ok()) << server.output();
  auto args = kServerTrust;
  auto id = identity_args("client-good");
  args.insert(args.end(), id.begin(), id.end());
  const auto v = diagnose(server.port(), args);
  EXPECT_EQ(v.cause, "mtls-not-requested") << v.raw;
  EXPECT_EQ(v.exit_code, 0);
}

TEST(Transport, ClosedPortIsConnectionRefused) {
  const auto v = diagnose(closed_port(), kServerTrust);
  EXPECT_EQ(v.cause, "connection-refused") << v.raw;
  EXPECT_EQ(v.rejected_by, "network");
  EXPECT_EQ(v.exit_code, 1);
}

TEST(Transport, UnresolvableNameIsDnsFailure) {
  auto r = run_program(kBinary, {"diagnose", "no-such-host.invalid:443", "--format", "json", "--timeout", "3"});
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.describe();
  EXPECT_EQ(j["verdict"]["cause"], "dns-failure");
  // Issue 15, L2: the hint names the port it was given, not HOST:PORT.
  EXPECT_NE(j["findings"].dump().find("--connect-to ADDRESS:443"), std::string::npos) << r.describe();
  EXPECT_EQ(r.out.find("HOST:PORT"), std::string::npos) << r.describe();
}

TEST(HostilePeers, EachEndsInAClearVerdictWithinTheTimeout) {
  const std::vector<std::pair<Hostility, std::string>> cases = {
      {Hostility::PlainHttp, "not-tls"},         {Hostility::Garbage, "not-tls"},
      {Hostility::Silent, "connection-timeout"}, {Hostility::Drip, "connection-timeout"},
      {Hostility::HugeRecord, "not-tls"},
  };
  for (const auto& [kind, cause] : cases) {
    SCOPED_TRACE(cause + " #" + std::to_string(static_cast<int>(kind)));
    HostileServer server(kind);
    const auto start = std::chrono::steady_clock::now();
    const auto v = diagnose(server.port(), kServerTrust);
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(v.cause, cause) << v.raw;
    EXPECT_EQ(v.rejected_by, "network") << v.raw;  // issue 15, L16: not-tls is the network's, never negotiation's
    EXPECT_EQ(v.exit_code, 1) << v.raw;
    // Bounded by the 3 s per-phase timeout (a correctness bound, far from any speed target).
    EXPECT_LT(took, std::chrono::seconds(15)) << v.raw;
  }
}

// Issue 15, L16: a not-TLS answer shows its first bytes (escaped, bounded) as evidence, and says
// what answered when it is plain: an SSH banner, a plain HTTP server (python3 -m http.server).
TEST(HostilePeers, NotTlsShowsTheFirstBytesReceived) {
  HostileServer ssh(Hostility::SshBanner);
  auto v = diagnose(ssh.port(), kServerTrust);
  EXPECT_EQ(v.cause, "not-tls") << v.raw;
  ASSERT_TRUE(v.json.contains("findings")) << v.raw;
  EXPECT_EQ(v.json["findings"][0]["evidence"]["first_bytes"], "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\\r\\n") << v.raw;
  EXPECT_EQ(v.json["handshake"]["first_bytes"], "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\\r\\n") << v.raw;
  EXPECT_NE(v.json["findings"][0]["message"].get<std::string>().find("(an SSH server)"), std::string::npos) << v.raw;

  // A plain HTTP answer's status line.
  HostileServer http(Hostility::PlainHttp);
  v = diagnose(http.port(), kServerTrust);
  EXPECT_EQ(v.cause, "not-tls") << v.raw;
  // 66 bytes: the first 64, then "..." for the rest.
  EXPECT_EQ(v.json["findings"][0]["evidence"].value("first_bytes", ""),
            "HTTP/1.1 400 Bad Request\\r\\nContent-Length: 0\\r\\nConnection: close\\r\\n...")
      << v.raw;
  EXPECT_NE(v.json["findings"][0]["message"].get<std::string>().find("(a plain HTTP server)"), std::string::npos)
      << v.raw;

  // python3 -m http.server reads a ClientHello as an HTTP/0.9 request and answers with its error
  // page alone: shown escaped (its newlines as \n) and cut at 64 bytes.
  const std::uint16_t port = closed_port();
  ServerProcess web("python3", {"-m", "http.server", std::to_string(port), "--bind", "127.0.0.1"}, lab().dir.path(),
                    port);
  ASSERT_TRUE(web.ok()) << web.output();
  v = diagnose(port, kServerTrust);
  EXPECT_EQ(v.cause, "not-tls") << v.raw;
  const std::string first = v.json["findings"][0]["evidence"].value("first_bytes", "");
  EXPECT_EQ(first.rfind("<!DOCTYPE HTML>\\n", 0), 0u) << v.raw;
  EXPECT_TRUE(first.ends_with("...")) << first;
  EXPECT_EQ(first.find('\n'), std::string::npos);  // escaped, never raw control bytes

  // Binary junk is escaped byte by byte and cut at 64 bytes.
  HostileServer garbage(Hostility::Garbage);
  v = diagnose(garbage.port(), kServerTrust);
  const std::string junk = v.json["findings"][0]["evidence"].value("first_bytes", "");
  EXPECT_TRUE(junk.ends_with("...")) << v.raw;
  for (const char c : junk) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << v.raw;
}

// Issue 15, H2: a server that closes after the ClientHello (a proxy whose upstream is down) never
// asked for a certificate: no ServerHello, no CertificateRequest, so a network verdict, whether an
// identity was given or not, and whenever the close comes.
TEST(HostilePeers, AServerClosingBeforeItsHelloIsANetworkVerdict) {
  const std::vector<std::string> identity{"--cert",  "client-good.crt",       "--key",    "client-good.key",
                                          "--chain", "client-good-chain.pem", "--cacert", "server-ca.pem"};
  for (const auto kind : {Hostility::CloseAfterHello, Hostility::CloseAtOnce}) {
    HostileServer server(kind);
    for (int i = 0; i < 5; ++i) {
      SCOPED_TRACE(static_cast<int>(kind) * 100 + i);
      const auto v = diagnose(server.port(), identity);
      EXPECT_EQ(v.cause, "connection-reset") << v.raw;
      EXPECT_EQ(v.rejected_by, "network") << v.raw;
      EXPECT_EQ(v.exit_code, 1) << v.raw;
    }
  }
}

// A chain far beyond any bound: the probe reads no more than its handshake limit (256 KiB),
// so the process stays at the size of an ordinary probe.
TEST(HostilePeers, AHundredMegabyteChainEndsQuicklyInBoundedMemory) {
  const auto run = [](std::uint16_t port) {
    return run_program(kBinary,
                       {"diagnose", "127.0.0.1:" + std::to_string(port), "--format", "json", "--timeout", "3",
                        "--tls1.2", "--cacert", "server-ca.pem"},
                       {.cwd = lab().dir.path(), .timeout = std::chrono::seconds(30)});
  };
  ServerProcess reference("openssl", s_server_args("-tls1_2"), lab().dir.path());
  ASSERT_TRUE(reference.ok()) << reference.output();
  const auto normal = run(reference.port());
  ASSERT_TRUE(normal.exited()) << normal.describe();

  HostileServer server(Hostility::HugeChain);
  const auto start = std::chrono::steady_clock::now();
  const auto r = run(server.port());
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(r.exited()) << r.describe();
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  const auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.describe();
  EXPECT_EQ(j["verdict"]["cause"], "server-chain-too-large") << r.out;
  EXPECT_EQ(j["verdict"]["rejected_by"], "client") << r.out;
  EXPECT_EQ(j["findings"][0]["evidence"]["error"], "too-large") << r.out;
  EXPECT_LT(took, std::chrono::seconds(15)) << r.describe();
  // Not one copy of the chain in memory (an ordinary probe's peak, plus slack for the allocator).
  EXPECT_LT(r.max_rss_kb, normal.max_rss_kb + 16 * 1024) << "peak " << r.max_rss_kb << " KiB vs " << normal.max_rss_kb;
}

}  // namespace
}  // namespace mtlsdoctor::testsupport

namespace mtlsdoctor::testsupport {
namespace {

TEST(ManyTargets, JsonLinesOnePerTargetInInputOrder) {
  ServerProcess server("openssl", s_server_args("-tls1_3"), lab().dir.path());
  ASSERT_TRUE(server.ok()) << server.output();
  std::string list = "# a comment, then 12 live targets and 4 closed ports\n";
  std::vector<std::string> expected;
  for (int i = 0; i < 16; ++i) {
    const bool closed = i % 4 == 3;
    list += "127.0.0.1:" + std::to_string(closed ? closed_port() : server.port()) + "\n";
    expected.push_back(closed ? "connection-refused" : "ok");
  }
  write_file(lab().dir / "targets.txt", list);
  auto args = identity_args("client-good");
  args.insert(args.begin(), {"diagnose", "--targets", "targets.txt", "--concurrency", "6", "--timeout", "5"});
  args.insert(args.end(), kServerTrust.begin(), kServerTrust.end());
  auto r = run_program(kBinary, args, {.cwd = lab().dir.path(), .timeout = std::chrono::seconds(60)});
  EXPECT_EQ(r.exit_code, 1) << r.describe();  // some targets failed
  std::vector<std::string> got;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << line;
    got.push_back(j["verdict"]["cause"]);
  }
  EXPECT_EQ(got, expected) << r.describe();
}

TEST(ManyTargets, TargetAndTargetsExcludeEachOther) {
  auto r = run_program(kBinary, {"diagnose", "127.0.0.1:1", "--targets", "x.txt", "--format", "json"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.out.find("\"error\""), std::string::npos) << r.describe();
}

}  // namespace
}  // namespace mtlsdoctor::testsupport

namespace mtlsdoctor::testsupport {
namespace {

TEST(Identities, TheCertificateTheServerAcceptsRanksFirstAndWorksLive) {
  ServerProcess server("openssl", s_server_args("-tls1_2"), lab().dir.path());
  ASSERT_TRUE(server.ok()) << server.output();
  TempDir mine("mtlsd-mine");
  for (const std::string id : {"client-expired", "client-other-ca", "client-good", "client-no-clientauth-eku"}) {
    for (const std::string ext : {".crt", ".key", "-chain.pem"}) {
      write_file(mine / (id + ext), read_file(lab().dir / (id + ext)));
    }
  }
  // Issue 15, M11: a PKCS#12 whose password is not given is listed, not silently left out.
  write_file(mine / "client-p12-modern.p12", read_file(lab().dir / "client-p12-modern.p12"));
  auto args = kServerTrust;
  args.insert(args.begin(), {"diagnose", "127.0.0.1:" + std::to_string(server.port()), "--identities",
                             mine.path().string(), "--try", "1", "--format", "json"});
  auto r = run_program(kBinary, args, {.cwd = lab().dir.path(), .timeout = std::chrono::seconds(60)});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.describe();
  EXPECT_EQ(j["acceptable_ca_names"], nlohmann::json::array({"CN=Lab Client Root,O=mtls-doctor lab"}));
  ASSERT_EQ(j["identities"].size(), 4u) << r.out;
  EXPECT_EQ(j["identities"][0]["subject"], "CN=client-good,OU=payments,O=mtls-doctor lab");
  EXPECT_TRUE(j["identities"][0]["faults"].empty());
  EXPECT_EQ(j["identities"][0]["live"]["cause"], "ok");
  // Issue 15, M11: the files each identity was put together from, the verdict contract, and
  // what could not be read.
  EXPECT_EQ(j["identities"][0]["files"],
            nlohmann::json::array({(mine / "client-good.crt").string(), (mine / "client-good-chain.pem").string()}));
  EXPECT_EQ(j["verdict"]["cause"], "ok") << r.out;
  ASSERT_EQ(j["unreadable"].size(), 1u) << r.out;
  EXPECT_EQ(j["unreadable"][0]["file"], (mine / "client-p12-modern.p12").string());
  EXPECT_TRUE(j["identities"][1]["live"].is_null());  // only the best one was tried
  std::set<std::string> faults;
  for (std::size_t i = 1; i < 4; ++i) faults.insert(j["identities"][i]["faults"][0]["id"]);
  EXPECT_EQ(faults, (std::set<std::string>{"client-cert-expired", "client-cert-untrusted-issuer",
                                           "client-cert-missing-clientauth-eku"}));
}

}  // namespace
}  // namespace mtlsdoctor::testsupport

namespace mtlsdoctor::testsupport {
namespace {

// Issue 15, M12: what the server's refusal may still mean is printed in text, not only in JSON.
// s_server loads one CRL of the file and checks every level: the root's CRL is missing for it.
TEST(CrlPeers, AnUnexplainedRefusalPrintsItsHypotheses) {
  auto args = s_server_args("-tls1_2");
  args.push_back("-crl_check_all");
  ServerProcess server("openssl", args, lab().dir.path());
  ASSERT_TRUE(server.ok()) << server.output();
  auto diagnose_args =
      std::vector<std::string>{"diagnose", "127.0.0.1:" + std::to_string(server.port()), "--timeout", "3"};
  for (const auto& a : kServerTrust) diagnose_args.push_back(a);
  for (const auto& a : identity_args("client-good")) diagnose_args.push_back(a);
  const auto r = run_program(kBinary, diagnose_args, {.cwd = lab().dir.path(), .timeout = std::chrono::seconds(30)});
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  EXPECT_NE(r.out.find("client-cert-rejected"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("what it may still be:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("- revocation-unknown"), std::string::npos) << r.out;
}

// Issue 15, M1: an expired CRL, made by `openssl ca -gencrl`, fails offline as OpenSSL fails it
// (code 12), and diagnose ties the server's certificate_expired (45) to it.
TEST(CrlPeers, AnExpiredCrlIsRevocationUnknownOfflineAndLive) {
  TempDir pki{"mtlsd-stale-crl"};
  const auto run_openssl = [&](const std::vector<std::string>& args) {
    const auto r = run_program("openssl", args, {.cwd = pki.path()});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
  };
  write_file(pki / "index.txt", "");
  write_file(pki / "ca.cnf",
             "[ca]\ndefault_ca=root\n[root]\ndatabase=index.txt\ndefault_md=sha256\ncrl_extensions=crl_ext\n"
             "[crl_ext]\nauthorityKeyIdentifier=keyid\n");
  run_openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "root.key",
               "-out", "root.pem", "-days", "30", "-subj", "/CN=Stale CRL Root"});
  const auto issue = [&](const std::string& name, const std::string& subject, const std::string& ca,
                         const std::string& extensions) {
    run_openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
                 "-out", name + ".csr", "-subj", subject});
    write_file(pki / (name + ".ext"), extensions);
    run_openssl({"x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
                 "-days", "20", "-extfile", name + ".ext", "-out", name + ".pem"});
  };
  issue("int", "/CN=Stale CRL Intermediate", "root",
        "basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n");
  issue("client", "/CN=stale-crl-client", "int", "extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n");
  // The intermediate's CRL, whose nextUpdate passed long ago.
  run_openssl({"ca", "-config", "ca.cnf", "-gencrl", "-keyfile", "int.key", "-cert", "int.pem", "-crl_lastupdate",
               "20200101000000Z", "-crl_nextupdate", "20200102000000Z", "-out", "stale.crl"});

  const auto offline =
      run_json(pki.path(), {"check", "--cert", "client.pem", "--key", "client.key", "--chain", "int.pem", "--cacert",
                            "root.pem", "--crl", "stale.crl", "--format", "json"});
  EXPECT_EQ(offline["verdict"]["cause"], "revocation-unknown") << offline.dump();
  EXPECT_EQ(offline["verdict"]["rejected_by"], "server") << offline.dump();

  ServerProcess server("openssl",
                       {"s_server",
                        "-accept",
                        "127.0.0.1:0",
                        "-cert",
                        (lab().dir / "server-good.crt").string(),
                        "-key",
                        (lab().dir / "server-good.key").string(),
                        "-cert_chain",
                        (lab().dir / "server-good-chain.pem").string(),
                        "-CAfile",
                        "root.pem",
                        "-Verify",
                        "3",
                        "-verify_return_error",
                        "-CRL",
                        "stale.crl",
                        "-crl_check",
                        "-www",
                        "-naccept",
                        "10",
                        "-tls1_2"},
                       pki.path());
  ASSERT_TRUE(server.ok()) << server.output();
  const auto live = run_json(pki.path(), {"diagnose", "127.0.0.1:" + std::to_string(server.port()), "--cert",
                                          "client.pem", "--key", "client.key", "--chain", "int.pem", "--crl",
                                          "stale.crl", "--cacert", (lab().dir / "server-ca.pem").string(),
                                          "--servername", "localhost", "--timeout", "3", "--format", "json"});
  EXPECT_EQ(live["verdict"]["cause"], "revocation-unknown") << live.dump();
  EXPECT_EQ(live["verdict"]["rejected_by"], "server") << live.dump();
  EXPECT_EQ(live["verdict"]["confidence"], "certain") << live.dump();
  EXPECT_EQ(live["findings"][0]["evidence"]["alert"]["code"], 45) << live.dump();
}

}  // namespace
}  // namespace mtlsdoctor::testsupport
