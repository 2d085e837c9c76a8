// The files lab's walk and read counts: the shape of the tree, what each walker costs per version, the budget
// and cancel (tests/files/walk_cpython_test.py checks every count against CPython under strace).
#include "files/walk.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "error.hpp"

namespace llplay::files {
namespace {

const WalkerCount& walker(const WalkRun& run, const std::string& name) {
  for (const WalkerCount& w : run.walkers)
    if (w.name == name) return w;
  throw std::runtime_error("no walker " + name);
}

TEST(files_walk, the_tree_has_the_shape_asked_for) {
  TreeShape shape;
  shape.depth = 2;
  shape.fanout = 3;
  shape.files = 0;
  shape.links = 2;
  RunContext ctx;
  WalkRun run = count_walks(shape, 13, ctx);
  EXPECT_EQ(run.dirs, 1 + 3 + 9);
  EXPECT_EQ(run.links, 2 * 13);
  EXPECT_EQ(run.entries, 12 + 26);
  ASSERT_TRUE(run.layout_complete);
  EXPECT_EQ(static_cast<std::int64_t>(run.layout.size()), run.entries);
  // Every walker counts every entry once; rglob reads each directory twice, the others once.
  for (const WalkerCount& w : run.walkers) EXPECT_EQ(w.yielded, run.entries);
  EXPECT_EQ(walker(run, "Path.rglob").calls.openat, 2 * run.dirs);
  EXPECT_EQ(walker(run, "os.walk").calls.openat, run.dirs);
  // os.walk: a stat for every link (is_dir() follows it), an lstat for every name in dirs (islink()).
  EXPECT_EQ(walker(run, "os.walk").calls.stat, run.links);
  EXPECT_EQ(walker(run, "os.walk").calls.lstat, (run.dirs - 1) + run.links / 2);
  EXPECT_EQ(walker(run, "os.scandir").calls.stat + walker(run, "os.scandir").calls.lstat, 0);
}

TEST(files_walk, files_are_seeded_and_average_the_mean) {
  TreeShape shape;
  shape.depth = 1;
  shape.fanout = 200;
  shape.files = 50;
  RunContext ctx;
  WalkRun a = count_walks(shape, 13, ctx), b = count_walks(shape, 13, ctx);
  EXPECT_EQ(a.files, b.files);
  EXPECT_NEAR(static_cast<double>(a.files) / static_cast<double>(a.dirs), 50.0, 6.0);
  shape.seed = 2;
  EXPECT_NE(count_walks(shape, 13, ctx).files, a.files);
}

TEST(files_walk, rglob_changed_between_versions) {
  TreeShape shape;
  shape.depth = 1;
  shape.fanout = 2;
  shape.links = 4;
  RunContext ctx;
  auto stats = [&](int minor) { return walker(count_walks(shape, minor, ctx), "Path.rglob").calls.stat; };
  EXPECT_EQ(stats(10), 1 + 3 * 4);  // the top's is_dir(), and is_dir() following each link
  EXPECT_EQ(stats(11), 1);
  EXPECT_EQ(stats(12), 1);
  EXPECT_EQ(stats(13), 0);  // glob.py's _Globber starts with scandir, no is_dir() first
}

TEST(files_walk, sizes_cost_an_lstat_per_entry_that_is_not_a_directory) {
  TreeShape shape;
  shape.depth = 1;
  shape.fanout = 2;
  shape.files = 10;
  shape.links = 1;
  shape.sizes = true;
  RunContext ctx;
  WalkRun run = count_walks(shape, 12, ctx);
  EXPECT_EQ(walker(run, "os.scandir").calls.lstat, run.files + run.links);
  EXPECT_EQ(walker(run, "Path.rglob").calls.lstat, run.entries);
}

TEST(files_walk, getdents_reads_32_kib_of_records_at_a_time) {
  TreeShape shape;
  shape.depth = 0;
  shape.files = 0;
  RunContext ctx;
  // One empty directory: '.' and '..', then a call that returns 0.
  EXPECT_EQ(walker(count_walks(shape, 13, ctx), "os.walk").calls.getdents, 2);
  shape.links = 100;
  EXPECT_EQ(walker(count_walks(shape, 13, ctx), "os.walk").calls.getdents, 2);
}

TEST(files_walk, more_than_a_million_entries_is_refused) {
  TreeShape shape;
  shape.depth = 6;
  shape.fanout = 10;
  shape.files = 0;
  RunContext ctx;
  try {
    count_walks(shape, 13, ctx);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::LimitExceeded);
  }
  shape.depth = 5;
  shape.files = 7;
  WalkRun run = count_walks(shape, 13, ctx);
  EXPECT_LE(run.entries, max_tree_entries);
  EXPECT_FALSE(run.layout_complete);
  EXPECT_TRUE(run.layout.empty());
}

TEST(files_walk, cancel_stops_a_large_walk) {
  std::atomic<std::uint32_t> word{7};
  RunContext ctx({}, &word, 7);
  TreeShape shape;
  shape.depth = 5;
  shape.fanout = 10;
  shape.files = 1;
  try {
    count_walks(shape, 13, ctx);
    FAIL() << "not cancelled";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::Cancelled);
  }
}

TEST(files_stream, whole_holds_the_file_chunks_hold_two_chunks) {
  StreamRun s = count_reads(10737418240, 65536, 13);
  ASSERT_EQ(s.ways.size(), 2u);
  const ReadCount &whole = s.ways[0], &chunks = s.ways[1];
  EXPECT_EQ(whole.peak_bytes, 4096 + 10737418240 + 1);
  EXPECT_EQ(whole.reads, 5 + 1 + 1);  // at most 0x7ffff000 bytes a read, then the read that returns 0
  EXPECT_EQ(chunks.peak_bytes, 4096 + 2 * 65537);
  EXPECT_EQ(chunks.reads, 163840 + 1);
  // A short last chunk reads once more before it returns.
  EXPECT_EQ(count_reads(65536 * 3 + 100, 65536, 13).ways[1].reads, 3 + 2 + 1);
}

TEST(files_stream, chunks_must_be_multiples_of_8192) {
  for (std::int64_t bad :
       {std::int64_t{0}, std::int64_t{4096}, std::int64_t{10000}, (std::int64_t{1} << 30) + 8192}) {
    try {
      count_reads(100, bad, 13);
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::BadParams);
    }
  }
}

}  // namespace
}  // namespace llplay::files
