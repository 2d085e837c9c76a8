// The parallel lab natively and in both wasm builds: exact sums for every thread count, races that
// lose nothing when synchronised, a GIL that serialises, cancel that stops every worker, and the
// st build answering NeedsIsolation.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "error.hpp"
#include "parallel/kernel.hpp"
#include "parallel/processes.hpp"
#include "parallel/threads.hpp"
#include "registry.hpp"

#ifndef __EMSCRIPTEN__
#include <sys/wait.h>

#include <cerrno>
#endif

namespace llplay::parallel {
namespace {

constexpr bool has_threads =
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
    false;
#else
    true;
#endif

/// In the st build, where shared-memory demos must answer NeedsIsolation instead of running.
template <class Fn>
void expect_needs_isolation(Fn fn) {
  RunContext ctx;
  try {
    fn(ctx);
    ADD_FAILURE() << "ran without threads";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::NeedsIsolation) << e.what();
  }
}

/// Runs fn(ctx) with a context that is cancelled after `after`; returns the code it threw and how long it
/// took.
template <class Fn>
std::pair<ErrorCode, double> cancel_after(std::chrono::milliseconds after, Fn fn) {
  std::atomic<std::uint32_t> word{0};
  RunContext ctx({}, &word, 7);
  std::thread canceller([&] {
    std::this_thread::sleep_for(after);
    word = 7;
  });
  auto t0 = std::chrono::steady_clock::now();
  ErrorCode code = ErrorCode::Internal;
  try {
    fn(ctx);
  } catch (const Error& e) {
    code = e.code();
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  canceller.join();
  return {code, ms};
}

TEST(parallel_test, the_kernel_and_its_formula_agree) {
  for (std::uint64_t n : {0ull, 1ull, 2ull, 3ull, 10ull, 1000ull, 3800000ull, 12345678ull}) {
    EXPECT_EQ(decimal(sum_of_squares(0, n)), decimal(sum_of_squares_formula(n))) << n;
  }
  EXPECT_EQ(decimal(sum_of_squares_formula(max_n)),
            "26409387495531407161709035520");         // Python: sum of i*i below 2**32
  EXPECT_EQ(decimal(sum_of_squares(10, 13)), "365");  // 100 + 121 + 144
  EXPECT_EQ(decimal(0), "0");
}

TEST(parallel_test, exact_sums_for_every_thread_count) {
  if (!has_threads) {
    RunContext ctx;
    Outcome out = registry().run("parallel.sum", {{"model", "shared"}}, ctx);
    EXPECT_EQ(out.code, ErrorCode::NeedsIsolation);
    EXPECT_NE(out.message.find("opts in to isolation"), std::string::npos) << out.message;
    return;
  }
  RunContext ctx;
  for (int threads = 1; threads <= std::min(8, thread_limit()); ++threads) {
    for (std::uint64_t n : {1ull, 5ull, 1000003ull}) {  // fewer numbers than threads, too
      for (bool gil : {false, true}) {
        SharedSum r = sum_on_threads(n, threads, gil, 1, ctx);
        EXPECT_EQ(decimal(r.sum), decimal(sum_of_squares_formula(n))) << threads << " threads, n " << n;
        EXPECT_EQ(r.thread_ms.size(), static_cast<std::size_t>(threads));
        EXPECT_EQ(r.busy_before, 0);
      }
    }
  }
  EXPECT_EQ(threads_running(), 0);
}

TEST(parallel_test, synchronised_counters_lose_nothing_and_the_plain_one_never_gains) {
  if (!has_threads) return expect_needs_isolation([](RunContext& ctx) { race(2, 10, Sync::atomic, ctx); });
  RunContext ctx;
  int threads = std::min(4, thread_limit());
  for (Sync sync : {Sync::atomic, Sync::mutex}) {
    Race r = race(threads, 200000, sync, ctx);
    EXPECT_EQ(r.expected, 200000 * threads);
    EXPECT_EQ(r.actual, r.expected);
    EXPECT_GT(r.ms, 0);
  }
  Race plain = race(threads, 200000, Sync::none, ctx);
  EXPECT_LE(plain.actual, plain.expected);
  // A stale store can wipe out any number of other threads' adds, even a whole thread's work, so the
  // only floor is the classic one: with two or more threads the plain counter ends at 2 or more.
  EXPECT_GE(plain.actual, threads > 1 ? 2 : plain.expected);
}

TEST(parallel_test, the_gil_serialises_and_hands_over) {
  if (!has_threads)
    return expect_needs_isolation([](RunContext& ctx) { sum_on_threads(10, 2, true, 5, ctx); });
  RunContext ctx;
  // Long enough (about half a second) that a second thread started late on a busy machine still meets the
  // first.
  SharedSum r = sum_on_threads(600000000, 2, true, 1, ctx);
  EXPECT_EQ(decimal(r.sum), decimal(sum_of_squares_formula(600000000)));
  ASSERT_GE(r.timeline.size(), 4u);
  EXPECT_GE(r.handoffs, 2);
  for (std::size_t i = 1; i < r.timeline.size(); ++i) {
    EXPECT_GE(r.timeline[i].start_ms, r.timeline[i - 1].end_ms - 1e-6)
        << "two threads held the GIL at once, slice " << i;
  }
  std::int64_t changes = 0;
  for (std::size_t i = 1; i < r.timeline.size(); ++i)
    changes += r.timeline[i].thread != r.timeline[i - 1].thread;
  EXPECT_EQ(changes, r.handoffs) << "every handoff is a change of holder in the timeline";
}

TEST(parallel_test, cancel_stops_every_thread) {
  if (!has_threads)
    return expect_needs_isolation([](RunContext& ctx) { sum_on_threads(10, 1, false, 5, ctx); });
  int threads = std::min(4, thread_limit() - 1);  // in wasm the canceller takes a pool worker too
  for (bool gil : {false, true}) {
    auto [code, ms] = cancel_after(std::chrono::milliseconds(100),
                                   [&](RunContext& ctx) { sum_on_threads(max_n, threads, gil, 5, ctx); });
    EXPECT_EQ(code, ErrorCode::Cancelled) << "gil " << gil;
    EXPECT_LT(ms, 2000) << "gil " << gil;
    EXPECT_EQ(threads_running(), 0) << "gil " << gil;
  }
  auto [code, ms] = cancel_after(std::chrono::milliseconds(100),
                                 [&](RunContext& ctx) { race(threads, 100000000, Sync::mutex, ctx); });
  EXPECT_EQ(code, ErrorCode::Cancelled);
  EXPECT_LT(ms, 2000);
  EXPECT_EQ(threads_running(), 0);
  RunContext ctx;
  EXPECT_EQ(decimal(sum_on_threads(1000, threads, false, 5, ctx).sum), decimal(sum_of_squares_formula(1000)))
      << "the next run works";
}

TEST(parallel_test, more_threads_than_this_place_can_start_is_a_clear_error) {
  if (!has_threads) {
    EXPECT_EQ(thread_limit(), 0);
    return;
  }
  RunContext ctx;
  ThreadLimit saved = set_thread_limit([] { return 2; });
  try {
    sum_on_threads(100, 3, false, 5, ctx);
    ADD_FAILURE() << "3 threads started with a limit of 2";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::LimitExceeded);
    EXPECT_NE(std::string(e.what()).find("at most 2"), std::string::npos) << e.what();
  }
  set_thread_limit(saved);
}

#ifndef __EMSCRIPTEN__
TEST(parallel_test, isolated_processes_sum_exactly_and_cancel_leaves_none) {
  RunContext ctx;
  for (int workers = 1; workers <= 4; ++workers) {
    IsolatedSum r = sum_in_processes(1000003, workers, ctx);
    EXPECT_EQ(decimal(r.sum), decimal(sum_of_squares_formula(1000003))) << workers;
    EXPECT_EQ(r.worker_ms.size(), static_cast<std::size_t>(workers));
  }
  auto [code, ms] =
      cancel_after(std::chrono::milliseconds(100), [](RunContext& c) { sum_in_processes(max_n, 2, c); });
  EXPECT_EQ(code, ErrorCode::Cancelled);
  EXPECT_LT(ms, 2000);
  EXPECT_EQ(waitpid(-1, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD) << "a worker process is still there";
  Transfer t = transfer(1 << 20, ctx);
  EXPECT_GT(t.copy_to_ms, 0);
  EXPECT_GT(t.shared_to_ms, 0);
}
#endif

TEST(parallel_test, contract_ids_validate_what_is_typed) {
  RunContext ctx;
  EXPECT_EQ(registry().run("parallel.sum", {{"n", 0}}, ctx).code, ErrorCode::BadParams);
  EXPECT_EQ(registry().run("parallel.sum", {{"n", 4294967297.0}}, ctx).code, ErrorCode::BadParams);
  EXPECT_EQ(registry().run("parallel.race", {{"sync", "spinlock"}}, ctx).code, ErrorCode::BadParams);
  EXPECT_EQ(registry().run("parallel.kernel", {{"from", 5}, {"to", 4}}, ctx).code, ErrorCode::BadParams);
  Outcome k = registry().run("parallel.kernel", {{"from", 10}, {"to", 13}}, ctx);
  ASSERT_TRUE(k.ok) << k.message;
  EXPECT_EQ(k.result["sum"], "365");
  Outcome checked = registry().check_text("parallel.sum", R"({"threads": 3})");
  ASSERT_TRUE(checked.ok);
  EXPECT_EQ(checked.result["threads"], 3);
  EXPECT_EQ(checked.result["model"], "shared") << "defaults filled in";
  EXPECT_EQ(registry().check_text("parallel.sum", R"({"threads": "many"})").code, ErrorCode::BadParams);
  if (has_threads) {
    Outcome race =
        registry().run("parallel.race", {{"threads", 2}, {"increments", 1000}, {"sync", "atomic"}}, ctx);
    ASSERT_TRUE(race.ok) << race.message;
    EXPECT_EQ(race.result["actual"], 2000);
    EXPECT_EQ(race.result["lost"], 0);
  }
}

}  // namespace
}  // namespace llplay::parallel
