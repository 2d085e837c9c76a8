// timing::repeat, which every timed demo uses: how long it warms up, and what a run of quick work holds.
#include "timing.hpp"

#include <gtest/gtest.h>

namespace llplay {
namespace {

TEST(timing_test, quick_work_warms_up_for_min_warmup_ms_then_runs_long_enough_to_time) {
  volatile long calls = 0;  // volatile: each call really runs (a plain ++ is folded into one addition)
  double warmed_after_ms = -1;
  const auto t0 = timing::Clock::now();
  timing::Repeated r = timing::repeat(
      1, 3, [&] { calls = calls + 1; },
      [&](int done, int total) {
        EXPECT_EQ(total, 4);
        if (done == 1) warmed_after_ms = timing::ms_since(t0);
      });
  // Optimised wasm code arrives from the background some milliseconds after a function first runs: a warm-up
  // of one quick call would have left the timed runs to baseline code.
  EXPECT_GE(warmed_after_ms, timing::min_warmup_ms);
  EXPECT_EQ(r.runs, 3);
  EXPECT_GT(r.calls, 1000) << "one call is far below the clock's tick: each run makes many";
  EXPECT_GE(r.median_ms * static_cast<double>(r.calls), timing::min_run_ms * 0.5)
      << "a run lasts about min_run_ms (less when a slow machine made calibration overshoot)";
  EXPECT_LE(r.min_ms, r.median_ms);
  EXPECT_LE(r.median_ms, r.max_ms);
}

TEST(timing_test, slow_work_is_called_once_to_warm_up_and_once_a_run) {
  long calls = 0;
  auto slow = [&] {
    ++calls;
    const auto t0 = timing::Clock::now();
    while (timing::ms_since(t0) < timing::min_warmup_ms) {
    }
  };
  timing::Repeated r = timing::repeat(1, 2, slow, [](int, int) {});
  EXPECT_EQ(calls, 3) << "a call that outlasts min_warmup_ms warms up alone";
  EXPECT_EQ(r.calls, 1);
  EXPECT_GE(r.min_ms, timing::min_warmup_ms);
}

}  // namespace
}  // namespace llplay
