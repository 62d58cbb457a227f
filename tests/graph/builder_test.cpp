#include "koubei/graph/builder.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace koubei {
namespace {

std::vector<NodeId> row(const Graph& g, NodeId u) {
  auto s = g.out_neighbors(u);
  return {s.begin(), s.end()};
}

TEST(BuildGraph, SortsRowsAndDropsSelfLoopsAndDuplicates) {
  EdgeList e;
  e.num_nodes = 4;
  e.sources = {0, 0, 2, 0, 3, 0};
  e.targets = {3, 1, 2, 1, 0, 2};
  e.weights = {0.5f, 0.25f, 1.0f, 0.75f, 0.125f, 0.0f};
  Graph g = build_graph(std::move(e), {}, "test");
  EXPECT_EQ(g.num_nodes(), 4u);
  EXPECT_EQ(g.num_arcs(), 4u);
  EXPECT_EQ(row(g, 0), (std::vector<NodeId>{1, 2, 3}));
  // The first listed duplicate 0->1 keeps its weight.
  EXPECT_FLOAT_EQ(g.out_trust(0)[0], 0.25f);
  EXPECT_EQ(g.out_degree(2), 0u);
  EXPECT_EQ(g.info().self_loops_dropped, 1u);
  EXPECT_EQ(g.info().duplicates_dropped, 1u);
  EXPECT_TRUE(g.info().has_weights);
}

TEST(BuildGraph, UndirectedEdgesBecomeTwoArcs) {
  EdgeList e;
  e.num_nodes = 3;
  e.sources = {0, 1, 1};
  e.targets = {1, 2, 0};  // 1-0 repeats 0-1
  e.directed = false;
  Graph g = build_graph(std::move(e), {}, "test");
  EXPECT_EQ(g.num_arcs(), 4u);
  EXPECT_EQ(row(g, 1), (std::vector<NodeId>{0, 2}));
  EXPECT_EQ(g.info().duplicates_dropped, 2u);
  EXPECT_FALSE(g.info().directed);
}

TEST(BuildGraph, KeepsDuplicatesWhenAsked) {
  EdgeList e;
  e.num_nodes = 2;
  e.sources = {0, 0};
  e.targets = {1, 1};
  BuildOptions options;
  options.keep_duplicates = true;
  Graph g = build_graph(std::move(e), options, "test");
  EXPECT_EQ(g.num_arcs(), 2u);
}

TEST(BuildGraph, LongRowsAreSortedStably) {
  EdgeList e;
  e.num_nodes = 100;
  for (NodeId i = 0; i < 99; ++i) {
    e.sources.push_back(0);
    e.targets.push_back(99 - i);
    e.weights.push_back(static_cast<float>(i));
  }
  e.sources.push_back(0);
  e.targets.push_back(50);
  e.weights.push_back(1000.0f);
  Graph g = build_graph(std::move(e), {}, "test");
  ASSERT_EQ(g.out_degree(0), 99u);
  for (NodeId i = 0; i < 99; ++i) EXPECT_EQ(g.out_neighbors(0)[i], i + 1);
  EXPECT_FLOAT_EQ(g.out_trust(0)[49], 49.0f);  // target 50 was listed first with weight 49
}

}  // namespace
}  // namespace koubei
