// The sandbox's snapshot: the state after a line as the page draws it (names, objects, which of them a
// name reaches, the collector's counters).
#include <unordered_set>

#include "sandbox_interpreter.hpp"

namespace llplay::memory::sandbox {

json Interpreter::state(std::size_t entries, std::uint64_t& work) const {
  // What names reach (and the caches keep): anything else alive is garbage that counting missed.
  std::unordered_set<Id> reachable;
  std::vector<Id> pending;
  std::uint64_t walked = names_.size();
  for (const auto& [name, id] : names_) pending.push_back(id);
  while (!pending.empty()) {
    Id id = pending.back();
    pending.pop_back();
    if (!reachable.insert(id).second) continue;
    if (ctx_ && (reachable.size() & 0xfff) == 0) ctx_->checkpoint(progress_);  // a big heap: cancel
    const Object& o = objects_.at(id);
    walked += o.items.size() + o.attrs.size() + 1;
    for (Id r : o.referents())
      if (!reachable.count(r)) pending.push_back(r);
  }
  // At most `entries` names, objects and references; the rest are counted.
  std::size_t left = entries, hidden_names = 0;
  json names = json::array(), objects = json::array();
  for (const auto& [name, id] : names_) {
    if (left == 0) {
      ++hidden_names;
      continue;
    }
    --left;
    names.push_back({{"name", name}, {"id", hex(id)}});
  }
  std::size_t shown = 0, hidden = 0;
  for (const auto& [id, o] : objects_) {
    bool referenced = reachable.count(id) > 0;
    // Singletons and cached ints nobody refers to are not drawn (they are always there).
    if (!o.cached.empty() && !referenced) continue;
    if (shown >= 400 || left == 0) {
      ++hidden;
      continue;
    }
    ++shown, --left;
    json refs = json::array();
    std::size_t refs_hidden = 0;
    for (Id r : o.referents()) {
      if (left == 0) {
        ++refs_hidden;
        continue;
      }
      --left;
      refs.push_back(hex(r));
    }
    walked += refs.size() + refs_hidden;
    json item = {{"id", hex(id)},          {"address", id},          {"type", type_name(o.kind)},
                 {"refcount", o.refcount}, {"repr", preview(id)},    {"refs", refs},
                 {"bytes", o.bytes},       {"reachable", referenced}};
    if (refs_hidden > 0) item["refsHidden"] = refs_hidden;
    if (o.kind == Kind::node || o.kind == Kind::phoenix) {
      json attrs = json::object();
      for (const auto& [name, r] : o.attrs) attrs[name] = hex(r);
      item["attrs"] = attrs;
    }
    if (!o.cached.empty()) item["cached"] = o.cached;
    if (o.immortal) item["immortal"] = true;
    if (o.generation >= 0) item["generation"] = o.generation;
    if (o.kind == Kind::weakref) item["weakTo"] = o.target ? json(hex(o.target)) : json(nullptr);
    if (o.kind == Kind::phoenix) item["finalized"] = o.finalized;
    objects.push_back(std::move(item));
  }
  work += walked;
  json out = {{"names", names},
              {"objects", objects},
              {"hiddenObjects", hidden},
              {"gc",
               {{"enabled", enabled_},
                {"count", {count_[0], count_[1], count_[2]}},
                {"threshold", {threshold_[0], threshold_[1], threshold_[2]}},
                {"collections", {collections_[0], collections_[1], collections_[2]}},
                {"collected", {collected_[0], collected_[1], collected_[2]}}}}};
  if (hidden_names > 0) out["hiddenNames"] = hidden_names;
  return out;
}

}  // namespace llplay::memory::sandbox
