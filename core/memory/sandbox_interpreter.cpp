// The sandbox's evaluation: constants (the small-int cache, interning, one object per constant of a
// line), statements, expressions, the built-in calls it knows, equality and repr.
#include "sandbox_interpreter.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

#include "../error.hpp"
#include "../python_text.hpp"
#include "cpython.hpp"

namespace llplay::memory::sandbox {

namespace {

/// The dotted name of a callee (`gc.collect`, `Node`), or empty for an expression.
std::string path(const Expr& e) {
  if (e.kind == Expr::name) return e.value;
  if (e.kind == Expr::attr && e.parts[0]->kind == Expr::name) return e.parts[0]->value + "." + e.value;
  return "";
}

bool identifier_like(const std::string& s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

}  // namespace

Interpreter::Interpreter(python::Version version, RunContext* ctx) : version_(version), ctx_(ctx) {
  threshold_[0] = cpython::gc_threshold0(version);
  none_ = make(Kind::none, cpython::none_bytes);
  objects_[none_].cached = "singleton";
  objects_[none_].refcount = 1;
  true_ = make(Kind::boolean, cpython::bool_bytes(version, true));
  objects_[true_].number = 1;
  false_ = make(Kind::boolean, cpython::bool_bytes(version, false));
  for (Id id : {true_, false_}) objects_[id].cached = "singleton", objects_[id].refcount = 1;
  for (Id id : {none_, true_, false_}) make_immortal(id);
}

void Interpreter::make_immortal(Id id) {
  if (!cpython::has_immortals(version_)) return;
  at(id).immortal = true;
  at(id).refcount = cpython::immortal_refcount;
}

json Interpreter::step(const std::vector<Statement>& statements) {
  events_.clear();
  events_dropped_ = 0;
  std::string output;
  consts_.clear();
  for (const Statement& s : statements) {
    std::optional<std::string> shown = execute(s);
    if (shown) output += (output.empty() ? "" : "\n") + *shown;
  }
  for (auto& [key, id] : consts_) decref(id);  // the line's code object goes, and its constants' references
  consts_.clear();
  if (events_dropped_ > 0) events_.push_back("... and " + std::to_string(events_dropped_) + " more");
  return {{"output", output}, {"events", events_}};
}

Id Interpreter::integer(std::int64_t v) {
  if (cpython::small_int(v)) {
    auto it = small_ints_.find(v);
    if (it == small_ints_.end()) {
      Id id = make(Kind::integer, cpython::int_bytes(version_, static_cast<std::uint64_t>(v < 0 ? -v : v)));
      at(id).number = v, at(id).cached = "small int", at(id).refcount = 1;  // the cache's reference
      make_immortal(id);
      it = small_ints_.emplace(v, id).first;
    }
    incref(it->second);
    return it->second;
  }
  Id id = make(Kind::integer, cpython::int_bytes(version_, static_cast<std::uint64_t>(v < 0 ? -v : v)));
  at(id).number = v, at(id).refcount = 1;
  return id;
}

Id Interpreter::text(const std::string& s) {
  // CPython interns string constants that look like names, and keeps one object for the empty string and
  // for each one-character Latin-1 string (Objects/unicodeobject.c, get_latin1_char): both are shared.
  const auto lead = s.empty() ? 0u : static_cast<unsigned char>(s[0]);
  const bool latin1_char = s.size() <= 1 || (s.size() == 2 && (lead == 0xc2 || lead == 0xc3));
  const bool shared = identifier_like(s) || latin1_char;
  if (shared) {
    auto it = interned_.find(s);
    if (it != interned_.end()) {
      incref(it->second);
      return it->second;
    }
  }
  Id id = make(Kind::text, cpython::str_bytes(version_, s));
  at(id).text = s, at(id).refcount = 1;
  if (shared) {
    interned_[s] = id, at(id).cached = identifier_like(s) ? "interned" : "latin-1 character";
    // From 3.12 the shared one-character strings are static, immortal objects (pycore_global_strings.h);
    // 3.12 also made every interned string immortal, and 3.13 made those mortal again.
    if (latin1_char) ++at(id).refcount;  // the cache's reference: never freed
    if (latin1_char || cpython::interned_immortal(version_)) make_immortal(id);
  }
  return id;
}

/// A constant of this line: one object per distinct value, held by the line's code object.
Id Interpreter::constant(const std::string& key, const std::function<Id()>& create) {
  auto it = consts_.find(key);
  if (it == consts_.end()) it = consts_.emplace(key, create()).first;
  incref(it->second);
  return it->second;
}

std::optional<std::string> Interpreter::execute(const Statement& s) {
  switch (s.kind) {
    case Statement::import:
      return std::nullopt;
    case Statement::del:
      for (const ExprPtr& target : s.targets) {
        if (target->kind == Expr::name) {
          auto it = names_.find(target->value);
          if (it == names_.end()) throw PyError{"NameError: name '" + target->value + "' is not defined"};
          Id id = it->second;
          names_.erase(it);
          decref(id);
          continue;
        }
        Id object = eval(*target->parts[0]);
        auto it = at(object).attrs.find(target->value);
        if (it == at(object).attrs.end()) {
          std::string type = type_name(at(object).kind);
          decref(object);
          throw PyError{"AttributeError: '" + type + "' object has no attribute '" + target->value + "'"};
        }
        Id value = it->second;
        at(object).attrs.erase(it);
        decref(value);
        decref(object);
      }
      return std::nullopt;
    case Statement::assign: {
      Id value = eval(*s.value);
      bind(s.target, value);
      return std::nullopt;
    }
    case Statement::assign_attr: {
      Id object = eval(*s.object);
      Object& o = at(object);
      if (o.kind != Kind::node && o.kind != Kind::phoenix) {
        decref(object);
        throw PyError{"AttributeError: '" + std::string(type_name(o.kind)) + "' object has no attribute '" +
                      s.target + "'"};
      }
      Id value = eval(*s.value);
      auto it = at(object).attrs.find(s.target);
      if (it != at(object).attrs.end()) {
        Id old = it->second;
        it->second = value;
        decref(old);
      } else {
        at(object).attrs[s.target] = value;
      }
      decref(object);
      return std::nullopt;
    }
    case Statement::expression: {
      Id value = eval(*s.value);
      std::optional<std::string> shown;
      if (value == printed_) {
        shown = last_print_;
      } else if (value != none_) {
        shown = repr(value);
      }
      printed_ = 0;
      decref(value);
      return shown;
    }
  }
  return std::nullopt;
}

/// Evaluates to a new reference (the caller owns one count of the result).
Id Interpreter::eval(const Expr& e) {
  tick();
  switch (e.kind) {
    case Expr::integer: {
      std::int64_t v = std::stoll(e.value);
      return cpython::small_int(v) ? integer(v) : constant("int:" + e.value, [&] { return integer(v); });
    }
    case Expr::text:
      return constant("str:" + e.value, [&] { return text(e.value); });
    case Expr::none:
      return incref(none_), none_;
    case Expr::truth:
      return incref(true_), true_;
    case Expr::falsity:
      return incref(false_), false_;
    case Expr::name: {
      auto it = names_.find(e.value);
      if (it == names_.end()) throw PyError{"NameError: name '" + e.value + "' is not defined"};
      incref(it->second);
      return it->second;
    }
    case Expr::list: {
      std::vector<Id> items;
      for (const ExprPtr& part : e.parts) items.push_back(eval(*part));
      const bool constants = std::all_of(e.parts.begin(), e.parts.end(), [](const ExprPtr& part) {
        return part->kind == Expr::integer || part->kind == Expr::text || part->kind == Expr::none ||
               part->kind == Expr::truth || part->kind == Expr::falsity;
      });
      Id id = new_list(cpython::list_display_capacity(items.size(), constants));
      at(id).items = std::move(items);  // the list takes the references
      maybe_collect();
      return id;
    }
    case Expr::comprehension: {
      Id id = new_list(0);
      // The loop variable is the comprehension's own: a name it shadows is back afterwards.
      auto shadowed = names_.find(e.loop_name);
      std::optional<Id> outer;
      if (shadowed != names_.end()) outer = shadowed->second, names_.erase(shadowed);
      for (std::int64_t i = 0; i < e.count; ++i) {
        bind(e.loop_name, integer(i));
        append(id, eval(*e.parts[0]));
        maybe_collect();
      }
      if (names_.count(e.loop_name)) {
        Id v = names_[e.loop_name];
        names_.erase(e.loop_name);
        decref(v);
      }
      if (outer) names_[e.loop_name] = *outer;
      return id;
    }
    case Expr::is:
    case Expr::is_not:
    case Expr::eq:
    case Expr::ne: {
      Id a = eval(*e.parts[0]), b = eval(*e.parts[1]);
      bool result = e.kind == Expr::is       ? a == b
                    : e.kind == Expr::is_not ? a != b
                    : e.kind == Expr::eq     ? equal(a, b)
                                             : !equal(a, b);
      decref(a), decref(b);
      Id out = result ? true_ : false_;
      incref(out);
      return out;
    }
    case Expr::attr: {
      Id object = eval(*e.parts[0]);
      const Object& o = at(object);
      auto it = o.attrs.find(e.value);
      if (it == o.attrs.end()) {
        std::string type = type_name(o.kind);
        decref(object);
        throw PyError{"AttributeError: '" + type + "' object has no attribute '" + e.value + "'"};
      }
      Id value = it->second;
      incref(value);
      decref(object);
      return value;
    }
    case Expr::index: {
      Id object = eval(*e.parts[0]);
      const Object& o = at(object);
      if (o.kind != Kind::list && o.kind != Kind::tuple) {
        std::string type = type_name(o.kind);
        decref(object);
        throw PyError{"TypeError: '" + type + "' object is not subscriptable"};
      }
      std::size_t i = std::stoull(e.value);
      if (i >= o.items.size()) {
        decref(object);
        throw PyError{"IndexError: list index out of range"};
      }
      Id value = o.items[i];
      incref(value);
      decref(object);
      return value;
    }
    case Expr::call:
      return call(e);
  }
  throw PyError{"SyntaxError"};
}

void Interpreter::arguments(const Expr& e, std::size_t want, const std::string& name) {
  if (e.parts.size() - 1 != want)
    throw PyError{"TypeError: " + name + "() takes " + std::to_string(want) + " argument" +
                  (want == 1 ? "" : "s") + " (" + std::to_string(e.parts.size() - 1) + " given)"};
}

Id Interpreter::call(const Expr& e) {
  const Expr& callee = *e.parts[0];
  std::string name = path(callee);
  if (name == "Node" || name == "Phoenix") {
    arguments(e, 0, name);
    Id id = make(name == "Node" ? Kind::node : Kind::phoenix, cpython::instance_bytes(version_));
    at(id).refcount = 1;
    maybe_collect();
    return id;
  }
  if (name == "list") {
    arguments(e, 1, name);
    Id source = eval(*e.parts[1]);
    if (at(source).kind != Kind::list && at(source).kind != Kind::tuple) {
      decref(source);
      throw PyError{"TypeError: this sandbox's list() copies a list or a tuple"};
    }
    std::vector<Id> items = at(source).items;
    tick(items.size());
    for (Id i : items) incref(i);
    Id id = new_list(cpython::list_capacity_exact(items.size()));
    at(id).items = std::move(items);
    decref(source);
    maybe_collect();
    return id;
  }
  if (name == "id" || name == "len" || name == "sys.getrefcount" || name == "print") {
    arguments(e, 1, name);
    Id x = eval(*e.parts[1]);
    std::int64_t result = 0;
    if (name == "print") {
      last_print_ = at(x).kind == Kind::text ? at(x).text : repr(x);
      decref(x);
      incref(none_);
      printed_ = none_;
      return none_;
    }
    if (name == "id") result = static_cast<std::int64_t>(x);
    if (name == "sys.getrefcount")  // includes the argument's own reference, as in CPython
      result = at(x).refcount;
    if (name == "len") {
      const Object& o = at(x);
      if (o.kind != Kind::list && o.kind != Kind::tuple && o.kind != Kind::text) {
        std::string type = type_name(o.kind);
        decref(x);
        throw PyError{"TypeError: object of type '" + type + "' has no len()"};
      }
      result = static_cast<std::int64_t>(o.kind == Kind::text ? cpython::str_length(o.text) : o.items.size());
    }
    decref(x);
    return integer(result);
  }
  if (name == "weakref.ref") {
    arguments(e, 1, name);
    Id x = eval(*e.parts[1]);
    if (at(x).kind != Kind::node && at(x).kind != Kind::phoenix) {  // built-ins have no weakref slot
      std::string type = type_name(at(x).kind);
      decref(x);
      throw PyError{"TypeError: cannot create weak reference to '" + type + "' object"};
    }
    auto existing = weakrefs_.find(x);
    if (existing != weakrefs_.end()) {  // CPython hands out the object's one plain weak reference again
      Id w = existing->second;
      incref(w);
      decref(x);
      return w;
    }
    Id w = make(Kind::weakref, cpython::weakref_bytes(version_));
    at(w).target = x, at(w).refcount = 1;
    weakrefs_.emplace(x, w);
    decref(x);  // a weak reference does not keep its object alive
    return w;
  }
  if (name == "gc.collect") {
    if (e.parts.size() > 2) arguments(e, 1, name);
    int g = 2;
    if (e.parts.size() == 2) {
      if (e.parts[1]->kind != Expr::integer || e.parts[1]->value.size() != 1 || e.parts[1]->value[0] > '2')
        throw PyError{"ValueError: invalid generation"};
      g = e.parts[1]->value[0] - '0';
    }
    return integer(collect(g));
  }
  if (name == "gc.enable" || name == "gc.disable") {
    arguments(e, 0, name);
    enabled_ = name == "gc.enable";
    incref(none_);
    return none_;
  }
  if (name == "gc.get_count") {
    arguments(e, 0, name);
    std::vector<Id> items{integer(count_[0]), integer(count_[1]), integer(count_[2])};
    Id id = make(Kind::tuple, cpython::tuple_bytes(items.size()));
    at(id).items = items, at(id).refcount = 1;
    return id;
  }
  if (callee.kind == Expr::attr && callee.value == "append") {
    arguments(e, 1, "append");
    Id object = eval(*callee.parts[0]);
    if (at(object).kind != Kind::list) {
      std::string type = type_name(at(object).kind);
      decref(object);
      throw PyError{"AttributeError: '" + type + "' object has no attribute 'append'"};
    }
    append(object, eval(*e.parts[1]));
    decref(object);
    incref(none_);
    return none_;
  }
  // Calling a weak reference: its object (a new reference), or None once it is gone.
  Id f = eval(callee);
  if (at(f).kind == Kind::weakref) {
    arguments(e, 0, "weakref");
    Id target = at(f).target ? at(f).target : none_;
    incref(target);
    decref(f);
    return target;
  }
  std::string type = type_name(at(f).kind);
  decref(f);
  if (callee.kind == Expr::name && !names_.count(callee.value))
    throw PyError{"NameError: name '" + callee.value + "' is not defined"};
  throw PyError{"TypeError: '" + type + "' object is not callable"};
}

void Interpreter::tick(std::uint64_t n) {
  const std::uint64_t before = steps_;
  steps_ += n;
  if (steps_ > max_steps)
    throw Error(ErrorCode::LimitExceeded, "the script took more than " + std::to_string(max_steps) +
                                              " steps (evaluations, items copied, compared or printed, "
                                              "objects freed); this sandbox stops there");
  if (ctx_ && before / 4096 != steps_ / 4096) ctx_->checkpoint(progress_);
}

// llplay:source memory.sandbox
/// `a == b` as CPython's list_richcompare does it, without recursing here: lists (or tuples) of
/// different lengths differ; otherwise items are compared in order, an item identical to its
/// partner counting as equal without a comparison (so `a == a` is True for a list that contains
/// itself), until one pair differs. Each comparison made inside another is one level deeper; past
/// CPython's depth it raises RecursionError, as CPython does for two lists that each contain
/// themselves.
bool Interpreter::equal(Id a, Id b) {
  struct Level {
    const std::vector<Id>* x;
    const std::vector<Id>* y;
    std::size_t i;
  };
  std::vector<Level> levels;
  // One comparison, one level below those open: its answer, or nullopt if it opened a level.
  auto compare = [&](Id p, Id q) -> std::optional<bool> {
    if (levels.size() + 1 > compare_depth_limit(version_))
      throw PyError{"RecursionError: maximum recursion depth exceeded in comparison"};
    const Object &x = at(p), &y = at(q);
    const auto number = [](const Object& o) { return o.kind == Kind::integer || o.kind == Kind::boolean; };
    if (number(x) && number(y)) return x.number == y.number;  // True == 1
    if (x.kind == Kind::text && y.kind == Kind::text) return x.text == y.text;
    if (x.kind == Kind::weakref && y.kind == Kind::weakref && x.target && y.target)
      return x.target == y.target;  // live weak references compare their objects (by identity here)
    if ((x.kind == Kind::list && y.kind == Kind::list) || (x.kind == Kind::tuple && y.kind == Kind::tuple)) {
      if (x.items.size() != y.items.size()) return false;
      levels.push_back({&x.items, &y.items, 0});
      return std::nullopt;
    }
    return p == q;  // other objects compare by identity
  };
  std::optional<bool> answer = compare(a, b);
  if (answer) return *answer;
  while (!levels.empty()) {
    tick();
    Level& level = levels.back();
    if (level.i == level.x->size()) {  // every pair equal: so is this level, and its parent goes on
      levels.pop_back();
      continue;
    }
    Id p = (*level.x)[level.i], q = (*level.y)[level.i];
    ++level.i;
    if (p == q) continue;
    answer = compare(p, q);
    if (answer && !*answer) return false;
  }
  return true;
}
// llplay:end

namespace {

/// A str's repr as CPython writes it. (The tokenizer lets no backslash in.)
std::string text_repr(const std::string& t) { return python_str_repr(t); }

}  // namespace

std::string Interpreter::scalar_repr(Id id) const {
  const Object& o = objects_.at(id);
  switch (o.kind) {
    case Kind::none:
      return "None";
    case Kind::boolean:
      return o.number ? "True" : "False";
    case Kind::integer:
      return std::to_string(o.number);
    case Kind::text:
      return text_repr(o.text);
    case Kind::node:
    case Kind::phoenix:
      return "<__main__." + std::string(type_name(o.kind)) + " object at " + hex(id) + ">";
    case Kind::weakref:
      return "<weakref at " + hex(id) + "; " +
             (o.target ? "to '" + std::string(type_name(objects_.at(o.target).kind)) + "' at " + hex(o.target)
                       : "dead") +
             ">";
    case Kind::list:
    case Kind::tuple:
      break;
  }
  return "?";
}

// llplay:source memory.sandbox
/// repr() as CPython's list_repr writes it, whole, without recursing here: a list (or tuple) already
/// being written inside itself is "[...]" (Py_ReprEnter); each repr inside another is one level
/// deeper, and past CPython's depth raises RecursionError. Output past max_output characters stops
/// the run (LimitExceeded): CPython would print it all.
std::string Interpreter::repr(Id id) {
  std::string out;
  std::vector<std::pair<Id, std::size_t>> open;  // the lists being written, and their next item
  std::set<Id> writing;
  auto begin = [&](Id item) {
    tick();
    if (open.size() + 1 > repr_depth_limit(version_))
      throw PyError{"RecursionError: maximum recursion depth exceeded while getting the repr of an object"};
    const Object& o = at(item);
    const bool tuple = o.kind == Kind::tuple;
    if (o.kind != Kind::list && !tuple) {
      out += scalar_repr(item);
    } else if (o.items.empty()) {
      out += tuple ? "()" : "[]";
    } else if (writing.count(item)) {
      out += tuple ? "(...)" : "[...]";
    } else {
      out += tuple ? "(" : "[";
      open.emplace_back(item, 0);
      writing.insert(item);
    }
    if (out.size() > max_output)
      throw Error(ErrorCode::LimitExceeded, "one line's output passed " + std::to_string(max_output) +
                                                " characters; this sandbox stops there");
  };
  begin(id);
  while (!open.empty()) {
    auto& [list, next] = open.back();
    const Object& o = at(list);
    if (next == o.items.size()) {
      const bool tuple = o.kind == Kind::tuple;
      out += tuple ? (o.items.size() == 1 ? ",)" : ")") : "]";
      writing.erase(list);
      open.pop_back();
      continue;
    }
    if (next > 0) out += ", ";
    begin(o.items[next++]);
  }
  return out;
}
// llplay:end

std::string Interpreter::preview(Id id, int depth) const {
  const Object& o = objects_.at(id);
  if (o.kind != Kind::list && o.kind != Kind::tuple) return scalar_repr(id);
  const bool tuple = o.kind == Kind::tuple;
  if (depth > 3) return tuple ? "(...)" : "[...]";  // 4 levels at most: the recursion is bounded
  std::string out = tuple ? "(" : "[";
  for (std::size_t i = 0; i < o.items.size() && i < 20; ++i) {
    if (i) out += ", ";
    if (out.size() > max_preview) {
      out += "...";
      break;
    }
    out += o.items[i] == id ? "[...]" : preview(o.items[i], depth + 1);
  }
  if (o.items.size() > 20) out += ", ...";
  if (tuple && o.items.size() == 1) out += ",";
  return out + (tuple ? ")" : "]");
}

}  // namespace llplay::memory::sandbox
