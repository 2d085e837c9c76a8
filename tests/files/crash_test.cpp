// The files lab's crash model and `with` model: which crash points lose or tear data for each way of writing,
// and the call order of context managers (tests/files/with_cpython_test.py checks every order against
// CPython).
#include "files/crash.hpp"

#include <gtest/gtest.h>

#include "files/with.hpp"

namespace llplay::files {
namespace {

struct Tally {
  int old_only = 0, torn = 0, empty = 0, missing = 0, new_guaranteed_from = -1;
};

Tally tally(const CrashRun& run) {
  Tally t;
  for (const CrashPoint& p : run.points) {
    if (p.old_file == p.ways) ++t.old_only;
    t.torn += p.torn;
    t.empty += p.empty;
    t.missing += p.missing;
    if (p.new_file == p.ways && t.new_guaranteed_from < 0) t.new_guaranteed_from = p.after;
  }
  return t;
}

TEST(files_crash, writing_in_place_can_tear_and_empty_the_file) {
  CrashPlan plan;
  plan.method = WriteMethod::in_place;
  CrashRun run = run_crashes(plan, -1);
  Tally t = tally(run);
  EXPECT_GT(t.torn, 0);
  EXPECT_GT(t.empty, 0);
  EXPECT_EQ(t.missing, 0);
  // After open('w') the old data may already be gone: no crash point after it guarantees the old file.
  EXPECT_EQ(t.old_only, 1);
  // Only the fsync makes the new data certain.
  EXPECT_EQ(run.steps[static_cast<std::size_t>(t.new_guaranteed_from) - 1],
            "f.flush(); os.fsync(f.fileno())");
}

TEST(files_crash, write_fsync_replace_dirfsync_leaves_old_or_new_never_a_mix) {
  CrashRun run = run_crashes(CrashPlan{}, -1);
  Tally t = tally(run);
  EXPECT_EQ(t.torn, 0);
  EXPECT_EQ(t.empty, 0);
  EXPECT_EQ(t.missing, 0);
  for (const CrashPoint& p : run.points) EXPECT_EQ(p.old_file + p.new_file, p.ways) << p.after;
  EXPECT_EQ(t.new_guaranteed_from, static_cast<int>(run.steps.size()));  // after the directory fsync
}

TEST(files_crash, without_the_file_fsync_the_renamed_file_can_be_empty_or_torn) {
  CrashPlan plan;
  plan.fsync_file = false;
  Tally t = tally(run_crashes(plan, -1));
  EXPECT_GT(t.empty + t.torn, 0);
  EXPECT_EQ(t.new_guaranteed_from, -1);  // nothing ever makes the new data certain
}

TEST(files_crash, without_the_directory_fsync_the_rename_may_be_lost) {
  CrashPlan plan;
  plan.fsync_dir = false;
  CrashRun run = run_crashes(plan, -1);
  Tally t = tally(run);
  EXPECT_EQ(t.torn + t.empty + t.missing, 0);
  EXPECT_EQ(t.new_guaranteed_from, -1);
  EXPECT_GT(run.points.back().old_file, 0);  // the program finished, and the old file can still come back
}

TEST(files_crash, replace_across_filesystems_fails_and_copies_nothing) {
  CrashPlan plan;
  plan.tmp_elsewhere = true;
  CrashRun run = run_crashes(plan, -1);
  EXPECT_EQ(run.error,
            "OSError: [Errno 18] Invalid cross-device link: '/mnt/scratch/data.txt.tmp' -> 'data.txt'");
  for (const CrashPoint& p : run.points) EXPECT_EQ(p.old_file, p.ways);
}

TEST(files_crash, one_crash_point) {
  CrashRun run = run_crashes(CrashPlan{}, 3);
  ASSERT_EQ(run.points.size(), 1u);
  EXPECT_EQ(run.points[0].after, 3);
}

TEST(files_with, exits_run_in_reverse_and_see_what_propagates) {
  WithRun w = run_with({Behaviour::ok, Behaviour::exit, Behaviour::suppress}, true, false);
  EXPECT_EQ(w.trace, (std::vector<std::string>{"A.__enter__()", "B.__enter__()", "C.__enter__()", "body",
                                               "C.__exit__(ValueError('body failed'))", "B.__exit__(None)",
                                               "A.__exit__(RuntimeError('B: exit failed'))",
                                               "propagates: RuntimeError('B: exit failed')"}));
  WithRun e = run_with({Behaviour::ok, Behaviour::enter, Behaviour::ok}, false, true);
  EXPECT_EQ(e.trace, (std::vector<std::string>{"A.__enter__()", "B.__enter__()",
                                               "A.__exit__(OSError('B: enter failed'))",
                                               "propagates: OSError('B: enter failed')"}));
}

TEST(files_with, descriptors_run_out_only_when_nothing_closes_them) {
  RunContext ctx;
  EXPECT_EQ(run_leak(Holding::with, 100000, 1024, ctx).failed_at, -1);
  EXPECT_EQ(run_leak(Holding::rebind, 100000, 1024, ctx).peak_open, 5);
  for (Holding h : {Holding::keep, Holding::cycle, Holding::traceback}) {
    LeakRun l = run_leak(h, 2000, 1024, ctx);
    EXPECT_EQ(l.opened, 1021);
    EXPECT_EQ(l.error, "OSError: [Errno 24] Too many open files: 'data.txt'");
  }
}

}  // namespace
}  // namespace llplay::files
