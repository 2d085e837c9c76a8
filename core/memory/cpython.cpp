// CPython 3.11's layout rules (see cpython.hpp for the sources).
#include "cpython.hpp"

namespace llplay::memory::cpython {

std::uint64_t int_bytes(std::uint64_t value) {
  std::uint64_t digits = 1;
  for (value >>= 30; value != 0; value >>= 30) ++digits;
  return 24 + 4 * digits;
}

std::uint64_t list_capacity_after_appends(std::uint64_t n) {
  std::uint64_t allocated = 0;
  for (std::uint64_t size = 1; size <= n; ++size) {
    if (size <= allocated) continue;
    allocated = (size + (size >> 3) + 6) & ~std::uint64_t{3};
  }
  return allocated;
}

Eager eager_squares(std::uint64_t n) {
  Eager e;
  e.list = list_bytes(list_capacity_after_appends(n));
  for (std::uint64_t x = 0; x < n; ++x) {
    if (!small_int(static_cast<std::int64_t>(x * x))) e.ints += int_bytes(x * x);
  }
  return e;
}

std::uint64_t dict_instance_bytes(std::uint64_t k) {
  std::uint64_t size = k + 1;
  return 56 + ((size + 2 + 7) / 8 * 8) + 8 * size;
}

}  // namespace llplay::memory::cpython
