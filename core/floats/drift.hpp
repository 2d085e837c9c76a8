// Adding one fee N times: how each summation strategy drifts from the exact total.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../run_context.hpp"

namespace llplay::floats {

/// One strategy's outcome.
struct DriftRow {
  std::string strategy;
  double total = 0;  ///< the strategy's sum, as a double
  double ms = 0;     ///< wall time of the strategy's loop
};

/// Adds `fee` `n` times with the naive loop, Kahan's compensated sum and integer cents
/// (`cents` is the fee in whole cents when it has no fraction of a cent, else -1 to skip it).
/// Calls `ctx.checkpoint` between chunks, so it can be cancelled and reports progress.
std::vector<DriftRow> drift(double fee, std::int64_t cents, std::int64_t n, RunContext& ctx);

}  // namespace llplay::floats
