// The sandbox's syntax: what one line of the script parses to. A line holds one or more statements
// separated by ';'; expressions nest (list displays, calls, parentheses) at most max_nesting deep.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace llplay::memory::sandbox {

constexpr std::size_t max_lines = 200, max_line_length = 300;
constexpr std::int64_t max_range = 5000;  ///< the largest N in `[EXPR for NAME in range(N)]`
constexpr std::size_t max_nesting = 100;  ///< brackets, parentheses and calls inside one another

struct Expr;
using ExprPtr = std::shared_ptr<Expr>;

/// One expression: a constant, a name, a list display or comprehension, a call, `.attr`, `[index]`,
/// or a comparison of two expressions.
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

/// One statement, and its text as written (for the page's transcript).
struct Statement {
  enum Kind { assign, assign_attr, del, expression, import } kind;
  std::string target;              // assign: name; assign_attr: attribute
  ExprPtr object, value;           // assign_attr: object; assign/expression: value
  std::vector<std::string> names;  // import
  std::vector<ExprPtr> targets;    // del: names and attributes
  std::string source;
};

/// The statements of line number `line` (1-based, for messages). Throws Error{BadParams} naming the
/// line and column for text that is not a statement the sandbox knows.
std::vector<Statement> parse(const std::string& text, std::size_t line);

}  // namespace llplay::memory::sandbox
