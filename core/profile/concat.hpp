// The concat trap: `s += piece` in a loop, modelled on CPython's in-place resize, with and without an
// observer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../python_version.hpp"
#include "../run_context.hpp"
#include "../timing.hpp"

namespace llplay::profile {

/// What watches the loop: nothing, cProfile, or a Python trace function (sys.settrace, line events on).
enum class Watcher { none, cprofile, settrace };

/// What a watcher does to `s += piece` in CPython `v` (measured with id(s) across each += in 3.10–3.13,
/// tests/profile/concat_cpython_test.py):
///   specialised: whether the in-place instruction runs at all. 3.11 runs the generic BINARY_OP while any
///     profiler or tracer is on, and the generic str + always builds a new string.
///   extra_reference: whether the watcher holds a reference to the old string. A 3.10 Python trace function
///     gets frame.f_locals, a dict that keeps every local alive, so the string's refcount is never the
///     local's alone.
struct WatcherEffect {
  bool specialised = true;
  bool extra_reference = false;
  std::string why;
};
WatcherEffect watcher_effect(Watcher w, python::Version v);

/// One way of building the string, measured.
struct Build {
  timing::Repeated time;
  std::int64_t bytes_copied = 0;  ///< bytes memcpy'd: the pieces, plus whole strings when += copied
  std::int64_t copies = 0;        ///< += that built a new string (the old one copied whole)
  std::int64_t moved = 0;         ///< in-place resizes whose realloc moved the block (also copies)
};

struct ConcatRow {
  std::int64_t n = 0;
  Build plain, watched, join;
};

struct Concat {
  WatcherEffect effect;
  std::int64_t piece_bytes = 0;
  std::vector<ConcatRow> rows;  ///< n/8, n/4, n/2, n
};

/// `s += piece` n times (bare, and under the watcher) and ''.join of n pieces, for n/8, n/4, n/2 and n.
Concat concat(std::int64_t n, const std::string& piece, Watcher w, python::Version v, RunContext& ctx);

}  // namespace llplay::profile
