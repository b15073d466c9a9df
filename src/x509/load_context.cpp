#include "mtlsdoctor/x509/load_context.h"

#include "load_context_impl.h"

namespace mtlsdoctor::x509 {

LoadContext::LoadContext() : m_impl(std::make_unique<Impl>()) {}
LoadContext::~LoadContext() = default;
std::size_t LoadContext::cached_names() const noexcept {
  return m_impl->names.size();
}

}  // namespace mtlsdoctor::x509
