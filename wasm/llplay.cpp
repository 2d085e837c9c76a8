// The Embind surface of one lab's module: the registry of the labs it links (list, labs, run, check),
// and the cancel word. The same in every module.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <atomic>
#include <cstdint>
#include <string>

#include "registry.hpp"

namespace {

using emscripten::val;
using llplay::json;

/// The outcome of run() or check(). `code` is the contract's error code name ("BadParams") when not ok;
/// `result_json` is the result object (check: the completed params) as JSON text when ok; when not ok,
/// the error's details (JSON object text of more members, e.g. the async lab's `output`) or empty.
/// The strings are copies, owned by JS once returned.
struct RunOutcome {
  bool ok;
  std::string code;
  std::string message;
  std::string result_json;
};

RunOutcome to_outcome(const llplay::Outcome& outcome) {
  if (!outcome.ok)
    return {false, std::string(llplay::code_name(outcome.code)), outcome.message, outcome.details};
  return {true, {}, {}, outcome.result.dump(-1, ' ', false, json::error_handler_t::replace)};
}

/// The page stores a run's id here (with Atomics, through the module's SharedArrayBuffer in the mt
/// build) to cancel that run. See RunContext.
std::atomic<std::uint32_t> cancel_word{0};

/// This module's demos, as JSON text: what `llplay list` prints, for this module's lab.
std::string list() { return llplay::registry().describe().dump(); }

/// This module's lab(s), as JSON text: [{id, title}].
std::string list_labs() { return llplay::registry().describe_labs().dump(); }

/// Runs a demo on the calling thread. `on_progress(fraction)` is called on this thread only, at most
/// every 100 ms; pass null for none.
RunOutcome run(const std::string& id, const std::string& params_json, std::uint32_t run_id, val on_progress) {
  llplay::RunContext::ProgressSink sink;
  if (!on_progress.isNull() && !on_progress.isUndefined())
    sink = [&on_progress](double f) { on_progress(f); };
  llplay::RunContext ctx(std::move(sink), &cancel_word, run_id);
  return to_outcome(llplay::registry().run_text(id, params_json, ctx));
}

/// Validates params without running the demo: result_json holds the completed params.
RunOutcome check(const std::string& id, const std::string& params_json) {
  return to_outcome(llplay::registry().check_text(id, params_json));
}

std::uint32_t cancel_word_address() {
  return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(&cancel_word));
}

std::string variant() {
#ifdef __EMSCRIPTEN_PTHREADS__
  return "mt";
#else
  return "st";
#endif
}

}  // namespace

EMSCRIPTEN_BINDINGS(llplay) {
  using namespace emscripten;
  value_object<RunOutcome>("RunOutcome")
      .field("ok", &RunOutcome::ok)
      .field("code", &RunOutcome::code)
      .field("message", &RunOutcome::message)
      .field("resultJson", &RunOutcome::result_json);
  function("list", &list);
  function("labs", &list_labs);
  function("run", &run);
  function("check", &check);
  function("cancelWordAddress", &cancel_word_address);
  function("variant", &variant);
}
