// Shared-memory threads: the kernel split across T threads (with or without a GIL), and the race.
#pragma once

#include <cstdint>
#include <vector>

#include "../run_context.hpp"
#include "kernel.hpp"

namespace llplay::parallel {

/// How many threads a demo may start here: natively 64; in the mt build the pthread pool's free
/// workers (a thread beyond them could not start while its caller waits); 0 in the st build.
int thread_limit();
/// The wasm platform installs the pool's size at startup. Returns the limit it replaces.
using ThreadLimit = int (*)();
ThreadLimit set_thread_limit(ThreadLimit limit);

/// Kernel and race threads still running, across runs: a cancelled run must leave none behind.
int threads_running();

/// Who held the GIL, and when (ms from the start of the run).
struct Slice {
  int thread;
  double start_ms, end_ms;
};

struct SharedSum {
  u128 sum = 0;
  double ms = 0;                  ///< wall time: all threads started to all finished
  std::vector<double> thread_ms;  ///< each thread's own time
  std::int64_t handoffs = 0;      ///< times the GIL passed from one thread to another
  std::vector<Slice> timeline;    ///< the first GIL slices, in order
  int busy_before = 0;            ///< threads_running() when this run started
};

/// sum_of_squares(0, n) on `threads` threads, a contiguous share each. With `gil`, a thread must
/// hold one global lock to compute, and gives it up every `switch_ms` when another thread is
/// waiting for it, as CPython's GIL does (sys.setswitchinterval). Throws NeedsIsolation in the st
/// build, LimitExceeded past thread_limit(), and Cancelled only after every thread has stopped.
SharedSum sum_on_threads(std::uint64_t n, int threads, bool gil, double switch_ms, RunContext& ctx);

enum class Sync { none, atomic, mutex };

struct Race {
  std::int64_t expected = 0, actual = 0;
  double ms = 0;
};

/// `threads` threads each add 1 to one shared counter `increments` times: with no synchronisation
/// (a separate load and store, so updates are lost), an atomic add, or a mutex.
Race race(int threads, std::int64_t increments, Sync sync, RunContext& ctx);

}  // namespace llplay::parallel
