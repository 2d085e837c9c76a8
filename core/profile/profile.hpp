// Profiling the lab's kernels three ways (bare, traced, sampled), and cProfile's view of one traced run.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "../run_context.hpp"
#include "../timing.hpp"
#include "observe.hpp"

namespace llplay::profile {

enum class Kernel { fib, mutual, walk, digits };

/// A kernel and its size: fib(n); count_even(n) over is_even/is_odd; a walk over a generated value of n
/// nodes (from `seed`); add() of two n-digit strings.
struct KernelSpec {
  Kernel kernel = Kernel::fib;
  std::int64_t n = 0;
  std::uint64_t seed = 0;
};

/// "fib", "mutual", "walk" or "digits".
const char* kernel_name(Kernel k);
/// The kernel named `name`; throws Error{BadParams} for another name.
Kernel kernel_named(const std::string& name);
/// The Python program the kernel copies, function for function (the page shows it; the tests run it under
/// cProfile in each CPython version).
const char* python_program(Kernel k);
/// The call that runs the kernel at this size, in that program's Python, e.g. "fib(25)".
std::string python_call(const KernelSpec& s);

/// One function's row in the traced table.
struct TracedRow {
  Fn fn{};
  FnStats stats;
};

/// One function's row in the sampled table.
struct SampledRow {
  Fn fn{};
  std::int64_t self = 0, total = 0;  ///< samples with it on top / anywhere on the stack
};

/// A call-tree node for the flame graph: `total` and `self` in ms (traced) or samples (sampled).
struct FlameNode {
  Fn fn{};
  std::int32_t parent = -1;  ///< index in the same list; -1 for the kernel's outermost call
  std::int64_t calls = 0;
  double total = 0, self = 0;
};

/// A tree cut to what a flame graph can show: nodes of at least 0.2% of the whole, at most max_flame_nodes.
struct Flame {
  std::vector<FlameNode> nodes;
  std::int64_t hidden = 0;  ///< nodes left out (too small, or past the tree's own cap)
};
inline constexpr std::size_t max_flame_nodes = 1000;

/// Where the two profiles disagree about a function's share of the time.
struct Disagreement {
  Fn fn{};
  double traced_share = 0, sampled_share = 0;  ///< self time / samples on top, as a fraction of the run
  std::string why;
};

struct Comparison {
  KernelSpec spec;
  std::int64_t result =
      0;  ///< what the kernel returned (fib(n), the even count, the leaves, the sum's digit sum)
  std::int64_t calls = 0;  ///< function calls in one run (exact: counted by the tracer)
  int deepest = 0;         ///< the deepest the call stack went
  timing::Repeated bare, traced, sampled;
  std::vector<TracedRow> traced_rows;
  std::vector<SampledRow> sampled_rows;
  std::int64_t samples = 0, idle_samples = 0;
  std::int64_t tracer_peak_bytes = 0;  ///< heap the tracer allocated during one traced run (measured)
  std::int64_t sampler_bytes = 0;      ///< the shadow stack and the sample aggregates (their size)
  std::vector<Disagreement> disagreements;
  Flame traced_flame, sampled_flame;
  const char* sampler = "";
  std::int64_t interval_us = 0;
};

/// Runs the kernel bare, traced and sampled (`runs` timed runs each after a warm-up), and one more traced
/// run for the tables. Cancel lands between bare runs, and within traced and sampled ones.
Comparison compare(const KernelSpec& spec, int runs, std::chrono::microseconds interval, RunContext& ctx);

/// One traced run, as cProfile would tabulate the same Python program.
struct Traced {
  KernelSpec spec;
  std::int64_t result = 0, calls = 0;
  int deepest = 0;
  std::vector<TracedRow> rows;
  std::int64_t peak_bytes = 0;
};
Traced trace_once(const KernelSpec& spec, RunContext& ctx);

/// cProfile's ncalls column: "177/1" when some calls were recursive, else "177".
std::string ncalls_text(const FnStats& s);

/// The most heap a traced run may take, whatever the number of calls (the tests hold it to this).
inline constexpr std::int64_t tracer_memory_bound = 512 * 1024;

}  // namespace llplay::profile
