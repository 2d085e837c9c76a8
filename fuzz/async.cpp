// The async lab's Python subset: "<flags>\n<program>" parses the program, then runs it on the event loop
// with small budgets (20,000 steps, 2,000 tasks and objects...) and the 2 s deadline, as CPython 3.<10 +
// flags%4>, with the trace on when flags has bit 4 set (what async.loop records). A SyntaxError, a Python
// exception and LimitExceeded are answers; Internal, any other exception, a crash or a hang is a finding. One
// input in 16 goes through the registry's async.run / async.loop instead, with the demo's own budgets.
#include <cstdint>
#include <string>

#include "async/runtime.hpp"
#include "async/syntax.hpp"
#include "error.hpp"
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llplay;
  static fuzz::Deadline deadline(std::chrono::milliseconds(2000));
  auto [line, program_view] = fuzz::first_line(data, size);
  unsigned flags = line.empty() ? 0 : static_cast<unsigned char>(line[0]);
  int minor = 10 + static_cast<int>(flags % 4);
  bool trace = (flags & 4) != 0;
  std::string program(program_view);
  if (program.size() > aio::max_program_bytes) return 0;

  try {
    aio::Program parsed = aio::parse(program);
    (void)parsed;
  } catch (const Error& e) {
    if (e.code() != ErrorCode::SyntaxError) __builtin_trap();
  }

  RunContext ctx = deadline.start();
  if ((flags & 0xf0) == 0xf0) {
    const char* python[] = {"3.10", "3.11", "3.12", "3.13"};
    Outcome o = registry().run(trace ? "async.loop" : "async.run",
                               json{{"program", program}, {"python", python[minor - 10]}}, ctx);
    fuzz::check(o);
    (void)o.to_json().dump(-1, ' ', false, json::error_handler_t::replace);
    return 0;
  }
  aio::Limits limits;
  limits.max_steps = 20000;
  limits.max_tasks = 2000;
  limits.max_objects = 20000;
  limits.max_output_lines = 500;
  limits.max_output_bytes = 20000;
  limits.max_events = 50;
  limits.max_timeline = 500;
  try {
    aio::RunResult r = aio::run_program(program, minor, trace, limits, ctx);
    if (!r.ok && r.code == ErrorCode::Internal) __builtin_trap();
  } catch (const Error& e) {
    if (e.code() != ErrorCode::Cancelled) __builtin_trap();
  }
  return 0;
}
