// A certificate judged alone, answered from its facts (lone_leaf.h), against OpenSSL's own
// X509_verify_cert on the same certificate: the same verdict and the same findings, for every
// role, security level and time around its validity period; and every case where OpenSSL has
// more to read than the facts goes to OpenSSL.
#include "lone_leaf.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include "pki.h"

namespace mtlsdoctor::chain {
namespace {

using namespace mtlsdoctor::testing;

std::string describe(const core::Finding& f) {
  return fmt::format("{} {} {} [{}] {} fixes=[{}] cert={} depth={} code={}", core::slug(f.id),
                     static_cast<int>(f.severity), static_cast<int>(f.subject), f.message, f.evidence.dump(),
                     fmt::join(f.fixes, " | "), f.certificate.value_or("-"), f.depth.value_or(-1),
                     f.verify_code.value_or(-1));
}

std::string describe(const CheckResult& r) {
  std::string out =
      fmt::format("{} {} {} {} {} trusted={} path={}\n", static_cast<int>(r.report.verdict.outcome),
                  static_cast<int>(r.report.verdict.rejected_by), core::slug(r.report.verdict.cause),
                  r.report.verdict.summary, static_cast<int>(r.report.verdict.confidence), r.trusted, r.path.size());
  for (const auto& f : r.report.findings) out += describe(f) + "\n";
  return out;
}

Identity alone(const Node& n) {
  return Identity{n.ours, {}, std::nullopt, false, "leaf.pem", "", ""};
}

// Both verifiers on one identity; returns whether the fast one answered from the facts.
bool expect_same(const Identity& id, const Trust& trust, CheckOptions o, const std::string& what) {
  auto store = TrustStore::create(trust);
  EXPECT_TRUE(store.has_value());
  if (!store) return false;
  o.verifier = Verifier::Fastest;
  auto fast = check_identity(id, *store, o);
  o.verifier = Verifier::OpenSslOnly;
  auto openssl = check_identity(id, *store, o);
  EXPECT_TRUE(fast.has_value() && openssl.has_value()) << what;
  if (fast && openssl) {
    EXPECT_EQ(describe(*fast), describe(*openssl)) << what;
  }
  return detail::judged_alone(id, *store, o);
}

std::vector<Spec> leaves() {
  std::vector<Spec> out;
  for (auto key : {ld::KeyType::EcP256, ld::KeyType::Rsa2048, ld::KeyType::Rsa1024}) {
    for (const auto& eku : std::vector<std::vector<ld::Purpose>>{{ld::Purpose::ClientAuth},
                                                                 {ld::Purpose::ServerAuth},
                                                                 {ld::Purpose::ServerAuth, ld::Purpose::ClientAuth}}) {
      for (const auto& ku : {ld::KeyUsage{true, false, false, false}, ld::KeyUsage{false, true, false, false},
                             ld::KeyUsage{false, false, false, true}}) {
        Spec s = leaf(fmt::format("leaf {} {} {}", static_cast<int>(key), eku.size(), out.size()));
        s.key = key;
        s.eku = eku;
        s.key_usage = ku;
        out.push_back(s);
      }
    }
  }
  Spec expired = leaf("expired");
  expired.not_before = kNow - 24h * 400;
  expired.not_after = kNow - 24h;
  out.push_back(expired);
  Spec future = leaf("not yet valid");
  future.not_before = kNow + 24h;
  out.push_back(future);
  return out;
}

TEST(LoneLeaf, AnswersAsOpenSslDoesForEveryRoleLevelAndTime) {
  const Node issuer = make(ca("Lone Leaf CA"), nullptr);  // made, never given: the leaves stand alone
  int fast = 0, cases = 0;
  for (const auto& spec : leaves()) {
    const Node n = make(spec, &issuer);
    const auto& f = n.ours.facts();
    // Around both ends of the validity period, to the second (X509_cmp_time's "not later").
    for (auto at :
         {kNow, f.not_before - 1s, f.not_before, f.not_before + 1s, f.not_after - 1s, f.not_after, f.not_after + 1s}) {
      for (auto role : {Role::Client, Role::Server}) {
        for (int level = 0; level <= 5; ++level) {
          CheckOptions o;
          o.role = role;
          o.at = at;
          o.security_level = level;
          ++cases;
          if (expect_same(
                  alone(n), Trust{}, o,
                  fmt::format("{} at {} as {} level {}", spec.cn, core::format_rfc3339(at), to_string(role), level)))
            ++fast;
        }
      }
    }
  }
  // RSA-1024 has no canonical strength (it goes to OpenSSL); the rest are answered from facts.
  EXPECT_GT(fast, cases / 2) << fast << " of " << cases;
}

TEST(LoneLeaf, OpenSslJudgesWhateverItHasMoreToReadOf) {
  const Node root = make(ca("Lone Root"), nullptr);
  const Node leaf_node = make(leaf("alone"), &root);
  auto judged_alone = [](const Identity& id, const Trust& trust, CheckOptions o = {}) {
    auto store = TrustStore::create(trust);
    return store && detail::judged_alone(id, *store, o);
  };
  EXPECT_TRUE(judged_alone(alone(leaf_node), Trust{}));
  EXPECT_TRUE(leaf_node.ours.facts().verifier_facts_complete);
  // A trust anchor, a CRL, an issuer sent with it, a host name: OpenSSL's verifier judges.
  EXPECT_FALSE(judged_alone(alone(leaf_node), Trust{{root.ours}, {}, "root.pem"}));
  Identity with_issuer = alone(leaf_node);
  with_issuer.offered.push_back(root.ours);
  EXPECT_FALSE(judged_alone(with_issuer, Trust{}));
  CheckOptions host;
  host.role = Role::Server;
  host.host = "example.com";
  EXPECT_FALSE(judged_alone(alone(leaf_node), Trust{}, host));
  // A CA, a self-signed certificate, a key without a canonical strength.
  EXPECT_FALSE(judged_alone(alone(root), Trust{}));
  Spec weak = leaf("weak");
  weak.key = ld::KeyType::Rsa1024;
  const Node weak_node = make(weak, &root);
  EXPECT_FALSE(weak_node.ours.facts().verifier_facts_complete);
  EXPECT_FALSE(judged_alone(alone(weak_node), Trust{}));
  // The same answers where OpenSSL judges, whichever verifier is asked for.
  CheckOptions o;
  o.at = kNow;
  expect_same(with_issuer, Trust{{root.ours}, {}, "root.pem"}, o, "leaf and root, root trusted");
  expect_same(alone(root), Trust{}, o, "a root alone");
}

// at_rest (monitor): the same verdict and findings, in the same order, as a full check — less
// only hostname-not-checked — for leaves alone (weak, wrong EKU, …) and for chains OpenSSL
// verifies, both roles.
TEST(LoneLeaf, AtRestChecksGiveTheFullChecksFindings) {
  const Node root = make(ca("Findings Root"), nullptr);
  std::vector<Identity> ids;
  for (const auto& spec : leaves()) ids.push_back(alone(make(spec, &root)));
  Identity with_root = alone(make(leaf("with root"), &root));
  with_root.offered.push_back(root.ours);
  ids.push_back(with_root);
  int dropped = 0;
  for (const auto& id : ids) {
    for (auto role : {Role::Client, Role::Server}) {
      for (const auto& trust : {Trust{}, Trust{{root.ours}, {}, "root.pem"}}) {
        CheckOptions full;
        full.role = role;
        full.at = kNow;
        CheckOptions lean = full;
        lean.at_rest = true;
        auto a = check_identity(id, trust, full);
        auto b = check_identity(id, trust, lean);
        ASSERT_TRUE(a && b);
        std::string want, got;
        for (const auto& f : a->report.findings) {
          if (f.id == core::FindingId::HostnameNotChecked)
            ++dropped;
          else
            want += describe(f) + "\n";
        }
        for (const auto& f : b->report.findings) got += describe(f) + "\n";
        EXPECT_EQ(got, want) << id.leaf.facts().subject.rfc4514 << " as " << to_string(role);
        EXPECT_EQ(a->path.size(), b->path.size());
        EXPECT_EQ(a->trusted, b->trusted);
        EXPECT_EQ(b->report.verdict.summary, a->report.verdict.summary);
        EXPECT_EQ(b->report.verdict.cause, a->report.verdict.cause);
      }
    }
  }
  EXPECT_GT(dropped, 0);  // not vacuous: server checks without a host have it
}

}  // namespace
}  // namespace mtlsdoctor::chain
