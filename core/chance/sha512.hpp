// SHA-512 (FIPS 180-4), written out for the lab: random.seed(str) hashes the text with it.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace llplay::chance {

/// The 64-byte SHA-512 digest of `bytes`, as hashlib.sha512(bytes).digest() gives it.
std::array<std::uint8_t, 64> sha512(std::string_view bytes);

}  // namespace llplay::chance
