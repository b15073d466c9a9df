#include "arena.h"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstdint>

#include "mtlsdoctor/core/anonymous_mapping.h"

namespace mtlsdoctor::x509::detail {
namespace {

constexpr std::size_t kAlign = 16;                // what a piece is aligned to (max_align_t)
constexpr std::size_t kLargestShared = 64 << 10;  // bigger pieces get a block of their own

std::size_t round_up(std::size_t n, std::size_t to) {
  return (n + to - 1) / to * to;
}

}  // namespace

struct Arena::Block {
  static constexpr std::size_t kHeader = 64;  // sizeof(Block), rounded up to a multiple of kAlign

  std::atomic<std::size_t> refs{1};  // the arena's while it allocates here, plus one per piece
  void* map = nullptr;
  std::size_t mapped = 0;
  char* next = nullptr;
  char* end = nullptr;

  // A block of `total` bytes (this header included), or more when a piece of `need` bytes
  // would not fit.
  static Block* create(std::size_t total, std::size_t need) {
    total = std::max(total, round_up(kHeader + need, 4096));
    const auto mapping = core::map_anonymous(total, total >= core::kHugePage);
    if (!mapping) throw std::bad_alloc();
    void* map = mapping->map;
    const std::size_t mapped = mapping->mapped;
    char* start = mapping->data;
    auto* block = new (start) Block;
    block->map = map;
    block->mapped = mapped;
    block->next = start + kHeader;
    block->end = start + total;
    return block;
  }

  void unref() noexcept {
    if (refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      void* map_start = map;
      const std::size_t size = mapped;
      this->~Block();
      ::munmap(map_start, size);
    }
  }
};

Arena::~Arena() {
  if (m_block) m_block->unref();
}

void* Arena::allocate(std::size_t size) {
  static_assert(sizeof(Block) <= Block::kHeader && Block::kHeader % kAlign == 0);
  // Each piece starts with its block's address, so that release() needs no arena.
  const std::size_t need = kAlign + round_up(std::max<std::size_t>(size, 1), kAlign);
  Block* block = m_block;
  if (need > kLargestShared) {
    block = Block::create(0, need);  // a block of its own: the piece holds its only reference
  } else if (!block || static_cast<std::size_t>(block->end - block->next) < need) {
    block = Block::create(m_next_size, need);
    m_next_size = core::kHugePage;  // a small load fits in the first block; a bulk load gets huge pages
    if (m_block) m_block->unref();
    m_block = block;
    block->refs.fetch_add(1, std::memory_order_relaxed);
  } else {
    block->refs.fetch_add(1, std::memory_order_relaxed);
  }
  char* piece = block->next;
  block->next += need;
  *reinterpret_cast<Block**>(piece) = block;
  return piece + kAlign;
}

void Arena::release(void* piece) noexcept {
  if (!piece) return;
  (*reinterpret_cast<Block**>(static_cast<char*>(piece) - kAlign))->unref();
}

}  // namespace mtlsdoctor::x509::detail
