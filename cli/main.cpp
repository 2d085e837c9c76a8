// llplay: the demo registry on the command line (`llplay list`, `llplay labs`, `llplay run <id>`).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "registry.hpp"

namespace {

using llplay::ErrorCode;
using llplay::json;

std::atomic<std::uint32_t> cancel_word{0};
constexpr std::uint32_t run_id = 1;
static_assert(std::atomic<std::uint32_t>::is_always_lock_free, "the SIGINT handler stores to it");

void on_interrupt(int) { cancel_word.store(run_id); }

const char* usage =
    "usage: llplay list\n"
    "       llplay labs\n"
    "       llplay run <id> [--params '<json>'] [--<param>-file PATH]... [--progress]\n"
    "Params may also come as JSON on stdin. A string parameter P may be read raw from a file\n"
    "with --P-file PATH. Results and errors are JSON on stdout; exit 2 means bad input,\n"
    "3 a limit the demo enforces, 130 cancelled (Ctrl-C).\n";

void print_json(const json& value) {
  int indent = isatty(STDOUT_FILENO) ? 2 : -1;
  std::cout << value.dump(indent, ' ', false, json::error_handler_t::replace) << '\n';
}

int fail(ErrorCode code, const std::string& message) {
  print_json({{"error", {{"code", llplay::code_name(code)}, {"message", message}}}});
  std::cerr << "error: " << llplay::code_name(code) << ": " << message << '\n';
  return llplay::exit_status(code);
}

/// The most bytes a `--P-file` may hold when its parameter declares no size (a string parameter reads at
/// most its own max plus one byte, so that validation can say it is too long).
constexpr std::size_t max_file_bytes = 256u << 20;

/// Reads at most `limit` bytes of a regular file (or a pipe or device such as /dev/stdin) into `out`.
/// Empty on success, else what went wrong, in the reader's words.
std::string read_file(const std::string& path, std::size_t limit, std::string& out) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return "cannot read " + path + ": " + std::strerror(errno);
  if (S_ISDIR(info.st_mode)) return path + " is a folder, not a file";
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return "cannot read " + path + ": " + std::strerror(errno);
  char buffer[1 << 16];
  std::string error;
  while (out.size() < limit) {
    std::size_t want = std::min(sizeof buffer, limit - out.size());
    std::size_t got = std::fread(buffer, 1, want, file);
    out.append(buffer, got);
    if (got < want) {
      if (std::ferror(file)) error = "cannot read " + path + ": " + std::strerror(errno);
      break;
    }
  }
  std::fclose(file);
  return error;
}

/// What `--<name>-file` may read for demo `id`: a string or value parameter's max bytes plus one, other
/// parameters the cap, and nothing for a parameter the demo does not have (validation names it).
std::size_t file_limit(const std::string& id, const std::string& name) {
  const llplay::Demo* demo = llplay::registry().find(id);
  if (demo == nullptr) return 0;
  for (const llplay::ParamSpec& spec : demo->params) {
    if (spec.name != name) continue;
    bool sized = spec.type == llplay::ParamType::string || spec.type == llplay::ParamType::value;
    if (sized && spec.max >= 0 && spec.max < static_cast<double>(max_file_bytes))
      return static_cast<std::size_t>(spec.max) + 1;
    return max_file_bytes;
  }
  return 0;
}

int run(int argc, char** argv) {
  // From the start: Ctrl-C while big params are read or parsed is a Cancelled answer, not a killed process.
  std::signal(SIGINT, on_interrupt);
  std::string id = argv[2];
  std::string params_text;
  bool have_params = false, progress = false;
  json files = json::object();
  for (int i = 3; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--progress") {
      progress = true;
    } else if (arg == "--params" && i + 1 < argc) {
      params_text = argv[++i];
      have_params = true;
    } else if (arg.rfind("--params=", 0) == 0) {
      params_text = arg.substr(9);
      have_params = true;
    } else if (arg.rfind("--", 0) == 0 && arg.size() > 7 && arg.compare(arg.size() - 5, 5, "-file") == 0 &&
               i + 1 < argc) {
      std::string name = arg.substr(2, arg.size() - 7), path = argv[++i], bytes;
      std::size_t limit = file_limit(id, name);
      std::string error = read_file(path, limit, bytes);
      if (!error.empty()) return fail(ErrorCode::BadParams, arg + ": " + error);
      if (bytes.size() >= max_file_bytes) {
        return fail(ErrorCode::LimitExceeded,
                    arg + ": " + path + " holds more than " + std::to_string(max_file_bytes >> 20) + " MB");
      }
      files[name] = std::move(bytes);
    } else {
      return fail(ErrorCode::BadParams, "unknown argument '" + arg + "' (see: llplay help)");
    }
  }
  if (!have_params && !isatty(STDIN_FILENO)) {
    std::string error = read_file("/dev/stdin", max_file_bytes, params_text);
    if (!error.empty()) return fail(ErrorCode::BadParams, "stdin: " + error);
    if (params_text.size() >= max_file_bytes) {
      return fail(ErrorCode::LimitExceeded,
                  "params on stdin exceed " + std::to_string(max_file_bytes >> 20) + " MB");
    }
  }

  const llplay::Registry& registry = llplay::registry();
  json params;
  try {
    params = llplay::Registry::parse_params(id, params_text);
    llplay::Registry::check_depth(id, params);  // before anything below copies or prints it
  } catch (const llplay::Error& e) {
    return fail(e.code(), e.what());
  }
  if (!params.is_null() && !params.is_object()) {
    return fail(ErrorCode::BadParams, id + ": params must be a JSON object, not " + params.type_name());
  }
  for (auto& [name, bytes] : files.items()) params[name] = std::move(bytes);

  if (cancel_word.load() == run_id) return fail(ErrorCode::Cancelled, id + ": cancelled before it started");
  llplay::RunContext ctx(progress ? llplay::RunContext::ProgressSink(
                                        [](double f) { std::fprintf(stderr, "progress %.0f%%\n", f * 100); })
                                  : llplay::RunContext::ProgressSink(),
                         &cancel_word, run_id);
  llplay::Outcome outcome = registry.run(id, params, ctx);
  if (!outcome.ok) {  // the error object with its details (e.g. the async lab's output so far)
    print_json(outcome.to_json());
    std::cerr << "error: " << llplay::code_name(outcome.code) << ": " << outcome.message << '\n';
    return llplay::exit_status(outcome.code);
  }
  print_json(outcome.result);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string command = argc > 1 ? argv[1] : "";
    if (command == "list" && argc == 2) {
      llplay::json all = llplay::registry().describe(), listed = llplay::json::array();
      for (llplay::json& demo : all)  // sql.js demos run in the browser only
        if (demo["needs"] != "sqljs") listed.push_back(std::move(demo));
      print_json(listed);
      return 0;
    }
    if (command == "labs" && argc == 2) {
      print_json(llplay::registry().describe_labs());
      return 0;
    }
    if (command == "run" && argc >= 3) return run(argc, argv);
    if (command == "help" || command == "--help" || command == "-h") {
      std::cout << usage;
      return 0;
    }
    return fail(ErrorCode::BadParams, "expected 'list', 'labs' or 'run <id>' (see: llplay help)");
  } catch (const std::exception& e) {
    return fail(ErrorCode::Internal, e.what());
  }
}
