// Objects as a hash map per object or as a fixed array per object.
#include "layout.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "../error.hpp"
#include "../heap.hpp"
#include "../timing.hpp"

namespace llplay::memory {

namespace {

// llplay:source memory.layout memory.layouts
/// Like an object with a __dict__: its attributes are looked up by name in its own hash map.
struct DictObject {
  std::unordered_map<std::string, std::int64_t> attrs;
};

/// Like an object with __slots__: the class fixes the attributes; each is at a known index.
struct SlotsObject {
  std::unique_ptr<std::int64_t[]> slots;
};
// llplay:end

/// The heap the objects of one run may take: past it the run stops (LimitExceeded), natively and in
/// wasm alike, whatever the machine has.
constexpr std::uint64_t budget = std::uint64_t{1} << 30;

[[noreturn]] void too_big(std::uint64_t n, int k, std::uint64_t bytes, const char* how) {
  throw Error(ErrorCode::LimitExceeded, std::to_string(n) + " objects with " + std::to_string(k) +
                                            " attributes would take " + how + " " +
                                            std::to_string(bytes / 1000000) +
                                            " MB; this demo stops at 1 GiB (1,073 MB) of objects");
}

template <class Object, class Make, class Read>
LayoutRun run(std::uint64_t n, int k, RunContext& ctx, Make make, Read read) {
  LayoutRun out;
  {  // What 1,024 of them take, measured, before building all n.
    const std::size_t base = heap::current();
    std::vector<Object> sample;
    const std::uint64_t m = std::min<std::uint64_t>(n, 1024);
    sample.reserve(m);
    for (std::uint64_t i = 0; i < m; ++i) sample.push_back(make(i));
    const std::uint64_t per_object = (heap::current() - base + m - 1) / m;
    if (n * per_object > budget) too_big(n, k, n * per_object, "about");
  }
  const std::size_t before = heap::current();
  {
    std::vector<Object> objects;
    objects.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) {
      if ((i & 0xffff) == 0) {
        ctx.checkpoint(0.5 * static_cast<double>(i) / static_cast<double>(n));
        // The sample can err (a hash map's buckets grow in steps): the heap itself is the check.
        if (heap::current() - before > budget) too_big(n, k, heap::current() - before, "more than");
      }
      objects.push_back(make(i));
    }
    out.bytes_per_object = static_cast<double>(heap::current() - before) / static_cast<double>(n);
    auto t0 = timing::Clock::now();
    std::int64_t sum = 0;
    for (std::uint64_t i = 0; i < n; ++i) {
      if ((i & 0xffff) == 0) ctx.checkpoint(0.5 + 0.5 * static_cast<double>(i) / static_cast<double>(n));
      for (int a = 0; a < k; ++a) sum += read(objects[i], a);
    }
    double ns = timing::ms_since(t0) * 1e6;
    out.access_ns = ns / static_cast<double>(n * static_cast<std::uint64_t>(k ? k : 1));
    out.checksum = sum;
  }
  return out;
}

}  // namespace

LayoutRun measure_layout(std::uint64_t n, int k, Layout layout, RunContext& ctx) {
  // A rough floor of what the objects take (a hash-map node is at least a pointer, a hash, a short
  // string and the value), so a run that could not fit is refused before it starts, not killed midway;
  // then a measured sample (in run), then the heap itself as the objects are built.
  const std::uint64_t per_object = layout == Layout::dict ? 64 + 48 * static_cast<std::uint64_t>(k)
                                                          : 24 + 8 * static_cast<std::uint64_t>(k);
  if (n * per_object > budget) too_big(n, k, n * per_object, "at least");
  std::vector<std::string> names;
  for (int a = 0; a < k; ++a) names.push_back("a" + std::to_string(a));
  if (layout == Layout::dict) {
    return run<DictObject>(
        n, k, ctx,
        [&](std::uint64_t i) {
          DictObject o;
          for (int a = 0; a < k; ++a)
            o.attrs[names[static_cast<std::size_t>(a)]] = static_cast<std::int64_t>(i) + a;
          return o;
        },
        [&](const DictObject& o, int a) { return o.attrs.find(names[static_cast<std::size_t>(a)])->second; });
  }
  return run<SlotsObject>(
      n, k, ctx,
      [&](std::uint64_t i) {
        SlotsObject o{std::make_unique<std::int64_t[]>(static_cast<std::size_t>(k))};
        for (int a = 0; a < k; ++a) o.slots[static_cast<std::size_t>(a)] = static_cast<std::int64_t>(i) + a;
        return o;
      },
      [](const SlotsObject& o, int a) { return o.slots[static_cast<std::size_t>(a)]; });
}

}  // namespace llplay::memory
