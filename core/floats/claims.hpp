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

std::vector<Claim> series_claims(RunContext& ctx);

}  // namespace llplay::floats
