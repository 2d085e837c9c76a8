// Processes and pipes (POSIX). Not in wasm: a browser has no fork, so the page uses workers.
#include "processes.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>

#include "../error.hpp"
#include "../timing.hpp"

#ifndef __EMSCRIPTEN__
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#endif

namespace llplay::parallel {

#ifdef __EMSCRIPTEN__

namespace {
[[noreturn]] void page_runs_these() {
  throw Error(ErrorCode::Internal, "isolated workers are started by the page (web/labs/parallel/host.js)");
}
}  // namespace

IsolatedSum sum_in_processes(std::uint64_t, int, RunContext&) { page_runs_these(); }
Transfer transfer(std::size_t, RunContext&) { page_runs_these(); }
SpawnRow spawn_or_pool(int, int, std::uint64_t, RunContext&) { page_runs_these(); }

#else

namespace {

using timing::Clock;
using timing::ms_between;

[[noreturn]] void system_failed(const char* what) {
  throw Error(ErrorCode::Internal, std::string(what) + " failed: " + std::strerror(errno));
}

/// One child process with a pipe each way. The child runs `body(in, out)` and exits; destroying a
/// Child kills it if it is still running, so a cancelled run leaves no process behind.
class Child {
 public:
  template <class Body>
  explicit Child(Body body) {
    int down[2], up[2];
    if (pipe(down) != 0) system_failed("pipe");
    if (pipe(up) != 0) system_failed("pipe");
    pid_ = fork();
    if (pid_ < 0) system_failed("fork");
    if (pid_ == 0) {  // the child: its own copy of memory from here on
      close(down[1]), close(up[0]);
      body(down[0], up[1]);
      _exit(0);  // no destructors, no atexit: they belong to the parent
    }
    close(down[0]), close(up[1]);
    to_ = down[1], from_ = up[0];
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(to_), close(from_);
  }
  int to() const { return to_; }
  int from() const { return from_; }

 private:
  pid_t pid_ = -1;
  int to_ = -1, from_ = -1;
};

void write_all(int fd, const void* data, std::size_t n) {
  auto p = static_cast<const char*>(data);
  while (n > 0) {
    ssize_t k = write(fd, p, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) _exit(2);  // only children write without a RunContext; the parent uses send()
    p += k, n -= static_cast<std::size_t>(k);
  }
}

void read_all(int fd, void* data, std::size_t n) {
  auto p = static_cast<char*>(data);
  while (n > 0) {
    ssize_t k = read(fd, p, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) _exit(2);
    p += k, n -= static_cast<std::size_t>(k);
  }
}

/// The parent's side: reads or writes n bytes, waiting at most 20 ms at a time so that cancel works.
void move(int fd, char* data, std::size_t n, bool reading, RunContext& ctx) {
  while (n > 0) {
    pollfd p{fd, static_cast<short>(reading ? POLLIN : POLLOUT), 0};
    int ready = poll(&p, 1, 20);
    ctx.checkpoint(0);
    if (ready <= 0) continue;
    ssize_t k = reading ? read(fd, data, n) : write(fd, data, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) throw Error(ErrorCode::Internal, "a worker process ended early");
    data += k, n -= static_cast<std::size_t>(k);
  }
}
template <class T>
void receive(int fd, T& value, RunContext& ctx) {
  move(fd, reinterpret_cast<char*>(&value), sizeof value, true, ctx);
}
template <class T>
void send(int fd, const T& value, RunContext& ctx) {
  move(fd, const_cast<char*>(reinterpret_cast<const char*>(&value)), sizeof value, false, ctx);
}

struct Report {  // what a kernel worker sends back
  u128 sum;
  double started_ms, compute_ms;
};

/// A pooled kernel worker: reads {from, to} pairs until from > to, answers each with a Report.
void kernel_worker(int in, int out, Clock::time_point origin) {
  Report first{0, ms_between(origin, Clock::now()), 0};
  write_all(out, &first, sizeof first);
  for (;;) {
    std::uint64_t range[2];
    read_all(in, range, sizeof range);
    if (range[0] > range[1]) return;
    auto t0 = Clock::now();
    Report r{sum_of_squares(range[0], range[1]), 0, 0};
    r.compute_ms = ms_between(t0, Clock::now());
    write_all(out, &r, sizeof r);
  }
}

}  // namespace

IsolatedSum sum_in_processes(std::uint64_t n, int workers, RunContext& ctx) {
  IsolatedSum out;
  auto start = Clock::now();
  std::vector<std::unique_ptr<Child> > children;
  for (int k = 0; k < workers; ++k)
    children.push_back(std::make_unique<Child>([start](int in, int o) { kernel_worker(in, o, start); }));
  for (int k = 0; k < workers; ++k) {
    Report hello{};
    receive(children[static_cast<std::size_t>(k)]->from(), hello, ctx);
    out.start_ms = std::max(out.start_ms, hello.started_ms);
    std::uint64_t from = n / workers * k + std::min<std::uint64_t>(k, n % workers);
    std::uint64_t range[2] = {from,
                              from + n / workers + (static_cast<std::uint64_t>(k) < n % workers ? 1 : 0)};
    send(children[static_cast<std::size_t>(k)]->to(), range, ctx);
  }
  for (int k = 0; k < workers; ++k) {
    Report r{};
    receive(children[static_cast<std::size_t>(k)]->from(), r, ctx);
    out.sum += r.sum;
    out.worker_ms.push_back(r.compute_ms);
    ctx.checkpoint(static_cast<double>(k + 1) / workers);
  }
  out.ms = ms_between(start, Clock::now());
  return out;
}

Transfer transfer(std::size_t bytes, RunContext& ctx) {
  Transfer out;
  // Copy: the bytes go through a pipe into the child's own memory, and back.
  std::vector<char> data(bytes, 'x'), back(bytes);
  {
    Child echo([bytes](int in, int o) {
      std::vector<char> mine(bytes);
      read_all(in, mine.data(), bytes);
      char ack = 1;
      write_all(o, &ack, 1);
      write_all(o, mine.data(), bytes);
    });
    auto t0 = Clock::now();
    move(echo.to(), data.data(), bytes, false, ctx);
    char ack = 0;
    receive(echo.from(), ack, ctx);
    auto t1 = Clock::now();
    move(echo.from(), back.data(), bytes, true, ctx);
    out.copy_to_ms = ms_between(t0, t1), out.copy_back_ms = ms_between(t1, Clock::now());
  }
  // Shared: both processes map the same pages; only a message saying "look there" moves.
  void* shared = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) system_failed("mmap");
  std::memset(shared, 'x', bytes);
  {
    Child echo([shared](int in, int o) {
      std::uint64_t size = 0;
      read_all(in, &size, sizeof size);
      auto view = static_cast<volatile char*>(shared);
      char seen = static_cast<char>(view[0] + view[size - 1]);  // it sees the parent's bytes
      write_all(o, &seen, 1);
      write_all(o, &size, sizeof size);  // and hands the same view back
    });
    auto t0 = Clock::now();
    send(echo.to(), std::uint64_t{bytes}, ctx);
    char seen = 0;
    receive(echo.from(), seen, ctx);
    auto t1 = Clock::now();
    std::uint64_t size = 0;
    receive(echo.from(), size, ctx);
    out.shared_to_ms = ms_between(t0, t1), out.shared_back_ms = ms_between(t1, Clock::now());
  }
  munmap(shared, bytes);
  return out;
}

SpawnRow spawn_or_pool(int tasks, int workers, std::uint64_t size, RunContext& ctx) {
  SpawnRow row{size, 0, 0, 0};
  auto t0 = Clock::now();
  u128 total = 0;
  for (int t = 0; t < tasks; ++t) {
    total += sum_of_squares(0, size);
    ctx.check_cancelled();  // between tasks: one task is at most a second or so (see max_spawn_numbers)
  }
  row.serial_ms = ms_between(t0, Clock::now());
  volatile std::uint64_t keep = static_cast<std::uint64_t>(total);  // the work must happen
  (void)keep;

  auto origin = Clock::now();
  std::vector<std::unique_ptr<Child> > pool;  // started before the clock runs, as a Pool would be
  for (int k = 0; k < workers; ++k)
    pool.push_back(std::make_unique<Child>([origin](int in, int o) { kernel_worker(in, o, origin); }));
  for (auto& child : pool) {
    Report hello{};
    receive(child->from(), hello, ctx);
  }
  auto run_on = [&](std::vector<std::unique_ptr<Child> >& on, int count) {
    std::uint64_t range[2] = {0, size};
    for (int t = 0; t < count; ++t) send(on[static_cast<std::size_t>(t) % on.size()]->to(), range, ctx);
    for (int t = 0; t < count; ++t) {
      Report r{};
      receive(on[static_cast<std::size_t>(t) % on.size()]->from(), r, ctx);
    }
  };
  t0 = Clock::now();
  run_on(pool, tasks);
  row.pool_ms = ms_between(t0, Clock::now());

  t0 = Clock::now();
  for (int done = 0; done < tasks; done += workers) {  // a new process per task, `workers` at a time
    std::vector<std::unique_ptr<Child> > fresh;
    int count = std::min(workers, tasks - done);
    for (int k = 0; k < count; ++k)
      fresh.push_back(std::make_unique<Child>([origin](int in, int o) { kernel_worker(in, o, origin); }));
    for (auto& child : fresh) {
      Report hello{};
      receive(child->from(), hello, ctx);
    }
    run_on(fresh, count);
  }
  row.spawn_ms = ms_between(t0, Clock::now());
  return row;
}

#endif

}  // namespace llplay::parallel
