#pragma once
// Mean, sample standard deviation (n - 1) and the 95% confidence interval of
// the mean from Student's t distribution, for summaries over replicates.

#include <cstddef>
#include <span>

namespace koubei {

struct Estimate {
  std::size_t n = 0;
  double mean = 0;
  double sd = 0;  // 0 when n < 2
  double lo = 0;  // 95% interval of the mean; equals mean when n < 2
  double hi = 0;
};

Estimate estimate(std::span<const double> values);

}  // namespace koubei
