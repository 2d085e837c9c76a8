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

/// A clock the test moves by hand: a call of the work "takes" what it adds, whatever the machine is doing.
struct HandClock {
  timing::Clock::time_point t{};
  void advance(double ms) {
    t += std::chrono::duration_cast<timing::Clock::duration>(std::chrono::duration<double, std::milli>(ms));
  }
  double elapsed_ms() const { return timing::ms_between({}, t); }
  auto now() {
    return [this] { return t; };
  }
};

TEST(timing_test, runs_on_a_busy_machine_are_dropped_until_the_median_settles) {
  // The work takes 2.5 ms, but for the first 100 ms the machine is busy (a page still loading): two calls in
  // three take 6 ms. The fastest run shows what the work costs; a median of mostly slow runs does not.
  HandClock clock;
  int call = 0;
  timing::Repeated r = timing::repeat(
      1, 5, [&] { clock.advance(clock.elapsed_ms() < 100 && ++call % 3 != 0 ? 6 : 2.5); }, [](int, int) {},
      clock.now());
  EXPECT_EQ(r.calls, 1);
  EXPECT_EQ(r.runs, 5);
  EXPECT_GE(r.dropped, 3) << "the runs before 100 ms";
  EXPECT_EQ(r.median_ms, 2.5) << "the work's time, not the busy moment's";
  EXPECT_LT(clock.elapsed_ms(), 100 + 5 * 2.5 + 6) << "more runs stop once the median has settled";
}

TEST(timing_test, one_slow_run_leaves_the_median_alone_and_nothing_is_dropped) {
  HandClock clock;
  int finished = 0;  // runs done, the warm-up first
  timing::Repeated r = timing::repeat(
      1, 5, [&] { clock.advance(finished == 3 ? 8 : 2.5); }, [&](int done, int) { finished = done; },
      clock.now());
  EXPECT_EQ(r.dropped, 0);
  EXPECT_EQ(r.runs, 5);
  EXPECT_EQ(r.max_ms, 8) << "the slow run is counted";
  EXPECT_EQ(r.median_ms, 2.5);
}

TEST(timing_test, a_machine_that_stays_busy_costs_at_most_max_settle_ms_more) {
  // After the warm-up every other run is slow, so the median never settles: repeat gives up after
  // max_settle_ms.
  HandClock clock;
  int call = 0;
  bool warmed = false;
  timing::Repeated r = timing::repeat(
      1, 4, [&] { clock.advance(warmed && ++call % 2 == 0 ? 3 : 10); }, [&](int, int) { warmed = true; },
      clock.now());
  EXPECT_EQ(r.runs, 4);
  EXPECT_GT(r.dropped, 30) << "runs of 3 and 10 ms for about 250 ms: 38";
  EXPECT_LE(clock.elapsed_ms(), timing::min_warmup_ms + 4 * 10 + timing::max_settle_ms + 10)
      << "the warm-up, the runs, and at most max_settle_ms more";
}

}  // namespace
}  // namespace llplay
