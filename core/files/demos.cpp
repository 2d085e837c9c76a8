// The files lab's demos, as the registry sees them.
#include <algorithm>

#include "../python_version.hpp"
#include "../registry.hpp"
#include "crash.hpp"
#include "paths.hpp"
#include "walk.hpp"
#include "with.hpp"

namespace llplay::files {

namespace {

int minor_of(const Params& p) { return std::stoi(p.string("python").substr(2)); }
Flavour flavour_of(const std::string& name) { return name == "windows" ? Flavour::windows : Flavour::posix; }

/// The path's budget as a parameter limit: longer text is refused by the kernel with LimitExceeded, so the
/// parameter itself takes up to 4 MiB (a pasted 1 MB path gets the budget's message, not a parameter error).
constexpr double path_param_bytes = 4.0 * 1024 * 1024;

const char* kind_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::path:
      return "path";
    case ValueKind::text:
      return "str";
    case ValueKind::tuple:
      return "tuple";
    case ValueKind::list:
      return "list";
    case ValueKind::parents:
      return "parents";
    case ValueKind::boolean:
      return "bool";
  }
  return "str";
}

json value_json(const PathOutcome& o) {
  switch (o.kind) {
    case ValueKind::tuple:
    case ValueKind::list:
    case ValueKind::parents:
      return o.items;
    case ValueKind::boolean:
      return o.flag;
    default:
      return o.text;
  }
}

const char* class_of(Flavour f) { return f == Flavour::windows ? "PureWindowsPath" : "PurePosixPath"; }

/// repr() of a path whose str() is `str`: the class, and the text with forward slashes.
std::string path_repr(Flavour f, std::string str, int minor) {
  if (f == Flavour::windows) std::replace(str.begin(), str.end(), '\\', '/');
  return std::string(class_of(f)) + "(" + python_repr(str, minor) + ")";
}

/// The Python expression a case evaluates, e.g. PureWindowsPath('C:/a').relative_to('c:/').
std::string python_expr(Flavour f, const std::string& path, const std::string& op, const std::string& arg,
                        int minor) {
  std::string p = std::string(class_of(f)) + "(" + python_repr(path, minor) + ")";
  if (op == "str") return "str(" + p + ")";
  if (op == "parents") return "tuple(" + p + ".parents)";
  if (op == "as_posix" || op == "is_absolute" || op == "is_reserved") return p + "." + op + "()";
  if (op_takes_arg(op)) return p + "." + op + "(" + python_repr(arg, minor) + ")";
  return p + "." + op;
}

/// The value as the REPL prints it: repr() of the str, tuple, list, path or bool.
std::string python_shown(Flavour f, const PathOutcome& o, int minor) {
  auto sequence = [&](const char* open, const char* close, bool paths) {
    std::string out = open;
    for (std::size_t i = 0; i < o.items.size(); ++i)
      out += (i ? ", " : "") + (paths ? path_repr(f, o.items[i], minor) : python_repr(o.items[i], minor));
    if (o.items.size() == 1 && std::string(open) == "(") out += ",";
    return out + close;
  };
  switch (o.kind) {
    case ValueKind::path:
      return path_repr(f, o.text, minor);
    case ValueKind::tuple:
      return sequence("(", ")", false);
    case ValueKind::parents:
      return sequence("(", ")", true);
    case ValueKind::list:
      return sequence("[", "]", false);
    case ValueKind::boolean:
      return o.flag ? "True" : "False";
    case ValueKind::text:
      break;
  }
  return python_repr(o.text, minor);
}

/// One case as the page and the batch show it: {result, kind, shown} or {error: {code, message}}.
json case_json(Flavour f, const PathOutcome& o, int minor) {
  if (!o.ok) return {{"error", {{"code", o.exception}, {"message", o.message}}}};
  return {{"result", value_json(o)}, {"kind", kind_name(o.kind)}, {"shown", python_shown(f, o, minor)}};
}

/// The cases people trip over, each run on every version.
struct Surprise {
  const char* flavour;
  const char* path;
  const char* op;
  const char* arg;
  const char* why;
};
const Surprise surprises[] = {
    {"posix", "/a", "joinpath", "/b", "an absolute right side replaces the left: '/a' / '/b' is '/b'"},
    {"windows", "C:", "joinpath", "foo",
     "a drive without a root: 'C:foo' is relative to C:'s current folder"},
    {"windows", "C:/a", "joinpath", "/b", "a root without a drive keeps the drive"},
    {"windows", "C:/a", "joinpath", "D:b", "another drive replaces everything"},
    {"windows", "C:/a", "joinpath", "c:b", "the same drive in another case: 3.12 takes the new spelling"},
    {"windows", "//server", "parts", "", "half a UNC share: one odd part before 3.12, a drive after"},
    {"windows", "//server/share", "str", "", "a UNC share is a drive, and gets a root"},
    {"windows", "//server/share/x", "parts", "", "the share and its root are one part"},
    {"windows", "//?/C:/x", "drive", "", "the \\\\?\\ prefix: a device path"},
    {"windows", "//?/UNC/server/share/x", "drive", "", "\\\\?\\UNC\\: a UNC path spelled as a device path"},
    {"posix", "//x/y", "root", "", "exactly two leading slashes are kept (POSIX leaves them to the system)"},
    {"posix", "///x/y", "root", "", "three or more are one"},
    {"posix", "a/../b", "str", "", "'..' is left alone: pure paths never resolve"},
    {"posix", "a/./b/", "str", "", "'.' and trailing slashes are dropped"},
    {"windows", "./c:d", "str", "", "3.12 keeps './' so the name is not read as drive c:"},
    {"windows", "foo.", "suffix", "", "a trailing dot is no suffix"},
    {"windows", "nul.txt", "is_reserved", "", "a DOS device name, whatever its extension"},
    {"windows", "a/b.", "is_reserved", "", "3.13 calls a trailing dot reserved"},
    {"windows", "//server/share/nul", "is_reserved", "",
     "UNC paths were never reserved; 3.13 looks at every name"},
    {"posix", "archive.tar.gz", "suffixes", "", "every suffix of the name"},
    {"posix", ".bashrc", "suffix", "", "a leading dot starts no suffix"},
    {"posix", "a/b", "with_suffix", "txt", "a suffix must start with a dot"},
    {"posix", "a/b.txt", "with_stem", "", "3.13 refuses an empty stem before a suffix"},
    {"windows", "a/b", "with_name", "c:", "a name that is a drive: refused before 3.12"},
    {"posix", "/a/b", "relative_to", "/c", "relative_to never walks up (without walk_up=True)"},
    {"windows", "C:/Users/Ana", "relative_to", "c:/users", "Windows compares case-insensitively"},
    {"windows", "c:/", "relative_to", "c:", "drive and root were separate steps before 3.12"},
    {"windows", "C:/a/d:b", "relative_to", "C:/", "3.12 re-joins the rest, and 'd:b' turns into a drive"},
    {"posix", "a/b.py", "match", "*.py", "match() matches from the right"},
    {"posix", "/a/b.py", "match", "/*.py", "an anchored pattern must match the whole path"},
    {"posix", "a/b", "match", "a[!x]b", "3.12's regex lets a negated set match the separator"},
    {"windows", "A/B.PY", "match", "*.py", "Windows matches case-insensitively"},
    {"windows", "c:/a", "is_absolute", "", "a drive and a root"},
    {"windows", "/a", "is_absolute", "", "a root without a drive is not absolute"},
    {"windows", "//server/share", "is_absolute", "", "a UNC share is"},
};

}  // namespace

}  // namespace llplay::files

namespace llplay {

/// The files lab: called by the register_labs() that CMake writes for each program (see llplay_lab).
void register_files_lab(Registry& r) {
  using namespace files;
  r.add_lab({"files", "Files"});
  std::vector<std::string> ops = path_ops();

  r.add(
      {"path.pure",
       "files",
       "Paths, exactly",
       "One PurePosixPath or PureWindowsPath operation, computed the way the chosen CPython version computes "
       "it (pathlib was rewritten in 3.12 and changed again in 3.13). Where CPython raises, so does this.",
       {{"flavour", ParamType::choice, "flavour", "windows", 0, 0, {"posix", "windows"}},
        {"path", ParamType::string, "path", "C:/Users/Ana/../report.tar.gz", 0, path_param_bytes, {}},
        {"op", ParamType::choice, "operation", "parents", 0, 0, ops},
        {"arg",
         ParamType::string,
         "argument (joinpath, relative_to, with_*, match)",
         "",
         0,
         path_param_bytes,
         {}},
        python::param()},
       Needs::nothing,
       [](const Params& p, RunContext&) -> json {
         const std::string& op = p.string("op");
         PathOutcome o =
             pure_path(flavour_of(p.string("flavour")), p.string("path"), op, p.string("arg"), minor_of(p));
         if (!o.ok) throw Error(ErrorCode::ValueError, o.message);
         Flavour f = flavour_of(p.string("flavour"));
         return {{"result", value_json(o)},
                 {"kind", kind_name(o.kind)},
                 {"shown", python_shown(f, o, minor_of(p))},
                 {"expr", python_expr(f, p.string("path"), op, p.string("arg"), minor_of(p))},
                 {"path", o.path_str},
                 {"repr", o.path_repr},
                 {"op", op},
                 {"takesArg", op_takes_arg(op)},
                 {"flavour", p.string("flavour")},
                 {"python", p.string("python")}};
       }});

  r.add({"path.pieces",
         "files",
         "One string, two flavours",
         "The same text as a PurePosixPath and as a PureWindowsPath: every piece of each, side by side, and "
         "what joining an argument gives.",
         {{"path", ParamType::string, "path", "//server/share/a.b/../c.tar.gz", 0, path_param_bytes, {}},
          {"arg", ParamType::string, "joined with", "/d", 0, path_param_bytes, {}},
          python::param()},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json {
           static const char* pieces[] = {"str",     "parts",    "drive",       "root",        "anchor",
                                          "name",    "suffix",   "suffixes",    "stem",        "parent",
                                          "parents", "as_posix", "is_absolute", "is_reserved", "joinpath"};
           json flavours = json::array();
           for (const char* name : {"posix", "windows"}) {
             json rows = json::array();
             std::string repr;
             for (const char* op : pieces) {
               PathOutcome o =
                   pure_path(flavour_of(name), p.string("path"), op, p.string("arg"), minor_of(p));
               repr = o.path_repr;
               json row = case_json(flavour_of(name), o, minor_of(p));
               row["op"] = op;
               rows.push_back(std::move(row));
             }
             flavours.push_back({{"flavour", name}, {"repr", repr}, {"pieces", rows}});
           }
           return {{"flavours", flavours}, {"arg", p.string("arg")}, {"python", p.string("python")}};
         }});

  r.add({"path.surprises",
         "files",
         "The surprises, in every version",
         "The cases that surprise people ('/a' / '/b', 'C:' / 'foo', UNC shares, trailing dots, '..' left "
         "alone, "
         "'//x' on POSIX), each computed as CPython 3.10, 3.11, 3.12 and 3.13 compute it.",
         {},
         Needs::nothing,
         [](const Params&, RunContext&) -> json {
           json rows = json::array();
           for (const Surprise& s : surprises) {
             json results = json::object();
             for (int minor = 10; minor <= 13; ++minor)
               results["3." + std::to_string(minor)] =
                   case_json(flavour_of(s.flavour),
                             pure_path(flavour_of(s.flavour), s.path, s.op, s.arg, minor), minor);
             rows.push_back({{"flavour", s.flavour},
                             {"expr", python_expr(flavour_of(s.flavour), s.path, s.op, s.arg, 13)},
                             {"path", s.path},
                             {"op", s.op},
                             {"arg", s.arg},
                             {"takesArg", op_takes_arg(s.op)},
                             {"why", s.why},
                             {"results", results}});
           }
           return {{"rows", rows}, {"versions", {"3.10", "3.11", "3.12", "3.13"}}};
         }});

  r.add({"path.batch",
         "files",
         "Many path operations at once",
         "A list of {flavour, path, op, arg} cases, each computed as path.pure computes it: what the tests "
         "compare with CPython by the thousand, in one run.",
         {{"cases",
           ParamType::value,
           "cases: [{flavour, path, op, arg}, ...]",
           json::parse(R"([{"flavour": "posix", "path": "/a", "op": "joinpath", "arg": "/b"}])"),
           0,
           8.0 * 1024 * 1024,
           {}},
          python::param()},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           const json& cases = p.value("cases");
           constexpr std::size_t max_cases = 50000;
           if (!cases.is_array())
             throw Error(ErrorCode::BadParams, "cases: an array of {flavour, path, op, arg}");
           if (cases.size() > max_cases)
             throw Error(ErrorCode::LimitExceeded, "cases: " + std::to_string(cases.size()) +
                                                       "; this demo takes at most " +
                                                       std::to_string(max_cases));
           json out = json::array();
           for (std::size_t i = 0; i < cases.size(); ++i) {
             const json& c = cases[i];
             const std::string where = "cases[" + std::to_string(i) + "]";
             auto text = [&](const char* key, bool required) -> std::string {
               if (!c.is_object() || (required && !c.contains(key)))
                 throw Error(ErrorCode::BadParams, where + ": needs '" + key + "'");
               if (!c.contains(key)) return "";
               if (!c.at(key).is_string())
                 throw Error(ErrorCode::BadParams, where + "." + key + ": a string");
               return c.at(key).get<std::string>();
             };
             std::string flavour = text("flavour", true);
             if (flavour != "posix" && flavour != "windows")
               throw Error(ErrorCode::BadParams, where + ".flavour: posix or windows");
             out.push_back(case_json(flavour_of(flavour),
                                     pure_path(flavour_of(flavour), text("path", true), text("op", true),
                                               text("arg", false), minor_of(p)),
                                     minor_of(p)));
             if (i % 256 == 0) ctx.checkpoint(static_cast<double>(i) / static_cast<double>(cases.size()));
           }
           return {{"results", out}, {"python", p.string("python")}};
         }});

  const std::vector<std::string> behaviours = {"ok", "enter", "exit", "suppress"};
  std::vector<std::string> optional_behaviours = {"none"};
  optional_behaviours.insert(optional_behaviours.end(), behaviours.begin(), behaviours.end());
  r.add({"with.order",
         "files",
         "with, step by step",
         "Context managers A, B and C, each able to raise in __enter__, raise in __exit__, or suppress (its "
         "__exit__ returns True), around a body that raises or not: the order of every call and what comes "
         "out, "
         "as CPython prints it. Written as one with statement or as an ExitStack.",
         {{"a", ParamType::choice, "A does", "ok", 0, 0, behaviours},
          {"b", ParamType::choice, "B does", "exit", 0, 0, optional_behaviours},
          {"c", ParamType::choice, "C does", "suppress", 0, 0, optional_behaviours},
          {"body", ParamType::choice, "the body", "raise", 0, 0, {"raise", "ok"}},
          {"style", ParamType::choice, "written as", "with", 0, 0, {"with", "exitstack"}},
          python::param()},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json {
           std::vector<Behaviour> managers;
           for (const char* key : {"a", "b", "c"}) {
             const std::string& b = p.string(key);
             if (b == "none") break;  // C without B is B
             managers.push_back(b == "enter"      ? Behaviour::enter
                                : b == "exit"     ? Behaviour::exit
                                : b == "suppress" ? Behaviour::suppress
                                                  : Behaviour::ok);
           }
           WithRun w = run_with(managers, p.string("body") == "raise", p.string("style") == "exitstack");
           return {{"trace", w.trace},
                   {"program", w.program},
                   {"managers", managers.size()},
                   {"python", p.string("python")}};
         }});

  r.add({"with.leak",
         "files",
         "Running out of file descriptors",
         "A loop that opens a file again and again, under a descriptor limit (ulimit -n, 1,024 by default): "
         "with "
         "`with`, with the name rebound (reference counting closes the old file), kept in a list, kept alive "
         "by "
         "a reference cycle the collector never visits, or by a stored exception's traceback.",
         {{"holding",
           ParamType::choice,
           "each file is",
           "keep",
           0,
           0,
           {"with", "rebind", "keep", "cycle", "traceback"}},
          {"files", ParamType::integer, "files to open", 2000, 1, 10000000, {}},
          {"limit", ParamType::integer, "descriptor limit (RLIMIT_NOFILE)", 1024, 4, 1048576, {}},
          python::param()},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           const std::string& h = p.string("holding");
           Holding holding = h == "with"        ? Holding::with
                             : h == "rebind"    ? Holding::rebind
                             : h == "cycle"     ? Holding::cycle
                             : h == "traceback" ? Holding::traceback
                                                : Holding::keep;
           LeakRun l = run_leak(holding, p.integer("files"), p.integer("limit"), ctx);
           json out = {{"opened", l.opened},
                       {"peakOpen", l.peak_open},
                       {"openAtEnd", l.open_at_end},
                       {"program", l.program},
                       {"holding", h},
                       {"limit", p.integer("limit")},
                       {"files", p.integer("files")},
                       {"python", p.string("python")}};
           out["failedAt"] = l.failed_at >= 0 ? json(l.failed_at) : json(nullptr);
           out["error"] = l.error.empty() ? json(nullptr) : json(l.error);
           return out;
         }});

  r.add({"files.walk",
         "files",
         "Walking a tree",
         "os.walk, a hand-written os.scandir walk and Path.rglob('*') on a generated tree of up to a million "
         "entries: the system calls each makes on Linux, as the chosen CPython version's os.py and pathlib "
         "make "
         "them, counted in this model (no disk is touched).",
         {{"depth", ParamType::integer, "levels below the top", 3, 0, 30, {}},
          {"fanout", ParamType::integer, "subdirectories in each directory", 10, 0, 1000, {}},
          {"files", ParamType::integer, "files in each directory (on average)", 20, 0, 100000, {}},
          {"links", ParamType::integer, "symbolic links in each directory", 0, 0, 100, {}},
          {"seed", ParamType::integer, "seed", 1, 0, 1e15, {}},
          {"sizes", ParamType::boolean, "also read every file's size", false, 0, 0, {}},
          python::param()},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           TreeShape shape;
           shape.depth = static_cast<int>(p.integer("depth"));
           shape.fanout = static_cast<int>(p.integer("fanout"));
           shape.files = static_cast<int>(p.integer("files"));
           shape.links = static_cast<int>(p.integer("links"));
           shape.seed = static_cast<std::uint64_t>(p.integer("seed"));
           shape.sizes = p.boolean("sizes");
           WalkRun w = count_walks(shape, minor_of(p), ctx);
           json walkers = json::array();
           for (const WalkerCount& x : w.walkers)
             walkers.push_back({{"name", x.name},
                                {"program", x.program},
                                {"openat", x.calls.openat},
                                {"fstat", x.calls.fstat},
                                {"getdents", x.calls.getdents},
                                {"close", x.calls.close},
                                {"stat", x.calls.stat},
                                {"lstat", x.calls.lstat},
                                {"total", x.calls.total()},
                                {"yielded", x.yielded},
                                {"scans", x.scans},
                                {"largestList", x.largest_list}});
           json layout = json::array();
           for (const auto& [path, kind] : w.layout) layout.push_back({path, kind});
           json out = {{"dirs", w.dirs},
                       {"files", w.files},
                       {"links", w.links},
                       {"entries", w.entries},
                       {"largestDir", w.largest_dir},
                       {"walkers", walkers},
                       {"sizes", shape.sizes},
                       {"python", p.string("python")}};
           out["layout"] = w.layout_complete ? layout : json(nullptr);
           return out;
         }});

  r.add({"files.stream",
         "files",
         "Reading a large file: whole or in chunks",
         "f.read() against a loop of f.read(n) on a file opened with open(path, 'rb'): the read calls each "
         "makes and the model's peak of buffer bytes alive at once, as CPython's io module does it on Linux.",
         {{"size", ParamType::integer, "file size, bytes", 10737418240.0, 0, 1e15, {}},
          {"chunk", ParamType::integer, "chunk, bytes (a multiple of 8,192)", 65536, 8192, 1073741824, {}},
          python::param()},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json {
           StreamRun s = count_reads(p.integer("size"), p.integer("chunk"), minor_of(p));
           json ways = json::array();
           for (const ReadCount& x : s.ways)
             ways.push_back({{"name", x.name},
                             {"program", x.program},
                             {"reads", x.reads},
                             {"lseek", x.lseek},
                             {"fstat", x.fstat},
                             {"openat", x.openat},
                             {"ioctl", x.ioctl},
                             {"close", x.close},
                             {"calls", x.calls},
                             {"peakBytes", x.peak_bytes}});
           return {{"ways", ways},
                   {"size", p.integer("size")},
                   {"chunk", p.integer("chunk")},
                   {"python", p.string("python")}};
         }});

  r.add({"files.crash",
         "files",
         "Writes that survive a crash",
         "A small filesystem with a page cache: write, fsync, rename and a directory fsync, and a crash "
         "after any "
         "step, or after every step in turn. Anything not yet fsynced may or may not have reached the disk, "
         "in any "
         "combination: each crash point counts what data.txt can be afterwards.",
         {{"method", ParamType::choice, "how", "replace", 0, 0, {"in_place", "replace"}},
          {"fsyncFile", ParamType::boolean, "fsync the file", true, 0, 0, {}},
          {"fsyncDir", ParamType::boolean, "fsync the directory (replace)", true, 0, 0, {}},
          {"tmpOn", ParamType::choice, "temporary file on", "same", 0, 0, {"same", "other"}},
          {"oldPages", ParamType::integer, "old data.txt, pages", 2, 1, 4, {}},
          {"newPages", ParamType::integer, "new data, pages", 3, 1, 4, {}},
          {"crashAfter", ParamType::integer, "crash after step (-1: every step in turn)", -1, -1, 20, {}}},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json {
           CrashPlan plan;
           plan.method = p.string("method") == "in_place" ? WriteMethod::in_place : WriteMethod::replace;
           plan.fsync_file = p.boolean("fsyncFile");
           plan.fsync_dir = p.boolean("fsyncDir");
           plan.tmp_elsewhere = p.string("tmpOn") == "other";
           plan.old_pages = static_cast<int>(p.integer("oldPages"));
           plan.new_pages = static_cast<int>(p.integer("newPages"));
           CrashRun c = run_crashes(plan, static_cast<int>(p.integer("crashAfter")));
           if (p.integer("crashAfter") > static_cast<std::int64_t>(c.steps.size()))
             throw Error(ErrorCode::BadParams,
                         "crashAfter: this program has " + std::to_string(c.steps.size()) + " steps");
           json points = json::array();
           for (const CrashPoint& x : c.points)
             points.push_back({{"after", x.after},
                               {"step", x.step},
                               {"old", x.old_file},
                               {"new", x.new_file},
                               {"empty", x.empty},
                               {"torn", x.torn},
                               {"missing", x.missing},
                               {"ways", x.ways}});
           json out = {{"steps", c.steps}, {"points", points}};
           out["error"] = c.error.empty() ? json(nullptr) : json(c.error);
           out["failedStep"] = c.failed_step >= 0 ? json(c.failed_step) : json(nullptr);
           return out;
         }});
}

}  // namespace llplay
