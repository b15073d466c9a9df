// explain --each: many saved texts (tickets, pastes, a test set) explained in one run, each as
// `explain - < FILE` would explain it, without a process and a knowledge base per text.
#include <fmt/format.h>

#include "cmd_explain.h"
#include "mtlsdoctor/core/printable.h"
#include "mtlsdoctor/core/text_file.h"
#include "mtlsdoctor/render/json_writer.h"

namespace mtlsdoctor::cli {
namespace {

// The file as `explain -` would read it from stdin: at most kMaxExplainInput bytes, and some text.
core::Result<std::string> read_text(const std::string& path) {
  auto text = core::read_text_file(path, "text", kMaxExplainInput);
  if (text && text->find_first_not_of(" \t\r\n") == std::string::npos)
    return core::fail(core::ErrorCategory::Usage, "nothing to explain: the file is empty", path);
  return text;
}

}  // namespace

Exit explain_each(const AppContext& ctx, const explain::Explainer& explainer, const std::vector<std::string>& files,
                  const render::ExplainQuestion& q) {
  bool unreadable = false;
  bool unexplained = false;
  for (const auto& path : files) {
    auto text = read_text(path);
    if (!text) {
      unreadable = true;
      const core::Error& e = text.error();
      ctx.io.err << fmt::format("mtls-doctor: {}: {}\n", core::printable(path), e.message);
      if (ctx.json()) {
        nlohmann::ordered_json j;
        j["file"] = path;
        j["error"] = {{"category", core::to_string(e.category)}, {"message", e.message}};
        render::write_json_line(ctx.out(), j);
      }
      continue;
    }
    auto answer = explain_answer(ctx, explainer, *text, q);
    unexplained = unexplained || !answer.explained;
    if (ctx.json()) {
      nlohmann::ordered_json j;
      j["file"] = path;
      for (auto& [key, value] : answer.json.items()) j[key] = std::move(value);
      render::write_json_line(ctx.out(), j);
    } else {
      ctx.out() << fmt::format("── {}\n", core::printable(path)) << answer.text << '\n';
    }
  }
  ctx.out().flush();
  return unreadable ? Exit::CannotRun : unexplained ? Exit::Problem : Exit::Ok;
}

}  // namespace mtlsdoctor::cli
