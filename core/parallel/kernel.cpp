// The kernel, its formula, and 128-bit decimal text.
#include "kernel.hpp"

#include <algorithm>

namespace llplay::parallel {

// llplay:source parallel.sum parallel.speedup parallel.gil parallel.kernel parallel.spawn
u128 sum_of_squares(std::uint64_t from, std::uint64_t to) {
  u128 sum = 0;
  for (std::uint64_t i = from; i < to; ++i) {
    std::uint64_t x = i;
    // An empty barrier: without it the optimizer (clang) replaces the loop with the closed form,
    // and there is no CPU-bound work left to parallelise.
    __asm__("" : "+r"(x));
    sum += x * x;  // exact: x < 2^32
  }
  return sum;
}
// llplay:end

u128 sum_of_squares_formula(std::uint64_t n) {
  if (n == 0) return 0;
  u128 a = n - 1, b = n, c = 2 * u128{n} - 1;  // one of a, b is even; one of a, b, c divides by 3
  return a * b * c / 6;
}

std::string decimal(u128 value) {
  std::string digits;
  do {
    digits += static_cast<char>('0' + static_cast<int>(value % 10));
    value /= 10;
  } while (value != 0);
  std::reverse(digits.begin(), digits.end());
  return digits;
}

}  // namespace llplay::parallel
