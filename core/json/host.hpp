// The host's own JSON parser, as a reference next to the three engines: in the browser, JSON.parse
// plus a JavaScript walk over the same text. Natively there is none.
#pragma once

#include <string>
#include <string_view>

namespace llplay::json_lab {

struct HostReference {
  const char* name;  ///< what it is, e.g. "JSON.parse + JavaScript walk"
  /// Extracts every value of `key` from `doc` the host's way, `times` times over (a small document's one
  /// parse is shorter than the clock's tick). Returns JSON text: {"ok": true, "count", "nodes", "maxDepth",
  /// "decodeMs", "parseMs", "walkMs", "ms", "matches": [...]}, the times per extraction, or {"ok": false,
  /// "name", "message"} when the host's parser refused the text.
  std::string (*extract)(std::string_view doc, std::string_view key, int times);
};

/// The wasm platform installs the browser's at startup.
void set_host_reference(const HostReference& reference);
/// The host's reference, or nullptr where there is none (native builds).
const HostReference* host_reference();

}  // namespace llplay::json_lab
