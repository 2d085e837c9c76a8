// The JavaScript half of wasm/parallel.cpp (linked into the parallel module): how many pthread workers
// the pool has free, in the mt build.
mergeInto(LibraryManager.library, {
  llplay_pool_size: function () {
    return typeof PThread === 'undefined' ? 0 : PThread.unusedWorkers.length;
  },
});
