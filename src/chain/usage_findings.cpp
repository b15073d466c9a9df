// Extended key usage and key usage of the leaf, against what the role needs
// (RFC 5280 §4.2.1.3 and §4.2.1.12; TLS signs with the key in CertificateVerify).
#include <fmt/format.h>

#include "context.h"

namespace mtlsdoctor::chain::detail {
namespace {

std::string list_or_none(const std::vector<std::string>& names) {
  return !names.empty() ? fmt::format("{}", fmt::join(names, ", ")) : "nothing";
}

}  // namespace

void add_usage_findings(Context& ctx) {
  const auto& leaf = ctx.leaf();
  const bool client = ctx.options.role == Role::Client;
  const std::string reissue =
      client ? "-addext 'extendedKeyUsage=clientAuth' -addext 'keyUsage=critical,digitalSignature'"
             : "-addext 'extendedKeyUsage=serverAuth' -addext 'keyUsage=critical,digitalSignature,keyEncipherment'";

  // OpenSSL (and so nginx, Apache, HAProxy) refuses a leaf whose EKU lacks the role's
  // purpose; anyExtendedKeyUsage alone does not count for it either.
  const auto purpose = eku_purpose(ctx.options.role);
  if (leaf.extended_key_usage && !leaf.has_eku(purpose)) {
    auto& f = ctx.add(ctx.id(core::FindingId::ClientCertMissingClientAuthEku), ctx.subject(),
                      fmt::format("its extendedKeyUsage allows {} but not {}",
                                  list_or_none(x509::names(*leaf.extended_key_usage)), x509::to_string(purpose)));
    f.evidence["extended_key_usage"] = x509::names(*leaf.extended_key_usage);
    f.evidence["required"] = x509::to_string(purpose);
    about(f, leaf, 0);
    f.fixes = {fmt::format("openssl x509 -in {} -noout -ext extendedKeyUsage", ctx.cert_arg()),
               fmt::format("Reissue it with {}", reissue)};
  }

  if (leaf.key_usage) {
    const bool sign = leaf.has_key_usage(x509::KeyUsage::DigitalSignature);
    const bool encipher =
        leaf.has_key_usage(x509::KeyUsage::KeyEncipherment) || leaf.has_key_usage(x509::KeyUsage::KeyAgreement);
    // A client always signs (CertificateVerify). A server signs in TLS 1.3 and with ECDHE
    // suites; only TLS 1.2 static-RSA key exchange makes do with keyEncipherment.
    if (!sign && (client || !encipher)) {
      auto& f = ctx.add(ctx.id(core::FindingId::ClientCertBadKeyUsage), ctx.subject(),
                        fmt::format("its keyUsage allows {} but not digitalSignature, which the TLS handshake needs",
                                    list_or_none(leaf.key_usage->names())));
      f.evidence["key_usage"] = leaf.key_usage->names();
      about(f, leaf, 0);
      f.fixes = {fmt::format("openssl x509 -in {} -noout -ext keyUsage", ctx.cert_arg()),
                 fmt::format("Reissue it with {}", reissue)};
    } else if (!sign) {
      auto& f = ctx.add(ctx.id(core::FindingId::ClientCertBadKeyUsage), ctx.subject(),
                        "its keyUsage lacks digitalSignature: only TLS 1.2 RSA key exchange can use it, TLS 1.3 "
                        "and ECDHE clients will refuse it");
      f.severity = core::Severity::Warning;
      f.evidence["key_usage"] = leaf.key_usage->names();
      about(f, leaf, 0);
      f.fixes = {fmt::format("Reissue it with {}", reissue)};
    }
  }
}

}  // namespace mtlsdoctor::chain::detail
