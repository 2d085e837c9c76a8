// The calling thread's stack as the platform reports it, and the guard every recursion on learner input
// uses: stop with guard_reserve bytes still free, and (in wasm) catch the JavaScript engine's own overflow.
#pragma once

#include <cstddef>
#include <cstdint>

namespace llplay::stack {

/// A recursion of `depth` frames of `frame_bytes` of locals each, which stops early (returning the depth
/// it reached) when fewer than `reserve` bytes are left: what engine_depth() probes with.
using Recurse = int (*)(int depth, int frame_bytes, int reserve);

struct Platform {
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

/// Why a guarded recursion stopped before its target.
enum class Stop {
  none,
  soft_limit,  ///< past a limit like sys.setrecursionlimit: CPython's RecursionError
  stack,       ///< fewer than guard_reserve bytes left: where CPython, its limit raised, would crash
  engine,      ///< wasm: the JavaScript engine's own stack is nearly full
};

/// The bytes every guard keeps free: room for the checks themselves, library calls and signals.
constexpr std::size_t guard_reserve = 32 * 1024;

/// body(arg), with the engine's stack overflow caught where there is one (see Platform::run_catching).
bool run_catching(void (*body)(void*), void* arg);

/// Runs `fn` (no arguments, no result) that way: false if the engine's stack overflowed.
template <class Fn>
bool run_catching(Fn& fn) {
  return run_catching([](void* f) { (*static_cast<Fn*>(f))(); }, &fn);
}

/// The largest native stack the guards believe: 256 MB, or 8 MB (Linux's default) when the stack limit is
/// unlimited, where glibc reports the main thread's stack as reaching the next mapping (gigabytes) and
/// a guarded recursion trusting it would crash or take gigabytes before it stopped.
constexpr std::size_t max_assumed = std::size_t{256} << 20;
constexpr std::size_t default_main = std::size_t{8} << 20;
/// The stack size the native platform assumes for a thread that reports `reported` bytes.
std::size_t assumed_size(std::size_t reported, bool unlimited);

/// The wasm modules install theirs at startup (wasm/stack.cpp); natively the thread's pthread bounds.
void set_platform(const Platform& platform);
const Platform& platform();

}  // namespace llplay::stack
