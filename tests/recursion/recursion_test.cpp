// The recursion lab's guarantees, natively and in both wasm builds: the soft limit fires at exactly
// the limit, the guard fires before a real overflow at every frame size, the next run works, and
// the probe's figures hold still from run to run.
#include <gtest/gtest.h>

#include <cmath>

#include "recursion/descend.hpp"
#include "recursion/walks.hpp"
#include "registry.hpp"
#include "stack.hpp"

namespace llplay::recursion {
namespace {

Outcome run(const std::string& id, const json& params) {
  RunContext ctx;
  return registry().run(id, params, ctx);
}

TEST(recursion_test, soft_limit_fires_at_exactly_the_limit) {
  for (int limit : {1, 10, 1000, 5000}) {
    Outcome at = run("recursion.run", {{"depth", limit}, {"limit", limit}});
    ASSERT_TRUE(at.ok) << at.message;
    EXPECT_EQ(at.result["reached"], limit);
    Outcome past = run("recursion.run", {{"depth", limit + 1}, {"limit", limit}});
    EXPECT_EQ(past.code, ErrorCode::RecursionLimit) << past.message;
    EXPECT_NE(past.message.find("past the limit of " + std::to_string(limit)), std::string::npos)
        << past.message;
  }
}

TEST(recursion_test, guard_stops_before_a_real_overflow_at_every_frame_size) {
  for (int frame : {0, 16, 64, 256, 1024, 4096}) {
    Capacity capacity = measure_capacity(frame);
    Outcome o = run("recursion.run",
                    {{"depth", 10000000}, {"limit", 10000000}, {"frameBytes", frame}, {"python", "3.10"}});
    ASSERT_EQ(o.code, ErrorCode::StackExhausted) << frame << ": " << o.message;
    EXPECT_NE(o.message.find(
                  "CPython 3.10, with its limit raised this high, would crash with a segmentation fault"),
              std::string::npos)
        << o.message;
    // It stopped within what the probe measured, and the next run works.
    Outcome next = run("recursion.run", {{"depth", 100}, {"limit", 1000}, {"frameBytes", frame}});
    ASSERT_TRUE(next.ok) << next.message;
    EXPECT_EQ(next.result["reached"], 100);
    EXPECT_GT(capacity.max_depth, 100) << frame;
  }
}

TEST(recursion_test, probe_figures_hold_still_from_run_to_run) {
  for (int frame : {0, 64, 1024, 4096}) {
    Capacity a = measure_capacity(frame), b = measure_capacity(frame);
    EXPECT_EQ(a.bytes_per_frame, b.bytes_per_frame) << frame;
    EXPECT_EQ(a.limited_by, b.limited_by) << frame;
    EXPECT_LE(std::abs(static_cast<double>(a.max_depth - b.max_depth)),
              0.02 * static_cast<double>(a.max_depth))
        << frame;
    EXPECT_GT(a.max_depth, 1000) << frame;  // every runtime here holds CPython's default limit
    if (frame >= 1024) {
      // Large frames are measured on the stack itself: at least their locals each.
      EXPECT_GE(a.bytes_per_frame, frame) << frame;
      EXPECT_EQ(a.limited_by, platform().stack_name) << frame;
      // And the capacity follows: the stack's free bytes over the bytes per frame.
      double derived = static_cast<double>(a.free_bytes - guard_reserve) / a.bytes_per_frame;
      EXPECT_NEAR(static_cast<double>(a.max_depth), derived, 2.0) << frame;
    }
  }
}

TEST(recursion_test, the_probe_runs_on_a_new_thread_where_there_are_threads) {
  Outcome o = run("recursion.probe", {{"thread", "new thread"}});
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
  EXPECT_EQ(o.code, ErrorCode::NeedsIsolation);
#else
  ASSERT_TRUE(o.ok) << o.message;
  EXPECT_GT(o.result["maxDepth"].get<std::int64_t>(), 1000);
#endif
}

TEST(recursion_test, extract_emails_trace_pushes_and_pops_every_frame) {
  Outcome o = run("recursion.trace", json::object());
  ASSERT_TRUE(o.ok) << o.message;
  EXPECT_EQ(o.result["found"],
            json::parse(R"(["\"ana@example.com\"", "\"ben@example.com\"", "\"ana@example.com\""])"));
  const json& steps = o.result["steps"];
  int depth = 0, calls = 0, returns = 0;
  for (const json& step : steps) {
    if (step["event"] == "call") {
      EXPECT_EQ(step["depth"], depth++);
      ++calls;
    }
    if (step["event"] == "return") {
      EXPECT_EQ(step["depth"], --depth);
      ++returns;
    }
  }
  EXPECT_EQ(calls, returns);
  EXPECT_EQ(depth, 0);
  EXPECT_FALSE(o.result["truncated"].get<bool>());
  Outcome capped = run("recursion.trace", {{"maxSteps", 7}});
  EXPECT_EQ(capped.result["steps"].size(), 7u);
  EXPECT_TRUE(capped.result["truncated"].get<bool>());
  EXPECT_EQ(run("recursion.trace", {{"payload", "{oops"}}).code, ErrorCode::ParseError);
}

TEST(recursion_test, explicit_stack_goes_where_recursion_cannot) {
  Outcome shallow = run("recursion.explicit", {{"depth", 1000}});
  ASSERT_TRUE(shallow.ok) << shallow.message;
  EXPECT_TRUE(shallow.result["recursive"]["completed"].get<bool>());
  EXPECT_EQ(shallow.result["recursive"]["leaves"], 1000);
  EXPECT_EQ(shallow.result["explicit"]["leaves"], 1000);
  Outcome deep = run("recursion.explicit", {{"depth", 1000000}});
  ASSERT_TRUE(deep.ok) << deep.message;
  EXPECT_FALSE(deep.result["recursive"]["completed"].get<bool>());
  EXPECT_EQ(deep.result["explicit"]["leaves"], 1000000);
  EXPECT_GT(deep.result["explicit"]["heapBytes"].get<std::int64_t>(), 1000000);  // a pending leaf per level
  EXPECT_TRUE(run("recursion.explicit", {{"depth", 10}}).ok) << "the next run works";
}

TEST(recursion_test, tail_call_becomes_a_loop_and_fib_memo_is_linear) {
  Outcome tail = run("recursion.tail", {{"n", 10000000}});
  if (!tail.ok &&
      tail.code == ErrorCode::StackExhausted) {  // -O1 (build/asan) keeps the calls: it stops, safely
    GTEST_SKIP() << "this build does not turn tail calls into loops: " << tail.message;
  }
  ASSERT_TRUE(tail.ok) << tail.message;
  EXPECT_EQ(tail.result["tail"]["sum"], 50000005000000LL);
  EXPECT_LT(tail.result["tail"]["stackBytes"].get<std::int64_t>(), 1024) << "no frame per call";
  EXPECT_FALSE(tail.result["plain"]["completed"].get<bool>());
  Outcome fib = run("recursion.fib", {{"n", 20}});
  ASSERT_TRUE(fib.ok) << fib.message;
  EXPECT_EQ(fib.result["naive"]["value"], 6765);
  EXPECT_EQ(fib.result["naive"]["calls"], 21891);  // 2 * fib(21) - 1
  EXPECT_EQ(fib.result["memo"]["calls"], 39);      // 2n - 1, as functools.lru_cache's hits + misses
  EXPECT_EQ(fib.result["series"].size(), 20u);
}

}  // namespace
}  // namespace llplay::recursion
