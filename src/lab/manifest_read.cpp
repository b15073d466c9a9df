#include <fmt/format.h>

#include <fstream>

#include "mtlsdoctor/lab/lab.h"

namespace mtlsdoctor::lab {
namespace {

std::string field(const nlohmann::json& e, const char* key) {
  return e.is_object() && e.contains(key) && e[key].is_string() ? e[key].get<std::string>() : std::string();
}

std::optional<std::string> optional_field(const nlohmann::json& e, const char* key) {
  auto v = field(e, key);
  return v.empty() ? std::nullopt : std::optional(std::move(v));
}

}  // namespace

core::Result<Manifest> read_manifest(const std::filesystem::path& dir) {
  const auto path = dir / "manifest.json";
  std::ifstream in(path);
  if (!in) return core::fail(core::ErrorCategory::Io, "cannot read the manifest", path.string());
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    // "[json.exception.parse_error.101] parse error at line 2, column 5: syntax error …": where.
    const std::string what = e.what();
    const auto at = what.find("at line ");
    return core::fail(core::ErrorCategory::Parse,
                      fmt::format("invalid JSON {}", at == std::string::npos ? what : what.substr(at)), path.string());
  }
  if (!j.contains("identities") || !j["identities"].is_array()) {
    return core::fail(core::ErrorCategory::Parse, "not a manifest (no \"identities\" array)", path.string());
  }
  Manifest m;
  for (const auto& e : j["identities"]) {
    ManifestEntry entry;
    entry.name = field(e, "name");
    entry.role = field(e, "role");
    entry.description = field(e, "description");
    entry.cert = optional_field(e, "cert");
    entry.key = optional_field(e, "key");
    entry.chain = optional_field(e, "chain");
    entry.p12 = optional_field(e, "p12");
    entry.password_file = optional_field(e, "password_file");
    entry.cacert = optional_field(e, "cacert");
    entry.crl = optional_field(e, "crl");
    entry.host = optional_field(e, "host");
    if (e.is_object() && e.contains("expected")) {
      entry.expected_cause = field(e["expected"], "cause");
      entry.expected_rejected_by = field(e["expected"], "rejected_by");
    }
    m.identities.push_back(std::move(entry));
  }
  return m;
}

}  // namespace mtlsdoctor::lab
