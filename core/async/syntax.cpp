// The async lab's tokenizer and parser: iterative over statements, recursive on nesting only up to
// max_nesting (deeper programs are a SyntaxError, never a stack overflow).
#include "syntax.hpp"

#include <cmath>
#include <cstdlib>
#include <set>

#include "../error.hpp"

namespace llplay::aio {

namespace {

enum class Tok { name, integer, floating, string, fstring, op, newline, indent, dedent, end };

struct Token {
  Tok kind = Tok::end;
  std::string text;
  int line = 0;
  std::int64_t integer = 0;
  double number = 0;
};

[[noreturn]] void syntax_error(int line, const std::string& what) {
  throw Error(ErrorCode::SyntaxError, "line " + std::to_string(line) + ": " + what);
}

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// Splits program text into tokens, with Python's INDENT/DEDENT and implicit line joining in brackets.
std::vector<Token> tokenize(const std::string& src) {
  std::vector<Token> out;
  std::vector<int> indents{0};
  int line = 1;
  int depth = 0;  // open brackets
  std::size_t i = 0;
  bool at_line_start = true;
  auto push = [&](Tok k, std::string text) { out.push_back({k, std::move(text), line, 0, 0}); };
  while (i < src.size()) {
    if (at_line_start && depth == 0) {
      int col = 0;
      std::size_t j = i;
      while (j < src.size() && (src[j] == ' ' || src[j] == '\t')) {
        if (src[j] == '\t') syntax_error(line, "tabs are outside the subset: indent with spaces");
        ++col;
        ++j;
      }
      if (j >= src.size()) break;
      if (src[j] == '\n' || src[j] == '#' || src[j] == '\r') {  // blank or comment line
        while (j < src.size() && src[j] != '\n') ++j;
        i = j + 1;
        ++line;
        continue;
      }
      if (col > indents.back()) {
        indents.push_back(col);
        push(Tok::indent, "");
      } else {
        while (col < indents.back()) {
          indents.pop_back();
          push(Tok::dedent, "");
        }
        if (col != indents.back()) syntax_error(line, "unindent does not match any outer indentation level");
      }
      i = j;
      at_line_start = false;
    }
    char c = src[i];
    if (c == '\n') {
      if (depth == 0) push(Tok::newline, "");
      ++line;
      ++i;
      at_line_start = true;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    if (c == '#') {
      while (i < src.size() && src[i] != '\n') ++i;
      continue;
    }
    if (c == '\\' && i + 1 < src.size() && src[i + 1] == '\n') {
      i += 2;
      ++line;
      continue;
    }
    bool fstr = (c == 'f' || c == 'F') && i + 1 < src.size() && (src[i + 1] == '\'' || src[i + 1] == '"');
    if (fstr) ++i, c = src[i];
    if (c == '\'' || c == '"') {
      char q = c;
      bool triple = i + 2 < src.size() && src[i + 1] == q && src[i + 2] == q;
      i += triple ? 3 : 1;
      std::string text;
      int start_line = line;
      while (true) {
        if (i >= src.size()) syntax_error(start_line, "unterminated string literal");
        char d = src[i];
        if (d == '\n') {
          if (!triple) syntax_error(start_line, "unterminated string literal");
          ++line;
        }
        if (d == q && (!triple || (i + 2 < src.size() && src[i + 1] == q && src[i + 2] == q))) {
          i += triple ? 3 : 1;
          break;
        }
        if (d == '\\' && i + 1 < src.size()) {
          char e = src[i + 1];
          i += 2;
          switch (e) {
            case 'n':
              text += '\n';
              break;
            case 't':
              text += '\t';
              break;
            case '\\':
              text += '\\';
              break;
            case '\'':
              text += '\'';
              break;
            case '"':
              text += '"';
              break;
            case '\n':
              ++line;
              break;
            default:
              syntax_error(line, std::string("the escape \\") + e + " is outside the subset");
          }
          continue;
        }
        text += d;
        ++i;
      }
      out.push_back({fstr ? Tok::fstring : Tok::string, text, start_line, 0, 0});
      continue;
    }
    if (is_digit(c) || (c == '.' && i + 1 < src.size() && is_digit(src[i + 1]))) {
      std::size_t j = i;
      bool is_float = false;
      while (j < src.size() && (is_digit(src[j]) || src[j] == '_')) ++j;
      if (j < src.size() && src[j] == '.') {
        is_float = true;
        ++j;
        while (j < src.size() && is_digit(src[j])) ++j;
      }
      if (j < src.size() && (src[j] == 'e' || src[j] == 'E')) {
        is_float = true;
        ++j;
        if (j < src.size() && (src[j] == '+' || src[j] == '-')) ++j;
        if (j >= src.size() || !is_digit(src[j])) syntax_error(line, "invalid decimal literal");
        while (j < src.size() && is_digit(src[j])) ++j;
      }
      if (j < src.size() && (is_name_start(src[j]))) syntax_error(line, "invalid decimal literal");
      std::string lit;
      for (std::size_t k = i; k < j; ++k)
        if (src[k] != '_') lit += src[k];
      Token t{is_float ? Tok::floating : Tok::integer, lit, line, 0, 0};
      if (is_float) {
        t.number = std::strtod(lit.c_str(), nullptr);
        if (!std::isfinite(t.number)) syntax_error(line, "this float literal is out of range for the subset");
      } else {
        if (lit.size() > 1 && lit[0] == '0' && lit.find_first_not_of('0') != std::string::npos)
          syntax_error(line, "leading zeros in decimal integer literals are not permitted");
        if (lit.size() > 18) syntax_error(line, "integers in the subset have at most 18 digits");
        t.integer = std::strtoll(lit.c_str(), nullptr, 10);
      }
      out.push_back(t);
      i = j;
      continue;
    }
    if (is_name_start(c)) {
      std::size_t j = i;
      while (j < src.size() && (is_name_start(src[j]) || is_digit(src[j]))) ++j;
      push(Tok::name, src.substr(i, j - i));
      i = j;
      continue;
    }
    if (static_cast<unsigned char>(c) >= 0x80)
      syntax_error(line, "non-ASCII names and symbols are outside the subset");
    static const char* const ops3[] = {"//=", "**=", "..."};
    static const char* const ops2[] = {
        "==", "!=", "<=", ">=", "+=", "-=", "*=", "//", "->", "**", "%=", "/="};
    std::string op;
    for (const char* o : ops3)
      if (src.compare(i, 3, o) == 0) op = o;
    if (op.empty())
      for (const char* o : ops2)
        if (src.compare(i, 2, o) == 0) op = o;
    if (op.empty()) {
      if (std::string("()[]{},:.=+-*/%<>@;").find(c) == std::string::npos)
        syntax_error(line, std::string("the character '") + c + "' is outside the subset");
      op = std::string(1, c);
    }
    if (op == "(" || op == "[" || op == "{") {
      if (++depth > max_nesting) syntax_error(line, "brackets nest deeper than the subset allows");
    }
    if (op == ")" || op == "]" || op == "}") {
      if (depth == 0) syntax_error(line, "unmatched '" + op + "'");
      --depth;
    }
    push(Tok::op, op);
    i += op.size();
  }
  if (depth > 0) syntax_error(line, "'(' was never closed");
  if (!out.empty() && out.back().kind != Tok::newline && out.back().kind != Tok::dedent)
    push(Tok::newline, "");
  while (indents.size() > 1) {
    indents.pop_back();
    push(Tok::dedent, "");
  }
  push(Tok::end, "");
  return out;
}

const std::set<std::string>& keywords() {
  static const std::set<std::string> k = {
      "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
      "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
      "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
      "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};
  return k;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> toks) : t_(std::move(toks)) {}

  Program program() {
    Program p;
    while (peek().kind != Tok::end) {
      if (peek().kind == Tok::newline) {
        ++pos_;
        continue;
      }
      statement(p.body, 0);
    }
    p.lines = t_.empty() ? 0 : t_.back().line;
    return p;
  }

 private:
  std::vector<Token> t_;
  std::size_t pos_ = 0;
  int func_depth_ = 0;   // inside a def
  int async_depth_ = 0;  // 1 inside an async def (innermost function)
  int loop_depth_ = 0;

  const Token& peek(std::size_t k = 0) const { return t_[std::min(pos_ + k, t_.size() - 1)]; }
  bool is_op(const char* op, std::size_t k = 0) const {
    return peek(k).kind == Tok::op && peek(k).text == op;
  }
  bool is_word(const char* w, std::size_t k = 0) const {
    return peek(k).kind == Tok::name && peek(k).text == w;
  }
  Token next() { return t_[pos_ < t_.size() - 1 ? pos_++ : pos_]; }
  void expect_op(const char* op) {
    if (!is_op(op)) syntax_error(peek().line, std::string("expected '") + op + "'" + near());
    ++pos_;
  }
  void expect_word(const char* w) {
    if (!is_word(w)) syntax_error(peek().line, std::string("expected '") + w + "'" + near());
    ++pos_;
  }
  std::string near() const {
    const Token& k = peek();
    switch (k.kind) {
      case Tok::newline:
        return " before the end of the line";
      case Tok::indent:
        return " (unexpected indent)";
      case Tok::dedent:
      case Tok::end:
        return " before the end of the block";
      default:
        return " near '" + k.text + "'";
    }
  }
  std::string identifier() {
    const Token& k = peek();
    if (k.kind != Tok::name || keywords().count(k.text)) syntax_error(k.line, "expected a name" + near());
    return next().text;
  }
  static void check_depth(int depth, int line) {
    if (depth > max_nesting)
      syntax_error(line, "the program nests deeper than the subset allows (" + std::to_string(max_nesting) +
                             " levels)");
  }

  Block block(int depth) {
    check_depth(depth, peek().line);
    expect_op(":");
    Block b;
    if (peek().kind != Tok::newline) {  // a simple statement on the same line
      simple_line(b, depth);
      return b;
    }
    ++pos_;
    if (peek().kind != Tok::indent) syntax_error(peek().line, "expected an indented block");
    ++pos_;
    while (peek().kind != Tok::dedent && peek().kind != Tok::end) statement(b, depth);
    if (peek().kind == Tok::dedent) ++pos_;
    return b;
  }

  static bool any_await(const Block& b) {
    for (const auto& s : b)
      if (s->has_await) return true;
    return false;
  }

  void statement(Block& out, int depth) {
    const Token& k = peek();
    if (k.kind == Tok::indent) syntax_error(k.line, "unexpected indent");
    if (k.kind != Tok::name) return simple_line(out, depth);
    const std::string& w = k.text;
    if (w == "if") return out.push_back(if_statement(depth));
    if (w == "while") return out.push_back(loop_statement(depth, false));
    if (w == "for") return out.push_back(loop_statement(depth, false));
    if (w == "try") return out.push_back(try_statement(depth));
    if (w == "def") return out.push_back(def_statement(depth, false));
    if (w == "class") return out.push_back(class_statement(depth));
    if (w == "with") syntax_error(k.line, "a plain 'with' is outside the subset (only 'async with')");
    if (w == "async") {
      int line = k.line;
      ++pos_;
      if (is_word("def")) return out.push_back(def_statement(depth, true));
      if (async_depth_ == 0)
        syntax_error(line, "'async for' and 'async with' belong inside an async function");
      if (is_word("for")) return out.push_back(loop_statement(depth, true));
      if (is_word("with")) return out.push_back(with_statement(depth, line));
      syntax_error(line, "expected 'def', 'for' or 'with' after 'async'");
    }
    simple_line(out, depth);
  }

  void simple_line(Block& out, int depth) {
    while (true) {
      out.push_back(simple_statement(depth));
      if (is_op(";")) {
        ++pos_;
        if (peek().kind == Tok::newline) break;
        continue;
      }
      break;
    }
    if (peek().kind != Tok::newline) syntax_error(peek().line, "invalid syntax" + near());
    ++pos_;
  }

  std::unique_ptr<Stmt> make(StmtKind kind, int line) {
    auto s = std::make_unique<Stmt>();
    s->kind = kind;
    s->line = line;
    return s;
  }

  std::unique_ptr<Stmt> simple_statement(int depth) {
    const Token k = peek();
    if (k.kind == Tok::name) {
      if (k.text == "pass") return ++pos_, make(StmtKind::pass, k.line);
      if (k.text == "break" || k.text == "continue") {
        ++pos_;
        if (loop_depth_ == 0) syntax_error(k.line, "'" + k.text + "' outside loop");
        return make(k.text == "break" ? StmtKind::break_ : StmtKind::continue_, k.line);
      }
      if (k.text == "return") {
        ++pos_;
        if (func_depth_ == 0) syntax_error(k.line, "'return' outside function");
        auto s = make(StmtKind::return_, k.line);
        if (peek().kind != Tok::newline && !is_op(";")) s->value = expression(depth + 1);
        s->has_await = s->value && s->value->has_await;
        return s;
      }
      if (k.text == "raise") {
        ++pos_;
        auto s = make(StmtKind::raise, k.line);
        if (peek().kind != Tok::newline && !is_op(";")) {
          s->value = expression(depth + 1);
          if (is_word("from")) {
            ++pos_;
            s->cause = expression(depth + 1);
          }
        }
        s->has_await = (s->value && s->value->has_await) || (s->cause && s->cause->has_await);
        return s;
      }
      if (k.text == "import") {
        ++pos_;
        auto s = make(StmtKind::import, k.line);
        std::string m = identifier();
        if (m != "asyncio" && m != "time")
          syntax_error(k.line, "only 'import asyncio' and 'import time' are in the subset");
        s->name = m;
        if (is_op(",")) syntax_error(k.line, "import one module per line in the subset");
        return s;
      }
      static const std::set<std::string> unsupported = {"from",   "global", "nonlocal", "del",
                                                        "assert", "lambda", "yield",    "with",
                                                        "elif",   "else",   "except",   "finally"};
      if (unsupported.count(k.text)) syntax_error(k.line, "'" + k.text + "' is outside the subset here");
    }
    auto e = expression(depth + 1);
    if (is_op("=")) {
      ++pos_;
      check_target(*e);
      auto s = make(StmtKind::assign, k.line);
      s->target = std::move(e);
      s->value = expression(depth + 1);
      if (is_op("=")) syntax_error(k.line, "chained assignment is outside the subset");
      s->has_await = s->value->has_await || s->target->has_await;
      return s;
    }
    static const std::set<std::string> aug = {"+=", "-=", "*=", "//=", "%=", "/="};
    if (peek().kind == Tok::op && aug.count(peek().text)) {
      std::string op = next().text;
      check_target(*e);
      auto s = make(StmtKind::aug_assign, k.line);
      s->op = op.substr(0, op.size() - 1);
      s->target = std::move(e);
      s->value = expression(depth + 1);
      s->has_await = s->value->has_await || s->target->has_await;
      return s;
    }
    auto s = make(StmtKind::expr, k.line);
    s->has_await = e->has_await;
    s->value = std::move(e);
    return s;
  }

  static void check_target(const Expr& e) {
    if (e.kind == ExprKind::name || e.kind == ExprKind::attribute || e.kind == ExprKind::subscript) return;
    syntax_error(e.line, "cannot assign to this expression (the subset assigns names, attributes and items)");
  }

  std::unique_ptr<Stmt> if_statement(int depth) {
    auto s = make(StmtKind::if_, peek().line);
    ++pos_;  // if / elif
    s->value = expression(depth + 1);
    s->body = block(depth + 1);
    if (is_word("elif")) {
      s->orelse.push_back(if_statement(depth + 1));
    } else if (is_word("else")) {
      ++pos_;
      s->orelse = block(depth + 1);
    }
    s->has_await = s->value->has_await || any_await(s->body) || any_await(s->orelse);
    return s;
  }

  std::unique_ptr<Stmt> loop_statement(int depth, bool is_async) {
    int line = peek().line;
    bool is_for = is_word("for");
    ++pos_;
    auto s = make(is_for ? StmtKind::for_ : StmtKind::while_, line);
    s->is_async = is_async;
    if (is_for) {
      s->name = identifier();
      if (is_op(",")) syntax_error(line, "unpacking in 'for' is outside the subset");
      expect_word("in");
    }
    s->value = expression(depth + 1);
    ++loop_depth_;
    s->body = block(depth + 1);
    --loop_depth_;
    if (is_word("else")) syntax_error(peek().line, "'else' after a loop is outside the subset");
    s->has_await = is_async || s->value->has_await || any_await(s->body);
    return s;
  }

  std::unique_ptr<Stmt> with_statement(int depth, int line) {
    ++pos_;  // with
    auto s = make(StmtKind::with_, line);
    s->is_async = true;
    while (true) {
      s->items.push_back(expression(depth + 1));
      std::string name;
      if (is_word("as")) {
        ++pos_;
        name = identifier();
      }
      s->names.push_back(name);
      if (!is_op(",")) break;
      ++pos_;
    }
    s->body = block(depth + 1);
    s->has_await = true;
    return s;
  }

  std::unique_ptr<Stmt> try_statement(int depth) {
    auto s = make(StmtKind::try_, peek().line);
    ++pos_;
    s->body = block(depth + 1);
    while (is_word("except")) {
      Handler h;
      h.line = peek().line;
      ++pos_;
      if (is_op("*")) syntax_error(h.line, "'except*' is outside the subset");
      if (!is_op(":")) {
        h.type = expression(depth + 1);
        if (is_word("as")) {
          ++pos_;
          h.name = identifier();
        }
      }
      h.body = block(depth + 1);
      s->handlers.push_back(std::move(h));
    }
    if (is_word("else")) {
      if (s->handlers.empty()) syntax_error(peek().line, "'else' needs an 'except' before it");
      ++pos_;
      s->orelse = block(depth + 1);
    }
    if (is_word("finally")) {
      ++pos_;
      s->finally_body = block(depth + 1);
    }
    if (s->handlers.empty() && s->finally_body.empty())
      syntax_error(s->line, "expected 'except' or 'finally' block");
    bool aw = any_await(s->body) || any_await(s->orelse) || any_await(s->finally_body);
    for (const auto& h : s->handlers) aw = aw || any_await(h.body) || (h.type && h.type->has_await);
    s->has_await = aw;
    return s;
  }

  std::unique_ptr<Stmt> def_statement(int depth, bool is_async) {
    int line = peek().line;
    ++pos_;  // def
    auto s = make(StmtKind::def, line);
    s->is_async = is_async;
    s->name = identifier();
    expect_op("(");
    while (!is_op(")")) {
      if (is_op("*")) syntax_error(line, "*args and keyword-only parameters are outside the subset");
      s->names.push_back(identifier());
      if (is_op(":")) syntax_error(line, "annotations are outside the subset");
      if (is_op("=")) {
        ++pos_;
        s->defaults.push_back(expression(depth + 1));
        if (s->defaults.back()->has_await) syntax_error(line, "'await' outside async function");
      } else if (!s->defaults.empty()) {
        syntax_error(line, "parameter without a default follows parameter with a default");
      }
      if (!is_op(",")) break;
      ++pos_;
    }
    expect_op(")");
    if (is_op("->")) syntax_error(line, "annotations are outside the subset");
    int saved_loop = loop_depth_, saved_async = async_depth_;
    loop_depth_ = 0;
    async_depth_ = is_async ? 1 : 0;
    ++func_depth_;
    s->body = block(depth + 1);
    --func_depth_;
    loop_depth_ = saved_loop;
    async_depth_ = saved_async;
    return s;
  }

  std::unique_ptr<Stmt> class_statement(int depth) {
    int line = peek().line;
    ++pos_;
    auto s = make(StmtKind::class_, line);
    s->name = identifier();
    if (is_op("(")) {
      ++pos_;
      if (!is_op(")")) syntax_error(line, "classes with a base class are outside the subset");
      ++pos_;
    }
    int saved = func_depth_;
    s->body = block(depth + 1);
    func_depth_ = saved;
    for (const auto& st : s->body)
      if (st->kind != StmtKind::def && st->kind != StmtKind::pass && st->kind != StmtKind::assign)
        syntax_error(st->line, "a class body in the subset holds methods and plain assignments only");
    return s;
  }

  // ---- expressions: precedence climbing, one C++ frame per level, bounded by depth ----

  std::unique_ptr<Expr> node(ExprKind kind, int line) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->line = line;
    return e;
  }

  static void mark(Expr& e) {
    for (const auto& c : e.items)
      if (c && c->has_await) e.has_await = true;
  }

  std::unique_ptr<Expr> expression(int depth) {
    check_depth(depth, peek().line);
    if (is_word("lambda")) syntax_error(peek().line, "'lambda' is outside the subset");
    auto e = or_expr(depth);
    if (!is_word("if")) return e;
    auto c = node(ExprKind::ifexp, e->line);
    ++pos_;
    c->items.push_back(std::move(e));
    c->items.push_back(or_expr(depth));
    expect_word("else");
    c->items.push_back(expression(depth + 1));
    mark(*c);
    return c;
  }

  std::unique_ptr<Expr> or_expr(int depth) {
    auto left = and_expr(depth);
    while (is_word("or")) {
      auto e = node(ExprKind::boolean_op, next().line);
      e->value = "or";
      e->items.push_back(std::move(left));
      e->items.push_back(and_expr(depth));
      mark(*e);
      left = std::move(e);
    }
    return left;
  }

  std::unique_ptr<Expr> and_expr(int depth) {
    auto left = not_expr(depth);
    while (is_word("and")) {
      auto e = node(ExprKind::boolean_op, next().line);
      e->value = "and";
      e->items.push_back(std::move(left));
      e->items.push_back(not_expr(depth));
      mark(*e);
      left = std::move(e);
    }
    return left;
  }

  std::unique_ptr<Expr> not_expr(int depth) {
    int nots = 0;
    int line = peek().line;
    while (is_word("not")) ++pos_, ++nots;
    check_depth(depth + nots, line);
    auto e = comparison(depth + nots);
    for (int i = 0; i < nots; ++i) {
      auto u = node(ExprKind::unary, line);
      u->value = "not";
      u->items.push_back(std::move(e));
      mark(*u);
      e = std::move(u);
    }
    return e;
  }

  std::unique_ptr<Expr> comparison(int depth) {
    auto left = arith(depth);
    static const std::set<std::string> ops = {"==", "!=", "<", "<=", ">", ">="};
    std::string op;
    if (peek().kind == Tok::op && ops.count(peek().text))
      op = peek().text, ++pos_;
    else if (is_word("in"))
      op = "in", ++pos_;
    else if (is_word("not") && is_word("in", 1))
      op = "not in", pos_ += 2;
    else if (is_word("is")) {
      ++pos_;
      op = "is";
      if (is_word("not")) ++pos_, op = "is not";
    }
    if (op.empty()) return left;
    auto e = node(ExprKind::compare, left->line);
    e->value = op;
    e->items.push_back(std::move(left));
    e->items.push_back(arith(depth));
    if ((peek().kind == Tok::op && ops.count(peek().text)) || is_word("in") || is_word("is"))
      syntax_error(e->line, "chained comparisons are outside the subset");
    mark(*e);
    return e;
  }

  std::unique_ptr<Expr> arith(int depth) {
    auto left = term(depth);
    while (is_op("+") || is_op("-")) {
      auto e = node(ExprKind::binary, peek().line);
      e->value = next().text;
      e->items.push_back(std::move(left));
      e->items.push_back(term(depth));
      mark(*e);
      left = std::move(e);
    }
    return left;
  }

  std::unique_ptr<Expr> term(int depth) {
    auto left = unary(depth);
    while (is_op("*") || is_op("/") || is_op("//") || is_op("%")) {
      auto e = node(ExprKind::binary, peek().line);
      e->value = next().text;
      e->items.push_back(std::move(left));
      e->items.push_back(unary(depth));
      mark(*e);
      left = std::move(e);
    }
    if (is_op("**") || is_op("@")) syntax_error(peek().line, "'" + peek().text + "' is outside the subset");
    return left;
  }

  std::unique_ptr<Expr> unary(int depth) {
    if (is_op("-") || is_op("+")) {
      int line = peek().line;
      std::string op = next().text;
      check_depth(depth + 1, line);
      auto inner = unary(depth + 1);
      if (op == "+") return inner;
      if (inner->kind == ExprKind::integer && inner->value.empty()) {
        inner->integer = -inner->integer;
        inner->value = "-";
        return inner;
      }
      if (inner->kind == ExprKind::floating && inner->value.empty()) {
        inner->number = -inner->number;
        inner->value = "-";
        return inner;
      }
      auto e = node(ExprKind::unary, line);
      e->value = "-";
      e->items.push_back(std::move(inner));
      mark(*e);
      return e;
    }
    if (is_word("await")) {
      int line = next().line;
      if (async_depth_ == 0) syntax_error(line, "'await' outside async function");
      check_depth(depth + 1, line);
      auto e = node(ExprKind::await, line);
      e->items.push_back(unary(depth + 1));
      e->has_await = true;
      return e;
    }
    return postfix(depth);
  }

  std::unique_ptr<Expr> postfix(int depth) {
    auto e = atom(depth);
    int chain = 0;
    while (true) {
      if (++chain > max_nesting) syntax_error(e->line, "the expression is longer than the subset allows");
      if (is_op(".")) {
        ++pos_;
        auto a = node(ExprKind::attribute, e->line);
        a->value = identifier();
        a->items.push_back(std::move(e));
        mark(*a);
        e = std::move(a);
      } else if (is_op("(")) {
        ++pos_;
        auto c = node(ExprKind::call, e->line);
        c->items.push_back(std::move(e));
        while (!is_op(")")) {
          bool star = false;
          std::string kw;
          if (is_op("**")) syntax_error(c->line, "**kwargs is outside the subset");
          if (is_op("*"))
            star = true, ++pos_;
          else if (peek().kind == Tok::name && is_op("=", 1))
            kw = next().text, ++pos_;
          else if (!c->keywords.empty() && !c->keywords.back().empty())
            syntax_error(c->line, "positional argument follows keyword argument");
          c->items.push_back(expression(depth + 1));
          if (is_word("for")) syntax_error(c->line, "generator expressions are outside the subset");
          c->keywords.push_back(kw);
          c->star.push_back(star);
          if (!is_op(",")) break;
          ++pos_;
        }
        expect_op(")");
        mark(*c);
        e = std::move(c);
      } else if (is_op("[")) {
        ++pos_;
        auto s = node(ExprKind::subscript, e->line);
        s->items.push_back(std::move(e));
        if (is_op(":")) syntax_error(s->line, "slices are outside the subset");
        s->items.push_back(expression(depth + 1));
        if (is_op(":")) syntax_error(s->line, "slices are outside the subset");
        expect_op("]");
        mark(*s);
        e = std::move(s);
      } else {
        return e;
      }
    }
  }

  std::unique_ptr<Expr> atom(int depth) {
    const Token k = peek();
    switch (k.kind) {
      case Tok::integer: {
        ++pos_;
        auto e = node(ExprKind::integer, k.line);
        e->integer = k.integer;
        return e;
      }
      case Tok::floating: {
        ++pos_;
        auto e = node(ExprKind::floating, k.line);
        e->number = k.number;
        return e;
      }
      case Tok::string:
      case Tok::fstring: {
        std::string text;
        bool any_f = false;
        auto f = node(ExprKind::fstring, k.line);
        while (peek().kind == Tok::string || peek().kind == Tok::fstring) {
          Token s = next();
          if (s.kind == Tok::string) {
            add_literal(*f, s.text);
          } else {
            any_f = true;
            fstring_parts(*f, s, depth);
          }
        }
        if (!any_f) {
          auto e = node(ExprKind::string, k.line);
          for (std::size_t i = 0; i < f->items.size(); ++i) e->value += f->items[i]->value;
          return e;
        }
        mark(*f);
        return f;
      }
      case Tok::name: {
        if (k.text == "True" || k.text == "False" || k.text == "None") {
          ++pos_;
          auto e = node(ExprKind::constant, k.line);
          e->value = k.text;
          return e;
        }
        if (keywords().count(k.text)) syntax_error(k.line, "invalid syntax near '" + k.text + "'");
        ++pos_;
        auto e = node(ExprKind::name, k.line);
        e->value = k.text;
        return e;
      }
      case Tok::op: {
        if (k.text == "(") {
          ++pos_;
          if (is_op(")")) {
            ++pos_;
            return node(ExprKind::tuple, k.line);
          }
          auto e = expression(depth + 1);
          if (is_op(",")) {
            auto t = node(ExprKind::tuple, k.line);
            t->items.push_back(std::move(e));
            while (is_op(",")) {
              ++pos_;
              if (is_op(")")) break;
              t->items.push_back(expression(depth + 1));
            }
            mark(*t);
            e = std::move(t);
          }
          expect_op(")");
          return e;
        }
        if (k.text == "[") {
          ++pos_;
          auto l = node(ExprKind::list, k.line);
          while (!is_op("]")) {
            l->items.push_back(expression(depth + 1));
            if (is_word("for") && l->items.size() == 1) return comprehension(std::move(l), depth);
            if (!is_op(",")) break;
            ++pos_;
          }
          expect_op("]");
          mark(*l);
          return l;
        }
        if (k.text == "{") syntax_error(k.line, "dicts and sets are outside the subset");
        syntax_error(k.line, "invalid syntax near '" + k.text + "'");
      }
      case Tok::newline:
        syntax_error(k.line, "invalid syntax: the line ends too early");
      case Tok::indent:
        syntax_error(k.line, "unexpected indent");
      default:
        syntax_error(k.line, "invalid syntax: the block ends too early");
    }
  }

  std::unique_ptr<Expr> comprehension(std::unique_ptr<Expr> list, int depth) {
    ++pos_;  // for
    auto c = node(ExprKind::listcomp, list->line);
    c->items.push_back(std::move(list->items[0]));
    c->target = identifier();
    expect_word("in");
    c->items.push_back(or_expr(depth + 1));
    if (is_word("if")) {
      ++pos_;
      c->items.push_back(or_expr(depth + 1));
    }
    if (is_word("for")) syntax_error(c->line, "nested comprehensions are outside the subset");
    expect_op("]");
    mark(*c);
    if (c->has_await) syntax_error(c->line, "'await' in a comprehension is outside the subset");
    return c;
  }

  void add_literal(Expr& f, const std::string& text) {
    auto e = node(ExprKind::string, f.line);
    e->value = text;
    f.items.push_back(std::move(e));
    f.literal_part.push_back(true);
  }

  /// Splits an f-string into literal text and `{expression}` parts (no format specs or conversions).
  void fstring_parts(Expr& f, const Token& s, int depth) {
    const std::string& text = s.text;
    std::string lit;
    for (std::size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (c == '{' && i + 1 < text.size() && text[i + 1] == '{') {
        lit += '{', ++i;
      } else if (c == '}' && i + 1 < text.size() && text[i + 1] == '}') {
        lit += '}', ++i;
      } else if (c == '}') {
        syntax_error(s.line, "f-string: single '}' is not allowed");
      } else if (c == '{') {
        std::size_t close = text.find('}', i);
        if (close == std::string::npos) syntax_error(s.line, "f-string: expecting '}'");
        std::string inner = text.substr(i + 1, close - i - 1);
        if (inner.find_first_of("{:!='\"") != std::string::npos)
          syntax_error(s.line, "f-string format specs, conversions and nested quotes are outside the subset");
        if (!lit.empty()) add_literal(f, lit), lit.clear();
        std::vector<Token> toks = tokenize(inner);
        for (auto& t : toks) t.line = s.line;
        if (!toks.empty() && toks.back().kind == Tok::end) toks.pop_back();
        while (!toks.empty() && toks.back().kind == Tok::newline) toks.pop_back();
        if (toks.empty()) syntax_error(s.line, "f-string: empty expression not allowed");
        toks.push_back({Tok::newline, "", s.line, 0, 0});
        toks.push_back({Tok::end, "", s.line, 0, 0});
        Parser sub(std::move(toks));
        sub.async_depth_ = async_depth_;
        auto e = sub.expression(depth + 1);
        if (sub.peek().kind != Tok::newline) syntax_error(s.line, "f-string: invalid expression");
        f.items.push_back(std::move(e));
        f.literal_part.push_back(false);
        i = close;
      } else {
        lit += c;
      }
    }
    if (!lit.empty()) add_literal(f, lit);
  }
};

}  // namespace

Program parse(const std::string& text) {
  if (text.size() > max_program_bytes)
    throw Error(ErrorCode::LimitExceeded, "the program is " + std::to_string(text.size()) +
                                              " bytes; the lab runs programs of at most " +
                                              std::to_string(max_program_bytes) + " bytes");
  for (char c : text)
    if (c == '\0') throw Error(ErrorCode::SyntaxError, "source code cannot contain null bytes");
  return Parser(tokenize(text)).program();
}

}  // namespace llplay::aio
