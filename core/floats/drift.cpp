// Adding one fee N times: how each summation strategy drifts from the exact total.
#include "drift.hpp"

#include <chrono>
#include <functional>

namespace llplay::floats {

namespace {

constexpr std::int64_t chunk = 1 << 20;

/// Runs `step(count)` over n items in chunks, with a checkpoint between chunks.
/// `done` and `parts` place this loop inside the whole run's progress.
double timed_chunks(std::int64_t n, RunContext& ctx, int done, int parts,
                    const std::function<void(std::int64_t)>& step) {
  auto start = std::chrono::steady_clock::now();
  for (std::int64_t i = 0; i < n; i += chunk) {
    ctx.checkpoint((done + static_cast<double>(i) / static_cast<double>(n)) / parts);
    step(n - i < chunk ? n - i : chunk);
  }
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

// llplay:source float.drift
std::vector<DriftRow> drift(double fee, std::int64_t cents, std::int64_t n, RunContext& ctx) {
  int parts = cents >= 0 ? 3 : 2;
  std::vector<DriftRow> rows;

  double naive = 0;  // total += fee, rounded to the nearest double each time
  double ms = timed_chunks(n, ctx, 0, parts, [&](std::int64_t count) {
    for (std::int64_t i = 0; i < count; ++i) naive += fee;
  });
  rows.push_back({"naive", naive, ms});

  double sum = 0, carry = 0;  // Kahan: carry holds the low bits the last addition lost
  ms = timed_chunks(n, ctx, 1, parts, [&](std::int64_t count) {
    for (std::int64_t i = 0; i < count; ++i) {
      double y = fee - carry;
      double t = sum + y;
      carry = (t - sum) - y;
      sum = t;
    }
  });
  rows.push_back({"kahan", sum, ms});

  if (cents >= 0) {
    std::int64_t total_cents = 0;  // whole cents in an integer: exact up to 9.2e16 cents
    ms = timed_chunks(n, ctx, 2, parts, [&](std::int64_t count) {
      for (std::int64_t i = 0; i < count; ++i) total_cents += cents;
    });
    rows.push_back({"cents", static_cast<double>(total_cents) / 100.0, ms});
  }
  return rows;
}
// llplay:end

}  // namespace llplay::floats
