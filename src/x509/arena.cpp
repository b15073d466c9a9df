#include "arena.h"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstdint>

namespace mtlsdoctor::x509::detail {
namespace {

constexpr std::size_t kHuge = 2 << 20;            // a transparent huge page on x86-64
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
    const bool huge = total >= kHuge;
    const std::size_t mapped = huge ? total + kHuge : total;  // room to start on a 2 MiB boundary
    void* map = ::mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) throw std::bad_alloc();
    char* start = static_cast<char*>(map);
    if (huge) {
      start = reinterpret_cast<char*>(round_up(reinterpret_cast<std::uintptr_t>(map), kHuge));
      (void)::madvise(start, total, MADV_HUGEPAGE);
    }
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
    m_next_size = kHuge;  // a small load fits in the first block; a bulk load gets huge pages
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
