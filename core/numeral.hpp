// What CPython does to a numeral before parsing it: strip Unicode whitespace, map Unicode digits.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace llplay {

/// `text` (UTF-8) with surrounding Unicode whitespace removed and every Unicode decimal digit
/// (category Nd, e.g. "١٢٣" or fullwidth "１２") replaced by its ASCII digit, as CPython's float()
/// and Decimal() see it. nullopt for invalid UTF-8 or any other non-ASCII character.
std::optional<std::string> ascii_numeral(std::string_view text);

}  // namespace llplay
