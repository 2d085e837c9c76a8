// Python's random module on top of MT19937, as CPython 3.10-3.13 runs it (Lib/random.py).
#include "pyrandom.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>
#include <unordered_set>

#include "../error.hpp"
#include "../float_text.hpp"
#include "../python_text.hpp"
#include "exact_trig.hpp"
#include "glibc_math.hpp"
#include "sha512.hpp"

namespace llplay::chance {

namespace {

constexpr double two_pi = 6.283185307179586;  // random.TWOPI = 2.0 * pi
constexpr double pi = 3.141592653589793;
constexpr double e_number = 2.718281828459045;  // math.e
// log, exp, pow and log2: glibc_math.hpp's (glibc's bits) in both builds, as CPython on Linux calls glibc.
const double nv_magicconst = 4 * glibc_exp(-0.5) / std::sqrt(2.0);
const double log4 = glibc_log(4.0);
const double sg_magicconst = 1.0 + glibc_log(4.5);

/// Steps of decimal printing a run may take: about 30 values of getrandbits(100000).
constexpr double max_decimal_work = 3e8;

[[noreturn]] void raise(ErrorCode code, const std::string& message) { throw Error(code, message); }

std::string i128_text(i128 v) {
  if (v == 0) return "0";
  bool negative = v < 0;
  u128 m = negative ? -static_cast<u128>(v) : static_cast<u128>(v);
  std::string digits;
  for (; m != 0; m /= 10) digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
  return negative ? "-" + digits : digits;
}

const char* type_name(const PyValue& v) {
  switch (v.kind) {
    case PyValue::Kind::none:
      return "NoneType";
    case PyValue::Kind::boolean:
      return "bool";
    case PyValue::Kind::integer:
      return "int";
    case PyValue::Kind::floating:
      return "float";
    case PyValue::Kind::string:
      return "str";
    case PyValue::Kind::list:
      return "list";
  }
  return "object";
}

bool is_int(const PyValue& v) { return v.kind == PyValue::Kind::integer || v.kind == PyValue::Kind::boolean; }
bool is_sequence(const PyValue& v) {
  return v.kind == PyValue::Kind::list || v.kind == PyValue::Kind::string;
}
std::size_t length(const PyValue& v) {
  return v.kind == PyValue::Kind::list ? v.items.size() : v.text.size();
}
/// seq[i] of a list or a str (a str's item is a one-character str).
PyValue item(const PyValue& seq, std::size_t i) {
  if (seq.kind == PyValue::Kind::list) return seq.items[i];
  PyValue c;
  c.kind = PyValue::Kind::string;
  c.text = std::string(1, seq.text[i]);
  return c;
}
/// str(v), as an f-string prints it.
std::string str_of(const PyValue& v) { return v.kind == PyValue::Kind::string ? v.text : v.repr(); }

/// An int or a float, for the arithmetic Python does on the arguments (int op int stays exact).
struct Num {
  bool is_int = false;
  i128 i = 0;
  double f = 0;
  double as_double() const { return is_int ? static_cast<double>(i) : f; }  // correctly rounded
};

Num number(const PyValue& v) {
  if (is_int(v)) return {true, v.integer, 0};
  if (v.kind == PyValue::Kind::floating) return {false, 0, v.floating};
  raise(ErrorCode::TypeError, std::string("must be real number, not ") + type_name(v));
}
Num sub(Num a, Num b) {
  if (a.is_int && b.is_int) return {true, a.i - b.i, 0};
  return {false, 0, a.as_double() - b.as_double()};
}
/// a / b, Python's true division (ZeroDivisionError for a zero divisor).
double true_div(Num a, Num b) {
  if (b.is_int ? b.i == 0 : b.f == 0) {
    raise(ErrorCode::ZeroDivisionError, a.is_int && b.is_int ? "division by zero" : "float division by zero");
  }
  constexpr i128 exact = static_cast<i128>(1) << 53;
  if (a.is_int && b.is_int && (a.i > exact || a.i < -exact || b.i > exact || b.i < -exact)) {
    raise(ErrorCode::BadParams, "int / int beyond 2**53 is not modelled here");  // both exact below it
  }
  return a.as_double() / b.as_double();
}
bool less_equal(Num a, double x) { return a.is_int ? static_cast<double>(a.i) <= x : a.f <= x; }

double m_log(double x) {
  if (!(x > 0)) raise(ErrorCode::ValueError, "math domain error");
  return glibc_log(x);
}
double m_exp(double x) {
  double r = glibc_exp(x);
  if (std::isinf(r) && std::isfinite(x)) raise(ErrorCode::OverflowError, "math range error");
  return r;
}
double m_sqrt(double x) {
  if (x < 0) raise(ErrorCode::ValueError, "math domain error");
  return std::sqrt(x);
}
double m_acos(double x) {
  if (x < -1 || x > 1) raise(ErrorCode::ValueError, "math domain error");
  return lab_acos(x);
}
/// x % y for floats, as Python computes it (the sign of the divisor).
double py_mod(double x, double y) {
  if (y == 0) raise(ErrorCode::ZeroDivisionError, "float modulo");
  double mod = std::fmod(x, y);
  if (mod != 0) {
    if ((y < 0) != (mod < 0)) mod += y;
  } else {
    mod = std::copysign(0.0, y);
  }
  return mod;
}
bool is_odd_integer(double y) { return std::fmod(std::fabs(y), 2.0) == 1.0; }
/// x ** y for floats, as CPython's float_pow computes it (its special cases and errors).
double py_pow(double x, double y) {
  if (y == 0) return 1.0;
  if (std::isnan(x)) return x;
  if (std::isnan(y)) return x == 1.0 ? 1.0 : y;
  if (std::isinf(y)) {
    double ax = std::fabs(x);
    if (ax == 1.0) return 1.0;
    return (y > 0) == (ax > 1.0) ? std::fabs(y) : 0.0;
  }
  if (std::isinf(x)) {
    bool odd = is_odd_integer(y);
    if (y > 0) return odd ? x : std::fabs(x);
    return odd ? std::copysign(0.0, x) : 0.0;
  }
  if (x == 0) {
    if (y < 0) raise(ErrorCode::ZeroDivisionError, "0.0 cannot be raised to a negative power");
    return is_odd_integer(y) ? x : 0.0;
  }
  bool negate = false;
  if (x < 0) {
    if (y != std::floor(y)) raise(ErrorCode::BadParams, "a complex result is not modelled here");
    x = -x;
    negate = is_odd_integer(y);
  }
  if (x == 1.0) return negate ? -1.0 : 1.0;
  double r = glibc_pow(x, y);
  if (std::isinf(r)) raise(ErrorCode::OverflowError, "(34, 'Numerical result out of range')");
  return negate ? -r : r;
}

unsigned bit_length(u128 n) {
  unsigned bits = 0;
  for (; n != 0; n >>= 1) ++bits;
  return bits;
}

/// Floor division of ints, as Python's // does it.
i128 floor_div(i128 a, i128 b) {
  i128 q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

/// The generator with the run's budget, and the state random.Random keeps besides MT19937.
class Source {
 public:
  Source(Mt19937& gen, std::uint64_t max_outputs) : gen_(gen), limit_(gen.outputs() + max_outputs) {}
  void check() const {
    if (gen_.outputs() > limit_) {
      raise(ErrorCode::LimitExceeded, "random.draw: the calls used more than the budget of " +
                                          std::to_string(limit_) + " 32-bit outputs");
    }
  }
  double random() {
    check();
    return gen_.random();
  }
  Mt19937& gen() { return gen_; }
  std::optional<double> gauss_next;

 private:
  Mt19937& gen_;
  std::uint64_t limit_;
};

// llplay:source random.draw
/// _randbelow_with_getrandbits(n): k = n.bit_length() bits, again until below n.
u128 randbelow(Source& s, u128 n, int minor) {
  if (n == 0 && minor == 10) return 0;  // 3.10 answered 0 for n == 0 (3.11 defines it for n > 0 only)
  unsigned k = bit_length(n);
  for (;;) {
    s.check();
    std::vector<std::uint32_t> words = s.gen().getrandbits(k);
    u128 r = 0;
    for (std::size_t i = words.size(); i-- > 0;) r = (r << 32) | words[i];
    if (r < n) return r;
  }
}
// llplay:end

/// operator.index(v) for randrange; 3.10 and 3.11 still took an integral float (and a str that int()
/// reads raised ValueError there, as its int differs from the str).
i128 index_arg(const PyValue& v, int minor, const char* which) {
  if (is_int(v)) return v.integer;
  if (minor <= 11 && v.kind == PyValue::Kind::floating) {
    if (std::isnan(v.floating)) raise(ErrorCode::ValueError, "cannot convert float NaN to integer");
    if (std::isinf(v.floating)) raise(ErrorCode::OverflowError, "cannot convert float infinity to integer");
    double t = std::trunc(v.floating);
    if (std::fabs(t) >= 0x1p120) raise(ErrorCode::BadParams, "ints of 2**120 and more are not modelled here");
    if (t != v.floating)
      raise(ErrorCode::ValueError, std::string("non-integer ") + which + " for randrange()");
    return static_cast<i128>(t);
  }
  if (minor <= 11 && v.kind == PyValue::Kind::string) {
    raise(ErrorCode::ValueError, std::string("non-integer ") + which + " for randrange()");
  }
  if (minor <= 11 && v.kind != PyValue::Kind::floating) {
    raise(ErrorCode::TypeError, std::string("int() argument must be a string, a bytes-like object or a real "
                                            "number, not '") +
                                    type_name(v) + "'");
  }
  raise(ErrorCode::TypeError,
        std::string("'") + type_name(v) + "' object cannot be interpreted as an integer");
}

PyValue int_value(i128 v) {
  PyValue out;
  out.kind = PyValue::Kind::integer;
  out.integer = v;
  return out;
}

// llplay:source random.draw
PyValue randrange(Source& s, const std::vector<PyValue>& a, int minor) {
  const PyValue& start = a[0];
  bool has_stop = a.size() > 1 && a[1].kind != PyValue::Kind::none;
  i128 istart = index_arg(start, minor, "arg 1");
  if (!has_stop) {
    if (a.size() > 2 && !(a[2].kind == PyValue::Kind::integer && a[2].integer == 1)) {
      raise(ErrorCode::TypeError, "Missing a non-None stop argument");
    }
    if (istart > 0) return int_value(static_cast<i128>(randbelow(s, static_cast<u128>(istart), minor)));
    raise(ErrorCode::ValueError, "empty range for randrange()");
  }
  const PyValue& stop = a[1];
  PyValue one = int_value(1);
  const PyValue& step = a.size() > 2 ? a[2] : one;
  i128 istop = index_arg(stop, minor, "stop");
  i128 width = istop - istart;
  i128 istep = index_arg(step, minor, "step");
  if (istep == 1) {
    if (width > 0)
      return int_value(istart + static_cast<i128>(randbelow(s, static_cast<u128>(width), minor)));
    raise(ErrorCode::ValueError, minor >= 12
                                     ? "empty range in randrange(" + str_of(start) + ", " + str_of(stop) + ")"
                                     : "empty range for randrange() (" + i128_text(istart) + ", " +
                                           i128_text(istop) + ", " + i128_text(width) + ")");
  }
  i128 n = 0;
  if (istep > 0) {
    n = floor_div(width + istep - 1, istep);
  } else if (istep < 0) {
    n = floor_div(width + istep + 1, istep);
  } else {
    raise(ErrorCode::ValueError, "zero step for randrange()");
  }
  if (n <= 0) {
    raise(ErrorCode::ValueError, minor >= 12 ? "empty range in randrange(" + str_of(start) + ", " +
                                                   str_of(stop) + ", " + str_of(step) + ")"
                                             : "empty range for randrange()");
  }
  return int_value(istart + istep * static_cast<i128>(randbelow(s, static_cast<u128>(n), minor)));
}

double normalvariate(Source& s) {
  for (;;) {  // Kinderman and Monahan's ratio of uniforms
    double u1 = s.random();
    double u2 = 1.0 - s.random();
    double z = nv_magicconst * (u1 - 0.5) / u2;
    double zz = z * z / 4.0;
    if (zz <= -m_log(u2)) return z;
  }
}

double gauss(Source& s) {
  std::optional<double> z = s.gauss_next;  // Box-Muller gives two; the second waits for the next call
  s.gauss_next.reset();
  if (!z) {
    double x2pi = s.random() * two_pi;
    double g2rad = m_sqrt(-2.0 * m_log(1.0 - s.random()));
    z = lab_cos(x2pi) * g2rad;
    s.gauss_next = lab_sin(x2pi) * g2rad;
  }
  return *z;
}

double gammavariate(Source& s, Num alpha, Num beta) {
  if (less_equal(alpha, 0.0) || less_equal(beta, 0.0)) {
    raise(ErrorCode::ValueError, "gammavariate: alpha and beta must be > 0.0");
  }
  double a = alpha.as_double(), b = beta.as_double();
  if (a > 1.0) {  // R. C. H. Cheng's algorithm
    double ainv = m_sqrt(2.0 * a - 1.0), bbb = a - log4, ccc = a + ainv;
    for (;;) {
      double u1 = s.random();
      if (!(1e-7 < u1 && u1 < 0.9999999)) continue;
      double u2 = 1.0 - s.random();
      double v = m_log(u1 / (1.0 - u1)) / ainv;
      double x = a * m_exp(v);
      double z = u1 * u1 * u2;
      double r = bbb + ccc * v - x;
      if (r + sg_magicconst - 4.5 * z >= 0.0 || r >= m_log(z)) return x * b;
    }
  }
  if (a == 1.0) return -m_log(1.0 - s.random()) * b;
  double x = 0;
  for (;;) {  // alpha < 1: ALGORITHM GS of Statistical Computing, Kennedy & Gentle
    double u = s.random();
    double bb = (e_number + a) / e_number;
    double p = bb * u;
    x = p <= 1.0 ? py_pow(p, 1.0 / a) : -m_log((bb - p) / a);
    double u1 = s.random();
    if (p > 1.0) {
      if (u1 <= py_pow(x, a - 1.0)) break;
    } else if (u1 <= m_exp(-x)) {
      break;
    }
  }
  return x * b;
}
// llplay:end

PyValue float_value(double x) {
  PyValue out;
  out.kind = PyValue::Kind::floating;
  out.floating = x;
  return out;
}

/// A method's signature as random.py writes it: positional-or-keyword names (the first `required` without
/// a default), then keyword-only ones (all with defaults). The C methods (random, getrandbits) take no
/// keywords.
struct Signature {
  std::vector<std::string> names;
  std::size_t required = 0;
  std::vector<PyValue> defaults;  ///< for names[required..]
  std::vector<std::string> keyword_only = {};
  std::vector<PyValue> keyword_defaults = {};
  bool keywords = true;
};

/// The call's arguments bound as CPython binds them: every parameter in order (positional, then
/// keyword-only), defaults filled in; TypeError for a missing, extra, repeated or unknown argument.
std::vector<PyValue> bind_arguments(const std::string& fn, const std::vector<PyValue>& given,
                                    const Keywords& keywords, const Signature& sig) {
  const std::size_t positional = sig.names.size();
  if (given.size() > positional) {
    raise(ErrorCode::TypeError, fn + "() takes " + std::to_string(positional + 1) +
                                    " positional arguments but " + std::to_string(given.size() + 1) +
                                    " were given");
  }
  if (!keywords.empty() && !sig.keywords) raise(ErrorCode::TypeError, fn + "() takes no keyword arguments");
  std::vector<PyValue> out(positional + sig.keyword_only.size());
  std::vector<bool> set(out.size(), false);
  for (std::size_t i = 0; i < given.size(); ++i) {
    out[i] = given[i];
    set[i] = true;
  }
  for (const auto& [name, value] : keywords) {
    auto at = std::find(sig.names.begin(), sig.names.end(), name);
    auto kw = std::find(sig.keyword_only.begin(), sig.keyword_only.end(), name);
    std::size_t i = at != sig.names.end() ? static_cast<std::size_t>(at - sig.names.begin())
                    : kw != sig.keyword_only.end()
                        ? positional + static_cast<std::size_t>(kw - sig.keyword_only.begin())
                        : out.size();
    if (i == out.size()) {
      raise(ErrorCode::TypeError, fn + "() got an unexpected keyword argument '" + name.substr(0, 40) + "'");
    }
    if (set[i]) raise(ErrorCode::TypeError, fn + "() got multiple values for argument '" + name + "'");
    out[i] = value;
    set[i] = true;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (set[i]) continue;
    if (i < sig.required) {
      raise(ErrorCode::TypeError, fn + "() missing required positional argument: '" + sig.names[i] + "'");
    }
    out[i] = i < positional ? sig.defaults[i - sig.required] : sig.keyword_defaults[i - positional];
  }
  return out;
}

/// The indices sample(range(n), k) picks, in order: a pool for small populations, a set of chosen
/// indices for large ones (random.py's choice between them, by the memory each would take).
std::vector<u128> sample_indices(Source& s, u128 n, std::size_t k, int minor, RunContext& ctx) {
  std::size_t setsize = 21;  // size of a small set minus size of an empty list
  if (k > 5)
    setsize += static_cast<std::size_t>(glibc_pow(4.0, std::ceil(glibc_log(k * 3.0) / glibc_log(4.0))));
  std::vector<u128> result;
  result.reserve(k);
  if (n <= setsize) {
    std::vector<u128> pool;
    for (u128 i = 0; i < n; ++i) pool.push_back(i);
    for (std::size_t i = 0; i < k; ++i) {
      if (i % 4096 == 4095) ctx.checkpoint(0.5);
      auto j = static_cast<std::size_t>(randbelow(s, n - i, minor));
      result.push_back(pool[j]);
      pool[j] = pool[static_cast<std::size_t>(n) - i - 1];  // move the item not chosen into the vacancy
    }
  } else {
    struct Hash {
      std::size_t operator()(u128 v) const {
        return std::hash<std::uint64_t>()(static_cast<std::uint64_t>(v) ^
                                          static_cast<std::uint64_t>(v >> 64));
      }
    };
    std::unordered_set<u128, Hash> selected;  // only membership matters, as in CPython's set
    selected.reserve(k);
    for (std::size_t i = 0; i < k; ++i) {
      if (i % 4096 == 4095) ctx.checkpoint(0.5);
      u128 j = randbelow(s, n, minor);
      while (selected.count(j) != 0) j = randbelow(s, n, minor);
      selected.insert(j);
      result.push_back(j);
    }
  }
  return result;
}

/// x < i for a float and an int, exactly, as Python compares them (|i| < 2**120 here).
bool float_less_int(double x, i128 i) {
  if (std::isnan(x) || x >= 0x1p126) return false;
  if (x < -0x1p126) return true;
  return static_cast<i128>(std::floor(x)) < i;  // i is whole: x < i exactly when floor(x) < i
}

/// x < y for the numbers bisect compares (a float or int x against an element of the list).
bool py_less(const PyValue& x, const PyValue& y) {
  if (!(is_int(y) || y.kind == PyValue::Kind::floating) ||
      !(is_int(x) || x.kind == PyValue::Kind::floating)) {
    raise(ErrorCode::TypeError, std::string("'<' not supported between instances of '") + type_name(x) +
                                    "' and '" + type_name(y) + "'");
  }
  if (is_int(x) && is_int(y)) return x.integer < y.integer;
  if (x.kind == PyValue::Kind::floating && y.kind == PyValue::Kind::floating) return x.floating < y.floating;
  if (x.kind == PyValue::Kind::floating) return float_less_int(x.floating, y.integer);
  // int < float: not (float <= int), i.e. not (float < int or float == int)
  double f = y.floating;
  if (std::isnan(f)) return false;
  return !(float_less_int(f, x.integer) ||
           (std::floor(f) == f && static_cast<i128>(f) == x.integer && std::fabs(f) < 0x1p126));
}

/// bisect.bisect_right(a, x, lo, hi): the first place after every element not greater than x.
std::size_t bisect_right(const std::vector<PyValue>& a, const PyValue& x, std::size_t lo, std::size_t hi) {
  while (lo < hi) {
    std::size_t mid = (lo + hi) / 2;
    if (py_less(x, a[mid]))
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

constexpr i128 int_limit = static_cast<i128>(1) << 120;

/// a + b as Python adds the elements of weights or counts: ints exactly, floats as floats, str and list
/// concatenated (kept as their kind only: nothing here reads what they hold).
PyValue py_add(const PyValue& a, const PyValue& b) {
  if (is_int(a) && is_int(b)) {
    i128 sum = a.integer + b.integer;
    if (sum >= int_limit || sum <= -int_limit)
      raise(ErrorCode::BadParams, "ints of 2**120 and more are not modelled here");
    return int_value(sum);
  }
  bool a_num = is_int(a) || a.kind == PyValue::Kind::floating,
       b_num = is_int(b) || b.kind == PyValue::Kind::floating;
  if (a_num && b_num) return float_value(number(a).as_double() + number(b).as_double());
  if ((a.kind == PyValue::Kind::string || a.kind == PyValue::Kind::list) && a.kind == b.kind) {
    PyValue out;
    out.kind = a.kind;
    return out;
  }
  if (a.kind == PyValue::Kind::string || a.kind == PyValue::Kind::list) {
    raise(ErrorCode::TypeError, std::string("can only concatenate ") + type_name(a) + " (not \"" +
                                    type_name(b) + "\") to " + type_name(a));
  }
  raise(ErrorCode::TypeError,
        std::string("unsupported operand type(s) for +: '") + type_name(a) + "' and '" + type_name(b) + "'");
}

/// The items of an iterable the demo can be given (a list, or a str's characters).
std::vector<PyValue> items_of(const PyValue& v) {
  if (!is_sequence(v))
    raise(ErrorCode::TypeError, std::string("'") + type_name(v) + "' object is not iterable");
  std::vector<PyValue> out;
  for (std::size_t i = 0; i < length(v); ++i) out.push_back(item(v, i));
  return out;
}

/// x + 0.0: the float total of cumulative weights (TypeError for what is not a number).
double plus_zero(const PyValue& x) {
  if (is_int(x) || x.kind == PyValue::Kind::floating) return number(x).as_double() + 0.0;
  if (x.kind == PyValue::Kind::string || x.kind == PyValue::Kind::list) {
    raise(ErrorCode::TypeError,
          std::string("can only concatenate ") + type_name(x) + " (not \"float\") to " + type_name(x));
  }
  raise(ErrorCode::TypeError,
        std::string("unsupported operand type(s) for +: '") + type_name(x) + "' and 'float'");
}

/// The k of choices(): itertools.repeat's count (an int; negative is none).
std::size_t choices_k(const PyValue& k, std::size_t max_k) {
  if (!is_int(k)) {
    raise(ErrorCode::TypeError,
          std::string("'") + type_name(k) + "' object cannot be interpreted as an integer");
  }
  if (k.integer <= 0) return 0;
  if (k.integer > static_cast<i128>(max_k)) {
    raise(ErrorCode::LimitExceeded, "choices: k is at most " + std::to_string(max_k) + " here");
  }
  return static_cast<std::size_t>(k.integer);
}

/// The checks sample() makes of k against a population of n: 0 <= k <= n, then [None] * k.
std::size_t sample_k(const PyValue& k, i128 n, std::size_t max_k) {
  if (k.kind == PyValue::Kind::floating) {
    if (!(0 <= k.floating && !py_less(int_value(n), k))) {
      raise(ErrorCode::ValueError, "Sample larger than population or is negative");
    }
    raise(ErrorCode::TypeError, "can't multiply sequence by non-int of type 'float'");
  }
  if (!is_int(k)) {
    raise(ErrorCode::TypeError,
          std::string("'<=' not supported between instances of 'int' and '") + type_name(k) + "'");
  }
  if (k.integer < 0 || k.integer > n)
    raise(ErrorCode::ValueError, "Sample larger than population or is negative");
  if (k.integer > static_cast<i128>(max_k)) {
    raise(ErrorCode::LimitExceeded, "sample: k is at most " + std::to_string(max_k) + " here");
  }
  return static_cast<std::size_t>(k.integer);
}

/// A list's repr built item by item, so that a long one stops at the result budget before it is made.
class ListRepr {
 public:
  /// `bytes`: what the run's values already take.
  ListRepr(std::size_t bytes, std::size_t max_bytes) : bytes_(bytes), max_(max_bytes) { text_ = "["; }
  /// Refuses before drawing a list of k items that cannot fit: each takes at least 3 bytes ("1, ").
  void expect(std::size_t k) const {
    if (bytes_ + 3 * k > max_) over();
  }
  void add(const PyValue& v) {
    std::string r = v.repr();
    bytes_ += r.size() + 2;
    if (bytes_ > max_) over();
    if (text_.size() > 1) text_ += ", ";
    text_ += r;
  }
  std::string done() { return text_ + "]"; }

 private:
  [[noreturn]] void over() const {
    raise(ErrorCode::LimitExceeded, "random.draw: the values pass the result budget of " +
                                        std::to_string(max_ / 1000000) + " MB; ask for fewer");
  }
  std::size_t bytes_;
  std::size_t max_;
  std::string text_;
};

/// math.lgamma as CPython computes it (its own Lanczos approximation, not the C library's lgamma), for
/// the arguments binomialvariate gives it: x >= 1. The one libm call is log.
double python_lgamma(double x) {
  // Lanczos' sum with g = 6.024680040776729583740234375 and 13 terms: a rational function whose
  // numerator coefficients are these and whose denominator is x (x + 1) ... (x + 11).
  static constexpr double g = 6.024680040776729583740234375;
  static constexpr double numerator[13] = {23531376880.410759688572007674451636754734846804940,
                                           42919803642.649098768957899047001988850926355848959,
                                           35711959237.355668049440185451547166705960488635843,
                                           17921034426.037209699919755754458931112671403265390,
                                           6039542586.3520280050642916443072979210699388420708,
                                           1439720407.3117216736632230727949123939715485786772,
                                           248874557.86205415651146038641322942321632125127801,
                                           31426415.585400194380614231628318205362874684987640,
                                           2876370.6289353724412254090516208496135991145378768,
                                           186056.26539522349504029498971604569928220784236328,
                                           8071.6720023658162106380029022722506138218516325024,
                                           210.82427775157934587250973392071336271166969580291,
                                           2.5066282746310002701649081771338373386264310793408};
  static constexpr double denominator[13] = {0.0,        39916800.0, 120543840.0, 150917976.0, 105258076.0,
                                             45995730.0, 13339535.0, 2637558.0,   357423.0,    32670.0,
                                             1925.0,     66.0,       1.0};
  if (std::isnan(x)) return x;
  if (std::isinf(x)) return HUGE_VAL;
  if (x == std::floor(x) && x <= 2.0) return x <= 0.0 ? HUGE_VAL : 0.0;  // lgamma(1) = lgamma(2) = 0
  double num = 0.0, den = 0.0;
  if (x < 5.0) {  // Horner in x, highest power first
    for (int i = 12; i >= 0; --i) {
      num = num * x + numerator[i];
      den = den * x + denominator[i];
    }
  } else {  // in 1/x, so that large x cannot overflow
    for (int i = 0; i < 13; ++i) {
      num = num / x + numerator[i];
      den = den / x + denominator[i];
    }
  }
  double r = glibc_log(num / den) - g;
  return r + (x - 0.5) * (glibc_log(x + g - 0.5) - 1);
}

/// math.floor of a float: an int, ValueError for NaN, OverflowError for an infinity.
double py_floor(double x) {
  if (std::isnan(x)) raise(ErrorCode::ValueError, "cannot convert float NaN to integer");
  if (std::isinf(x)) raise(ErrorCode::OverflowError, "cannot convert float infinity to integer");
  return std::floor(x);
}

double m_log2(double x) {
  if (!(x > 0)) raise(ErrorCode::ValueError, "math domain error");
  return glibc_log2(x);
}

// llplay:source random.draw
/// binomialvariate(n, p), 3.12+: the number of successes in n trials of probability p. Devroye's
/// geometric method when n p < 10, else Hörmann's BTRS (transformed rejection with squeeze).
PyValue binomialvariate(Source& s, const PyValue& n_arg, const PyValue& p_arg) {
  if (!is_int(n_arg) && n_arg.kind != PyValue::Kind::floating) {
    raise(ErrorCode::TypeError,
          std::string("'<' not supported between instances of '") + type_name(n_arg) + "' and 'int'");
  }
  const Num n = number(n_arg);
  if (n.is_int ? n.i < 0 : n.f < 0) raise(ErrorCode::ValueError, "n must be non-negative");
  if (!is_int(p_arg) && p_arg.kind != PyValue::Kind::floating) {
    raise(ErrorCode::TypeError,
          std::string("'<=' not supported between instances of '") + type_name(p_arg) + "' and 'float'");
  }
  double p = number(p_arg).as_double();
  if (p <= 0.0 || p >= 1.0) {
    if (p == 0.0) return int_value(0);
    if (p == 1.0) return n_arg;  // n itself, whatever its type
    raise(ErrorCode::ValueError, "p must be in the range 0.0 <= p <= 1.0");
  }
  if (n.is_int ? n.i == 1 : n.f == 1.0) return int_value(s.random() < p ? 1 : 0);
  const bool flipped = p > 0.5;  // symmetry: n - binomialvariate(n, 1.0 - p)
  if (flipped) p = 1.0 - p;
  auto above_n = [&](i128 v) { return n.is_int ? v > n.i : float_less_int(n.f, v); };
  const double nd = n.as_double();
  i128 successes = 0;
  if (nd * p < 10.0) {
    // Geometric: the gaps between successes are geometric; count them until they pass n.
    i128 x = 0, y = 0;
    double c = m_log2(1.0 - p);
    while (c != 0) {
      double gap = py_floor(m_log2(s.random()) / c);
      if (gap >= 0x1p121) break;  // y > n whatever y was
      y += static_cast<i128>(gap) + 1;
      if (above_n(y)) break;
      x += 1;
    }
    successes = x;
  } else {
    double spq = m_sqrt(nd * p * (1.0 - p));  // standard deviation of the distribution
    double b = 1.15 + 2.53 * spq;
    double a = -0.0873 + 0.0248 * b + 0.01 * p;
    double c = nd * p + 0.5;
    double vr = 0.92 - 4.2 / b;
    bool setup_complete = false;
    double alpha = 0, lpq = 0, h = 0;
    i128 m = 0;
    // lgamma(n - j + 1) for an int j, with n's own arithmetic (exact for an int n).
    auto lgamma_rest = [&](i128 j) {
      return python_lgamma(n.is_int ? static_cast<double>(n.i - j + 1) : n.f - static_cast<double>(j) + 1);
    };
    for (;;) {
      double u = s.random();
      u -= 0.5;
      double us = 0.5 - std::fabs(u);
      if (us == 0) raise(ErrorCode::ZeroDivisionError, "float division by zero");
      double kf = py_floor((2.0 * a / us + b) * u + c);
      if (kf < 0 || (kf >= 0x1p121 || above_n(static_cast<i128>(kf)))) continue;
      auto k = static_cast<i128>(kf);
      // The squeeze: most draws are accepted without the logarithms below.
      double v = s.random();
      if (us >= 0.07 && v <= vr) {
        successes = k;
        break;
      }
      if (!setup_complete) {
        alpha = (2.83 + 5.1 / b) * spq;
        lpq = m_log(p / (1.0 - p));
        m = static_cast<i128>(py_floor((n.is_int ? static_cast<double>(n.i + 1) : n.f + 1) * p));  // the mode
        h = python_lgamma(static_cast<double>(m + 1)) + lgamma_rest(m);
        setup_complete = true;
      }
      v *= alpha / (a / (us * us) + b);
      if (m_log(v) <=
          h - python_lgamma(static_cast<double>(k + 1)) - lgamma_rest(k) + static_cast<double>(k - m) * lpq) {
        successes = k;
        break;
      }
    }
  }
  if (!flipped) return int_value(successes);
  return n.is_int ? int_value(n.i - successes) : float_value(n.f - static_cast<double>(successes));
}

/// What choices() and sample(counts=...) work out before they draw: the cumulative weights (or
/// counts) and their total. No randomness goes in, so one call's answer serves every call.
struct Cumulative {
  std::vector<PyValue> cum;
  double total = 0;  ///< choices: the float total
  i128 count = 0;    ///< sample: the int total of the counts
};

/// choices(population, weights=None, *, cum_weights=None, k=1): k draws with replacement, floor(random() * n)
/// without weights, else bisect on the cumulative weights at random() * total.
std::string choices(Source& s, const std::vector<PyValue>& a, std::optional<Cumulative>& plan,
                    std::size_t bytes, std::size_t max_bytes, std::size_t max_k, RunContext& ctx) {
  const PyValue &population = a[0], &weights = a[1], &cum_weights = a[2];
  if (!is_sequence(population)) {
    raise(ErrorCode::TypeError, std::string("object of type '") + type_name(population) + "' has no len()");
  }
  const std::size_t n = length(population);
  ListRepr out(bytes, max_bytes);
  if (cum_weights.kind == PyValue::Kind::none && weights.kind == PyValue::Kind::none) {
    std::size_t k = choices_k(a[3], max_k);
    out.expect(k);
    for (std::size_t i = 0; i < k; ++i) {
      if (i % 4096 == 4095) ctx.checkpoint(0.5);
      auto j = static_cast<std::size_t>(std::floor(s.random() * (static_cast<double>(n) + 0.0)));
      if (j >= n) {
        raise(ErrorCode::IndexError, population.kind == PyValue::Kind::list ? "list index out of range"
                                                                            : "string index out of range");
      }
      out.add(item(population, j));
    }
    return out.done();
  }
  if (!plan) {
    Cumulative c;
    if (cum_weights.kind == PyValue::Kind::none) {
      if (is_int(weights)) {
        raise(ErrorCode::TypeError, "The number of choices must be a keyword argument: k=" + weights.repr());
      }
      for (const PyValue& w : items_of(weights)) c.cum.push_back(c.cum.empty() ? w : py_add(c.cum.back(), w));
    } else if (weights.kind != PyValue::Kind::none) {
      raise(ErrorCode::TypeError, "Cannot specify both weights and cumulative weights");
    } else {
      if (!is_sequence(cum_weights)) {
        raise(ErrorCode::TypeError,
              std::string("object of type '") + type_name(cum_weights) + "' has no len()");
      }
      c.cum = items_of(cum_weights);
    }
    if (c.cum.size() != n)
      raise(ErrorCode::ValueError, "The number of weights does not match the population");
    if (c.cum.empty()) raise(ErrorCode::IndexError, "list index out of range");
    c.total = plus_zero(c.cum.back());
    if (c.total <= 0.0) raise(ErrorCode::ValueError, "Total of weights must be greater than zero");
    if (!std::isfinite(c.total)) raise(ErrorCode::ValueError, "Total of weights must be finite");
    plan = std::move(c);
  }
  std::size_t k = choices_k(a[3], max_k);
  out.expect(k);
  for (std::size_t i = 0; i < k; ++i) {
    if (i % 4096 == 4095) ctx.checkpoint(0.5);
    out.add(item(population, bisect_right(plan->cum, float_value(s.random() * plan->total), 0, n - 1)));
  }
  return out.done();
}

/// sample(population, k, *, counts=None): k distinct positions; with counts, positions in the
/// population repeated counts[i] times (sample(range(total), k), then bisect on the cumulative counts).
std::string sample(Source& s, const std::vector<PyValue>& a, std::optional<Cumulative>& plan, int minor,
                   std::size_t bytes, std::size_t max_bytes, std::size_t max_k, RunContext& ctx) {
  const PyValue &population = a[0], &counts = a[2];
  if (!is_sequence(population)) {
    raise(ErrorCode::TypeError, "Population must be a sequence.  For dicts or sets, use sorted(d).");
  }
  const std::size_t n = length(population);
  ListRepr out(bytes, max_bytes);
  if (counts.kind == PyValue::Kind::none) {
    std::size_t k = sample_k(a[1], static_cast<i128>(n), max_k);
    out.expect(k);
    for (u128 j : sample_indices(s, n, k, minor, ctx)) out.add(item(population, static_cast<std::size_t>(j)));
    return out.done();
  }
  if (!plan) {
    Cumulative c;
    for (const PyValue& w : items_of(counts)) c.cum.push_back(c.cum.empty() ? w : py_add(c.cum.back(), w));
    if (c.cum.size() != n) raise(ErrorCode::ValueError, "The number of counts does not match the population");
    if (c.cum.empty()) raise(ErrorCode::IndexError, "pop from empty list");
    PyValue total = c.cum.back();
    c.cum.pop_back();
    if (!is_int(total)) raise(ErrorCode::TypeError, "Counts must be integers");
    if (total.integer <= 0) raise(ErrorCode::ValueError, "Total of counts must be greater than zero");
    c.count = total.integer;
    plan = std::move(c);
  }
  std::size_t k = sample_k(a[1], plan->count, max_k);
  out.expect(k);
  for (u128 j : sample_indices(s, static_cast<u128>(plan->count), k, minor, ctx)) {
    out.add(item(population, bisect_right(plan->cum, int_value(static_cast<i128>(j)), 0, plan->cum.size())));
  }
  return out.done();
}
// llplay:end

}  // namespace

std::vector<std::uint32_t> int_seed_key(std::string_view text) {
  std::size_t begin = text.find_first_not_of(" \t\n\r\f\v"), end = text.find_last_not_of(" \t\n\r\f\v");
  std::string_view t =
      begin == std::string_view::npos ? std::string_view{} : text.substr(begin, end - begin + 1);
  std::size_t i = !t.empty() && (t[0] == '+' || t[0] == '-') ? 1 : 0;
  std::string digits;
  for (std::size_t k = i; k < t.size(); ++k) {
    char c = t[k];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (!(c == '_' && k > i && k + 1 < t.size() && t[k - 1] != '_' && t[k + 1] >= '0' &&
                 t[k + 1] <= '9')) {
      digits.clear();
      break;
    }
  }
  if (digits.empty()) {
    std::string shown(text.substr(0, 40));
    raise(ErrorCode::ValueError, "seed: invalid literal for int() with base 10: '" + shown + "'");
  }
  if (digits.size() > max_seed_digits) {
    raise(ErrorCode::LimitExceeded, "seed: " + std::to_string(digits.size()) + " digits; at most " +
                                        std::to_string(max_seed_digits) + " here");
  }
  // words = words * 10^len + chunk, nine digits at a time: abs(n) as 32-bit words, least significant first.
  std::vector<std::uint32_t> words;
  for (std::size_t at = 0; at < digits.size(); at += 9) {
    std::size_t len = std::min<std::size_t>(9, digits.size() - at);
    std::uint64_t factor = 1, carry = std::stoull(digits.substr(at, len));
    for (std::size_t d = 0; d < len; ++d) factor *= 10;
    for (std::uint32_t& w : words) {
      std::uint64_t v = w * factor + carry;
      w = static_cast<std::uint32_t>(v);
      carry = v >> 32;
    }
    if (carry != 0) words.push_back(static_cast<std::uint32_t>(carry));
  }
  while (!words.empty() && words.back() == 0) words.pop_back();
  if (words.empty()) words.push_back(0);  // abs(0) has no bits: CPython uses one zero word
  return words;
}

std::vector<std::uint32_t> text_seed_key(std::string_view utf8) {
  std::string bytes(utf8);
  std::array<std::uint8_t, 64> digest = sha512(utf8);
  bytes.append(reinterpret_cast<const char*>(digest.data()), digest.size());
  // int.from_bytes(bytes, "big"), as 32-bit words from the right.
  std::vector<std::uint32_t> words;
  for (std::size_t end = bytes.size(); end > 0; end = end >= 4 ? end - 4 : 0) {
    std::uint32_t w = 0;
    for (std::size_t b = end >= 4 ? end - 4 : 0; b < end; ++b)
      w = (w << 8) | static_cast<std::uint8_t>(bytes[b]);
    words.push_back(w);
  }
  while (!words.empty() && words.back() == 0) words.pop_back();
  if (words.empty()) words.push_back(0);
  return words;
}

std::vector<std::uint32_t> entropy_seed_key() {
  std::random_device device;  // /dev/urandom natively; crypto.getRandomValues in the browser
  std::vector<std::uint32_t> key(Mt19937::n);
  for (std::uint32_t& w : key) w = device();
  return key;
}

std::string words_to_decimal(const std::vector<std::uint32_t>& input) {
  std::vector<std::uint32_t> words = input;
  while (!words.empty() && words.back() == 0) words.pop_back();
  if (words.empty()) return "0";
  std::vector<std::uint32_t> chunks;  // base 10^9, least significant first
  while (!words.empty()) {
    std::uint64_t rest = 0;
    for (std::size_t i = words.size(); i-- > 0;) {
      std::uint64_t v = (rest << 32) | words[i];
      words[i] = static_cast<std::uint32_t>(v / 1000000000u);
      rest = v % 1000000000u;
    }
    chunks.push_back(static_cast<std::uint32_t>(rest));
    while (!words.empty() && words.back() == 0) words.pop_back();
  }
  std::string out = std::to_string(chunks.back());
  for (std::size_t i = chunks.size() - 1; i-- > 0;) {
    std::string part = std::to_string(chunks[i]);
    out += std::string(9 - part.size(), '0') + part;
  }
  return out;
}

PyValue PyValue::from_json(const nlohmann::json& value, const std::string& what, int depth) {
  if (depth > 40) raise(ErrorCode::BadParams, what + ": nested too deep");
  PyValue out;
  if (value.is_null()) return out;
  if (value.is_boolean()) {
    out.kind = Kind::boolean;
    out.integer = value.get<bool>() ? 1 : 0;
  } else if (value.is_number_unsigned()) {
    out.kind = Kind::integer;
    out.integer = static_cast<i128>(value.get<std::uint64_t>());
  } else if (value.is_number_integer()) {
    out.kind = Kind::integer;
    out.integer = static_cast<i128>(value.get<std::int64_t>());
  } else if (value.is_number_float()) {
    out.kind = Kind::floating;
    out.floating = value.get<double>();
  } else if (value.is_string()) {
    out.kind = Kind::string;
    out.text = value.get<std::string>();
    for (unsigned char c : out.text) {
      if (c >= 0x80) raise(ErrorCode::BadParams, what + ": only ASCII strings are modelled here");
    }
  } else if (value.is_array()) {
    out.kind = Kind::list;
    for (std::size_t i = 0; i < value.size(); ++i) {
      out.items.push_back(from_json(value[i], what + "[" + std::to_string(i) + "]", depth + 1));
    }
  } else {
    raise(ErrorCode::BadParams, what + ": a dict is not modelled here (use a list)");
  }
  return out;
}

std::string PyValue::repr() const {
  switch (kind) {
    case Kind::none:
      return "None";
    case Kind::boolean:
      return integer != 0 ? "True" : "False";
    case Kind::integer:
      return i128_text(integer);
    case Kind::floating:
      return python_repr(floating);
    case Kind::string:
      return python_str_repr(text);
    case Kind::list: {
      std::string out = "[";
      for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i].repr();
      return out + "]";
    }
  }
  return "?";
}

Draw draw(Mt19937& gen, const std::string& fn, const std::vector<PyValue>& given, const Keywords& keywords,
          std::size_t count, int minor, std::size_t max_bytes, std::uint64_t max_outputs, RunContext& ctx) {
  std::uint64_t start_outputs = gen.outputs();
  Source s(gen, max_outputs);
  const PyValue zero = float_value(0.0), one = float_value(1.0), none, int_one = int_value(1);
  // Signatures first, as CPython binds the arguments before it runs anything.
  Signature sig;
  if (fn == "random")
    sig = {{}, 0, {}, {}, {}, false};
  else if (fn == "getrandbits")
    sig = {{"k"}, 1, {}, {}, {}, false};
  else if (fn == "randrange")
    sig = {{"start", "stop", "step"}, 1, {none, int_one}};
  else if (fn == "randint" || fn == "uniform")
    sig = {{"a", "b"}, 2, {}};
  else if (fn == "gammavariate" || fn == "betavariate" || fn == "weibullvariate")
    sig = {{"alpha", "beta"}, 2, {}};
  else if (fn == "lognormvariate")
    sig = {{"mu", "sigma"}, 2, {}};
  else if (fn == "vonmisesvariate")
    sig = {{"mu", "kappa"}, 2, {}};
  else if (fn == "sample")
    sig = {{"population", "k"}, 2, {}, {"counts"}, {none}};
  else if (fn == "choices")
    sig = {{"population", "weights"}, 1, {none}, {"cum_weights", "k"}, {none, int_one}};
  else if (fn == "choice")
    sig = {{"seq"}, 1, {}};
  else if (fn == "paretovariate")
    sig = {{"alpha"}, 1, {}};
  else if (fn == "shuffle")
    sig = minor == 10 ? Signature{{"x", "random"}, 1, {none}} : Signature{{"x"}, 1, {}};
  else if (fn == "triangular")
    sig = {{"low", "high", "mode"}, 0, {zero, one, none}};
  else if (fn == "gauss" || fn == "normalvariate")
    sig = {{"mu", "sigma"}, minor >= 11 ? 0u : 2u, {zero, one}};
  else if (fn == "expovariate")
    sig = {{"lambd"}, minor >= 12 ? 0u : 1u, {one}};
  else if (fn == "binomialvariate" && minor >= 12)
    sig = {{"n", "p"}, 0, {int_one, float_value(0.5)}};
  else if (fn == "binomialvariate")
    raise(ErrorCode::AttributeError, "'Random' object has no attribute 'binomialvariate' (new in 3.12)");
  else
    raise(ErrorCode::BadParams, "fn: unknown method '" + fn + "'");
  std::vector<PyValue> a = bind_arguments(fn, given, keywords, sig);
  std::optional<Cumulative> plan;  // choices' cumulative weights, sample's cumulative counts

  Draw out;
  std::size_t bytes = 0;
  PyValue shuffled = fn == "shuffle" ? a[0] : PyValue{};
  for (std::size_t call = 0; call < count; ++call) {
    if (call % 256 == 0 || fn == "getrandbits")
      ctx.checkpoint(static_cast<double>(call) / static_cast<double>(count));
    std::string value;
    if (fn == "random") {
      value = python_repr(s.random());
    } else if (fn == "getrandbits") {
      if (!is_int(a[0])) {
        raise(ErrorCode::TypeError,
              std::string("'") + type_name(a[0]) + "' object cannot be interpreted as an integer");
      }
      if (a[0].integer < 0) raise(ErrorCode::ValueError, "number of bits must be non-negative");
      if (a[0].integer > static_cast<i128>(max_random_bits)) {
        raise(ErrorCode::LimitExceeded,
              "getrandbits: at most " + std::to_string(max_random_bits) + " bits here");
      }
      // Printing a k-bit int in decimal costs about (k / 32)^2 steps: budget the whole run up front.
      auto words = static_cast<double>((a[0].integer + 31) / 32);
      if (static_cast<double>(count) * words * words > max_decimal_work) {
        raise(ErrorCode::LimitExceeded,
              "getrandbits: " + std::to_string(count) + " values of " + i128_text(a[0].integer) +
                  " bits are too many to print here; ask for fewer or smaller ones");
      }
      s.check();
      value = words_to_decimal(gen.getrandbits(static_cast<std::uint64_t>(a[0].integer)));
    } else if (fn == "randrange") {
      value = randrange(s, a, minor).repr();
    } else if (fn == "randint") {
      PyValue stop = a[1];  // randint(a, b) is randrange(a, b + 1)
      if (is_int(stop)) {
        stop = int_value(stop.integer + 1);
      } else if (stop.kind == PyValue::Kind::floating) {
        stop.floating += 1;
      } else {
        raise(ErrorCode::TypeError,
              std::string("unsupported operand type(s) for +: '") + type_name(stop) + "' and 'int'");
      }
      value = randrange(s, {a[0], stop}, minor).repr();
    } else if (fn == "choice") {
      if (!is_sequence(a[0]))
        raise(ErrorCode::TypeError, std::string("object of type '") + type_name(a[0]) + "' has no len()");
      std::size_t n = length(a[0]);
      if (n == 0) {
        raise(ErrorCode::IndexError, minor >= 11 ? "Cannot choose from an empty sequence"
                                     : a[0].kind == PyValue::Kind::list ? "list index out of range"
                                                                        : "string index out of range");
      }
      value = item(a[0], static_cast<std::size_t>(randbelow(s, n, minor))).repr();
    } else if (fn == "shuffle") {
      if (!is_sequence(shuffled))
        raise(ErrorCode::TypeError, std::string("object of type '") + type_name(shuffled) + "' has no len()");
      std::size_t n = length(shuffled);
      if (a.size() > 1 && a[1].kind != PyValue::Kind::none && n > 1) {
        raise(ErrorCode::TypeError, std::string("'") + type_name(a[1]) + "' object is not callable");
      }
      for (std::size_t i = n; i-- > 1;) {
        auto j = static_cast<std::size_t>(randbelow(s, i + 1, minor));
        if (shuffled.kind == PyValue::Kind::string)
          raise(ErrorCode::TypeError, "'str' object does not support item assignment");
        std::swap(shuffled.items[i], shuffled.items[j]);
      }
      value = shuffled.repr();
    } else if (fn == "sample") {
      value = sample(s, a, plan, minor, bytes, max_bytes, max_draw_items, ctx);
    } else if (fn == "choices") {
      value = choices(s, a, plan, bytes, max_bytes, max_draw_items, ctx);
    } else if (fn == "binomialvariate") {
      value = binomialvariate(s, a[0], a[1]).repr();
    } else {
      // The continuous distributions: float arithmetic, as random.py writes it.
      double x = 0;
      if (fn == "uniform") {
        Num lo = number(a[0]), hi = number(a[1]);
        x = lo.as_double() + sub(hi, lo).as_double() * s.random();
      } else if (fn == "triangular") {
        double u = s.random();
        Num low = number(a[0]), high = number(a[1]);
        double c = 0.5;
        if (a[2].kind != PyValue::Kind::none) {
          Num mode = number(a[2]);
          try {
            c = true_div(sub(mode, low), sub(high, low));
          } catch (const Error& e) {
            if (e.code() != ErrorCode::ZeroDivisionError) throw;
            value = a[0].repr();  // return low
          }
        }
        if (value.empty()) {
          if (u > c) {
            u = 1.0 - u;
            c = 1.0 - c;
            std::swap(low, high);
          }
          x = low.as_double() + sub(high, low).as_double() * m_sqrt(u * c);
        }
      } else if (fn == "normalvariate" || fn == "lognormvariate") {
        Num mu = number(a[0]), sigma = number(a[1]);
        x = mu.as_double() + normalvariate(s) * sigma.as_double();
        if (fn == "lognormvariate") x = m_exp(x);
      } else if (fn == "gauss") {
        Num mu = number(a[0]), sigma = number(a[1]);
        x = mu.as_double() + gauss(s) * sigma.as_double();
      } else if (fn == "expovariate") {
        Num lambd = number(a[0]);
        x = true_div({false, 0, -m_log(1.0 - s.random())}, lambd);
      } else if (fn == "vonmisesvariate") {
        Num mu = number(a[0]), kappa = number(a[1]);
        if (less_equal(kappa, 1e-6)) {
          x = two_pi * s.random();
        } else {
          double k = kappa.as_double(), half = 0.5 / k, r = half + m_sqrt(1.0 + half * half), z = 0;
          for (;;) {
            double u1 = s.random();
            z = lab_cos(pi * u1);
            double d = z / (r + z);
            double u2 = s.random();
            if (u2 < 1.0 - d * d || u2 <= (1.0 - d) * m_exp(d)) break;
          }
          double q = 1.0 / r, f = (q + z) / (1.0 + q * z);
          double u3 = s.random();
          x = u3 > 0.5 ? py_mod(mu.as_double() + m_acos(f), two_pi)
                       : py_mod(mu.as_double() - m_acos(f), two_pi);
        }
      } else if (fn == "gammavariate") {
        x = gammavariate(s, number(a[0]), number(a[1]));
      } else if (fn == "betavariate") {
        Num alpha = number(a[0]), beta = number(a[1]);
        double y = gammavariate(s, alpha, {false, 0, 1.0});
        x = y != 0 ? y / (y + gammavariate(s, beta, {false, 0, 1.0})) : 0.0;
      } else if (fn == "paretovariate") {
        Num alpha = number(a[0]);
        double u = 1.0 - s.random();
        x = py_pow(u, true_div({false, 0, -1.0}, alpha));
      } else if (fn == "weibullvariate") {
        Num alpha = number(a[0]), beta = number(a[1]);
        double u = 1.0 - s.random();
        x = alpha.as_double() * py_pow(-m_log(u), true_div({false, 0, 1.0}, beta));
      }
      if (value.empty()) value = python_repr(x);
    }
    bytes += value.size() + 4;
    if (bytes > max_bytes) {
      raise(ErrorCode::LimitExceeded, "random.draw: the values pass the result budget of " +
                                          std::to_string(max_bytes / 1000000) + " MB; ask for fewer");
    }
    out.values.push_back(std::move(value));
  }
  out.outputs = gen.outputs() - start_outputs;
  return out;
}

}  // namespace llplay::chance
