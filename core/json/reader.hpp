// The one way the lab reads JSON text: RapidJSON's iterative SAX reader, strict RFC 8259 and UTF-8.
#pragma once

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <cstdint>
#include <cstring>
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

/// The reader's own stack, allocated with operator new so the lab's heap counter sees it.
struct CountedAllocator {
  static const bool kNeedFree = true;
  void* Malloc(std::size_t size) { return size ? ::operator new(size) : nullptr; }
  void* Realloc(void* old, std::size_t old_size, std::size_t size) {
    if (size == 0) return Free(old), nullptr;
    void* fresh = ::operator new(size);
    if (old != nullptr) std::memcpy(fresh, old, old_size < size ? old_size : size);
    Free(old);
    return fresh;
  }
  static void Free(void* p) { ::operator delete(p); }
};

/// No recursion (a million nested brackets are fine), UTF-8 checked, numbers delivered as written.
constexpr unsigned read_flags = rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag |
                                rapidjson::kParseNumbersAsStringsFlag;

/// Forwards every event to `inner`, and every 65,536 events reports progress (the share of the text
/// read) and honours cancel through `ctx`.
template <class Handler>
struct Progressing {
  Handler& inner;
  RunContext& ctx;
  std::size_t size;
  const rapidjson::MemoryStream* stream = nullptr;  // set by read()
  std::uint32_t events = 0;

  bool tick() {
    if ((++events & 0xffff) == 0 && stream != nullptr)
      ctx.checkpoint(static_cast<double>(stream->Tell()) / static_cast<double>(size));
    return true;
  }
  bool Null() { return tick() && inner.Null(); }
  bool Bool(bool b) { return tick() && inner.Bool(b); }
  bool Int(int i) { return tick() && inner.Int(i); }
  bool Uint(unsigned u) { return tick() && inner.Uint(u); }
  bool Int64(std::int64_t i) { return tick() && inner.Int64(i); }
  bool Uint64(std::uint64_t u) { return tick() && inner.Uint64(u); }
  bool Double(double d) { return tick() && inner.Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) {
    return tick() && inner.RawNumber(s, n, copy);
  }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return tick() && inner.String(s, n, copy); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return tick() && inner.Key(s, n, copy); }
  bool StartObject() { return tick() && inner.StartObject(); }
  bool EndObject(rapidjson::SizeType n) { return inner.EndObject(n); }
  bool StartArray() { return tick() && inner.StartArray(); }
  bool EndArray(rapidjson::SizeType n) { return inner.EndArray(n); }
  void restart() { inner.restart(); }
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

  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) {
    auto it = originals.find(stream->Tell() - n);
    if (it == originals.end()) return inner.RawNumber(s, n, copy);
    return inner.RawNumber(it->second.data(), static_cast<rapidjson::SizeType>(it->second.size()), true);
  }
  bool Null() { return inner.Null(); }
  bool Bool(bool b) { return inner.Bool(b); }
  bool Int(int i) { return inner.Int(i); }
  bool Uint(unsigned u) { return inner.Uint(u); }
  bool Int64(std::int64_t i) { return inner.Int64(i); }
  bool Uint64(std::uint64_t u) { return inner.Uint64(u); }
  bool Double(double d) { return inner.Double(d); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return inner.String(s, n, copy); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return inner.Key(s, n, copy); }
  bool StartObject() { return inner.StartObject(); }
  bool EndObject(rapidjson::SizeType n) { return inner.EndObject(n); }
  bool StartArray() { return inner.StartArray(); }
  bool EndArray(rapidjson::SizeType n) { return inner.EndArray(n); }
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
  if (!ok && ok.Code() == rapidjson::kParseErrorNumberTooBig) {
    std::string patched;
    BigNumbers originals = stand_in_for_big_numbers(text, patched);
    handler.restart();
    RestoringBigNumbers<Handler> restoring{handler, originals};
    ok = read_with(patched, restoring, consumed);
  }
  if (!ok) return syntax_error_at(text, ok.Offset(), rapidjson::GetParseError_En(ok.Code()));
  // RapidJSON reads a NUL byte as the end of the text: anything left is not JSON.
  if (consumed != text.size()) return syntax_error_at(text, consumed, "Invalid character (NUL).");
  return std::nullopt;
}

}  // namespace llplay::json_lab
