// The JSON lab's hook in its module: the browser's JSON.parse as the reference next to the three
// engines (its JavaScript is wasm/json.js).
#include <cstddef>
#include <string>
#include <string_view>

#include "json/host.hpp"

namespace {

extern "C" {
int llplay_host_json(const char* doc, std::size_t doc_n, const char* key, std::size_t key_n,
                     int times);                      // wasm/json.js
void llplay_host_json_take(char* out, int capacity);  // wasm/json.js
}

std::string host_json(std::string_view doc, std::string_view key, int times) {
  std::string answer(
      static_cast<std::size_t>(llplay_host_json(doc.data(), doc.size(), key.data(), key.size(), times)),
      '\0');
  llplay_host_json_take(answer.data(), static_cast<int>(answer.size()) + 1);  // + the terminator
  return answer;
}

const bool installed = [] {
  llplay::json_lab::set_host_reference({"JSON.parse + JavaScript walk", host_json});
  return true;
}();

}  // namespace
