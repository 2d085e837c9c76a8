// The async lab's Python subset: its syntax tree, and the parser that builds one from program text.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace llplay::aio {

/// How deep expressions and blocks may nest (the parser recurses on them, so this bounds its stack).
constexpr int max_nesting = 40;
/// The longest program the parser accepts, in bytes.
constexpr std::size_t max_program_bytes = 20000;

enum class ExprKind {
  name,
  integer,
  floating,
  string,
  fstring,     ///< parts: literal strings (value) and expressions, in order
  constant,    ///< True, False, None (value holds the word)
  list,        ///< items
  tuple,       ///< items
  listcomp,    ///< items[0]: element; target; items[1]: iterable; items[2] (optional): condition
  attribute,   ///< items[0].value
  subscript,   ///< items[0][items[1]]
  call,        ///< items[0](items[1..]); keywords; star marks a *arg
  unary,       ///< value: "-", "not"; items[0]
  binary,      ///< value: operator; items[0], items[1]
  compare,     ///< value: operator ("==", "!=", "<", "<=", ">", ">=", "in", "not in", "is", "is not")
  boolean_op,  ///< value: "and" / "or"
  await,       ///< items[0]
  ifexp,       ///< items[0] if items[1] else items[2]
};

struct Expr {
  ExprKind kind = ExprKind::name;
  int line = 0;
  std::string value;  ///< name, string text, operator, attribute name
  std::int64_t integer = 0;
  double number = 0;
  std::vector<std::unique_ptr<Expr>> items;
  std::vector<std::string> keywords;  ///< call: the keyword of each argument after items[0] ("" = positional)
  std::vector<bool> star;             ///< call: each argument after items[0] is a *arg
  std::vector<bool> literal_part;     ///< fstring: each item is a literal string (an Expr of kind string)
  std::string target;                 ///< listcomp: the loop variable
  bool has_await = false;             ///< this expression or one inside it awaits
};

enum class StmtKind {
  expr,
  assign,      ///< target = value
  aug_assign,  ///< target op= value (op in `op`)
  pass,
  break_,
  continue_,
  return_,
  raise,  ///< value (optional), cause (optional)
  import,
  if_,     ///< cond, body, orelse
  while_,  ///< cond, body
  for_,    ///< name, iter, body; is_async: async for
  with_,   ///< async with: items (context expressions), names (as-targets, "" for none), body
  try_,    ///< body, handlers, orelse, finally_body
  def,     ///< a function; is_async
  class_,  ///< name, base (optional), body
};

struct Stmt;
using Block = std::vector<std::unique_ptr<Stmt>>;

struct Handler {
  std::unique_ptr<Expr> type;  ///< null: bare except
  std::string name;            ///< `as` name or ""
  Block body;
  int line = 0;
};

struct Stmt {
  StmtKind kind = StmtKind::pass;
  int line = 0;
  bool is_async = false;
  bool has_await = false;  ///< this statement (or a block inside it) awaits
  std::string name;        ///< def/class name, for target, import module
  std::string op;
  std::unique_ptr<Expr> target;  ///< assign target
  std::unique_ptr<Expr>
      value;  ///< expression, assigned value, return value, raise value, condition, iterable
  std::unique_ptr<Expr> cause;                  ///< raise ... from cause; class base
  std::vector<std::unique_ptr<Expr>> items;     ///< with: the context expressions
  std::vector<std::string> names;               ///< with: the as-names; def: parameters
  std::vector<std::unique_ptr<Expr>> defaults;  ///< def: the defaults of the last parameters
  Block body, orelse, finally_body;
  std::vector<Handler> handlers;
};

/// A parsed program.
struct Program {
  Block body;
  int lines = 0;
};

/// Parses `text`. Anything outside the subset throws Error{SyntaxError} naming its line.
Program parse(const std::string& text);

}  // namespace llplay::aio
