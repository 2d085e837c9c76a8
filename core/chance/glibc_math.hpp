// log, exp, pow and log2 exactly as glibc computes them on an x86-64 CPU with FMA, in portable C++, so that
// the browser build (musl in WebAssembly, no fused multiply-add) rounds them as CPython on Linux does.
//
// glibc 2.28+ and musl both use Arm's optimized-routines for these four functions; they differ only in
// where the compiler fuses a*b + c into one rounding. glibc's x86-64 libm picks, on an FMA CPU, variants
// built with -mfma -mavx2, where GCC contracts every multiply whose value only feeds additions.
// glibc_math.cpp spells out each of those fusions as a call of exact_fma (exactly where GCC 12 places them,
// read from its widening_mul dump), and is compiled without contraction (-ffp-contract=off, the project's
// default), so both builds take the same roundings.
#pragma once

namespace llplay::chance {

/// glibc's log, exp, pow, log2 (x86-64, FMA variant), bit for bit: no difference in 10^8 inputs of each
/// (the lab's ranges, edges and random bit patterns); tests/chance/glibc_math_test.cpp keeps checking.
double glibc_log(double x);
double glibc_exp(double x);
double glibc_pow(double x, double y);
double glibc_log2(double x);

/// a*b + c rounded once (as std::fma), computed without a hardware fma where that is safe (see the .cpp);
/// what glibc_math uses in both builds. WebAssembly has no fma instruction, and musl's exact software fma
/// takes about 50 ns there, this about 8.
double exact_fma(double a, double b, double c);

}  // namespace llplay::chance
