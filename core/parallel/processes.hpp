// The isolated model natively: separate processes (fork), each with its own memory, exchanging
// bytes through pipes, which is what Python's multiprocessing does. In the browser the page runs
// the same demos with Web Workers instead (web/labs/parallel/host.js); these throw there.
#pragma once

#include <cstdint>
#include <vector>

#include "../run_context.hpp"
#include "kernel.hpp"

namespace llplay::parallel {

struct IsolatedSum {
  u128 sum = 0;
  double ms = 0;                  ///< first fork to last result read
  double start_ms = 0;            ///< fork to the slowest worker's first instruction
  std::vector<double> worker_ms;  ///< each worker's own compute time
};

/// sum_of_squares(0, n) split across `workers` processes; each sends its 16-byte result back.
IsolatedSum sum_in_processes(std::uint64_t n, int workers, RunContext& ctx);

/// Moving `bytes` to another process and back: copied through a pipe (as multiprocessing pickles),
/// and as a view of shared memory (only a small message moves). Times in ms.
struct Transfer {
  double copy_to_ms = 0, copy_back_ms = 0, shared_to_ms = 0, shared_back_ms = 0;
};
Transfer transfer(std::size_t bytes, RunContext& ctx);

/// `tasks` tasks of `size` numbers each: in this process one after another, on a pool of
/// `workers` processes started beforehand, and with a new process for every task.
struct SpawnRow {
  std::uint64_t size = 0;
  double serial_ms = 0, pool_ms = 0, spawn_ms = 0;
};
SpawnRow spawn_or_pool(int tasks, int workers, std::uint64_t size, RunContext& ctx);

}  // namespace llplay::parallel
