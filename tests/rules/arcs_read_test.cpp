// arcs_read (the yardstick of compare's arcs/s): the arcs whose target or
// trust a rule read. `arcs_examined` stays the frontier's out-arcs, each one
// referral exposure, whatever the rule reads.

#include <gtest/gtest.h>

#include <vector>

#include "koubei/model/simulation.hpp"
#include "koubei/rules/independent_cascade.hpp"
#include "rule_test_graphs.hpp"

namespace koubei {
namespace {

// A star 0 -> 1..1000, every arc with `trust` (or 0.1 to 0.4 when negative).
Graph star(float trust) {
  std::vector<testing::Arc> arcs;
  for (NodeId v = 1; v <= 1000; ++v)
    arcs.push_back({0, v, trust >= 0 ? trust : 0.1f * static_cast<float>(1 + v % 4)});
  return testing::arcs_graph(1001, arcs);
}

ReplicateResult run(const Graph& g, const Rule& rule) {
  Simulation sim(g, rule);
  return sim.run({3, 0, 0, false}, SeedPlan::fixed({0}));
}

TEST(ArcsRead, IcWithOneTrustReadsOnlyLiveArcs) {
  const Graph g = star(0.2f);
  for (const char* spec : {"ic", "ic:sampler=runs"}) {
    const auto rule = make_rule(spec, g);
    const ReplicateResult r = run(g, *rule);
    EXPECT_EQ(r.arcs_examined, 1000u) << spec;
    EXPECT_EQ(r.arcs_read, r.ever_adopted - 1) << spec;  // the live arcs, each a new adopter
    EXPECT_GT(r.arcs_read, 100u) << spec;
  }
}

TEST(ArcsRead, IcWithVaryingTrustReadsEveryArcsTrust) {
  const Graph g = star(-1);
  IndependentCascade ic(g);
  const ReplicateResult r = run(g, ic);
  EXPECT_EQ(r.arcs_examined, 1000u);
  EXPECT_EQ(r.arcs_read, 1000u);
}

TEST(ArcsRead, IcAtTrustZeroReadsNoArc) {
  const Graph g = star(0.0f);
  IndependentCascade ic(g);
  const ReplicateResult r = run(g, ic);
  EXPECT_EQ(r.arcs_examined, 1000u);
  EXPECT_EQ(r.arcs_read, 0u);
}

TEST(ArcsRead, OtherRulesReadWhatTheyExamine) {
  const Graph g = star(0.2f);
  for (const char* spec : {"lt", "complex:k=1", "invite:k=5", "sir:churn=1"}) {
    const auto rule = make_rule(spec, g);
    const ReplicateResult r = run(g, *rule);
    EXPECT_EQ(r.arcs_read, r.arcs_examined) << spec;
    EXPECT_GE(r.arcs_examined, 1000u) << spec;
  }
  const auto global = make_rule("bass:p=0.01,q=0.3,scope=global", g);
  EXPECT_EQ(run(g, *global).arcs_read, 0u);
}

}  // namespace
}  // namespace koubei
