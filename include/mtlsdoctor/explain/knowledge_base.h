// The explain knowledge base: what each error message of each TLS stack means. The entries are
// data (src/explain/kb/*.kb, one file per ecosystem, reviewed like code) embedded at build time;
// this header is their parsed form. The file format is described in src/explain/kb/README.md.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/core/report.h"

namespace mtlsdoctor::explain {

// Whose log or output the message comes from.
enum class Reporter { Client, Server, Either };
// A strong entry names a specific fault. A generic one is a line that only says that something
// failed ("certificate verify failed", "handshake failure", "bad certificate"): any strong match
// beats it whatever the lengths, so the explicit words pasted with it ("certificate has
// expired", "unsupported certificate purpose") decide. A weak one (a generic exit code, a
// catch-all, an HTTP status) only counts when nothing strong or generic matched. A fallback one
// (a short text that only speaks TLS, HTTP or certificates) counts only when nothing else matched
// at all: never silent, never noise.
enum class Weight { Strong, Generic, Weak, Fallback };

[[nodiscard]] std::string_view to_string(Reporter r) noexcept;

struct Entry {
  std::string id;                     // unique over the whole knowledge base: "go-remote-bad-certificate"
  std::string ecosystem;              // the file it came from: "go", "openssl", "nginx"...
  std::vector<std::string> patterns;  // RE2, case-insensitive, against the normalized text
  std::vector<std::string> unless;    // the entry does not match a text any of these match
  Reporter reporter = Reporter::Either;
  core::Side rejected_by = core::Side::Server;
  std::vector<core::FindingId> causes;  // most likely first
  // A local entry's causes where the text is about a server's own identity (a server's log, a
  // listener being set up); empty: the client's causes turned into the server's own (explainer.cpp).
  std::vector<core::FindingId> own_server_causes;
  std::optional<core::Confidence> confidence;  // default: certain with one cause, else likely
  Weight weight = Weight::Strong;
  // A fallback that counts only when no other entry, fallback or not, matched (`weight:
  // last-resort`): a text that has TLS or HTTP words and nothing more is never left without a
  // verdict, and a named symptom (a reset, a status) still wins beside it.
  bool last_resort = false;
  // `judged-by: writer`, on an `either` entry that reads the server judging the client: the end
  // that wrote the text is the one that verified (stunnel's "CERT: Verification error" in either
  // mode), so in a client's text the same words judge the server (explainer.cpp).
  bool writer_judges = false;
  std::optional<int> alert;        // the canonical entry for this TLS alert number
  std::optional<int> verify_code;  // the canonical entry for this X509_V_ERR code
  // On a verify-code entry: the alert an OpenSSL-based peer sends when its verification ends in
  // this code (OpenSSL's ssl_x509err2alert).
  std::optional<int> openssl_alert;
  std::string summary;
  std::vector<std::string> confirm;   // entry-specific ways to see more (run before the causes')
  std::vector<std::string> fixes;     // entry-specific fixes (before the causes')
  std::vector<std::string> examples;  // real-looking messages that must resolve to this entry

  [[nodiscard]] core::Confidence effective_confidence() const noexcept;
};

// How to confirm and fix one cause, whatever message led to it.
struct CauseGuide {
  core::FindingId cause;
  std::vector<std::string> confirm;
  std::vector<std::string> fixes;
};

// Whose certificate the peer that sent an alert had judged.
enum class Judged { ClientCertificate, ServerCertificate };

// What a TLS alert received from a peer says about the certificate that peer judged, read from
// the knowledge base: the one table `explain --alert` answers from and `diagnose` decides with.
struct AlertReading {
  int alert = 0;
  const Entry* entry = nullptr;  // the canonical entry; nullptr for a number no registry defines
  // The verify results an OpenSSL-based peer sends this alert for, and what they mean for the
  // judged certificate, by verify code.
  std::vector<int> openssl_verify_codes;
  std::vector<core::FindingId> openssl_causes;
  // What any stack means by it (the canonical entry's causes, for the judged certificate).
  std::vector<core::FindingId> causes;

  // The alert names only this cause (certificate_required: no certificate arrived).
  [[nodiscard]] bool names_only(core::FindingId cause) const noexcept;
  [[nodiscard]] bool openssl_means(core::FindingId cause) const noexcept;
  [[nodiscard]] bool may_mean(core::FindingId cause) const noexcept;  // OpenSSL's or any stack's reading
};

struct KnowledgeBase {
  std::vector<Entry> entries;
  std::vector<CauseGuide> guides;

  [[nodiscard]] const CauseGuide* guide(core::FindingId cause) const noexcept;
  [[nodiscard]] const Entry* alert_entry(int alert) const noexcept;
  [[nodiscard]] const Entry* verify_entry(int code) const noexcept;
  [[nodiscard]] AlertReading read_alert(int alert, Judged judged) const;
};

// One embedded file: its ecosystem name and its text.
struct Source {
  std::string_view ecosystem;
  std::string_view text;
};

// The files compiled into the binary ("causes" holds the guides, every other one entries).
[[nodiscard]] std::span<const Source> builtin_sources() noexcept;

// Parses and validates: unknown keys, unknown cause ids, duplicate ids and entries without a
// pattern are errors naming the file and line.
[[nodiscard]] core::Result<KnowledgeBase> parse(std::span<const Source> sources);

// The built-in knowledge base, parsed on first use (thread-safe) and kept for the process. The
// test suite holds the embedded files valid, so a parse failure here is a build defect: it
// aborts with the parser's message.
[[nodiscard]] const KnowledgeBase& builtin_knowledge_base();

// Collapses every run of whitespace and '_' into one space, so that "TLSV1_ALERT_UNKNOWN_CA",
// "tlsv1 alert unknown ca" and a message wrapped over lines match the same pattern.
[[nodiscard]] std::string normalize(std::string_view text);
// The same, appended to `out` (for callers that reuse one buffer).
void normalize_append(std::string_view text, std::string& out);
// The same, written to `out` (room for text.size() bytes); returns the length written.
std::size_t normalize_to(std::string_view text, char* out) noexcept;

}  // namespace mtlsdoctor::explain
