// Python's statistics module for finite numbers: computed exactly, rounded once.
#pragma once

#include <string>
#include <vector>

namespace llplay::floats {

/// One statistic: its repr as CPython prints it, or the StatisticsError it raises.
struct Statistic {
  std::string name;   ///< "mean", "median", "mode", "variance", "pvariance", "stdev", "pstdev"
  std::string value;  ///< repr(...) of the result: "1036000" for an int, "45000.0" for a float
  std::string error;  ///< "variance requires at least two data points", or empty
};

/// statistics.mean/median/mode/variance/pvariance/stdev/pstdev of `values`, each a Python int
/// literal (|n| <= 2**53) or float literal. Results match CPython 3.11's statistics bit for bit:
/// ints stay ints where the exact result is whole, and floats are correctly rounded.
/// Throws Error{BadParams} for a value that is neither, or not finite.
std::vector<Statistic> python_statistics(const std::vector<std::string>& values);

}  // namespace llplay::floats
