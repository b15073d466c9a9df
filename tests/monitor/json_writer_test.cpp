// The JSON written straight into the buffer (no nlohmann tree per item) is nlohmann's dump(2)
// to the byte: escapes, UTF-8 and its replacement, numbers, empty and nested containers, the
// placeholders of library text, and whole monitor items of every kind of field.
#include "mtlsdoctor/render/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "mtlsdoctor/core/hint.h"
#include "mtlsdoctor/monitor/sweep.h"
#include "mtlsdoctor/render/monitor.h"
#include "mtlsdoctor/render/report.h"

namespace mtlsdoctor::render {
namespace {

using Json = nlohmann::ordered_json;

std::string dumped(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::replace);
}

std::string appended(const Json& j) {
  std::string out;
  append_json(out, j, 0);
  return out;
}

// Strings that take every path of the escaping: plain, escaped, UTF-8, invalid UTF-8, DEL.
std::vector<std::string> awkward_strings() {
  return {"",
          "plain text, with commas: and = signs",
          "a \"quoted\" name",
          "O=Acme\\, Inc",
          "tab\there, newline\nthere, \r \b \f",
          std::string("nul\0inside", 10),
          "\x01\x1f control",
          "del \x7f kept",
          "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x94\x92",
          "invalid \xff\xfe utf-8",
          "truncated \xe2\x9c",
          "lone continuation \x80 byte"};
}

TEST(MonitorJsonWriter, AppendJsonIsDumpForEveryKindOfValue) {
  Json nested = Json::object();
  nested["empty_object"] = Json::object();
  nested["empty_array"] = Json::array();
  nested["null"] = nullptr;
  nested["true"] = true;
  nested["false"] = false;
  nested["ints"] = {0, -1, 42, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()};
  nested["unsigned"] = std::numeric_limits<std::uint64_t>::max();
  nested["floats"] = {0.0, -0.0, 0.1, 494.11, 5.0, -12.5, 1e300, 1e-300, 123456789.125, 1.0 / 3.0};
  nested["not_finite"] = {std::nan(""), std::numeric_limits<double>::infinity()};
  nested["deep"] = {{"a", {{"b", Json::array({Json::object(), Json::array({1, 2}), "x"})}}}};
  for (const auto& s : awkward_strings()) {
    nested["strings"].push_back(s);
    nested[s] = s;  // keys are escaped too
  }
  std::vector<Json> values{nested,  Json::object(), Json::array(), Json(nullptr), Json("only a string"),
                           Json(7), Json(2.25)};
  for (const auto& v : values) EXPECT_EQ(appended(v), dumped(v)) << dumped(v);
}

TEST(MonitorJsonWriter, StreamedMembersAreIndentedAsBefore) {
  Json value = {{"a", {1, {{"b", "c"}}}}, {"d", Json::object()}};
  std::ostringstream streamed;
  {
    JsonStream s(streamed);
    s.begin();
    s.member("m", value);
    s.begin_array_member("items");
    s.element(value);
    s.element(Json::array());
    s.end_array_member();
    s.end();
  }
  std::ostringstream whole;
  write_json(whole, Json{{"m", value}, {"items", {value, Json::array()}}});
  EXPECT_EQ(streamed.str(), whole.str());
}

// Items with every member: a reason, a certificate, a verdict, findings with nested evidence,
// placeholders in messages, evidence and fixes, null evidence, no fixes, awkward strings.
TEST(MonitorJsonWriter, ItemsWrittenDirectlyAreTheTreesItems) {
  monitor::SweepResult r;
  r.checked_at = core::TimePoint{std::chrono::seconds{1'800'000'000}};
  const auto strings = awkward_strings();
  for (std::size_t n = 0; n < strings.size(); ++n) {
    const auto& s = strings[n];
    monitor::Item item;
    item.kind = n % 3 == 0   ? monitor::ItemKind::File
                : n % 3 == 1 ? monitor::ItemKind::Identity
                             : monitor::ItemKind::Endpoint;
    item.name = s;
    item.source = "src " + s;
    item.state = n % 2 ? monitor::State::Warning : monitor::State::Ok;
    item.cause = n % 2 ? core::FindingId::CertExpiresSoon : core::FindingId::Ok;
    if (n % 2) item.reason = s + " pass " + core::hint(core::Hint::Cacert);
    if (n % 4 != 3) {
      item.certificate = monitor::CertSummary{s,
                                              "CN=issuer " + s,
                                              "0A1B",
                                              "AA:BB",
                                              r.checked_at,
                                              static_cast<double>(n) * 1.37 - 3.0,
                                              n % 2 ? monitor::CertRole::Server : monitor::CertRole::Ca};
    }
    item.thresholds.warning = std::chrono::days{30 + static_cast<int>(n)};
    if (n % 5 == 2) item.verdict = core::Verdict{core::Outcome::Ok, core::Side::None, core::FindingId::Ok, s};
    auto f = core::Finding::make(core::FindingId::RevocationUnknown, core::Subject::Revocation,
                                 "message " + s + " " + core::hint(core::Hint::Crl));
    f.evidence["url"] = s;
    f.evidence["hinted"] = core::hint(core::Hint::Host);
    f.evidence["list"] = {s, 3, 0.5, Json::object(), Json::array({core::hint(core::Hint::At)})};
    f.evidence["nested"] = {{"x", {{"y", core::hint(core::Hint::Key) + s}}}};
    f.fixes = {s, "fix with " + core::hint(core::Hint::Cert)};
    item.findings.push_back(f);
    auto bare = core::Finding::make(core::FindingId::KeyNotChecked, core::Subject::Key, s);
    if (n % 2) bare.evidence = nullptr;
    item.findings.push_back(bare);
    r.items.push_back(std::move(item));
  }
  std::ostringstream tree, streamed;
  write_json(tree, monitor_json(r));
  write_monitor_json(streamed, r);
  EXPECT_EQ(streamed.str(), tree.str());
  // Not vacuous: the placeholders were spelled, and the replacement character written.
  EXPECT_EQ(streamed.str().find(core::hint(core::Hint::Crl)), std::string::npos);
  EXPECT_NE(streamed.str().find("\xef\xbf\xbd"), std::string::npos);
}

}  // namespace
}  // namespace mtlsdoctor::render
