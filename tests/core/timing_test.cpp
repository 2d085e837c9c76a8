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

/// Work that takes `ms` of wall-clock time, whatever else the machine is doing.
void spin(double ms) {
  const auto t0 = timing::Clock::now();
  while (timing::ms_since(t0) < ms) {
  }
}

TEST(timing_test, runs_on_a_busy_machine_are_dropped_until_the_median_settles) {
  // The work takes 2.5 ms, but for the first 100 ms the machine is busy (a page still loading): two calls in
  // three take 6 ms. The fastest run shows what the work costs; a median of mostly slow runs does not.
  const auto t0 = timing::Clock::now();
  int call = 0;
  timing::Repeated r = timing::repeat(
      1, 5, [&] { spin(timing::ms_since(t0) < 100 && ++call % 3 != 0 ? 6 : 2.5); }, [](int, int) {});
  EXPECT_EQ(r.calls, 1);
  EXPECT_EQ(r.runs, 5);
  EXPECT_GE(r.dropped, 3) << "the runs before 100 ms";
  EXPECT_LT(r.median_ms, 4) << "the median is the work's, 2.5 ms, not the busy moment's";
  EXPECT_LT(r.dropped, 20) << "more runs stop once the median has settled";
}

TEST(timing_test, one_slow_run_leaves_the_median_alone_and_nothing_is_dropped) {
  int finished = 0;  // runs done, the warm-up first
  timing::Repeated r = timing::repeat(
      1, 5, [&] { spin(finished == 3 ? 8 : 2.5); }, [&](int done, int) { finished = done; });
  EXPECT_EQ(r.dropped, 0);
  EXPECT_EQ(r.runs, 5);
  EXPECT_GE(r.max_ms, 8) << "the slow run is counted";
  EXPECT_LT(r.median_ms, 4);
}

TEST(timing_test, a_machine_that_stays_busy_costs_at_most_max_settle_ms_more) {
  // Every other run is slow, so the median never settles: repeat gives up after max_settle_ms.
  int call = 0;
  const auto t0 = timing::Clock::now();
  bool warmed = false;
  timing::Repeated r = timing::repeat(
      1, 4, [&] { spin(warmed && ++call % 2 == 0 ? 3 : 10); }, [&](int, int) { warmed = true; });
  EXPECT_GT(r.dropped, 0);
  EXPECT_EQ(r.runs, 4);
  EXPECT_LT(timing::ms_since(t0), timing::min_warmup_ms + 4 * 10 + timing::max_settle_ms + 10 + 100)
      << "warm-up, the runs, at most max_settle_ms more (and a run's overshoot), and slack for a slow "
         "machine";
}

}  // namespace
}  // namespace llplay
