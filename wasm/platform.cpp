// The wasm platform hooks the core asks for, installed at startup. Linked into the module and into
// the wasm test executables.
//  - The stack: the shadow stack from emscripten_stack_*, and the JavaScript engine's own stack
//    limit, found by recursing until V8 throws RangeError (caught in JS, stack pointer restored).
//  - The JSON lab's reference: the engine's own JSON.parse plus a JavaScript walk.
//  - The parallel lab's thread limit: the pthread pool's free workers (mt), as no thread beyond
//    them could start while its caller waits.
#include <emscripten.h>
#include <emscripten/stack.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "json/host.hpp"
#include "parallel/threads.hpp"
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

// JSON.parse on the document's bytes, then a walk with an explicit stack (so the exploit cannot
// overflow it) that lists every value of `key` in document order, nested matches after their parent.
// The answer is left in Module and its UTF-8 length returned; llplay_host_json_take copies it out.
// decodeMs (bytes to a JS string) is reported but left out of ms: a page usually has the string.
// (clang-format would split JavaScript's === into == =.)
// clang-format off
EM_JS(int, llplay_host_json, (const char* doc, std::size_t doc_n, const char* key, std::size_t key_n), {
  var answer;
  try {
    var t0 = performance.now();
    var text = new TextDecoder('utf-8', {fatal : true}).decode(HEAPU8.slice(doc, doc + doc_n));
    var name = new TextDecoder('utf-8').decode(HEAPU8.slice(key, key + key_n));
    var t1 = performance.now();
    var root = JSON.parse(text);
    var t2 = performance.now();
    var values = [root], keys = [null], depths = [0], matches = [], nodes = 0, deepest = 0;
    while (values.length > 0) {
      var value = values.pop(), member = keys.pop(), depth = depths.pop();
      nodes++;
      if (member === name) matches.push(value);
      if (value === null || typeof value !== 'object') continue;
      depth++;
      if (depth > deepest) deepest = depth;
      if (Array.isArray(value)) {
        for (var i = value.length - 1; i >= 0; i--) {
          values.push(value[i]);
          keys.push(null);
          depths.push(depth);
        }
      } else {
        var names = Object.keys(value);
        for (var j = names.length - 1; j >= 0; j--) {
          values.push(value[names[j]]);
          keys.push(names[j]);
          depths.push(depth);
        }
      }
    }
    var t3 = performance.now();
    answer = JSON.stringify({
      ok : true,
      count : matches.length,
      nodes : nodes,
      maxDepth : deepest,
      decodeMs : t1 - t0,
      parseMs : t2 - t1,
      walkMs : t3 - t2,
      ms : t3 - t1,
      matches : matches
    });
  } catch (e) {
    answer = JSON.stringify({ok : false, name : String(e && e.name), message : String(e && e.message)});
  }
  Module.llplayHostJson = answer;
  return lengthBytesUTF8(answer);
});
// clang-format on

EM_JS(void, llplay_host_json_take, (char* out, int capacity), {
  stringToUTF8(Module.llplayHostJson, out, capacity);
  Module.llplayHostJson = null;
});

std::string host_json(std::string_view doc, std::string_view key) {
  std::string answer(
      static_cast<std::size_t>(llplay_host_json(doc.data(), doc.size(), key.data(), key.size())), '\0');
  llplay_host_json_take(answer.data(), static_cast<int>(answer.size()) + 1);  // + the terminator
  return answer;
}

#ifdef __EMSCRIPTEN_PTHREADS__
EM_JS(int, llplay_pool_size, (), { return PThread.unusedWorkers.length; });
#else
int llplay_pool_size() { return 0; }
#endif

const bool installed = [] {
  llplay::recursion::set_platform(
      {"wasm shadow stack", position, free_bytes, size_bytes, engine_depth, run_catching});
  llplay::json_lab::set_host_reference({"JSON.parse + JavaScript walk", host_json});
  llplay::parallel::set_thread_limit(llplay_pool_size);
  return true;
}();

}  // namespace
