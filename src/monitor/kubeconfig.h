// kubeconfig files (kubectl's ~/.kube/config): each user's client certificate and key as an
// identity we present, embedded (`client-certificate-data`, `client-key-data`: base64 PEM) or in
// files (`client-certificate`, `client-key`: relative to the kubeconfig's directory, as kubectl
// reads them).
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

// nullopt: not a kubeconfig (no `users` naming a `client-certificate` in it), so the caller
// reports the file as it would any other. Otherwise one entry per user with a client certificate
// (users with a token or an exec plugin are not items).
[[nodiscard]] std::optional<std::vector<KubeUser>> read_kubeconfig(const std::filesystem::path& file);

}  // namespace mtlsdoctor::monitor::detail
