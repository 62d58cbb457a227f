#include "koubei/batch/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace koubei {
namespace {

TEST(Estimate, MeanSdAndStudentInterval) {
  std::vector<double> v = {1, 2, 3, 4, 5};
  Estimate e = estimate(v);
  EXPECT_DOUBLE_EQ(e.mean, 3.0);
  EXPECT_NEAR(e.sd, 1.5811388300841898, 1e-12);
  // t(0.975, 4) = 2.7764451051977987
  EXPECT_NEAR(e.hi - e.mean, 2.7764451051977987 * 1.5811388300841898 / std::sqrt(5.0), 1e-9);
  EXPECT_NEAR(e.mean - e.lo, e.hi - e.mean, 1e-12);
}

TEST(Estimate, SingleValueHasNoSpread) {
  std::vector<double> v = {7};
  Estimate e = estimate(v);
  EXPECT_EQ(e.mean, 7);
  EXPECT_EQ(e.sd, 0);
  EXPECT_EQ(e.lo, 7);
  EXPECT_EQ(e.hi, 7);
}

}  // namespace
}  // namespace koubei
