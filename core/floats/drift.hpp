// Adding one fee N times: how seven summation strategies drift from the exact total.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "../run_context.hpp"
#include "decimal.hpp"

namespace llplay::floats {

/// One strategy's outcome.
struct DriftRow {
  explicit DriftRow(std::string name, bool usable = true) : strategy(std::move(name)), applicable(usable) {}
  std::string strategy;
  bool applicable;    ///< false for integer cents when the fee has fractions of a cent
  std::string total;  ///< f"{total:,.2f}"
  std::string value;  ///< repr(total) for a float, str(total) for a Decimal
  Decimal loss;       ///< exact total - this total, exactly
  double ms = 0;      ///< time in the strategy's own loop
  /// (N, |sum of the first N fees - N * fee|) at N = 1, 2, 5, 10, 20, 50, … and at n.
  std::vector<std::pair<std::int64_t, double>> trace;
};

struct DriftResult {
  Decimal fee;            ///< the fee as typed, exactly
  Decimal fee_as_double;  ///< the double Python stores for it, exactly
  Decimal exact_total;    ///< n * fee, exactly
  std::vector<DriftRow> rows;
};

/// Names of the strategies, in the order drift() runs them.
const std::vector<std::string>& drift_strategies();

/// Adds the fee (a decimal literal) n times with each strategy. Throws Error{BadParams} for a fee
/// that is not a finite decimal; reports progress and honours cancel through `ctx`.
DriftResult drift(const std::string& fee_text, std::int64_t n, RunContext& ctx);

/// The totals the series' "forge" compares: sum(), math.fsum() and Decimal, for n copies of fee.
/// `compensated`: sum() as CPython 3.12 and later computes it (Neumaier), else the plain loop of 3.11 and
/// before.
struct ForgeResult {
  double sum = 0, fsum = 0;
  Decimal decimal;
};
ForgeResult forge(double fee, const Decimal& fee_decimal, std::int64_t n, bool compensated, RunContext& ctx);

}  // namespace llplay::floats
