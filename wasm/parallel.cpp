// The parallel lab's hook in its module: the most threads a demo may start is the pthread pool's free
// workers (mt; wasm/parallel.js), as no thread beyond them could start while its caller waits. st: none.
#include "parallel/threads.hpp"

namespace {

extern "C" int llplay_pool_size();  // wasm/parallel.js

int pool_size() {
#ifdef __EMSCRIPTEN_PTHREADS__
  return llplay_pool_size();
#else
  return 0;
#endif
}

const bool installed = [] {
  llplay::parallel::set_thread_limit(pool_size);
  return true;
}();

}  // namespace
