// Allocation patterns on the real allocator (dlmalloc in wasm, glibc's malloc natively).
#include "heapview.hpp"

#include <cstdlib>
#include <limits>

#include "../error.hpp"
#include "../splitmix.hpp"

namespace llplay::memory {

namespace {

std::size_t pages() {
#ifdef __wasm__
  return __builtin_wasm_memory_size(0);  // 64 KiB each
#else
  return 0;
#endif
}

}  // namespace

// llplay:source memory.heap
HeapRun run_pattern(const std::string& pattern, int blocks, std::uint64_t seed, std::uint64_t big_bytes,
                    RunContext& ctx) {
  HeapRun out;
#ifdef __wasm__
  out.wasm = true;
#endif
  out.pages_before = pages();
  std::vector<void*> live;
  std::vector<std::size_t> sizes;
  // Room for every record up front: a vector growing mid-pattern would put blocks of its own in the heap.
  live.reserve(static_cast<std::size_t>(blocks) + 1), sizes.reserve(static_cast<std::size_t>(blocks) + 1);
  out.events.reserve(3 * static_cast<std::size_t>(blocks) + 2);
  auto allocate = [&](std::uint64_t size) {
    if (size > std::numeric_limits<std::size_t>::max())  // wasm32: addresses are 32 bits
      throw Error(ErrorCode::OutOfMemory, "malloc(" + std::to_string(size) +
                                              ") cannot even be asked for: this heap's addresses are " +
                                              std::to_string(8 * sizeof(void*)) +
                                              " bits, so it holds at most 4 GB");
    void* p = std::malloc(static_cast<std::size_t>(size));
    if (p == nullptr)
      throw Error(ErrorCode::OutOfMemory,
                  "malloc(" + std::to_string(size) + ") failed: the heap cannot grow further");
    live.push_back(p), sizes.push_back(static_cast<std::size_t>(size));
    out.events.push_back(
        {true, reinterpret_cast<std::uintptr_t>(p), static_cast<std::size_t>(size), pages()});
  };
  auto release = [&](std::size_t i) {
    if (live[i] == nullptr) return;
    std::free(live[i]);
    out.events.push_back({false, reinterpret_cast<std::uintptr_t>(live[i]), sizes[i], pages()});
    live[i] = nullptr;
  };
  SplitMix64 rng{seed};
  auto random = [&](std::uint64_t below) { return rng.below(below); };
  try {
    if (pattern == "big")
      blocks = 0, allocate(big_bytes);  // one block: the memory grows by that much, or cannot
    for (int i = 0; i < blocks; ++i) {
      ctx.checkpoint(static_cast<double>(i) / blocks);
      if (pattern == "grow") {
        allocate(std::size_t{4096} << (i % 9));  // 4 KiB to 1 MiB, again and again
      } else if (pattern == "churn") {
        if (!live.empty() && random(3) == 0) release(random(live.size()));
        allocate(16 + random(4080));
      } else {  // fragment
        allocate(64);
      }
    }
    if (pattern == "fragment" && blocks > 0) {
      for (std::size_t i = 0; i < live.size(); i += 2) release(i);  // holes of 64 bytes everywhere
      allocate(64 * static_cast<std::size_t>(blocks) / 4);          // fits in none of them
    }
  } catch (...) {
    for (std::size_t i = 0; i < live.size(); ++i) release(i);
    throw;
  }
  for (std::size_t i = 0; i < live.size(); ++i) release(i);
  out.pages_after = pages();
  return out;
}
// llplay:end

}  // namespace llplay::memory
