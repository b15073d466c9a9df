#include "mtlsdoctor/render/json_writer.h"

#include <array>
#include <charconv>
#include <cmath>

namespace mtlsdoctor::render {
namespace {

std::string dump(const nlohmann::ordered_json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void pad(std::string& out, int depth) {
  out.append(2 * static_cast<std::size_t>(depth), ' ');
}

// Printable ASCII without a quote or a backslash: dump() writes it as it is.
bool plain(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x80 || c == '"' || c == '\\') return false;
  }
  return true;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  if (!plain(s)) {  // escapes, UTF-8 and its replacement: nlohmann's own
    out += dump(nlohmann::ordered_json(std::string(s)), -1);
    return;
  }
  out += '"';
  out += s;
  out += '"';
}

void append_json_number(std::string& out, long long n) {
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

void append_json_number(std::string& out, double x) {
  if (!std::isfinite(x)) {
    out += "null";
    return;
  }
  std::array<char, 64> buf{};  // nlohmann's serializer: its shortest round-trip digits
  const char* end = nlohmann::detail::to_chars(buf.data(), buf.data() + buf.size(), x);
  out.append(buf.data(), static_cast<std::size_t>(end - buf.data()));
}

void append_json(std::string& out, const nlohmann::ordered_json& value, int depth) {
  using V = nlohmann::ordered_json::value_t;
  switch (value.type()) {
    case V::object: {
      JsonObjectWriter obj(out, depth);
      for (const auto& [k, v] : value.items()) append_json(obj.key(k), v, depth + 1);
      obj.end();
      return;
    }
    case V::array: {
      JsonArrayWriter arr(out, depth);
      for (const auto& v : value) append_json(arr.element(), v, depth + 1);
      arr.end();
      return;
    }
    case V::string: append_json_string(out, value.get_ref<const std::string&>()); return;
    case V::boolean: out += value.get<bool>() ? "true" : "false"; return;
    case V::null: out += "null"; return;
    case V::number_integer: append_json_number(out, static_cast<long long>(value.get<std::int64_t>())); return;
    case V::number_unsigned: {
      char buf[24];
      const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value.get<std::uint64_t>());
      out.append(buf, end);
      return;
    }
    case V::number_float: append_json_number(out, value.get<double>()); return;
    case V::binary:
    case V::discarded: break;
  }
  // Nothing of ours holds these; dump() and indent, as JsonStream always did.
  const std::string text = dump(value, 2);
  std::size_t from = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
    out.append(text, from, nl + 1 - from);
    pad(out, depth);
    from = nl + 1;
  }
  out.append(text, from);
}

namespace {

// A member or element begins: the opening bracket before the first, a comma before the others.
std::string& open_next(std::string& out, bool& empty, char opener, int depth) {
  out += empty ? opener : ',';
  out += '\n';
  empty = false;
  pad(out, depth + 1);
  return out;
}

void close(std::string& out, bool empty, char opener, char closer, int depth) {
  if (empty) {
    out += opener;
  } else {
    out += '\n';
    pad(out, depth);
  }
  out += closer;
}

}  // namespace

std::string& JsonObjectWriter::key(std::string_view k) {
  append_json_string(open_next(m_out, m_empty, '{', m_depth), k);
  m_out += ": ";
  return m_out;
}

void JsonObjectWriter::end() {
  close(m_out, m_empty, '{', '}', m_depth);
}

std::string& JsonArrayWriter::element() {
  return open_next(m_out, m_empty, '[', m_depth);
}

void JsonArrayWriter::end() {
  close(m_out, m_empty, '[', ']', m_depth);
}

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

void JsonStream::append_indented(const nlohmann::ordered_json& value, int depth) {
  append_json(m_buf, value, depth);
}

void JsonStream::flush() {
  if (!m_buf.empty()) m_out.write(m_buf.data(), static_cast<std::streamsize>(m_buf.size()));
  m_buf.clear();
}

}  // namespace mtlsdoctor::render
