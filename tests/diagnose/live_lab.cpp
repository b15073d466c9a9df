#include "live_lab.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string_view>

#include "peers.h"

namespace mtlsdoctor::testsupport {

const std::string kBinary = MTLSD_BINARY;

Lab::Lab() {
  auto r = run_program(kBinary, {"lab", "create", dir.path().string()});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  manifest = nlohmann::json::parse(read_file(dir / "manifest.json"));
}

const nlohmann::json& Lab::entry(const std::string& name) const {
  for (const auto& e : manifest["identities"]) {
    if (e["name"] == name) return e;
  }
  throw std::runtime_error("no identity " + name);
}

Lab& lab() {
  static Lab instance;
  return instance;
}

Verdict diagnose(std::uint16_t port, const std::vector<std::string>& extra) {
  std::vector<std::string> args{"diagnose", "127.0.0.1:" + std::to_string(port), "--format", "json", "--timeout", "3"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = run_program(kBinary, args, {.cwd = lab().dir.path(), .timeout = std::chrono::seconds(30)});
  Verdict v;
  v.exit_code = r.exit_code;
  v.raw = r.describe();
  EXPECT_TRUE(r.exited()) << r.describe();
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.describe();
  if (j.is_discarded()) return v;
  v.json = j;
  v.cause = j["verdict"]["cause"];
  v.rejected_by = j["verdict"]["rejected_by"];
  return v;
}

std::vector<std::string> identity_args(const std::string& name, bool with_crl) {
  // The foreign leaf alone is client-other-ca without its chain (peers.h).
  const bool alone = name == kForeignLeafAlone;
  const auto& e = lab().entry(alone ? std::string("client-other-ca") : name);
  std::vector<std::string> a;
  for (const char* k : {"cert", "key", "chain", "p12"}) {
    if (e.contains(k) && !(alone && std::string_view(k) == "chain")) {
      a.push_back(std::string("--") + k);
      a.push_back(e[k]);
    }
  }
  if (e.contains("password_file")) {
    a.push_back("--password-file");
    a.push_back(e["password_file"]);
  }
  if (with_crl && e.contains("crl")) {
    a.push_back("--crl");
    a.push_back(e["crl"]);
  }
  return a;
}

const std::vector<std::string> kServerTrust{"--cacert", "server-ca.pem", "--servername", "localhost"};

std::vector<std::string> s_server_args(const std::string& version, const std::string& server_identity) {
  std::vector<std::string> a{"s_server",
                             "-accept",
                             "127.0.0.1:0",
                             "-cert",
                             server_identity + ".crt",
                             "-key",
                             server_identity + ".key",
                             "-CAfile",
                             "client-ca.pem",
                             "-Verify",
                             "3",
                             "-verify_return_error",
                             "-CRL",
                             "client-crl.pem",
                             "-crl_check",
                             "-www",
                             "-naccept",
                             "1000",
                             version};
  if (std::filesystem::exists(lab().dir / (server_identity + "-chain.pem"))) {
    a.insert(a.end(), {"-cert_chain", server_identity + "-chain.pem"});
  }
  return a;
}

}  // namespace mtlsdoctor::testsupport
