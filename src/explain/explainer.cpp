#include "mtlsdoctor/explain/explainer.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <mutex>
#include <optional>

#include "line_prefilter.h"
#include "log_patterns.h"
#include "mtlsdoctor/ossl/errors.h"
#include "readings.h"
#include "regex_options.h"
#include "report_parts.h"

namespace mtlsdoctor::explain {
namespace {

using detail::append_unique;
using detail::as_judged_by_client;
using detail::as_read_by_other_end;
using detail::as_servers_own_identity;
using detail::kb_regex_options;
using detail::servers_own_identity;
using detail::subject_of;

// Every pattern of an entry as one alternation, captured to learn what it matched.
std::string combined(const Entry& e) {
  std::string out = "(";
  for (std::size_t i = 0; i < e.patterns.size(); ++i) {
    if (i) out += '|';
    out += "(?:" + e.patterns[i] + ")";
  }
  return out + ")";
}

// OpenSSL 3 packs lib << 23 | reason, 1.1 lib << 24 | func << 12 | reason; the SSL library is
// 20, and SSL_AD_REASON_OFFSET (1000) + N is "alert N received".
// A bare OpenSSL error code, or Squid 6's TLS_LIB_ERR=: explain_text reads it as an alert number,
// log_entry tries a line holding one (log_patterns.cpp's kOpensslCode is its raw-text twin).
const RE2& bare_code() {
  static const RE2 re(R"((?:error:([0-9a-f]{8})|\btls lib err=([0-9a-f]{6,8})\b))", kb_regex_options());
  return re;
}

std::optional<int> alert_from_openssl_code(const std::string& hex) {
  const unsigned long code = std::stoul(hex, nullptr, 16);
  constexpr unsigned long kSslLib = 20;
  unsigned long reason = 0;
  if ((code >> 23) == kSslLib)
    reason = code & 0x7FFFFFUL;
  else if ((code >> 24) == kSslLib)
    reason = code & 0xFFFUL;
  else
    return std::nullopt;
  if (reason < 1000 || reason > 1255) return std::nullopt;
  return static_cast<int>(reason - 1000);
}

}  // namespace

class Explainer::LazyWriter {
 public:
  explicit LazyWriter(std::string_view normalized) : m_normalized(normalized) {}
  Writer get() {
    if (!m_writer) m_writer = writer_of(m_normalized);
    return *m_writer;
  }

 private:
  std::string_view m_normalized;
  std::optional<Writer> m_writer;
};

struct Explainer::Impl {
  KnowledgeBase kb;
  // Every entry's pattern, compiled on first use: explain --log with Hyperscan asks it only of
  // events of several lines, and compiling it was an eighth of a 150 MB scan.
  // The patterns in sets of about 25 KB of pattern text each (some 15,000 RE2 instructions), not
  // one: each new DFA state costs RE2 an array the size of its set's program, and one set of
  // every entry made that about a megabyte. Explaining the 941 wild
  // texts three times with TextEngine::Re2Set took 47 s in Release with one set, 15 s with these
  // (16 MiB of DFA budget each: 187 MB peak against 180; with 64 MiB each, 12 s and 297 MB); the
  // sanitizer build's TextEngine.TheSetExplainsASampleAlike 53 -> 24 s (docs/performance.md,
  // "explain TEXT without Hyperscan"). A text passes through every set, but a text is short.
  static constexpr std::size_t kSetPatternBytes = 25'000;
  static RE2::Options set_options() {
    RE2::Options o = kb_regex_options();
    o.set_max_mem(16 << 20);
    return o;
  }
  struct PatternSet {
    RE2::Set set{set_options(), RE2::UNANCHORED};
    int first = 0;  // the entry index of its pattern 0
  };
  mutable std::vector<std::unique_ptr<PatternSet>> sets;  // patterns added by create(), compiled under set_once
  mutable std::once_flag set_once;
  mutable bool set_compiled = false;
  // The sets of `patterns`, in groups of kSetPatternBytes (detail::groups_by_bytes). The set parses
  // every pattern with the same options: a pattern it accepts compiles alone. An error names the
  // first entry whose pattern the set refused.
  core::Result<void> make_sets() {
    for (const auto& [first, last] : detail::groups_by_bytes(patterns, kSetPatternBytes)) {
      sets.push_back(std::make_unique<PatternSet>());
      sets.back()->first = static_cast<int>(first);
      for (std::size_t i = first; i < last; ++i) {
        std::string error;
        if (sets.back()->set.Add(patterns[i], &error) < 0) {
          return core::fail(core::ErrorCategory::Parse,
                            fmt::format("entry '{}': bad pattern: {}", kb.entries[i].id, error), "kb");
        }
      }
    }
    return {};
  }
  // One per entry, same order, compiled on first use: `explain TEXT` needs the few that the set
  // matched, and compiling all of them took most of its start-up (issue 15, L14).
  std::vector<std::string> patterns;
  mutable std::vector<std::unique_ptr<RE2>> regexes;
  mutable std::unique_ptr<std::once_flag[]> compiled;

  const RE2& regex(std::size_t index) const {
    std::call_once(compiled[index],
                   [&] { regexes[index] = std::make_unique<RE2>(patterns[index], kb_regex_options()); });
    return *regexes[index];
  }
  // The longest of all the entry's matches in the text (empty: none): "curl: (58)" starts the
  // line, but "could not load PEM client certificate" later on it is what says the most.
  // Each match is found as FindAndConsume would find it (the rest of the text as a text of its
  // own), asking only for the whole match: the entry's pattern is one group around everything,
  // so that is its group 1, and RE2 finds both ends with its DFAs, without the submatch engine.
  re2::StringPiece longest_match(std::size_t index, std::string_view normalized) const {
    re2::StringPiece best;
    re2::StringPiece rest(normalized.data(), normalized.size());
    const RE2& re = regex(index);
    re2::StringPiece piece;
    while (re.ok() && re.Match(rest, 0, rest.size(), RE2::UNANCHORED, &piece, 1)) {
      if (piece.size() > best.size()) best = piece;
      rest.remove_prefix(static_cast<std::size_t>(piece.data() + piece.size() - rest.data()));
      if (piece.empty()) {
        if (rest.empty()) break;
        rest.remove_prefix(1);
      }
    }
    return best;
  }

  // TextEngine::Fastest: Hyperscan's built-in database (never compiled here: that takes seconds),
  // loaded by create(); null when it does not fit (then the set). Its scratch is one, so texts
  // take turns (explain --log's threads each have their own prefilter).
  TextEngine engine = TextEngine::Fastest;
  mutable std::mutex hs_mutex;
  mutable std::unique_ptr<detail::LinePrefilter> hs;
  std::vector<int> fallbacks;  // entries Hyperscan's database leaves out (log_patterns.h)

  // The entries whose raw pattern occurs in the text, and the fallbacks, each tried with its own
  // regex: every non-fallback entry that matches has its raw pattern matched (raw_pattern.h).
  std::vector<int> prefiltered_hits(std::string_view normalized) const {
    std::vector<detail::LineSpan> spans;
    std::vector<std::uint32_t> named;
    {
      const std::lock_guard lock(hs_mutex);
      hs->candidates(normalized, spans, named);
    }
    std::vector<int> out;
    const re2::StringPiece text(normalized.data(), normalized.size());
    const auto try_entry = [&](std::size_t i) {
      if (RE2::PartialMatch(text, regex(i))) out.push_back(static_cast<int>(i));
    };
    for (const std::uint32_t c : named) try_entry(c);
    for (const int f : fallbacks) try_entry(static_cast<std::size_t>(f));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  bool hyperscan() const { return hs != nullptr; }
  // TextEngine::EveryRegex, and the set's fallback: every entry's own regex in turn.
  std::vector<int> every_regex_hits(std::string_view normalized) const {
    std::vector<int> out;
    const re2::StringPiece text(normalized.data(), normalized.size());
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      if (RE2::PartialMatch(text, regex(i))) out.push_back(static_cast<int>(i));
    }
    return out;
  }
  // The entries whose pattern matches, ascending. When the set's DFA runs out of memory (a long
  // text keeping many counted repeats half-matched) each entry's regex answers instead (RE2 falls
  // back from its DFA): the same hits, more slowly, never none.
  std::vector<int> hits(std::string_view normalized) const {
    auto out = matched(normalized);
    drop_unless(out, normalized);
    return out;
  }
  // The entries whose `unless:` pattern matches the text too leave `hits` (few entries have one).
  void drop_unless(std::vector<int>& hits, std::string_view normalized) const {
    const re2::StringPiece text(normalized.data(), normalized.size());
    std::erase_if(hits, [&](int i) {
      const auto& u = unless[static_cast<std::size_t>(i)];
      return u != nullptr && RE2::PartialMatch(text, *u);
    });
  }
  std::vector<std::unique_ptr<const RE2>> unless;  // per entry: its `unless:` alternation, or null
  std::vector<int> matched(std::string_view normalized) const {
    if (engine == TextEngine::EveryRegex) return every_regex_hits(normalized);
    if (hyperscan()) return prefiltered_hits(normalized);
    std::vector<int> out;
    std::call_once(set_once, [&] {
      set_compiled = std::all_of(sets.begin(), sets.end(), [](const auto& s) { return s->set.Compile(); });
    });
    // A set over RE2's memory budget does not compile: each regex answers, as on kOutOfMemory.
    if (!set_compiled) return every_regex_hits(normalized);
    const re2::StringPiece text(normalized.data(), normalized.size());
    std::vector<int> part;
    for (const auto& s : sets) {
      RE2::Set::ErrorInfo error{};
      part.clear();
      if (!s->set.Match(text, &part, &error) && error.kind == RE2::Set::kOutOfMemory)
        return every_regex_hits(normalized);
      for (const int i : part) out.push_back(s->first + i);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<Entry> mirrored;           // entries read in the other end's log, then as judged by a client
  std::vector<const Entry*> other_end;   // per entry: its mirrored reading, or itself
  std::vector<const Entry*> client_end;  // per entry: its reading in a client's text (judged-by: writer), or itself

  std::vector<Entry> own_server;            // identity entries read as the server's own
  std::vector<const Entry*> own_server_of;  // per entry: that reading, or nullptr

  bool has_own_server_reading(std::span<const int> hits) const {
    return std::any_of(hits.begin(), hits.end(),
                       [&](int i) { return own_server_of[static_cast<std::size_t>(i)] != nullptr; });
  }
  // read(), then the server's own identity where the text is about it (servers_own_identity).
  const Entry* read(std::size_t index, Writer w, bool own_server_identity) const {
    if (own_server_identity && own_server_of[index] != nullptr) return own_server_of[index];
    return read(index, w);
  }

  // read(index, writer, own), asking the writer only when the entry reads differently by writer.
  const Entry* read(std::size_t index, LazyWriter& w, bool own_server_identity) const {
    if (own_server_identity && own_server_of[index] != nullptr) return own_server_of[index];
    if (other_end[index] == &kb.entries[index] && client_end[index] == &kb.entries[index]) return &kb.entries[index];
    return read(index, w.get());
  }

  bool is_mirrored(const Entry* e) const {
    return !mirrored.empty() && e >= mirrored.data() && e < mirrored.data() + mirrored.size();
  }
  const Entry* read(std::size_t index, Writer w) const {
    if (w == Writer::Unknown) return &kb.entries[index];
    // A server that sent the alert wrote the text: the canonical alert entry reads as written (the
    // server refused the client); every other reading is the server's (a verify result it printed
    // judged the client: FreeRADIUS's "OpenSSL says error 10" before its "Alert write:fatal:...";
    // slapd's "TLS trace: SSL3 alert write:fatal:unknown CA").
    if (w == Writer::ServerSentAlert) {
      const Entry& e = kb.entries[index];
      return e.alert ? &e : other_end[index];
    }
    // A client's text: only a `judged-by: writer` entry reads differently (the client judged the server).
    if (w == Writer::Client) return client_end[index];
    // The client sent the alert (Erlang's `generated CLIENT ALERT`, a client's Java `SEND ... ALERT`):
    // the client wrote the text, so its own words (`{bad_cert,hostname_check_failed}`) are read as
    // written; only the readings of the alert (as a client receives it) turn round.
    if (w == Writer::ServerAlertFromClient && kb.entries[index].reporter == Reporter::Client) return &kb.entries[index];
    if (w == Writer::ServerAlertFromClient && client_end[index] != &kb.entries[index]) return client_end[index];
    return other_end[index];
  }
};

Explainer::Explainer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Explainer::Explainer(Explainer&&) noexcept = default;
Explainer& Explainer::operator=(Explainer&&) noexcept = default;
Explainer::~Explainer() = default;

const KnowledgeBase& Explainer::knowledge_base() const noexcept {
  return m_impl->kb;
}

std::string_view Explainer::text_engine() const {
  if (m_impl->engine == TextEngine::EveryRegex) return "every regex";
  return m_impl->hyperscan() ? "hyperscan" : "re2 set";
}

core::Result<Explainer> Explainer::create(KnowledgeBase kb, TextEngine engine) {
  auto impl = std::make_unique<Impl>();
  impl->kb = std::move(kb);
  impl->engine = engine;
  if (engine == TextEngine::Fastest) {
    if (auto p = detail::hyperscan_prefilter(impl->kb, LiteralPass::Off, detail::CompileAtRunTime::No))
      impl->hs = std::move(*p);
  }
  for (const auto& e : impl->kb.entries) {
    if (e.weight == Weight::Fallback) impl->fallbacks.push_back(static_cast<int>(&e - impl->kb.entries.data()));
    impl->patterns.push_back(combined(e));
    std::unique_ptr<const RE2> unless;
    if (!e.unless.empty()) {
      std::string alternation;
      for (const auto& u : e.unless) alternation += (alternation.empty() ? "(?:" : "|(?:") + u + ")";
      unless = std::make_unique<const RE2>(alternation, kb_regex_options());
      if (!unless->ok())
        return core::fail(core::ErrorCategory::Parse,
                          fmt::format("entry '{}': bad unless pattern: {}", e.id, unless->error()), "kb");
    }
    impl->unless.push_back(std::move(unless));
  }
  // With Hyperscan's built-in database the patterns are the built-in ones, whose every entry
  // compiles (tested with the other engines), and the sets are never asked: a sixth of a start.
  if (impl->hs == nullptr) {
    if (auto made = impl->make_sets(); !made) return std::unexpected(made.error());
  }
  impl->regexes.resize(impl->patterns.size());
  impl->compiled = std::make_unique<std::once_flag[]>(impl->patterns.size());
  std::vector<std::optional<Entry>> mirrors;
  for (const auto& e : impl->kb.entries) {
    mirrors.push_back(as_read_by_other_end(e));
    if (mirrors.back()) impl->mirrored.push_back(*mirrors.back());
  }
  std::vector<std::optional<Entry>> judged;
  for (const auto& e : impl->kb.entries) {
    judged.push_back(as_judged_by_client(e));
    if (judged.back()) impl->mirrored.push_back(*judged.back());
  }
  std::size_t next = 0;
  for (std::size_t i = 0; i < impl->kb.entries.size(); ++i) {
    impl->other_end.push_back(mirrors[i] ? &impl->mirrored[next++] : &impl->kb.entries[i]);
  }
  for (std::size_t i = 0; i < impl->kb.entries.size(); ++i) {
    impl->client_end.push_back(judged[i] ? &impl->mirrored[next++] : &impl->kb.entries[i]);
  }
  std::vector<std::optional<Entry>> owns;
  for (const auto& e : impl->kb.entries) {
    owns.push_back(as_servers_own_identity(e));
    if (owns.back()) impl->own_server.push_back(*owns.back());
  }
  next = 0;
  for (std::size_t i = 0; i < impl->kb.entries.size(); ++i) {
    impl->own_server_of.push_back(owns[i] ? &impl->own_server[next++] : nullptr);
  }
  return Explainer(std::move(impl));
}

core::Result<Explainer> Explainer::builtin(TextEngine engine) {
  auto kb = parse(builtin_sources());
  if (!kb) return std::unexpected(kb.error());
  return create(std::move(*kb), engine);
}

Explanation Explainer::explain_text(std::string_view text) const {
  const std::string normalized = normalize(text);
  if (normalized.empty() || m_impl->kb.entries.empty()) return {};
  const Writer writer = writer_of(normalized);
  return ranked(normalized, writer, m_impl->hits(normalized));
}

// A bare OpenSSL error code that names no alert ("error:0A000086" with its words cut off, 1.x's
// "error:14090086", Squid's "TLS_LIB_ERR=A000086") is read by the words OpenSSL's own tables give
// it, as OpenSSL 3 prints them ("SSL routines::certificate verify failed"), when the text does not
// already hold its reason: the entries those words match join `out`, each as the code and words.
// `codes`: the text's codes as ranked() found them, each its hex digits and how the text wrote it.
void Explainer::code_words(std::string_view normalized, std::span<const std::pair<std::string, std::string>> codes,
                           Explanation& out) const {
  for (const auto& [hex, written] : codes.first(std::min<std::size_t>(codes.size(), 4))) {
    std::string code = hex;
    if (code.size() < 8) code.insert(0, 8 - code.size(), '0');
    const auto told = ossl::code_words(code);
    if (!told || normalized.find(normalize(told->reason)) != std::string_view::npos) continue;
    // As OpenSSL 3 prints it: "DECODER routines::unsupported".
    const std::string words = normalize(told->library.empty() ? told->reason : told->library + "::" + told->reason);
    const std::string said = written + " (" + words + ")";
    for (const int i : m_impl->hits(words)) {
      const auto index = static_cast<std::size_t>(i);
      if (m_impl->kb.entries[index].last_resort) continue;
      const bool known = std::any_of(out.matches.begin(), out.matches.end(),
                                     [&](const Match& m) { return m.entry->id == m_impl->kb.entries[index].id; });
      if (!known) out.matches.push_back(Match{m_impl->read(index, out.writer), said});
    }
  }
}

// The matches of the entries `hits` (ascending, each matching `normalized`), ranked.
Explanation Explainer::ranked(std::string_view normalized, Writer writer, std::span<const int> hits) const {
  Explanation out;
  out.writer = writer;
  const bool own = m_impl->has_own_server_reading(hits) && servers_own_identity(normalized, writer);
  for (int i : hits) {
    const auto index = static_cast<std::size_t>(i);
    const re2::StringPiece best = m_impl->longest_match(index, normalized);
    if (best.empty()) continue;
    out.matches.push_back(Match{m_impl->read(index, out.writer, own), std::string(best.data(), best.size())});
  }
  // A bare OpenSSL error code ("error:0A000418:" with the reason text cut off, or Squid 6's
  // "TLS_LIB_ERR=A000418") still names the alert: SSL reasons 1000 + N are "alert N received".
  const bool strong = std::any_of(out.matches.begin(), out.matches.end(),
                                  [](const Match& m) { return m.entry->weight == Weight::Strong; });
  if (!strong) {
    re2::StringPiece rest(normalized.data(), normalized.size());
    std::string hex;
    std::string squid_hex;
    std::optional<int> alert;
    std::string said;
    std::vector<std::pair<std::string, std::string>> codes;  // hex digits, as written: for code_words()
    while (!alert && RE2::FindAndConsume(&rest, bare_code(), &hex, &squid_hex)) {
      alert = alert_from_openssl_code(hex.empty() ? squid_hex : hex);
      said = hex.empty() ? "TLS_LIB_ERR=" + squid_hex : "error:" + hex;
      codes.emplace_back(hex.empty() ? squid_hex : hex, said);
    }
    // An alert given as its two numbers, level and description, as embedded stacks print it
    // ("TLS: alert: 2, 70", "alert 2,40"): the description is the alert.
    static const RE2 level_description(R"(\balert:? ?[12], ?([0-9]{1,3})\b)", kb_regex_options());
    int description = 0;
    if (!alert &&
        RE2::PartialMatch(re2::StringPiece(normalized.data(), normalized.size()), level_description, &description)) {
      alert = description;
      said = fmt::format("alert {}", description);
    }
    if (alert) {
      for (std::size_t i = 0; i < m_impl->kb.entries.size(); ++i) {
        if (m_impl->kb.entries[i].alert == *alert) out.matches.push_back(Match{m_impl->read(i, out.writer), said});
      }
    } else {
      code_words(normalized, codes, out);
    }
  }
  // A fallback entry (a text that speaks TLS and says nothing more) counts only alone.
  const bool specific = std::any_of(out.matches.begin(), out.matches.end(),
                                    [](const Match& m) { return m.entry->weight != Weight::Fallback; });
  if (specific) {
    std::erase_if(out.matches, [](const Match& m) { return m.entry->weight == Weight::Fallback; });
  }
  // The last resort counts only alone.
  if (std::any_of(out.matches.begin(), out.matches.end(), [](const Match& m) { return !m.entry->last_resort; })) {
    std::erase_if(out.matches, [](const Match& m) { return m.entry->last_resort; });
  }
  // Strong, then generic, then weak; then the longest match, which carries the most context ("Received
  // fatal alert: certificate_unknown" over "certificate unknown"); then knowledge-base order.
  std::stable_sort(out.matches.begin(), out.matches.end(), [](const Match& a, const Match& b) {
    if (a.entry->weight != b.entry->weight) return a.entry->weight < b.entry->weight;
    // Fallbacks in knowledge-base order: a named symptom (a reset, an HTTP status) before the
    // text that only speaks TLS.
    if (a.entry->weight == Weight::Fallback) return false;
    return a.matched.size() > b.matched.size();
  });
  return out;
}

// One strong entry among the hits wins whatever the lengths; otherwise rank as explain_text does.
const Entry* Explainer::best_of(std::string_view normalized, LazyWriter& writer, std::span<const int> hits) const {
  // A weight does not depend on who wrote the text (read() keeps it): the entries are weighed
  // as written, and only the one returned is read for its writer.
  const auto& entries = m_impl->kb.entries;
  const auto own = [&] {
    return m_impl->has_own_server_reading(hits) && servers_own_identity(normalized, writer.get());
  };
  int strong = -1;
  int strong_hits = 0;
  for (int i : hits) {
    if (entries[static_cast<std::size_t>(i)].weight == Weight::Strong) {
      strong = i;
      ++strong_hits;
    }
  }
  if (strong_hits == 1) return m_impl->read(static_cast<std::size_t>(strong), writer, own());
  // Several strong entries: ranked() puts first the one with the longest match (the first of them
  // in `hits` on a tie), and nothing else can come before it (weight first; no bare code and no
  // fallback beside a strong match), so only their matches are measured, and nothing is copied.
  if (strong_hits > 1) {
    int best = -1;
    std::size_t longest = 0;
    for (int i : hits) {
      if (entries[static_cast<std::size_t>(i)].weight != Weight::Strong) continue;
      const std::size_t n = m_impl->longest_match(static_cast<std::size_t>(i), normalized).size();
      if (n > longest) {
        longest = n;
        best = i;
      }
    }
    if (best >= 0) return m_impl->read(static_cast<std::size_t>(best), writer, own());
    // else none matched but emptily: ranked() decides
  }
  const auto e = ranked(normalized, writer.get(), hits);
  return e.explained() ? e.matches.front().entry : nullptr;
}

const Entry* Explainer::best_entry(std::string_view text) const {
  const std::string normalized = normalize(text);
  if (normalized.empty() || m_impl->kb.entries.empty()) return nullptr;
  LazyWriter writer(normalized);
  return best_of(normalized, writer, m_impl->hits(normalized));
}

// best_entry() without the RE2 set over the whole knowledge base: only the candidates are tried,
// each with its own regex (a DFA pass). The answer is the same: the entries left out match
// nothing, or are fallbacks, and a fallback reading is nullptr here whichever way it comes (with
// a non-fallback match explain_text drops every fallback; without one the answer is a fallback
// or nothing).
const Entry* Explainer::log_entry(std::string_view text, std::span<const std::uint32_t> candidates,
                                  LogEntryScratch& scratch) const {
  scratch.normalized.resize(text.size());
  scratch.normalized.resize(normalize_to(text, scratch.normalized.data()));
  return log_entry_normalized(scratch.normalized, candidates, scratch);
}

const Entry* Explainer::log_entry_normalized(std::string_view normalized, std::span<const std::uint32_t> candidates,
                                             LogEntryScratch& scratch) const {
  if (normalized.empty() || m_impl->kb.entries.empty()) return nullptr;
  scratch.hits.clear();
  const re2::StringPiece piece(normalized.data(), normalized.size());
  // Strong candidates first: with one of them confirmed, no generic or weak entry can be the
  // answer (best_of: a strong entry outranks the others whatever the lengths, and a bare code
  // counts only without one), so those are not tried at all. A weight does not depend on who
  // wrote the line (read() keeps it).
  const auto confirm = [&](bool strong) {
    for (const std::uint32_t c : candidates) {
      const Weight w = m_impl->kb.entries[c].weight;
      if (w == Weight::Fallback || (w == Weight::Strong) != strong) continue;
      if (RE2::PartialMatch(piece, m_impl->regex(c))) scratch.hits.push_back(static_cast<int>(c));
    }
  };
  confirm(true);
  m_impl->drop_unless(scratch.hits, normalized);
  if (scratch.hits.empty()) {
    confirm(false);
    m_impl->drop_unless(scratch.hits, normalized);
  }
  std::sort(scratch.hits.begin(), scratch.hits.end());
  scratch.hits.erase(std::unique(scratch.hits.begin(), scratch.hits.end()), scratch.hits.end());
  // Without a hit only a bare OpenSSL code can give an answer (ranked()).
  if (scratch.hits.empty() && !RE2::PartialMatch(piece, bare_code())) return nullptr;
  LazyWriter writer(normalized);
  const Entry* best = best_of(normalized, writer, scratch.hits);
  return best != nullptr && best->weight == Weight::Fallback ? nullptr : best;
}

Explanation Explainer::explain_alert(int alert) const {
  Explanation out;
  if (const auto* e = m_impl->kb.alert_entry(alert)) out.matches.push_back(Match{e, fmt::format("alert {}", alert)});
  return out;
}

Explanation Explainer::explain_verify_code(int code) const {
  Explanation out;
  if (const auto* e = m_impl->kb.verify_entry(code))
    out.matches.push_back(Match{e, fmt::format("verify error {}", code)});
  return out;
}

core::Report Explainer::report(const Explanation& explanation) const {
  core::Report report;
  if (!explanation.explained()) return report;
  const Entry& best = *explanation.matches.front().entry;
  // Some messages are not failures at all (user_canceled after a Java response).
  const bool success = core::is_success(best.causes.front());
  report.verdict.outcome = success ? core::Outcome::Ok : core::Outcome::Failed;
  report.verdict.rejected_by = success ? core::Side::None : best.rejected_by;
  report.verdict.cause = best.causes.front();
  report.verdict.summary = best.summary;
  report.verdict.confidence = best.effective_confidence();

  // Candidate causes: the best entry's in order, then any other match's not yet listed.
  std::vector<std::pair<core::FindingId, const Match*>> candidates;
  for (const auto& m : explanation.matches) {
    for (auto cause : m.entry->causes) {
      const bool seen =
          std::any_of(candidates.begin(), candidates.end(), [&](const auto& c) { return c.first == cause; });
      if (!seen) candidates.emplace_back(cause, &m);
    }
  }
  for (std::size_t rank = 0; rank < candidates.size(); ++rank) {
    const auto [cause, match] = candidates[rank];
    const Entry& e = *match->entry;
    auto f = core::Finding::make(cause, subject_of(cause),
                                 rank == 0 ? fmt::format("Most likely: {}.", core::title(cause))
                                           : fmt::format("Also possible: {}.", core::title(cause)));
    if (rank > 0 && f.severity == core::Severity::Error) f.severity = core::Severity::Warning;
    f.evidence["rank"] = rank + 1;
    f.evidence["entry"] = e.id;
    f.evidence["ecosystem"] = e.ecosystem;
    f.evidence["reported_by"] = to_string(e.reporter);
    f.evidence["matched"] = match->matched;
    if (m_impl->is_mirrored(&e)) f.evidence["read_as"] = to_string(explanation.writer);
    std::vector<std::string> confirm;
    std::vector<std::string> fixes;
    if (rank == 0) {
      confirm = e.confirm;
      fixes = e.fixes;
    }
    if (const auto* g = m_impl->kb.guide(cause)) {
      append_unique(confirm, g->confirm);
      append_unique(fixes, g->fixes);
    }
    f.evidence["confirm"] = confirm;
    f.confirm = std::move(confirm);
    f.fixes = std::move(fixes);
    report.findings.push_back(std::move(f));
  }
  return report;
}

}  // namespace mtlsdoctor::explain
