// What the certificates of one bulk load share (a bundle, or every file of an inventory):
// - issuer Names decoded once: 10,000 leaves of one CA share one, and keyed by DER the name is
//   found again instead of being decoded again;
// - the memory that holds them (their DER and facts), taken in large blocks instead of from
//   the heap piece by piece, and given back when the last certificate of a block goes.
// Certificates may outlive the context. Not thread-safe: one per loading thread.
#pragma once

#include <cstddef>
#include <memory>

namespace mtlsdoctor::x509 {

class LoadContext {
 public:
  LoadContext();
  ~LoadContext();
  LoadContext(const LoadContext&) = delete;
  LoadContext& operator=(const LoadContext&) = delete;

  [[nodiscard]] std::size_t cached_names() const noexcept;  // distinct issuer names held

  struct Impl;  // the x509 module's own (src/x509/load_context_impl.h)
  [[nodiscard]] Impl& impl() noexcept { return *m_impl; }

 private:
  std::unique_ptr<Impl> m_impl;
};

}  // namespace mtlsdoctor::x509
