// Adding one fee N times: how seven summation strategies drift from the exact total.
#include "drift.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>

#include "../error.hpp"
#include "../float_text.hpp"
#include "../timing.hpp"
#include "summation.hpp"

namespace llplay::floats {

namespace {

constexpr std::int64_t chunk = 1 << 20;

/// Exact arithmetic for errors and totals: wide enough that nothing here is ever rounded.
const Context exact_context{2000, Rounding::half_even, 999999999, -999999999};

/// 1, 2, 5, 10, 20, 50, … below n, then n: where the chart samples each strategy.
std::vector<std::int64_t> marks_up_to(std::int64_t n) {
  std::vector<std::int64_t> marks;
  for (std::int64_t decade = 1; decade < n && decade <= std::numeric_limits<std::int64_t>::max() / 10;
       decade *= 10) {
    for (std::int64_t step : {1, 2, 5}) {
      if (decade * step < n) marks.push_back(decade * step);
    }
  }
  marks.push_back(n);
  return marks;
}

/// Runs one strategy: `add(count)` adds count more fees, `error()` measures the running total.
/// Only the time spent in add() is counted. Progress covers [start, start + share) of the run.
template <class Add, class Error>
void run_strategy(DriftRow& row, std::int64_t n, RunContext& ctx, double start, double share, Add add,
                  Error error) {
  timing::Clock::duration spent{};
  std::int64_t done = 0;
  for (std::int64_t mark : marks_up_to(n)) {
    while (done < mark) {
      std::int64_t count = std::min(chunk, mark - done);
      ctx.checkpoint(start + share * static_cast<double>(done) / static_cast<double>(n));
      auto t0 = timing::Clock::now();
      add(count);
      spent += timing::Clock::now() - t0;
      done += count;
    }
    row.trace.emplace_back(mark, error(mark));
  }
  row.ms = std::chrono::duration<double, std::milli>(spent).count();
}

}  // namespace

const std::vector<std::string>& drift_strategies() {
  static const std::vector<std::string> names = {"naive", "kahan", "neumaier", "pairwise",
                                                 "exact", "cents", "decimal"};
  return names;
}

// llplay:source float.drift
namespace {

// Like naive_copies and kahan_copies, the two loops below are functions of their own, so each chunk of the
// run is one call. In wasm, a call that starts in the engine's baseline compiler finishes there (there is no
// on-stack replacement): written inside drift(), they ran in baseline code for the page's whole first run.
[[gnu::noinline]] void exact_copies(double fee, std::int64_t count, ExactSum& exact) {
  for (std::int64_t i = 0; i < count; ++i) exact.add(fee);
}
[[gnu::noinline]] void decimal_copies(const Decimal& fee, std::int64_t count, Decimal& total) {
  const Context python_default;  // Python's default context: 28 digits, ROUND_HALF_EVEN
  const Decimal x = fee;  // a copy of its own, which `total` cannot be: the compiler may keep it in registers
  for (std::int64_t i = 0; i < count; ++i) {
    add_in_place(total, x, python_default);
  }
}

}  // namespace

DriftResult drift(const std::string& fee_text, std::int64_t n, RunContext& ctx) {
  DriftResult out;
  out.fee = Decimal::from_string(fee_text);
  if (!out.fee.is_finite())
    throw Error(ErrorCode::BadParams, "fee: must be a finite amount, not " + fee_text);
  const double fee = parse_python_float(fee_text, "fee");  // what Python's 0.10 really is
  out.fee_as_double = Decimal::from_double(fee);
  out.exact_total =
      multiply(Decimal(false, BigUint(static_cast<std::uint64_t>(n)), 0), out.fee, exact_context);

  // |Decimal(total) - N * fee|, exactly, then as a double for the chart.
  auto error_of = [&](const Decimal& total, std::int64_t count) {
    Decimal target =
        multiply(Decimal(false, BigUint(static_cast<std::uint64_t>(count)), 0), out.fee, exact_context);
    return std::fabs(subtract(total, target, exact_context).to_double());
  };
  auto finish = [&](DriftRow& row, std::string total, std::string value, const Decimal& exact_value) {
    row.total = std::move(total);
    row.value = std::move(value);
    row.loss = subtract(out.exact_total, exact_value, exact_context);
    out.rows.push_back(std::move(row));
  };
  auto finish_float = [&](DriftRow& row, double total) {
    finish(row, python_money(total), python_repr(total), Decimal::from_double(total));
  };
  auto float_error = [&](const double* total) {
    return [&error_of, total](std::int64_t count) { return error_of(Decimal::from_double(*total), count); };
  };
  // Each strategy's part of the progress bar, [start(i), start(i) + share(i)), by its time in wasm (1e8
  // additions under Node: naive 82 ms, kahan 330, neumaier 109, pairwise 14, exact 603, cents 0.1,
  // decimal 356).
  constexpr double weights[] = {1, 4, 1.3, 0.2, 7.3, 0.01, 4.3};
  const double total_weight = std::accumulate(std::begin(weights), std::end(weights), 0.0);
  auto share = [&](int i) { return weights[i] / total_weight; };
  auto start = [&](int i) {
    double sum = 0;
    for (int k = 0; k < i; ++k) sum += share(k);
    return sum;
  };

  {
    DriftRow row{"naive"};
    double total = 0;
    run_strategy(
        row, n, ctx, start(0), share(0), [&](std::int64_t k) { naive_copies(fee, k, total); },
        float_error(&total));
    finish_float(row, total);
  }
  {
    DriftRow row{"kahan"};
    double sum = 0, carry = 0;
    run_strategy(
        row, n, ctx, start(1), share(1), [&](std::int64_t k) { kahan_copies(fee, k, sum, carry); },
        float_error(&sum));
    finish_float(row, sum);
  }
  {
    DriftRow row{"neumaier"};
    double sum = 0, comp = 0, total = 0;
    run_strategy(
        row, n, ctx, start(2), share(2),
        [&](std::int64_t k) {
          neumaier_copies(fee, k, sum, comp);
          total = sum + comp;
        },
        float_error(&total));
    finish_float(row, total);
  }
  {
    // Pairwise sums a whole array at once, so each sample N is a pairwise sum of its own.
    DriftRow row{"pairwise"};
    double total = 0, from = start(3), part = share(3);
    std::int64_t blocks = 0;
    auto on_block = [&](std::int64_t count) {
      blocks += count;  // the samples add up to about twice n
      if (blocks % chunk < count)
        ctx.checkpoint(from + part * static_cast<double>(blocks) / (2.0 * static_cast<double>(n)));
    };
    for (std::int64_t mark : marks_up_to(n)) {
      auto t0 = timing::Clock::now();
      total = pairwise_copies(fee, mark, on_block);
      row.ms = timing::ms_since(t0);
      row.trace.emplace_back(mark, error_of(Decimal::from_double(total), mark));
    }
    finish_float(row, total);
  }
  {
    DriftRow row{"exact"};
    ExactSum exact;  // Shewchuk's partials, as math.fsum: the exact sum of the doubles, rounded once
    double total = 0;
    run_strategy(
        row, n, ctx, start(4), share(4),
        [&](std::int64_t k) {
          exact_copies(fee, k, exact);
          total = exact.result();
        },
        float_error(&total));
    finish_float(row, total);
  }
  {
    // Integer cents: exact, when the fee is a whole number of cents and the total fits in 64 bits.
    Decimal fee_cents = quantize(out.fee, Decimal::from_string("0.01"), exact_context);
    bool fits = false;
    std::uint64_t cents = fee_cents.coefficient().to_u64(fits);
    DriftRow row{"cents", fits && compare(fee_cents, out.fee) == 0 && !out.fee.negative() &&
                              cents <= static_cast<std::uint64_t>(INT64_MAX / n)};
    std::int64_t total = 0;
    auto as_decimal = [&] { return Decimal(false, BigUint(static_cast<std::uint64_t>(total)), -2); };
    if (row.applicable) {
      run_strategy(
          row, n, ctx, start(5), share(5),
          [&](std::int64_t k) {
            std::int64_t t = total;
            for (std::int64_t i = 0; i < k; ++i) t += static_cast<std::int64_t>(cents);
            total = t;
          },
          [&](std::int64_t count) { return error_of(as_decimal(), count); });
      finish(row, as_decimal().to_money(), as_decimal().to_string(), as_decimal());
    } else {
      out.rows.push_back(std::move(row));
    }
  }
  {
    DriftRow row{"decimal"};
    Decimal total;  // Decimal(0)
    run_strategy(
        row, n, ctx, start(6), share(6), [&](std::int64_t k) { decimal_copies(out.fee, k, total); },
        [&](std::int64_t count) { return error_of(total, count); });
    finish(row, total.to_money(), total.to_string(), total);
  }
  return out;
}
// llplay:end

// llplay:source decimal.forge
ForgeResult forge(double fee, const Decimal& fee_decimal, std::int64_t n, bool compensated, RunContext& ctx) {
  ForgeResult out;
  ExactSum exact;
  Context python_default;
  double c = 0;  // sum()'s running correction, from 3.12 (see float.fsum)
  for (std::int64_t done = 0; done < n; done += chunk) {
    ctx.checkpoint(static_cast<double>(done) / static_cast<double>(n));
    for (std::int64_t i = done; i < std::min(n, done + chunk); ++i) {
      double t = out.sum + fee;
      c += std::fabs(out.sum) >= std::fabs(fee) ? (out.sum - t) + fee : (fee - t) + out.sum;
      out.sum = t;
      exact.add(fee);
      add_in_place(out.decimal, fee_decimal, python_default);
    }
  }
  if (compensated && c != 0.0 && std::isfinite(c)) out.sum += c;
  out.fsum = exact.result();
  return out;
}
// llplay:end

}  // namespace llplay::floats
