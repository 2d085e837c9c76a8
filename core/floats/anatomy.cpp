// One double taken apart: its 64 bits, exact value, neighbours and ULP, as CPython shows them.
#include "anatomy.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>

#include "../error.hpp"

namespace llplay::floats {

double from_bits(std::uint64_t bits) {
  double x = 0;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

// llplay:source float.anatomy
Anatomy anatomy(double x) {
  Anatomy a;
  std::memcpy(&a.bits, &x, sizeof x);
  a.sign = static_cast<int>(a.bits >> 63);
  a.biased_exponent = static_cast<int>((a.bits >> 52) & 0x7ff);
  a.fraction = a.bits & ((std::uint64_t{1} << 52) - 1);
  if (a.biased_exponent == 0x7ff) {
    a.kind = a.fraction == 0 ? "infinity" : "nan";
  } else if (a.biased_exponent == 0) {
    a.kind = a.fraction == 0 ? "zero" : "subnormal";  // no implicit leading 1: 0.fraction * 2^-1022
  } else {
    a.kind = "normal";  // 1.fraction * 2^(biased_exponent - 1023)
  }
  a.value = x;
  a.next_down = std::nextafter(x, -HUGE_VAL);
  a.next_up = std::nextafter(x, HUGE_VAL);
  a.ulp = python_ulp(x);
  return a;
}

double python_ulp(double x) {
  if (std::isnan(x)) return x;
  x = std::fabs(x);
  if (std::isinf(x)) return x;
  double up = std::nextafter(x, HUGE_VAL);
  if (std::isinf(up)) return x - std::nextafter(x, -HUGE_VAL);  // the largest double: the gap below
  return up - x;
}

// llplay:end

// llplay:source float.compare
bool python_isclose(double a, double b, double rel_tol, double abs_tol) {
  if (rel_tol < 0.0 || abs_tol < 0.0) throw Error(ErrorCode::ValueError, "tolerances must be non-negative");
  if (a == b) return true;                           // also inf == inf
  if (std::isinf(a) || std::isinf(b)) return false;  // inf is close to nothing else
  double diff = std::fabs(b - a);
  return diff <= std::fabs(rel_tol * b) || diff <= std::fabs(rel_tol * a) || diff <= abs_tol;
}
// llplay:end

std::string python_hex(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (x == 0) return std::signbit(x) ? "-0x0.0p+0" : "0x0.0p+0";
  // CPython's float_hex: a leading 1 (0 for subnormals), 13 hex digits, a binary exponent.
  int e = 0;
  double m = std::frexp(std::fabs(x), &e);
  int shift = 1 - std::max(DBL_MIN_EXP - e, 0);
  m = std::ldexp(m, shift);
  e -= shift;
  const char* hex = "0123456789abcdef";
  std::string out = std::signbit(x) ? "-0x" : "0x";
  out += hex[static_cast<int>(m)];
  m -= static_cast<int>(m);
  out += '.';
  for (int i = 0; i < (DBL_MANT_DIG - 1) / 4; ++i) {
    m *= 16.0;
    out += hex[static_cast<int>(m)];
    m -= static_cast<int>(m);
  }
  return out + "p" + (e < 0 ? "-" : "+") + std::to_string(e < 0 ? -e : e);
}

}  // namespace llplay::floats
