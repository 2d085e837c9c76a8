// Global operator new/delete that count bytes: each block carries its size in a 16-byte header.
#include "heap.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace llplay::heap {

namespace {

std::atomic<std::size_t> live{0}, high{0};
constexpr std::size_t header = 16;  // keeps max_align_t alignment for what follows

void* allocate(std::size_t size) {
  void* block = std::malloc(size + header);
  if (block == nullptr) throw std::bad_alloc();
  *static_cast<std::size_t*>(block) = size;
  std::size_t now = live.fetch_add(size, std::memory_order_relaxed) + size;
  std::size_t seen = high.load(std::memory_order_relaxed);
  while (now > seen && !high.compare_exchange_weak(seen, now, std::memory_order_relaxed)) {
  }
  return static_cast<char*>(block) + header;
}

void release(void* p) noexcept {
  if (p == nullptr) return;
  void* block = static_cast<char*>(p) - header;
  live.fetch_sub(*static_cast<std::size_t*>(block), std::memory_order_relaxed);
  std::free(block);
}

}  // namespace

std::size_t current() { return live.load(std::memory_order_relaxed); }
std::size_t peak() { return high.load(std::memory_order_relaxed); }
void reset_peak() { high.store(live.load(std::memory_order_relaxed), std::memory_order_relaxed); }

}  // namespace llplay::heap

// The replaceable global allocation functions. Over-aligned new (alignas > 16) is not used here.
void* operator new(std::size_t size) { return llplay::heap::allocate(size); }
void* operator new[](std::size_t size) { return llplay::heap::allocate(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return llplay::heap::allocate(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void operator delete(void* p) noexcept { llplay::heap::release(p); }
void operator delete[](void* p) noexcept { llplay::heap::release(p); }
void operator delete(void* p, std::size_t) noexcept { llplay::heap::release(p); }
void operator delete[](void* p, std::size_t) noexcept { llplay::heap::release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { llplay::heap::release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { llplay::heap::release(p); }
