#include "koubei/seeding/celf.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "seeding_test_graphs.hpp"

namespace koubei {
namespace {

using seeding_testing::edges_graph;

/// Nodes `from` reaches over the arcs, itself included, as flags.
std::vector<char> reach(const Graph& g, NodeId from) {
  std::vector<char> in(g.num_nodes(), 0);
  std::vector<NodeId> queue{from};
  in[from] = 1;
  for (std::size_t i = 0; i < queue.size(); ++i)
    for (NodeId w : g.out_neighbors(queue[i]))
      if (!in[w]) in[w] = 1, queue.push_back(w);
  return in;
}

TEST(Celf, WithFullTrustEveryWorldIsTheGraphAndGreedyIsExact) {
  // 0->1->2->3, 4->3, 0->4, the cycle 5->6->7->5, 7->2, 8->9, 10 alone.
  // Every arc is live in every world, so a node's gain is what it reaches
  // that the seeds do not, and the picks follow greedy with ties to the
  // smaller id: 0 (reaches 5 nodes; so do 5, 6 and 7), then 5 (adds 3, as
  // 6 and 7 would), then 8 (adds 2), then 10 (adds 1), then 1 (adds
  // nothing, the smallest id left).
  const Graph g = edges_graph(11,
                              {{0, 1}, {1, 2}, {2, 3}, {4, 3}, {0, 4}, {5, 6}, {6, 7},
                               {7, 5}, {7, 2}, {8, 9}},
                              true, "const:1");
  // Brute-force greedy on reach sets.
  std::vector<char> covered(11, 0), chosen(11, 0);
  std::vector<NodeId> expected;
  std::uint64_t total = 0;
  for (int pick = 0; pick < 5; ++pick) {
    NodeId best = 11;
    std::uint64_t best_gain = 0;
    for (NodeId v = 0; v < 11; ++v) {
      if (chosen[v]) continue;
      const auto r = reach(g, v);
      std::uint64_t gain = 0;
      for (NodeId u = 0; u < 11; ++u) gain += r[u] && !covered[u];
      if (best == 11 || gain > best_gain) best = v, best_gain = gain;
    }
    chosen[best] = 1;
    expected.push_back(best);
    total += best_gain;
    const auto r = reach(g, best);
    for (NodeId u = 0; u < 11; ++u) covered[u] |= r[u];
  }
  EXPECT_EQ(expected, (std::vector<NodeId>{0, 5, 8, 10, 1}));
  for (unsigned threads : {1u, 2u}) {
    const CelfSelection celf =
        select_celf(InfluenceGraph(g, InfluenceRule::kIc), 5, 20, {}, 3, threads);
    EXPECT_EQ(celf.seeds, expected) << threads << " threads";
    EXPECT_DOUBLE_EQ(celf.worlds_spread, static_cast<double>(total));
    EXPECT_GE(celf.evaluations, 11u);  // every node once, then the lazy re-evaluations
  }
}

TEST(Celf, UnderLtAChainOfFullWeightIsLiveInEveryWorld) {
  // Each node has one in-arc of weight 1, so it is always the live one.
  // Chains 0->1->2->3 and 4->5->6: greedy picks 0 (4 nodes), then 4 (3).
  const Graph g = edges_graph(7, {{0, 1}, {1, 2}, {2, 3}, {4, 5}, {5, 6}}, true, "const:1");
  const CelfSelection celf = select_celf(InfluenceGraph(g, InfluenceRule::kLt), 2, 30, {}, 3, 2);
  EXPECT_EQ(celf.seeds, (std::vector<NodeId>{0, 4}));
  EXPECT_DOUBLE_EQ(celf.worlds_spread, 7.0);
}

TEST(Celf, OnlyAllowedNodesAreChosen) {
  const Graph g = edges_graph(7, {{0, 1}, {1, 2}, {2, 3}, {4, 5}, {5, 6}}, true, "const:1");
  const std::vector<char> allowed{0, 1, 1, 1, 0, 1, 1};
  const CelfSelection celf = select_celf(InfluenceGraph(g, InfluenceRule::kIc), 2, 10, allowed, 3, 1);
  EXPECT_EQ(celf.seeds, (std::vector<NodeId>{1, 5}));
  EXPECT_DOUBLE_EQ(celf.worlds_spread, 5.0);
}

}  // namespace
}  // namespace koubei
