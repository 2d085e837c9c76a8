// Wall time against CPU time, with the clocks this platform really has.
#include "clocks.hpp"

#include <cerrno>
#include <chrono>
#include <ctime>
#include <thread>

#include "kernels.hpp"

namespace llplay::profile {

namespace {

/// The process's CPU time in ms, or nothing (errno kept) where the platform has no such clock.
std::optional<double> cpu_now(int& error) {
  timespec ts{};
  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0) {
    error = errno;
    return std::nullopt;
  }
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}

double clock_now() { return static_cast<double>(std::clock()) * 1e3 / CLOCKS_PER_SEC; }

}  // namespace

Clocks wall_and_cpu(std::int64_t wait_ms, int fib_n, RunContext& ctx) {
  Clocks out;
  out.wait_ms = wait_ms;
  out.fib_n = fib_n;
  int error = 0;
  out.cpu_clock = cpu_now(error).has_value();
  if (!out.cpu_clock) out.cpu_error = error == EINVAL ? "EINVAL" : "errno " + std::to_string(error);

  // llplay:source profile.clocks
  auto measure = [&](Clocked& c, auto work) {
    int ignored = 0;
    auto w0 = std::chrono::steady_clock::now();
    std::optional<double> c0 = cpu_now(ignored);
    double k0 = clock_now();
    work();
    double k1 = clock_now();
    std::optional<double> c1 = cpu_now(ignored);
    c.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - w0).count();
    if (c0 && c1) c.cpu_ms = *c1 - *c0;
    c.clock_ms = k1 - k0;
  };
  // def waits(): time.sleep(wait)      (slices of 10 ms, so a cancel lands within one)
  measure(out.waits, [&] {
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
    while (std::chrono::steady_clock::now() < end) {
      ctx.checkpoint(
          0.5 *
          (1 - std::chrono::duration<double, std::milli>(end - std::chrono::steady_clock::now()).count() /
                   static_cast<double>(wait_ms > 0 ? wait_ms : 1)));
      auto left = end - std::chrono::steady_clock::now();
      std::this_thread::sleep_for(
          std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(10)));
    }
  });
  // def computes(): fib(n)
  measure(out.computes, [&] {
    Bare bare;
    out.fib = fib(bare, fib_n);
  });
  // llplay:end
  ctx.checkpoint(1);
  return out;
}

}  // namespace llplay::profile
