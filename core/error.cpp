// Names and exit statuses of the error codes.
#include "error.hpp"

namespace llplay {

std::string_view code_name(ErrorCode code) {
  switch (code) {
#define LLPLAY_NAME(name, status) \
  case ErrorCode::name:           \
    return #name;
    LLPLAY_ERROR_CODES(LLPLAY_NAME)
#undef LLPLAY_NAME
  }
  return "Internal";
}

int exit_status(ErrorCode code) {
  switch (code) {
#define LLPLAY_STATUS(name, status) \
  case ErrorCode::name:             \
    return status;
    LLPLAY_ERROR_CODES(LLPLAY_STATUS)
#undef LLPLAY_STATUS
  }
  return 1;
}

}  // namespace llplay
