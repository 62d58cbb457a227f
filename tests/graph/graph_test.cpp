#include "koubei/graph/graph.hpp"

#include <gtest/gtest.h>

namespace koubei {
namespace {

// 0 -> 1, 0 -> 2, 1 -> 2
Graph triangle() { return Graph({0, 2, 3, 3}, {1, 2, 2}, {0.5f, 0.25f, 1.0f}, {}); }

TEST(Graph, ACopySharesTheArcsAndOwnsItsTrust) {
  const Graph original = triangle();
  Graph copy = original;
  EXPECT_EQ(copy.targets().data(), original.targets().data());
  EXPECT_EQ(copy.row_starts().data(), original.row_starts().data());
  EXPECT_NE(copy.trust().data(), original.trust().data());
  copy.mutable_trust()[0] = 0.75f;
  EXPECT_FLOAT_EQ(original.trust()[0], 0.5f);
  EXPECT_FLOAT_EQ(copy.out_trust(0)[0], 0.75f);
  EXPECT_EQ(copy.memory_bytes(), original.memory_bytes());
  EXPECT_EQ(copy.trust_bytes(), 3 * sizeof(float));
}

TEST(Graph, ChangingACopysIdsOrCommunitiesLeavesTheOriginalAlone) {
  const Graph original = triangle();
  Graph copy = original;
  copy.set_original_ids({10, 20, 30});
  copy.set_communities({0, 1, 1}, {"a", "b"});
  EXPECT_EQ(copy.original_id(2), 30u);
  EXPECT_EQ(original.original_id(2), 2u);
  EXPECT_TRUE(copy.has_communities());
  EXPECT_EQ(copy.community(1), 1u);
  EXPECT_FALSE(original.has_communities());
  EXPECT_EQ(original.num_communities(), 0u);
  // The copy has its own arcs now, equal to the original's.
  EXPECT_NE(copy.targets().data(), original.targets().data());
  EXPECT_EQ(copy.out_neighbors(0)[1], 2u);
  EXPECT_EQ(copy.out_degree(2), 0u);
}

TEST(Graph, AnEmptyGraphHasNoNodesAndNoArcs) {
  const Graph empty;
  EXPECT_EQ(empty.num_nodes(), 0u);
  EXPECT_EQ(empty.num_arcs(), 0u);
  EXPECT_EQ(empty.row_starts().size(), 1u);
  EXPECT_FALSE(empty.has_communities());
}

}  // namespace
}  // namespace koubei
