// Eager against lazy: square n numbers and sum them, materialising the squares first, or with a
// generator (a C++20 coroutine) that computes each one when it is asked for.
#pragma once

#include <cstdint>
#include <exception>
#include <utility>

#include "../run_context.hpp"

#if __has_include(<coroutine>)
#include <coroutine>
namespace llplay::memory::coro {
using std::coroutine_handle;
using std::suspend_always;
}  // namespace llplay::memory::coro
#else  // libc++ 13 (Emscripten 3.1.6) has coroutines only as a TS
#include <experimental/coroutine>
namespace llplay::memory::coro {
using std::experimental::coroutine_handle;
using std::experimental::suspend_always;
}  // namespace llplay::memory::coro
#endif

namespace llplay::memory {

/// A minimal generator: the coroutine's frame is allocated with operator new (so the heap counter
/// sees it) and runs only as far as the next value. Like a Python generator, it can be consumed
/// once: a second loop over it finds it exhausted.
template <class T>
class Generator {
 public:
  struct promise_type {
    T value{};
    std::exception_ptr failure;
    Generator get_return_object() {
      return Generator(coro::coroutine_handle<promise_type>::from_promise(*this));
    }
    coro::suspend_always initial_suspend() noexcept { return {}; }
    coro::suspend_always final_suspend() noexcept { return {}; }
    coro::suspend_always yield_value(T v) noexcept {
      value = v;
      return {};
    }
    void return_void() noexcept {}
    void unhandled_exception() { failure = std::current_exception(); }
  };

  explicit Generator(coro::coroutine_handle<promise_type> h) : handle_(h) {}
  Generator(Generator&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Generator(const Generator&) = delete;
  Generator& operator=(const Generator&) = delete;
  Generator& operator=(Generator&&) = delete;
  ~Generator() {
    if (handle_) handle_.destroy();
  }

  /// The next value into `out`, or false once exhausted (and every time after).
  bool next(T& out) {
    if (!handle_ || handle_.done()) return false;
    handle_.resume();
    if (handle_.promise().failure) std::rethrow_exception(handle_.promise().failure);
    if (handle_.done()) return false;
    out = handle_.promise().value;
    return true;
  }

 private:
  coro::coroutine_handle<promise_type> handle_;
};

__extension__ typedef unsigned __int128 u128;

struct Pipeline {
  u128 sum = 0;
  std::size_t peak_bytes = 0;  ///< heap at its peak above where it started (counted)
  double ms = 0;
};

/// sum([x * x for x in range(n)]): every square stored in a vector first (grown as push_back grows it).
Pipeline eager(std::uint64_t n, RunContext& ctx);

/// sum(x * x for x in range(n)): one square at a time from a coroutine. `second_pass` is what a
/// second loop over the same, now exhausted, generator sums: 0.
Pipeline lazy(std::uint64_t n, RunContext& ctx, u128* second_pass = nullptr);

}  // namespace llplay::memory
