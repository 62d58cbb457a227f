// Axis ticks and labels koubei writes into gnuplot scripts.

#include "koubei/plot/axis.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace koubei {
namespace {

std::vector<std::string> labels(const std::vector<Tick>& ticks) {
  std::vector<std::string> out;
  for (const Tick& t : ticks) out.push_back(t.label);
  return out;
}

TEST(WithThousands, PutsACommaEveryThreeDigitsOfTheIntegerPart) {
  EXPECT_EQ(with_thousands(0), "0");
  EXPECT_EQ(with_thousands(999), "999");
  EXPECT_EQ(with_thousands(1000), "1,000");
  EXPECT_EQ(with_thousands(1234567), "1,234,567");
  EXPECT_EQ(with_thousands(-2500.5), "-2,500.5");
  EXPECT_EQ(with_thousands(-999), "-999");
  EXPECT_EQ(with_thousands(0.25), "0.25");
  EXPECT_EQ(with_thousands(1e300), "1e+300");
}

TEST(NiceTicks, RoundStepsOfOneTwoOrFiveTimesAPowerOfTen) {
  EXPECT_EQ(labels(nice_ticks(0, 1200000)),
            (std::vector<std::string>{"0", "200,000", "400,000", "600,000", "800,000", "1,000,000", "1,200,000"}));
  // 730 / 6 = 122 a step at most: 200, the next round step up.
  EXPECT_EQ(labels(nice_ticks(0, 730)), (std::vector<std::string>{"0", "200", "400", "600"}));
  EXPECT_EQ(labels(nice_ticks(0, 730, 8)), (std::vector<std::string>{"0", "100", "200", "300", "400", "500", "600", "700"}));
  EXPECT_EQ(labels(nice_ticks(0, 1)), (std::vector<std::string>{"0", "0.2", "0.4", "0.6", "0.8", "1"}));
  EXPECT_EQ(labels(nice_ticks(0.03, 0.12, 4)), (std::vector<std::string>{"0.05", "0.1"}));
  EXPECT_EQ(labels(nice_ticks(0.03, 0.12, 5)), (std::vector<std::string>{"0.04", "0.06", "0.08", "0.1", "0.12"}));
  EXPECT_EQ(labels(nice_ticks(-50, 50, 4)), (std::vector<std::string>{"-50", "0", "50"}));
  EXPECT_EQ(labels(nice_ticks(5, 5)), (std::vector<std::string>{"5"}));
  // 60,008 / 6 is 0.01 % over 10,000: still steps of 10,000.
  EXPECT_EQ(nice_ticks(0, 60008.5)[1].value, 10000);
  EXPECT_TRUE(nice_ticks(2, 1).empty());
  EXPECT_TRUE(nice_ticks(0, std::numeric_limits<double>::infinity()).empty());
  for (double top : {1.0, 7.0, 13.0, 99.0, 1e6 + 1, 3.3e9}) {
    const auto ticks = nice_ticks(0, top, 6);
    EXPECT_GE(ticks.size(), 2u) << top;
    EXPECT_LE(ticks.size(), 8u) << top;
    EXPECT_LE(ticks.back().value, top) << top;
  }
}

}  // namespace
}  // namespace koubei

namespace koubei {
namespace {

TEST(AxisPosition, IsTheNumberOrTheOneNumberOfASpec) {
  EXPECT_EQ(axis_position("0.25"), 0.25);
  EXPECT_EQ(axis_position("-3"), -3);
  EXPECT_EQ(axis_position("const:0.1"), 0.1);
  EXPECT_EQ(axis_position("random:k=50"), 50);
  EXPECT_EQ(axis_position("day:300"), 300);
  EXPECT_FALSE(axis_position("er:n=1000,k=4")) << "two numbers";
  EXPECT_FALSE(axis_position("uniform:0.02:0.25")) << "two numbers";
  EXPECT_FALSE(axis_position("ic"));
  EXPECT_FALSE(axis_position(""));
  EXPECT_FALSE(axis_position("inf")) << "not a finite position";
  EXPECT_FALSE(axis_position("1e999"));
  EXPECT_FALSE(axis_position("0.1x"));
}

}  // namespace
}  // namespace koubei

namespace koubei {
namespace {

TEST(AxisForm, IsTheValueWithItsNumberAsX) {
  EXPECT_EQ(axis_form("const:0.10"), "const:X");
  EXPECT_EQ(axis_form("0.5"), "X");
  EXPECT_EQ(axis_form("random:k=50"), "random:k=X");
  EXPECT_NE(axis_form("random:k=50"), axis_form("degree:k=50"));
  EXPECT_EQ(axis_form("const:4e-1"), axis_form("const:0.2"));
  EXPECT_FALSE(axis_form("er:n=1000,k=4"));
  EXPECT_FALSE(axis_form("ic"));
}

TEST(NiceTicks, SurviveSpansBeyondADoubleAndBelowItsPrecision) {
  const std::vector<Tick> wide = nice_ticks(-1.7e308, 1.7e308, 6);
  ASSERT_EQ(wide.size(), 2u);
  EXPECT_EQ(wide.front().value, -1.7e308);
  const std::vector<Tick> tiny = nice_ticks(1e-320, 2e-320, 6);
  ASSERT_EQ(tiny.size(), 2u);
  for (const Tick& t : nice_ticks(0, 1.7e308, 6)) EXPECT_TRUE(std::isfinite(t.value));
  EXPECT_LE(nice_ticks(0, 1.7e308, 6).size(), 9u);
}

}  // namespace
}  // namespace koubei
