// JSON text read with RapidJSON's iterative SAX reader: validation with line and column, and a
// compact DOM ("tape") that keeps member order and duplicate names, as the document has them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../run_context.hpp"

namespace llplay::json_lab {

using json = nlohmann::json;

/// Where the text stopped being JSON.
struct SyntaxError {
  std::size_t offset = 0;            ///< in bytes
  std::size_t line = 1, column = 1;  ///< 1-based; the column counts characters, not bytes
  std::string message;

  /// "line L, column C: message"
  std::string describe() const;
};

/// Reads the whole text as RFC 8259 JSON (UTF-8, one value, nothing after it). Returns the error, or
/// nothing when the text is valid. Never recurses, whatever the nesting.
std::optional<SyntaxError> validate(std::string_view text);

/// Bytes appended back to back. Its append is inline: a vector's insert is an out-of-line call that
/// may throw, and in wasm every such call made where an exception could be caught takes a round trip
/// through JavaScript. Only growing (rarely) is a call.
class TextBuffer {
 public:
  void append(const char* s, std::size_t n) {
    if (capacity_ - size_ < n) grow(n);
    char* to = data_.get() + size_;
    // Most strings here are short. A memcpy of unknown length is a call to the C library, and in wasm
    // that is musl's byte-by-byte loop until aligned; copies of a fixed 8, 4 or 1 bytes are inline
    // loads and stores. Up to 16 bytes: two copies that may overlap.
    if (n >= 8 && n <= 16) {
      std::memcpy(to, s, 8);
      std::memcpy(to + n - 8, s + n - 8, 8);
    } else if (n >= 4 && n < 8) {
      std::memcpy(to, s, 4);
      std::memcpy(to + n - 4, s + n - 4, 4);
    } else if (n < 4) {
      for (std::size_t i = 0; i < n; ++i) to[i] = s[i];
    } else {
      std::memcpy(to, s, n);
    }
    size_ += n;
  }
  const char* data() const { return data_.get(); }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  /// The capacity appending `n` more bytes would leave it with (its own, when they fit).
  std::size_t capacity_for(std::size_t n) const {
    return capacity_ - size_ >= n ? capacity_ : std::max({capacity_ * 2, size_ + n, std::size_t{4096}});
  }
  void clear() { size_ = 0; }

 private:
  void grow(std::size_t n);
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0, capacity_ = 0;
};

/// Text in Tape::text.
struct Span {
  std::uint32_t offset, length;
};

/// One value or member name in a Tape.
struct Entry {
  enum Kind : std::uint8_t { null, boolean, number, string, key, array, object };
  Kind kind = null;
  std::uint32_t end = 0;  ///< containers: the index just past their last child
  union {
    bool b;
    Span s;  ///< strings and keys (unescaped); numbers as written, read only if they are returned
  };
};

/// The document as a flat array in document order: containers are followed by their children, an
/// object's children alternate key, value. 16 bytes a value, strings in one shared buffer.
struct Tape {
  std::vector<Entry> entries;
  TextBuffer text;        ///< every string, name and number, back to back
  std::size_t depth = 0;  ///< the deepest container nesting

  /// Bytes the tape holds (its capacities, not just what is used).
  std::size_t bytes() const { return entries.capacity() * sizeof(Entry) + text.capacity(); }

  std::string_view string_at(const Entry& e) const { return {text.data() + e.s.offset, e.s.length}; }
  /// entries[i] as JSON: big numbers as their text, objects as JSON objects (a repeated name keeps
  /// its last value, as Python's dict does). Throws Error{LimitExceeded} past `max_depth` or `max_nodes`.
  json to_json(std::uint32_t i, std::size_t max_depth, std::size_t& max_nodes) const;
};

/// The memory budget of a tree (the tape, and the stack of open containers while it is built, counted at
/// their peaks: while a buffer grows, its old and its new copy both count). A document whose tree would take
/// more stops with Error{LimitExceeded} before the memory is asked for. A 128 MB document of plain values
/// ("[0,0,...]": 64 million values, 16 bytes each) needs more; the streaming engine reads it with no tree.
constexpr std::size_t max_tree_bytes = std::size_t{768} << 20;

/// Error{LimitExceeded} naming the budget: `what` is what would have passed it.
[[noreturn]] void tree_over_budget(const std::string& what, std::size_t budget);

/// Parses text into a Tape. Throws Error{ParseError} with "line L, column C: ...", Error{LimitExceeded}
/// where the tape would pass `budget` (tests pass a smaller one). Reports progress and honours cancel
/// through `ctx`.
Tape parse(std::string_view text, RunContext& ctx, std::size_t budget = max_tree_bytes);

/// A number as JSON, from its text: an integer if it fits 64 bits, else a double if it is in range
/// (correctly rounded, like Python's float()), else the text itself.
json number_json(std::string_view text);

/// Deepest nesting a matched value may have to be returned, and values returned in all: printing
/// JSON recurses, so deeper values are refused with LimitExceeded instead.
constexpr std::size_t max_value_depth = 512;
constexpr std::size_t max_returned_nodes = 5000000;

}  // namespace llplay::json_lab
