#include "koubei/batch/scenario.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace koubei {
namespace {

RunConfig config(const std::string& trust) {
  RunConfig c;
  c.graph = "er:n=500,k=4";
  c.trust = trust;
  c.seeds = SeedingSpec::random(5);
  return c;
}

// A sweep over trust models builds the graph once: every scenario shares
// its arcs and gets its own trust.
TEST(GraphCache, TrustModelsShareOneBuildOfTheArcs) {
  GraphCache cache;
  Scenario low = Scenario::prepare(config("const:0.1"), &cache);
  Scenario high = Scenario::prepare(config("const:0.5"), &cache);
  Scenario wc = Scenario::prepare(config("wc"), &cache);
  EXPECT_EQ(low.graph->targets().data(), high.graph->targets().data());
  EXPECT_EQ(low.graph->targets().data(), wc.graph->targets().data());
  EXPECT_FLOAT_EQ(low.graph->trust()[0], 0.1f);
  EXPECT_FLOAT_EQ(high.graph->trust()[0], 0.5f);
  // The same trust again is the same graph.
  Scenario again = Scenario::prepare(config("const:0.5"), &cache);
  EXPECT_EQ(again.graph.get(), high.graph.get());
  // Each equals a graph built alone.
  Scenario alone = Scenario::prepare(config("wc"));
  ASSERT_EQ(alone.graph->num_arcs(), wc.graph->num_arcs());
  EXPECT_TRUE(std::equal(alone.graph->targets().begin(), alone.graph->targets().end(),
                         wc.graph->targets().begin()));
  EXPECT_TRUE(std::equal(alone.graph->trust().begin(), alone.graph->trust().end(),
                         wc.graph->trust().begin()));
}

TEST(GraphCache, ADifferentSeedOrGraphIsBuiltAgain) {
  GraphCache cache;
  Scenario a = Scenario::prepare(config("const:0.1"), &cache);
  RunConfig other = config("const:0.1");
  other.rng_seed = 7;
  Scenario b = Scenario::prepare(other, &cache);
  EXPECT_NE(a.graph->targets().data(), b.graph->targets().data());
}

TEST(GraphCache, ADroppedGraphIsBuiltAgainWhileItsUsersKeepTheirs) {
  GraphCache cache;
  Scenario first = Scenario::prepare(config("const:0.1"), &cache);
  const NodeId* arcs = first.graph->targets().data();
  cache.drop(GraphCache::base_key(config("const:0.1")));
  Scenario again = Scenario::prepare(config("const:0.1"), &cache);
  EXPECT_NE(again.graph->targets().data(), arcs);  // built anew
  EXPECT_EQ(first.graph->targets().data(), arcs);  // the first keeps its own
  EXPECT_TRUE(std::equal(first.graph->targets().begin(), first.graph->targets().end(),
                         again.graph->targets().begin()));
}

}  // namespace
}  // namespace koubei
