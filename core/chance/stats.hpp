// Python's statistics module on a list of floats, each function as CPython 3.10-3.13 computes it: exact
// rational sums where it uses Fractions, math.fsum where it uses that, float arithmetic where it does.
#pragma once

#include <string>
#include <vector>

namespace llplay::chance {

/// The functions stats.compute offers.
inline const std::vector<std::string>& statistics_functions() {
  static const std::vector<std::string> names = {"mean",   "fmean",      "geometric_mean", "harmonic_mean",
                                                 "median", "median_low", "median_high",    "median_grouped",
                                                 "mode",   "multimode",  "pstdev",         "pvariance",
                                                 "stdev",  "variance",   "quantiles"};
  return names;
}

/// What one function returned: repr() of a number, or of each item of a list.
struct Statistic {
  bool is_list = false;
  std::string value;               ///< repr() of the result (not a list)
  std::vector<std::string> items;  ///< repr() of each item (a list)
};

/// Options only quantiles() reads: its n (>= 1 else StatisticsError) and method.
struct QuantileOptions {
  long n = 4;
  bool inclusive = false;
};

/// statistics.<fn>(data) in CPython 3.`minor`, data finite floats. Errors: StatisticsError,
/// OverflowError (a result or fsum's partial past the largest float), as CPython raises them.
Statistic compute_statistic(const std::string& fn, const std::vector<double>& data, int minor,
                            QuantileOptions quantiles = {});

/// math.fsum(values) as CPython computes it (Shewchuk's partials; OverflowError on an intermediate
/// overflow).
double python_fsum(const std::vector<double>& values);

/// The textbook one-pass variance (sum of squares minus square of sums) in floats: what goes wrong.
double naive_variance(const std::vector<double>& data);

}  // namespace llplay::chance
