// Memory for the certificates of one load, taken from the system in blocks and handed out by
// bumping a pointer. Bulk loading keeps every certificate (its DER and facts) until the end;
// from the heap, that memory arrived a page fault at a time, and on a paravirtualised VM a
// fault cost ≈ 13 µs: more than decoding the certificate (docs/performance.md). The first
// block has 64 KiB, for the few certificates of most loads; the next ones 2 MiB, aligned and
// advised for transparent huge pages.
//
// Each piece records its block; a block goes back to the system when the arena has moved on
// from it and the last piece in it is released. Pieces may outlive the arena. Allocation is
// not thread-safe; releasing is (a certificate's last copy may go on any thread).
#pragma once

#include <cstddef>
#include <new>

namespace mtlsdoctor::x509::detail {

class Arena {
 public:
  Arena() = default;
  ~Arena();
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // `size` bytes aligned to 16; throws std::bad_alloc when the system has no memory left.
  [[nodiscard]] void* allocate(std::size_t size);
  // Gives back a piece of any arena.
  static void release(void* piece) noexcept;

 private:
  struct Block;
  Block* m_block = nullptr;  // where pieces come from now (one reference held)
  std::size_t m_next_size = 64 << 10;
};

// For std::allocate_shared: the control block and the object in one piece.
template <class T>
class ArenaAllocator {
 public:
  using value_type = T;
  explicit ArenaAllocator(Arena& arena) noexcept : m_arena(&arena) {}
  template <class U>
  ArenaAllocator(const ArenaAllocator<U>& other) noexcept : m_arena(other.arena()) {}

  [[nodiscard]] T* allocate(std::size_t n) {
    static_assert(alignof(T) <= 16);
    return static_cast<T*>(m_arena->allocate(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t) noexcept { Arena::release(p); }
  [[nodiscard]] Arena* arena() const noexcept { return m_arena; }

  template <class U>
  friend bool operator==(const ArenaAllocator& a, const ArenaAllocator<U>& b) noexcept {
    return a.arena() == b.arena();
  }

 private:
  Arena* m_arena;  // used to allocate only: deallocation needs no arena
};

}  // namespace mtlsdoctor::x509::detail
