// The process's allocator: which one it is, for --version, and where it is mimalloc, its heap on
// transparent huge pages.
#pragma once

#include <string>

namespace mtlsdoctor::cli {

// "mimalloc 2.0.9, huge pages", "glibc malloc", …: looked up rather than assumed, since the
// build links mimalloc where it can (CMakeLists.txt) and LD_PRELOAD may bring another.
[[nodiscard]] std::string allocator_text();

// Where mimalloc 2 is the allocator and MIMALLOC_LARGE_OS_PAGES is not set, asks it for huge
// pages (the option, for the segments it maps from now on) and advises MADV_HUGEPAGE for the
// segment it mapped before main, when it read its options. On a paravirtualised VM a page
// fault costs several microseconds: a `monitor run` over 10,000 certificates took ~6,800 of
// them, ~1,400 with huge pages (docs/performance.md). True when the advice was taken.
bool prefer_huge_pages();

}  // namespace mtlsdoctor::cli
