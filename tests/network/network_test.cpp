// The network lab, natively and in both wasm builds: http.client's request bytes and response reading on
// cases checked against CPython (tests/network/http_test.py checks thousands more), the simulations'
// determinism and lessons, and every budget and bad input as a coded error.
#include <gtest/gtest.h>

#include "network/http.hpp"
#include "network/pytext.hpp"
#include "network/simulate.hpp"
#include "registry.hpp"

namespace llplay::network {
namespace {

Outcome run(const std::string& id, const json& params) {
  RunContext ctx;
  return registry().run(id, params, ctx);
}

RequestInput request(const char32_t* method, const char32_t* url) {
  RequestInput in;
  in.method = method;
  in.url = url;
  in.body_kind = BodyKind::none;
  return in;
}

TEST(network_test, the_series_request_as_http_client_writes_it) {
  RequestInput in = request(U"GET", U"http://www.google.com/");
  in.headers = {{U"User-Agent", U"Mozilla/5.0"}, {U"Accept", U"text/html"}};
  EXPECT_EQ(
      build_request(in).bytes,
      "GET / HTTP/1.1\r\nHost: www.google.com\r\nAccept-Encoding: identity\r\nUser-Agent: Mozilla/5.0\r\n"
      "Accept: text/html\r\n\r\n");
}

TEST(network_test, content_length_counts_utf8_bytes_and_a_str_counts_characters) {
  RequestInput in = request(U"POST", U"http://h:8080/x");
  in.body = U"Gr\u00fc\u00dfe";
  in.body_kind = BodyKind::bytes;
  BuiltRequest r = build_request(in);
  EXPECT_EQ(r.lines[3].bytes, "Content-Length: 7");
  EXPECT_EQ(r.lines[1].bytes, "Host: h:8080");
  in.body_kind = BodyKind::str;
  r = build_request(in);
  EXPECT_EQ(r.lines[3].bytes, "Content-Length: 5");
  EXPECT_EQ(r.bytes.substr(r.head_bytes),
            "Gr\xfc\xdf"
            "e");
  in.body = U"5 \u20ac";
  try {
    build_request(in);
    FAIL() << "a euro sign is not latin-1";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::UnicodeEncodeError);
    EXPECT_STREQ(
        e.what(),
        "'latin-1' codec can't encode character '\\u20ac' in position 2: Body ('\xe2\x82\xac') is not "
        "valid Latin-1. Use body.encode('utf-8') if you want to send it encoded in UTF-8.");
  }
}

TEST(network_test, header_injection_and_bad_names_raise_as_http_client_does) {
  RequestInput in = request(U"GET", U"http://h/");
  in.headers = {{U"X-A", U"1\r\nEvil: yes"}};
  try {
    build_request(in);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::ValueError);
    EXPECT_STREQ(e.what(), "Invalid header value b'1\\r\\nEvil: yes'");
  }
  in.headers = {{U"X-A", U"folded\r\n continued"}};  // allowed: obsolete line folding
  EXPECT_NE(build_request(in).bytes.find("X-A: folded\r\n continued\r\n"), std::string::npos);
  in.headers = {{U"X Y", U"1"}};  // a space inside a name is allowed; a leading one is not
  EXPECT_NO_THROW(build_request(in));
  in.headers = {{U" X", U"1"}};
  EXPECT_THROW(build_request(in), Error);
  in = request(U"GET", U"http://h/a b");
  try {
    build_request(in);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidURL);
    EXPECT_STREQ(e.what(), "URL can't contain control characters. '/a b' (found at least ' ')");
  }
}

TEST(network_test, dict_headers_keep_the_first_place_and_the_last_value) {
  RequestInput in = request(U"GET", U"http://h/");
  in.headers = {{U"X-A", U"1"}, {U"X-B", U"2"}, {U"X-A", U"3"}, {U"x-a", U"4"}, {U"host", U"other"}};
  EXPECT_EQ(
      build_request(in).bytes,
      "GET / HTTP/1.1\r\nAccept-Encoding: identity\r\nX-A: 3\r\nX-B: 2\r\nx-a: 4\r\nhost: other\r\n\r\n");
}

TEST(network_test, the_ipv6_zone_differs_by_version) {
  RequestInput in = request(U"GET", U"http://[fe80::1%eth0]/");
  in.python_minor = 10;
  EXPECT_EQ(build_request(in).lines[1].bytes, "Host: [fe80::1%eth0]");
  in.python_minor = 13;
  EXPECT_EQ(build_request(in).lines[1].bytes, "Host: [fe80::1]");
}

TEST(network_test, chunked_requests) {
  RequestInput in = request(U"POST", U"http://h/");
  in.body = U"a\nbc\n";
  in.body_kind = BodyKind::lines;
  EXPECT_EQ(build_request(in).bytes.substr(build_request(in).head_bytes),
            "2\r\na\n\r\n3\r\nbc\n\r\n0\r\n\r\n");
}

TEST(network_test, the_series_response_waits_or_raises) {
  std::string bytes = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 53\r\n\r\nHello World!";
  ParsedResponse closed = parse_response(bytes, false);
  ASSERT_TRUE(closed.raised);
  EXPECT_EQ(closed.raised->type, "IncompleteRead");
  EXPECT_EQ(closed.raised->message, "IncompleteRead(12 bytes read, 41 more expected)");
  EXPECT_EQ(closed.body, "Hello World!");
  ParsedResponse open = parse_response(bytes, true);
  ASSERT_TRUE(open.waiting);
  EXPECT_EQ(open.waiting->need, "41");
  ParsedResponse head = parse_response(bytes, false, true);  // HEAD: no body, the rest is the next response
  EXPECT_FALSE(head.raised);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.consumed, 64u);
  ParsedResponse cut = parse_response("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHello World!", false);
  EXPECT_EQ(cut.body, "Hello");
  EXPECT_EQ(cut.consumed, 43u);
}

TEST(network_test, chunked_responses_cut_at_every_byte_never_crash) {
  std::string full =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\nHello\r\n7\r\n World!\r\n0\r\nT: "
      "1\r\n\r\n";
  ParsedResponse whole = parse_response(full, false);
  EXPECT_FALSE(whole.raised);
  EXPECT_EQ(whole.body, "Hello World!");
  for (std::size_t i = 0; i < full.size(); ++i) {
    ParsedResponse closed = parse_response(full.substr(0, i), false);
    ParsedResponse open = parse_response(full.substr(0, i), true);
    // Once the head is whole, a cut raises IncompleteRead until the size line "0" has arrived. Every cut is
    // compared with CPython in tests/network/http_test.py.
    EXPECT_LE(closed.body.size(), 12u) << i;
    if (i >= 48) {
      EXPECT_EQ(closed.raised.has_value(), i < full.size() - 10) << i;
    }
    EXPECT_TRUE(open.waiting) << i;  // an open connection waits for the trailer's blank line
  }
}

TEST(network_test, python_ints_and_reprs) {
  EXPECT_EQ(py_int10(U" +0_80 "), "80");
  EXPECT_EQ(py_int10(U"\u0668\u0660"), "80");
  EXPECT_FALSE(
      py_int10(U"\x1c"
               U"80"));
  EXPECT_FALSE(py_int10(U"1__0"));
  bool overflow = false;
  EXPECT_EQ(py_int16_bytes("0x_1f\r\n", overflow), 31);
  EXPECT_FALSE(py_int16_bytes(std::string_view("5\0", 2), overflow));
  py_int16_bytes("ffffffffffffffff", overflow);
  EXPECT_TRUE(overflow);
  EXPECT_EQ(py_repr(U"it's"), "\"it's\"");
  EXPECT_EQ(py_bytes_repr("\x7f\n'\""), "b'\\x7f\\n\\'\"'");
}

TEST(network_test, tcp_framing_survives_the_network_and_one_recv_per_message_does_not) {
  std::vector<std::string> messages = {"hello", "how are you?", "send me /index.html", "thanks, bye"};
  NetworkSpec net;
  RunContext ctx;
  TcpResult naive = simulate_tcp(messages, Framing::none, net, 1024, ctx);
  EXPECT_NE(naive.received, messages);
  for (Framing f : {Framing::length, Framing::delimiter}) {
    for (std::uint64_t seed = 1; seed <= 50; ++seed) {
      net.seed = seed;
      TcpResult t = simulate_tcp(messages, f, net, 3, ctx);
      EXPECT_EQ(t.received, messages) << seed;
      TcpResult again = simulate_tcp(messages, f, net, 3, ctx);
      EXPECT_EQ(again.segments.size(), t.segments.size());
      EXPECT_EQ(again.recvs.size(), t.recvs.size());
    }
  }
  net.loss = 1;
  TcpResult dead = simulate_tcp(messages, Framing::length, net, 1024, ctx);
  EXPECT_FALSE(dead.delivered);
  EXPECT_TRUE(dead.received.empty());
}

TEST(network_test, a_seed_names_the_same_transcript_everywhere) {
  // The whole result, twice, and the same few facts natively and in wasm (this file runs in both).
  json params = {{"framing", "none"}, {"seed", 1}};
  Outcome a = run("tcp.stream", params), b = run("tcp.stream", params);
  ASSERT_TRUE(a.ok) << a.message;
  EXPECT_EQ(a.result.dump(), b.result.dump());
  EXPECT_EQ(a.result["segments"].size(), 11u);
  EXPECT_EQ(a.result["received"][0], "hellohow are you?sen");
  EXPECT_EQ(a.result["segments"][8]["lost"], true);
  EXPECT_EQ(a.result["segments"][9]["attempt"], 2);
  Outcome u = run("udp.datagrams", json::object()), v = run("udp.datagrams", json::object());
  EXPECT_EQ(u.result.dump(), v.result.dump());
  EXPECT_EQ(u.result["lost"].size(), 1u);
  Outcome s = run("server.loop", json::object()), t = run("server.loop", json::object());
  EXPECT_EQ(s.result.dump(), t.result.dump());
}

TEST(network_test, udp_loses_duplicates_and_reorders_and_latest_wins_ends_right) {
  std::vector<std::string> messages;
  for (int i = 0; i < 200; ++i) messages.push_back("pos " + std::to_string(i));
  NetworkSpec net;
  net.loss = 0.2;
  net.gap_ms = 5;
  UdpResult u = simulate_udp(messages, net, 0.1, 1024);
  EXPECT_FALSE(u.lost.empty());
  bool dup = false, reordered = false;
  for (const Datagram& d : u.received) dup = dup || d.duplicate, reordered = reordered || d.out_of_order;
  EXPECT_TRUE(dup && reordered);
  for (std::size_t i = 1; i < u.latest.size(); ++i) EXPECT_LT(u.latest[i - 1], u.latest[i]);
}

TEST(network_test, the_slow_client_blocks_everyone_only_in_the_blocking_server) {
  ServerSpec spec;
  spec.slow_think_ms = 2000;
  RunContext ctx;
  ServerResult blocking = simulate_server(ServerModel::blocking, spec, ctx);
  ServerResult loop = simulate_server(ServerModel::event_loop, spec, ctx);
  ServerResult threads = simulate_server(ServerModel::threads, spec, ctx);
  EXPECT_EQ(blocking.latencies_ms.size(), 100u);
  EXPECT_GT(percentile(blocking.latencies_ms, 90), 1000);
  EXPECT_LT(percentile(loop.latencies_ms, 99), 100);
  EXPECT_LT(percentile(threads.latencies_ms, 99), 100);
  EXPECT_EQ(threads.threads, 20);
  EXPECT_DOUBLE_EQ(percentile({1, 2, 3, 4}, 50), 2.5);
}

TEST(network_test, budgets_and_bad_input_are_coded_errors) {
  EXPECT_EQ(run("http.request", {{"url", "https://x/"}}).code, ErrorCode::BadParams);
  EXPECT_EQ(run("http.request", {{"headers", json::array({json::array({"a"})})}}).code, ErrorCode::BadParams);
  EXPECT_EQ(run("http.request", {{"method", "GE\nT"}}).code, ErrorCode::ValueError);
  EXPECT_EQ(run("http.request", {{"url", "http://h:x/"}}).code, ErrorCode::InvalidURL);
  EXPECT_EQ(run("http.request", {{"headers", json::array({json::array({"X", "\u20ac"})})}}).code,
            ErrorCode::UnicodeEncodeError);
  EXPECT_EQ(run("http.response", {{"response", "\xff"}}).code, ErrorCode::BadParams);
  // Found by the http fuzzer: a header name that is not UTF-8 was Internal (the registry's dump() threw).
  EXPECT_EQ(run("http.request", {{"headers", json::array({json::array({"Content\xb1", "1"})})}}).code,
            ErrorCode::BadParams);
  EXPECT_EQ(run("tcp.stream", {{"messages", json::array({std::string(70000, 'x')})}}).code,
            ErrorCode::LimitExceeded);
  EXPECT_EQ(run("tcp.stream", {{"mss", 1}, {"messages", json::array({std::string(30000, 'x')})}}).code,
            ErrorCode::LimitExceeded);
  EXPECT_EQ(run("server.loop", {{"clients", 500}, {"requests", 200}}).code, ErrorCode::LimitExceeded);
  Outcome lost = run("tcp.stream", {{"loss", 1}});
  ASSERT_TRUE(lost.ok);
  EXPECT_EQ(lost.result["delivered"], false);
  Outcome ok = run("http.request", json::object());
  ASSERT_TRUE(ok.ok) << ok.message;
  EXPECT_EQ(ok.result["python"], "3.13");
}

}  // namespace
}  // namespace llplay::network
