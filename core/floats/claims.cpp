// The series' printed floating-point results, recomputed (see claims.hpp).
#include "claims.hpp"

#include <algorithm>
#include <cstdint>

#include "../float_text.hpp"
#include "decimal.hpp"
#include "stats.hpp"
#include "summation.hpp"

namespace llplay::floats {

namespace {
/// Exact arithmetic for differences shown to learners: no double ever needs more digits.
const Context exact{2000, Rounding::half_even, 999999999, -999999999};
}  // namespace

// llplay:source float.claims
std::vector<Claim> series_claims(const std::string& python, bool compensated_sum, RunContext& ctx) {
  std::vector<Claim> claims;
  auto claim = [&](const char* text, const std::string& measured, bool reproduced,
                   const std::string& reason) {
    claims.push_back({text, measured, reproduced, reason});
  };
  auto loop = [&](double fee, std::int64_t n, double from, double to) {
    double total = 0;
    for (std::int64_t done = 0; done < n; done += 1 << 20) {
      ctx.checkpoint(from + (to - from) * static_cast<double>(done) / static_cast<double>(n));
      for (std::int64_t i = done; i < std::min(n, done + (1 << 20)); ++i) total += fee;
    }
    return total;
  };
  double dimes = loop(0.10, 100000000, 0, 0.1);
  double cents = loop(0.01, 1000000000, 0.1, 1);
  claim("Actual: $9,999,999.81 (0.10 added 100,000,000 times)", "$" + python_money(dimes),
        python_money(dimes) == "9,999,999.81",
        "a float loop adding 0.10 a hundred million times ends at " + python_repr(dimes) +
            "; the closest simple loop, 0.01 added "
            "a billion times, ends at $" +
            python_money(cents) + ". Neither prints 9,999,999.81.");
  Decimal lost = subtract(Decimal::from_string("10000000"), Decimal::from_double(dimes), exact);
  claim("Lost: $0.19", "$" + lost.to_money(), lost.to_money() == "0.19",
        "10,000,000 - " + python_repr(dimes) + " = " + lost.to_string() + ", about two cents, not nineteen.");
  double ten[10];
  std::fill(ten, ten + 10, 0.1);
  double standard = python_sum(ten, 10, compensated_sum), exact_sum = fsum(ten, 10);
  claim("Standard sum(): 0.9999999999999999 (ten 0.1s)", python_repr(standard),
        python_repr(standard) == "0.9999999999999999",
        compensated_sum
            ? "true up to 3.11 only: since 3.12, sum() of floats keeps each addition's rounding error "
              "and adds it back at the end (Neumaier), and ten 0.1s sum to " +
                  python_repr(standard) + " in CPython " + python + "."
            : "each += rounds; the ten roundings do not cancel (CPython " + python +
                  "'s sum() is the plain loop; 3.12 changed that).");
  claim("math.fsum(): 1.0 (ten 0.1s)", python_repr(exact_sum), python_repr(exact_sum) == "1.0",
        "fsum keeps the lost low bits as partials and rounds once; the exact sum of ten 0.1 doubles, " +
            multiply(Decimal::from_double(0.1), Decimal(false, BigUint(10), 0), exact).to_string() +
            ", rounds to 1.0.");
  std::vector<Statistic> stats = python_statistics({"40_000", "45_000", "45_000", "50_000", "5_000_000"});
  auto value = [&](const char* name) {
    for (const Statistic& s : stats) {
      if (s.name == name) return s.value;
    }
    return std::string();
  };
  auto money = [&](const char* name) { return python_money(parse_python_float(value(name), name)); };
  // The series prints each with f"{x:,.2f}": mean, median and mode come out as printed, variance and stdev do
  // not.
  std::string printed = "$" + money("mean") + ", $" + money("median") + ", $" + money("mode") + ", " +
                        money("variance") + ", $" + money("stdev");
  claim(
      "Day 19 (Part 2), the salary table [40_000, 45_000, 45_000, 50_000, 5_000_000]: mean $1,036,000.00, "
      "median $45,000.00, mode $45,000.00, variance 4,920,405,000,000.00, stdev $2,218,198.59",
      printed, printed == "$1,036,000.00, $45,000.00, $45,000.00, 4,920,405,000,000.00, $2,218,198.59",
      "mean, median and mode are right; statistics.variance is exact here (the data are ints): the sum of "
      "the "
      "squared deviations from the mean, divided by n - 1, is " +
          with_thousands(value("variance")) + ", and stdev is its square root, " + money("stdev") +
          ". The printed variance and stdev are not what any CPython version gives.");
  return claims;
}
// llplay:end

}  // namespace llplay::floats
