#include "mtlsdoctor/core/clock.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace mtlsdoctor::core {

TimePoint SystemClock::now() const {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string format_rfc3339(TimePoint t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count());
}

long days_between(TimePoint from, TimePoint to) {
  const auto secs = (to - from).count();
  return static_cast<long>(std::floor(static_cast<double>(secs) / 86400.0));
}

namespace {

// Reads exactly `width` digits at `pos`; false when they are not all digits.
bool read_fixed(std::string_view s, std::size_t pos, std::size_t width, int& out) {
  if (pos + width > s.size()) return false;
  const char* first = s.data() + pos;
  const char* last = first + width;
  auto [ptr, ec] = std::from_chars(first, last, out);
  return ec == std::errc{} && ptr == last;
}

Result<TimePoint> parse_relative(std::string_view text, const Clock& clock) {
  const int sign = text.front() == '-' ? -1 : 1;
  std::string_view body = text.substr(1);
  if (body.size() < 2) return fail(ErrorCategory::Usage, fmt::format("bad relative time '{}'", text));
  const char unit = body.back();
  long long amount = 0;
  auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size() - 1, amount);
  if (ec != std::errc{} || ptr != body.data() + body.size() - 1 || amount > 1'000'000) {
    return fail(ErrorCategory::Usage, fmt::format("bad relative time '{}'", text));
  }
  std::chrono::seconds delta{};
  switch (unit) {
    case 'd': delta = std::chrono::days{amount}; break;
    case 'h': delta = std::chrono::hours{amount}; break;
    case 'm': delta = std::chrono::minutes{amount}; break;
    case 's': delta = std::chrono::seconds{amount}; break;
    default:
      return fail(ErrorCategory::Usage, fmt::format("bad relative time '{}': the unit must be d, h, m or s", text));
  }
  return clock.now() + sign * delta;
}

}  // namespace

Result<TimePoint> parse_time(std::string_view text, const Clock& clock) {
  if (text == "now") return clock.now();
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) return parse_relative(text, clock);

  const auto bad = [&] {
    return fail(ErrorCategory::Usage, fmt::format("bad time '{}': expected RFC 3339 (2027-11-26T06:23:01Z), a date "
                                                  "(2027-11-26) or an offset (+7d, -12h)",
                                                  text));
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!read_fixed(text, 0, 4, y) || text.size() < 10 || text[4] != '-' || !read_fixed(text, 5, 2, mo) ||
      text[7] != '-' || !read_fixed(text, 8, 2, d)) {
    return bad();
  }
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return bad();
  std::chrono::seconds offset{0};
  if (text.size() > 10) {
    if ((text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !read_fixed(text, 11, 2, h) || text.size() < 19 ||
        text[13] != ':' || !read_fixed(text, 14, 2, mi) || text[16] != ':' || !read_fixed(text, 17, 2, s) || h > 23 ||
        mi > 59 || s > 60) {
      return bad();
    }
    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {  // fractional seconds are accepted and dropped
      ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    }
    const std::string_view zone = text.substr(pos);
    if (zone == "Z" || zone == "z") {
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
      int oh = 0, om = 0;
      if (!read_fixed(zone, 1, 2, oh) || !read_fixed(zone, 4, 2, om)) return bad();
      offset = std::chrono::hours{oh} + std::chrono::minutes{om};
      if (zone[0] == '-') offset = -offset;
    } else {
      return bad();
    }
  }
  const auto local =
      std::chrono::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{s};
  return TimePoint{local - offset};
}

}  // namespace mtlsdoctor::core
