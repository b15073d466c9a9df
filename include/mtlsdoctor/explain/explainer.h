// Text -> causes: matches a message against every pattern of the knowledge base at once (Hyperscan's
// built-in database, or an RE2::Set) and turns the best matches into a report that follows the verdict contract.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/core/report.h"
#include "mtlsdoctor/explain/knowledge_base.h"

namespace mtlsdoctor::explain {

struct Match {
  const Entry* entry = nullptr;
  std::string matched;  // the normalized text the pattern matched
};

// Who wrote the text, as far as it tells. The knowledge base reads a message as its entry's
// `reporter` prints it; a received alert as the client reads it. In a server's log the alert came
// from the client, and a verify failure is the server judging the client's certificate: those
// entries are read with their causes mirrored (core::counterpart) and the side turned round.
enum class Writer {
  Unknown,                // no sign of a server's log: read as written
  Server,                 // a server's log (Go's "http: TLS handshake error from", SSL_accept, ...)
  ServerAlertFromClient,  // the alert names its sender: the client (Erlang's "CLIENT ALERT")
  Client,                 // a client's words and no alert's sender: a `judged-by: writer` entry judged the server
  ServerSentAlert,        // a server's words and an alert it sent: its verify words judged the client
};
[[nodiscard]] std::string_view to_string(Writer w) noexcept;
// The writer of a normalized text (see normalize()).
[[nodiscard]] Writer writer_of(std::string_view normalized);

struct Explanation {
  std::vector<Match> matches;  // best first; empty when nothing is known about the text
  Writer writer = Writer::Unknown;

  [[nodiscard]] bool explained() const noexcept { return !matches.empty(); }
};

// How explain_text() and best_entry() find the entries whose pattern matches a text. All give the
// same entries (tests/explain/text_engine_test.cpp); they differ in cost.
enum class TextEngine {
  // Where the Hyperscan database built into the binary fits the knowledge base: the entries whose
  // raw pattern (raw_pattern.h) occurs in the normalized text, each then tried with its own regex,
  // and the fallback entries. Otherwise as Re2Set.
  Fastest,
  // One RE2::Set of every pattern, compiled on the first text (most of a one-text start-up). On
  // a long text its DFA can outgrow its memory budget: then as EveryRegex.
  Re2Set,
  // Every entry's own regex in turn: the definition the others are held to.
  EveryRegex,
};

class Explainer {
 public:
  // Parses every pattern; a pattern RE2 rejects is an error naming its entry. With Fastest and
  // the built-in database (so the built-in patterns, each parsed by the tests) nothing is parsed
  // before it is needed.
  [[nodiscard]] static core::Result<Explainer> create(KnowledgeBase kb, TextEngine engine = TextEngine::Fastest);
  // The knowledge base compiled into the binary.
  [[nodiscard]] static core::Result<Explainer> builtin(TextEngine engine = TextEngine::Fastest);

  Explainer(Explainer&&) noexcept;
  Explainer& operator=(Explainer&&) noexcept;
  ~Explainer();

  [[nodiscard]] Explanation explain_text(std::string_view text) const;
  // explain_text(text).matches.front().entry (nullptr when nothing matches), cheaply when one
  // strong entry matches: what explain --log asks of every line.
  [[nodiscard]] const Entry* best_entry(std::string_view text) const;
  // What explain --log asks of a candidate line: best_entry(text), a fallback reading as nullptr,
  // trying only `candidates` (indexes into knowledge_base().entries, in any order, repeats
  // allowed) instead of every entry. They must hold every non-fallback entry whose pattern
  // matches the text (a prefilter's superset); then the answer is best_entry's. `scratch` is
  // reused buffers, one per thread.
  struct LogEntryScratch {
    std::string normalized;
    std::vector<int> hits;
  };
  [[nodiscard]] const Entry* log_entry(std::string_view text, std::span<const std::uint32_t> candidates,
                                       LogEntryScratch& scratch) const;
  // log_entry() of a text already normalized (normalize_to()).
  [[nodiscard]] const Entry* log_entry_normalized(std::string_view normalized,
                                                  std::span<const std::uint32_t> candidates,
                                                  LogEntryScratch& scratch) const;
  [[nodiscard]] Explanation explain_alert(int alert) const;
  [[nodiscard]] Explanation explain_verify_code(int code) const;

  // The verdict (the best match's first cause and side) and one finding per candidate cause, in
  // order, each with its confirm commands (evidence.confirm) and fixes. Requires explained().
  [[nodiscard]] core::Report report(const Explanation& explanation) const;

  [[nodiscard]] const KnowledgeBase& knowledge_base() const noexcept;
  // What explain_text() uses (loading it when not yet loaded): "hyperscan", "re2 set" or
  // "every regex".
  [[nodiscard]] std::string_view text_engine() const;

 private:
  struct Impl;
  explicit Explainer(std::unique_ptr<Impl> impl);
  [[nodiscard]] Explanation ranked(std::string_view normalized, Writer writer, std::span<const int> hits) const;
  void code_words(std::string_view normalized, std::span<const std::pair<std::string, std::string>> codes,
                  Explanation& out) const;
  // The writer of a normalized text, decided on first use: writer_of() is an RE2 set's pass, and a
  // log line whose entries read the same whoever wrote it does not need it.
  class LazyWriter;
  [[nodiscard]] const Entry* best_of(std::string_view normalized, LazyWriter& writer, std::span<const int> hits) const;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace mtlsdoctor::explain
