// Recursion at work: the series' extract_emails step by step, the same walk with an explicit stack,
// tail calls, and memoized Fibonacci.
#include "walks.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <vector>

#include "../error.hpp"
#include "../timing.hpp"
#include "descend.hpp"

namespace llplay::recursion {

namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;
using timing::Clock;
using timing::ms_since;

/// A short, safe rendering of a value for the frame view: its compact JSON, cut at 60 characters.
/// Written without recursion, and it stops once it has enough: the payload may be nested any depth.
std::string preview(const ordered_json& v) {
  constexpr std::size_t limit = 60;
  auto scalar = [](const ordered_json& x) { return x.dump(-1, ' ', false, json::error_handler_t::replace); };
  struct Open {
    ordered_json::const_iterator at, end;
    bool object;
  };
  std::string out;
  std::vector<Open> open;
  auto enter = [&](const ordered_json& x) {
    if (!x.is_structured()) return void(out += scalar(x));
    out += x.is_object() ? '{' : '[';
    open.push_back({x.cbegin(), x.cend(), x.is_object()});
  };
  enter(v);
  while (!open.empty() && out.size() <= limit) {
    Open& o = open.back();
    if (o.at == o.end) {
      out += o.object ? '}' : ']';
      open.pop_back();
      continue;
    }
    if (out.back() != '{' && out.back() != '[') out += ',';
    if (o.object) out += scalar(ordered_json(o.at.key())) + ':';
    const ordered_json& child = *o.at;
    ++o.at;
    enter(child);
  }
  return out.size() > limit ? out.substr(0, limit - 3) + "..." : out;
}

struct Tracer {
  std::string key;
  std::size_t max_steps;
  std::vector<TraceStep> steps;
  bool truncated = false;

  bool full() { return truncated = truncated || steps.size() >= max_steps; }
  void record(TraceStep step) {
    if (!full()) steps.push_back(std::move(step));
  }
};

// llplay:source recursion.trace
/// extract_emails(data, key): every value stored under `key`, at any depth, in document order.
std::vector<std::string> extract_emails(Tracer& t, const ordered_json& data, const std::string& path,
                                        int depth) {
  t.record({"call", depth, path, preview(data), {}});
  std::vector<std::string> found;
  if (data.is_object()) {
    for (const auto& [k, v] : data.items()) {
      if (t.full()) break;
      if (k == t.key) {
        found.push_back(preview(v));
        t.record({"match", depth, path + "." + k, preview(v), {}});
      }
      auto inner = extract_emails(t, v, path + "." + k, depth + 1);  // a new frame, a clone of this one
      found.insert(found.end(), inner.begin(), inner.end());
    }
  } else if (data.is_array()) {
    for (std::size_t i = 0; i < data.size() && !t.full(); ++i) {
      auto inner = extract_emails(t, data[i], path + "[" + std::to_string(i) + "]", depth + 1);
      found.insert(found.end(), inner.begin(), inner.end());
    }
  }
  t.record({"return", depth, path, "", found});
  return found;
}
// llplay:end

/// Counts bytes a container allocates, to measure the explicit stack's heap.
struct HeapCount {
  std::size_t current = 0, peak = 0;
};

template <class T>
struct CountingAllocator {
  using value_type = T;
  HeapCount* count;
  explicit CountingAllocator(HeapCount* c) : count(c) {}
  template <class U>
  CountingAllocator(const CountingAllocator<U>& other) : count(other.count) {}  // NOLINT: rebinding
  T* allocate(std::size_t n) {
    count->current += n * sizeof(T);
    count->peak = std::max(count->peak, count->current);
    return std::allocator<T>().allocate(n);
  }
  void deallocate(T* p, std::size_t n) {
    count->current -= n * sizeof(T);
    std::allocator<T>().deallocate(p, n);
  }
  bool operator==(const CountingAllocator& other) const { return count == other.count; }
};

struct Walk {
  std::int64_t deepest = 0;
  bool stopped = false;  // the stack guard stopped the walk
  std::uintptr_t top = 0, low = UINTPTR_MAX;
};

// llplay:source recursion.explicit
/// Leaves of a nested list, recursively: a frame per level, guarded like every recursion here.
std::int64_t count_recursive(Walk& w, const json& node, std::int64_t depth) {
  if (platform().free_bytes() < guard_reserve) {
    w.stopped = true;
    return 0;
  }
  std::uintptr_t here = platform().position();
  w.top = std::max(w.top, here), w.low = std::min(w.low, here), w.deepest = std::max(w.deepest, depth);
  if (!node.is_array()) return 1;
  std::int64_t leaves = 0;
  for (const json& child : node) {
    leaves += count_recursive(w, child, depth + 1);
    if (w.stopped) break;
  }
  return leaves;
}

/// The same walk with an explicit stack on the heap: depth costs a pointer, not a frame.
std::int64_t count_explicit(const json& root, HeapCount& heap, std::int64_t& deepest) {
  std::vector<std::pair<const json*, std::int64_t>, CountingAllocator<std::pair<const json*, std::int64_t>>>
      stack{CountingAllocator<std::pair<const json*, std::int64_t>>(&heap)};
  std::int64_t leaves = 0;
  stack.emplace_back(&root, 1);
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, depth);
    if (!node->is_array()) {
      ++leaves;
      continue;
    }
    for (auto it = node->rbegin(); it != node->rend(); ++it) stack.emplace_back(&*it, depth + 1);
  }
  return leaves;
}
// llplay:end

// llplay:source recursion.tail
/// sum(1..n) with the recursive call as the very last step: -O2 and above compile it into a loop.
[[gnu::noinline]] std::int64_t sum_tail(std::int64_t n, std::int64_t acc, std::uintptr_t& deepest) {
  if (n == 0) {
    deepest = platform().position();
    return acc;
  }
  if (platform().free_bytes() <
      guard_reserve) {  // a build that kept every call (-O0, -O1): stop, never crash
    throw Error(
        ErrorCode::StackExhausted,
        "recursion.tail: this build did not turn the tail call into a loop, and the stack is nearly full");
  }
  return sum_tail(n - 1, acc + n, deepest);
}
// llplay:end

struct Fib {
  std::int64_t calls = 0;
  double expected = 1;
  RunContext* ctx = nullptr;
};

// llplay:source recursion.fib
/// fib(n) = fib(n-1) + fib(n-2): every call makes two more, so about 1.6^n calls.
std::int64_t fib_naive(Fib& f, int n) {
  if ((++f.calls & 0xfffff) == 0) f.ctx->checkpoint(static_cast<double>(f.calls) / f.expected);
  return n < 2 ? n : fib_naive(f, n - 1) + fib_naive(f, n - 2);
}

/// The same with a cache (@functools.lru_cache): each fib(k) is computed once.
std::int64_t fib_memo(std::unordered_map<int, std::int64_t>& cache, std::int64_t& hits, std::int64_t& misses,
                      int n) {
  if (auto it = cache.find(n); it != cache.end()) return ++hits, it->second;
  ++misses;
  std::int64_t value =
      n < 2 ? n : fib_memo(cache, hits, misses, n - 1) + fib_memo(cache, hits, misses, n - 2);
  cache.emplace(n, value);
  return value;
}
// llplay:end

}  // namespace

Trace trace_extract(const std::string& payload, const std::string& key, int max_steps) {
  ordered_json data = ordered_json::parse(payload, nullptr, false);
  if (data.is_discarded()) throw Error(ErrorCode::ParseError, "payload: not valid JSON");
  Tracer t{key, static_cast<std::size_t>(max_steps), {}, false};
  std::vector<std::string> found = extract_emails(t, data, "$", 0);
  return {std::move(t.steps), t.truncated, std::move(found)};
}

Walks recursive_vs_explicit(std::int64_t depth, RunContext& ctx) {
  // [[[ ... [0], 1] ... ], depth]: each level holds the next one and a leaf, like a real tree's
  // siblings. Built without recursion; nlohmann's destructor is not recursive either.
  json nested = json::array({0});
  for (std::int64_t i = 1; i < depth; ++i) {
    json outer = json::array();
    outer.push_back(std::move(nested));
    outer.push_back(i);
    nested = std::move(outer);
    if (i % 65536 == 0) ctx.checkpoint(0.5 * static_cast<double>(i) / static_cast<double>(depth));
  }
  Walks out;
  out.depth = depth;
  Walk w;
  std::int64_t leaves = 0;
  auto t0 = Clock::now();
  auto walk = [&] { leaves = count_recursive(w, nested, 1); };
  bool engine_held = stack::run_catching(walk);  // wasm: the engine's RangeError ends the walk instead
  RecursiveWalk& rec = out.recursive;
  rec.ms = ms_since(t0);
  rec.completed = engine_held && !w.stopped;
  rec.reached = w.deepest;
  rec.stack_bytes = w.top >= w.low ? w.top - w.low : 0;
  rec.bytes_per_level =
      w.deepest > 1 ? static_cast<double>(w.top - w.low) / static_cast<double>(w.deepest - 1) : 0.0;
  if (rec.completed) rec.leaves = leaves;
  if (!rec.completed) rec.stopped_by = engine_held ? platform().stack_name : "JavaScript engine stack";
  ctx.checkpoint(0.75);

  HeapCount heap;
  t0 = Clock::now();
  out.explicit_stack.leaves = count_explicit(nested, heap, out.explicit_stack.reached);
  out.explicit_stack.ms = ms_since(t0);
  out.explicit_stack.heap_bytes = heap.peak;
  return out;
}

TailCalls tail_calls(std::int64_t n) {
  TailCalls out;
  out.n = n;
  std::uintptr_t deepest = 0, top = platform().position();
  auto t0 = Clock::now();
  out.sum = sum_tail(n, 0, deepest);
  out.tail_ms = ms_since(t0);
  out.tail_stack_bytes = top > deepest ? top - deepest : 0;
  Descent d;  // the same depth as frames that stay: the recursion the guard watches
  d.target = n;
  d.reserve = guard_reserve;
  d.engine_budget = engine_budget(0);
  descend(d, 1);
  out.plain_reached = d.reached;
  out.plain_bytes_per_frame = bytes_per_frame(d);
  if (d.reached != n)
    out.plain_stopped_by = d.stop == Stop::engine ? "JavaScript engine stack" : platform().stack_name;
  return out;
}

Fibonacci fibonacci(int n, RunContext& ctx) {
  auto naive_calls = [](int k) { return 2.0 * std::pow(1.6180339887, k + 1) / 2.2360679775 - 1; };
  Fibonacci out;
  out.n = n;
  Fib total{0, 0, &ctx};
  for (int k = 1; k <= n; ++k) total.expected += naive_calls(k);
  for (int k = 1; k < n; ++k) {  // the curve: each k measured by running it
    Fib f{0, total.expected, &ctx};
    f.calls = total.calls;
    fib_naive(f, k);
    std::unordered_map<int, std::int64_t> cache;
    std::int64_t hits = 0, misses = 0;
    fib_memo(cache, hits, misses, k);
    out.series.push_back({k, f.calls - total.calls, hits + misses});
    total.calls = f.calls;
  }
  Fib f{total.calls, total.expected, &ctx};
  auto t0 = Clock::now();
  out.naive_value = fib_naive(f, n);
  out.naive_ms = ms_since(t0);
  out.naive_calls = f.calls - total.calls;
  std::unordered_map<int, std::int64_t> cache;
  t0 = Clock::now();
  out.memo_value = fib_memo(cache, out.memo_hits, out.memo_misses, n);
  out.memo_ms = ms_since(t0);
  out.series.push_back({n, out.naive_calls, out.memo_hits + out.memo_misses});
  return out;
}

}  // namespace llplay::recursion
