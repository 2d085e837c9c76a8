// Python's text rules, as the network lab's messages need them.
#include "pytext.hpp"

#include <algorithm>

#include "../utf8.hpp"

namespace llplay::network {

namespace {

const char hex_digits[] = "0123456789abcdef";

std::string hex_escape(char32_t c) {
  std::string out;
  int width = c <= 0xff ? 2 : c <= 0xffff ? 4 : 8;
  out += '\\';
  out += width == 2 ? 'x' : width == 4 ? 'u' : 'U';
  for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) out += hex_digits[(c >> shift) & 0xf];
  return out;
}

/// What str.isprintable() says for a non-ASCII code point, for the ranges this knows (see py_repr).
bool printable_non_ascii(char32_t c) {
  if (c <= 0xa0 || c == 0xad) return false;                       // C1 controls, no-break space, soft hyphen
  if (c == 0x1680 || (c >= 0x2000 && c <= 0x200f)) return false;  // spaces, zero-width, marks
  if (c >= 0x2028 && c <= 0x202f) return false;  // separators, embedding controls, narrow space
  if (c >= 0x205f && c <= 0x206f) return false;  // math space, invisible operators, isolates
  if (c == 0x3000 || c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb)) return false;
  if (c >= 0x600 && c <= 0x605) return false;
  if (c == 0x61c || c == 0x6dd || c == 0x70f || c == 0x180e) return false;
  if (c >= 0xd800 && c <= 0xf8ff) return false;    // surrogates, private use
  if (c >= 0xfdd0 && c <= 0xfdef) return false;    // noncharacters
  if ((c & 0xfffe) == 0xfffe) return false;        // U+xFFFE, U+xFFFF
  if (c >= 0xe0000 && c <= 0xe0fff) return false;  // tags, variation selectors supplement (unassigned gaps)
  if (c >= 0xf0000) return false;                  // private use planes
  return true;
}

/// Non-ASCII code points str.isspace() calls whitespace.
bool unicode_space(char32_t c) {
  return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 ||
         c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

/// The value of a non-ASCII decimal digit (Unicode category Nd) in the Basic Multilingual Plane, else -1.
int unicode_digit(char32_t c) {
  static const char32_t zeros[] = {0x660,  0x6f0,  0x7c0,  0x966,  0x9e6,  0xa66,  0xae6,  0xb66,  0xbe6,
                                   0xc66,  0xce6,  0xd66,  0xde6,  0xe50,  0xed0,  0xf20,  0x1040, 0x1090,
                                   0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40,
                                   0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10};
  if (c < 0x80) return -1;
  for (char32_t zero : zeros) {
    if (c >= zero && c < zero + 10) return static_cast<int>(c - zero);
  }
  return -1;
}

}  // namespace

std::optional<PyStr> from_utf8(std::string_view text) { return utf8::decode(text); }

std::string to_utf8(const PyStr& text) { return utf8::encode(text); }

std::string latin1_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char ch : bytes) {
    auto b = static_cast<unsigned char>(ch);
    if (b < 0x80) {
      out += ch;
    } else {
      out += static_cast<char>(0xc0 | (b >> 6));
      out += static_cast<char>(0x80 | (b & 0x3f));
    }
  }
  return out;
}

bool is_py_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0;
}

std::string py_repr(const PyStr& text) {
  bool has_single = std::find(text.begin(), text.end(), U'\'') != text.end();
  bool has_double = std::find(text.begin(), text.end(), U'"') != text.end();
  char quote = has_single && !has_double ? '"' : '\'';
  std::string out(1, quote);
  for (char32_t c : text) {
    if (c == static_cast<char32_t>(quote) || c == U'\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == U'\t') {
      out += "\\t";
    } else if (c == U'\n') {
      out += "\\n";
    } else if (c == U'\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
      out += hex_escape(c);
    } else if (c < 0x7f || printable_non_ascii(c)) {
      out += to_utf8(PyStr(1, c));
    } else {
      out += hex_escape(c);
    }
  }
  out += quote;
  return out;
}

std::string py_bytes_repr(std::string_view bytes) {
  bool has_single = bytes.find('\'') != std::string_view::npos;
  bool has_double = bytes.find('"') != std::string_view::npos;
  char quote = has_single && !has_double ? '"' : '\'';
  std::string out = "b";
  out += quote;
  for (char ch : bytes) {
    auto b = static_cast<unsigned char>(ch);
    if (ch == quote || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (ch == '\t') {
      out += "\\t";
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\r') {
      out += "\\r";
    } else if (b < 0x20 || b >= 0x7f) {
      out += hex_escape(b);
    } else {
      out += ch;
    }
  }
  out += quote;
  return out;
}

std::optional<std::string> py_int10(const PyStr& raw) {
  // int() first maps non-ASCII whitespace to ' ' and non-ASCII decimal digits to ASCII ones (ASCII stays
  // as it is: \x1c-\x1f are not C's isspace), then reads C's way.
  PyStr text;
  for (char32_t c : raw) {
    int digit = unicode_digit(c);
    text += c < 0x80 ? c : digit >= 0 ? static_cast<char32_t>(U'0' + digit) : unicode_space(c) ? U' ' : U'?';
  }
  auto space = [](char32_t c) { return c == U' ' || (c >= 0x09 && c <= 0x0d); };
  std::size_t i = 0, end = text.size();
  while (i < end && space(text[i])) ++i;
  while (end > i && space(text[end - 1])) --end;
  bool negative = false;
  if (i < end && (text[i] == U'+' || text[i] == U'-')) negative = text[i++] == U'-';
  std::string digits;
  bool last_underscore = true;  // no leading underscore
  for (; i < end; ++i) {
    char32_t c = text[i];
    if (c >= U'0' && c <= U'9') {
      digits += static_cast<char>(c);
      last_underscore = false;
    } else if (c == U'_' && !last_underscore) {
      last_underscore = true;
    } else {
      return std::nullopt;
    }
  }
  if (digits.empty() || last_underscore || digits.size() > 4300) return std::nullopt;
  std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return std::string("0");
  return (negative ? "-" : "") + digits.substr(first);
}

std::optional<std::int64_t> py_int16_bytes(std::string_view line, bool& overflow) {
  auto space = [](char c) { return c == ' ' || (c >= 0x09 && c <= 0x0d); };
  std::size_t i = 0, end = line.size();
  while (i < end && space(line[i])) ++i;
  bool negative = false;
  if (i < end && (line[i] == '+' || line[i] == '-')) negative = line[i++] == '-';
  if (i + 1 < end && line[i] == '0' && (line[i + 1] == 'x' || line[i + 1] == 'X')) {
    i += 2;
    if (i < end && line[i] == '_') ++i;  // one underscore may follow the prefix
  }
  if (i < end && line[i] == '_') return std::nullopt;
  std::uint64_t value = 0;  // saturates past 2^63
  constexpr std::uint64_t cap = std::uint64_t{1} << 63;
  std::size_t digits = 0;
  char prev = 0;
  for (; i < end; ++i) {
    char c = line[i];
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (d >= 0) {
      value = value >= cap / 16 ? cap + 1 : value * 16 + static_cast<std::uint64_t>(d);
      ++digits;
    } else if (c == '_') {
      if (prev == '_') return std::nullopt;
    } else {
      break;
    }
    prev = c;
  }
  if (digits == 0 || prev == '_') return std::nullopt;
  while (i < end && space(line[i])) ++i;
  if (i != end) return std::nullopt;  // anything else, an embedded NUL included
  overflow = negative ? value > cap : value >= cap;
  if (overflow) return 0;
  return negative ? -static_cast<std::int64_t>(value - 1) - 1 : static_cast<std::int64_t>(value);
}

int compare_decimal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

std::string subtract_decimal(std::string_view a, std::uint64_t b) {
  std::string out(a);
  int borrow = 0;
  for (std::size_t k = out.size(); k-- > 0;) {
    int digit = out[k] - '0' - borrow - static_cast<int>(b % 10);
    b /= 10;
    borrow = digit < 0 ? 1 : 0;
    out[k] = static_cast<char>('0' + digit + borrow * 10);
    if (b == 0 && borrow == 0) break;
  }
  std::size_t first = out.find_first_not_of('0');
  return first == std::string::npos ? "0" : out.substr(first);
}

}  // namespace llplay::network
