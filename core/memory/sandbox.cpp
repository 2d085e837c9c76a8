// The sticky-notes sandbox: a script parsed whole (sandbox_syntax.cpp), then run line by line on a
// model of CPython's objects (sandbox_interpreter.hpp), with a snapshot of the state after each line.
#include "sandbox.hpp"

#include "../error.hpp"
#include "cpython.hpp"
#include "sandbox_interpreter.hpp"
#include "sandbox_syntax.hpp"

namespace llplay::memory::sandbox {

json run(const std::vector<std::string>& lines) {
  if (lines.size() > max_lines)
    throw Error(ErrorCode::BadParams, "script: at most " + std::to_string(max_lines) + " lines");
  std::vector<std::vector<Statement>> program;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].size() > max_line_length)
      throw Error(ErrorCode::BadParams, "line " + std::to_string(i + 1) + ": longer than " +
                                            std::to_string(max_line_length) + " characters");
    program.push_back(parse(lines[i], i + 1));
  }
  Interpreter python;
  json steps = json::array();
  for (std::size_t i = 0; i < program.size(); ++i) {
    Interpreter before = python;
    json step = {{"statement", lines[i]}};
    try {
      step.update(python.step(program[i]));
    } catch (const PyError& e) {
      python = std::move(before);  // as at the prompt: the failed line leaves no trace
      step.update({{"output", ""}, {"events", json::array()}, {"error", e.text}});
    }
    step["state"] = python.state();
    steps.push_back(std::move(step));
  }
  return {{"steps", steps}, {"python", cpython::version}};
}

}  // namespace llplay::memory::sandbox
