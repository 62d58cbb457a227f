// The product's phases: triggers, linear ramps, the latest phase's name, and
// the engine switched off.

#include "koubei/model/product.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "koubei/core/error.hpp"

namespace koubei {
namespace {

Trigger day(std::uint64_t d) { return Trigger{Trigger::Kind::kDay, d}; }
Trigger adopters(std::uint64_t n) { return Trigger{Trigger::Kind::kAdopters, n}; }

// A product with levels that differ from every ramp value, so that a level
// shows whether its phase has started.
ProductConfig base_product() {
  ProductConfig config;
  config.speed = 0.125;
  config.looks = 0.0625;
  config.openness = 0.5;
  return config;
}

TEST(ProductTimeline, NothingStartsWithoutTriggers) {
  ProductConfig config = base_product();
  ProductTimeline timeline(config, false);
  for (std::uint32_t d = 0; d < 50; ++d) {
    timeline.advance(d, 1'000'000);
    EXPECT_EQ(timeline.phase(), -1);
    EXPECT_STREQ(timeline.phase_name(), "none");
    EXPECT_EQ(timeline.level(Attribute::kSpeed), 0.125);
    EXPECT_EQ(timeline.level(Attribute::kLooks), 0.0625);
    EXPECT_EQ(timeline.level(Attribute::kOpenness), 0.5);
  }
}

TEST(ProductTimeline, DayTriggerStartsALinearRampOnThatDay) {
  ProductConfig config = base_product();
  config.phases[0] = {day(5), 0.25, 0.75, 4};  // fast: speed 0.25 -> 0.75 over 4 days
  ProductTimeline timeline(config, false);
  // Binary fractions, so the ramp's values are exact.
  const std::vector<double> expected = {0.125, 0.125, 0.125, 0.125, 0.125, 0.25,
                                        0.375, 0.5,   0.625, 0.75,  0.75,  0.75};
  for (std::uint32_t d = 0; d < expected.size(); ++d) {
    timeline.advance(d, 0);
    SCOPED_TRACE("day " + std::to_string(d));
    EXPECT_EQ(timeline.level(Attribute::kSpeed), expected[d]);
    EXPECT_STREQ(timeline.phase_name(), d < 5 ? "none" : "fast");
    EXPECT_EQ(timeline.phase(), d < 5 ? -1 : 0);
    // Only the phase's own attribute moves.
    EXPECT_EQ(timeline.level(Attribute::kLooks), 0.0625);
    EXPECT_EQ(timeline.level(Attribute::kOpenness), 0.5);
  }
}

TEST(ProductTimeline, RampMayGoDownAndMatchesTheFormula) {
  ProductConfig config = base_product();
  config.phases[2] = {day(2), 0.9, 0.2, 7};  // open: openness 0.9 -> 0.2 over 7 days
  ProductTimeline timeline(config, false);
  for (std::uint32_t d = 0; d < 14; ++d) {
    timeline.advance(d, 0);
    double want = 0.5;
    if (d >= 2) {
      const double progress = std::min(1.0, static_cast<double>(d - 2) / 7.0);
      want = 0.9 + (0.2 - 0.9) * progress;
    }
    EXPECT_DOUBLE_EQ(timeline.level(Attribute::kOpenness), want) << "day " << d;
    EXPECT_EQ(timeline.level(Attribute::kSpeed), 0.125);
    EXPECT_EQ(timeline.level(Attribute::kLooks), 0.0625);
    EXPECT_STREQ(timeline.phase_name(), d < 2 ? "none" : "open");
  }
  EXPECT_DOUBLE_EQ(timeline.level(Attribute::kOpenness), 0.2);
}

TEST(ProductTimeline, RampZeroJumpsOnTheStartDay) {
  ProductConfig config = base_product();
  config.phases[1] = {day(3), 0.25, 0.875, 0};  // good-looking: looks jumps to 0.875
  ProductTimeline timeline(config, false);
  for (std::uint32_t d = 0; d < 6; ++d) {
    timeline.advance(d, 0);
    EXPECT_EQ(timeline.level(Attribute::kLooks), d < 3 ? 0.0625 : 0.875) << "day " << d;
    EXPECT_STREQ(timeline.phase_name(), d < 3 ? "none" : "good-looking");
    EXPECT_EQ(timeline.level(Attribute::kSpeed), 0.125);
    EXPECT_EQ(timeline.level(Attribute::kOpenness), 0.5);
  }
}

// Once a ramp is over (or at once for ramp_days 0) the level is `to`
// itself, not from + (to - from) rounded: 0.2 + (0.9 - 0.2) is
// 0.8999999999999999 in doubles.
TEST(ProductTimeline, RampEndsExactlyOnItsTargetLevel) {
  for (std::uint32_t ramp : {0u, 1u, 3u, 30u}) {
    ProductConfig config = base_product();
    config.phases[1] = {day(1), 0.2, 0.9, ramp};
    config.phases[2] = {day(1), 0.7, 0.1, ramp};
    ProductTimeline timeline(config, false);
    timeline.advance(1, 0);
    EXPECT_EQ(timeline.level(Attribute::kLooks), ramp == 0 ? 0.9 : 0.2) << "ramp " << ramp;
    EXPECT_EQ(timeline.level(Attribute::kOpenness), ramp == 0 ? 0.1 : 0.7) << "ramp " << ramp;
    timeline.advance(1 + ramp, 0);
    EXPECT_EQ(timeline.level(Attribute::kLooks), 0.9) << "ramp " << ramp;
    EXPECT_EQ(timeline.level(Attribute::kOpenness), 0.1) << "ramp " << ramp;
    timeline.advance(100, 0);
    EXPECT_EQ(timeline.level(Attribute::kLooks), 0.9) << "ramp " << ramp;
    EXPECT_EQ(timeline.level(Attribute::kOpenness), 0.1) << "ramp " << ramp;
  }
}

TEST(ProductTimeline, MilestoneStartsOnTheDayAfterAdoptersReachedIt) {
  ProductConfig config = base_product();
  config.phases[1] = {adopters(100), 0.5, 1.0, 2};
  ProductTimeline timeline(config, false);
  // adopters_before is the count at the end of the previous day.
  const std::vector<std::uint64_t> before = {0, 10, 50, 99, 100, 40, 500};
  for (std::uint32_t d = 0; d < before.size(); ++d) {
    timeline.advance(d, before[d]);
    SCOPED_TRACE("day " + std::to_string(d));
    if (d < 4) {
      EXPECT_STREQ(timeline.phase_name(), "none");
      EXPECT_EQ(timeline.level(Attribute::kLooks), 0.0625);
    } else {
      // Started on day 4 (yesterday ended with 100 adopters); a later drop
      // below the milestone does not stop it.
      EXPECT_STREQ(timeline.phase_name(), "good-looking");
      EXPECT_EQ(timeline.level(Attribute::kLooks), 0.5 + 0.5 * std::min(1.0, (d - 4) / 2.0));
    }
  }
}

TEST(ProductTimeline, PhaseNameIsTheLatestStarted) {
  ProductConfig config = base_product();
  config.phases[0] = {day(2), 0, 1, 0};        // fast
  config.phases[2] = {day(4), 0, 1, 0};        // open
  config.phases[1] = {adopters(30), 0, 1, 0};  // good-looking, on a milestone
  ProductTimeline timeline(config, false);
  const std::vector<std::uint64_t> before = {0, 0, 10, 20, 25, 29, 30, 35, 40};
  const std::vector<std::string> expected = {"none",         "none",         "fast",
                                             "fast",         "open",         "open",
                                             "good-looking", "good-looking", "good-looking"};
  for (std::uint32_t d = 0; d < before.size(); ++d) {
    timeline.advance(d, before[d]);
    EXPECT_EQ(timeline.phase_name(), expected[d]) << "day " << d;
  }
  // Every phase has reached its end level.
  EXPECT_EQ(timeline.level(Attribute::kSpeed), 1.0);
  EXPECT_EQ(timeline.level(Attribute::kLooks), 1.0);
  EXPECT_EQ(timeline.level(Attribute::kOpenness), 1.0);
}

TEST(ProductTimeline, HeldLevelsIgnoreEveryPhase) {
  ProductConfig config = base_product();
  config.phases[0] = {day(0), 1, 1, 0};
  config.phases[1] = {day(1), 1, 1, 0};
  config.phases[2] = {adopters(0), 1, 1, 0};
  ProductTimeline timeline(config, true);
  for (std::uint32_t d = 0; d < 20; ++d) {
    timeline.advance(d, 1000);
    EXPECT_EQ(timeline.phase(), -1);
    EXPECT_STREQ(timeline.phase_name(), "none");
    EXPECT_EQ(timeline.level(Attribute::kSpeed), 0.125);
    EXPECT_EQ(timeline.level(Attribute::kLooks), 0.0625);
    EXPECT_EQ(timeline.level(Attribute::kOpenness), 0.5);
  }
}

TEST(ProductTimeline, ResetStartsOver) {
  ProductConfig config = base_product();
  config.phases[0] = {adopters(5), 0.25, 0.75, 2};
  ProductTimeline timeline(config, false);
  timeline.advance(0, 0);
  timeline.advance(1, 5);
  timeline.advance(2, 6);
  EXPECT_STREQ(timeline.phase_name(), "fast");
  EXPECT_EQ(timeline.level(Attribute::kSpeed), 0.5);
  timeline.reset();
  EXPECT_STREQ(timeline.phase_name(), "none");
  EXPECT_EQ(timeline.level(Attribute::kSpeed), 0.125);
  // The milestone is counted afresh: day 7 is the first start day now.
  timeline.advance(6, 4);
  EXPECT_STREQ(timeline.phase_name(), "none");
  timeline.advance(7, 5);
  EXPECT_EQ(timeline.level(Attribute::kSpeed), 0.25);
  timeline.advance(8, 5);
  EXPECT_EQ(timeline.level(Attribute::kSpeed), 0.5);
}

TEST(Trigger, ParsesNeverDayAndAdopters) {
  Trigger never = Trigger::parse("never", "fast.start");
  EXPECT_EQ(never.kind, Trigger::Kind::kNever);
  EXPECT_EQ(never.to_string(), "never");

  Trigger d = Trigger::parse("day:120", "fast.start");
  EXPECT_EQ(d.kind, Trigger::Kind::kDay);
  EXPECT_EQ(d.at, 120u);
  EXPECT_EQ(d.to_string(), "day:120");

  Trigger a = Trigger::parse("adopters:500000", "open.start");
  EXPECT_EQ(a.kind, Trigger::Kind::kAdopters);
  EXPECT_EQ(a.at, 500000u);
  EXPECT_EQ(a.to_string(), "adopters:500000");

  EXPECT_EQ(Trigger::parse("day:0", "x").at, 0u);
  EXPECT_EQ(Trigger{}.kind, Trigger::Kind::kNever);  // the default
  // to_string reads back.
  for (const char* text :
       {"never", "day:0", "day:7", "adopters:1", "adopters:18446744073709551615"})
    EXPECT_EQ(Trigger::parse(text, "k").to_string(), text);
}

TEST(Trigger, RejectsAnythingElseNamingTheKey) {
  for (const char* text :
       {"", "tomorrow", "day", "day:", "day:x", "day:-1", "day:1.5", "Day:3", "week:3", "never:1",
        "adopters", "adopters:", "adopters:1e3", "day:3x", "day::3", ":3"}) {
    SCOPED_TRACE(std::string("text '") + text + "'");
    try {
      Trigger::parse(text, "microblog.start");
      ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find("microblog.start"), std::string::npos) << message;
      EXPECT_NE(message.find(std::string("'") + text + "'"), std::string::npos) << message;
    }
  }
}

}  // namespace
}  // namespace koubei
