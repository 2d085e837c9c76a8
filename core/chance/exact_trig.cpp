// sin and cos rounded once, in double-double arithmetic, for the browser build.
#include "exact_trig.hpp"

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
/// sin(r) or cos(r) for |r| <= pi/4 by their Taylor series, summed from the smallest term.
DD series(DD r, bool cosine) {
  DD r2 = mul(r, r);
  // Terms to r^33 / 33!: below 2^-110 of the result for |r| <= pi/4.
  // Horner's rule on the ratios of successive terms: s = 1 - r^2/(n(n-1)) s', from the innermost out.
  int first = cosine ? 0 : 1;
  DD sum{1, 0};
  for (int n = 34 - first; n >= 2 + first; n -= 2) {
    double denominator = static_cast<double>(n) * static_cast<double>(n - 1);  // exact: n < 2^26
    DD t = mul(r2, sum);
    // t / denominator in double-double: q = t.hi / d, then correct with the remainder.
    double q1 = t.hi / denominator;
    DD back = two_prod(q1, denominator);
    double q2 = ((t.hi - back.hi) - back.lo + t.lo) / denominator;
    DD q = quick_two_sum(q1, q2);
    sum = add(DD{1, 0}, DD{-q.hi, -q.lo});
  }
  return cosine ? sum : mul(r, sum);
}

double evaluate(double x, bool cosine) {
  if (!(std::fabs(x) <= 64)) return cosine ? std::cos(x) : std::sin(x);
  // x - k pi/2, with pi/2 as three doubles (k * each part is exact or nearly so at these sizes).
  constexpr double p1 = 0x1.921fb54442d18p+0, p2 = 0x1.1a62633145c07p-54, p3 = -0x1.f1976b7ed8fbcp-110;
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
  double q = std::sqrt(sum.hi);
  DD square = two_prod(q, q);  // q^2 exactly; the remainder corrects q by a fraction of its last bit
  double correction = ((sum.hi - square.hi) - square.lo + sum.lo) / (2 * q);
  return std::ldexp(q + correction, -scale);
}

double rounded_sin(double x) { return x == 0 ? x : evaluate(x, false); }
double rounded_cos(double x) { return evaluate(x, true); }

#ifdef __EMSCRIPTEN__
double lab_sin(double x) { return rounded_sin(x); }
double lab_hypot(double a, double b) { return rounded_hypot(a, b); }
double lab_cos(double x) { return rounded_cos(x); }
#else
double lab_sin(double x) { return std::sin(x); }
double lab_hypot(double a, double b) { return std::hypot(a, b); }
double lab_cos(double x) { return std::cos(x); }
#endif

}  // namespace llplay::chance
