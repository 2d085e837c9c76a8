// math.fsum two ways, which must agree bit for bit: fsum() (bins of one sign and exponent, an exact
// fixed-point sum rounded once) and fsum_partials() (CPython's own algorithm, Shewchuk's partials). Same
// double, same sign of zero, same error. The input: one byte of settings, then doubles, 8 bytes each.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "error.hpp"
#include "floats/summation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llplay;
  if (size < 9) return 0;
  std::vector<double> xs;
  for (std::size_t i = 1; i + 8 <= size; i += 8) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, data + i, 8);
    // Settings bit 6: below 2 in magnitude (top exponent bit clear), where no value makes the partials take
    // over.
    if (data[0] & 0x40) bits &= ~(std::uint64_t{1} << 62);
    double x = 0;
    std::memcpy(&x, &bits, 8);
    xs.push_back(x);
  }
  // Settings bits 0-5: the list 1 to 64 times over (up to 2^16 values), so one bin can take the thousands of
  // values that make its 64-bit counter wrap, and short inputs reach fsum's bins (from 64 values).
  std::size_t copies = std::min<std::size_t>(1 + (data[0] & 63), std::max<std::size_t>(1, 65536 / xs.size()));
  std::size_t n = xs.size();
  for (std::size_t c = 1; c < copies; ++c) xs.insert(xs.end(), xs.begin(), xs.begin() + static_cast<long>(n));

  auto sum = [&](double (*f)(const double*, std::size_t)) -> std::pair<double, std::optional<ErrorCode>> {
    try {
      return {f(xs.data(), xs.size()), std::nullopt};
    } catch (const Error& e) {
      return {0.0, e.code()};
    }
  };
  auto [fast, fast_error] = sum(floats::fsum);
  auto [slow, slow_error] = sum(floats::fsum_partials);
  if (fast_error != slow_error) __builtin_trap();
  if (std::isnan(fast) != std::isnan(slow)) __builtin_trap();
  if (!std::isnan(fast) && (fast != slow || std::signbit(fast) != std::signbit(slow))) __builtin_trap();
  return 0;
}
