// Python's random module on top of MT19937: seeding from ints and strings, and every method of
// random.Random that random.draw offers, each returning what CPython 3.10-3.13 returns.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../run_context.hpp"
#include "mt19937.hpp"

namespace llplay::chance {

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

/// The largest seed random.draw takes, in decimal digits (a coded LimitExceeded above).
constexpr std::size_t max_seed_digits = 10000;
/// The largest k of getrandbits(k) (a coded LimitExceeded above): about 30,000 decimal digits.
constexpr std::uint64_t max_random_bits = 100000;

/// The key random.seed(n) passes to init_by_array: the 32-bit words of abs(n), least significant
/// first; one zero word for 0. `decimal` is an optional sign and digits (single underscores between
/// digits allowed, as int() reads them). Throws ValueError for other text, LimitExceeded past
/// max_seed_digits digits.
std::vector<std::uint32_t> int_seed_key(std::string_view decimal);

/// The key random.seed(text) uses (version 2): the words of int.from_bytes(b + sha512(b).digest(), "big")
/// where b is the text's UTF-8 bytes.
std::vector<std::uint32_t> text_seed_key(std::string_view utf8);

/// What random.seed() with no argument uses: 624 words of operating-system randomness (os.urandom in
/// CPython; std::random_device here, which is crypto.getRandomValues in the browser).
std::vector<std::uint32_t> entropy_seed_key();

/// The decimal digits of a non-negative integer given as little-endian 32-bit words.
std::string words_to_decimal(const std::vector<std::uint32_t>& words);

/// One value of Python's as the demo passes it: None, bool, int (|n| < 2**120), float, str (ASCII) or
/// list. `args` arrive as JSON: integers become ints, numbers with a point or exponent floats.
struct PyValue {
  enum class Kind { none, boolean, integer, floating, string, list };
  Kind kind = Kind::none;
  i128 integer = 0;  ///< bool and int
  double floating = 0;
  std::string text;
  std::vector<PyValue> items;

  /// From JSON (depth-limited by the registry's value type). Throws BadParams naming `what`.
  static PyValue from_json(const nlohmann::json& value, const std::string& what, int depth = 0);
  /// repr() as CPython prints it.
  std::string repr() const;
};

/// Keyword arguments, in the order given.
using Keywords = std::vector<std::pair<std::string, PyValue>>;

/// The most items one call of sample() or choices() may return (a coded LimitExceeded above).
constexpr std::size_t max_draw_items = 1000000;

/// What a run of `count` calls of one method gave.
struct Draw {
  std::vector<std::string> values;  ///< repr() of each call's result (shuffle: of the list after it)
  std::uint64_t outputs = 0;        ///< 32-bit outputs of MT19937 the calls used
};

/// Calls `fn(*args, **keywords)` `count` times on `gen` (a generator seeded as random.Random(seed) would be)
/// as CPython 3.`minor` does. Errors are CPython's exception names (ValueError, TypeError, IndexError,
/// ZeroDivisionError, OverflowError, AttributeError for a method the version lacks); LimitExceeded past
/// `max_bytes` of values or `max_outputs` words.
Draw draw(Mt19937& gen, const std::string& fn, const std::vector<PyValue>& args, const Keywords& keywords,
          std::size_t count, int minor, std::size_t max_bytes, std::uint64_t max_outputs, RunContext& ctx);

}  // namespace llplay::chance
