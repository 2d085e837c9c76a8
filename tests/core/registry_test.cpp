// The registry's contract: validation, error codes, cancel and progress, on a registry built here.
#include "registry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <new>
#include <thread>

namespace llplay {
namespace {

/// A registry with one demo per parameter type, each returning its validated params.
Registry make_registry() {
  Registry r;
  r.add_lab({"test", "Test"});
  auto echo = [](const Params& p, RunContext&) { return p.values(); };
  r.add({"test.types",
         "test",
         "types",
         "",
         {{"n", ParamType::integer, "", 10, 1, 1000, {}},
          {"x", ParamType::number, "", 0.5, 0, 1, {}},
          {"flag", ParamType::boolean, "", false, 0, 0, {}},
          {"text", ParamType::string, "", "abc", 1, 8, {}},
          {"list", ParamType::string_list, "", json::array({"a"}), 1, 3, {}},
          {"mode", ParamType::choice, "", "fast", 0, 0, {"fast", "slow"}},
          {"args", ParamType::value, "", json::array({1, 2}), 0, 40, {}}},
         Needs::nothing,
         echo});
  r.add({"test.required",
         "test",
         "required",
         "",
         {{"name", ParamType::string, "", nullptr, 0, 10, {}}},
         Needs::nothing,
         echo});
  r.add({"test.throws",
         "test",
         "throws",
         "",
         {{"what", ParamType::choice, "", "limit", 0, 0, {"limit", "more", "alloc", "std", "cancel-loop"}}},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           std::string what = p.string("what");
           if (what == "limit") throw Error(ErrorCode::RecursionLimit, "too deep");
           if (what == "more") throw Error(ErrorCode::ValueError, "boom", R"({"output":["a"],"code":"x"})");
           if (what == "alloc") throw std::bad_alloc();
           if (what == "std") throw std::runtime_error("boom");
           for (int i = 0;; ++i) ctx.checkpoint(0.5);
         }});
  return r;
}

Outcome run(const Registry& r, const std::string& id, const json& params) {
  RunContext ctx;
  return r.run(id, params, ctx);
}

TEST(registry_test, defaults_fill_missing_params) {
  Outcome o = run(make_registry(), "test.types", nullptr);
  ASSERT_TRUE(o.ok) << o.message;
  EXPECT_EQ(
      o.result,
      json::parse(R"({"n":10,"x":0.5,"flag":false,"text":"abc","list":["a"],"mode":"fast","args":[1,2]})"));
}

TEST(registry_test, typed_text_is_converted) {
  Outcome o = run(make_registry(), "test.types", {{"n", "1_000"}, {"x", "0.25"}, {"flag", "true"}});
  ASSERT_TRUE(o.ok) << o.message;
  EXPECT_EQ(o.result["n"], 1000);
  EXPECT_EQ(o.result["x"], 0.25);
  EXPECT_EQ(o.result["flag"], true);
  // A value parameter takes JSON as it is, or the JSON text a text box holds.
  EXPECT_EQ(run(make_registry(), "test.types", {{"args", "[3, [4.5]]"}}).result["args"],
            json::parse("[3,[4.5]]"));
  EXPECT_EQ(run(make_registry(), "test.types", {{"args", {{"a", 1}}}}).result["args"],
            json::parse(R"({"a":1})"));
}

TEST(registry_test, bad_values_name_the_parameter) {
  Registry r = make_registry();
  struct Case {
    json params;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {{{"n", "abc"}},
            "test.types: parameter 'n' must be a whole number between 1 and 1000; got \"abc\""},
           {{{"n", 0}}, "test.types: parameter 'n' must be between 1 and 1000; got 0"},
           {{{"n", 1.5}}, "test.types: parameter 'n' must be a whole number between 1 and 1000; got 1.5"},
           {{{"n", "99999999999999999999999"}}, "parameter 'n' must be a whole number"},
           {{{"x", "nan"}}, "parameter 'x' must be a number between 0 and 1"},
           {{{"x", 2}}, "parameter 'x' must be between 0 and 1; got 2"},
           {{{"flag", "yes"}}, "parameter 'flag' must be true or false"},
           {{{"text", ""}}, "parameter 'text' must not be empty"},
           {{{"text", "123456789"}}, "parameter 'text' must be at most 8 bytes"},
           {{{"list", json::array()}}, "parameter 'list' needs at least 1 item(s)"},
           {{{"list", json::array({"a", 1})}}, "parameter 'list' must hold only strings; got 1"},
           {{{"list", json::array({"a", "b", "c", "d"})}}, "parameter 'list' takes at most 3 items"},
           {{{"mode", "medium"}}, "parameter 'mode' must be one of fast, slow; got \"medium\""},
           {{{"args", "[1,"}}, "parameter 'args' must be JSON (a list, an object or a number)"},
           {{{"args", std::string(40, '[') + std::string(40, ']')}},
            "parameter 'args' is nested more than 32 deep"},
           {{{"args", json::array({"0123456789", "0123456789", "0123456789", "0123456789"})}},
            "parameter 'args' must be at most 40 bytes of JSON"},
           {{{"colour", "red"}},
            "test.types has no parameter 'colour' (it takes: n, x, flag, text, list, mode, args)"},
           {json::array(), "test.types: params must be a JSON object"},
       }) {
    Outcome o = run(r, "test.types", c.params);
    EXPECT_FALSE(o.ok) << c.params;
    EXPECT_EQ(o.code, ErrorCode::BadParams) << c.params;
    EXPECT_NE(o.message.find(c.message), std::string::npos) << o.message;
  }
}

TEST(registry_test, a_value_holding_text_that_is_not_utf8_is_bad_params) {
  // JSON text cannot carry such bytes, but a value built in C++ can: dump() used to throw (Internal).
  // Found by the http fuzzer (a header name with a stray 0xB1 byte in http.request's headers).
  Registry r = make_registry();
  for (const json& args : {json::array({"ok", "caf\xff"}), json{{"\xc0\x80", 1}},
                           json::array({json::array({std::string("\xb1")})})}) {
    Outcome o = run(r, "test.types", {{"args", args}});
    EXPECT_EQ(o.code, ErrorCode::BadParams);
    EXPECT_NE(o.message.find("parameter 'args' holds text that is not UTF-8"), std::string::npos)
        << o.message;
  }
  EXPECT_EQ(run(r, "test.types", {{"args", json::array({"caf\xc3\xa9"})}}).result["args"][0], "caf\xc3\xa9");
}

TEST(registry_test, required_param_must_be_given) {
  Outcome o = run(make_registry(), "test.required", json::object());
  EXPECT_EQ(o.code, ErrorCode::BadParams);
  EXPECT_EQ(o.message, "test.required: parameter 'name' is required");
}

TEST(registry_test, unknown_id_and_bad_json_are_errors) {
  Registry r = make_registry();
  EXPECT_EQ(run(r, "test.nope", nullptr).code, ErrorCode::UnknownDemo);
  RunContext ctx;
  Outcome o = r.run_text("test.types", "{not json", ctx);
  EXPECT_EQ(o.code, ErrorCode::BadParams);
  EXPECT_EQ(o.message, "test.types: params are not valid JSON (the error is at byte 3)");
  EXPECT_TRUE(r.run_text("test.types", "  ", ctx).ok);
}

TEST(registry_test, failures_become_error_outcomes) {
  Registry r = make_registry();
  Outcome limit = run(r, "test.throws", {{"what", "limit"}});
  EXPECT_EQ(limit.code, ErrorCode::RecursionLimit);
  EXPECT_EQ(limit.to_json(), json::parse(R"({"error":{"code":"RecursionLimit","message":"too deep"}})"));
  // An error's details join the error object; they never replace its code or message.
  EXPECT_EQ(run(r, "test.throws", {{"what", "more"}}).to_json(),
            json::parse(R"({"error":{"code":"ValueError","message":"boom","output":["a"]}})"));
  EXPECT_EQ(run(r, "test.throws", {{"what", "alloc"}}).code, ErrorCode::OutOfMemory);
  Outcome internal = run(r, "test.throws", {{"what", "std"}});
  EXPECT_EQ(internal.code, ErrorCode::Internal);
  EXPECT_EQ(internal.message, "test.throws: internal error: boom");
  EXPECT_TRUE(run(r, "test.types", nullptr).ok) << "the registry keeps working after errors";
}

TEST(registry_test, cancel_word_stops_only_the_named_run) {
  Registry r = make_registry();
  std::atomic<std::uint32_t> word{0};
  int reports = 0;
  // The sink runs on the demo's thread, so this works in the st build too: after the first report
  // another run's id is stored (ignored), after the second this run's id (cancels).
  RunContext ctx([&](double) { word.store(++reports == 1 ? 6 : 7); }, &word, 7);
  Outcome o = r.run("test.throws", {{"what", "cancel-loop"}}, ctx);
  EXPECT_EQ(o.code, ErrorCode::Cancelled);
  EXPECT_EQ(o.message, "cancelled");
  EXPECT_EQ(reports, 2);
}

#if !defined(__EMSCRIPTEN__) || defined(__EMSCRIPTEN_PTHREADS__)
TEST(registry_test, cancel_from_another_thread_with_throttled_progress) {
  Registry r = make_registry();
  std::atomic<std::uint32_t> word{0};
  int reports = 0;
  RunContext ctx([&](double) { ++reports; }, &word, 9);
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(350));
    word.store(9);
  });
  auto start = std::chrono::steady_clock::now();
  Outcome o = r.run("test.throws", {{"what", "cancel-loop"}}, ctx);
  auto waited = std::chrono::steady_clock::now() - start;
  canceller.join();
  EXPECT_EQ(o.code, ErrorCode::Cancelled);
  EXPECT_GE(waited, std::chrono::milliseconds(350));
  // One report per 100 ms at most: about 3 in 350 ms, never thousands.
  EXPECT_GE(reports, 2);
  EXPECT_LE(reports, waited / std::chrono::milliseconds(100) + 1)
      << "waited " << (waited / std::chrono::milliseconds(1)) << " ms";
}

TEST(registry_test, progress_is_reported_only_on_the_owner_thread) {
  int reports = 0;
  RunContext ctx([&](double) { ++reports; }, nullptr, 0);
  std::thread other([&] {
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(250);
    while (std::chrono::steady_clock::now() < end) ctx.checkpoint(0.5);
  });
  other.join();
  EXPECT_EQ(reports, 0);
}
#endif

TEST(registry_test, malformed_demos_are_rejected_at_registration) {
  Registry r;
  auto run_fn = [](const Params&, RunContext&) { return json::object(); };
  EXPECT_THROW(r.add({"test.early", "test", "", "", {}, Needs::nothing, run_fn}), std::logic_error)
      << "a demo of a lab not declared yet";
  r.add_lab({"test", "Test"});
  EXPECT_THROW(r.add_lab({"test", "Again"}), std::logic_error);
  EXPECT_THROW(r.add({"nodot", "test", "", "", {}, Needs::nothing, run_fn}), std::logic_error);
  EXPECT_THROW(
      r.add(
          {"test.bad", "test", "", "", {{"n", ParamType::integer, "", 0, 1, 5, {}}}, Needs::nothing, run_fn}),
      Error)
      << "a default outside its own range";
  r.add({"test.ok", "test", "", "", {}, Needs::nothing, run_fn});
  EXPECT_THROW(r.add({"test.ok", "test", "", "", {}, Needs::nothing, run_fn}), std::logic_error);
}

TEST(registry_test, every_registered_demo_accepts_its_defaults) {
  // The real registry: every demo must accept its own defaults.
  for (const Demo& demo : registry().demos()) {
    EXPECT_NO_THROW(Registry::validate(demo, nullptr)) << demo.id;
  }
  json described = registry().describe();
  ASSERT_TRUE(described.is_array());
  EXPECT_EQ(described.size(), registry().demos().size());
}

TEST(registry_test, this_program_registers_every_lab_in_order) {
  // The tests link every lab, as the CLI does, in CMakeLists.txt's order; each demo names one of them.
  std::vector<std::string> labs;
  for (const Lab& lab : registry().labs()) labs.push_back(lab.id);
  EXPECT_EQ(labs, (std::vector<std::string>{"floats", "memory", "recursion", "json", "parallel", "sql",
                                            "chance", "async", "files", "network", "profile"}));
  for (const Demo& demo : registry().demos()) {
    EXPECT_NE(std::find(labs.begin(), labs.end(), demo.lab), labs.end()) << demo.id;
  }
  EXPECT_EQ(registry().describe_labs()[3], (json{{"id", "json"}, {"title", "JSON"}}));
}

}  // namespace
}  // namespace llplay
