// The JavaScript half of wasm/stack.cpp (linked with --js-library into every module): the engine's own
// stack overflows as a RangeError, which only JavaScript can catch. Both functions restore the shadow
// stack pointer, which the RangeError left wherever the deepest frame had put it.
mergeInto(LibraryManager.library, {
  // Calls recurse(depth, frameBytes, reserve) through the function table: 1 if the engine's stack held,
  // 0 after a RangeError. Runs on the calling thread (a pthread too).
  llplay_engine_try: function (recurse, depth, frameBytes, reserve) {
    var sp = stackSave();
    try {
      getWasmTableEntry(recurse)(depth, frameBytes, reserve);
      return 1;
    } catch (e) {
      stackRestore(sp);
      if (e instanceof RangeError) return 0;
      throw e;
    }
  },

  // The same catch around any body(arg): see llplay::stack::Platform::run_catching.
  llplay_run_catching: function (body, arg) {
    var sp = stackSave();
    try {
      getWasmTableEntry(body)(arg);
      return 1;
    } catch (e) {
      stackRestore(sp);
      if (e instanceof RangeError) return 0;
      throw e;
    }
  },
});
