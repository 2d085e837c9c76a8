// Timed runs of the floats lab: what Decimal costs against float, and what math.fsum costs against +=.
#pragma once

#include <cstdint>
#include <string>

#include "../run_context.hpp"
#include "../timing.hpp"

namespace llplay::floats {

/// n additions and n multiplications of the same prices, as doubles and as Decimals in Python's default
/// context (28 digits, ROUND_HALF_EVEN): each loop warmed up, then timed `runs` times.
struct DecimalCost {
  std::int64_t n = 0;
  timing::Repeated float_add, decimal_add, float_mul, decimal_mul;
  std::string checksum;  ///< the results, folded, so no loop can be optimised away
};
DecimalCost decimal_cost(std::int64_t n, int runs, RunContext& ctx);

/// fsum against the naive loop on n random doubles: uniform in [0, 1), or `wide` (a random sign and a
/// scale from 2^-60 to 2^60). The data come from SplitMix64(seed), which Python can reproduce. Each sum
/// warmed up once, then timed `runs` times.
struct FsumSpeed {
  std::int64_t n = 0;
  std::string fsum, naive;  ///< repr() of each sum
  timing::Repeated fsum_time, naive_time;
};
FsumSpeed fsum_speed(std::int64_t n, std::uint64_t seed, bool wide, int runs, RunContext& ctx);

}  // namespace llplay::floats
