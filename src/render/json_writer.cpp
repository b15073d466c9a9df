#include "mtlsdoctor/render/json_writer.h"

namespace mtlsdoctor::render {
namespace {

std::string dump(const nlohmann::ordered_json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

void write_json(std::ostream& out, const nlohmann::ordered_json& j) {
  const std::string text = dump(j, 2);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.put('\n');
}

void write_json_line(std::ostream& out, const nlohmann::ordered_json& j) {
  std::string line = dump(j, -1);
  line += '\n';
  out.write(line.data(), static_cast<std::streamsize>(line.size()));
}

JsonStream::JsonStream(std::ostream& out) : m_out(out) {
  m_buf.reserve(kFlushAt + 16 * 1024);
}

void JsonStream::end() {
  m_buf += "\n}\n";
  flush();
}

void JsonStream::member(std::string_view key, const nlohmann::ordered_json& value) {
  key_prefix(key);
  append_indented(value, 1);
  maybe_flush();
}

void JsonStream::begin_array_member(std::string_view key) {
  key_prefix(key);
  m_buf += '[';
  m_array_empty = true;
}

void JsonStream::element(const nlohmann::ordered_json& value) {
  element([&](std::string&) { append_indented(value, 2); });
}

void JsonStream::key_prefix(std::string_view key) {
  m_buf += m_first ? "\n  \"" : ",\n  \"";
  m_first = false;
  m_buf += key;  // our own constant keys: nothing to escape
  m_buf += "\": ";
}

// dump(2) of `value` as it appears `depth` levels deep: every line after the first is indented
// by 2 × depth more spaces. A dumped string holds no raw newline (JSON escapes it).
void JsonStream::append_indented(const nlohmann::ordered_json& value, int depth) {
  const std::string text = dump(value, 2);
  const std::size_t pad = 2 * static_cast<std::size_t>(depth);
  std::size_t from = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
    m_buf.append(text, from, nl + 1 - from);
    m_buf.append(pad, ' ');
    from = nl + 1;
  }
  m_buf.append(text, from);
}

void JsonStream::flush() {
  if (!m_buf.empty()) m_out.write(m_buf.data(), static_cast<std::streamsize>(m_buf.size()));
  m_buf.clear();
}

}  // namespace mtlsdoctor::render
