// Summation strategies for the drift and float.fsum: naive, Kahan, Neumaier, pairwise, and exact.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace llplay::floats {

/// Shewchuk's exact running sum as CPython's math.fsum keeps it: non-overlapping partials whose
/// sum is exactly the sum so far. result() rounds that exact sum once, bit for bit as math.fsum.
class ExactSum {
 public:
  /// Adds x. Throws Error{OverflowError} ("intermediate overflow in fsum") like CPython.
  void add(double x) {
    // llplay:source float.drift
    // CPython's math_fsum, line for line: x runs through the partials, and each addition's rounding
    // error (lo) is kept as a partial of its own, so nothing is ever lost.
    double xsave = x;
    double* p = partials_.data();
    std::size_t kept = 0;
    for (std::size_t j = 0; j < count_; ++j) {
      double y = p[j];
      if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
      double hi = x + y;
      double lo = y - (hi - x);
      if (lo != 0.0) p[kept++] = lo;
      x = hi;
    }
    count_ = kept;
    if (x == 0.0) return;
    if (std::isfinite(x) && count_ < partials_.size()) {
      p[count_++] = x;
    } else {
      add_rare(x, xsave);  // infinities, NaNs, overflow, or more partials: out of line, may throw
    }
    // llplay:end
  }
  /// The correctly rounded sum. Throws Error{ValueError} for -inf + inf, like CPython.
  double result() const;
  /// How many partials the exact sum needs right now.
  std::size_t partials() const { return count_; }

 private:
  void add_rare(double x, double xsave);
  std::vector<double> partials_ = std::vector<double>(32);
  std::size_t count_ = 0;
  double special_sum_ = 0;  // the sum of the infinities and NaNs seen
  double inf_sum_ = 0;      // the sum of the infinities only: NaN means +inf and -inf both came
};

/// math.fsum(xs), bit for bit, but faster than the partials: the doubles of each sign and exponent are
/// added as integers in a bin of their own, the bins go into an exact fixed-point number (every double is
/// an integer multiple of 2^-1074), and that is rounded once, correctly, as math.fsum's result is.
/// Where CPython could raise or meet infinities (non-finite inputs, or sums that might overflow on
/// the way), it runs ExactSum, the partials themselves, so errors match too.
double fsum(const double* xs, std::size_t n);

/// math.fsum(xs) with ExactSum, Shewchuk's partials: CPython's own algorithm.
double fsum_partials(const double* xs, std::size_t n);

/// The left-to-right `total += x` loop.
double naive_sum(const double* xs, std::size_t n);

/// Python's builtin sum(xs) of floats: the plain loop up to 3.11; from 3.12, Neumaier's compensated
/// summation (a running correction added once at the end, when it is finite and not zero).
double python_sum(const double* xs, std::size_t n, bool compensated);

/// The strategies the drift runs, over `count` more copies of `fee`, continuing a running state.
/// Out of line on purpose: inlined into the drift's loop, GCC kept the state in memory (twice slower).

/// total += fee, rounded after every addition.
void naive_copies(double fee, std::int64_t count, double& total);
/// Kahan: `carry` holds the low bits the last addition dropped and feeds them back.
void kahan_copies(double fee, std::int64_t count, double& sum, double& carry);
/// Neumaier: like Kahan, but also right when the addend is larger than the sum; the result is sum + comp.
void neumaier_copies(double fee, std::int64_t count, double& sum, double& comp);

/// Pairwise summation of n copies of x, as numpy sums an array: blocks of at most 128 summed with
/// eight accumulators, halves added recursively. `on_block(count)` hears of every finished block.
template <class OnBlock>
double pairwise_copies(double x, std::int64_t n, OnBlock& on_block) {
  if (n < 8) {
    double sum = 0;  // -0.0 + x keeps signs like numpy's res = 0.
    for (std::int64_t i = 0; i < n; ++i) sum += x;
    on_block(n);
    return sum;
  }
  if (n <= 128) {
    double r[8] = {x, x, x, x, x, x, x, x};
    std::int64_t i = 8;
    for (; i < n - n % 8; i += 8) {
      for (double& acc : r) acc += x;
    }
    double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) sum += x;
    on_block(n);
    return sum;
  }
  std::int64_t half = n / 2;
  half -= half % 8;
  double left = pairwise_copies(x, half, on_block);
  return left + pairwise_copies(x, n - half, on_block);
}

}  // namespace llplay::floats
