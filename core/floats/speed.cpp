// Timed runs of the floats lab (see speed.hpp).
#include "speed.hpp"

#include <cmath>
#include <vector>

#include "../float_text.hpp"
#include "../splitmix.hpp"
#include "../timing.hpp"
#include "decimal.hpp"
#include "summation.hpp"

namespace llplay::floats {

// llplay:source decimal.cost
namespace {

// Each loop is a function of its own: the same small kernel natively and in wasm, and in wasm one that
// the engine optimises after the warm-up call.
[[gnu::noinline]] double add_floats(const std::vector<double>& xs, const std::vector<double>& ys) {
  double sink = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) sink += xs[i] + ys[i];
  return sink;
}
[[gnu::noinline]] double multiply_floats(const std::vector<double>& xs, const std::vector<double>& ys) {
  double sink = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) sink += xs[i] * ys[i];
  return sink;
}
[[gnu::noinline]] std::int64_t add_decimals(const std::vector<Decimal>& xs, const std::vector<Decimal>& ys,
                                            const Context& context) {
  std::int64_t sink = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) sink += add(xs[i], ys[i], context).exponent();
  return sink;
}
[[gnu::noinline]] std::int64_t multiply_decimals(const std::vector<Decimal>& xs,
                                                 const std::vector<Decimal>& ys, const Context& context) {
  std::int64_t sink = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) sink += multiply(xs[i], ys[i], context).exponent();
  return sink;
}

}  // namespace

DecimalCost decimal_cost(std::int64_t n, int runs, RunContext& ctx) {
  std::vector<double> xs(static_cast<std::size_t>(n)), ys(xs.size());
  std::vector<Decimal> dx(xs.size()), dy(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {  // prices like 12.34 and 0.57, the same in both
    std::uint64_t a = 100 * (1 + i % 9973) + 10 + i % 89, b = 10 + (i * 7) % 89;  // in cents
    // float("12.34") is the double nearest 1234/100, which is what dividing the two exact doubles gives.
    xs[i] = static_cast<double>(a) / 100, ys[i] = static_cast<double>(b) / 100;
    dx[i] = Decimal(false, BigUint(a), -2), dy[i] = Decimal(false, BigUint(b), -2);  // Decimal("12.34")
    if (i % 65536 == 0) ctx.checkpoint(0.2 * static_cast<double>(i) / static_cast<double>(n));
  }
  Context python_default;
  DecimalCost out;
  out.n = n;
  double float_sink = 0;
  std::int64_t decimal_sink = 0;
  // Each loop: one warm-up run, then `runs` timed ones. Progress by the work done: a Decimal loop costs
  // about ten float loops.
  double done = 0.2;
  auto time = [&](double share, auto work) {
    return timing::repeat(1, runs, work, [&](int k, int total) { ctx.checkpoint(done + share * k / total); });
  };
  out.float_add = time(0.03, [&] { float_sink += add_floats(xs, ys); });
  done += 0.03;
  out.decimal_add = time(0.37, [&] { decimal_sink += add_decimals(dx, dy, python_default); });
  done += 0.37;
  out.float_mul = time(0.03, [&] { float_sink += multiply_floats(xs, ys); });
  done += 0.03;
  out.decimal_mul = time(0.37, [&] { decimal_sink += multiply_decimals(dx, dy, python_default); });
  out.checksum = python_repr(float_sink) + "/" + std::to_string(decimal_sink);
  return out;
}
// llplay:end

// llplay:source float.fsum-speed
FsumSpeed fsum_speed(std::int64_t n, std::uint64_t seed, bool wide, int runs, RunContext& ctx) {
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
  double exact_sum = 0, naive = 0;
  out.fsum_time = timing::repeat(
      1, runs, [&] { exact_sum = fsum(xs.data(), xs.size()); },
      [&](int k, int total) { ctx.checkpoint(0.2 + 0.7 * k / total); });
  out.naive_time = timing::repeat(
      1, runs, [&] { naive = naive_sum(xs.data(), xs.size()); },
      [&](int k, int total) { ctx.checkpoint(0.9 + 0.1 * k / total); });
  out.fsum = python_repr(exact_sum);
  out.naive = python_repr(naive);
  return out;
}
// llplay:end

}  // namespace llplay::floats
