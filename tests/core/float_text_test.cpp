// Reading and printing doubles as CPython does. Every expected string below was printed by
// CPython 3.11.7 on this machine: repr(float(s)) (or float.fromhex for 0x literals) and f"{x:,.2f}".
#include "float_text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "error.hpp"

namespace llplay {
namespace {

std::string repr_of(const char* text) { return python_repr(parse_python_float(text, "value")); }

TEST(float_text_test, repr_switches_to_exponent_at_1e16_and_below_1e_4) {
  EXPECT_EQ(repr_of("1e16"), "1e+16");
  EXPECT_EQ(repr_of("1e15"), "1000000000000000.0");
  EXPECT_EQ(repr_of("9999999999999998.0"), "9999999999999998.0");
  EXPECT_EQ(repr_of("123456789012345678"), "1.2345678901234568e+17");
  EXPECT_EQ(repr_of("1e-4"), "0.0001");
  EXPECT_EQ(repr_of("0.00012345"), "0.00012345");
  EXPECT_EQ(repr_of("1e-5"), "1e-05");
  EXPECT_EQ(repr_of("1e-7"), "1e-07");
  EXPECT_EQ(repr_of("1e22"), "1e+22");
  EXPECT_EQ(repr_of("1e23"), "1e+23");
  EXPECT_EQ(repr_of("1.5e300"), "1.5e+300");
}

TEST(float_text_test, repr_is_the_shortest_round_trip) {
  EXPECT_EQ(repr_of("0.1"), "0.1");
  EXPECT_EQ(python_repr(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(repr_of("4.35"), "4.35");
  EXPECT_EQ(repr_of("9007199254740993"), "9007199254740992.0");
  EXPECT_EQ(repr_of("  42  "), "42.0");
  EXPECT_EQ(repr_of(".5"), "0.5");
  EXPECT_EQ(repr_of("5."), "5.0");
}

TEST(float_text_test, repr_of_subnormals_and_extremes) {
  EXPECT_EQ(repr_of("5e-324"), "5e-324");  // the smallest subnormal
  EXPECT_EQ(repr_of("0x1p-1074"), "5e-324");
  EXPECT_EQ(repr_of("2.225073858507201e-308"), "2.225073858507201e-308");    // the largest subnormal
  EXPECT_EQ(repr_of("2.2250738585072014e-308"), "2.2250738585072014e-308");  // the smallest normal
  EXPECT_EQ(repr_of("1.7976931348623157e308"), "1.7976931348623157e+308");
  EXPECT_EQ(repr_of("0x1.fffffffffffffp1023"), "1.7976931348623157e+308");
  EXPECT_EQ(python_repr(std::numeric_limits<double>::denorm_min()), "5e-324");
}

TEST(float_text_test, repr_of_signed_zero_infinities_and_nan) {
  EXPECT_EQ(repr_of("-0.0"), "-0.0");
  EXPECT_EQ(repr_of("0"), "0.0");
  EXPECT_EQ(repr_of("infinity"), "inf");
  EXPECT_EQ(repr_of("-iNF"), "-inf");
  EXPECT_EQ(repr_of("nan"), "nan");
  EXPECT_EQ(repr_of("-nan"), "nan");
}

TEST(float_text_test, reads_underscores_and_hex_like_cpython) {
  EXPECT_EQ(repr_of("1_000.5"), "1000.5");
  EXPECT_EQ(repr_of("1e1_0"), "10000000000.0");
  EXPECT_EQ(repr_of("1E5"), "100000.0");
  EXPECT_EQ(repr_of("0x1.999999999999ap-4"), "0.1");
  EXPECT_EQ(repr_of("0X1P+3"), "8.0");
  EXPECT_EQ(parse_python_float("0x1.999999999999ap-4", "v"), 0.1);
}

TEST(float_text_test, rejects_what_cpython_rejects) {
  for (const char* bad : {"1__0", "_1", "1_", "1e", "e5", ".", "0x", "0x1p", "abc", "1.2.3", "nan(1)", "1e5_",
                          "", "   ", "0x1_0", "1 2"}) {
    try {
      parse_python_float(bad, "values[3]");
      ADD_FAILURE() << "accepted " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::BadParams);
      EXPECT_EQ(std::string(e.what()).rfind("values[3]: \"", 0), 0u) << e.what();
    }
  }
}

TEST(float_text_test, refuses_literals_beyond_the_largest_double) {
  // CPython's float("1e999999999") is inf and float.fromhex("0x1p1024") raises OverflowError.
  // The playground refuses both, naming the limit.
  for (const char* big : {"1e999999999", "1.8e308", "0x1p1024", "-1e400"}) {
    try {
      parse_python_float(big, "fee");
      ADD_FAILURE() << "accepted " << big;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("beyond the largest double"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(repr_of("1e-999999999"), "0.0") << "underflow to zero is what CPython does too";
}

TEST(float_text_test, money_is_correctly_rounded_with_separators) {
  EXPECT_EQ(python_money(0.125), "0.12");  // an exact tie: half to even
  EXPECT_EQ(python_money(0.375), "0.38");
  EXPECT_EQ(python_money(2.675), "2.67");  // 2.67499999999999982236431605997495353221893310546875
  EXPECT_EQ(python_money(-1234567.005), "-1,234,567.00");
  EXPECT_EQ(python_money(1e22), "10,000,000,000,000,000,000,000.00");
  EXPECT_EQ(python_money(-0.001), "-0.00");
  EXPECT_EQ(python_money(999.999), "1,000.00");
  EXPECT_EQ(python_money(std::numeric_limits<double>::max()).substr(0, 24), "179,769,313,486,231,570,");
}

}  // namespace
}  // namespace llplay
