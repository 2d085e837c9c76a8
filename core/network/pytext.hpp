// Python's text rules the network lab's messages need: str and bytes as repr() prints them, int() of a
// string, str.split() and str.strip() whitespace, and UTF-8 <-> code points.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llplay::network {

/// A Python str: one element per code point.
using PyStr = std::u32string;

/// Decodes UTF-8 (as JSON strings arrive); nullopt where the text is not valid UTF-8.
std::optional<PyStr> from_utf8(std::string_view text);

/// Encodes code points as UTF-8.
std::string to_utf8(const PyStr& text);

/// Bytes (each char one byte) as the JSON-friendly string whose code points are those bytes (latin-1).
std::string latin1_to_utf8(std::string_view bytes);

/// True where Python's str.isspace() is true, for a code point below U+0100 (what latin-1 text holds).
bool is_py_space(char32_t c);

/// repr() of a str, as CPython prints it. Non-ASCII code points are printed as themselves unless they
/// are in the few non-printable ranges this knows (C1 controls, no-break and other spaces, format
/// characters, private use, noncharacters); CPython also escapes unassigned code points, which this
/// does not know.
std::string py_repr(const PyStr& text);

/// repr() of bytes (b'...'), as CPython prints it.
std::string py_bytes_repr(std::string_view bytes);

/// int(text) for base 10, as CPython reads a str: surrounding whitespace (Unicode's too), a sign, digits
/// with single underscores between them, at most 4300 digits. Non-ASCII decimal digits count where they
/// are in the Basic Multilingual Plane (the ones outside it are not known here). The value as a decimal
/// string (sign only when negative, no leading zeros), or nullopt where int() raises ValueError.
std::optional<std::string> py_int10(const PyStr& text);

/// int(line, 16) of bytes: ASCII whitespace around, a sign, an optional 0x, digits with single
/// underscores. nullopt where CPython raises ValueError; otherwise the value, and `overflow` set when it
/// does not fit a Py_ssize_t (the value is then meaningless).
std::optional<std::int64_t> py_int16_bytes(std::string_view line, bool& overflow);

/// Compares two non-negative decimal strings (no leading zeros): -1, 0 or 1.
int compare_decimal(std::string_view a, std::string_view b);

/// a - b for non-negative decimal strings with a >= b.
std::string subtract_decimal(std::string_view a, std::uint64_t b);

}  // namespace llplay::network
