// The stack platform: natively the calling thread's bounds (pthread_getattr_np); wasm installs its own.
#include "stack.hpp"

#include <pthread.h>

namespace llplay::stack {

namespace {

struct Bounds {
  std::uintptr_t low = 0;
  std::size_t size = 0;
};

/// This thread's stack, read once per thread.
const Bounds& bounds() {
  thread_local Bounds b = [] {
    Bounds out;
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      void* addr = nullptr;
      std::size_t size = 0;
      if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
        out.low = reinterpret_cast<std::uintptr_t>(addr);
        out.size = size;
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
