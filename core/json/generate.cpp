// Payloads for the JSON lab: random chaotic ones and the deep-nesting exploit.
#include "generate.hpp"

#include <array>

#include "../splitmix.hpp"

namespace llplay::json_lab {

namespace {

/// SplitMix64, in the ints this generator wants.
struct Random {
  SplitMix64 mix;
  std::uint64_t next() { return mix.next(); }
  int below(int n) { return static_cast<int>(mix.below(static_cast<std::uint64_t>(n))); }
};

constexpr std::array<const char*, 16> names = {
    "id",   "type",    "user_email", "user",       "profile", "contact", "items",   "meta",
    "tags", "retries", "data",       "created_at", "amount",  "email",   "payload", "ok"};

// llplay:source json.generate
struct Writer {
  Random& rng;
  std::string& out;
  int max_depth;

  void string() {
    static const std::array<const char*, 10> pieces = {
        "ana@example.com", "ben@example.org", "caf\u00e9", "line\\nbreak", "quote \\\"q\\\"",
        "tab\\t",          "\\u00e9t\\u00e9", "日本語",    "emoji 🐍",      ""};
    out += '"';
    out += pieces[static_cast<std::size_t>(rng.below(10))];
    out += '"';
  }
  void number() {
    switch (rng.below(5)) {
      case 0:
        out += std::to_string(rng.below(1000));
        break;
      case 1:
        out += std::to_string(-static_cast<long long>(rng.next() % 1000000007));
        break;
      case 2:
        out += std::to_string(rng.below(100000)) + "." + std::to_string(rng.below(100));
        break;
      case 3:
        out += std::to_string(rng.below(10)) + "." + std::to_string(rng.below(1000)) + "e" +
               std::to_string(rng.below(40) - 20);
        break;
      default:
        out += std::to_string(rng.next() >> 1);
        break;  // large ints
    }
  }
  void name() {
    int pick = rng.below(40);
    if (pick == 0) {
      out += R"("user\u005femail")";  // user_email, spelled with an escape
    } else {
      out += '"';
      out += names[static_cast<std::size_t>(pick % static_cast<int>(names.size()))];
      out += '"';
    }
  }
  void value(int depth) {
    int pick = depth >= max_depth ? rng.below(6) : rng.below(9);
    switch (pick) {
      case 0:
      case 1:
        string();
        break;
      case 2:
        number();
        break;
      case 3:
        out += rng.below(2) ? "true" : "false";
        break;
      case 4:
        out += "null";
        break;
      case 5:
        number();
        break;
      case 6:
      case 7:
        object(depth + 1);
        break;
      default:
        array(depth + 1);
        break;
    }
  }
  void object(int depth) {
    out += '{';
    int members = rng.below(6);
    for (int i = 0; i < members; ++i) {
      if (i) out += ", ";
      name();
      out += ": ";
      value(depth);
    }
    out += '}';
  }
  void array(int depth) {
    out += '[';
    int items = rng.below(5);
    for (int i = 0; i < items; ++i) {
      if (i) out += ", ";
      value(depth);
    }
    out += ']';
  }
};

// llplay:end

}  // namespace

// llplay:source json.generate
std::string random_payload(std::size_t bytes, int max_depth, std::uint64_t seed, RunContext& ctx) {
  Random rng{{seed}};
  std::string out;
  out.reserve(bytes + 4096);
  Writer w{rng, out, max_depth};
  out += "[";
  for (int n = 0; out.size() < bytes; ++n) {
    if (n) out += ",\n ";
    out += R"({"event": "user.updated", "user_email": )";
    w.string();
    out += R"(, "data": )";
    w.object(2);
    if (rng.below(4) == 0)
      out += R"(, "user_email": {"user_email": "nested@example.com"})";  // a match inside a match
    out += "}";
    if ((n & 1023) == 0) ctx.checkpoint(static_cast<double>(out.size()) / static_cast<double>(bytes));
  }
  out += "]";
  return out;
}

std::string exploit_payload(std::int64_t depth) {
  std::string out;
  out.reserve(static_cast<std::size_t>(depth) * 7 + 1);
  for (std::int64_t i = 0; i < depth; ++i) out += "{\"a\": ";
  out += "1";
  out.append(static_cast<std::size_t>(depth), '}');
  return out;
}
// llplay:end

}  // namespace llplay::json_lab
