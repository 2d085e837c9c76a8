// CPython's layout rules, 3.10 to 3.13 (see cpython.hpp for the sources).
#include "cpython.hpp"

namespace llplay::memory::cpython {

std::string version_number(Version v) {
  return v == Version::v3_10 ? "3.10" : v == Version::v3_11 ? "3.11" : v == Version::v3_12 ? "3.12" : "3.13";
}

std::string version_name(Version v) { return "CPython " + version_number(v) + ", 64-bit"; }

std::uint64_t int_bytes(Version v, std::uint64_t value) {
  if (value == 0 && v == Version::v3_10) return 24;
  std::uint64_t digits = 1;
  for (value >>= 30; value != 0; value >>= 30) ++digits;
  return 24 + 4 * digits;
}

namespace {

/// The code points of UTF-8 text: how many, and the largest (lenient: a stray byte counts as one).
struct CodePoints {
  std::uint64_t count = 0;
  std::uint32_t max = 0;
};

CodePoints code_points(const std::string& utf8) {
  CodePoints out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    std::size_t length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    std::uint32_t cp = length == 1 ? lead : lead & (0x7fu >> length);
    for (std::size_t k = 1; k < length; ++k) {
      if (i + k >= utf8.size() || (static_cast<unsigned char>(utf8[i + k]) & 0xc0) != 0x80) {
        length = k;
        break;
      }
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3fu);
    }
    ++out.count;
    if (cp > out.max) out.max = cp;
    i += length;
  }
  return out;
}

}  // namespace

std::uint64_t str_bytes(Version v, const std::string& utf8) {
  const bool wstr = v <= Version::v3_11;  // the wchar_t cache's two fields, gone in 3.12
  const CodePoints cp = code_points(utf8);
  if (cp.max < 0x80) return (wstr ? 48 : 40) + cp.count + 1;
  const std::uint64_t width = cp.max < 0x100 ? 1 : cp.max < 0x10000 ? 2 : 4;
  // From 3.12 a one-character Latin-1 string is a static object that carries its UTF-8 form too
  // (_PyUnicode_LATIN1_INIT), and __sizeof__ counts it: 2 bytes and a NUL.
  const std::uint64_t utf8_form = !wstr && cp.count == 1 && cp.max < 0x100 ? 3 : 0;
  return (wstr ? 72 : 56) + (cp.count + 1) * width + utf8_form;
}

std::uint64_t str_length(const std::string& utf8) { return code_points(utf8).count; }

std::uint64_t list_resize(std::uint64_t allocated, std::uint64_t size, std::uint64_t new_size) {
  if (allocated >= new_size && new_size >= (allocated >> 1)) return allocated;
  if (new_size == 0) return 0;
  std::uint64_t grown = (new_size + (new_size >> 3) + 6) & ~std::uint64_t{3};
  if (new_size - size > grown - new_size) grown = (new_size + 3) & ~std::uint64_t{3};
  return grown;
}

std::uint64_t list_capacity_after_appends(std::uint64_t n) {
  std::uint64_t allocated = 0;
  for (std::uint64_t size = 0; size < n; ++size) allocated = list_resize(allocated, size, size + 1);
  return allocated;
}

std::uint64_t list_display_capacity(std::uint64_t n, bool all_constants) {
  if (n > 2 && all_constants) return list_capacity_exact(n);
  if (n > 30) return list_capacity_after_appends(n);
  return n;
}

Eager eager_squares(std::uint64_t n) {
  Eager e;
  e.list = list_bytes(list_capacity_after_appends(n));
  for (std::uint64_t x = 0; x < n; ++x) {
    if (!small_int(static_cast<std::int64_t>(x * x))) e.ints += int_bytes(Version::v3_11, x * x);  // never 0
  }
  return e;
}

namespace {

/// A combined dict's keys with 2^log2 slots of str keys (Objects/dictobject.c, new_keys_object):
/// the 32-byte PyDictKeysObject, an index of 1, 2, 4 or 8 bytes per slot, and 16 bytes for each of
/// the two thirds of the slots that may be used.
std::uint64_t unicode_keys_bytes(int log2) {
  const std::uint64_t slots = std::uint64_t{1} << log2;
  const std::uint64_t index = log2 < 8 ? 1 : log2 < 16 ? 2 : log2 < 32 ? 4 : 8;
  return 32 + index * slots + 16 * (2 * slots / 3);
}

/// The log2 of the table a dict of `used` entries is resized to when it is full (GROWTH_RATE:
/// used * 3, rounded up to a power of two, at least 8 slots).
int grown_log2(std::uint64_t used) {
  int log2 = 3;
  while ((std::uint64_t{1} << log2) < 3 * used) ++log2;
  return log2;
}

/// The usable entries of a 3.10 split table large enough for k names: two thirds of 8, 16, 32, ...
std::uint64_t split_usable(std::uint64_t k) {
  std::uint64_t slots = 8;
  while (2 * slots / 3 < k) slots *= 2;
  return 2 * slots / 3;
}

/// The values array's slots for k attributes (3.11 on): the names and one spare, 29 at most.
std::uint64_t values_size(std::uint64_t k) { return k + 1 < shared_keys_max ? k + 1 : shared_keys_max - 1; }

/// A dict of its own for k >= 30 attributes (3.11 on): made with the 29 that fit, then resized to a
/// combined table to take the 30th, and again whenever its usable entries run out.
std::uint64_t own_dict_bytes(std::uint64_t k) {
  int log2 = grown_log2(shared_keys_max - 1);
  for (std::uint64_t used = shared_keys_max - 1; used < k; ++used) {
    if (used >= 2 * (std::uint64_t{1} << log2) / 3) log2 = grown_log2(used);
  }
  return 64 + unicode_keys_bytes(log2);
}

}  // namespace

std::uint64_t dict_instance_bytes(Version v, std::uint64_t k) {
  const std::uint64_t object = instance_bytes(v);
  if (v == Version::v3_10) return k == 0 ? object : object + 64 + 8 * split_usable(k);
  const std::uint64_t size = values_size(k);
  if (v == Version::v3_13) {
    const std::uint64_t inline_values = (size + 7) / 8 * 8 + 8 * (size + 1);
    return object + inline_values + (k < shared_keys_max ? 0 : own_dict_bytes(k));
  }
  if (k < shared_keys_max) return object + (size + 2 + 7) / 8 * 8 + 8 * size;
  return object + own_dict_bytes(k);
}

LazyObjects lazy_objects(const std::string& python) {
  if (python == "3.10") return {104, 48};
  if (python == "3.11") return {208, 48};
  return {200, 40};  // 3.12 and 3.13
}

}  // namespace llplay::memory::cpython
