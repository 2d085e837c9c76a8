// sin, cos, hypot, acos and atan2 rounded once, in double-double arithmetic, for the browser build.
#include "exact_trig.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace llplay::chance {

namespace {

/// An unevaluated sum hi + lo with |lo| <= ulp(hi) / 2.
struct DD {
  double hi, lo;
};

DD two_sum(double a, double b) {
  double s = a + b, bb = s - a;
  return {s, (a - (s - bb)) + (b - bb)};
}
DD quick_two_sum(double a, double b) {
  double s = a + b;
  return {s, b - (s - a)};
}
/// a * b exactly, by Dekker's splitting (no fused multiply-add needed).
DD two_prod(double a, double b) {
  constexpr double split = 134217729.0;  // 2^27 + 1
  double p = a * b;
  double t = split * a, ahi = t - (t - a), alo = a - ahi;
  t = split * b;
  double bhi = t - (t - b), blo = b - bhi;
  return {p, ((ahi * bhi - p) + ahi * blo + alo * bhi) + alo * blo};
}
DD add(DD a, DD b) {
  DD s = two_sum(a.hi, b.hi), t = two_sum(a.lo, b.lo);
  s.lo += t.hi;
  s = quick_two_sum(s.hi, s.lo);
  s.lo += t.lo;
  return quick_two_sum(s.hi, s.lo);
}
DD mul(DD a, DD b) {
  DD p = two_prod(a.hi, b.hi);
  p.lo += a.hi * b.lo + a.lo * b.hi;
  return quick_two_sum(p.hi, p.lo);
}
DD neg(DD a) { return {-a.hi, -a.lo}; }
/// a / b in double-double: three quotient digits, each from the exact remainder of the last.
DD div(DD a, DD b) {
  double q1 = a.hi / b.hi;
  DD r = add(a, neg(mul(b, DD{q1, 0})));
  double q2 = r.hi / b.hi;
  r = add(r, neg(mul(b, DD{q2, 0})));
  double q3 = r.hi / b.hi;
  return add(quick_two_sum(q1, q2), DD{q3, 0});
}
/// t / d for a double d, as q1 + q2: q1 = t.hi / d, corrected by the exact remainder of q1 * d.
DD div_by(DD t, double d) {
  double q1 = t.hi / d;
  DD back = two_prod(q1, d);
  return quick_two_sum(q1, ((t.hi - back.hi) - back.lo + t.lo) / d);
}
/// sqrt(a) for a > 0: the double square root, corrected by the exact remainder.
DD sqrt_dd(DD a) {
  double h = std::sqrt(a.hi);
  DD square = two_prod(h, h);
  return quick_two_sum(h, ((a.hi - square.hi) - square.lo + a.lo) / (2 * h));
}
/// sin(r) or cos(r) for |r| <= pi/4 by their Taylor series, summed from the smallest term.
DD series(DD r, bool cosine) {
  DD r2 = mul(r, r);
  // Terms to r^33 / 33!: below 2^-110 of the result for |r| <= pi/4.
  // Horner's rule on the ratios of successive terms: s = 1 - r^2/(n(n-1)) s', from the innermost out.
  int first = cosine ? 0 : 1;
  DD sum{1, 0};
  for (int n = 34 - first; n >= 2 + first; n -= 2) {
    double denominator = static_cast<double>(n) * static_cast<double>(n - 1);  // exact: n < 2^26
    sum = add(DD{1, 0}, neg(div_by(mul(r2, sum), denominator)));
  }
  return cosine ? sum : mul(r, sum);
}

/// pi to about 160 bits: hi, lo and a third part, which add() folds into lo (pi_times(0.5) is pi/2).
constexpr double pi_hi = 0x1.921fb54442d18p+1, pi_lo = 0x1.1a62633145c07p-53,
                 pi_lo2 = -0x1.f1976b7ed8fbcp-109;
constexpr double half_pi = pi_hi / 2, quarter_pi = pi_hi / 4, three_quarters_pi = 0x1.2d97c7f3321d2p+1;
DD pi_times(double f) { return add(DD{f * pi_hi, f * pi_lo}, DD{f * pi_lo2, 0}); }  // f a power of two: exact

double evaluate(double x, bool cosine) {
  if (!(std::fabs(x) <= 64)) return cosine ? std::cos(x) : std::sin(x);
  // x - k pi/2, with pi/2 as three doubles (k * each part is exact or nearly so at these sizes).
  constexpr double p1 = pi_hi / 2, p2 = pi_lo / 2, p3 = pi_lo2 / 2;
  double k = std::nearbyint(x / p1);
  DD r = add(two_sum(x, 0), DD{-two_prod(k, p1).hi, -two_prod(k, p1).lo});
  r = add(r, DD{-two_prod(k, p2).hi, -two_prod(k, p2).lo});
  r = add(r, DD{-k * p3, 0});
  int quadrant = static_cast<int>(std::fmod(k, 4.0));
  if (quadrant < 0) quadrant += 4;
  if (cosine) quadrant = (quadrant + 1) % 4;  // cos(x) = sin(x + pi/2)
  DD value = (quadrant % 2 == 0) ? series(r, false) : series(r, true);
  double result = value.hi + value.lo;
  return quadrant >= 2 ? -result : result;
}

/// atan(k/64) for k = 0..64 as hi + lo, from mpmath at 300 bits.
constexpr DD atan_table[65] = {{0.0, 0.0},
                               {0x1.fff555bbb729bp-7, -0x1.220c39d4dff50p-61},
                               {0x1.ffd55bba97625p-6, -0x1.5ec431444912cp-60},
                               {0x1.7fb818430da2ap-5, -0x1.86ef8f794f105p-63},
                               {0x1.ff55bb72cfdeap-5, -0x1.c934d86d23f1dp-60},
                               {0x1.3f59f0e7c559dp-4, 0x1.ac4ce285df847p-58},
                               {0x1.7ee182602f10fp-4, -0x1.cfb654c0c3d98p-58},
                               {0x1.be39ebe6f07c3p-4, 0x1.f7b8f29a05987p-58},
                               {0x1.fd5ba9aac2f6ep-4, -0x1.cd37686760c17p-59},
                               {0x1.1e1fafb043727p-3, -0x1.b485914dacf8cp-59},
                               {0x1.3d6eee8c6626cp-3, 0x1.61a3b0ce9281bp-57},
                               {0x1.5c9811e3ec26ap-3, -0x1.054ab2c010f3dp-58},
                               {0x1.7b97b4bce5b02p-3, 0x1.347b0b4f881cap-58},
                               {0x1.9a6a8e96c8626p-3, 0x1.cf601e7b4348ep-59},
                               {0x1.b90d7529260a2p-3, 0x1.17b10d2e0e5abp-61},
                               {0x1.d77d5df205736p-3, 0x1.c648d1534597ep-57},
                               {0x1.f5b75f92c80ddp-3, 0x1.8ab6e3cf7afbdp-57},
                               {0x1.09dc597d86362p-2, 0x1.62e47390cb865p-56},
                               {0x1.18bf5a30bf178p-2, 0x1.30ca4748b1bf9p-57},
                               {0x1.278372057ef46p-2, -0x1.077cdd36dfc81p-56},
                               {0x1.362773707ebccp-2, -0x1.963a544b672d8p-57},
                               {0x1.44aa436c2af0ap-2, -0x1.5d5e43c55b3bap-56},
                               {0x1.530ad9951cd4ap-2, -0x1.2566480884082p-57},
                               {0x1.614840309cfe2p-2, -0x1.a725715711f00p-56},
                               {0x1.6f61941e4def1p-2, -0x1.c63aae6f6e918p-56},
                               {0x1.7d5604b63b3f7p-2, 0x1.69c885c2b249ap-56},
                               {0x1.8b24d394a1b25p-2, 0x1.b6d0ba3748fa8p-56},
                               {0x1.98cd5454d6b18p-2, 0x1.9e6c988fd0a77p-56},
                               {0x1.a64eec3cc23fdp-2, -0x1.24dec1b50b7ffp-56},
                               {0x1.b3a911da65c6cp-2, 0x1.ae187b1ca5040p-56},
                               {0x1.c0db4c94ec9f0p-2, -0x1.cc1ce70934c34p-56},
                               {0x1.cde53432c1351p-2, -0x1.a2cfa4418f1adp-56},
                               {0x1.dac670561bb4fp-2, 0x1.a2b7f222f65e2p-56},
                               {0x1.e77eb7f175a34p-2, 0x1.0e53dc1bf3435p-56},
                               {0x1.f40dd0b541418p-2, -0x1.a3992dc382a23p-57},
                               {0x1.0039c73c1a40cp-1, -0x1.b32c949c9d593p-55},
                               {0x1.0657e94db30d0p-1, -0x1.d5b495f6349e6p-56},
                               {0x1.0c6145b5b43dap-1, 0x1.974fa13b5404fp-58},
                               {0x1.1255d9bfbd2a9p-1, -0x1.2bdaee1c0ee35p-58},
                               {0x1.1835a88be7c13p-1, 0x1.c621cec00c301p-55},
                               {0x1.1e00babdefeb4p-1, -0x1.928df287a668fp-58},
                               {0x1.23b71e2cc9e6ap-1, 0x1.c421c9f38224ep-57},
                               {0x1.2958e59308e31p-1, -0x1.09e73b0c6c087p-56},
                               {0x1.2ee628406cbcap-1, 0x1.c5d5e9ff0cf8dp-55},
                               {0x1.345f01cce37bbp-1, 0x1.1021137c71102p-55},
                               {0x1.39c391cd4171ap-1, -0x1.2304331d8bf46p-55},
                               {0x1.3f13fb89e96f4p-1, 0x1.ecf8b492644f0p-56},
                               {0x1.445065b795b56p-1, -0x1.f76d0163f79c8p-56},
                               {0x1.4978fa3269ee1p-1, 0x1.2419a87f2a458p-56},
                               {0x1.4e8de5bb6ec04p-1, 0x1.4a33dbeb3796cp-55},
                               {0x1.538f57b89061fp-1, -0x1.1bb74abda520cp-55},
                               {0x1.587d81f732fbbp-1, -0x1.5e5c9d8c5a950p-56},
                               {0x1.5d58987169b18p-1, 0x1.0028e4bc5e7cap-57},
                               {0x1.6220d115d7b8ep-1, -0x1.2b785350ee8c1p-57},
                               {0x1.66d663923e087p-1, -0x1.6ea6febe8bbbap-56},
                               {0x1.6b798920b3d99p-1, -0x1.a80386188c50ep-55},
                               {0x1.700a7c5784634p-1, -0x1.8c34d25aadef6p-56},
                               {0x1.748978fba8e0fp-1, 0x1.7b2a6165884a1p-59},
                               {0x1.78f6bbd5d315ep-1, 0x1.406a089803740p-55},
                               {0x1.7d528289fa093p-1, 0x1.560821e2f3aa9p-55},
                               {0x1.819d0b7158a4dp-1, -0x1.bf76229d3b917p-56},
                               {0x1.85d69576cc2c5p-1, 0x1.6b66e7fc8b8c3p-57},
                               {0x1.89ff5ff57f1f8p-1, -0x1.55b9a5e177a1bp-55},
                               {0x1.8e17aa99cc05ep-1, -0x1.ec182ab042f61p-56},
                               {0x1.921fb54442d18p-1, 0x1.1a62633145c07p-55}};

/// atan(t) for 0 <= t <= 1 in double-double: atan(t) = atan(c) + atan((t - c) / (1 + t c)) with c = k/64 the
/// nearest table point, then the Taylor series of atan on |u| <= 1/128, to u^19 (the next term is below
/// 2^-110 of the result).
DD atan_dd(DD t) {
  int k = static_cast<int>(std::nearbyint(t.hi * 64));
  double c = k / 64.0;
  DD u = k == 0 ? t : div(add(t, DD{-c, 0}), add(DD{1, 0}, mul(t, DD{c, 0})));
  DD u2 = mul(u, u);
  // p = 1/3 - u^2/5 + u^4/7 - ... by Horner's rule, then atan(u) = u - u^3 p.
  static const auto inverses = [] {  // 1/(2n + 1) for n = 0..9, in double-double
    std::array<DD, 10> out{};
    for (int n = 0; n < 10; ++n) out[n] = div_by(DD{1, 0}, 2 * n + 1);
    return out;
  }();
  DD p{0, 0};
  for (int n = 9; n >= 1; --n) p = add(inverses[n], neg(mul(u2, p)));
  DD value = add(u, neg(mul(mul(u, u2), p)));
  return k == 0 ? value : add(atan_table[k], value);
}

/// The angle of (x, y) for x, y > 0 and |y/x| and |x/y| within [2^-540, 2^540] of each other's sizes,
/// reflected into the quadrant of the signs: in [0, pi/4] atan(y/x), above it pi/2 - atan(x/y); for x < 0,
/// pi minus that.
DD angle_dd(DD y, DD x, bool x_negative) {
  DD a = y.hi <= x.hi ? atan_dd(div(y, x)) : add(pi_times(0.5), neg(atan_dd(div(x, y))));
  return x_negative ? add(pi_times(1), neg(a)) : a;
}

}  // namespace

double rounded_hypot(double a, double b) {
  a = std::fabs(a), b = std::fabs(b);
  if (!std::isfinite(a) || !std::isfinite(b)) return std::hypot(a, b);
  if (a < b) std::swap(a, b);
  if (a == 0) return 0;
  // Scale by a power of two (exact) so that the squares neither overflow nor underflow.
  int e = 0;
  std::frexp(a, &e);
  int scale = e > 500 ? -600 : e < -450 ? 600 : 0;
  a = std::ldexp(a, scale), b = std::ldexp(b, scale);
  DD sum = add(two_prod(a, a), two_prod(b, b));  // a^2 + b^2 to about 104 bits
  return std::ldexp(sqrt_dd(sum).hi, -scale);
}

double rounded_atan2(double y, double x) {
  if (std::isnan(x) || std::isnan(y)) return x + y;
  double sign = std::signbit(y) ? -1.0 : 1.0;
  bool x_negative = std::signbit(x);
  if (y == 0) return x_negative ? sign * pi_hi : y;  // atan2(+-0, -0 or x < 0) = +-pi, else +-0
  if (std::isinf(y)) return sign * (std::isinf(x) ? (x_negative ? three_quarters_pi : quarter_pi) : half_pi);
  if (x == 0) return sign * half_pi;
  if (std::isinf(x)) return x_negative ? sign * pi_hi : sign * 0.0;
  double ax = std::fabs(x), ay = std::fabs(y);
  int ex = std::ilogb(ax), ey = std::ilogb(ay);
  if (ey - ex > 540) return sign * half_pi;  // pi/2 - x/y: rounds to pi/2
  if (ey - ex < -540) {
    // |y/x| < 2^-539: atan(q) = q - q^3/3, and q^3/3 is far below the distance from q to a rounding
    // boundary, except where q is exactly halfway between two subnormals. There the correctly rounded value
    // is the lower one (the true value lies just below); glibc returns y/x rounded to even, and so does this,
    // since CPython's digits are the point.
    if (x_negative) return sign * pi_hi;  // pi - q rounds to pi
    double q = ay / ax;
    return sign * q;
  }
  // Scale both by the same power of two (exact) so the larger is near 1: no overflow in the products.
  int e = std::max(ex, ey);
  DD a = angle_dd(DD{std::ldexp(ay, -e), 0}, DD{std::ldexp(ax, -e), 0}, x_negative);
  return sign * (a.hi + a.lo);
}

double rounded_acos(double x) {
  if (std::isnan(x)) return x + x;
  if (!(std::fabs(x) <= 1)) return (x - x) / (x - x);  // NaN (CPython raises ValueError before asking)
  if (x == 1) return 0;
  if (x == -1) return pi_hi;
  if (x == 0) return half_pi;
  // acos(x) = atan2(sqrt(1 - x^2), x), with 1 - x^2 exact to double-double precision: for |x| >= 1/2 as
  // (1 - |x|)(1 + |x|), where 1 - |x| is exact, so the result keeps its relative accuracy near x = 1.
  double ax = std::fabs(x);
  DD one_minus_square = ax >= 0.5 ? mul(DD{1 - ax, 0}, two_sum(1, ax)) : add(DD{1, 0}, neg(two_prod(x, x)));
  DD a = angle_dd(sqrt_dd(one_minus_square), DD{ax, 0}, x < 0);
  return a.hi + a.lo;
}

double rounded_sin(double x) { return x == 0 ? x : evaluate(x, false); }
double rounded_cos(double x) { return evaluate(x, true); }

#ifdef __EMSCRIPTEN__
double lab_sin(double x) { return rounded_sin(x); }
double lab_hypot(double a, double b) { return rounded_hypot(a, b); }
double lab_cos(double x) { return rounded_cos(x); }
double lab_acos(double x) { return rounded_acos(x); }
double lab_atan2(double y, double x) { return rounded_atan2(y, x); }
#else
double lab_sin(double x) { return std::sin(x); }
double lab_hypot(double a, double b) { return std::hypot(a, b); }
double lab_cos(double x) { return std::cos(x); }
double lab_acos(double x) { return std::acos(x); }
double lab_atan2(double y, double x) { return std::atan2(y, x); }
#endif

}  // namespace llplay::chance
