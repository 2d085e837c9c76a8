// The sandbox's memory management, as CPython's: simulated addresses handed out by size class (a freed
// block is reused first), reference counting that frees an object the moment its count reaches zero,
// weak references, a finalizer that may resurrect its object, and the generational cycle collector.
#include <algorithm>
#include <set>

#include "../error.hpp"
#include "cpython.hpp"
#include "sandbox_interpreter.hpp"

namespace llplay::memory::sandbox {

Id Interpreter::make(Kind kind, std::uint64_t bytes) {
  if (objects_.size() >= max_objects)
    throw Error(ErrorCode::LimitExceeded,
                "the sandbox holds at most " + std::to_string(max_objects) + " objects at once");
  std::uint64_t size = (bytes + 15) / 16 * 16;
  Id id;
  auto reuse = free_.find(size);
  if (reuse != free_.end() &&
      !reuse->second.empty()) {  // pymalloc hands out a freed block of the same size first
    id = reuse->second.back();
    reuse->second.pop_back();
  } else {
    id = next_address_;
    next_address_ += size;
  }
  Object o;
  o.id = id, o.kind = kind, o.bytes = bytes, o.block = size;
  if (o.tracked()) {
    o.generation = 0;
    ++count_[0];
  }
  objects_[id] = std::move(o);
  return id;
}

/// A new, empty list with `capacity` slots (a new reference).
Id Interpreter::new_list(std::uint64_t capacity) {
  Id id = make(Kind::list, cpython::list_bytes(capacity));
  at(id).capacity = capacity, at(id).refcount = 1;
  return id;
}

/// list.append: takes over the reference to `item`; the slots grow as CPython's do.
void Interpreter::append(Id list, Id item) {
  Object& o = at(list);
  o.capacity = cpython::list_resize(o.capacity, o.items.size(), o.items.size() + 1);
  o.bytes = cpython::list_bytes(o.capacity);
  o.items.push_back(item);
}
// llplay:source memory.sandbox memory.cycles
void Interpreter::incref(Id id) {
  Object& o = at(id);
  if (!o.immortal) ++o.refcount;
}

void Interpreter::decref(Id id) {
  if (objects_.count(id) == 0) return;
  Object& o = at(id);
  if (o.immortal || --o.refcount > 0) return;
  // Freeing an object drops its references, which may free more: a worklist, not a recursion, so
  // a chain 20,000 lists deep is freed as CPython's trashcan frees it. The order is the recursion's.
  const std::size_t base = releasing_.size();
  dealloc(id);
  while (releasing_.size() > base) {
    auto& [refs, next] = releasing_.back();
    if (next == refs.size()) {
      releasing_.pop_back();
      continue;
    }
    Id r = refs[next++];
    if (objects_.count(r) && !at(r).immortal && --at(r).refcount == 0) dealloc(r);
  }
}

std::string Interpreter::describe(Id id) const {
  const Object& o = objects_.at(id);
  if (o.kind == Kind::node || o.kind == Kind::phoenix || o.kind == Kind::weakref) return preview(id);
  return "<" + std::string(type_name(o.kind)) + " " + preview(id) + " at " + hex(id) + ">";
}

void Interpreter::event(std::string text) {
  if (events_.size() < max_events)
    events_.push_back(std::move(text));
  else
    ++events_dropped_;
}

void Interpreter::dealloc(Id id) {  // its references go on the worklist: decref drops them
  tick();
  Object& o = at(id);
  if (o.kind == Kind::phoenix && !o.finalized) {  // __del__ runs first, and may save the object
    o.finalized = true;
    finalize(id);
    if (at(id).refcount > 0) return;
  }
  clear_weakrefs(id);
  if (events_.size() < max_events)  // the text only when it will be shown: a long line frees many
    event("freed " + describe(id));
  else
    ++events_dropped_;
  Object dead = std::move(at(id));
  objects_.erase(id);
  if (dead.tracked() && count_[0] > 0) --count_[0];
  if (dead.cached == "interned") interned_.erase(dead.text);
  free_[dead.block].push_back(id);
  if (dead.kind == Kind::weakref && dead.target) {
    auto [from, to] = weakrefs_.equal_range(dead.target);
    for (auto it = from; it != to; ++it)
      if (it->second == id) {
        weakrefs_.erase(it);
        break;
      }
  }
  releasing_.emplace_back(dead.referents(), 0);
}

/// Phoenix.__del__: `global saved; saved = self`.
void Interpreter::finalize(Id id) {
  event("Phoenix.__del__ ran for " + hex(id) + ": saved = self (resurrected)");
  incref(id);  // the finalizer's reference
  bind("saved", id);
}

// llplay:end
void Interpreter::clear_weakrefs(Id id) {
  auto [from, to] = weakrefs_.equal_range(id);
  std::vector<Id> dead;
  for (auto it = from; it != to; ++it) dead.push_back(it->second);
  weakrefs_.erase(from, to);
  std::sort(dead.begin(), dead.end());  // in address order
  for (Id wid : dead) {
    at(wid).target = 0;
    event("weak reference " + hex(wid) + " is now dead");
  }
}

void Interpreter::bind(const std::string& name, Id owned) {  // takes over one reference
  auto it = names_.find(name);
  if (it != names_.end()) {
    Id old = it->second;
    it->second = owned;
    decref(old);
  } else {
    names_[name] = owned;
  }
}

// llplay:source memory.cycles
void Interpreter::maybe_collect() {
  if (!enabled_) return;
  for (int g = 2; g >= 0; --g) {
    if (count_[g] > threshold_[g]) {
      event("automatic collection: generation " + std::to_string(g) + " count " + std::to_string(count_[g]) +
            " passed its threshold " + std::to_string(threshold_[g]));
      collect(g);
      return;
    }
  }
}

/// CPython's algorithm (Modules/gcmodule.c): copy each refcount, subtract references from inside
/// the generations being collected; what still has a count is reachable from outside, and so is
/// everything it reaches. The rest is garbage: weak references to it are cleared, finalizers run,
/// and whatever they did not resurrect is freed by breaking its references.
std::int64_t Interpreter::collect(int g) {
  std::set<Id> young;
  for (const auto& [id, o] : objects_)
    if (o.generation >= 0 && o.generation <= g) young.insert(id);
  tick(young.size());
  auto unreachable_in = [&](const std::set<Id>& set) {
    std::map<Id, std::int64_t> refs;
    for (Id id : set) refs[id] = at(id).refcount;
    for (Id id : set)
      for (Id r : at(id).referents())
        if (set.count(r)) --refs[r];
    std::set<Id> reachable;
    std::vector<Id> work;
    for (auto& [id, n] : refs)
      if (n > 0) reachable.insert(id), work.push_back(id);
    while (!work.empty()) {
      Id id = work.back();
      work.pop_back();
      for (Id r : at(id).referents())
        if (set.count(r) && reachable.insert(r).second) work.push_back(r);
    }
    std::set<Id> out;
    for (Id id : set)
      if (!reachable.count(id)) out.insert(id);
    return out;
  };
  std::set<Id> garbage = unreachable_in(young);
  for (Id id : garbage) clear_weakrefs(id);
  bool ran_finalizer = false;
  for (Id id : garbage) {
    Object& o = at(id);
    if (o.kind == Kind::phoenix && !o.finalized) {
      o.finalized = true;
      finalize(id);
      ran_finalizer = true;
    }
  }
  if (ran_finalizer) garbage = unreachable_in(garbage);  // what a finalizer made reachable again survives
  std::int64_t freed = 0;
  // 3.10 keeps an instance's attributes in a dict of its own, a container the collector tracks once it
  // holds a tracked object (Objects/dictobject.c, MAINTAIN_TRACKING): it is garbage too, and counted.
  std::int64_t dicts = 0;
  if (version_ == python::Version::v3_10) {
    for (Id id : garbage) {
      const Object& o = at(id);
      for (const auto& [name, r] : o.attrs)
        if (objects_.count(r) && at(r).tracked()) {
          ++dicts;
          break;
        }
    }
  }
  for (Id id : garbage) {  // break the cycles: drop every reference the garbage holds
    if (!objects_.count(id)) continue;
    std::vector<Id> refs = at(id).referents();
    at(id).items.clear(), at(id).attrs.clear();
    incref(id);  // hold it while its references go, so it is freed once, below
    for (Id r : refs) decref(r);
    decref(id);
  }
  for (Id id : garbage) freed += objects_.count(id) ? 0 : 1;
  freed += dicts;
  for (Id id : young)
    if (objects_.count(id)) at(id).generation = std::min(g + 1, 2);  // survivors are promoted
  ++collections_[g];
  collected_[g] += freed;
  if (g < 2) ++count_[g + 1];
  for (int k = 0; k <= g; ++k) count_[k] = 0;
  event("gc: generation " + std::to_string(g) + " collected, " + std::to_string(freed) +
        " unreachable object(s) freed");
  return freed;
}
// llplay:end

}  // namespace llplay::memory::sandbox
