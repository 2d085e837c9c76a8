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
namespace {

constexpr int chunks = 67;  // a 2098-bit fixed-point number in 32-bit digits, each kept in an int64

/// total += v * 2^shift, for |v| < 2^63, as three pieces under 2^32 each: no chunk comes near overflow.
void add_shifted(std::int64_t* total, std::int64_t v, int shift) {
  int k = shift >> 5, s = shift & 31;
  std::uint64_t low = (static_cast<std::uint64_t>(v) & 0xffffffff) << s;  // < 2^63
  std::int64_t high = (v >> 32) * (std::int64_t{1} << s);                 // |high| < 2^62
  total[k] += static_cast<std::int64_t>(low & 0xffffffff);
  total[k + 1] += static_cast<std::int64_t>(low >> 32) + (high & 0xffffffff);
  total[k + 2] += high >> 32;  // arithmetic shift: floor division, so a negative v works
}

}  // namespace

double fsum(const double* xs, std::size_t n) {
  if (n < 64) return fsum_partials(xs, n);  // a few values: CPython's loop is quicker than clearing bins
  // A double is m * 2^(e - 1075), e its 11-bit exponent field and m its 52-bit fraction with the leading
  // 1 put back (2^52 + fraction; subnormals, e = 0, have no leading 1 and the scale of e = 1). Doubles of
  // the same sign and e are added as integers in a bin of their own, found from the double's top 12 bits:
  // no shift by e, just one addition a value to a 64-bit counter, and a count of the times it wrapped
  // past 2^64 (once in 2,048 additions at most, so that branch is nearly never taken). Then each bin,
  // shifted to its scale, goes into one exact 2098-bit fixed-point number, rounded once.
  struct Bin {
    std::uint64_t sum, wraps;  // the bin's total is sum + wraps * 2^64
  };
  constexpr int sets = 2;  // two sets of bins take turns, so neighbours rarely wait on the same counter
  Bin bins[sets][4096];
  constexpr std::size_t block = std::size_t{1} << 29;  // values between two emptyings: wraps stays < 2^18
  std::int64_t total[chunks] = {};
  int max_exponent = 0;
  for (std::size_t start = 0; start < n; start += block) {
    std::size_t end = std::min(n, start + block), i = start;
    std::memset(bins, 0, sizeof bins);
    auto add = [](std::uint64_t bits, Bin* set) {
      Bin& bin = set[bits >> 52];                                             // sign and exponent
      std::uint64_t m = (bits & 0xfffffffffffff) | (std::uint64_t{1} << 52);  // fraction and leading 1
      std::uint64_t sum = bin.sum + m;
      bin.sum = sum;
      if (sum < m) [[unlikely]]
        ++bin.wraps;
    };
    for (; i + 16 <= end; i += 16) {  // sixteen values a round: the loop's own work is paid once for them
      std::uint64_t bits[16];
      std::memcpy(bits, xs + i, sizeof bits);
      for (int k = 0; k < 16; ++k) add(bits[k], bins[k % sets]);
    }
    for (; i < end; ++i) {
      std::uint64_t bits = 0;
      std::memcpy(&bits, xs + i, sizeof bits);
      add(bits, bins[0]);
    }
    for (int index = 0; index < 4096; ++index) {
      // The bin's total in two pieces: its low 32 bits, and the rest (< 2^51), in units of 2^32.
      std::uint64_t low = 0, high = 0;
      for (const Bin* set : bins)
        low += set[index].sum & 0xffffffff, high += (set[index].sum >> 32) + (set[index].wraps << 32);
      if ((low | high) == 0) continue;  // no addend is 0: a bin of 0 saw nothing
      int e = index & 0x7ff;
      // Zeros and subnormals (e = 0) were given a leading 1 they do not have: 2^52, 2^20 units of high.
      if (e == 0) {
        for (std::size_t j = start; j < end; ++j) {
          std::uint64_t bits = 0;
          std::memcpy(&bits, xs + j, sizeof bits);
          if (bits >> 52 == static_cast<std::uint64_t>(index)) high -= std::uint64_t{1} << 20;
        }
        if ((low | high) == 0) continue;  // only zeros
      }
      max_exponent = std::max(max_exponent, e);
      auto lo = static_cast<std::int64_t>(low), hi = static_cast<std::int64_t>(high);  // under 2^52
      if (index & 0x800) lo = -lo, hi = -hi;
      int shift = e == 0 ? 0 : e - 1;  // m * 2^(e - 1075) is m * 2^(e - 1) units of 2^-1074
      add_shifted(total, lo, shift);
      add_shifted(total, hi, shift + 32);
    }
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
