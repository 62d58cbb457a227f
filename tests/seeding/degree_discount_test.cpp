#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "koubei/seeding/heuristics.hpp"
#include "koubei/seeding/influence_graph.hpp"
#include "koubei/seeding/select_seeds.hpp"
#include "seeding_test_graphs.hpp"

namespace koubei {
namespace {

using seeding_testing::Arc;
using seeding_testing::arcs_graph;
using seeding_testing::edges_graph;

// A hand-made undirected graph of 14 nodes with degrees from 0 to 7 (node
// 13 is isolated), with triangles so that discounts pile up.
const std::vector<std::pair<NodeId, NodeId>> kEdges{
    {0, 1},  {0, 2},   {3, 4},   {3, 5},   {3, 6},   {3, 7},  {3, 8},  {3, 9},
    {3, 10}, {10, 11}, {10, 12}, {10, 4},  {11, 12}, {5, 6},  {8, 9},  {1, 2},
    {4, 12}, {6, 7},   {11, 5},  {12, 1},
};

/// The order degree-discount must pick, by brute force: greedily the v not
/// chosen that maximises (1 - p)^t (1 + (d - t) p), t its chosen
/// neighbours, ties to the smaller id. With p a power of 1/2 every score is
/// exact in double, so ties are exact ties.
std::vector<NodeId> brute_force_order(const Graph& g, double p, std::size_t k) {
  const NodeId n = g.num_nodes();
  std::vector<char> chosen(n, 0);
  std::vector<NodeId> order;
  while (order.size() < k) {
    NodeId best = n;
    double best_score = -1;
    for (NodeId v = 0; v < n; ++v) {
      if (chosen[v]) continue;
      int t = 0;
      for (NodeId w : g.out_neighbors(v)) t += chosen[w];
      const int d = static_cast<int>(g.out_degree(v));
      const double score = std::pow(1 - p, t) * (1 + (d - t) * p);
      if (score > best_score) best = v, best_score = score;  // strict: ties keep the smaller id
    }
    chosen[best] = 1;
    order.push_back(best);
  }
  return order;
}

TEST(DegreeDiscount, PicksGreedilyByTheDiscountedDegreeWithOneUniformProbability) {
  for (const char* trust : {"const:0.5", "const:0.25", "const:0.125"}) {
    const Graph g = edges_graph(14, kEdges, false, trust);
    const double p = g.trust()[0];
    const InfluenceGraph influence(g, InfluenceRule::kIc);
    // The whole order, so that every step is checked.
    EXPECT_EQ(degree_discount_seeds(influence, 14, {}), brute_force_order(g, p, 14)) << trust;
    EXPECT_EQ(select_seeds(g, InfluenceRule::kIc, SeedingSpec("degree-discount:k=5"), 1, 1).seeds,
              brute_force_order(g, p, 5))
        << trust;
  }
}

TEST(DegreeDiscount, WithAnyProbabilityEachPickMaximisesTheDiscountedDegree) {
  // Probabilities that are not powers of 1/2 round (the trust is a float),
  // so near-ties may fall either way: each pick must score the most to
  // rounding, given the picks before it.
  for (const char* trust : {"const:0.1", "const:0.3", "const:0.05"}) {
    const Graph g = edges_graph(14, kEdges, false, trust);
    const double p = g.trust()[0];
    const auto order = degree_discount_seeds(InfluenceGraph(g, InfluenceRule::kIc), 14, {});
    ASSERT_EQ(order.size(), 14u);
    std::vector<char> chosen(14, 0);
    auto score = [&](NodeId v) {
      int t = 0;
      for (NodeId w : g.out_neighbors(v)) t += chosen[w];
      const int d = static_cast<int>(g.out_degree(v));
      return std::pow(1 - p, t) * (1 + (d - t) * p);
    };
    for (NodeId pick : order) {
      ASSERT_FALSE(chosen[pick]) << trust << ": " << pick << " picked twice";
      double best = -1;
      for (NodeId v = 0; v < 14; ++v)
        if (!chosen[v]) best = std::max(best, score(v));
      EXPECT_GE(score(pick), best - 1e-12) << trust << ": picked " << pick;
      chosen[pick] = 1;
    }
  }
}

TEST(DegreeDiscount, TiesGoToTheSmallerIdEvenBetweenDifferentDegrees) {
  // Hub 4 (degree 8) goes first. Then its neighbour 5 (degree 7, one chosen
  // neighbour) scores (1/2)(1 + 6/2) = 2 and a node of degree 2 away from
  // the hub scores 1 + 2/2 = 2: an exact tie at p = 1/2, which the smaller
  // id wins. Every other node scores 1.5 or less.
  auto graph_with_pair_at = [](NodeId a, NodeId b, NodeId c) {
    std::vector<std::pair<NodeId, NodeId>> edges{{a, b}, {a, c}};
    for (NodeId v = 5; v <= 12; ++v) edges.emplace_back(4, v);
    for (NodeId v = 13; v <= 18; ++v) edges.emplace_back(5, v);
    return edges_graph(22, edges, false, "const:0.5");
  };
  // The degree-2 node is 0, below 5: it wins the tie, then 5 follows.
  const Graph low = graph_with_pair_at(0, 1, 2);
  EXPECT_EQ(degree_discount_seeds(InfluenceGraph(low, InfluenceRule::kIc), 3, {}),
            (std::vector<NodeId>{4, 0, 5}));
  // The degree-2 node is 19, above 5: 5 wins the tie.
  const Graph high = graph_with_pair_at(19, 20, 21);
  EXPECT_EQ(degree_discount_seeds(InfluenceGraph(high, InfluenceRule::kIc), 3, {}),
            (std::vector<NodeId>{4, 5, 19}));
  // The brute force agrees on both.
  EXPECT_EQ(brute_force_order(low, 0.5, 3), (std::vector<NodeId>{4, 0, 5}));
  EXPECT_EQ(brute_force_order(high, 0.5, 3), (std::vector<NodeId>{4, 5, 19}));
}

/// The general rule on per-arc probabilities: prod over chosen s with an
/// arc s->v of (1 - p(s,v)), times 1 + the sum of p(v,w) over v's
/// out-neighbours w not chosen. Probabilities are multiples of 1/8, so
/// every score is exact.
std::vector<NodeId> brute_force_general(const Graph& g, std::size_t k) {
  const NodeId n = g.num_nodes();
  std::vector<char> chosen(n, 0);
  std::vector<NodeId> order;
  while (order.size() < k) {
    NodeId best = n;
    double best_score = -1;
    for (NodeId v = 0; v < n; ++v) {
      if (chosen[v]) continue;
      double kept = 1, reach = 1;
      for (NodeId s = 0; s < n; ++s) {
        if (!chosen[s]) continue;
        for (ArcId a = g.first_arc(s); a < g.end_arc(s); ++a)
          if (g.targets()[a] == v) kept *= 1 - g.trust()[a];
      }
      for (ArcId a = g.first_arc(v); a < g.end_arc(v); ++a)
        if (!chosen[g.targets()[a]]) reach += g.trust()[a];
      const double score = kept * reach;
      if (score > best_score) best = v, best_score = score;
    }
    chosen[best] = 1;
    order.push_back(best);
  }
  return order;
}

TEST(DegreeDiscount, WeighsEachArcByItsOwnProbabilityOnADirectedGraph) {
  const Graph g = arcs_graph(8, {{0, 1, 0.5f},   {0, 2, 0.75f},  {0, 3, 0.125f}, {1, 2, 0.25f},
                                 {1, 4, 0.875f}, {2, 0, 0.5f},   {2, 5, 0.625f}, {3, 6, 1.0f},
                                 {4, 0, 0.375f}, {4, 5, 0.25f},  {4, 7, 0.5f},   {5, 4, 0.125f},
                                 {6, 7, 0.75f},  {7, 1, 0.625f}, {7, 3, 0.25f},  {6, 3, 0.0f}});
  const InfluenceGraph influence(g, InfluenceRule::kIc);
  EXPECT_EQ(degree_discount_seeds(influence, 8, {}), brute_force_general(g, 8));
}

TEST(DegreeDiscount, CountsEachDuplicateArcOnceWhenItsTargetIsChosen) {
  // Node 0 has two arcs to 1 and one each to 2 and 3; node 1 (five arcs)
  // goes first. Then 0 must score 1 + 1/4 + 1/4 = 1.5 and beat node 4
  // (one arc, 1.25); subtracting 1/4 four times instead of twice leaves 0
  // at 1.0.
  EdgeList e;
  e.num_nodes = 13;
  const std::vector<std::pair<NodeId, NodeId>> arcs{{0, 1},  {0, 1},  {0, 2},  {0, 3},
                                                    {1, 8},  {1, 9},  {1, 10}, {1, 11},
                                                    {1, 12}, {4, 5}};
  for (const auto& [u, v] : arcs) {
    e.sources.push_back(u);
    e.targets.push_back(v);
    e.weights.push_back(0.25f);
  }
  BuildOptions keep;
  keep.keep_duplicates = true;
  const Graph g = build_graph(std::move(e), keep, "duplicates");
  ASSERT_EQ(g.num_arcs(), 10u);
  EXPECT_EQ(brute_force_general(g, 2), (std::vector<NodeId>{1, 0}));
  EXPECT_EQ(degree_discount_seeds(InfluenceGraph(g, InfluenceRule::kIc), 2, {}),
            brute_force_general(g, 2));
}

TEST(DegreeDiscount, SkipsNodesThatAreNotAllowed) {
  const Graph g = edges_graph(14, kEdges, false, "const:0.5");
  std::vector<char> allowed(14, 1);
  allowed[3] = 0;
  allowed[10] = 0;
  const auto seeds = degree_discount_seeds(InfluenceGraph(g, InfluenceRule::kIc), 12, allowed);
  ASSERT_EQ(seeds.size(), 12u);
  for (NodeId v : seeds) EXPECT_TRUE(allowed[v]) << v;
}

TEST(DegreeSeeds, TakesTheLargestOutDegreesWithTiesToTheSmallerId) {
  // Out-degrees: 0:1, 1:3, 2:0, 3:3, 4:2, 5:3.
  const Graph g = arcs_graph(6, {{0, 1, 1}, {1, 0, 1}, {1, 2, 1}, {1, 3, 1}, {3, 0, 1}, {3, 1, 1},
                                 {3, 2, 1}, {4, 0, 1}, {4, 2, 1}, {5, 0, 1}, {5, 1, 1}, {5, 2, 1}});
  EXPECT_EQ(degree_seeds(g, 6, {}), (std::vector<NodeId>{1, 3, 5, 4, 0, 2}));
  EXPECT_EQ(degree_seeds(g, 2, {}), (std::vector<NodeId>{1, 3}));
  std::vector<char> allowed{1, 0, 1, 1, 1, 1};
  EXPECT_EQ(degree_seeds(g, 3, allowed), (std::vector<NodeId>{3, 5, 4}));
}

}  // namespace
}  // namespace koubei
