// The crash model: every state the disk can be in after a crash, enumerated. See crash.hpp for the rule.
#include "crash.hpp"

#include <map>

#include "../error.hpp"

namespace llplay::files {

namespace {

/// A page's contents: 'O' a page of the old data, 'N' of the new, '0' zeros (a hole).
using Pages = std::string;

struct Inode {
  Pages durable;  ///< what the disk holds
  Pages cached;   ///< what the page cache holds (what a read returns)
  bool truncate_pending = false;
  std::vector<bool> dirty;  ///< per cached page: written, not yet fsynced
};

struct DirOp {
  std::string from, to;  ///< create: from empty, to = name; rename: from -> to
  int inode = 0;
};

struct Fs {
  std::vector<Inode> inodes;
  std::map<std::string, int> durable_dir, cached_dir;
  std::vector<DirOp> pending;  ///< directory operations not yet fsynced, in order
};

void apply_op(std::map<std::string, int>& dir, const DirOp& op) {
  if (op.from.empty()) {
    dir[op.to] = op.inode;
  } else {
    dir.erase(op.from);
    dir[op.to] = op.inode;
  }
}

void fsync_file(Inode& f) {
  f.durable = f.cached;
  f.truncate_pending = false;
  f.dirty.assign(f.cached.size(), false);
}

/// Counts every way the disk could look after a crash now.
CrashPoint crash(const Fs& fs, const Pages& old_data, const Pages& new_data) {
  CrashPoint point;
  const std::string target = "data.txt";
  for (std::size_t prefix = 0; prefix <= fs.pending.size(); ++prefix) {
    std::map<std::string, int> dir = fs.durable_dir;
    for (std::size_t i = 0; i < prefix; ++i) apply_op(dir, fs.pending[i]);
    auto it = dir.find(target);
    if (it == dir.end()) {
      ++point.missing;
      ++point.ways;
      continue;
    }
    const Inode& f = fs.inodes[static_cast<std::size_t>(it->second)];
    std::vector<std::size_t> dirty;
    for (std::size_t i = 0; i < f.dirty.size(); ++i)
      if (f.dirty[i]) dirty.push_back(i);
    const int truncations = f.truncate_pending ? 2 : 1;
    for (int t = 0; t < truncations; ++t) {
      for (std::uint32_t subset = 0; subset < (1u << dirty.size()); ++subset) {
        Pages disk = t == 1 ? Pages() : f.durable;
        for (std::size_t k = 0; k < dirty.size(); ++k) {
          if (!(subset & (1u << k))) continue;
          std::size_t page = dirty[k];
          if (disk.size() <= page) disk.resize(page + 1, '0');
          disk[page] = f.cached[page];
        }
        ++point.ways;
        if (disk.empty())
          ++point.empty;
        else if (disk == old_data)
          ++point.old_file;
        else if (disk == new_data)
          ++point.new_file;
        else
          ++point.torn;
      }
    }
  }
  return point;
}

}  // namespace

// llplay:source files.crash
CrashRun run_crashes(const CrashPlan& plan, int crash_after) {
  if (plan.old_pages < 1 || plan.old_pages > 4 || plan.new_pages < 1 || plan.new_pages > 4)
    throw Error(ErrorCode::BadParams, "pages: 1 to 4");
  CrashRun out;
  Fs fs;
  fs.inodes.push_back(Inode{Pages(static_cast<std::size_t>(plan.old_pages), 'O'),
                            Pages(static_cast<std::size_t>(plan.old_pages), 'O'), false,
                            std::vector<bool>(static_cast<std::size_t>(plan.old_pages), false)});
  fs.durable_dir["data.txt"] = 0;
  fs.cached_dir = fs.durable_dir;

  // The steps, as closures over the filesystem; each is one line of the Python program.
  struct Step {
    std::string python;
    int kind;  // 0 open/create, 1 write page, 2 fsync file, 3 close, 4 replace, 5 fsync dir
    int page;
  };
  std::vector<Step> steps;
  const bool in_place = plan.method == WriteMethod::in_place;
  const std::string tmp = plan.tmp_elsewhere ? "/mnt/scratch/data.txt.tmp" : "data.txt.tmp";
  steps.push_back(
      {in_place ? "f = open('data.txt', 'wb')   # truncates the old file" : "f = open('" + tmp + "', 'wb')",
       0, 0});
  for (int i = 0; i < plan.new_pages; ++i)
    steps.push_back({"f.write(page[" + std::to_string(i) + "])   # 4 KiB, into the page cache", 1, i});
  if (plan.fsync_file) steps.push_back({"f.flush(); os.fsync(f.fileno())", 2, 0});
  steps.push_back({"f.close()", 3, 0});
  if (!in_place) {
    steps.push_back({"os.replace('" + tmp + "', 'data.txt')", 4, 0});
    if (plan.fsync_dir)
      steps.push_back(
          {"d = os.open('.', os.O_RDONLY); os.fsync(d); os.close(d)   # the directory entry", 5, 0});
  }

  int file = 0;  // the inode the program writes
  auto record = [&](int after) {
    if (crash_after >= 0 && after != crash_after) return;
    CrashPoint point = crash(fs, Pages(static_cast<std::size_t>(plan.old_pages), 'O'),
                             Pages(static_cast<std::size_t>(plan.new_pages), 'N'));
    point.after = after;
    point.step = after == 0 ? "" : steps[static_cast<std::size_t>(after - 1)].python;
    out.points.push_back(point);
  };
  record(0);
  for (std::size_t s = 0; s < steps.size(); ++s) {
    const Step& step = steps[s];
    out.steps.push_back(step.python);
    if (step.kind == 0) {
      if (in_place) {
        Inode& f = fs.inodes[0];
        f.cached.clear();
        f.dirty.clear();
        f.truncate_pending = true;
      } else {
        fs.inodes.push_back(Inode{});
        file = static_cast<int>(fs.inodes.size()) - 1;
        if (!plan.tmp_elsewhere) {
          DirOp op{"", "data.txt.tmp", file};
          apply_op(fs.cached_dir, op);
          fs.pending.push_back(op);
        }
      }
    } else if (step.kind == 1) {
      Inode& f = fs.inodes[static_cast<std::size_t>(file)];
      if (f.cached.size() <= static_cast<std::size_t>(step.page)) {
        f.cached.resize(static_cast<std::size_t>(step.page) + 1, '0');
        f.dirty.resize(static_cast<std::size_t>(step.page) + 1, false);
      }
      f.cached[static_cast<std::size_t>(step.page)] = 'N';
      f.dirty[static_cast<std::size_t>(step.page)] = true;
    } else if (step.kind == 2) {
      fsync_file(fs.inodes[static_cast<std::size_t>(file)]);
    } else if (step.kind == 4) {
      if (plan.tmp_elsewhere) {  // rename(2) cannot move a file between filesystems: EXDEV, nothing copied
        out.error = "OSError: [Errno 18] Invalid cross-device link: '" + tmp + "' -> 'data.txt'";
        out.failed_step = static_cast<int>(s);
        record(static_cast<int>(s) + 1);
        break;
      }
      DirOp op{"data.txt.tmp", "data.txt", file};
      apply_op(fs.cached_dir, op);
      fs.pending.push_back(op);
    } else if (step.kind == 5) {
      for (const DirOp& op : fs.pending) apply_op(fs.durable_dir, op);
      fs.pending.clear();
    }
    record(static_cast<int>(s) + 1);
  }
  return out;
}
// llplay:end

}  // namespace llplay::files
