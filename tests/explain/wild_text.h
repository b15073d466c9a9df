// The fixture of the wild-text tests: a real text people pasted in a public thread (the tune part
// of tests/explain/wild), the cause the thread settled and the side. The parameterised test is
// defined in wild_reading_test.cpp; each round's texts are instantiated in their own file.
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <ostream>
#include <string>

#include "explain/builtin_explainer.h"
#include "mtlsdoctor/explain/explainer.h"

namespace mtlsdoctor::explain::wild_test {

inline const Explainer& explainer() {
  return test::builtin_explainer();
}

struct Wild {
  const char* name;
  const char* text;
  const char* cause;
  const char* rejected_by;
};

inline void PrintTo(const Wild& w, std::ostream* os) {
  *os << w.name;
}

class WildText : public testing::TestWithParam<Wild> {};

inline std::string test_name(const testing::TestParamInfo<Wild>& info) {
  std::string name = info.param.name;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

}  // namespace mtlsdoctor::explain::wild_test
