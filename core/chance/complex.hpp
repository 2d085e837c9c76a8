// The series' cmath example, exact: cmath.sqrt, cmath.polar, cmath.phase, cmath.rect and abs() of a complex
// number, with CPython's algorithms (cmathmodule.c) and its repr() of complex numbers.
#pragma once

#include <string>

namespace llplay::chance {

/// repr(complex(real, imag)) as CPython prints it: "1j", "(3+4j)", "(-0-1j)", "(1e+16+0.5j)".
std::string complex_repr(double real, double imag);

/// repr() of cmath.<fn>(complex(a, b)) for fn sqrt, polar, phase, abs (the builtin) and rect (cmath.rect(a,
/// b)), for finite a and b. Errors are CPython's: OverflowError ("absolute value too large").
std::string cmath_call(const std::string& fn, double a, double b);

}  // namespace llplay::chance
