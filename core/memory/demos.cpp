// The memory lab's demos, as the registry sees them.
#include <string>

#include "../python_version.hpp"
#include "../registry.hpp"
#include "cpython.hpp"
#include "heapview.hpp"
#include "layout.hpp"
#include "pipelines.hpp"
#include "sandbox.hpp"

namespace llplay::memory {

namespace {

std::string decimal(u128 v) {
  std::string digits;
  do digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
  while ((v /= 10) != 0);
  return digits;
}

ParamSpec script_param(std::vector<std::string> lines) {
  json value = lines;
  return {"script", ParamType::string_list, "one statement per line (';' joins several)", value, 0, 200, {}};
}

/// The eager and lazy pipelines for one n, measured here and computed for CPython.
json pipelines_json(std::uint64_t n, python::Version v, RunContext& ctx) {
  const std::string python = cpython::version_number(v);
  RunContext first = ctx.part(0, 0.5), second = ctx.part(0.5, 1);
  Pipeline e = eager(n, first);
  u128 again = 0;
  Pipeline l = lazy(n, second, &again);
  cpython::Eager ce = cpython::eager_squares(n);
  cpython::LazyObjects lo = cpython::lazy_objects(python);
  std::uint64_t lazy_bytes = lo.generator + lo.range_iterator;
  const std::uint64_t largest = (n - 1) * (n - 1);  // n <= 10^8: fits
  return {
      {"n", n},
      {"eager", {{"peakBytes", e.peak_bytes}, {"sum", decimal(e.sum)}, {"ms", e.ms}}},
      {"lazy",
       {{"peakBytes", l.peak_bytes}, {"sum", decimal(l.sum)}, {"ms", l.ms}, {"secondPass", decimal(again)}}},
      {"cpython",
       {{"version", "CPython " + python + ", 64-bit"},
        {"python", python},
        {"eager",
         {{"listBytes", ce.list},
          {"intBytes", ce.ints},
          {"totalBytes", ce.total()},
          {"largestSquare", decimal(largest)},
          {"largestSquareBytes", cpython::int_bytes(v, largest)}}},
        {"lazy",
         {{"generatorBytes", lo.generator},
          {"rangeIteratorBytes", lo.range_iterator},
          {"totalBytes", lazy_bytes}}}}}};
}

json layout_json(std::uint64_t n, int k, Layout layout, python::Version v, RunContext& ctx) {
  LayoutRun r = measure_layout(n, k, layout, ctx);
  std::uint64_t cp = layout == Layout::dict ? cpython::dict_instance_bytes(v, static_cast<std::uint64_t>(k))
                                            : cpython::slots_instance_bytes(static_cast<std::uint64_t>(k));
  return {{"n", n},
          {"layout", layout == Layout::dict ? "dict" : "slots"},
          {"attrs", k},
          {"bytesPerObject", r.bytes_per_object},
          {"accessNs", r.access_ns},
          {"checksum", r.checksum},
          {"cpython",
           {{"version", cpython::version_name(v)},
            {"python", cpython::version_number(v)},
            {"bytesPerObject", cp},
            {"ownDictFrom", cpython::own_dict_from(v)}}}};
}

ParamSpec attrs_param() { return {"attrs", ParamType::integer, "attributes per object (k)", 3, 0, 64, {}}; }

}  // namespace

}  // namespace llplay::memory

namespace llplay {

/// The memory lab: called by the register_labs() that CMake writes for each program (see llplay_lab).
void register_memory_lab(Registry& r) {
  using namespace memory;
  r.add_lab({"memory", "Memory"});
  r.add({"memory.sandbox",
         "memory",
         "Sticky notes",
         "Names are notes stuck on objects. Run a few statements and watch names, references, reference "
         "counts, "
         "identity and equality change, including the small-int cache and string interning.",
         {script_param({"a = [1, 2, 3]", "b = a", "c = list(a)", "a is b", "a == c", "a is c",
                        "sys.getrefcount(a)", "del a", "b", "x = 256", "y = 256", "x is y", "x = 257",
                        "y = 257", "x is y", "x = 257; y = 257; x is y", "s = 'hello'; t = 'hello'; s is t"}),
          python::param()},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           return sandbox::run(p.strings("script"), python::version(p), ctx);
         }});

  r.add({"memory.cycles",
         "memory",
         "Reference counting and the cycle collector",
         "A cycle never reaches a reference count of zero. With the collector off it leaks; gc.collect() "
         "finds it. "
         "Weak references do not keep objects alive; a finalizer can bring its object back, once.",
         {script_param({"gc.disable()", "a = Node(); b = Node()", "a.partner = b; b.partner = a",
                        "w = weakref.ref(a)", "del a, b", "w()", "gc.collect()", "w()",
                        "p = Phoenix(); p.me = p", "del p", "gc.collect()", "saved", "del saved",
                        "gc.collect()", "gc.enable()", "nodes = [Node() for i in range(800)]",
                        "gc.get_count()"}),
          python::param()},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           return sandbox::run(p.strings("script"), python::version(p), ctx);
         }});

  r.add(
      {"memory.lazy",
       "memory",
       "Eager vs lazy",
       "Square n numbers and sum them: all squares stored first, or one at a time from a generator (a C++20 "
       "coroutine). Peak heap measured here with a counting allocator; CPython's computed from its layout.",
       {{"n", ParamType::integer, "n", 1000000, 1, 100000000, {}}, python::param()},
       Needs::nothing,
       [](const Params& p, RunContext& ctx) -> json {
         return pipelines_json(static_cast<std::uint64_t>(p.integer("n")), python::version(p), ctx);
       }});

  r.add({"memory.lazy-sweep",
         "memory",
         "Eager vs lazy, n from 10 up",
         "The peak heap of both pipelines for n = 10, 100, ... up to the largest n, here and in CPython.",
         {{"maxN", ParamType::integer, "largest n", 10000000, 10, 100000000, {}}, python::param()},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           json rows = json::array();
           const auto max = static_cast<std::uint64_t>(p.integer("maxN"));
           int steps = 0;
           for (std::uint64_t n = 10; n <= max; n *= 10) ++steps;
           int i = 0;
           for (std::uint64_t n = 10; n <= max; n *= 10, ++i) {
             RunContext part = ctx.part(static_cast<double>(i) / steps, static_cast<double>(i + 1) / steps);
             rows.push_back(pipelines_json(n, python::version(p), part));
           }
           return {{"rows", rows}};
         }});

  r.add({"memory.layout",
         "memory",
         "One layout",
         "n objects with k attributes, in a hash map per object (__dict__) or a fixed array per object "
         "(__slots__): bytes per object and attribute access time, measured.",
         {{"n", ParamType::integer, "objects", 100000, 1, 10000000, {}},
          {"layout", ParamType::choice, "layout", "dict", 0, 0, {"dict", "slots"}},
          attrs_param(),
          python::param()},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           return layout_json(
               static_cast<std::uint64_t>(p.integer("n")), static_cast<int>(p.integer("attrs")),
               p.string("layout") == "dict" ? Layout::dict : Layout::slots, python::version(p), ctx);
         }});

  r.add({"memory.layouts",
         "memory",
         "Dict vs slots",
         "Both layouts for the same objects, measured here and computed for CPython, against the series' "
         "\"~100 bytes\" and \"40-50% reduction\".",
         {{"n", ParamType::integer, "objects", 100000, 1, 10000000, {}}, attrs_param(), python::param()},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           const auto n = static_cast<std::uint64_t>(p.integer("n"));
           const auto k = static_cast<int>(p.integer("attrs"));
           const python::Version v = python::version(p);
           RunContext first = ctx.part(0, 0.5), second = ctx.part(0.5, 1);
           json dict = layout_json(n, k, Layout::dict, v, first),
                slots = layout_json(n, k, Layout::slots, v, second);
           json table = json::array();
           for (int a : {1, 2, 3, 4, 5, 8, 10, 16, 20, 29, 30, 64})
             table.push_back({{"attrs", a},
                              {"dict", cpython::dict_instance_bytes(v, static_cast<std::uint64_t>(a))},
                              {"slots", cpython::slots_instance_bytes(static_cast<std::uint64_t>(a))}});
           return {{"dict", dict}, {"slots", slots}, {"cpythonByAttrs", table}};
         }});

  r.add({"memory.heap",
         "memory",
         "The heap itself",
         "An allocation pattern on the real allocator: every block's address, the holes frees leave, and (in "
         "the browser) the wasm memory growing in 64 KiB pages.",
         {{"pattern", ParamType::choice, "pattern", "fragment", 0, 0, {"fragment", "churn", "grow", "big"}},
          {"blocks", ParamType::integer, "blocks", 200, 10, 2000, {}},
          {"seed", ParamType::integer, "seed", 1, 0, 4294967295.0, {}},
          {"bigMB", ParamType::integer, "big: one block of this many MB", 64, 1, 8192, {}}},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           HeapRun run = run_pattern(p.string("pattern"), static_cast<int>(p.integer("blocks")),
                                     static_cast<std::uint64_t>(p.integer("seed")),
                                     static_cast<std::uint64_t>(p.integer("bigMB")) << 20, ctx);
           json events = json::array();
           for (const HeapEvent& e : run.events)
             events.push_back({e.alloc ? "alloc" : "free", e.address, e.size, e.pages});
           return {{"events", events},
                   {"pagesBefore", run.pages_before},
                   {"pagesAfter", run.pages_after},
                   {"wasm", run.wasm},
                   {"pageBytes", 65536}};
         }});
}

}  // namespace llplay
