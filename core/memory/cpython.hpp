// What CPython 3.11 (64-bit) allocates, computed from its layout rules. Each figure is what
// sys.getsizeof reports (or, for the pieces it does not report, what tracemalloc sees); the Python
// test checks them against a real CPython 3.11.
#pragma once

#include <cstdint>

namespace llplay::memory::cpython {

constexpr const char* version = "CPython 3.11, 64-bit";

/// sys.getsizeof(v) for an int: a 24-byte header plus 4 bytes per 30-bit digit, at least one
/// (Include/cpython/longintrepr.h: PyLongObject, ob_digit[1]; 28 for 0 as for 1).
std::uint64_t int_bytes(std::uint64_t value);

/// Whether CPython keeps one shared object for v (the small-int cache, -5 to 256;
/// Include/internal/pycore_global_objects.h, _PY_NSMALLPOSINTS = 257).
constexpr bool small_int(std::int64_t v) { return v >= -5 && v <= 256; }

/// The slots a list holds after n appends, one at a time (Objects/listobject.c, list_resize:
/// new_allocated = (newsize + (newsize >> 3) + 6) & ~3).
std::uint64_t list_capacity_after_appends(std::uint64_t n);

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

/// An instance with `k` attributes in __slots__: 16 (PyObject) + 16 (GC header) + 8 per slot.
constexpr std::uint64_t slots_instance_bytes(std::uint64_t k) { return 32 + 8 * k; }

/// An instance with `k` attributes in its __dict__, as 3.11 keeps them: the object (sys.getsizeof:
/// 56, with the pre-header for the dict and weakref pointers) plus a values array shared-keys
/// style (Objects/dictobject.c, new_values(size): round8(size + 2) + 8 * size, where the class's
/// shared keys leave size = k + 1). The dict itself is only built if __dict__ is asked for.
std::uint64_t dict_instance_bytes(std::uint64_t k);

}  // namespace llplay::memory::cpython
