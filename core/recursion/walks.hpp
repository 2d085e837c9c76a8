// Recursion at work: the series' extract_emails step by step, the same walk with an explicit stack,
// tail calls, and memoized Fibonacci.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "../run_context.hpp"

namespace llplay::recursion {

using json = nlohmann::json;

/// extract_emails(data, key) as the series writes it, recorded one frame event at a time: "call"
/// (with the frame's arguments), "match", and "return" (with the frame's `found`), at most
/// `max_steps` events. Throws Error{ParseError} for a payload that is not JSON.
json trace_extract(const std::string& payload, const std::string& key, int max_steps);

/// Counts the leaves of lists nested `depth` deep (each level: the next list and a leaf), recursively
/// (guarded) and with an explicit stack:
/// time, stack bytes, heap bytes and how deep each got.
json recursive_vs_explicit(std::int64_t depth, RunContext& ctx);

/// sum(1..n) as a tail call, which the optimizer turns into a loop, against the same sum that
/// keeps a frame per call.
json tail_calls(std::int64_t n);

/// fib(n) naive against memoized: calls and time, and the calls for every k up to n.
json fibonacci(int n, RunContext& ctx);

}  // namespace llplay::recursion
