// The async lab natively and in wasm: the registry's async.run and async.loop, bad input (unterminated
// strings, unknown names, deep nesting, a loop that never awaits, a million tasks) answered with coded
// errors and the module still working, orders that depend on CPython's heapq, and version differences.
// Outputs here were read from CPython 3.10-3.13 on the virtual clock (tests/async/virtual_clock.py).
#include <gtest/gtest.h>

#include <string>

#include "async/runtime.hpp"
#include "registry.hpp"

namespace llplay::aio {
namespace {

json run_demo(const std::string& id, const std::string& program, const std::string& python = "3.13") {
  RunContext ctx;
  return registry().run(id, {{"program", program}, {"python", python}}, ctx).to_json();
}

std::vector<std::string> lines(const json& out) {
  const json& o = out.contains("error") ? out["error"]["output"] : out["output"];
  return o.get<std::vector<std::string>>();
}

std::string code(const json& out) {
  return out.contains("error") ? out["error"]["code"].get<std::string>() : "";
}

TEST(async_test, default_program_prints_what_cpython_prints) {
  RunContext ctx;
  json out = registry().run("async.run", nullptr, ctx).to_json();
  std::vector<std::string> want = {"Fetching 1... 0.0",
                                   "Fetching 2... 0.0",
                                   "Fetching 3... 0.0",
                                   "Done 1 1.0",
                                   "Done 2 1.0",
                                   "Done 3 1.0",
                                   "[10, 20, 30] after 1.0 seconds"};
  EXPECT_EQ(lines(out), want);
  EXPECT_EQ(out["virtualTime"], "1.0");
}

TEST(async_test, timer_ties_resolve_as_cpythons_heap) {
  // Eight timers at three deadlines: CPython's heapq pops equal deadlines in this order, not FIFO.
  const char* program = R"(import asyncio

async def timed(name, d):
    await asyncio.sleep(d)
    print(name, 'at', now())

async def main():
    ts = []
    for i in range(8):
        ts.append(asyncio.create_task(timed(f"x{i}", [0.3, 0.1, 0.3, 0.2, 0.1, 0.3, 0.1, 0.2][i])))
    await asyncio.gather(*ts)

asyncio.run(main())
)";
  for (const char* v : {"3.10", "3.11", "3.12", "3.13"}) {
    std::vector<std::string> want = {"x1 at 0.1", "x6 at 0.1", "x4 at 0.1", "x3 at 0.2",
                                     "x7 at 0.2", "x2 at 0.3", "x5 at 0.3", "x0 at 0.3"};
    EXPECT_EQ(lines(run_demo("async.run", program, v)), want) << v;
  }
}

TEST(async_test, uncaught_exception_is_its_class_name_with_the_output_so_far) {
  json out = run_demo("async.run",
                      "import asyncio\nasync def main():\n    print('a')\n    await asyncio.sleep(1)\n"
                      "    print(now())\n    raise ValueError('boom')\nasyncio.run(main())\n");
  EXPECT_EQ(code(out), "ValueError");
  EXPECT_EQ(out["error"]["message"], "boom");
  EXPECT_EQ(lines(out), (std::vector<std::string>{"a", "1.0"}));
}

TEST(async_test, version_differences) {
  const char* group =
      "import asyncio\nasync def main():\n    async with asyncio.TaskGroup() as tg:\n"
      "        tg.create_task(asyncio.sleep(1))\n    print(now())\nasyncio.run(main())\n";
  EXPECT_EQ(code(run_demo("async.run", group, "3.10")), "AttributeError");
  EXPECT_EQ(lines(run_demo("async.run", group, "3.11")), std::vector<std::string>{"1.0"});
  // 3.10: asyncio.TimeoutError is not the builtin TimeoutError, so `except TimeoutError` misses it.
  const char* timeout =
      "import asyncio\nasync def main():\n    try:\n"
      "        await asyncio.wait_for(asyncio.sleep(2), 1)\n    except TimeoutError:\n"
      "        print('caught', now())\nasyncio.run(main())\n";
  EXPECT_EQ(code(run_demo("async.run", timeout, "3.10")), "TimeoutError");
  EXPECT_EQ(lines(run_demo("async.run", timeout, "3.12")), std::vector<std::string>{"caught 1.0"});
}

TEST(async_test, bad_input_is_a_coded_error_and_the_next_run_works) {
  struct Case {
    const char* program;
    const char* code;
  };
  std::string deep = "x = ";
  for (int i = 0; i < 200; ++i) deep += "[";
  for (int i = 0; i < 200; ++i) deep += "]";
  std::string deep_blocks;
  for (int i = 0; i < 60; ++i)
    deep_blocks += std::string(static_cast<std::size_t>(i) * 1, ' ') + "if True:\n";
  deep_blocks += std::string(60, ' ') + "pass\n";
  std::string deep_not = "x = " + std::string(0, ' ');
  for (int i = 0; i < 100; ++i) deep_not += "not ";
  deep_not += "1\n";
  const Case cases[] = {
      {"print('unterminated)\n", "SyntaxError"},
      {"print(nobody)\n", "NameError"},
      {deep.c_str(), "SyntaxError"},
      {deep_blocks.c_str(), "SyntaxError"},
      {deep_not.c_str(), "SyntaxError"},
      {"import os\n", "SyntaxError"},
      {"x = {1: 2}\n", "SyntaxError"},
      {"import asyncio\nasync def main():\n    await asyncio.Queue()\nasyncio.run(main())\n", "SyntaxError"},
      {"while True:\n    pass\n", "LimitExceeded"},
      {"import asyncio\nasync def spin():\n    while True:\n        x = 1\nasync def main():\n"
       "    await spin()\nasyncio.run(main())\n",
       "LimitExceeded"},
      {"import asyncio\nasync def f():\n    await asyncio.sleep(1)\nasync def main():\n"
       "    await asyncio.gather(*[f() for i in range(1000000)])\nasyncio.run(main())\n",
       "LimitExceeded"},
      {"import asyncio\nasync def f(n):\n    return await f(n + 1)\nasync def main():\n    await f(0)\n"
       "asyncio.run(main())\n",
       "LimitExceeded"},
      {"import asyncio\nasync def main():\n    await asyncio.sleep(10 ** 9)\nasyncio.run(main())\n",
       "SyntaxError"},
      {"import asyncio\nasync def main():\n    await asyncio.sleep(1e12)\nasyncio.run(main())\n",
       "LimitExceeded"},
      {"for i in range(100000):\n    print(i)\n", "LimitExceeded"},
      {"x = 'ab' * 100000000\n", "LimitExceeded"},
  };
  for (const Case& c : cases) {
    json out = run_demo("async.run", c.program);
    EXPECT_EQ(code(out), c.code) << c.program << "\n" << out.dump();
    json next = run_demo("async.run", "print('still working')\n");
    EXPECT_EQ(lines(next), std::vector<std::string>{"still working"});
  }
}

TEST(async_test, syntax_errors_name_the_line) {
  json out = run_demo("async.run", "import asyncio\n\nx = 1 +\n");
  EXPECT_EQ(code(out), "SyntaxError");
  EXPECT_NE(out["error"]["message"].get<std::string>().find("line 3"), std::string::npos) << out.dump();
}

TEST(async_test, loop_trace_shows_the_blocking_gap) {
  const char* program =
      "import asyncio\nimport time\nasync def a():\n    await asyncio.sleep(0.5)\n"
      "    time.sleep(2)\nasync def main():\n    await asyncio.gather(a(), a())\nasyncio.run(main())\n";
  json out = run_demo("async.loop", program);
  ASSERT_TRUE(out["error"].is_null()) << out.dump();
  int blocking = 0;
  for (const auto& e : out["events"])
    if (e["blocked"] == "2.0") ++blocking;
  EXPECT_EQ(blocking, 2);
  EXPECT_EQ(out["virtualTime"], "4.5");
}

TEST(async_test, awaits_that_never_suspend_keep_the_stack_flat) {
  // 200,000 awaits of coroutines that finish without suspending, then 98 nested ones around one that does:
  // the awaiting coroutine continues directly each time, so neither grows the C++ stack per await.
  const char* program =
      "import asyncio\nasync def one(i):\n    return i\nasync def deep(n):\n    if n == 0:\n"
      "        await asyncio.sleep(1)\n        return 0\n    return 1 + await deep(n - 1)\n"
      "async def main():\n    total = 0\n    for i in range(200000):\n        total += await one(1)\n"
      "    print(total, await deep(97), now())\nasyncio.run(main())\n";
  EXPECT_EQ(lines(run_demo("async.run", program)), std::vector<std::string>{"200000 97 1.0"});
}

TEST(async_test, hundred_thousand_tasks) {
  const char* program =
      "import asyncio\nasync def w(i):\n    await asyncio.sleep(1)\n    return i\n"
      "async def main():\n    r = await asyncio.gather(*[w(i) for i in range(100000)])\n"
      "    print(len(r), sum(r), now())\nasyncio.run(main())\n";
  json out = run_demo("async.run", program);
  EXPECT_EQ(lines(out), std::vector<std::string>{"100000 4999950000 1.0"}) << out.dump().substr(0, 300);
}

}  // namespace
}  // namespace llplay::aio
