#include "mtlsdoctor/core/monotonic_clock.h"

namespace mtlsdoctor::core {

MonoTime SteadyClock::now() const {
  return std::chrono::steady_clock::now();
}

}  // namespace mtlsdoctor::core
