// Python's random module on top of MT19937, as CPython 3.10-3.13 runs it (Lib/random.py).
#include "pyrandom.hpp"

#include <cmath>
#include <optional>
#include <random>
#include <set>

#include "../error.hpp"
#include "../float_text.hpp"
#include "../python_text.hpp"
#include "exact_trig.hpp"
#include "sha512.hpp"

namespace llplay::chance {

namespace {

constexpr double two_pi = 6.283185307179586;  // random.TWOPI = 2.0 * pi
constexpr double pi = 3.141592653589793;
constexpr double e_number = 2.718281828459045;  // math.e
const double nv_magicconst = 4 * std::exp(-0.5) / std::sqrt(2.0);
const double log4 = std::log(4.0);
const double sg_magicconst = 1.0 + std::log(4.5);

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
  return std::log(x);
}
double m_exp(double x) {
  double r = std::exp(x);
  if (std::isinf(r) && std::isfinite(x)) raise(ErrorCode::OverflowError, "math range error");
  return r;
}
double m_sqrt(double x) {
  if (x < 0) raise(ErrorCode::ValueError, "math domain error");
  return std::sqrt(x);
}
double m_acos(double x) {
  if (x < -1 || x > 1) raise(ErrorCode::ValueError, "math domain error");
  return std::acos(x);
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
  double r = std::pow(x, y);
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

/// sample(population, k): a pool for small populations, a set of chosen indices for large ones.
PyValue sample(Source& s, const PyValue& population, std::size_t k, int minor) {
  std::size_t n = length(population);
  std::size_t setsize = 21;  // size of a small set minus size of an empty list
  if (k > 5) setsize += static_cast<std::size_t>(std::pow(4.0, std::ceil(std::log(k * 3.0) / std::log(4.0))));
  PyValue result;
  result.kind = PyValue::Kind::list;
  if (n <= setsize) {
    std::vector<PyValue> pool;
    for (std::size_t i = 0; i < n; ++i) pool.push_back(item(population, i));
    for (std::size_t i = 0; i < k; ++i) {
      auto j = static_cast<std::size_t>(randbelow(s, n - i, minor));
      result.items.push_back(pool[j]);
      pool[j] = pool[n - i - 1];  // move the item not chosen into the vacancy
    }
  } else {
    std::set<std::size_t> selected;
    for (std::size_t i = 0; i < k; ++i) {
      auto j = static_cast<std::size_t>(randbelow(s, n, minor));
      while (selected.count(j) != 0) j = static_cast<std::size_t>(randbelow(s, n, minor));
      selected.insert(j);
      result.items.push_back(item(population, j));
    }
  }
  return result;
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

/// Checks the number of arguments as CPython's signature would, filling defaults.
void arity(const std::string& fn, std::vector<PyValue>& a, std::size_t required, std::size_t most,
           const std::vector<PyValue>& defaults = {}) {
  if (a.size() < required || a.size() > most) {
    std::string message = fn + "() takes ";
    if (a.size() < required) {
      message = fn + "() missing " + std::to_string(required - a.size()) + " required positional argument(s)";
    } else {
      message += std::to_string(most + 1) + " positional arguments but " + std::to_string(a.size() + 1) +
                 " were given";
    }
    raise(ErrorCode::TypeError, message);
  }
  for (std::size_t i = a.size(); i < most && i - required < defaults.size(); ++i)
    a.push_back(defaults[i - required]);
}

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

Draw draw(Mt19937& gen, const std::string& fn, const std::vector<PyValue>& given, std::size_t count,
          int minor, std::size_t max_bytes, std::uint64_t max_outputs, RunContext& ctx) {
  std::uint64_t start_outputs = gen.outputs();
  Source s(gen, max_outputs);
  std::vector<PyValue> a = given;
  const PyValue zero = float_value(0.0), one = float_value(1.0), none;
  // Signatures first, as CPython checks them before it runs anything.
  if (fn == "random")
    arity(fn, a, 0, 0);
  else if (fn == "getrandbits")
    arity(fn, a, 1, 1);
  else if (fn == "randrange")
    arity(fn, a, 1, 3);
  else if (fn == "randint" || fn == "uniform" || fn == "gammavariate" || fn == "betavariate" ||
           fn == "lognormvariate" || fn == "vonmisesvariate" || fn == "weibullvariate" || fn == "sample")
    arity(fn, a, 2, 2);
  else if (fn == "choice" || fn == "paretovariate")
    arity(fn, a, 1, 1);
  else if (fn == "shuffle")
    arity(fn, a, 1, minor == 10 ? 2 : 1);
  else if (fn == "triangular")
    arity(fn, a, 0, 3, {zero, one, none});
  else if (fn == "gauss" || fn == "normalvariate")
    arity(fn, a, minor >= 11 ? 0 : 2, 2, {zero, one});
  else if (fn == "expovariate")
    arity(fn, a, minor >= 12 ? 0 : 1, 1, {one});
  else
    raise(ErrorCode::BadParams, "fn: unknown method '" + fn + "'");

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
      if (!is_sequence(a[0])) {
        raise(ErrorCode::TypeError, "Population must be a sequence.  For dicts or sets, use sorted(d).");
      }
      std::size_t n = length(a[0]);
      if (a[1].kind == PyValue::Kind::floating) {
        if (!(0 <= a[1].floating && a[1].floating <= static_cast<double>(n)))
          raise(ErrorCode::ValueError, "Sample larger than population or is negative");
        raise(ErrorCode::TypeError, "can't multiply sequence by non-int of type 'float'");
      }
      if (!is_int(a[1])) {
        raise(ErrorCode::TypeError,
              std::string("'<=' not supported between instances of 'int' and '") + type_name(a[1]) + "'");
      }
      if (a[1].integer < 0 || a[1].integer > static_cast<i128>(n)) {
        raise(ErrorCode::ValueError, "Sample larger than population or is negative");
      }
      value = sample(s, a[0], static_cast<std::size_t>(a[1].integer), minor).repr();
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
