// Unsigned big integers in base 10^9: the coefficients of the Decimal engine and exact rationals.
#include "big_uint.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace llplay {

namespace {

constexpr std::uint32_t pow10_table[10] = {1,      10,      100,      1000,      10000,
                                           100000, 1000000, 10000000, 100000000, 1000000000};

}  // namespace

void detail::Limbs::grow(std::size_t n) {
  std::size_t capacity = std::max<std::size_t>(n, 2 * capacity_);
  auto* bigger = new std::uint32_t[capacity];
  std::memcpy(bigger, data_, size_ * sizeof *data_);
  release();
  data_ = bigger;
  capacity_ = static_cast<std::uint32_t>(capacity);
}

BigUint::BigUint(std::uint64_t value) {
  while (value != 0) {
    limbs_.push_back(static_cast<std::uint32_t>(value % base));
    value /= base;
  }
}

BigUint BigUint::from_digits(std::string_view digits) {
  BigUint out;
  out.limbs_.reserve(digits.size() / limb_digits + 1);
  for (std::size_t end = digits.size(); end > 0;) {
    std::size_t start = end >= limb_digits ? end - limb_digits : 0;
    std::uint32_t limb = 0;
    for (std::size_t i = start; i < end; ++i) limb = limb * 10 + static_cast<std::uint32_t>(digits[i] - '0');
    out.limbs_.push_back(limb);
    end = start;
  }
  out.trim();
  return out;
}

BigUint BigUint::pow10(std::size_t k) {
  BigUint out(1);
  return out.shift_left_digits(k);
}

BigUint BigUint::pow5(std::size_t k) {
  BigUint out(1);
  for (; k >= 13; k -= 13) out.mul_small(1220703125);  // 5^13
  std::uint32_t rest = 1;
  while (k-- > 0) rest *= 5;
  return out.mul_small(rest);
}

std::string BigUint::to_string() const {
  if (limbs_.empty()) return "0";
  std::string out = std::to_string(limbs_.back());
  for (std::size_t i = limbs_.size() - 1; i-- > 0;) {
    std::string limb = std::to_string(limbs_[i]);
    out.append(limb_digits - limb.size(), '0').append(limb);
  }
  return out;
}

std::size_t BigUint::trailing_zeros() const noexcept {
  std::size_t zeros = 0;
  for (std::uint32_t limb : limbs_) {
    if (limb == 0) {
      zeros += limb_digits;
      continue;
    }
    while (limb % 10 == 0) limb /= 10, ++zeros;
    break;
  }
  return limbs_.empty() ? 0 : zeros;
}

std::uint64_t BigUint::to_u64(bool& ok) const noexcept {
  // 2^64 - 1 = 18 446744073 709551615: three limbs at most, the top one at most 18. In 64 bits only.
  std::size_t n = limbs_.size();
  std::uint64_t low = n > 0 ? limbs_[0] : 0, middle = n > 1 ? limbs_[1] : 0, top = n > 2 ? limbs_[2] : 0;
  std::uint64_t rest = middle * base + low;  // below 10^18
  ok = n <= 3 && (top < 18 || (top == 18 && rest <= 446744073709551615ULL));
  return ok ? top * base * base + rest : 0;
}

u128 BigUint::to_u128(bool& ok) const noexcept {
  ok = limbs_.size() <= 5;  // 10^45 > 2^128 > 10^38: check the value, not just the limbs
  u128 v = 0;
  if (!ok) return 0;
  constexpr u128 limit = ~static_cast<u128>(0);
  for (std::size_t i = limbs_.size(); i-- > 0;) {
    if (v > (limit - limbs_[i]) / base) {
      ok = false;
      return 0;
    }
    v = v * base + limbs_[i];
  }
  return v;
}

std::size_t BigUint::bit_length() const {
  bool small = false;
  u128 v = to_u128(small);
  if (small) {
    std::size_t bits = 0;
    while (v != 0) v >>= 1, ++bits;
    return bits;
  }
  // Halve until it fits: exact, and only for numbers beyond 2^128.
  BigUint copy = *this;
  std::size_t shifted = 0;
  while (copy.limbs_.size() > 4) {
    copy.divmod_small(1u << 30);
    shifted += 30;
  }
  return copy.bit_length() + shifted;
}

BigUint& BigUint::operator-=(const BigUint& other) {
  if (compare(other) < 0) throw std::logic_error("BigUint subtraction would go below zero");
  subtract_smaller(other);
  return *this;
}

void BigUint::subtract_smaller(const BigUint& other) noexcept {
  std::int64_t borrow = 0;
  for (std::size_t i = 0; i < limbs_.size(); ++i) {
    std::int64_t diff =
        static_cast<std::int64_t>(limbs_[i]) - borrow - (i < other.limbs_.size() ? other.limbs_[i] : 0);
    borrow = diff < 0;
    limbs_[i] = static_cast<std::uint32_t>(diff < 0 ? diff + base : diff);
    if (!borrow && i >= other.limbs_.size()) break;
  }
  trim();
}

BigUint& BigUint::mul_small(std::uint32_t factor) {
  if (factor == 0) {
    limbs_.clear();
    return *this;
  }
  std::uint64_t carry = 0;
  for (std::uint32_t& limb : limbs_) {
    std::uint64_t product = static_cast<std::uint64_t>(limb) * factor + carry;
    limb = static_cast<std::uint32_t>(product % base);
    carry = product / base;
  }
  while (carry != 0) {
    limbs_.push_back(static_cast<std::uint32_t>(carry % base));
    carry /= base;
  }
  return *this;
}

BigUint& BigUint::add_small(std::uint32_t addend) {
  std::uint64_t carry = addend;
  for (std::size_t i = 0; carry != 0; ++i) {
    if (i == limbs_.size()) limbs_.push_back(0);
    std::uint64_t sum = limbs_[i] + carry;
    limbs_[i] = static_cast<std::uint32_t>(sum % base);
    carry = sum / base;
  }
  return *this;
}

BigUint operator*(const BigUint& a, const BigUint& b) {
  if (a.is_zero() || b.is_zero()) return BigUint();
  if (b.limbs_.size() == 1) return BigUint(a).mul_small(b.limbs_[0]);
  if (a.limbs_.size() == 1) return BigUint(b).mul_small(a.limbs_[0]);
  BigUint out;
  out.limbs_.assign_zeros(a.limbs_.size() + b.limbs_.size());
  for (std::size_t i = 0; i < a.limbs_.size(); ++i) {
    std::uint64_t carry = 0;
    std::uint64_t ai = a.limbs_[i];
    for (std::size_t j = 0; j < b.limbs_.size(); ++j) {
      std::uint64_t t = ai * b.limbs_[j] + out.limbs_[i + j] + carry;
      out.limbs_[i + j] = static_cast<std::uint32_t>(t % BigUint::base);
      carry = t / BigUint::base;
    }
    out.limbs_[i + b.limbs_.size()] = static_cast<std::uint32_t>(carry);
  }
  out.trim();
  return out;
}

BigUint& BigUint::shift_left_bits(std::size_t k) {
  for (; k >= 29; k -= 29) mul_small(1u << 29);
  return mul_small(1u << k);
}

BigUint& BigUint::shift_left_digits(std::size_t k) {
  if (is_zero() || k == 0) return *this;
  mul_small(pow10_table[k % limb_digits]);
  limbs_.insert_front_zeros(k / limb_digits);
  return *this;
}

int BigUint::shift_right_digits(std::size_t k) noexcept {
  if (k == 0 || is_zero()) return 0;
  if (k > digits()) {
    limbs_.clear();
    return 1;  // everything dropped was below the first dropped digit (a leading zero): below half
  }
  // The first dropped digit is digit k-1 (from the right); the sticky part is digits 0..k-2.
  std::size_t limb = (k - 1) / limb_digits, in_limb = (k - 1) % limb_digits;
  int first = static_cast<int>(limbs_[limb] / pow10_table[in_limb] % 10);
  bool sticky = limbs_[limb] % pow10_table[in_limb] != 0;
  for (std::size_t i = 0; i < limb && !sticky; ++i) sticky = limbs_[i] != 0;

  std::size_t whole = k / limb_digits, part = k % limb_digits;
  limbs_.erase_front(whole);
  if (part != 0) {
    std::uint32_t divisor = pow10_table[part], multiplier = pow10_table[limb_digits - part];
    for (std::size_t i = 0; i < limbs_.size(); ++i) {
      std::uint32_t high = i + 1 < limbs_.size() ? limbs_[i + 1] % divisor : 0;
      limbs_[i] = limbs_[i] / divisor + high * multiplier;
    }
  }
  trim();
  return (first == 0 || first == 5) && sticky ? first + 1 : first;
}

std::uint32_t BigUint::divmod_small(std::uint32_t divisor) noexcept {
  std::uint64_t rest = 0;
  for (std::size_t i = limbs_.size(); i-- > 0;) {
    std::uint64_t current = rest * base + limbs_[i];
    limbs_[i] = static_cast<std::uint32_t>(current / divisor);
    rest = current % divisor;
  }
  trim();
  return static_cast<std::uint32_t>(rest);
}

void BigUint::divmod(const BigUint& a, const BigUint& b, BigUint& q, BigUint& r) {
  if (b.is_zero()) throw std::domain_error("BigUint division by zero");
  if (a.compare(b) < 0) {
    q = BigUint();
    r = a;
    return;
  }
  if (b.limbs_.size() == 1) {
    q = a;
    r = BigUint(q.divmod_small(b.limbs_[0]));
    return;
  }
  // Knuth, TAOCP vol. 2, 4.3.1, algorithm D, in base 10^9.
  const std::uint64_t B = base;
  std::uint32_t norm = static_cast<std::uint32_t>(B / (static_cast<std::uint64_t>(b.limbs_.back()) + 1));
  BigUint u = a, v = b;
  u.mul_small(norm);
  v.mul_small(norm);
  std::size_t n = v.limbs_.size(), m = u.limbs_.size() - n;
  u.limbs_.resize(u.limbs_.size() + 1);
  q.limbs_.assign_zeros(m + 1);
  std::uint64_t vtop = v.limbs_[n - 1], vnext = v.limbs_[n - 2];
  for (std::size_t j = m + 1; j-- > 0;) {
    std::uint64_t numerator = static_cast<std::uint64_t>(u.limbs_[j + n]) * B + u.limbs_[j + n - 1];
    std::uint64_t qhat = numerator / vtop, rhat = numerator % vtop;
    while (qhat >= B || qhat * vnext > rhat * B + u.limbs_[j + n - 2]) {
      --qhat;
      rhat += vtop;
      if (rhat >= B) break;
    }
    std::int64_t borrow = 0;
    std::uint64_t carry = 0;
    for (std::size_t i = 0; i < n; ++i) {
      std::uint64_t product = qhat * v.limbs_[i] + carry;
      carry = product / B;
      std::int64_t diff =
          static_cast<std::int64_t>(u.limbs_[i + j]) - static_cast<std::int64_t>(product % B) - borrow;
      borrow = diff < 0;
      u.limbs_[i + j] = static_cast<std::uint32_t>(diff < 0 ? diff + static_cast<std::int64_t>(B) : diff);
    }
    std::int64_t diff =
        static_cast<std::int64_t>(u.limbs_[j + n]) - static_cast<std::int64_t>(carry) - borrow;
    if (diff < 0) {  // qhat was one too large: add v back
      u.limbs_[j + n] = static_cast<std::uint32_t>(diff + static_cast<std::int64_t>(B));
      --qhat;
      std::uint32_t c = 0;
      for (std::size_t i = 0; i < n; ++i) {
        std::uint32_t sum = u.limbs_[i + j] + v.limbs_[i] + c;
        c = sum >= base;
        u.limbs_[i + j] = c ? sum - base : sum;
      }
      u.limbs_[j + n] = static_cast<std::uint32_t>((u.limbs_[j + n] + c) % B);
    } else {
      u.limbs_[j + n] = static_cast<std::uint32_t>(diff);
    }
    q.limbs_[j] = static_cast<std::uint32_t>(qhat);
  }
  q.trim();
  u.trim();
  u.divmod_small(norm);
  r = std::move(u);
}

BigUint BigUint::isqrt() const {
  if (limbs_.size() <= 1) {
    bool ok = false;
    auto v = static_cast<std::uint64_t>(to_u64(ok));
    auto s = static_cast<std::uint64_t>(std::sqrt(static_cast<double>(v)));
    while (s * s > v) --s;
    while ((s + 1) * (s + 1) <= v) ++s;
    return BigUint(s);
  }
  // Newton from above: x0 = 10^ceil(digits/2) >= sqrt(n); x <- (x + n/x) / 2 while it falls.
  BigUint x = pow10((digits() + 1) / 2), q, r;
  for (;;) {
    divmod(*this, x, q, r);
    BigUint y = x;
    y += q;
    y.divmod_small(2);
    if (y.compare(x) >= 0) return x;
    x = std::move(y);
  }
}

namespace {

/// The top bits of num * 2^k / den as an integer q in [2^64, 2^67), and whether anything was left.
u128 scaled_quotient(const BigUint& num, const BigUint& den, long k, bool& sticky) {
  BigUint a = num, b = den, q, r;
  if (k >= 0)
    a.shift_left_bits(static_cast<std::size_t>(k));
  else
    b.shift_left_bits(static_cast<std::size_t>(-k));
  BigUint::divmod(a, b, q, r);
  sticky = !r.is_zero();
  bool ok = false;
  return q.to_u128(ok);
}

/// q * 2^-k (plus `sticky`, a nonzero amount below q's last bit), correctly rounded to a double.
double round_to_double(u128 q, long k, bool sticky) {
  int bits = 0;
  for (u128 t = q; t != 0; t >>= 1) ++bits;
  long top = bits - 1 - k;  // the binary exponent of q's leading bit
  int precision = top >= -1022 ? 53 : static_cast<int>(std::max<long>(0, 53 - (-1022 - top)));
  int drop = bits - precision;  // bits >= 64 > precision
  u128 kept = drop >= 128 ? 0 : q >> drop;
  u128 rest = drop >= 128 ? q : q & ((static_cast<u128>(1) << drop) - 1);
  u128 half = static_cast<u128>(1) << (drop - 1);
  if (rest > half || (rest == half && (sticky || (kept & 1) != 0))) ++kept;  // half to even
  if (top > 1100) return HUGE_VAL;  // far past the largest double (and past what ldexp's int exponent holds)
  return std::ldexp(static_cast<double>(kept), static_cast<int>(drop - k));
}

}  // namespace

void Signed::add(bool neg, const BigUint& m) {
  if (neg == negative || magnitude.is_zero()) {
    negative = magnitude.is_zero() ? neg : negative;
    magnitude += m;
  } else if (magnitude.compare(m) >= 0) {
    magnitude -= m;
  } else {
    BigUint rest = m;
    rest -= magnitude;
    magnitude = std::move(rest);
    negative = neg;
  }
  if (magnitude.is_zero()) negative = false;
}

double ratio_to_double(const BigUint& num, const BigUint& den) {
  if (num.is_zero()) return 0.0;
  long k = 65 - (static_cast<long>(num.bit_length()) - static_cast<long>(den.bit_length()));
  bool sticky = false;
  u128 q = scaled_quotient(num, den, k, sticky);
  return round_to_double(q, k, sticky);
}

double sqrt_ratio_to_double(const BigUint& num, const BigUint& den) {
  if (num.is_zero()) return 0.0;
  // floor(sqrt(num * 4^k / den)) has about 65 bits.
  long k = 65 - (static_cast<long>(num.bit_length()) - static_cast<long>(den.bit_length())) / 2;
  BigUint a = num, b = den, q, r;
  if (k >= 0)
    a.shift_left_bits(static_cast<std::size_t>(2 * k));
  else
    b.shift_left_bits(static_cast<std::size_t>(-2 * k));
  BigUint::divmod(a, b, q, r);
  BigUint root = q.isqrt();
  bool sticky = !r.is_zero() || !(root * root == q);
  bool ok = false;
  return round_to_double(root.to_u128(ok), k, sticky);
}

}  // namespace llplay
