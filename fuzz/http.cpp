// The network lab's HTTP. The first byte of the first line picks what the rest is:
// - odd: a request for http.request: the lines are the method, the URL, then "name: value" headers up to an
//   empty line (a value of digits is sent as an int when the byte's bit 2 is set), then the body; bits 3-5
//   pick the body type and encode_chunked. It runs in each of 3.10-3.13.
// - even: the bytes a server sends, read by parse_response() as they are (closing and staying open, after
//   GET and HEAD), and through http.response with the line ends, encoding, connection and method the
//   byte's bits pick.
// A result, CPython's exception (ValueError, InvalidURL, IncompleteRead...) and BadParams/LimitExceeded
// are answers; Internal, any other exception, a crash or a hang is a finding.
#include "network/http.hpp"

#include <cstdint>
#include <string>

#include "error.hpp"
#include "fuzz.hpp"

namespace {

using namespace llplay;

void run(const char* id, const json& params, fuzz::Deadline& deadline) {
  RunContext ctx = deadline.start();
  Outcome o = registry().run(id, params, ctx);
  fuzz::check(o);
  (void)o.to_json().dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string_view next_line(std::string_view& rest) {
  std::size_t newline = rest.find('\n');
  std::string_view line = rest.substr(0, newline);
  rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::Deadline deadline(std::chrono::milliseconds(2000));
  auto [line, rest] = fuzz::first_line(data, size);
  unsigned flags = line.empty() ? 0 : static_cast<unsigned char>(line[0]);
  const char* python[] = {"3.10", "3.11", "3.12", "3.13"};

  if (flags & 1) {
    std::string_view text = rest;
    std::string method(next_line(text)), url(next_line(text));
    json headers = json::array();
    while (!text.empty()) {
      std::string_view header = next_line(text);
      if (header.empty()) break;
      std::size_t colon = header.find(':');
      std::string name(header.substr(0, colon));
      std::string value(colon == std::string_view::npos ? std::string_view() : header.substr(colon + 1));
      if (!value.empty() && value[0] == ' ') value.erase(0, 1);
      bool digits =
          !value.empty() && value.size() < 19 && value.find_first_not_of("0123456789") == std::string::npos;
      if (digits && (flags & 4))
        headers.push_back(json::array({name, std::stoll(value)}));
      else
        headers.push_back(json::array({name, value}));
    }
    const char* body_types[] = {"auto", "bytes", "str", "lines", "none", "auto", "bytes", "lines"};
    for (const char* version : python)
      run("http.request",
          json{{"method", method},
               {"url", url},
               {"headers", headers},
               {"body", std::string(text)},
               {"bodyType", body_types[(flags >> 3) & 7]},
               {"encodeChunked", (flags & 2) != 0},
               {"python", version}},
          deadline);
    return 0;
  }

  const std::string bytes(rest);
  for (bool stays_open : {false, true}) {
    for (bool head : {false, true}) {
      try {
        llplay::network::ParsedResponse r = llplay::network::parse_response(bytes, stays_open, head);
        if (r.consumed > bytes.size()) __builtin_trap();
      } catch (const Error& e) {
        if (e.code() == ErrorCode::Internal) __builtin_trap();
      }
    }
  }
  run("http.response",
      json{{"response", bytes},
           {"newlines", (flags & 2) ? "crlf" : "as typed"},
           {"encoding", (flags & 4) ? "latin-1" : "utf-8"},
           {"connection", (flags & 8) ? "stays open" : "closes"},
           {"method", (flags & 16) ? "HEAD" : "GET"},
           {"python", python[(flags >> 5) & 3]}},
      deadline);
  return 0;
}
