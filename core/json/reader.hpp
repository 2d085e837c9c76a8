// The one way the lab reads JSON text: RapidJSON's iterative SAX reader, strict RFC 8259 and UTF-8.
#pragma once

#include <new>

// RapidJSON makes its stack's allocator with `new` when given none; this one cannot throw (see
// CountedAllocator), so nothing in the parse loop can.
#define RAPIDJSON_NEW(TypeName) new (std::nothrow) TypeName
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "../run_context.hpp"
#include "document.hpp"

namespace llplay::json_lab {

SyntaxError syntax_error_at(std::string_view text, std::size_t offset, std::string message);

/// A number as written: an int64, a uint64, a double, or (beyond those) kept as its text.
struct Number {
  enum Kind { integer, unsigned_integer, real, big } kind = big;
  std::int64_t i = 0;
  std::uint64_t u = 0;
  double d = 0;
};
Number read_number(std::string_view text);

// In an unnamed namespace on purpose: RapidJSON's reader templates are instantiated with this type,
// which gives them internal linkage, and only then does the compiler infer that they never throw
// (it will not for functions another file could replace). In wasm, a call that may throw out of
// the parse loop goes through a JavaScript trampoline, and there is one per token.
namespace {

/// The reader's own stack (a few bytes per nesting level, plus the token being read), allocated
/// with operator new so the lab's heap counter sees it. Nothing here throws. RapidJSON cannot take
/// a failed allocation back, so running out of memory here aborts (in the browser the bridge then
/// starts a fresh worker).
struct CountedAllocator {
  static const bool kNeedFree = true;
  static void* Malloc(std::size_t size) noexcept { return size ? allocate(size) : nullptr; }
  static void* Realloc(void* old, std::size_t old_size, std::size_t size) noexcept {
    if (size == 0) return Free(old), nullptr;
    void* fresh = allocate(size);
    if (old != nullptr) std::memcpy(fresh, old, old_size < size ? old_size : size);
    Free(old);
    return fresh;
  }
  static void Free(void* p) noexcept { ::operator delete(p); }
  static void* allocate(std::size_t size) noexcept {
    void* p = ::operator new(size, std::nothrow);
    if (p == nullptr) std::abort();
    return p;
  }
};

}  // namespace

/// No recursion (a million nested brackets are fine), UTF-8 checked, numbers delivered as written.
constexpr unsigned read_flags = rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag |
                                rapidjson::kParseNumbersAsStringsFlag;

/// Forwards every event to `inner`, and every 65,536 events reports progress (the share of the text
/// read) and honours cancel through `ctx`.
///
/// Its methods are noexcept (see CountedAllocator for why): an exception (Cancelled, bad_alloc, a
/// handler's own) is kept in `thrown`, reading stops, and read() rethrows it.
template <class Handler>
struct Progressing {
  Progressing(Handler& handler, RunContext& context, std::size_t text_size)
      : inner(handler), ctx(context), size(text_size) {}

  Handler& inner;
  RunContext& ctx;
  std::size_t size;
  const rapidjson::MemoryStream* stream = nullptr;  // set by read()
  std::uint32_t events = 0;
  std::exception_ptr thrown;

  template <class Event>
  bool guard(Event event) noexcept {
    try {
      if ((++events & 0xffff) == 0 && stream != nullptr)
        ctx.checkpoint(static_cast<double>(stream->Tell()) / static_cast<double>(size));
      return event();
    } catch (...) {
      thrown = std::current_exception();
      return false;
    }
  }
  bool Null() noexcept {
    return guard([&] { return inner.Null(); });
  }
  bool Bool(bool b) noexcept {
    return guard([&] { return inner.Bool(b); });
  }
  bool Int(int i) noexcept {
    return guard([&] { return inner.Int(i); });
  }
  bool Uint(unsigned u) noexcept {
    return guard([&] { return inner.Uint(u); });
  }
  bool Int64(std::int64_t i) noexcept {
    return guard([&] { return inner.Int64(i); });
  }
  bool Uint64(std::uint64_t u) noexcept {
    return guard([&] { return inner.Uint64(u); });
  }
  bool Double(double d) noexcept {
    return guard([&] { return inner.Double(d); });
  }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) noexcept {
    return guard([&] { return inner.RawNumber(s, n, copy); });
  }
  bool String(const char* s, rapidjson::SizeType n, bool copy) noexcept {
    return guard([&] { return inner.String(s, n, copy); });
  }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) noexcept {
    return guard([&] { return inner.Key(s, n, copy); });
  }
  bool StartObject() noexcept {
    return guard([&] { return inner.StartObject(); });
  }
  bool EndObject(rapidjson::SizeType n) noexcept {
    return guard([&] { return inner.EndObject(n); });
  }
  bool StartArray() noexcept {
    return guard([&] { return inner.StartArray(); });
  }
  bool EndArray(rapidjson::SizeType n) noexcept {
    return guard([&] { return inner.EndArray(n); });
  }
  void restart() { inner.restart(), thrown = nullptr; }
  void rethrow() const {
    if (thrown) std::rethrow_exception(thrown);
  }
};

/// Number tokens beyond the double range (1e400, or 400 digits), by their offset in the text.
using BigNumbers = std::unordered_map<std::size_t, std::string_view>;

/// Finds the out-of-range numbers and writes `patched`: the text with each replaced by "0" (or "-0")
/// and spaces to the same length, which RapidJSON accepts. Everything else is left as it was.
BigNumbers stand_in_for_big_numbers(std::string_view text, std::string& patched);

/// Forwards every event; a number that stands in for a big one is passed on as the original text.
template <class Handler>
struct RestoringBigNumbers {
  Handler& inner;
  const BigNumbers& originals;
  const rapidjson::MemoryStream* stream = nullptr;  // set by read_with()

  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) noexcept {
    auto it = originals.find(stream->Tell() - n);
    if (it == originals.end()) return inner.RawNumber(s, n, copy);
    return inner.RawNumber(it->second.data(), static_cast<rapidjson::SizeType>(it->second.size()), true);
  }
  bool Null() noexcept { return inner.Null(); }
  bool Bool(bool b) noexcept { return inner.Bool(b); }
  bool Int(int i) noexcept { return inner.Int(i); }
  bool Uint(unsigned u) noexcept { return inner.Uint(u); }
  bool Int64(std::int64_t i) noexcept { return inner.Int64(i); }
  bool Uint64(std::uint64_t u) noexcept { return inner.Uint64(u); }
  bool Double(double d) noexcept { return inner.Double(d); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) noexcept { return inner.String(s, n, copy); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) noexcept { return inner.Key(s, n, copy); }
  bool StartObject() noexcept { return inner.StartObject(); }
  bool EndObject(rapidjson::SizeType n) noexcept { return inner.EndObject(n); }
  bool StartArray() noexcept { return inner.StartArray(); }
  bool EndArray(rapidjson::SizeType n) noexcept { return inner.EndArray(n); }
};

/// One pass of RapidJSON's reader over `text`.
template <class Handler>
rapidjson::ParseResult read_with(std::string_view text, Handler& handler, std::size_t& consumed) {
  rapidjson::MemoryStream stream(text.data(), text.size());
  rapidjson::GenericReader<rapidjson::UTF8<>, rapidjson::UTF8<>, CountedAllocator> reader;
  if constexpr (requires { handler.stream; }) handler.stream = &stream;
  if constexpr (requires { handler.inner.stream; }) handler.inner.stream = &stream;
  rapidjson::ParseResult ok = reader.Parse<read_flags>(stream, handler);
  consumed = stream.Tell();
  return ok;
}

// llplay:source json.validate
/// Feeds `text` to a RapidJSON SAX `handler`; returns where the text stopped being JSON, if it did.
/// A handler that returns false stops the reading too (it says why in its own state).
///
/// RapidJSON refuses numbers beyond the double range even as text; RFC 8259 allows them, and the
/// lab keeps them as text. So when it reports "number too big", the handler restarts on a copy
/// with in-range stand-ins and gets the original numbers back (see RestoringBigNumbers).
template <class Handler>
std::optional<SyntaxError> read(std::string_view text, Handler& handler) {
  std::size_t consumed = 0;
  rapidjson::ParseResult ok = read_with(text, handler, consumed);
  if constexpr (requires { handler.rethrow(); }) handler.rethrow();
  if (!ok && ok.Code() == rapidjson::kParseErrorNumberTooBig) {
    std::string patched;
    BigNumbers originals = stand_in_for_big_numbers(text, patched);
    handler.restart();
    RestoringBigNumbers<Handler> restoring{handler, originals};
    ok = read_with(patched, restoring, consumed);
    if constexpr (requires { handler.rethrow(); }) handler.rethrow();
  }
  if (!ok) return syntax_error_at(text, ok.Offset(), rapidjson::GetParseError_En(ok.Code()));
  // RapidJSON reads a NUL byte as the end of the text: anything left is not JSON.
  if (consumed != text.size()) return syntax_error_at(text, consumed, "Invalid character (NUL).");
  return std::nullopt;
}
// llplay:end

}  // namespace llplay::json_lab
