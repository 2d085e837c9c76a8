// The chance lab's kernels, natively and in both wasm builds: SHA-512 against FIPS 180-4's examples,
// MT19937 against the standard library's own std::mt19937, tempering undone, recovery, seeds, the
// statistics helpers, and every coded error through the registry (the same stream CPython gives is
// checked by tests/chance/*_cpython_test.py).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <set>

#include "chance/exact_trig.hpp"
#include "chance/mt19937.hpp"
#include "chance/pyrandom.hpp"
#include "chance/recover.hpp"
#include "chance/sha512.hpp"
#include "chance/stats.hpp"
#include "float_bits.hpp"
#include "registry.hpp"

namespace llplay::chance {
namespace {

std::string hex(const std::array<std::uint8_t, 64>& digest) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : digest) out += {digits[b >> 4], digits[b & 15]};
  return out;
}

TEST(chance_test, sha512_matches_the_standards_examples) {
  EXPECT_EQ(
      hex(sha512("abc")),
      "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d"
      "4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(hex(sha512("")).substr(0, 32), "cf83e1357eefb8bdf1542850d66d8007");
  EXPECT_EQ(
      hex(sha512(
          "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
          "mnopqrstnopqrstu")),
      "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d3"
      "29eeb6dd26545e96e55b874be909");
  EXPECT_EQ(hex(sha512(std::string(1000, 'a'))).substr(0, 32), "67ba5535a46e3f86dbfbed8cbbaf0125");
  // Every length around the padding boundaries (111/112 bytes, 239/240) hashes without a fault, and
  // differently.
  std::set<std::string> seen;
  for (std::size_t n = 100; n < 260; ++n) seen.insert(hex(sha512(std::string(n, 'x'))));
  EXPECT_EQ(seen.size(), 160u);
}

TEST(chance_test, mt19937_is_the_standard_generator) {
  for (std::uint32_t seed : {5489u, 0u, 1u, 4294967295u}) {
    Mt19937 mine;
    mine.init_genrand(seed);
    std::mt19937 standard(seed);
    for (int i = 0; i < 5000; ++i) ASSERT_EQ(mine.next(), standard()) << "seed " << seed << " output " << i;
  }
  Mt19937 mine;
  mine.init_genrand(5489);
  for (int i = 0; i < 9999; ++i) mine.next();
  EXPECT_EQ(mine.next(), 4123659995u);  // the C++ standard's required 10000th output
}

TEST(chance_test, untemper_inverts_temper) {
  std::mt19937 source(7);
  for (int i = 0; i < 100000; ++i) {
    std::uint32_t word = source();
    ASSERT_EQ(Mt19937::untemper(Mt19937::temper(word)), word);
  }
  for (std::uint32_t word : {0u, 1u, 0x80000000u, 0xffffffffu})
    EXPECT_EQ(Mt19937::untemper(Mt19937::temper(word)), word);
}

TEST(chance_test, recovery_predicts_every_following_output) {
  Mt19937 gen;
  gen.init_by_array(int_seed_key("123456789012345678901234567890"));
  for (int i = 0; i < 1000; ++i) gen.next();  // start mid-state: any 624 in a row will do
  std::vector<std::uint32_t> outputs;
  for (int i = 0; i < 624; ++i) outputs.push_back(gen.next());
  RunContext ctx;
  Recovery r = recover(outputs, 5000, ctx);
  for (std::uint32_t predicted : r.predicted) ASSERT_EQ(predicted, gen.next());
}

TEST(chance_test, seeds_become_the_words_of_abs_n) {
  EXPECT_EQ(int_seed_key("0"), std::vector<std::uint32_t>{0});
  EXPECT_EQ(int_seed_key("-0"), std::vector<std::uint32_t>{0});
  EXPECT_EQ(int_seed_key("4294967296"), (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(int_seed_key("-4294967297"), (std::vector<std::uint32_t>{1, 1}));
  EXPECT_EQ(int_seed_key(" 1_000 "), std::vector<std::uint32_t>{1000});
  EXPECT_EQ(text_seed_key("").size(), 16u);  // 64 digest bytes, unless its first byte is zero
  EXPECT_EQ(words_to_decimal({0, 0, 1}), "18446744073709551616");
  EXPECT_EQ(words_to_decimal({}), "0");
  for (const char* bad : {"", "-", "1__0", "_1", "1_", "12a", "0x10", "1.5"}) {
    try {
      int_seed_key(bad);
      ADD_FAILURE() << bad << " was taken";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::ValueError) << bad;
    }
  }
  EXPECT_EQ(entropy_seed_key().size(), 624u);
  EXPECT_NE(entropy_seed_key(), entropy_seed_key());
}

TEST(chance_test, getrandbits_fills_words_from_the_least_significant) {
  Mt19937 a, b;
  a.init_genrand(1);
  b.init_genrand(1);
  std::vector<std::uint32_t> words = a.getrandbits(70);
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(words[0], b.next());
  EXPECT_EQ(words[1], b.next());
  EXPECT_EQ(words[2], b.next() >> 26);
  EXPECT_TRUE(a.getrandbits(0).empty());
}

TEST(chance_test, add_random_is_random_added_in_order) {
  // From a fresh seed (index 624), after one word (odd index: one call straddles the twist), after 623
  // words (one word left), and counts of 0, 1, a pair short of a twist, one past it and many twists.
  for (int skip : {0, 1, 2, 311, 623, 624, 625}) {
    for (std::uint64_t count : {0, 1, 2, 311, 312, 313, 624, 1000, 65536}) {
      Mt19937 fast, slow;
      fast.init_genrand(42);
      slow.init_genrand(42);
      for (int i = 0; i < skip; ++i) fast.next(), slow.next();
      double sum = 0.1;  // a start that is not 0: the sum goes on from it
      for (std::uint64_t i = 0; i < count; ++i) sum += slow.random();
      ASSERT_EQ(test_bits::bits_of(fast.add_random(count, 0.1)), test_bits::bits_of(sum))
          << "skip " << skip << " count " << count;
      ASSERT_EQ(fast.index(), slow.index()) << "skip " << skip << " count " << count;
      ASSERT_EQ(fast.outputs(), slow.outputs());
      ASSERT_EQ(fast.next(), slow.next());  // and the stream goes on from the same word
    }
  }
}

TEST(chance_test, fsum_and_statistics_helpers) {
  EXPECT_EQ(python_fsum({0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}), 1.0);
  EXPECT_EQ(python_fsum({1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50}), 1e-100);
  EXPECT_THROW(python_fsum({1.7976931348623157e308, 1.7976931348623157e308, -1.7976931348623157e308}), Error);
  EXPECT_EQ(compute_statistic("variance", {1.0, 3.0}, 13).value, "2.0");
  EXPECT_EQ(compute_statistic("stdev", {0.0, 2.0}, 13).value, "1.4142135623730951");
  EXPECT_EQ(compute_statistic("multimode", {1.0, 2.0, 2.0, 1.0}, 13).items,
            (std::vector<std::string>{"1.0", "2.0"}));
  // 1e9 plus noise: the exact variance stays right where the one-pass formula falls apart.
  std::vector<double> offset;
  for (int i = 0; i < 1000; ++i) offset.push_back(1e9 + (i % 10) * 0.1);
  EXPECT_EQ(compute_statistic("pvariance", {1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3}, 13).value.substr(0, 5),
            "0.006");
  EXPECT_GT(std::fabs(naive_variance(offset) - 0.08258258258258258), 1.0);
  for (const char* fn : {"mean", "median", "mode", "variance", "stdev", "geometric_mean", "harmonic_mean"}) {
    try {
      compute_statistic(fn, {}, 12);
      ADD_FAILURE() << fn << " of no data";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::StatisticsError) << fn;
    }
  }
}

TEST(chance_test, the_browsers_sin_and_cos_are_rounded_once) {
  // Arguments where glibc rounds the other way; the correctly rounded values are from mpmath at 200 bits.
  EXPECT_EQ(rounded_cos(0x1.577e13b7be78dp+0), 0x1.d0f60a73280b7p-3);
  EXPECT_EQ(rounded_sin(0x1.7f5ab5110cea4p+2), -0x1.2806ac0dc774bp-2);
  EXPECT_EQ(rounded_cos(0x1.1b57b8d012239p+0), 0x1.ca42690c5efe5p-2);
  EXPECT_EQ(rounded_sin(-0.0), -0.0);
  EXPECT_TRUE(std::signbit(rounded_sin(-0.0)));
  EXPECT_EQ(rounded_cos(0.0), 1.0);
  // Everywhere else within one unit in the last place of the C library's, and mostly equal to it.
  std::mt19937_64 source(3);
  int equal = 0;
  for (int i = 0; i < 100000; ++i) {
    double x = static_cast<double>(source() >> 11) * 0x1p-53 * 6.283185307179586;
    for (auto [mine, theirs] :
         {std::pair{rounded_sin(x), std::sin(x)}, std::pair{rounded_cos(x), std::cos(x)}}) {
      ASSERT_LE(std::fabs(mine - theirs), std::nextafter(std::fabs(theirs), INFINITY) - std::fabs(theirs))
          << x;
      equal += mine == theirs;
    }
  }
#ifdef __EMSCRIPTEN__
  EXPECT_GT(equal, 190000);  // musl's sin and cos: about 3% of these round the other way
#else
  EXPECT_GT(equal, 199000);  // glibc's, CPython's: about 0.13% round the other way
#endif
}

TEST(chance_test, the_browsers_hypot_is_rounded_once) {
  // Where glibc rounds the other way; the correctly rounded values are from mpmath at 300 bits.
  EXPECT_EQ(rounded_hypot(0x1.3c3a62885e4bap+3, 0x1.fb711ab2885b8p+2), 0x1.956e6593429dcp+3);
  EXPECT_EQ(rounded_hypot(-0x1.1b9866c9072b3p+3, -0x1.2e5b5bd065dffp+3), 0x1.9e8b08903901fp+3);
  EXPECT_EQ(rounded_hypot(3, 4), 5.0);
  EXPECT_EQ(rounded_hypot(1e300, 1e300), std::hypot(1e300, 1e300));
  EXPECT_EQ(rounded_hypot(5e-324, 0), 5e-324);
  std::mt19937_64 source(9);
  for (int i = 0; i < 100000; ++i) {
    double a =
        std::ldexp(static_cast<double>(source() >> 11) * 0x1p-53, static_cast<int>(source() % 2000) - 1000);
    double b =
        std::ldexp(static_cast<double>(source() >> 11) * 0x1p-53, static_cast<int>(source() % 2000) - 1000);
    double mine = rounded_hypot(a, b), theirs = std::hypot(a, b);
    ASSERT_LE(std::fabs(mine - theirs), std::nextafter(theirs, INFINITY) - theirs) << a << " " << b;
  }
}

std::string code_of(const std::string& id, const json& params) {
  RunContext ctx;
  Outcome out = registry().run(id, params, ctx);
  return out.ok ? "ok" : std::string(code_name(out.code));
}

TEST(chance_test, every_error_is_coded_and_the_next_call_works) {
  EXPECT_EQ(code_of("random.draw", {{"seed", "abc"}, {"seedKind", "int"}}), "ValueError");
  EXPECT_EQ(code_of("random.draw", {{"seed", std::string(10001, '7')}}), "LimitExceeded");
  EXPECT_EQ(code_of("random.draw", {{"fn", "randrange"}, {"args", {5, 5}}}), "ValueError");
  EXPECT_EQ(code_of("random.draw", {{"fn", "randrange"}, {"args", {5.5}}, {"python", "3.12"}}), "TypeError");
  EXPECT_EQ(code_of("random.draw", {{"fn", "randrange"}, {"args", {5.5}}, {"python", "3.11"}}), "ValueError");
  EXPECT_EQ(code_of("random.draw", {{"fn", "randrange"}, {"args", {5.0}}, {"python", "3.10"}}), "ok");
  EXPECT_EQ(code_of("random.draw", {{"fn", "sample"}, {"args", json::parse("[[1, 2], 3]")}}), "ValueError");
  EXPECT_EQ(code_of("random.draw", {{"fn", "choice"}, {"args", json::parse("[[]]")}}), "IndexError");
  EXPECT_EQ(code_of("random.draw", {{"fn", "expovariate"}, {"args", {0}}}), "ZeroDivisionError");
  EXPECT_EQ(code_of("random.draw", {{"fn", "gauss"}, {"python", "3.10"}}), "TypeError");
  EXPECT_EQ(code_of("random.draw", {{"fn", "getrandbits"}, {"args", {100001}}}), "LimitExceeded");
  EXPECT_EQ(code_of("random.draw", {{"fn", "gammavariate"}, {"args", {1e308, 1.0}}}), "LimitExceeded");
  EXPECT_EQ(code_of("random.recover", {{"outputs", std::vector<int>(625, 1)}}), "BadParams");
  EXPECT_EQ(code_of("stats.compute", {{"fn", "variance"}, {"data", {1.0}}}), "StatisticsError");
  EXPECT_EQ(code_of("stats.compute", {{"fn", "mean"}, {"data", {"x"}}}), "BadParams");
  EXPECT_EQ(code_of("random.draw", {{"seed", "7"}}), "ok");
}

TEST(chance_test, choices_binomialvariate_and_counts_errors_are_cpythons) {
  auto draw = [](const char* fn, const char* args, const char* kwargs, const char* python = "3.13") {
    return code_of(
        "random.draw",
        {{"fn", fn}, {"args", json::parse(args)}, {"kwargs", json::parse(kwargs)}, {"python", python}});
  };
  EXPECT_EQ(draw("binomialvariate", "[10, 0.5]", "{}", "3.11"), "AttributeError");
  EXPECT_EQ(draw("binomialvariate", "[10, 0.5]", "{}", "3.12"), "ok");
  EXPECT_EQ(draw("binomialvariate", "[10, 1.5]", "{}"), "ValueError");
  EXPECT_EQ(draw("binomialvariate", "[-1]", "{}"), "ValueError");
  EXPECT_EQ(draw("binomialvariate", "[5]", R"({"n": 5})"), "TypeError");
  EXPECT_EQ(draw("choices", "[[1, 2], [1, 1]]", R"({"cum_weights": [1, 2]})"), "TypeError");
  EXPECT_EQ(draw("choices", "[[1, 2], 3]", "{}"), "TypeError");  // k must be a keyword
  EXPECT_EQ(draw("choices", "[[1, 2], [1]]", "{}"), "ValueError");
  EXPECT_EQ(draw("choices", "[[1, 2], [0, 0]]", "{}"), "ValueError");
  EXPECT_EQ(draw("choices", "[[1, 2], [1e308, 1e308]]", "{}"), "ValueError");  // the total is inf
  EXPECT_EQ(draw("choices", "[[]]", "{}"), "IndexError");
  EXPECT_EQ(draw("choices", "[[1]]", R"({"k": 1000001})"), "LimitExceeded");
  EXPECT_EQ(draw("choices", "[[1]]", R"({"kk": 1})"), "TypeError");
  EXPECT_EQ(draw("sample", "[[1, 2], 1]", R"({"counts": [0, 0]})"), "ValueError");
  EXPECT_EQ(draw("sample", "[[1, 2], 1]", R"({"counts": [1.0, 1]})"), "TypeError");
  EXPECT_EQ(draw("sample", "[[1], 1000001]", R"({"counts": [4611686018427387904]})"), "LimitExceeded");
  EXPECT_EQ(draw("random", "[]", "[1]"), "BadParams");
  EXPECT_EQ(draw("sample", "[[1, 2], 3]", R"({"counts": [2, 1]})"), "ok");
}

}  // namespace
}  // namespace llplay::chance
