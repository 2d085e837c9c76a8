// Summation strategies. Expected values were printed by CPython 3.11.7: repr(math.fsum(xs)), repr(sum(xs)).
#include "floats/summation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "error.hpp"

namespace llplay::floats {
namespace {

double fsum_of(std::vector<double> xs) { return fsum(xs.data(), xs.size()); }

TEST(summation_test, fsum_survives_catastrophic_cancellation) {
  std::vector<double> xs = {1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50};
  EXPECT_EQ(fsum_of(xs), 1e-100);                   // math.fsum: 1e-100
  EXPECT_EQ(naive_sum(xs.data(), xs.size()), 0.0);  // sum(): 0.0
  EXPECT_EQ(fsum_of({1, 1e100, 1, -1e100}), 2.0);
}

TEST(summation_test, fsum_rounds_half_even_across_partials) {
  EXPECT_EQ(fsum_of({1e-16, 1, 1e16}), 1.0000000000000002e16);  // sum() gives 1e+16
  std::vector<double> tenth(10, 0.1);
  EXPECT_EQ(fsum_of(tenth), 1.0);
  EXPECT_EQ(naive_sum(tenth.data(), tenth.size()), 0.9999999999999999);
}

TEST(summation_test, fsum_raises_what_cpython_raises) {
  const double inf = std::numeric_limits<double>::infinity(), big = std::numeric_limits<double>::max();
  EXPECT_EQ(fsum_of({inf, 1}), inf);
  EXPECT_TRUE(std::isnan(fsum_of({std::nan(""), 1})));
  try {
    fsum_of({inf, -inf});
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::ValueError);
    EXPECT_STREQ(e.what(), "-inf + inf in fsum");
  }
  try {
    fsum_of({big, big, -big});
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::OverflowError);
  }
}

TEST(summation_test, fixed_point_fsum_gives_the_same_bits_as_the_partials) {
  // fsum() rounds an exact fixed-point sum once; fsum_partials() is CPython's algorithm. CPython's own
  // tests hold math.fsum to the correctly rounded exact sum, so the two must agree on every input.
  std::uint64_t state = 12345;
  auto next = [&] {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  for (int trial = 0; trial < 3000; ++trial) {
    std::vector<double> xs(1 + next() % (trial % 10 == 0 ? 5000 : 200));  // fsum takes over from 64
    int spread = static_cast<int>(next() % 1100);  // up to the whole exponent range, subnormals included
    for (double& x : xs) {
      double u = static_cast<double>(next() >> 11) * 0x1p-53;
      int exponent = std::min(1000, static_cast<int>(next() % (2 * spread + 1)) - spread);  // finite sums
      x = std::ldexp(next() % 2 ? -u : u, exponent);
      if (trial % 7 == 0 && next() % 8 == 0) x = next() % 2 ? -0.0 : 0.0;  // zeros share the subnormals' bin
    }
    if (trial % 3 == 0) {  // cancellation: append the negations of a prefix
      for (std::size_t i = 0, half = xs.size() / 2; i < half; ++i)
        xs.push_back(-xs[i] * (next() % 2 ? 1 : 1 + 0x1p-30));
    }
    double fast = fsum(xs.data(), xs.size()), reference = fsum_partials(xs.data(), xs.size());
    ASSERT_EQ(fast, reference) << "trial " << trial;
    ASSERT_EQ(std::signbit(fast), std::signbit(reference)) << "trial " << trial;
  }
  // A bin's 64-bit counter wraps past 2^64 every 2,048 to 4,096 additions: many values of one sign and
  // exponent make it wrap often, and a wrap not counted is off by 2^64 units of that bin.
  for (double sign : {1.0, -1.0}) {
    std::vector<double> one_exponent(300001);  // [1, 2): about 55 wraps in each set's bin
    for (double& x : one_exponent) x = sign * (1 + static_cast<double>(next() >> 12) * 0x1p-52);
    one_exponent.push_back(sign * 0x1p-60);  // and a value far below, which the rounding must see
    EXPECT_EQ(fsum(one_exponent.data(), one_exponent.size()),
              fsum_partials(one_exponent.data(), one_exponent.size()));
    std::vector<double> largest_fraction(100000, sign * (2 - 0x1p-52));  // the largest m: 2^53 - 1
    EXPECT_EQ(fsum(largest_fraction.data(), largest_fraction.size()), sign * (200000 - 100000 * 0x1p-52));
  }
  const double big = std::numeric_limits<double>::max();
  std::vector<double> overflow = {big, big, -big};
  EXPECT_THROW(fsum(overflow.data(), overflow.size()), Error)
      << "near the top, the partials decide (OverflowError)";
  std::vector<double> cancelled(100,
                                1.0);  // +big and -big cancel in the sum, not on the way: still an overflow
  cancelled.insert(cancelled.end(), {big, big, -big, -big});
  EXPECT_THROW(fsum(cancelled.data(), cancelled.size()), Error);
  std::vector<double> tiny(1000, 0x1p-1074);  // subnormals and zeros only
  tiny.insert(tiny.end(), 500, -0.0);
  tiny.insert(tiny.end(), 200, -0x1p-1073);
  EXPECT_EQ(fsum(tiny.data(), tiny.size()), 600 * 0x1p-1074);
}

TEST(summation_test, pairwise_copies_matches_numpys_pairwise_sum) {
  // Expected values from a Python transcription of numpy's pairwise_sum_DOUBLE (numpy is not on
  // this machine): eight accumulators over blocks of up to 128, halves rounded down to multiples of 8.
  std::int64_t blocks = 0;
  auto count = [&](std::int64_t k) { blocks += k; };
  EXPECT_EQ(pairwise_copies(0.1, 10, count), 1.0);
  EXPECT_EQ(blocks, 10);
  EXPECT_EQ(pairwise_copies(0.1, 1000000, count), 100000.00000000003);
  EXPECT_EQ(pairwise_copies(1.0, 0, count), 0.0);
}

}  // namespace
}  // namespace llplay::floats
