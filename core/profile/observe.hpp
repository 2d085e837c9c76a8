// The profile lab's observers: what watches a kernel run. Every kernel (kernels.hpp) is a template on its
// observer, so the untraced run (`Bare`) compiles to the kernel alone, with no instrumentation at all.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "../run_context.hpp"

namespace llplay::profile {

/// The functions of the lab's kernels, each a Python function on the page.
enum class Fn : std::uint8_t {
  fib,
  count_even,
  is_even,
  is_odd,
  walk,
  walk_dict,
  walk_list,
  add,
  add_digit,
};
inline constexpr int fn_count = 9;

/// The Python name of a function, as cProfile prints it.
const char* fn_name(Fn f);

using Clock = std::chrono::steady_clock;

/// No observer: enter and leave are empty and inline away. The kernel cannot be cancelled from inside;
/// demos cancel between runs (every bare run is bounded by the parameters' limits).
struct Bare {
  static constexpr bool stopping() { return false; }
  void enter(Fn) {}
  void leave(Fn) {}
};

/// Calls a kernel function makes, in one aggregated tree: one node per distinct call path (by function),
/// at most `max_nodes` of them; calls past that are counted in the stats but not in the tree.
struct CallTree {
  struct Node {
    Fn fn{};
    std::int32_t parent = -1, first_child = -1, next_sibling = -1;
    std::int64_t calls = 0;  ///< tracing: calls on this path; sampling: samples with this path on the stack
    std::int64_t total = 0;  ///< tracing: ns including callees; sampling: samples this node is on the stack
    std::int64_t self = 0;   ///< tracing: ns in the function itself; sampling: samples with it on top
  };
  static constexpr std::int32_t max_nodes = 4096;
  std::vector<Node> nodes;   ///< nodes[0] is the root (the kernel's caller), no function
  std::int64_t dropped = 0;  ///< calls (or samples) whose path did not fit

  CallTree() {
    nodes.reserve(64);
    nodes.push_back({});
  }
  /// The child of `parent` for `fn`, made if new; -1 when the tree is full (or parent is -1).
  std::int32_t child(std::int32_t parent, Fn fn) {
    if (parent < 0) return -1;
    for (std::int32_t c = nodes[static_cast<std::size_t>(parent)].first_child; c >= 0;
         c = nodes[static_cast<std::size_t>(c)].next_sibling) {
      if (nodes[static_cast<std::size_t>(c)].fn == fn) return c;
    }
    if (static_cast<std::int32_t>(nodes.size()) >= max_nodes) return -1;
    Node n;
    n.fn = fn;
    n.parent = parent;
    n.next_sibling = nodes[static_cast<std::size_t>(parent)].first_child;
    auto id = static_cast<std::int32_t>(nodes.size());
    nodes.push_back(n);
    nodes[static_cast<std::size_t>(parent)].first_child = id;
    return id;
  }
};

/// One function's figures as cProfile keeps them.
struct FnStats {
  std::int64_t calls = 0;      ///< every call (cProfile's ncalls, the first number)
  std::int64_t primitive = 0;  ///< calls made while the function was not already running (the second)
  std::int64_t tottime = 0;    ///< ns in the function itself, callees excluded
  std::int64_t cumtime = 0;    ///< ns from the outermost call to its return, callees included
  std::int32_t active = 0;     ///< calls of it now on the stack
};

/// The tracing profiler: every call and every return reads the clock and updates the aggregates, as cProfile
/// does. Nothing is logged per event, so memory is fixed whatever the number of calls: the stats, one frame
/// per level of the deepest recursion, and the call tree (at most CallTree::max_nodes nodes).
class Tracer {
 public:
  /// `ctx` is checked for cancel every 65,536 calls (then the kernel unwinds and the demo answers Cancelled).
  explicit Tracer(const RunContext* ctx = nullptr) : ctx_(ctx) { stack_.reserve(256); }

  bool stopping() const { return stop_; }

  // llplay:source profile.ncalls
  void enter(Fn f) {
    if ((++events_ & 0xffff) == 0 && ctx_ != nullptr && ctx_->cancelled()) stop_ = true;
    FnStats& s = stats_[static_cast<std::size_t>(f)];
    if (s.active++ == 0) ++s.primitive;
    ++s.calls;
    std::int32_t parent = stack_.empty() ? 0 : stack_.back().node;
    std::int32_t node = tree_.child(parent, f);
    if (node < 0) ++tree_.dropped;
    stack_.push_back({f, node, 0, Clock::now()});
    if (stack_.size() > deepest_) deepest_ = stack_.size();
  }

  void leave(Fn f) {
    auto now = Clock::now();
    Frame fr = stack_.back();
    stack_.pop_back();
    std::int64_t total = std::chrono::duration_cast<std::chrono::nanoseconds>(now - fr.start).count();
    std::int64_t self = total - fr.child;
    FnStats& s = stats_[static_cast<std::size_t>(f)];
    s.tottime += self;
    if (--s.active == 0) s.cumtime += total;  // cumtime counts the outermost call only, as cProfile does
    if (!stack_.empty()) stack_.back().child += total;
    if (fr.node >= 0) {
      CallTree::Node& n = tree_.nodes[static_cast<std::size_t>(fr.node)];
      ++n.calls;
      n.total += total;
      n.self += self;
    }
  }
  // llplay:end

  const std::array<FnStats, fn_count>& stats() const { return stats_; }
  const CallTree& tree() const { return tree_; }
  std::size_t deepest() const { return deepest_; }

 private:
  struct Frame {
    Fn fn;
    std::int32_t node;
    std::int64_t child;  ///< ns spent in callees so far
    Clock::time_point start;
  };
  const RunContext* ctx_;
  bool stop_ = false;
  std::uint64_t events_ = 0;
  std::size_t deepest_ = 0;
  std::array<FnStats, fn_count> stats_{};
  std::vector<Frame> stack_;
  CallTree tree_;
};

/// What the sampling profiler keeps of what it saw: samples per function and per call path.
struct Samples {
  std::int64_t count = 0;                      ///< samples taken
  std::array<std::int64_t, fn_count> self{};   ///< samples with the function on top of the stack
  std::array<std::int64_t, fn_count> total{};  ///< samples with the function anywhere on the stack
  std::int64_t idle = 0;                       ///< samples that found the stack empty (between runs)
  CallTree tree;
};

/// The sampling profiler's side in the kernel: a shadow stack of function ids that enter and leave keep up
/// to date, and that a sampler reads at intervals. Where threads exist (natively, the mt build) a second
/// thread reads it; in the single-threaded build the kernel itself takes the samples at checkpoints: every
/// 256 enters and leaves it looks at the clock, and samples when the interval has passed.
class Sampled {
 public:
  static constexpr int max_depth = 4096;

  bool stopping() const { return stop_.load(std::memory_order_relaxed); }

  void enter(Fn f) {
    int d = depth_.load(std::memory_order_relaxed);
    if (d < max_depth) frames_[static_cast<std::size_t>(d)].store(f, std::memory_order_relaxed);
    depth_.store(d + 1, std::memory_order_release);
    if (checkpoints_ && (++ticks_ & 0xff) == 0) checkpoint();
  }
  void leave(Fn) {
    depth_.store(depth_.load(std::memory_order_relaxed) - 1, std::memory_order_release);
    if (checkpoints_ && (++ticks_ & 0xff) == 0) checkpoint();
  }

  /// Reads the shadow stack once into `into` (the sampler thread's loop, or a checkpoint).
  void sample(Samples& into) const;

 private:
  friend class Sampler;
  void checkpoint();

  std::atomic<int> depth_{0};
  std::array<std::atomic<Fn>, max_depth> frames_{};
  std::atomic<bool> stop_{false};
  // checkpoints (single-threaded) only:
  bool checkpoints_ = false;
  std::uint32_t ticks_ = 0;
  Clock::time_point next_{};
  Clock::duration interval_{};
  Samples* into_ = nullptr;
  const RunContext* ctx_ = nullptr;
};

/// Runs the sampling for a `Sampled` shadow stack while it lives: a thread that wakes every `interval`
/// where threads exist, or checkpoints in the kernel where they do not.
class Sampler {
 public:
  Sampler(Sampled& target, Samples& into, std::chrono::microseconds interval, const RunContext& ctx);
  ~Sampler();
  Sampler(const Sampler&) = delete;
  Sampler& operator=(const Sampler&) = delete;
  /// "a second thread" or "checkpoints in the kernel".
  static const char* kind();
  /// Whether this build samples from a second thread.
  static bool threaded();

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace llplay::profile
