// Every heap byte the program allocates, counted: the lab figures for "peak memory" come from here.
#pragma once

#include <cstddef>

namespace llplay::heap {

/// Bytes allocated with operator new and not yet freed, across all threads.
std::size_t current();
/// The most `current()` has been since the last reset_peak().
std::size_t peak();
/// Starts a new peak measurement from the current level.
void reset_peak();

/// Measures the peak heap of a block: construct before, read `bytes()` after.
class PeakMeter {
 public:
  PeakMeter() : base_(current()) { reset_peak(); }
  /// Peak bytes above the level at construction.
  std::size_t bytes() const { return peak() > base_ ? peak() - base_ : 0; }

 private:
  std::size_t base_;
};

}  // namespace llplay::heap
