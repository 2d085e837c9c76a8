// The chance lab's demos, as the registry sees them: Python's random bit for bit, predicting it, and the
// statistics module as CPython computes it.
#include <optional>

#include "../float_text.hpp"
#include "../python_version.hpp"
#include "../registry.hpp"
#include "../timing.hpp"
#include "complex.hpp"
#include "pyrandom.hpp"
#include "recover.hpp"
#include "stats.hpp"

namespace llplay::chance {

namespace {

constexpr std::size_t max_result_bytes = 8 * 1000 * 1000;
constexpr std::uint64_t max_draw_outputs = 50 * 1000 * 1000;
constexpr std::size_t max_data = 100000;

int minor_of(const Params& p) { return std::stoi(p.string("python").substr(2)); }

/// The generator random.Random(seed) starts from, and what seeded it.
struct Seeded {
  Mt19937 gen;
  std::string kind;  ///< "int", "text" or "urandom"
  std::vector<std::uint32_t> key;
};

Seeded seeded(const Params& p) {
  Seeded s;
  std::string kind = p.string("seedKind");
  if (kind == "auto") kind = p.string("seedText").empty() ? "int" : "text";
  s.kind = kind == "none" ? "urandom" : kind;
  s.key = kind == "int"    ? int_seed_key(p.string("seed"))
          : kind == "text" ? text_seed_key(p.string("seedText"))
                           : entropy_seed_key();
  s.gen.init_by_array(s.key);
  return s;
}

std::vector<ParamSpec> seed_params(const char* default_seed) {
  return {{"seed", ParamType::string, "seed (an int, any size)", default_seed, 0, 2 * max_seed_digits, {}},
          {"seedText", ParamType::string, "seed (a str)", "", 0, 10000, {}},
          {"seedKind", ParamType::choice, "seed with", "auto", 0, 0, {"auto", "int", "text", "none"}}};
}

/// `first`'s parameters, then `then`'s: a demo's own and the seed's, in the order the form shows them.
std::vector<ParamSpec> join(std::vector<ParamSpec> first, const std::vector<ParamSpec>& then) {
  first.insert(first.end(), then.begin(), then.end());
  return first;
}

/// The call as Python writes it (`choices(['a', 'b'], k=3)`), for the page's heading; cut after 200
/// characters (the values are ASCII, so the cut never splits a character).
std::string call_text(const std::string& fn, const std::vector<PyValue>& args, const Keywords& kwargs) {
  std::string out = fn + "(";
  const char* separator = "";
  for (const PyValue& a : args) {
    if (out.size() > 200) break;
    out.append(separator).append(a.repr());
    separator = ", ";
  }
  for (const auto& [name, value] : kwargs) {
    if (out.size() > 200) break;
    out.append(separator).append(name).append("=").append(value.repr());
    separator = ", ";
  }
  return out.size() > 200 ? out.substr(0, 200) + "…)" : out + ")";
}

json state_json(const Mt19937& gen) { return {{"index", gen.index()}, {"words", gen.words()}}; }

/// How the first random() of a fresh generator is made from two outputs.
json anatomy(Mt19937 gen) {
  std::uint32_t a = gen.next(), b = gen.next();
  std::uint64_t numerator = (static_cast<std::uint64_t>(a >> 5) << 26) + (b >> 6);
  return {{"a", a},
          {"b", b},
          {"high", a >> 5},
          {"low", b >> 6},
          {"numerator", std::to_string(numerator)},
          {"value", python_repr(static_cast<double>(numerator) / 9007199254740992.0)}};
}

std::vector<double> data_of(const json& data) {
  if (!data.is_array()) throw Error(ErrorCode::BadParams, "data: must be a list of numbers");
  if (data.size() > max_data) {
    throw Error(ErrorCode::LimitExceeded, "data: at most " + std::to_string(max_data) + " values here");
  }
  std::vector<double> out;
  for (std::size_t i = 0; i < data.size(); ++i) {
    std::string what = "data[" + std::to_string(i) + "]";
    double x = 0;
    if (data[i].is_number()) {
      x = data[i].get<double>();
    } else if (data[i].is_string()) {
      x = parse_python_float(data[i].get<std::string>(), what);
    } else {
      throw Error(ErrorCode::BadParams, what + ": must be a number or a Python float literal");
    }
    if (!std::isfinite(x)) throw Error(ErrorCode::BadParams, what + ": only finite floats are modelled here");
    out.push_back(x);
  }
  return out;
}

json statistic_json(const Statistic& s) { return s.is_list ? json(s.items) : json(s.value); }

const char* salaries = R"([40000, 45000, 45000, 50000, 5000000])";

/// The data both statistics demos take: the series' salary table by default.
ParamSpec data_param() {
  return {"data",
          ParamType::value,
          "data (a JSON list of numbers or float literals)",
          json::parse(salaries),
          0,
          4000000,
          {}};
}

}  // namespace

}  // namespace llplay::chance

namespace llplay {

/// The chance lab: called by the register_labs() that CMake writes for each program (see llplay_lab).
void register_chance_lab(Registry& r) {
  using namespace chance;
  r.add_lab({"chance", "Chance"});

  std::vector<ParamSpec> draw_params =
      join(seed_params("42"),
           {{"fn",
             ParamType::choice,
             "method",
             "random",
             0,
             0,
             {"random",          "getrandbits",   "randrange",      "randint",      "uniform",
              "choice",          "shuffle",       "sample",         "gauss",        "normalvariate",
              "expovariate",     "triangular",    "betavariate",    "gammavariate", "lognormvariate",
              "vonmisesvariate", "paretovariate", "weibullvariate", "choices",      "binomialvariate"}},
            {"args", ParamType::value, "arguments (a JSON list)", json::array(), 0, 200000, {}},
            {"kwargs", ParamType::value, "keyword arguments (a JSON object)", json::object(), 0, 200000, {}},
            {"count", ParamType::integer, "calls", 5, 1, 100000, {}},
            python::param()});
  r.add({"random.draw", "chance", "Python's generator, bit for bit",
         "random.Random(seed) and one of its methods called again and again: the Mersenne Twister seeded as "
         "CPython seeds it (ints of any size, str through SHA-512, or 624 words of OS randomness), with "
         "CPython's own algorithm for every method. The values are repr() as CPython prints them.",
         draw_params, Needs::nothing, [](const Params& p, RunContext& ctx) -> json {
           int minor = minor_of(p);
           const json& args_json = p.value("args");
           if (!args_json.is_array()) throw Error(ErrorCode::BadParams, "args: must be a JSON list");
           std::vector<PyValue> args;
           for (std::size_t i = 0; i < args_json.size(); ++i) {
             args.push_back(PyValue::from_json(args_json[i], "args[" + std::to_string(i) + "]"));
           }
           const json& kwargs_json = p.value("kwargs");
           if (!kwargs_json.is_object()) {
             throw Error(ErrorCode::BadParams, "kwargs: must be a JSON object of name: value");
           }
           Keywords kwargs;
           for (const auto& [name, value] : kwargs_json.items()) {
             for (unsigned char c : name) {
               if (c >= 0x80) throw Error(ErrorCode::BadParams, "kwargs: only ASCII names are modelled here");
             }
             kwargs.emplace_back(name, PyValue::from_json(value, "kwargs." + name.substr(0, 40)));
           }
           Seeded s = seeded(p);
           json out = {{"python", p.string("python")},
                       {"fn", p.string("fn")},
                       {"call", call_text(p.string("fn"), args, kwargs)},
                       {"seededBy", s.kind},
                       {"keyWords", s.key.size()},
                       {"state", state_json(s.gen)},
                       {"firstRandom", anatomy(s.gen)}};
           if (s.kind == "urandom") out["key"] = std::vector<std::uint32_t>(s.key.begin(), s.key.begin() + 8);
           Draw d = draw(s.gen, p.string("fn"), args, kwargs, static_cast<std::size_t>(p.integer("count")),
                         minor, max_result_bytes, max_draw_outputs, ctx);
           out["values"] = std::move(d.values);
           out["outputs"] = d.outputs;
           out["indexAfter"] = s.gen.index();
           return out;
         }});

  std::vector<ParamSpec> recover_params =
      join({{"outputs",
             ParamType::value,
             "624 outputs of getrandbits(32) (empty: generate them)",
             json::array(),
             0,
             100000,
             {}},
            {"next", ParamType::integer, "outputs to predict", 10, 1, 100000, {}}},
           seed_params("2024"));
  r.add(
      {"random.recover", "chance", "Predicting the future",
       "624 consecutive getrandbits(32) outputs are the generator's whole state, tempered. Untempering each "
       "gives the state back, and the twist then predicts every later output. Leave the outputs empty to "
       "take them from random.Random(seed) and check the prediction against what that generator says next.",
       recover_params, Needs::nothing, [](const Params& p, RunContext& ctx) -> json {
         const json& given = p.value("outputs");
         std::vector<std::uint32_t> outputs;
         json out = json::object();
         std::vector<std::uint32_t> actual;
         const auto next = static_cast<std::size_t>(p.integer("next"));
         if (given.is_array() && given.empty()) {
           Seeded s = seeded(p);
           for (int i = 0; i < Mt19937::n; ++i) outputs.push_back(s.gen.next());
           for (std::size_t i = 0; i < next; ++i) actual.push_back(s.gen.next());
           out["seededBy"] = s.kind;
           out["outputs"] = outputs;
         } else {
           if (!given.is_array() || given.size() != Mt19937::n) {
             throw Error(ErrorCode::BadParams, "outputs: need exactly 624 consecutive outputs; got " +
                                                   std::to_string(given.is_array() ? given.size() : 1));
           }
           for (std::size_t i = 0; i < given.size(); ++i) {
             const json& v = given[i];
             bool ok = v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0);
             if (!ok || v.get<std::uint64_t>() > 0xffffffffULL) {
               throw Error(ErrorCode::BadParams,
                           "outputs[" + std::to_string(i) + "]: must be an integer in 0..4294967295");
             }
             outputs.push_back(static_cast<std::uint32_t>(v.get<std::uint64_t>()));
           }
         }
         Recovery rec = recover(outputs, next, ctx);
         out["predicted"] = rec.predicted;
         out["state"] = rec.state;
         out["untempered"] = {{"output", outputs[0]}, {"word", rec.state[0]}};
         if (!actual.empty()) {
           std::size_t matched = 0;
           for (std::size_t i = 0; i < next; ++i) matched += rec.predicted[i] == actual[i];
           out["actual"] = actual;
           out["matched"] = matched;
         }
         return out;
       }});

  std::vector<ParamSpec> birthday_params =
      join({{"people", ParamType::integer, "people in the room", 23, 1, 365, {}},
            {"trials", ParamType::integer, "rooms", 10000, 1, 1000000, {}}},
           seed_params("2024"));
  r.add({"random.birthday", "chance", "The birthday problem, run live",
         "Rooms of people with birthdays from random.Random(seed).randrange(365): how often two share one, "
         "beside the exact probability. The same seed gives the same count in CPython.",
         birthday_params, Needs::nothing, [](const Params& p, RunContext& ctx) -> json {
           Seeded s = seeded(p);
           auto trials = static_cast<std::uint64_t>(p.integer("trials"));
           Birthday b = birthday(s.gen, static_cast<int>(p.integer("people")), trials, ctx);
           return {{"shared", b.shared},
                   {"trials", trials},
                   {"frequency", static_cast<double>(b.shared) / static_cast<double>(trials)},
                   {"exact", b.exact},
                   {"seededBy", s.kind}};
         }});

  r.add({"stats.table",
         "chance",
         "Every statistic of one table",
         "Each function of the statistics module on the same data, as the chosen CPython returns it (or the "
         "StatisticsError it raises), with f\"{x:,.2f}\" as the series prints money, and a naive one-pass "
         "variance beside the exact one.",
         {data_param(), python::param()},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json {
           std::vector<double> data = data_of(p.value("data"));
           json rows = json::array();
           // llplay:source stats.table
           for (const std::string& fn : statistics_functions()) {
             json row = {{"fn", fn}};
             try {
               Statistic s = compute_statistic(fn, data, minor_of(p));
               row["result"] = statistic_json(s);
               if (!s.is_list && s.value != "0" && s.value != "nan") {
                 double x = parse_python_float(s.value, fn);
                 if (std::isfinite(x)) row["money"] = python_money(x);
               }
             } catch (const Error& e) {
               if (e.code() == ErrorCode::Cancelled) throw;
               row["error"] = {{"code", code_name(e.code())}, {"message", e.what()}};
             }
             rows.push_back(std::move(row));
           }
           // llplay:end
           json out = {{"python", p.string("python")}, {"count", data.size()}, {"rows", rows}};
           if (data.size() >= 2) out["naiveVariance"] = python_repr(naive_variance(data));
           return out;
         }});

  r.add({"stats.compute",
         "chance",
         "Statistics as CPython computes them",
         "statistics.<fn>([float(d) for d in data]) with the chosen CPython's algorithm: exact Fraction sums "
         "for mean and variance, math.fsum for fmean, float arithmetic where the module uses it. The result "
         "is repr() as CPython prints it; errors are StatisticsError.",
         {{"fn", ParamType::choice, "function", "variance", 0, 0, statistics_functions()},
          data_param(),
          python::param(),
          {"n", ParamType::integer, "quantiles: n", 4, -1000000, 10000, {}},
          {"method", ParamType::choice, "quantiles: method", "exclusive", 0, 0, {"exclusive", "inclusive"}}},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json {
           std::vector<double> data = data_of(p.value("data"));
           Statistic s =
               compute_statistic(p.string("fn"), data, minor_of(p),
                                 {static_cast<long>(p.integer("n")), p.string("method") == "inclusive"});
           return {{"python", p.string("python")}, {"fn", p.string("fn")}, {"result", statistic_json(s)}};
         }});

  std::vector<ParamSpec> speed_params =
      join({{"n", ParamType::integer, "random() calls", 1000000, 1, 10000000, {}}}, seed_params("42"));
  r.add(
      {"random.speed", "chance", "A million random()",
       "random() n times in a loop, summed left to right (s += rng.random()), timed inside the module: the "
       "speed of the generator alone, and a sum CPython gives bit for bit. The loop runs once to warm up "
       "(its sum is the one shown: the first n values from the seed), then three times more, timed, going on "
       "with the same generator: the median, and the spread.",
       speed_params, Needs::nothing, [](const Params& p, RunContext& ctx) -> json {
         Mt19937 gen = seeded(p).gen;  // random.Random(seed)
         auto n = static_cast<std::uint64_t>(p.integer("n"));
         std::optional<double> first_sum;
         int run = 0;
         constexpr int timed_runs = 3;
         timing::Repeated t = timing::repeat(
             1, timed_runs,
             [&] {
               // llplay:source random.speed
               double sum = 0;
               // In calls of 65,536 values: wasm has no on-stack replacement, so one call running the
               // whole demo would finish in the engine's baseline code; in pieces, it runs optimised code.
               for (std::uint64_t done = 0; done < n; done += 65536) {
                 if (done > 0) ctx.checkpoint((run + static_cast<double>(done) / n) / (timed_runs + 1));
                 sum = gen.add_random(std::min<std::uint64_t>(65536, n - done), sum);
               }
               // llplay:end
               if (!first_sum) first_sum = sum;  // the first n values from the seed: CPython's sum
             },
             [&](int done, int total) {
               run = done;
               ctx.checkpoint(static_cast<double>(done) / total);
             });
         return {{"sum", python_repr(*first_sum)},
                 {"n", n},
                 {"ms", t.median_ms},
                 {"time", t},
                 {"nsPerCall", t.median_ms * 1e6 / static_cast<double>(n)}};
       }});

  r.add({"cmath.compute",
         "chance",
         "The complex plane",
         "Day 19's cmath example: cmath.sqrt(-1), cmath.polar(3+4j) and friends on complex(a, b), with "
         "CPython's "
         "algorithms, printed as CPython prints complex numbers.",
         {{"fn", ParamType::choice, "function", "sqrt", 0, 0, {"sqrt", "polar", "phase", "abs", "rect"}},
          {"a", ParamType::string, "a (real part; r for rect)", "-1", 1, 100, {}},
          {"b", ParamType::string, "b (imaginary part; phi for rect)", "0", 1, 100, {}},
          python::param()},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json {
           double a = parse_python_float(p.string("a"), "a"), b = parse_python_float(p.string("b"), "b");
           if (!std::isfinite(a) || !std::isfinite(b)) {
             throw Error(ErrorCode::BadParams, "a, b: only finite parts are modelled here");
           }
           return {{"python", p.string("python")},
                   {"fn", p.string("fn")},
                   {"z", complex_repr(a, b)},
                   {"result", cmath_call(p.string("fn"), a, b)}};
         }});
}

}  // namespace llplay
