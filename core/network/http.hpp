// HTTP/1.1 as bytes: the request CPython's http.client writes, and the response it reads back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pytext.hpp"

namespace llplay::network {

/// What the request's body is in Python.
enum class BodyKind {
  none,   ///< body=None
  bytes,  ///< body=text.encode("utf-8"): Content-Length counts UTF-8 bytes
  str,    ///< body=text: Content-Length counts characters, the bytes are latin-1 (or UnicodeEncodeError)
  lines,  ///< body=(line for line in text.encode("utf-8").splitlines(keepends=True)): an iterable, so chunked
};

/// One entry of the `headers` list: a name and a str value, or an int value (sent as str(value)).
struct HeaderArg {
  PyStr name;
  PyStr value;
  bool is_int = false;
};

/// http.client.HTTPConnection(host).request(method, target, body, dict(headers), encode_chunked=...).
struct RequestInput {
  PyStr method;
  PyStr url;  ///< http://host[:port]/path?query: host is everything up to the first '/', '?' or '#'
  std::vector<HeaderArg> headers;
  PyStr body;
  BodyKind body_kind = BodyKind::bytes;
  bool encode_chunked = false;
  int python_minor = 13;  ///< 10..13: 3.10 keeps an IPv6 zone (%eth0) in Host; 3.13 wraps [..] only once
};

/// One line of the request head, and who put it there.
struct RequestLine {
  std::string bytes;   ///< without its CRLF
  std::string origin;  ///< "request line", "http.client" (Host, Accept-Encoding, Content-Length,
                       ///< Transfer-Encoding), or "headers" (yours, in dict order)
};

/// The request as http.client sends it.
struct BuiltRequest {
  std::string host;    ///< the HTTPConnection argument (UTF-8)
  std::string target;  ///< the request target passed to request() (UTF-8)
  std::string bytes;   ///< every byte sent, head and body
  std::size_t head_bytes = 0;
  std::vector<RequestLine> lines;
  std::vector<std::size_t> chunk_sizes;  ///< data chunks, when the body is sent chunked
  bool chunked = false;
  std::size_t body_bytes = 0;  ///< the body as sent (with the chunk framing, when chunked)
};

/// Builds the request, or throws Error with the class name of what CPython raises (ValueError,
/// InvalidURL, UnicodeEncodeError) and its message; BadParams for a URL this demo does not take.
BuiltRequest build_request(const RequestInput& in);

/// What a Python exception looked like: its class name and str().
struct Raised {
  std::string type;
  std::string message;  ///< UTF-8
};

/// Where a reader on a connection that stays open is blocked.
struct Waiting {
  std::string reading;  ///< "status line", "header line", "body", "chunk size", "chunk end", "trailer"
  std::string have;     ///< bytes it has of what it is reading (decimal)
  std::string need;     ///< bytes it still needs, or "" when it waits for a newline or for the close
};

/// One chunk of a chunked body.
struct ChunkInfo {
  std::size_t offset = 0;  ///< of its size line
  std::string size_line;   ///< as sent (latin-1)
  std::int64_t size = 0;   ///< int(line, 16); negative sizes read to the end, as CPython does
};

/// http.client.HTTPResponse(sock).begin() then .read() on `bytes`.
struct ParsedResponse {
  bool have_status = false;
  std::string version, reason;  ///< latin-1
  int status = 0;
  int interim = 0;  ///< 100 Continue responses skipped
  bool have_headers = false;
  std::vector<std::pair<std::string, std::string>> headers;  ///< getheaders(), latin-1
  std::string framing;  ///< "chunked", "content-length", "until close", "none" (1xx, 204, 304, HEAD)
  std::string length;   ///< the Content-Length it used (decimal), for "content-length"
  std::vector<ChunkInfo> chunks;
  std::string body;  ///< what read() returned, or the partial read of IncompleteRead
  std::optional<Raised> raised;
  std::optional<Waiting> waiting;  ///< only when the connection stays open
  std::size_t consumed = 0;        ///< bytes the reader took from the connection
};

/// Parses a response as CPython's HTTPResponse does. `stays_open`: when the bytes run out the server
/// still holds the connection, so the reader waits (and `waiting` says for what) instead of seeing EOF.
/// `head`: the response to a HEAD request, which has no body whatever its headers say.
ParsedResponse parse_response(const std::string& bytes, bool stays_open, bool head = false);

}  // namespace llplay::network
