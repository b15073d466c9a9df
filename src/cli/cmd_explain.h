// What `explain` shares between its one-text form and --each: a text explained and printed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "commands.h"
#include "mtlsdoctor/explain/explainer.h"
#include "mtlsdoctor/render/explain.h"

namespace mtlsdoctor::cli {

// Texts larger than this are refused: a pasted message or log, not a disk image.
inline constexpr std::size_t kMaxExplainInput = 4 << 20;

// The answer to one question (a text, --alert or --verify-code), as printed: JSON for
// --format json, with `file` first when given; Exit::Problem when nothing is known about it.
struct ExplainAnswer {
  nlohmann::ordered_json json;
  std::string text;
  bool explained = false;
};
[[nodiscard]] ExplainAnswer explain_answer(const AppContext& ctx, const explain::Explainer& explainer,
                                           std::string_view text, const render::ExplainQuestion& q);

// explain --each FILE...: every file read whole and explained as one pasted text, in order. JSON:
// one object per line ({"file": ..., the explanation}, or {"file": ..., "error": ...}); text: each
// answer under its file's name. 0: every file explained; 1: some file not; 2: some file unreadable.
[[nodiscard]] Exit explain_each(const AppContext& ctx, const explain::Explainer& explainer,
                                const std::vector<std::string>& files, const render::ExplainQuestion& q);

}  // namespace mtlsdoctor::cli
