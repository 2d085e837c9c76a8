// Three engines that find every value of a member name.
#include "engines.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>

#include "../error.hpp"
#include "../heap.hpp"
#include "../stack.hpp"
#include "../timing.hpp"
#include "reader.hpp"

namespace llplay::json_lab {

namespace {

using stack::platform;

bool is_container(const Entry& e) { return e.kind == Entry::array || e.kind == Entry::object; }

/// The matched values, from the tape, as JSON.
json values_at(const Tape& tape, const std::vector<std::uint32_t>& at) {
  json out = json::array();
  std::size_t budget = max_returned_nodes;
  for (std::uint32_t i : at) out.push_back(tape.to_json(i, max_value_depth, budget));
  return out;
}

// llplay:source json.extract json.compare
/// The recursive engine, as the series writes extract_emails: a walk that hands every child to a
/// clone of itself. Guarded like every recursion here: a soft limit, then the physical stack.
struct RecursiveWalk {
  const Tape& tape;
  std::string_view key;
  std::int64_t max_depth;
  std::vector<std::uint32_t> matches;
  std::int64_t nodes = 0, deepest = 0;
  stack::Stop stop = stack::Stop::none;
  std::uintptr_t top = 0, low = UINTPTR_MAX;
};

std::uint32_t walk(RecursiveWalk& w, std::uint32_t i, std::int64_t depth) {
  ++w.nodes;
  const Entry& e = w.tape.entries[i];
  if (!is_container(e)) return i + 1;
  if (depth > w.max_depth) {
    w.stop = stack::Stop::soft_limit;  // CPython: RecursionError
    return e.end;
  }
  if (platform().free_bytes() < stack::guard_reserve) {
    w.stop = stack::Stop::stack;  // CPython, with its limit raised: a crash
    return e.end;
  }
  std::uintptr_t here = platform().position();
  w.top = std::max(w.top, here), w.low = std::min(w.low, here), w.deepest = std::max(w.deepest, depth);
  for (std::uint32_t j = i + 1; j < e.end && w.stop == stack::Stop::none;) {
    if (e.kind == Entry::object) {
      if (w.tape.string_at(w.tape.entries[j]) == w.key) w.matches.push_back(j + 1);
      ++j;  // past the member name, to its value
    }
    j = walk(w, j, depth + 1);
  }
  return e.end;
}

/// The iterative engine: the same walk, in the same order, with the pending work on an explicit stack.
void walk_explicitly(const Tape& tape, std::string_view key, std::vector<std::uint32_t>& matches,
                     Extraction& out, std::size_t budget) {
  struct Open {
    std::uint32_t next, end;
    bool object;
  };
  std::vector<Open> stack;
  // The stack, at the document's depth, counts against the tree's budget: reserved once, so never copied.
  if (tape.bytes() + tape.depth * sizeof(Open) > budget)
    tree_over_budget("with the walk's stack, nested " + std::to_string(tape.depth) + " deep", budget);
  stack.reserve(tape.depth);
  auto visit = [&](std::uint32_t i) {
    ++out.nodes;
    const Entry& e = tape.entries[i];
    if (!is_container(e)) return i + 1;
    stack.push_back({i + 1, e.end, e.kind == Entry::object});
    out.max_depth = std::max<std::int64_t>(out.max_depth, static_cast<std::int64_t>(stack.size()));
    return e.end;
  };
  visit(0);
  while (!stack.empty()) {
    Open& o = stack.back();
    if (o.next >= o.end) {
      stack.pop_back();
      continue;
    }
    std::uint32_t value = o.next;
    if (o.object) {
      if (tape.string_at(tape.entries[value]) == key) {
        if (matches.size() >= max_returned_nodes)  // each match is a value: values_at would refuse them
          throw Error(ErrorCode::LimitExceeded,
                      "matches hold more than " + std::to_string(max_returned_nodes) + " values in all");
        matches.push_back(value + 1);
      }
      ++value;
    }
    o.next = is_container(tape.entries[value]) ? tape.entries[value].end : value + 1;
    visit(value);  // may push: `o` is not used after this
  }
}

/// The streaming engine: one pass over the text, no tree. It keeps the nesting depth, whether the
/// last member name matched, and the values it is copying out, nothing more.
struct Streamer {
  std::string_view key;
  Extraction& out;
  std::int64_t depth = 0;
  bool next_is_match = false;
  struct Capture {
    std::size_t slot = 0;  // where in out.matches the value goes
    json value;
    std::vector<json*> open;  // containers of `value` still being filled
    std::string name;         // the member name waiting for its value
  };
  // Nested when a match lies inside a match: the first `live` are in use. A finished capture stays for
  // the next match, its buffers with it (one allocation fewer, and one free, per match). A deque, so
  // the values' addresses (which `open` points into) never move.
  std::deque<Capture> captures;
  std::size_t live = 0;
  std::size_t budget = max_returned_nodes;
  std::optional<Error> failure;

  bool fail(const std::string& why) {
    failure = Error(ErrorCode::LimitExceeded, why);
    return false;
  }
  /// A value begins: a new capture if the member name matched, then into every open capture. The
  /// value is made (by `make`) only when some capture wants it: most values are just counted.
  template <class Make>
  bool begin(bool container, Make make) {
    ++out.nodes;
    if (next_is_match) {
      out.matches.push_back(nullptr);
      if (live == captures.size()) captures.emplace_back();
      captures[live++].slot = out.matches.size() - 1;  // its value null, `open` empty
      next_is_match = false;
    }
    if (container) out.max_depth = std::max(out.max_depth, ++depth);
    if (live == 0) return true;
    json v = make();
    for (std::size_t k = 0; k < live; ++k) {
      Capture& c = captures[k];
      if (budget-- == 0)
        return fail("matches hold more than " + std::to_string(max_returned_nodes) + " values in all");
      json* slot = c.open.empty()               ? &c.value
                   : c.open.back()->is_object() ? &(*c.open.back())[c.name]
                                                : &c.open.back()->emplace_back();
      if (k + 1 == live) {
        *slot = std::move(v);  // the last capture takes the value, the others a copy
      } else {
        *slot = v;
      }
      if (container) {
        if (c.open.size() >= max_value_depth) return fail("a matched value nests more than 512 deep");
        c.open.push_back(slot);
      }
    }
    return container || finish();
  }
  /// Moves every capture whose value is complete into its slot.
  bool finish() {
    for (; live != 0 && captures[live - 1].open.empty(); --live)
      out.matches[captures[live - 1].slot] = std::move(captures[live - 1].value);  // leaves it null
    return true;
  }
  bool end() {
    --depth;
    for (std::size_t k = 0; k < live; ++k) captures[k].open.pop_back();
    return finish();
  }
  bool Null() {
    return begin(false, [] { return json(nullptr); });
  }
  bool Bool(bool b) {
    return begin(false, [b] { return json(b); });
  }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    return begin(false, [&] { return number_json({s, n}); });
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    return begin(false, [&] { return json(std::string(s, n)); });
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    std::string_view name(s, n);
    for (std::size_t k = 0; k < live; ++k) captures[k].name = name;
    next_is_match = name == key;
    return true;
  }
  bool StartObject() {
    return begin(true, [] { return json::object(); });
  }
  bool StartArray() {
    return begin(true, [] { return json::array(); });
  }
  bool EndObject(rapidjson::SizeType) { return end(); }
  bool EndArray(rapidjson::SizeType) { return end(); }
  void restart() {
    out = Extraction{};
    depth = 0, next_is_match = false, captures.clear(), live = 0, budget = max_returned_nodes,
    failure.reset();
  }
  bool Int(int) { return false; }  // numbers arrive as text (kParseNumbersAsStringsFlag)
  bool Uint(unsigned) { return false; }
  bool Int64(std::int64_t) { return false; }
  bool Uint64(std::uint64_t) { return false; }
  bool Double(double) { return false; }
};
// llplay:end

}  // namespace

const char* engine_name(Engine engine) {
  switch (engine) {
    case Engine::recursive:
      return "recursive";
    case Engine::iterative:
      return "iterative";
    case Engine::streaming:
      return "streaming";
  }
  return "?";
}

Extraction extract(std::string_view doc, std::string_view key, Engine engine, std::int64_t max_depth,
                   RunContext& ctx, std::size_t tree_budget) {
  Extraction out;
  heap::PeakMeter meter;
  auto t0 = timing::Clock::now();
  if (engine == Engine::streaming) {
    Streamer s{key, out, 0, false, {}, 0, max_returned_nodes, std::nullopt};
    Progressing<Streamer> handler{s, ctx, doc.size()};
    if (std::optional<SyntaxError> e = read(doc, handler)) {
      if (s.failure) throw *s.failure;
      throw Error(ErrorCode::ParseError, "doc: " + e->describe());
    }
  } else {
    Tape tape = parse(doc, ctx, tree_budget);
    std::vector<std::uint32_t> at;
    if (engine == Engine::iterative) {
      walk_explicitly(tape, key, at, out, tree_budget);
    } else {
      RecursiveWalk w{tape, key, max_depth, {}};
      auto run = [&] { walk(w, 0, 1); };
      bool engine_held = stack::run_catching(run);  // wasm: the engine's RangeError is caught too
      out.nodes = w.nodes, out.max_depth = w.deepest, out.stack_bytes = w.top >= w.low ? w.top - w.low : 0;
      if (w.stop == stack::Stop::soft_limit) {
        throw Error(ErrorCode::RecursionLimit,
                    "recursive engine: the document nests deeper than maxDepth=" + std::to_string(max_depth) +
                        " (CPython: RecursionError: maximum recursion depth exceeded)");
      }
      if (!engine_held || w.stop == stack::Stop::stack) {
        throw Error(
            ErrorCode::StackExhausted,
            std::string("recursive engine: ") +
                (engine_held ? std::string("the ") + platform().stack_name
                             : "the JavaScript engine's stack") +
                " ran out at depth " + std::to_string(w.deepest) +
                " of the document (the guard stopped it; CPython, with its limit raised, would crash)");
      }
      at = std::move(w.matches);
    }
    out.matches = values_at(tape, at);
  }
  out.ms = timing::ms_since(t0);
  out.peak_bytes = meter.bytes() + out.stack_bytes;
  return out;
}

}  // namespace llplay::json_lab
