#pragma once

#include "arena.h"
#include "decoded_name.h"
#include "mtlsdoctor/x509/load_context.h"

namespace mtlsdoctor::x509 {

struct LoadContext::Impl {
  detail::NameCache names;
  detail::Arena arena;
};

}  // namespace mtlsdoctor::x509
