// The profile lab, natively and in both wasm builds: cProfile's call counts on the lab's kernels, the
// tracer's measured overhead and fixed memory, cancel, the sampler, the concat model's copies, and coded
// errors.
#include "profile/profile.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include "profile/concat.hpp"
#include "profile/kernels.hpp"
#include "registry.hpp"

namespace llplay::profile {
namespace {

Outcome run(const std::string& id, const json& params) {
  RunContext ctx;
  return registry().run(id, params, ctx);
}

std::map<std::string, std::string> ncalls(const json& table) {
  std::map<std::string, std::string> out;
  for (const json& row : table) out[row["function"].get<std::string>()] = row["ncalls"].get<std::string>();
  return out;
}

TEST(profile_test, fib_ncalls_are_cprofiles) {
  // cProfile on def fib(n): ... prints 177/1 for fib(10): 177 calls, one of them primitive (not recursive).
  Outcome o = run("profile.ncalls", {{"kernel", "fib"}, {"fibN", 10}});
  ASSERT_TRUE(o.ok) << o.message;
  EXPECT_EQ(ncalls(o.result["table"]), (std::map<std::string, std::string>{{"fib", "177/1"}}));
  EXPECT_EQ(o.result["result"], 55);
  o = run("profile.ncalls", {{"kernel", "fib"}, {"fibN", 1}});
  EXPECT_EQ(ncalls(o.result["table"]), (std::map<std::string, std::string>{{"fib", "1"}}));
}

TEST(profile_test, mutual_recursion_counts_each_function_primitive_once_per_outer_call) {
  // count_even(n) calls is_even(k) for k < n: is_even runs for k, k-2, …; is_odd for k-1, k-3, …
  const int n = 10;
  std::int64_t even = 0, odd = 0;
  for (int k = 0; k < n; ++k) {
    even += k / 2 + 1;
    odd += (k + 1) / 2;
  }
  Outcome o = run("profile.ncalls", {{"kernel", "mutual"}, {"mutualN", n}});
  ASSERT_TRUE(o.ok) << o.message;
  EXPECT_EQ(ncalls(o.result["table"]), (std::map<std::string, std::string>{
                                           {"count_even", "1"},
                                           {"is_even", std::to_string(even) + "/" + std::to_string(n)},
                                           {"is_odd", std::to_string(odd) + "/" + std::to_string(n - 1)}}));
  EXPECT_EQ(o.result["result"], 5);
}

TEST(profile_test, the_walk_calls_walk_once_per_node) {
  Value v = make_value(5000, 7);
  std::int64_t dicts = 0, lists = 0, leaves = 0;
  for (auto k : v.kind) (k == Value::dict ? dicts : k == Value::list ? lists : leaves)++;
  EXPECT_LE(v.depth, value_max_depth);
  Outcome o = run("profile.ncalls", {{"kernel", "walk"}, {"nodes", 5000}, {"seed", 7}});
  ASSERT_TRUE(o.ok) << o.message;
  auto table = ncalls(o.result["table"]);
  EXPECT_EQ(table["walk"], "5000/1");
  EXPECT_EQ(o.result["calls"], 5000 + dicts + lists);
  EXPECT_EQ(o.result["result"], leaves) << "walk counts the leaves; an empty container counts 0";
  EXPECT_LE(o.result["deepest"].get<int>(), 2 * (value_max_depth + 1));
}

TEST(profile_test, tracing_a_million_calls_is_measured_slower_than_the_bare_run) {
  // fib(30): 2,692,537 calls. No fixed ratio: only that watching costs something, measured.
  Outcome o = run("profile.compare", {{"kernel", "fib"}, {"fibN", 30}, {"runs", 3}});
  ASSERT_TRUE(o.ok) << o.message;
  EXPECT_EQ(o.result["calls"], 2692537);
  EXPECT_EQ(o.result["result"], 832040);
  EXPECT_GT(o.result["traced"]["medianMs"].get<double>(), o.result["bare"]["medianMs"].get<double>());
  EXPECT_GT(o.result["tracedOverhead"]["percent"].get<double>(), 0);
  EXPECT_GT(o.result["samples"].get<std::int64_t>(), 0);
  std::int64_t on_top = 0;
  for (const json& row : o.result["sampledTable"]) on_top += row["selfSamples"].get<std::int64_t>();
  EXPECT_EQ(on_top, o.result["samples"].get<std::int64_t>() - o.result["idleSamples"].get<std::int64_t>());
  const json& flame = o.result["tracedFlame"]["nodes"];
  ASSERT_FALSE(flame.empty());
  EXPECT_EQ(flame[0]["parent"], -1);
  EXPECT_EQ(flame[0]["calls"], 1);
}

TEST(profile_test, ten_million_traced_calls_stay_within_the_stated_memory) {
  RunContext ctx;
  Traced t = trace_once({Kernel::fib, 33, 0}, ctx);  // 11,405,773 calls
  EXPECT_EQ(t.calls, 11405773);
  EXPECT_GT(t.peak_bytes, 0);
  EXPECT_LE(t.peak_bytes, tracer_memory_bound);
  // The widest tree and the deepest stack the parameters allow, too.
  EXPECT_LE(trace_once({Kernel::walk, 500000, 3}, ctx).peak_bytes, tracer_memory_bound);
  EXPECT_LE(trace_once({Kernel::mutual, 1000, 0}, ctx).peak_bytes, tracer_memory_bound);
}

TEST(profile_test, a_cancelled_profile_stops_inside_the_traced_run) {
  std::atomic<std::uint32_t> word{0};
  RunContext ctx([&](double) { word.store(5); }, &word, 5);  // cancels at the first progress report
  auto start = std::chrono::steady_clock::now();
  Outcome o = registry().run("profile.compare", {{"kernel", "fib"}, {"fibN", 34}, {"runs", 15}}, ctx);
  auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(o.code, ErrorCode::Cancelled);
  EXPECT_LT(ms, 20000) << "15 traced runs of fib(34) would take minutes";
  word.store(9);  // a tracer whose run is cancelled before it starts stops at its first check
  RunContext cancelled(nullptr, &word, 9);
  EXPECT_EQ(registry().run("profile.ncalls", {{"fibN", 34}}, cancelled).code, ErrorCode::Cancelled);
}

TEST(profile_test, bad_parameters_are_coded_errors) {
  EXPECT_EQ(run("profile.compare", {{"kernel", "quicksort"}}).code, ErrorCode::BadParams);
  EXPECT_EQ(run("profile.compare", {{"fibN", 35}}).code, ErrorCode::BadParams);
  EXPECT_EQ(run("profile.compare", {{"intervalUs", 10}}).code, ErrorCode::BadParams);
  EXPECT_EQ(run("profile.ncalls", {{"kernel", "digits"}}).code, ErrorCode::BadParams);
  EXPECT_EQ(run("profile.concat", {{"n", 50001}}).code, ErrorCode::BadParams);
  EXPECT_EQ(run("profile.concat", {{"piece", ""}}).code, ErrorCode::BadParams);
  EXPECT_EQ(run("profile.concat", {{"watcher", "yappi"}}).code, ErrorCode::BadParams);
  EXPECT_EQ(run("profile.concat", {{"n", 5000}, {"piece", std::string(64, 'x')}}).code,
            ErrorCode::LimitExceeded);
  EXPECT_TRUE(run("profile.ncalls", {{"fibN", 5}}).ok) << "and the lab keeps working";
}

TEST(profile_test, concat_copies_everything_exactly_when_the_watcher_breaks_the_fast_path) {
  const std::int64_t n = 2000, p = 5;
  const std::int64_t quadratic = p * n * (n + 1) / 2;
  struct Case {
    const char* watcher;
    const char* python;
    bool in_place;
  };
  for (Case c : {Case{"cProfile", "3.10", true}, Case{"cProfile", "3.11", false},
                 Case{"cProfile", "3.12", true}, Case{"cProfile", "3.13", true},
                 Case{"sys.settrace", "3.10", false}, Case{"sys.settrace", "3.11", false},
                 Case{"sys.settrace", "3.12", true}, Case{"sys.settrace", "3.13", true}}) {
    Outcome o = run("profile.concat", {{"n", n}, {"watcher", c.watcher}, {"python", c.python}});
    ASSERT_TRUE(o.ok) << o.message;
    EXPECT_EQ(o.result["inPlaceWhenWatched"], c.in_place) << c.watcher << " " << c.python;
    const json& last = o.result["rows"].back();
    EXPECT_EQ(last["n"], n);
    EXPECT_EQ(last["plain"]["copies"], 0);
    EXPECT_EQ(last["join"]["bytesCopied"], n * p);
    if (c.in_place) {
      EXPECT_EQ(last["watched"]["copies"], 0);
      // realloc may still move the block (AddressSanitizer's always does): bytes the allocator copies, not
      // +=.
      if (last["watched"]["moved"].get<std::int64_t>() < n / 10) {
        EXPECT_LT(last["watched"]["bytesCopied"].get<std::int64_t>(), quadratic / 10);
      }
    } else {
      EXPECT_EQ(last["watched"]["copies"], n) << c.watcher << " " << c.python;
      EXPECT_EQ(last["watched"]["bytesCopied"], quadratic);
    }
  }
}

}  // namespace
}  // namespace llplay::profile

namespace llplay::profile {
namespace {

TEST(profile_test, a_wait_costs_wall_time_and_only_a_cpu_clock_can_tell) {
  Outcome o = run("profile.clocks", {{"waitMs", 150}, {"fibN", 20}});
  ASSERT_TRUE(o.ok) << o.message;
  const json& waits = o.result["waits"];
  EXPECT_GE(waits["wallMs"].get<double>(), 149);
  EXPECT_EQ(o.result["fib"], 6765);
#ifdef __EMSCRIPTEN__
  // Emscripten 3.1.6 has no CPU clock: CLOCK_PROCESS_CPUTIME_ID fails, and clock() counts wall time
  // (Date.now()).
  EXPECT_EQ(o.result["cpuClock"], false);
  EXPECT_EQ(o.result["cpuError"], "EINVAL");
  EXPECT_TRUE(waits["cpuMs"].is_null());
  EXPECT_GE(waits["clockMs"].get<double>(), 140);
#else
  EXPECT_EQ(o.result["cpuClock"], true);
  EXPECT_LT(waits["cpuMs"].get<double>(), waits["wallMs"].get<double>() / 2) << "a sleep burns no CPU";
#endif
  EXPECT_EQ(run("profile.clocks", {{"waitMs", 2001}}).code, ErrorCode::BadParams);
}

}  // namespace
}  // namespace llplay::profile
