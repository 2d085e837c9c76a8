// What the platform says about the calling thread's stack: where it is, how much is left, and
// (in wasm) how deep the JavaScript engine's own stack lets a recursion go.
#pragma once

#include <cstddef>
#include <cstdint>

namespace llplay::recursion {

/// The recursion every stack measurement uses: `depth` frames of `frame_bytes` of locals each.
/// Returns the depth reached; stops early (returning less) when the stack has fewer than `reserve`
/// bytes left, so it can never overflow the stack it measures.
using Recurse = int (*)(int depth, int frame_bytes, int reserve);

struct StackPlatform {
  const char* stack_name;        ///< "native thread stack" or "wasm shadow stack"
  std::uintptr_t (*position)();  ///< the stack pointer now (stacks grow down)
  std::size_t (*free_bytes)();   ///< bytes left below position()
  std::size_t (*size_bytes)();   ///< the whole stack of this thread
  /// The deepest `recurse(depth, frame_bytes, ...)` the JavaScript engine's stack allows from here,
  /// found by trying and catching its RangeError; nullptr where there is no second stack (native).
  std::int64_t (*engine_depth)(Recurse recurse, int frame_bytes, std::size_t reserve);
  /// Runs body(arg) and returns false if the JavaScript engine's stack overflowed on the way: its
  /// RangeError is caught in JS and the stack pointer restored. The frames in between get no
  /// cleanup, so `body` must own nothing that needs a destructor. nullptr natively.
  bool (*run_catching)(void (*body)(void*), void* arg);
};

/// body(arg), with the engine's stack overflow caught where there is one (see run_catching).
bool run_catching(void (*body)(void*), void* arg);

/// Runs `fn` (no arguments, no result) that way: false if the engine's stack overflowed.
template <class Fn>
bool run_catching(Fn& fn) {
  return run_catching([](void* f) { (*static_cast<Fn*>(f))(); }, &fn);
}

/// The wasm bindings install theirs at startup; natively the thread's pthread bounds are used.
void set_platform(const StackPlatform& platform);
const StackPlatform& platform();

}  // namespace llplay::recursion
