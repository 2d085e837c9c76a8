// Error codes of the demo contract, and the exception that carries one.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace llplay {

/// Every code a demo can answer with. The name is what JS sees as `error.code`;
/// the number is the CLI's exit status (2: bad parameters or input, 3: a limit the demo enforces).
/// Where a demo mirrors CPython, the code is the exception CPython raises (InvalidOperation,
/// DivisionByZero and Overflow from `decimal`; ValueError and OverflowError from math.fsum; InvalidURL and
/// UnicodeEncodeError from http.client; StatisticsError from statistics; the built-in exceptions below from
/// random and from the async lab's programs).
#define LLPLAY_ERROR_CODES(X) \
  X(BadParams, 2)             \
  X(UnknownDemo, 2)           \
  X(ParseError, 2)            \
  X(DivisionByZero, 2)        \
  X(InvalidOperation, 2)      \
  X(Overflow, 2)              \
  X(ValueError, 2)            \
  X(OverflowError, 2)         \
  X(InvalidURL, 2)            \
  X(UnicodeEncodeError, 2)    \
  X(StatisticsError, 2)       \
  X(RecursionLimit, 3)        \
  X(StackExhausted, 3)        \
  X(OutOfMemory, 3)           \
  X(LimitExceeded, 3)         \
  X(NeedsIsolation, 3)        \
  X(Cancelled, 130)           \
  X(Internal, 1)              \
  LLPLAY_PYTHON_EXCEPTION_CODES(X)

/// The async lab runs Python programs: an uncaught exception is answered with its class name, so each
/// built-in exception class its subset can raise is a code too (input errors: exit 2).
#define LLPLAY_PYTHON_EXCEPTION_CODES(X) \
  X(SyntaxError, 2)                      \
  X(NameError, 2)                        \
  X(TypeError, 2)                        \
  X(AttributeError, 2)                   \
  X(ZeroDivisionError, 2)                \
  X(IndexError, 2)                       \
  X(KeyError, 2)                         \
  X(RuntimeError, 2)                     \
  X(TimeoutError, 2)                     \
  X(CancelledError, 2)                   \
  X(InvalidStateError, 2)                \
  X(StopAsyncIteration, 2)               \
  X(ExceptionGroup, 2)                   \
  X(BaseExceptionGroup, 2)               \
  X(Exception, 2)                        \
  X(BaseException, 2)

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
  /// `details`: JSON object text whose members join the error object (the async lab keeps the
  /// program's `output` there when it raised), or empty.
  Error(ErrorCode code, const std::string& message, std::string details)
      : std::runtime_error(message), code_(code), details_(std::move(details)) {}
  ErrorCode code() const { return code_; }
  const std::string& details() const { return details_; }

 private:
  ErrorCode code_;
  std::string details_;
};

}  // namespace llplay
