// The openssl-made client certificates of tests/fixtures/policy_pki.sh, made once per test
// process in a temporary directory, and policies parsed from text.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "mtlsdoctor/policy/decision.h"
#include "mtlsdoctor/policy/policy.h"
#include "mtlsdoctor/x509/identity.h"
#include "support/run.h"

namespace mtlsdoctor::policy::test {

class Pki {
 public:
  static Pki& get() {
    static Pki pki;
    return pki;
  }
  [[nodiscard]] const std::filesystem::path& dir() const { return m_dir.path(); }
  [[nodiscard]] std::filesystem::path cert_file(const std::string& name) const { return m_dir / (name + ".pem"); }
  [[nodiscard]] const x509::Certificate& cert(const std::string& name) {
    auto it = m_certs.find(name);
    if (it == m_certs.end()) {
      auto id = x509::load_identity({cert_file(name).string(), {}, {}, {}},
                                    [](std::string_view) -> core::Result<std::string> { return std::string{}; });
      EXPECT_TRUE(id.has_value()) << name << ": " << (id ? "" : id.error().describe());
      it = m_certs.emplace(name, id->leaf).first;
    }
    return it->second;
  }

 private:
  Pki() : m_dir("mtlsd-policy-pki") {
    auto r = testsupport::run_program(
        "bash", {std::string(MTLSD_SOURCE_DIR) + "/tests/fixtures/policy_pki.sh", m_dir.path().string()},
        {.timeout = std::chrono::seconds(120)});
    if (r.exit_code != 0) ADD_FAILURE() << r.describe();
  }
  testsupport::TempDir m_dir;
  std::map<std::string, x509::Certificate> m_certs;
};

inline Policy parse_ok(const std::string& yaml) {
  auto p = parse(yaml, "p.yaml");
  EXPECT_TRUE(p.has_value()) << (p ? "" : p.error().describe());
  return p ? std::move(*p) : Policy{};
}

// A policy of one allow rule with `match` (YAML flow or block text indented under match:).
inline Policy one_rule(const std::string& match) {
  return parse_ok("version: 1\nrules:\n  - name: r\n    action: allow\n    match:\n      " + match + "\n");
}

// Does the one-rule policy allow certificate `name` (source, sni, time as given)?
inline bool allows(const Policy& p, const x509::Certificate& cert, Connection conn = {}) {
  if (conn.at == core::TimePoint{})
    conn.at = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  auto in = Input::make(cert.facts(), conn);
  EXPECT_TRUE(in.has_value());
  return in && decide(p, *in).allowed();
}

}  // namespace mtlsdoctor::policy::test
