// UTF-8 to code points and back, for labs that work on Python str values (one code point per character).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace llplay::utf8 {

/// The code points of UTF-8 text; nullopt for anything that is not UTF-8 (overlong forms, surrogates, past
/// U+10FFFF, a cut sequence).
std::optional<std::u32string> decode(std::string_view text);

/// Code points as UTF-8 (no surrogates expected).
std::string encode(std::u32string_view text);

}  // namespace llplay::utf8
