// The network lab's simulations: virtual time, one seeded generator, no real sockets.
#include "simulate.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <queue>
#include <tuple>

#include "../error.hpp"
#include "../splitmix.hpp"

namespace llplay::network {

namespace {

std::string framed_stream(const std::vector<std::string>& messages, Framing framing,
                          std::vector<std::size_t>& ends) {
  std::string stream;
  for (const std::string& m : messages) {
    if (framing == Framing::length) {
      auto n = static_cast<std::uint32_t>(m.size());
      for (int shift = 24; shift >= 0; shift -= 8) stream += static_cast<char>((n >> shift) & 0xff);
    }
    stream += m;
    if (framing == Framing::delimiter) stream += '\n';
    ends.push_back(stream.size());
    if (stream.size() > max_stream_bytes) {
      throw Error(ErrorCode::LimitExceeded, "messages: more than 64 KiB in all (with framing)");
    }
  }
  return stream;
}

}  // namespace

TcpResult simulate_tcp(const std::vector<std::string>& messages, Framing framing, const NetworkSpec& net,
                       std::size_t bufsize, RunContext& ctx) {
  TcpResult r;
  r.stream = framed_stream(messages, framing, r.message_ends);
  SplitMix64 rng{net.seed};
  const std::size_t n = r.stream.size();
  const double rto = std::max(200.0, 2 * (net.latency_ms + net.jitter_ms));  // Linux's minimum RTO is 200 ms
  double give_up_ms = -1;                                                    // the connection died then

  // llplay:source tcp.stream
  // The sender: the stream cut into segments of 1..MSS bytes, each sent when its bytes are written; a
  // lost transmission is sent again after the retransmission timeout, which doubles each time.
  auto written_at = [&](std::size_t offset) {  // message i is written at i * gap
    auto i = std::upper_bound(r.message_ends.begin(), r.message_ends.end(), offset) - r.message_ends.begin();
    return static_cast<double>(i) * net.gap_ms;
  };
  auto written_by = [&](double t) {  // the stream's bytes written by time t
    std::size_t count = r.message_ends.size();
    if (net.gap_ms > 0) count = std::min(count, static_cast<std::size_t>(std::floor(t / net.gap_ms)) + 1);
    return r.message_ends[count - 1];
  };
  double clock = 0;
  for (std::size_t offset = 0; offset < n;) {
    double start = std::max(clock, written_at(offset));
    std::size_t size = 1 + rng.below(static_cast<std::uint64_t>(net.mss));
    std::size_t end = std::min({n, offset + size, written_by(start)});  // only bytes already written
    double sent = start;
    for (int attempt = 1;; ++attempt) {
      Segment s{offset, r.stream.substr(offset, end - offset), attempt, sent, 0, false, false};
      s.lost = rng.uniform() < net.loss;
      s.arrives_ms = sent + net.latency_ms + rng.uniform() * net.jitter_ms;
      r.segments.push_back(s);
      if (r.segments.size() > max_segments) {
        throw Error(ErrorCode::LimitExceeded, "more than 20,000 segments: use fewer bytes or a larger MSS");
      }
      if (!s.lost) break;
      if (attempt > max_retransmissions) {  // TCP gives up and resets the connection
        give_up_ms = sent;
        break;
      }
      sent += rto * std::pow(2.0, attempt - 1);
    }
    if (give_up_ms >= 0) break;
    clock = start + 1;  // one segment per millisecond on the wire
    offset = end;
    ctx.checkpoint(static_cast<double>(offset) / static_cast<double>(n) * 0.5);
  }

  // The receiver's kernel: segments in arrival order, the stream reassembled in order. `ready` holds
  // (time, contiguous bytes available to recv()).
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < r.segments.size(); ++i) {
    const Segment& s = r.segments[i];
    if (!s.lost && (give_up_ms < 0 || s.arrives_ms <= give_up_ms)) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return r.segments[a].arrives_ms < r.segments[b].arrives_ms;
  });
  std::map<std::size_t, std::size_t> pending;  // offset -> end, out of order
  std::vector<std::pair<double, std::size_t>> ready;
  std::size_t next = 0;
  for (std::size_t i : order) {
    Segment& s = r.segments[i];
    if (s.offset > next) s.out_of_order = true;
    pending[s.offset] = std::max(pending[s.offset], s.offset + s.bytes.size());
    while (!pending.empty() && pending.begin()->first <= next) {
      next = std::max(next, pending.begin()->second);
      pending.erase(pending.begin());
    }
    if (next > (ready.empty() ? 0 : ready.back().second)) ready.emplace_back(s.arrives_ms, next);
  }
  r.delivered = next == n;

  // The server: recv(bufsize) blocks until at least one byte is there, then returns what is, up to
  // bufsize; b"" once the client has closed and everything is read.
  std::size_t read = 0;
  double now = 0;
  std::size_t k = 0;  // the first `ready` entry not yet known to the server
  auto recv = [&]() -> bool {
    while (k < ready.size() && ready[k].first <= now) ++k;
    std::size_t available = k > 0 ? ready[k - 1].second : 0;
    if (available <= read) {
      if (k == ready.size()) {  // nothing more will come: EOF, or the reset
        if (!r.delivered) return false;
        now = std::max(now, ready.empty() ? 0.0 : ready.back().first);
        r.recvs.push_back({now, ""});
        return true;
      }
      now = ready[k].first;
      while (k < ready.size() && ready[k].first <= now) ++k;
      available = ready[k - 1].second;
    }
    std::size_t take = std::min(bufsize, available - read);
    r.recvs.push_back({now, r.stream.substr(read, take)});
    read += take;
    return true;
  };
  std::string buffer;
  if (framing == Framing::none) {
    for (std::size_t i = 0; i < messages.size() && recv(); ++i) r.received.push_back(r.recvs.back().bytes);
  } else {
    while (recv() && !r.recvs.back().bytes.empty()) {
      buffer += r.recvs.back().bytes;
      while (true) {  // every whole message the buffer holds
        if (framing == Framing::length) {
          if (buffer.size() < 4) break;
          std::size_t len = 0;
          for (int b = 0; b < 4; ++b) len = (len << 8) | static_cast<unsigned char>(buffer[b]);
          if (buffer.size() < 4 + len) break;
          r.received.push_back(buffer.substr(4, len));
          buffer.erase(0, 4 + len);
        } else {
          std::size_t newline = buffer.find('\n');
          if (newline == std::string::npos) break;
          r.received.push_back(buffer.substr(0, newline));
          buffer.erase(0, newline + 1);
        }
      }
    }
  }
  // llplay:end
  r.delivered_bytes = read;
  r.closed_ms = r.delivered ? now : give_up_ms;
  return r;
}

UdpResult simulate_udp(const std::vector<std::string>& messages, const NetworkSpec& net, double duplicate,
                       std::size_t bufsize) {
  UdpResult r;
  SplitMix64 rng{net.seed};
  // llplay:source udp.datagrams
  // Each sendto() is one datagram: lost, or delivered once, or (sometimes) twice; never retransmitted.
  std::vector<Datagram> arrivals;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    double sent = static_cast<double>(i) * net.gap_ms;
    int copies = rng.uniform() < duplicate ? 2 : 1;
    for (int c = 0; c < copies; ++c) {
      bool lost = rng.uniform() < net.loss;
      double arrives = sent + net.latency_ms + rng.uniform() * net.jitter_ms;
      if (!lost) arrivals.push_back({i, sent, arrives, false, false, false, messages[i]});
    }
  }
  std::stable_sort(arrivals.begin(), arrivals.end(),
                   [](const Datagram& a, const Datagram& b) { return a.arrives_ms < b.arrives_ms; });
  // recvfrom(bufsize): one datagram per call, its boundaries kept; a longer one is cut and the rest lost.
  std::vector<bool> seen(messages.size(), false);
  std::size_t highest = 0;
  bool any = false;
  for (Datagram d : arrivals) {
    d.duplicate = seen[d.index];
    d.out_of_order = any && d.index < highest;
    d.truncated = d.bytes.size() > bufsize;
    if (d.truncated) d.bytes.resize(bufsize);
    if (!any || d.index > highest) r.latest.push_back(d.index);  // "latest wins": older news is dropped
    highest = any ? std::max(highest, d.index) : d.index;
    any = true;
    seen[d.index] = true;
    r.received.push_back(d);
  }
  // llplay:end
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (!seen[i]) r.lost.push_back(i);
  }
  return r;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  double rank = p / 100 * static_cast<double>(values.size() - 1);
  auto lo = static_cast<std::size_t>(std::floor(rank));
  std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (values[hi] - values[lo]) * (rank - static_cast<double>(lo));
}

namespace {

/// Adds a span, merged with the client's previous one when it continues it.
void add_span(ServerResult& r, std::vector<int>& last, int client, const char* kind, double from, double to) {
  if (to <= from) return;
  int& i = last[static_cast<std::size_t>(client)];
  if (i >= 0) {
    Span& prev = r.timeline[static_cast<std::size_t>(i)];
    if (prev.kind == kind && std::abs(prev.to_ms - from) < 1e-9) {
      prev.to_ms = to;
      return;
    }
  }
  if (r.timeline.size() >= max_spans) {
    r.timeline_cut = true;
    return;
  }
  r.timeline.push_back({client, kind, from, to});
  i = static_cast<int>(r.timeline.size()) - 1;
}

}  // namespace

ServerResult simulate_server(ServerModel model, const ServerSpec& spec, RunContext& ctx) {
  ServerResult r;
  const auto clients = static_cast<std::size_t>(spec.clients);
  SplitMix64 rng{spec.seed};
  // Every client's first request time and think times, drawn the same way for every model.
  std::vector<std::vector<double>> think(clients);
  std::vector<double> first(clients);
  for (std::size_t c = 0; c < clients; ++c) {
    double base = c == 0 && spec.slow_think_ms > 0 ? spec.slow_think_ms : spec.think_ms;
    first[c] = rng.uniform() * spec.think_ms;
    for (int q = 0; q < spec.requests; ++q) think[c].push_back(base * (0.5 + rng.uniform()));
  }
  std::vector<int> last(clients, -1);
  const std::size_t total = clients * static_cast<std::size_t>(spec.requests);
  std::size_t done = 0;

  // llplay:source server.loop
  if (model == ServerModel::blocking) {
    // while True: conn = accept(); serve every request of conn until it closes. One client at a time.
    std::vector<std::size_t> accept_order(clients);
    for (std::size_t c = 0; c < clients; ++c) accept_order[c] = c;
    std::stable_sort(accept_order.begin(), accept_order.end(),
                     [&](std::size_t a, std::size_t b) { return first[a] < first[b]; });
    double server = 0;
    for (std::size_t c : accept_order) {
      double sent = first[c];
      for (int q = 0; q < spec.requests; ++q) {
        double start = std::max(server, sent);  // recv() waits for the request; the queue waits for us
        double response = start + spec.cpu_ms + spec.io_ms;
        add_span(r, last, static_cast<int>(c), "waiting", sent, start);
        add_span(r, last, static_cast<int>(c), "cpu", start, start + spec.cpu_ms);
        add_span(r, last, static_cast<int>(c), "io", start + spec.cpu_ms, response);
        r.latencies_ms.push_back(response - sent);
        server = response;
        if (q + 1 < spec.requests) {
          add_span(r, last, static_cast<int>(c), "thinking", response, response + think[c][q]);
          sent = response + think[c][q];
        }
        ctx.checkpoint(static_cast<double>(++done) / static_cast<double>(total));
      }
    }
    r.end_ms = server;
  } else {
    // One CPU (the GIL): a thread runs 5 ms before the next waiting one gets its turn; an event loop runs
    // each callback to completion. Waiting for I/O costs no CPU in either, so it overlaps.
    const double quantum = model == ServerModel::threads ? 5.0 : 1e300;
    r.threads = model == ServerModel::threads ? spec.clients : 1;
    enum Kind { arrive, slice_end, io_done };
    using Event = std::tuple<double, std::uint64_t, int, std::size_t>;  // time, order, kind, client
    std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
    std::uint64_t order = 0;
    std::vector<double> sent(clients), remaining(clients), since(clients);
    std::vector<int> served(clients, 0);
    std::deque<std::size_t> ready;
    bool cpu_busy = false;
    for (std::size_t c = 0; c < clients; ++c) events.emplace(first[c], order++, arrive, c);
    auto dispatch = [&](double now) {
      if (cpu_busy || ready.empty()) return;
      std::size_t c = ready.front();
      ready.pop_front();
      add_span(r, last, static_cast<int>(c), "waiting", since[c], now);
      double slice = std::min(quantum, remaining[c]);
      add_span(r, last, static_cast<int>(c), "cpu", now, now + slice);
      events.emplace(now + slice, order++, slice_end, c);
      cpu_busy = true;
    };
    while (!events.empty()) {
      auto [now, seq, kind, c] = events.top();
      events.pop();
      if (kind == arrive) {
        sent[c] = now, remaining[c] = spec.cpu_ms, since[c] = now;
        ready.push_back(c);
      } else if (kind == slice_end) {
        cpu_busy = false;
        remaining[c] -= std::min(quantum, remaining[c]);
        if (remaining[c] > 1e-9) {
          since[c] = now;
          ready.push_back(c);  // preempted: to the back of the line
        } else {
          add_span(r, last, static_cast<int>(c), "io", now, now + spec.io_ms);
          events.emplace(now + spec.io_ms, order++, io_done, c);
        }
      } else {
        r.latencies_ms.push_back(now - sent[c]);
        r.end_ms = std::max(r.end_ms, now);
        if (++served[c] < spec.requests) {
          double next = now + think[c][static_cast<std::size_t>(served[c] - 1)];
          add_span(r, last, static_cast<int>(c), "thinking", now, next);
          events.emplace(next, order++, arrive, c);
        }
        ctx.checkpoint(static_cast<double>(++done) / static_cast<double>(total));
      }
      dispatch(now);
    }
  }
  // llplay:end
  return r;
}

}  // namespace llplay::network
