// The wasm stack platform: the shadow stack from emscripten_stack_*, and the JavaScript engine's own
// stack limit, found by recursing until V8 throws RangeError (caught in JS, stack pointer restored).
// Linked into the module and into the wasm test executables; installs itself at startup.
#include <emscripten.h>
#include <emscripten/stack.h>

#include <cstdint>

#include "recursion/stack.hpp"

namespace {

using llplay::recursion::Recurse;
using Body = void (*)(void*);  // EM_JS parameters must be plain names

// Calls recurse(depth, frame_bytes, reserve) through the function table and reports whether the
// engine's stack held: 1, or 0 after a RangeError. Runs on the calling thread (a pthread too).
EM_JS(int, llplay_engine_try, (Recurse recurse, int depth, int frame_bytes, int reserve), {
  var sp = stackSave();
  try {
    getWasmTableEntry(recurse)(depth, frame_bytes, reserve);
    return 1;
  } catch (e) {
    stackRestore(sp); /* the RangeError skipped every frame epilogue */
    if (e instanceof RangeError) return 0;
    throw e;
  }
});

// The same catch around any body: see StackPlatform::run_catching.
EM_JS(int, llplay_run_catching, (Body body, void* arg), {
  var sp = stackSave();
  try {
    getWasmTableEntry(body)(arg);
    return 1;
  } catch (e) {
    stackRestore(sp);
    if (e instanceof RangeError) return 0;
    throw e;
  }
});

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
  llplay::recursion::set_platform(
      {"wasm shadow stack", position, free_bytes, size_bytes, engine_depth, run_catching});
  return true;
}();

}  // namespace
