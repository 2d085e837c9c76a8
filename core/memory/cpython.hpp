// What CPython 3.10 to 3.13 (64-bit) allocate, computed from their layout rules. Each figure is what
// sys.getsizeof reports (or, for the pieces it does not report, what tracemalloc sees); the Python
// test (tests/memory/cpython_test.py) checks them against each version's own interpreter.
#pragma once

#include <cstdint>
#include <string>

#include "../python_version.hpp"

namespace llplay::memory::cpython {

using python::Version;

/// "CPython 3.12, 64-bit".
std::string version_name(Version v);

/// "3.12".
std::string version_number(Version v);

/// sys.getsizeof(v) for an int: a 24-byte header plus 4 bytes per 30-bit digit
/// (Include/cpython/longintrepr.h: PyLongObject, ob_digit[1]). From 3.11 at least one digit, so 0 is
/// 28 like 1; 3.10 gave 0 no digit at all (ob_size 0): 24.
std::uint64_t int_bytes(Version v, std::uint64_t value);

/// sys.getsizeof(True) and sys.getsizeof(False): bools are ints, True of one digit (28); False is
/// the int 0 (24 in 3.10, 28 from 3.11).
constexpr std::uint64_t bool_bytes(Version v, bool value) { return !value && v == Version::v3_10 ? 24 : 28; }

/// sys.getsizeof(None): a bare PyObject.
constexpr std::uint64_t none_bytes = 16;

/// sys.getsizeof(s) for a str given as UTF-8 (Objects/unicodeobject.c, compact strings): all ASCII,
/// PyASCIIObject + one byte per character + 1; otherwise PyCompactUnicodeObject + (length + 1) times
/// 1, 2 or 4 bytes, as the widest character needs. The headers are 48 and 72 bytes up to 3.11, 40 and
/// 56 from 3.12, which removed the deprecated wchar_t cache (PEP 623: the wstr and wstr_length fields).
/// From 3.12 a one-character non-ASCII Latin-1 string (a static object) also counts its UTF-8 form, 3.
std::uint64_t str_bytes(Version v, const std::string& utf8);

/// len(s) for a str given as UTF-8: its code points.
std::uint64_t str_length(const std::string& utf8);

/// sys.getsizeof of a tuple of n items: 24 (PyTupleObject) + 16 (GC header) + 8 per item.
constexpr std::uint64_t tuple_bytes(std::uint64_t n) { return 40 + 8 * n; }

/// sys.getsizeof of an instance of a plain class (`class Node: pass`), whatever its attributes (see
/// dict_instance_bytes): 16 (PyObject) + 16 (GC header) + the __dict__ and __weakref__ pointers.
/// 3.10: both pointers in the object, 48. 3.11: the dict pointer moved before the GC header (managed
/// dict, counted with it: 56). From 3.12 the weakref list is managed too (Py_TPFLAGS_MANAGED_WEAKREF):
/// 48.
constexpr std::uint64_t instance_bytes(Version v) { return v == Version::v3_11 ? 56 : 48; }

/// sys.getsizeof(weakref.ref(x)): PyWeakReference (16 + 5 pointer-sized fields in 3.10; 3.11 added one: 6)
/// + 16 (GC header): 72, then 80.
constexpr std::uint64_t weakref_bytes(Version v) { return v == Version::v3_10 ? 72 : 80; }

/// Whether CPython 3.12 and later make this object immortal (PEP 683): None, True, False and the
/// small ints are; their reference count never changes and sys.getrefcount reports immortal_refcount.
constexpr bool has_immortals(Version v) { return v >= Version::v3_12; }

/// What sys.getrefcount says of an immortal object in 3.12 and 3.13 (_Py_IMMORTAL_REFCNT, UINT_MAX on a
/// 64-bit build).
constexpr std::int64_t immortal_refcount = 4294967295;

/// Whether a str interned at run time is immortal: 3.12 made every interned string immortal; 3.13
/// made them mortal again (only the interpreter's static strings stay immortal).
constexpr bool interned_immortal(Version v) { return v == Version::v3_12; }

/// The collector's first threshold (gc.get_threshold()[0]): 700 up to 3.12, 2000 in 3.13.
constexpr std::int64_t gc_threshold0(Version v) { return v == Version::v3_13 ? 2000 : 700; }

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

/// The slots of a list display [e1, ..., en] as CPython compiles it, 3.10 to 3.13 alike (Python/compile.c,
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

/// The same two objects in each version the playground models (3.10, 3.11, 3.12, 3.13): the generator grew
/// from 104 to 208 bytes when 3.11 embedded the frame in it (gi_iframe), and lost 8 in 3.12; the range
/// iterator lost its `start` field in 3.12 (48 to 40). Checked by tests/memory against each interpreter.
struct LazyObjects {
  std::uint64_t generator = 0, range_iterator = 0;
};
LazyObjects lazy_objects(const std::string& python);

/// An instance with `k` attributes in __slots__: 16 (PyObject) + 16 (GC header) + 8 per slot.
constexpr std::uint64_t slots_instance_bytes(std::uint64_t k) { return 32 + 8 * k; }

/// The attributes an instance keeps in its class's shared keys plus one (3.11 on; see own_dict_from).
constexpr std::uint64_t shared_keys_max = 30;

/// From this many attributes on, instances (3.11 and later) do not share their class's keys
/// (Objects/dictobject.c, SHARED_KEYS_MAX_SIZE: the keys start with 30 usable slots and the first
/// instance gives one up, in init_inline_values, so 29 names fit). 3.10 has no values array: an
/// instance's dict is made with its first attribute (its keys shared with the class), so 1.
constexpr std::uint64_t own_dict_from(Version v) { return v == Version::v3_10 ? 1 : 30; }

/// An instance with `k` attributes set in its __dict__ (the same names in the same order on every
/// instance, once the class has settled, after about 30 instances): the bytes it keeps, everything
/// counted (what tracemalloc sees per object).
/// - 3.10: the 48-byte object and, from the first attribute, a split dict (Objects/dictobject.c):
///   64 (PyDictObject and GC header) + 8 per usable slot of the class's shared keys (5, 10, 21, 42, 85:
///   two thirds of 8, 16, 32, 64, 128); the keys themselves belong to the class.
/// - 3.11: sys.getsizeof's 56 (tp_basicsize 24: PyObject, then the weakref list pointer at
///   tp_weaklistoffset 16; the 16-byte GC header; a 16-byte pre-header holding the managed dict and
///   values pointers, Include/internal/pycore_object.h) and
///   - k < 30: no dict at all, only a values array (new_values(size): round8(size + 2) + 8 * size).
///     Its size is the shared keys' names plus their spare slots, and every new instance gives up a
///     spare (init_inline_values) until one is left: k + 1 (k = 29: the 29 names use every slot,
///     none is spare, so 29).
///   - k >= 30: the 30th name does not fit the shared keys, so each instance's attributes move into
///     a dict of its own (make_dict_from_instance_attributes, then a resize to a combined table for
///     29 * 3 entries: 128 slots, 85 usable; more past 85): 64 (PyDictObject and GC header) plus its
///     keys (32 + 1 byte per slot index + 16 per usable entry: 1,520 for 128 slots).
/// - 3.12: the same with the 48-byte object.
/// - 3.13: the values live inside the object (Py_TPFLAGS_INLINE_VALUES, _PyObject_InlineValuesSize:
///   round8(size) for the insertion order + 8 * (size + 1) for the values and their header) and stay
///   there, unused, once a dict of its own takes over at 30 attributes.
std::uint64_t dict_instance_bytes(Version v, std::uint64_t k);

}  // namespace llplay::memory::cpython
