// Apache httpd's expression language (ap_expr, as `Require expr` and `SSLRequire` read it),
// evaluated with three values: a variable this audit does not compute, a function it does not
// know or a regular expression RE2 cannot read makes the answer Unknown — unless the rest of the
// expression decides without it (`false && …`).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace mtlsdoctor::servercfg {

enum class Truth { False, True, Unknown };

[[nodiscard]] Truth truth_and(Truth a, Truth b) noexcept;
[[nodiscard]] Truth truth_or(Truth a, Truth b) noexcept;
[[nodiscard]] Truth truth_not(Truth a) noexcept;

// %{NAME} → its value; nullopt: a variable this audit does not compute.
using ExprVariables = std::function<std::optional<std::string>(std::string_view name)>;

struct ExprResult {
  Truth truth = Truth::Unknown;
  std::string why;  // for Unknown: what could not be evaluated (or the syntax error)
};

[[nodiscard]] ExprResult evaluate_apache_expr(std::string_view text, const ExprVariables& variables);

}  // namespace mtlsdoctor::servercfg
