// The async lab's interpreter: a Python subset run on an asyncio-like event loop built on C++20
// coroutines, with a virtual clock. It prints what CPython prints when CPython's loop runs on a
// virtual clock (each version's asyncio, 3.10 to 3.13).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "../error.hpp"
#include "../run_context.hpp"

namespace llplay::aio {

/// Budgets of one run. Past any of them the run stops with Error{LimitExceeded}.
struct Limits {
  std::int64_t max_steps = 5'000'000;      ///< statements, expressions and loop callbacks
  std::int64_t max_tasks = 200'000;        ///< tasks created
  std::int64_t max_objects = 4'000'000;    ///< Python objects made (the run frees none before it ends)
  std::int64_t max_output_lines = 10'000;  ///< lines printed
  std::int64_t max_output_bytes = 1'000'000;
  double max_virtual_seconds = 1'000'000;  ///< the virtual clock may not pass this
  int max_call_depth = 100;                ///< nested calls and awaits of coroutines
  int max_events = 600;                    ///< trace: loop callbacks recorded (later ones are counted)
  int max_timeline = 20000;                ///< trace: callbacks on the timeline
};

/// One entry of the ready queue or the timer heap, as the page shows it.
struct QueuedHandle {
  std::string what;  ///< e.g. "Task-2 step", "sleep timer of Task-3"
  int task = 0;      ///< the task it belongs to (1-based), 0 for none
  double when = 0;   ///< timers: the virtual time it is due
};

/// One task at one moment.
struct TaskView {
  int id = 0;  ///< 1-based, in creation order
  std::string name;
  std::string coro;   ///< the coroutine it runs
  std::string state;  ///< "ready", "waiting", "running", "done", "cancelled", "failed"
  std::string where;  ///< "func:line" where it is suspended (or finished)
  std::string waits;  ///< what it waits on ("sleep 1.0", "Task-3", "gather", ...)
};

/// One callback the loop ran (one `handle._run()`), with the loop's state after it.
struct Event {
  std::int64_t iteration = 0;  ///< which `_run_once` it ran in
  double time = 0;             ///< virtual time when it started
  double blocked = 0;          ///< virtual seconds spent inside time.sleep during it
  std::string what;            ///< the callback
  int task = 0;                ///< the task that ran (0: a plain callback)
  int output_from = 0;         ///< output lines [output_from, output_to) printed during it
  int output_to = 0;
  std::vector<QueuedHandle> ready;  ///< the ready queue afterwards (first 24)
  std::size_t ready_size = 0;
  std::vector<QueuedHandle> timers;  ///< the timer heap afterwards, in heap order (first 24)
  std::size_t timers_size = 0;
  std::vector<TaskView> tasks;  ///< tasks afterwards (first 24 not done, and those that just finished)
};

/// What one run produced.
struct RunResult {
  std::vector<std::string> output;  ///< printed lines
  bool ok = true;
  ErrorCode code = ErrorCode::Internal;  ///< when !ok: the exception's class name as a code
  std::string message;                   ///< when !ok: "ValueError: boom"
  double virtual_time = 0;               ///< the clock at the end
  std::int64_t steps = 0;
  std::int64_t tasks = 0;
  std::int64_t iterations = 0;  ///< `_run_once` calls
  std::int64_t callbacks = 0;   ///< handles run
  std::vector<Event> events;    ///< only when tracing
  std::int64_t events_dropped = 0;
  /// Only when tracing: every callback as {virtual time, task (0: none), seconds blocked}, the first
  /// max_timeline of them (the events above hold full snapshots of the first max_events only).
  std::vector<std::array<double, 3>> timeline;
};

/// Runs `program` as CPython 3.`minor` would (minor: 10 to 13). An uncaught Python exception, a
/// SyntaxError (outside the subset) and a budget passed (LimitExceeded) come back as !ok with the
/// output printed so far; only a cancel by the caller throws (Error{Cancelled}).
RunResult run_program(const std::string& program, int minor, bool trace, const Limits& limits,
                      RunContext& ctx);

}  // namespace llplay::aio
