// HTTP/1.1 as bytes, exactly as CPython's http.client writes a request and reads a response.
#include "http.hpp"

#include <algorithm>

#include "../error.hpp"

namespace llplay::network {

namespace {

// ---- the request -------------------------------------------------------------------------------

std::string ascii_lower(const PyStr& s) {
  std::string out;
  for (char32_t c : s) {
    if (c >= 0x80) return std::string(1, '\x80');  // never one of the names http.client looks for
    out += static_cast<char>(c >= U'A' && c <= U'Z' ? c + 32 : c);
  }
  return out;
}

/// str.encode(codec) for "ascii" (limit 128) or "latin-1" (limit 256): the bytes, or the
/// UnicodeEncodeError CPython raises (first run of characters it cannot encode).
std::string encode_or_raise(const PyStr& s, char32_t limit, const std::string& custom_reason = "",
                            const std::string& name = "") {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] < limit) {
      out += static_cast<char>(s[i]);
      continue;
    }
    std::size_t end = i + 1;
    while (end < s.size() && s[end] >= limit) ++end;
    std::string codec = limit == 128 ? "ascii" : "latin-1";
    std::string reason = "ordinal not in range(" + std::to_string(limit) + ")";
    if (!custom_reason.empty()) {
      // http.client's _encode(): "%s (%.20r) is not valid Latin-1. Use %s.encode('utf-8') ..."
      std::string shown = py_repr(
          PyStr(s.begin() + static_cast<std::ptrdiff_t>(i), s.begin() + static_cast<std::ptrdiff_t>(end)));
      PyStr shown_points = *from_utf8(shown);
      if (shown_points.size() > 20) shown_points.resize(20);
      std::string title = name;
      if (!title.empty()) title[0] = static_cast<char>(title[0] - 32);
      reason = title + " (" + to_utf8(shown_points) + ") is not valid Latin-1. Use " + name +
               ".encode('utf-8') if you want to send it encoded in UTF-8.";
    }
    std::string message;
    if (end == i + 1) {
      std::string ch;
      char32_t c = s[i];
      const char* hex = "0123456789abcdef";
      int width = c <= 0xff ? 2 : c <= 0xffff ? 4 : 8;
      ch = width == 2 ? "\\x" : width == 4 ? "\\u" : "\\U";
      for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) ch += hex[(c >> shift) & 0xf];
      message = "'" + codec + "' codec can't encode character '" + ch + "' in position " + std::to_string(i) +
                ": " + reason;
    } else {
      message = "'" + codec + "' codec can't encode characters in position " + std::to_string(i) + "-" +
                std::to_string(end - 1) + ": " + reason;
    }
    throw Error(ErrorCode::UnicodeEncodeError, message);
  }
  return out;
}

/// The first code point in [\x00-\x20\x7f] (a URL or host), or in [\x00-\x1f] (a method), as CPython's
/// validators search.
std::optional<char32_t> first_control(const PyStr& s, bool url) {
  for (char32_t c : s) {
    if (c < 0x20 || (url && (c == 0x20 || c == 0x7f))) return c;
  }
  return std::nullopt;
}

/// _is_legal_header_name: rb'[^:\s][^:\r\n]*' must match the whole name.
bool legal_header_name(const std::string& name) {
  if (name.empty()) return false;
  auto c0 = name[0];
  if (c0 == ':' || c0 == ' ' || (c0 >= '\t' && c0 <= '\r')) return false;
  for (std::size_t i = 1; i < name.size(); ++i) {
    if (name[i] == ':' || name[i] == '\r' || name[i] == '\n') return false;
  }
  return true;
}

/// _is_illegal_header_value: rb'\n(?![ \t])|\r(?![ \t\n])' found anywhere.
bool illegal_header_value(const std::string& value) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    char next = i + 1 < value.size() ? value[i + 1] : '\0';
    bool at_end = i + 1 >= value.size();
    if (value[i] == '\n' && (at_end || (next != ' ' && next != '\t'))) return true;
    if (value[i] == '\r' && (at_end || (next != ' ' && next != '\t' && next != '\n'))) return true;
  }
  return false;
}

/// bytes.splitlines(keepends=True): lines end at \n, \r\n or \r.
std::vector<std::string> split_lines_keepends(const std::string& data) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data[i] == '\n' || data[i] == '\r') {
      if (data[i] == '\r' && i + 1 < data.size() && data[i + 1] == '\n') ++i;
      lines.push_back(data.substr(start, i + 1 - start));
      start = i + 1;
    }
  }
  if (start < data.size()) lines.push_back(data.substr(start));
  return lines;
}

std::string upper_hex(std::size_t n) {
  const char* hex = "0123456789ABCDEF";
  std::string out;
  do {
    out.insert(out.begin(), hex[n % 16]);
    n /= 16;
  } while (n != 0);
  return out;
}

}  // namespace

BuiltRequest build_request(const RequestInput& in) {
  BuiltRequest out;
  // The demo's own step: split http://host[:port]/path?query into HTTPConnection's host and the target.
  const PyStr& url = in.url;
  auto lower_prefix = ascii_lower(PyStr(url.substr(0, 7)));
  if (url.size() < 7 || lower_prefix != "http://") {
    std::string scheme = to_utf8(url.substr(0, url.find(U':')));
    throw Error(ErrorCode::BadParams,
                "url: must start with http:// (this lab speaks plain HTTP/1.1; got " +
                    (url.find(U':') == PyStr::npos ? std::string("no scheme") : "'" + scheme + ":'") + ")");
  }
  std::size_t end = url.find_first_of(U"/?#", 7);
  if (end == PyStr::npos) end = url.size();
  PyStr host = url.substr(7, end - 7), target = url.substr(end);
  out.host = to_utf8(host);
  out.target = to_utf8(target);

  // llplay:source http.request
  // HTTPConnection(host): _get_hostport, then _validate_host.
  std::string port = "80";
  std::size_t colon = host.rfind(U':'), bracket = host.rfind(U']');
  bool has_colon = colon != PyStr::npos && (bracket == PyStr::npos || colon > bracket);
  if (has_colon) {
    PyStr port_text = host.substr(colon + 1);
    if (std::optional<std::string> n = py_int10(port_text)) {
      port = *n;
    } else if (!port_text.empty()) {
      throw Error(ErrorCode::InvalidURL, "nonnumeric port: '" + to_utf8(port_text) + "'");
    }
    host = host.substr(0, colon);
  }
  if (!host.empty() && host.front() == U'[' && host.back() == U']') host = host.substr(1, host.size() - 2);
  if (std::optional<char32_t> bad = first_control(host, true)) {
    throw Error(ErrorCode::InvalidURL, "URL can't contain control characters. " + py_repr(host) +
                                           " (found at least " + py_repr(PyStr(1, *bad)) + ")");
  }

  // request(): which headers did the caller give? (names compared lower-cased)
  std::vector<std::pair<PyStr, const HeaderArg*>> dict;  // dict(headers): first place, last value
  for (const HeaderArg& h : in.headers) {
    auto it = std::find_if(dict.begin(), dict.end(), [&](const auto& e) { return e.first == h.name; });
    if (it == dict.end()) {
      dict.emplace_back(h.name, &h);
    } else {
      it->second = &h;
    }
  }
  auto given = [&](const char* name) {
    return std::any_of(dict.begin(), dict.end(), [&](const auto& e) { return ascii_lower(e.first) == name; });
  };
  auto emit = [&](std::string line, const char* origin) { out.lines.push_back({std::move(line), origin}); };

  // putrequest(): the method, the target, then Host and Accept-Encoding unless given.
  if (std::optional<char32_t> bad = first_control(in.method, false)) {
    throw Error(ErrorCode::ValueError, "method can't contain control characters. " + py_repr(in.method) +
                                           " (found at least " + py_repr(PyStr(1, *bad)) + ")");
  }
  PyStr path = target.empty() ? PyStr(U"/") : target;
  if (std::optional<char32_t> bad = first_control(path, true)) {
    throw Error(ErrorCode::InvalidURL, "URL can't contain control characters. " + py_repr(path) +
                                           " (found at least " + py_repr(PyStr(1, *bad)) + ")");
  }
  emit(encode_or_raise(in.method + U" " + path + U" HTTP/1.1", 128), "request line");
  if (!given("host")) {
    if (std::any_of(host.begin(), host.end(), [](char32_t c) { return c >= 0x80; })) {
      throw Error(ErrorCode::BadParams,
                  "url: the host must be ASCII here (http.client would IDNA-encode it; this demo does not)");
    }
    std::string host_enc = encode_or_raise(host, 128);
    bool ipv6 = host_enc.find(':') != std::string::npos;
    if (ipv6 && (in.python_minor < 13 || host_enc.front() != '[')) host_enc = "[" + host_enc + "]";
    if (ipv6 && in.python_minor >= 11) {  // _strip_ipv6_iface: drop the zone (%eth0), keep the ']'
      std::size_t percent = host_enc.find('%');
      if (percent != std::string::npos) host_enc = host_enc.substr(0, percent) + "]";
    }
    emit("Host: " + (port == "80" ? host_enc : host_enc + ":" + port), "http.client");
  }
  if (!given("accept-encoding")) emit("Accept-Encoding: identity", "http.client");

  // Content-Length (or chunked), unless the caller gave either header.
  bool encode_chunked = in.encode_chunked;
  if (!given("content-length")) {
    if (!given("transfer-encoding")) {
      encode_chunked = false;
      std::optional<std::size_t> length;
      if (in.body_kind == BodyKind::none) {
        std::string upper = ascii_lower(in.method);
        for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
        if (upper == "PATCH" || upper == "POST" || upper == "PUT") length = 0;
      } else if (in.body_kind == BodyKind::bytes) {
        length = to_utf8(in.body).size();  // len(body.encode("utf-8")): bytes, not characters
      } else if (in.body_kind == BodyKind::str) {
        length = in.body.size();  // len(body): characters
      }
      if (!length && in.body_kind != BodyKind::none) {
        encode_chunked = true;  // an iterable: its length is unknown
        emit("Transfer-Encoding: chunked", "http.client");
      } else if (length) {
        emit("Content-Length: " + std::to_string(*length), "http.client");
      }
    }
  } else {
    encode_chunked = false;
  }

  // putheader() for each of dict(headers), in order: names ASCII, values latin-1 (or an int).
  for (const auto& [name, h] : dict) {
    std::string name_bytes = encode_or_raise(name, 128);
    if (!legal_header_name(name_bytes)) {
      throw Error(ErrorCode::ValueError, "Invalid header name " + py_bytes_repr(name_bytes));
    }
    std::string value = h->is_int ? to_utf8(h->value) : encode_or_raise(h->value, 256);
    if (illegal_header_value(value)) {
      throw Error(ErrorCode::ValueError, "Invalid header value " + py_bytes_repr(value));
    }
    emit(name_bytes + ": " + value, "headers");
  }

  // The body as bytes: a str is encoded as latin-1 by http.client itself.
  std::vector<std::string> chunks;
  if (in.body_kind == BodyKind::bytes) {
    chunks.push_back(to_utf8(in.body));
  } else if (in.body_kind == BodyKind::str) {
    chunks.push_back(encode_or_raise(in.body, 256, "custom", "body"));
  } else if (in.body_kind == BodyKind::lines) {
    chunks = split_lines_keepends(to_utf8(in.body));
  }

  // endheaders(): the head, a blank line, then each non-empty chunk (framed when chunked).
  for (const RequestLine& line : out.lines) out.bytes += line.bytes + "\r\n";
  out.bytes += "\r\n";
  out.head_bytes = out.bytes.size();
  for (const std::string& chunk : chunks) {
    if (chunk.empty()) continue;  // "Zero length chunk ignored"
    if (encode_chunked) {
      out.bytes += upper_hex(chunk.size()) + "\r\n" + chunk + "\r\n";
      out.chunk_sizes.push_back(chunk.size());
    } else {
      out.bytes += chunk;
    }
  }
  if (encode_chunked && in.body_kind != BodyKind::none) out.bytes += "0\r\n\r\n";
  // llplay:end
  out.chunked = encode_chunked && in.body_kind != BodyKind::none;
  out.body_bytes = out.bytes.size() - out.head_bytes;
  return out;
}

// ---- the response ------------------------------------------------------------------------------

namespace {

constexpr std::size_t max_line = 65536;   // http.client._MAXLINE
constexpr std::size_t max_headers = 100;  // http.client._MAXHEADERS

/// What a reader on the connection meets when the bytes run out and the server has not closed.
struct Blocked {
  Waiting waiting;
};

/// Raised from inside the reader: the Python exception, by class name.
struct PyRaise {
  Raised raised;
};

/// The connection as a file: readline and read, at EOF (closes) or blocking (stays open).
struct Connection {
  const std::string& data;
  bool stays_open;
  std::size_t pos = 0;

  std::string readline(std::size_t limit, const char* what) {
    std::size_t end = pos;
    while (end < data.size() && end - pos < limit && data[end] != '\n') ++end;
    bool complete = end < data.size() && end - pos < limit;  // stopped at a newline
    if (complete) ++end;
    if (!complete && end - pos < limit && stays_open) {
      throw Blocked{{what, std::to_string(end - pos), ""}};
    }
    std::string line = data.substr(pos, end - pos);
    pos = end;
    return line;
  }
  /// read(n) for n >= 0; read() (everything up to EOF) for n < 0.
  std::string read(std::int64_t n, const char* what) {
    std::size_t left = data.size() - pos;
    if (n < 0 || static_cast<std::uint64_t>(n) > left) {
      if (stays_open) {
        throw Blocked({what, std::to_string(left),
                       n < 0 ? std::string() : std::to_string(static_cast<std::uint64_t>(n) - left)});
      }
      n = static_cast<std::int64_t>(left);
    }
    std::string out = data.substr(pos, static_cast<std::size_t>(n));
    pos += static_cast<std::size_t>(n);
    return out;
  }
};

[[noreturn]] void raise(const char* type, const std::string& message) { throw PyRaise{{type, message}}; }

void line_too_long(const char* what) {
  raise("LineTooLong", "got more than " + std::to_string(max_line) + " bytes when reading " + what);
}

/// http.client._read_headers: lines up to and including the blank one (or EOF).
std::vector<std::string> read_header_lines(Connection& conn) {
  std::vector<std::string> lines;
  while (true) {
    std::string line = conn.readline(max_line + 1, "header line");
    if (line.size() > max_line) line_too_long("header line");
    lines.push_back(line);
    if (lines.size() > max_headers) raise("HTTPException", "got more than 100 headers");
    if (line == "\r\n" || line == "\n" || line.empty()) break;
  }
  return lines;
}

/// str.split(None, maxsplit) on latin-1 text.
std::vector<std::string> split_whitespace(const std::string& s, int maxsplit) {
  auto space = [](char c) { return is_py_space(static_cast<unsigned char>(c)); };
  std::vector<std::string> parts;
  std::size_t i = 0, n = s.size();
  while (maxsplit-- > 0) {
    while (i < n && space(s[i])) ++i;
    if (i == n) break;
    std::size_t j = i;
    while (i < n && !space(s[i])) ++i;
    parts.push_back(s.substr(j, i - j));
  }
  if (i < n) {
    while (i < n && space(s[i])) ++i;
    if (i != n) parts.push_back(s.substr(i));
  }
  return parts;
}

std::string py_strip(const std::string& s) {
  auto space = [](char c) { return is_py_space(static_cast<unsigned char>(c)); };
  std::size_t a = 0, b = s.size();
  while (a < b && space(s[a])) ++a;
  while (b > a && space(s[b - 1])) --b;
  return s.substr(a, b - a);
}

PyStr latin1_points(const std::string& s) {
  PyStr out;
  for (char c : s) out += static_cast<char32_t>(static_cast<unsigned char>(c));
  return out;
}

/// HTTPResponse._read_status.
void read_status(Connection& conn, std::string& version, int& status, std::string& reason) {
  std::string line = conn.readline(max_line + 1, "status line");
  if (line.size() > max_line) line_too_long("status line");
  if (line.empty()) raise("RemoteDisconnected", "Remote end closed connection without response");
  std::vector<std::string> parts = split_whitespace(line, 2);
  std::string status_text;
  reason.clear();
  if (parts.size() == 3) {
    version = parts[0], status_text = parts[1], reason = parts[2];
  } else {
    parts = split_whitespace(line, 1);
    if (parts.size() == 2) {
      version = parts[0], status_text = parts[1];
    } else {
      version.clear();
    }
  }
  if (version.rfind("HTTP/", 0) != 0) raise("BadStatusLine", latin1_to_utf8(line));
  std::optional<std::string> n = py_int10(latin1_points(status_text));
  if (!n || (*n)[0] == '-' || n->size() > 3 || std::stoi(*n) < 100)
    raise("BadStatusLine", latin1_to_utf8(line));
  status = std::stoi(*n);
}

/// email.feedparser's header lines and compat32's header_source_parse: what HTTPMessage.items() gives.
std::vector<std::pair<std::string, std::string>> parse_header_block(const std::vector<std::string>& raw) {
  std::string text;
  for (const std::string& line : raw) text += line;
  // Lines end at \r\n, \r or \n (the parser's universal newlines).
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' || text[i] == '\n') {
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      lines.push_back(text.substr(start, i + 1 - start));
      start = i + 1;
    }
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  // headerRE = r'^(From |[\041-\071\073-\176]*:|[\t ])': the header block ends at the first other line.
  std::vector<std::string> block;
  for (const std::string& line : lines) {
    bool match = line.rfind("From ", 0) == 0 || line[0] == '\t' || line[0] == ' ';
    if (!match) {
      std::size_t k = 0;
      while (k < line.size() && line[k] >= '\041' && line[k] <= '\176' && line[k] != ':') ++k;
      match = k < line.size() && line[k] == ':';
    }
    if (!match) break;
    block.push_back(line);
  }
  // _parse_headers: continuation lines join the header before them.
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::string> current;
  auto flush = [&] {
    if (current.empty()) return;
    std::size_t colon = current[0].find(':');
    std::string value = current[0].substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t") == std::string::npos ? value.size()
                                                                       : value.find_first_not_of(" \t"));
    for (std::size_t k = 1; k < current.size(); ++k) value += current[k];
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    headers.emplace_back(current[0].substr(0, colon), value);
    current.clear();
  };
  for (std::size_t n = 0; n < block.size(); ++n) {
    const std::string& line = block[n];
    if (line[0] == ' ' || line[0] == '\t') {
      if (!current.empty()) current.push_back(line);  // else FirstHeaderLineIsContinuationDefect: dropped
      continue;
    }
    flush();
    if (line.rfind("From ", 0) == 0) {
      if (n + 1 == block.size() && n != 0) break;  // a unix-from at the end: taken as the body's first line
      continue;                                    // the envelope line, or a misplaced one: not a header
    }
    if (line[0] == ':') continue;  // InvalidHeaderDefect("Missing header name."): dropped
    current.push_back(line);
  }
  flush();
  return headers;
}

/// HTTPMessage.get(name): the first header of that name, any case.
const std::string* get_header(const std::vector<std::pair<std::string, std::string>>& headers,
                              const std::string& name) {
  for (const auto& [k, v] : headers) {
    std::string lower = k;
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (lower == name) return &v;
  }
  return nullptr;
}

std::string incomplete_read(std::size_t have, const std::string& expected) {
  return "IncompleteRead(" + std::to_string(have) + " bytes read" +
         (expected.empty() ? std::string() : ", " + expected + " more expected") + ")";
}

}  // namespace

ParsedResponse parse_response(const std::string& bytes, bool stays_open, bool head) {
  ParsedResponse r;
  Connection conn{bytes, stays_open};
  std::string body;
  try {
    // llplay:source http.response
    // begin(): the status line (skipping 100 Continue responses), then the headers.
    while (true) {
      read_status(conn, r.version, r.status, r.reason);
      if (r.status != 100) break;
      read_header_lines(conn);
      ++r.interim;
    }
    r.have_status = true;
    r.reason = py_strip(r.reason);
    if (r.version != "HTTP/1.0" && r.version != "HTTP/0.9" && r.version.rfind("HTTP/1.", 0) != 0) {
      raise("UnknownProtocol", latin1_to_utf8(r.version));
    }
    r.headers = parse_header_block(read_header_lines(conn));
    r.have_headers = true;
    const std::string* te = get_header(r.headers, "transfer-encoding");
    std::string te_lower = te ? *te : "";
    for (char& c : te_lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    bool chunked = te_lower == "chunked";
    std::optional<std::string> length;  // decimal, non-negative
    const std::string* cl = get_header(r.headers, "content-length");
    if (cl && !cl->empty() && !chunked) {
      std::optional<std::string> n = py_int10(latin1_points(*cl));
      if (n && (*n)[0] != '-') length = *n;  // nonsense and negative lengths are ignored
    }
    bool no_body = r.status == 204 || r.status == 304 || r.status < 200 || head;
    if (no_body) length = "0";

    // read(): by chunks, by Content-Length, or everything until the server closes.
    if (head) {
      r.framing = "none";  // read() returns b"" at once: the headers describe a body that is not sent
    } else if (chunked) {
      r.framing = "chunked";
      std::optional<std::int64_t> chunk_left;  // None before the first size line
      try {
        while (true) {
          if (chunk_left) {
            std::string crlf = conn.read(2, "chunk end");  // the CRLF after a chunk: read, not checked
            if (crlf.size() < 2)
              raise("IncompleteRead", incomplete_read(crlf.size(), std::to_string(2 - crlf.size())));
          }
          std::size_t at = conn.pos;
          std::string line = conn.readline(max_line + 1, "chunk size");
          if (line.size() > max_line) line_too_long("chunk size");
          std::string size_text = line.substr(0, line.find(';'));  // chunk extensions dropped
          bool overflow = false;
          std::optional<std::int64_t> size = py_int16_bytes(size_text, overflow);
          if (!size) raise("IncompleteRead", incomplete_read(0, ""));
          if (overflow) raise("OverflowError", "cannot fit 'int' into an index-sized integer");
          r.chunks.push_back({at, line, *size});
          if (*size == 0) {  // the last chunk: discard the trailer
            while (true) {
              std::string trailer = conn.readline(max_line + 1, "trailer");
              if (trailer.size() > max_line) line_too_long("trailer line");
              if (trailer.empty() || trailer == "\r\n" || trailer == "\n") break;
            }
            break;
          }
          std::string data = conn.read(*size, "body");  // a negative size reads to the end
          if (*size >= 0 && data.size() < static_cast<std::uint64_t>(*size)) {
            raise("IncompleteRead",
                  incomplete_read(data.size(),
                                  std::to_string(static_cast<std::uint64_t>(*size) - data.size())));
          }
          body += data;
          chunk_left = 0;
        }
      } catch (const PyRaise& e) {
        if (e.raised.type != "IncompleteRead") throw;
        raise("IncompleteRead", incomplete_read(body.size(), ""));  // re-raised with the chunks so far
      }
    } else if (length) {
      r.framing = no_body ? "none" : "content-length";
      r.length = *length;
      if (compare_decimal(*length, "9223372036854775807") > 0) {  // read(n) takes a Py_ssize_t
        raise("OverflowError", "cannot fit 'int' into an index-sized integer");
      }
      std::size_t left = bytes.size() - conn.pos;
      if (compare_decimal(*length, std::to_string(left)) > 0) {
        if (stays_open) throw Blocked{{"body", std::to_string(left), subtract_decimal(*length, left)}};
        body = conn.read(-1, "body");
        raise("IncompleteRead", incomplete_read(body.size(), subtract_decimal(*length, body.size())));
      }
      body = conn.read(static_cast<std::int64_t>(std::stoull(*length)), "body");
    } else {
      r.framing = "until close";
      body = conn.read(-1, "body until the server closes");
    }
    // llplay:end
  } catch (const PyRaise& e) {
    r.raised = e.raised;
  } catch (const Blocked& b) {
    r.waiting = b.waiting;
  }
  r.body = body;
  r.consumed = conn.pos;
  return r;
}

}  // namespace llplay::network
