// The params JSON of every demo: "<id>\n<params text>" through Registry::run_text, as the CLI and the wasm
// bindings pass what a person typed. Every answer must be a result or a coded error (never Internal).
#include <cstdint>

#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llplay;
  static fuzz::Deadline deadline(std::chrono::milliseconds(2000));
  auto [line, text] = fuzz::first_line(data, size);
  const Demo* demo = fuzz::pick(line, fuzz::runs_in_process);
  if (demo == nullptr) return 0;
  RunContext ctx = deadline.start();
  fuzz::check(registry().run_text(demo->id, std::string(text), ctx));
  fuzz::check(registry().check_text(demo->id, std::string(text)));
  return 0;
}
