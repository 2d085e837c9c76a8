// Wall-clock timing for the figures demos measure: one clock, milliseconds as doubles, and repeated
// measurements (warm-up runs first, then the median and the spread of several timed runs).
#pragma once

#include <algorithm>
#include <atomic>
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

/// Several timed runs of the same work: their median, the fastest and the slowest, each per call of the work.
struct Repeated {
  double median_ms = 0, min_ms = 0, max_ms = 0;
  int runs = 0;    ///< timed runs (warm-up runs not counted)
  long calls = 1;  ///< calls of the work in each timed run (more than one when one call is too quick to time)
  int dropped = 0;  ///< timed runs not counted: the first ones, taken while the machine was busy (see repeat)
};

/// As a result shows it: {"medianMs", "minMs", "maxMs", "runs", "calls", "dropped"} (found by ADL).
inline void to_json(nlohmann::json& j, const Repeated& r) {
  j = {{"medianMs", r.median_ms}, {"minMs", r.min_ms}, {"maxMs", r.max_ms},
       {"runs", r.runs},          {"calls", r.calls},  {"dropped", r.dropped}};
}

/// The shortest run worth timing: browsers coarsen their clock to 0.1 ms (5 µs where isolated), so a run of a
/// few microseconds reads as 0 or as one tick.
inline constexpr double min_run_ms = 2.0;

/// The shortest first warm-up: quick work is called again and again for this long before it is timed or
/// calibrated. A wasm function first runs in the engine's baseline code, and its optimised code, compiled in
/// the background, is used from its next call once ready: a single quick warm-up call would leave the timed
/// runs (and the calibration, which the first call's compiling would skew) to baseline code.
inline constexpr double min_warmup_ms = 30.0;

/// A median further than this above the fastest run means most runs met something else, not the work.
inline constexpr double settled_ratio = 1.15;

/// The most time repeat() spends on more runs while its median is unsettled. On this project's 2-core machine
/// a page is busy for its first ~300 ms (scripts, styles, highlighting, the compositor) and so is a demo's
/// first run there: most readers see only that run.
inline constexpr double max_settle_ms = 250.0;

/// Whether two timings can be told apart: their fastest-to-slowest ranges do not overlap. A comparison whose
/// ranges overlap is too close to call, whatever its medians say.
inline bool distinct(const Repeated& a, const Repeated& b) {
  return a.max_ms < b.min_ms || b.max_ms < a.min_ms;
}

/// Times `work()` `runs` times after `warmups` untimed runs. The first runs of fresh code are slow for
/// reasons the lesson is not about (in wasm the engine's baseline compiler runs a function until its
/// optimised code is ready; caches and the heap are cold), so every timed comparison warms up.
/// `between(done, total)` is called after each run (progress, cancel).
/// Work quicker than min_run_ms is called several times per run (the count is found during the warm-up, which
/// always runs at least once), and the figures are per call. While most of the last `runs` runs are well
/// above the fastest (settled_ratio), more runs follow, for up to max_settle_ms, and only the last `runs`
/// count.
/// `now` is the clock (tests pass one they move by hand).
template <class Work, class Between, class Now = Clock::time_point (*)() noexcept>
Repeated repeat(int warmups, int runs, Work work, Between between, Now now = &Clock::now) {
  std::vector<double> times;
  long calls = 1;
  auto timed = [&] {
    auto t0 = now();
    for (long c = 0; c < calls; ++c) {
      work();
      // A compiler barrier: each call must really run, not be hoisted out as a repeat of the same pure work.
      std::atomic_signal_fence(std::memory_order_seq_cst);
    }
    return ms_between(t0, now());
  };
  warmups = std::max(warmups, 1);
  for (int i = 0; i < warmups + runs; ++i) {
    double ms = timed();
    if (i == 0) {  // the first warm-up goes on for min_warmup_ms: meanwhile the engine optimises the code
      double spent = ms, fastest = ms;
      for (long more = 0; spent < min_warmup_ms && more < (1L << 24); ++more) {
        double again = timed();
        spent += again, fastest = std::min(fastest, again);
      }
      ms = fastest;  // one slow call (a pause, the heap growing) must not decide the calibration
    }
    if (i < warmups) {  // calibrate: enough calls that one run takes at least min_run_ms
      while (ms < min_run_ms && calls < (1L << 30)) {
        calls = ms <= 0 ? calls * 16 : std::max(calls + 1, static_cast<long>(calls * 1.2 * min_run_ms / ms));
        ms = std::min(timed(), timed());  // the faster of two: a pause in one must not end the calibration
      }
    } else {
      times.push_back(ms / static_cast<double>(calls));
    }
    between(i + 1, warmups + runs);
  }
  // While the median of the last `runs` runs is more than settled_ratio above the fastest run so far, most of
  // them met something else (another program, a page still loading, baseline code): one more run, for up to
  // max_settle_ms, and the first runs are dropped. One slow run among several leaves the median alone.
  auto median = [](std::vector<double> t) {
    std::sort(t.begin(), t.end());
    std::size_t mid = t.size() / 2;
    return t.size() % 2 == 1 ? t[mid] : (t[mid - 1] + t[mid]) / 2;
  };
  auto last = [&] { return std::vector<double>(times.end() - runs, times.end()); };
  double settling = 0;
  for (int more = 0; runs >= 3 && more < 500; ++more) {  // 500: should the clock stand still
    double fastest = *std::min_element(times.begin(), times.end());
    if (median(last()) <= settled_ratio * fastest ||
        settling + times.back() * static_cast<double>(calls) > max_settle_ms)
      break;
    double ms = timed();
    settling += ms;
    times.push_back(ms / static_cast<double>(calls));
    between(warmups + runs, warmups + runs);
  }
  Repeated r;
  r.calls = calls;
  if (static_cast<int>(times.size()) > runs) {
    r.dropped = static_cast<int>(times.size()) - runs;
    times = last();
  }
  r.runs = static_cast<int>(times.size());
  if (times.empty()) return r;
  r.median_ms = median(times);
  r.min_ms = *std::min_element(times.begin(), times.end());
  r.max_ms = *std::max_element(times.begin(), times.end());
  return r;
}

}  // namespace llplay::timing
