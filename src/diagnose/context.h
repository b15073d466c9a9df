#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/core/hint.h"
#include "mtlsdoctor/diagnose/diagnose.h"

namespace mtlsdoctor::diagnose::detail {

struct Candidate {
  core::Finding finding;
  core::Confidence confidence = core::Confidence::Certain;
  // Inferred from the chain's shape alone (the server named no CAs): a hypothesis for a
  // rejection, never a warning when the server accepted.
  bool speculative = false;
  // The verify result an OpenSSL server reports for this fault (the chain check's own, or what
  // the chain's shape makes it), when there is one: the alert it sends follows from it.
  std::optional<int> verify_code;
};

// The two readings of a leaf sent without its issuer, when the server does not name that
// issuer: each with the reasons for it and their weights (issuer_evidence.cpp).
struct IssuerJudgement {
  struct Reason {
    int weight = 1;
    std::string text;
  };
  std::vector<Reason> intermediate;  // for client-chain-incomplete
  std::vector<Reason> foreign;       // for client-cert-untrusted-issuer
  std::vector<std::string> aia;      // the leaf's caIssuers URLs
  // The issuer was found (the user's files, this machine's store, its AIA URL) and its path
  // settles the question: it reaches a CA the server accepts, or a root it does not name.
  bool issuer_found = false;
  core::Evidence found = core::Evidence::object();   // where: {"origin", "path"}, when found at all
  core::Evidence fetched = core::Evidence::array();  // each AIA URL fetched: {"url", "certificates" | "error"}
  std::vector<std::string> fetch_failures;           // "URL: why", for the finding's message

  // The reading with the more weight; a foreign CA on a tie (the usual real case).
  [[nodiscard]] core::FindingId cause() const;
  // How far ahead it is; never more than possible when the server named no CAs.
  [[nodiscard]] core::Confidence confidence(bool names_sent) const;
  [[nodiscard]] core::Evidence evidence() const;
};

// Weighs the two readings from where the issuer is found (what the client holds, the anchors,
// in.issuer_sources: the user's other certificates, this machine's trust store, the certificate
// behind the leaf's AIA URL), the CRLs given as the server's, the issuer's organisation against
// `names`, and the leaf's AIA.
[[nodiscard]] IssuerJudgement weigh_unsent_issuer(const Inputs& in, const std::vector<std::string>& names);

// How the server answered our identity.
enum class Reaction {
  Accepted,
  MissingCertificate,
  RejectedAlert,
  RejectedSilently,
  RejectedByService,  // a service's generic refusal (nginx's HTTP 400, an SMTP 5xx over TLS)
  Forbidden,          // HTTP 403 after a completed handshake
  Denied,             // a service named the access rule that refused a valid certificate (pg_hba)
  ServiceRefused,     // TLS and the certificate passed; the service refused for another reason
  PostHandshakeAuth,  // the server asked for the certificate after the TLS 1.3 handshake, and could not
  Undecided,
};

struct Answer {
  Reaction reaction = Reaction::Undecided;
  const probe::Alert* alert = nullptr;
  // The alert read through the knowledge base, for the client certificate the server judged.
  explain::AlertReading reading;
  std::string evidence;           // "alert unknown_ca (48) after the handshake", "HTTP 403 Forbidden"
  bool explicit_missing = false;  // the server said in so many words that no certificate came
  bool inferred = false;          // read from a code alone: the service's words were not recognized
  // Denied: the rule that refused, in a sentence, and how to change it.
  std::string denial;
  std::vector<std::string> fixes;
  core::Evidence details = core::Evidence::object();  // the service's own words (SQLSTATE, …)
  // The service named the cause itself, in our vocabulary (mtls-doctor serve's 403 body).
  std::optional<core::FindingId> stated_cause;
  std::string stated_reason;
};

// The server's reaction, read from the transcript: the service's answer (HTTP, PostgreSQL,
// SMTP) when there is one, else the alert, else how the connection ended.
[[nodiscard]] Answer read_answer(const Inputs& in);

[[nodiscard]] const explain::KnowledgeBase& knowledge(const Inputs& in);

// Through an HTTP proxy: a finding naming the proxy when the connection failed before the
// tunnel to the target opened (proxy.cpp).
[[nodiscard]] std::optional<core::Finding> proxy_finding(const probe::Transcript& t);

// Transport and negotiation: a finding when nothing TLS-level about certificates happened.
[[nodiscard]] std::optional<core::Finding> transport_finding(const probe::Transcript& t);

// Faults of the client identity that a server would refuse, most decisive first: offline
// checks (validity, EKU, key usage, weak, revoked) and the chain against the acceptable CA names.
[[nodiscard]] std::vector<Candidate> client_faults(const Inputs& in, std::vector<core::Finding>& notes);

// The server's certificate as a client would judge it (all problems).
[[nodiscard]] std::vector<core::Finding> server_faults(const Inputs& in);

}  // namespace mtlsdoctor::diagnose::detail
