// One double taken apart: its 64 bits, exact value, neighbours and ULP, as CPython shows them.
#pragma once

#include <cstdint>
#include <string>

namespace llplay::floats {

struct Anatomy {
  std::uint64_t bits = 0;
  int sign = 0;
  int biased_exponent = 0;     ///< the 11 exponent bits as a number
  std::uint64_t fraction = 0;  ///< the 52 fraction bits
  std::string kind;            ///< "zero", "subnormal", "normal", "infinity" or "nan"
  double value = 0, next_down = 0, next_up = 0, ulp = 0;
};

Anatomy anatomy(double x);
/// The double whose IEEE-754 bits are `bits`.
double from_bits(std::uint64_t bits);

/// float.hex(x): "0x1.999999999999ap-4", always 13 hex digits.
std::string python_hex(double x);
/// math.ulp(x).
double python_ulp(double x);
/// math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol). Throws Error{ValueError} for a negative
/// tolerance, as CPython does.
bool python_isclose(double a, double b, double rel_tol, double abs_tol);

}  // namespace llplay::floats
