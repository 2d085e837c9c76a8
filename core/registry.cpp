// Parameter validation and the run wrapper that turns every failure into a contract error.
#include "registry.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <new>

#include "utf8.hpp"

namespace llplay {

namespace {

std::string quoted(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  constexpr std::size_t limit = 60;
  return text.size() > limit ? text.substr(0, limit) + "…" : text;
}

std::string number_text(double x) {
  if (x == std::floor(x) && std::fabs(x) < 1e18) return std::to_string(static_cast<long long>(x));
  return json(x).dump();
}

[[noreturn]] void bad(const Demo& demo, const ParamSpec& spec, const std::string& what, const json& got) {
  throw Error(ErrorCode::BadParams,
              demo.id + ": parameter '" + spec.name + "' " + what + "; got " + quoted(got));
}

/// Parses an integer written as digits, with optional sign and single underscores between digits
/// ("100_000_000"), as Python's int() accepts. Returns nullopt when the text is not that.
std::optional<std::int64_t> parse_integer(const std::string& text) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  if (i == text.size()) return std::nullopt;
  std::uint64_t value = 0;
  bool digit_before = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '_' && digit_before && i + 1 < text.size() && text[i + 1] != '_') {
      digit_before = false;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    digit_before = true;
    if (value > (UINT64_MAX - 9) / 10) return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (!digit_before || value > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
  return negative ? -static_cast<std::int64_t>(value) : static_cast<std::int64_t>(value);
}

std::optional<double> parse_number(const std::string& text) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  double x = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(x)) return std::nullopt;
  return x;
}

json check_value(const Demo& demo, const ParamSpec& spec, const json& v) {
  switch (spec.type) {
    case ParamType::integer: {
      std::optional<std::int64_t> n;
      if (v.is_number_integer()) {
        if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
          n = std::nullopt;
        } else {
          n = v.get<std::int64_t>();
        }
      } else if (v.is_number_float() && v.get<double>() == std::floor(v.get<double>()) &&
                 std::fabs(v.get<double>()) < 9e18) {
        n = static_cast<std::int64_t>(v.get<double>());
      } else if (v.is_string()) {
        n = parse_integer(v.get<std::string>());
      }
      std::string range = "between " + number_text(spec.min) + " and " + number_text(spec.max);
      if (!n) bad(demo, spec, "must be a whole number " + range, v);
      if (static_cast<double>(*n) < spec.min || static_cast<double>(*n) > spec.max) {
        bad(demo, spec, "must be " + range, v);
      }
      return *n;
    }
    case ParamType::number: {
      std::optional<double> x;
      if (v.is_number()) x = v.get<double>();
      if (v.is_string()) x = parse_number(v.get<std::string>());
      std::string range = "between " + number_text(spec.min) + " and " + number_text(spec.max);
      if (!x) bad(demo, spec, "must be a number " + range, v);
      if (*x < spec.min || *x > spec.max) bad(demo, spec, "must be " + range, v);
      return *x;
    }
    case ParamType::boolean: {
      if (v.is_boolean()) return v;
      if (v == "true" || v == "1") return true;
      if (v == "false" || v == "0") return false;
      bad(demo, spec, "must be true or false", v);
    }
    case ParamType::string: {
      if (!v.is_string()) bad(demo, spec, "must be a string", v);
      auto size = static_cast<double>(v.get_ref<const std::string&>().size());
      if (size < spec.min) bad(demo, spec, "must not be empty", v);
      if (size > spec.max) bad(demo, spec, "must be at most " + number_text(spec.max) + " bytes", v);
      return v;
    }
    case ParamType::string_list: {
      if (!v.is_array()) bad(demo, spec, "must be a list of strings", v);
      for (const json& item : v) {
        if (!item.is_string()) bad(demo, spec, "must hold only strings", item);
      }
      auto count = static_cast<double>(v.size());
      if (count < spec.min) bad(demo, spec, "needs at least " + number_text(spec.min) + " item(s)", v);
      if (count > spec.max) bad(demo, spec, "takes at most " + number_text(spec.max) + " items", v);
      return v;
    }
    case ParamType::value: {
      json parsed = v;
      if (v.is_string()) {  // what a text box holds
        parsed = json::parse(v.get_ref<const std::string&>(), nullptr, false);
        if (parsed.is_discarded()) bad(demo, spec, "must be JSON (a list, an object or a number)", v);
      }
      // Depth, size and text, without recursion: the text a person typed can be nested arbitrarily deep.
      // Its strings and names must be UTF-8, as JSON text is (a value built in C++ may hold any bytes,
      // which dump() refuses).
      constexpr std::size_t max_depth = 32;
      auto not_utf8 = [&] { bad(demo, spec, "holds text that is not UTF-8", json("(not shown)")); };
      std::vector<std::pair<const json*, std::size_t>> todo{{&parsed, 1}};
      double nodes = 0;
      while (!todo.empty()) {
        auto [node, depth] = todo.back();
        todo.pop_back();
        if (depth > max_depth) bad(demo, spec, "is nested more than 32 deep", json("(too deep to show)"));
        if (++nodes > spec.max) break;
        if (node->is_string() && !utf8::decode(node->get_ref<const std::string&>())) not_utf8();
        if (node->is_object()) {
          for (auto it = node->begin(); it != node->end(); ++it) {
            if (!utf8::decode(it.key())) not_utf8();
            todo.emplace_back(&*it, depth + 1);
          }
        } else if (node->is_array()) {
          for (const json& child : *node) todo.emplace_back(&child, depth + 1);
        }
      }
      if (nodes > spec.max || static_cast<double>(parsed.dump().size()) > spec.max) {
        bad(demo, spec, "must be at most " + number_text(spec.max) + " bytes of JSON",
            json("(too long to show)"));
      }
      return parsed;
    }
    case ParamType::choice: {
      for (const std::string& choice : spec.choices) {
        if (v == choice) return v;
      }
      std::string list;
      for (const std::string& choice : spec.choices) list += (list.empty() ? "" : ", ") + choice;
      bad(demo, spec, "must be one of " + list, v);
    }
  }
  throw Error(ErrorCode::Internal, "unknown parameter type");
}

}  // namespace

json Outcome::to_json() const {
  if (ok) return result;
  json error = {{"code", code_name(code)}, {"message", message}};
  if (!details.empty()) {
    json more = json::parse(details, nullptr, false);
    if (more.is_object())
      for (auto& [key, value] : more.items())
        if (!error.contains(key)) error[key] = value;
  }
  return {{"error", std::move(error)}};
}

void Registry::add_lab(Lab lab) {
  if (lab.id.empty() || lab.title.empty()) throw std::logic_error("a lab needs an id and a title");
  for (const Lab& known : labs_) {
    if (known.id == lab.id) throw std::logic_error("duplicate lab: " + lab.id);
  }
  labs_.push_back(std::move(lab));
}

void Registry::add(Demo demo) {
  if (demo.id.find('.') == std::string::npos)
    throw std::logic_error("demo id must look like area.name: " + demo.id);
  bool declared = false;
  for (const Lab& lab : labs_) declared = declared || lab.id == demo.lab;
  if (!declared)
    throw std::logic_error(demo.id + ": its lab '" + demo.lab + "' was not declared with add_lab");
  if (index_.count(demo.id) != 0) throw std::logic_error("duplicate demo id: " + demo.id);
  if (!demo.run) throw std::logic_error("demo without a run function: " + demo.id);
  for (const ParamSpec& spec : demo.params) {
    if (spec.type == ParamType::choice && spec.choices.empty()) {
      throw std::logic_error(demo.id + ": choice parameter without choices: " + spec.name);
    }
    if (!spec.default_value.is_null()) check_value(demo, spec, spec.default_value);
  }
  index_.emplace(demo.id, demos_.size());
  demos_.push_back(std::move(demo));
}

const Demo* Registry::find(const std::string& id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &demos_[it->second];
}

void Registry::check_depth(const std::string& id, const json& params) {
  std::vector<std::pair<const json*, std::size_t>> todo{{&params, 0}};
  while (!todo.empty()) {
    auto [node, depth] = todo.back();
    todo.pop_back();
    if (depth > max_params_depth) {
      throw Error(ErrorCode::BadParams,
                  id + ": params are nested more than " + std::to_string(max_params_depth) + " deep");
    }
    if (node->is_structured()) {
      for (const json& child : *node) todo.emplace_back(&child, depth + 1);
    }
  }
}

Params Registry::validate(const Demo& demo, const json& params) {
  // First, before anything copies or prints a value: both recurse on its shape.
  check_depth(demo.id, params);
  if (!params.is_null() && !params.is_object()) {
    throw Error(ErrorCode::BadParams, demo.id + ": params must be a JSON object; got " + quoted(params));
  }
  json values = json::object();
  if (params.is_object()) {
    for (const auto& [name, value] : params.items()) {
      bool known = false;
      for (const ParamSpec& spec : demo.params) known = known || spec.name == name;
      if (!known) {
        std::string names;
        for (const ParamSpec& spec : demo.params) names += (names.empty() ? "" : ", ") + spec.name;
        throw Error(ErrorCode::BadParams, demo.id + " has no parameter '" + name +
                                              "' (it takes: " + (names.empty() ? "none" : names) + ")");
      }
    }
  }
  for (const ParamSpec& spec : demo.params) {
    const json* given = params.is_object() && params.contains(spec.name) ? &params.at(spec.name) : nullptr;
    if (given == nullptr || given->is_null()) {
      if (spec.default_value.is_null()) {
        throw Error(ErrorCode::BadParams, demo.id + ": parameter '" + spec.name + "' is required");
      }
      values[spec.name] = check_value(demo, spec, spec.default_value);
    } else {
      values[spec.name] = check_value(demo, spec, *given);
    }
  }
  return Params(std::move(values));
}

Outcome Registry::run(const std::string& id, const json& params, RunContext& ctx) const {
  Outcome outcome;
  try {
    const Demo* demo = find(id);
    if (demo == nullptr) throw Error(ErrorCode::UnknownDemo, "no demo has the id '" + id + "'");
    Params valid = validate(*demo, params);
    outcome.result = demo->run(valid, ctx);
    outcome.ok = true;
  } catch (const Error& e) {
    outcome.code = e.code();
    outcome.message = e.what();
    outcome.details = e.details();
  } catch (const std::bad_alloc&) {
    outcome.code = ErrorCode::OutOfMemory;
    outcome.message = id + ": ran out of memory; try a smaller input";
  } catch (const std::exception& e) {
    outcome.code = ErrorCode::Internal;
    outcome.message = id + ": internal error: " + e.what();
  }
  return outcome;
}

json Registry::parse_params(const std::string& id, const std::string& params_text) {
  if (params_text.find_first_not_of(" \t\r\n") == std::string::npos) return nullptr;
  try {
    return json::parse(params_text);
  } catch (const json::parse_error& e) {
    // The position, never the library's text: it quotes the bytes it read, cut anywhere in a character.
    throw Error(ErrorCode::BadParams,
                id + ": params are not valid JSON (the error is at byte " + std::to_string(e.byte) + ")");
  } catch (const json::out_of_range&) {  // 1e309, 10**400: valid JSON, no double holds them
    throw Error(ErrorCode::BadParams,
                id + ": params hold a number too large for a double (such as 1e309); write it as a string");
  } catch (const json::exception&) {
    throw Error(ErrorCode::BadParams, id + ": params are not valid JSON");
  }
}

Outcome Registry::run_text(const std::string& id, const std::string& params_text, RunContext& ctx) const {
  json params;
  try {
    params = parse_params(id, params_text);
  } catch (const Error& e) {
    Outcome outcome;
    outcome.code = e.code();
    outcome.message = e.what();
    return outcome;
  }
  return run(id, params, ctx);
}

Outcome Registry::check_text(const std::string& id, const std::string& params_text) const {
  Outcome outcome;
  try {
    const Demo* demo = find(id);
    if (demo == nullptr) throw Error(ErrorCode::UnknownDemo, "no demo has the id '" + id + "'");
    outcome.result = validate(*demo, parse_params(id, params_text)).values();
    outcome.ok = true;
  } catch (const Error& e) {
    outcome.code = e.code();
    outcome.message = e.what();
  }
  return outcome;
}

json Registry::describe() const {
  json list = json::array();
  for (const Demo& demo : demos_) {
    json params = json::array();
    for (const ParamSpec& spec : demo.params) {
      json p = {{"name", spec.name},
                {"type", type_name(spec.type)},
                {"label", spec.label},
                {"default", spec.default_value}};
      if (spec.type != ParamType::boolean && spec.type != ParamType::choice) {
        p["min"] = spec.min;  // numbers: the range; strings: bytes; lists: items
        p["max"] = spec.max;
      }
      if (spec.type == ParamType::choice) p["choices"] = spec.choices;
      params.push_back(std::move(p));
    }
    list.push_back({{"id", demo.id},
                    {"lab", demo.lab},
                    {"title", demo.title},
                    {"summary", demo.summary},
                    {"needs", needs_name(demo.needs)},
                    {"params", std::move(params)}});
  }
  return list;
}

json Registry::describe_labs() const {
  json list = json::array();
  for (const Lab& lab : labs_) list.push_back({{"id", lab.id}, {"title", lab.title}});
  return list;
}

const Registry& registry() {
  static const Registry all = [] {
    Registry r;
    register_labs(r);
    return r;
  }();
  return all;
}

const char* type_name(ParamType type) {
  switch (type) {
    case ParamType::integer:
      return "integer";
    case ParamType::number:
      return "number";
    case ParamType::boolean:
      return "boolean";
    case ParamType::string:
      return "string";
    case ParamType::string_list:
      return "string_list";
    case ParamType::choice:
      return "choice";
    case ParamType::value:
      return "value";
  }
  return "?";
}

const char* needs_name(Needs needs) {
  switch (needs) {
    case Needs::threads:
      return "threads";
    case Needs::workers:
      return "workers";
    case Needs::sqljs:
      return "sqljs";
    case Needs::nothing:
      break;
  }
  return "nothing";
}

}  // namespace llplay
