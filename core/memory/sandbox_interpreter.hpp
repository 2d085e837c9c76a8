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

#include "sandbox_objects.hpp"
#include "sandbox_syntax.hpp"

namespace llplay::memory::sandbox {

using json = nlohmann::json;

constexpr std::size_t max_objects = 20000, max_events = 40;

class Interpreter {
 public:
  /// A fresh interpreter: None, True and False exist; no names.
  Interpreter();

  /// Runs one line's statements: {"output", "events"}. Throws PyError (the caller restores the
  /// interpreter it copied before the line, as the >>> prompt leaves no trace of a failed line).
  json step(const std::vector<Statement>& statements);

  /// The names, the objects (at most 400 drawn; the rest counted) and the collector's counters.
  json state() const;

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
  bool equal(Id a, Id b) const;
  std::string repr(Id id, int depth = 0) const;

  std::map<Id, Object> objects_;
  std::map<std::string, Id> names_;
  std::map<std::int64_t, Id> small_ints_;
  std::map<std::string, Id> interned_;  // mortal: the table holds no reference
  std::map<std::string, Id> consts_;    // this line's constants
  std::map<std::uint64_t, std::vector<Id>> free_;
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
};

}  // namespace llplay::memory::sandbox
