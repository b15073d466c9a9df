// The HTTP response a client reads: status line, Date and Server headers, the body's start.
#include <cctype>
#include <cstdlib>

#include "mtlsdoctor/wire/http.h"

namespace mtlsdoctor::wire {

std::optional<HttpResponse> parse_http_response(std::string_view bytes) {
  if (!bytes.starts_with("HTTP/")) return std::nullopt;
  HttpResponse r;
  const auto line_end = bytes.find("\r\n");
  const std::string status_line(bytes.substr(0, line_end));
  const auto sp = status_line.find(' ');
  if (sp == std::string::npos) return std::nullopt;
  r.status = std::atoi(status_line.c_str() + sp + 1);
  const auto sp2 = status_line.find(' ', sp + 1);
  if (sp2 != std::string::npos) r.reason = status_line.substr(sp2 + 1);
  const auto headers_end = bytes.find("\r\n\r\n");
  std::size_t pos = line_end == std::string_view::npos ? bytes.size() : line_end + 2;
  const std::size_t end = headers_end == std::string_view::npos ? bytes.size() : headers_end;
  while (pos < end) {
    auto eol = bytes.find("\r\n", pos);
    if (eol == std::string_view::npos || eol > end) eol = end;
    const std::string_view line = bytes.substr(pos, eol - pos);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string name(line.substr(0, colon));
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      if (name == "date") r.date = std::string(value);
      if (name == "server") r.server = std::string(value);
    }
    pos = eol + 2;
  }
  if (headers_end != std::string_view::npos) r.body = std::string(bytes.substr(headers_end + 4, 2048));
  return r;
}

}  // namespace mtlsdoctor::wire
