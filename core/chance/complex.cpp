// The series' cmath example, exact: CPython's cmathmodule.c algorithms and its repr() of complex numbers.
#include "complex.hpp"

#include <cfloat>
#include <cmath>

#include "../error.hpp"
#include "../float_text.hpp"
#include "exact_trig.hpp"

namespace llplay::chance {

namespace {

/// repr() without the ".0" CPython's float repr adds: the 'r' format a complex part uses.
std::string part(double x) {
  std::string text = python_repr(x);
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text;
}

/// abs(z) as _Py_c_abs computes it for finite parts: hypot, and OverflowError past the largest float.
double absolute(double a, double b) {
  double r = lab_hypot(a, b);
  if (std::isinf(r)) throw Error(ErrorCode::OverflowError, "absolute value too large");
  return r;
}

/// atan2(b, a) as CPython's cmath sees it: glibc sets errno to ERANGE when a nonzero angle underflows to
/// zero, and CPython turns that into OverflowError.
double angle(double a, double b) {
  double phi = lab_atan2(b, a);
  if (phi == 0 && b != 0) throw Error(ErrorCode::OverflowError, "math range error");
  return phi;
}

}  // namespace

std::string complex_repr(double real, double imag) {
  if (real == 0 && !std::signbit(real)) return part(imag) + "j";  // +0 real part: no parentheses
  std::string im = part(imag);
  if (im[0] != '-') im = "+" + im;
  return "(" + part(real) + im + "j)";
}

// llplay:source cmath.compute
std::string cmath_call(const std::string& fn, double a, double b) {
  if (fn == "sqrt") {
    if (a == 0 && b == 0) return complex_repr(0.0, b);
    constexpr int scale_up = 53, scale_down = -27;  // CM_SCALE_UP and CM_SCALE_DOWN
    double ax = std::fabs(a), ay = std::fabs(b), s = 0;
    if (ax < DBL_MIN && ay < DBL_MIN) {  // hypot(ax, ay) would be subnormal: scale up first
      ax = std::ldexp(ax, scale_up);
      s = std::ldexp(std::sqrt(ax + lab_hypot(ax, std::ldexp(ay, scale_up))), scale_down);
    } else {
      ax /= 8.0;
      s = 2.0 * std::sqrt(ax + lab_hypot(ax, ay / 8.0));
    }
    double d = ay / (2.0 * s);
    return a >= 0 ? complex_repr(s, std::copysign(d, b)) : complex_repr(d, std::copysign(s, b));
  }
  if (fn == "polar") {
    // atan2's underflow is forgotten here: abs() resets errno before CPython looks at it.
    return "(" + python_repr(absolute(a, b)) + ", " + python_repr(lab_atan2(b, a)) + ")";
  }
  if (fn == "phase") return python_repr(angle(a, b));
  if (fn == "abs") return python_repr(absolute(a, b));
  if (fn == "rect") {  // cmath.rect(r, phi): phi == 0 keeps the sign of r * phi
    if (b == 0) return complex_repr(a, a * b);
    return complex_repr(a * lab_cos(b), a * lab_sin(b));
  }
  throw Error(ErrorCode::BadParams, "fn: unknown function '" + fn + "'");
}
// llplay:end

}  // namespace llplay::chance
