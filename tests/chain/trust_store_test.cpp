#include "mtlsdoctor/chain/trust_store.h"

#include <gtest/gtest.h>

#include <thread>

#include "mtlsdoctor/chain/check.h"
#include "pki.h"

namespace mtlsdoctor::chain {
namespace {

using core::FindingId;
using namespace mtlsdoctor::testing;

class TrustStoreTest : public ::testing::Test {
 protected:
  Node root = make(ca("Store Root"), nullptr);
  Node inter = make(ca("Store Intermediate"), &root);
  Node other_root = make(ca("Other Root"), nullptr);

  static CheckOptions opts() {
    CheckOptions o;
    o.role = Role::Client;
    o.at = kNow;
    return o;
  }
  static Identity identity(const Node& l, std::vector<x509::Certificate> offered) {
    return Identity{l.ours, std::move(offered), std::nullopt, false, "leaf.pem", "", ""};
  }
};

TEST_F(TrustStoreTest, HoldsWhatItWasMadeOf) {
  auto store = TrustStore::create(Trust{{root.ours, root.ours}, {}, "root.pem"});
  ASSERT_TRUE(store.has_value());
  ASSERT_EQ(store->trust().anchors.size(), 2u);
  EXPECT_EQ(store->trust().anchors_source, "root.pem");
  EXPECT_NE(store->native(), nullptr);
}

// One store, many checks: each verdict is the one a store made for that check alone gives.
TEST_F(TrustStoreTest, OneStoreJudgesManyIdentitiesAsSeparateStoresWould) {
  const Trust trust{{root.ours}, {}, "root.pem"};
  auto store = TrustStore::create(trust);
  ASSERT_TRUE(store.has_value());
  Node good = make(leaf("good"), &inter);
  Spec old = leaf("old");
  old.not_after = kNow - 24h;
  Node expired = make(old, &inter);
  Node foreign = make(leaf("foreign"), &other_root);
  const std::vector<std::pair<Identity, FindingId>> cases = {
      {identity(good, {inter.ours}), FindingId::Ok},
      {identity(expired, {inter.ours}), FindingId::ClientCertExpired},
      {identity(foreign, {other_root.ours}), FindingId::ClientCertUntrustedIssuer},
      {identity(good, {}), FindingId::ClientChainIncomplete},
  };
  for (int round = 0; round < 2; ++round) {
    for (const auto& [id, cause] : cases) {
      auto shared = check_identity(id, *store, opts());
      auto alone = check_identity(id, trust, opts());
      ASSERT_TRUE(shared.has_value() && alone.has_value());
      EXPECT_EQ(shared->report.verdict.cause, cause);
      EXPECT_EQ(ids(shared->report), ids(alone->report));
      EXPECT_EQ(shared->trusted, alone->trusted);
    }
  }
}

// diagnose --targets checks server chains against one store from several threads (the sanitizer
// build runs this).
TEST_F(TrustStoreTest, ChecksMayShareTheStoreAcrossThreads) {
  auto store = TrustStore::create(Trust{{root.ours}, {}, "root.pem"});
  ASSERT_TRUE(store.has_value());
  Node good = make(leaf("good"), &inter);
  Node foreign = make(leaf("foreign"), &other_root);
  constexpr int kThreads = 6;
  std::vector<FindingId> causes(kThreads, FindingId::ClockSkew);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    const Identity id = i % 2 == 0 ? identity(good, {inter.ours}) : identity(foreign, {other_root.ours});
    threads.emplace_back([&, id, i] {
      for (int n = 0; n < 5; ++n) {
        auto r = check_identity(id, *store, opts());
        causes[static_cast<std::size_t>(i)] = r ? r->report.verdict.cause : FindingId::ClockSkew;
        if (causes[static_cast<std::size_t>(i)] != (i % 2 == 0 ? FindingId::Ok : FindingId::ClientCertUntrustedIssuer))
          return;
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < kThreads; ++i) {
    EXPECT_EQ(causes[static_cast<std::size_t>(i)], i % 2 == 0 ? FindingId::Ok : FindingId::ClientCertUntrustedIssuer)
        << i;
  }
}

}  // namespace
}  // namespace mtlsdoctor::chain
