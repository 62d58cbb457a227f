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

TEST(ImmConstants, LambdaStarAsThePaperDefinesItAndThePhaseOneEpsilonThatDrawsFewest) {
  // ca-GrQc's n = 5242, k = 50, epsilon = 0.1, ell = 1.
  const double n = 5242, k = 50, eps = 0.1;
  const ImmConstants c = imm_constants(n, n, k, eps, 1);
  const double ell = 1 + std::log(2.0) / std::log(n);  // raised to cover both phases
  const double e_ratio = 1 - 1 / std::exp(1.0);
  const double alpha = std::sqrt(ell * std::log(n) + std::log(2.0));
  const double beta = std::sqrt(e_ratio * (log_binomial(n, k) + ell * std::log(n) + std::log(2.0)));
  EXPECT_NEAR(c.lambda_star, 2 * n * std::pow(e_ratio * alpha + beta, 2) / (eps * eps), 1e-6 * c.lambda_star);
  // lambda'(e) = (2 + 2e/3) (ln C(n,k) + ell ln n + ln log2 n) n / e^2 at e = epsilon'.
  const double terms = log_binomial(n, k) + ell * std::log(n) + std::log(std::log2(n));
  auto lambda_prime = [&](double e) { return (2 + 2 * e / 3) * terms * n / (e * e); };
  EXPECT_NEAR(c.lambda_prime, lambda_prime(c.epsilon_prime), 1e-6 * c.lambda_prime);
  // The expected sets of both phases, (1 + e)(lambda'(e) / ln 2 + lambda*),
  // are least at epsilon' (0.35 here), and a quarter below the paper's
  // sqrt(2) epsilon, meant for phases that share their sets.
  auto sets = [&](double e) { return (1 + e) * (lambda_prime(e) / std::log(2.0) + c.lambda_star); };
  EXPECT_NEAR(c.epsilon_prime, 0.35, 0.0015);
  for (double e : {0.05, 0.141, 0.3, 0.34, 0.36, 0.4, 0.6, 1.0}) EXPECT_LE(sets(c.epsilon_prime), sets(e)) << e;
  EXPECT_LT(sets(c.epsilon_prime), 0.8 * sets(std::sqrt(2.0) * eps));
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
}

}  // namespace
}  // namespace koubei
