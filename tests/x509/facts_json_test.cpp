// append_json_text must print exactly what to_json(...).dump(2, ' ', false, replace) prints:
// `inspect --format json` streams the former where it used to dump the latter.
#include "mtlsdoctor/x509/facts_json.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "mtlsdoctor/x509/loader.h"
#include "openssl_cli.h"

namespace mtlsdoctor::x509 {
namespace {

using mtlsdoctor::testing::OpensslDir;

const core::TimePoint kAt = std::chrono::sys_days{std::chrono::year{2027} / 3 / 14} + std::chrono::hours{9};

std::string dumped(const nlohmann::ordered_json& j) {
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string reference(const CertFacts& f, const nlohmann::ordered_json& extra = nlohmann::ordered_json::object()) {
  auto j = to_json(f, kAt);
  for (const auto& [k, v] : extra.items()) j[k] = v;
  return dumped(j);
}

std::string streamed(const CertFacts& f, const nlohmann::ordered_json& extra = nlohmann::ordered_json::object()) {
  std::string out;
  append_json_text(out, f, kAt, 0, extra);
  return out;
}

// Every optional part present, and strings that need escaping or are not valid UTF-8.
CertFacts awkward() {
  CertFacts f;
  f.version = 3;
  f.subject.rfc4514 = R"(CN=Zoë \"quoted\"\, back\\slash,O=tab	here)";
  f.subject.attributes = {{"O", "tab\there"}, {"CN", "Zoë \"quoted\", back\\slash"}, {"1.2.3.4", "ctl\x01\x1f\x7f"}};
  f.issuer.rfc4514 = "CN=bad \xff\xfe utf8 \xc3";
  f.issuer.attributes = {{"CN", "bad \xff\xfe utf8 \xc3"}};
  f.serial_hex = "00FF";
  f.not_before = kAt - std::chrono::days{400};
  f.not_after = kAt - std::chrono::days{3};  // expired: negative days_left
  f.sans = {{SanType::Dns, "a.example"},
            {SanType::Ip, "::1"},
            {SanType::Uri, "spiffe://x/y?q=\"1\""},
            {SanType::Email, "\n"}};
  f.key = {KeyType::Ec, 256, "prime256v1", 128, {}};
  f.signature_algorithm = "ecdsa-with-SHA256";
  f.extended_key_usage = ExtendedKeyUsages{{KeyPurpose::ClientAuth, {}}, {KeyPurpose::ServerAuth, {}}};
  f.key_usage = KeyUsageSet{};
  f.basic_constraints = BasicConstraints{true, 2, true};
  f.subject_key_id = "AB:CD";
  f.ocsp_urls = {"http://ocsp.example/"};
  f.crl_urls = {"http://crl.example/a.crl", "http://crl.example/b.crl"};
  f.self_issued = true;
  f.sha256_fingerprint = "00:11";
  f.sha1_fingerprint = "22:33";
  f.spki_sha256 = "q/+=";
  return f;
}

TEST(FactsJsonText, SameBytesAsDumpWithEverythingPresentAndStringsToEscape) {
  EXPECT_EQ(streamed(awkward()), reference(awkward()));
}

TEST(FactsJsonText, SameBytesAsDumpWithEverythingAbsentOrEmpty) {
  CertFacts f;  // empty names, no SANs, null EKU/KU/basicConstraints, no curve
  EXPECT_EQ(streamed(f), reference(f));
  f.basic_constraints = BasicConstraints{};  // present, path_length null
  f.not_after = kAt + std::chrono::days{10};
  f.not_before = kAt + std::chrono::days{1};  // not yet valid
  EXPECT_EQ(streamed(f), reference(f));
}

TEST(FactsJsonText, TimesAcrossTheWholeRangeAreWrittenAsCoreWritesThem) {
  using namespace std::chrono;
  const std::vector<core::TimePoint> times = {
      core::TimePoint{},
      sys_days{year{1950} / 1 / 1},
      sys_days{year{2049} / 12 / 31} + hours{23} + minutes{59} + seconds{59},
      sys_days{year{9999} / 12 / 31} + hours{23} + minutes{59} + seconds{59},
      sys_days{year{10000} / 1 / 1},
      sys_days{year{-1} / 6 / 15} + hours{1},
  };
  for (const auto t : times) {
    CertFacts f = awkward();
    f.not_before = t;
    f.not_after = t + seconds{1};
    EXPECT_EQ(streamed(f), reference(f)) << core::format_rfc3339(t);
  }
}

TEST(FactsJsonText, ExtraMembersComeLastAndNestedDepthIndentsEveryLine) {
  nlohmann::ordered_json extra;
  extra["file"] = "dir/\"odd\" name.pem";
  extra["copies"] = 3;
  extra["nested"] = {{"list", {1, 2}}, {"empty", nlohmann::ordered_json::array()}};
  extra["big"] = std::numeric_limits<std::uint64_t>::max();
  extra["negative"] = std::numeric_limits<std::int64_t>::min();
  extra["real"] = 0.5;
  extra["flag"] = false;
  extra["nothing"] = nullptr;
  extra["odd \"key\"\n"] = "caf\xc3\xa9 \xff";
  EXPECT_EQ(streamed(awkward(), extra), reference(awkward(), extra));

  // Two levels deep, as inspect places a certificate inside "certificates": [ … ].
  nlohmann::ordered_json doc;
  doc["certificates"] = nlohmann::ordered_json::array({to_json(awkward(), kAt)});
  const std::string whole = dumped(doc);
  std::string nested;
  append_json_text(nested, awkward(), kAt, 2);
  EXPECT_EQ("{\n  \"certificates\": [\n    " + nested + "\n  ]\n}", whole);
}

TEST(FactsJsonText, SameBytesAsDumpForCertificatesMadeByOpenssl) {
  OpensslDir dir;
  dir.make_pki();
  for (const char* name : {"leaf.pem", "ca.pem"}) {
    auto b = load_file(dir / name, no_password());
    ASSERT_TRUE(b.has_value()) << b.error().describe();
    const auto& f = b->certificates.at(0).facts();
    EXPECT_EQ(streamed(f), reference(f)) << name;
  }
}

}  // namespace
}  // namespace mtlsdoctor::x509
