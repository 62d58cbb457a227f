#include "koubei/seeding/seeding_spec.hpp"

#include <gtest/gtest.h>

#include <string>

#include "koubei/core/error.hpp"

namespace koubei {
namespace {

/// A bad seeding spec is an InputError whose message holds the spec's text.
void expect_bad_spec(const std::string& text) {
  try {
    SeedingSpec spec(text);
    ADD_FAILURE() << "accepted: " << text << " as " << spec.to_string();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
  }
}

TEST(SeedingSpec, ABareCountReadsAsRandomSeedingWrittenAsTheCount) {
  const SeedingSpec spec("100");
  EXPECT_EQ(spec.method(), SeedingMethod::kRandom);
  EXPECT_EQ(spec.k(), 100u);
  EXPECT_EQ(spec.to_string(), "100");
  EXPECT_STREQ(spec.method_name(), "random");
  // The default and random(100) are the same spec, and random:k=N reads the same.
  EXPECT_EQ(SeedingSpec(), spec);
  EXPECT_EQ(SeedingSpec::random(100), spec);
  EXPECT_EQ(SeedingSpec("random:k=100"), spec);
  EXPECT_EQ(SeedingSpec("random:k=100").to_string(), "100");
}

TEST(SeedingSpec, TheCanonicalTextListsEveryParameter) {
  EXPECT_EQ(SeedingSpec("imm:k=50").to_string(), "imm:k=50,epsilon=0.1,ell=1");
  EXPECT_EQ(SeedingSpec("opim-c:k=7").to_string(), "opim-c:k=7,epsilon=0.1,ell=1");
  EXPECT_EQ(SeedingSpec("celf:k=3").to_string(), "celf:k=3,runs=1000");
  EXPECT_EQ(SeedingSpec("degree:k=4").to_string(), "degree:k=4");
  EXPECT_EQ(SeedingSpec("degree-discount:k=4,rule=lt").to_string(), "degree-discount:k=4,rule=lt");
  EXPECT_EQ(SeedingSpec("imm:ell=2,epsilon=0.05,k=9,rule=ic").to_string(),
            "imm:k=9,epsilon=0.05,ell=2,rule=ic");
}

TEST(SeedingSpec, ParametersReadBackFromTheCanonicalText) {
  const SeedingSpec spec("imm:k=50,epsilon=0.2,ell=1.5,rule=lt");
  EXPECT_EQ(spec.method(), SeedingMethod::kImm);
  EXPECT_EQ(spec.k(), 50u);
  EXPECT_DOUBLE_EQ(spec.epsilon(), 0.2);
  EXPECT_DOUBLE_EQ(spec.ell(), 1.5);
  ASSERT_TRUE(spec.rule().has_value());
  EXPECT_EQ(*spec.rule(), InfluenceRule::kLt);
  EXPECT_EQ(SeedingSpec(spec.to_string()), spec);
  const SeedingSpec celf("celf:k=2,runs=200");
  EXPECT_EQ(celf.runs(), 200u);
  EXPECT_FALSE(celf.rule().has_value());
  EXPECT_EQ(SeedingSpec(celf.to_string()), celf);
}

TEST(SeedingSpec, EveryMethodNameReadsBack) {
  for (const char* text : {"random:k=3", "degree:k=3", "degree-discount:k=3", "celf:k=3",
                           "imm:k=3", "opim-c:k=3"}) {
    const SeedingSpec spec(text);
    const std::string name = std::string(text).substr(0, std::string(text).find(':'));
    EXPECT_EQ(spec.method_name(), name);
    EXPECT_EQ(spec.k(), 3u);
  }
}

TEST(SeedingSpec, UnknownMethodNamesTheSpec) { expect_bad_spec("greedy:k=5"); }

TEST(SeedingSpec, MissingKNamesTheSpec) {
  expect_bad_spec("imm");
  expect_bad_spec("degree:rule=ic");
}

TEST(SeedingSpec, ZeroSeedsAreRefusedForEveryMethodButRandom) {
  for (const char* text : {"degree:k=0", "degree-discount:k=0", "celf:k=0", "imm:k=0", "opim-c:k=0"})
    expect_bad_spec(text);
  // `seeds = 0` (no seed users) has always been a valid random seeding.
  EXPECT_EQ(SeedingSpec("0").k(), 0u);
}

TEST(SeedingSpec, EpsilonOutsideItsRangeNamesTheSpec) {
  expect_bad_spec("imm:k=5,epsilon=0");
  expect_bad_spec("imm:k=5,epsilon=0.7");
  expect_bad_spec("opim-c:k=5,epsilon=-0.1");
  expect_bad_spec("imm:k=5,epsilon=abc");
}

TEST(SeedingSpec, UnknownKeyNamesTheSpec) {
  expect_bad_spec("imm:k=5,foo=1");
  // Keys that belong to another method are unknown too.
  expect_bad_spec("degree:k=5,epsilon=0.1");
  expect_bad_spec("imm:k=5,runs=10");
  // Random seeding assumes no diffusion.
  expect_bad_spec("random:k=5,rule=ic");
}

TEST(SeedingSpec, ARuleOtherThanIcOrLtNamesTheSpec) { expect_bad_spec("imm:k=5,rule=sir"); }

TEST(SeedingSpec, ACountOutOfRangeNamesTheSpec) {
  expect_bad_spec("-1");
  expect_bad_spec(std::to_string(SeedingSpec::kMaxK + 1));
  expect_bad_spec("imm:k=" + std::to_string(SeedingSpec::kMaxK + 1));
  EXPECT_EQ(SeedingSpec(std::to_string(SeedingSpec::kMaxK)).k(), SeedingSpec::kMaxK);
}

TEST(SeedingSpec, ScaledMultipliesKAndRoundsToAtLeastOne) {
  const SeedingSpec spec("imm:k=100");
  const SeedingSpec small = spec.scaled(0.05);
  EXPECT_EQ(small.k(), 5u);
  EXPECT_EQ(small.method(), SeedingMethod::kImm);
  EXPECT_EQ(small.to_string(), "imm:k=5,epsilon=0.1,ell=1");
  EXPECT_EQ(spec.scaled(0.001).k(), 1u);  // 0.1 rounds to 0, raised to 1
  EXPECT_EQ(spec.scaled(0.024).k(), 2u);  // 2.4 rounds to 2
  EXPECT_EQ(spec.scaled(0.026).k(), 3u);  // 2.6 rounds to 3
  EXPECT_EQ(SeedingSpec("100").scaled(0.5).to_string(), "50");
  EXPECT_EQ(spec.with_k(7).to_string(), "imm:k=7,epsilon=0.1,ell=1");
}

TEST(SeedingSpec, OnlyRandomSeedingIsDrawnPerReplicate) {
  EXPECT_TRUE(SeedingSpec("10").per_replicate());
  EXPECT_TRUE(SeedingSpec("random:k=10").per_replicate());
  for (const char* text : {"degree:k=3", "degree-discount:k=3", "celf:k=3", "imm:k=3", "opim-c:k=3"})
    EXPECT_FALSE(SeedingSpec(text).per_replicate()) << text;
}

TEST(SeedingSpec, InfluenceRulesHaveTheirSpecNames) {
  EXPECT_STREQ(influence_rule_name(InfluenceRule::kIc), "ic");
  EXPECT_STREQ(influence_rule_name(InfluenceRule::kLt), "lt");
}

}  // namespace
}  // namespace koubei
