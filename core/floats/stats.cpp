// Python's statistics module for finite numbers: computed exactly, rounded once.
#include "stats.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>

#include "../big_uint.hpp"
#include "../error.hpp"
#include "../float_text.hpp"
#include "../numeral.hpp"

namespace llplay::floats {

namespace {

/// A data point: an exact int (as a double: |n| <= 2**53 is exact) or a float.
struct Number {
  double value;
  bool is_int;
};

std::optional<double> parse_int_literal(const std::string& text) {
  std::optional<std::string> ascii = ascii_numeral(text);
  if (!ascii || ascii->empty()) return std::nullopt;
  std::string digits;
  std::size_t i = (*ascii)[0] == '+' || (*ascii)[0] == '-' ? 1 : 0;
  for (std::size_t k = i; k < ascii->size(); ++k) {
    char c = (*ascii)[k];
    bool between_digits =
        c == '_' && k > i && k + 1 < ascii->size() && (*ascii)[k - 1] != '_' && (*ascii)[k + 1] != '_';
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (!between_digits) {
      return std::nullopt;
    }
  }
  if (digits.empty() || digits.size() > 16)
    return digits.empty() ? std::nullopt : std::optional<double>(INFINITY);
  double v = std::stod(digits);
  return (*ascii)[0] == '-' ? -v : v;
}

/// float(num / den), correctly rounded, as Python's int / int and float(Fraction) are.
double ratio_to_double(bool negative, const BigUint& num, const BigUint& den) {
  double x = llplay::ratio_to_double(num, den);
  return negative ? -x : x;
}

std::string int_repr(bool negative, const BigUint& m) {
  std::string out = negative && !m.is_zero() ? "-" : "";
  return out.append(m.to_string());
}

}  // namespace

// llplay:source float.stats
std::vector<Statistic> python_statistics(const std::vector<std::string>& texts) {
  std::vector<Number> data;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    std::string what = "values[" + std::to_string(i) + "]";
    if (std::optional<double> n = parse_int_literal(texts[i])) {
      if (!(std::fabs(*n) <= 9007199254740992.0))
        throw Error(ErrorCode::BadParams, what + ": ints are limited to 2**53 here");
      data.push_back({*n, true});
    } else {
      double x = parse_python_float(texts[i], what);
      if (!std::isfinite(x))
        throw Error(ErrorCode::BadParams, what + ": only finite numbers (no inf or nan)");
      data.push_back({x, false});
    }
  }
  std::size_t n = data.size();
  bool all_ints = std::all_of(data.begin(), data.end(), [](const Number& v) { return v.is_int; });
  // An int prints like its float without the ".0" (ints here stay below 1e16, where repr is fixed).
  auto repr = [](double x, bool as_int) {
    std::string text = python_repr(x);
    if (as_int) text.resize(text.size() - 2);
    return text;
  };

  // Every value is mantissa * 2^exponent exactly; scaled by 2^S they are all integers X_i, so the
  // sums below are exact.
  auto dyadic = [](double x, std::uint64_t& mantissa, int& exponent) {
    int e = 0;
    mantissa = static_cast<std::uint64_t>(std::ldexp(std::frexp(std::fabs(x), &e), 53));
    exponent = mantissa == 0 ? 0 : e - 53;
    while (mantissa != 0 && mantissa % 2 == 0) mantissa /= 2, ++exponent;
  };
  long scale = 0;
  for (const Number& v : data) {
    std::uint64_t mantissa = 0;
    int exponent = 0;
    dyadic(v.value, mantissa, exponent);
    scale = std::max<long>(scale, -exponent);
  }
  Signed sum;     // sum of X_i
  BigUint sumsq;  // sum of X_i^2
  for (const Number& v : data) {
    std::uint64_t mantissa = 0;
    int exponent = 0;
    dyadic(v.value, mantissa, exponent);
    BigUint x = BigUint(mantissa).shift_left_bits(static_cast<std::size_t>(exponent + scale));
    sum.add(std::signbit(v.value), x);
    sumsq += x * x;
  }
  BigUint count(static_cast<std::uint64_t>(n)),
      pow2 = BigUint(1).shift_left_bits(static_cast<std::size_t>(scale));
  std::vector<Statistic> out;
  auto fail = [&](const char* name, const char* message) { out.push_back({name, "", message}); };

  // mean = sum X / (n 2^S): an int when every value is an int and n divides the sum.
  if (n == 0) {
    fail("mean", "mean requires at least one data point");
  } else {
    BigUint den = count * pow2, q, r;
    BigUint::divmod(sum.magnitude, den, q, r);
    out.push_back({"mean",
                   all_ints && r.is_zero() ? int_repr(sum.negative, q)
                                           : python_repr(ratio_to_double(sum.negative, sum.magnitude, den)),
                   ""});
  }

  // median: the middle value, or the mean of the two middle ones (int + int) / 2 is true division.
  std::vector<Number> sorted = data;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Number& a, const Number& b) { return a.value < b.value; });
  if (n == 0) {
    fail("median", "no median for empty data");
  } else if (n % 2 == 1) {
    out.push_back({"median", repr(sorted[n / 2].value, sorted[n / 2].is_int), ""});
  } else {
    const Number &a = sorted[n / 2 - 1], &b = sorted[n / 2];
    double mid = 0;
    if (a.is_int && b.is_int) {
      Signed pair;
      pair.add(a.value < 0, BigUint(static_cast<std::uint64_t>(std::fabs(a.value))));
      pair.add(b.value < 0, BigUint(static_cast<std::uint64_t>(std::fabs(b.value))));
      mid = ratio_to_double(pair.negative, pair.magnitude, BigUint(2));
    } else {
      mid = (a.value + b.value) / 2;  // float arithmetic, rounded twice, as Python does it
    }
    out.push_back({"median", python_repr(mid), ""});
  }

  // mode: the most common value; among ties the first one seen (45000 and 45000.0 are equal).
  if (n == 0) {
    fail("mode", "no mode for empty data");
  } else {
    std::map<double, std::pair<std::size_t, std::size_t>> counts;  // value -> (count, first index)
    for (std::size_t i = 0; i < n; ++i) {
      auto [it, fresh] = counts.try_emplace(data[i].value, 0, i);
      it->second.first += 1;
    }
    std::size_t best = 0, best_count = 0;
    for (const auto& [value, entry] : counts) {
      if (entry.first > best_count || (entry.first == best_count && entry.second < best))
        best = entry.second, best_count = entry.first;
    }
    out.push_back({"mode", repr(data[best].value, data[best].is_int), ""});
  }

  // The sum of squared deviations from the mean, exactly: (n sum X^2 - (sum X)^2) / (n 4^S).
  BigUint ss_num = count * sumsq;
  ss_num -= sum.magnitude * sum.magnitude;
  BigUint pow4 = pow2 * pow2;
  for (const auto& [name, divisor, minimum] :
       {std::tuple{"variance", n - 1, std::size_t{2}}, std::tuple{"pvariance", n, std::size_t{1}}}) {
    if (n < minimum) {
      fail(name, minimum == 2 ? "variance requires at least two data points"
                              : "pvariance requires at least one data point");
      continue;
    }
    BigUint den = count * BigUint(static_cast<std::uint64_t>(divisor)) * pow4, q, r;
    BigUint::divmod(ss_num, den, q, r);
    out.push_back({name,
                   all_ints && r.is_zero() ? q.to_string() : python_repr(ratio_to_double(false, ss_num, den)),
                   ""});
  }
  for (const auto& [name, divisor, minimum] :
       {std::tuple{"stdev", n - 1, std::size_t{2}}, std::tuple{"pstdev", n, std::size_t{1}}}) {
    if (n < minimum) {
      fail(name, minimum == 2 ? "stdev requires at least two data points"
                              : "pstdev requires at least one data point");
      continue;
    }
    BigUint den = count * BigUint(static_cast<std::uint64_t>(divisor)) * pow4;
    out.push_back({name, python_repr(sqrt_ratio_to_double(ss_num, den)), ""});
  }
  return out;
}
// llplay:end

}  // namespace llplay::floats
