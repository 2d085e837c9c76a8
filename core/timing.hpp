// Wall-clock timing for the figures demos measure: one clock, milliseconds as doubles, and repeated
// measurements (warm-up runs first, then the median and the spread of several timed runs).
#pragma once

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <vector>

namespace llplay::timing {

using Clock = std::chrono::steady_clock;

/// Milliseconds from `a` to `b`.
inline double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

/// Milliseconds since `t0`.
inline double ms_since(Clock::time_point t0) { return ms_between(t0, Clock::now()); }

/// Several timed runs of the same work: their median, the fastest and the slowest.
struct Repeated {
  double median_ms = 0, min_ms = 0, max_ms = 0;
  int runs = 0;  ///< timed runs (warm-up runs not counted)
};

/// As a result shows it: {"medianMs", "minMs", "maxMs", "runs"} (nlohmann's to_json, found by ADL).
inline void to_json(nlohmann::json& j, const Repeated& r) {
  j = {{"medianMs", r.median_ms}, {"minMs", r.min_ms}, {"maxMs", r.max_ms}, {"runs", r.runs}};
}

/// Times `work()` `runs` times after `warmups` untimed runs. The first runs of fresh code are slow for
/// reasons the lesson is not about (in wasm the engine's baseline compiler runs a function until its
/// optimised code is ready; caches and the heap are cold), so every timed comparison warms up.
/// `between(done, total)` is called after each run (progress, cancel).
template <class Work, class Between>
Repeated repeat(int warmups, int runs, Work work, Between between) {
  std::vector<double> times;
  for (int i = 0; i < warmups + runs; ++i) {
    auto t0 = Clock::now();
    work();
    if (i >= warmups) times.push_back(ms_since(t0));
    between(i + 1, warmups + runs);
  }
  std::sort(times.begin(), times.end());
  Repeated r;
  r.runs = static_cast<int>(times.size());
  if (times.empty()) return r;
  std::size_t mid = times.size() / 2;
  r.median_ms = times.size() % 2 == 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  r.min_ms = times.front();
  r.max_ms = times.back();
  return r;
}

}  // namespace llplay::timing
