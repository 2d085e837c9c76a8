// The memory lab natively and in both wasm builds: reference counts after every sandbox step, a
// collector that frees exactly the unreachable cycles, weak references, a resurrecting finalizer,
// clear errors for bad input, exact peaks from the counting allocator, and running out of memory.
#include <gtest/gtest.h>

#include "error.hpp"
#include "heap.hpp"
#include "memory/cpython.hpp"
#include "memory/pipelines.hpp"
#include "memory/sandbox.hpp"
#include "registry.hpp"

namespace llplay::memory {
namespace {

using sandbox::json;

/// These tests pin the figures of CPython 3.11 (tests/memory/cpython_test.py checks every version).
constexpr python::Version V311 = python::Version::v3_11;
json run311(const std::vector<std::string>& lines) { return sandbox::run(lines, V311); }

/// The object a name is stuck on, in one step's state.
json named(const json& step, const std::string& name) {
  for (const json& n : step["state"]["names"]) {
    if (n["name"] == name) {
      for (const json& o : step["state"]["objects"])
        if (o["id"] == n["id"]) return o;
    }
  }
  return nullptr;
}

std::int64_t refcount(const json& step, const std::string& name) {
  return named(step, name)["refcount"].get<std::int64_t>();
}

TEST(memory_test, reference_counts_after_every_step) {
  json steps = run311({"a = [1, 2, 3]", "b = a", "c = list(a)", "sys.getrefcount(a)", "del a", "a is b",
                       "del b", "x = 257", "y = 257", "x is y", "x = 257; y = 257; x is y", "x = 256",
                       "y = 256", "x is y"})["steps"];
  EXPECT_EQ(refcount(steps[0], "a"), 1);
  EXPECT_EQ(refcount(steps[1], "a"), 2) << "b = a: a second note on the same list";
  EXPECT_EQ(named(steps[1], "a")["id"], named(steps[1], "b")["id"]);
  EXPECT_EQ(refcount(steps[2], "c"), 1);
  EXPECT_NE(named(steps[2], "a")["id"], named(steps[2], "c")["id"]) << "list(a) is a new list";
  json one;
  for (const json& o : steps[2]["state"]["objects"])
    if (o["repr"] == "1") one = o;
  EXPECT_EQ(one["refcount"], 3) << "the small-int cache, a's list and c's list";
  EXPECT_EQ(one["cached"], "small int");
  EXPECT_EQ(steps[3]["output"], "3") << "sys.getrefcount counts its own argument too";
  EXPECT_EQ(refcount(steps[4], "b"), 1);
  EXPECT_EQ(steps[5]["error"], "NameError: name 'a' is not defined");
  EXPECT_EQ(steps[5]["state"], steps[4]["state"]) << "a failed line changes nothing";
  ASSERT_EQ(steps[6]["events"].size(), 1u);
  EXPECT_EQ(steps[6]["events"][0].get<std::string>().rfind("freed <list [1, 2, 3] at 0x", 0), 0u)
      << steps[6]["events"];
  EXPECT_EQ(steps[9]["output"], "False") << "257 on two lines: two objects";
  EXPECT_EQ(steps[10]["output"], "True") << "257 twice on one line: one constant of one code object";
  EXPECT_EQ(refcount(steps[10], "x"), 2);
  EXPECT_EQ(steps[13]["output"], "True") << "256 is cached";
}

TEST(memory_test, strings_that_look_like_names_are_interned) {
  json steps = run311({"s = 'hello'", "t = 'hello'", "s is t", "u = 'hello world'", "v = 'hello world'",
                       "u is v", "u == v"})["steps"];
  EXPECT_EQ(steps[2]["output"], "True");
  EXPECT_EQ(named(steps[2], "s")["cached"], "interned");
  EXPECT_EQ(steps[5]["output"], "False");
  EXPECT_EQ(steps[6]["output"], "True");
}

TEST(memory_test, the_collector_frees_exactly_the_unreachable_cycles) {
  json steps = run311({"gc.disable()", "a = Node(); b = Node(); a.p = b; b.p = a", "c = Node(); d = Node()",
                       "c.p = d; d.p = c", "keep = [Node(), c]", "del c, d",
                       "e = Node(); f = Node(); e.p = f; f.p = e", "w = weakref.ref(e)", "del e, f",
                       "gc.collect()", "w()"})["steps"];
  const json& leaked = steps[8]["state"]["objects"];
  int unreachable = 0;
  for (const json& o : leaked) unreachable += o["reachable"] == false;
  EXPECT_EQ(unreachable, 2) << "with the collector off, the e-f cycle leaks";
  EXPECT_EQ(steps[9]["output"], "2") << "exactly the e-f cycle";
  int nodes = 0;
  for (const json& o : steps[9]["state"]["objects"]) {
    EXPECT_EQ(o["reachable"], true) << o;
    nodes += o["type"] == "Node";
  }
  EXPECT_EQ(nodes, 5) << "a, b, keep's new Node, c and d are reachable and stay";
  EXPECT_EQ(named(steps[9], "w")["weakTo"], nullptr) << "the weak reference was cleared";
  EXPECT_EQ(steps[10]["output"], "") << "a dead weak reference returns None";
  EXPECT_EQ(steps[9]["state"]["gc"]["collections"], json::parse("[0, 0, 1]"));
  EXPECT_EQ(steps[9]["state"]["gc"]["collected"], json::parse("[0, 0, 2]"));
}

TEST(memory_test, a_finalizer_resurrects_once_and_the_threshold_collects) {
  json steps = run311({"p = Phoenix(); p.me = p", "del p", "gc.collect()", "saved", "del saved",
                       "gc.collect()", "nodes = [Node() for i in range(701)]"})["steps"];
  EXPECT_EQ(steps[2]["output"], "0") << "the finalizer saved it";
  EXPECT_EQ(named(steps[3], "saved")["finalized"], true);
  EXPECT_EQ(steps[5]["output"], "1") << "freed the second time, without running __del__ again";
  for (const json& e : steps[5]["events"]) EXPECT_EQ(e.get<std::string>().find("__del__"), std::string::npos);
  EXPECT_EQ(steps[6]["state"]["gc"]["collections"][0], 1) << "701 new containers pass the threshold of 700";
}

TEST(memory_test, bad_input_is_refused_before_anything_runs) {
  for (auto [line, message] :
       {std::pair{"for x in y", "line 1, column 1: 'for' cannot start an expression"},
        std::pair{"a = 1 + 2", "line 1, column 7: unexpected character '+'"},
        std::pair{"a = [1, 2", "line 1, column 10: expected ']'"},
        std::pair{"import os", "line 1, column 10: only gc, sys and weakref can be imported here"}}) {
    try {
      run311({"ok = 1", line});
      ADD_FAILURE() << line;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::BadParams);
      EXPECT_EQ(std::string(e.what()).rfind(std::string("line 2") + std::string(message).substr(6), 0), 0u)
          << e.what();
    }
  }
}

TEST(memory_test, the_counting_allocator_is_exact_for_known_allocations) {
  {
    heap::PeakMeter meter;
    char* volatile block = new char[1000];  // volatile: the compiler may not leave the allocations out
    char* volatile other = new char[24];
    delete[] block;
    delete[] other;
    EXPECT_EQ(meter.bytes(), 1024u);
  }
  RunContext ctx;
  Pipeline eager_run = eager(1000, ctx);
  EXPECT_EQ(eager_run.peak_bytes, 1024u * 8 + 512u * 8) << "capacity 1024 plus the 512 it grew from";
  u128 again = 1;
  Pipeline lazy_run = lazy(1000, ctx, &again);
  // The coroutine's frame (kept out of line, so on the heap) and nothing that grows with n.
  EXPECT_GT(lazy_run.peak_bytes, 0u);
  EXPECT_LT(lazy_run.peak_bytes, 512u);
  EXPECT_EQ(lazy(100000, ctx).peak_bytes, lazy_run.peak_bytes);
  EXPECT_EQ(lazy_run.sum, eager_run.sum);
  EXPECT_EQ(again, 0u) << "a second loop over the same generator finds it exhausted";
}

TEST(memory_test, cpython_layout_rules) {
  // These figures are not published anywhere: they are derived from CPython 3.11's object layout
  // (Include/cpython/longintrepr.h, listobject.h, Include/internal/pycore_frame.h, pycore_object.h;
  // Objects/listobject.c, unicodeobject.c, dictobject.c; Python/compile.c), as cpython.hpp cites, and
  // tests/memory/cpython_test.py checks each against sys.getsizeof and tracemalloc in a live
  // CPython 3.11 (64-bit).
  EXPECT_EQ(cpython::int_bytes(V311, 0), 28u);
  EXPECT_EQ(cpython::int_bytes(V311, (1u << 30) - 1), 28u);
  EXPECT_EQ(cpython::int_bytes(V311, 1u << 30), 32u);
  EXPECT_EQ(cpython::int_bytes(V311, (std::uint64_t{1} << 60) - 1), 32u);
  EXPECT_EQ(cpython::int_bytes(V311, std::uint64_t{1} << 60), 36u);
  EXPECT_EQ(cpython::bool_bytes(V311, false), 28u) << "True and False alike";
  EXPECT_EQ(cpython::bool_bytes(V311, true), 28u);
  EXPECT_EQ(cpython::none_bytes, 16u);
  EXPECT_EQ(cpython::str_bytes(V311, ""), 49u);
  EXPECT_EQ(cpython::str_bytes(V311, "hello"), 54u);
  EXPECT_EQ(cpython::str_bytes(V311, "\xc3\xa9"), 74u) << "U+00E9: one byte a character";
  EXPECT_EQ(cpython::str_bytes(V311, "ab\xe2\x82\xac"), 80u) << "U+20AC: two";
  EXPECT_EQ(cpython::str_bytes(V311, "x\xf0\x9f\x98\x80"), 84u) << "U+1F600: four";
  EXPECT_EQ(cpython::str_length("x\xf0\x9f\x98\x80"), 2u);
  EXPECT_EQ(cpython::tuple_bytes(3), 64u);
  EXPECT_EQ(cpython::weakref_bytes(V311), 80u);
  EXPECT_EQ(cpython::list_bytes(0), 56u);
  EXPECT_EQ(cpython::list_bytes(cpython::list_capacity_after_appends(1000)), 8856u);
  EXPECT_EQ(cpython::list_bytes(cpython::list_display_capacity(3, true)), 88u) << "[1, 2, 3]";
  EXPECT_EQ(cpython::list_bytes(cpython::list_display_capacity(3, false)), 80u) << "[a, a, a]";
  EXPECT_EQ(cpython::list_bytes(cpython::list_display_capacity(2, true)), 72u) << "[1, 2]";
  EXPECT_EQ(cpython::list_bytes(cpython::list_display_capacity(31, false)), 312u) << "31 names: appends";
  EXPECT_EQ(cpython::list_bytes(cpython::list_display_capacity(40, true)), 376u) << "40 constants: exact";
  EXPECT_EQ(cpython::list_bytes(cpython::list_capacity_exact(5)), 104u) << "list() of 5 items";
  EXPECT_EQ(cpython::list_bytes(cpython::list_resize(2, 2, 3)), 120u) << "[a, a].append(a)";
  EXPECT_EQ(cpython::lazy_objects("3.11").generator, 208u);
  EXPECT_EQ(cpython::lazy_objects("3.11").range_iterator, 48u);
  EXPECT_EQ(cpython::slots_instance_bytes(0), 32u);
  EXPECT_EQ(cpython::slots_instance_bytes(3), 56u);
  EXPECT_EQ(cpython::dict_instance_bytes(V311, 0), 72u);
  EXPECT_EQ(cpython::dict_instance_bytes(V311, 3), 96u);
  EXPECT_EQ(cpython::dict_instance_bytes(V311, 28), 320u);
  EXPECT_EQ(cpython::dict_instance_bytes(V311, 29), 320u) << "the shared keys are full: no spare slot";
  EXPECT_EQ(cpython::dict_instance_bytes(V311, 30), 1640u) << "a dict of its own, 128 slots";
  EXPECT_EQ(cpython::dict_instance_bytes(V311, 64), 1640u);
  EXPECT_EQ(cpython::dict_instance_bytes(V311, 85), 1640u);
  EXPECT_EQ(cpython::dict_instance_bytes(V311, 86), 3384u) << "256 slots";
  EXPECT_EQ(cpython::eager_squares(1000000).list, 8448728u) << "the series' \"8 MB\" is the list alone";
}

TEST(memory_test, cpython_layout_rules_by_version) {
  // What changed between versions (each checked against its interpreter by tests/memory/cpython_test.py).
  using V = python::Version;
  EXPECT_EQ(cpython::int_bytes(V::v3_10, 0), 24u) << "3.10: 0 has no digit";
  EXPECT_EQ(cpython::int_bytes(V::v3_10, 1), 28u);
  EXPECT_EQ(cpython::bool_bytes(V::v3_10, false), 24u);
  EXPECT_EQ(cpython::str_bytes(V::v3_12, "a"), 42u) << "3.12: no wstr";
  EXPECT_EQ(cpython::str_bytes(V::v3_13, "caf\xc3\xa9"), 61u);
  EXPECT_EQ(cpython::str_bytes(V::v3_12, "\xc3\xa9"), 61u) << "static, with its UTF-8";
  EXPECT_EQ(cpython::str_bytes(V::v3_11, "\xc3\xa9"), 74u);
  EXPECT_EQ(cpython::weakref_bytes(V::v3_10), 72u);
  for (V v : {V::v3_10, V::v3_11, V::v3_12, V::v3_13})
    EXPECT_EQ(cpython::instance_bytes(v), v == V::v3_11 ? 56u : 48u);
  EXPECT_EQ(cpython::dict_instance_bytes(V::v3_10, 0), 48u) << "no dict until an attribute is set";
  EXPECT_EQ(cpython::dict_instance_bytes(V::v3_10, 5), 152u) << "a split dict, 5 usable";
  EXPECT_EQ(cpython::dict_instance_bytes(V::v3_10, 64), 792u) << "85 usable";
  EXPECT_EQ(cpython::dict_instance_bytes(V::v3_12, 3), 88u);
  EXPECT_EQ(cpython::dict_instance_bytes(V::v3_12, 30), 1632u);
  EXPECT_EQ(cpython::dict_instance_bytes(V::v3_13, 7), 128u) << "inline values";
  EXPECT_EQ(cpython::dict_instance_bytes(V::v3_13, 8), 144u);
  EXPECT_EQ(cpython::dict_instance_bytes(V::v3_13, 30), 1904u) << "the inline values stay, unused";
}

TEST(memory_test, immortal_objects_from_3_12) {
  for (python::Version v : {python::Version::v3_11, python::Version::v3_12, python::Version::v3_13}) {
    json steps = sandbox::run({"x = None", "sys.getrefcount(None)", "y = 7", "sys.getrefcount(7)",
                               "z = [x, y]", "sys.getrefcount(z)"},
                              v)["steps"];
    const bool immortal = v >= python::Version::v3_12;
    EXPECT_EQ(named(steps[0], "x").contains("immortal"), immortal);
    EXPECT_EQ(named(steps[2], "y").contains("immortal"), immortal);
    if (immortal) {
      EXPECT_EQ(steps[1]["output"], "4294967295");
      EXPECT_EQ(steps[3]["output"], "4294967295");
      EXPECT_EQ(refcount(steps[4], "y"), 4294967295) << "a list holding it changes nothing";
    }
    EXPECT_EQ(steps[5]["output"], "2");
  }
}

TEST(memory_test, the_sandbox_sizes_objects_as_cpython_does) {
  json steps = run311({"a = [1, 2, 3]", "b = list(a)", "c = [a, a]", "c.append(a)", "f = False; t = True",
                       "s = 'caf\xc3\xa9'", "len(s)"})["steps"];
  const json& last = steps.back();
  EXPECT_EQ(named(last, "a")["bytes"], 88u) << "a display of constants: LIST_EXTEND, 4 slots";
  EXPECT_EQ(named(last, "b")["bytes"], 88u) << "list() rounds its slots up to even";
  EXPECT_EQ(named(steps[2], "c")["bytes"], 72u) << "BUILD_LIST 2: 2 slots";
  EXPECT_EQ(named(last, "c")["bytes"], 120u) << "a third item: grown to 8 slots";
  EXPECT_EQ(named(last, "f")["bytes"], 28u);
  EXPECT_EQ(named(last, "t")["bytes"], 28u);
  EXPECT_EQ(named(last, "s")["bytes"], 77u);
  EXPECT_EQ(last["output"], "4") << "len() counts characters, not UTF-8 bytes";
}

TEST(memory_test, the_layout_demo_reports_what_it_read) {
  RunContext ctx;
  for (const char* layout : {"dict", "slots"}) {
    Outcome out = registry().run("memory.layout", {{"n", 1000}, {"layout", layout}, {"attrs", 3}}, ctx);
    ASSERT_TRUE(out.ok) << out.message;
    // Attribute a of object i holds i + a: 3 * (0 + ... + 999) + 1000 * (0 + 1 + 2).
    EXPECT_EQ(out.result["checksum"], 1501500) << layout;
  }
}

TEST(memory_test, asking_for_more_than_the_heap_allows_is_an_error_not_an_abort) {
  RunContext ctx;
  // Objects that could never fit are refused up front, here and in wasm alike.
  Outcome out = registry().run("memory.layout", {{"n", 10000000}, {"layout", "slots"}, {"attrs", 64}}, ctx);
  EXPECT_EQ(out.code, ErrorCode::LimitExceeded) << out.message;
  EXPECT_NE(out.message.find("10000000 objects with 64 attributes would take at least 5360 MB"),
            std::string::npos)
      << out.message;
  Outcome next = registry().run("memory.layout", {{"n", 1000}, {"layout", "slots"}, {"attrs", 3}}, ctx);
  EXPECT_TRUE(next.ok) << "the next run works: " << next.message;
#ifdef __EMSCRIPTEN__
  // A block bigger than a 32-bit heap can address: the allocator says no, and the run says so.
  Outcome big = registry().run("memory.heap", {{"pattern", "big"}, {"bigMB", 8192}}, ctx);
  EXPECT_EQ(big.code, ErrorCode::OutOfMemory);
  EXPECT_NE(big.message.find("malloc(8589934592)"), std::string::npos) << big.message;
  EXPECT_TRUE(registry().run("memory.heap", {{"pattern", "grow"}, {"blocks", 50}}, ctx).ok);
#endif
}

}  // namespace
}  // namespace llplay::memory
