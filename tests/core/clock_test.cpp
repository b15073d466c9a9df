#include "mtlsdoctor/core/clock.h"

#include <gtest/gtest.h>

namespace mtlsdoctor::core {
namespace {

using namespace std::chrono_literals;
const TimePoint kNoon = TimePoint{std::chrono::sys_days{std::chrono::year{2026} / 11 / 25}} + 12h;

TEST(Rfc3339, FormatsUtcWithZ) {
  EXPECT_EQ(format_rfc3339(kNoon + 3min + 4s), "2026-11-25T12:03:04Z");
  EXPECT_EQ(format_rfc3339(TimePoint{}), "1970-01-01T00:00:00Z");
}

TEST(ParseTime, AcceptsUtcOffsetsDatesAndFractions) {
  const FixedClock clock{kNoon};
  EXPECT_EQ(parse_time("2026-11-25T12:00:00Z", clock).value(), kNoon);
  EXPECT_EQ(parse_time("2026-11-25T14:00:00+02:00", clock).value(), kNoon);
  EXPECT_EQ(parse_time("2026-11-25T07:30:00-04:30", clock).value(), kNoon);
  EXPECT_EQ(parse_time("2026-11-25T12:00:00.123Z", clock).value(), kNoon);
  EXPECT_EQ(parse_time("2026-11-25", clock).value(), kNoon - 12h);
}

TEST(ParseTime, AcceptsOffsetsFromTheClock) {
  const FixedClock clock{kNoon};
  EXPECT_EQ(parse_time("now", clock).value(), kNoon);
  EXPECT_EQ(parse_time("+7d", clock).value(), kNoon + std::chrono::days{7});
  EXPECT_EQ(parse_time("-12h", clock).value(), kNoon - 12h);
  EXPECT_EQ(parse_time("+90m", clock).value(), kNoon + 90min);
}

TEST(ParseTime, RejectsGarbageWithAUsageError) {
  const FixedClock clock{kNoon};
  for (const char* bad : {"", "garbage", "2026-13-01", "2026-02-30", "2026-11-25T25:00:00Z", "2026-11-25T12:00:00",
                          "+7y", "+d", "2026-11-25T12:00:00+2", "+99999999999d"}) {
    auto r = parse_time(bad, clock);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().category, ErrorCategory::Usage) << bad;
  }
}

TEST(DaysBetween, FloorsTowardThePast) {
  EXPECT_EQ(days_between(kNoon, kNoon + 24h * 3), 3);
  EXPECT_EQ(days_between(kNoon, kNoon + 24h * 3 - 1s), 2);
  EXPECT_EQ(days_between(kNoon, kNoon - 1s), -1);
}

}  // namespace
}  // namespace mtlsdoctor::core
