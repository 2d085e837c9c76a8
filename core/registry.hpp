// The demo registry: every demo's id, lab, typed parameters and run function, in one place.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "error.hpp"
#include "run_context.hpp"

namespace llplay {

using json = nlohmann::json;

/// The type of a parameter. Numbers and booleans are also accepted as strings ("42", "true"), so
/// the page can pass what a person typed and the validation below answers for it.
enum class ParamType {
  integer,
  number,
  boolean,
  string,
  string_list,
  choice,
  value,  ///< any JSON value (the demo checks its shape), or JSON text that parses to one; max: bytes of
          ///< its JSON text, nested at most 32 deep. Params::value() reads it.
};

/// One parameter of a demo, with its default and limits.
struct ParamSpec {
  std::string name;
  ParamType type = ParamType::string;
  std::string label;   ///< short human label for forms and `llplay list`
  json default_value;  ///< null means required
  double min = 0;      ///< integer/number: inclusive range; string: min bytes; string_list: min items
  double max = 0;      ///< integer/number: inclusive range; string: max bytes; string_list: max items
  std::vector<std::string> choices;  ///< choice only
};

/// Parameter values after validation: every declared name is present with the declared type.
class Params {
 public:
  explicit Params(json values) : values_(std::move(values)) {}
  std::int64_t integer(const std::string& name) const { return values_.at(name).get<std::int64_t>(); }
  double number(const std::string& name) const { return values_.at(name).get<double>(); }
  bool boolean(const std::string& name) const { return values_.at(name).get<bool>(); }
  const std::string& string(const std::string& name) const {
    return values_.at(name).get_ref<const std::string&>();
  }
  std::vector<std::string> strings(const std::string& name) const {
    return values_.at(name).get<std::vector<std::string>>();
  }
  const json& value(const std::string& name) const { return values_.at(name); }
  const json& values() const { return values_; }

 private:
  json values_;
};

/// What a demo needs besides the core: nothing (runs everywhere), threads, or isolated workers.
enum class Needs {
  nothing,
  threads,  ///< shared-memory threads: natively, or the mt build (st answers NeedsIsolation)
  workers,  ///< isolated workers: natively processes; in the browser the page starts Web Workers
            ///< (web/labs/<lab>/host.js runs the demo, after check() has validated its params)
  sqljs,    ///< sql.js (SQLite in wasm): the browser only, run by web/labs/<lab>/host.js after check();
            ///< the CLI does not list these
};

/// One demo. `run` returns the result object or throws `Error`.
struct Demo {
  std::string id;   ///< "lab.name", the same in the CLI, `window.llplay` and C++
  std::string lab;  ///< the lab folder: core/<lab>/, web/labs/<lab>/
  std::string title;
  std::string summary;
  std::vector<ParamSpec> params;
  Needs needs = Needs::nothing;
  std::function<json(const Params&, RunContext&)> run;
};

/// One lab: a folder on each side (core/<lab>/, web/labs/<lab>/, tests/<lab>/) and one wasm module.
struct Lab {
  std::string id;     ///< the folder name, and every one of its demos' `lab`
  std::string title;  ///< the page's name for it
};

/// The result of one run, as the contract describes it.
struct Outcome {
  bool ok = false;
  json result;  ///< the result object when ok
  ErrorCode code = ErrorCode::Internal;
  std::string message;
  std::string details;  ///< Error::details(): JSON object text of more members of the error, or empty

  /// `result`, or `{"error": {"code": ..., "message": ..., <details' members>}}`.
  json to_json() const;
};

class Registry {
 public:
  /// Declares a lab, before its demos. A duplicate is a programming error and throws.
  void add_lab(Lab lab);

  /// Adds a demo of a declared lab; a duplicate id or a malformed spec is a programming error and throws.
  void add(Demo demo);

  const std::vector<Lab>& labs() const { return labs_; }
  const std::vector<Demo>& demos() const { return demos_; }
  const Demo* find(const std::string& id) const;

  /// Validates `params` (a JSON object, or null for all defaults) and runs the demo.
  /// Never throws: every failure becomes an error outcome.
  Outcome run(const std::string& id, const json& params, RunContext& ctx) const;

  /// The same, with params as JSON text (as the CLI and the wasm bindings receive them).
  Outcome run_text(const std::string& id, const std::string& params_text, RunContext& ctx) const;

  /// Validates params (JSON text) without running: the completed params, or the error. The page
  /// calls this before it runs a `Needs::workers` demo with workers of its own.
  Outcome check_text(const std::string& id, const std::string& params_text) const;

  /// Checks and completes `params` against the demo's spec; throws `Error{BadParams}`.
  static Params validate(const Demo& demo, const json& params);

  /// The deepest params may nest (a `value` parameter's own limit, 32, is below it). Copying, printing
  /// and comparing a json value recurse on its shape, so nothing may touch deeper params before this.
  static constexpr std::size_t max_params_depth = 64;

  /// Throws `Error{BadParams}` naming `id` if `params` nest deeper than max_params_depth; iterative.
  static void check_depth(const std::string& id, const json& params);

  /// Params as JSON text: null when blank (all defaults). Throws `Error{BadParams}` with the byte where
  /// text that is not JSON goes wrong.
  static json parse_params(const std::string& id, const std::string& params_text);

  /// The registry as JSON: [{id, lab, title, summary, needs, params: [{name, type, label, default, min,
  /// max, choices}]}, ...], with min/max where the type has limits and choices for a choice.
  json describe() const;

  /// The labs as JSON: [{id, title}, ...], in the order they were declared.
  json describe_labs() const;

 private:
  std::vector<Lab> labs_;
  std::vector<Demo> demos_;
  std::map<std::string, std::size_t, std::less<>> index_;
};

/// The registry with the demos of every lab this program links (the CLI and the tests: all of them; a
/// wasm module: its own lab). Built once, on first use, by register_labs().
const Registry& registry();

/// Registers the labs this program links, each through its register_<lab>_lab(). CMake writes it for
/// each program (llplay_register_labs in CMakeLists.txt).
void register_labs(Registry& r);

/// Names used in `describe()` and the bindings.
const char* type_name(ParamType type);
const char* needs_name(Needs needs);

}  // namespace llplay
