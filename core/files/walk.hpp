// Walking a tree: the system calls os.walk, a hand-written os.scandir walk and Path.rglob('*') make on a
// generated tree, as each CPython version's os.py and pathlib make them on Linux (glibc); and reading a large
// file whole or in chunks: its read calls and the model's peak buffer bytes.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "../run_context.hpp"

namespace llplay::files {

/// A generated tree: `depth` levels of directories below the top, `fanout` subdirectories in each directory
/// above the last level, a seeded number of files in each (0 to 2 × `files`, `files` on average) and
/// `links` symbolic links in each (even ones to '..', a directory; odd ones to a name that does not exist).
/// Every name is 8 characters (d0000001, f0000001, l0000001), so every directory record is 32 bytes.
struct TreeShape {
  int depth = 3;
  int fanout = 10;
  int files = 20;
  int links = 0;
  std::uint64_t seed = 1;
  bool sizes = false;  ///< each walker also reads the size of every non-directory
};

/// The system calls one walk makes, by name as strace shows them on Linux x86-64.
struct Syscalls {
  std::int64_t openat = 0;    ///< opendir(): open the directory
  std::int64_t fstat = 0;     ///< opendir(): glibc checks the descriptor is a directory
  std::int64_t getdents = 0;  ///< getdents64: 32 KiB of records a call, then one that returns 0
  std::int64_t close = 0;     ///< closedir()
  std::int64_t stat = 0;      ///< stat(): follows a symbolic link
  std::int64_t lstat = 0;     ///< lstat(): the link itself
  std::int64_t total() const { return openat + fstat + getdents + close + stat + lstat; }
};

struct WalkerCount {
  std::string name;     ///< "os.walk", "os.scandir", "Path.rglob"
  std::string program;  ///< the Python this models
  Syscalls calls;
  std::int64_t yielded = 0;  ///< entries the walk counts (every entry below the top)
  std::int64_t scans = 0;    ///< directories opened (a directory may be read twice)
  std::int64_t largest_list =
      0;  ///< most entries held in one list at once (os.walk's names, rglob's DirEntrys)
};

struct WalkRun {
  std::int64_t dirs = 0;     ///< directories, the top included
  std::int64_t files = 0;    ///< regular files
  std::int64_t links = 0;    ///< symbolic links
  std::int64_t entries = 0;  ///< everything below the top
  std::int64_t largest_dir = 0;
  std::vector<WalkerCount> walkers;
  /// The tree as (path relative to the top, kind 'd', 'f', 'l', link target) when it has at most
  /// `max_layout` entries (what the tests build for real); empty otherwise.
  std::vector<std::pair<std::string, std::string>> layout;
  bool layout_complete = false;
};

constexpr std::int64_t max_tree_entries = 1000000;
constexpr std::int64_t max_layout = 5000;

/// Counts each walker's system calls on the tree, as CPython 3.<minor> makes them. Throws LimitExceeded
/// past 10⁶ entries. No recursion on the tree's shape: one explicit stack.
WalkRun count_walks(const TreeShape& shape, int minor, RunContext& ctx);

/// One way of reading a file: `data = f.read()`, or `while chunk := f.read(n)`.
struct ReadCount {
  std::string name;
  std::string program;
  std::int64_t reads = 0;  ///< read(2) calls
  std::int64_t lseek = 0;  ///< open()'s tell, and readall's
  std::int64_t fstat = 0;  ///< open()'s (a folder? its block size), and readall's (the size)
  std::int64_t openat = 1, ioctl = 1, close = 1;  ///< open() (ioctl: isatty) and the with's close()
  std::int64_t peak_bytes = 0;  ///< the model's peak: buffers and bytes payloads alive at once
  std::int64_t calls = 0;       ///< f.read() calls made by the program
};

struct StreamRun {
  std::vector<ReadCount> ways;  ///< whole, then chunks
};

/// Reading a `size`-byte file opened with open(path, 'rb') (BufferedReader, a 4 KiB buffer: st_blksize),
/// whole or in chunks of `chunk` bytes (a multiple of 8,192, at most 1 GiB), as CPython 3.<minor> does on
/// Linux.
StreamRun count_reads(std::int64_t size, std::int64_t chunk, int minor);

}  // namespace llplay::files
