// SMTP replies (RFC 5321 §4.2): "ddd text" lines, "ddd-" while more follow; every line bounded.
#include <fmt/format.h>

#include <cctype>

#include "mtlsdoctor/wire/smtp.h"

namespace mtlsdoctor::wire {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// RFC 5321 §4.2: Reply-code = %x32-35 %x30-35 %x30-39.
bool valid_code(std::string_view line) {
  return line.size() >= 3 && line[0] >= '2' && line[0] <= '5' && line[1] >= '0' && line[1] <= '5' &&
         is_digit(line[2]) && (line.size() == 3 || line[3] == ' ' || line[3] == '-');
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

SmtpRead malformed(std::string why) {
  SmtpRead r;
  r.status = Parse::Malformed;
  r.error = std::move(why);
  return r;
}

}  // namespace

SmtpRead read_smtp_reply(std::string_view bytes) {
  SmtpRead r;
  std::size_t pos = 0;
  for (;;) {
    const auto nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) {
      if (bytes.size() - pos > kSmtpMaxLine)
        return malformed(fmt::format("a reply line longer than {} bytes", kSmtpMaxLine));
      return r;  // Incomplete
    }
    std::string_view line = bytes.substr(pos, nl - pos);
    if (line.ends_with('\r')) line.remove_suffix(1);  // bare LF is tolerated, as most clients do
    if (line.size() > kSmtpMaxLine) return malformed(fmt::format("a reply line longer than {} bytes", kSmtpMaxLine));
    if (!valid_code(line)) return malformed("a line that is not an SMTP reply");
    const int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    if (!r.reply.lines.empty() && code != r.reply.code) {
      return malformed(fmt::format("reply lines with different codes ({} then {})", r.reply.code, code));
    }
    r.reply.code = code;
    r.reply.lines.emplace_back(line.size() > 4 ? line.substr(4) : std::string_view{});
    if (r.reply.lines.size() > kSmtpMaxLines)
      return malformed(fmt::format("a reply of more than {} lines", kSmtpMaxLines));
    pos = nl + 1;
    if (line.size() == 3 || line[3] == ' ') {
      r.status = Parse::Complete;
      r.consumed = pos;
      return r;
    }
  }
}

bool smtp_offers(const SmtpReply& reply, std::string_view keyword) {
  // The first line is the server's name and greeting; each further line is one extension.
  for (std::size_t i = 1; i < reply.lines.size(); ++i) {
    std::string_view line = reply.lines[i];
    const auto space = line.find(' ');
    if (iequals(line.substr(0, space), keyword)) return true;
  }
  return false;
}

}  // namespace mtlsdoctor::wire
