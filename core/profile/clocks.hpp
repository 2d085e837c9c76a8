// Wall time against CPU time: a kernel that waits and one that computes, each under both clocks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "../run_context.hpp"

namespace llplay::profile {

/// One kernel under each clock.
struct Clocked {
  double wall_ms = 0;            ///< steady_clock
  std::optional<double> cpu_ms;  ///< CLOCK_PROCESS_CPUTIME_ID, where it exists
  double clock_ms = 0;           ///< std::clock(), whatever this platform makes of it
};

struct Clocks {
  bool cpu_clock = false;  ///< whether clock_gettime(CLOCK_PROCESS_CPUTIME_ID) answered
  std::string cpu_error;   ///< its errno's name when it did not
  Clocked waits, computes;
  std::int64_t wait_ms = 0, fib_n = 0, fib = 0;
};

/// Sleeps `wait_ms` (in slices of at most 10 ms, checking cancel), then computes fib(fib_n) recursively,
/// reading the wall clock, the process CPU clock and std::clock() around each.
Clocks wall_and_cpu(std::int64_t wait_ms, int fib_n, RunContext& ctx);

}  // namespace llplay::profile
