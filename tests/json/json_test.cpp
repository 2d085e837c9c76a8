// The JSON lab's engines, natively and in both wasm builds: JSONTestSuite verdicts for every case,
// the three engines agreeing, the million-deep exploit, invalid UTF-8, numbers beyond the double
// range, empty input, 100 MB of input, and the tree engines' memory budget.
#include <gtest/gtest.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "heap.hpp"
#include "json/document.hpp"
#include "json/engines.hpp"
#include "json/generate.hpp"
#include "json/host.hpp"
#include "registry.hpp"

namespace llplay::json_lab {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Extraction run(std::string_view doc, Engine engine, std::string_view key = "user_email",
               std::int64_t max_depth = 1000) {
  RunContext ctx;
  return extract(doc, key, engine, max_depth, ctx);
}

constexpr Engine engines[] = {Engine::recursive, Engine::iterative, Engine::streaming};

TEST(json_test, jsontestsuite_verdicts_for_every_case) {
  std::filesystem::path suite =
      std::filesystem::path(LLPLAY_CONFORMANCE_DIR) / "JSONTestSuite" / "test_parsing";
  int cases = 0;
  for (const auto& file : std::filesystem::directory_iterator(suite)) {
    std::string name = file.path().filename().string(), doc = read_file(file.path());
    std::optional<SyntaxError> error = validate(doc);  // i_ cases: any verdict, but no crash or hang
    if (name.rfind("y_", 0) == 0) {
      EXPECT_FALSE(error) << name << ": " << error->describe();
    }
    if (name.rfind("n_", 0) == 0) {
      EXPECT_TRUE(error) << name << " was accepted";
    }
    if (!error) {  // what validates, every engine reads
      for (Engine e : {Engine::iterative, Engine::streaming}) {
        EXPECT_NO_THROW(run(doc, e)) << name;
      }
    }
    ++cases;
  }
  EXPECT_EQ(cases, 318);
}

TEST(json_test, the_three_engines_agree_on_generated_documents) {
  RunContext ctx;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    std::string doc = random_payload(20000 + seed * 1000, static_cast<int>(2 + seed % 12), seed, ctx);
    Extraction reference = run(doc, Engine::iterative);
    EXPECT_GT(reference.matches.size(), 0u) << seed;
    for (Engine e : engines) {
      Extraction x = run(doc, e);
      EXPECT_EQ(x.matches, reference.matches) << engine_name(e) << " seed " << seed;
      EXPECT_EQ(x.nodes, reference.nodes) << engine_name(e) << " seed " << seed;
      EXPECT_EQ(x.max_depth, reference.max_depth) << engine_name(e) << " seed " << seed;
    }
  }
}

TEST(json_test, order_duplicates_escapes_and_nested_matches) {
  std::string doc = R"({"user_email": {"user_email": 1, "z": [{"user\u005femail": 2}]}, "user_email": 3})";
  json expected = json::parse(R"([{"user_email": 1, "z": [{"user_email": 2}]}, 1, 2, 3])");
  for (Engine e : engines) {
    EXPECT_EQ(run(doc, e).matches, expected) << engine_name(e);
  }
}

TEST(json_test, a_million_deep_exploit_on_each_engine) {
  std::string doc = exploit_payload(1000000);
  try {
    run(doc, Engine::recursive);
    ADD_FAILURE() << "the recursive engine went a million deep";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::RecursionLimit);
  }
  try {
    run(doc, Engine::recursive, "user_email", 10000000);
    ADD_FAILURE() << "the recursive engine went a million deep";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::StackExhausted) << e.what();
  }
  for (Engine e : {Engine::iterative, Engine::streaming}) {
    Extraction x = run(doc, e);
    EXPECT_EQ(x.max_depth, 1000000) << engine_name(e);
    EXPECT_EQ(x.nodes, 1000001) << engine_name(e);
    EXPECT_TRUE(x.matches.empty());
  }
  EXPECT_EQ(run(R"({"user_email": "after"})", Engine::recursive).matches, json::array({"after"}))
      << "the next run works";
}

TEST(json_test, invalid_utf8_empty_input_and_trailing_bytes) {
  for (std::string bad :
       {std::string("[\"\xff\"]"), std::string("[\"\xc3\x28\"]"), std::string("[\"\xed\xa0\x80\"]"),
        std::string(""), std::string("  "), std::string("[1]\0[2]", 7), std::string("[1] x")}) {
    EXPECT_TRUE(validate(bad)) << "accepted: " << bad;
    for (Engine e : engines) {
      try {
        run(bad, e);
        ADD_FAILURE() << engine_name(e) << " read " << bad;
      } catch (const Error& x) {
        EXPECT_EQ(x.code(), ErrorCode::ParseError);
      }
    }
  }
  EXPECT_EQ(validate("")->describe(), "line 1, column 1: The document is empty.");
  EXPECT_EQ(validate("{\n  \"a\": [1, 2,]\n}")->describe(), "line 2, column 14: Invalid value.");
  EXPECT_EQ(validate("[\"caf\xc3\xa9\", x]")->describe(), "line 1, column 10: Invalid value.")
      << "columns count characters";
}

TEST(json_test, numbers_beyond_the_double_range_are_kept_as_text) {
  std::string doc =
      R"({"user_email": [1e400, -1E+999, 123456789012345678901234567890, 1.5, -7, 18446744073709551615]})";
  EXPECT_FALSE(validate(doc));
  json expected = json::parse(
      R"([["1e400", "-1E+999", "123456789012345678901234567890", 1.5, -7, 18446744073709551615]])");
  for (Engine e : engines) {
    EXPECT_EQ(run(doc, e).matches, expected) << engine_name(e);
  }
  EXPECT_TRUE(validate("[1e400 x]")) << "still validated: the stand-in changes only the number";
}

TEST(json_test, numbers_read_without_strtod_are_strtods_numbers) {
  // number_json reads most numbers by hand (integers of up to 19 digits; reals of at most 2^53 in their
  // digits and 10^22 either way): the C library's strtoll, strtoull and strtod must agree on every one.
  auto by_the_library = [](const std::string& s) -> json {
    errno = 0;
    if (s.find_first_of(".eE") == std::string::npos) {
      if (s[0] == '-') {
        long long v = std::strtoll(s.c_str(), nullptr, 10);
        return errno == ERANGE ? json(s) : json(v);
      }
      unsigned long long v = std::strtoull(s.c_str(), nullptr, 10);
      return errno == ERANGE ? json(s) : json(v);
    }
    double d = std::strtod(s.c_str(), nullptr);
    return std::isinf(d) ? json(s) : json(d);
  };
  std::mt19937_64 rng(20261206);
  auto digits = [&](std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += static_cast<char>('0' + rng() % 10);
    return out;
  };
  std::vector<std::string> cases = {"9007199254740993",
                                    "9007199254740993.0",
                                    "1e22",
                                    "1e23",
                                    "1.5e-22",
                                    "1.5e-23",
                                    "-0",
                                    "-0.0",
                                    "1234567890123456789",
                                    "12345678901234567890",
                                    "-9223372036854775808",
                                    "-9223372036854775809",
                                    "18446744073709551616"};
  for (int i = 0; i < 100000; ++i) {
    std::string s =
        (rng() % 2 ? "-" : "") + (rng() % 10 ? std::string(1, static_cast<char>('1' + rng() % 9)) : "0");
    if (s.back() != '0') s += digits(rng() % 21);
    if (rng() % 2) s += "." + digits(1 + rng() % 20);
    if (rng() % 3 == 0)
      s += std::string(rng() % 2 ? "e" : "E") + (rng() % 2 ? "-" : "") + std::to_string(rng() % 40);
    cases.push_back(s);
  }
  for (const std::string& s : cases) {
    json quick = number_json(s), slow = by_the_library(s);
    ASSERT_EQ(quick.type(), slow.type()) << s;
    if (quick.is_number_float()) {
      double a = quick.get<double>(), b = slow.get<double>();
      ASSERT_EQ(std::memcmp(&a, &b, sizeof a), 0) << s << ": " << a << " vs " << b;
    } else {
      ASSERT_EQ(quick, slow) << s;
    }
  }
}

TEST(json_test, a_hundred_megabytes_without_running_out_of_memory) {
  RunContext ctx;
  std::string doc = random_payload(100u << 20, 8, 7, ctx);
  ASSERT_GE(doc.size(), 100u << 20);
  Extraction streaming = run(doc, Engine::streaming), iterative = run(doc, Engine::iterative);
  EXPECT_EQ(streaming.matches.size(), iterative.matches.size());
  EXPECT_GT(streaming.matches.size(), 100000u);
  EXPECT_LT(streaming.peak_bytes, iterative.peak_bytes / 2) << "streaming keeps no tree";
}

TEST(json_test, the_tree_engines_stop_at_their_memory_budget_before_spending_it) {
  // A million plain values need a 16 MB tree: with a 4 MiB budget both tree engines stop with
  // LimitExceeded naming it, having taken no more than it; the streaming engine reads the whole document.
  std::string doc = "[";
  for (int i = 0; i < 1000000; ++i) doc += "0,";
  doc += "0]";
  const std::size_t budget = std::size_t{4} << 20;
  for (Engine e : {Engine::recursive, Engine::iterative}) {
    RunContext ctx;
    heap::PeakMeter meter;
    try {
      extract(doc, "a", e, 1000, ctx, budget);
      ADD_FAILURE() << engine_name(e) << ": a 16 MB tree within 4 MiB";
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ErrorCode::LimitExceeded) << engine_name(e);
      EXPECT_NE(std::string(error.what()).find("4 MiB"), std::string::npos) << error.what();
    }
    EXPECT_LE(meter.bytes(), budget + (64 << 10)) << engine_name(e) << ": spent before it stopped";
  }
  EXPECT_EQ(run(doc, Engine::streaming, "a").nodes, 1000002);  // the array and its values
  // A 64 MiB budget holds it.
  RunContext ctx;
  EXPECT_EQ(extract(doc, "a", Engine::iterative, 1000, ctx, std::size_t{64} << 20).nodes, 1000002);
}

TEST(json_test, the_iterative_walks_stack_counts_against_the_tree_budget) {
  // 100,000 nested arrays: a 1.6 MB tape, and the walk's stack takes 12 bytes a level on top of it.
  const std::size_t depth = 100000;
  std::string doc = std::string(depth, '[') + std::string(depth, ']');
  RunContext ctx;
  Tape tape = parse(doc, ctx);
  ASSERT_EQ(tape.depth, depth);
  const std::size_t needs = tape.bytes() + depth * 12;
  try {
    extract(doc, "a", Engine::iterative, 1000, ctx, needs - 1);
    ADD_FAILURE() << "the walk's stack went past the budget";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::LimitExceeded);
    EXPECT_NE(std::string(error.what()).find("nested 100000 deep"), std::string::npos) << error.what();
  }
  EXPECT_EQ(extract(doc, "a", Engine::iterative, 1000, ctx, needs).max_depth, 100000);
}

TEST(json_test, the_budget_is_in_the_demos_description_and_its_error) {
  // The page says what the tree engines may use (measured with the CLI: a 128 MB "[0,0,...]" stops there).
  const Demo* demo = nullptr;
  for (const Demo& d : registry().demos())
    if (d.id == "json.extract") demo = &d;
  ASSERT_NE(demo, nullptr);
  const std::string budget = std::to_string(max_tree_bytes >> 20) + " MiB";
  EXPECT_EQ(budget, "768 MiB");
  EXPECT_NE(demo->summary.find(budget), std::string::npos) << demo->summary;
}

TEST(json_test, contract_ids_answer_through_the_registry) {
  RunContext ctx;
  Outcome ok = registry().run("json.validate", {{"doc", "[1, 2"}}, ctx);
  ASSERT_TRUE(ok.ok);
  EXPECT_EQ(ok.result["valid"], false);
  EXPECT_EQ(ok.result["error"], "line 1, column 6: Missing a comma or ']' after an array element.");
  Outcome bad = registry().run("json.extract", {{"doc", "{"}, {"engine", "iterative"}}, ctx);
  EXPECT_EQ(bad.code, ErrorCode::ParseError);
  Outcome b64 = registry().run("json.validate", {{"doc", "WzFd"}, {"docEncoding", "base64"}}, ctx);  // [1]
  EXPECT_EQ(b64.result["valid"], true);
  EXPECT_EQ(registry().run("json.validate", {{"doc", "W$"}, {"docEncoding", "base64"}}, ctx).code,
            ErrorCode::BadParams);
}

TEST(json_test, compare_runs_every_engine_and_the_hosts_json_parse_where_there_is_one) {
  RunContext ctx;
  std::string doc = R"({"user_email": "a", "x": {"user_email": 1e400}, "user_email": "b"})";
  Outcome out = registry().run("json.compare", {{"source", "text"}, {"doc", doc}, {"maxDepth", 1}}, ctx);
  ASSERT_TRUE(out.ok) << out.message;
  const json& engines = out.result["engines"];
  EXPECT_EQ(engines[0]["code"], "RecursionLimit")
      << "maxDepth 1 stops the recursive engine at the inner object";
  EXPECT_EQ(engines[1]["matches"], json::parse(R"(["a", "1e400", "b"])"));
  EXPECT_EQ(engines[2]["matches"], engines[1]["matches"]);
  EXPECT_TRUE(out.result["agree"]);
  for (const json* row : {&engines[1], &engines[2]}) {  // one untimed run, then the median of three
    EXPECT_EQ((*row)["runs"], 3);
    EXPECT_LE((*row)["minMs"].get<double>(), (*row)["ms"].get<double>());
    EXPECT_LE((*row)["ms"].get<double>(), (*row)["maxMs"].get<double>());
  }
  EXPECT_FALSE(engines[0].contains("runs")) << "an engine that stopped is not run again";
  if (host_reference() == nullptr) {
    EXPECT_FALSE(out.result.contains("reference")) << "natively there is no host parser";
    return;
  }
  // The browser's JSON.parse keeps one member per name (the first's place, the last's value) and turns
  // 1e400 into Infinity, which JSON.stringify writes as null.
  const json& reference = out.result["reference"];
  EXPECT_EQ(reference["ok"], true);
  EXPECT_EQ(reference["engine"], "JSON.parse + JavaScript walk");
  EXPECT_EQ(reference["matches"], json::parse(R"(["b", null])"));
  EXPECT_EQ(reference["agrees"], false);
  EXPECT_EQ(reference["firstDifference"], 0);
  EXPECT_EQ(reference["runs"], 3);
  EXPECT_LE(reference["minMs"].get<double>(), reference["maxMs"].get<double>());
  Outcome exploit = registry().run("json.compare", {{"source", "exploit"}, {"depth", 1000000}}, ctx);
  EXPECT_EQ(exploit.result["reference"]["maxDepth"], 1000000)
      << "JSON.parse and the explicit walk survive the exploit";
  Outcome bad = registry().run("json.compare", {{"source", "text"}, {"doc", "[\"\xff\"]"}}, ctx);
  EXPECT_EQ(bad.code, ErrorCode::ParseError);
}

}  // namespace
}  // namespace llplay::json_lab
