// The network lab's simulations, in virtual time and deterministic for a seed: a network that cuts a TCP
// stream into segments, UDP datagrams that are lost, duplicated and reordered, and servers as loops.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../run_context.hpp"

namespace llplay::network {

/// The simulated network between two hosts.
struct NetworkSpec {
  std::uint64_t seed = 1;
  int mss = 8;             ///< the largest segment, in bytes [1 - 65535]
  double latency_ms = 20;  ///< one-way delay [0 - 10000]
  double jitter_ms = 30;   ///< plus a uniform extra delay in [0, jitter): later segments can overtake
  double loss = 0.1;       ///< probability that one transmission is lost [0 - 1]
  double gap_ms = 0;       ///< the client writes message i at i * gap
};

// ---- TCP --------------------------------------------------------------------------------------------

/// How the receiving server finds the messages in the stream.
enum class Framing {
  none,       ///< one recv(bufsize) per message, as if each send arrived as one piece
  length,     ///< each message prefixed with its length (4 bytes, big-endian); read until complete
  delimiter,  ///< each message ends with '\n'; split the buffer at newlines
};

/// One transmission of a segment.
struct Segment {
  std::size_t offset = 0;  ///< of its first byte in the stream
  std::string bytes;
  int attempt = 1;  ///< 1, or the retransmission number + 1
  double sent_ms = 0;
  double arrives_ms = 0;  ///< when it arrives (meaningless when lost)
  bool lost = false;
  bool out_of_order = false;  ///< it arrived before an earlier part of the stream
};

/// What one recv() returned.
struct Recv {
  double at_ms = 0;
  std::string bytes;  ///< empty: the client closed (EOF)
};

struct TcpResult {
  std::string stream;                     ///< every byte the client wrote, framing included
  std::vector<std::size_t> message_ends;  ///< where each message's bytes end in the stream
  std::vector<Segment> segments;
  std::vector<Recv> recvs;
  std::vector<std::string> received;  ///< the messages as the server framed them
  bool delivered = true;              ///< false: the sender gave up (too many retransmissions)
  std::size_t delivered_bytes = 0;    ///< bytes the application received
  double closed_ms = 0;               ///< when the server saw EOF (or gave up)
};

/// The largest budgets of one run.
constexpr std::size_t max_stream_bytes = 64 * 1024;
constexpr std::size_t max_segments = 20000;
constexpr int max_retransmissions = 12;

/// Sends `messages` over the simulated TCP connection, framed as `framing`, and runs the server.
TcpResult simulate_tcp(const std::vector<std::string>& messages, Framing framing, const NetworkSpec& net,
                       std::size_t bufsize, RunContext& ctx);

// ---- UDP --------------------------------------------------------------------------------------------

/// One datagram as the receiver sees it.
struct Datagram {
  std::size_t index = 0;  ///< which message
  double sent_ms = 0;
  double arrives_ms = 0;
  bool duplicate = false;  ///< a second copy the network made
  bool out_of_order = false;
  bool truncated = false;  ///< longer than the recvfrom buffer: the rest is discarded
  std::string bytes;       ///< what recvfrom returned
};

struct UdpResult {
  std::vector<Datagram> received;   ///< in arrival order
  std::vector<std::size_t> lost;    ///< messages that never arrived
  std::vector<std::size_t> latest;  ///< the "latest wins" receiver: the messages it applied, in order
};

UdpResult simulate_udp(const std::vector<std::string>& messages, const NetworkSpec& net, double duplicate,
                       std::size_t bufsize);

// ---- servers ----------------------------------------------------------------------------------------

enum class ServerModel {
  blocking,    ///< accept one client and serve it until it disconnects, then the next
  threads,     ///< a thread per client: CPU shared in 5 ms slices (sys.getswitchinterval()), I/O overlaps
  event_loop,  ///< one thread, select(): each ready callback runs to completion, I/O overlaps
};

struct ServerSpec {
  std::uint64_t seed = 1;
  int clients = 20;          ///< [1 - 500]
  int requests = 5;          ///< per client [1 - 200]
  double think_ms = 100;     ///< a client's pause between a response and its next request (+-50%)
  double cpu_ms = 2;         ///< each request's CPU work (the interpreter holds the GIL)
  double io_ms = 20;         ///< each request's wait (a database, another service)
  double slow_think_ms = 0;  ///< > 0: client 0 pauses this long instead (a slow client)
};

/// One stretch of a client's timeline.
struct Span {
  int client = 0;
  std::string kind;  ///< "waiting" (sent, not served), "cpu", "io", "thinking"
  double from_ms = 0, to_ms = 0;
};

struct ServerResult {
  std::vector<double> latencies_ms;  ///< every request: sent -> response
  double end_ms = 0;                 ///< when the last response went out
  int threads = 1;
  std::vector<Span> timeline;
  bool timeline_cut = false;  ///< past the budget of spans
};

constexpr std::size_t max_spans = 20000;

ServerResult simulate_server(ServerModel model, const ServerSpec& spec, RunContext& ctx);

/// The p-th percentile (0-100) by linear interpolation between closest ranks (numpy's default).
double percentile(std::vector<double> values, double p);

}  // namespace llplay::network
