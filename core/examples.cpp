// The series' examples shared by labs (see examples.hpp).
#include "examples.hpp"

namespace llplay::examples {

const std::string& webhook_payload() {
  static const std::string text =
      R"({"event": "order.created", "id": "evt_93", "data": {"user_email": "ana@example.com",)"
      R"( "items": [{"sku": "A1", "gift": {"to": {"user_email": "ben@example.com"}}}, {"sku": "B2", "tags": []}]},)"
      R"( "retries": [{"attempt": 1, "context": {"user": {"user_email": "ana@example.com", "plan": "pro"}}}]})";
  return text;
}

}  // namespace llplay::examples
