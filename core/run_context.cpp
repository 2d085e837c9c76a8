// Cancel checks and throttled progress for running demos.
#include "run_context.hpp"

#include "error.hpp"

namespace llplay {

void RunContext::check_cancelled() const {
  if (cancelled()) throw Error(ErrorCode::Cancelled, "cancelled");
}

void RunContext::checkpoint(double fraction) {
  check_cancelled();
  if (!sink_ || std::this_thread::get_id() != owner_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_report_ < progress_interval) return;
  last_report_ = now;
  sink_(fraction < 0 ? 0 : fraction > 1 ? 1 : fraction);
}

RunContext RunContext::part(double from, double to) const {
  ProgressSink sink;
  if (sink_) sink = [outer = sink_, from, to](double f) { outer(from + f * (to - from)); };
  RunContext inner(std::move(sink), cancel_word_, run_id_);
  inner.owner_ = owner_;
  return inner;
}

}  // namespace llplay
