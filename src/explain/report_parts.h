// Pieces of a report shared by explain TEXT and explain --log.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "mtlsdoctor/core/finding.h"
#include "mtlsdoctor/core/finding_ids.h"

namespace mtlsdoctor::explain::detail {

// What a cause is about, from the side that refuses.
inline core::Subject subject_of(core::FindingId cause) {
  switch (core::refusing_side(cause)) {
    case core::Side::Server: return core::Subject::ClientCert;
    case core::Side::Client: return core::Subject::ServerCert;
    case core::Side::Network: return core::Subject::Transport;
    case core::Side::Negotiation: return core::Subject::Handshake;
    case core::Side::Local: return core::Subject::Input;
    case core::Side::None: return core::Subject::Handshake;
  }
  return core::Subject::Handshake;
}

// An entry and its cause's guide may suggest the same command: list it once.
inline void append_unique(std::vector<std::string>& to, const std::vector<std::string>& from) {
  for (const auto& item : from) {
    if (std::find(to.begin(), to.end(), item) == to.end()) to.push_back(item);
  }
}

}  // namespace mtlsdoctor::explain::detail
