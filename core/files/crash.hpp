// Writes that survive a crash: a small in-memory filesystem with a page cache, write, fsync, rename and a
// directory fsync, and a crash placed after any step. The model's one rule: whatever was not fsynced may or
// may not have reached the disk, in any combination of pages; directory operations reach it in the order they
// ran.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace llplay::files {

enum class WriteMethod {
  in_place,  ///< open('data.txt', 'w'), write, (fsync), close
  replace,   ///< write data.txt.tmp, (fsync), close, os.replace to data.txt, (fsync the directory)
};

struct CrashPlan {
  WriteMethod method = WriteMethod::replace;
  bool fsync_file = true;
  bool fsync_dir = true;
  bool tmp_elsewhere = false;  ///< the temporary file on another mounted filesystem: os.replace fails (EXDEV)
  int old_pages = 2;           ///< what data.txt held before, in pages (1..4)
  int new_pages = 3;           ///< what the program writes, in pages (1..4)
};

/// What data.txt can be after one crash point, counted over every way the unsynced state could have landed.
struct CrashPoint {
  int after = 0;     ///< the crash comes after this many steps (0: before the first)
  std::string step;  ///< the Python of that step ("" for 0)
  int old_file = 0, new_file = 0, empty = 0, torn = 0, missing = 0;  ///< ways that end so
  int ways = 0;
};

struct CrashRun {
  std::vector<std::string> steps;  ///< the program, one line a step
  std::vector<CrashPoint> points;  ///< one per crash point
  std::string error;     ///< where a step raised (os.replace across filesystems), as CPython prints it
  int failed_step = -1;  ///< that step's index
};

/// Runs the plan's steps with a crash after each step in turn (or only after `crash_after`, if >= 0).
CrashRun run_crashes(const CrashPlan& plan, int crash_after);

}  // namespace llplay::files
