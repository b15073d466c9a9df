// kubeconfig files (kubectl's ~/.kube/config): each user's embedded client certificate and key
// (`client-certificate-data`, `client-key-data`, base64 PEM) as an identity we present.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "mtlsdoctor/chain/check.h"
#include "mtlsdoctor/core/error.h"

namespace mtlsdoctor::monitor::detail {

struct KubeUser {
  std::string name;  // the user's name in the file
  core::Result<chain::Identity> identity;
};

// nullopt: not a kubeconfig (no `client-certificate-data` in it), so the caller reports the
// file as it would any other. Otherwise one entry per user with a client certificate.
[[nodiscard]] std::optional<std::vector<KubeUser>> read_kubeconfig(const std::filesystem::path& file);

}  // namespace mtlsdoctor::monitor::detail
