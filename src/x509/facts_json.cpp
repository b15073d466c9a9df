#include "mtlsdoctor/x509/facts_json.h"

namespace mtlsdoctor::x509 {

Validity validity_at(const CertFacts& f, core::TimePoint at) noexcept {
  if (at < f.not_before) return Validity::NotYetValid;
  if (at > f.not_after) return Validity::Expired;
  return Validity::Valid;
}

std::string_view to_string(Validity v) noexcept {
  switch (v) {
    case Validity::Valid: return "valid";
    case Validity::Expired: return "expired";
    case Validity::NotYetValid: return "not-yet-valid";
  }
  return "valid";
}

nlohmann::ordered_json to_json(const KeyInfo& key) {
  nlohmann::ordered_json j;
  j["type"] = key.type_name();
  j["bits"] = key.bits;
  if (!key.curve.empty()) j["curve"] = key.curve;
  j["security_bits"] = key.security_bits;
  return j;
}

nlohmann::ordered_json to_json(const CertFacts& f, core::TimePoint at) {
  nlohmann::ordered_json j;
  const auto name = [](const DistinguishedName& dn) {
    nlohmann::ordered_json n;
    n["rfc4514"] = dn.rfc4514;
    nlohmann::ordered_json attrs = nlohmann::ordered_json::array();
    for (const auto& a : dn.attributes) attrs.push_back({{"type", a.type}, {"value", a.value}});
    n["attributes"] = std::move(attrs);
    return n;
  };
  j["subject"] = name(f.subject);
  j["issuer"] = name(f.issuer);
  j["serial"] = f.serial_hex;
  j["version"] = f.version;
  j["not_before"] = core::format_rfc3339(f.not_before);
  j["not_after"] = core::format_rfc3339(f.not_after);
  j["status"] = to_string(validity_at(f, at));
  j["days_left"] = core::days_between(at, f.not_after);
  nlohmann::ordered_json sans = nlohmann::ordered_json::array();
  for (const auto& s : f.sans) sans.push_back({{"type", to_string(s.type)}, {"value", s.value}});
  j["subject_alt_names"] = std::move(sans);
  j["key"] = to_json(f.key);
  j["signature_algorithm"] = f.signature_algorithm;
  j["extended_key_usage"] = f.extended_key_usage ? nlohmann::ordered_json(names(*f.extended_key_usage)) : nullptr;
  j["key_usage"] = f.key_usage ? nlohmann::ordered_json(f.key_usage->names()) : nullptr;
  if (f.basic_constraints) {
    nlohmann::ordered_json bc;
    bc["ca"] = f.basic_constraints->ca;
    bc["path_length"] =
        f.basic_constraints->path_length ? nlohmann::ordered_json(*f.basic_constraints->path_length) : nullptr;
    bc["critical"] = f.basic_constraints->critical;
    j["basic_constraints"] = std::move(bc);
  } else {
    j["basic_constraints"] = nullptr;
  }
  j["subject_key_id"] = f.subject_key_id;
  j["authority_key_id"] = f.authority_key_id;
  j["ocsp_urls"] = f.ocsp_urls;
  j["ca_issuer_urls"] = f.ca_issuer_urls;
  j["crl_urls"] = f.crl_urls;
  j["self_issued"] = f.self_issued;
  j["sha256_fingerprint"] = f.sha256_fingerprint;
  j["sha1_fingerprint"] = f.sha1_fingerprint;
  j["spki_sha256"] = f.spki_sha256;
  return j;
}

nlohmann::ordered_json to_json(const CrlFacts& crl, core::TimePoint at) {
  nlohmann::ordered_json j;
  j["issuer"] = crl.issuer.rfc4514;
  j["last_update"] = core::format_rfc3339(crl.last_update);
  j["next_update"] = crl.next_update ? nlohmann::ordered_json(core::format_rfc3339(*crl.next_update)) : nullptr;
  j["stale"] = crl.next_update && at > *crl.next_update;
  j["revoked_count"] = crl.revoked_count;
  return j;
}

nlohmann::ordered_json to_json(const Pkcs12Info& info) {
  nlohmann::ordered_json j;
  j["mac"] = info.mac;
  j["certificate_encryption"] = info.certificate_encryption;
  j["key_encryption"] = info.key_encryption;
  j["legacy"] = info.legacy;
  return j;
}

}  // namespace mtlsdoctor::x509
