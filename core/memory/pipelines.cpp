// The two pipelines, measured with the counting allocator.
#include "pipelines.hpp"

#include <chrono>
#include <vector>

#include "../heap.hpp"
#include "../timing.hpp"

// libc++ 13 (Emscripten 3.1.6) has coroutines only as the TS header, which clang 14 accepts with a warning.
#if defined(__clang__) && !__has_include(<coroutine>)
#pragma clang diagnostic ignored "-Wdeprecated-experimental-coroutine"
#endif

namespace llplay::memory {

namespace {

using timing::ms_since;

}  // namespace

// llplay:source memory.lazy memory.lazy-sweep
// noinline: inlined, clang may put the coroutine's frame on the stack (heap allocation elision) and the
// generator would cost no heap at all; kept out of line it is a heap object, as a Python generator is.
[[gnu::noinline]] static Generator<std::uint64_t> squares(std::uint64_t n,
                                                          RunContext& ctx) {  // (x * x for x in range(n))
  for (std::uint64_t x = 0; x < n; ++x) {
    if ((x & 0xfffff) == 0) ctx.checkpoint(static_cast<double>(x) / static_cast<double>(n));
    std::uint64_t square = x * x;
    co_yield square;
  }
}

Pipeline eager(std::uint64_t n, RunContext& ctx) {
  Pipeline out;
  heap::PeakMeter meter;
  auto t0 = timing::Clock::now();
  {
    std::vector<std::uint64_t> all;  // [x * x for x in range(n)]: all of them, then the sum
    for (std::uint64_t x = 0; x < n; ++x) {
      if ((x & 0xfffff) == 0) ctx.checkpoint(static_cast<double>(x) / static_cast<double>(n));
      all.push_back(x * x);
    }
    for (std::uint64_t v : all) out.sum += v;
  }
  out.ms = ms_since(t0);
  out.peak_bytes = meter.bytes();
  return out;
}

Pipeline lazy(std::uint64_t n, RunContext& ctx, u128* second_pass) {
  Pipeline out;
  heap::PeakMeter meter;
  auto t0 = timing::Clock::now();
  {
    Generator<std::uint64_t> gen = squares(n, ctx);  // nothing computed yet
    for (std::uint64_t v; gen.next(v);) out.sum += v;
    if (second_pass != nullptr) {  // the trap: the same generator, looped over again
      *second_pass = 0;
      for (std::uint64_t v; gen.next(v);) *second_pass += v;
    }
  }
  out.ms = ms_since(t0);
  out.peak_bytes = meter.bytes();
  return out;
}
// llplay:end

}  // namespace llplay::memory
