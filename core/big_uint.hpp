// Unsigned big integers in base 10^9: the coefficients of the Decimal engine and exact rationals.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace llplay {

__extension__ typedef unsigned __int128 u128;  // GCC and clang, natively and in wasm

namespace detail {

/// A vector of limbs that keeps up to six inline (54 digits: more than Python's default 28-digit
/// precision), so everyday Decimal arithmetic allocates nothing.
class Limbs {
 public:
  Limbs() = default;
  Limbs(const Limbs& other) { copy_from(other); }
  Limbs(Limbs&& other) noexcept { take_from(other); }
  Limbs& operator=(const Limbs& other) {
    if (this != &other) copy_from(other);
    return *this;
  }
  Limbs& operator=(Limbs&& other) noexcept {
    if (this != &other) {
      release();
      take_from(other);
    }
    return *this;
  }
  ~Limbs() { release(); }

  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return capacity_; }
  bool empty() const { return size_ == 0; }
  std::uint32_t* begin() { return data_; }
  std::uint32_t* end() { return data_ + size_; }
  const std::uint32_t* begin() const { return data_; }
  const std::uint32_t* end() const { return data_ + size_; }
  std::uint32_t& operator[](std::size_t i) { return data_[i]; }
  std::uint32_t operator[](std::size_t i) const { return data_[i]; }
  std::uint32_t back() const { return data_[size_ - 1]; }
  void pop_back() { --size_; }
  void clear() { size_ = 0; }
  void push_back(std::uint32_t v) {
    reserve(size_ + 1);
    data_[size_++] = v;
  }
  /// push_back and resize when the capacity is known to suffice.
  void push_within(std::uint32_t v) noexcept { data_[size_++] = v; }
  /// Becomes {low, high}, {low} or {} (no zero limb on top): there is always room for two limbs.
  void assign_two(std::uint32_t low, std::uint32_t high) noexcept {
    data_[0] = low, data_[1] = high;
    size_ = high != 0 ? 2 : low != 0;
  }
  void resize_within(std::size_t n) noexcept {
    if (n > size_) std::fill(data_ + size_, data_ + n, 0u);
    size_ = static_cast<std::uint32_t>(n);
  }
  /// Grows or shrinks to n limbs; new limbs are zero.
  void resize(std::size_t n) {
    reserve(n);
    if (n > size_) std::fill(data_ + size_, data_ + n, 0u);
    size_ = static_cast<std::uint32_t>(n);
  }
  void assign_zeros(std::size_t n) {
    size_ = 0;
    resize(n);
  }
  /// Puts `count` zero limbs in front (multiplies by base^count).
  void insert_front_zeros(std::size_t count) {
    std::size_t old = size_;
    reserve(old + count);
    std::memmove(data_ + count, data_, old * sizeof *data_);
    std::fill(data_, data_ + count, 0u);
    size_ = static_cast<std::uint32_t>(old + count);
  }
  /// Drops the first `count` limbs (divides by base^count).
  void erase_front(std::size_t count) noexcept {
    count = std::min<std::size_t>(count, size_);
    std::memmove(data_, data_ + count, (size_ - count) * sizeof *data_);
    size_ -= static_cast<std::uint32_t>(count);
  }
  void reserve(std::size_t n) {
    if (n > capacity_) grow(n);  // the only call that can throw (bad_alloc), and a rare one
  }
  bool operator==(const Limbs& other) const {
    return size_ == other.size_ && std::equal(data_, data_ + size_, other.data_);
  }

 private:
  static constexpr std::uint32_t inline_capacity = 6;
  void grow(std::size_t n);
  void release() {
    if (data_ != inline_) delete[] data_;
    data_ = inline_;
    capacity_ = inline_capacity;
  }
  void copy_from(const Limbs& other) {
    size_ = 0;
    if (other.size_ <= inline_capacity && data_ == inline_) {
      // The common case, copied whole: a fixed-size copy is a few loads and stores, where a copy of
      // size_ limbs is a call to memcpy (in wasm, a slow one for a few bytes).
      std::memcpy(inline_, other.data_, sizeof inline_);
    } else {
      reserve(other.size_);
      std::memcpy(data_, other.data_, other.size_ * sizeof *data_);
    }
    size_ = other.size_;
  }
  void take_from(Limbs& other) {
    if (other.data_ == other.inline_) {
      std::memcpy(inline_, other.inline_, sizeof inline_);
      data_ = inline_;
      capacity_ = inline_capacity;
    } else {
      data_ = other.data_;
      capacity_ = other.capacity_;
      other.data_ = other.inline_;
      other.capacity_ = inline_capacity;
    }
    size_ = other.size_;
    other.size_ = 0;
  }

  std::uint32_t* data_ = inline_;
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = inline_capacity;
  std::uint32_t inline_[inline_capacity] = {};
};

}  // namespace detail

/// A non-negative integer as little-endian limbs of 9 decimal digits each (no leading zero limbs;
/// zero has no limbs). Base 10^9 makes digit counts, decimal shifts and printing cheap.
class BigUint {
 public:
  static constexpr std::uint32_t base = 1000000000;
  static constexpr int limb_digits = 9;

  BigUint() = default;
  BigUint(std::uint64_t value);  // NOLINT(google-explicit-constructor): integers convert naturally
  /// The value's two limbs, low and high, when it is below 10^18 (has at most two); false otherwise.
  bool two_limbs(std::uint32_t& low, std::uint32_t& high) const noexcept {
    std::size_t n = limbs_.size();
    low = n > 0 ? limbs_[0] : 0;
    high = n > 1 ? limbs_[1] : 0;
    return n <= 2;
  }
  /// Sets the value to high * 10^9 + low (both below 10^9) without allocating. Never throws.
  void assign_two_limbs(std::uint32_t low, std::uint32_t high) noexcept { limbs_.assign_two(low, high); }
  /// high * 10^9 + low (both below 10^9).
  static BigUint from_two_limbs(std::uint32_t low, std::uint32_t high) noexcept {
    BigUint value;
    value.limbs_.assign_two(low, high);
    return value;
  }
  /// Decimal digits of high * 10^9 + low, as digits() counts them.
  static std::size_t digits_of(std::uint32_t low, std::uint32_t high) noexcept {
    return high != 0 ? limb_digits + limb_digits_of(high) : limb_digits_of(low);
  }

  /// From decimal digits only ("000123" is 123). The caller checks the characters.
  static BigUint from_digits(std::string_view digits);
  /// 10^k.
  static BigUint pow10(std::size_t k);
  /// 5^k.
  static BigUint pow5(std::size_t k);

  std::string to_string() const;
  bool is_zero() const noexcept { return limbs_.empty(); }
  /// Decimal digits, 1 for zero.
  std::size_t digits() const noexcept {
    if (limbs_.empty()) return 1;
    return (limbs_.size() - 1) * limb_digits + limb_digits_of(limbs_.back());
  }
  /// Decimal digits of one limb (below 10^9), 1 for zero.
  static std::size_t limb_digits_of(std::uint32_t limb) noexcept {
    // eight independent comparisons, not a chain of multiplies
    return 1 + (limb >= 10) + (limb >= 100) + (limb >= 1000) + (limb >= 10000) + (limb >= 100000) +
           (limb >= 1000000) + (limb >= 10000000) + (limb >= 100000000);
  }
  /// How many trailing decimal zeros (0 for zero).
  std::size_t trailing_zeros() const noexcept;
  /// The last decimal digit.
  unsigned last_digit() const noexcept { return limbs_.empty() ? 0 : limbs_[0] % 10; }
  /// The value when it is below 2^64; `ok` says whether it was.
  std::uint64_t to_u64(bool& ok) const noexcept;
  /// The value when it is below 2^128; `ok` says whether it was.
  u128 to_u128(bool& ok) const noexcept;
  /// floor(log2(value)) + 1, 0 for zero.
  std::size_t bit_length() const;

  int compare(const BigUint& other) const noexcept {
    if (limbs_.size() != other.limbs_.size()) return limbs_.size() < other.limbs_.size() ? -1 : 1;
    for (std::size_t i = limbs_.size(); i-- > 0;) {
      if (limbs_[i] != other.limbs_[i]) return limbs_[i] < other.limbs_[i] ? -1 : 1;
    }
    return 0;
  }
  bool operator==(const BigUint& other) const { return limbs_ == other.limbs_; }

  BigUint& operator+=(const BigUint& other) {
    limbs_.reserve(std::max(limbs_.size(), other.limbs_.size()) + 1);  // the only step that can throw
    add_fitting(other);
    return *this;
  }
  /// *this += other, when there is room for one limb more than the longer of the two: then it
  /// never allocates, and never throws.
  void add_fitting(const BigUint& other) noexcept {
    if (limbs_.size() < other.limbs_.size()) limbs_.resize_within(other.limbs_.size());
    std::uint32_t carry = 0;
    for (std::size_t i = 0; i < limbs_.size(); ++i) {
      std::uint32_t sum = limbs_[i] + carry + (i < other.limbs_.size() ? other.limbs_[i] : 0);
      carry = sum >= base;
      limbs_[i] = carry ? sum - base : sum;
      if (!carry && i >= other.limbs_.size()) break;
    }
    if (carry) limbs_.push_within(1);
  }
  /// Requires *this >= other (throws std::logic_error otherwise).
  BigUint& operator-=(const BigUint& other);
  /// *this -= other when *this >= other is known. Never throws.
  void subtract_smaller(const BigUint& other) noexcept;
  BigUint& mul_small(std::uint32_t factor);
  BigUint& add_small(std::uint32_t addend);
  friend BigUint operator*(const BigUint& a, const BigUint& b);
  /// Multiplies by 2^k.
  BigUint& shift_left_bits(std::size_t k);

  /// Multiplies by 10^k.
  BigUint& shift_left_digits(std::size_t k);
  /// Divides by 10^k, truncating. Returns libmpdec's rounding indicator for what was dropped: the
  /// first dropped digit (0-9), plus one when that digit is 0 or 5 and a later dropped digit is not 0.
  /// So 0 means exact, 5 exactly half, 1-4 below half and 6-9 above it.
  int shift_right_digits(std::size_t k) noexcept;

  /// q = a / b, r = a % b. b must not be zero.
  static void divmod(const BigUint& a, const BigUint& b, BigUint& q, BigUint& r);
  /// Divides in place by a small divisor; returns the remainder.
  std::uint32_t divmod_small(std::uint32_t divisor) noexcept;
  /// floor(sqrt(value)).
  BigUint isqrt() const;

 private:
  void trim() noexcept {
    while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
  }
  detail::Limbs limbs_;
};

inline bool operator<(const BigUint& a, const BigUint& b) { return a.compare(b) < 0; }

/// A signed big integer: a sign and a magnitude, enough for exact sums of scaled numbers (the statistics of
/// the floats and chance labs). Zero is never negative, as Python's ints have no -0.
struct Signed {
  bool negative = false;
  BigUint magnitude;
  /// *this += (neg ? -m : m).
  void add(bool neg, const BigUint& m);
};

/// num / den (den > 0) correctly rounded to a double, half to even, as Python's int / int and float(Fraction)
/// give it; +inf past the largest double (Python raises OverflowError there: callers decide).
double ratio_to_double(const BigUint& num, const BigUint& den);

/// sqrt(num / den) (den > 0) correctly rounded to a double.
double sqrt_ratio_to_double(const BigUint& num, const BigUint& den);

}  // namespace llplay
