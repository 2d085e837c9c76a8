// Where the host's JSON reference is kept (see host.hpp).
#include "host.hpp"

#include <optional>

namespace llplay::json_lab {

namespace {
std::optional<HostReference>& installed() {
  static std::optional<HostReference> reference;
  return reference;
}
}  // namespace

void set_host_reference(const HostReference& reference) { installed() = reference; }
const HostReference* host_reference() { return installed() ? &*installed() : nullptr; }

}  // namespace llplay::json_lab
