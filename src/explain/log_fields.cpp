// The fields explain --log reads from an event's line: its time, client address and certificate
// subject (line_fields, declared in log_scan.h). nginx's own shapes are read by hand, anything
// else by the regexes of the formats of real servers' logs.
#include <re2/re2.h>

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/explain/log_scan.h"

namespace mtlsdoctor::explain {
namespace {

RE2::Options field_options() {
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  return o;
}

// Whether `word` (lowercase ASCII) occurs in `text`, ignoring ASCII case.
bool contains_caseless(std::string_view text, std::string_view word) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  return std::search(text.begin(), text.end(), word.begin(), word.end(),
                     [&](char a, char b) { return lower(a) == b; }) != text.end();
}

// What the time regexes give for a line that starts as nginx's do ("2026/11/25 08:01:02 "): the
// syslog one cannot match (its 4th and 5th bytes are a word character and a space), the ISO one
// matches at the first byte with neither optional part (a space follows the seconds). Empty for
// any other line, which the regexes then read.
std::string nginx_time(std::string_view line) {
  static constexpr std::string_view kShape = "dddd/dd/dd dd:dd:dd ";
  if (line.size() < kShape.size()) return {};
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const char c = line[i];
    const bool fits = kShape[i] == 'd'   ? c >= '0' && c <= '9'
                      : kShape[i] == '/' ? c == '/' || c == '-'
                      : i == 10          ? c == ' ' || c == 'T' || c == 't'
                                         : c == kShape[i];
    if (!fits) return {};
  }
  return std::string(line.substr(0, kShape.size() - 1));
}

bool word_byte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool address_byte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':';
}

// What the first client regex, \bclient: ([0-9a-f.:]*[0-9a-f]) caselessly, captures at its
// leftmost match: after the first "client: " at a word boundary, the run of address bytes up to
// its last hex digit. Empty when it does not match (then every regex is tried, this one again).
std::string nginx_client(std::string_view line) {
  static constexpr std::string_view kWord = "client: ";
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  for (std::size_t at = 0; at + kWord.size() <= line.size(); ++at) {
    const auto it = std::search(line.begin() + static_cast<std::ptrdiff_t>(at), line.end(), kWord.begin(), kWord.end(),
                                [&](char a, char b) { return lower(a) == b; });
    if (it == line.end()) return {};
    at = static_cast<std::size_t>(it - line.begin());
    if (at > 0 && word_byte(line[at - 1])) continue;
    std::size_t end = at + kWord.size();
    std::size_t last_hex = 0;
    while (end < line.size() && address_byte(line[end])) {
      if (line[end] != '.' && line[end] != ':') last_hex = end + 1;
      ++end;
    }
    if (last_hex != 0) return std::string(line.substr(at + kWord.size(), last_hex - at - kWord.size()));
  }
  return {};
}

// The first capture of the first regex that matches.
std::string first_capture(std::string_view line, std::span<const std::unique_ptr<RE2>> regexes) {
  std::string out;
  for (const auto& re : regexes) {
    if (RE2::PartialMatch(re2::StringPiece(line.data(), line.size()), *re, &out)) return out;
  }
  return {};
}

std::vector<std::unique_ptr<RE2>> compile_all(std::initializer_list<const char*> patterns) {
  std::vector<std::unique_ptr<RE2>> out;
  for (const char* p : patterns) out.push_back(std::make_unique<RE2>(p, field_options()));
  return out;
}

}  // namespace

LineFields line_fields(std::string_view line) {
  static const auto times = compile_all({
      // syslog, first: the time the line was logged (Nov 25 08:01:02 host prog[pid]: ...)
      R"(^(\w{3} +\d{1,2} \d{2}:\d{2}:\d{2}))",
      // nginx, Go's log, ISO 8601 / RFC 3339, Java (comma before the milliseconds)
      R"((\d{4}[/-]\d{2}[/-]\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?))",
      // Apache: [Wed Nov 25 08:01:02.123456 2026]
      R"(\[(\w{3} \w{3} +\d{1,2} \d{2}:\d{2}:\d{2}(?:\.\d+)? \d{4})\])",
      // HAProxy and the common log format: [25/Nov/2026:08:01:02.123] or with a zone
      R"(\[(\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2}(?:\.\d+)?(?: [+-]\d{4})?)\])",
  });
  static const auto clients = compile_all({
      R"(\bclient: ([0-9a-f.:]*[0-9a-f]))",                   // nginx
      R"(\[client ([0-9a-f.:]+?)(?::\d+)?\])",                // Apache
      R"(haproxy\[\d+\]: ([0-9a-f.:]*[0-9a-f]):\d+ )",        // HAProxy
      R"(\bfrom \[?([0-9a-f.:]*[0-9a-f])\]?:\d+)",            // Go, stunnel
      R"re("client": ?"\[?([0-9a-f.:]*[0-9a-f])\]?:\d+")re",  // serve's decision log (JSON)
      R"(\b(?:remote[ _]?addr(?:ess)?|client[ _]?(?:ip|addr(?:ess)?)|peer)[=: "]+([0-9a-f.:]*[0-9a-f])\b)",
  });
  static const auto subjects = compile_all({
      R"re("subject": ?"((?:[^"\\]|\\.)*?=(?:[^"\\]|\\.)*?)")re",  // serve's decision log (JSON)
      R"(\b(?:subject|s_dn|ssl_client_s_dn)\s*[:=]\s*"?([^"\[\];]*?=[^"\[\];]*?)\s*(?:"|\]|;| / |, issuer|$))",
  });
  LineFields f;
  // nginx's own shapes first, by hand, giving what the regexes give (LogFields.*): most lines of
  // a big log are nginx's, and two regex searches with a capture were a tenth of a bad day's scan.
  f.time = nginx_time(line);
  if (f.time.empty()) f.time = first_capture(line.substr(0, std::min<std::size_t>(line.size(), 96)), times);
  f.client = nginx_client(line);
  if (f.client.empty()) f.client = first_capture(line, clients);
  // Both subject regexes need one of these words: most lines (nginx's) hold neither, and two
  // failed searches of the whole line cost more than looking for the words.
  if (contains_caseless(line, "subject") || contains_caseless(line, "s_dn")) f.subject = first_capture(line, subjects);
  // An address must hold a digit: "client: localhost" names no address.
  if (f.client.find_first_of("0123456789") == std::string::npos) f.client.clear();
  return f;
}

}  // namespace mtlsdoctor::explain
