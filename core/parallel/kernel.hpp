// The series' CPU-bound kernel, exact: the sum of i * i for from <= i < to, in 128 bits.
#pragma once

#include <cstdint>
#include <string>

namespace llplay::parallel {

__extension__ typedef unsigned __int128 u128;  // GCC and clang, natively and in wasm

/// The largest n: below 2^32 every i * i fits 64 bits (wasm has no 64x64->128 multiply); the
/// sum needs 128 (it passes 2^64 at n of about 3.8 million).
constexpr std::uint64_t max_n = std::uint64_t{1} << 32;

/// sum(i * i for i in range(from, to)), one number at a time, as CPython's loop does it.
u128 sum_of_squares(std::uint64_t from, std::uint64_t to);

/// The same sum by formula, to check the loop: (n - 1) n (2n - 1) / 6 for range(n).
u128 sum_of_squares_formula(std::uint64_t n);

/// `value` in decimal, as Python prints an int.
std::string decimal(u128 value);

}  // namespace llplay::parallel
