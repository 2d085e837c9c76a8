// The concat trap, modelled: a refcounted string whose += resizes in place (realloc) when CPython's fast
// path would, and copies into a new string otherwise.
#include "concat.hpp"

#include <cstdlib>
#include <cstring>
#include <new>

#include "../error.hpp"

namespace llplay::profile {

WatcherEffect watcher_effect(Watcher w, python::Version v) {
  WatcherEffect e;
  if (w == Watcher::none) {
    e.why = "nothing watches: the local holds the only reference, and += resizes the string in place";
    return e;
  }
  if (v == python::Version::v3_11) {
    e.specialised = false;
    e.why =
        "3.11 runs the generic BINARY_OP while a profiler or tracer is on (the specialised "
        "BINARY_OP_INPLACE_ADD_UNICODE is skipped), and the generic str + always builds a new string";
    return e;
  }
  if (w == Watcher::settrace && v == python::Version::v3_10) {
    e.extra_reference = true;
    e.why =
        "3.10 hands a Python trace function frame.f_locals, a dict that keeps the old string alive: its "
        "refcount is not the local's alone, so += must copy";
    return e;
  }
  e.why = w == Watcher::cprofile
              ? "cProfile sees calls, not lines, and holds no reference to the string: += still "
                "resizes in place"
              : "since 3.12 a trace function runs on PEP 669's instrumentation, which keeps the "
                "specialised instruction, and nothing else holds the string: += still resizes in place";
  return e;
}

namespace {

// llplay:source profile.concat
/// A str as CPython keeps it: a refcount and the characters, in one malloc'd block.
struct PyStr {
  std::int64_t refcnt = 1;
  std::size_t size = 0;
  char* data = nullptr;
};

struct Counters {
  std::int64_t bytes = 0, copies = 0, moved = 0;
};

PyStr* new_str(std::size_t size) {
  auto* s = new PyStr;
  s->size = size;
  s->data = static_cast<char*>(std::malloc(size + 1));
  if (s->data == nullptr) throw std::bad_alloc();
  return s;
}

void decref(PyStr* s) {
  if (s != nullptr && --s->refcnt == 0) {
    std::free(s->data);
    delete s;
  }
}

/// `left += piece`, as CPython decides: in place when the specialised instruction runs and the local holds
/// the only reference (PyUnicode_Resize: realloc, which moves the block only when it cannot grow it);
/// otherwise a new string, the old one copied whole.
void inplace_add(PyStr*& left, const std::string& piece, bool specialised, Counters& c) {
  std::size_t old = left->size;
  if (specialised && left->refcnt == 1) {
    char* before = left->data;
    char* grown = static_cast<char*>(std::realloc(left->data, old + piece.size() + 1));
    if (grown == nullptr) throw std::bad_alloc();
    if (grown != before && old > 0) {
      ++c.moved;
      c.bytes += static_cast<std::int64_t>(old);
    }
    left->data = grown;
  } else {
    PyStr* fresh = new_str(old + piece.size());
    std::memcpy(fresh->data, left->data, old);
    c.bytes += static_cast<std::int64_t>(old);
    ++c.copies;
    fresh->size = old;
    decref(left);
    left = fresh;
  }
  std::memcpy(left->data + old, piece.data(), piece.size());
  left->size = old + piece.size();
  c.bytes += static_cast<std::int64_t>(piece.size());
}

/// for _ in range(n): s += piece   (a watcher with an extra reference re-takes it at every line, as f_locals
/// does)
std::size_t plus_loop(std::int64_t n, const std::string& piece, const WatcherEffect& e, Counters& c,
                      RunContext& ctx) {
  PyStr* s = new_str(0);
  PyStr* held = nullptr;  // the watcher's reference (frame.f_locals['s'] in 3.10)
  try {
    for (std::int64_t i = 0; i < n; ++i) {
      if (e.extra_reference) {  // the line event: f_locals updated to the current s
        ++s->refcnt;
        decref(held);
        held = s;
      }
      inplace_add(s, piece, e.specialised, c);
      if ((i & 1023) == 1023) ctx.check_cancelled();
    }
  } catch (...) {
    decref(held);
    decref(s);
    throw;
  }
  std::size_t size = s->size;
  decref(held);
  decref(s);
  return size;
}

/// ''.join(pieces): the length first, one allocation, each piece copied once
std::size_t join(std::int64_t n, const std::string& piece, Counters& c) {
  std::vector<const std::string*> pieces(static_cast<std::size_t>(n), &piece);
  std::size_t total = 0;
  for (const std::string* p : pieces) total += p->size();
  PyStr* s = new_str(total);
  std::size_t at = 0;
  for (const std::string* p : pieces) {
    std::memcpy(s->data + at, p->data(), p->size());
    at += p->size();
  }
  c.bytes += static_cast<std::int64_t>(at);
  std::size_t size = s->size;
  decref(s);
  return size;
}
// llplay:end

}  // namespace

Concat concat(std::int64_t n, const std::string& piece, Watcher w, python::Version v, RunContext& ctx) {
  Concat out;
  out.effect = watcher_effect(w, v);
  out.piece_bytes = static_cast<std::int64_t>(piece.size());
  const WatcherEffect bare = watcher_effect(Watcher::none, v);
  const std::int64_t sizes[] = {std::max<std::int64_t>(1, n / 8), std::max<std::int64_t>(1, n / 4),
                                std::max<std::int64_t>(1, n / 2), n};
  int step = 0;
  for (std::int64_t size : sizes) {
    ConcatRow row;
    row.n = size;
    auto measure = [&](Build& b, auto work) {
      Counters c;
      work(c);  // once, counted
      b.bytes_copied = c.bytes;
      b.copies = c.copies;
      b.moved = c.moved;
      b.time = timing::repeat(
          1, 3,
          [&] {
            Counters scratch;
            work(scratch);
          },
          [&](int, int) { ctx.check_cancelled(); });
      ctx.checkpoint(++step / 12.0);
    };
    measure(row.plain, [&](Counters& c) { plus_loop(size, piece, bare, c, ctx); });
    measure(row.watched, [&](Counters& c) { plus_loop(size, piece, out.effect, c, ctx); });
    measure(row.join, [&](Counters& c) { join(size, piece, c); });
    out.rows.push_back(row);
  }
  return out;
}

}  // namespace llplay::profile
