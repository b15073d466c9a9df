// Real output captured from curl and openssl s_client against openssl s_server on loopback
// (tests/explain/samples/capture.sh): each file names the cause and side it must give.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "mtlsdoctor/explain/explainer.h"
#include "mtlsdoctor/explain/log_scan.h"

namespace mtlsdoctor::explain {
namespace {

namespace fs = std::filesystem;

struct Sample {
  std::string name;
  std::string cause;
  std::string rejected_by;
  std::string text;
};

std::vector<Sample> load_samples() {
  std::vector<Sample> out;
  const fs::path dir = fs::path(MTLSD_SOURCE_DIR) / "tests/explain/samples";
  for (const auto& f : fs::directory_iterator(dir)) {
    if (f.path().extension() != ".txt") continue;
    std::ifstream in(f.path());
    Sample s{f.path().stem().string(), {}, {}, {}};
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("# expect: ", 0) == 0) {
        std::istringstream words(line.substr(10));
        words >> s.cause >> s.rejected_by;
      } else if (line.rfind("# ", 0) != 0) {
        s.text += line + "\n";
      }
    }
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const Sample& a, const Sample& b) { return a.name < b.name; });
  return out;
}

void PrintTo(const Sample& s, std::ostream* os) {
  *os << s.name;
}

class CapturedSample : public testing::TestWithParam<Sample> {};

TEST_P(CapturedSample, GivesTheExpectedCauseAndSide) {
  static const auto explainer = [] {
    auto r = Explainer::builtin();
    if (!r) throw std::runtime_error(r.error().describe());
    return std::move(*r);
  }();
  const auto& s = GetParam();
  ASSERT_FALSE(s.cause.empty()) << s.name << ": no '# expect:' line";
  const auto e = explainer.explain_text(s.text);
  ASSERT_TRUE(e.explained()) << s.name << ":\n" << s.text;
  const auto report = explainer.report(e);
  EXPECT_EQ(core::slug(report.verdict.cause), s.cause) << s.name << " matched " << e.matches.front().entry->id;
  EXPECT_EQ(core::to_string(report.verdict.rejected_by), s.rejected_by) << s.name;

  // Read as a log, line by line, the cause most lines point to is the same.
  static auto scanner = LogScanner::create(explainer);  // reused: finish() readies it for the next
  ASSERT_TRUE(scanner.has_value());
  scanner->feed(s.text);
  const auto summary = scanner->finish();
  ASSERT_NE(summary.top(), nullptr) << s.name;
  const auto log = log_report(summary, explainer);
  EXPECT_EQ(core::slug(log.verdict.cause), s.cause) << s.name << " as a log";
  EXPECT_EQ(core::to_string(log.verdict.rejected_by), s.rejected_by) << s.name << " as a log";
}

INSTANTIATE_TEST_SUITE_P(Loopback, CapturedSample, testing::ValuesIn(load_samples()),
                         [](const testing::TestParamInfo<Sample>& info) {
                           std::string name = info.param.name;
                           for (char& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace mtlsdoctor::explain
