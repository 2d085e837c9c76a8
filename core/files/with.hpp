// `with`, step by step: the order of __enter__/__exit__ calls of nested context managers (or an ExitStack)
// and what propagates, as CPython runs them; and file descriptors running out when nothing closes the files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../run_context.hpp"

namespace llplay::files {

/// What one context manager does: nothing special, raise in __enter__, raise in __exit__, or suppress (its
/// __exit__ returns True).
enum class Behaviour { ok, enter, exit, suppress };

struct WithRun {
  std::vector<std::string> trace;  ///< the lines the Python program prints, in order
  std::string program;             ///< that program
};

/// Runs managers A, B, C... (at most 8) around a body that raises ValueError or not, as one `with A, B, C:`
/// statement or as an ExitStack, and returns what CPython prints.
WithRun run_with(const std::vector<Behaviour>& managers, bool body_raises, bool exit_stack);

/// How the loop holds on to each file it opens.
enum class Holding {
  with,    ///< `with open(...) as f:`: closed at the end of each iteration
  rebind,  ///< `f = open(...)`: the previous file object's last reference goes, reference counting closes it
  keep,    ///< `files.append(open(...))`: every file stays referenced, none is closed
  cycle,  ///< each file in a reference cycle, with the collector off (gc.disable()): only gc could close them
  traceback,  ///< the file is a local of a function that raised; the caller keeps the exception, whose
              ///< traceback holds the frame, which holds the file
};

struct LeakRun {
  std::int64_t opened = 0;      ///< successful open() calls
  std::int64_t failed_at = -1;  ///< the iteration whose open() raised OSError EMFILE, or -1
  std::int64_t peak_open = 0;   ///< most descriptors open at once (0, 1 and 2 included)
  std::int64_t open_at_end = 0;
  std::string error;    ///< the exception as CPython prints it, when one was raised
  std::string program;  ///< the Python this models
};

/// Opens a file `iterations` times with a descriptor limit of `limit` (RLIMIT_NOFILE; 0, 1 and 2 are taken).
LeakRun run_leak(Holding holding, std::int64_t iterations, std::int64_t limit, RunContext& ctx);

}  // namespace llplay::files
