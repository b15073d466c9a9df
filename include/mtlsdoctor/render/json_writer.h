// The one JSON writer of every command: a whole object at once (`write_json`), one object per
// line (`write_json_line`, for --targets), or an object streamed member by member (`JsonStream`,
// for inventories of 10,000 certificates that would not fit one document).
//
// The bytes are always those of nlohmann's dump(2, ' ', false, replace) followed by a newline:
// invalid UTF-8 (a hostile certificate's name) is replaced, never thrown on.
#pragma once

#include <concepts>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

namespace mtlsdoctor::render {

void write_json(std::ostream& out, const nlohmann::ordered_json& j);
void write_json_line(std::ostream& out, const nlohmann::ordered_json& j);

// dump(2) of `value` appended to `out` as it appears `depth` levels deep (every line after the
// first indented by 2 × depth more spaces): the bytes JsonStream writes, without a dumped copy.
void append_json(std::string& out, const nlohmann::ordered_json& value, int depth);
// A JSON string as dump() writes it (quoted, escaped; invalid UTF-8 replaced).
void append_json_string(std::string& out, std::string_view s);
void append_json_number(std::string& out, long long n);
void append_json_number(std::string& out, double x);

// An object written member by member straight into `out`, `depth` levels deep, with the bytes
// of dump(2): `key()` writes `"key": ` and returns the buffer for the member's value.
class JsonObjectWriter {
 public:
  JsonObjectWriter(std::string& out, int depth) : m_out(out), m_depth(depth) {}
  std::string& key(std::string_view k);
  void end();

 private:
  std::string& m_out;
  int m_depth;
  bool m_empty = true;
};

// The same for an array: `element()` returns the buffer for the next element's value.
class JsonArrayWriter {
 public:
  JsonArrayWriter(std::string& out, int depth) : m_out(out), m_depth(depth) {}
  std::string& element();
  void end();

 private:
  std::string& m_out;
  int m_depth;
  bool m_empty = true;
};

// A top-level object written piece by piece: each element of the arrays that grow with the
// input, each other member whole.
class JsonStream {
 public:
  explicit JsonStream(std::ostream& out);
  JsonStream(const JsonStream&) = delete;
  JsonStream& operator=(const JsonStream&) = delete;

  void begin() { m_buf += '{'; }
  void end();
  // `"key": value` as a member of the top-level object.
  void member(std::string_view key, const nlohmann::ordered_json& value);
  // `"key": [` … `]` with elements appended one at a time by element().
  void begin_array_member(std::string_view key);
  // An element written by `append(std::string&)`, as a value two levels deep.
  template <class Append>
  requires std::invocable<Append, std::string&>
  void element(Append&& append) {
    m_buf += m_array_empty ? "\n    " : ",\n    ";
    m_array_empty = false;
    append(m_buf);
    maybe_flush();
  }
  void element(const nlohmann::ordered_json& value);
  void end_array_member() { m_buf += m_array_empty ? "]" : "\n  ]"; }

 private:
  static constexpr std::size_t kFlushAt = 256 << 10;

  void key_prefix(std::string_view key);
  void append_indented(const nlohmann::ordered_json& value, int depth);
  void maybe_flush() {
    if (m_buf.size() >= kFlushAt) flush();
  }
  void flush();

  std::ostream& m_out;
  std::string m_buf;
  bool m_first = true;
  bool m_array_empty = true;
};

}  // namespace mtlsdoctor::render
