#include "allocator.h"

#include <dlfcn.h>
#include <fmt/format.h>

#include <cstdlib>

#include "mtlsdoctor/core/anonymous_mapping.h"

#if __has_include(<mimalloc.h>)
#include <mimalloc.h>  // the option numbers only: the functions are looked up, not linked
#endif

namespace mtlsdoctor::cli {
namespace {

template <typename Fn>
Fn* lookup(const char* name) {
  return reinterpret_cast<Fn*>(dlsym(RTLD_DEFAULT, name));
}

// mimalloc's version (209 for 2.0.9), 0 when mimalloc is not the allocator.
int mimalloc_version() {
  auto* mi_version = lookup<int()>("mi_version");
  return mi_version != nullptr ? mi_version() : 0;
}

// Whether `version` is of the major version whose header this was built with (another may
// number its options otherwise).
bool is_known_mimalloc([[maybe_unused]] int version) {
#ifdef MI_MALLOC_VERSION
  return version / 100 == MI_MALLOC_VERSION / 100;
#else
  return false;
#endif
}

}  // namespace

std::string allocator_text() {
  if (const int v = mimalloc_version(); v != 0) {
    std::string text = fmt::format("mimalloc {}.{}.{}", v / 100, v / 10 % 10, v % 10);
#ifdef MI_MALLOC_VERSION
    auto* is_enabled = lookup<bool(mi_option_t)>("mi_option_is_enabled");
    if (is_known_mimalloc(v) && is_enabled != nullptr && is_enabled(mi_option_large_os_pages)) text += ", huge pages";
#endif
    return text;
  }
  if (dlsym(RTLD_DEFAULT, "__asan_init")) return "AddressSanitizer's";
  if (dlsym(RTLD_DEFAULT, "mallctl")) return "jemalloc";
  if (dlsym(RTLD_DEFAULT, "tc_version")) return "tcmalloc";
  return "glibc malloc";
}

bool prefer_huge_pages() {
#ifdef MI_MALLOC_VERSION
  if (std::getenv("MIMALLOC_LARGE_OS_PAGES") != nullptr || !is_known_mimalloc(mimalloc_version())) return false;
  auto* set_enabled = lookup<void(mi_option_t, bool)>("mi_option_set_enabled");
  if (set_enabled == nullptr) return false;
  set_enabled(mi_option_large_os_pages, true);
  // mimalloc 2 maps 32 MiB segments; the first holds what was allocated before main.
  constexpr std::size_t kFirstSegmentAtMost = std::size_t{64} << 20;
  void* probe = std::malloc(1);
  const bool advised = core::advise_huge_pages_for_mapping_of(probe, kFirstSegmentAtMost);
  std::free(probe);
  return advised;
#else
  return false;
#endif
}

}  // namespace mtlsdoctor::cli
