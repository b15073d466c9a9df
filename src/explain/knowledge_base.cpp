#include "mtlsdoctor/explain/knowledge_base.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

namespace mtlsdoctor::explain {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::optional<int> to_int(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<core::Side> side_from(std::string_view s) {
  for (auto side : {core::Side::None, core::Side::Server, core::Side::Client, core::Side::Negotiation,
                    core::Side::Network, core::Side::Local}) {
    if (core::to_string(side) == s) return side;
  }
  return std::nullopt;
}

using Fragments = std::map<std::string, std::string, std::less<>>;

// The file whose fragments every other file may use (and which holds nothing else).
constexpr std::string_view kSharedFragments = "fragments";

// Parses one file: blocks separated by blank lines, "key: value" per line, '#' comments.
class FileParser {
 public:
  FileParser(const Source& source, KnowledgeBase& kb, const Fragments& shared)
      : m_source(source), m_kb(kb), m_shared(shared) {}

  core::Result<void> run() {
    std::string_view rest = m_source.text;
    while (true) {
      ++m_line;
      const auto nl = rest.find('\n');
      const std::string_view line = trim(rest.substr(0, nl));
      if (auto r = take(line); !r) return r;
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
    return finish_block();
  }

  // This file's fragments, after run().
  [[nodiscard]] Fragments take_fragments() && { return std::move(m_fragments); }

 private:
  // Converts to any Result: the parse error at the current line.
  std::unexpected<core::Error> error(std::string message) const {
    return core::fail(core::ErrorCategory::Parse, std::move(message),
                      fmt::format("kb/{}.kb:{}", m_source.ecosystem, m_line));
  }

  core::Result<void> take(std::string_view line) {
    if (line.empty()) return finish_block();
    if (line.front() == '#') return {};
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return error(fmt::format("expected 'key: value', got '{}'", line));
    const std::string_view key = trim(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    if (value.empty()) return error(fmt::format("'{}' has no value", key));
    if (!m_in_block) {
      m_in_block = true;
      m_block_line = m_line;
      m_entry = Entry{};
      m_guide = CauseGuide{};
      m_kind = key == "cause" ? Block::Guide : key == "fragment" ? Block::Fragment : Block::Entry;
      m_fragment_name.clear();
      m_fragment_pattern.reset();
      if (key != "id" && key != "cause" && key != "fragment")
        return error("a block starts with 'id:', 'cause:' or 'fragment:'");
      if (m_source.ecosystem == kSharedFragments && m_kind != Block::Fragment)
        return error(fmt::format("{}.kb holds fragments only", kSharedFragments));
    }
    switch (m_kind) {
      case Block::Guide: return take_guide(key, value);
      case Block::Fragment: return take_fragment(key, value);
      case Block::Entry: break;
    }
    return take_entry(key, value);
  }

  // A named piece of pattern for this file's later patterns (fragments.kb's: every file's):
  // "fragment: NAME" and one "pattern:".
  core::Result<void> take_fragment(std::string_view key, std::string_view value) {
    if (key == "fragment") {
      const bool name_ok = std::all_of(value.begin(), value.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      });
      if (!name_ok)
        return error(fmt::format("a fragment's name is lower-case letters, digits and '-', not '{}'", value));
      if (m_fragments.contains(value) || m_shared.contains(value))
        return error(fmt::format("fragment '{}' is defined twice", value));
      m_fragment_name = value;
    } else if (key == "pattern") {
      if (m_fragment_pattern) return error(fmt::format("fragment '{}' has more than one pattern", m_fragment_name));
      auto expanded = expand(value);
      if (!expanded) return std::unexpected(expanded.error());
      m_fragment_pattern = std::move(*expanded);
    } else {
      return error(fmt::format("unknown key '{}' in a fragment block (only 'fragment' and 'pattern')", key));
    }
    return {};
  }

  // `value` with every {{NAME}} replaced by the fragment NAME defined above it in this file (or in
  // fragments.kb), as a non-capturing group.
  core::Result<std::string> expand(std::string_view value) const {
    std::string out;
    std::size_t pos = 0;
    while (true) {
      const auto open = value.find("{{", pos);
      if (open == std::string_view::npos) break;
      const auto close = value.find("}}", open + 2);
      if (close == std::string_view::npos) return error(fmt::format("'{{{{' without '}}}}' in '{}'", value));
      const std::string_view name = value.substr(open + 2, close - open - 2);
      auto found = m_fragments.find(name);
      if (found == m_fragments.end()) {
        found = m_shared.find(name);
        if (found == m_shared.end())
          return error(fmt::format("unknown fragment '{}' (define it above in a 'fragment:' block)", name));
      }
      out.append(value.substr(pos, open - pos));
      out += "(?:" + found->second + ")";
      pos = close + 2;
    }
    out.append(value.substr(pos));
    return out;
  }

  core::Result<void> take_guide(std::string_view key, std::string_view value) {
    if (key == "cause") {
      auto id = core::finding_from_slug(value);
      if (!id) return error(fmt::format("unknown cause id '{}'", value));
      m_guide.cause = *id;
    } else if (key == "confirm") {
      m_guide.confirm.emplace_back(value);
    } else if (key == "fix") {
      m_guide.fixes.emplace_back(value);
    } else {
      return error(fmt::format("unknown key '{}' in a cause block", key));
    }
    return {};
  }

  core::Result<void> take_entry(std::string_view key, std::string_view value) {
    Entry& e = m_entry;
    if (key == "id") {
      e.id = value;
      e.ecosystem = m_source.ecosystem;
    } else if (key == "pattern") {
      auto expanded = expand(value);
      if (!expanded) return std::unexpected(expanded.error());
      e.patterns.push_back(std::move(*expanded));
    } else if (key == "unless") {
      auto expanded = expand(value);
      if (!expanded) return std::unexpected(expanded.error());
      e.unless.push_back(std::move(*expanded));
    } else if (key == "reporter") {
      if (value == "client")
        e.reporter = Reporter::Client;
      else if (value == "server")
        e.reporter = Reporter::Server;
      else if (value == "either")
        e.reporter = Reporter::Either;
      else
        return error(fmt::format("reporter is client, server or either, not '{}'", value));
    } else if (key == "rejected_by") {
      auto side = side_from(value);
      if (!side || *side == core::Side::None) return error(fmt::format("bad rejected_by '{}'", value));
      e.rejected_by = *side;
    } else if (key == "causes" || key == "own-server-causes") {
      auto& into = key == "causes" ? e.causes : e.own_server_causes;
      std::string_view rest = value;
      while (!rest.empty()) {
        const auto sp = rest.find(' ');
        const std::string_view slug = rest.substr(0, sp);
        if (!slug.empty()) {
          auto id = core::finding_from_slug(slug);
          if (!id) return error(fmt::format("unknown cause id '{}'", slug));
          into.push_back(*id);
        }
        if (sp == std::string_view::npos) break;
        rest.remove_prefix(sp + 1);
      }
    } else if (key == "confidence") {
      if (value == "certain")
        e.confidence = core::Confidence::Certain;
      else if (value == "likely")
        e.confidence = core::Confidence::Likely;
      else if (value == "possible")
        e.confidence = core::Confidence::Possible;
      else
        return error(fmt::format("bad confidence '{}'", value));
    } else if (key == "weight") {
      if (value == "strong")
        e.weight = Weight::Strong;
      else if (value == "generic")
        e.weight = Weight::Generic;
      else if (value == "weak")
        e.weight = Weight::Weak;
      else if (value == "fallback")
        e.weight = Weight::Fallback;
      else if (value == "last-resort") {
        e.weight = Weight::Fallback;
        e.last_resort = true;
      } else
        return error(fmt::format("weight is strong, generic, weak, fallback or last-resort, not '{}'", value));
    } else if (key == "judged-by") {
      if (value != "writer") return error(fmt::format("judged-by is writer, not '{}'", value));
      e.writer_judges = true;
    } else if (key == "alert" || key == "verify-code" || key == "openssl-alert") {
      auto n = to_int(value);
      if (!n || *n < 0 || *n > 255) return error(fmt::format("bad {} '{}'", key, value));
      (key == "alert" ? e.alert : key == "verify-code" ? e.verify_code : e.openssl_alert) = *n;
    } else if (key == "summary") {
      if (!e.summary.empty()) e.summary += ' ';
      e.summary += value;
    } else if (key == "confirm") {
      e.confirm.emplace_back(value);
    } else if (key == "fix") {
      e.fixes.emplace_back(value);
    } else if (key == "example") {
      e.examples.emplace_back(value);
    } else {
      return error(fmt::format("unknown key '{}'", key));
    }
    return {};
  }

  core::Result<void> finish_block() {
    if (!m_in_block) return {};
    m_in_block = false;
    const auto saved = m_line;
    m_line = m_block_line;
    if (m_kind == Block::Guide) {
      m_kb.guides.push_back(std::move(m_guide));
    } else if (m_kind == Block::Fragment) {
      if (!m_fragment_pattern) return error(fmt::format("fragment '{}' has no pattern", m_fragment_name));
      m_fragments.emplace(std::move(m_fragment_name), std::move(*m_fragment_pattern));
    } else {
      if (m_entry.patterns.empty()) return error(fmt::format("entry '{}' has no pattern", m_entry.id));
      if (m_entry.causes.empty()) return error(fmt::format("entry '{}' has no causes", m_entry.id));
      if (m_entry.summary.empty()) return error(fmt::format("entry '{}' has no summary", m_entry.id));
      if (!m_entry.own_server_causes.empty() && m_entry.rejected_by != core::Side::Local) {
        return error(fmt::format("entry '{}': own-server-causes belongs on a local entry", m_entry.id));
      }
      if (m_entry.writer_judges &&
          (m_entry.reporter != Reporter::Either || m_entry.rejected_by != core::Side::Server || m_entry.alert)) {
        return error(fmt::format(
            "entry '{}': judged-by belongs on an either entry rejected by the server, not an alert", m_entry.id));
      }
      if (m_entry.openssl_alert && !m_entry.verify_code) {
        return error(fmt::format("entry '{}': openssl-alert belongs on a verify-code entry", m_entry.id));
      }
      if (m_entry.verify_code && *m_entry.verify_code != 0 && !m_entry.openssl_alert) {
        return error(fmt::format("entry '{}': a verify-code entry needs openssl-alert (the alert OpenSSL sends for it)",
                                 m_entry.id));
      }
      m_kb.entries.push_back(std::move(m_entry));
    }
    m_line = saved;
    return {};
  }

  const Source& m_source;
  KnowledgeBase& m_kb;
  std::size_t m_line = 0;
  std::size_t m_block_line = 0;
  bool m_in_block = false;
  enum class Block { Entry, Guide, Fragment };
  Block m_kind = Block::Entry;
  Entry m_entry;
  CauseGuide m_guide;
  std::string m_fragment_name;
  std::optional<std::string> m_fragment_pattern;
  Fragments m_fragments;  // this file's, by name
  const Fragments& m_shared;
};

}  // namespace

std::string_view to_string(Reporter r) noexcept {
  switch (r) {
    case Reporter::Client: return "client";
    case Reporter::Server: return "server";
    case Reporter::Either: return "either";
  }
  return "either";
}

core::Confidence Entry::effective_confidence() const noexcept {
  if (confidence) return *confidence;
  return causes.size() == 1 ? core::Confidence::Certain : core::Confidence::Likely;
}

const CauseGuide* KnowledgeBase::guide(core::FindingId cause) const noexcept {
  for (const auto& g : guides) {
    if (g.cause == cause) return &g;
  }
  return nullptr;
}

const Entry* KnowledgeBase::alert_entry(int alert) const noexcept {
  for (const auto& e : entries) {
    if (e.alert == alert) return &e;
  }
  return nullptr;
}

const Entry* KnowledgeBase::verify_entry(int code) const noexcept {
  for (const auto& e : entries) {
    if (e.verify_code == code) return &e;
  }
  return nullptr;
}

namespace {

// A cause as it applies to the judged certificate: the knowledge base names verify results
// for both roles, an alert's reader needs the one role (or none: revocation-unknown).
std::optional<core::FindingId> for_judged(core::FindingId cause, Judged judged) {
  const core::Side wrong = judged == Judged::ClientCertificate ? core::Side::Client : core::Side::Server;
  if (core::refusing_side(cause) != wrong) return cause;
  // A server-cert cause read for a client certificate (or the reverse); role-bound ids such as
  // server-hostname-mismatch have no counterpart and do not apply.
  const auto other = core::counterpart(cause);
  if (other && core::refusing_side(*other) != wrong) return other;
  return std::nullopt;
}

void append_for(std::vector<core::FindingId>& out, std::span<const core::FindingId> causes, Judged judged) {
  for (auto c : causes) {
    const auto id = for_judged(c, judged);
    if (id && std::find(out.begin(), out.end(), *id) == out.end()) out.push_back(*id);
  }
}

bool contains(const std::vector<core::FindingId>& v, core::FindingId id) {
  return std::find(v.begin(), v.end(), id) != v.end();
}

}  // namespace

bool AlertReading::names_only(core::FindingId cause) const noexcept {
  return causes.size() == 1 && causes.front() == cause;
}
bool AlertReading::openssl_means(core::FindingId cause) const noexcept {
  return contains(openssl_causes, cause);
}
bool AlertReading::may_mean(core::FindingId cause) const noexcept {
  return contains(openssl_causes, cause) || contains(causes, cause);
}

AlertReading KnowledgeBase::read_alert(int alert, Judged judged) const {
  AlertReading r;
  r.alert = alert;
  r.entry = alert_entry(alert);
  if (r.entry) append_for(r.causes, r.entry->causes, judged);
  std::vector<const Entry*> sent_for;
  for (const auto& e : entries) {
    if (e.verify_code && e.openssl_alert == alert) sent_for.push_back(&e);
  }
  std::sort(sent_for.begin(), sent_for.end(),
            [](const Entry* a, const Entry* b) { return *a->verify_code < *b->verify_code; });
  for (const auto* e : sent_for) {
    r.openssl_verify_codes.push_back(*e->verify_code);
    append_for(r.openssl_causes, e->causes, judged);
  }
  return r;
}

core::Result<KnowledgeBase> parse(std::span<const Source> sources) {
  KnowledgeBase kb;
  // fragments.kb first, wherever it is in the list: the other files' patterns name its fragments.
  Fragments shared;
  for (const auto& source : sources) {
    if (source.ecosystem != kSharedFragments) continue;
    FileParser parser(source, kb, shared);
    if (auto r = parser.run(); !r) return std::unexpected(r.error());
    auto mine = std::move(parser).take_fragments();
    shared.merge(mine);
  }
  for (const auto& source : sources) {
    if (source.ecosystem == kSharedFragments) continue;
    if (auto r = FileParser(source, kb, shared).run(); !r) return std::unexpected(r.error());
  }
  std::set<std::string_view> ids;
  std::set<int> alerts;
  std::set<int> codes;
  for (const auto& e : kb.entries) {
    if (!ids.insert(e.id).second)
      return core::fail(core::ErrorCategory::Parse, fmt::format("duplicate entry id '{}'", e.id), "kb");
    if (e.alert && !alerts.insert(*e.alert).second) {
      return core::fail(core::ErrorCategory::Parse, fmt::format("alert {} has two canonical entries", *e.alert), "kb");
    }
    if (e.verify_code && !codes.insert(*e.verify_code).second) {
      return core::fail(core::ErrorCategory::Parse,
                        fmt::format("verify code {} has two canonical entries", *e.verify_code), "kb");
    }
    if (e.openssl_alert && !kb.alert_entry(*e.openssl_alert)) {
      return core::fail(
          core::ErrorCategory::Parse,
          fmt::format("entry '{}': openssl-alert {} has no canonical alert entry", e.id, *e.openssl_alert), "kb");
    }
    std::vector<core::FindingId> all_causes = e.causes;
    all_causes.insert(all_causes.end(), e.own_server_causes.begin(), e.own_server_causes.end());
    for (auto cause : all_causes) {
      if (!kb.guide(cause)) {
        return core::fail(core::ErrorCategory::Parse,
                          fmt::format("entry '{}': cause '{}' has no guide in causes.kb", e.id, core::slug(cause)),
                          "kb");
      }
    }
  }
  return kb;
}

const KnowledgeBase& builtin_knowledge_base() {
  static const KnowledgeBase kb = [] {
    auto parsed = parse(builtin_sources());
    if (!parsed) {
      std::fprintf(stderr, "mtls-doctor: the built-in knowledge base is invalid: %s\n", parsed.error().message.c_str());
      std::abort();
    }
    return std::move(*parsed);
  }();
  return kb;
}

std::size_t normalize_to(std::string_view text, char* out) noexcept {
  // 1: a separator; 2: a backslash, a separator when it escapes n, t or r.
  static constexpr auto kClass = [] {
    std::array<unsigned char, 256> t{};
    for (unsigned char c : {' ', '\t', '\n', '\r', '\f', '\v', '_'}) t[c] = 1;
    t['\\'] = 2;
    return t;
  }();
  char* o = out;
  bool space = true;  // drops leading separators
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p < end) {
    const auto c = static_cast<unsigned char>(*p++);
    unsigned cls = kClass[c];
    // A log line quoted as JSON or a C string carries its line breaks as "\n".
    if (cls == 2) {
      if (p < end && (*p == 'n' || *p == 't' || *p == 'r')) {
        ++p;
      } else {
        cls = 0;
      }
    }
    if (cls == 0) {
      *o++ = static_cast<char>(c);
      space = false;
    } else if (!space) {
      *o++ = ' ';
      space = true;
    }
  }
  if (o > out && o[-1] == ' ') --o;
  return static_cast<std::size_t>(o - out);
}

void normalize_append(std::string_view text, std::string& out) {
  const std::size_t start = out.size();
  out.resize(start + text.size());
  out.resize(start + normalize_to(text, out.data() + start));
}

std::string normalize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  normalize_append(text, out);
  return out;
}

}  // namespace mtlsdoctor::explain
