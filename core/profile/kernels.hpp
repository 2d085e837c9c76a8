// The profile lab's own kernels: small copies, in the Python shape the page shows, of the kind of code the
// other labs run (recursive fib, mutual recursion, a walk over a JSON-like value, digit-string addition).
// Each is a template on its observer (observe.hpp): `Bare` compiles to the kernel alone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "observe.hpp"

namespace llplay::profile {

/// Every kernel function is noinline, bare or observed: each call the page counts is a real call, as in
/// Python (an optimiser free to inline fib into itself would run a different program).
///
/// Enters a function on construction and leaves it on destruction (both noexcept: no cleanup calls that
/// may throw, so the mt build's exception handling costs the kernels nothing).
template <class O>
struct Scope {
  O& o;
  Fn f;
  Scope(O& obs, Fn fn) noexcept : o(obs), f(fn) { o.enter(f); }
  ~Scope() { o.leave(f); }
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;
};

// llplay:source profile.compare
/// def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)
template <class O>
[[gnu::noinline]] std::int64_t fib(O& o, int n) {
  Scope<O> s(o, Fn::fib);
  if (o.stopping()) return 0;
  return n < 2 ? n : fib(o, n - 1) + fib(o, n - 2);
}

template <class O>
bool is_odd(O& o, int n);

/// def is_even(n): return True if n == 0 else is_odd(n - 1)
template <class O>
[[gnu::noinline]] bool is_even(O& o, int n) {
  Scope<O> s(o, Fn::is_even);
  if (o.stopping()) return false;
  return n == 0 ? true : is_odd(o, n - 1);
}

/// def is_odd(n): return False if n == 0 else is_even(n - 1)
template <class O>
[[gnu::noinline]] bool is_odd(O& o, int n) {
  Scope<O> s(o, Fn::is_odd);
  if (o.stopping()) return false;
  return n == 0 ? false : is_even(o, n - 1);
}

/// def count_even(n): how many k in range(n) is_even says are even
template <class O>
[[gnu::noinline]] std::int64_t count_even(O& o, int n) {
  Scope<O> s(o, Fn::count_even);
  std::int64_t count = 0;
  for (int k = 0; k < n && !o.stopping(); ++k) count += is_even(o, k) ? 1 : 0;
  return count;
}

/// A JSON-like value, flattened: node i is a dict, a list or a leaf (an int), with its children in order.
struct Value {
  enum Kind : std::uint8_t { dict, list, leaf };
  std::vector<Kind> kind;
  std::vector<std::int32_t> first, count;  ///< node i's children: children[first[i] .. first[i] + count[i])
  std::vector<std::int32_t> children;
  int depth = 0;  ///< the deepest node's depth (the root is 0)
};

template <class O>
std::int64_t walk(O& o, const Value& v, std::int32_t i);

/// def walk_dict(d): the leaves under each of d.values()
template <class O>
[[gnu::noinline]] std::int64_t walk_dict(O& o, const Value& v, std::int32_t i) {
  Scope<O> s(o, Fn::walk_dict);
  std::int64_t leaves = 0;
  for (std::int32_t c = 0; c < v.count[i]; ++c) leaves += walk(o, v, v.children[v.first[i] + c]);
  return leaves;
}

/// def walk_list(items): the leaves under each item
template <class O>
[[gnu::noinline]] std::int64_t walk_list(O& o, const Value& v, std::int32_t i) {
  Scope<O> s(o, Fn::walk_list);
  std::int64_t leaves = 0;
  for (std::int32_t c = 0; c < v.count[i]; ++c) leaves += walk(o, v, v.children[v.first[i] + c]);
  return leaves;
}

/// def walk(value): dispatch on isinstance(value, dict / list); a leaf counts 1
template <class O>
[[gnu::noinline]] std::int64_t walk(O& o, const Value& v, std::int32_t i) {
  Scope<O> s(o, Fn::walk);
  if (o.stopping()) return 0;
  if (v.kind[i] == Value::dict) return walk_dict(o, v, i);
  if (v.kind[i] == Value::list) return walk_list(o, v, i);
  return 1;
}

/// def add_digit(x, y, carry): s = x + y + carry; return s % 10, s // 10
template <class O>
[[gnu::noinline]] int add_digit(O& o, int x, int y, int& carry) {
  Scope<O> s(o, Fn::add_digit);
  int sum = x + y + carry;
  carry = sum / 10;
  return sum % 10;
}

/// def add(a, b): two digit strings of the same length, added right to left, one add_digit per digit
template <class O>
[[gnu::noinline]] std::string add(O& o, const std::string& a, const std::string& b) {
  Scope<O> s(o, Fn::add);
  std::string out(a.size() + 1, '0');
  int carry = 0;
  for (std::size_t i = a.size(); i-- > 0 && !o.stopping();) {
    out[i + 1] = static_cast<char>('0' + add_digit(o, a[i] - '0', b[i] - '0', carry));
  }
  out[0] = static_cast<char>('0' + carry);
  return out;
}
// llplay:end

/// The deepest a generated value nests (so a walk of it is at most this many walks deep).
inline constexpr int value_max_depth = 40;

/// A JSON-like value of `nodes` nodes from `seed`, reproducible in Python (the page's make_value): node 0 is
/// a dict; each next node joins a container chosen at random, as a dict, a list or a leaf (always a leaf
/// at value_max_depth).
Value make_value(std::int64_t nodes, std::uint64_t seed);

/// The two operands of the digits kernel: n digits each ("1234567890…" and "9876543210…").
std::pair<std::string, std::string> digit_operands(std::int64_t n);

}  // namespace llplay::profile
