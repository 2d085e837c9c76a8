// The parallel lab's demos, as the registry sees them.
#include <algorithm>
#include <chrono>
#include <thread>

#include "../registry.hpp"
#include "../timing.hpp"
#include "kernel.hpp"
#include "processes.hpp"
#include "threads.hpp"

namespace llplay::parallel {

namespace {

constexpr double default_n = 100000000;
/// parallel.spawn's budget: numbers summed per way (tasks times every size); at about 1 ns a number, each of
/// the three ways then takes seconds at most, and the demo well under 20 s.
constexpr double max_spawn_numbers = 2e9;

ParamSpec n_param(double fallback = default_n) {
  return {"n", ParamType::integer, "n: sum of i*i for i < n", fallback, 1, static_cast<double>(max_n), {}};
}
ParamSpec model_param() {
  return {"model", ParamType::choice, "model", "shared", 0, 0, {"shared", "isolated"}};
}
ParamSpec gil_param() { return {"gil", ParamType::boolean, "GIL (one lock to compute)", false, 0, 0, {}}; }
ParamSpec switch_param() {
  return {"switchMs", ParamType::number, "GIL switch interval, ms (sys.setswitchinterval)", 5, 0.1, 100, {}};
}

json ms_list(const std::vector<double>& ms) { return json(ms); }

/// One run of the kernel on `threads` workers of either model, as JSON.
json sum_json(std::uint64_t n, int threads, const std::string& model, bool gil, double switch_ms,
              RunContext& ctx) {
  json out = {{"n", n}, {"threads", threads}, {"model", model}, {"gil", gil && model == "shared"}};
  u128 sum = 0;
  if (model == "shared") {
    SharedSum r = sum_on_threads(n, threads, gil, switch_ms, ctx);
    sum = r.sum;
    out.update({{"ms", r.ms}, {"threadMs", ms_list(r.thread_ms)}, {"busyBefore", r.busy_before}});
    if (gil) {
      json timeline = json::array();
      for (const Slice& s : r.timeline) timeline.push_back({s.thread, s.start_ms, s.end_ms});
      out.update({{"handoffs", r.handoffs}, {"switchMs", switch_ms}, {"timeline", std::move(timeline)}});
    }
  } else {
    IsolatedSum r = sum_in_processes(n, threads, ctx);
    sum = r.sum;
    out.update({{"ms", r.ms}, {"threadMs", ms_list(r.worker_ms)}, {"startMs", r.start_ms}});
  }
  u128 expected = sum_of_squares_formula(n);
  out.update({{"sum", decimal(sum)}, {"expected", decimal(expected)}, {"exact", sum == expected}});
  return out;
}

/// An untimed run first: in the browser, wasm starts in a baseline compiler and is recompiled
/// optimised only once it is hot, so the first timed run would look slower than it is.
void warm_up(int threads, RunContext& ctx) { sum_on_threads(std::uint64_t{1} << 24, threads, false, 5, ctx); }

}  // namespace

}  // namespace llplay::parallel

namespace llplay {

/// The parallel lab: called by the register_labs() that CMake writes for each program (see llplay_lab).
void register_parallel_lab(Registry& r) {
  using namespace parallel;
  r.add_lab({"parallel", "Parallel"});
  r.add({"parallel.speedup",
         "parallel",
         "Speedup and Amdahl",
         "The series' CPU-bound kernel (the sum of i*i, exact in 128 bits) on 1, 2, ... T workers: time, "
         "speedup and efficiency, measured on this machine's cores.",
         {n_param(),
          {"maxThreads", ParamType::integer, "up to T workers", 4, 1, 64, {}},
          model_param(),
          gil_param(),
          switch_param()},
         Needs::workers,
         [](const Params& p, RunContext& ctx) -> json {
           const auto max = static_cast<int>(p.integer("maxThreads"));
           const auto n = static_cast<std::uint64_t>(p.integer("n"));
           json rows = json::array();
           double one = 0;
           if (p.string("model") == "shared") warm_up(max, ctx);
           for (int t = 1; t <= max; ++t) {
             RunContext part = ctx.part(static_cast<double>(t - 1) / max, static_cast<double>(t) / max);
             json run;
             double ms = 0;
             for (int attempt = 0; attempt < 2; ++attempt) {  // the better of two runs
               run = sum_json(n, t, p.string("model"), p.boolean("gil"), p.number("switchMs"), part);
               double took = run["ms"].get<double>();
               ms = attempt == 0 ? took : std::min(ms, took);
             }
             if (t == 1) one = ms;
             rows.push_back({{"threads", t},
                             {"ms", ms},
                             {"speedup", one / ms},
                             {"efficiency", one / ms / t},
                             {"exact", run["exact"]}});
           }
           return {{"n", n},
                   {"model", p.string("model")},
                   {"gil", p.boolean("gil")},
                   {"cores", std::thread::hardware_concurrency()},
                   {"rows", rows}};
         }});

  r.add({"parallel.sum",
         "parallel",
         "One run of the kernel",
         "sum(i*i for i in range(n)) on T workers: threads on one shared memory, or isolated workers that "
         "exchange messages (multiprocessing). Exact: checked against the formula.",
         {n_param(),
          {"threads", ParamType::integer, "workers", 2, 1, 64, {}},
          model_param(),
          gil_param(),
          switch_param()},
         Needs::workers,
         [](const Params& p, RunContext& ctx) -> json {
           return sum_json(static_cast<std::uint64_t>(p.integer("n")), static_cast<int>(p.integer("threads")),
                           p.string("model"), p.boolean("gil"), p.number("switchMs"), ctx);
         }});

  r.add({"parallel.gil",
         "parallel",
         "The GIL",
         "The same threads, but each must hold one global lock to compute and gives it up every switch "
         "interval. Against one thread alone: the speedup collapses. Untick free-threaded to see the lock.",
         {n_param(50000000),
          {"threads", ParamType::integer, "threads", 2, 2, 64, {}},
          switch_param(),
          {"freeThreaded", ParamType::boolean, "free-threaded (no GIL, like Python 3.13t)", false, 0, 0, {}}},
         Needs::threads,
         [](const Params& p, RunContext& ctx) -> json {
           const auto n = static_cast<std::uint64_t>(p.integer("n"));
           const int threads = static_cast<int>(p.integer("threads"));
           warm_up(threads, ctx);
           // Three rounds, one thread then the team in each, so a slow moment of the machine hits both sides;
           // the speedup is the ratio of the medians, and the spreads bound it.
           constexpr int rounds = 3;
           json one, many;
           std::vector<double> one_ms, many_ms;
           for (int k = 0; k < rounds; ++k) {
             RunContext first = ctx.part(k / 3.0, k / 3.0 + 0.1),
                        second = ctx.part(k / 3.0 + 0.1, (k + 1) / 3.0);
             one = sum_json(n, 1, "shared", false, 5, first);
             many = sum_json(n, threads, "shared", !p.boolean("freeThreaded"), p.number("switchMs"), second);
             one_ms.push_back(one["ms"].get<double>());
             many_ms.push_back(many["ms"].get<double>());
           }
           std::sort(one_ms.begin(), one_ms.end());
           std::sort(many_ms.begin(), many_ms.end());
           one["ms"] = one_ms[rounds / 2];
           many["ms"] = many_ms[rounds / 2];
           return {{"single", std::move(one)},
                   {"threaded", std::move(many)},
                   {"rounds", rounds},
                   {"speedup", one_ms[rounds / 2] / many_ms[rounds / 2]},
                   {"speedupLow", one_ms.front() / many_ms.back()},
                   {"speedupHigh", one_ms.back() / many_ms.front()}};
         }});

  r.add({"parallel.race",
         "parallel",
         "Races",
         "T threads add 1 to one shared counter M times each: with no synchronisation updates go missing; "
         "an atomic or a mutex loses none, at a price.",
         {{"threads", ParamType::integer, "threads", 2, 2, 64, {}},
          {"increments", ParamType::integer, "increments per thread", 10000000, 1, 100000000, {}},
          {"sync", ParamType::choice, "synchronisation", "none", 0, 0, {"none", "atomic", "mutex"}}},
         Needs::threads,
         [](const Params& p, RunContext& ctx) -> json {
           const std::string& sync = p.string("sync");
           Race r = race(static_cast<int>(p.integer("threads")), p.integer("increments"),
                         sync == "none"     ? Sync::none
                         : sync == "atomic" ? Sync::atomic
                                            : Sync::mutex,
                         ctx);
           return {{"expected", r.expected},
                   {"actual", r.actual},
                   {"lost", r.expected - r.actual},
                   {"ms", r.ms},
                   {"sync", sync},
                   {"threads", p.integer("threads")}};
         }});

  r.add({"parallel.transfer",
         "parallel",
         "Moving data between workers",
         "An N-MB array sent to an isolated worker and back: copied (as multiprocessing pickles it) against "
         "a view of shared memory, where only a small message moves.",
         {{"sizeMB", ParamType::integer, "array size, MB", 16, 1, 512, {}}},
         Needs::workers,
         [](const Params& p, RunContext& ctx) -> json {
           const auto bytes = static_cast<std::size_t>(p.integer("sizeMB")) << 20;
           Transfer t = transfer(bytes, ctx);
           return {{"bytes", bytes},
                   {"rows",
                    {{{"how", "copy"}, {"toMs", t.copy_to_ms}, {"backMs", t.copy_back_ms}},
                     {{"how", "shared"}, {"toMs", t.shared_to_ms}, {"backMs", t.shared_back_ms}}}}};
         }});

  r.add(
      {"parallel.spawn",
       "parallel",
       "Start a worker per task, or keep a pool",
       "Tasks of growing size run one after another, on a pool of workers started beforehand, and on a "
       "new worker per task. Where parallelism stops paying: the series' FAQ on small tasks.",
       {{"tasks", ParamType::integer, "tasks", 8, 1, 64, {}},
        {"workers", ParamType::integer, "workers", 2, 1, 16, {}},
        {"maxTaskSize", ParamType::integer, "largest task (numbers summed)", 10000000, 1000, 1000000000, {}}},
       Needs::workers,
       [](const Params& p, RunContext& ctx) -> json {
         json rows = json::array(), crossover = {{"pool", nullptr}, {"spawn", nullptr}};
         const auto max = static_cast<std::uint64_t>(p.integer("maxTaskSize"));
         int steps = 0;
         double numbers = 0;  // summed by each of the three ways: serially, on the pool, by new workers
         for (std::uint64_t size = 1000; size <= max; size *= 10, ++steps)
           numbers += static_cast<double>(size) * static_cast<double>(p.integer("tasks"));
         if (numbers > max_spawn_numbers) {
           throw Error(ErrorCode::LimitExceeded,
                       "parallel.spawn: " + std::to_string(p.integer("tasks")) + " tasks of up to " +
                           std::to_string(max) + " numbers sum " +
                           std::to_string(numbers / 1e9).substr(0, 4) +
                           " billion numbers three times; the budget is 2 billion (tens of seconds past it): "
                           "fewer tasks or a smaller largest task");
         }
         int step = 0;
         for (std::uint64_t size = 1000; size <= max; size *= 10, ++step) {
           RunContext part =
               ctx.part(static_cast<double>(step) / steps, static_cast<double>(step + 1) / steps);
           SpawnRow row = spawn_or_pool(static_cast<int>(p.integer("tasks")),
                                        static_cast<int>(p.integer("workers")), size, part);
           rows.push_back({{"size", size},
                           {"serialMs", row.serial_ms},
                           {"poolMs", row.pool_ms},
                           {"spawnMs", row.spawn_ms}});
           if (crossover["pool"].is_null() && row.pool_ms < row.serial_ms) crossover["pool"] = size;
           if (crossover["spawn"].is_null() && row.spawn_ms < row.serial_ms) crossover["spawn"] = size;
         }
         return {{"rows", rows}, {"crossover", crossover}};
       }});

  r.add({"parallel.kernel",
         "parallel",
         "The kernel on one range",
         "sum(i*i for i in range(from, to)) on the calling thread: what each isolated worker runs.",
         {{"from", ParamType::integer, "from", 0, 0, static_cast<double>(max_n), {}},
          {"to", ParamType::integer, "to", 1000000, 0, static_cast<double>(max_n), {}}},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           const auto from = static_cast<std::uint64_t>(p.integer("from"));
           const auto to = static_cast<std::uint64_t>(p.integer("to"));
           if (to < from) throw Error(ErrorCode::BadParams, "parallel.kernel: 'to' must not be below 'from'");
           auto t0 = timing::Clock::now();
           u128 sum = 0;
           for (std::uint64_t at = from; at < to;) {  // in slices, so that cancel and progress work
             std::uint64_t end = std::min(to, at + (std::uint64_t{1} << 20));
             sum += sum_of_squares(at, end);
             at = end;
             ctx.checkpoint(static_cast<double>(at - from) / static_cast<double>(to - from));
           }
           double ms = timing::ms_since(t0);
           return {{"sum", decimal(sum)}, {"ms", ms}};
         }});
}

}  // namespace llplay
