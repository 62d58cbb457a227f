#include "koubei/rules/linear_threshold.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "koubei/model/simulation.hpp"
#include "koubei/random/stream.hpp"
#include "rule_test_graphs.hpp"

namespace koubei {
namespace {

using testing::Arc;
using testing::arcs_graph;

ReplicateResult run_once(const Graph& g, const Rule& rule, std::vector<NodeId> seeds,
                         std::uint32_t replicate) {
  Simulation sim(g, rule);
  return sim.run({42, replicate, 0}, SeedPlan::fixed(std::move(seeds)));
}

double threshold(std::uint32_t replicate, NodeId v) {
  return 1.0 - CounterStream(42, replicate, Purpose::kThreshold).uniform_pair(v);
}

TEST(LinearThreshold, NormalisesIncomingTrustAboveOne) {
  // Node 3 receives 0.8 + 0.8 + 0.4 = 2.0; node 4 receives 0.5.
  Graph g = arcs_graph(5, {{0, 3, 0.8f}, {1, 3, 0.8f}, {2, 3, 0.4f}, {0, 4, 0.5f}});
  LinearThreshold lt(g);
  EXPECT_FLOAT_EQ(lt.in_scale(3), 0.5f);
  EXPECT_FLOAT_EQ(lt.in_scale(4), 1.0f);
  EXPECT_FLOAT_EQ(lt.in_scale(0), 1.0f);
}

// Star into a centre: leaves 1..4 point at 0 with trust 0.25 each. With k
// leaves seeded, the centre adopts exactly when k/4 >= its threshold.
TEST(LinearThreshold, StarCentreAdoptsWhenWeightReachesThreshold) {
  Graph g = arcs_graph(5, {{1, 0, 0.25f}, {2, 0, 0.25f}, {3, 0, 0.25f}, {4, 0, 0.25f}});
  LinearThreshold lt(g);
  int adopted_with[5] = {0, 0, 0, 0, 0};
  for (std::uint32_t rep = 0; rep < 400; ++rep) {
    for (NodeId k = 1; k <= 4; ++k) {
      std::vector<NodeId> seeds;
      for (NodeId leaf = 1; leaf <= k; ++leaf) seeds.push_back(leaf);
      ReplicateResult r = run_once(g, lt, seeds, rep);
      bool centre = r.final_step().counts.adopters == k + 1;
      EXPECT_EQ(centre, k * 0.25 >= threshold(rep, 0)) << "rep " << rep << " k " << k;
      if (centre) {
        ASSERT_EQ(r.steps.size(), 2u);  // the centre adopts in step 1
        ++adopted_with[k];
      }
    }
  }
  // All four leaves always suffice (total weight 1 >= any threshold in (0,1]).
  EXPECT_EQ(adopted_with[4], 400);
  // With k leaves the chance is k/4: the count is Binomial(400, k/4), within
  // 4.5 SE = 4.5 sqrt(p (1 - p) / 400).
  for (int k = 1; k <= 3; ++k) {
    const double p = k / 4.0;
    EXPECT_NEAR(adopted_with[k] / 400.0, p, 4.5 * std::sqrt(p * (1 - p) / 400));
  }
  // The outcome is exactly `threshold <= k/4` (checked above), so the
  // threshold's law decides the chances: over 400000 replicates the share
  // with threshold <= k/4 has SE sqrt(p (1 - p) / 400000) <= 7.9e-4;
  // tolerance 4.5 SE, and a 2% error in k/4 is 7.3 to 19 SE.
  const std::uint32_t many = 400000;
  int below[4] = {0, 0, 0, 0};
  for (std::uint32_t rep = 0; rep < many; ++rep) {
    const double t = threshold(rep, 0);
    for (int k = 1; k <= 3; ++k) below[k] += t <= k / 4.0;
  }
  for (int k = 1; k <= 3; ++k) {
    const double p = k / 4.0;
    EXPECT_NEAR(below[k] / double(many), p, 4.5 * std::sqrt(p * (1 - p) / many)) << k;
  }
}

TEST(LinearThreshold, WeightsAccumulateOverSteps) {
  // 0 -> 1 -> 2 and 0 -> 2, each 0.5: node 2 gets 0.5 in step 1 and 0.5 more
  // in step 2 if node 1 adopted; with both, weight 1 always suffices.
  Graph g = arcs_graph(3, {{0, 1, 1.0f}, {0, 2, 0.5f}, {1, 2, 0.5f}});
  LinearThreshold lt(g);
  for (std::uint32_t rep = 0; rep < 100; ++rep) {
    ReplicateResult r = run_once(g, lt, {0}, rep);
    EXPECT_EQ(r.final_step().counts.adopters, 3u);
    EXPECT_EQ(r.steps[1].counts.adopters, threshold(rep, 2) <= 0.5 ? 3u : 2u);
  }
}

TEST(LinearThreshold, ZeroTrustNeverActivates) {
  Graph g = arcs_graph(3, {{0, 1, 0.0f}, {0, 2, 0.0f}});
  LinearThreshold lt(g);
  for (std::uint32_t rep = 0; rep < 50; ++rep)
    EXPECT_EQ(run_once(g, lt, {0}, rep).final_step().counts.adopters, 1u);
}

TEST(LinearThreshold, ScratchIsClearedBetweenReplicates) {
  Graph g = arcs_graph(3, {{0, 2, 0.5f}, {1, 2, 0.5f}});
  LinearThreshold lt(g);
  Simulation sim(g, lt);
  for (std::uint32_t rep = 0; rep < 200; ++rep) {
    // Alternate seeds: weight from the previous replicate must not linger.
    ReplicateResult r = sim.run({42, rep, 0}, SeedPlan::fixed({rep % 2 ? NodeId{1} : NodeId{0}}));
    EXPECT_EQ(r.final_step().counts.adopters, 0.5 >= threshold(rep, 2) ? 2u : 1u);
  }
}

}  // namespace
}  // namespace koubei
