// A decimal engine written for the floats lab: CPython's `decimal` (libmpdec) semantics, in software.
// The rounding, finalizing and ideal-exponent rules follow libmpdec's mpdecimal.c step by step, so
// results and raised conditions are CPython's, corner cases included.
#include "decimal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "../error.hpp"
#include "../float_text.hpp"
#include "../numeral.hpp"

namespace llplay::floats {

namespace {

// Decimal(string) is exact: CPython converts in libmpdec's "max context" (64-bit limits).
constexpr std::int64_t max_emax = 999999999999999999;
constexpr std::int64_t min_etiny = -999999999999999999 - (999999999999999999 - 1);

[[noreturn]] void raise(ErrorCode code, const std::string& what, const char* condition) {
  std::string name(code_name(code));
  throw Error(code, what + " (CPython raises decimal." + name + ": [<class 'decimal." + condition + "'>])");
}

std::int64_t digits_of(const BigUint& c) noexcept { return static_cast<std::int64_t>(c.digits()); }

}  // namespace

/// The operations, with access to Decimal's representation.
class DecimalOps {
 public:
  using Kind = Decimal::Kind;

  static Decimal special(Kind kind, bool negative, BigUint payload = BigUint()) {
    Decimal d;
    d.kind_ = kind;
    d.negative_ = negative;
    d.coefficient_ = std::move(payload);
    return d;
  }

  // llplay:source decimal.compute
  /// libmpdec's _mpd_rnd_incr: does rounding indicator `rnd` (see BigUint::shift_right_digits)
  /// round the already-shortened coefficient of `d` up by one?
  static bool round_up(const Decimal& d, int rnd, Rounding mode) noexcept {
    switch (mode) {
      case Rounding::down:
        return false;
      case Rounding::half_up:
        return rnd >= 5;
      case Rounding::half_even:
        return rnd > 5 || (rnd == 5 && d.coefficient_.last_digit() % 2 == 1);
      case Rounding::ceiling:
        return rnd != 0 && !d.negative_;
      case Rounding::floor:
        return rnd != 0 && d.negative_;
      case Rounding::half_down:
        return rnd > 5;
      case Rounding::up:
        return rnd != 0;
      case Rounding::zero_five_up: {
        unsigned last = d.coefficient_.last_digit();
        return rnd != 0 && (last == 0 || last == 5);
      }
    }
    return false;
  }

  /// Overflow, underflow and subnormal rounding (libmpdec's _mpd_check_exp).
  static void check_exponent(Decimal& d, const Context& ctx) {
    std::int64_t adjusted = d.adjusted();
    if (adjusted > ctx.emax) {
      if (d.coefficient_.is_zero()) {
        d.exponent_ = ctx.emax;  // Clamped, which is not trapped
        return;
      }
      raise(
          ErrorCode::Overflow,
          "the result's exponent " + std::to_string(adjusted) + " is above Emax " + std::to_string(ctx.emax),
          "Overflow");
    }
    if (adjusted < ctx.emin) {
      std::int64_t etiny = ctx.etiny();
      if (d.coefficient_.is_zero()) {
        d.exponent_ = std::max(d.exponent_, etiny);
        return;
      }
      if (d.exponent_ < etiny) {  // subnormal: keep only the digits down to 10^etiny
        int rnd = d.coefficient_.shift_right_digits(static_cast<std::size_t>(etiny - d.exponent_));
        d.exponent_ = etiny;
        if (round_up(d, rnd, ctx.rounding)) d.coefficient_.add_small(1);
      }
    }
  }

  /// Rounds to the context's precision and checks the exponent: every result passes here. The test
  /// in front is inline, so results that need nothing (most of them) skip the call.
  static Decimal& finalize(Decimal& d, const Context& ctx) {
    if (d.kind_ == Kind::finite && digits_of(d.coefficient_) <= ctx.prec && d.adjusted() <= ctx.emax &&
        d.adjusted() >= ctx.emin) {
      return d;
    }
    return finalize_slowly(d, ctx);
  }

  static Decimal& finalize_slowly(Decimal& d, const Context& ctx) {
    if (d.is_nan()) return fix_nan(d, ctx);
    if (d.kind_ != Kind::finite) return d;
    check_exponent(d, ctx);
    std::int64_t digits = digits_of(d.coefficient_);
    if (digits > ctx.prec) {
      std::int64_t shift = digits - ctx.prec;
      int rnd = d.coefficient_.shift_right_digits(static_cast<std::size_t>(shift));
      d.exponent_ += shift;
      if (round_up(d, rnd, ctx.rounding)) {
        d.coefficient_.add_small(1);
        if (digits_of(d.coefficient_) > ctx.prec) {  // 999…9 + 1: one digit too many
          d.coefficient_.shift_right_digits(1);
          d.exponent_ += 1;
          check_exponent(d, ctx);
        }
      }
    }
    return d;
  }
  // llplay:end

  /// A NaN result keeps at most `prec` digits of payload: the lowest ones (libmpdec's _mpd_fix_nan).
  static Decimal& fix_nan(Decimal& d, const Context& ctx) {
    if (digits_of(d.coefficient_) > ctx.prec) {
      BigUint q, r;
      BigUint::divmod(d.coefficient_, BigUint::pow10(static_cast<std::size_t>(ctx.prec)), q, r);
      d.coefficient_ = std::move(r);
    }
    return d;
  }

  /// The NaN rule of every operation: an sNaN operand raises InvalidOperation, else a quiet NaN
  /// operand (the first one) is the result.
  static bool nan_result(const Decimal& a, const Decimal& b, const Context& ctx, Decimal& out) {
    if (!a.is_nan() && !b.is_nan()) return false;
    if (a.kind_ == Kind::snan || b.kind_ == Kind::snan) {
      raise(ErrorCode::InvalidOperation, "an operand is a signaling NaN", "InvalidOperation");
    }
    out = a.is_nan() ? a : b;
    out.kind_ = Kind::nan;
    fix_nan(out, ctx);
    return true;
  }

  // llplay:source decimal.compute
  /// a + b when b's sign is `b_negative` (libmpdec's _mpd_qaddsub), exact and not yet rounded.
  static Decimal add_finite(const Decimal& a, const Decimal& b, bool b_negative, const Context& ctx) {
    bool b_is_high = b.exponent_ > a.exponent_;  // "high": the operand with the larger exponent
    const Decimal& high = b_is_high ? b : a;
    const Decimal& low = b_is_high ? a : b;
    BigUint high_coefficient = high.coefficient_, low_coefficient = low.coefficient_;
    std::int64_t exponent = low.exponent_;
    if (a.exponent_ != b.exponent_ && !high.coefficient_.is_zero()) {
      // A tiny `low` far below the rounding digit only acts as a sticky digit: stand a 1 (or 0) in
      // for it, just below, so 1E+999999 + 1E-999999 does not need two million digits.
      std::int64_t high_digits = digits_of(high.coefficient_);
      std::int64_t limit = high.exponent_ - 1 + (high_digits > ctx.prec ? 0 : high_digits - ctx.prec - 1);
      if (low.adjusted() < limit) {
        low_coefficient = BigUint(low.coefficient_.is_zero() ? 0 : 1);
        exponent = limit;
      }
      high_coefficient.shift_left_digits(static_cast<std::size_t>(high.exponent_ - exponent));
    }
    const BigUint& ca = b_is_high ? low_coefficient : high_coefficient;
    const BigUint& cb = b_is_high ? high_coefficient : low_coefficient;

    Decimal sum;
    sum.exponent_ = exponent;
    if (a.negative_ == b_negative) {
      sum.coefficient_ = ca;
      sum.coefficient_ += cb;
      sum.negative_ = b_negative;
    } else {
      bool a_larger = ca.compare(cb) >= 0;
      sum.coefficient_ = a_larger ? ca : cb;
      sum.coefficient_ -= a_larger ? cb : ca;
      sum.negative_ = a_larger ? a.negative_ : b_negative;
      // An exact zero is +0, except when rounding toward -infinity.
      if (sum.coefficient_.is_zero()) sum.negative_ = ctx.rounding == Rounding::floor;
    }
    return sum;
  }
  // llplay:end

  static Decimal add_signed(const Decimal& a, const Decimal& b, bool b_negative, const Context& ctx) {
    Decimal out;
    if (nan_result(a, b, ctx, out)) return out;
    if (a.kind_ == Kind::infinity) {
      if (b.kind_ == Kind::infinity && a.negative_ != b_negative) {
        raise(ErrorCode::InvalidOperation, "Infinity - Infinity is undefined", "InvalidOperation");
      }
      return special(Kind::infinity, a.negative_);
    }
    if (b.kind_ == Kind::infinity) return special(Kind::infinity, b_negative);
    out = add_finite(a, b, b_negative, ctx);
    return finalize(out, ctx);
  }

  static Decimal multiply(const Decimal& a, const Decimal& b, const Context& ctx) {
    Decimal out;
    if (nan_result(a, b, ctx, out)) return out;
    bool negative = a.negative_ != b.negative_;
    if (a.kind_ == Kind::infinity || b.kind_ == Kind::infinity) {
      if (a.is_zero() || b.is_zero()) {
        raise(ErrorCode::InvalidOperation, "0 * Infinity is undefined", "InvalidOperation");
      }
      return special(Kind::infinity, negative);
    }
    out = Decimal(negative, a.coefficient_ * b.coefficient_, a.exponent_ + b.exponent_);
    return finalize(out, ctx);
  }

  // llplay:source decimal.compute
  /// a / b (libmpdec's _mpd_qdiv): prec + 1 digits of quotient, a sticky digit when inexact, and
  /// when exact, trailing zeros removed back toward the ideal exponent a.exp - b.exp.
  static Decimal divide(const Decimal& a, const Decimal& b, const Context& ctx) {
    Decimal q;
    if (nan_result(a, b, ctx, q)) return q;
    bool negative = a.negative_ != b.negative_;
    if (a.kind_ == Kind::infinity) {
      if (b.kind_ == Kind::infinity) {
        raise(ErrorCode::InvalidOperation, "Infinity / Infinity is undefined", "InvalidOperation");
      }
      return special(Kind::infinity, negative);
    }
    if (b.kind_ == Kind::infinity) return Decimal(negative, BigUint(), ctx.etiny());
    if (b.coefficient_.is_zero()) {
      if (a.coefficient_.is_zero())
        raise(ErrorCode::InvalidOperation, "0 / 0 is undefined", "DivisionUndefined");
      raise(ErrorCode::DivisionByZero, "division by zero", "DivisionByZero");
    }
    if (a.coefficient_.is_zero()) {
      q = Decimal(negative, BigUint(), a.exponent_ - b.exponent_);
      return finalize(q, ctx);
    }
    std::int64_t shift = digits_of(b.coefficient_) - digits_of(a.coefficient_) + ctx.prec + 1;
    std::int64_t ideal = a.exponent_ - b.exponent_;
    std::int64_t exponent = ideal - shift;
    BigUint dividend = a.coefficient_, divisor = b.coefficient_, remainder;
    if (shift > 0) dividend.shift_left_digits(static_cast<std::size_t>(shift));
    if (shift < 0) divisor.shift_left_digits(static_cast<std::size_t>(-shift));
    BigUint::divmod(dividend, divisor, q.coefficient_, remainder);
    q.negative_ = negative;
    if (!remainder.is_zero()) {
      unsigned last = q.coefficient_.last_digit();
      if (last == 0 || last == 5) q.coefficient_.add_small(1);  // sticky: never looks exact or half
    } else if (ideal - exponent > 0) {
      std::int64_t zeros = std::min<std::int64_t>(static_cast<std::int64_t>(q.coefficient_.trailing_zeros()),
                                                  ideal - exponent);
      q.coefficient_.shift_right_digits(static_cast<std::size_t>(zeros));
      exponent += zeros;
    }
    q.exponent_ = exponent;
    return finalize(q, ctx);
  }

  /// a.quantize(b) (libmpdec's mpd_qquantize): a at b's exponent, or InvalidOperation when that
  /// needs more than prec digits.
  static Decimal quantize(const Decimal& a, const Decimal& b, const Context& ctx) {
    Decimal out;
    if (nan_result(a, b, ctx, out)) return out;
    if (a.kind_ == Kind::infinity || b.kind_ == Kind::infinity) {
      if (a.kind_ == Kind::infinity && b.kind_ == Kind::infinity) return a;
      raise(ErrorCode::InvalidOperation, "quantize with an infinity and a finite number", "InvalidOperation");
    }
    if (b.exponent_ > ctx.emax || b.exponent_ < ctx.etiny()) {
      raise(ErrorCode::InvalidOperation,
            "the target exponent " + std::to_string(b.exponent_) + " is outside [Etiny, Emax]",
            "InvalidOperation");
    }
    if (a.coefficient_.is_zero()) {
      out = Decimal(a.negative_, BigUint(), b.exponent_);
      return finalize(out, ctx);
    }
    std::int64_t expdiff = a.exponent_ - b.exponent_;
    std::string too_long = "the result needs more than prec=" + std::to_string(ctx.prec) + " digits";
    if (digits_of(a.coefficient_) + expdiff > ctx.prec)
      raise(ErrorCode::InvalidOperation, too_long, "InvalidOperation");
    out = Decimal(a.negative_, a.coefficient_, b.exponent_);
    if (expdiff >= 0) {
      out.coefficient_.shift_left_digits(static_cast<std::size_t>(expdiff));
    } else {
      int rnd = out.coefficient_.shift_right_digits(static_cast<std::size_t>(-expdiff));
      if (round_up(out, rnd, ctx.rounding)) {
        out.coefficient_.add_small(1);
        if (digits_of(out.coefficient_) > ctx.prec)
          raise(ErrorCode::InvalidOperation, too_long, "InvalidOperation");
      }
    }
    if (out.adjusted() > ctx.emax) {
      raise(ErrorCode::InvalidOperation, "the result's exponent is above Emax", "InvalidOperation");
    }
    return finalize(out, ctx);
  }
  // llplay:end

  static Decimal parse(std::string_view text) {
    std::string shown(text.substr(0, 40));
    auto syntax = [&]() -> Decimal {
      raise(ErrorCode::InvalidOperation, "\"" + shown + "\" is not a decimal number", "ConversionSyntax");
    };
    std::optional<std::string> ascii = ascii_numeral(text);
    if (!ascii) syntax();
    std::string s;
    for (char c : *ascii) {
      if (c != '_') s += c;  // Decimal() drops every underscore, wherever it stands
    }
    std::size_t i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
    std::string rest = s.substr(i);
    std::string lower = rest;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "inf" || lower == "infinity") return special(Kind::infinity, negative);
    for (const auto& [prefix, kind] : {std::pair{"snan", Kind::snan}, std::pair{"nan", Kind::nan}}) {
      std::string_view p(prefix);
      if (lower.compare(0, p.size(), p) == 0) {
        std::string payload = rest.substr(p.size());
        if (!std::all_of(payload.begin(), payload.end(), [](char c) { return c >= '0' && c <= '9'; }))
          syntax();
        return special(kind, negative, BigUint::from_digits(payload));
      }
    }
    std::string digits;
    std::int64_t fraction = 0;
    bool point = false;
    for (; i < s.size() && ((s[i] >= '0' && s[i] <= '9') || (s[i] == '.' && !point)); ++i) {
      if (s[i] == '.') {
        point = true;
      } else {
        digits += s[i];
        fraction += point;
      }
    }
    if (digits.empty()) syntax();
    std::int64_t exponent = 0;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
      ++i;
      bool exp_negative = false;
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) exp_negative = s[i++] == '-';
      if (i == s.size()) syntax();
      constexpr std::int64_t saturated = 4000000000000000000;  // beyond every valid exponent
      for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
        exponent = exponent >= saturated / 10 ? saturated : exponent * 10 + (s[i] - '0');
      }
      if (exp_negative) exponent = -exponent;
    }
    if (i != s.size()) syntax();
    Decimal d(negative, BigUint::from_digits(digits), exponent - fraction);
    if (d.adjusted() > max_emax || d.exponent_ < min_etiny) {
      raise(ErrorCode::InvalidOperation,
            "\"" + shown + "\" has an exponent beyond what Decimal can hold exactly", "InvalidOperation");
    }
    return d;
  }
};

Decimal Decimal::from_string(std::string_view text) { return DecimalOps::parse(text); }

Decimal Decimal::infinity(bool negative) { return DecimalOps::special(Kind::infinity, negative); }

// llplay:source float.exact
Decimal Decimal::from_double(double x) {
  if (std::isnan(x)) return DecimalOps::special(Kind::nan, false);
  if (std::isinf(x)) return infinity(x < 0);
  if (x == 0) return Decimal(std::signbit(x), BigUint(), 0);
  // x = mantissa * 2^e with an integer mantissa; as CPython's as_integer_ratio(), drop factors of 2.
  int e = 0;
  double m = std::frexp(std::fabs(x), &e);
  auto mantissa = static_cast<std::uint64_t>(std::ldexp(m, 53));
  e -= 53;
  while (mantissa != 0 && mantissa % 2 == 0 && e < 0) mantissa /= 2, ++e;
  if (e >= 0)
    return Decimal(std::signbit(x), BigUint(mantissa).shift_left_bits(static_cast<std::size_t>(e)), 0);
  // m / 2^k = m * 5^k / 10^k: every double is a finite decimal.
  auto k = static_cast<std::size_t>(-e);
  return Decimal(std::signbit(x), BigUint(mantissa) * BigUint::pow5(k), -static_cast<std::int64_t>(k));
}

std::string Decimal::to_string() const {
  std::string sign = negative_ ? "-" : "";
  if (kind_ == Kind::infinity) return sign + "Infinity";
  if (kind_ != Kind::finite) {
    return sign + (kind_ == Kind::snan ? "sNaN" : "NaN") +
           (coefficient_.is_zero() ? "" : coefficient_.to_string());
  }
  // CPython's __str__: plain notation when exponent <= 0 and the leading digit is at 10^-6 or above.
  std::string digits = coefficient_.to_string();
  std::int64_t n = static_cast<std::int64_t>(digits.size());
  std::int64_t leftdigits = exponent_ + n;
  std::int64_t dotplace = exponent_ <= 0 && leftdigits > -6 ? leftdigits : 1;
  std::string out = sign;
  if (dotplace <= 0) {
    out += "0." + std::string(static_cast<std::size_t>(-dotplace), '0') + digits;
  } else if (dotplace >= n) {
    out += digits + std::string(static_cast<std::size_t>(dotplace - n), '0');
  } else {
    out += digits.substr(0, static_cast<std::size_t>(dotplace)) + "." +
           digits.substr(static_cast<std::size_t>(dotplace));
  }
  if (leftdigits != dotplace) {
    std::int64_t e = leftdigits - dotplace;
    out += std::string("E") + (e < 0 ? "-" : "+") + std::to_string(e < 0 ? -e : e);
  }
  return out;
}
// llplay:end

std::string Decimal::to_money() const {
  if (kind_ != Kind::finite) return to_string();
  // Round half-even to two places without a precision limit, then print plain digits.
  Decimal cents = *this;
  if (exponent_ < -2) {
    int rnd = cents.coefficient_.shift_right_digits(static_cast<std::size_t>(-2 - exponent_));
    if (DecimalOps::round_up(cents, rnd, Rounding::half_even)) cents.coefficient_.add_small(1);
  } else {
    cents.coefficient_.shift_left_digits(static_cast<std::size_t>(exponent_ + 2));
  }
  std::string digits = cents.coefficient_.to_string();
  std::string padded = std::string(digits.size() < 3 ? 3 - digits.size() : 0, '0') + digits;
  std::size_t whole = padded.size() - 2;
  std::string plain = negative_ ? "-" : "";
  plain.append(padded, 0, whole).append(".").append(padded, whole, 2);
  return with_thousands(plain);
}

double Decimal::to_double() const {
  if (is_nan()) return std::numeric_limits<double>::quiet_NaN();
  if (kind_ == Kind::infinity) return negative_ ? -HUGE_VAL : HUGE_VAL;
  return std::strtod(to_string().c_str(), nullptr);  // correctly rounded, as float(str) is
}

int compare(const Decimal& a, const Decimal& b) {
  int sa = a.is_zero() ? 0 : a.negative() ? -1 : 1;
  int sb = b.is_zero() ? 0 : b.negative() ? -1 : 1;
  if (sa != sb || sa == 0) return sa < sb ? -1 : sa > sb ? 1 : 0;
  int magnitude = 0;
  if (a.adjusted() != b.adjusted()) {
    magnitude = a.adjusted() < b.adjusted() ? -1 : 1;
  } else {
    BigUint ca = a.coefficient(), cb = b.coefficient();
    if (a.exponent() > b.exponent())
      ca.shift_left_digits(static_cast<std::size_t>(a.exponent() - b.exponent()));
    if (b.exponent() > a.exponent())
      cb.shift_left_digits(static_cast<std::size_t>(b.exponent() - a.exponent()));
    magnitude = ca.compare(cb);
  }
  return sa * magnitude;
}

Decimal add_in_general(const Decimal& a, const Decimal& b, const Context& ctx) {
  return DecimalOps::add_signed(a, b, b.negative(), ctx);
}

Decimal subtract(const Decimal& a, const Decimal& b, const Context& ctx) {
  return DecimalOps::add_signed(a, b, b.is_nan() ? b.negative() : !b.negative(), ctx);
}
Decimal multiply_in_general(const Decimal& a, const Decimal& b, const Context& ctx) {
  return DecimalOps::multiply(a, b, ctx);
}
Decimal divide(const Decimal& a, const Decimal& b, const Context& ctx) {
  return DecimalOps::divide(a, b, ctx);
}
Decimal quantize(const Decimal& a, const Decimal& b, const Context& ctx) {
  return DecimalOps::quantize(a, b, ctx);
}

std::optional<Rounding> rounding_from_name(std::string_view name) {
  for (Rounding r : {Rounding::up, Rounding::down, Rounding::ceiling, Rounding::floor, Rounding::half_up,
                     Rounding::half_down, Rounding::half_even, Rounding::zero_five_up}) {
    if (name == rounding_name(r)) return r;
  }
  return std::nullopt;
}

const char* rounding_name(Rounding rounding) {
  switch (rounding) {
    case Rounding::up:
      return "ROUND_UP";
    case Rounding::down:
      return "ROUND_DOWN";
    case Rounding::ceiling:
      return "ROUND_CEILING";
    case Rounding::floor:
      return "ROUND_FLOOR";
    case Rounding::half_up:
      return "ROUND_HALF_UP";
    case Rounding::half_down:
      return "ROUND_HALF_DOWN";
    case Rounding::half_even:
      return "ROUND_HALF_EVEN";
    case Rounding::zero_five_up:
      return "ROUND_05UP";
  }
  return "?";
}

}  // namespace llplay::floats
