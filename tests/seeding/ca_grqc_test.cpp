// Seed selection on SNAP ca-GrQc (5242 nodes, 14484 undirected edges) under
// weighted cascade: the spreads the methods' seeds reach, against reference
// values. The heaviest seeding tests (a few seconds in all).

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

#include "koubei/seeding/select_seeds.hpp"
#include "koubei/seeding/spread_estimate.hpp"
#include "seeding_test_graphs.hpp"

namespace koubei {
namespace {

constexpr std::uint64_t kSeed = 20100816;
// The spread of imm's 50 seeds (epsilon 0.1) on this graph.
constexpr double kImmSpread = 746.4;
// Enough runs that 5 standard errors of a spread near 746 (SE about
// 60 / sqrt(runs)) stay below 0.5% of it; the looser checks need fewer.
constexpr std::uint64_t kImmRuns = 8000;
constexpr std::uint64_t kRuns = 3000;

class SelectSeedsOnCaGrQc : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    graph_ = std::make_unique<Graph>(
        GraphSpec("file:" KOUBEI_DATA_DIR "/ca-GrQc.txt.gz,directed=0").make(kSeed));
    TrustModel("wc").apply(*graph_, kSeed);
  }
  static void TearDownTestSuite() { graph_.reset(); }

  static const Graph& graph() { return *graph_; }

  /// The Monte Carlo spread of `spec`'s seeds.
  static SpreadEstimate spread_of(const std::string& spec, std::uint64_t runs = kRuns) {
    const SeedSelection s = select_seeds(graph(), InfluenceRule::kIc, SeedingSpec(spec), kSeed, 2);
    EXPECT_EQ(s.seeds.size(), 50u) << spec;
    return monte_carlo_spread(graph(), InfluenceRule::kIc, s.seeds, runs, kSeed, 2);
  }

 private:
  static inline std::unique_ptr<Graph> graph_;
};

TEST_F(SelectSeedsOnCaGrQc, ImmSeedsReachAbout746Users) {
  ASSERT_EQ(graph().num_nodes(), 5242u);
  const SpreadEstimate imm = spread_of("imm:k=50,epsilon=0.1", kImmRuns);
  // 8000 runs make 5 SE smaller than the 0.5% allowed, so the check has teeth.
  EXPECT_LT(5 * imm.standard_error, 0.005 * kImmSpread);
  EXPECT_LE(std::abs(imm.mean - kImmSpread), 0.005 * kImmSpread) << imm.mean << " +- " << imm.standard_error;
}

TEST_F(SelectSeedsOnCaGrQc, DegreeSeedsReachAbout273Users) {
  const SpreadEstimate degree = spread_of("degree:k=50");
  EXPECT_LE(std::abs(degree.mean - 272.8), std::max(5 * degree.standard_error, 0.01 * 272.8))
      << degree.mean << " +- " << degree.standard_error;
}

TEST_F(SelectSeedsOnCaGrQc, DegreeDiscountSeedsReachAbout701Users) {
  const SpreadEstimate discount = spread_of("degree-discount:k=50");
  EXPECT_LT(5 * discount.standard_error, 0.01 * 701);  // the 1% is not lost in the noise
  EXPECT_LE(std::abs(discount.mean - 701), 0.01 * 701)
      << discount.mean << " +- " << discount.standard_error;
}

TEST_F(SelectSeedsOnCaGrQc, CelfOn200WorldsComesWithinThreePercentOfImm) {
  // Against imm's reference spread (checked to 0.5% above), so that imm
  // need not run again here.
  const SpreadEstimate celf = spread_of("celf:k=50,runs=200");
  EXPECT_LT(5 * celf.standard_error, 0.03 * kImmSpread);
  EXPECT_LE(std::abs(celf.mean - kImmSpread), 0.03 * kImmSpread)
      << "celf " << celf.mean << " +- " << celf.standard_error;
}

TEST_F(SelectSeedsOnCaGrQc, OpimCSeedsReachTheShareOfTheBestItCertifies) {
  // The best 50 reach at least what imm's seeds reach, so OPIM-C's seeds
  // must reach its certified ratio of that (to 5 SE). OPIM-C stops as soon
  // as it can certify 1 - 1/e - 0.1, so its seeds may be somewhat worse
  // than imm's: no closer agreement is promised.
  const SeedSelection s = select_seeds(graph(), InfluenceRule::kIc,
                                       SeedingSpec("opim-c:k=50,epsilon=0.1"), kSeed, 2);
  EXPECT_GE(s.ratio, 1 - 1 / std::numbers::e - 0.1);
  EXPECT_LE(s.ratio, 1.0);
  const SpreadEstimate opim =
      monte_carlo_spread(graph(), InfluenceRule::kIc, s.seeds, kRuns, kSeed, 2);
  EXPECT_GE(opim.mean, s.ratio * kImmSpread - 5 * opim.standard_error)
      << "opim-c " << opim.mean << " +- " << opim.standard_error << " (ratio " << s.ratio
      << ", " << s.rr_sets << " RR sets)";
}

}  // namespace
}  // namespace koubei
