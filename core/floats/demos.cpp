// The floats lab's demos, as the registry sees them.
#include <cmath>
#include <string>

#include "../float_text.hpp"
#include "../python_version.hpp"
#include "../registry.hpp"
#include "anatomy.hpp"
#include "claims.hpp"
#include "decimal.hpp"
#include "drift.hpp"
#include "speed.hpp"
#include "stats.hpp"
#include "summation.hpp"

namespace llplay::floats {

namespace {

/// Exact arithmetic for differences shown to learners: no double ever needs more digits.
const Context exact{2000, Rounding::half_even, 999999999, -999999999};

ParamSpec values_param(json default_values,
                       const char* label = "Python float literals or hex floats, one per line") {
  return {"values", ParamType::string_list, label, std::move(default_values), 1, 100000, {}};
}

ParamSpec literal_param(const char* name, const char* label, const char* default_value) {
  return {name, ParamType::string, label, default_value, 1, 200, {}};
}

std::vector<double> parse_values(const Params& p) {
  std::vector<std::string> texts = p.strings("values");
  std::vector<double> values;
  values.reserve(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    std::string what = "values[" + std::to_string(i) + "]";
    if (texts[i].size() > 10000) throw Error(ErrorCode::BadParams, what + ": longer than 10,000 characters");
    values.push_back(parse_python_float(texts[i], what));
  }
  return values;
}

json described(double x) {
  return {{"repr", python_repr(x)}, {"exact", Decimal::from_double(x).to_string()}};
}

std::string bit_string(std::uint64_t bits, int from, int count) {
  std::string out;
  for (int i = from + count - 1; i >= from; --i) out += ((bits >> i) & 1) ? '1' : '0';
  return out;
}

/// The typed literal as an exact Decimal, when it is a decimal literal (not hex, inf or nan).
std::optional<Decimal> typed_decimal(const std::string& text) {
  if (text.find_first_of("xXiInN") != std::string::npos) return std::nullopt;
  try {
    Decimal d = Decimal::from_string(text);
    return d.is_finite() ? std::optional<Decimal>(d) : std::nullopt;
  } catch (const Error&) {
    return std::nullopt;
  }
}

json anatomy_demo(const Params& p) {
  std::string text = p.string("value");
  const std::string& bits_text = p.string("bits");
  double x = 0;
  if (text.empty() && bits_text.empty()) {
    throw Error(ErrorCode::BadParams, "float.anatomy: give a value (a Python float literal) or its 64 bits");
  }
  if (!bits_text.empty()) {  // the bits, when given, win
    if (bits_text.size() != 16 ||
        bits_text.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
      throw Error(ErrorCode::BadParams, "bits: expected 16 hex digits (64 bits), like 3fb999999999999a");
    }
    x = from_bits(std::stoull(bits_text, nullptr, 16));
    text = python_hex(x);
  } else {
    x = parse_python_float(text, "value");
  }
  Anatomy a = anatomy(x);
  json out = {{"input", text},
              {"value", python_repr(x)},
              {"hex", python_hex(x)},
              {"bits", bit_string(a.bits, 0, 64)},
              {"sign", a.sign},
              {"exponentBits", bit_string(a.bits, 52, 11)},
              {"fractionBits", bit_string(a.bits, 0, 52)},
              {"biasedExponent", a.biased_exponent},
              {"kind", a.kind},
              {"exact", Decimal::from_double(x).to_string()},
              {"nextDown", described(a.next_down)},
              {"nextUp", described(a.next_up)},
              {"ulp", described(a.ulp)}};
  if (a.kind == "normal") out["exponent"] = a.biased_exponent - 1023;
  if (a.kind == "subnormal") out["exponent"] = -1022;
  if (std::optional<Decimal> typed = typed_decimal(text); typed && std::isfinite(x)) {
    out["typed"] = typed->to_string();
    out["typedError"] = subtract(Decimal::from_double(x), *typed, exact).to_string();
  }
  return out;
}

json compare_demo(const Params& p) {
  double a = parse_python_float(p.string("a"), "a"), b = parse_python_float(p.string("b"), "b");
  double c = parse_python_float(p.string("c"), "c");
  double rel_tol = parse_python_float(p.string("rel_tol"), "rel_tol");
  double abs_tol = parse_python_float(p.string("abs_tol"), "abs_tol");
  // llplay:source float.compare
  double sum = a + b;  // one IEEE-754 addition, rounded to the nearest double
  bool equal = sum == c;
  bool close = python_isclose(sum, c, rel_tol, abs_tol);
  // llplay:end
  json out = {{"a", described(a)}, {"b", described(b)}, {"sum", described(sum)},
              {"c", described(c)}, {"equal", equal},    {"isclose", close}};
  if (std::isfinite(sum) && std::isfinite(c)) {
    out["difference"] = subtract(Decimal::from_double(sum), Decimal::from_double(c), exact).to_string();
    // How many doubles apart: the distance in the ordered bit patterns.
    auto ordered = [](double x) {
      std::int64_t i = static_cast<std::int64_t>(anatomy(x).bits);
      return i < 0 ? INT64_MIN - i : i;
    };
    out["ulpsApart"] = std::llabs(ordered(sum) - ordered(c));
  }
  return out;
}

json drift_demo(const Params& p, RunContext& ctx) {
  std::int64_t n = p.integer("n");
  DriftResult r = drift(p.string("fee"), n, ctx);
  json rows = json::array();
  for (const DriftRow& row : r.rows) {
    json item = {{"strategy", row.strategy}, {"applicable", row.applicable}};
    if (row.applicable) {
      item.update({{"total", row.total},
                   {"value", row.value},
                   {"loss", row.loss.to_string()},
                   {"lossMoney", row.loss.to_money()},
                   {"ms", row.ms},
                   {"trace", row.trace}});
    }
    rows.push_back(std::move(item));
  }
  return {{"fee", r.fee.to_string()},
          {"feeAsDouble", r.fee_as_double.to_string()},
          {"n", n},
          {"exactTotal", r.exact_total.to_money()},
          {"exactTotalStr", r.exact_total.to_string()},
          {"rows", std::move(rows)}};
}

json compute_demo(const Params& p) {
  const std::string& op = p.string("op");
  Context ctx{static_cast<int>(p.integer("prec")), *rounding_from_name(p.string("rounding"))};
  Decimal a = Decimal::from_string(p.string("a")), b = Decimal::from_string(p.string("b"));
  // llplay:source decimal.compute
  Decimal result = op == "add"        ? add(a, b, ctx)
                   : op == "subtract" ? subtract(a, b, ctx)
                   : op == "multiply" ? multiply(a, b, ctx)
                   : op == "divide"   ? divide(a, b, ctx)
                                      : quantize(a, b, ctx);
  // llplay:end
  return {{"result", result.to_string()}};
}

// llplay:source decimal.rounding
json rounding_demo(const Params& p) {
  auto places = static_cast<int>(p.integer("places"));
  Decimal target(false, BigUint(1), -places);
  const Rounding modes[] = {Rounding::half_even, Rounding::half_up,     Rounding::half_down,
                            Rounding::up,        Rounding::down,        Rounding::ceiling,
                            Rounding::floor,     Rounding::zero_five_up};
  json names = json::array(), rows = json::array();
  for (Rounding mode : modes) names.push_back(rounding_name(mode));
  std::vector<std::string> values = p.strings("values");
  for (std::size_t i = 0; i < values.size(); ++i) {
    Decimal d = Decimal::from_string(values[i]);
    json results = json::object();
    for (Rounding mode : modes)
      results[rounding_name(mode)] = quantize(d, target, Context{999, mode}).to_string();
    // Python's round(float(v), places): the double's exact value, rounded half-even, read back.
    double x = parse_python_float(values[i], "values[" + std::to_string(i) + "]");
    Decimal exact_x = Decimal::from_double(x);
    double rounded =
        std::isfinite(x) ? quantize(exact_x, target, Context{999, Rounding::half_even}).to_double() : x;
    rows.push_back({{"value", values[i]},
                    {"results", results},
                    {"floatExact", exact_x.to_string()},
                    {"pythonRound", python_repr(rounded)}});
  }
  return {{"places", places}, {"modes", names}, {"rows", rows}};
}

// llplay:end

json forge_demo(const Params& p, RunContext& ctx) {
  std::int64_t n = p.integer("n");
  Decimal fee = Decimal::from_string(p.string("fee"));
  if (!fee.is_finite()) throw Error(ErrorCode::BadParams, "fee: must be a finite amount");
  const bool compensated = python::version(p) >= python::Version::v3_12;
  ForgeResult r = forge(parse_python_float(p.string("fee"), "fee"), fee, n, compensated, ctx);
  Decimal exact_total = multiply(Decimal(false, BigUint(static_cast<std::uint64_t>(n)), 0), fee, exact);
  auto row = [&](const char* name, const char* python, std::string value, const Decimal& total) {
    return json{{"name", name},
                {"python", python},
                {"value", std::move(value)},
                {"money", total.to_money()},
                {"loss", subtract(exact_total, total, exact).to_string()}};
  };
  return {{"n", n},
          {"fee", fee.to_string()},
          {"python", p.string("python")},
          {"exact", exact_total.to_money()},
          {"rows",
           {row("sum", "sum([0.10] * n)", python_repr(r.sum), Decimal::from_double(r.sum)),
            row("fsum", "math.fsum([0.10] * n)", python_repr(r.fsum), Decimal::from_double(r.fsum)),
            row("decimal", "sum([Decimal('0.10')] * n)", r.decimal.to_string(), r.decimal)}}};
}

}  // namespace

}  // namespace llplay::floats

namespace llplay {

/// The floats lab: called by the register_labs() that CMake writes for each program (see llplay_lab).
void register_floats_lab(Registry& r) {
  using namespace floats;
  r.add_lab({"floats", "Floats"});
  r.add({"float.anatomy",
         "floats",
         "Anatomy of a double",
         "The 64 bits of a double (sign, exponent, fraction), the exact value they hold, its neighbours and "
         "its ULP.",
         {{"value", ParamType::string, "a Python float literal or hex float", "0.1", 0, 200, {}},
          {"bits", ParamType::string, "or its 64 bits as 16 hex digits (used when given)", "", 0, 16, {}}},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json { return anatomy_demo(p); }});

  r.add({"float.compare",
         "floats",
         "0.1 + 0.2 == 0.3?",
         "The exact values of a, b, a + b and c, then == against math.isclose(a + b, c, rel_tol, abs_tol).",
         {literal_param("a", "a", "0.1"), literal_param("b", "b", "0.2"), literal_param("c", "c", "0.3"),
          literal_param("rel_tol", "rel_tol", "1e-09"), literal_param("abs_tol", "abs_tol", "0.0")},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json { return compare_demo(p); }});

  r.add({"float.repr",
         "floats",
         "repr(): the shortest string that reads back",
         "What CPython's repr() prints for each value: the shortest decimal that rounds back to the same 64 "
         "bits, in "
         "exponent form below 1e-04 and from 1e+16.",
         {values_param({"0.1", "0.30000000000000004", "1e16", "1e-5", "-0.0", "5e-324"})},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json {
           json out = json::array();
           for (double x : parse_values(p)) out.push_back(python_repr(x));
           return {{"repr", out}};
         }});

  r.add({"float.exact",
         "floats",
         "The exact value behind every double",
         "str(Decimal(float(v))): the exact decimal value of the double Python stores for each literal.",
         {values_param({"0.1", "0.2", "0.3", "1e22", "5e-324"})},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json {
           json out = json::array();
           for (double x : parse_values(p)) out.push_back(Decimal::from_double(x).to_string());
           return {{"exact", out}};
         }});

  r.add({"float.drift",
         "floats",
         "The drift: one fee, added N times",
         "Adds a fee N times with seven strategies (naive, Kahan, Neumaier, pairwise, exact fsum, integer "
         "cents, "
         "Decimal) and measures how far each lands from the exact total, and what it costs.",
         {{"fee", ParamType::string, "fee (a decimal literal, like 0.10)", "0.10", 1, 40, {}},
          {"n", ParamType::integer, "times to add it", 10000000, 1, 100000000, {}}},
         Needs::nothing,
         drift_demo});

  r.add({"float.fsum",
         "floats",
         "math.fsum against the += loop",
         "The exact sum of the doubles, rounded once (Shewchuk's algorithm, as math.fsum), beside the plain "
         "loop.",
         {values_param({"0.1", "0.1", "0.1", "0.1", "0.1", "0.1", "0.1", "0.1", "0.1", "0.1"}),
          python::param()},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json {
           std::vector<double> xs = parse_values(p);
           const bool compensated = python::version(p) >= python::Version::v3_12;
           // llplay:source float.fsum
           ExactSum sum;
           for (double x : xs) sum.add(x);
           double exact_sum = sum.result();
           double naive = naive_sum(xs.data(), xs.size());
           // llplay:end
           json out = {{"fsum", python_repr(exact_sum)},
                       {"naive", python_repr(naive)},
                       {"sum", python_repr(python_sum(xs.data(), xs.size(), compensated))},
                       {"python", p.string("python")},
                       {"partials", sum.partials()}};
           if (std::isfinite(exact_sum) && xs.size() <= 10000) {
             Decimal total;
             for (double x : xs) total = add(total, Decimal::from_double(x), exact);
             out["exact"] = total.to_string();
           }
           return out;
         }});

  r.add({"float.fsum-speed",
         "floats",
         "How fast is exact summation?",
         "math.fsum's algorithm against the plain loop on n pseudo-random doubles (splitmix64, so CPython "
         "can sum the very same numbers): uniform in [0, 1), or spread over 2^-60 to 2^60 with both signs. "
         "Each sum is warmed up, then timed several times: the median, and the spread.",
         {{"n", ParamType::integer, "how many doubles", 1000000, 1, 10000000, {}},
          {"data", ParamType::choice, "values", "uniform", 0, 0, {"uniform", "wide"}},
          {"seed", ParamType::integer, "seed", 1, 0, 4294967295.0, {}},
          {"runs", ParamType::integer, "timed runs of each sum", 5, 1, 21, {}}},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           FsumSpeed r = fsum_speed(p.integer("n"), static_cast<std::uint64_t>(p.integer("seed")),
                                    p.string("data") == "wide", static_cast<int>(p.integer("runs")), ctx);
           return {{"n", r.n},
                   {"fsum", r.fsum},
                   {"naive", r.naive},
                   {"fsumTime", r.fsum_time},
                   {"naiveTime", r.naive_time}};
         }});

  r.add({"decimal.compute",
         "floats",
         "Decimal, in software",
         "One operation of a decimal engine written for this lab, in a Context(prec, rounding), printed as "
         "CPython's "
         "str(); CPython's conditions (DivisionByZero, InvalidOperation, Overflow) are raised as errors.",
         {{"op",
           ParamType::choice,
           "operation",
           "divide",
           0,
           0,
           {"add", "subtract", "multiply", "divide", "quantize"}},
          {"a", ParamType::string, "a (a decimal string)", "1", 0, 10000, {}},
          {"b", ParamType::string, "b (a decimal string)", "7", 0, 10000, {}},
          {"prec", ParamType::integer, "precision (digits)", 28, 1, 999, {}},
          {"rounding",
           ParamType::choice,
           "rounding",
           "ROUND_HALF_EVEN",
           0,
           0,
           {"ROUND_UP", "ROUND_DOWN", "ROUND_CEILING", "ROUND_FLOOR", "ROUND_HALF_UP", "ROUND_HALF_DOWN",
            "ROUND_HALF_EVEN", "ROUND_05UP"}}},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json { return compute_demo(p); }});

  r.add({"decimal.rounding",
         "floats",
         "Banker's rounding",
         "Each value rounded to a number of places under all eight rounding modes, beside Python's round() "
         "of the "
         "float, which rounds the double's exact binary value.",
         {{"values",
           ParamType::string_list,
           "decimal literals, one per line",
           json::array({"0.5", "1.5", "2.5", "3.5", "-2.5", "2.675"}),
           1,
           1000,
           {}},
          {"places", ParamType::integer, "decimal places", 0, 0, 20, {}}},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json { return rounding_demo(p); }});

  r.add({"decimal.forge",
         "floats",
         "The forge: a million dimes",
         "The series' 1,000,000 x $0.10: sum(), math.fsum() and Decimal side by side.",
         {{"fee", ParamType::string, "fee", "0.10", 1, 40, {}},
          {"n", ParamType::integer, "transactions", 1000000, 1, 10000000, {}},
          python::param()},
         Needs::nothing,
         forge_demo});

  r.add({"decimal.cost",
         "floats",
         "What precision costs",
         "The same additions and multiplications timed with doubles and with Decimals, each loop warmed up "
         "and then timed several times (the median, and the spread), against the series' claim that Decimal "
         "is 10x to 100x slower.",
         {{"n", ParamType::integer, "operations of each kind", 1000000, 1000, 5000000, {}},
          {"runs", ParamType::integer, "timed runs of each loop", 5, 1, 21, {}}},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           DecimalCost r = decimal_cost(p.integer("n"), static_cast<int>(p.integer("runs")), ctx);
           // The ratio of the medians, and the range the spreads allow (slowest over fastest, and back).
           auto op = [](const timing::Repeated& floats, const timing::Repeated& decimals) {
             return json{{"float", floats},
                         {"decimal", decimals},
                         {"ratio", decimals.median_ms / floats.median_ms},
                         {"ratioLow", decimals.min_ms / floats.max_ms},
                         {"ratioHigh", decimals.max_ms / floats.min_ms}};
           };
           return {{"n", r.n},
                   {"add", op(r.float_add, r.decimal_add)},
                   {"multiply", op(r.float_mul, r.decimal_mul)},
                   {"checksum", r.checksum}};
         }});

  r.add({"float.stats",
         "floats",
         "Mean, median, mode, variance, stdev",
         "Python's statistics module, computed exactly and rounded once, on your numbers.",
         {values_param({"40_000", "45_000", "45_000", "50_000", "5_000_000"},
                       "Python int or float literals, one per line")},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json {
           json stats = json::array();
           for (const Statistic& s : python_statistics(p.strings("values"))) {
             stats.push_back(s.error.empty()
                                 ? json{{"name", s.name}, {"value", s.value}}
                                 : json{{"name", s.name}, {"error", "StatisticsError: " + s.error}});
           }
           return {{"stats", stats}};
         }});

  r.add({"float.claims",
         "floats",
         "Claims check",
         "The series' printed results, recomputed live, each marked reproduced or not, with the reason.",
         {python::param()},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           json claims = json::array();
           const bool compensated = python::version(p) >= python::Version::v3_12;
           for (const Claim& c : series_claims(p.string("python"), compensated, ctx)) {
             claims.push_back({{"claim", c.claim},
                               {"measured", c.measured},
                               {"verdict", c.reproduced ? "reproduced" : "not reproduced"},
                               {"reason", c.reason}});
           }
           return {{"python", p.string("python")}, {"claims", claims}};
         }});
}

}  // namespace llplay
