// sin, cos, hypot, acos and atan2 rounded once, for the browser build: WebAssembly's C library (musl) rounds
// sin and cos differently from the glibc CPython uses on Linux for about 1 argument in 40, acos for about 1
// in 13 and atan2 for about 1 in 5; random.gauss goes through sin and cos, vonmisesvariate through cos and
// acos, cmath's phase and polar through atan2. Evaluated in double-double arithmetic (about 104 bits), the
// result rounds as the exact value does, which is what glibc returns in all but rare cases. Natively the lab
// calls the C library itself, which is CPython's.
#pragma once

namespace llplay::chance {

/// sin(x) and cos(x) correctly rounded (barring values within 2^-100 of a rounding boundary), for |x| <= 64;
/// other arguments go to the C library.
double rounded_sin(double x);
double rounded_cos(double x);

/// acos(x) and atan2(y, x) correctly rounded, barring values within about 2^-100 (relative) of a rounding
/// boundary: the angle of (x, y) from atan(k/64) (a table, from mpmath) plus the Taylor series of
/// atan((t - c) / (1 + t c)), all in double-double; acos(x) is the angle of (x, sqrt(1 - x^2)). Special
/// values as the C library returns them: acos(NaN or |x| > 1) is NaN, acos(1) is +0; atan2 keeps the sign of
/// y for zeros and infinities (atan2(+-0, -0) = +-pi, atan2(+-inf, -inf) = +-3pi/4, atan2(y, +inf) = +-0,
/// ...).
double rounded_acos(double x);
double rounded_atan2(double y, double x);

/// hypot(a, b) correctly rounded: the square root of a^2 + b^2 in double-double. (glibc's hypot is not
/// always correctly rounded: 21 of 3,000 random arguments differ.)
double rounded_hypot(double a, double b);

/// What the lab's generator code calls: the C library natively (CPython's), rounded_* in WebAssembly.
double lab_sin(double x);
double lab_cos(double x);
double lab_hypot(double a, double b);
double lab_acos(double x);
double lab_atan2(double y, double x);

}  // namespace llplay::chance
