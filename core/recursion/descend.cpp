// The recursion the lab measures and guards.
#include "descend.hpp"

#include <alloca.h>

#include <map>

namespace llplay::recursion {

// llplay:source recursion.run recursion.probe recursion.sweep
[[gnu::noinline]] std::int64_t descend(Descent& d, std::int64_t depth) {
  // The checks CPython makes (the soft limit) and the ones it does not (the physical stack).
  Stop stop = d.soft_limit != 0 && depth > d.soft_limit         ? Stop::soft_limit
              : d.engine_budget != 0 && depth > d.engine_budget ? Stop::engine
              : platform().free_bytes() < d.reserve + static_cast<std::size_t>(d.frame_bytes) ? Stop::stack
                                                                                              : Stop::none;
  if (stop != Stop::none) {
    d.stop = stop;
    return depth - 1;
  }
  // This frame's locals: `frame_bytes` on the stack, written so they really exist.
  volatile char* locals = d.frame_bytes > 0
                              ? static_cast<volatile char*>(alloca(static_cast<std::size_t>(d.frame_bytes)))
                              : nullptr;
  if (locals != nullptr) {
    locals[0] = static_cast<char>(depth);
    locals[d.frame_bytes - 1] = static_cast<char>(depth);
  }
  std::uintptr_t here = platform().position();
  if (depth == 1) d.first_position = here;
  d.deepest_position = here;
  d.reached = depth;
  if (depth == d.target) return depth;
  std::int64_t deepest = descend(d, depth + 1);
  // Reading the locals after the call keeps this frame alive (no tail call, no loop).
  if (locals != nullptr && locals[0] != static_cast<char>(depth)) deepest = -1;
  return deepest;
}
// llplay:end

double bytes_per_frame(const Descent& d) {
  if (d.reached < 2) return 0;
  return static_cast<double>(d.first_position - d.deepest_position) / static_cast<double>(d.reached - 1);
}

namespace {

/// recurse_to(depth): the Recurse the engine probe tries.
int recurse_to(int depth, int frame_bytes, int reserve) {
  Descent d;
  d.target = depth;
  d.frame_bytes = frame_bytes;
  d.reserve = static_cast<std::size_t>(reserve);
  descend(d, 1);
  return static_cast<int>(d.reached);
}

constexpr std::int64_t unbounded = std::int64_t{1} << 40;

}  // namespace

std::int64_t engine_budget(int frame_bytes) {
  if (platform().engine_depth == nullptr) return 0;
  thread_local std::map<int, std::int64_t> measured;  // per thread: each has its own engine stack
  auto it = measured.find(frame_bytes);
  if (it == measured.end()) {
    std::int64_t limit = platform().engine_depth(recurse_to, frame_bytes, guard_reserve);
    it = measured.emplace(frame_bytes, limit > 0 ? limit * 9 / 10 : 0).first;
  }
  return it->second;
}

// llplay:source recursion.probe recursion.sweep
Capacity measure_capacity(int frame_bytes) {
  Capacity c;
  c.stack_name = platform().stack_name;
  c.stack_bytes = platform().size_bytes();
  c.free_bytes = platform().free_bytes();
  if (platform().engine_depth != nullptr) {
    // Wasm: find the JS engine's limit by trying deeper and deeper until it throws RangeError.
    c.engine_depth = platform().engine_depth(recurse_to, frame_bytes, guard_reserve);
  }
  // Then recurse for real: until the stack has only the reserve left, or just short of the engine's limit.
  Descent d;
  d.target = c.engine_depth > 0 ? c.engine_depth : unbounded;
  d.frame_bytes = frame_bytes;
  d.reserve = guard_reserve;
  descend(d, 1);
  c.max_depth = d.reached;
  c.bytes_per_frame = bytes_per_frame(d);
  c.limited_by = d.stop == Stop::stack ? c.stack_name : "JavaScript engine stack";
  return c;
}
// llplay:end

}  // namespace llplay::recursion
