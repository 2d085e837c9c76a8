// Decimal strings and the operations on them: "<a>\n<b>\n<prec>" (prec optional). Decimal::from_string
// on both, str() of each, then every operation at that precision; only coded errors may come out.
#include "floats/decimal.hpp"

#include <cstdint>
#include <string>
#include <string_view>

#include "error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llplay;
  using namespace llplay::floats;
  std::string_view all(reinterpret_cast<const char*>(data), size);
  std::string_view parts[3];
  for (int i = 0; i < 2; ++i) {
    std::size_t newline = all.find('\n');
    parts[i] = all.substr(0, newline);
    all = newline == std::string_view::npos ? std::string_view() : all.substr(newline + 1);
  }
  parts[2] = all;
  Context ctx;
  int prec = 0;
  for (char c : parts[2].substr(0, 3))
    if (c >= '0' && c <= '9') prec = prec * 10 + (c - '0');
  if (prec >= 1) ctx.prec = prec;  // 1..999, the range the demos take
  auto guarded = [](auto&& fn) {
    try {
      fn();
    } catch (const Error& e) {
      if (e.code() == ErrorCode::Internal) __builtin_trap();
    }
  };
  guarded([&] {
    Decimal a = Decimal::from_string(parts[0]);
    a.to_string();
    a.to_double();
    // f"{d:,.2f}" writes every digit of the integer part: 1e137005159 is 137 million of them, in CPython
    // too. The demos format only amounts a double holds (decimal.forge reads its fee as a double).
    if (!a.is_finite() || (a.adjusted() < 400 && a.exponent() > -400)) guarded([&] { a.to_money(); });
    Decimal b = Decimal::from_string(parts[1]);
    b.to_string();
    guarded([&] { add(a, b, ctx).to_string(); });
    guarded([&] { subtract(a, b, ctx).to_string(); });
    guarded([&] { multiply(a, b, ctx).to_string(); });
    guarded([&] { divide(a, b, ctx).to_string(); });
    guarded([&] { quantize(a, b, ctx).to_string(); });
  });
  return 0;
}
