// The heap itself: an allocation pattern run with malloc and free, every block's address recorded,
// and (in wasm) the linear memory's size in 64 KiB pages as it grows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../run_context.hpp"

namespace llplay::memory {

struct HeapEvent {
  bool alloc;              ///< malloc, or free
  std::uintptr_t address;  ///< what malloc returned
  std::size_t size;        ///< bytes asked for
  std::size_t pages;       ///< wasm memory pages after this step (0 natively: virtual memory)
};

struct HeapRun {
  std::vector<HeapEvent> events;
  std::size_t pages_before = 0, pages_after = 0;
  bool wasm = false;
};

/// Runs `pattern`: "grow" (blocks of growing size until the memory grows), "churn" (allocate and
/// free at random, sizes 16 B to 4 KiB), "fragment" (many small blocks, every other one freed,
/// then one large block that fits in none of the holes), or "big" (one block of `big_bytes`).
/// Everything is freed at the end. Throws Error{OutOfMemory} when malloc fails.
HeapRun run_pattern(const std::string& pattern, int blocks, std::uint64_t seed, std::uint64_t big_bytes,
                    RunContext& ctx);

}  // namespace llplay::memory
