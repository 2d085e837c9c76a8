// The sandbox's interpreter: the objects, the names stuck on them, reference counting and the
// generational collector. Its parts live in three files: sandbox_interpreter.cpp (evaluation, calls,
// equality, repr), sandbox_collector.cpp (allocation, reference counts, the cycle collector) and
// sandbox_snapshot.cpp (state(): what the page draws).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "../python_version.hpp"
#include "../run_context.hpp"
#include "sandbox_objects.hpp"
#include "sandbox_syntax.hpp"

namespace llplay::memory::sandbox {

using json = nlohmann::json;

constexpr std::size_t max_objects = 50000, max_events = 40;

/// What one run may use; past any of them the run stops with Error{LimitExceeded}. A step is one
/// evaluation, one item copied, compared or printed, or one object freed: the script's memory grows
/// by at most a few references a step.
constexpr std::uint64_t max_steps = 3000000;
constexpr std::size_t max_output = 100000;  ///< characters one line may print
constexpr std::size_t max_preview = 200;    ///< characters of an object's repr in the state, about
/// The states of all lines together: at most this many names, objects and references (shared evenly
/// among the lines, at least 2,000 each), about 20 MB of JSON; and at most this many references
/// walked to make them.
constexpr std::size_t max_state_entries = 600000;
constexpr std::uint64_t max_state_work = 50000000;

/// The depth at which CPython's recursion guard meets the sandbox's lines at the >>> prompt: `==` on
/// lists nested deeper than compare_depth_limit, and a repr (the prompt's echo, print) deeper than
/// repr_depth_limit, raise RecursionError (each nested comparison or repr is a C call that counts, and
/// the prompt's own frame and sys.displayhook take the rest). 3.10 and 3.11 count C calls against the
/// recursion limit (1000): 999 and 998; 3.12 has a C limit of its own (Py_C_RECURSION_LIMIT 1500):
/// 1498 and 1497; 3.13 raised it to 10,000: 9999 and 9998. Measured with `python3.X -i`
/// (tests/memory/cpython_test.py, DepthAgainstThePrompt).
constexpr std::size_t compare_depth_limit(python::Version v) {
  return v <= python::Version::v3_11 ? 999 : v == python::Version::v3_12 ? 1498 : 9999;
}
constexpr std::size_t repr_depth_limit(python::Version v) { return compare_depth_limit(v) - 1; }

class Interpreter {
 public:
  /// A fresh interpreter modelling CPython `version`: None, True and False exist; no names. `ctx` (if
  /// any) is checked for cancel every few thousand steps.
  explicit Interpreter(python::Version version, RunContext* ctx = nullptr);

  /// The progress to report while the next line runs (0 to 1).
  void set_progress(double fraction) { progress_ = fraction; }

  /// Runs one line's statements: {"output", "events"}. Throws PyError (the caller restores the
  /// interpreter it copied before the line, as the >>> prompt leaves no trace of a failed line).
  json step(const std::vector<Statement>& statements);

  /// The names, the objects (at most 400 drawn; the rest counted) and the collector's counters, in at
  /// most `entries` names, objects and references (the rest counted, as hiddenNames, hiddenObjects
  /// and each object's refsHidden). Adds the references it walked to `work`.
  json state(std::size_t entries, std::uint64_t& work) const;

  /// Steps taken so far (a failed line's count, kept when the interpreter before it comes back).
  std::uint64_t steps() const { return steps_; }
  void set_steps(std::uint64_t steps) { steps_ = steps; }

 private:
  // -- allocation and reference counting (sandbox_collector.cpp) ----------------------------------
  Id make(Kind kind, std::uint64_t bytes);
  Object& at(Id id) { return objects_.at(id); }
  Id new_list(std::uint64_t capacity);  // a new reference
  void append(Id list, Id item);        // takes over the reference to item
  void incref(Id id);
  void decref(Id id);
  void dealloc(Id id);
  void finalize(Id id);
  void clear_weakrefs(Id id);
  std::string describe(Id id) const;
  void event(std::string text);
  void bind(const std::string& name, Id owned);  // takes over one reference

  // -- the collector (sandbox_collector.cpp) ------------------------------------------------------
  void maybe_collect();
  std::int64_t collect(int g);

  // -- constants and evaluation (sandbox_interpreter.cpp) -----------------------------------------
  Id integer(std::int64_t v);
  Id text(const std::string& s);
  Id constant(const std::string& key, const std::function<Id()>& create);
  std::optional<std::string> execute(const Statement& s);
  Id eval(const Expr& e);
  void arguments(const Expr& e, std::size_t want, const std::string& name);
  Id call(const Expr& e);
  void tick(std::uint64_t n = 1);  // counts n steps: the budget, and cancel
  bool equal(Id a, Id b);
  std::string repr(Id id);                          // CPython's, whole (a Python exception past its depth)
  std::string preview(Id id, int depth = 0) const;  // a short one for the page: 4 levels, 20 items
  std::string scalar_repr(Id id) const;             // anything but a list or tuple

  void make_immortal(Id id);  // from 3.12, for the objects CPython makes immortal (PEP 683)

  python::Version version_;
  std::map<Id, Object> objects_;
  std::map<std::string, Id> names_;
  std::map<std::int64_t, Id> small_ints_;
  std::map<std::string, Id> interned_;  // mortal: the table holds no reference
  std::map<std::string, Id> consts_;    // this line's constants
  std::map<std::uint64_t, std::vector<Id>> free_;
  std::multimap<Id, Id> weakrefs_;    // an object's id -> its live weak references
  Id next_address_ = 0x7f3a4c000010;  // simulated: where a 64-bit CPython's heap objects tend to be
  Id none_ = 0, true_ = 0, false_ = 0;
  Id printed_ = 0;
  std::string last_print_;
  std::vector<std::string> events_;
  std::size_t events_dropped_ = 0;
  bool enabled_ = true;
  std::int64_t count_[3] = {0, 0, 0};
  std::int64_t threshold_[3] = {700, 10, 10};
  std::int64_t collections_[3] = {0, 0, 0};
  std::int64_t collected_[3] = {0, 0, 0};
  RunContext* ctx_ = nullptr;
  double progress_ = 0;
  std::uint64_t steps_ = 0;
  std::vector<std::pair<std::vector<Id>, std::size_t>> releasing_;  // dealloc's work: references to drop
};

}  // namespace llplay::memory::sandbox
