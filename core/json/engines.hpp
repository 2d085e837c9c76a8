// Three engines that find every value of a member name: a recursive DOM walk, the same walk with an
// explicit stack, and a streaming pass that never builds a tree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "../run_context.hpp"
#include "document.hpp"

namespace llplay::json_lab {

enum class Engine { recursive, iterative, streaming };
const char* engine_name(Engine engine);

/// What an engine found, and what it cost.
struct Extraction {
  json matches =
      json::array();       ///< every value under `key`, in document order (nested matches after their parent)
  std::int64_t nodes = 0;  ///< values visited
  std::int64_t max_depth = 0;   ///< deepest container nesting seen
  std::size_t peak_bytes = 0;   ///< heap at its peak (counted), plus stack for the recursive engine
  std::size_t stack_bytes = 0;  ///< recursive engine: stack its frames took
  double ms = 0;                ///< from text to answer, parsing included
};

/// Runs one engine on `doc`. `max_depth` is the recursive engine's soft limit (like CPython's 1000).
/// Throws Error: ParseError for text that is not JSON; RecursionLimit past max_depth and StackExhausted
/// past the physical stack (recursive engine); LimitExceeded for matches too big to return, and where the
/// tree (recursive and iterative engines) would pass `tree_budget` (max_tree_bytes; tests pass less).
Extraction extract(std::string_view doc, std::string_view key, Engine engine, std::int64_t max_depth,
                   RunContext& ctx, std::size_t tree_budget = max_tree_bytes);

}  // namespace llplay::json_lab
