// Float literals: parse_python_float reads what CPython's float() reads; whatever it accepts, repr must
// read back to the same double (NaN aside).
#include <cmath>
#include <cstdint>
#include <string_view>

#include "error.hpp"
#include "float_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llplay;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  double x = 0;
  try {
    x = parse_python_float(text, "x");
  } catch (const Error& e) {
    if (e.code() != ErrorCode::BadParams) __builtin_trap();
    return 0;
  }
  std::string repr = python_repr(x);
  double back = parse_python_float(repr, "repr");
  if (!std::isnan(x) && (back != x || std::signbit(back) != std::signbit(x))) __builtin_trap();
  python_money(x);
  with_thousands(repr);
  return 0;
}
