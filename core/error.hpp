// Error codes of the demo contract, and the exception that carries one.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace llplay {

/// Every code a demo can answer with. The name is what JS sees as `error.code`;
/// the number is the CLI's exit status (2: bad parameters or input, 3: a limit the demo enforces).
/// Where a demo mirrors CPython, the code is the exception CPython raises (InvalidOperation,
/// DivisionByZero and Overflow from `decimal`; ValueError and OverflowError from math.fsum; TypeError,
/// IndexError and ZeroDivisionError from random; StatisticsError from statistics).
#define LLPLAY_ERROR_CODES(X) \
  X(BadParams, 2)             \
  X(UnknownDemo, 2)           \
  X(ParseError, 2)            \
  X(DivisionByZero, 2)        \
  X(InvalidOperation, 2)      \
  X(Overflow, 2)              \
  X(ValueError, 2)            \
  X(OverflowError, 2)         \
  X(TypeError, 2)             \
  X(IndexError, 2)            \
  X(ZeroDivisionError, 2)     \
  X(StatisticsError, 2)       \
  X(RecursionLimit, 3)        \
  X(StackExhausted, 3)        \
  X(OutOfMemory, 3)           \
  X(LimitExceeded, 3)         \
  X(NeedsIsolation, 3)        \
  X(Cancelled, 130)           \
  X(Internal, 1)

enum class ErrorCode {
#define LLPLAY_ENUM(name, status) name,
  LLPLAY_ERROR_CODES(LLPLAY_ENUM)
#undef LLPLAY_ENUM
};

/// The contract name of a code, e.g. "BadParams".
std::string_view code_name(ErrorCode code);

/// The CLI exit status for a code.
int exit_status(ErrorCode code);

/// What a demo throws to answer with an error. Anything else that escapes a demo is `Internal`
/// (or `OutOfMemory` for std::bad_alloc).
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace llplay
