// glibc_math (the lab's log, exp, pow and log2 in both builds) against glibc itself where the tests run on
// glibc with an FMA CPU (x86-64: the variants CPython's libm calls there), and against a digest of glibc's
// values in every build, so that the WebAssembly build is shown to give the same bits as the native one;
// and its fused multiply-add, emulated without an fma instruction, against the C library's.
#include "chance/glibc_math.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "float_bits.hpp"

namespace llplay::chance {
namespace {

using namespace test_bits;

/// Why the C library here is not the reference, or "" when it is glibc's FMA variant.
std::string why_not_glibc_fma() {
#if defined(__x86_64__) && defined(__GLIBC__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("fma") && __builtin_cpu_supports("avx2")) return "";
  return "this CPU has no FMA and AVX2: glibc takes its generic variants, which round differently";
#elif defined(__EMSCRIPTEN__)
  return "the C library here is musl (WebAssembly), not glibc";
#else
  return "the C library here is not glibc on x86-64";
#endif
}

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// Inputs for one function: what the lab passes (1 - random(), values near 1, the variates' ranges and
/// powers) and random bit patterns, with the special values each function treats apart.
struct Inputs {
  std::vector<double> x, y;
};
Inputs inputs(int fn, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 source(seed);
  auto u01 = [&] { return static_cast<double>(source() >> 11) * 0x1p-53; };
  auto any = [&] { return double_of(source()); };
  Inputs in;
  for (std::size_t i = 0; i < n; ++i) {
    double x = 0, y = 0;
    switch (fn * 8 + static_cast<int>(i % 8)) {
      case 0:  // log, log2
      case 24:
        x = 1.0 - u01();
        break;
      case 1:
      case 25:
        x = 1.0 + (u01() - 0.5) * 0.25;
        break;
      case 2:
      case 26:
        x = u01() * 1000;
        break;
      case 3:
      case 27:
        x = u01() / (1.0 - u01() + 0x1p-60);  // u / (1 - u): gammavariate's
        break;
      case 8:  // exp
        x = -u01() * 40;
        break;
      case 9:
        x = (u01() - 0.5) * 1490;
        break;
      case 10:
        x = -700 - u01() * 50;  // subnormal results
        break;
      case 11:
        x = (u01() - 0.5) * 0x1p-40;
        break;
      case 16:  // pow: x in (0, 1] with 1/alpha, -1/alpha (paretovariate, weibullvariate, gammavariate)
        x = 1.0 - u01();
        y = 1.0 / (0.05 + u01() * 100);
        break;
      case 17:
        x = 1.0 - u01();
        y = -1.0 / (0.05 + u01() * 100);
        break;
      case 18:
        x = u01() * 1000;
        y = (u01() - 0.5) * 100;
        break;
      case 19:
        x = -u01() * 4;
        y = std::floor((u01() - 0.5) * 2000);  // negative x, integer y, over- and underflow
        break;
      case 20:
        x = u01() * 2;
        y = (u01() - 0.5) * 4000;
        break;
      default:
        x = fn == 2 || fn == 1 ? any() : std::fabs(any());
        y = any();
    }
    in.x.push_back(x);
    in.y.push_back(y);
  }
  const double special[] = {0.0,
                            -0.0,
                            1.0,
                            -1.0,
                            2.0,
                            0.5,
                            inf,
                            -inf,
                            nan,
                            5e-324,
                            0x1p-1022,
                            1.7976931348623157e308,
                            709.782712893384,
                            709.7827128933841,
                            -745.1332191019411,
                            -745.1332191019412,
                            0x1p-54,
                            -0x1p-54,
                            1e-300,
                            3.0};
  for (double x : special) {
    for (double y : special) {
      in.x.push_back(x);
      in.y.push_back(y);
    }
  }
  return in;
}

const char* const names[] = {"log", "exp", "pow", "log2"};
double call(int fn, double x, double y, bool mine) {
  switch (fn) {
    case 0:
      return mine ? glibc_log(x) : std::log(x);
    case 1:
      return mine ? glibc_exp(x) : std::exp(x);
    case 2:
      return mine ? glibc_pow(x, y) : std::pow(x, y);
    default:
      return mine ? glibc_log2(x) : std::log2(x);
  }
}

/// FNV-1a over the bits of every value (any NaN counted as one).
std::uint64_t digest(int fn, const Inputs& in, bool mine) {
  std::uint64_t h = 1469598103934665603u;
  for (std::size_t i = 0; i < in.x.size(); ++i) {
    double v = call(fn, in.x[i], in.y[i], mine);
    std::uint64_t b = std::isnan(v) ? 0x7ff8000000000000u : bits_of(v);
    for (int k = 0; k < 8; ++k) h = (h ^ ((b >> (8 * k)) & 255)) * 1099511628211u;
  }
  return h;
}

TEST(glibc_math_test, equals_glibc_where_glibc_is_cpythons) {
  std::string why = why_not_glibc_fma();
  if (!why.empty()) GTEST_SKIP() << why;
  for (int fn = 0; fn < 4; ++fn) {
    Inputs in = inputs(fn, 1000000, 100 + static_cast<std::uint64_t>(fn));
    int wrong = 0;
    for (std::size_t i = 0; i < in.x.size(); ++i) {
      double mine = call(fn, in.x[i], in.y[i], true), theirs = call(fn, in.x[i], in.y[i], false);
      if (!same(mine, theirs) && ++wrong <= 5) {
        ADD_FAILURE() << names[fn] << "(" << in.x[i] << ", " << in.y[i] << "): " << mine << " but glibc "
                      << theirs;
      }
    }
    EXPECT_EQ(wrong, 0) << names[fn] << ": values unlike glibc's of " << in.x.size();
  }
}

// Digests of glibc 2.36's values (x86-64, FMA variants) on each function's fixed inputs: the first test
// below checks them against glibc itself wherever it runs on glibc with FMA, so they are glibc's, not ours.
// Every build, WebAssembly included, must reproduce them with glibc_math.
constexpr std::uint64_t glibc_digests[4] = {0xc4f7e02db975adc6, 0x26f649ef90bb4f6f, 0x165ca659c6a74136,
                                            0xda8b8caeedc70a97};

TEST(glibc_math_test, the_digests_are_glibcs) {
  std::string why = why_not_glibc_fma();
  if (!why.empty()) GTEST_SKIP() << why;
  for (int fn = 0; fn < 4; ++fn) {
    EXPECT_EQ(digest(fn, inputs(fn, 200000, 7), false), glibc_digests[fn]) << names[fn];
  }
}

TEST(glibc_math_test, every_build_gives_glibcs_bits) {
  for (int fn = 0; fn < 4; ++fn) {
    Inputs in = inputs(fn, 200000, 7);
    EXPECT_EQ(digest(fn, in, true), glibc_digests[fn]) << names[fn];
  }
}

/// A double of exponent e (unbiased; below -1022 a subnormal), a random sign, and a random mantissa, one
/// with trailing zeros (products and sums then land exactly on ties), or one with trailing ones.
double with_exponent(std::mt19937_64& source, int e, int kind) {
  std::uint64_t m = source() & 0xfffffffffffffu;
  if (kind == 1) m &= ~((std::uint64_t{1} << (source() % 53)) - 1);
  if (kind == 2) m |= (std::uint64_t{1} << (source() % 52)) - 1;
  std::uint64_t field = e < -1022 ? 0 : static_cast<std::uint64_t>(e + 1023);
  return double_of((source() & 1) << 63 | field << 52 | m);
}

// exact_fma against the C library's fma (exact in glibc and in musl) in every build, on the cases where an
// emulation goes wrong: cancellation, sums near a midpoint or exactly on a tie, tiny addends, the edges
// of its fast path's exponent range, and anything at all. (It was also checked against the x86-64 fma
// instruction on 1.8 * 10^8 such cases, 1.6 * 10^8 of them through the fast path.)
TEST(glibc_math_test, exact_fma_rounds_once) {
  std::mt19937_64 source(11);
  auto u01 = [&] { return static_cast<double>(source() >> 11) * 0x1p-53; };
  int wrong = 0;
  for (int i = 0; i < 1800000; ++i) {
    int ea = static_cast<int>(source() % 121) - 60, eb = static_cast<int>(source() % 121) - 60;
    double a = with_exponent(source, ea, static_cast<int>(source() % 3));
    double b = with_exponent(source, eb, static_cast<int>(source() % 3));
    double p = a * b, c = 0;
    int ep = std::ilogb(p);
    switch (i % 9) {
      case 0:  // anything near the product's scale
        c = with_exponent(source, ep + static_cast<int>(source() % 181) - 120,
                          static_cast<int>(source() % 3));
        break;
      case 1:  // a*b - RN(a*b): the product's rounding error
        c = -p;
        break;
      case 2:  // near the midpoints of the product's unit in the last place
        c = std::ldexp(static_cast<double>(source() % 8) - 4, ep - 53 + static_cast<int>(source() % 3) - 1);
        if (source() & 1) c -= p;
        break;
      case 3:  // far below the product
        c = std::ldexp(source() & 1 ? 1.0 : -1.0, ep - 53 - static_cast<int>(source() % 70));
        break;
      case 4:
        c = -(p + 2 * std::fma(a, b, -p));
        break;
      case 5:  // short mantissas: exact products, exact ties
        a = with_exponent(source, ea, 1);
        b = with_exponent(source, eb, 1);
        p = a * b;
        c = std::ldexp(static_cast<double>(source() % 7) - 3,
                       std::ilogb(p) - 54 + static_cast<int>(source() % 3));
        if (source() & 1) c -= p;
        break;
      case 6:  // z * invc - 1, as log and pow call it
        a = 0.7 + u01() * 0.7;
        b = 1.0 / (0.7 + u01() * 0.7);
        c = -1.0;
        break;
      case 7: {  // the edges of the fast path: exponent sums near -900 and 1000, addends near 2^1000
        int sum = source() & 1 ? -904 + static_cast<int>(source() % 8) : 996 + static_cast<int>(source() % 8);
        int e1 = static_cast<int>(source() % 1990) - 995, e2 = sum - e1;
        if (e2 < -1030 || e2 > 1000) e1 = sum - (e2 = sum / 2);
        a = with_exponent(source, e1, static_cast<int>(source() % 3));
        b = with_exponent(source, e2, static_cast<int>(source() % 3));
        int ec = source() % 3 == 0 ? 995 + static_cast<int>(source() % 10)
                                   : sum + static_cast<int>(source() % 120) - 100;  // a*b may be 0
        c = source() % 5 == 0 ? -(a * b)
                              : with_exponent(source, std::min(ec, 1023), static_cast<int>(source() % 3));
        break;
      }
      default:  // any finite values, and exact cancellation
        a = with_exponent(source, static_cast<int>(source() % 2046) - 1022, 0);
        b = with_exponent(source, static_cast<int>(source() % 2046) - 1022, 0);
        c = source() & 1 ? with_exponent(source, static_cast<int>(source() % 2046) - 1022, 0) : -(a * b);
    }
    double mine = exact_fma(a, b, c), theirs = std::fma(a, b, c);
    if (!same(mine, theirs) && ++wrong <= 5) {
      ADD_FAILURE() << std::hexfloat << "fma(" << a << ", " << b << ", " << c << "): " << mine << ", not "
                    << theirs;
    }
  }
  EXPECT_EQ(wrong, 0);
  for (double special : {0.0, -0.0, inf, -inf, nan, 5e-324}) {
    EXPECT_TRUE(same(exact_fma(special, 3.0, 1.0), std::fma(special, 3.0, 1.0))) << special;
    EXPECT_TRUE(same(exact_fma(2.0, 3.0, special), std::fma(2.0, 3.0, special))) << special;
  }
  EXPECT_TRUE(std::signbit(exact_fma(-0.0, 1.0, -0.0)));
  EXPECT_FALSE(std::signbit(exact_fma(2.0, 3.0, -6.0)));
}

}  // namespace
}  // namespace llplay::chance
