// An identity as a TLS peer presents it: a leaf, what is sent with it, and its private key,
// loaded from the files a user names (--cert/--key/--chain or a PKCS#12), plus the trust
// anchors and CRLs a judging peer holds.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/x509/certificate.h"
#include "mtlsdoctor/x509/crl.h"
#include "mtlsdoctor/x509/loader.h"
#include "mtlsdoctor/x509/private_key.h"

namespace mtlsdoctor::x509 {

struct Identity {
  Certificate leaf;
  std::vector<Certificate> offered;  // sent with the leaf: intermediates, perhaps a root or strays
  std::optional<PrivateKey> key;
  bool key_expected = false;  // a key was looked for (e.g. a PKCS#12) and none was found
  // File names as the user gave them, for the commands in fixes.
  std::string cert_file;
  std::string key_file;
  std::string chain_file;
};

// Where an identity comes from: `cert` (which may hold the chain and the key too) with `key`
// and `chain`, or a PKCS#12 file `p12`. Exactly one of cert and p12 is set.
struct IdentityFiles {
  std::string cert;
  std::string key;
  std::string chain;
  std::string p12;

  [[nodiscard]] bool empty() const noexcept { return cert.empty() && p12.empty(); }
};

// The leaf is what a TLS stack uses: the first certificate of a PEM/DER `cert` file (even when the
// key belongs to a later one: that is a key mismatch, as curl and nginx find), and for a PKCS#12
// the certificate the key belongs to, else the first that is not a CA, else the first. Every
// other certificate of the files is offered with it, in order.
[[nodiscard]] core::Result<Identity> load_identity(const IdentityFiles& files, const PasswordProvider& password);
// When the key belongs not to the leaf but to a certificate offered with it (a bundle written in
// the wrong order, or holding two leaves): that certificate's index in `offered`.
[[nodiscard]] std::optional<std::size_t> key_owner_in_offered(const Identity& identity);
// Every certificate of the files (each must hold one).
[[nodiscard]] core::Result<std::vector<Certificate>> load_anchors(const std::vector<std::string>& files,
                                                                  const PasswordProvider& password);
// Every CRL of the files (each must hold one).
[[nodiscard]] core::Result<std::vector<Crl>> load_crls(const std::vector<std::string>& files,
                                                       const PasswordProvider& password);
// The system's CA bundle, as curl uses it when it is given no CA file (Debian's, then Red Hat's).
[[nodiscard]] std::vector<std::string> system_anchor_files();

}  // namespace mtlsdoctor::x509
