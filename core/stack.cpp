// The stack platform: natively the calling thread's bounds (pthread_getattr_np); wasm installs its own.
#include "stack.hpp"

#include <pthread.h>
#include <sys/resource.h>

#include <algorithm>

namespace llplay::stack {

namespace {

struct Bounds {
  std::uintptr_t low = 0;
  std::size_t size = 0;
};

}  // namespace

std::size_t assumed_size(std::size_t reported, bool unlimited) {
  return std::min(reported, unlimited ? default_main : max_assumed);
}

namespace {

/// This thread's stack, read once per thread. With `ulimit -s unlimited` glibc reports the main thread's
/// stack as reaching down to the next mapping, gigabytes that the kernel may not let it grow into: the
/// guards then assume at most Linux's default 8 MB below the top (see assumed_size).
const Bounds& bounds() {
  thread_local Bounds b = [] {
    Bounds out;
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      void* addr = nullptr;
      std::size_t size = 0;
      if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
        std::uintptr_t top = reinterpret_cast<std::uintptr_t>(addr) + size;
        rlimit limit{};
        bool unlimited = getrlimit(RLIMIT_STACK, &limit) == 0 && limit.rlim_cur == RLIM_INFINITY;
        out.size = assumed_size(size, unlimited);
        out.low = top - out.size;
      }
      pthread_attr_destroy(&attr);
    }
    return out;
  }();
  return b;
}

std::uintptr_t native_position() { return reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0)); }

std::size_t native_free() {
  std::uintptr_t here = native_position(), low = bounds().low;
  return here > low ? here - low : 0;
}

std::size_t native_size() { return bounds().size; }

Platform current{"native thread stack", native_position, native_free, native_size, nullptr, nullptr};

}  // namespace

void set_platform(const Platform& platform) { current = platform; }
const Platform& platform() { return current; }

bool run_catching(void (*body)(void*), void* arg) {
  if (current.run_catching != nullptr) return current.run_catching(body, arg);
  body(arg);
  return true;
}

}  // namespace llplay::stack
