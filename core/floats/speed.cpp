// Timed runs of the floats lab (see speed.hpp).
#include "speed.hpp"

#include <cmath>
#include <vector>

#include "../splitmix.hpp"
#include "../timing.hpp"
#include "decimal.hpp"
#include "float_text.hpp"
#include "summation.hpp"

namespace llplay::floats {

using timing::Clock;
using timing::ms_since;

// llplay:source decimal.cost
DecimalCost decimal_cost(std::int64_t n, RunContext& ctx) {
  std::vector<double> xs(static_cast<std::size_t>(n)), ys(xs.size());
  std::vector<Decimal> dx(xs.size()), dy(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {  // prices like 12.34 and 0.57, the same in both
    std::string a = std::to_string(1 + i % 9973) + "." + std::to_string(10 + i % 89);
    std::string b = "0." + std::to_string(10 + (i * 7) % 89);
    xs[i] = std::stod(a), ys[i] = std::stod(b);
    dx[i] = Decimal::from_string(a), dy[i] = Decimal::from_string(b);
    if (i % 65536 == 0) ctx.checkpoint(0.5 * static_cast<double>(i) / static_cast<double>(n));
  }
  Context python_default;
  DecimalCost out;
  out.n = n;
  double float_sink = 0;
  std::int64_t decimal_sink = 0;
  auto t0 = Clock::now();
  for (std::size_t i = 0; i < xs.size(); ++i) float_sink += xs[i] + ys[i];
  out.float_add_ms = ms_since(t0);
  ctx.checkpoint(0.6);
  t0 = Clock::now();
  for (std::size_t i = 0; i < xs.size(); ++i) decimal_sink += add(dx[i], dy[i], python_default).exponent();
  out.decimal_add_ms = ms_since(t0);
  ctx.checkpoint(0.75);
  t0 = Clock::now();
  for (std::size_t i = 0; i < xs.size(); ++i) float_sink += xs[i] * ys[i];
  out.float_mul_ms = ms_since(t0);
  ctx.checkpoint(0.8);
  t0 = Clock::now();
  for (std::size_t i = 0; i < xs.size(); ++i)
    decimal_sink += multiply(dx[i], dy[i], python_default).exponent();
  out.decimal_mul_ms = ms_since(t0);
  out.checksum = python_repr(float_sink) + "/" + std::to_string(decimal_sink);
  return out;
}
// llplay:end

// llplay:source float.fsum-speed
FsumSpeed fsum_speed(std::int64_t n, std::uint64_t seed, bool wide, RunContext& ctx) {
  SplitMix64 rng{seed};
  std::vector<double> xs(static_cast<std::size_t>(n));
  for (double& x : xs) {
    x = rng.uniform();
    if (wide) {  // a random sign, then a random scale from 2^-60 to 2^60 (in this order, as in Python)
      if (rng.next() % 2 == 1) x = -x;
      x = std::ldexp(x, static_cast<int>(rng.next() % 121) - 60);
    }
  }
  ctx.checkpoint(0.2);
  FsumSpeed out;
  out.n = n;
  auto t0 = Clock::now();
  double exact_sum = fsum(xs.data(), xs.size());
  out.fsum_ms = ms_since(t0);
  ctx.checkpoint(0.9);
  t0 = Clock::now();
  double naive = naive_sum(xs.data(), xs.size());
  out.naive_ms = ms_since(t0);
  out.fsum = python_repr(exact_sum);
  out.naive = python_repr(naive);
  return out;
}
// llplay:end

}  // namespace llplay::floats
