// A certificate judged alone — no trusted CAs, no CRLs, nothing sent with it — whose facts are
// all OpenSSL's verifier reads of it (x509::CertFacts::verifier_facts_complete): what
// X509_verify_cert records for it is known without OpenSSL's X509 object. OpenSSL 3.0's
// d2i_X509 decodes the public key through its provider decoders, most of the cost of judging
// 10,000 certificates at rest (docs/performance.md, "monitor"); here the path is one certificate
// long and nothing is verified (no signature, no trust, no revocation), so there is no second
// verifier to trust: any path with an issuer, an anchor or a CRL still goes to OpenSSL.
// tests/chain/lone_leaf_test.cpp holds the two to the same findings.
#pragma once

#include "mtlsdoctor/chain/check.h"
#include "verify.h"

namespace mtlsdoctor::chain::detail {

// Whether `identity` (its leaf repeated in `offered` already dropped) is judged alone, with
// facts OpenSSL would read nothing beyond.
[[nodiscard]] bool judged_alone(const Identity& identity, const TrustStore& store, const CheckOptions& options);

// The errors X509_verify_cert records, in its order, with record_error's callback (every error,
// carry on), for an identity judged_alone: a weak key (X509_verify_cert's first test), no issuer
// (build_chain), the purpose of the role (check_extensions), the leaf's signature that nothing
// can verify, then its validity period (internal_verify). The path is the leaf.
[[nodiscard]] VerifyOutcome lone_leaf_outcome(const Identity& identity, const CheckOptions& options);

}  // namespace mtlsdoctor::chain::detail
