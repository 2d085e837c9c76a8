// The profile lab's demos, as the registry sees them.
#include <algorithm>

#include "../python_version.hpp"
#include "../registry.hpp"
#include "clocks.hpp"
#include "concat.hpp"
#include "profile.hpp"

namespace llplay::profile {

namespace {

std::vector<ParamSpec> kernel_params(const char* default_kernel, std::vector<std::string> kernels,
                                     std::int64_t fib_default) {
  const bool digits = std::find(kernels.begin(), kernels.end(), "digits") != kernels.end();
  std::vector<ParamSpec> out = {
      {"kernel", ParamType::choice, "kernel", default_kernel, 0, 0, std::move(kernels)},
      {"fibN", ParamType::integer, "fib(n): n", fib_default, 1, 34, {}},
      {"mutualN", ParamType::integer, "count_even(n): n", 300, 1, 1000, {}},
      {"nodes", ParamType::integer, "nodes in the value", 20000, 1, 500000, {}},
      {"seed", ParamType::integer, "seed of the value", 1, 0, 1000000000, {}}};
  if (digits) out.push_back({"digits", ParamType::integer, "digits in each number", 100000, 1, 2000000, {}});
  return out;
}

KernelSpec spec_of(const Params& p) {
  KernelSpec s;
  s.kernel = kernel_named(p.string("kernel"));
  s.n = s.kernel == Kernel::fib      ? p.integer("fibN")
        : s.kernel == Kernel::mutual ? p.integer("mutualN")
        : s.kernel == Kernel::walk   ? p.integer("nodes")
                                     : p.integer("digits");  // only the kernels that have it reach here
  s.seed = static_cast<std::uint64_t>(p.integer("seed"));
  return s;
}

json size_json(const KernelSpec& s) {
  return {{"kernel", kernel_name(s.kernel)},
          {"n", s.n},
          {"seed", s.seed},
          {"program", python_program(s.kernel)},
          {"call", python_call(s)}};
}

json traced_rows_json(const std::vector<TracedRow>& rows) {
  json out = json::array();
  for (const TracedRow& r : rows) {
    out.push_back({{"function", fn_name(r.fn)},
                   {"ncalls", ncalls_text(r.stats)},
                   {"calls", r.stats.calls},
                   {"primitive", r.stats.primitive},
                   {"tottimeMs", static_cast<double>(r.stats.tottime) * 1e-6},
                   {"cumtimeMs", static_cast<double>(r.stats.cumtime) * 1e-6}});
  }
  return out;
}

json flame_json(const Flame& f) {
  json nodes = json::array();
  for (const FlameNode& n : f.nodes) {
    nodes.push_back({{"function", fn_name(n.fn)},
                     {"parent", n.parent},
                     {"calls", n.calls},
                     {"total", n.total},
                     {"self", n.self}});
  }
  return {{"nodes", std::move(nodes)}, {"hidden", f.hidden}};
}

json overhead(const timing::Repeated& base, const timing::Repeated& other) {
  return {{"percent", base.median_ms > 0 ? (other.median_ms / base.median_ms - 1) * 100 : 0},
          {"distinct", timing::distinct(base, other)}};
}

json comparison_json(const Comparison& c) {
  json sampled = json::array();
  for (const SampledRow& r : c.sampled_rows) {
    sampled.push_back({{"function", fn_name(r.fn)}, {"selfSamples", r.self}, {"totalSamples", r.total}});
  }
  json disagreements = json::array();
  for (const Disagreement& d : c.disagreements) {
    disagreements.push_back({{"function", fn_name(d.fn)},
                             {"tracedShare", d.traced_share},
                             {"sampledShare", d.sampled_share},
                             {"why", d.why}});
  }
  return {{"size", size_json(c.spec)},
          {"result", c.result},
          {"calls", c.calls},
          {"deepest", c.deepest},
          {"bare", c.bare},
          {"traced", c.traced},
          {"sampled", c.sampled},
          {"tracedOverhead", overhead(c.bare, c.traced)},
          {"sampledOverhead", overhead(c.bare, c.sampled)},
          {"tracedTable", traced_rows_json(c.traced_rows)},
          {"sampledTable", std::move(sampled)},
          {"samples", c.samples},
          {"idleSamples", c.idle_samples},
          {"sampler", c.sampler},
          {"intervalUs", c.interval_us},
          {"tracerPeakBytes", c.tracer_peak_bytes},
          {"tracerMemoryBound", tracer_memory_bound},
          {"samplerBytes", c.sampler_bytes},
          {"disagreements", std::move(disagreements)},
          {"tracedFlame", flame_json(c.traced_flame)},
          {"sampledFlame", flame_json(c.sampled_flame)}};
}

json clocked_json(const Clocked& c) {
  return {
      {"wallMs", c.wall_ms}, {"cpuMs", c.cpu_ms ? json(*c.cpu_ms) : json(nullptr)}, {"clockMs", c.clock_ms}};
}

json build_json(const Build& b) {
  return {{"time", b.time}, {"bytesCopied", b.bytes_copied}, {"copies", b.copies}, {"moved", b.moved}};
}

/// The longest string the concat demo builds.
constexpr std::int64_t max_concat_bytes = 256 * 1024;

Watcher watcher_named(const std::string& name) {
  if (name == "cProfile") return Watcher::cprofile;
  if (name == "sys.settrace") return Watcher::settrace;
  throw Error(ErrorCode::BadParams, "watcher must be cProfile or sys.settrace, not '" + name + "'");
}

}  // namespace

}  // namespace llplay::profile

namespace llplay {

/// The profile lab: called by the register_labs() that CMake writes for each program (see llplay_lab).
void register_profile_lab(Registry& r) {
  using namespace profile;
  r.add_lab({"profile", "Profiling"});

  std::vector<ParamSpec> compare_params = kernel_params("fib", {"fib", "mutual", "walk", "digits"}, 25);
  compare_params.push_back({"runs", ParamType::integer, "timed runs of each", 5, 1, 15, {}});
  compare_params.push_back({"intervalUs", ParamType::integer, "sampling interval (µs)", 500, 50, 100000, {}});
  r.add({"profile.compare", "profile", "Two profilers on the same code",
         "One kernel run bare, under a tracing profiler (every call and return, like cProfile) and under a "
         "sampling profiler (a shadow stack read at intervals): the overhead of each as a measured "
         "percentage, both tables, where they disagree, and the call tree as a flame graph.",
         std::move(compare_params), Needs::nothing, [](const Params& p, RunContext& ctx) -> json {
           return comparison_json(compare(spec_of(p), static_cast<int>(p.integer("runs")),
                                          std::chrono::microseconds(p.integer("intervalUs")), ctx));
         }});

  std::vector<ParamSpec> ncalls_params = kernel_params("fib", {"fib", "mutual", "walk"}, 10);
  ncalls_params.push_back(python::param());
  r.add({"profile.ncalls", "profile", "Counts that equal cProfile's",
         "One traced run of fib, the mutual recursion or the JSON walk, tabulated as cProfile tabulates the "
         "same "
         "Python program: ncalls as total/primitive (a call is primitive when the function was not already "
         "running), tottime and cumtime.",
         std::move(ncalls_params), Needs::nothing, [](const Params& p, RunContext& ctx) -> json {
           Traced t = trace_once(spec_of(p), ctx);
           return {{"size", size_json(t.spec)},
                   {"python", p.string("python")},
                   {"result", t.result},
                   {"calls", t.calls},
                   {"deepest", t.deepest},
                   {"peakBytes", t.peak_bytes},
                   {"table", traced_rows_json(t.rows)}};
         }});

  r.add({"profile.concat",
         "profile",
         "The concat trap: the profiler changes what it measures",
         "s += piece, n times, against ''.join, bare and under cProfile or a trace function, modelled on "
         "CPython's in-place resize: bytes copied and time for growing n. Whether the watcher turns the loop "
         "quadratic depends on the CPython version.",
         {{"n", ParamType::integer, "pieces", 20000, 1, 50000, {}},
          {"piece", ParamType::string, "each piece", "data ", 1, 64, {}},
          {"watcher", ParamType::choice, "watched by", "cProfile", 0, 0, {"cProfile", "sys.settrace"}},
          python::param()},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           // Budget: the watched loop may copy the whole string at every +=, n/2 times its final size in all.
           const std::int64_t final_bytes =
               p.integer("n") * static_cast<std::int64_t>(p.string("piece").size());
           if (final_bytes > max_concat_bytes) {
             throw Error(ErrorCode::LimitExceeded,
                         "n × the piece's bytes is " + std::to_string(final_bytes) + " bytes; at most " +
                             std::to_string(max_concat_bytes) +
                             " (a watched += may copy the whole string every time: n/2 times that in all)");
           }
           Concat c = concat(p.integer("n"), p.string("piece"), watcher_named(p.string("watcher")),
                             python::version(p), ctx);
           json rows = json::array();
           for (const ConcatRow& row : c.rows) {
             rows.push_back({{"n", row.n},
                             {"plain", build_json(row.plain)},
                             {"watched", build_json(row.watched)},
                             {"join", build_json(row.join)}});
           }
           return {{"python", p.string("python")},
                   {"watcher", p.string("watcher")},
                   {"inPlaceWhenWatched", c.effect.specialised && !c.effect.extra_reference},
                   {"specialised", c.effect.specialised},
                   {"extraReference", c.effect.extra_reference},
                   {"why", c.effect.why},
                   {"pieceBytes", c.piece_bytes},
                   {"rows", std::move(rows)}};
         }});

  r.add({"profile.clocks",
         "profile",
         "Wall time against CPU time",
         "A kernel that waits (a sleep) and one that computes (fib), each timed by the wall clock and by the "
         "process's CPU clock, where this platform has one.",
         {{"waitMs", ParamType::integer, "wait (ms)", 200, 0, 2000, {}},
          {"fibN", ParamType::integer, "compute fib(n): n", 30, 1, 32, {}}},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           Clocks c = wall_and_cpu(p.integer("waitMs"), static_cast<int>(p.integer("fibN")), ctx);
           return {{"waitMs", c.wait_ms},
                   {"fibN", c.fib_n},
                   {"fib", c.fib},
                   {"cpuClock", c.cpu_clock},
                   {"cpuError", c.cpu_error},
                   {"waits", clocked_json(c.waits)},
                   {"computes", clocked_json(c.computes)}};
         }});
}

}  // namespace llplay
