// What CPython 3.11 (64-bit) allocates, computed from its layout rules. Each figure is what
// sys.getsizeof reports (or, for the pieces it does not report, what tracemalloc sees); the Python
// test checks them against a real CPython 3.11.
#pragma once

#include <cstdint>
#include <string>

namespace llplay::memory::cpython {

constexpr const char* version = "CPython 3.11, 64-bit";

/// sys.getsizeof(v) for an int: a 24-byte header plus 4 bytes per 30-bit digit, at least one
/// (Include/cpython/longintrepr.h: PyLongObject, ob_digit[1]; 28 for 0 as for 1).
std::uint64_t int_bytes(std::uint64_t value);

/// sys.getsizeof(True) and sys.getsizeof(False): bools are ints of one digit, 28 both.
constexpr std::uint64_t bool_bytes = 28;

/// sys.getsizeof(None): a bare PyObject.
constexpr std::uint64_t none_bytes = 16;

/// sys.getsizeof(s) for a str given as UTF-8 (Objects/unicodeobject.c, compact strings): all ASCII,
/// 48 (PyASCIIObject) + one byte per character + 1; otherwise 72 (PyCompactUnicodeObject) + (length
/// + 1) times 1, 2 or 4 bytes, as the widest character needs.
std::uint64_t str_bytes(const std::string& utf8);

/// len(s) for a str given as UTF-8: its code points.
std::uint64_t str_length(const std::string& utf8);

/// sys.getsizeof of a tuple of n items: 24 (PyTupleObject) + 16 (GC header) + 8 per item.
constexpr std::uint64_t tuple_bytes(std::uint64_t n) { return 40 + 8 * n; }

/// sys.getsizeof of an instance of a plain class (`class Node: pass`), whatever its attributes:
/// see dict_instance_bytes.
constexpr std::uint64_t instance_bytes = 56;

/// sys.getsizeof(weakref.ref(x)): PyWeakReference (16 + 6 pointers) + 16 (GC header).
constexpr std::uint64_t weakref_bytes = 80;

/// Whether CPython keeps one shared object for v (the small-int cache, -5 to 256;
/// Include/internal/pycore_global_objects.h, _PY_NSMALLPOSINTS = 257).
constexpr bool small_int(std::int64_t v) { return v >= -5 && v <= 256; }

/// The slots a list holds after resizing from `size` items in `allocated` slots to `new_size` items
/// (Objects/listobject.c, list_resize: kept if new_size fits and is at least half of allocated, else
/// (new_size + (new_size >> 3) + 6) & ~3, or (new_size + 3) & ~3 when that is closer to the growth).
std::uint64_t list_resize(std::uint64_t allocated, std::uint64_t size, std::uint64_t new_size);

/// The slots a list holds after n appends, one at a time, from empty.
std::uint64_t list_capacity_after_appends(std::uint64_t n);

/// The slots of a new list filled from a sized list or tuple of n items, as list(x) and
/// list.extend on an empty list do (Objects/listobject.c, list_preallocate_exact: n rounded up to
/// even).
constexpr std::uint64_t list_capacity_exact(std::uint64_t n) { return (n + 1) & ~std::uint64_t{1}; }

/// The slots of a list display [e1, ..., en] as CPython 3.11 compiles it (Python/compile.c,
/// starunpack_helper): more than 2 items, all constants, is BUILD_LIST 0 then LIST_EXTEND of one
/// constant tuple; more than 30 items (STACK_USE_GUIDELINE) is BUILD_LIST 0 then n LIST_APPENDs;
/// anything else is BUILD_LIST n, n slots exactly.
std::uint64_t list_display_capacity(std::uint64_t n, bool all_constants);

/// sys.getsizeof(list) with `capacity` slots: 40 (PyListObject) + 16 (GC header) + 8 per slot.
constexpr std::uint64_t list_bytes(std::uint64_t capacity) { return 56 + 8 * capacity; }

/// sum([x * x for x in range(n)]) at its peak: the list, its slots, and every square not in the
/// small-int cache (each its own int object).
struct Eager {
  std::uint64_t list = 0, ints = 0;
  std::uint64_t total() const { return list + ints; }
};
Eager eager_squares(std::uint64_t n);

/// sum(x * x for x in range(n)): the generator (sys.getsizeof: 208 in 3.11, its frame embedded,
/// Include/internal/pycore_frame.h) and the range iterator (48), whatever n is.
constexpr std::uint64_t generator_bytes = 208, range_iterator_bytes = 48;

/// The same two objects in each version the playground models (3.10, 3.11, 3.12, 3.13): the generator grew
/// from 104 to 208 bytes when 3.11 embedded the frame in it (gi_iframe), and lost 8 in 3.12; the range
/// iterator lost its `start` field in 3.12 (48 to 40). Checked by tests/memory against each interpreter.
struct LazyObjects {
  std::uint64_t generator = 0, range_iterator = 0;
};
LazyObjects lazy_objects(const std::string& python);

/// An instance with `k` attributes in __slots__: 16 (PyObject) + 16 (GC header) + 8 per slot.
constexpr std::uint64_t slots_instance_bytes(std::uint64_t k) { return 32 + 8 * k; }

/// From this many attributes on, instances do not share their class's keys (Objects/dictobject.c,
/// SHARED_KEYS_MAX_SIZE: the keys start with 30 usable slots and the first instance gives one up, in
/// init_inline_values, so 29 names fit).
constexpr std::uint64_t shared_keys_max = 30;

/// An instance with `k` attributes set in its __dict__ (the same names in the same order on every
/// instance, once the class has settled, after about 30 instances), as 3.11 keeps them.
/// The object itself is sys.getsizeof's 56: tp_basicsize 24 (PyObject, then the weakref list pointer
/// at tp_weaklistoffset 16), the 16-byte GC header, and a 16-byte pre-header before that holding
/// the managed dict and values pointers (Include/internal/pycore_object.h,
/// _PyObject_ManagedDictPointer and _PyObject_ValuesPointer: obj - 3 and obj - 4 words).
/// - k < 30: no dict at all, only a values array (Objects/dictobject.c, new_values(size):
///   round8(size + 2) + 8 * size). Its size is the shared keys' names plus their spare slots, and
///   every new instance gives up a spare (init_inline_values) until one is left: k + 1 (k = 29:
///   the 29 names use every slot, none is spare, so 29).
/// - k >= 30: the 30th name does not fit the shared keys, so each instance's attributes move into
///   a dict of its own (make_dict_from_instance_attributes, then a resize to a combined table for
///   29 * 3 entries: 128 slots, 85 usable; more past 85): 64 (PyDictObject and GC header) plus its
///   keys (32 + 1 byte per slot index + 16 per usable entry: 1,520 for 128 slots).
std::uint64_t dict_instance_bytes(std::uint64_t k);

}  // namespace llplay::memory::cpython
