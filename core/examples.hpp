// The series' own examples that more than one lab runs.
#pragma once

#include <string>

namespace llplay::examples {

/// The series' webhook payload: user_email at three depths, one of them inside an array. The recursion
/// lab traces extract_emails over it; the JSON lab's engines extract from it.
const std::string& webhook_payload();

}  // namespace llplay::examples
