// The Mersenne Twister MT19937 exactly as CPython's _randommodule.c runs it.
#include "mt19937.hpp"

namespace llplay::chance {

// llplay:source random.draw
void Mt19937::init_genrand(std::uint32_t s) {
  mt_[0] = s;
  for (int i = 1; i < n; ++i)
    mt_[i] = 1812433253u * (mt_[i - 1] ^ (mt_[i - 1] >> 30)) + static_cast<std::uint32_t>(i);
  index_ = n;
  outputs_ = 0;
}

void Mt19937::init_by_array(std::span<const std::uint32_t> key) {
  init_genrand(19650218u);
  std::size_t i = 1, j = 0, length = key.size();
  for (std::size_t k = n > length ? n : length; k > 0; --k) {
    mt_[i] =
        (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1664525u)) + key[j] + static_cast<std::uint32_t>(j);
    ++i, ++j;
    if (i >= n) mt_[0] = mt_[n - 1], i = 1;
    if (j >= length) j = 0;
  }
  for (std::size_t k = n - 1; k > 0; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1566083941u)) - static_cast<std::uint32_t>(i);
    ++i;
    if (i >= n) mt_[0] = mt_[n - 1], i = 1;
  }
  mt_[0] = 0x80000000u;  // the most significant bit is set: the state is never all zeros
}

void Mt19937::twist() {
  constexpr std::uint32_t upper = 0x80000000u, lower = 0x7fffffffu, matrix = 0x9908b0dfu;
  auto mix = [&](int k, int next, int far) {  // word k from itself, word k + 1 and word k + m (mod n)
    std::uint32_t y = (mt_[k] & upper) | (mt_[next] & lower);
    mt_[k] = mt_[far] ^ (y >> 1) ^ ((y & 1u) ? matrix : 0u);
  };
  // Three stretches, as in CPython, so no index wraps around inside a loop.
  int k = 0;
  for (; k < n - m; ++k) mix(k, k + 1, k + m);
  for (; k < n - 1; ++k) mix(k, k + 1, k + m - n);
  mix(n - 1, 0, m - 1);
  index_ = 0;
}

std::vector<std::uint32_t> Mt19937::getrandbits(std::uint64_t k) {
  std::vector<std::uint32_t> words;
  if (k == 0) return words;
  if (k <= 32) {
    words.push_back(next() >> (32 - k));
    return words;
  }
  words.reserve((k - 1) / 32 + 1);
  for (; k > 0; k = k >= 32 ? k - 32 : 0) {
    std::uint32_t r = next();
    if (k < 32) r >>= (32 - k);  // the last word keeps its top k bits
    words.push_back(r);
  }
  return words;
}
// llplay:end

// llplay:source random.recover
std::uint32_t Mt19937::untemper(std::uint32_t y) {
  // The four tempering steps undone in reverse order. A step y ^= y >> 18 is its own inverse (the
  // shifted bits are ones it left alone); so is y ^= (y << 15) & mask, as the mask has no bit below 15.
  y ^= y >> 18;
  y ^= (y << 15) & 0xefc60000u;
  // y ^= (y << 7) & mask: the low 7 bits are exact, and each pass fixes 7 more.
  std::uint32_t x = y;
  for (int i = 0; i < 5; ++i) x = y ^ ((x << 7) & 0x9d2c5680u);
  // y ^= y >> 11: the top 11 bits are exact, and each pass fixes 11 more.
  std::uint32_t z = x;
  for (int i = 0; i < 3; ++i) z = x ^ (z >> 11);
  return z;
}
// llplay:end

}  // namespace llplay::chance
