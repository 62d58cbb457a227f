#include "koubei/seeding/ris.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "koubei/seeding/rr_sets.hpp"
#include "seeding_test_graphs.hpp"

namespace koubei {
namespace {

using seeding_testing::karate;

constexpr double kGreedy = 1 - 1 / std::numbers::e;

TEST(ImmLogBinomial, IsTheLogarithmOfTheBinomialCoefficient) {
  EXPECT_NEAR(log_binomial(5, 2), std::log(10.0), 1e-12);
  EXPECT_NEAR(log_binomial(34, 3), std::log(5984.0), 1e-10);
  EXPECT_EQ(log_binomial(7, 0), 0);
  EXPECT_EQ(log_binomial(7, 7), 0);
}

TEST(ImmConstants, LambdaStarAsThePaperDefinesItAndTheLowerBoundTakesTheRestOfTheFailureProbability) {
  // ca-GrQc's n = 5242, k = 50, epsilon = 0.1, ell = 1.
  const double n = 5242, k = 50, eps = 0.1;
  const ImmConstants c = imm_constants(n, n, k, eps, 1);
  const double ell = 1 + std::log(2.0) / std::log(n);  // raised to cover both phases
  const double e_ratio = 1 - 1 / std::exp(1.0);
  const double alpha = std::sqrt(ell * std::log(n) + std::log(2.0));
  const double beta = std::sqrt(e_ratio * (log_binomial(n, k) + ell * std::log(n) + std::log(2.0)));
  EXPECT_NEAR(c.lambda_star, 2 * n * std::pow(e_ratio * alpha + beta, 2) / (eps * eps), 1e-6 * c.lambda_star);
  // The selection fails with probability n^-ell2 = 1/(2n) at ell = 1; the
  // lower bound with the other half.
  EXPECT_NEAR(c.bound_failure, 1 / (2 * n), 1e-12);
  for (double ell_asked : {0.5, 1.0, 2.0}) {
    const ImmConstants d = imm_constants(n, n, k, eps, ell_asked);
    const double ell2 = ell_asked * (1 + std::log(2.0) / std::log(n));
    EXPECT_GT(d.bound_failure, 0) << ell_asked;
    EXPECT_NEAR(d.bound_failure + std::pow(n, -ell2), std::pow(n, -ell_asked), 1e-15) << ell_asked;
  }
}

TEST(ImmAndOpimC, TakeEveryCandidateWhenKReachesTheirNumber) {
  const Graph g = karate("wc");
  const InfluenceGraph influence(g, InfluenceRule::kIc);
  std::vector<char> allowed(34, 0);
  allowed[3] = allowed[20] = allowed[8] = 1;
  for (const RisSelection& s : {select_imm(influence, 3, 0.1, 1, allowed, 1, 1),
                                select_opim_c(influence, 3, 0.1, 1, allowed, 1, 1)}) {
    EXPECT_EQ(s.seeds, (std::vector<NodeId>{3, 8, 20}));
    EXPECT_EQ(s.ratio, 1);
    EXPECT_EQ(s.failure_probability, 0);
  }
}

TEST(ImmAndOpimC, SeedsSpreadAtLeastTheRatioOfTheBestPair) {
  // The best pair of karate under weighted cascade, by brute force over
  // every pair on 100000 fresh RR sets; the seeds each method picks must
  // reach its ratio of that, to 5 standard errors of the estimates.
  const Graph g = karate("wc");
  const InfluenceGraph influence(g, InfluenceRule::kIc);
  RrSets fresh(influence, 99, kEstimateSets);
  const std::uint64_t sets = 100000;
  fresh.grow_to(sets, 2);
  auto estimate = [&](const std::vector<NodeId>& nodes) {
    return 34.0 * static_cast<double>(fresh.count_covered(nodes, 1)) / static_cast<double>(sets);
  };
  // Sets met by a pair: those holding u, plus those holding v, less those
  // holding both (one pass over the sets).
  std::vector<std::uint64_t> alone(34, 0);
  std::vector<std::vector<std::uint64_t>> both(34, std::vector<std::uint64_t>(34, 0));
  for (std::uint64_t i = 0; i < sets; ++i) {
    const auto set = fresh.set(i);
    for (std::size_t a = 0; a < set.size(); ++a) {
      ++alone[set[a]];
      for (std::size_t b = 0; b < set.size(); ++b) both[set[a]][set[b]] += a != b;
    }
  }
  double best = 0;
  std::vector<NodeId> best_pair;
  for (NodeId u = 0; u < 34; ++u)
    for (NodeId v = u + 1; v < 34; ++v) {
      const double pair = 34.0 * static_cast<double>(alone[u] + alone[v] - both[u][v]) /
                          static_cast<double>(sets);
      if (pair > best) best = pair, best_pair = {u, v};
    }
  ASSERT_DOUBLE_EQ(estimate(best_pair), best);  // the pair counts are right
  // Standard error of an estimate near `best` (the same for the seeds').
  const double share = best / 34;
  const double se = 34 * std::sqrt(share * (1 - share) / static_cast<double>(sets));
  for (double epsilon : {0.1, 0.3}) {
    const RisSelection imm = select_imm(influence, 2, epsilon, 1, {}, 5, 2);
    const RisSelection opim = select_opim_c(influence, 2, epsilon, 1, {}, 5, 2);
    EXPECT_DOUBLE_EQ(imm.ratio, kGreedy - epsilon);
    EXPECT_GE(opim.ratio, kGreedy - epsilon);
    EXPECT_LE(opim.ratio, 1);
    for (const RisSelection* s : {&imm, &opim}) {
      ASSERT_EQ(s->seeds.size(), 2u);
      EXPECT_GE(estimate(s->seeds), s->ratio * best - 5 * std::sqrt(2.0) * se)
          << "epsilon " << epsilon << ": " << s->seeds[0] << ", " << s->seeds[1];
      EXPECT_GT(s->sets_drawn, 0u);
      EXPECT_GT(s->peak_bytes, 0u);
    }
  }
  // imm's lower bound is one: at most the best pair's spread (it fails
  // with probability 1/(2n) a run), at least the 2 seeds themselves, and
  // not loose (the best pair spreads to 13.4 here).
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const RisSelection imm = select_imm(influence, 2, 0.1, 1, {}, seed, 1);
    EXPECT_LE(imm.lower_bound, best + 5 * se) << "seed " << seed;
    EXPECT_GE(imm.lower_bound, 0.75 * best) << "seed " << seed;
  }
}

}  // namespace
}  // namespace koubei
