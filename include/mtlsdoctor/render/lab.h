// `lab`'s answers: what `create` wrote, and `verify`'s replay of a manifest.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mtlsdoctor/lab/lab.h"
#include "mtlsdoctor/render/style.h"

namespace mtlsdoctor::render {

// One identity of a manifest replayed through `check`.
struct ReplayRow {
  std::string name;
  std::string role;
  std::string expected_cause;
  std::string expected_side;
  std::string cause;  // empty when check could not run
  std::string side;
  std::string error;
  bool match = false;
};

[[nodiscard]] std::string lab_created_text(const lab::Manifest& made, const std::string& dir);
[[nodiscard]] nlohmann::ordered_json replay_json(const std::vector<ReplayRow>& rows);
[[nodiscard]] std::string replay_text(const std::vector<ReplayRow>& rows, const Style& style);

}  // namespace mtlsdoctor::render
