// SMTP replies (RFC 5321 §4.2) as a pure codec: "ddd text" lines, "ddd-" while more follow,
// every line bounded. No I/O.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/wire/parse.h"

namespace mtlsdoctor::wire {

// RFC 5321 §4.5.3.1.5 limits a reply line to 512 octets; servers stretch it, so allow more.
inline constexpr std::size_t kSmtpMaxLine = 4096;
inline constexpr std::size_t kSmtpMaxLines = 200;

// One SMTP reply: the code and the text of each line.
struct SmtpReply {
  int code = 0;
  std::vector<std::string> lines;
};

struct SmtpRead {
  Parse status = Parse::Incomplete;
  SmtpReply reply;
  std::size_t consumed = 0;  // bytes of the whole reply
  std::string error;         // why it is malformed
};
// One reply, possibly multi-line ("250-…" then "250 …"), at the front of `bytes`.
[[nodiscard]] SmtpRead read_smtp_reply(std::string_view bytes);
// Does an EHLO reply advertise `keyword` (RFC 5321 §4.1.1.1: one extension per line)?
[[nodiscard]] bool smtp_offers(const SmtpReply& reply, std::string_view keyword);

}  // namespace mtlsdoctor::wire
