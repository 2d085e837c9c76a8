// The sandbox's snapshot: the state after a line as the page draws it (names, objects, which of them a
// name reaches, the collector's counters).
#include <set>

#include "sandbox_interpreter.hpp"

namespace llplay::memory::sandbox {

json Interpreter::state() const {
  // What names reach (and the caches keep): anything else alive is garbage that counting missed.
  std::set<Id> reachable;
  std::vector<Id> work;
  for (const auto& [name, id] : names_) work.push_back(id);
  while (!work.empty()) {
    Id id = work.back();
    work.pop_back();
    if (!reachable.insert(id).second) continue;
    for (Id r : objects_.at(id).referents()) work.push_back(r);
  }
  json names = json::array(), objects = json::array();
  for (const auto& [name, id] : names_) names.push_back({{"name", name}, {"id", hex(id)}});
  std::size_t shown = 0, hidden = 0;
  for (const auto& [id, o] : objects_) {
    bool referenced = reachable.count(id) > 0;
    // Singletons and cached ints nobody refers to are not drawn (they are always there).
    if (!o.cached.empty() && !referenced) continue;
    if (shown >= 400) {
      ++hidden;
      continue;
    }
    ++shown;
    json refs = json::array();
    for (Id r : o.referents()) refs.push_back(hex(r));
    json item = {{"id", hex(id)},    {"address", id}, {"type", type_name(o.kind)}, {"refcount", o.refcount},
                 {"repr", repr(id)}, {"refs", refs},  {"bytes", o.bytes},          {"reachable", referenced}};
    if (o.kind == Kind::node || o.kind == Kind::phoenix) {
      json attrs = json::object();
      for (const auto& [name, r] : o.attrs) attrs[name] = hex(r);
      item["attrs"] = attrs;
    }
    if (!o.cached.empty()) item["cached"] = o.cached;
    if (o.generation >= 0) item["generation"] = o.generation;
    if (o.kind == Kind::weakref) item["weakTo"] = o.target ? json(hex(o.target)) : json(nullptr);
    if (o.kind == Kind::phoenix) item["finalized"] = o.finalized;
    objects.push_back(std::move(item));
  }
  return {{"names", names},
          {"objects", objects},
          {"hiddenObjects", hidden},
          {"gc",
           {{"enabled", enabled_},
            {"count", {count_[0], count_[1], count_[2]}},
            {"threshold", {threshold_[0], threshold_[1], threshold_[2]}},
            {"collections", {collections_[0], collections_[1], collections_[2]}},
            {"collected", {collected_[0], collected_[1], collected_[2]}}}}};
}

}  // namespace llplay::memory::sandbox
