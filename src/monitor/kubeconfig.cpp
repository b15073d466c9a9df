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

// A user's certificate or key, `NAME-data` (base64 PEM, embedded) or `NAME` (a file, relative to
// the kubeconfig's directory as kubectl reads it): nullopt when the user has neither.
std::optional<core::Result<x509::Bundle>> user_part(const YAML::Node& user, const std::string& name,
                                                    const std::filesystem::path& dir, const std::string& source) {
  if (const auto data = user[name + "-data"]) {
    const std::string what = fmt::format("{}: {}-data", source, name);
    const auto text = base64_decode(data.as<std::string>(""), what);
    if (!text) return std::unexpected(text.error());
    return x509::load_bytes(*text, what, x509::no_password());
  }
  if (const auto file = user[name]; file && file.IsScalar()) {
    const std::filesystem::path path(file.Scalar());
    return x509::load_file(path.is_absolute() ? path : dir / path, x509::no_password());
  }
  return std::nullopt;
}

core::Result<chain::Identity> user_identity(const YAML::Node& user, const std::filesystem::path& dir,
                                            const std::string& source) {
  auto certs = user_part(user, "client-certificate", dir, source);
  if (!certs) return core::fail(core::ErrorCategory::Parse, "names no client certificate", source);
  if (!*certs) return std::unexpected(certs->error());
  if ((*certs)->certificates.empty()) {
    return core::fail(core::ErrorCategory::Parse, "holds no certificate", (*certs)->source);
  }
  std::optional<x509::PrivateKey> key;
  const auto keys = user_part(user, "client-key", dir, source);
  if (keys && !*keys) return std::unexpected(keys->error());
  if (keys && !(*keys)->keys.empty()) key = (*keys)->keys.front();
  const auto& all = (*certs)->certificates;
  std::vector<x509::Certificate> offered(all.begin() + 1, all.end());
  return chain::Identity{all.front(), std::move(offered), std::move(key), keys.has_value(), source, source, {}};
}

}  // namespace

std::optional<std::vector<KubeUser>> read_kubeconfig(const std::filesystem::path& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec || size > kMaxKubeconfig) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.find("client-certificate") == std::string::npos) return std::nullopt;
  std::vector<KubeUser> out;
  try {
    const YAML::Node root = YAML::Load(text);
    if (!root.IsMap() || !root["users"] || !root["users"].IsSequence()) return std::nullopt;
    for (const auto& entry : root["users"]) {
      if (!entry.IsMap() || !entry["user"] || !entry["user"].IsMap()) continue;
      const auto& user = entry["user"];
      if (!user["client-certificate-data"] && !user["client-certificate"]) continue;  // a token, a plugin
      const std::string name = entry["name"] && entry["name"].IsScalar() ? entry["name"].Scalar() : "?";
      const std::string source = fmt::format("{} (user {})", file.string(), name);
      out.push_back({name, user_identity(user, file.parent_path(), source)});
    }
  } catch (const YAML::Exception& e) {
    out.push_back({"?", core::fail(core::ErrorCategory::Parse,
                                   fmt::format("kubeconfig is not valid YAML (line {}): {}", e.mark.line + 1, e.msg),
                                   file.string())});
  }
  return out;
}

}  // namespace mtlsdoctor::monitor::detail
