// The Mersenne Twister MT19937 exactly as CPython's _randommodule.c runs it: seeding, tempering, and the
// two ways Python turns 32-bit outputs into numbers (random() and getrandbits()).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace llplay::chance {

/// MT19937's state: 624 words and the index of the next word to temper (624: regenerate first).
class Mt19937 {
 public:
  static constexpr int n = 624;
  static constexpr int m = 397;

  /// init_genrand(s): the reference seeding from one 32-bit word.
  void init_genrand(std::uint32_t s);
  /// init_by_array(key): what random.seed(int) does with the 32-bit words of abs(int), least
  /// significant first (one zero word for 0).
  void init_by_array(std::span<const std::uint32_t> key);
  /// Sets the state directly (as random.setstate and the recovery demo do).
  void set_state(const std::array<std::uint32_t, n>& words, int index) {
    mt_ = words;
    index_ = index;
  }

  /// genrand_uint32(): the next 32-bit output.
  std::uint32_t next() {
    if (index_ >= n) twist();
    ++outputs_;
    return temper(mt_[index_++]);
  }
  /// random(): 53 bits from two outputs, (a >> 5) * 2^26 + (b >> 6), divided by 2^53.
  double random() {
    std::uint32_t a = next() >> 5, b = next() >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
  }
  /// sum + random() + random() + ..., `count` calls added in order: the same bits as that loop, without
  /// its two index checks a call (the outputs between two twists are read straight from the state).
  double add_random(std::uint64_t count, double sum);
  /// getrandbits(k): k bits as little-endian 32-bit words (the last one shifted right to keep its top
  /// bits), as CPython fills its integer. k = 0 gives no words.
  std::vector<std::uint32_t> getrandbits(std::uint64_t k);

  const std::array<std::uint32_t, n>& words() const { return mt_; }
  int index() const { return index_; }
  /// 32-bit outputs produced since the last seeding (the cost of a call, in words).
  std::uint64_t outputs() const { return outputs_; }

  /// The tempering that turns a state word into an output, and its inverse.
  static std::uint32_t temper(std::uint32_t y) {
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
  }
  static std::uint32_t untemper(std::uint32_t y);

  /// Regenerates all 624 words (the "twist"); next() calls it every 624 outputs.
  void twist();

 private:
  std::array<std::uint32_t, n> mt_{};
  int index_ = n + 1;
  std::uint64_t outputs_ = 0;
};

}  // namespace llplay::chance
