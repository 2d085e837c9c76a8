// The decimal engine's corners by name. Expected strings were printed by CPython 3.11.7's decimal
// module on this machine, e.g. str(Context(prec=28, rounding=ROUND_HALF_EVEN).divide(Decimal('1'),
// Decimal('4'))).
#include "floats/decimal.hpp"

#include <gtest/gtest.h>

#include "error.hpp"

namespace llplay::floats {
namespace {

Decimal d(const char* text) { return Decimal::from_string(text); }

std::string compute(const char* op, const char* a, const char* b, int prec = 28,
                    Rounding r = Rounding::half_even) {
  Context ctx{prec, r};
  std::string o = op;
  try {
    Decimal out = o == "add"        ? add(d(a), d(b), ctx)
                  : o == "subtract" ? subtract(d(a), d(b), ctx)
                  : o == "multiply" ? multiply(d(a), d(b), ctx)
                  : o == "divide"   ? divide(d(a), d(b), ctx)
                                    : quantize(d(a), d(b), ctx);
    return out.to_string();
  } catch (const Error& e) {
    return std::string(code_name(e.code()));
  }
}

TEST(decimal_test, half_way_rounding_under_every_mode) {
  // CPython: str(Decimal(v).quantize(Decimal('1'), rounding=m)) for m in UP, DOWN, CEILING, FLOOR,
  // HALF_UP, HALF_DOWN, HALF_EVEN, 05UP.
  const Rounding modes[] = {Rounding::up,        Rounding::down,        Rounding::ceiling,
                            Rounding::floor,     Rounding::half_up,     Rounding::half_down,
                            Rounding::half_even, Rounding::zero_five_up};
  struct Row {
    const char* value;
    const char* expected[8];
  };
  for (const Row& row : std::vector<Row>{{"2.5", {"3", "2", "3", "2", "3", "2", "2", "2"}},
                                         {"3.5", {"4", "3", "4", "3", "4", "3", "4", "3"}},
                                         {"-2.5", {"-3", "-2", "-2", "-3", "-3", "-2", "-2", "-2"}},
                                         {"2.51", {"3", "2", "3", "2", "3", "3", "3", "2"}},
                                         {"0.5", {"1", "0", "1", "0", "1", "0", "0", "1"}},
                                         {"5.5", {"6", "5", "6", "5", "6", "5", "6", "6"}},
                                         {"-0.5", {"-1", "-0", "-0", "-1", "-1", "-0", "-0", "-1"}}}) {
    for (int m = 0; m < 8; ++m) {
      EXPECT_EQ(compute("quantize", row.value, "1", 28, modes[m]), row.expected[m])
          << row.value << " " << rounding_name(modes[m]);
    }
  }
}

TEST(decimal_test, exact_division_keeps_the_ideal_exponent) {
  EXPECT_EQ(compute("divide", "1", "4"), "0.25");
  EXPECT_EQ(compute("divide", "1.00", "4"), "0.25");
  EXPECT_EQ(compute("divide", "12", "3"), "4");
  EXPECT_EQ(compute("divide", "1200", "3.0"), "4.0E+2");
  EXPECT_EQ(compute("divide", "1E+3", "1E-2"), "1E+5");
  EXPECT_EQ(compute("divide", "2.40", "2"), "1.20");
  EXPECT_EQ(compute("divide", "1", "7"), "0.1428571428571428571428571429");
  EXPECT_EQ(compute("divide", "10", "3", 5), "3.3333");
  EXPECT_EQ(compute("divide", "1", "8", 2), "0.12");  // 0.125 half-even
}

TEST(decimal_test, conditions_are_cpythons_exceptions) {
  EXPECT_EQ(compute("divide", "0", "0"), "InvalidOperation");  // DivisionUndefined
  EXPECT_EQ(compute("divide", "1", "0"), "DivisionByZero");
  EXPECT_EQ(compute("divide", "0", "5E+3", 5), "0.000");  // zero at the ideal exponent -3
  EXPECT_EQ(compute("quantize", "123456", "0.1", 5), "InvalidOperation");
  EXPECT_EQ(compute("quantize", "99.95", "0.1", 3, Rounding::half_up), "InvalidOperation");
  EXPECT_EQ(compute("multiply", "9E999999", "10", 5), "Overflow");
  EXPECT_EQ(compute("multiply", "Infinity", "0"), "InvalidOperation");
  EXPECT_EQ(compute("add", "Infinity", "-Infinity"), "InvalidOperation");
  EXPECT_EQ(compute("add", "sNaN", "1"), "InvalidOperation");
  EXPECT_EQ(compute("add", "abc", "1"), "InvalidOperation");  // ConversionSyntax
  EXPECT_EQ(compute("add", "NaN123456", "1", 3), "NaN456");
}

TEST(decimal_test, subnormals_and_the_tiny_operand) {
  EXPECT_EQ(compute("multiply", "1E-999999", "1E-5", 5), "0E-1000003");
  EXPECT_EQ(compute("divide", "1", "Infinity", 5), "0E-1000003");
  EXPECT_EQ(compute("add", "1E+5", "1E-30", 5), "1.0000E+5");
  EXPECT_EQ(compute("add", "1E+5", "1E-30", 5, Rounding::up), "1.0001E+5");
  EXPECT_EQ(compute("subtract", "1E+5", "1E-30", 5, Rounding::down), "99999");
}

TEST(decimal_test, the_quick_paths_edges) {
  // add and multiply take coefficients below 10^18 (add) or 10^9 (multiply) inline: at each edge of that
  // path, the result is CPython's. A sum below Etiny is rounded there (it was once kept as it was).
  EXPECT_EQ(compute("add", "1E-1000030", "1E-1000030"), "0E-1000026");
  EXPECT_EQ(compute("add", "-1E-1000030", "-2E-1000030"), "-0E-1000026");
  EXPECT_EQ(compute("add", "1E-1000026", "1E-1000026"), "2E-1000026");
  EXPECT_EQ(compute("add", "999999999", "1"), "1000000000");  // a carry into the second limb
  EXPECT_EQ(compute("add", "999999999999999999", "1"), "1000000000000000000");  // a third limb
  EXPECT_EQ(compute("add", "999999999999999999", "1", 18), "1.00000000000000000E+18");
  EXPECT_EQ(compute("add", "123456789012345678", "1", 17), "1.2345678901234568E+17");
  EXPECT_EQ(compute("multiply", "999999999", "999999999"), "999999998000000001");
  EXPECT_EQ(compute("multiply", "31623", "31623"), "1000014129");   // just past one limb
  EXPECT_EQ(compute("multiply", "1000000000", "3"), "3000000000");  // a two-limb operand
  EXPECT_EQ(compute("multiply", "12345", "6789", 5), "8.3810E+7");
  EXPECT_EQ(compute("multiply", "1E-999990", "1E-20"), "1E-1000010");
  EXPECT_EQ(compute("multiply", "9E999990", "1E+9"), "9E+999999");
  EXPECT_EQ(compute("multiply", "-25", "0.04"), "-1.00");
  Context ctx;
  Decimal tiny = d("1E-1000030");
  add_in_place(tiny, d("1E-1000030"), ctx);
  EXPECT_EQ(tiny.to_string(), "0E-1000026");
}

TEST(decimal_test, zeros_and_signs_of_exact_results) {
  EXPECT_EQ(compute("multiply", "1.20", "3"), "3.60");
  EXPECT_EQ(compute("add", "1.30", "1.2"), "2.50");
  EXPECT_EQ(compute("subtract", "1.30", "1.30"), "0.00");
  EXPECT_EQ(compute("subtract", "1.30", "1.30", 28, Rounding::floor), "-0.00");
  EXPECT_EQ(compute("add", "-0", "0", 5), "0");
  EXPECT_EQ(compute("add", "-0", "-0", 5), "-0");
  EXPECT_EQ(compute("add", "999", "1", 3), "1.00E+3");
}

TEST(decimal_test, str_is_cpythons_scientific_string) {
  struct Case {
    const char* in;
    const char* out;
  };
  for (const Case& c : std::vector<Case>{{"0.000001", "0.000001"},
                                         {"0.0000001", "1E-7"},
                                         {"123E+2", "1.23E+4"},
                                         {"-0", "-0"},
                                         {"0E-7", "0E-7"},
                                         {"1E+2", "1E+2"},
                                         {"123.456E-10", "1.23456E-8"},
                                         {"1234567E-3", "1234.567"},
                                         {"-1.00E+3", "-1.00E+3"},
                                         {" 1_000.5 ", "1000.5"},
                                         {"inf", "Infinity"},
                                         {"-nan0012", "-NaN12"},
                                         {"sNaN", "sNaN"}}) {
    EXPECT_EQ(d(c.in).to_string(), c.out) << c.in;
  }
}

TEST(decimal_test, from_double_is_exact) {
  EXPECT_EQ(Decimal::from_double(0.1).to_string(),
            "0.1000000000000000055511151231257827021181583404541015625");
  EXPECT_EQ(Decimal::from_double(0.5).to_string(), "0.5");
  EXPECT_EQ(Decimal::from_double(-0.0).to_string(), "-0");
  EXPECT_EQ(Decimal::from_double(1e22).to_string(), "10000000000000000000000");
  EXPECT_EQ(Decimal::from_double(5e-324).to_string().substr(0, 12), "4.9406564584");
}

TEST(decimal_test, money_format_rounds_half_even) {
  // CPython: f"{Decimal(v):,.2f}"
  EXPECT_EQ(d("1234567.005").to_money(), "1,234,567.00");
  EXPECT_EQ(d("2.675").to_money(), "2.68");
  EXPECT_EQ(d("-0.001").to_money(), "-0.00");
  EXPECT_EQ(d("12345").to_money(), "12,345.00");
  EXPECT_EQ(Decimal::from_double(0.1).to_money(), "0.10");
}

TEST(decimal_test, adding_in_place_equals_adding) {
  Context ctx;
  Decimal total, fee = d("0.10");
  for (int i = 0; i < 1000; ++i) add_in_place(total, fee, ctx);
  EXPECT_EQ(total.to_string(), "100.00");
  Context tiny{3, Rounding::half_even};
  Decimal small;
  for (int i = 0; i < 100; ++i) add_in_place(small, d("1.5"), tiny);
  // CPython: 166. Past 99.0 every total needs a 4th digit, so each + 1.5 rounds half-even (100.5 -> 100,
  // 101.5 -> 102, ...): the running sum drifts, exactly as in CPython.
  EXPECT_EQ(small.to_string(), "166");
}

}  // namespace
}  // namespace llplay::floats
