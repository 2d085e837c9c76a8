// The sticky-notes sandbox: a tokenizer, a parser for a small subset of Python, and an object
// model with CPython's reference counting and generational collector.
#include "sandbox.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "../error.hpp"
#include "cpython.hpp"

namespace llplay::memory::sandbox {

const char* const grammar =
    "NAME = EXPR · NAME.attr = EXPR · del NAME|EXPR.attr[, ...] · EXPR · import gc|sys|weakref; "
    "EXPR: 42, 'text', None, True, False, NAME, [EXPR, ...], [EXPR for NAME in range(N)], list(EXPR), "
    "Node(), "
    "Phoenix(), weakref.ref(EXPR), NAME() (a weak reference), EXPR.attr, EXPR[INT], EXPR.append(EXPR), "
    "id(EXPR), "
    "len(EXPR), print(EXPR), sys.getrefcount(EXPR), gc.collect([GEN]), gc.enable(), gc.disable(), "
    "gc.get_count(), EXPR is [not] EXPR, EXPR == EXPR, EXPR != EXPR";

namespace {

constexpr std::size_t max_lines = 200, max_line_length = 300, max_objects = 20000, max_events = 40;
constexpr std::int64_t max_range = 5000;

// ---------------------------------------------------------------------------------------------
// Tokens and syntax

struct Token {
  enum Type { name, number, text, op, end } type = end;
  std::string value;
  std::size_t column = 0;
};

[[noreturn]] void syntax(std::size_t line, std::size_t column, const std::string& what) {
  throw Error(ErrorCode::BadParams, "line " + std::to_string(line) + ", column " +
                                        std::to_string(column + 1) + ": " + what +
                                        " (the sandbox knows: " + grammar + ")");
}

std::vector<Token> tokenize(const std::string& s, std::size_t line) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (c == '#') {
      break;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t j = i;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
      out.push_back({Token::name, s.substr(i, j - i), i});
      i = j;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t j = i;
      while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
      std::string digits;
      for (std::size_t k = i; k < j; ++k)
        if (s[k] != '_') digits += s[k];
      if (digits.size() > 18) syntax(line, i, "integers here have at most 18 digits");
      out.push_back({Token::number, digits, i});
      i = j;
    } else if (c == '\'' || c == '"') {
      std::size_t j = i + 1;
      std::string text;
      while (j < s.size() && s[j] != c) {
        if (s[j] == '\\') syntax(line, j, "escapes in strings are not supported");
        text += s[j++];
      }
      if (j >= s.size()) syntax(line, i, "unterminated string");
      out.push_back({Token::text, text, i});
      i = j + 1;
    } else if ((c == '=' || c == '!') && i + 1 < s.size() && s[i + 1] == '=') {
      out.push_back({Token::op, s.substr(i, 2), i});
      i += 2;
    } else if (std::string("=()[],.;-").find(c) != std::string::npos) {
      out.push_back({Token::op, std::string(1, c), i});
      ++i;
    } else {
      syntax(line, i, std::string("unexpected character '") + c + "'");
    }
  }
  out.push_back({Token::end, "", s.size()});
  return out;
}

struct Expr;
using ExprPtr = std::shared_ptr<Expr>;
struct Expr {
  enum Kind {
    integer,
    text,
    none,
    truth,
    falsity,
    name,
    list,
    comprehension,
    call,
    attr,
    index,
    is,
    is_not,
    eq,
    ne
  } kind;
  std::string value;           // integer digits, text, name, attribute name
  std::vector<ExprPtr> parts;  // operands, list items, call: callee then arguments
  std::string loop_name;       // comprehension
  std::int64_t count = 0;      // comprehension: range(count)
};

struct Statement {
  enum Kind { assign, assign_attr, del, expression, import } kind;
  std::string target;              // assign: name; assign_attr: attribute
  ExprPtr object, value;           // assign_attr: object; assign/expression: value
  std::vector<std::string> names;  // import
  std::vector<ExprPtr> targets;    // del: names and attributes
  std::string source;
};

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::size_t line) : t_(std::move(tokens)), line_(line) {}

  std::vector<Statement> statements(const std::string& source) {
    std::vector<Statement> out;
    while (peek().type != Token::end) {
      std::size_t from = peek().column;
      Statement s = statement();
      std::size_t to = peek().column;
      s.source = source.substr(from, to - from);
      while (!s.source.empty() && s.source.back() == ' ') s.source.pop_back();
      out.push_back(std::move(s));
      if (!accept(";")) expect_end();
    }
    if (out.empty()) syntax(line_, 0, "an empty line");
    return out;
  }

 private:
  const Token& peek(std::size_t ahead = 0) const { return t_[std::min(i_ + ahead, t_.size() - 1)]; }
  Token take() { return t_[std::min(i_++, t_.size() - 1)]; }
  bool is(const char* op, std::size_t ahead = 0) const {
    return peek(ahead).type == Token::op && peek(ahead).value == op;
  }
  bool is_word(const char* word) const { return peek().type == Token::name && peek().value == word; }
  bool accept(const char* op) {
    if (!is(op)) return false;
    ++i_;
    return true;
  }
  void expect(const char* op) {
    if (!accept(op)) syntax(line_, peek().column, std::string("expected '") + op + "'");
  }
  void expect_word(const char* word) {
    if (!is_word(word)) syntax(line_, peek().column, std::string("expected '") + word + "'");
    ++i_;
  }
  void expect_end() {
    if (peek().type != Token::end) syntax(line_, peek().column, "unexpected '" + peek().value + "'");
  }
  std::string expect_name() {
    if (peek().type != Token::name) syntax(line_, peek().column, "expected a name");
    return take().value;
  }

  Statement statement() {
    Statement s{};
    if (is_word("import")) {
      ++i_;
      s.kind = Statement::import;
      do {
        std::string module = expect_name();
        if (module != "gc" && module != "sys" && module != "weakref")
          syntax(line_, peek().column, "only gc, sys and weakref can be imported here");
        s.names.push_back(module);
      } while (accept(","));
      return s;
    }
    if (is_word("del")) {
      ++i_;
      s.kind = Statement::del;
      do {
        std::size_t column = peek().column;
        ExprPtr target = expression();
        if (target->kind != Expr::name && target->kind != Expr::attr)
          syntax(line_, column, "only a name or EXPR.attr can be deleted");
        s.targets.push_back(std::move(target));
      } while (accept(","));
      return s;
    }
    if (peek().type == Token::name && is("=", 1)) {
      s.kind = Statement::assign;
      s.target = take().value;
      ++i_;
      s.value = expression();
      return s;
    }
    ExprPtr e = expression();
    if (accept("=")) {
      if (e->kind != Expr::attr) syntax(line_, peek().column, "only a name or NAME.attr can be assigned to");
      s.kind = Statement::assign_attr;
      s.object = e->parts[0];
      s.target = e->value;
      s.value = expression();
      return s;
    }
    s.kind = Statement::expression;
    s.value = e;
    return s;
  }

  ExprPtr expression() {
    ExprPtr left = postfix();
    Expr::Kind kind;
    if (is_word("is")) {
      ++i_;
      kind = Expr::is;
      if (is_word("not")) ++i_, kind = Expr::is_not;
    } else if (accept("==")) {
      kind = Expr::eq;
    } else if (accept("!=")) {
      kind = Expr::ne;
    } else {
      return left;
    }
    ExprPtr right = postfix();
    return std::make_shared<Expr>(Expr{kind, "", {left, right}, "", 0});
  }

  ExprPtr postfix() {
    ExprPtr e = atom();
    for (;;) {
      if (accept(".")) {
        e = std::make_shared<Expr>(Expr{Expr::attr, expect_name(), {e}, "", 0});
      } else if (accept("(")) {
        auto call = std::make_shared<Expr>(Expr{Expr::call, "", {e}, "", 0});
        if (!accept(")")) {
          do call->parts.push_back(expression());
          while (accept(","));
          expect(")");
        }
        e = call;
      } else if (accept("[")) {
        if (peek().type != Token::number) syntax(line_, peek().column, "an index is a whole number");
        e = std::make_shared<Expr>(Expr{Expr::index, take().value, {e}, "", 0});
        expect("]");
      } else {
        return e;
      }
    }
  }

  ExprPtr atom() {
    const Token& t = peek();
    if (accept("-")) {
      if (peek().type != Token::number) syntax(line_, peek().column, "expected a number after '-'");
      return std::make_shared<Expr>(Expr{Expr::integer, "-" + take().value, {}, "", 0});
    }
    if (t.type == Token::number) return std::make_shared<Expr>(Expr{Expr::integer, take().value, {}, "", 0});
    if (t.type == Token::text) return std::make_shared<Expr>(Expr{Expr::text, take().value, {}, "", 0});
    if (t.type == Token::name) {
      std::string word = take().value;
      if (word == "None") return std::make_shared<Expr>(Expr{Expr::none, "", {}, "", 0});
      if (word == "True") return std::make_shared<Expr>(Expr{Expr::truth, "", {}, "", 0});
      if (word == "False") return std::make_shared<Expr>(Expr{Expr::falsity, "", {}, "", 0});
      if (word == "del" || word == "import" || word == "is" || word == "not" || word == "for" || word == "in")
        syntax(line_, t.column, "'" + word + "' cannot start an expression");
      return std::make_shared<Expr>(Expr{Expr::name, word, {}, "", 0});
    }
    if (accept("[")) {
      auto list = std::make_shared<Expr>(Expr{Expr::list, "", {}, "", 0});
      if (accept("]")) return list;
      list->parts.push_back(expression());
      if (is_word("for")) {  // [EXPR for NAME in range(N)]
        ++i_;
        list->kind = Expr::comprehension;
        list->loop_name = expect_name();
        expect_word("in");
        expect_word("range");
        expect("(");
        if (peek().type != Token::number) syntax(line_, peek().column, "range() takes a whole number here");
        list->count = std::stoll(take().value);
        if (list->count > max_range)
          syntax(line_, peek().column, "range() goes up to " + std::to_string(max_range) + " here");
        expect(")");
        expect("]");
        return list;
      }
      while (accept(",")) {
        if (is("]")) break;
        list->parts.push_back(expression());
      }
      expect("]");
      return list;
    }
    if (accept("(")) {
      ExprPtr inner = expression();
      expect(")");
      return inner;
    }
    syntax(line_, t.column,
           t.type == Token::end ? "the line ends too early" : "unexpected '" + t.value + "'");
  }

  std::vector<Token> t_;
  std::size_t i_ = 0;
  std::size_t line_;
};

// ---------------------------------------------------------------------------------------------
// Objects

enum class Kind { none, boolean, integer, text, list, tuple, node, phoenix, weakref };

const char* type_name(Kind k) {
  switch (k) {
    case Kind::none:
      return "NoneType";
    case Kind::boolean:
      return "bool";
    case Kind::integer:
      return "int";
    case Kind::text:
      return "str";
    case Kind::list:
      return "list";
    case Kind::tuple:
      return "tuple";
    case Kind::node:
      return "Node";
    case Kind::phoenix:
      return "Phoenix";
    case Kind::weakref:
      return "weakref";
  }
  return "object";
}

using Id = std::uint64_t;

struct Object {
  Id id = 0;
  Kind kind = Kind::none;
  std::int64_t refcount = 0;
  std::int64_t number = 0;
  std::string text;
  std::vector<Id> items;            // list
  std::map<std::string, Id> attrs;  // Node, Phoenix
  Id target = 0;                    // weakref: the object, 0 once it is gone
  std::string cached;               // "small int", "interned", "singleton" or empty
  int generation = -1;              // tracked containers: 0, 1, 2
  bool finalized = false;           // Phoenix: __del__ has run (it runs once, PEP 442)
  std::uint64_t bytes = 0;          // sys.getsizeof
  std::uint64_t capacity = 0;       // list: the slots allocated
  std::uint64_t block = 0;          // the simulated block at its address (reused by a same-size object)

  bool tracked() const { return kind == Kind::list || kind == Kind::node || kind == Kind::phoenix; }
  std::vector<Id> referents() const {
    std::vector<Id> out = items;
    for (const auto& [name, id] : attrs) out.push_back(id);
    return out;
  }
};

/// A Python exception: the step fails, the state stays as it was.
struct PyError {
  std::string text;
};

class Interpreter {
 public:
  Interpreter() {
    none_ = make(Kind::none, cpython::none_bytes);
    objects_[none_].cached = "singleton";
    objects_[none_].refcount = 1;
    true_ = make(Kind::boolean, cpython::bool_bytes);
    objects_[true_].number = 1;
    false_ = make(Kind::boolean, cpython::bool_bytes);
    for (Id id : {true_, false_}) objects_[id].cached = "singleton", objects_[id].refcount = 1;
  }

  json step(const std::vector<Statement>& statements) {
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

  json state() const;

 private:
  // -- allocation and reference counting --------------------------------------------------------

  Id make(Kind kind, std::uint64_t bytes) {
    if (objects_.size() >= max_objects)
      throw PyError{"MemoryError: the sandbox holds at most " + std::to_string(max_objects) + " objects"};
    std::uint64_t size = (bytes + 15) / 16 * 16;
    Id id;
    auto reuse = free_.find(size);
    if (reuse != free_.end() &&
        !reuse->second.empty()) {  // pymalloc hands out a freed block of the same size first
      id = reuse->second.back();
      reuse->second.pop_back();
    } else {
      id = next_address_;
      next_address_ += size;
    }
    Object o;
    o.id = id, o.kind = kind, o.bytes = bytes, o.block = size;
    if (o.tracked()) {
      o.generation = 0;
      ++count_[0];
    }
    objects_[id] = std::move(o);
    return id;
  }

  Object& at(Id id) { return objects_.at(id); }

  /// A new, empty list with `capacity` slots (a new reference).
  Id new_list(std::uint64_t capacity) {
    Id id = make(Kind::list, cpython::list_bytes(capacity));
    at(id).capacity = capacity, at(id).refcount = 1;
    return id;
  }

  /// list.append: takes over the reference to `item`; the slots grow as CPython's do.
  void append(Id list, Id item) {
    Object& o = at(list);
    o.capacity = cpython::list_resize(o.capacity, o.items.size(), o.items.size() + 1);
    o.bytes = cpython::list_bytes(o.capacity);
    o.items.push_back(item);
  }
  // llplay:source memory.sandbox memory.cycles
  void incref(Id id) { ++at(id).refcount; }

  void decref(Id id) {
    if (objects_.count(id) == 0) return;
    Object& o = at(id);
    if (--o.refcount == 0) dealloc(id);
  }

  std::string describe(Id id) const {
    const Object& o = objects_.at(id);
    if (o.kind == Kind::node || o.kind == Kind::phoenix || o.kind == Kind::weakref) return repr(id);
    return "<" + std::string(type_name(o.kind)) + " " + repr(id) + " at " + hex(id) + ">";
  }

  void event(std::string text) {
    if (events_.size() < max_events)
      events_.push_back(std::move(text));
    else
      ++events_dropped_;
  }

  void dealloc(Id id) {
    Object& o = at(id);
    if (o.kind == Kind::phoenix && !o.finalized) {  // __del__ runs first, and may save the object
      o.finalized = true;
      finalize(id);
      if (at(id).refcount > 0) return;
    }
    clear_weakrefs(id);
    event("freed " + describe(id));
    Object dead = std::move(at(id));
    objects_.erase(id);
    if (dead.tracked() && count_[0] > 0) --count_[0];
    if (dead.cached == "interned") interned_.erase(dead.text);
    free_[dead.block].push_back(id);
    for (Id r : dead.referents()) decref(r);
  }

  /// Phoenix.__del__: `global saved; saved = self`.
  void finalize(Id id) {
    event("Phoenix.__del__ ran for " + hex(id) + ": saved = self (resurrected)");
    incref(id);  // the finalizer's reference
    bind("saved", id);
  }

  // llplay:end
  void clear_weakrefs(Id id) {
    for (auto& [wid, w] : objects_) {
      if (w.kind == Kind::weakref && w.target == id) {
        w.target = 0;
        event("weak reference " + hex(wid) + " is now dead");
      }
    }
  }

  void bind(const std::string& name, Id owned) {  // takes over one reference
    auto it = names_.find(name);
    if (it != names_.end()) {
      Id old = it->second;
      it->second = owned;
      decref(old);
    } else {
      names_[name] = owned;
    }
  }

  // -- constants, the small-int cache, interning ------------------------------------------------

  Id integer(std::int64_t v) {
    if (cpython::small_int(v)) {
      auto it = small_ints_.find(v);
      if (it == small_ints_.end()) {
        Id id = make(Kind::integer, cpython::int_bytes(static_cast<std::uint64_t>(v < 0 ? -v : v)));
        at(id).number = v, at(id).cached = "small int", at(id).refcount = 1;  // the cache's reference
        it = small_ints_.emplace(v, id).first;
      }
      incref(it->second);
      return it->second;
    }
    Id id = make(Kind::integer, cpython::int_bytes(static_cast<std::uint64_t>(v < 0 ? -v : v)));
    at(id).number = v, at(id).refcount = 1;
    return id;
  }

  static bool identifier_like(const std::string& s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
  }

  Id text(const std::string& s) {
    if (identifier_like(s)) {  // CPython interns string constants that look like names
      auto it = interned_.find(s);
      if (it != interned_.end()) {
        incref(it->second);
        return it->second;
      }
    }
    Id id = make(Kind::text, cpython::str_bytes(s));
    at(id).text = s, at(id).refcount = 1;
    if (identifier_like(s)) interned_[s] = id, at(id).cached = "interned";
    return id;
  }

  /// A constant of this line: one object per distinct value, held by the line's code object.
  Id constant(const std::string& key, const std::function<Id()>& create) {
    auto it = consts_.find(key);
    if (it == consts_.end()) it = consts_.emplace(key, create()).first;
    incref(it->second);
    return it->second;
  }

  // -- the collector ------------------------------------------------------------------------------

  // llplay:source memory.cycles
  void maybe_collect() {
    if (!enabled_) return;
    for (int g = 2; g >= 0; --g) {
      if (count_[g] > threshold_[g]) {
        event("automatic collection: generation " + std::to_string(g) + " count " +
              std::to_string(count_[g]) + " passed its threshold " + std::to_string(threshold_[g]));
        collect(g);
        return;
      }
    }
  }

  /// CPython's algorithm (Modules/gcmodule.c): copy each refcount, subtract references from inside
  /// the generations being collected; what still has a count is reachable from outside, and so is
  /// everything it reaches. The rest is garbage: weak references to it are cleared, finalizers run,
  /// and whatever they did not resurrect is freed by breaking its references.
  std::int64_t collect(int g) {
    std::set<Id> young;
    for (const auto& [id, o] : objects_)
      if (o.generation >= 0 && o.generation <= g) young.insert(id);
    auto unreachable_in = [&](const std::set<Id>& set) {
      std::map<Id, std::int64_t> refs;
      for (Id id : set) refs[id] = at(id).refcount;
      for (Id id : set)
        for (Id r : at(id).referents())
          if (set.count(r)) --refs[r];
      std::set<Id> reachable;
      std::vector<Id> work;
      for (auto& [id, n] : refs)
        if (n > 0) reachable.insert(id), work.push_back(id);
      while (!work.empty()) {
        Id id = work.back();
        work.pop_back();
        for (Id r : at(id).referents())
          if (set.count(r) && reachable.insert(r).second) work.push_back(r);
      }
      std::set<Id> out;
      for (Id id : set)
        if (!reachable.count(id)) out.insert(id);
      return out;
    };
    std::set<Id> garbage = unreachable_in(young);
    for (Id id : garbage) clear_weakrefs(id);
    bool ran_finalizer = false;
    for (Id id : garbage) {
      Object& o = at(id);
      if (o.kind == Kind::phoenix && !o.finalized) {
        o.finalized = true;
        finalize(id);
        ran_finalizer = true;
      }
    }
    if (ran_finalizer) garbage = unreachable_in(garbage);  // what a finalizer made reachable again survives
    std::int64_t freed = 0;
    for (Id id : garbage) {  // break the cycles: drop every reference the garbage holds
      if (!objects_.count(id)) continue;
      std::vector<Id> refs = at(id).referents();
      at(id).items.clear(), at(id).attrs.clear();
      incref(id);  // hold it while its references go, so it is freed once, below
      for (Id r : refs) decref(r);
      decref(id);
    }
    for (Id id : garbage) freed += objects_.count(id) ? 0 : 1;
    for (Id id : young)
      if (objects_.count(id)) at(id).generation = std::min(g + 1, 2);  // survivors are promoted
    ++collections_[g];
    collected_[g] += freed;
    if (g < 2) ++count_[g + 1];
    for (int k = 0; k <= g; ++k) count_[k] = 0;
    event("gc: generation " + std::to_string(g) + " collected, " + std::to_string(freed) +
          " unreachable object(s) freed");
    return freed;
  }
  // llplay:end

  // -- evaluation --------------------------------------------------------------------------------

  std::optional<std::string> execute(const Statement& s) {
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
  Id eval(const Expr& e) {
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

  /// The dotted name of a callee (`gc.collect`, `Node`), or empty for an expression.
  static std::string path(const Expr& e) {
    if (e.kind == Expr::name) return e.value;
    if (e.kind == Expr::attr && e.parts[0]->kind == Expr::name) return e.parts[0]->value + "." + e.value;
    return "";
  }

  void arguments(const Expr& e, std::size_t want, const std::string& name) {
    if (e.parts.size() - 1 != want)
      throw PyError{"TypeError: " + name + "() takes " + std::to_string(want) + " argument" +
                    (want == 1 ? "" : "s") + " (" + std::to_string(e.parts.size() - 1) + " given)"};
  }

  Id call(const Expr& e) {
    const Expr& callee = *e.parts[0];
    std::string name = path(callee);
    if (name == "Node" || name == "Phoenix") {
      arguments(e, 0, name);
      Id id = make(name == "Node" ? Kind::node : Kind::phoenix, cpython::instance_bytes);
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
      if (name == "sys.getrefcount")
        result = at(x).refcount;  // includes the argument's own reference, as in CPython
      if (name == "len") {
        const Object& o = at(x);
        if (o.kind != Kind::list && o.kind != Kind::tuple && o.kind != Kind::text) {
          std::string type = type_name(o.kind);
          decref(x);
          throw PyError{"TypeError: object of type '" + type + "' has no len()"};
        }
        result =
            static_cast<std::int64_t>(o.kind == Kind::text ? cpython::str_length(o.text) : o.items.size());
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
      Id w = make(Kind::weakref, cpython::weakref_bytes);
      at(w).target = x, at(w).refcount = 1;
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

  bool equal(Id a, Id b) const {
    if (a == b) return true;
    const Object &x = objects_.at(a), &y = objects_.at(b);
    if (x.kind == Kind::integer && y.kind == Kind::integer) return x.number == y.number;
    if (x.kind == Kind::text && y.kind == Kind::text) return x.text == y.text;
    if ((x.kind == Kind::list && y.kind == Kind::list) || (x.kind == Kind::tuple && y.kind == Kind::tuple)) {
      if (x.items.size() != y.items.size()) return false;
      for (std::size_t i = 0; i < x.items.size(); ++i)
        if (!equal(x.items[i], y.items[i])) return false;
      return true;
    }
    return false;  // other objects compare by identity
  }

  static std::string hex(Id id) {
    char text[24];
    std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(id));
    return text;
  }

  std::string repr(Id id, int depth = 0) const {
    const Object& o = objects_.at(id);
    switch (o.kind) {
      case Kind::none:
        return "None";
      case Kind::boolean:
        return o.number ? "True" : "False";
      case Kind::integer:
        return std::to_string(o.number);
      case Kind::text:
        return "'" + o.text + "'";
      case Kind::tuple:
      case Kind::list: {
        const bool tuple = o.kind == Kind::tuple;
        if (depth > 3) return tuple ? "(...)" : "[...]";
        std::string out = tuple ? "(" : "[";
        for (std::size_t i = 0; i < o.items.size() && i < 20; ++i) {
          if (i) out += ", ";
          out += o.items[i] == id ? "[...]" : repr(o.items[i], depth + 1);
        }
        if (o.items.size() > 20) out += ", ...";
        if (tuple && o.items.size() == 1) out += ",";
        return out + (tuple ? ")" : "]");
      }
      case Kind::node:
      case Kind::phoenix:
        return "<__main__." + std::string(type_name(o.kind)) + " object at " + hex(id) + ">";
      case Kind::weakref:
        return "<weakref at " + hex(id) + "; " +
               (o.target
                    ? "to '" + std::string(type_name(objects_.at(o.target).kind)) + "' at " + hex(o.target)
                    : "dead") +
               ">";
    }
    return "?";
  }

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

json Interpreter::state() const {
  // What names reach (and the caches keep): anything else alive is garbage that counting missed.
  std::set<Id> reachable;
  std::vector<Id> work;
  for (const auto& [name, id] : names_) work.push_back(id);
  while (!work.empty()) {
    Id id = work.back();
    work.pop_back();
    if (!reachable.insert(id).second) continue;
    for (Id r : objects_.at(id).referents()) work.push_back(r);
  }
  json names = json::array(), objects = json::array();
  for (const auto& [name, id] : names_) names.push_back({{"name", name}, {"id", hex(id)}});
  std::size_t shown = 0, hidden = 0;
  for (const auto& [id, o] : objects_) {
    bool referenced = reachable.count(id) > 0;
    // Singletons and cached ints nobody refers to are not drawn (they are always there).
    if (!o.cached.empty() && !referenced) continue;
    if (shown >= 400) {
      ++hidden;
      continue;
    }
    ++shown;
    json refs = json::array();
    for (Id r : o.referents()) refs.push_back(hex(r));
    json item = {{"id", hex(id)},    {"address", id}, {"type", type_name(o.kind)}, {"refcount", o.refcount},
                 {"repr", repr(id)}, {"refs", refs},  {"bytes", o.bytes},          {"reachable", referenced}};
    if (o.kind == Kind::node || o.kind == Kind::phoenix) {
      json attrs = json::object();
      for (const auto& [name, r] : o.attrs) attrs[name] = hex(r);
      item["attrs"] = attrs;
    }
    if (!o.cached.empty()) item["cached"] = o.cached;
    if (o.generation >= 0) item["generation"] = o.generation;
    if (o.kind == Kind::weakref) item["weakTo"] = o.target ? json(hex(o.target)) : json(nullptr);
    if (o.kind == Kind::phoenix) item["finalized"] = o.finalized;
    objects.push_back(std::move(item));
  }
  return {{"names", names},
          {"objects", objects},
          {"hiddenObjects", hidden},
          {"gc",
           {{"enabled", enabled_},
            {"count", {count_[0], count_[1], count_[2]}},
            {"threshold", {threshold_[0], threshold_[1], threshold_[2]}},
            {"collections", {collections_[0], collections_[1], collections_[2]}},
            {"collected", {collected_[0], collected_[1], collected_[2]}}}}};
}

}  // namespace

json run(const std::vector<std::string>& lines) {
  if (lines.size() > max_lines)
    throw Error(ErrorCode::BadParams, "script: at most " + std::to_string(max_lines) + " lines");
  std::vector<std::vector<Statement>> program;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].size() > max_line_length)
      throw Error(ErrorCode::BadParams, "line " + std::to_string(i + 1) + ": longer than " +
                                            std::to_string(max_line_length) + " characters");
    program.push_back(Parser(tokenize(lines[i], i + 1), i + 1).statements(lines[i]));
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
