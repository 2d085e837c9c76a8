// Summation strategies for the drift and float.fsum: naive, Kahan, Neumaier, pairwise, and exact.
#include "summation.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "../error.hpp"

namespace llplay::floats {

// llplay:source float.fsum float.drift
void ExactSum::add_rare(double x, double xsave) {
  if (!std::isfinite(x)) {
    // Infinite from finite inputs is an intermediate overflow; otherwise an inf or nan came in.
    if (std::isfinite(xsave)) throw Error(ErrorCode::OverflowError, "intermediate overflow in fsum");
    if (std::isinf(xsave)) inf_sum_ += xsave;
    special_sum_ += xsave;
    count_ = 0;
    return;
  }
  partials_.resize(2 * partials_.size());
  partials_[count_++] = x;
}

double ExactSum::result() const {
  if (special_sum_ != 0.0) {
    if (std::isnan(inf_sum_)) throw Error(ErrorCode::ValueError, "-inf + inf in fsum");
    return special_sum_;
  }
  // Add the partials from the top, stopping once a sum is inexact...
  const double* p = partials_.data();
  std::size_t n = count_;
  double hi = 0.0, lo = 0.0;
  if (n > 0) {
    hi = p[--n];
    while (n > 0) {
      double x = hi, y = p[--n];
      hi = x + y;
      double yr = hi - x;
      lo = y - yr;
      if (lo != 0.0) break;
    }
    // ...and make half-even rounding work across several partials: if the rest lies beyond the
    // exact half-way point, round the other way (so fsum([1e-16, 1, 1e16]) is 1e16 + 2).
    if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
      double y = lo * 2.0;
      double x = hi + y;
      double yr = x - hi;
      if (y == yr) hi = x;
    }
  }
  return hi;
}
// llplay:end

// llplay:source float.drift
void naive_copies(double fee, std::int64_t count, double& total) {
  double t = total;
  for (std::int64_t i = 0; i < count; ++i) t += fee;
  total = t;
}

void kahan_copies(double fee, std::int64_t count, double& sum, double& carry) {
  double s = sum, c = carry;
  for (std::int64_t i = 0; i < count; ++i) {
    double y = fee - c;
    double t = s + y;
    c = (t - s) - y;
    s = t;
  }
  sum = s, carry = c;
}

void neumaier_copies(double fee, std::int64_t count, double& sum, double& comp) {
  double s = sum, c = comp;
  for (std::int64_t i = 0; i < count; ++i) {
    double t = s + fee;
    c += std::fabs(s) >= std::fabs(fee) ? (s - t) + fee : (fee - t) + s;
    s = t;
  }
  sum = s, comp = c;
}
// llplay:end

double fsum_partials(const double* xs, std::size_t n) {
  ExactSum sum;
  for (std::size_t i = 0; i < n; ++i) sum.add(xs[i]);
  return sum.result();
}

// llplay:source float.fsum float.fsum-speed
double fsum(const double* xs, std::size_t n) {
  // A double is m * 2^(low - 1074) with a 53-bit integer m: m shifted left by `low` bits is an
  // integer in a 2098-bit fixed-point number. That number lives in 66 chunks of 32 bits, each an
  // int64 with room to spare, so every addition is exact: m << (low % 32) is added as two pieces,
  // its low 32 bits to one chunk and the rest (< 2^52) to the next. A carry pass every 1024 values
  // keeps the chunks far from overflow. Four sets of chunks take turns, so consecutive additions to
  // the same chunk do not wait for each other.
  constexpr int chunks = 67;
  std::int64_t low_pieces[4][chunks] = {}, high_pieces[4][chunks] = {};  // kept apart, added at the end
  auto carry_pass = [&](std::int64_t* a) {
    for (int k = 0; k + 1 < chunks; ++k) {
      a[k + 1] += a[k] >> 32;  // arithmetic shift: floor division, so signed chunks work
      a[k] &= 0xffffffff;
    }
  };
  int max_exponent = 0;
  auto add = [&max_exponent](double x, std::int64_t* lows, std::int64_t* highs) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &x, sizeof bits);
    int e = static_cast<int>((bits >> 52) & 0x7ff);
    std::uint64_t m = (bits & ((std::uint64_t{1} << 52) - 1)) | (e != 0 ? std::uint64_t{1} << 52 : 0);
    int low = e == 0 ? 0 : e - 1;
    max_exponent = std::max(max_exponent, e);
    std::int64_t negative = static_cast<std::int64_t>(bits >> 63);  // 0 or 1
    std::int64_t piece_low = static_cast<std::int64_t>((m << (low & 31)) & 0xffffffff);
    std::int64_t piece_high = static_cast<std::int64_t>(m >> (32 - (low & 31)));
    lows[low >> 5] += (piece_low ^ -negative) + negative;  // + or - the piece, without a branch
    highs[(low >> 5) + 1] += (piece_high ^ -negative) + negative;
  };
  for (std::size_t start = 0; start < n; start += 1024) {
    std::size_t end = std::min(n, start + 1024), i = start;
    for (; i + 3 < end; i += 4) {
      for (int k = 0; k < 4; ++k) add(xs[i + k], low_pieces[k], high_pieces[k]);
    }
    for (; i < end; ++i) add(xs[i], low_pieces[0], high_pieces[0]);
    for (int k = 0; k < 4; ++k) carry_pass(low_pieces[k]), carry_pass(high_pieces[k]);
  }
  std::int64_t total[chunks];
  for (int k = 0; k < chunks; ++k) {
    total[k] = 0;
    for (int set = 0; set < 4; ++set) total[k] += low_pieces[set][k] + high_pieces[set][k];
  }

  // Infinities, NaNs, or magnitudes where a running sum could overflow: CPython's partials decide
  // (inf, nan, ValueError or OverflowError), so run them.
  int log2n = 0;
  while ((std::size_t{1} << log2n) <= n && log2n < 63) ++log2n;
  if (max_exponent == 0x7ff || max_exponent + log2n > 2043) return fsum_partials(xs, n);

  // Propagate the carries into 32-bit digits; the last carry is the sign.
  std::uint32_t digit[chunks];
  std::int64_t carry = 0;
  for (int k = 0; k < chunks; ++k) {
    std::int64_t t = total[k] + carry;
    digit[k] = static_cast<std::uint32_t>(t & 0xffffffff);
    carry = t >> 32;  // arithmetic shift: floor division by 2^32
  }
  bool negative = carry < 0;
  if (negative) {  // two's complement: negate to get the magnitude
    std::uint64_t borrow = 1;
    for (std::uint32_t& d : digit) {
      std::uint64_t t = static_cast<std::uint64_t>(static_cast<std::uint32_t>(~d)) + borrow;
      d = static_cast<std::uint32_t>(t);
      borrow = t >> 32;
    }
  }
  int top = chunks - 1;
  while (top >= 0 && digit[top] == 0) --top;
  if (top < 0) return 0.0;  // an exact zero is +0.0, as in CPython
  int top_bit = 32 * top + 31 - __builtin_clz(digit[top]);
  auto bits_at = [&](int from, int count) {  // `count` (<= 53) bits of the magnitude from bit `from`
    std::uint64_t v = 0;
    for (int k = count - 1; k >= 0; --k) {
      int b = from + k;
      v = (v << 1) | ((b >= 0 && (digit[b >> 5] >> (b & 31)) & 1) ? 1 : 0);
    }
    return v;
  };
  // Round to 53 bits, half to even: the one rounding of the exact sum.
  int shift = std::max(0, top_bit - 52);
  std::uint64_t mantissa = bits_at(shift, 53);
  if (shift > 0) {
    bool half = bits_at(shift - 1, 1) != 0;
    bool below = false;
    for (int b = 0; b < shift - 1 && !below; ++b) below = (digit[b >> 5] >> (b & 31)) & 1;
    if (half && (below || (mantissa & 1))) ++mantissa;
  }
  double result = std::ldexp(static_cast<double>(mantissa), shift - 1074);
  return negative ? -result : result;
}
// llplay:end

double naive_sum(const double* xs, std::size_t n) {
  double total = 0.0;  // like Python's `total = 0.0; for x in xs: total += x`
  for (std::size_t i = 0; i < n; ++i) total += xs[i];
  return total;
}

// llplay:source float.fsum
/// sum(xs) in CPython 3.12 and later (Python/bltinmodule.c): each addition's rounding error is kept in `c`.
static double neumaier_sum(const double* xs, std::size_t n) {
  double total = 0.0, c = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    double x = xs[i], t = total + x;
    c += std::fabs(total) >= std::fabs(x) ? (total - t) + x : (x - t) + total;
    total = t;
  }
  // Keeps the sign of a negative zero, and never turns an infinite or overflowed sum into a NaN.
  return c != 0.0 && std::isfinite(c) ? total + c : total;
}
// llplay:end

double python_sum(const double* xs, std::size_t n, bool compensated) {
  return compensated ? neumaier_sum(xs, n) : naive_sum(xs, n);
}

}  // namespace llplay::floats
