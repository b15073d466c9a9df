// The built-in knowledge base compiled once for the whole explain test binary.
#pragma once

#include <stdexcept>

#include "mtlsdoctor/explain/explainer.h"

namespace mtlsdoctor::explain::test {

inline const Explainer& builtin_explainer() {
  static const Explainer e = [] {
    auto r = Explainer::builtin();
    if (!r) throw std::runtime_error(r.error().describe());
    return std::move(*r);
  }();
  return e;
}

}  // namespace mtlsdoctor::explain::test
