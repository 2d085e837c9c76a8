// Doubles to and from text exactly as CPython reads and prints them.
#include "float_text.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#define FMT_HEADER_ONLY
#include <fmt/format-inl.h>

#include "error.hpp"
#include "numeral.hpp"

namespace llplay {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(char c) { return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if ((a[i] | 0x20) != b[i]) return false;
  }
  return true;
}

/// Copies a run of digits in which single underscores may separate digits (PEP 515) into `out`,
/// without the underscores. Returns the number of digits, or -1 on a misplaced underscore.
int take_digits(std::string_view s, std::size_t& i, std::string& out, bool (*digit)(char)) {
  int count = 0;
  while (i < s.size()) {
    if (digit(s[i])) {
      out += s[i++];
      ++count;
    } else if (s[i] == '_' && count > 0 && i + 1 < s.size() && digit(s[i + 1])) {
      ++i;
    } else {
      break;
    }
  }
  return i < s.size() && s[i] == '_' ? -1 : count;
}

/// The literal without whitespace and underscores, ready for strtod, or "" if it is not one.
std::string normalise(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) out += s[i++];
  std::string_view rest = s.substr(i);
  if (iequals(rest, "inf") || iequals(rest, "infinity") || iequals(rest, "nan"))
    return out + std::string(rest);

  if (rest.size() > 1 && rest[0] == '0' && (rest[1] | 0x20) == 'x') {
    // float.fromhex: 0x, hex digits with an optional point, an optional binary exponent; no underscores.
    out += "0x";
    i += 2;
    int digits = 0;
    while (i < s.size() && is_hex_digit(s[i])) out += s[i++], ++digits;
    if (i < s.size() && s[i] == '.') {
      out += s[i++];
      while (i < s.size() && is_hex_digit(s[i])) out += s[i++], ++digits;
    }
    if (digits == 0) return "";
    if (i < s.size() && (s[i] | 0x20) == 'p') {
      out += s[i++];
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) out += s[i++];
      int exp_digits = 0;
      while (i < s.size() && is_digit(s[i])) out += s[i++], ++exp_digits;
      if (exp_digits == 0) return "";
    }
    return i == s.size() ? out : "";
  }

  int whole = take_digits(s, i, out, is_digit);
  int fraction = 0;
  if (i < s.size() && s[i] == '.') {
    out += s[i++];
    fraction = take_digits(s, i, out, is_digit);
  }
  if (whole < 0 || fraction < 0 || whole + fraction == 0) return "";
  if (i < s.size() && (s[i] | 0x20) == 'e') {
    out += s[i++];
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) out += s[i++];
    if (take_digits(s, i, out, is_digit) <= 0) return "";
  }
  return i == s.size() ? out : "";
}

}  // namespace

// llplay:source float.repr
double parse_python_float(std::string_view text, const std::string& what) {
  // Like CPython: surrounding Unicode whitespace goes, and any Unicode decimal digit reads as 0-9.
  std::optional<std::string> ascii = ascii_numeral(text);
  std::string literal = ascii ? normalise(*ascii) : "";
  std::string shown(text.substr(0, 40));
  if (literal.empty()) {
    throw Error(ErrorCode::BadParams, what + ": \"" + shown +
                                          "\" is not a Python float literal or hex float "
                                          "(examples: 0.1, -2.5e-3, 1_000.5, inf, nan, 0x1.8p3)");
  }
  errno = 0;
  double x = std::strtod(literal.c_str(), nullptr);  // correctly rounded, in glibc and in musl
  if (std::isinf(x) && literal.find_first_of("iI") == std::string::npos) {
    bool hex = literal.find_first_of("xX") != std::string::npos;
    throw Error(
        ErrorCode::BadParams,
        what + ": \"" + shown + "\" is beyond the largest double (" + "1.7976931348623157e+308); " +
            (hex ? "float.fromhex raises OverflowError" : "CPython's float() would silently give inf"));
  }
  return x;
}

std::string python_repr(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (x == 0) return std::signbit(x) ? "-0.0" : "0.0";

  // Dragonbox (fmt's, the library's own shortest-digits step, without its formatting and locale code)
  // gives the shortest digits that round-trip, which is what CPython's repr uses too: x = digits * 10^e.
  fmt::detail::dragonbox::decimal_fp<double> shortest = fmt::detail::dragonbox::to_decimal(std::fabs(x));
  std::string digits = std::to_string(shortest.significand);
  int point = static_cast<int>(digits.size()) + shortest.exponent;  // x = 0.DIGITS * 10^point
  // Drop zeros at either end (Dragonbox leaves none, but the layout below relies on it).
  std::size_t lead = digits.find_first_not_of('0');
  digits.erase(0, lead);
  point -= static_cast<int>(lead);
  digits.erase(digits.find_last_not_of('0') + 1);
  int n = static_cast<int>(digits.size());

  std::string out = std::signbit(x) ? "-" : "";
  if (point <= -4 || point > 16) {  // CPython's float_repr_style 'short' switch points
    out += digits[0];
    if (n > 1) out += "." + digits.substr(1);
    int exponent = point - 1;
    std::string magnitude = std::to_string(std::abs(exponent));
    return out + (exponent < 0 ? "e-" : "e+") + (magnitude.size() < 2 ? "0" : "") + magnitude;
  }
  if (point <= 0) return out + "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
  if (point >= n) return out + digits + std::string(static_cast<std::size_t>(point - n), '0') + ".0";
  return out + digits.substr(0, static_cast<std::size_t>(point)) + "." +
         digits.substr(static_cast<std::size_t>(point));
}
// llplay:end

std::string with_thousands(std::string_view plain) {
  std::size_t start = !plain.empty() && plain[0] == '-' ? 1 : 0;
  std::size_t end = std::min(plain.find('.'), plain.size());
  std::string out(plain.substr(0, start));
  for (std::size_t i = start; i < end; ++i) {
    if (i > start && (end - i) % 3 == 0) out += ',';
    out += plain[i];
  }
  return out.append(plain.substr(end));
}

std::string python_money(double x) {
  if (!std::isfinite(x)) return python_repr(x);
  char buffer[400];
  std::snprintf(buffer, sizeof buffer, "%.2f", x);  // the exact binary value, rounded half-even
  return with_thousands(buffer);
}

}  // namespace llplay
