// `diagnose`'s answers: one verdict with its handshake, one line per target of a sweep, or the
// identities a user holds ranked for one server.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mtlsdoctor/core/report.h"
#include "mtlsdoctor/diagnose/session.h"
#include "mtlsdoctor/probe/target.h"
#include "mtlsdoctor/probe/transcript.h"
#include "mtlsdoctor/render/style.h"

namespace mtlsdoctor::render {

// The verdict contract plus `handshake` (null when nothing was probed).
[[nodiscard]] nlohmann::ordered_json diagnose_json(const core::Report& report, const probe::Transcript* transcript);
[[nodiscard]] std::string diagnose_text(const core::Report& report, const probe::Transcript* transcript,
                                        const Style& style);

// One target of a sweep, as one JSON line: the verdict contract plus `target` and `handshake`.
[[nodiscard]] nlohmann::ordered_json target_json(const probe::Target& target, const core::Report& report,
                                                 const core::Result<probe::Transcript>& transcript);
// A sweep as a table (target, verdict, rejected by, confidence, ms); every report must be set.
[[nodiscard]] std::string targets_text(const std::vector<probe::Target>& targets,
                                       const std::vector<diagnose::TargetResult>& results, const Style& style);

[[nodiscard]] nlohmann::ordered_json identities_json(const probe::Target& target,
                                                     const diagnose::IdentityRanking& ranking);
[[nodiscard]] std::string identities_text(const probe::Target& target, const diagnose::IdentityRanking& ranking,
                                          const Style& style);

// A progress bar for a terminal: "\r[=====     ] 12/200", cleared when done.
[[nodiscard]] std::string progress_bar(std::size_t done, std::size_t total);

}  // namespace mtlsdoctor::render
