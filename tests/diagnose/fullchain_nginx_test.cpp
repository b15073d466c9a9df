// Issue 15: the file `fullchain` writes from a shuffled bundle with a root and a stray is one nginx
// serves and a client verifies; the server's certificate alone (what a user started with) is not.
#include <gtest/gtest.h>

#include "peers.h"
#include "support/run.h"

namespace mtlsdoctor::testsupport {
// Named, so that a unity batch of the test binary (MTLSD_UNITY_TESTS) can hold files with
// helpers of the same name.
namespace fullchain_nginx_test {
namespace {

const std::string kBinary = MTLSD_BINARY;

std::unique_ptr<ServerProcess> start_nginx(const std::filesystem::path& dir, const std::string& cert,
                                           std::uint16_t port) {
  const std::string d = dir.string();
  return nginx_process(dir, "nginx",
                       "  server {\n    listen 127.0.0.1:" + std::to_string(port) + " ssl;\n    ssl_certificate " + d +
                           "/" + cert + ";\n    ssl_certificate_key " + d +
                           "/server-good.key;\n    location / { return 200 \"ok\\n\"; }\n  }\n",
                       port);
}

// s_client's verdict on the chain nginx sends, trusting the lab's server root only.
int verify_code(const std::filesystem::path& dir, std::uint16_t port) {
  auto r = run_program("sh",
                       {"-c", "openssl s_client -connect 127.0.0.1:" + std::to_string(port) +
                                  " -servername localhost -CAfile server-ca.pem </dev/null 2>&1 | "
                                  "grep -o 'Verify return code: [0-9]*' | tail -1 | grep -o '[0-9]*$'"},
                       {.cwd = dir});
  return r.out.empty() ? -1 : std::stoi(r.out);
}

TEST(FullchainNginx, WrittenChainIsServedAndVerifiesWhereTheBareCertificateDoesNot) {
  TempDir lab("mtlsd-fullchain");
  const auto& dir = lab.path();
  ASSERT_EQ(run_program(kBinary, {"lab", "create", dir.string()}).exit_code, 0);
  write_file(dir / "bundle.pem", read_file(dir / "server-ca.pem") + read_file(dir / "client-good-chain.pem") +
                                     read_file(dir / "server-good-chain.pem"));
  auto made =
      run_program(kBinary, {"fullchain", "--cert", "server-good.crt", "--chain", "bundle.pem", "-o", "fullchain.pem"},
                  {.cwd = dir});
  ASSERT_EQ(made.exit_code, 0) << made.describe();

  {
    auto server = start_nginx(dir, "fullchain.pem", closed_port());
    ASSERT_TRUE(server->ok()) << server->output() << read_file(dir / "nginx-error.log");
    EXPECT_EQ(verify_code(dir, server->port()), 0);
  }
  {
    auto server = start_nginx(dir, "server-good.crt", closed_port());
    ASSERT_TRUE(server->ok()) << server->output() << read_file(dir / "nginx-error.log");
    // The leaf alone: 20 (unable to get local issuer certificate) or 21 (unable to verify the first certificate).
    const int code = verify_code(dir, server->port());
    EXPECT_TRUE(code == 20 || code == 21) << code;
  }
}

}  // namespace
}  // namespace fullchain_nginx_test
}  // namespace mtlsdoctor::testsupport
