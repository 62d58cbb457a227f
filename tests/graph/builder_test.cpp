#include "koubei/graph/builder.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "koubei/random/stream.hpp"

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

// A random multigraph with self-loops, duplicates (some with other weights),
// hubs and empty rows: any number of threads builds exactly the graph one
// thread builds, counts of dropped arcs included.
EdgeList messy_edges(bool directed, bool weighted, std::uint64_t seed) {
  EdgeList e;
  e.num_nodes = 3000;
  e.directed = directed;
  RandomStream rng(seed, 0, Purpose::kGraph);
  for (int i = 0; i < 40000; ++i) {
    NodeId s = static_cast<NodeId>(rng.below(2500));  // nodes 2500.. have no out-arcs
    NodeId t = static_cast<NodeId>(rng.below(20) == 0 ? rng.below(10) : rng.below(2500));
    if (rng.below(50) == 0) t = s;
    e.sources.push_back(s);
    e.targets.push_back(t);
    if (weighted) e.weights.push_back(static_cast<float>(rng.below(1000)) / 1000.0f);
    if (rng.below(10) == 0) {  // the same edge again, maybe with another weight
      e.sources.push_back(s);
      e.targets.push_back(t);
      if (weighted) e.weights.push_back(static_cast<float>(rng.below(1000)) / 1000.0f);
    }
  }
  return e;
}

TEST(BuildGraph, AnyNumberOfThreadsBuildsTheSameGraph) {
  for (bool directed : {true, false}) {
    for (bool weighted : {true, false}) {
      for (bool keep : {false, true}) {
        BuildOptions one;
        one.keep_duplicates = keep;
        one.keep_self_loops = keep;
        const Graph expected = build_graph(messy_edges(directed, weighted, 3), one, "t");
        EXPECT_GT(keep ? expected.num_arcs() : expected.info().duplicates_dropped, 0u);
        for (unsigned threads : {2u, 3u, 7u}) {
          BuildOptions many = one;
          many.threads = threads;
          many.min_edges_per_thread = 1000;
          const Graph g = build_graph(messy_edges(directed, weighted, 3), many, "t");
          const std::string what = fmt::format("directed {} weighted {} keep {} threads {}",
                                               directed, weighted, keep, threads);
          ASSERT_TRUE(std::ranges::equal(g.row_starts(), expected.row_starts())) << what;
          ASSERT_TRUE(std::ranges::equal(g.targets(), expected.targets())) << what;
          ASSERT_TRUE(std::ranges::equal(g.trust(), expected.trust())) << what;
          EXPECT_EQ(g.info().duplicates_dropped, expected.info().duplicates_dropped) << what;
          EXPECT_EQ(g.info().self_loops_dropped, expected.info().self_loops_dropped) << what;
        }
      }
    }
  }
}

}  // namespace
}  // namespace koubei
