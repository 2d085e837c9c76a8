// Doubles as their 64 bits, for the chance lab's libm tests (glibc_math_test.cpp, exact_trig_test.cpp).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace llplay::chance::test_bits {

// memcpy, not std::bit_cast: Emscripten 3.1.6's libc++ has no bit_cast.
inline std::uint64_t bits_of(double x) {
  std::uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
inline double double_of(std::uint64_t u) {
  double x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}
/// The same double, bit for bit (any NaN is the same as any NaN).
inline bool same(double a, double b) { return bits_of(a) == bits_of(b) || (std::isnan(a) && std::isnan(b)); }

}  // namespace llplay::chance::test_bits
