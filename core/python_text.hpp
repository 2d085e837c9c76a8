// Python's repr() of a str, for labs that print strings the way CPython does.
#pragma once

#include <string>
#include <string_view>

namespace llplay {

/// repr(s) for UTF-8 text as CPython writes it for printable text: single quotes unless the text has one and
/// no double quote; the quote and backslash escaped; \t \n \r, and other ASCII control characters as \xNN.
/// (Non-ASCII characters are kept as they are, which is right for the printable ones.)
std::string python_str_repr(std::string_view utf8);

}  // namespace llplay
