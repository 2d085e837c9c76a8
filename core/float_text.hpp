// Doubles to and from text exactly as CPython reads and prints them.
#pragma once

#include <string>
#include <string_view>

namespace llplay {

/// Reads what CPython's `float(text)` reads (decimal literals with optional underscores, inf,
/// infinity, nan, surrounding whitespace), or a hex float as `float.fromhex` reads it
/// ("0x1.999999999999ap-4"). A finite literal too large for a double is refused rather than
/// turned into inf. Throws `Error{BadParams}` naming `what` (e.g. "values[2]").
double parse_python_float(std::string_view text, const std::string& what);

/// `repr(x)` as CPython prints it: the shortest digits that read back as x, in fixed notation
/// when the decimal point falls within 16 digits of them, else as `1e+16`, `1e-05`.
std::string python_repr(double x);

/// Inserts commas between groups of three digits of the integer part: "-1234567.5" -> "-1,234,567.5".
std::string with_thousands(std::string_view plain);

/// `f"{x:,.2f}"` as CPython prints it: correctly rounded to cents, with thousands separators.
std::string python_money(double x);

}  // namespace llplay
