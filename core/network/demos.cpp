// The network lab's demos, as the registry sees them.
#include <cmath>
#include <string>

#include "../python_version.hpp"
#include "../registry.hpp"
#include "http.hpp"
#include "simulate.hpp"

namespace llplay::network {

namespace {

constexpr double max_body_bytes = 10.0 * 1024 * 1024;  // the issue's budget: a body over 10 MB is refused
constexpr double max_response_bytes = 1024.0 * 1024;

int python_minor(const Params& p) { return std::stoi(p.string("python").substr(2)); }

PyStr text_param(const Params& p, const std::string& name) {
  std::optional<PyStr> text = from_utf8(p.string(name));
  if (!text) throw Error(ErrorCode::BadParams, name + ": not valid UTF-8");
  return *text;
}

std::vector<HeaderArg> headers_param(const json& value) {
  if (!value.is_array()) {
    throw Error(ErrorCode::BadParams,
                "headers: expected a list of [name, value] pairs, like [[\"Accept\", \"*/*\"]]");
  }
  if (value.size() > 1000) throw Error(ErrorCode::LimitExceeded, "headers: at most 1,000 pairs");
  std::vector<HeaderArg> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const json& pair = value[i];
    std::string where = "headers[" + std::to_string(i) + "]";
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string()) {
      throw Error(ErrorCode::BadParams,
                  where + ": expected [name, value] with a string name; got " + pair.dump());
    }
    HeaderArg h;
    std::optional<PyStr> name = from_utf8(pair[0].get_ref<const std::string&>());
    if (!name) throw Error(ErrorCode::BadParams, where + ": the name is not valid UTF-8");
    h.name = *name;
    if (pair[1].is_string()) {
      std::optional<PyStr> v = from_utf8(pair[1].get_ref<const std::string&>());
      if (!v) throw Error(ErrorCode::BadParams, where + ": the value is not valid UTF-8");
      h.value = *v;
    } else if (pair[1].is_number_integer()) {
      std::string digits = pair[1].dump();
      h.value = PyStr(digits.begin(), digits.end());
      h.is_int = true;
    } else {
      throw Error(ErrorCode::BadParams,
                  where + ": the value must be a string or an integer; got " + pair[1].dump());
    }
    out.push_back(std::move(h));
  }
  return out;
}

json request_json(const BuiltRequest& r, const std::string& python) {
  json lines = json::array();
  for (const RequestLine& line : r.lines) {
    lines.push_back({{"text", latin1_to_utf8(line.bytes)}, {"origin", line.origin}});
  }
  return {{"python", python},
          {"host", r.host},
          {"target", r.target},
          {"bytes", latin1_to_utf8(r.bytes)},
          {"length", r.bytes.size()},
          {"headBytes", r.head_bytes},
          {"bodyBytes", r.body_bytes},
          {"chunked", r.chunked},
          {"chunkSizes", r.chunk_sizes},
          {"lines", lines}};
}

/// The typed message as bytes (UTF-8, or each character one byte), each lone LF made CRLF when asked.
std::string message_bytes(const Params& p, const std::string& name) {
  std::optional<PyStr> points = from_utf8(p.string(name));
  if (!points) throw Error(ErrorCode::BadParams, name + ": not valid UTF-8");
  std::string text = p.string(name);
  if (p.string("encoding") == "latin-1") {
    text.clear();
    for (std::size_t i = 0; i < points->size(); ++i) {
      if ((*points)[i] > 0xff) {
        throw Error(ErrorCode::BadParams, name + ": character " + std::to_string(i) +
                                              " is above U+00FF, so it is not one byte in latin-1");
      }
      text += static_cast<char>((*points)[i]);
    }
  }
  if (p.string("newlines") != "crlf") return text;
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  if (out.size() > max_response_bytes * 2) throw Error(ErrorCode::LimitExceeded, name + ": too long");
  return out;
}

json response_json(const ParsedResponse& r, const std::string& bytes, const std::string& python) {
  json out = {{"python", python},
              {"bytes", latin1_to_utf8(bytes)},
              {"length", bytes.size()},
              {"consumed", r.consumed},
              {"leftover", latin1_to_utf8(bytes.substr(r.consumed))},
              {"body", latin1_to_utf8(r.body)},
              {"bodyBytes", r.body.size()}};
  if (r.have_status) {
    out["version"] = latin1_to_utf8(r.version);
    out["status"] = r.status;
    out["reason"] = latin1_to_utf8(r.reason);
    out["interim"] = r.interim;
  }
  if (r.have_headers) {
    json headers = json::array();
    for (const auto& [k, v] : r.headers) headers.push_back({latin1_to_utf8(k), latin1_to_utf8(v)});
    out["headers"] = headers;
    out["framing"] = r.framing;
    if (!r.length.empty()) out["contentLength"] = r.length;
    json chunks = json::array();
    for (const ChunkInfo& c : r.chunks) {
      chunks.push_back({{"offset", c.offset}, {"line", latin1_to_utf8(c.size_line)}, {"size", c.size}});
    }
    out["chunks"] = chunks;
  }
  out["raised"] = r.raised ? json{{"type", r.raised->type}, {"message", r.raised->message}} : json(nullptr);
  out["waiting"] =
      r.waiting ? json{{"reading", r.waiting->reading}, {"have", r.waiting->have}, {"need", r.waiting->need}}
                : json(nullptr);
  return out;
}

std::vector<std::string> messages_param(const Params& p) {
  std::vector<std::string> messages = p.strings("messages");
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (messages[i].find('\n') != std::string::npos) {
      throw Error(ErrorCode::BadParams, "messages[" + std::to_string(i) + "]: one line each (no newline)");
    }
  }
  return messages;
}

NetworkSpec network_param(const Params& p) {
  NetworkSpec net;
  net.seed = static_cast<std::uint64_t>(p.integer("seed"));
  net.latency_ms = p.number("latencyMs");
  net.jitter_ms = p.number("jitterMs");
  net.loss = p.number("loss");
  net.gap_ms = p.number("gapMs");
  return net;
}

std::vector<ParamSpec> network_params(double loss, double gap, int seed) {
  return {{"latencyMs", ParamType::number, "one-way delay (ms)", 20, 0, 10000, {}},
          {"jitterMs", ParamType::number, "plus up to (ms) of random delay", 30, 0, 10000, {}},
          {"loss", ParamType::number, "probability a packet is lost (0-1)", loss, 0, 1, {}},
          {"gapMs", ParamType::number, "the client sends a message every (ms)", gap, 0, 10000, {}},
          {"seed", ParamType::integer, "seed of the network's randomness", seed, 0, 4294967295.0, {}}};
}

Framing framing_of(const std::string& name) {
  return name == "length" ? Framing::length : name == "delimiter" ? Framing::delimiter : Framing::none;
}

json tcp_json(const TcpResult& t, const std::vector<std::string>& messages) {
  json segments = json::array(), recvs = json::array(), received = json::array();
  for (const Segment& s : t.segments) {
    segments.push_back({{"offset", s.offset},
                        {"bytes", latin1_to_utf8(s.bytes)},
                        {"attempt", s.attempt},
                        {"sentMs", s.sent_ms},
                        {"arrivesMs", s.lost ? json(nullptr) : json(s.arrives_ms)},
                        {"lost", s.lost},
                        {"outOfOrder", s.out_of_order}});
  }
  for (const Recv& v : t.recvs) recvs.push_back({{"atMs", v.at_ms}, {"bytes", latin1_to_utf8(v.bytes)}});
  for (const std::string& m : t.received) received.push_back(latin1_to_utf8(m));
  return {{"stream", latin1_to_utf8(t.stream)},
          {"messageEnds", t.message_ends},
          {"segments", segments},
          {"recvs", recvs},
          {"received", received},
          {"intact", t.received == messages},
          {"delivered", t.delivered},
          {"deliveredBytes", t.delivered_bytes},
          {"closedMs", t.closed_ms}};
}

}  // namespace

}  // namespace llplay::network

namespace llplay {

/// The network lab: called by the register_labs() that CMake writes for each program (see llplay_lab).
void register_network_lab(Registry& r) {
  using namespace network;
  r.add_lab({"network", "Network"});

  r.add(
      {"http.request",
       "network",
       "A request, byte by byte",
       "The exact bytes http.client sends for a method, a URL, headers and a body: the request line, the "
       "Host "
       "and Accept-Encoding it adds, dict(headers) in order, Content-Length counted in bytes, CRLFs. Checked "
       "against CPython 3.10-3.13 capturing what HTTPConnection.request() writes to a socket.",
       {{"method", ParamType::string, "method", "POST", 0, 1000, {}},
        {"url",
         ParamType::string,
         "URL (http://host[:port]/path?query)",
         "http://localhost:8080/echo?lang=en",
         1,
         4096,
         {}},
        {"headers",
         ParamType::value,
         "headers: [[name, value], ...] (a later duplicate name replaces the value)",
         json::parse(R"([["Content-Type", "text/plain; charset=utf-8"], ["X-Request-Id", "1"],
                           ["X-Request-Id", "2"]])"),
         0,
         1024 * 1024,
         {}},
        {"body", ParamType::string, "body (text)", "", 0, max_body_bytes, {}},
        {"bodyType",
         ParamType::choice,
         "body is passed as",
         "auto",
         0,
         0,
         {"auto", "bytes", "str", "lines", "none"}},
        {"encodeChunked", ParamType::boolean, "encode_chunked=True", false, 0, 0, {}},
        python::param()},
       Needs::nothing,
       [](const Params& p, RunContext&) -> json {
         RequestInput in;
         in.method = text_param(p, "method");
         in.url = text_param(p, "url");
         in.headers = headers_param(p.value("headers"));
         in.body = text_param(p, "body");
         const std::string& kind = p.string("bodyType");
         in.body_kind = kind == "bytes"   ? BodyKind::bytes
                        : kind == "str"   ? BodyKind::str
                        : kind == "lines" ? BodyKind::lines
                        : kind == "none"  ? BodyKind::none
                        : in.body.empty() ? BodyKind::none
                                          : BodyKind::bytes;
         in.encode_chunked = p.boolean("encodeChunked");
         in.python_minor = python_minor(p);
         return request_json(build_request(in), p.string("python"));
       }});

  r.add(
      {"http.response",
       "network",
       "A response, read back",
       "What http.client's HTTPResponse makes of the bytes a server sends: the status line, the headers as "
       "the email parser reads them, and the body by Content-Length, by chunks, or until the server closes. "
       "Where the bytes run out it raises (the server closed) or waits (the connection stays open).",
       {{"response",
         ParamType::string,
         "response as text (UTF-8)",
         "HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Length: 53\n\nHello World!",
         0,
         max_response_bytes,
         {}},
        {"newlines", ParamType::choice, "line ends", "crlf", 0, 0, {"crlf", "as typed"}},
        {"encoding", ParamType::choice, "text to bytes", "utf-8", 0, 0, {"utf-8", "latin-1"}},
        {"connection",
         ParamType::choice,
         "after these bytes the server",
         "closes",
         0,
         0,
         {"closes", "stays open"}},
        {"method", ParamType::choice, "the request was", "GET", 0, 0, {"GET", "HEAD"}},
        python::param()},
       Needs::nothing,
       [](const Params& p, RunContext&) -> json {
         std::string bytes = message_bytes(p, "response");
         ParsedResponse parsed =
             parse_response(bytes, p.string("connection") == "stays open", p.string("method") == "HEAD");
         return response_json(parsed, bytes, p.string("python"));
       }});

  std::vector<ParamSpec> tcp_params = {
      {"messages",
       ParamType::string_list,
       "messages the client sends, one per line",
       json::array({"hello", "how are you?", "send me /index.html", "thanks, bye"}),
       1,
       1000,
       {}},
      {"framing", ParamType::choice, "the server reads", "none", 0, 0, {"none", "length", "delimiter"}},
      {"mss", ParamType::integer, "largest segment (bytes)", 8, 1, 65535, {}},
      {"bufsize", ParamType::integer, "recv(bufsize)", 1024, 1, 65536, {}}};
  for (ParamSpec& spec : network_params(0.1, 0, 1)) tcp_params.push_back(std::move(spec));
  r.add(
      {"tcp.stream", "network", "TCP is a stream, not messages",
       "A client sends messages; a seeded network cuts the byte stream into segments, delays them, loses "
       "some (TCP sends those again) and lets later ones overtake. The receiver's kernel puts the bytes "
       "back in order, and recv() returns whatever has arrived: where one message ends is not its business. "
       "A server that reads one recv() per message breaks; one that frames by length or by delimiter does "
       "not.",
       tcp_params, Needs::nothing, [](const Params& p, RunContext& ctx) -> json {
         std::vector<std::string> messages = messages_param(p);
         NetworkSpec net = network_param(p);
         net.mss = static_cast<int>(p.integer("mss"));
         auto bufsize = static_cast<std::size_t>(p.integer("bufsize"));
         Framing framing = framing_of(p.string("framing"));
         json out = tcp_json(simulate_tcp(messages, framing, net, bufsize, ctx), messages);
         out["framing"] = p.string("framing");
         out["sent"] = json::array();
         for (const std::string& m : messages) out["sent"].push_back(latin1_to_utf8(m));
         json compare = json::array();
         for (const char* name : {"none", "length", "delimiter"}) {  // the same network, each framing
           RunContext quiet;
           TcpResult t = simulate_tcp(messages, framing_of(name), net, bufsize, quiet);
           compare.push_back({{"framing", name},
                              {"intact", t.received == messages},
                              {"recvs", t.recvs.size()},
                              {"segments", t.segments.size()},
                              {"delivered", t.delivered}});
         }
         out["compare"] = compare;
         return out;
       }});

  std::vector<ParamSpec> udp_params = {
      {"messages",
       ParamType::string_list,
       "datagrams the client sends, one per line",
       json::array(
           {"pos 1", "pos 2", "pos 3", "pos 4", "pos 5", "pos 6", "pos 7", "pos 8", "pos 9", "pos 10"}),
       1,
       10000,
       {}},
      {"duplicate", ParamType::number, "probability the network duplicates one (0-1)", 0.1, 0, 1, {}},
      {"bufsize", ParamType::integer, "recvfrom(bufsize)", 1024, 1, 65536, {}}};
  for (ParamSpec& spec : network_params(0.2, 10, 4)) udp_params.push_back(std::move(spec));
  r.add(
      {"udp.datagrams", "network", "UDP: datagrams, lost and reordered",
       "The same messages as UDP datagrams: each one arrives whole or not at all, maybe twice, maybe after a "
       "later one, and nothing is sent again. Fine for news that the next message makes stale: a receiver "
       "that keeps only the newest position ends up right.",
       udp_params, Needs::nothing, [](const Params& p, RunContext&) -> json {
         std::vector<std::string> messages = messages_param(p);
         std::size_t total = 0;
         for (const std::string& m : messages) total += m.size();
         if (total > max_stream_bytes)
           throw Error(ErrorCode::LimitExceeded, "messages: more than 64 KiB in all");
         UdpResult u = simulate_udp(messages, network_param(p), p.number("duplicate"),
                                    static_cast<std::size_t>(p.integer("bufsize")));
         json received = json::array();
         for (const Datagram& d : u.received) {
           received.push_back({{"index", d.index},
                               {"sentMs", d.sent_ms},
                               {"arrivesMs", d.arrives_ms},
                               {"duplicate", d.duplicate},
                               {"outOfOrder", d.out_of_order},
                               {"truncated", d.truncated},
                               {"bytes", latin1_to_utf8(d.bytes)}});
         }
         json sent = json::array();
         for (const std::string& m : messages) sent.push_back(latin1_to_utf8(m));
         return {{"sent", sent}, {"received", received}, {"lost", u.lost}, {"latest", u.latest}};
       }});

  r.add({"server.loop",
         "network",
         "A server is a loop",
         "N simulated clients, each sending requests with pauses between them, against three servers: one "
         "that serves a connection at a time (like the series' raw server, kept open), a thread per client, "
         "and "
         "a select() event loop. Virtual time, the same clients for each: requests per second, latency "
         "percentiles and the timeline, and what one slow client does to the first.",
         {{"clients", ParamType::integer, "clients", 20, 1, 500, {}},
          {"requests", ParamType::integer, "requests per client", 5, 1, 200, {}},
          {"thinkMs", ParamType::number, "client pause between requests (ms, +-50%)", 100, 0, 60000, {}},
          {"cpuMs", ParamType::number, "CPU per request (ms)", 2, 0, 1000, {}},
          {"ioMs", ParamType::number, "waiting per request (ms: database, disk)", 20, 0, 60000, {}},
          {"slowThinkMs",
           ParamType::number,
           "client 0 pauses instead (ms; 0: no slow client)",
           2000,
           0,
           600000,
           {}},
          {"seed", ParamType::integer, "seed", 1, 0, 4294967295.0, {}}},
         Needs::nothing,
         [](const Params& p, RunContext& ctx) -> json {
           ServerSpec spec;
           spec.seed = static_cast<std::uint64_t>(p.integer("seed"));
           spec.clients = static_cast<int>(p.integer("clients"));
           spec.requests = static_cast<int>(p.integer("requests"));
           spec.think_ms = p.number("thinkMs");
           spec.cpu_ms = p.number("cpuMs");
           spec.io_ms = p.number("ioMs");
           spec.slow_think_ms = p.number("slowThinkMs");
           double total = static_cast<double>(spec.clients) * spec.requests;
           if (total > 20000)
             throw Error(ErrorCode::LimitExceeded, "clients x requests: at most 20,000 requests");
           if (total * std::ceil(spec.cpu_ms / 5) > 2e6) {
             throw Error(ErrorCode::LimitExceeded, "clients x requests x CPU: at most 2 million 5 ms slices");
           }
           constexpr int shown_clients = 40;
           json models = json::array();
           const std::pair<ServerModel, const char*> all[] = {{ServerModel::blocking, "blocking"},
                                                              {ServerModel::threads, "threads"},
                                                              {ServerModel::event_loop, "eventLoop"}};
           double from = 0;
           for (const auto& [model, name] : all) {
             RunContext part = ctx.part(from, from + 1.0 / 3);
             from += 1.0 / 3;
             ServerResult s = simulate_server(model, spec, part);
             json timeline = json::array();
             for (const Span& span : s.timeline) {
               if (span.client < shown_clients)
                 timeline.push_back({span.client, span.kind, span.from_ms, span.to_ms});
             }
             json row = {{"model", name},
                         {"requests", s.latencies_ms.size()},
                         {"endMs", s.end_ms},
                         {"requestsPerSecond",
                          s.end_ms > 0 ? static_cast<double>(s.latencies_ms.size()) / s.end_ms * 1000 : 0.0},
                         {"p50", percentile(s.latencies_ms, 50)},
                         {"p90", percentile(s.latencies_ms, 90)},
                         {"p99", percentile(s.latencies_ms, 99)},
                         {"max", percentile(s.latencies_ms, 100)},
                         {"threads", s.threads},
                         {"timeline", timeline},
                         {"timelineCut", s.timeline_cut}};
             models.push_back(row);
           }
           return {{"models", models}, {"shownClients", std::min(spec.clients, shown_clients)}};
         }});
}

}  // namespace llplay
