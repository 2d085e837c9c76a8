// The recursion lab's demos, as the registry sees them.
#include <algorithm>
#include <exception>
#include <thread>

#include "../examples.hpp"
#include "../python_version.hpp"
#include "../registry.hpp"
#include "descend.hpp"
#include "walks.hpp"

namespace llplay::recursion {

namespace {

/// Runs `fn` on this thread or on a new one (a pthread in the mt build): each has its own stack.
json on_thread(const Params& p, const std::function<json()>& fn) {
  bool fresh = p.string("thread") == "new thread";
  auto label = [&] {
#ifdef __EMSCRIPTEN__
    return fresh ? "a pthread (a worker of its own)" : "the worker the module runs in";
#else
    return fresh ? "a new native thread" : "the CLI's main thread";
#endif
  };
  json out;
  if (!fresh) {
    out = fn();
  } else {
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
    throw Error(
        ErrorCode::NeedsIsolation,
        "a new thread runs only on a page that opts in to isolation, and this one has not; run on the "
        "page's own thread instead");
#else
    std::exception_ptr failure;
    std::thread worker([&] {
      try {
        out = fn();
      } catch (...) {
        failure = std::current_exception();
      }
    });
    worker.join();
    if (failure) std::rethrow_exception(failure);
#endif
  }
  out["thread"] = label();
  return out;
}

json capacity_json(const Capacity& c, int frame_bytes) {
  json out = {{"frameBytes", frame_bytes},          {"maxDepth", c.max_depth},
              {"bytesPerFrame", c.bytes_per_frame}, {"stackBytes", c.stack_bytes},
              {"freeBytes", c.free_bytes},          {"stackName", c.stack_name},
              {"limitedBy", c.limited_by}};
  out["engineDepth"] = c.engine_depth < 0 ? json(nullptr) : json(c.engine_depth);
  if (c.bytes_per_frame > 0) {
    out["stackDepth"] =
        static_cast<std::int64_t>(static_cast<double>(c.free_bytes - guard_reserve) / c.bytes_per_frame);
  }
  return out;
}

ParamSpec thread_param() {
  return {"thread", ParamType::choice, "run on", "this thread", 0, 0, {"this thread", "new thread"}};
}
ParamSpec frame_param() {
  return {"frameBytes", ParamType::integer, "bytes of locals per frame", 0, 0, 4096, {}};
}

/// Whether CPython `v` runs a pure-Python recursion on the C stack: up to 3.10 every Python call nests a C
/// call of the interpreter loop, so a limit raised past the C stack ends in a segmentation fault; since 3.11
/// a call between Python functions reuses the same C frame (PEP 659's "inlined" calls), and only C code
/// recursing (repr, json, a key function) still uses the C stack.
bool python_calls_use_c_stack(python::Version v) { return v < python::Version::v3_11; }

json run_demo(const Params& p) {
  const bool c_stack = python_calls_use_c_stack(python::version(p));
  const std::string& python = p.string("python");
  auto frame_bytes = static_cast<int>(p.integer("frameBytes"));
  std::int64_t depth = p.integer("depth"), limit = p.integer("limit");
  // llplay:source recursion.run
  Descent d;
  d.target = depth;
  d.soft_limit = limit;                          // sys.setrecursionlimit(limit)
  d.engine_budget = engine_budget(frame_bytes);  // wasm: 90% of the engine stack's measured depth
  d.reserve = guard_reserve;                     // stop with this much of the stack still free
  d.frame_bytes = frame_bytes;
  descend(d, 1);
  if (d.stop == Stop::soft_limit) {
    throw Error(ErrorCode::RecursionLimit, "maximum recursion depth exceeded: depth " +
                                               std::to_string(limit + 1) + " is past the limit of " +
                                               std::to_string(limit) + " (CPython: RecursionError)");
  }
  if (d.stop != Stop::none) {
    std::string stack = d.stop == Stop::engine ? "the JavaScript engine's stack"
                                               : std::string("the ") + platform().stack_name;
    throw Error(ErrorCode::StackExhausted,
                stack + " would overflow just past depth " + std::to_string(d.reached) + " (limit " +
                    std::to_string(limit) + "): the guard stopped here, with room to spare. " +
                    (c_stack ? "This is where CPython " + python +
                                   ", with its limit raised this high, would crash "
                                   "with a segmentation fault."
                             : "CPython " + python +
                                   " would not crash here: since 3.11 a call between "
                                   "Python functions does not use the C stack."));
  }
  // llplay:end
  return {{"reached", d.reached},
          {"python", python},
          {"pythonCallsUseCStack", c_stack},
          {"bytesPerFrame", bytes_per_frame(d)},
          {"stackBytesUsed", d.first_position - d.deepest_position},
          {"engineBudget", d.engine_budget}};
}

/// The deepest JSON document CPython's json.loads parses when a script calls it at module level: its C
/// scanner (Modules/_json.c) enters each nested array or object through Py_EnterRecursiveCall. 3.10 and
/// 3.11 count those calls against the recursion limit (1000), less the Python frames under the scanner (the
/// module, json.loads, decode, raw_decode, and one more): 995. 3.12 counts them against a C limit of its
/// own (C_RECURSION_LIMIT, 1500): 1497, wherever it is called from; 3.13 raised that limit to 10,000:
/// 9998. Measured with each interpreter (tests/recursion/cpython_test.py, LoadsDepthTest).
std::int64_t loads_largest_depth(python::Version v) {
  return v <= python::Version::v3_11 ? 995 : v == python::Version::v3_12 ? 1497 : 9998;
}

/// How deep valid JSON text nests (arrays and objects), read in one pass without recursion.
std::int64_t nesting_depth(const std::string& text) {
  std::int64_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

json trace_json(const Trace& t) {
  json steps = json::array();
  for (const TraceStep& step : t.steps) {
    json j = {{"event", step.event}, {"depth", step.depth}, {"path", step.path}};
    if (step.event == "call") j["data"] = step.text;
    if (step.event == "match") j["value"] = step.text;
    if (step.event == "return") j["found"] = step.found;
    steps.push_back(std::move(j));
  }
  return {{"steps", std::move(steps)}, {"truncated", t.truncated}, {"found", t.found}};
}

json walks_json(const Walks& w) {
  const RecursiveWalk& r = w.recursive;
  json recursive = {{"completed", r.completed},
                    {"reached", r.reached},
                    {"ms", r.ms},
                    {"stackBytes", r.stack_bytes},
                    {"bytesPerLevel", r.bytes_per_level}};
  if (r.completed) recursive["leaves"] = r.leaves;
  if (!r.completed) recursive["stoppedBy"] = r.stopped_by;
  const ExplicitWalk& e = w.explicit_stack;
  return {{"depth", w.depth},
          {"recursive", std::move(recursive)},
          {"explicit",
           {{"completed", true},
            {"leaves", e.leaves},
            {"reached", e.reached},
            {"ms", e.ms},
            {"heapBytes", e.heap_bytes}}}};
}

json tail_json(const TailCalls& t) {
  json plain = {{"reached", t.plain_reached},
                {"bytesPerFrame", t.plain_bytes_per_frame},
                {"completed", t.plain_stopped_by.empty()}};
  if (!t.plain_stopped_by.empty()) plain["stoppedBy"] = t.plain_stopped_by;
  return {{"n", t.n},
          {"tail", {{"sum", t.sum}, {"ms", t.tail_ms}, {"stackBytes", t.tail_stack_bytes}}},
          {"plain", std::move(plain)}};
}

json fibonacci_json(const Fibonacci& f) {
  json series = json::array();
  for (const FibPoint& point : f.series) {
    series.push_back({{"k", point.k}, {"naiveCalls", point.naive_calls}, {"memoCalls", point.memo_calls}});
  }
  return {{"n", f.n},
          {"naive", {{"value", f.naive_value}, {"calls", f.naive_calls}, {"ms", f.naive_ms}}},
          {"memo",
           {{"value", f.memo_value},
            {"calls", f.memo_hits + f.memo_misses},
            {"hits", f.memo_hits},
            {"misses", f.memo_misses},
            {"ms", f.memo_ms}}},
          {"series", std::move(series)}};
}

}  // namespace

}  // namespace llplay::recursion

namespace llplay {

/// The recursion lab: called by the register_labs() that CMake writes for each program (see llplay_lab).
void register_recursion_lab(Registry& r) {
  using namespace recursion;
  r.add_lab({"recursion", "Recursion"});
  r.add({"recursion.probe",
         "recursion",
         "How deep can this runtime go?",
         "Measures, by recursing, how many frames with this many bytes of locals fit on this thread's stack, "
         "the bytes "
         "each frame really takes, and (in wasm) the JavaScript engine's own limit, found by catching its "
         "RangeError.",
         {frame_param(), thread_param()},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json {
           auto frame_bytes = static_cast<int>(p.integer("frameBytes"));
           return on_thread(p, [&] { return capacity_json(measure_capacity(frame_bytes), frame_bytes); });
         }});

  r.add(
      {"recursion.sweep",
       "recursion",
       "Depth against frame size",
       "The probe for frames of 0 to 4096 bytes of locals: which stack runs out first at each size.",
       {thread_param()},
       Needs::nothing,
       [](const Params& p, RunContext& ctx) -> json {
         return on_thread(p, [&] {
           json rows = json::array();
           const int sizes[] = {0, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096};
           for (int size : sizes) {
             rows.push_back(capacity_json(measure_capacity(size), size));
             ctx.check_cancelled();  // not checkpoint(): progress may come only from the worker's own thread
           }
           return json{{"rows", rows}};
         });
       }});

  r.add({"recursion.run",
         "recursion",
         "Two limits: the soft one and the physical one",
         "Recurses to a depth under a soft limit like sys.setrecursionlimit. Past the limit: RecursionLimit, "
         "CPython's "
         "RecursionError. Raise the limit past what the stack holds, and the guard stops the recursion with "
         "room to "
         "spare: StackExhausted, where CPython would crash.",
         {{"depth", ParamType::integer, "recurse to depth", 5000, 1, 10000000, {}},
          {"limit", ParamType::integer, "soft limit (sys.setrecursionlimit)", 1000, 1, 10000000, {}},
          frame_param(),
          thread_param(),
          python::param()},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json { return on_thread(p, [&] { return run_demo(p); }); }});

  r.add(
      {"recursion.trace",
       "recursion",
       "The stack, visible",
       "The series' extract_emails on its webhook payload, one frame event at a time: frames push with their "
       "arguments and pop with what they found. At most 1,000 steps, as Python Tutor does.",
       {{"payload", ParamType::string, "JSON payload", examples::webhook_payload(), 1, 100000, {}},
        {"key", ParamType::string, "key", "user_email", 1, 200, {}},
        {"maxSteps", ParamType::integer, "at most this many steps", 1000, 1, 1000, {}},
        python::param()},
       Needs::nothing,
       [](const Params& p, RunContext&) -> json {
         json out = trace_json(
             trace_extract(p.string("payload"), p.string("key"), static_cast<int>(p.integer("maxSteps"))));
         // Before extract_emails sees anything, json.loads must parse the payload.
         const std::int64_t depth = nesting_depth(p.string("payload"));
         const std::int64_t largest = loads_largest_depth(python::version(p));
         out["loads"] = {{"python", p.string("python")},
                         {"depth", depth},
                         {"largestDepth", largest},
                         {"parses", depth <= largest}};
         return out;
       }});

  r.add({"recursion.explicit",
         "recursion",
         "Recursion against an explicit stack",
         "The same walk over nested lists, recursively and with an explicit stack: time, stack bytes against "
         "heap "
         "bytes, and how deep each survives.",
         {{"depth", ParamType::integer, "nesting depth", 100000, 1, 1000000, {}}},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           return walks_json(recursive_vs_explicit(p.integer("depth"), ctx));
         }});

  r.add({"recursion.tail",
         "recursion",
         "Tail calls: when recursion becomes a loop",
         "sum(1..n) written as a tail call, which the optimizer compiles into a loop (no stack per call), "
         "against the "
         "same recursion keeping a frame per call. CPython does neither: it never eliminates tail calls.",
         {{"n", ParamType::integer, "n", 1000000, 1, 100000000, {}}},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json { return tail_json(tail_calls(p.integer("n"))); }});

  r.add({"recursion.fib",
         "recursion",
         "Memoization",
         "Naive fib(n) against the memoized one (functools.lru_cache): calls and time, and the calls for "
         "every k up "
         "to n, exponential against linear.",
         {{"n", ParamType::integer, "n", 25, 1, 40, {}}},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           return fibonacci_json(fibonacci(static_cast<int>(p.integer("n")), ctx));
         }});
}

}  // namespace llplay
