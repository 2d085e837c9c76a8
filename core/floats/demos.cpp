// The floats lab's demos, as the registry sees them.
#include <cmath>
#include <string>

#include "../registry.hpp"
#include "drift.hpp"
#include "float_text.hpp"

namespace llplay::floats {

namespace {

ParamSpec values_param(json default_values) {
  return {"values",
          ParamType::string_list,
          "Python float literals or hex floats, one per line",
          std::move(default_values),
          1,
          100000,
          {}};
}

std::vector<double> parse_values(const Params& p) {
  std::vector<std::string> texts = p.strings("values");
  std::vector<double> values;
  values.reserve(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (texts[i].size() > 10000) {
      throw Error(ErrorCode::BadParams, "values[" + std::to_string(i) + "]: longer than 10,000 characters");
    }
    values.push_back(parse_python_float(texts[i], "values[" + std::to_string(i) + "]"));
  }
  return values;
}

/// The fee in whole cents when the literal is plain digits with at most two decimals, else -1.
std::int64_t whole_cents(const std::string& text) {
  std::size_t dot = text.find('.');
  std::string whole = text.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 9 || fraction.size() > 2) return -1;
  for (char c : whole + fraction) {
    if (c < '0' || c > '9') return -1;
  }
  while (fraction.size() < 2) fraction += '0';
  return std::stoll(whole) * 100 + std::stoll(fraction);
}

std::string money_from_cents(std::int64_t cents) {
  std::string rest = std::to_string(cents % 100);
  return with_thousands(std::to_string(cents / 100) + (rest.size() < 2 ? ".0" : ".") + rest);
}

}  // namespace

void register_demos(Registry& r) {
  r.add({"float.repr",
         "floats",
         "repr(): the shortest string that reads back",
         "What CPython's repr() prints for each value: the shortest decimal that rounds back to the "
         "same 64 bits, in exponent form below 1e-04 and from 1e+16.",
         {values_param({"0.1", "0.30000000000000004", "1e16", "1e-5", "-0.0", "5e-324"})},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json {
           json out = json::array();
           for (double x : parse_values(p)) out.push_back(python_repr(x));
           return {{"repr", out}};
         }});

  r.add({"float.drift",
         "floats",
         "The drift: one fee, added N times",
         "Adds a fee N times with a plain float loop, with Kahan's compensated sum, and in integer "
         "cents, and shows how far each total lands from the exact one.",
         {{"fee", ParamType::string, "fee (a decimal literal, like 0.10)", "0.10", 1, 40, {}},
          {"n", ParamType::integer, "times to add it", 10000000, 1, 100000000, {}}},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           const std::string& fee_text = p.string("fee");
           double fee = parse_python_float(fee_text, "fee");
           if (!std::isfinite(fee) || fee < 0 || fee > 1e6) {
             throw Error(ErrorCode::BadParams, "fee: must be a finite amount between 0 and 1,000,000");
           }
           std::int64_t n = p.integer("n");
           std::int64_t cents = whole_cents(fee_text);
           json out = {{"fee", fee_text}, {"n", n}, {"fee_repr", python_repr(fee)}};
           if (cents >= 0) out["exact"] = money_from_cents(cents * n);
           json rows = json::array();
           for (const DriftRow& row : drift(fee, cents, n, ctx)) {
             json item = {{"strategy", row.strategy},
                          {"total", python_money(row.total)},
                          {"repr", python_repr(row.total)},
                          {"ms", row.ms}};
             if (cents >= 0) {
               item["error"] = python_repr(row.total - static_cast<double>(cents * n) / 100.0);
             }
             rows.push_back(std::move(item));
           }
           out["rows"] = std::move(rows);
           return out;
         }});
}

}  // namespace llplay::floats
