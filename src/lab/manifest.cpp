// manifest.json: every identity of the lab and the verdict `check` must give for it.
#include "mtlsdoctor/lab/lab.h"

namespace mtlsdoctor::lab {
namespace {

void put(nlohmann::ordered_json& out, const char* key, const std::optional<std::string>& value) {
  if (value) out[key] = *value;
}

nlohmann::ordered_json entry_json(const ManifestEntry& e) {
  nlohmann::ordered_json out;
  out["name"] = e.name;
  out["role"] = e.role;
  out["description"] = e.description;
  put(out, "cert", e.cert);
  put(out, "key", e.key);
  put(out, "chain", e.chain);
  put(out, "p12", e.p12);
  put(out, "password_file", e.password_file);
  put(out, "cacert", e.cacert);
  put(out, "crl", e.crl);
  put(out, "host", e.host);
  out["expected"] = {{"cause", e.expected_cause}, {"rejected_by", e.expected_rejected_by}};
  return out;
}

}  // namespace

nlohmann::ordered_json to_json(const Manifest& manifest) {
  nlohmann::ordered_json out;
  out["generator"] = "mtls-doctor lab";
  out["created"] = core::format_rfc3339(manifest.created);
  out["identities"] = nlohmann::ordered_json::array();
  for (const ManifestEntry& e : manifest.identities) out["identities"].push_back(entry_json(e));
  return out;
}

}  // namespace mtlsdoctor::lab
