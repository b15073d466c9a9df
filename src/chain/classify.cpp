#include "classify.h"

#include <openssl/x509_vfy.h>

#include "role.h"

namespace mtlsdoctor::chain::detail {

using core::FindingId;

bool is_trust_error(int code) noexcept {
  return code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY || code == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
         code == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT || code == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
         code == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE;
}

std::optional<Classification> classify(int code, int depth, Role role, const ChainShape& shape) {
  const auto id = [role](FindingId client_id) { return id_for(role, client_id); };
  // A problem of the judged certificate itself, or of a CA certificate of its chain.
  const core::Subject own = depth == 0 ? subject_for(role) : core::Subject::Chain;
  switch (code) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
      if (!shape.have_anchors || shape.trust_reported) return std::nullopt;
      const bool self_signed_top =
          code == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT || code == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN;
      if (self_signed_top || depth > 0 || shape.anchor_has_missing_issuer_name) {
        // A further intermediate that was not sent would look the same from here.
        const bool certain = self_signed_top || shape.anchor_has_missing_issuer_name;
        return Classification{id(FindingId::ClientCertUntrustedIssuer), subject_for(role), Fault::Untrusted,
                              certain ? core::Confidence::Certain : core::Confidence::Likely};
      }
      // The leaf's own issuer is missing and nothing above it was found: most likely the
      // intermediate was not sent (servers send the same alert for both cases).
      return Classification{id(FindingId::ClientChainIncomplete), subject_for(role), Fault::Incomplete,
                            core::Confidence::Likely};
    }
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return Classification{depth > 0 ? id(FindingId::ClientChainInvalid) : id(FindingId::ClientCertExpired),
                            depth > 0 ? core::Subject::Chain : subject_for(role), Fault::Validity};
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return Classification{depth > 0 ? id(FindingId::ClientChainInvalid) : id(FindingId::ClientCertNotYetValid),
                            depth > 0 ? core::Subject::Chain : subject_for(role), Fault::Validity};
    case X509_V_ERR_CERT_REVOKED:
      return Classification{depth == 0 ? id(FindingId::ClientCertRevoked) : id(FindingId::ClientChainInvalid), own,
                            Fault::Revoked};
    case X509_V_ERR_EE_KEY_TOO_SMALL:
    case X509_V_ERR_CA_KEY_TOO_SMALL:
    case X509_V_ERR_CA_MD_TOO_WEAK: return Classification{id(FindingId::ClientCertWeak), own, Fault::Weak};
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return Classification{FindingId::ServerHostnameMismatch, core::Subject::ServerCert, Fault::Hostname};
    case X509_V_ERR_INVALID_PURPOSE:
      // At depth 0 the leaf's EKU/keyUsage facts say which (add_usage_findings).
      if (depth == 0) return std::nullopt;
      return Classification{id(FindingId::ClientChainInvalid), own, Fault::Other};
    case X509_V_ERR_UNABLE_TO_GET_CRL:
    case X509_V_ERR_CRL_HAS_EXPIRED:
    case X509_V_ERR_CRL_NOT_YET_VALID:
    case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
      // Without a trusted path, the CRLs of the missing levels cannot be found either.
      if (shape.trust_reported && code == X509_V_ERR_UNABLE_TO_GET_CRL) return std::nullopt;
      return Classification{FindingId::RevocationUnknown, core::Subject::Revocation, Fault::CrlGap};
    default: return Classification{id(FindingId::ClientChainInvalid), own, Fault::Other};
  }
}

}  // namespace mtlsdoctor::chain::detail
