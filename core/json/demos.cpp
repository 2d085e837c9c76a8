// The JSON lab's demos, as the registry sees them.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include "../examples.hpp"
#include "../registry.hpp"
#include "../timing.hpp"
#include "document.hpp"
#include "engines.hpp"
#include "generate.hpp"
#include "host.hpp"

namespace llplay::json_lab {

namespace {

constexpr double max_doc_bytes = 128.0 * 1024 * 1024;

/// Standard base64 (RFC 4648), for documents that are bytes rather than text (invalid UTF-8 included).
std::string from_base64(const std::string& text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
  };
  std::string out;
  int bits = 0, buffer = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] != '='; ++i) {
    int v = value(text[i]);
    if (v < 0) throw Error(ErrorCode::BadParams, "doc: not base64 (character " + std::to_string(i) + ")");
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  for (; i < text.size(); ++i) {
    if (text[i] != '=') throw Error(ErrorCode::BadParams, "doc: not base64 (text after '=')");
  }
  return out;
}

/// The document: the text as given, or decoded from base64.
std::string document_of(const Params& p) {
  return p.string("docEncoding") == "base64" ? from_base64(p.string("doc")) : p.string("doc");
}

ParamSpec doc_param(const char* default_doc) {
  return {"doc", ParamType::string, "JSON document", default_doc, 0, max_doc_bytes, {}};
}
ParamSpec encoding_param() {
  return {"docEncoding", ParamType::choice, "doc is", "text", 0, 0, {"text", "base64"}};
}
ParamSpec key_param() { return {"key", ParamType::string, "member name", "user_email", 0, 200, {}}; }
ParamSpec max_depth_param() {
  return {"maxDepth",
          ParamType::integer,
          "recursive engine's limit (like sys.getrecursionlimit)",
          1000,
          1,
          10000000,
          {}};
}

Engine engine_of(const std::string& name) {
  return name == "recursive"   ? Engine::recursive
         : name == "iterative" ? Engine::iterative
                               : Engine::streaming;
}

json figures(const Extraction& x, std::size_t bytes) {
  return {{"count", x.matches.size()},
          {"nodes", x.nodes},
          {"maxDepth", x.max_depth},
          {"peakBytes", x.peak_bytes},
          {"stackBytes", x.stack_bytes},
          {"ms", x.ms},
          {"mbPerSecond", x.ms > 0 ? static_cast<double>(bytes) / 1e6 / (x.ms / 1e3) : 0.0}};
}

/// Timed runs of each engine in a comparison, after its untimed first run: three, or one for a document over
/// 32 MiB (where a run takes about a second).
int timed_runs(std::size_t bytes) { return bytes > (std::size_t{32} << 20) ? 1 : 3; }

/// The document a comparison runs on: typed text, or made by one of the generators.
std::string source_document(const Params& p, RunContext& ctx) {
  const std::string& source = p.string("source");
  if (source == "webhook") return examples::webhook_payload();
  if (source == "random") {
    return random_payload(static_cast<std::size_t>(p.number("sizeMB") * 1024 * 1024),
                          static_cast<int>(p.integer("randomDepth")),
                          static_cast<std::uint64_t>(p.integer("seed")), ctx);
  }
  if (source == "exploit") return exploit_payload(p.integer("depth"));
  return document_of(p);
}

std::vector<ParamSpec> source_params(double max_mb) {
  return {
      {"source", ParamType::choice, "document", "webhook", 0, 0, {"text", "webhook", "random", "exploit"}},
      doc_param("{}"),
      encoding_param(),
      {"sizeMB", ParamType::number, "random: size in MB", 1, 0.001, max_mb, {}},
      {"randomDepth", ParamType::integer, "random: deepest nesting", 8, 1, 64, {}},
      {"seed", ParamType::integer, "random: seed", 1, 0, 4294967295.0, {}},
      {"depth", ParamType::integer, "exploit: nesting depth", 100000, 1, 1000000, {}}};
}

constexpr std::size_t shown_matches = 20;

/// The first matches, as many as a page shows.
json shown(const json& matches) {
  json out = json::array();
  for (std::size_t i = 0; i < matches.size() && i < shown_matches; ++i) out.push_back(matches[i]);
  return out;
}

/// The host's JSON.parse on the same text, and whether it found what the engines found. It reads the
/// text its own way: one member per name (the last value, in the first one's place), numbers as doubles.
json reference_row(const HostReference& host, std::string_view doc, std::string_view key,
                   const json& engines_found, RunContext& ctx) {
  json row = json::parse(host.extract(doc, key, 1));  // untimed, like the engines' first run
  row["engine"] = host.name;
  if (row["ok"] == true) {
    // The timed runs, each of enough extractions to outlast the clock's tick (as timing::repeat does for
    // the engines): the median run's split into parsing and walking is the one shown.
    const double first_ms = row["ms"];
    const int times = first_ms >= timing::min_run_ms ? 1
                      : first_ms <= 0                ? 1000
                                      : static_cast<int>(std::ceil(timing::min_run_ms / first_ms));
    std::vector<json> timed;
    for (int i = 0, runs = timed_runs(doc.size()); i < runs; ++i) {
      ctx.checkpoint(1);  // the engines' share of the progress is done: this only lets a cancel in
      json again = json::parse(host.extract(doc, key, times));
      if (again["ok"] != true) break;  // e.g. out of memory the second time: the runs so far stand
      again.erase("matches");
      timed.push_back(std::move(again));
    }
    if (!timed.empty()) {
      std::sort(timed.begin(), timed.end(), [](const json& a, const json& b) { return a["ms"] < b["ms"]; });
      // The median run (of two, after a failed rerun, the faster), whole: its ms is its parse plus its walk.
      const json& median_run = timed[(timed.size() - 1) / 2];
      for (const char* field : {"ms", "parseMs", "walkMs"}) row[field] = median_run[field];
      row["minMs"] = timed.front()["ms"], row["maxMs"] = timed.back()["ms"];
      row["runs"] = timed.size(), row["calls"] = times;
    }
    row["mbPerSecond"] =
        row["ms"].get<double>() > 0 ? static_cast<double>(doc.size()) / 1e3 / row["ms"].get<double>() : 0.0;
    json found = std::move(row["matches"]);
    row["matches"] = shown(found);
    if (!engines_found.is_null()) {
      row["agrees"] = found == engines_found;
      std::size_t i = 0;
      while (i < found.size() && i < engines_found.size() && found[i] == engines_found[i]) ++i;
      if (found != engines_found) row["firstDifference"] = i;
    }
  }
  return row;
}

}  // namespace

}  // namespace llplay::json_lab

namespace llplay {

/// The json lab: called by the register_labs() that CMake writes for each program (see llplay_lab).
void register_json_lab(Registry& r) {
  using namespace json_lab;
  r.add_lab({"json", "JSON"});
  std::vector<ParamSpec> compare_params = source_params(100);
  compare_params.push_back(key_param());
  compare_params.push_back(max_depth_param());
  compare_params.push_back(
      {"reference", ParamType::boolean, "also JSON.parse + a JavaScript walk (browser)", true, 0, 0, {}});
  r.add({"json.compare", "json", "Three engines, one answer",
         "Runs all three engines on the same document (typed, the webhook, a random payload up to 100 MB, or "
         "the "
         "exploit up to 1,000,000 deep) and shows where each gave up, what it found and what it cost. In the "
         "browser, JSON.parse plus a JavaScript walk runs on the same text as the reference.",
         compare_params, Needs::nothing, [](const Params& p, RunContext& ctx) -> json {
           const bool generated = p.string("source") == "random";
           auto t0 = timing::Clock::now();
           RunContext making = ctx.part(0, generated ? 0.3 : 0);
           std::string doc = source_document(p, making);
           double generated_ms = timing::ms_since(t0);
           const std::string& key = p.string("key");
           json engines = json::array(), first;
           bool agree = true;
           double from = generated ? 0.3 : 0, step = (1 - from) / 3;
           // llplay:source json.compare
           for (Engine engine : {Engine::recursive, Engine::iterative, Engine::streaming}) {
             json row = {{"engine", engine_name(engine)}};
             try {
               // One untimed run (a first run pays for code the engine has not optimised yet and for memory
               // not touched yet; it also finds any error), then the timed runs: the median is shown. A small
               // document is extracted several times a run, so that a run outlasts the clock's tick.
               const int runs = timed_runs(doc.size());
               std::optional<Extraction> x;
               int run = 0;
               timing::Repeated t = timing::repeat(
                   1, runs,
                   [&] {
                     RunContext part =
                         ctx.part(from + step * run / (runs + 1), from + step * (run + 1) / (runs + 1));
                     Extraction each = extract(doc, key, engine, p.integer("maxDepth"), part);
                     if (!x) x = std::move(each);
                   },
                   [&](int done, int) { run = std::min(done, runs); });  // later runs: see timing::repeat
               x->ms = t.median_ms;
               row.update(figures(*x, doc.size()));
               row.update({{"minMs", t.min_ms},
                           {"maxMs", t.max_ms},
                           {"runs", t.runs},
                           {"calls", t.calls},
                           {"dropped", t.dropped}});
               row["ok"] = true;
               if (first.is_null()) first = x->matches;
               agree = agree && x->matches == first;
               row["matches"] = shown(x->matches);
             } catch (const Error& e) {
               if (e.code() == ErrorCode::Cancelled || e.code() == ErrorCode::ParseError) throw;
               row.update({{"ok", false}, {"code", code_name(e.code())}, {"message", e.what()}});
             }
             engines.push_back(std::move(row));
             from += step;
           }
           // llplay:end
           json out = {{"bytes", doc.size()},
                       {"generatedMs", generated_ms},
                       {"engines", engines},
                       {"agree", agree},
                       {"shown", shown_matches}};
           const HostReference* host = host_reference();
           if (host != nullptr && p.boolean("reference"))
             out["reference"] = reference_row(*host, doc, key, first, ctx);
           return out;
         }});

  const std::string extract_summary =
      "Every value stored under a member name, in document order, by one of three engines: a recursive DOM "
      "walk, the same walk with an explicit stack, or a streaming pass that builds no tree. The two tree "
      "engines may use " +
      std::to_string(max_tree_bytes >> 20) +
      " MiB for the tree (16 bytes a value, its text, the walk's stack): a document that needs more stops "
      "with LimitExceeded before the memory is taken; the streaming engine has no such limit.";
  r.add({"json.extract",
         "json",
         "Extract every value of a key",
         extract_summary,
         {doc_param(examples::webhook_payload().c_str()),
          key_param(),
          {"engine", ParamType::choice, "engine", "streaming", 0, 0, {"recursive", "iterative", "streaming"}},
          max_depth_param(),
          encoding_param()},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           std::string doc = document_of(p);
           Engine engine = engine_of(p.string("engine"));
           Extraction x = extract(doc, p.string("key"), engine, p.integer("maxDepth"), ctx);
           json out = figures(x, doc.size());
           out["engine"] = engine_name(engine);
           out["matches"] = std::move(x.matches);
           return out;
         }});

  r.add({"json.validate",
         "json",
         "Is it JSON?",
         "Reads the document as RFC 8259 JSON (UTF-8, one value) and says where it stops being JSON, by line "
         "and column.",
         {doc_param(R"({"user_email": "ana@example.com", "tags": [1, 2,]})"), encoding_param()},
         Needs::nothing,
         [](const Params& p, RunContext&) -> json {
           std::string doc = document_of(p);
           std::optional<SyntaxError> error = validate(doc);
           json out = {{"valid", !error}, {"bytes", doc.size()}};
           if (error) out["error"] = error->describe();
           return out;
         }});

  r.add({"json.generate",
         "json",
         "Payload generator",
         "The series' webhook, random chaotic payloads whose schema drifts, or the deep-nesting exploit.",
         {{"kind", ParamType::choice, "payload", "random", 0, 0, {"webhook", "random", "exploit"}},
          {"sizeMB", ParamType::number, "random: size in MB", 0.01, 0.001, 10, {}},
          {"randomDepth", ParamType::integer, "random: deepest nesting", 8, 1, 64, {}},
          {"seed", ParamType::integer, "random: seed", 1, 0, 4294967295.0, {}},
          {"depth", ParamType::integer, "exploit: nesting depth", 2000, 1, 1000000, {}}},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           const std::string& kind = p.string("kind");
           std::string doc = kind == "webhook" ? examples::webhook_payload()
                             : kind == "exploit"
                                 ? exploit_payload(p.integer("depth"))
                                 : random_payload(static_cast<std::size_t>(p.number("sizeMB") * 1024 * 1024),
                                                  static_cast<int>(p.integer("randomDepth")),
                                                  static_cast<std::uint64_t>(p.integer("seed")), ctx);
           return {{"bytes", doc.size()}, {"doc", std::move(doc)}};
         }});
}

}  // namespace llplay
