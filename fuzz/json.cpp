// The JSON engines on any text: validate() must agree with the three extraction engines about whether the
// text is JSON, and the iterative and streaming engines must find the same matches (the recursive one too,
// unless it stopped at its depth limit). The first line is the key; the rest the document.
#include <cstdint>
#include <string>

#include "error.hpp"
#include "fuzz.hpp"
#include "json/document.hpp"
#include "json/engines.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llplay;
  using namespace llplay::json_lab;
  static fuzz::Deadline deadline(std::chrono::milliseconds(2000));
  auto [key, doc] = fuzz::first_line(data, size);
  bool valid = !validate(doc).has_value();
  json found[3];
  bool ok[3] = {false, false, false};
  const Engine engines[3] = {Engine::recursive, Engine::iterative, Engine::streaming};
  for (int i = 0; i < 3; ++i) {
    RunContext ctx = deadline.start();
    try {
      found[i] = extract(doc, key, engines[i], 1000, ctx).matches;
      ok[i] = true;
    } catch (const Error& e) {
      if (e.code() == ErrorCode::Internal) __builtin_trap();
      if (e.code() == ErrorCode::ParseError && valid) __builtin_trap();
    }
  }
  if (ok[1] != valid || ok[2] != valid) __builtin_trap();
  if (ok[1] && ok[2] && found[1] != found[2]) __builtin_trap();
  if (ok[0] && ok[1] && found[0] != found[1]) __builtin_trap();
  return 0;
}
