// Wall-clock timing for the figures demos measure: one clock, milliseconds as doubles.
#pragma once

#include <chrono>

namespace llplay::timing {

using Clock = std::chrono::steady_clock;

/// Milliseconds from `a` to `b`.
inline double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

/// Milliseconds since `t0`.
inline double ms_since(Clock::time_point t0) { return ms_between(t0, Clock::now()); }

}  // namespace llplay::timing
