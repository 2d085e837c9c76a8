// Threads on one shared memory: std::thread natively, pthreads (Web Workers) in the mt build.
#include "threads.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

#include "../error.hpp"
#include "../timing.hpp"

namespace llplay::parallel {

namespace {

using timing::Clock;
using timing::ms_between;

int native_limit() {
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
  return 0;
#else
  return 64;
#endif
}

ThreadLimit limit_of = native_limit;
std::atomic<int> running{0};

/// Runs body(k) for k < threads, each on a new thread, and waits for them here, reporting
/// progress() and honouring cancel. On cancel or any failure it sets `stop` and joins every thread
/// before rethrowing: nothing is left running.
template <class Body, class Progress>
void run_team(int threads, std::atomic<bool>& stop, RunContext& ctx, Progress progress, Body body) {
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
  (void)threads, (void)stop, (void)ctx, (void)progress, (void)body;
  throw Error(ErrorCode::NeedsIsolation,
              "threads that share memory run only on a page that opts in to isolation, and this one has not");
#else
  if (threads > thread_limit()) {
    throw Error(ErrorCode::LimitExceeded,
                "threads: at most " + std::to_string(thread_limit()) +
                    " here (the free workers of the pthread pool this page started); got " +
                    std::to_string(threads));
  }
  std::mutex m;
  std::condition_variable done;
  int finished = 0;
  std::vector<std::thread> team;
  team.reserve(static_cast<std::size_t>(threads));
  auto join_all = [&] {
    stop = true;
    for (std::thread& t : team) t.join();
  };
  try {
    for (int k = 0; k < threads; ++k) {
      team.emplace_back([&, k] {
        ++running;
        body(k);
        --running;
        std::lock_guard<std::mutex> lock(m);
        ++finished;
        done.notify_one();
      });
    }
    std::unique_lock<std::mutex> lock(m);
    while (finished < threads) {
      done.wait_for(lock, std::chrono::milliseconds(20));
      lock.unlock();
      ctx.checkpoint(progress());
      lock.lock();
    }
  } catch (const std::system_error& e) {
    join_all();
    throw Error(ErrorCode::LimitExceeded,
                "could not start thread " + std::to_string(team.size() + 1) + ": " + e.what());
  } catch (...) {
    join_all();
    throw;
  }
  for (std::thread& t : team) t.join();
  ctx.check_cancelled();  // the threads stop early when cancelled
#endif
}

/// CPython's GIL in miniature: one holder at a time; a holder that is asked gives it up, and then
/// waits until another thread has taken it (so the same thread cannot grab it straight back).
class Gil {
 public:
  void acquire(int thread) {
    std::unique_lock<std::mutex> lock(m_);
    ++waiting_;
    free_.wait(lock, [&] { return holder_ < 0; });
    --waiting_;
    if (last_ >= 0 && last_ != thread) ++handoffs_;
    holder_ = last_ = thread;
    taken_.notify_all();
  }
  void release(int thread) {
    std::unique_lock<std::mutex> lock(m_);
    holder_ = -1;
    free_.notify_all();
    if (waiting_ > 0) taken_.wait(lock, [&] { return last_ != thread; });
  }
  /// Another thread is waiting: the holder should drop it at the end of its interval.
  bool wanted() {
    std::lock_guard<std::mutex> lock(m_);
    return waiting_ > 0;
  }
  std::int64_t handoffs() const { return handoffs_; }

 private:
  std::mutex m_;
  std::condition_variable free_, taken_;
  int holder_ = -1, last_ = -1, waiting_ = 0;
  std::int64_t handoffs_ = 0;
};

constexpr std::uint64_t chunk = 1 << 16;  // numbers between checks for cancel and the GIL's clock
constexpr std::size_t max_slices = 4000;

}  // namespace

int thread_limit() { return limit_of(); }
ThreadLimit set_thread_limit(ThreadLimit limit) { return std::exchange(limit_of, limit); }
int threads_running() { return running.load(); }

SharedSum sum_on_threads(std::uint64_t n, int threads, bool gil, double switch_ms, RunContext& ctx) {
  SharedSum out;
  out.busy_before = threads_running();
  std::vector<u128> partial(static_cast<std::size_t>(threads));
  out.thread_ms.assign(static_cast<std::size_t>(threads), 0);
  std::atomic<std::uint64_t> summed{0};
  std::atomic<bool> stop{false};
  Gil lock;
  const auto start = Clock::now();
  // llplay:source parallel.sum parallel.speedup parallel.gil
  auto share = [&](int k) {
    auto t0 = Clock::now();
    std::uint64_t from = n / threads * k + std::min<std::uint64_t>(k, n % threads);
    std::uint64_t to = from + n / threads + (static_cast<std::uint64_t>(k) < n % threads ? 1 : 0);
    u128 sum = 0;
    while (from < to && !stop && !ctx.cancelled()) {
      if (!gil) {  // free-threaded: compute, nothing to wait for
        std::uint64_t end = std::min(to, from + chunk);
        sum += sum_of_squares(from, end);
        summed += end - from, from = end;
        continue;
      }
      lock.acquire(k);  // the GIL: no Python bytecode runs without it
      if (stop || ctx.cancelled()) {
        lock.release(k);
        break;
      }
      auto slice = Clock::now();
      do {
        std::uint64_t end = std::min(to, from + chunk);
        sum += sum_of_squares(from, end);
        summed += end - from, from = end;
      } while (from < to && !stop && !(ms_between(slice, Clock::now()) >= switch_ms && lock.wanted()));
      if (out.timeline.size() < max_slices)  // only the GIL's holder writes here
        out.timeline.push_back({k, ms_between(start, slice), ms_between(start, Clock::now())});
      lock.release(k);  // every switch interval, if another thread is waiting
    }
    partial[static_cast<std::size_t>(k)] = sum;
    out.thread_ms[static_cast<std::size_t>(k)] = ms_between(t0, Clock::now());
  };
  // llplay:end
  run_team(
      threads, stop, ctx, [&] { return static_cast<double>(summed.load()) / static_cast<double>(n ? n : 1); },
      share);
  out.ms = ms_between(start, Clock::now());
  for (u128 p : partial) out.sum += p;
  out.handoffs = lock.handoffs();
  return out;
}

Race race(int threads, std::int64_t increments, Sync sync, RunContext& ctx) {
  std::atomic<std::int64_t> counter{0};
  std::int64_t guarded = 0;
  std::mutex m;
  std::atomic<int> ready{0};
  std::atomic<bool> stop{false};
  std::atomic<std::int64_t> done{0};
  Clock::time_point start;
  std::vector<Clock::time_point> ends(static_cast<std::size_t>(threads));
  // llplay:source parallel.race
  auto add = [&](int k) {
    if (++ready == threads) start = Clock::now();
    while (ready.load() < threads) std::this_thread::yield();  // start together
    for (std::int64_t i = 0; i < increments; ++i) {
      if ((i & 0xffff) == 0) {
        if (stop || ctx.cancelled()) break;
        done += i ? 0x10000 : 0;
      }
      if (sync == Sync::none) {  // counter += 1 as two steps: another thread's add can land in between
        std::int64_t seen = counter.load(std::memory_order_relaxed);
        counter.store(seen + 1, std::memory_order_relaxed);
      } else if (sync == Sync::atomic) {  // one indivisible read-modify-write
        counter.fetch_add(1, std::memory_order_relaxed);
      } else {  // a lock around the plain read-modify-write
        std::lock_guard<std::mutex> lock(m);
        ++guarded;
      }
    }
    ends[static_cast<std::size_t>(k)] = Clock::now();
  };
  // llplay:end
  run_team(
      threads, stop, ctx,
      [&] { return static_cast<double>(done.load()) / static_cast<double>(increments * threads); }, add);
  Race out;
  out.expected = increments * threads;
  out.actual = sync == Sync::mutex ? guarded : counter.load();
  for (const auto& end : ends) out.ms = std::max(out.ms, ms_between(start, end));
  return out;
}

}  // namespace llplay::parallel
