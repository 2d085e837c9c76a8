// The files lab's pure paths: "<path>\n<arg>" runs every path.pure operation on that path (and that
// argument, for the operations that take one) as PurePosixPath and PureWindowsPath in each of 3.10-3.13,
// plus python_repr of both texts. A value, a CPython exception (ValueError...), BadParams (not UTF-8) and
// LimitExceeded are answers; Internal, any other exception, a crash or a hang is a finding. One flavour
// and version, picked by the input's bytes, also goes through the registry's path.pure and path.pieces,
// which print the expression and the Python answer.
#include "files/paths.hpp"

#include <cstdint>
#include <string>

#include "error.hpp"
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llplay;
  using namespace llplay::files;
  static fuzz::Deadline deadline(std::chrono::milliseconds(2000));
  auto [path_view, arg_view] = fuzz::first_line(data, size);
  const std::string path(path_view), arg(arg_view);
  std::uint32_t hash = 2166136261u;
  for (std::size_t i = 0; i < size; ++i) hash = (hash ^ data[i]) * 16777619u;

  for (int minor = 10; minor <= 13; ++minor) {
    for (const std::string* text : {&path, &arg}) {
      try {
        (void)python_repr(*text, minor);
      } catch (const Error& e) {
        if (e.code() != ErrorCode::BadParams) __builtin_trap();
      }
    }
    for (Flavour f : {Flavour::posix, Flavour::windows}) {
      for (const std::string& op : path_ops()) {
        try {
          PathOutcome o = pure_path(f, path, op, arg, minor);
          if (!o.ok && o.exception.empty()) __builtin_trap();
        } catch (const Error& e) {
          if (e.code() != ErrorCode::BadParams && e.code() != ErrorCode::LimitExceeded) __builtin_trap();
        }
      }
    }
  }

  const char* python[] = {"3.10", "3.11", "3.12", "3.13"};
  const char* flavour = (hash & 4) ? "windows" : "posix";
  const char* version = python[hash % 4];
  for (const std::string& op : path_ops()) {
    RunContext ctx = deadline.start();
    Outcome o = registry().run(
        "path.pure",
        json{{"flavour", flavour}, {"path", path}, {"op", op}, {"arg", arg}, {"python", version}}, ctx);
    fuzz::check(o);
    (void)o.to_json().dump(-1, ' ', false, json::error_handler_t::replace);
  }
  RunContext ctx = deadline.start();
  Outcome o = registry().run("path.pieces", json{{"path", path}, {"arg", arg}, {"python", version}}, ctx);
  fuzz::check(o);
  (void)o.to_json().dump(-1, ' ', false, json::error_handler_t::replace);
  return 0;
}
