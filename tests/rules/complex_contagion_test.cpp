#include "koubei/rules/complex_contagion.hpp"

#include <gtest/gtest.h>

#include "koubei/core/error.hpp"
#include "koubei/graph/generators.hpp"
#include "koubei/model/simulation.hpp"
#include "koubei/rules/independent_cascade.hpp"
#include "koubei/trust/trust_model.hpp"
#include "rule_test_graphs.hpp"

namespace koubei {
namespace {

ReplicateResult run_once(const Graph& g, const Rule& rule, const SeedPlan& seeds,
                         std::uint32_t replicate = 0) {
  Simulation sim(g, rule);
  return sim.run({42, replicate, 0}, seeds);
}

/// Two cliques of `size` nodes (0..size-1 and size..2size-1), both arcs of
/// every edge with trust 1, joined by the one edge (size-1, size).
Graph two_cliques(NodeId size) {
  std::vector<testing::Arc> arcs;
  for (NodeId base : {NodeId{0}, size})
    for (NodeId u = 0; u < size; ++u)
      for (NodeId v = 0; v < size; ++v)
        if (u != v) arcs.push_back({base + u, base + v, 1.0f});
  arcs.push_back({size - 1, size, 1.0f});
  arcs.push_back({size, size - 1, 1.0f});
  return testing::arcs_graph(2 * size, arcs);
}

TEST(ComplexContagion, KTwoDoesNotCrossABridge) {
  Graph g = two_cliques(10);
  ComplexContagion k2(g, {2}), k1(g, {1});
  ReplicateResult r = run_once(g, k2, SeedPlan::fixed({0, 1}));
  EXPECT_EQ(r.final_step().counts.adopters, 10u);  // the seeds' clique only
  ASSERT_EQ(r.steps.size(), 2u);                   // all of it in step 1
  EXPECT_EQ(r.steps[1].transitions.new_adopters, 8u);
  // One adopter across the bridge is not enough; a simple contagion crosses.
  EXPECT_EQ(run_once(g, k1, SeedPlan::fixed({0, 1})).final_step().counts.adopters, 20u);
  // A single seed cannot start a k = 2 contagion at all.
  EXPECT_EQ(run_once(g, k2, SeedPlan::fixed({0})).final_step().counts.adopters, 1u);
}

TEST(ComplexContagion, KOneIsIndependentCascadeWithTrustOne) {
  Graph g = build_graph(erdos_renyi(3000, 2.0, 7), {}, "er");
  TrustModel::parse("const:1").apply(g, 7);
  ComplexContagion complex(g, {1});
  IndependentCascade ic(g);
  for (std::uint32_t rep = 0; rep < 5; ++rep) {
    ReplicateResult a = run_once(g, complex, SeedPlan::random(3), rep);
    ReplicateResult b = run_once(g, ic, SeedPlan::random(3), rep);
    ASSERT_EQ(a.steps.size(), b.steps.size());
    for (std::size_t t = 0; t < a.steps.size(); ++t) {
      EXPECT_EQ(a.steps[t].counts, b.steps[t].counts);
      EXPECT_EQ(a.steps[t].transitions, b.steps[t].transitions);
    }
    EXPECT_EQ(a.arcs_examined, b.arcs_examined);
  }
}

// Ring with two neighbours per side: node v links to v±1 and v±2. From two
// adjacent seeds, k = 2 reaches exactly one more node on each side per step.
TEST(ComplexContagion, RingLatticeSpreadsOneNodePerSidePerStep) {
  Graph g = build_graph(watts_strogatz(100, 4, 0.0, 1), {}, "ws");
  TrustModel::parse("const:1").apply(g, 1);
  ComplexContagion k2(g, {2});
  ReplicateResult r = run_once(g, k2, SeedPlan::fixed({0, 1}));
  ASSERT_EQ(r.steps.size(), 50u);  // 98 nodes to reach, 2 per step
  for (std::uint32_t t = 1; t < 50; ++t) {
    EXPECT_EQ(r.steps[t].transitions.new_adopters, 2u) << "step " << t;
    EXPECT_EQ(r.steps[t].counts.adopters, 2 + 2 * t);
  }
  // With k = 3 the same seeds are stuck: each neighbour sees at most two.
  EXPECT_EQ(run_once(g, ComplexContagion(g, {3}), SeedPlan::fixed({0, 1})).steps.size(), 1u);
}

TEST(ComplexContagion, ZeroTrustArcsDoNotCount) {
  // 0 -> 2 and 1 -> 2; the arc from 1 has trust 0, so 2 sees one adopter.
  Graph g = testing::arcs_graph(3, {{0, 2, 0.7f}, {1, 2, 0.0f}});
  EXPECT_EQ(run_once(g, ComplexContagion(g, {2}), SeedPlan::fixed({0, 1})).steps.size(), 1u);
  EXPECT_EQ(run_once(g, ComplexContagion(g, {1}), SeedPlan::fixed({0, 1})).steps.size(), 2u);
}

TEST(ComplexContagion, ExposuresAccumulateOverStepsAndResetBetweenReplicates) {
  // Seeds 0 and 1 expose 2 twice in step 1; 3 is exposed by 0 in step 1 and
  // by 2 in step 2, so it adopts in step 2.
  Graph g = testing::arcs_graph(4, {{0, 2, 1.0f}, {1, 2, 1.0f}, {0, 3, 1.0f}, {2, 3, 1.0f}});
  ComplexContagion k2(g, {2});
  Simulation sim(g, k2);
  ReplicateResult r = sim.run({1, 0, 0}, SeedPlan::fixed({0, 1}));
  ASSERT_EQ(r.steps.size(), 3u);
  EXPECT_EQ(r.steps[1].transitions.new_adopters, 1u);
  EXPECT_EQ(r.steps[2].transitions.new_adopters, 1u);
  EXPECT_EQ(r.final_step().counts.adopters, 4u);
  for (std::uint32_t rep = 1; rep < 6; ++rep) {
    // Seed 0 alone, then 1 alone: each exposes 2 once, and the exposure left
    // by the replicate before must not count.
    ReplicateResult s = sim.run({1, rep, 0}, SeedPlan::fixed({rep % 2 ? NodeId{0} : NodeId{1}}));
    EXPECT_EQ(s.steps.size(), 1u);
    EXPECT_EQ(s.final_step().counts.adopters, 1u);
  }
}

TEST(ComplexContagion, CountsConserveAndNobodyDeactivates) {
  Graph g = build_graph(watts_strogatz(4000, 8, 0.05, 3), {}, "ws");
  TrustModel::parse("const:0.5").apply(g, 3);
  ComplexContagion k2(g, {2});
  ReplicateResult r = run_once(g, k2, SeedPlan::random(400), 3);
  ASSERT_GT(r.steps.size(), 3u);
  std::uint64_t previous = 0, total_new = 0;
  for (const StepRecord& s : r.steps) {
    EXPECT_EQ(s.counts.unaware + s.counts.aware + s.counts.adopters + s.counts.churned, 4000u);
    EXPECT_EQ(s.counts.churned, 0u);
    EXPECT_GE(s.counts.adopters, previous);
    EXPECT_EQ(s.counts.adopters - previous, s.transitions.new_adopters);
    previous = s.counts.adopters;
    total_new += s.transitions.new_adopters;
  }
  EXPECT_EQ(total_new, r.final_step().counts.adopters);
}

TEST(ComplexContagion, SpecIsValidated) {
  Graph g = testing::path_graph(3, 1.0f);
  EXPECT_EQ(make_rule("complex:k=3", g)->spec(), "complex:k=3");
  EXPECT_EQ(make_rule(make_rule("complex:k=3", g)->spec(), g)->spec(), "complex:k=3");
  for (const char* bad : {"complex", "complex:k=0", "complex:k=1.5", "complex:k=-2",
                          "complex:k=2,p=1", "complex:2"}) {
    testing::expect_bad_rule_spec(bad);
  }
}

}  // namespace
}  // namespace koubei
