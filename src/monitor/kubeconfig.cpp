#include "kubeconfig.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <fstream>

#include "mtlsdoctor/ossl/ptr.h"
#include "mtlsdoctor/x509/loader.h"

namespace mtlsdoctor::monitor::detail {
namespace {

constexpr std::size_t kMaxKubeconfig = 4u << 20;

core::Result<std::string> base64_decode(const std::string& text, const std::string& what) {
  std::string compact;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
  ossl::BioPtr b64{BIO_new(BIO_f_base64())};
  ossl::BioPtr mem{BIO_new_mem_buf(compact.data(), static_cast<int>(compact.size()))};
  if (!b64 || !mem) return core::fail(core::ErrorCategory::Internal, "out of memory", what);
  BIO_set_flags(b64.get(), BIO_FLAGS_BASE64_NO_NL);
  BIO_push(b64.get(), mem.release());  // freed with b64 (BIO_free_all)
  std::string out;
  char buf[4096];
  int n = 0;
  while ((n = BIO_read(b64.get(), buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  if (out.empty()) return core::fail(core::ErrorCategory::Parse, "not valid base64", what);
  return out;
}

core::Result<chain::Identity> user_identity(const YAML::Node& user, const std::string& source) {
  const auto cert_text = base64_decode(user["client-certificate-data"].as<std::string>(""), source);
  if (!cert_text) return std::unexpected(cert_text.error());
  auto certs = x509::load_bytes(*cert_text, source, x509::no_password());
  if (!certs) return std::unexpected(certs.error());
  if (certs->certificates.empty()) return core::fail(core::ErrorCategory::Parse, "holds no certificate", source);
  std::optional<x509::PrivateKey> key;
  if (user["client-key-data"]) {
    const auto key_text = base64_decode(user["client-key-data"].as<std::string>(""), source);
    if (!key_text) return std::unexpected(key_text.error());
    auto keys = x509::load_bytes(*key_text, source, x509::no_password());
    if (!keys) return std::unexpected(keys.error());
    if (!keys->keys.empty()) key = keys->keys.front();
  }
  std::vector<x509::Certificate> offered(certs->certificates.begin() + 1, certs->certificates.end());
  const bool key_given = static_cast<bool>(user["client-key-data"]);  // else `client-key:` names a file
  return chain::Identity{
      certs->certificates.front(), std::move(offered), std::move(key), key_given, source, source, {}};
}

}  // namespace

std::optional<std::vector<KubeUser>> read_kubeconfig(const std::filesystem::path& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec || size > kMaxKubeconfig) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.find("client-certificate-data") == std::string::npos) return std::nullopt;
  std::vector<KubeUser> out;
  try {
    const YAML::Node root = YAML::Load(text);
    if (!root.IsMap() || !root["users"] || !root["users"].IsSequence()) return std::nullopt;
    for (const auto& entry : root["users"]) {
      if (!entry.IsMap() || !entry["user"] || !entry["user"].IsMap() || !entry["user"]["client-certificate-data"])
        continue;
      const std::string name = entry["name"] && entry["name"].IsScalar() ? entry["name"].Scalar() : "?";
      const std::string source = fmt::format("{} (user {})", file.string(), name);
      out.push_back({name, user_identity(entry["user"], source)});
    }
  } catch (const YAML::Exception& e) {
    out.push_back({"?", core::fail(core::ErrorCategory::Parse,
                                   fmt::format("kubeconfig is not valid YAML (line {}): {}", e.mark.line + 1, e.msg),
                                   file.string())});
  }
  return out;
}

}  // namespace mtlsdoctor::monitor::detail
