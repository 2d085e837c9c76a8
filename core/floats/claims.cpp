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
std::vector<Claim> series_claims(RunContext& ctx) {
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
  double standard = naive_sum(ten, 10), exact_sum = fsum(ten, 10);
  claim("Standard sum(): 0.9999999999999999 (ten 0.1s)", python_repr(standard),
        python_repr(standard) == "0.9999999999999999", "each += rounds; the ten roundings do not cancel.");
  claim("math.fsum(): 1.0 (ten 0.1s)", python_repr(exact_sum), python_repr(exact_sum) == "1.0",
        "fsum keeps the lost low bits as partials and rounds once; the exact sum of ten 0.1 doubles, " +
            multiply(Decimal::from_double(0.1), Decimal(false, BigUint(10), 0), exact).to_string() +
            ", rounds to 1.0.");
  std::vector<Statistic> stats = python_statistics({"40_000", "45_000", "45_000", "50_000", "5_000_000"});
  claim(
      "Day 19 (Part 2): one outlier drags the mean of [40_000, 45_000, 45_000, 50_000, 5_000_000] far above "
      "the median",
      "mean " + stats[0].value + ", median " + stats[1].value + ", mode " + stats[2].value + ", stdev " +
          stats[5].value,
      stats[0].value == "1036000" && stats[1].value == "45000",
      "statistics.mean is exact: 5,180,000 / 5 = 1036000 (an int, since the data are ints); the median "
      "ignores the outlier.");
  return claims;
}
// llplay:end

}  // namespace llplay::floats
