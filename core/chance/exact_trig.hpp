// sin and cos rounded once, for the browser build: WebAssembly's C library (musl) rounds sin and cos
// differently from the glibc CPython uses on Linux for about 1 argument in 40, and random.gauss goes through
// both. Evaluated in double-double arithmetic (about 104 bits), the result rounds as the exact value does,
// which is what glibc returns in all but rare cases. Natively the lab calls the C library itself, which is
// CPython's.
#pragma once

namespace llplay::chance {

/// sin(x) and cos(x) correctly rounded (barring values within 2^-100 of a rounding boundary), for |x| <= 64;
/// other arguments go to the C library.
double rounded_sin(double x);
double rounded_cos(double x);

/// hypot(a, b) correctly rounded (as glibc's is): the square root of a^2 + b^2 in double-double.
double rounded_hypot(double a, double b);

/// What the lab's generator code calls: the C library natively (CPython's), rounded_* in WebAssembly.
double lab_sin(double x);
double lab_cos(double x);
double lab_hypot(double a, double b);

}  // namespace llplay::chance
