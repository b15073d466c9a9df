// Reloading while clients connect: the policy and the server certificate are replaced (and once
// replaced by a broken file) under a stream of connections; no handshake fails because of it,
// new connections get the new files, a broken file keeps the old configuration.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "serve_fixture.h"

namespace mtlsdoctor::server::test {
namespace {

const char* kPolicyV2 = R"(version: 1
default: deny
rules:
  - name: payments-v2
    action: allow
    match:
      subject: {OU: payments}
)";

bool any_event(const Running& serve, std::string_view text) {
  for (const auto& e : serve.events()) {
    if (e.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(ServeReload, FilesReplacedUnderLoadFailNoHandshakeAndTakeEffect) {
  const Lab& lab = Lab::get();
  testsupport::TempDir dir;
  // Files of our own, so that they can be replaced.
  const auto policy = dir / "policy.yaml";
  const auto cert = dir / "server.crt";
  const auto key = dir / "server.key";
  std::filesystem::copy_file(lab.policy(), policy);
  std::filesystem::copy_file(lab.file("server-good.crt"), cert);
  std::filesystem::copy_file(lab.file("server-good.key"), key);
  auto options = lab_options(lab);
  options.identity = {cert.string(), key.string(), lab.file("server-good-chain.pem"), {}};
  options.policy_file = policy.string();
  options.watch_interval = std::chrono::milliseconds(100);
  Running serve(options);
  ASSERT_TRUE(serve.ok()) << serve.error();

  testsupport::RunResult load;
  std::thread clients([&] {
    load = testsupport::run_program(
        "python3",
        {MTLSD_SOURCE_DIR "/tests/server/load_client.py", std::to_string(serve.port()), lab.file("server-ca.pem"),
         lab.full_chain("client-good"), lab.file("client-good.key"), "6"},
        {.timeout = std::chrono::seconds(60)});
  });
  const auto pause = [] { std::this_thread::sleep_for(std::chrono::milliseconds(800)); };
  pause();
  // A broken policy: the old one stays in force.
  testsupport::write_file(policy, "version: 1\nrules: [\n");
  pause();
  // The new policy and a new server certificate (another name, the same CA).
  testsupport::write_file(policy, kPolicyV2);
  pause();
  testsupport::write_file(key, testsupport::read_file(lab.file("server-wrong-name.key")));
  testsupport::write_file(cert, testsupport::read_file(lab.file("server-wrong-name.crt")));
  pause();
  serve.server().reload();  // as SIGHUP does
  clients.join();

  ASSERT_TRUE(load.exited()) << load.describe();
  const auto result = nlohmann::json::parse(load.out);
  EXPECT_TRUE(result["failures"].empty()) << result.dump(2);
  EXPECT_GT(result["ok"].get<int>(), 20) << result.dump(2);
  EXPECT_GT(result["rules"].value("payments", 0), 0) << result.dump(2);
  EXPECT_GT(result["rules"].value("payments-v2", 0), 0) << result.dump(2);
  EXPECT_GT(result["servers"].value("localhost", 0), 0) << result.dump(2);
  EXPECT_GT(result["servers"].value("wrong.example", 0), 0) << "the new certificate is served: " << result.dump(2);

  const auto stats = serve.server().stats();
  EXPECT_GE(stats.reload_failures, 1u);
  EXPECT_GE(stats.reloads, 2u);
  EXPECT_TRUE(any_event(serve, "failed, keeping the previous configuration"))
      << fmt::format("{}", fmt::join(serve.events(), "\n"));
  EXPECT_TRUE(any_event(serve, "policy.yaml")) << fmt::format("{}", fmt::join(serve.events(), "\n"));
}

TEST(ServeReload, AKeyThatDoesNotMatchTheNewCertificateKeepsTheOldPair) {
  const Lab& lab = Lab::get();
  testsupport::TempDir dir;
  const auto cert = dir / "server.crt";
  std::filesystem::copy_file(lab.file("server-good.crt"), cert);
  auto options = lab_options(lab);
  options.identity = {cert.string(), lab.file("server-good.key"), lab.file("server-good-chain.pem"), {}};
  Running serve(options);
  ASSERT_TRUE(serve.ok()) << serve.error();
  testsupport::write_file(cert, testsupport::read_file(lab.file("server-wrong-name.crt")));  // key stays the old one
  serve.server().reload();
  for (int i = 0; i < 50 && serve.server().stats().reload_failures == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(serve.server().stats().reload_failures, 1u);
  const auto good = curl(lab, serve.port(), "client-good", "1.3");
  EXPECT_EQ(good.http_status, 200) << good.output;  // still the old, matching pair
}

}  // namespace
}  // namespace mtlsdoctor::server::test
