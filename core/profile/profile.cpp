// Profiling the lab's kernels: bare, traced and sampled runs, their tables, where they disagree, flame trees.
#include "profile.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <thread>

#include "../error.hpp"
#include "../heap.hpp"
#include "../splitmix.hpp"
#include "kernels.hpp"

namespace llplay::profile {

const char* fn_name(Fn f) {
  static const char* const names[fn_count] = {"fib",       "count_even", "is_even", "is_odd",   "walk",
                                              "walk_dict", "walk_list",  "add",     "add_digit"};
  return names[static_cast<int>(f)];
}

const char* kernel_name(Kernel k) {
  switch (k) {
    case Kernel::fib:
      return "fib";
    case Kernel::mutual:
      return "mutual";
    case Kernel::walk:
      return "walk";
    case Kernel::digits:
      return "digits";
  }
  return "fib";
}

Kernel kernel_named(const std::string& name) {
  for (Kernel k : {Kernel::fib, Kernel::mutual, Kernel::walk, Kernel::digits}) {
    if (name == kernel_name(k)) return k;
  }
  throw Error(ErrorCode::BadParams, "kernel must be fib, mutual, walk or digits, not '" + name + "'");
}

const char* python_program(Kernel k) {
  switch (k) {
    case Kernel::fib:
      return R"py(def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2))py";
    case Kernel::mutual:
      return R"py(def is_even(n):
    return True if n == 0 else is_odd(n - 1)

def is_odd(n):
    return False if n == 0 else is_even(n - 1)

def count_even(n):
    count = 0
    for k in range(n):
        if is_even(k):
            count += 1
    return count)py";
    case Kernel::walk:
      return R"py(def walk(value):
    if isinstance(value, dict):
        return walk_dict(value)
    if isinstance(value, list):
        return walk_list(value)
    return 1

def walk_dict(d):
    leaves = 0
    for v in d.values():
        leaves += walk(v)
    return leaves

def walk_list(items):
    leaves = 0
    for v in items:
        leaves += walk(v)
    return leaves

# the value: node 0 is a dict; node i joins a random container (SplitMix64 from the seed)
# as a dict, a list or an int; see tests/profile/programs.py for make_value(nodes, seed))py";
    case Kernel::digits:
      return R"py(def add_digit(x, y, carry):
    s = x + y + carry
    return s % 10, s // 10

def add(a, b):                  # two digit strings of the same length
    out, carry = [], 0
    for i in range(len(a) - 1, -1, -1):
        d, carry = add_digit(ord(a[i]) - 48, ord(b[i]) - 48, carry)
        out.append(chr(48 + d))
    return chr(48 + carry) + "".join(reversed(out)))py";
  }
  return "";
}

std::string python_call(const KernelSpec& s) {
  const std::string n = std::to_string(s.n);
  switch (s.kernel) {
    case Kernel::fib:
      return "fib(" + n + ")";
    case Kernel::mutual:
      return "count_even(" + n + ")";
    case Kernel::walk:
      return "walk(make_value(" + n + ", " + std::to_string(s.seed) + "))";
    case Kernel::digits:
      return "add((\"1234567890\" * " + std::to_string(s.n / 10 + 1) + ")[:" + n + "], (\"9876543210\" * " +
             std::to_string(s.n / 10 + 1) + ")[:" + n + "])";
  }
  return "";
}

Value make_value(std::int64_t nodes, std::uint64_t seed) {
  Value v;
  auto n = static_cast<std::size_t>(std::max<std::int64_t>(nodes, 1));
  v.kind.assign(n, Value::leaf);
  std::vector<std::int32_t> parent(n, -1), depth(n, 0);
  std::vector<std::int32_t> containers{0};
  v.kind[0] = Value::dict;
  SplitMix64 rng{seed};
  for (std::size_t i = 1; i < n; ++i) {
    std::int32_t p = containers[rng.below(containers.size())];
    auto kind = static_cast<Value::Kind>(rng.below(3));
    std::int32_t d = depth[static_cast<std::size_t>(p)] + 1;
    if (d >= value_max_depth) kind = Value::leaf;
    v.kind[i] = kind;
    parent[i] = p;
    depth[i] = d;
    v.depth = std::max(v.depth, static_cast<int>(d));
    if (kind != Value::leaf) containers.push_back(static_cast<std::int32_t>(i));
  }
  v.count.assign(n, 0);
  v.first.assign(n, 0);
  for (std::size_t i = 1; i < n; ++i) ++v.count[static_cast<std::size_t>(parent[i])];
  std::int32_t at = 0;
  for (std::size_t i = 0; i < n; ++i) {
    v.first[i] = at;
    at += v.count[i];
  }
  v.children.assign(n > 0 ? n - 1 : 0, 0);
  std::vector<std::int32_t> filled(n, 0);
  for (std::size_t i = 1; i < n; ++i) {
    auto p = static_cast<std::size_t>(parent[i]);
    v.children[static_cast<std::size_t>(v.first[p] + filled[p]++)] = static_cast<std::int32_t>(i);
  }
  return v;
}

std::pair<std::string, std::string> digit_operands(std::int64_t n) {
  std::string a(static_cast<std::size_t>(n), '0'), b(static_cast<std::size_t>(n), '0');
  for (std::size_t i = 0; i < a.size(); ++i) {
    a[i] = static_cast<char>('0' + (i + 1) % 10);  // 1234567890…
    b[i] = static_cast<char>('9' - i % 10);        // 9876543210…
  }
  return {a, b};
}

std::string ncalls_text(const FnStats& s) {
  return s.calls == s.primitive ? std::to_string(s.calls)
                                : std::to_string(s.calls) + "/" + std::to_string(s.primitive);
}

namespace {

/// What a kernel needs made before it is timed.
struct Inputs {
  Value value;
  std::string a, b;
};

Inputs prepare(const KernelSpec& spec) {
  Inputs in;
  if (spec.kernel == Kernel::walk) in.value = make_value(spec.n, spec.seed);
  if (spec.kernel == Kernel::digits) std::tie(in.a, in.b) = digit_operands(spec.n);
  return in;
}

template <class O>
std::int64_t run_kernel(O& o, const KernelSpec& spec, const Inputs& in) {
  switch (spec.kernel) {
    case Kernel::fib:
      return fib(o, static_cast<int>(spec.n));
    case Kernel::mutual:
      return count_even(o, static_cast<int>(spec.n));
    case Kernel::walk:
      return walk(o, in.value, 0);
    case Kernel::digits: {
      std::string sum = add(o, in.a, in.b);
      std::int64_t digits = 0;
      for (char c : sum) digits += c - '0';
      return digits;
    }
  }
  return 0;
}

[[noreturn]] void cancelled() { throw Error(ErrorCode::Cancelled, "cancelled"); }

std::vector<TracedRow> traced_rows(const Tracer& t) {
  std::vector<TracedRow> rows;
  for (int f = 0; f < fn_count; ++f) {
    const FnStats& s = t.stats()[static_cast<std::size_t>(f)];
    if (s.calls > 0) rows.push_back({static_cast<Fn>(f), s});
  }
  return rows;
}

/// The tree cut for a flame graph: breadth first from the root's children, nodes of at least 0.2% of the
/// whole.
Flame flame_of(const CallTree& tree, double scale) {
  Flame flame;
  double whole = 0;
  for (std::int32_t c = tree.nodes[0].first_child; c >= 0;
       c = tree.nodes[static_cast<std::size_t>(c)].next_sibling)
    whole += static_cast<double>(tree.nodes[static_cast<std::size_t>(c)].total);
  std::deque<std::pair<std::int32_t, std::int32_t>> queue;  // (tree node, its parent's index in the flame)
  for (std::int32_t c = tree.nodes[0].first_child; c >= 0;
       c = tree.nodes[static_cast<std::size_t>(c)].next_sibling)
    queue.emplace_back(c, -1);
  while (!queue.empty()) {
    auto [id, parent] = queue.front();
    queue.pop_front();
    const CallTree::Node& n = tree.nodes[static_cast<std::size_t>(id)];
    if (static_cast<double>(n.total) < whole * 0.002 || flame.nodes.size() >= max_flame_nodes) continue;
    auto index = static_cast<std::int32_t>(flame.nodes.size());
    flame.nodes.push_back(
        {n.fn, parent, n.calls, static_cast<double>(n.total) * scale, static_cast<double>(n.self) * scale});
    for (std::int32_t c = n.first_child; c >= 0; c = tree.nodes[static_cast<std::size_t>(c)].next_sibling)
      queue.emplace_back(c, index);
  }
  flame.hidden = static_cast<std::int64_t>(tree.nodes.size()) - 1 -
                 static_cast<std::int64_t>(flame.nodes.size()) + (tree.dropped > 0 ? 1 : 0);
  return flame;
}

}  // namespace

Traced trace_once(const KernelSpec& spec, RunContext& ctx) {
  Inputs in = prepare(spec);
  Traced out;
  out.spec = spec;
  heap::PeakMeter meter;
  {
    Tracer t(&ctx);
    out.result = run_kernel(t, spec, in);
    if (t.stopping()) cancelled();
    out.rows = traced_rows(t);
    out.deepest = static_cast<int>(t.deepest());
    out.peak_bytes = static_cast<std::int64_t>(meter.bytes());
  }
  for (const TracedRow& r : out.rows) out.calls += r.stats.calls;
  return out;
}

Comparison compare(const KernelSpec& spec, int runs, std::chrono::microseconds interval, RunContext& ctx) {
  Comparison out;
  out.spec = spec;
  out.interval_us = interval.count();
  out.sampler = Sampler::kind();
  Inputs in = prepare(spec);
  ctx.checkpoint(0);

  // llplay:source profile.compare
  // 1. Bare: the kernel alone (Bare's enter and leave are empty), timed.
  out.bare = timing::repeat(
      1, runs,
      [&] {
        Bare bare;
        out.result = run_kernel(bare, spec, in);
      },
      [&](int done, int total) { ctx.checkpoint(0.25 * done / total); });
  // 2. Traced: every call and return reads the clock and updates the aggregates, as cProfile does.
  out.traced = timing::repeat(
      1, runs,
      [&] {
        Tracer tracer(&ctx);
        run_kernel(tracer, spec, in);
        if (tracer.stopping()) cancelled();
      },
      [&](int done, int total) { ctx.checkpoint(0.25 + 0.4 * done / total); });
  // 3. Sampled: the kernel keeps a shadow stack; a sampler reads it every `interval`.
  Sampled shadow;
  Samples samples;
  {
    Sampler sampler(shadow, samples, interval, ctx);
    out.sampled = timing::repeat(
        1, runs,
        [&] {
          run_kernel(shadow, spec, in);
          if (shadow.stopping()) cancelled();
        },
        [&](int done, int total) { ctx.checkpoint(0.65 + 0.3 * done / total); });
  }
  // llplay:end
  if (shadow.stopping()) cancelled();

  // One more traced run for the tables, its heap measured.
  {
    heap::PeakMeter meter;
    Tracer tracer(&ctx);
    run_kernel(tracer, spec, in);
    if (tracer.stopping()) cancelled();
    out.tracer_peak_bytes = static_cast<std::int64_t>(meter.bytes());
    out.traced_rows = traced_rows(tracer);
    out.deepest = static_cast<int>(tracer.deepest());
    out.traced_flame = flame_of(tracer.tree(), 1e-6);  // ns → ms
  }
  for (const TracedRow& r : out.traced_rows) out.calls += r.stats.calls;
  out.samples = samples.count;
  out.idle_samples = samples.idle;
  out.sampler_bytes = static_cast<std::int64_t>(sizeof(Sampled) + sizeof(Samples)) +
                      static_cast<std::int64_t>(samples.tree.nodes.capacity() * sizeof(CallTree::Node));
  for (int f = 0; f < fn_count; ++f) {
    if (samples.total[static_cast<std::size_t>(f)] > 0 ||
        std::any_of(out.traced_rows.begin(), out.traced_rows.end(),
                    [&](const TracedRow& r) { return r.fn == static_cast<Fn>(f); })) {
      out.sampled_rows.push_back({static_cast<Fn>(f), samples.self[static_cast<std::size_t>(f)],
                                  samples.total[static_cast<std::size_t>(f)]});
    }
  }
  out.sampled_flame = flame_of(samples.tree, 1.0);

  // Where they disagree: each function's share of the run, by self time (traced) and by samples on top.
  double traced_self = 0;
  for (const TracedRow& r : out.traced_rows) traced_self += static_cast<double>(r.stats.tottime);
  const double busy = static_cast<double>(samples.count - samples.idle);
  for (const TracedRow& r : out.traced_rows) {
    double t = traced_self > 0 ? static_cast<double>(r.stats.tottime) / traced_self : 0;
    std::int64_t on_top = samples.self[static_cast<std::size_t>(r.fn)];
    double s = busy > 0 ? static_cast<double>(on_top) / busy : 0;
    std::string why;
    if (busy > 0 && on_top == 0 && t >= 0.01) {
      why = "never on top of the stack in a sample: sampling missed it";
    } else if (busy >= 20 && std::abs(t - s) >= 0.1) {
      why = t > s ? "tracing gives it more: each of its calls pays the tracer's clock reads, counted as its "
                    "own time"
                  : "sampling gives it more: tracing charges its time to the calls it makes";
    }
    if (!why.empty()) out.disagreements.push_back({r.fn, t, s, why});
  }
  ctx.checkpoint(1);
  return out;
}

// ---- the sampler ----

void Sampled::sample(Samples& into) const {
  ++into.count;
  int d = depth_.load(std::memory_order_acquire);
  if (d <= 0) {
    ++into.idle;
    return;
  }
  std::uint32_t seen = 0;
  std::int32_t node = 0;
  int shown = std::min(d, max_depth);
  Fn top{};
  for (int k = 0; k < shown; ++k) {
    Fn f = frames_[static_cast<std::size_t>(k)].load(std::memory_order_relaxed);
    top = f;
    auto bit = 1u << static_cast<unsigned>(f);
    if ((seen & bit) == 0) ++into.total[static_cast<std::size_t>(f)];
    seen |= bit;
    node = into.tree.child(node, f);
    if (node >= 0) ++into.tree.nodes[static_cast<std::size_t>(node)].total;
  }
  if (d > max_depth) return;  // the top is past the shadow stack: counted on the stack, not on top
  ++into.self[static_cast<std::size_t>(top)];
  if (node >= 0) {
    ++into.tree.nodes[static_cast<std::size_t>(node)].self;
    ++into.tree.nodes[static_cast<std::size_t>(node)].calls;
  } else {
    ++into.tree.dropped;
  }
}

void Sampled::checkpoint() {
  auto now = Clock::now();
  if (now < next_) return;
  next_ = now + interval_;
  sample(*into_);
  if (ctx_ != nullptr && ctx_->cancelled()) stop_.store(true, std::memory_order_relaxed);
}

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define LLPLAY_PROFILE_THREADED 0
#else
#define LLPLAY_PROFILE_THREADED 1
#endif

struct Sampler::Impl {
  Sampled* target = nullptr;
  std::atomic<bool> done{false};
#if LLPLAY_PROFILE_THREADED
  std::thread thread;
#endif
};

Sampler::Sampler(Sampled& target, Samples& into, std::chrono::microseconds interval, const RunContext& ctx)
    : impl_(new Impl) {
  impl_->target = &target;
#if LLPLAY_PROFILE_THREADED
  impl_->thread = std::thread([&target, &into, interval, &ctx, done = &impl_->done] {
    while (!done->load(std::memory_order_acquire)) {
      std::this_thread::sleep_for(interval);
      target.sample(into);
      if (ctx.cancelled()) target.stop_.store(true, std::memory_order_relaxed);
    }
  });
#else
  target.checkpoints_ = true;
  target.into_ = &into;
  target.interval_ = interval;
  target.next_ = Clock::now() + interval;
  target.ctx_ = &ctx;
#endif
}

Sampler::~Sampler() {
  impl_->done.store(true, std::memory_order_release);
#if LLPLAY_PROFILE_THREADED
  impl_->thread.join();
#else
  impl_->target->checkpoints_ = false;
#endif
  delete impl_;
}

const char* Sampler::kind() {
  return LLPLAY_PROFILE_THREADED ? "a second thread reads the shadow stack"
                                 : "checkpoints in the kernel (no threads in this build)";
}

bool Sampler::threaded() { return LLPLAY_PROFILE_THREADED != 0; }

}  // namespace llplay::profile
