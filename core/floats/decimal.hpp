// A decimal engine written for the floats lab: CPython's `decimal` (libmpdec) semantics, in software.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "../big_uint.hpp"

namespace llplay::floats {

/// CPython's eight rounding modes.
enum class Rounding { up, down, ceiling, floor, half_up, half_down, half_even, zero_five_up };

/// "ROUND_HALF_EVEN" -> Rounding::half_even; nullopt for an unknown name.
std::optional<Rounding> rounding_from_name(std::string_view name);
const char* rounding_name(Rounding rounding);

/// `decimal.Context(prec, rounding)`: Emax 999999, Emin -999999, clamp 0, and CPython's default traps
/// (InvalidOperation, DivisionByZero and Overflow raise; the other conditions are quiet).
struct Context {
  int prec = 28;  ///< [1 - 999] here; CPython allows more
  Rounding rounding = Rounding::half_even;
  std::int64_t emax = 999999;
  std::int64_t emin = -999999;
  std::int64_t etiny() const { return emin - prec + 1; }
};

/// A decimal number: (-1)^negative * coefficient * 10^exponent, or an infinity, or a NaN (whose
/// coefficient is its payload). Values are exact; only the operations below round, to a Context.
class Decimal {
 public:
  enum class Kind : std::uint8_t { finite, infinity, nan, snan };

  Decimal() = default;
  Decimal(bool negative, BigUint coefficient, std::int64_t exponent)
      : negative_(negative), coefficient_(std::move(coefficient)), exponent_(exponent) {}

  /// `Decimal(text)`: exact, with CPython's grammar (whitespace, underscores, any Unicode decimal
  /// digit, Infinity, NaN and sNaN with payloads). Throws Error{InvalidOperation} as CPython does.
  static Decimal from_string(std::string_view text);
  /// `Decimal(x)`: the exact value of a double (so Decimal(0.1) has 55 digits).
  static Decimal from_double(double x);
  static Decimal infinity(bool negative);

  /// `str(d)`: CPython's to-scientific-string.
  std::string to_string() const;
  /// `f"{d:,.2f}"` (rounded half-even to cents, with thousands separators).
  std::string to_money() const;
  /// The nearest double, as float(d) gives it.
  double to_double() const;

  Kind kind() const noexcept { return kind_; }
  bool is_finite() const noexcept { return kind_ == Kind::finite; }
  bool is_nan() const noexcept { return kind_ == Kind::nan || kind_ == Kind::snan; }
  bool negative() const noexcept { return negative_; }
  bool is_zero() const noexcept { return is_finite() && coefficient_.is_zero(); }
  const BigUint& coefficient() const { return coefficient_; }
  std::int64_t exponent() const noexcept { return exponent_; }
  /// exponent + digits - 1: the power of ten of the leading digit.
  std::int64_t adjusted() const noexcept {
    return exponent_ + static_cast<std::int64_t>(coefficient_.digits()) - 1;
  }

  /// Numerical comparison of finite values: -1, 0 or 1.
  friend int compare(const Decimal& a, const Decimal& b);
  friend bool add_quickly(const Decimal& a, const Decimal& b, const Context& ctx, std::uint32_t& low,
                          std::uint32_t& high) noexcept;
  friend bool multiply_quickly(const Decimal& a, const Decimal& b, const Context& ctx, std::uint32_t& low,
                               std::uint32_t& high) noexcept;
  friend void add_in_place(Decimal& total, const Decimal& x, const Context& ctx);

  friend Decimal subtract(const Decimal& a, const Decimal& b, const Context& ctx);
  friend Decimal divide(const Decimal& a, const Decimal& b, const Context& ctx);
  friend Decimal quantize(const Decimal& a, const Decimal& b, const Context& ctx);

 private:
  friend class DecimalOps;
  Kind kind_ = Kind::finite;
  bool negative_ = false;
  BigUint coefficient_;
  std::int64_t exponent_ = 0;
};

/// Whether a finite result high * 10^9 + low at `exponent` stands as it is in ctx: no rounding, no
/// overflow, not subnormal. Its digits are counted only when 18 digits might not fit (a small precision, an
/// exponent near Emin or Emax): the count was a third of the quick paths' work.
[[gnu::always_inline]] inline bool fits_exactly(std::int64_t exponent, std::uint32_t low, std::uint32_t high,
                                                const Context& ctx) noexcept {
  constexpr int most = 2 * BigUint::limb_digits;  // below 10^18
  if (ctx.prec >= most && exponent >= ctx.emin && exponent + most - 1 <= ctx.emax) return true;
  const auto digits = static_cast<std::int64_t>(BigUint::digits_of(low, high));
  const std::int64_t adjusted = exponent + digits - 1;
  return digits <= ctx.prec && adjusted <= ctx.emax && adjusted >= ctx.emin;
}

/// add's common case only (same exponent and sign, coefficients and sum below 10^18, no rounding): true
/// with the sum's limbs in low and high (its sign and exponent are a's); false when it needs the general
/// path. Never throws. Inline, like multiply_quickly: the hot loops of the lab (the cost demo, the drift)
/// spend their time here. Two limbs and one carry, not a loop over limbs: in wasm, a loop over limbs
/// inside the caller's loop cost half as much again as native code.
[[gnu::always_inline]] inline bool add_quickly(const Decimal& a, const Decimal& b, const Context& ctx,
                                               std::uint32_t& low, std::uint32_t& high) noexcept {
  std::uint32_t a0, a1, b0, b1;
  if (a.kind_ != Decimal::Kind::finite || b.kind_ != Decimal::Kind::finite || a.exponent_ != b.exponent_ ||
      a.negative_ != b.negative_ || !a.coefficient_.two_limbs(a0, a1) || !b.coefficient_.two_limbs(b0, b1)) {
    return false;
  }
  low = a0 + b0;
  const std::uint32_t carry = low >= BigUint::base;
  low -= carry ? BigUint::base : 0;
  high = a1 + b1 + carry;
  return high < BigUint::base && fits_exactly(a.exponent_, low, high, ctx);  // below 10^18, and stands
}

/// multiply's common case only (coefficients below 10^9, no rounding): true with the product's limbs in
/// low and high; false when it needs the general path. Never throws. The product is below 10^18, two
/// limbs: one 64-bit division splits it, and none when it is below 10^9 (in wasm a 64-bit division by a
/// constant is a real division instruction, where native code multiplies).
[[gnu::always_inline]] inline bool multiply_quickly(const Decimal& a, const Decimal& b, const Context& ctx,
                                                    std::uint32_t& low, std::uint32_t& high) noexcept {
  std::uint32_t a0, a1, b0, b1;
  if (a.kind_ != Decimal::Kind::finite || b.kind_ != Decimal::Kind::finite ||
      !a.coefficient_.two_limbs(a0, a1) || !b.coefficient_.two_limbs(b0, b1) || (a1 | b1) != 0) {
    return false;
  }
  const std::uint64_t product = std::uint64_t{a0} * b0;
  low = static_cast<std::uint32_t>(product), high = 0;
  if (product >= BigUint::base) {
    high = static_cast<std::uint32_t>(product / BigUint::base);
    low = static_cast<std::uint32_t>(product - std::uint64_t{high} * BigUint::base);
  }
  return fits_exactly(a.exponent_ + b.exponent_, low, high, ctx);
}

Decimal add_in_general(const Decimal& a, const Decimal& b, const Context& ctx);
Decimal multiply_in_general(const Decimal& a, const Decimal& b, const Context& ctx);

/// The arithmetic of a Context. Results are rounded to ctx.prec with ctx.rounding, with CPython's
/// ideal exponents; a trapped condition throws Error whose code is the exception's class name
/// (InvalidOperation, DivisionByZero, Overflow). add and multiply try their common case inline first, always:
/// left to the optimiser, a loop of them in wasm sometimes became a call per operation, twice as slow.
/// Both build their result where the caller wants it: each path returns a new Decimal, never a named one
/// (returning a named Decimal on one path and a call's result on the other made wasm build it on the
/// stack and copy it out each time).
[[gnu::always_inline]] inline Decimal add(const Decimal& a, const Decimal& b, const Context& ctx) {
  std::uint32_t low, high;
  if (add_quickly(a, b, ctx, low, high))
    return Decimal(a.negative(), BigUint::from_two_limbs(low, high), a.exponent());
  return add_in_general(a, b, ctx);
}
Decimal subtract(const Decimal& a, const Decimal& b, const Context& ctx);
[[gnu::always_inline]] inline Decimal multiply(const Decimal& a, const Decimal& b, const Context& ctx) {
  std::uint32_t low, high;
  if (multiply_quickly(a, b, ctx, low, high)) {
    return Decimal(a.negative() != b.negative(), BigUint::from_two_limbs(low, high),
                   a.exponent() + b.exponent());
  }
  return multiply_in_general(a, b, ctx);
}
Decimal divide(const Decimal& a, const Decimal& b, const Context& ctx);
/// `a.quantize(b)`: a rounded to b's exponent.
Decimal quantize(const Decimal& a, const Decimal& b, const Context& ctx);
int compare(const Decimal& a, const Decimal& b);
/// total = add(total, x, ctx), without allocating in the common case (same exponent and sign): the drift's
/// loop is this alone.
[[gnu::always_inline]] inline void add_in_place(Decimal& total, const Decimal& x, const Context& ctx) {
  std::uint32_t low, high;
  if (add_quickly(total, x, ctx, low, high)) {
    total.coefficient_.assign_two_limbs(low, high);  // the sign and the exponent stay
  } else {
    total = add_in_general(total, x, ctx);
  }
}

}  // namespace llplay::floats
