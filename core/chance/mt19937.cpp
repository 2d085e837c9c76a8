// The Mersenne Twister MT19937 exactly as CPython's _randommodule.c runs it.
#include "mt19937.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

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

namespace {

// Two state words as the halves of one 64-bit word, the first in the low half (both targets are
// little-endian), and a 32-bit mask in both halves. The twist and add_random handle a pair of words at
// once this way: what g++ does for the twist natively with SSE2 vectors, written out for wasm, which has
// no vectors without -msimd128. Every mask below keeps the bits one half shifts out of the other.
static_assert(std::endian::native == std::endian::little);
std::uint64_t two_words(const std::uint32_t* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
void put_two_words(std::uint32_t* p, std::uint64_t v) { std::memcpy(p, &v, sizeof v); }
constexpr std::uint64_t both(std::uint32_t mask) { return mask * 0x0000000100000001ull; }

}  // namespace

void Mt19937::twist() {
  constexpr std::uint32_t upper = 0x80000000u, lower = 0x7fffffffu, matrix = 0x9908b0dfu;
  auto mix = [&](int k, int next, int far) {  // word k from itself, word k + 1 and word k + m (mod n)
    std::uint32_t y = (mt_[k] & upper) | (mt_[next] & lower);
    mt_[k] = mt_[far] ^ (y >> 1) ^ ((y & 1u) ? matrix : 0u);
  };
  std::uint32_t* w = mt_.data();
  auto mix_two = [&](int k, int far) {  // mix(k, k + 1, far) and mix(k + 1, k + 2, far + 1) at once
    std::uint64_t y = (two_words(w + k) & both(upper)) | (two_words(w + k + 1) & both(lower));
    put_two_words(w + k, two_words(w + far) ^ ((y >> 1) & both(lower)) ^ ((y & both(1)) * matrix));
  };
  // Three stretches, as in CPython, so no index wraps around inside a loop; words two at a time.
  int k = 0;
  for (; k + 2 <= n - m; k += 2) mix_two(k, k + m);
  for (; k < n - m; ++k) mix(k, k + 1, k + m);
  for (; k + 2 <= n - 1; k += 2) mix_two(k, k + m - n);
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

// llplay:source random.speed
double Mt19937::add_random(std::uint64_t count, double sum) {
  while (count > 0) {
    if (index_ >= n) twist();
    // The pairs of words left before the next twist (none if one word is left: getrandbits(32) made
    // the index odd, and that call of random() takes one word from each side of the twist).
    std::uint64_t pairs = std::min<std::uint64_t>(count, static_cast<std::uint64_t>(n - index_) / 2);
    if (pairs == 0) {
      sum += random();
      --count;
      continue;
    }
    const std::uint32_t* words = mt_.data() + index_;
    for (std::uint64_t i = 0; i < pairs; ++i) {
      std::uint64_t y = two_words(words + 2 * i);  // both words tempered at once, as temper() does one
      y ^= (y >> 11) & both(0x001fffffu);
      y ^= (y << 7) & both(0x9d2c5680u);
      y ^= (y << 15) & both(0xefc60000u);
      y ^= (y >> 18) & both(0x00003fffu);
      // random(): a = first >> 5, b = second >> 6, (a * 2^26 + b) / 2^53; below 2^53, so exact as one
      // integer (a * 2^26 is the first word with its low 5 bits cleared, shifted left by 21).
      std::uint64_t ab = (y & 0xffffffe0u) << 21 | y >> 38;
      sum += static_cast<double>(static_cast<std::int64_t>(ab)) * (1.0 / 9007199254740992.0);
    }
    index_ += static_cast<int>(2 * pairs);
    outputs_ += 2 * pairs;
    count -= pairs;
  }
  return sum;
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
