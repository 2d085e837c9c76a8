// Big integer arithmetic, against values computed with Python ints.
#include "big_uint.hpp"

#include <gtest/gtest.h>

namespace llplay {
namespace {

BigUint big(const char* digits) { return BigUint::from_digits(digits); }

TEST(big_uint_test, multiply_divide_and_roots_agree_with_python_ints) {
  BigUint a = big("123456789012345678901234567890"), b = big("987654321098765432109876543210");
  EXPECT_EQ((a * b).to_string(), "121932631137021795226185032733622923332237463801111263526900");  // a * b
  BigUint q, r, product = a * b;
  product += BigUint(12345);
  BigUint::divmod(product, a, q, r);
  EXPECT_EQ(q.to_string(), b.to_string());
  EXPECT_EQ(r.to_string(), "12345");
  BigUint::divmod(BigUint::pow10(100), big("3000000000000000000007"), q, r);  // divmod(10**100, 3*10**21+7)
  EXPECT_EQ(q.to_string(), "3333333333333333333325555555555555555555573703703703703703703661358024691358024");
  EXPECT_EQ(r.to_string(), "2074370493827160493832");
  EXPECT_EQ(BigUint::pow10(40).isqrt().to_string(), "100000000000000000000");
  EXPECT_EQ(big("99999999999999999999").isqrt().to_string(), "9999999999");
  EXPECT_EQ(BigUint::pow5(30).to_string(), "931322574615478515625");
  EXPECT_EQ(BigUint(1).shift_left_bits(100).to_string(), "1267650600228229401496703205376");
  EXPECT_EQ(BigUint(1).shift_left_bits(100).bit_length(), 101u);
}

TEST(big_uint_test, decimal_shifts_report_what_they_drop) {
  BigUint x = big("123456789");
  EXPECT_EQ(x.shift_right_digits(3), 7);  // dropped 789: first digit 7
  EXPECT_EQ(x.to_string(), "123456");
  BigUint half = big("1250");
  EXPECT_EQ(half.shift_right_digits(2), 5);  // exactly half
  BigUint over = big("1251");
  EXPECT_EQ(over.shift_right_digits(2), 6);  // 5 plus something: above half
  BigUint zero_then = big("1001");
  EXPECT_EQ(zero_then.shift_right_digits(2), 1);  // 0 plus something: above zero
  BigUint all = big("42");
  EXPECT_EQ(all.shift_right_digits(5), 1);
  EXPECT_TRUE(all.is_zero());
  EXPECT_EQ(big("1200").trailing_zeros(), 2u);
  EXPECT_EQ(big("1000000000000000000").digits(), 19u);
}

}  // namespace
}  // namespace llplay
