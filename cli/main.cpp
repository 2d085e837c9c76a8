// llplay: the demo registry on the command line (`llplay list`, `llplay labs`, `llplay run <id>`).
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
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

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

int run(int argc, char** argv) {
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
      if (!read_file(path, bytes)) return fail(ErrorCode::BadParams, arg + ": cannot read " + path);
      files[name] = std::move(bytes);
    } else {
      return fail(ErrorCode::BadParams, "unknown argument '" + arg + "' (see: llplay help)");
    }
  }
  if (!have_params && !isatty(STDIN_FILENO)) {
    std::ostringstream in;
    in << std::cin.rdbuf();
    params_text = in.str();
  }

  const llplay::Registry& registry = llplay::registry();
  json params;
  if (params_text.find_first_not_of(" \t\r\n") != std::string::npos) {
    params = json::parse(params_text, nullptr, false);
    if (params.is_discarded() || !params.is_object()) {
      return fail(ErrorCode::BadParams, id + ": params must be a JSON object");
    }
  }
  for (auto& [name, bytes] : files.items()) params[name] = std::move(bytes);

  std::signal(SIGINT, on_interrupt);
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
