// What a running demo can see of its caller: a cancel request and a progress sink.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <thread>

namespace llplay {

/// Passed to every demo run. Long demos call `checkpoint(fraction)` often (every few ms of work):
/// it throws `Error{Cancelled}` once the caller asked to cancel, and forwards progress to the sink
/// at most every `progress_interval`.
///
/// Cancel works through one shared word: the caller stores this run's id in it. In the browser the
/// word lives in the wasm module's SharedArrayBuffer (mt build), so the page can write it while the
/// worker is busy; natively the CLI's SIGINT handler and the tests write it.
class RunContext {
 public:
  using ProgressSink = std::function<void(double fraction)>;
  static constexpr std::chrono::milliseconds progress_interval{100};

  /// A context that is never cancelled and reports nowhere.
  RunContext() = default;
  RunContext(ProgressSink sink, const std::atomic<std::uint32_t>* cancel_word, std::uint32_t run_id)
      : sink_(std::move(sink)), cancel_word_(cancel_word), run_id_(run_id) {}

  /// True once the caller stored this run's id in the cancel word. Safe from any thread.
  bool cancelled() const {
    return cancel_word_ != nullptr && cancel_word_->load(std::memory_order_relaxed) == run_id_;
  }

  /// Throws `Error{Cancelled}` if cancelled. Safe from any thread.
  void check_cancelled() const;

  /// Cancel check plus progress in [0, 1]. Progress reaches the sink only from the thread that
  /// created the context (a JS callback must not run on a pthread), and at most every 100 ms.
  void checkpoint(double fraction);

  /// A context for one part of this run: the same cancel, and progress f reported as
  /// from + f * (to - from). For demos that run several steps in a row.
  RunContext part(double from, double to) const;

 private:
  ProgressSink sink_;
  const std::atomic<std::uint32_t>* cancel_word_ = nullptr;
  std::uint32_t run_id_ = 0;
  std::thread::id owner_ = std::this_thread::get_id();
  std::chrono::steady_clock::time_point last_report_ = std::chrono::steady_clock::now();
};

}  // namespace llplay
