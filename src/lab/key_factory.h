// Fresh key pairs for the lab's CAs and leaves.
#pragma once

#include "mtlsdoctor/core/error.h"
#include "mtlsdoctor/ossl/ptr.h"

namespace mtlsdoctor::lab::detail {

enum class KeyType { EcP256, Rsa1024, Rsa2048 };

[[nodiscard]] core::Result<ossl::EvpPkeyPtr> generate_key(KeyType type);

}  // namespace mtlsdoctor::lab::detail
