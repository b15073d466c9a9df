// `fullchain`: the file a server or client should be configured with, written from the
// certificates a user has, in whatever order and company they come: the leaf first, then the
// intermediates in path order as OpenSSL builds the path, without the root and without strays.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/x509/certificate.h"
#include "mtlsdoctor/x509/loader.h"

namespace mtlsdoctor::chain {

struct FullchainRequest {
  std::string cert;                 // the leaf is its first certificate (a bundle may follow)
  std::vector<std::string> chain;   // more certificates, in any order, strays allowed
  std::vector<std::string> cacert;  // trust anchors (files or CA directories); empty: the system's
};

// Why a certificate given was not written.
enum class LeftOut { Root, Duplicate, Stray };
[[nodiscard]] std::string_view to_string(LeftOut why) noexcept;

struct LeftOutCert {
  x509::Certificate cert;
  LeftOut why = LeftOut::Stray;
};

struct Fullchain {
  std::vector<x509::Certificate> path;      // leaf, then intermediates, issuer after subject
  std::optional<x509::Certificate> anchor;  // the root the path ends at (never written)
  std::vector<LeftOutCert> left_out;        // given but not written
  // Incomplete: the issuer (subject DN) no certificate given or trusted provides, and the
  // certificate that names it. Then nothing may be written.
  std::optional<std::string> missing_issuer;
  std::optional<x509::Certificate> missing_for;
  // A certificate given with the issuer's name whose signature does not verify (a re-keyed CA).
  std::optional<x509::Certificate> bad_signature;

  [[nodiscard]] bool complete() const noexcept { return !missing_issuer && !bad_signature; }
};

// Reads the files and builds the path (OpenSSL's path building, validity dates and purposes not
// judged: that is `check`'s job). Errors are operational: a file unreadable or without certificates.
[[nodiscard]] core::Result<Fullchain> build_fullchain(const FullchainRequest& request,
                                                      const x509::PasswordProvider& password);

// The path as PEM, leaf first: what is written to the output file. Only for a complete chain.
[[nodiscard]] core::Result<std::string> fullchain_pem(const Fullchain& fullchain);

}  // namespace mtlsdoctor::chain
