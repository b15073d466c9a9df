// detail::groups_by_bytes (log_patterns.h): the one rule that cuts the RE2 programs of explain --log's
// prefilter and explain TEXT's sets.
#include "log_patterns.h"  // src/explain

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "explain/builtin_explainer.h"

namespace mtlsdoctor::explain {
namespace log_patterns_test {
namespace {

// The RE2 prefilter's alternations and explain TEXT's RE2 sets are cut into programs of bounded
// size by one rule: consecutive patterns, a group closed once it holds the budget or more.
TEST(LogPatterns, GroupsCloseOnceTheyHoldTheBudget) {
  using Groups = std::vector<std::pair<std::size_t, std::size_t>>;
  EXPECT_EQ(detail::groups_by_bytes({}, 10), Groups{});
  EXPECT_EQ(detail::groups_by_bytes({"abc"}, 10), (Groups{{0, 1}}));
  // 4 + 4 = 8 < 10, 8 + 4 = 12 >= 10: the group closes after the third; "x" opens the next.
  EXPECT_EQ(detail::groups_by_bytes({"aaaa", "bbbb", "cccc", "x", "y"}, 10), (Groups{{0, 3}, {3, 5}}));
  // A pattern longer than the budget closes the group it joins; none is ever empty or left out.
  EXPECT_EQ(detail::groups_by_bytes({"a", std::string(50, 'b'), "c"}, 10), (Groups{{0, 2}, {2, 3}}));
  const auto patterns = detail::log_patterns(test::builtin_explainer().knowledge_base()).expressions;
  const auto groups = detail::groups_by_bytes(patterns, 140'000);
  ASSERT_FALSE(groups.empty());
  EXPECT_EQ(groups.front().first, 0U);
  EXPECT_EQ(groups.back().second, patterns.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    EXPECT_LT(groups[g].first, groups[g].second);
    if (g > 0) {
      EXPECT_EQ(groups[g].first, groups[g - 1].second);
    }
  }
  EXPECT_GE(groups.size(), 3U) << "the built-in patterns are several alternations, not one program";
}

}  // namespace
}  // namespace log_patterns_test
}  // namespace mtlsdoctor::explain
