#include "koubei/seeding/spread_estimate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "koubei/core/error.hpp"
#include "koubei/model/simulation.hpp"
#include "koubei/rules/rule.hpp"
#include "koubei/seeding/rr_sets.hpp"
#include "koubei/seeding/ris.hpp"
#include "koubei/seeding/select_seeds.hpp"
#include "seeding_test_graphs.hpp"

namespace koubei {
namespace {

using seeding_testing::expect_agree;
using seeding_testing::karate;
using seeding_testing::star;

/// |estimate - expected| within 5 of its standard errors.
void expect_near_expected(const SpreadEstimate& e, double expected, const std::string& what) {
  EXPECT_LE(std::abs(e.mean - expected), 5 * e.standard_error)
      << what << ": " << e.mean << " +- " << e.standard_error << ", expected " << expected;
}

TEST(SpreadEstimate, TheCentreOfADirectedStarReachesItselfAndHalfTheLeaves) {
  // Each of the 8 leaves hears from the centre alone, with trust 1/2 (under
  // lt its one in-arc weighs 1/2 too): 1 + 8/2 = 5 users on average.
  const Graph g = star(8, true, "const:0.5");
  const std::vector<NodeId> centre{0};
  for (InfluenceRule rule : {InfluenceRule::kIc, InfluenceRule::kLt}) {
    const std::string name = influence_rule_name(rule);
    const SpreadEstimate mc = monte_carlo_spread(g, rule, centre, 4000, 3, 2);
    EXPECT_GT(mc.standard_error, 0);
    EXPECT_EQ(mc.samples, 4000u);
    expect_near_expected(mc, 5.0, "monte carlo " + name);
    const InfluenceGraph influence(g, rule);
    expect_near_expected(rr_spread(influence, centre, 40000, 3, 2), 5.0, "rr " + name);
    // A leaf reaches only itself.
    const std::vector<NodeId> leaf{3};
    EXPECT_EQ(monte_carlo_spread(g, rule, leaf, 100, 3, 1).mean, 1.0);
  }
}

TEST(SpreadEstimate, MonteCarloReplicateRIsTheSimulationsReplicateR) {
  const Graph g = karate("wc");
  const std::vector<NodeId> seeds{0, 33};
  for (InfluenceRule rule : {InfluenceRule::kIc, InfluenceRule::kLt}) {
    const auto cascade = make_rule(influence_rule_name(rule), g);
    Simulation simulation(g, *cascade);
    double sum = 0;
    for (std::uint32_t r = 0; r < 5; ++r)
      sum += static_cast<double>(
          simulation.run({11, r, 0, false}, SeedPlan::fixed(seeds)).ever_adopted);
    EXPECT_DOUBLE_EQ(monte_carlo_spread(g, rule, seeds, 5, 11, 2).mean, sum / 5);
  }
}

TEST(SpreadEstimate, KarateHubReachesTenAndAHalfUsersUnderWeightedCascade) {
  // Node 33 of the undirected karate club with trust 1 / in-degree: 10.56
  // users on average (to 0.05).
  const Graph g = karate("wc");
  const std::vector<NodeId> hub{*g.find_node(33)};
  const SpreadEstimate mc = monte_carlo_spread(g, InfluenceRule::kIc, hub, 20000, 2024, 2);
  EXPECT_LE(std::abs(mc.mean - 10.56), std::max(0.05, 5 * mc.standard_error))
      << mc.mean << " +- " << mc.standard_error;
  const InfluenceGraph influence(g, InfluenceRule::kIc);
  const SpreadEstimate rr = rr_spread(influence, hub, 200000, 2024, 2);
  expect_agree(mc, rr, "karate hub");
}

TEST(SpreadEstimate, RrSetsAndMonteCarloAgreeUnderIcAndLt) {
  // Karate with trust 1 / in-degree (lt weights as they are) and with
  // uniform trust up to 0.5 (lt scales the incoming trust of busy nodes
  // down to 1), and a directed graph.
  Graph email = GraphSpec("file:" KOUBEI_DATA_DIR "/email-Eu-core.txt.gz").make(1);
  TrustModel("wc").apply(email, 1);
  struct Case {
    std::string name;
    Graph graph;
    std::vector<NodeId> seeds;
  };
  const std::vector<Case> cases{{"karate wc", karate("wc"), {0, 33}},
                                {"karate uniform", karate("uniform:0.1:0.5"), {4, 16, 25}},
                                {"email wc", email, {1, 100, 500, 900}}};
  for (const Case& c : cases) {
    for (InfluenceRule rule : {InfluenceRule::kIc, InfluenceRule::kLt}) {
      const std::string what = c.name + " " + influence_rule_name(rule);
      const SpreadEstimate mc = monte_carlo_spread(c.graph, rule, c.seeds, 4000, 8, 2);
      const InfluenceGraph influence(c.graph, rule);
      const SpreadEstimate rr = rr_spread(influence, c.seeds, 100000, 8, 2);
      EXPECT_GT(mc.mean, static_cast<double>(c.seeds.size())) << what;
      expect_agree(mc, rr, what);
    }
  }
}

TEST(SpreadEstimate, WithoutTrustRrSetsAreTheirRootsAndTheSpreadIsTheSeeds) {
  const Graph g = karate("const:0");
  const std::vector<NodeId> seeds{2, 7, 19};
  for (InfluenceRule rule : {InfluenceRule::kIc, InfluenceRule::kLt}) {
    const InfluenceGraph influence(g, rule);
    const SpreadEstimate rr = rr_spread(influence, seeds, 30000, 4, 2);
    // The estimate reads collection 4: n times the share of its roots that are seeds.
    RrSets sets(influence, 4, kEstimateSets);
    sets.grow_to(30000, 1);
    std::uint64_t hits = 0;
    for (std::uint64_t i = 0; i < sets.size(); ++i) {
      ASSERT_EQ(sets.set(i).size(), 1u);
      const NodeId root = sets.set(i)[0];
      hits += root == 2 || root == 7 || root == 19;
    }
    EXPECT_DOUBLE_EQ(rr.mean, 34.0 * static_cast<double>(hits) / 30000);
    const double share = static_cast<double>(hits) / 30000;
    EXPECT_DOUBLE_EQ(rr.standard_error, 34.0 * std::sqrt(share * (1 - share) / 30000));
    expect_near_expected(rr, 3.0, "rr without trust");
    const SpreadEstimate mc = monte_carlo_spread(g, rule, seeds, 500, 4, 2);
    EXPECT_EQ(mc.mean, 3.0);
    EXPECT_EQ(mc.standard_error, 0.0);
  }
}

TEST(SpreadEstimate, BothEstimatesAreTheSameOnOneAndTwoThreads) {
  const Graph g = karate("wc");
  const std::vector<NodeId> seeds{0, 33};
  for (InfluenceRule rule : {InfluenceRule::kIc, InfluenceRule::kLt}) {
    // Not a multiple of the 64 runs a thread takes at a time.
    const SpreadEstimate one = monte_carlo_spread(g, rule, seeds, 1000, 17, 1);
    const SpreadEstimate two = monte_carlo_spread(g, rule, seeds, 1000, 17, 2);
    EXPECT_EQ(one.mean, two.mean);  // bitwise
    EXPECT_EQ(one.standard_error, two.standard_error);
    const InfluenceGraph influence(g, rule);
    const SpreadEstimate rr1 = rr_spread(influence, seeds, 40000, 17, 1);
    const SpreadEstimate rr2 = rr_spread(influence, seeds, 40000, 17, 2);
    EXPECT_EQ(rr1.mean, rr2.mean);
    EXPECT_EQ(rr1.standard_error, rr2.standard_error);
  }
}

TEST(SpreadEstimate, ASeedOutsideTheGraphOrNoRunsIsAnError) {
  const Graph g = karate("wc");
  const std::vector<NodeId> outside{3, 34};
  const std::vector<NodeId> inside{3};
  EXPECT_THROW(monte_carlo_spread(g, InfluenceRule::kIc, outside, 10, 1, 1), InputError);
  EXPECT_THROW(rr_spread(InfluenceGraph(g, InfluenceRule::kIc), outside, 10, 1, 1), InputError);
  EXPECT_THROW(monte_carlo_spread(g, InfluenceRule::kIc, inside, 0, 1, 1), InputError);
}

TEST(SpreadEstimate, AnRrEstimateFromNoSetsIsAnError) {
  const Graph g = karate("wc");
  const std::vector<NodeId> seeds{3};
  EXPECT_THROW(rr_spread(InfluenceGraph(g, InfluenceRule::kIc), seeds, 0, 1, 1), InputError);
}

TEST(SpreadEstimate, TheHalfWidthIsThe95PercentNormalQuantileTimesTheError) {
  SpreadEstimate e;
  e.standard_error = 2;
  EXPECT_NEAR(e.half_width(), 3.919927969, 1e-8);
}

}  // namespace
}  // namespace koubei
