// Regression tests for what the hostile-input campaign and the fuzzers found (issue 21), each failing
// without its fix: deep params crashed every demo, a malformed params text was reported as the wrong
// thing, the stack guards trusted an unlimited stack, parallel.spawn ran without a budget.
#include <gtest/gtest.h>

#include <string>

#include "registry.hpp"
#include "stack.hpp"

namespace llplay {
namespace {

std::string deep_list(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string deep_object(std::size_t depth) {
  std::string out;
  for (std::size_t i = 0; i < depth; ++i) out += "{\"a\":";
  return out + "1" + std::string(depth, '}');
}

TEST(hostile, deep_params_are_bad_params_on_every_demo_not_a_crash) {
  // The params parser is iterative; copying, printing or comparing the value afterwards recursed.
  const std::string texts[] = {deep_list(100000), deep_object(100000),
                               "{\"values\": " + deep_list(100000) + "}",
                               "{\"script\": [" + deep_list(100000) + "]}"};
  for (const Demo& demo : registry().demos()) {
    for (const std::string& text : texts) {
      RunContext ctx;
      Outcome outcome = registry().run_text(demo.id, text, ctx);
      ASSERT_FALSE(outcome.ok) << demo.id;
      EXPECT_EQ(outcome.code, ErrorCode::BadParams) << demo.id << ": " << outcome.message;
      EXPECT_NE(outcome.message.find("nested more than 64 deep"), std::string::npos) << outcome.message;
    }
  }
}

TEST(hostile, params_at_the_depth_limit_still_reach_validation) {
  // 64 levels inside the params object are accepted by the depth check; the parameter then says what is
  // wrong.
  RunContext ctx;
  Outcome outcome = registry().run_text("float.repr", "{\"values\": " + deep_list(63) + "}", ctx);
  ASSERT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.code, ErrorCode::BadParams);
  EXPECT_EQ(outcome.message.find("nested more than"), std::string::npos) << outcome.message;
}

TEST(hostile, malformed_params_say_not_valid_json_and_where) {
  RunContext ctx;
  Outcome outcome = registry().run_text("float.repr", "{\"values\": [1,}", ctx);
  ASSERT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.code, ErrorCode::BadParams);
  EXPECT_NE(outcome.message.find("not valid JSON"), std::string::npos) << outcome.message;
  EXPECT_NE(outcome.message.find("byte 15"), std::string::npos) << outcome.message;
  // 1e309 is valid JSON that no double holds: the library throws out_of_range, which was Internal.
  outcome = registry().run_text("float.repr", "{\"values\": [1e309]}", ctx);
  EXPECT_EQ(outcome.code, ErrorCode::BadParams) << outcome.message;
  EXPECT_NE(outcome.message.find("too large for a double"), std::string::npos) << outcome.message;
  // The library's own text quotes what it read, which may end inside a character: it is not passed on.
  outcome = registry().run_text("float.repr", "{\"values\": \"\xc3", ctx);
  EXPECT_EQ(outcome.message.find('\xc3'), std::string::npos) << outcome.message;
}

TEST(hostile, an_unlimited_stack_is_assumed_to_be_the_default_eight_megabytes) {
  constexpr std::size_t huge = std::size_t{22} << 30;  // what glibc reports under `ulimit -s unlimited`
  EXPECT_EQ(stack::assumed_size(huge, true), std::size_t{8} << 20);
  EXPECT_EQ(stack::assumed_size(std::size_t{2} << 20, true), std::size_t{2} << 20);  // a thread's own stack
  EXPECT_EQ(stack::assumed_size(huge, false), stack::max_assumed);
  EXPECT_EQ(stack::assumed_size(std::size_t{8} << 20, false), std::size_t{8} << 20);
}

TEST(hostile, parallel_spawn_refuses_work_past_its_budget_before_starting) {
  RunContext ctx;
  Outcome outcome = registry().run("parallel.spawn", {{"tasks", 64}, {"maxTaskSize", 1000000000}}, ctx);
  ASSERT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.code, ErrorCode::LimitExceeded) << outcome.message;
  EXPECT_NE(outcome.message.find("budget"), std::string::npos) << outcome.message;
}

}  // namespace
}  // namespace llplay
