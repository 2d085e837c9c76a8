// Walking a tree, counted in system calls; and reading a file whole or in chunks. The counts follow each
// CPython version's Lib/os.py (walk), Lib/pathlib.py (3.10–3.12: _RecursiveWildcardSelector) and
// Lib/glob.py (3.13: _Globber.recursive_selector), and Modules/posixmodule.c's DirEntry on Linux, where
// getdents64 gives each entry's type (no stat to tell a directory from a file, except through a link).
#include "walk.hpp"

#include <algorithm>

#include "../error.hpp"
#include "../splitmix.hpp"

namespace llplay::files {

namespace {

/// A name of 8 characters: the kind's letter and 7 digits.
std::string entry_name(char kind, std::int64_t i) {
  std::string digits = std::to_string(i);
  return kind + std::string(digits.size() < 7 ? 7 - digits.size() : 0, '0') + digits;
}

/// A directory's files, seeded by the directory's own key: 0 to 2 × mean.
std::int64_t files_in(std::uint64_t key, int mean) {
  if (mean == 0) return 0;
  SplitMix64 rng{key};
  return static_cast<std::int64_t>(rng.below(2 * static_cast<std::uint64_t>(mean) + 1));
}

std::uint64_t child_key(std::uint64_t parent, std::int64_t i) {
  SplitMix64 rng{parent ^ (0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(i + 1))};
  return rng.next();
}

constexpr char sizes_marker[] = "  # sizes";

const char* walk_program = R"py(import os

def walk_tree(top):
    count = total = 0
    for root, dirs, files in os.walk(top):
        count += len(dirs) + len(files)
        for name in files:  # sizes
            total += os.lstat(os.path.join(root, name)).st_size  # sizes
    return count, total
)py";

const char* scandir_program = R"py(import os

def walk_tree(top):
    count = total = 0
    stack = [top]
    while stack:
        with os.scandir(stack.pop()) as it:
            for entry in it:
                count += 1
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:  # sizes
                    total += entry.stat(follow_symlinks=False).st_size  # sizes
    return count, total
)py";

const char* rglob_program = R"py(import stat  # sizes
from pathlib import Path

def walk_tree(top):
    count = total = 0
    for p in Path(top).rglob('*'):
        count += 1
        st = p.lstat()  # sizes
        if not stat.S_ISDIR(st.st_mode):  # sizes
            total += st.st_size  # sizes
    return count, total
)py";

/// The program, with or without the lines that read sizes (each ends in "# sizes", dropped from the text).
std::string program_text(const char* program, bool sizes) {
  std::string out, line;
  for (const char* c = program; *c; ++c) {
    line += *c;
    if (*c != '\n') continue;
    std::size_t at = line.find(sizes_marker);
    if (at == std::string::npos)
      out += line;
    else if (sizes)
      out += line.substr(0, at) + "\n";
    line.clear();
  }
  return out;
}

}  // namespace

// llplay:source files.walk
/// getdents64 calls to read a directory of n entries: '.' and '..' take 24 bytes each, every other record
/// 32 (8-character names), glibc's buffer is 32 KiB, and the last call returns 0.
std::int64_t getdents_calls(std::int64_t n) {
  constexpr std::int64_t buffer = 32768, dots = 48, record = 32;
  const std::int64_t first = (buffer - dots) / record;  // 1,022 entries fit beside the dots
  const std::int64_t per_call = buffer / record;        // 1,024 after that
  std::int64_t calls = 1;
  if (n > first) calls += (n - first + per_call - 1) / per_call;
  return calls + 1;
}

/// os.scandir(path) ... closed: opendir (openat, fstat), getdents64 until 0, closedir.
void read_directory(Syscalls& c, std::int64_t n) {
  c.openat += 1;
  c.fstat += 1;
  c.getdents += getdents_calls(n);
  c.close += 1;
}

WalkRun count_walks(const TreeShape& shape, int minor, RunContext& ctx) {
  WalkRun out;
  WalkerCount walk;
  walk.name = "os.walk";
  walk.program = program_text(walk_program, shape.sizes);
  WalkerCount scan;
  scan.name = "os.scandir";
  scan.program = program_text(scandir_program, shape.sizes);
  WalkerCount rglob;
  rglob.name = "Path.rglob";
  rglob.program = program_text(rglob_program, shape.sizes);
  if (minor <= 12) rglob.calls.stat += 1;  // _Selector.select_from: parent_path.is_dir() on the top

  struct Dir {
    std::uint64_t key;
    int level;
    std::string path;  // kept only while the layout is still being written
  };
  std::vector<Dir> stack{{shape.seed, 0, ""}};  // the explicit stack: no recursion on the tree's shape
  const std::int64_t dir_links = (shape.links + 1) / 2, broken_links = shape.links / 2;
  bool record = true;
  while (!stack.empty()) {
    Dir d = std::move(stack.back());
    stack.pop_back();
    ++out.dirs;
    if ((out.dirs & 1023) == 0)
      ctx.checkpoint(
          std::min(0.99, static_cast<double>(out.entries) / static_cast<double>(max_tree_entries)));
    const std::int64_t subdirs = d.level < shape.depth ? shape.fanout : 0;
    const std::int64_t files = files_in(d.key, shape.files);
    const std::int64_t n = subdirs + files + shape.links;
    out.files += files;
    out.links += shape.links;
    out.entries += n;
    out.largest_dir = std::max(out.largest_dir, n);
    if (out.entries > max_tree_entries)
      throw Error(ErrorCode::LimitExceeded, "the tree has more than " + std::to_string(max_tree_entries) +
                                                " entries; fewer levels, subdirectories or files");
    if (record && out.entries > max_layout) {
      record = false;
      out.layout.clear();
    }
    const std::string prefix = d.path.empty() ? "" : d.path + "/";
    if (record) {
      for (std::int64_t i = 0; i < files; ++i) out.layout.push_back({prefix + entry_name('f', i), "f"});
      for (std::int64_t i = 0; i < shape.links; ++i)
        out.layout.push_back({prefix + entry_name('l', i), i % 2 == 0 ? "l:.." : "l:nowhere"});
    }
    for (std::int64_t i = subdirs; i-- > 0;) {
      std::string path = record ? prefix + entry_name('d', i) : "";
      if (record) out.layout.push_back({path, "d"});
      stack.push_back({child_key(d.key, i), d.level + 1, std::move(path)});
    }

    // os.walk: one scandir; entry.is_dir() stats only a link (to see what it points to); then
    // os.path.islink() (an lstat) on every name in dirs, real or a link to one.
    read_directory(walk.calls, n);
    walk.calls.stat += shape.links;
    walk.calls.lstat += subdirs + dir_links;
    if (shape.sizes) walk.calls.lstat += files + broken_links;  // os.lstat on every name in files
    walk.largest_list = std::max(walk.largest_list, n);

    // The hand-written walk: one scandir, is_dir(follow_symlinks=False) never stats on Linux;
    // entry.stat(follow_symlinks=False) is one lstat (it is free only on Windows).
    read_directory(scan.calls, n);
    if (shape.sizes) scan.calls.lstat += files + shape.links;

    // rglob('*'): the '**' part lists every directory, and the '*' part lists each one again.
    read_directory(rglob.calls, n);
    read_directory(rglob.calls, n);
    if (minor == 10) rglob.calls.stat += shape.links;      // 3.10: entry.is_dir() follows links
    if (shape.sizes) rglob.calls.lstat += n;               // a Path has no type: lstat every entry
    rglob.largest_list = std::max(rglob.largest_list, n);  // entries = list(scandir_it)
  }
  walk.scans = scan.scans = out.dirs;
  rglob.scans = 2 * out.dirs;
  walk.yielded = scan.yielded = rglob.yielded = out.entries;
  out.walkers = {walk, scan, rglob};
  out.layout_complete = record;
  if (!record) out.layout.clear();
  return out;
}

// llplay:end

// llplay:source files.stream
/// read(2) on Linux moves at most 0x7ffff000 bytes a call.
constexpr std::int64_t max_read = 0x7ffff000;
/// BufferedReader's buffer: open() sizes it by the file's st_blksize, 4,096 bytes on ext4 and tmpfs (not
/// io.DEFAULT_BUFFER_SIZE, 8,192, which is only the fallback).
constexpr std::int64_t buffer_size = 4096;

StreamRun count_reads(std::int64_t size, std::int64_t chunk, int minor) {
  (void)minor;  // the same in 3.10 to 3.13 (Modules/_io/fileio.c, bufferedio.c)
  if (size < 0) throw Error(ErrorCode::BadParams, "size: 0 bytes or more");
  if (chunk < 8192 || chunk > (std::int64_t{1} << 30) || chunk % 8192 != 0)
    throw Error(ErrorCode::BadParams,
                "chunk: a multiple of 8,192 bytes, at most 1 GiB (got " + std::to_string(chunk) + ")");
  StreamRun out;
  // open(path, 'rb'): openat, fstat, ioctl (isatty), lseek (tell); the with's close().
  // data = f.read(): FileIO.readall asks lseek and fstat for the size, allocates size + 1 bytes, and reads
  // until a read returns 0.
  ReadCount whole;
  whole.name = "read whole";
  whole.program = "with open('big.bin', 'rb') as f:\n    data = f.read()\n";
  whole.calls = 1;
  whole.lseek = 2;
  whole.fstat = 2;
  whole.reads = (size + max_read - 1) / max_read + 1;
  whole.peak_bytes = buffer_size + (size > 0 ? size : 8192) + 1;  // an empty file: a first guess of 8 KiB
  // while chunk := f.read(n): each call allocates n + 1 bytes and reads into them directly; a short read
  // tries once more (it returns 0) and shrinks the bytes; the call after the last returns b''. The
  // previous chunk is still bound to `chunk` while the next one is allocated.
  ReadCount chunks;
  chunks.lseek = chunks.fstat = 1;  // open() alone
  chunks.name = "read in chunks";
  chunks.program = "with open('big.bin', 'rb') as f:\n    while chunk := f.read(" + std::to_string(chunk) +
                   "):\n        pass\n";
  const std::int64_t full = size / chunk, rest = size % chunk;
  chunks.reads = full + (rest > 0 ? 2 : 0) + 1;
  chunks.calls = full + (rest > 0 ? 1 : 0) + 1;
  if (full >= 1)
    chunks.peak_bytes = buffer_size + 2 * (chunk + 1);
  else if (rest > 0)
    chunks.peak_bytes = buffer_size + (rest + 1) + (chunk + 1);
  else
    chunks.peak_bytes = buffer_size + chunk + 1;
  out.ways = {whole, chunks};
  return out;
}
// llplay:end

}  // namespace llplay::files
