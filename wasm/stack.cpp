// The wasm stack platform, installed at startup in every module and in the wasm tests: the shadow stack
// from emscripten_stack_*, and the JavaScript engine's own stack limit, found by recursing until V8
// throws RangeError (caught in wasm/stack.js, the stack pointer restored).
#include "stack.hpp"

#include <emscripten/stack.h>

#include <cstdint>

namespace {

using llplay::stack::Recurse;
using Body = void (*)(void*);

extern "C" {
int llplay_engine_try(Recurse recurse, int depth, int frame_bytes, int reserve);  // wasm/stack.js
int llplay_run_catching(Body body, void* arg);                                    // wasm/stack.js
}

bool run_catching(Body body, void* arg) { return llplay_run_catching(body, arg) != 0; }

std::int64_t engine_depth(Recurse recurse, int frame_bytes, std::size_t reserve) {
  // Double until the engine throws (or the shadow stack stops the recursion first), then bisect.
  int ok = 0, fails = 0;
  for (int depth = 512; depth <= (1 << 26); depth *= 2) {
    if (!llplay_engine_try(recurse, depth, frame_bytes, static_cast<int>(reserve))) {
      fails = depth;
      break;
    }
    ok = depth;
  }
  if (fails == 0) return 0;  // never threw: the shadow stack is the limit
  while (fails - ok > 1) {
    int mid = ok + (fails - ok) / 2;
    (llplay_engine_try(recurse, mid, frame_bytes, static_cast<int>(reserve)) ? ok : fails) = mid;
  }
  return ok;
}

std::uintptr_t position() { return emscripten_stack_get_current(); }
std::size_t free_bytes() { return emscripten_stack_get_free(); }
std::size_t size_bytes() { return emscripten_stack_get_base() - emscripten_stack_get_end(); }

const bool installed = [] {
  llplay::stack::set_platform(
      {"wasm shadow stack", position, free_bytes, size_bytes, engine_depth, run_catching});
  return true;
}();

}  // namespace
