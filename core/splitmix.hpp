// SplitMix64: the one pseudo-random generator of the demos' own data. Tiny, fast, and reproducible bit
// for bit in Python (scripts/benches/floats.mjs does), so a seed names the same data everywhere.
#pragma once

#include <cstdint>

namespace llplay {

struct SplitMix64 {
  std::uint64_t state;

  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// In [0, n), for n > 0 (modulo bias is irrelevant at these sizes).
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  /// In [0, 1), with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1p-53; }
};

}  // namespace llplay
