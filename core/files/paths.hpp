// Pure paths as CPython's pathlib parses and combines them: PurePosixPath and PureWindowsPath, as 3.10/3.11
// (the _Flavour classes), 3.12 (os.path based, regex match) and 3.13 (pathlib package, per-part globs) do.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace llplay::files {

enum class Flavour { posix, windows };

/// What a pure path operation gives back, the way Python would show it.
enum class ValueKind {
  path,     ///< a PurePath: `text` is str(path)
  text,     ///< a str
  tuple,    ///< a tuple of str (parts): `items`
  list,     ///< a list of str (suffixes): `items`
  parents,  ///< the parents sequence: `items` holds str() of each parent
  boolean,  ///< `flag`
};

/// One operation's outcome: a value, or the exception CPython raises (its class and its message).
struct PathOutcome {
  bool ok = true;
  ValueKind kind = ValueKind::text;
  std::string text;
  std::vector<std::string> items;
  bool flag = false;
  std::string exception;  ///< "ValueError" when !ok
  std::string message;    ///< str() of the exception, as CPython words it
  std::string path_str;   ///< str(PurePath(path)) of the input
  std::string path_repr;  ///< repr(PurePath(path)) of the input
};

/// Budgets: a path (and an argument) of at most this many UTF-8 bytes, at most this many parts,
/// and at most this many pattern-matching steps (path characters times pattern tokens).
constexpr std::size_t max_path_bytes = 32767;
constexpr std::size_t max_path_parts = 4096;
constexpr std::uint64_t max_match_steps = 20'000'000;

/// The operations the `path.pure` demo takes, by their Python names.
const std::vector<std::string>& path_ops();

/// True for the operations that take an argument (joinpath, relative_to, with_suffix, match, ...).
bool op_takes_arg(const std::string& op);

/// `PurePosixPath(path).<op>(arg)` (or PureWindowsPath) as CPython 3.<minor> computes it, minor 10..13.
/// Throws Error{BadParams} for text that is not UTF-8 or an unknown op, Error{LimitExceeded} past a budget.
PathOutcome pure_path(Flavour flavour, const std::string& path, const std::string& op, const std::string& arg,
                      int minor);

/// Python's repr() of a str as CPython 3.<minor> writes it: the quotes it chooses, and every character that
/// is not printable in that version's Unicode database escaped.
std::string python_repr(const std::string& utf8, int minor);

}  // namespace llplay::files
