// Time is injected: nothing but this module reads the system clock, which is what makes
// "expired", `--at TIME` and deterministic tests possible.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "mtlsdoctor/core/error.h"

namespace mtlsdoctor::core {

using TimePoint = std::chrono::sys_seconds;

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  [[nodiscard]] TimePoint now() const override;
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(TimePoint at) : m_at(at) {}
  [[nodiscard]] TimePoint now() const override { return m_at; }

 private:
  TimePoint m_at;
};

// RFC 3339 in UTC: "2027-11-26T06:23:01Z".
[[nodiscard]] std::string format_rfc3339(TimePoint t);

// Accepts RFC 3339 with "Z" or a numeric offset ("2027-11-26T06:23:01+02:00"), a bare date
// ("2027-11-26", midnight UTC), or an offset from the clock: "+7d", "-12h", "+90m", "now".
[[nodiscard]] Result<TimePoint> parse_time(std::string_view text, const Clock& clock);

// Whole days from `from` to `to`, rounded toward negative infinity (negative when past).
[[nodiscard]] long days_between(TimePoint from, TimePoint to);

}  // namespace mtlsdoctor::core
