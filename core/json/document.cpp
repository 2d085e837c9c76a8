// JSON text read with RapidJSON's iterative SAX reader: validation with line and column, and the tape.
#include "document.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <new>

#include "../error.hpp"
#include "reader.hpp"

namespace llplay::json_lab {

std::string SyntaxError::describe() const {
  return "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + message;
}

SyntaxError syntax_error_at(std::string_view text, std::size_t offset, std::string message) {
  SyntaxError e{offset, 1, 1, std::move(message)};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++e.line;
      e.column = 1;
    } else if ((c & 0xc0) != 0x80) {  // count characters: skip UTF-8 continuation bytes
      ++e.column;
    }
  }
  return e;
}

namespace {

/// Accepts every event: validation only.
struct Nothing : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, Nothing> {
  bool Default() { return true; }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return true; }
  void restart() {}
};

[[noreturn]] void too_many() { throw Error(ErrorCode::LimitExceeded, "doc: more than 4 billion values"); }

/// Builds the tape from the reader's events, within max_tree_bytes: every buffer grows here, by a
/// capacity chosen and counted before it is allocated.
struct TapeBuilder {
  Tape& tape;
  std::size_t budget;               // max_tree_bytes, or a test's
  std::vector<std::uint32_t> open;  // the containers not yet closed

  std::size_t held() const { return tape.bytes() + open.capacity() * sizeof(std::uint32_t); }
  /// Before a buffer grows to `new_bytes`: its old copy (in held()) and the new one exist side by side.
  void check_growth(std::size_t new_bytes, const char* what) const {
    if (held() + new_bytes > budget)
      tree_over_budget(std::string(what) + ", at value " + std::to_string(tape.entries.size() + 1), budget);
  }
  /// Room for one more entry: the capacity doubles, or grows as far as the budget lets it.
  void room_for_entry() {
    std::size_t capacity = tape.entries.capacity();
    if (tape.entries.size() < capacity) return;
    std::size_t others = held() - capacity * sizeof(Entry);
    std::size_t want = std::max<std::size_t>(capacity * 2, 1);  // as std::vector grows
    std::size_t room = budget > others ? (budget - others) / sizeof(Entry) : 0;
    if (room < capacity + want) want = room > capacity ? room - capacity : 0;  // old and new copy
    if (want <= capacity) tree_over_budget("its values, at value " + std::to_string(capacity + 1), budget);
    tape.entries.reserve(want);
  }

  Entry& push(Entry::Kind kind) {
    if (tape.entries.size() >= UINT32_MAX - 1) too_many();
    room_for_entry();
    Entry& e = tape.entries.emplace_back();
    e.kind = kind;
    e.s = {0, 0};
    return e;
  }
  void text(Entry::Kind kind, const char* s, std::size_t n) {
    Entry& e = push(kind);
    e.s = {static_cast<std::uint32_t>(tape.text.size()), static_cast<std::uint32_t>(n)};
    std::size_t capacity = tape.text.capacity_for(n);
    if (capacity != tape.text.capacity()) check_growth(capacity, "its text");
    tape.text.append(s, n);
  }
  bool Null() { return push(Entry::null), true; }
  bool Bool(bool b) { return push(Entry::boolean).b = b, true; }
  bool Int(int) { return false; }  // numbers arrive as text (kParseNumbersAsStringsFlag)
  bool Uint(unsigned) { return false; }
  bool Int64(std::int64_t) { return false; }
  bool Uint64(std::uint64_t) { return false; }
  bool Double(double) { return false; }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) { return text(Entry::number, s, n), true; }
  bool String(const char* s, rapidjson::SizeType n, bool) { return text(Entry::string, s, n), true; }
  bool Key(const char* s, rapidjson::SizeType n, bool) { return text(Entry::key, s, n), true; }
  bool start(Entry::Kind kind) {
    if (open.size() == open.capacity()) {
      std::size_t want = std::max<std::size_t>(open.capacity() * 2, 1);
      check_growth(want * sizeof(std::uint32_t), "the stack of open containers");
      open.reserve(want);
    }
    open.push_back(static_cast<std::uint32_t>(tape.entries.size()));
    tape.depth = std::max(tape.depth, open.size());
    push(kind);
    return true;
  }
  bool StartObject() { return start(Entry::object); }
  bool StartArray() { return start(Entry::array); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool EndArray(rapidjson::SizeType) { return close(); }
  void restart() {
    tape.entries.clear();
    tape.text.clear();
    tape.depth = 0;
    open.clear();
  }
  bool close() {
    tape.entries[open.back()].end = static_cast<std::uint32_t>(tape.entries.size());
    open.pop_back();
    return true;
  }
};

/// The powers of ten a double holds exactly.
constexpr double exact_powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                          1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                          1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/// The common numbers without strtod and friends (in wasm, musl's strtod works in software 128-bit
/// long double, ten times glibc's time): an integer of at most 19 digits, and a real whose digits
/// make at most 2^53 and whose power of ten is at most 22 either way, which one multiplication or
/// division of two exact doubles rounds correctly (Clinger's fast path). False for the others.
bool read_number_quickly(std::string_view s, Number& out) {
  const bool negative = s[0] == '-';
  std::uint64_t digits = 0;
  int count = 0, after_point = 0;
  std::size_t i = negative;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++count) digits = digits * 10 + (s[i] - '0');
  const bool point = i < s.size() && s[i] == '.';
  if (point) {
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++count, ++after_point)
      digits = digits * 10 + (s[i] - '0');
  }
  if (count > 19) return false;   // the digits may have wrapped around
  if (!point && i == s.size()) {  // an integer, as strtoll and strtoull read it
    if (!negative) {
      out.kind = Number::unsigned_integer, out.u = digits;
    } else if (digits <= std::uint64_t{1} << 63) {
      out.kind = Number::integer, out.i = static_cast<std::int64_t>(0 - digits);
    } else {
      return false;
    }
    return true;
  }
  int exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool minus = i < s.size() && s[i] == '-';
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      if (exponent > 1000) return false;
      exponent = exponent * 10 + (s[i] - '0');
    }
    if (minus) exponent = -exponent;
  }
  exponent -= after_point;
  if (i != s.size() || digits > std::uint64_t{1} << 53 || exponent < -22 || exponent > 22) return false;
  double d = static_cast<double>(digits);
  d = exponent < 0 ? d / exact_powers_of_ten[-exponent] : d * exact_powers_of_ten[exponent];
  out.kind = Number::real, out.d = negative ? -d : d;
  return true;
}

}  // namespace

Number read_number(std::string_view s) {
  Number out;
  if (read_number_quickly(s, out)) return out;
  std::string z(s);  // strtod and strtoll want a terminator
  if (s.find_first_of(".eE") == std::string_view::npos) {
    errno = 0;
    if (s[0] == '-') {
      long long v = std::strtoll(z.c_str(), nullptr, 10);
      if (errno != ERANGE) out.kind = Number::integer, out.i = v;
    } else {
      unsigned long long v = std::strtoull(z.c_str(), nullptr, 10);
      if (errno != ERANGE) out.kind = Number::unsigned_integer, out.u = v;
    }
    return out;  // otherwise an int beyond 64 bits: exact only as text (Number::big)
  }
  double d = std::strtod(z.c_str(), nullptr);              // correctly rounded, like Python's float()
  if (!std::isinf(d)) out.kind = Number::real, out.d = d;  // beyond the largest double: keep the text
  return out;
}

void TextBuffer::grow(std::size_t n) {
  std::size_t capacity = std::max({capacity_ * 2, size_ + n, std::size_t{4096}});
  std::unique_ptr<char[]> bigger(new char[capacity]);
  if (size_ != 0) std::memcpy(bigger.get(), data_.get(), size_);
  data_ = std::move(bigger);
  capacity_ = capacity;
}

json number_json(std::string_view text) {
  Number number = read_number(text);
  switch (number.kind) {
    case Number::integer:
      return number.i;
    case Number::unsigned_integer:
      return number.u;
    case Number::real:
      return number.d;
    case Number::big:
      break;
  }
  return std::string(text);  // kept as written
}

BigNumbers stand_in_for_big_numbers(std::string_view text, std::string& patched) {
  BigNumbers found;
  patched.assign(text);
  auto digit = [&](std::size_t k) { return k < text.size() && text[k] >= '0' && text[k] <= '9'; };
  auto digits = [&](std::size_t& k) {
    while (digit(k)) ++k;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {  // skip a string, escapes included
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
      ++i;
      continue;
    }
    if (text[i] != '-' && !digit(i)) {
      ++i;
      continue;
    }
    // One number token, by RFC 8259's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    std::size_t j = i + (text[i] == '-');
    bool valid = digit(j);
    if (valid && text[j] == '0') {
      ++j;
    } else {
      digits(j);
    }
    if (valid && j < text.size() && text[j] == '.') {
      valid = digit(++j);
      digits(j);
    }
    if (valid && j < text.size() && (text[j] == 'e' || text[j] == 'E')) {
      if (++j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
      valid = digit(j);
      digits(j);
    }
    std::string_view token = text.substr(i, j - i);
    if (valid && std::isinf(std::strtod(std::string(token).c_str(), nullptr))) {  // beyond the double range
      found.emplace(i, token);
      std::string stand_in = token[0] == '-' ? "-0" : "0";
      patched.replace(i, token.size(), stand_in + std::string(token.size() - stand_in.size(), ' '));
    }
    i = std::max(j, i + 1);
  }
  return found;
}

std::optional<SyntaxError> validate(std::string_view text) {
  Nothing handler;
  return read(text, handler);
}

void tree_over_budget(const std::string& what, std::size_t budget) {
  std::string amount =
      budget % (1 << 20) == 0 ? std::to_string(budget >> 20) + " MiB" : std::to_string(budget) + " bytes";
  throw Error(ErrorCode::LimitExceeded, "doc: its tree would take more than " + amount +
                                            ", the memory budget for it (" + what +
                                            "); the streaming engine builds no tree");
}

Tape parse(std::string_view text, RunContext& ctx, std::size_t budget) {
  Tape tape;
  // Room for one value per 8 bytes of text (generated payloads hold one per 16), within the budget.
  tape.entries.reserve(std::min(text.size() / 8, budget / 2 / sizeof(Entry)));
  TapeBuilder builder{tape, budget, {}};
  Progressing<TapeBuilder> handler{builder, ctx, text.size()};
  if (std::optional<SyntaxError> e = read(text, handler))
    throw Error(ErrorCode::ParseError, "doc: " + e->describe());
  return tape;
}

json Tape::to_json(std::uint32_t i, std::size_t max_depth, std::size_t& max_nodes) const {
  auto scalar = [&](const Entry& e) -> json {
    switch (e.kind) {
      case Entry::null:
        return nullptr;
      case Entry::boolean:
        return e.b;
      case Entry::number:
        return number_json(string_at(e));
      default:
        return std::string(string_at(e));
    }
  };
  auto spend = [&] {
    if (max_nodes == 0)
      throw Error(ErrorCode::LimitExceeded,
                  "matches hold more than " + std::to_string(max_returned_nodes) + " values in all");
    --max_nodes;
  };
  spend();
  const Entry& top = entries[i];
  if (top.kind != Entry::array && top.kind != Entry::object) return scalar(top);
  // Without recursion: a stack of the containers being filled.
  struct Open {
    json* value;
    std::uint32_t next, end;
    bool object;
  };
  json root = top.kind == Entry::array ? json::array() : json::object();
  std::vector<Open> stack{{&root, i + 1, top.end, top.kind == Entry::object}};
  while (!stack.empty()) {
    Open& o = stack.back();
    if (o.next >= o.end) {
      stack.pop_back();
      continue;
    }
    std::string name;
    if (o.object) name = std::string(string_at(entries[o.next++]));
    const Entry& e = entries[o.next];
    spend();
    json* slot = o.object ? &(*o.value)[name] : &o.value->emplace_back();
    if (e.kind == Entry::array || e.kind == Entry::object) {
      if (stack.size() >= max_depth) {
        throw Error(ErrorCode::LimitExceeded, "a matched value nests more than " + std::to_string(max_depth) +
                                                  " deep; printing it would need that much recursion");
      }
      *slot = e.kind == Entry::array ? json::array() : json::object();
      o.next = e.end;
      stack.push_back(
          {slot, static_cast<std::uint32_t>(&e - entries.data()) + 1, e.end, e.kind == Entry::object});
    } else {
      *slot = scalar(e);
      ++o.next;
    }
  }
  return root;
}

}  // namespace llplay::json_lab
