// The sandbox's tokenizer and parser: one line of text to statements, or a coded error naming the
// line and column.
#include "sandbox_syntax.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "../error.hpp"
#include "sandbox.hpp"

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

/// The character that starts at byte i, quoted: a whole UTF-8 sequence (never half of one), or the
/// byte as \xNN when it does not start a valid sequence.
std::string character_at(const std::string& s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  const std::size_t length = lead < 0x80                   ? 1
                             : lead >= 0xc2 && lead < 0xe0 ? 2
                             : lead >= 0xe0 && lead < 0xf0 ? 3
                             : lead >= 0xf0 && lead < 0xf5 ? 4
                                                           : 0;
  bool valid = length > 0 && i + length <= s.size();
  for (std::size_t k = 1; valid && k < length; ++k)
    valid = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
  if (valid && length > 1) {  // no overlong forms, surrogates or code points past U+10FFFF
    const auto second = static_cast<unsigned char>(s[i + 1]);
    valid = !(lead == 0xe0 && second < 0xa0) && !(lead == 0xed && second >= 0xa0) &&
            !(lead == 0xf0 && second < 0x90) && !(lead == 0xf4 && second >= 0x90);
  }
  if (valid && lead >= 0x20 && lead != 0x7f) return "'" + s.substr(i, length) + "'";
  char text[8];
  std::snprintf(text, sizeof text, "\\x%02x", lead);
  return std::string("byte ") + text;
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
      syntax(line, i, "unexpected character " + character_at(s, i));
    }
  }
  out.push_back({Token::end, "", s.size()});
  return out;
}

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
    // Each bracket, parenthesis and call nests one expression in another: bounded, so that parsing
    // (and evaluating) a line never recurses deeper than this.
    if (depth_ >= max_nesting)
      syntax(line_, peek().column,
             "more than " + std::to_string(max_nesting) + " nested brackets, parentheses and calls");
    ++depth_;
    ExprPtr out = comparison();
    --depth_;
    return out;
  }

  ExprPtr comparison() {
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
  std::size_t depth_ = 0;
};

}  // namespace

std::vector<Statement> parse(const std::string& text, std::size_t line) {
  return Parser(tokenize(text, line), line).statements(text);
}

}  // namespace llplay::memory::sandbox
