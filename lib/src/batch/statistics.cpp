#include "koubei/batch/statistics.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace koubei {

Estimate estimate(std::span<const double> values) {
  Estimate e;
  e.n = values.size();
  if (e.n == 0) return e;
  double sum = 0;
  for (double v : values) sum += v;
  e.mean = sum / static_cast<double>(e.n);
  e.lo = e.hi = e.mean;
  if (e.n < 2) return e;
  double squares = 0;
  for (double v : values) squares += (v - e.mean) * (v - e.mean);
  e.sd = std::sqrt(squares / static_cast<double>(e.n - 1));
  boost::math::students_t t(static_cast<double>(e.n - 1));
  double half = boost::math::quantile(t, 0.975) * e.sd / std::sqrt(static_cast<double>(e.n));
  e.lo = e.mean - half;
  e.hi = e.mean + half;
  return e;
}

}  // namespace koubei
