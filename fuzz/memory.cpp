// The memory lab through the registry: "memory.sandbox\n<script lines>" runs those lines as the sandbox's
// script; "<another memory.* id>\n<params JSON>" runs that demo. Every answer must be a result or a coded
// error; the sandbox must stop every script within its budgets.
#include <cstdint>
#include <string>

#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llplay;
  static fuzz::Deadline deadline(std::chrono::milliseconds(2000));
  auto [line, rest] = fuzz::first_line(data, size);
  const Demo* demo =
      fuzz::pick(line, [](const Demo& d) { return d.lab == "memory" && fuzz::runs_in_process(d); });
  if (demo == nullptr) return 0;
  RunContext ctx = deadline.start();
  if (demo->id == "memory.sandbox") {
    json lines = json::array();
    std::size_t start = 0;
    while (start <= rest.size() && lines.size() < 200) {
      std::size_t end = rest.find('\n', start);
      if (end == std::string_view::npos) end = rest.size();
      lines.push_back(std::string(rest.substr(start, end - start)));
      start = end + 1;
    }
    fuzz::check(registry().run(demo->id, json{{"script", std::move(lines)}}, ctx));
  } else {
    fuzz::check(registry().run_text(demo->id, std::string(rest), ctx));
  }
  return 0;
}
