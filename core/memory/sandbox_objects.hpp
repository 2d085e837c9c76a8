// The sandbox's object model: what an object is (an id, a type, a reference count, a value and the
// ids it refers to), and the Python exception a failed step raises.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace llplay::memory::sandbox {

enum class Kind { none, boolean, integer, text, list, tuple, node, phoenix, weakref };

/// The Python type name of a kind: "NoneType", "int", "Node", ...
const char* type_name(Kind k);

/// An object's id: a simulated address, as CPython's id() is the object's address.
using Id = std::uint64_t;

/// An id as CPython prints an address: "0x7f3a4c000010".
std::string hex(Id id);

struct Object {
  Id id = 0;
  Kind kind = Kind::none;
  std::int64_t refcount = 0;
  std::int64_t number = 0;
  std::string text;
  std::vector<Id> items;            // list
  std::map<std::string, Id> attrs;  // Node, Phoenix
  Id target = 0;                    // weakref: the object, 0 once it is gone
  std::string cached;               // "small int", "interned", "singleton" or empty
  int generation = -1;              // tracked containers: 0, 1, 2
  bool finalized = false;           // Phoenix: __del__ has run (it runs once, PEP 442)
  bool immortal = false;            // 3.12 on (PEP 683): refcount stays cpython::immortal_refcount
  std::uint64_t bytes = 0;          // sys.getsizeof
  std::uint64_t capacity = 0;       // list: the slots allocated
  std::uint64_t block = 0;          // the simulated block at its address (reused by a same-size object)

  /// Whether the cycle collector tracks it: the containers that can be part of a cycle.
  bool tracked() const { return kind == Kind::list || kind == Kind::node || kind == Kind::phoenix; }
  /// The ids it holds a reference to: its items, then its attributes.
  std::vector<Id> referents() const {
    std::vector<Id> out = items;
    for (const auto& [name, id] : attrs) out.push_back(id);
    return out;
  }
};

/// A Python exception: the step fails, the state stays as it was.
struct PyError {
  std::string text;
};

}  // namespace llplay::memory::sandbox
