// The lab PKI's layout: three CA hierarchies and nineteen identities, each with at most one
// deliberate fault, mirroring tests/fixtures/openssl_pki.sh (see tests/fixtures/README.md).
#include "mtlsdoctor/lab/lab.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <string_view>
#include <system_error>

#include "cert_builder.h"
#include "crl_builder.h"
#include "file_writer.h"
#include "key_factory.h"
#include "mtlsdoctor/core/finding.h"
#include "mtlsdoctor/ossl/errors.h"
#include "pem.h"
#include "pkcs12_writer.h"

namespace mtlsdoctor::lab {
namespace {

using core::FindingId;
using core::TimePoint;
using detail::AltName;
using detail::CertSpec;
using detail::FileMode;
using detail::Issuer;
using detail::KeyType;
using detail::Purpose;
using std::chrono::days;
using std::chrono::hours;

constexpr std::string_view kOrganization = "mtls-doctor lab";
constexpr std::string_view kClientCa = "client-ca.pem";
constexpr std::string_view kServerCa = "server-ca.pem";
constexpr std::string_view kOtherCa = "other-ca.pem";
constexpr std::string_view kClientCrl = "client-crl.pem";
constexpr std::string_view kHost = "localhost";

enum class Role { Client, Server };

// What sets an identity apart from a good one: a fault, or a harmless variation.
enum class Scenario {
  Good,
  OtherCa,          // issued by the untrusted Other hierarchy
  Expired,          // now-400d .. now-10d
  NotYetValid,      // now+10d .. now+400d
  NoClientAuthEku,  // EKU serverAuth only
  BadKeyUsage,      // RSA-2048, keyUsage keyEncipherment only
  Revoked,          // on the client intermediate's CRL
  WrongOu,          // OU=marketing: valid, only an access policy would refuse it
  WeakKey,          // RSA-1024
  Sha1,             // signed ecdsa-with-SHA1
  KeyMismatch,      // the .key file holds an unrelated key
  NoIntermediate,   // no chain file
  Pkcs12Modern,     // AES-256-CBC/PBKDF2 PKCS#12
  Pkcs12Legacy,     // RC2-40/3DES PKCS#12
  WrongName,        // SAN wrong.example only
  SelfSigned,       // a self-signed end-entity certificate
};

struct Plan {
  std::string_view name;
  Role role;
  Scenario scenario;
  FindingId expected;
  std::string_view description;
};

constexpr std::array kPlans = {
    Plan{"client-good", Role::Client, Scenario::Good, FindingId::Ok,
         "Valid client certificate from the client intermediate, with its chain."},
    Plan{"client-other-ca", Role::Client, Scenario::OtherCa, FindingId::ClientCertUntrustedIssuer,
         "Otherwise valid client certificate issued by the untrusted Lab Other CA."},
    Plan{"client-expired", Role::Client, Scenario::Expired, FindingId::ClientCertExpired,
         "Client certificate that expired 10 days ago."},
    Plan{"client-not-yet-valid", Role::Client, Scenario::NotYetValid, FindingId::ClientCertNotYetValid,
         "Client certificate that becomes valid only in 10 days."},
    Plan{"client-no-clientauth-eku", Role::Client, Scenario::NoClientAuthEku, FindingId::ClientCertMissingClientAuthEku,
         "Client certificate whose extendedKeyUsage is serverAuth only."},
    Plan{"client-bad-key-usage", Role::Client, Scenario::BadKeyUsage, FindingId::ClientCertBadKeyUsage,
         "RSA-2048 client certificate whose keyUsage is keyEncipherment only (no digitalSignature)."},
    Plan{"client-revoked", Role::Client, Scenario::Revoked, FindingId::ClientCertRevoked,
         "Client certificate listed as revoked in the client intermediate's CRL."},
    Plan{"client-wrong-ou", Role::Client, Scenario::WrongOu, FindingId::Ok,
         "Valid client certificate with OU=marketing; only an access policy would refuse it."},
    Plan{"client-weak-key", Role::Client, Scenario::WeakKey, FindingId::ClientCertWeak,
         "Client certificate with a 1024-bit RSA key."},
    Plan{"client-sha1", Role::Client, Scenario::Sha1, FindingId::ClientCertWeak,
         "Client certificate signed by the intermediate with ECDSA-SHA1."},
    Plan{"client-key-mismatch", Role::Client, Scenario::KeyMismatch, FindingId::ClientKeyMismatch,
         "Valid client certificate paired with an unrelated private key."},
    Plan{"client-no-intermediate", Role::Client, Scenario::NoIntermediate, FindingId::ClientChainIncomplete,
         "Valid client certificate sent without the client intermediate."},
    Plan{"client-p12-modern", Role::Client, Scenario::Pkcs12Modern, FindingId::Ok,
         "PKCS#12 (default AES-256-CBC/PBKDF2 encryption) of a valid client certificate, key and intermediate."},
    Plan{"client-p12-legacy", Role::Client, Scenario::Pkcs12Legacy, FindingId::Ok,
         "PKCS#12 (legacy RC2-40/3DES encryption) of a valid client certificate, key and intermediate."},
    Plan{"server-good", Role::Server, Scenario::Good, FindingId::Ok,
         "Valid server certificate for localhost, with its chain."},
    Plan{"server-expired", Role::Server, Scenario::Expired, FindingId::ServerCertExpired,
         "Server certificate that expired 10 days ago."},
    Plan{"server-wrong-name", Role::Server, Scenario::WrongName, FindingId::ServerHostnameMismatch,
         "Valid server certificate for wrong.example only, not localhost."},
    Plan{"server-no-intermediate", Role::Server, Scenario::NoIntermediate, FindingId::ServerChainIncomplete,
         "Valid server certificate sent without the server intermediate."},
    Plan{"server-untrusted", Role::Server, Scenario::SelfSigned, FindingId::ServerCertUntrusted,
         "Self-signed server certificate for localhost that no CA vouches for."},
};

bool is_pkcs12(Scenario s) {
  return s == Scenario::Pkcs12Modern || s == Scenario::Pkcs12Legacy;
}

KeyType key_type_of(Scenario s) {
  switch (s) {
    case Scenario::WeakKey: return KeyType::Rsa1024;
    case Scenario::BadKeyUsage: return KeyType::Rsa2048;
    default: return KeyType::EcP256;
  }
}

detail::NameSpec name(std::optional<std::string_view> ou, std::string_view cn) {
  return {std::string(kOrganization), ou ? std::optional<std::string>(*ou) : std::nullopt, std::string(cn)};
}

// CAs: now-2y .. now+10y, which contains every leaf period; roots unconstrained, intermediates
// pathlen:0.
enum class CaLevel { Root, Intermediate };

CertSpec ca_spec(std::string_view common_name, CaLevel level, TimePoint now) {
  CertSpec spec;
  spec.subject = name(std::nullopt, common_name);
  spec.not_before = now - days{730};
  spec.not_after = now + days{3650};
  spec.ca = detail::CaConstraints{level == CaLevel::Root ? std::nullopt : std::optional<long>(0)};
  spec.key_usage.key_cert_sign = true;
  spec.key_usage.crl_sign = true;
  return spec;
}

CertSpec leaf_spec(const Plan& plan, TimePoint now) {
  CertSpec spec;
  spec.not_before = now - days{1};
  spec.not_after = now + days{90};
  if (plan.scenario == Scenario::Expired) {
    spec.not_before = now - days{400};
    spec.not_after = now - days{10};
  } else if (plan.scenario == Scenario::NotYetValid) {
    spec.not_before = now + days{10};
    spec.not_after = now + days{400};
  }
  spec.key_usage.digital_signature = true;
  spec.key_usage.key_encipherment = key_type_of(plan.scenario) != KeyType::EcP256;
  if (plan.scenario == Scenario::BadKeyUsage) spec.key_usage = {.key_encipherment = true};
  if (plan.scenario == Scenario::Sha1) spec.digest = detail::Digest::Sha1;

  if (plan.role == Role::Client) {
    spec.subject = name(plan.scenario == Scenario::WrongOu ? "marketing" : "payments", plan.name);
    spec.extended_key_usage = {plan.scenario == Scenario::NoClientAuthEku ? Purpose::ServerAuth : Purpose::ClientAuth};
    return spec;
  }
  spec.extended_key_usage = {Purpose::ServerAuth};
  if (plan.scenario == Scenario::WrongName) {
    spec.subject = name(std::nullopt, "wrong.example");
    spec.alt_names = {{AltName::Kind::Dns, "wrong.example"}};
  } else if (plan.scenario == Scenario::SelfSigned) {
    spec.subject = {std::nullopt, std::nullopt, std::string(kHost)};
    spec.alt_names = {{AltName::Kind::Dns, std::string(kHost)}};
  } else {
    spec.subject = name(std::nullopt, kHost);
    spec.alt_names = {
        {AltName::Kind::Dns, std::string(kHost)}, {AltName::Kind::Ip, "127.0.0.1"}, {AltName::Kind::Ip, "::1"}};
  }
  return spec;
}

struct Authority {
  ossl::EvpPkeyPtr key;
  ossl::X509Ptr cert;
  [[nodiscard]] Issuer issuer() const { return {cert.get(), key.get()}; }
};

struct Hierarchy {
  Authority root;
  Authority intermediate;
};

core::Result<Authority> make_authority(const CertSpec& spec, const Authority* parent) {
  auto key = detail::generate_key(KeyType::EcP256);
  if (!key) return std::unexpected(key.error());
  auto cert =
      detail::build_certificate(spec, key->get(), parent ? std::optional<Issuer>(parent->issuer()) : std::nullopt);
  if (!cert) return std::unexpected(cert.error());
  return Authority{std::move(*key), std::move(*cert)};
}

core::Result<Hierarchy> make_hierarchy(std::string_view label, TimePoint now) {
  auto root = make_authority(ca_spec(fmt::format("Lab {} Root", label), CaLevel::Root, now), nullptr);
  if (!root) return std::unexpected(root.error());
  auto intermediate =
      make_authority(ca_spec(fmt::format("Lab {} Intermediate", label), CaLevel::Intermediate, now), &*root);
  if (!intermediate) return std::unexpected(intermediate.error());
  return Hierarchy{std::move(*root), std::move(*intermediate)};
}

// A fresh random password, hex like `openssl rand -hex 12`.
core::Result<std::string> random_password() {
  std::array<unsigned char, 12> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return std::unexpected(ossl::error_from_queue(core::ErrorCategory::Crypto, "no random password"));
  }
  std::string hex;
  for (const unsigned char b : bytes) hex += fmt::format("{:02x}", b);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return hex;
}

// Wipes a password when it goes out of scope.
struct WipedString {
  std::string value;
  WipedString() = default;
  WipedString(const WipedString&) = delete;
  WipedString& operator=(const WipedString&) = delete;
  ~WipedString() {
    if (!value.empty()) OPENSSL_cleanse(value.data(), value.size());
  }
};

class LabWriter {
 public:
  LabWriter(std::filesystem::path dir, TimePoint now) : m_dir(std::move(dir)), m_now(now) {}

  core::Result<void> make_authorities() {
    const std::array<std::pair<std::string_view, Hierarchy*>, 3> hierarchies{
        {{"Server", &m_server}, {"Client", &m_client}, {"Other", &m_other}}};
    for (const auto& [label, slot] : hierarchies) {
      auto made = make_hierarchy(label, m_now);
      if (!made) return std::unexpected(made.error());
      *slot = std::move(*made);
    }
    // The roots are the trust anchors; other-ca.pem is referenced by nothing, it helps debugging.
    const std::array<std::pair<std::string_view, const Hierarchy*>, 3> anchors{
        {{kClientCa, &m_client}, {kServerCa, &m_server}, {kOtherCa, &m_other}}};
    for (const auto& [file, h] : anchors) {
      if (auto w = write_certs(file, {h->root.cert.get()}); !w) return w;
    }
    return {};
  }

  core::Result<ManifestEntry> make_identity(const Plan& plan) {
    const Scenario s = plan.scenario;
    auto key = detail::generate_key(key_type_of(s));
    if (!key) return std::unexpected(key.error());
    const Authority* issuer = issuer_of(plan);
    auto cert = detail::build_certificate(leaf_spec(plan, m_now), key->get(),
                                          issuer ? std::optional<Issuer>(issuer->issuer()) : std::nullopt);
    if (!cert) return std::unexpected(cert.error());

    ManifestEntry entry{.name = std::string(plan.name),
                        .role = plan.role == Role::Client ? "client" : "server",
                        .description = std::string(plan.description),
                        .expected_cause = std::string(core::slug(plan.expected)),
                        .expected_rejected_by = std::string(core::to_string(core::refusing_side(plan.expected)))};
    if (plan.role == Role::Client) {
      entry.cacert = std::string(kClientCa);
      entry.crl = std::string(kClientCrl);
    } else {
      entry.cacert = std::string(kServerCa);
      entry.host = std::string(kHost);
    }

    // The .crt and .key are written for the PKCS#12 identities too, though the manifest
    // names only the .p12.
    const std::string crt = fmt::format("{}.crt", plan.name);
    const std::string key_file = fmt::format("{}.key", plan.name);
    if (auto w = write_certs(crt, {cert->get()}); !w) return std::unexpected(w.error());
    ossl::EvpPkeyPtr unrelated;
    if (s == Scenario::KeyMismatch) {
      auto other = detail::generate_key(KeyType::EcP256);
      if (!other) return std::unexpected(other.error());
      unrelated = std::move(*other);
    }
    EVP_PKEY* written_key = unrelated ? unrelated.get() : key->get();
    if (auto w = write_encoded(key_file, detail::pem_private_key(written_key), FileMode::Private); !w) {
      return std::unexpected(w.error());
    }

    if (is_pkcs12(s)) {
      auto files = write_pkcs12(plan, key->get(), cert->get());
      if (!files) return std::unexpected(files.error());
      entry.p12 = files->first;
      entry.password_file = files->second;
    } else {
      entry.cert = crt;
      entry.key = key_file;
      if (issuer && s != Scenario::NoIntermediate) {
        const std::string chain = fmt::format("{}-chain.pem", plan.name);
        if (auto w = write_certs(chain, {issuer->cert.get()}); !w) return std::unexpected(w.error());
        entry.chain = chain;
      }
    }
    if (s == Scenario::Revoked) m_revoked.push_back(std::move(*cert));
    return entry;
  }

  // The client intermediate's CRL (listing the revoked leaves), then the client root's empty one.
  core::Result<void> make_client_crls() {
    const detail::CrlSpec root_spec{.last_update = m_now - hours{1}, .next_update = m_now + days{30}};
    detail::CrlSpec intermediate_spec = root_spec;
    for (const auto& cert : m_revoked) intermediate_spec.revoked.push_back({cert.get(), m_now - hours{1}});
    auto intermediate = detail::build_crl(intermediate_spec, m_client.intermediate.issuer());
    if (!intermediate) return std::unexpected(intermediate.error());
    auto root = detail::build_crl(root_spec, m_client.root.issuer());
    if (!root) return std::unexpected(root.error());
    const std::array<X509_CRL*, 2> crls{intermediate->get(), root->get()};
    return write_encoded(kClientCrl, detail::pem_crls(crls), FileMode::Public);
  }

  core::Result<void> write_manifest(const Manifest& manifest) {
    return write_bytes("manifest.json", to_json(manifest).dump(2) + "\n", FileMode::Public);
  }

 private:
  // Null for the self-signed leaf.
  [[nodiscard]] const Authority* issuer_of(const Plan& plan) const {
    if (plan.scenario == Scenario::SelfSigned) return nullptr;
    if (plan.scenario == Scenario::OtherCa) return &m_other.intermediate;
    return plan.role == Role::Client ? &m_client.intermediate : &m_server.intermediate;
  }

  core::Result<void> write_bytes(std::string_view file, std::string_view bytes, FileMode mode) {
    return detail::write_file(m_dir / file, bytes, mode);
  }

  // Writes what an encoder made, or names the file its failure was for.
  core::Result<void> write_encoded(std::string_view file, const core::Result<std::string>& encoded, FileMode mode) {
    if (!encoded) {
      auto err = encoded.error();
      err.subject = (m_dir / file).string();
      return std::unexpected(std::move(err));
    }
    return write_bytes(file, *encoded, mode);
  }

  core::Result<void> write_certs(std::string_view file, std::initializer_list<X509*> certs) {
    return write_encoded(file, detail::pem_certificates({certs.begin(), certs.size()}), FileMode::Public);
  }

  // NAME.pass and NAME.p12 (leaf, key and client intermediate); returns their file names.
  core::Result<std::pair<std::string, std::string>> write_pkcs12(const Plan& plan, EVP_PKEY* key, X509* cert) {
    WipedString password;
    auto made = random_password();
    if (!made) return std::unexpected(made.error());
    password.value = std::move(*made);
    const std::array<X509*, 1> chain{m_client.intermediate.cert.get()};
    const auto profile =
        plan.scenario == Scenario::Pkcs12Legacy ? detail::Pkcs12Profile::Legacy : detail::Pkcs12Profile::Modern;
    const std::string p12 = fmt::format("{}.p12", plan.name);
    const std::string pass = fmt::format("{}.pass", plan.name);
    if (auto w = write_bytes(pass, password.value, FileMode::Private); !w) return std::unexpected(w.error());
    auto der = detail::write_pkcs12(profile, password.value, {plan.name, key, cert, chain});
    if (auto w = write_encoded(p12, der, FileMode::Private); !w) return std::unexpected(w.error());
    return std::pair{p12, pass};
  }

  std::filesystem::path m_dir;
  TimePoint m_now;
  Hierarchy m_server, m_client, m_other;
  std::vector<ossl::X509Ptr> m_revoked;
};

}  // namespace

core::Result<Manifest> create(const std::filesystem::path& dir, const core::Clock& clock, Existing existing) {
  std::error_code ec;
  if (existing == Existing::Refuse && std::filesystem::exists(dir, ec)) {
    if (!std::filesystem::is_directory(dir, ec))
      return core::fail(core::ErrorCategory::Usage, "is not a directory", dir.string());
    if (!std::filesystem::is_empty(dir, ec) || ec)
      return core::fail(core::ErrorCategory::Usage,
                        ec ? fmt::format("cannot read the directory ({})", ec.message())
                           : std::string("is not empty: the lab's files would overwrite what is there"),
                        dir.string());
  }
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return core::fail(core::ErrorCategory::Io, fmt::format("cannot create the directory ({})", ec.message()),
                      dir.string());

  Manifest manifest{.created = clock.now(), .identities = {}};
  LabWriter lab{dir, manifest.created};
  if (auto r = lab.make_authorities(); !r) return std::unexpected(r.error());
  for (const Plan& plan : kPlans) {
    auto entry = lab.make_identity(plan);
    if (!entry) return std::unexpected(entry.error());
    manifest.identities.push_back(std::move(*entry));
  }
  if (auto r = lab.make_client_crls(); !r) return std::unexpected(r.error());
  if (auto r = lab.write_manifest(manifest); !r) return std::unexpected(r.error());
  return manifest;
}

}  // namespace mtlsdoctor::lab
