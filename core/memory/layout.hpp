// Dict against slots: n objects with k attributes each, stored in a hash map per object (like
// __dict__) or in a fixed array per object (like __slots__). Measured with the counting allocator.
#pragma once

#include <cstdint>

#include "../run_context.hpp"

namespace llplay::memory {

enum class Layout { dict, slots };

struct LayoutRun {
  double bytes_per_object = 0;  ///< heap per object, counted (the table of objects included)
  double access_ns = 0;         ///< one attribute read, on average
  std::int64_t checksum = 0;    ///< the sum of the values read: in the result, so the reads cannot be skipped
};

/// Builds n objects with attributes a0 .. a{k-1}, then reads every object's attributes in turn.
LayoutRun measure_layout(std::uint64_t n, int k, Layout layout, RunContext& ctx);

}  // namespace llplay::memory
