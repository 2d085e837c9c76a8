// Objects as a hash map per object or as a fixed array per object.
#include "layout.hpp"

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

template <class Object, class Make, class Read>
LayoutRun run(std::uint64_t n, int k, RunContext& ctx, Make make, Read read) {
  LayoutRun out;
  const std::size_t before = heap::current();
  {
    std::vector<Object> objects;
    objects.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) {
      if ((i & 0xffff) == 0) ctx.checkpoint(0.5 * static_cast<double>(i) / static_cast<double>(n));
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
  // string and the value), so a run that could not fit is refused before it starts, not killed midway.
  const std::uint64_t per_object = layout == Layout::dict ? 64 + 48 * static_cast<std::uint64_t>(k)
                                                          : 24 + 8 * static_cast<std::uint64_t>(k);
  constexpr std::uint64_t limit = std::uint64_t{2} << 30;
  if (n * per_object > limit)
    throw Error(ErrorCode::LimitExceeded,
                std::to_string(n) + " objects with " + std::to_string(k) +
                    " attributes would take at least " + std::to_string(n * per_object / 1000000) +
                    " MB; this demo stops at 2 GB (half of all a wasm heap can ever hold)");
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
