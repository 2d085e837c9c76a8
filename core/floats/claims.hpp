// The series' printed floating-point results, recomputed: each reproduced or not, with the reason.
#pragma once

#include <string>
#include <vector>

#include "../run_context.hpp"

namespace llplay::floats {

struct Claim {
  std::string claim;     ///< what the series prints
  std::string measured;  ///< what running it gives
  bool reproduced = false;
  std::string reason;
};

/// The claims, graded for CPython `python` ("3.10" … "3.13"); `compensated_sum`: its sum() is Neumaier's
/// (3.12+).
std::vector<Claim> series_claims(const std::string& python, bool compensated_sum, RunContext& ctx);

}  // namespace llplay::floats
