// Recursion at work: the series' extract_emails step by step, the same walk with an explicit stack,
// tail calls, and memoized Fibonacci.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "../run_context.hpp"

namespace llplay::recursion {

/// One frame event of extract_emails: "call" (`text`: the frame's data), "match" (`text`: the value found)
/// or "return" (`found`: what the frame returns). Values are short previews of their JSON.
struct TraceStep {
  std::string event;
  int depth = 0;
  std::string path;
  std::string text;
  std::vector<std::string> found;
};

struct Trace {
  std::vector<TraceStep> steps;
  bool truncated = false;  ///< stopped at max_steps
  std::vector<std::string> found;
};

/// extract_emails(data, key) as the series writes it, recorded one frame event at a time, at most
/// `max_steps` events (so at most that many frames deep). Throws Error{ParseError} for a payload that is
/// not JSON.
Trace trace_extract(const std::string& payload, const std::string& key, int max_steps);

/// The recursive walk: how far it got and what its frames cost.
struct RecursiveWalk {
  bool completed = false;
  std::int64_t reached = 0;
  double ms = 0;
  std::uint64_t stack_bytes = 0;
  double bytes_per_level = 0;
  std::int64_t leaves = 0;  ///< when completed
  std::string stopped_by;   ///< when not: the stack that ran out
};

/// The explicit-stack walk: it always completes; its stack is on the heap.
struct ExplicitWalk {
  std::int64_t leaves = 0, reached = 0;
  double ms = 0;
  std::uint64_t heap_bytes = 0;  ///< peak bytes of the explicit stack
};

struct Walks {
  std::int64_t depth = 0;
  RecursiveWalk recursive;
  ExplicitWalk explicit_stack;
};

/// Counts the leaves of lists nested `depth` deep (each level: the next list and a leaf), recursively
/// (guarded) and with an explicit stack.
Walks recursive_vs_explicit(std::int64_t depth, RunContext& ctx);

struct TailCalls {
  std::int64_t n = 0;
  std::int64_t sum = 0;
  double tail_ms = 0;
  std::uint64_t tail_stack_bytes = 0;  ///< stack the tail-call version used: one frame's worth
  std::int64_t plain_reached = 0;      ///< the frame-per-call version's depth
  double plain_bytes_per_frame = 0;
  std::string plain_stopped_by;  ///< empty when it reached n
};

/// sum(1..n) as a tail call, which the optimizer turns into a loop, against the same sum that
/// keeps a frame per call.
TailCalls tail_calls(std::int64_t n);

struct FibPoint {
  int k = 0;
  std::int64_t naive_calls = 0, memo_calls = 0;
};

struct Fibonacci {
  int n = 0;
  std::int64_t naive_value = 0, naive_calls = 0;
  double naive_ms = 0;
  std::int64_t memo_value = 0, memo_hits = 0, memo_misses = 0;
  double memo_ms = 0;
  std::vector<FibPoint> series;  ///< calls for every k up to n
};

/// fib(n) naive against memoized: calls and time, and the calls for every k up to n.
Fibonacci fibonacci(int n, RunContext& ctx);

}  // namespace llplay::recursion
