// The recursion the lab measures and guards: frames with a chosen amount of locals, a soft limit
// like sys.setrecursionlimit, and a guard that stops before the physical stack runs out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "../stack.hpp"

namespace llplay::recursion {

using stack::guard_reserve;
using stack::platform;
using stack::Stop;

/// One recursion: its settings and, afterwards, what happened.
struct Descent {
  std::int64_t target = 0;         ///< stop successfully at this depth
  std::int64_t soft_limit = 0;     ///< like sys.getrecursionlimit(): past it, Stop::soft_limit (0: none)
  std::int64_t engine_budget = 0;  ///< past it, Stop::engine: the JS engine's stack is nearly full (0: none)
  std::size_t reserve = 0;         ///< when fewer bytes are left on the stack, Stop::stack
  int frame_bytes = 0;             ///< locals per frame, on the stack (alloca)

  std::int64_t reached = 0;  ///< the deepest frame entered
  Stop stop = Stop::none;
  std::uintptr_t first_position = 0, deepest_position = 0;  ///< stack pointer at depth 1 and at `reached`
};

/// Recurses from `depth` (start at 1) toward d.target. Never overflows: it checks before each frame.
std::int64_t descend(Descent& d, std::int64_t depth);

/// Stack bytes per frame that `d` measured (0 if it went only one deep).
double bytes_per_frame(const Descent& d);

/// How deep frames of `frame_bytes` can go on the calling thread, measured by recursing.
struct Capacity {
  std::int64_t max_depth = 0;      ///< the deepest the guard let a recursion go
  double bytes_per_frame = 0;      ///< measured on the stack the frames use
  std::size_t stack_bytes = 0;     ///< the size of that stack
  std::size_t free_bytes = 0;      ///< free when the measurement started
  std::int64_t engine_depth = -1;  ///< wasm: the JS engine's limit for these frames; -1 natively,
                                   ///< 0 when the shadow stack runs out before the engine's does
  std::string stack_name;          ///< which stack the frames use
  std::string limited_by;          ///< which stack ran out first
};
Capacity measure_capacity(int frame_bytes);

/// The engine-stack budget for frames of `frame_bytes` on this thread: 90% of the measured limit,
/// measured once per thread and frame size; 0 where there is no engine stack.
std::int64_t engine_budget(int frame_bytes);

}  // namespace llplay::recursion
