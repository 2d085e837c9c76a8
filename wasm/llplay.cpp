// Embind surface of the demo registry: list() and run(), as structs and enums.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "registry.hpp"

namespace {

using emscripten::val;
using llplay::ErrorCode;
using llplay::json;
using llplay::Needs;
using llplay::ParamType;

/// One parameter as the page sees it. `default_json` is JSON text, because a default may be any type.
struct ParamInfo {
  std::string name;
  ParamType type;
  std::string label;
  std::string default_json;
  double min;  // integer/number: inclusive range
  double max;
  std::vector<std::string> choices;  // choice only
};

struct DemoInfo {
  std::string id;
  std::string lab;
  std::string title;
  std::string summary;
  Needs needs;
  std::vector<ParamInfo> params;
};

/// The outcome of run(). `result_json` is the result object as JSON text when ok. Strings are copies,
/// owned by JS once returned; vectors arrive as Embind handles that the caller must delete().
struct RunOutcome {
  bool ok;
  ErrorCode code;
  std::string message;
  std::string result_json;
};

/// The page stores a run's id here (with Atomics, through the module's SharedArrayBuffer in the mt
/// build) to cancel that run. See RunContext.
std::atomic<std::uint32_t> cancel_word{0};

std::vector<DemoInfo> list() {
  std::vector<DemoInfo> demos;
  for (const llplay::Demo& demo : llplay::registry().demos()) {
    DemoInfo info{demo.id, demo.lab, demo.title, demo.summary, demo.needs, {}};
    for (const llplay::ParamSpec& spec : demo.params) {
      info.params.push_back(
          {spec.name, spec.type, spec.label, spec.default_value.dump(), spec.min, spec.max, spec.choices});
    }
    demos.push_back(std::move(info));
  }
  return demos;
}

/// Runs a demo on the calling thread. `on_progress(fraction)` is called on this thread only, at most
/// every 100 ms; pass null for none.
RunOutcome run(const std::string& id, const std::string& params_json, std::uint32_t run_id, val on_progress) {
  llplay::RunContext::ProgressSink sink;
  if (!on_progress.isNull() && !on_progress.isUndefined())
    sink = [&on_progress](double f) { on_progress(f); };
  llplay::RunContext ctx(std::move(sink), &cancel_word, run_id);
  llplay::Outcome outcome = llplay::registry().run_text(id, params_json, ctx);
  return {outcome.ok, outcome.code, outcome.message,
          outcome.ok ? outcome.result.dump(-1, ' ', false, json::error_handler_t::replace) : std::string()};
}

/// Validates params without running the demo: result_json holds the completed params.
RunOutcome check(const std::string& id, const std::string& params_json) {
  llplay::Outcome outcome = llplay::registry().check_text(id, params_json);
  return {outcome.ok, outcome.code, outcome.message, outcome.ok ? outcome.result.dump() : std::string()};
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

  enum_<ParamType>("ParamType")
      .value("integer", ParamType::integer)
      .value("number", ParamType::number)
      .value("boolean", ParamType::boolean)
      .value("string", ParamType::string)
      .value("string_list", ParamType::string_list)
      .value("choice", ParamType::choice);
  enum_<Needs>("Needs")
      .value("nothing", Needs::nothing)
      .value("threads", Needs::threads)
      .value("workers", Needs::workers)
      .value("sqljs", Needs::sqljs);
  auto codes = enum_<ErrorCode>("ErrorCode");
#define LLPLAY_BIND_CODE(name, status) codes.value(#name, ErrorCode::name);
  LLPLAY_ERROR_CODES(LLPLAY_BIND_CODE)
#undef LLPLAY_BIND_CODE

  register_vector<std::string>("StringList");
  register_vector<ParamInfo>("ParamInfoList");
  register_vector<DemoInfo>("DemoInfoList");
  value_object<ParamInfo>("ParamInfo")
      .field("name", &ParamInfo::name)
      .field("type", &ParamInfo::type)
      .field("label", &ParamInfo::label)
      .field("defaultJson", &ParamInfo::default_json)
      .field("min", &ParamInfo::min)
      .field("max", &ParamInfo::max)
      .field("choices", &ParamInfo::choices);
  value_object<DemoInfo>("DemoInfo")
      .field("id", &DemoInfo::id)
      .field("lab", &DemoInfo::lab)
      .field("title", &DemoInfo::title)
      .field("summary", &DemoInfo::summary)
      .field("needs", &DemoInfo::needs)
      .field("params", &DemoInfo::params);
  value_object<RunOutcome>("RunOutcome")
      .field("ok", &RunOutcome::ok)
      .field("code", &RunOutcome::code)
      .field("message", &RunOutcome::message)
      .field("resultJson", &RunOutcome::result_json);

  function("list", &list);
  function("run", &run);
  function("check", &check);
  function("cancelWordAddress", &cancel_word_address);
  function("variant", &variant);
}
