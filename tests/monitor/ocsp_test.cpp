// OCSP: certificates made by the openssl CLI name a responder on loopback; the responder's
// answers are made by `openssl ocsp` itself (-reqin/-respout on the index of the CA that revoked
// one of them). Good stays ok, revoked is critical, a responder that fails is a warning.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "mtlsdoctor/monitor/sweep.h"
#include "pki.h"
#include "receiver.h"

namespace mtlsdoctor::monitor {
namespace {

using core::FindingId;
using test::find;

// The openssl-made leaves of tests/fixtures/cdp_pki.sh in `dir`, judged against its root.
Config two_leaves(const std::filesystem::path& dir) {
  const auto at = [&](std::string_view n) { return (dir / n).string(); };
  auto config =
      parse_config(fmt::format("version: 1\nfiles:\n  - path: {}\n    cacert: {}\n  - path: {}\n    cacert: {}\n",
                               at("client-good.crt"), at("ca.pem"), at("client-revoked.crt"), at("ca.pem")),
                   "monitor.yaml", "/");
  EXPECT_TRUE(config) << config.error().describe();
  return config ? *config : Config{};
}

TEST(MonitorOcsp, TheResponderOfTheCertificateIsAsked) {
  testsupport::TempDir dir("mtlsd-monitor-ocsp");
  std::atomic<bool> broken{false};
  const auto answer = test::openssl_ocsp(dir.path());
  test::Receiver responder([&](const std::string& head, const std::string& request) -> std::pair<int, std::string> {
    if (broken) return {500, {}};
    return answer(head, request);
  });
  const auto url = fmt::format("http://127.0.0.1:{}/", responder.port());
  ASSERT_TRUE(test::make_ocsp_pki(dir.path(), url));
  const auto at = [&](std::string_view n) { return (dir / n).string(); };
  const auto config = two_leaves(dir.path());
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());

  const auto r = sweep(config, SweepOptions{now});
  const auto& good = find(r, at("client-good.crt"));
  EXPECT_EQ(good.state, State::Ok) << good.reason;
  const auto& revoked = find(r, at("client-revoked.crt"));
  EXPECT_EQ(revoked.state, State::Critical) << revoked.reason;
  EXPECT_EQ(revoked.cause, FindingId::ClientCertRevoked);
  EXPECT_NE(revoked.reason.find("OCSP responder"), std::string::npos) << revoked.reason;
  EXPECT_EQ(responder.heads().size(), 2u);  // one question per certificate
  EXPECT_NE(responder.heads().front().find("Content-Type: application/ocsp-request"), std::string::npos);

  broken = true;
  const auto failing = sweep(config, SweepOptions{now});
  const auto& unknown = find(failing, at("client-good.crt"));
  EXPECT_EQ(unknown.state, State::Warning);
  EXPECT_EQ(unknown.cause, FindingId::RevocationUnknown);
  EXPECT_NE(unknown.reason.find(url), std::string::npos) << unknown.reason;
  // An HTTP error is the responder's, not the certificate's: the second certificate is not asked.
  EXPECT_EQ(responder.heads().size(), 3u);
  const auto& also = find(failing, at("client-revoked.crt"));
  EXPECT_EQ(also.cause, FindingId::RevocationUnknown);
  EXPECT_NE(also.reason.find("HTTP 500"), std::string::npos) << also.reason;
}

// A responder that cannot be reached (it accepts and closes at once: not HTTP) is asked once a
// sweep, not once per certificate: a dead responder costs one deadline, not thousands.
TEST(MonitorOcsp, AResponderThatCannotBeReachedIsAskedOncePerSweep) {
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ASSERT_EQ(::listen(listener, 16), 0);
  std::atomic<int> connections{0};
  std::thread closer([&] {
    for (int c; (c = ::accept(listener, nullptr, nullptr)) >= 0;) {
      ++connections;
      ::close(c);
    }
  });
  testsupport::TempDir dir("mtlsd-monitor-ocsp-down");
  const auto url = fmt::format("http://127.0.0.1:{}/", ntohs(addr.sin_port));
  ASSERT_TRUE(test::make_ocsp_pki(dir.path(), url));
  const auto at = [&](std::string_view n) { return (dir / n).string(); };
  const auto config = two_leaves(dir.path());
  const auto r =
      sweep(config, SweepOptions{std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())});
  ::shutdown(listener, SHUT_RDWR);
  ::close(listener);
  closer.join();
  for (auto n : {"client-good.crt", "client-revoked.crt"}) {
    const auto& item = find(r, at(n));
    EXPECT_EQ(item.state, State::Warning) << n << ": " << item.reason;
    EXPECT_EQ(item.cause, FindingId::RevocationUnknown) << n;
    EXPECT_NE(item.reason.find(url), std::string::npos) << item.reason;
  }
  EXPECT_EQ(connections.load(), 1);
}

}  // namespace
}  // namespace mtlsdoctor::monitor
