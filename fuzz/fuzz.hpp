// What every fuzz target shares: a run context that cancels itself after a deadline (so a demo given the
// largest params a fuzzer finds ends with Cancelled instead of a libFuzzer timeout, unless it never checks),
// and a reader that splits an input into its first line and the rest.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <thread>

#include "registry.hpp"

namespace llplay::fuzz {

/// One watchdog thread for the whole fuzzing run: it stores the current run's id in the cancel word once
/// that run has had `budget`. A demo that never calls checkpoint() runs on and libFuzzer reports a timeout.
class Deadline {
 public:
  explicit Deadline(std::chrono::milliseconds budget) : budget_(budget) {
    std::thread([this] {
      for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        std::int64_t end = end_ns_.load();
        if (end != 0 && now_ns() > end) word_.store(run_.load());
      }
    }).detach();
  }

  /// A context for the next run, cancelled `budget` from now.
  RunContext start() {
    std::uint32_t id = run_.fetch_add(1) + 1;
    end_ns_.store(now_ns() + std::chrono::duration_cast<std::chrono::nanoseconds>(budget_).count());
    return RunContext({}, &word_, id);
  }

 private:
  static std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
  std::chrono::milliseconds budget_;
  std::atomic<std::uint32_t> word_{0}, run_{0};
  std::atomic<std::int64_t> end_ns_{0};
};

/// The input's first line (without its newline) and everything after it.
inline std::pair<std::string_view, std::string_view> first_line(const std::uint8_t* data, std::size_t size) {
  std::string_view all(reinterpret_cast<const char*>(data), size);
  std::size_t newline = all.find('\n');
  if (newline == std::string_view::npos) return {all, {}};
  return {all.substr(0, newline), all.substr(newline + 1)};
}

/// The demo a first line names; any other line picks one by its bytes, so mutations reach every demo.
/// Only demos `accept` takes are candidates; nullptr when there are none.
template <class Accept>
const Demo* pick(std::string_view line, Accept accept) {
  std::vector<const Demo*> candidates;
  for (const Demo& demo : registry().demos())
    if (accept(demo)) candidates.push_back(&demo);
  if (candidates.empty()) return nullptr;
  for (const Demo* demo : candidates)
    if (demo->id == line) return demo;
  std::uint32_t hash = 2166136261u;
  for (char c : line) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  return candidates[hash % candidates.size()];
}

/// The demos a fuzzer may run in process: not those that start processes, workers or sql.js.
inline bool runs_in_process(const Demo& demo) {
  return demo.needs == Needs::nothing || demo.needs == Needs::threads;
}

/// An outcome must be a result, or a coded error that is not Internal: anything else is a finding.
inline void check(const Outcome& outcome) {
  if (!outcome.ok && outcome.code == ErrorCode::Internal) {
    std::fprintf(stderr, "Internal: %s\n", outcome.message.c_str());  // in the log, beside the input
    __builtin_trap();
  }
}

}  // namespace llplay::fuzz
