// Python's statistics module on a list of floats, each function as CPython 3.10-3.13 computes it.
#include "stats.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "../big_uint.hpp"
#include "../error.hpp"
#include "../float_text.hpp"
#include "glibc_math.hpp"

namespace llplay::chance {

namespace {

__extension__ typedef __int128 i128;

[[noreturn]] void statistics_error(const std::string& message) {
  throw Error(ErrorCode::StatisticsError, message);
}

BigUint from_u128(u128 v) {
  BigUint out(static_cast<std::uint64_t>(v >> 64));
  out.shift_left_bits(64);
  out += BigUint(static_cast<std::uint64_t>(v));
  return out;
}

/// x = mantissa * 2^exponent exactly, |mantissa| < 2^53 (0 for zero).
void split(double x, std::int64_t& mantissa, int& exponent) {
  int e = 0;
  double f = std::frexp(x, &e);
  mantissa = static_cast<std::int64_t>(std::ldexp(f, 53));
  exponent = mantissa == 0 ? 0 : e - 53;
}

/// Exact sums of the data and of their squares, as CPython's _sum/_ss build them from
/// as_integer_ratio() partials: sum x = sx * 2^low, sum x^2 = sxx * 4^low.
struct ExactSums {
  Signed sx;
  BigUint sxx;
  int low = 0;
};

// llplay:source stats.compute
ExactSums exact_sums(const std::vector<double>& data, bool squares) {
  // One partial per binary exponent (CPython's partials per denominator), in machine integers.
  std::map<int, i128> sx_partials;
  std::map<int, u128> sxx_partials;
  ExactSums out;
  out.low = 0;
  bool any = false;
  for (double x : data) {
    std::int64_t m = 0;
    int e = 0;
    split(x, m, e);
    if (m == 0) continue;
    out.low = any ? std::min(out.low, e) : e;
    any = true;
    sx_partials[e] += m;
    if (squares) sxx_partials[e] += static_cast<u128>(static_cast<i128>(m) * m);
  }
  for (const auto& [e, sum] : sx_partials) {  // one big shift and add per exponent
    u128 magnitude = sum < 0 ? -static_cast<u128>(sum) : static_cast<u128>(sum);
    out.sx.add(sum < 0, from_u128(magnitude).shift_left_bits(static_cast<std::size_t>(e - out.low)));
  }
  for (const auto& [e, sum] : sxx_partials)
    out.sxx += from_u128(sum).shift_left_bits(2 * static_cast<std::size_t>(e - out.low));
  return out;
}
// llplay:end

/// num / den as Python's int / int gives it: correctly rounded; OverflowError past the largest float.
double true_divide(bool negative, const BigUint& num, const BigUint& den) {
  if (num.is_zero()) return negative ? -0.0 : 0.0;
  double x = ratio_to_double(num, den);
  if (std::isinf(x)) throw Error(ErrorCode::OverflowError, "integer division result too large for a float");
  return negative ? -x : x;
}

BigUint pow2(long k) { return BigUint(1).shift_left_bits(static_cast<std::size_t>(k)); }

/// A value sx * 2^low (scaled as ExactSums keeps it) times `factor`, divided by `divisor`, as a float.
double scaled_ratio(const Signed& value, int low, const BigUint& divisor) {
  BigUint num = value.magnitude, den = divisor;
  if (low >= 0)
    num.shift_left_bits(static_cast<std::size_t>(low));
  else
    den.shift_left_bits(static_cast<std::size_t>(-low));
  return true_divide(value.negative, num, den);
}

// llplay:source stats.compute
/// _float_sqrt_of_frac(n, m) (3.11+): the square root of n / m rounded once. The integer root is
/// rounded to odd (its last bit says "something was left"), so the final int / int rounds correctly.
double float_sqrt_of_frac(const BigUint& n, const BigUint& m) {
  constexpr long sqrt_bit_width = 2 * 53 + 3;
  long difference = static_cast<long>(n.bit_length()) - static_cast<long>(m.bit_length()) - sqrt_bit_width;
  long q = difference >= 0 ? difference / 2 : -((-difference + 1) / 2);  // floor division
  auto rto = [](const BigUint& a, const BigUint& b) {                    // _integer_sqrt_of_frac_rto
    BigUint quotient, rest;
    BigUint::divmod(a, b, quotient, rest);
    BigUint root = quotient.isqrt();
    if (!(root * root * b == a) && root.last_digit() % 2 == 0) root.add_small(1);  // a | (a*a*m != n)
    return root;
  };
  if (q >= 0) {
    BigUint shifted = m;
    shifted.shift_left_bits(static_cast<std::size_t>(2 * q));
    BigUint numerator = rto(n, shifted);
    numerator.shift_left_bits(static_cast<std::size_t>(q));
    return true_divide(false, numerator, BigUint(1));
  }
  BigUint shifted = n;
  shifted.shift_left_bits(static_cast<std::size_t>(-2 * q));
  return true_divide(false, rto(shifted, m), pow2(-q));
}
// llplay:end

std::vector<double> sorted(std::vector<double> data) {
  std::stable_sort(data.begin(), data.end());  // Python's sort is stable; -0.0 and 0.0 keep their order
  return data;
}

std::string repr(double x) { return python_repr(x); }

Statistic scalar(std::string value) { return {false, std::move(value), {}}; }

}  // namespace

// llplay:source stats.compute
double python_fsum(const std::vector<double>& values) {
  std::vector<double> partials;  // non-overlapping, increasing magnitude: their sum is exact
  for (double item : values) {
    double x = item;
    std::size_t i = 0;
    for (double y : partials) {
      if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
      double hi = x + y, lo = y - (hi - x);
      if (lo != 0.0) partials[i++] = lo;
      x = hi;
    }
    partials.resize(i);
    if (x != 0.0) {
      if (!std::isfinite(x)) throw Error(ErrorCode::OverflowError, "intermediate overflow in fsum");
      partials.push_back(x);
    }
  }
  double hi = 0.0, lo = 0.0;
  std::size_t n = partials.size();
  if (n > 0) {
    hi = partials[--n];
    while (n > 0) {  // add from the top down until the sum stops being exact
      double x = hi, y = partials[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo != 0.0) break;
    }
    // Half-way cases: the partials below decide which way the last bit rounds.
    if (n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0))) {
      double y = lo * 2.0, x = hi + y;
      if (y == x - hi) hi = x;
    }
  }
  return hi;
}
// llplay:end

double naive_variance(const std::vector<double>& data) {
  double sum = 0, sumsq = 0, n = static_cast<double>(data.size());
  for (double x : data) sum += x, sumsq += x * x;
  return (sumsq - sum * sum / n) / (n - 1);
}

// llplay:source stats.compute
Statistic compute_statistic(const std::string& fn, const std::vector<double>& data, int minor,
                            QuantileOptions options) {
  const std::size_t n = data.size();
  const BigUint count(static_cast<std::uint64_t>(n));
  if (fn == "mean") {  // _sum: exact Fraction total, then float(total / n)
    if (n < 1) statistics_error("mean requires at least one data point");
    ExactSums sums = exact_sums(data, false);
    return scalar(repr(scaled_ratio(sums.sx, sums.low, count)));
  }
  if (fn == "fmean") {  // math.fsum, then one float division
    double total = python_fsum(data);
    if (n == 0) statistics_error("fmean requires at least one data point");
    return scalar(repr(total / static_cast<double>(n)));
  }
  if (fn == "geometric_mean") {
    if (minor <= 12) {  // exp(fmean(map(log, data))); log's ValueError becomes StatisticsError
      std::vector<double> logs;
      for (double x : data) {
        if (!(x > 0))
          statistics_error("geometric mean requires a non-empty dataset containing positive numbers");
        logs.push_back(glibc_log(x));
      }
      if (n == 0) statistics_error("geometric mean requires a non-empty dataset containing positive numbers");
      return scalar(repr(glibc_exp(python_fsum(logs) / static_cast<double>(n))));
    }
    std::vector<double> logs;  // 3.13: zeros allowed (the mean is 0.0), negatives refused
    bool found_zero = false;
    for (double x : data) {
      if (x > 0.0) {
        logs.push_back(glibc_log(x));
      } else if (x == 0.0) {
        found_zero = true;
      } else {
        statistics_error("No negative inputs allowed");
      }
    }
    double total = python_fsum(logs);
    if (n == 0) statistics_error("Must have a non-empty dataset");
    if (found_zero) return scalar(total == INFINITY ? "nan" : "0.0");
    return scalar(repr(glibc_exp(total / static_cast<double>(n))));
  }
  if (fn == "harmonic_mean") {  // _sum of 1 / x (each a float division), then n / total exactly
    const char* negative = "harmonic mean does not support negative values";
    if (n < 1) statistics_error("harmonic_mean requires at least one data point");
    if (n == 1) {
      if (data[0] < 0) statistics_error(negative);
      return scalar(repr(data[0]));
    }
    std::vector<double> reciprocals;
    bool infinite = false;
    for (double x : data) {
      if (x < 0) statistics_error(negative);
      if (x == 0) return scalar("0");  // 1 / x raised ZeroDivisionError: harmonic_mean returns the int 0
      double r = 1.0 / x;
      infinite = infinite || std::isinf(r);
      reciprocals.push_back(r);
    }
    if (infinite) return scalar("0.0");  // the total is inf, and n / inf is 0.0
    ExactSums sums = exact_sums(reciprocals, false);
    if (sums.sx.magnitude.is_zero() || sums.sx.negative) statistics_error("Weighted sum must be positive");
    // n / (sx * 2^low) = (n * 2^-low) / sx
    BigUint num = count, den = sums.sx.magnitude;
    if (sums.low <= 0)
      num.shift_left_bits(static_cast<std::size_t>(-sums.low));
    else
      den.shift_left_bits(static_cast<std::size_t>(sums.low));
    return scalar(repr(true_divide(false, num, den)));
  }
  if (fn == "median" || fn == "median_low" || fn == "median_high" || fn == "median_grouped") {
    if (n == 0) statistics_error("no median for empty data");
    std::vector<double> s = sorted(data);
    if (fn == "median_high" || (n % 2 == 1 && fn != "median_grouped")) return scalar(repr(s[n / 2]));
    if (fn == "median_low") return scalar(repr(s[n / 2 - 1]));
    if (fn == "median") return scalar(repr((s[n / 2 - 1] + s[n / 2]) / 2));  // float arithmetic
    if (minor == 10 && n == 1) return scalar(repr(s[0]));                    // 3.10 returned data[0]
    double x = s[n / 2];
    auto i = static_cast<std::size_t>(std::lower_bound(s.begin(), s.end(), x) - s.begin());
    auto j =
        static_cast<std::size_t>(std::upper_bound(s.begin() + static_cast<long>(i), s.end(), x) - s.begin());
    double interval = 1.0, L = x - interval / 2.0;
    double cf = static_cast<double>(i), f = static_cast<double>(j - i);
    return scalar(repr(L + interval * (static_cast<double>(n) / 2 - cf) / f));
  }
  if (fn == "mode" || fn == "multimode") {  // Counter: first-seen order among equal counts
    std::vector<std::pair<double, std::size_t>> counts;
    std::map<double, std::size_t> slot;  // -0.0 and 0.0 are one key: the first one seen
    for (double x : data) {
      auto [it, fresh] = slot.try_emplace(x, counts.size());
      if (fresh) counts.emplace_back(x, 0);
      counts[it->second].second += 1;
    }
    std::size_t top = 0;
    for (const auto& entry : counts) top = std::max(top, entry.second);
    if (fn == "mode") {
      if (counts.empty()) statistics_error("no mode for empty data");
      for (const auto& entry : counts) {
        if (entry.second == top) return scalar(repr(entry.first));
      }
    }
    Statistic list{true, "", {}};
    for (const auto& entry : counts) {
      if (entry.second == top) list.items.push_back(repr(entry.first));
    }
    return list;
  }
  if (fn == "variance" || fn == "pvariance" || fn == "stdev" || fn == "pstdev") {
    bool sample = fn == "variance" || fn == "stdev", root = fn == "stdev" || fn == "pstdev";
    if (n < (sample ? 2u : 1u)) {
      // 3.10's stdev and pstdev called variance and pvariance, and their messages say so.
      std::string name = minor == 10 ? (sample ? "variance" : "pvariance") : fn;
      statistics_error(name +
                       (sample ? " requires at least two data points" : " requires at least one data point"));
    }
    // The sum of squared deviations, exactly: ss = (n sxx - sx^2) / n, scaled by 4^low.
    ExactSums sums = exact_sums(data, true);
    BigUint numerator = count * sums.sxx;
    numerator -= sums.sx.magnitude * sums.sx.magnitude;
    BigUint denominator = count * BigUint(static_cast<std::uint64_t>(sample ? n - 1 : n));
    if (sums.low >= 0)
      numerator.shift_left_bits(2 * static_cast<std::size_t>(sums.low));
    else
      denominator.shift_left_bits(2 * static_cast<std::size_t>(-sums.low));
    if (!root) return scalar(repr(true_divide(false, numerator, denominator)));
    if (minor == 10)
      return scalar(repr(std::sqrt(true_divide(false, numerator, denominator))));  // rounded twice
    return scalar(repr(float_sqrt_of_frac(numerator, denominator)));
  }
  if (fn == "quantiles") {
    if (options.n < 1) statistics_error("n must be at least 1");
    std::vector<double> s = sorted(data);
    const long m_count = static_cast<long>(n), parts = options.n;
    if (n < 2) {
      if (minor >= 13 && n == 1)
        return {true, "", std::vector<std::string>(static_cast<std::size_t>(parts - 1), repr(s[0]))};
      statistics_error(minor >= 13 ? "must have at least one data point"
                                   : "must have at least two data points");
    }
    Statistic list{true, "", {}};
    for (long i = 1; i < parts; ++i) {
      long j = 0, delta = 0;
      if (options.inclusive) {
        long m = m_count - 1;
        j = i * m / parts;
        delta = i * m % parts;
        list.items.push_back(repr((s[static_cast<std::size_t>(j)] * static_cast<double>(parts - delta) +
                                   s[static_cast<std::size_t>(j + 1)] * static_cast<double>(delta)) /
                                  static_cast<double>(parts)));
      } else {
        long m = m_count + 1;
        j = i * m / parts;
        j = j < 1 ? 1 : j > m_count - 1 ? m_count - 1 : j;
        delta = i * m - j * parts;
        list.items.push_back(repr((s[static_cast<std::size_t>(j - 1)] * static_cast<double>(parts - delta) +
                                   s[static_cast<std::size_t>(j)] * static_cast<double>(delta)) /
                                  static_cast<double>(parts)));
      }
    }
    return list;
  }
  throw Error(ErrorCode::BadParams, "fn: unknown function '" + fn + "'");
}
// llplay:end

}  // namespace llplay::chance
