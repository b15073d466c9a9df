// kubeconfig files as a source of the monitor: each user with a client certificate is an item
// "path#user", judged as a client identity, whether the certificate and key are embedded
// (`client-certificate-data`, base64 PEM) or in files relative to the kubeconfig (`client-certificate`).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "mtlsdoctor/monitor/sweep.h"
#include "pki.h"

namespace mtlsdoctor::monitor {
namespace {

using core::FindingId;
using test::find;
namespace fs = std::filesystem;

std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

class MonitorKubeconfig : public ::testing::Test {
 protected:
  fs::path lab(std::string_view name) const { return test::pki("lab").dir / name; }
  std::string data(std::string_view name) const { return base64(testsupport::read_file(lab(name))); }
  std::string embedded(std::string_view user, std::string_view cert, std::string_view key) const {
    return fmt::format("- name: {}\n  user:\n    client-certificate-data: {}\n    client-key-data: {}\n", user,
                       data(cert), data(key));
  }
  SweepResult run(const fs::path& kubeconfig) const {
    const auto yaml = fmt::format("version: 1\nfiles:\n  - path: {}\n    cacert: {}\n", kubeconfig.string(),
                                  lab("client-ca.pem").string());
    auto config = parse_config(yaml, "monitor.yaml", dir.path());
    EXPECT_TRUE(config) << config.error().describe();
    if (!config) return {};
    return sweep(*config, SweepOptions{test::pki("lab").created});
  }
  testsupport::TempDir dir{"mtlsd-kubeconfig"};
};

TEST_F(MonitorKubeconfig, EachUserWithAClientCertificateIsAnIdentityItem) {
  fs::create_directories(dir.path() / "certs");
  fs::copy_file(lab("client-good-full.pem"), dir.path() / "certs" / "client.pem");
  fs::copy_file(lab("client-good.key"), dir.path() / "certs" / "client.key");
  const auto kube = dir.path() / "config";
  testsupport::write_file(kube, "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers:\n" +
                                    embedded("good", "client-good-full.pem", "client-good.key") +
                                    embedded("expired", "client-expired-full.pem", "client-expired.key") +
                                    embedded("mismatched", "client-good-full.pem", "client-expired.key") +
                                    "- name: in-files\n  user:\n    client-certificate: certs/client.pem\n"
                                    "    client-key: certs/client.key\n"
                                    "- name: missing-file\n  user:\n    client-certificate: certs/nowhere.pem\n"
                                    "- name: not-base64\n  user:\n    client-certificate-data: '*** not base64 ***'\n"
                                    "- name: token-only\n  user:\n    token: abc.def\n");
  const auto r = run(kube);

  const auto item = [&](std::string_view user) -> const Item& {
    return find(r, fmt::format("{}#{}", kube.string(), user));
  };
  EXPECT_EQ(item("good").state, State::Ok) << item("good").reason;
  EXPECT_EQ(item("good").kind, ItemKind::File);
  ASSERT_TRUE(item("good").certificate);
  EXPECT_EQ(item("good").certificate->role, CertRole::Client);
  EXPECT_NE(item("good").certificate->subject.find("CN=client-good"), std::string::npos)
      << item("good").certificate->subject;

  EXPECT_EQ(item("expired").state, State::Critical);
  EXPECT_EQ(item("expired").cause, FindingId::ClientCertExpired) << core::slug(item("expired").cause);
  EXPECT_EQ(item("mismatched").state, State::Critical);
  EXPECT_EQ(item("mismatched").cause, FindingId::ClientKeyMismatch) << core::slug(item("mismatched").cause);
  EXPECT_EQ(item("in-files").state, State::Ok) << item("in-files").reason;

  EXPECT_EQ(item("missing-file").state, State::Unknown);
  EXPECT_EQ(item("missing-file").cause, FindingId::ClientIdentityUnreadable);
  EXPECT_NE(item("missing-file").reason.find("nowhere.pem"), std::string::npos) << item("missing-file").reason;
  EXPECT_EQ(item("not-base64").state, State::Unknown);
  EXPECT_NE(item("not-base64").reason.find("client-certificate-data"), std::string::npos) << item("not-base64").reason;

  for (const auto& i : r.items)
    EXPECT_EQ(i.name.find("token-only"), std::string::npos) << "a user without a certificate";
  EXPECT_EQ(r.items.size(), 6u);
}

// A kubeconfig whose YAML does not parse: one unknown item, naming the line.
TEST_F(MonitorKubeconfig, BrokenYamlIsNamedWithItsLine) {
  const auto kube = dir.path() / "config";
  testsupport::write_file(kube, "users:\n- name: a\n  user:\n    client-certificate-data: [unclosed\n");
  const auto r = run(kube);
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items.front().state, State::Unknown);
  EXPECT_NE(r.items.front().reason.find("line"), std::string::npos) << r.items.front().reason;
}

}  // namespace
}  // namespace mtlsdoctor::monitor
