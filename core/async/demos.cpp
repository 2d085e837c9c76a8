// The async lab's demos, as the registry sees them.
#include <chrono>

#include "../float_text.hpp"
#include "../python_version.hpp"
#include "../registry.hpp"
#include "../timing.hpp"
#include "runtime.hpp"
#include "syntax.hpp"

namespace llplay::aio {

namespace {

/// The series' first asyncio example (notes on the GIL and asyncio), in the subset: three one-second
/// waits that finish together after one second, not three.
constexpr const char* default_program = R"(import asyncio

async def fetch_data(id):
    print(f"Fetching {id}...", now())
    await asyncio.sleep(1)  # simulates a network request (non-blocking)
    print(f"Done {id}", now())
    return id * 10

async def main():
    results = await asyncio.gather(fetch_data(1), fetch_data(2), fetch_data(3))
    print(results, "after", now(), "seconds")

asyncio.run(main())
)";

std::vector<ParamSpec> params() {
  return {{"program",
           ParamType::string,
           "program (the lab's Python subset)",
           default_program,
           1,
           static_cast<double>(max_program_bytes),
           {}},
          python::param()};
}

int minor_of(const Params& p) { return std::stoi(p.string("python").substr(2)); }

json summary(const RunResult& r, const std::string& python, double ms) {
  return {{"python", python},
          {"output", r.output},
          {"virtualTime", python_repr(r.virtual_time)},
          {"tasks", r.tasks},
          {"steps", r.steps},
          {"loopIterations", r.iterations},
          {"callbacks", r.callbacks},
          {"ms", ms}};
}

json handles_json(const std::vector<QueuedHandle>& hs, bool timers) {
  json out = json::array();
  for (const auto& q : hs) {
    json j = {{"what", q.what}, {"task", q.task}};
    if (timers) j["when"] = python_repr(q.when);
    out.push_back(std::move(j));
  }
  return out;
}

json event_json(const Event& e) {
  json tasks = json::array();
  for (const auto& t : e.tasks)
    tasks.push_back({{"id", t.id},
                     {"name", t.name},
                     {"coro", t.coro},
                     {"state", t.state},
                     {"where", t.where},
                     {"waits", t.waits}});
  return {{"iteration", e.iteration},
          {"time", python_repr(e.time)},
          {"blocked", python_repr(e.blocked)},
          {"what", e.what},
          {"task", e.task},
          {"outputFrom", e.output_from},
          {"outputTo", e.output_to},
          {"ready", handles_json(e.ready, false)},
          {"readySize", e.ready_size},
          {"timers", handles_json(e.timers, true)},
          {"timersSize", e.timers_size},
          {"tasks", std::move(tasks)}};
}

}  // namespace

}  // namespace llplay::aio

namespace llplay {

/// The async lab: called by the register_labs() that CMake writes for each program (see llplay_lab).
void register_async_lab(Registry& r) {
  using namespace aio;
  r.add_lab({"async", "Async"});
  r.add({"async.loop", "async", "Watch the loop, step by step",
         "The same program, with every callback the loop runs recorded: the ready queue and the timer heap "
         "after it, "
         "each task's state and where it waits, and the virtual clock. A time.sleep shows as the gap where "
         "nothing "
         "else ran.",
         params(), Needs::nothing, [](const Params& p, RunContext& ctx) -> json {
           const std::string python = p.string("python");
           auto t0 = timing::Clock::now();
           RunResult res = run_program(p.string("program"), minor_of(p), true, Limits{}, ctx);
           json out = summary(res, python, timing::ms_since(t0));
           json events = json::array();
           for (const Event& e : res.events) events.push_back(event_json(e));
           out["events"] = std::move(events);
           out["eventsDropped"] = res.events_dropped;
           out["timeline"] = res.timeline;
           out["timelineComplete"] = res.timeline.size() == static_cast<std::size_t>(res.callbacks);
           out["error"] =
               res.ok ? json(nullptr) : json{{"code", code_name(res.code)}, {"message", res.message}};
           return out;
         }});
  r.add({"async.run", "async", "Run a program on the event loop",
         "A Python program in the lab's asyncio subset, run on an event loop built like CPython's (a ready "
         "queue, "
         "a heap of timers, tasks and futures) with a virtual clock: it prints what CPython prints, for the "
         "version you pick.",
         params(), Needs::nothing, [](const Params& p, RunContext& ctx) -> json {
           const std::string python = p.string("python");
           auto t0 = timing::Clock::now();
           RunResult res = run_program(p.string("program"), minor_of(p), false, Limits{}, ctx);
           json out = summary(res, python, timing::ms_since(t0));
           if (!res.ok)
             throw Error(res.code, res.message, out.dump(-1, ' ', false, json::error_handler_t::replace));
           return out;
         }});
}

}  // namespace llplay
