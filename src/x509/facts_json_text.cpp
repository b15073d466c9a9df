// The text of to_json(CertFacts) without building the JSON value: `inspect --format json` over
// 10,000 certificates spent two thirds of its time building, copying and freeing nlohmann
// values (docs/performance.md). The layout mirrors nlohmann's dump(2, ' ', false, replace)
// exactly; tests/x509/facts_json_test.cpp compares the two byte for byte.
#include <array>
#include <charconv>
#include <chrono>
#include <vector>

#include "mtlsdoctor/x509/facts_json.h"

namespace mtlsdoctor::x509 {
namespace {

// Pretty JSON as nlohmann prints it with indent 2: "{", then each member on its own line as
// `"key": value`, separated by ",", then "}" on a line of its own; "{}" and "[]" when empty.
class PrettyWriter {
 public:
  PrettyWriter(std::string& out, int depth) : m_out(out), m_depth(depth) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // One of our own keys: plain ASCII, nothing to escape.
  void key(std::string_view k) {
    next_item();
    m_out += '"';
    m_out += k;
    m_out += "\": ";
    m_after_key = true;
  }
  void any_key(std::string_view k) {
    next_item();
    quoted(k);
    m_out += ": ";
    m_after_key = true;
  }
  // key + value in one call, for the many plain members
  template <typename T>
  void member(std::string_view k, const T& v) {
    key(k);
    value(v);
  }
  void value(std::string_view s) {
    before_value();
    quoted(s);
  }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(const char*) = delete;  // a literal would be a bool otherwise
  void value(bool b) {
    before_value();
    m_out += b ? "true" : "false";
  }
  void value(long long n) {
    before_value();
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, n);
    m_out.append(buf, r.ptr);
  }
  void value(unsigned long long n) {
    before_value();
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, n);
    m_out.append(buf, r.ptr);
  }
  void value(int n) { value(static_cast<long long>(n)); }
  void value(long n) { value(static_cast<long long>(n)); }
  void null() {
    before_value();
    m_out += "null";
  }
  void strings(const std::vector<std::string>& list) {
    begin_array();
    for (const auto& s : list) value(s);
    end_array();
  }
  // Any other value: strings and integers as above, the rest through nlohmann itself, dumped
  // and indented to the current depth.
  void json(const nlohmann::ordered_json& j) {
    if (j.is_string()) return value(j.get_ref<const std::string&>());
    if (j.is_number_unsigned()) return value(j.get<unsigned long long>());
    if (j.is_number_integer()) return value(j.get<long long>());
    before_value();
    const std::string text = j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    std::size_t from = 0;
    for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
      m_out.append(text, from, nl + 1 - from);
      indent();
      from = nl + 1;
    }
    m_out.append(text, from);
  }

 private:
  void open(char c) {
    before_value();
    m_out += c;
    m_nonempty.push_back(false);
    ++m_depth;
  }
  void close(char c) {
    --m_depth;
    if (m_nonempty.back()) {
      m_out += '\n';
      indent();
    }
    m_out += c;
    m_nonempty.pop_back();
  }
  void next_item() {
    if (m_nonempty.empty()) return;  // the outermost value: the caller placed it
    const bool comma = m_nonempty.back();
    m_nonempty.back() = true;
    const std::size_t width = 2 * static_cast<std::size_t>(m_depth);
    if (width + 2 <= kBreak.size()) {
      // ",\n" and the indentation in one append.
      m_out.append(kBreak.data() + (comma ? 0 : 1), width + (comma ? 2 : 1));
    } else {
      m_out += comma ? ",\n" : "\n";
      indent();
    }
  }
  void before_value() {
    if (m_after_key) {
      m_after_key = false;
      return;
    }
    next_item();
  }
  void indent() { m_out.append(2 * static_cast<std::size_t>(m_depth), ' '); }

  // Printable ASCII without '"' or '\' is copied as it is, the common case. Anything else
  // (control characters, UTF-8, invalid bytes from a hostile certificate) goes through
  // nlohmann's own escaping, so the two outputs cannot differ.
  void quoted(std::string_view s) {
    for (const char c : s) {
      if (!kPlain[static_cast<unsigned char>(c)]) {
        m_out += nlohmann::ordered_json(s).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
        return;
      }
    }
    m_out += '"';
    m_out += s;
    m_out += '"';
  }

  static constexpr std::array<bool, 256> kPlain = [] {
    std::array<bool, 256> t{};
    for (int c = 0x20; c <= 0x7e; ++c) t[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    return t;
  }();
  static constexpr std::string_view kBreak =
      ",\n                                                                ";  // ",\n" and 64 spaces

  std::string& m_out;
  int m_depth;
  std::vector<bool> m_nonempty;  // per open container: has it an element yet?
  bool m_after_key = false;
};

// core::format_rfc3339 without fmt ("2027-11-26T06:23:01Z"), for years 0–9999; it is called
// twice per certificate.
std::string rfc3339(core::TimePoint t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) return core::format_rfc3339(t);
  const std::chrono::hh_mm_ss hms{t - day};
  std::string out = "0000-00-00T00:00:00Z";
  const auto put = [&out](std::size_t at, long value, int digits) {
    for (int i = digits - 1; i >= 0; --i, value /= 10)
      out[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
  };
  put(0, year, 4);
  put(5, static_cast<unsigned>(ymd.month()), 2);
  put(8, static_cast<unsigned>(ymd.day()), 2);
  put(11, hms.hours().count(), 2);
  put(14, hms.minutes().count(), 2);
  put(17, static_cast<long>(hms.seconds().count()), 2);
  return out;
}

void write_name(PrettyWriter& w, const DistinguishedName& dn) {
  w.begin_object();
  w.member("rfc4514", dn.rfc4514);
  w.key("attributes");
  w.begin_array();
  for (const auto& a : dn.attributes) {
    w.begin_object();
    w.member("type", a.type);
    w.member("value", a.value);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void write_key(PrettyWriter& w, const KeyInfo& key) {
  w.begin_object();
  w.member("type", key.type_name());
  w.member("bits", key.bits);
  if (!key.curve.empty()) {
    w.member("curve", key.curve);
  }
  w.member("security_bits", key.security_bits);
  w.end_object();
}

// By name, in the certificate's order; null when the extension is absent.
void write_ekus(PrettyWriter& w, const std::optional<ExtendedKeyUsages>& ekus) {
  if (!ekus) return w.null();
  w.begin_array();
  for (const auto& e : *ekus) w.value(e.name());
  w.end_array();
}

// By name, in bit order; null when the extension is absent.
void write_key_usage(PrettyWriter& w, const std::optional<KeyUsageSet>& usage) {
  if (!usage) return w.null();
  w.begin_array();
  for (int i = 0; i <= static_cast<int>(KeyUsage::DecipherOnly); ++i) {
    if (usage->has(static_cast<KeyUsage>(i))) w.value(to_string(static_cast<KeyUsage>(i)));
  }
  w.end_array();
}

}  // namespace

void append_json_text(std::string& out, const CertFacts& f, core::TimePoint at, int depth,
                      const nlohmann::ordered_json& extra) {
  PrettyWriter w(out, depth);
  w.begin_object();
  w.key("subject");
  write_name(w, f.subject);
  w.key("issuer");
  write_name(w, f.issuer);
  w.member("serial", f.serial_hex);
  w.member("version", f.version);
  w.member("not_before", rfc3339(f.not_before));
  w.member("not_after", rfc3339(f.not_after));
  w.member("status", to_string(validity_at(f, at)));
  w.member("days_left", core::days_between(at, f.not_after));
  w.key("subject_alt_names");
  w.begin_array();
  for (const auto& s : f.sans) {
    w.begin_object();
    w.member("type", to_string(s.type));
    w.member("value", s.value);
    w.end_object();
  }
  w.end_array();
  w.key("key");
  write_key(w, f.key);
  w.member("signature_algorithm", f.signature_algorithm);
  w.key("extended_key_usage");
  write_ekus(w, f.extended_key_usage);
  w.key("key_usage");
  write_key_usage(w, f.key_usage);
  w.key("basic_constraints");
  if (f.basic_constraints) {
    w.begin_object();
    w.member("ca", f.basic_constraints->ca);
    w.key("path_length");
    if (f.basic_constraints->path_length) {
      w.value(*f.basic_constraints->path_length);
    } else {
      w.null();
    }
    w.member("critical", f.basic_constraints->critical);
    w.end_object();
  } else {
    w.null();
  }
  w.member("subject_key_id", f.subject_key_id);
  w.member("authority_key_id", f.authority_key_id);
  w.key("ocsp_urls");
  w.strings(f.ocsp_urls);
  w.key("ca_issuer_urls");
  w.strings(f.ca_issuer_urls);
  w.key("crl_urls");
  w.strings(f.crl_urls);
  w.member("self_issued", f.self_issued);
  w.member("sha256_fingerprint", f.sha256_fingerprint);
  w.member("sha1_fingerprint", f.sha1_fingerprint);
  w.member("spki_sha256", f.spki_sha256);
  for (const auto& [k, v] : extra.items()) {
    w.any_key(k);
    w.json(v);
  }
  w.end_object();
}

}  // namespace mtlsdoctor::x509
