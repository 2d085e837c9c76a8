// The sticky-notes sandbox: a script parsed whole (sandbox_syntax.cpp), then run line by line on a
// model of CPython's objects (sandbox_interpreter.hpp), with a snapshot of the state after each line.
#include "sandbox.hpp"

#include <algorithm>

#include "../error.hpp"
#include "cpython.hpp"
#include "sandbox_interpreter.hpp"
#include "sandbox_syntax.hpp"

namespace llplay::memory::sandbox {

json run(const std::vector<std::string>& lines, python::Version version, RunContext& ctx) {
  if (lines.size() > max_lines)
    throw Error(ErrorCode::BadParams, "script: at most " + std::to_string(max_lines) + " lines");
  std::vector<std::vector<Statement>> program;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].size() > max_line_length)
      throw Error(ErrorCode::BadParams, "line " + std::to_string(i + 1) + ": longer than " +
                                            std::to_string(max_line_length) + " characters");
    program.push_back(parse(lines[i], i + 1));
  }
  Interpreter python(version, &ctx);
  json steps = json::array();
  const std::size_t entries =
      std::max<std::size_t>(2000, max_state_entries / std::max<std::size_t>(1, lines.size()));
  std::uint64_t work = 0;
  for (std::size_t i = 0; i < program.size(); ++i) {
    python.set_progress(static_cast<double>(i) / static_cast<double>(program.size()));
    ctx.checkpoint(static_cast<double>(i) / static_cast<double>(program.size()));
    Interpreter before = python;
    json step = {{"statement", lines[i]}};
    try {
      step.update(python.step(program[i]));
    } catch (const PyError& e) {
      const std::uint64_t spent = python.steps();
      python = std::move(before);  // as at the prompt: the failed line leaves no trace
      python.set_steps(spent);     // but the steps it took count
      step.update({{"output", ""}, {"events", json::array()}, {"error", e.text}});
    }
    step["state"] = python.state(entries, work);
    if (work > max_state_work)
      throw Error(ErrorCode::LimitExceeded,
                  "the states after each line would walk more than " + std::to_string(max_state_work) +
                      " references; this sandbox stops there (line " + std::to_string(i + 1) + ")");
    steps.push_back(std::move(step));
  }
  return {{"steps", steps},
          {"python", cpython::version_number(version)},
          {"version", cpython::version_name(version)}};
}

json run(const std::vector<std::string>& lines, python::Version version) {
  RunContext ctx;
  return run(lines, version, ctx);
}

}  // namespace llplay::memory::sandbox
