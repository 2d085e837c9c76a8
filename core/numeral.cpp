// What CPython does to a numeral before parsing it: strip Unicode whitespace, map Unicode digits.
#include "numeral.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace llplay {

namespace {

// Every code point whose unicodedata.digit() is 0 (the next nine are 1-9), and every code point for
// which str.isspace() is true: Unicode 14.0.0, printed by CPython 3.11's unicodedata.
constexpr std::uint32_t digit_zeros[] = {
    0x30,    0x660,   0x6f0,   0x7c0,   0x966,   0x9e6,   0xa66,   0xae6,   0xb66,   0xbe6,   0xc66,
    0xce6,   0xd66,   0xde6,   0xe50,   0xed0,   0xf20,   0x1040,  0x1090,  0x17e0,  0x1810,  0x1946,
    0x19d0,  0x1a80,  0x1a90,  0x1b50,  0x1bb0,  0x1c40,  0x1c50,  0xa620,  0xa8d0,  0xa900,  0xa9d0,
    0xa9f0,  0xaa50,  0xabf0,  0xff10,  0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0,
    0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60,
    0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0};
constexpr std::uint32_t spaces[] = {0x9,    0xa,    0xb,    0xc,    0xd,    0x1c,   0x1d,   0x1e,
                                    0x1f,   0x20,   0x85,   0xa0,   0x1680, 0x2000, 0x2001, 0x2002,
                                    0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
                                    0x2028, 0x2029, 0x202f, 0x205f, 0x3000};

/// Decodes one UTF-8 code point at s[i], advancing i; returns UINT32_MAX when malformed.
std::uint32_t decode(std::string_view s, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  std::size_t extra = b0 >= 0xc2 && b0 < 0xe0   ? 1
                      : b0 >= 0xe0 && b0 < 0xf0 ? 2
                      : b0 >= 0xf0 && b0 < 0xf5 ? 3
                                                : 0;
  if (extra == 0 || i + extra >= s.size()) return UINT32_MAX;
  std::uint32_t cp = b0 & (0x3f >> extra);
  for (std::size_t k = 1; k <= extra; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return UINT32_MAX;
    cp = (cp << 6) | (byte(i + k) & 0x3f);
  }
  constexpr std::uint32_t smallest[] = {0, 0x80, 0x800, 0x10000};
  if (cp < smallest[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return UINT32_MAX;
  i += extra + 1;
  return cp;
}

bool is_space(std::uint32_t cp) { return std::binary_search(std::begin(spaces), std::end(spaces), cp); }

int digit_value(std::uint32_t cp) {
  const std::uint32_t* zero = std::upper_bound(std::begin(digit_zeros), std::end(digit_zeros), cp);
  if (zero == std::begin(digit_zeros)) return -1;
  std::uint32_t offset = cp - *(zero - 1);
  return offset < 10 ? static_cast<int>(offset) : -1;
}

}  // namespace

std::optional<std::string> ascii_numeral(std::string_view text) {
  std::string out;
  std::size_t trailing = 0;  // length of `out` before the run of trailing whitespace
  bool leading = true;
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = decode(text, i);
    if (cp == UINT32_MAX) return std::nullopt;
    if (is_space(cp)) {
      if (!leading) out += ' ';
      continue;
    }
    leading = false;
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (int d = digit_value(cp); d >= 0) {
      out += static_cast<char>('0' + d);
    } else {
      return std::nullopt;
    }
    trailing = out.size();
  }
  out.resize(trailing);  // inner whitespace stays (as a space) and makes the numeral invalid later
  return out;
}

}  // namespace llplay
