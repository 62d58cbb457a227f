#include "koubei/seeding/rr_sets.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "koubei/core/error.hpp"
#include "koubei/graph/graph_spec.hpp"
#include "koubei/seeding/max_coverage.hpp"
#include "koubei/trust/trust_model.hpp"
#include "seeding_test_graphs.hpp"

namespace koubei {
namespace {

using seeding_testing::Arc;
using seeding_testing::arcs_graph;
using seeding_testing::edges_graph;
using seeding_testing::karate;

std::vector<NodeId> sorted(std::span<const NodeId> set) {
  std::vector<NodeId> v(set.begin(), set.end());
  std::sort(v.begin(), v.end());
  return v;
}

/// Set by set equality of two collections.
void expect_same_sets(const RrSets& a, const RrSets& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.total_nodes(), b.total_nodes());
  for (std::uint64_t i = 0; i < a.size(); ++i) {
    const auto x = a.set(i), y = b.set(i);
    ASSERT_TRUE(std::equal(x.begin(), x.end(), y.begin(), y.end())) << "set " << i;
  }
}

/// |observed share - p| within 5 standard errors of a binomial share.
void expect_share(std::uint64_t hits, std::uint64_t trials, double p, const std::string& what) {
  ASSERT_GT(trials, 0u);
  const double share = static_cast<double>(hits) / static_cast<double>(trials);
  const double se = std::sqrt(p * (1 - p) / static_cast<double>(trials));
  EXPECT_LE(std::abs(share - p), 5 * se) << what << ": " << hits << " of " << trials;
}

TEST(RrSets, TheSameSetsOnOneAndTwoThreads) {
  const Graph g = karate("wc");
  for (InfluenceRule rule : {InfluenceRule::kIc, InfluenceRule::kLt}) {
    const InfluenceGraph influence(g, rule);
    // Three blocks of 2^14 sets, the last one partial.
    RrSets one(influence, 77, 0), two(influence, 77, 0);
    one.grow_to(40000, 1);
    two.grow_to(40000, 2);
    expect_same_sets(one, two);
  }
}

TEST(InfluenceGraph, TheSameBuiltOnAnyNumberOfThreads) {
  // 2.5M arcs: two parts of at least 2^20 arcs each. Trust uniform on
  // [0, 0.5] (some arcs dropped at 0, rows to sort, every way of drawing)
  // and weighted cascade (one law per in-degree).
  Graph g = GraphSpec("ba:n=250000,m=5").make(3);
  for (const char* trust : {"uniform:0:0.5", "wc"}) {
    TrustModel(trust).apply(g, 3);
    for (InfluenceRule rule : {InfluenceRule::kIc, InfluenceRule::kLt}) {
      const InfluenceGraph one(g, rule, 1);
      const InfluenceGraph many(g, rule, 3);
      auto same = [](auto a, auto b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); };
      EXPECT_TRUE(same(one.in_starts(), many.in_starts())) << trust;
      EXPECT_TRUE(same(one.in_sources(), many.in_sources())) << trust;
      EXPECT_TRUE(same(one.in_value(), many.in_value())) << trust;
      EXPECT_TRUE(same(one.in_skip(), many.in_skip())) << trust;
      ASSERT_EQ(one.node_draws().size(), many.node_draws().size());
      for (NodeId v = 0; v < one.node_draws().size(); ++v) {  // ic only
        const auto& a = one.node_draw(v);
        const auto& b = many.node_draw(v);
        ASSERT_TRUE(a.begin == b.begin && a.end == b.end && a.law == b.law && a.draw == b.draw)
            << trust << ", node " << v;
      }
      ASSERT_EQ(one.count_laws().size(), many.count_laws().size()) << trust;
      for (std::size_t i = 0; i < one.count_laws().size(); ++i)
        EXPECT_EQ(one.count_laws()[i].none, many.count_laws()[i].none) << trust;
      // Sources ascend within a node's in-arcs of one probability.
      for (NodeId v = 0; v < g.num_nodes(); ++v)
        for (ArcId i = one.in_begin(v) + 1; i < one.in_end(v); ++i)
          if (one.in_value()[i - 1] == one.in_value()[i] && rule == InfluenceRule::kIc)
            ASSERT_LT(one.in_sources()[i - 1], one.in_sources()[i]) << trust << ", node " << v;
    }
  }
}

TEST(RrSets, GrowingInStepsAddsSetsWithoutChangingThoseHeld) {
  const Graph g = karate("wc");
  for (InfluenceRule rule : {InfluenceRule::kIc, InfluenceRule::kLt}) {
    const InfluenceGraph influence(g, rule);
    RrSets steps(influence, 77, 1), once(influence, 77, 1);
    steps.grow_to(100, 1);
    steps.grow_to(300, 2);
    once.grow_to(300, 1);
    expect_same_sets(steps, once);
    // Across a block boundary, from a partial block.
    steps.grow_to(10000, 2);
    steps.grow_to(40000, 2);
    once.grow_to(40000, 1);
    expect_same_sets(steps, once);
    // Growing to fewer sets keeps them all.
    steps.grow_to(5, 2);
    EXPECT_EQ(steps.size(), 40000u);
  }
}

TEST(RrSets, CollectionsAndMasterSeedsGiveOtherSets) {
  const Graph g = karate("wc");
  const InfluenceGraph influence(g, InfluenceRule::kIc);
  RrSets a(influence, 77, 0), b(influence, 77, 1), c(influence, 78, 0);
  a.grow_to(200, 1);
  b.grow_to(200, 1);
  c.grow_to(200, 1);
  auto same = [](const RrSets& x, const RrSets& y) {
    for (std::uint64_t i = 0; i < x.size(); ++i)
      if (sorted(x.set(i)) != sorted(y.set(i))) return false;
    return true;
  };
  EXPECT_FALSE(same(a, b));
  EXPECT_FALSE(same(a, c));
}

TEST(RrSets, ClearForgetsEverySetAndRegrowsTheSame) {
  const Graph g = karate("wc");
  const InfluenceGraph influence(g, InfluenceRule::kIc);
  RrSets a(influence, 5, 2), b(influence, 5, 2);
  a.grow_to(500, 1);
  a.clear();
  EXPECT_EQ(a.size(), 0u);
  EXPECT_EQ(a.total_nodes(), 0u);
  a.grow_to(500, 2);
  b.grow_to(500, 1);
  expect_same_sets(a, b);
}

TEST(RrSets, WithoutTrustEverySetIsItsRootAlone) {
  const Graph g = karate("const:0");
  for (InfluenceRule rule : {InfluenceRule::kIc, InfluenceRule::kLt}) {
    const InfluenceGraph influence(g, rule);
    RrSets sets(influence, 9, 0);
    sets.grow_to(3000, 2);
    EXPECT_EQ(sets.total_nodes(), 3000u);
    for (std::uint64_t i = 0; i < sets.size(); ++i) ASSERT_EQ(sets.set(i).size(), 1u);
  }
}

// A directed graph with a chain, a branch and a cycle:
// 0->1->2->3, 4->3, 0->4, 5->6->7->5, 7->2.
const std::vector<std::pair<NodeId, NodeId>> kArcs{{0, 1}, {1, 2}, {2, 3}, {4, 3}, {0, 4},
                                                   {5, 6}, {6, 7}, {7, 5}, {7, 2}};

/// Nodes that reach `root` over the arcs (the root included), sorted.
std::vector<NodeId> ancestors(const Graph& g, NodeId root) {
  std::vector<char> in(g.num_nodes(), 0);
  in[root] = 1;
  for (bool grew = true; grew;) {
    grew = false;
    for (NodeId u = 0; u < g.num_nodes(); ++u)
      for (NodeId w : g.out_neighbors(u))
        if (in[w] && !in[u]) in[u] = 1, grew = true;
  }
  std::vector<NodeId> out;
  for (NodeId v = 0; v < g.num_nodes(); ++v)
    if (in[v]) out.push_back(v);
  return out;
}

TEST(RrSets, WithFullTrustASetIsEveryNodeThatReachesItsRoot) {
  const Graph g = edges_graph(8, kArcs, true, "const:1");
  const InfluenceGraph influence(g, InfluenceRule::kIc);
  RrSets sets(influence, 3, 0);
  sets.grow_to(4000, 2);
  std::vector<std::uint64_t> roots(8, 0);
  for (std::uint64_t i = 0; i < sets.size(); ++i) {
    const NodeId root = sets.set(i)[0];  // the root comes first
    ++roots[root];
    ASSERT_EQ(sorted(sets.set(i)), ancestors(g, root)) << "set " << i;
  }
  // Roots are uniform.
  for (NodeId v = 0; v < 8; ++v) expect_share(roots[v], sets.size(), 1.0 / 8, "root share");
}

TEST(RrSets, UnderIcEachInArcIsLiveWithItsProbabilityIndependently) {
  // Node 0 hears from 1..7; they hear from no one, so a set rooted at 0 is
  // 0 and the sources of its live in-arcs. Equal probabilities test the
  // jumps within a run of equal values, distinct ones the thinning after a
  // jump.
  const std::vector<float> p{0.9f, 0.5f, 0.5f, 0.5f, 0.2f, 0.05f, 1.0f};
  std::vector<Arc> arcs;
  for (NodeId u = 1; u <= 7; ++u) arcs.push_back({u, 0, p[u - 1]});
  const Graph g = arcs_graph(8, arcs);
  const InfluenceGraph influence(g, InfluenceRule::kIc);
  RrSets sets(influence, 4, 0);
  sets.grow_to(160000, 2);
  std::uint64_t rooted = 0, both_2_3 = 0, both_1_5 = 0;
  std::vector<std::uint64_t> live(8, 0);
  for (std::uint64_t i = 0; i < sets.size(); ++i) {
    const auto set = sets.set(i);
    if (set[0] != 0) {
      ASSERT_EQ(set.size(), 1u);  // a root other than 0 has no in-arcs
      continue;
    }
    ++rooted;
    std::vector<char> has(8, 0);
    for (NodeId v : set) has[v] = 1;
    for (NodeId u = 1; u <= 7; ++u) live[u] += has[u];
    both_2_3 += has[2] && has[3];
    both_1_5 += has[1] && has[5];
  }
  for (NodeId u = 1; u <= 6; ++u)
    expect_share(live[u], rooted, p[u - 1], "in-arc from " + std::to_string(u));
  EXPECT_EQ(live[7], rooted);  // probability 1: always live
  expect_share(both_2_3, rooted, 0.25, "in-arcs from 2 and 3 together");
  expect_share(both_1_5, rooted, 0.9 * 0.2, "in-arcs from 1 and 5 together");
}

TEST(RrSets, UnderIcEqualInArcsAreLiveIndependentlyWithTheirProbability) {
  // Node 0 hears from 1..6, each with trust 1/4 (as under weighted cascade,
  // one probability on every in-arc): the live ones are independent, so
  // their number is Binomial(6, 1/4) and any two are live together with
  // chance 1/16.
  std::vector<Arc> arcs;
  for (NodeId u = 1; u <= 6; ++u) arcs.push_back({u, 0, 0.25f});
  const Graph g = arcs_graph(7, arcs);
  const InfluenceGraph influence(g, InfluenceRule::kIc);
  RrSets sets(influence, 4, 0);
  sets.grow_to(140000, 2);
  std::uint64_t rooted = 0, both_1_6 = 0, both_3_4 = 0;
  std::vector<std::uint64_t> live(7, 0), with_count(7, 0);
  for (std::uint64_t i = 0; i < sets.size(); ++i) {
    const auto set = sets.set(i);
    if (set[0] != 0) continue;
    ++rooted;
    std::vector<char> has(7, 0);
    for (NodeId v : set) has[v] = 1;
    ASSERT_EQ(std::accumulate(has.begin(), has.end(), std::size_t{0}), set.size());  // no repeats
    for (NodeId u = 1; u <= 6; ++u) live[u] += has[u];
    ++with_count[set.size() - 1];
    both_1_6 += has[1] && has[6];
    both_3_4 += has[3] && has[4];
  }
  for (NodeId u = 1; u <= 6; ++u)
    expect_share(live[u], rooted, 0.25, "in-arc from " + std::to_string(u));
  expect_share(both_1_6, rooted, 1.0 / 16, "in-arcs from 1 and 6 together");
  expect_share(both_3_4, rooted, 1.0 / 16, "in-arcs from 3 and 4 together");
  for (int k = 0; k <= 6; ++k) {
    const double binomial = std::tgamma(7) / (std::tgamma(k + 1) * std::tgamma(7 - k)) *
                            std::pow(0.25, k) * std::pow(0.75, 6 - k);
    expect_share(with_count[k], rooted, binomial, std::to_string(k) + " live in-arcs");
  }
}

TEST(RrSets, UnderLtEachNodeKeepsOneInArcWithItsWeight) {
  // Node 0 hears from 1..3 with trust 0.5, 0.2, 0.1 (weights as they are,
  // none live with chance 0.2); node 4 hears from 5..7 with 0.8, 0.8, 0.4
  // (incoming 2, so weights 0.4, 0.4, 0.2: one is always live).
  const Graph g = arcs_graph(8, {{1, 0, 0.5f}, {2, 0, 0.2f}, {3, 0, 0.1f},
                                 {5, 4, 0.8f}, {6, 4, 0.8f}, {7, 4, 0.4f}});
  const InfluenceGraph influence(g, InfluenceRule::kLt);
  RrSets sets(influence, 4, 0);
  sets.grow_to(160000, 2);
  std::vector<std::uint64_t> rooted(8, 0), picked(8, 0), alone(8, 0);
  for (std::uint64_t i = 0; i < sets.size(); ++i) {
    const auto set = sets.set(i);
    ++rooted[set[0]];
    ASSERT_LE(set.size(), 2u);  // a walk of one step at most
    if (set.size() == 1) ++alone[set[0]];
    else ++picked[set[1]];
  }
  expect_share(picked[1], rooted[0], 0.5, "lt pick 1");
  expect_share(picked[2], rooted[0], 0.2, "lt pick 2");
  expect_share(picked[3], rooted[0], 0.1, "lt pick 3");
  expect_share(alone[0], rooted[0], 0.2, "lt none into 0");
  expect_share(picked[5], rooted[4], 0.4, "lt pick 5");
  expect_share(picked[6], rooted[4], 0.4, "lt pick 6");
  expect_share(picked[7], rooted[4], 0.2, "lt pick 7");
  EXPECT_EQ(alone[4], 0u);
}

TEST(RrSets, UnderLtTheWalkStopsAtANodeItHasSeen) {
  // A cycle of full trust: the walk goes round once.
  const Graph g = edges_graph(5, {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 0}}, true, "const:1");
  const InfluenceGraph influence(g, InfluenceRule::kLt);
  RrSets sets(influence, 4, 0);
  sets.grow_to(500, 1);
  for (std::uint64_t i = 0; i < sets.size(); ++i) {
    const auto set = sets.set(i);
    ASSERT_EQ(set.size(), 5u);
    for (std::size_t j = 1; j < set.size(); ++j) EXPECT_EQ(set[j], (set[j - 1] + 4) % 5);
  }
}

TEST(RrSets, CountCoveredCountsTheSetsHoldingAnyOfTheNodes) {
  const Graph g = karate("wc");
  const InfluenceGraph influence(g, InfluenceRule::kIc);
  RrSets sets(influence, 6, 0);
  sets.grow_to(20000, 2);
  const std::vector<NodeId> nodes{0, 5, 33, 5};
  std::uint64_t expected = 0;
  for (std::uint64_t i = 0; i < sets.size(); ++i) {
    const auto set = sets.set(i);
    expected += std::any_of(set.begin(), set.end(),
                            [&](NodeId v) { return v == 0 || v == 5 || v == 33; });
  }
  EXPECT_EQ(sets.count_covered(nodes, 1), expected);
  EXPECT_EQ(sets.count_covered(nodes, 2), expected);
  EXPECT_EQ(sets.count_covered({}, 2), 0u);
}

TEST(RrSets, ACollectionHoldsFewerThanTwoToThe32Sets) {
  const Graph g = karate("wc");
  const InfluenceGraph influence(g, InfluenceRule::kIc);
  RrSets sets(influence, 6, 0);
  EXPECT_THROW(sets.grow_to(std::uint64_t{1} << 32, 1), InputError);
}

// Greedy coverage, by brute force on the sets themselves.
struct BruteCoverage {
  std::vector<NodeId> seeds;
  std::uint64_t covered = 0;
  double upper_bound = INFINITY;
};

BruteCoverage brute_greedy(const RrSets& sets, NodeId n, std::uint64_t k) {
  std::vector<char> met(sets.size(), 0), chosen(n, 0);
  auto counts = [&]() {
    std::vector<std::uint64_t> c(n, 0);
    for (std::uint64_t i = 0; i < sets.size(); ++i)
      if (!met[i])
        for (NodeId v : sets.set(i)) ++c[v];
    return c;
  };
  auto top_k = [&](std::vector<std::uint64_t> c) {
    std::sort(c.begin(), c.end(), std::greater<>());
    return std::accumulate(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(std::min<std::uint64_t>(k, c.size())),
                           std::uint64_t{0});
  };
  BruteCoverage out;
  for (std::uint64_t pick = 0; pick <= k; ++pick) {
    const auto c = counts();
    out.upper_bound = std::min(out.upper_bound, static_cast<double>(out.covered + top_k(c)));
    if (pick == k) break;
    // The largest count among nodes not chosen, ties to the smaller id
    // (once every set is met, the smallest ids left, at count 0).
    NodeId best = n;
    for (NodeId v = 0; v < n; ++v)
      if (!chosen[v] && (best == n || c[v] > c[best])) best = v;
    chosen[best] = 1;
    out.seeds.push_back(best);
    out.covered += c[best];
    for (std::uint64_t i = 0; i < sets.size(); ++i)
      for (NodeId v : sets.set(i))
        if (v == best) met[i] = 1;
  }
  const double kd = static_cast<double>(k);
  out.upper_bound = std::min(out.upper_bound,
                             static_cast<double>(out.covered) / (1 - std::pow(1 - 1 / kd, kd)));
  return out;
}

/// The most sets any k nodes meet, over every k-subset.
std::uint64_t best_coverage(const RrSets& sets, NodeId n, std::uint64_t k) {
  std::uint64_t best = 0;
  for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
    if (static_cast<std::uint64_t>(__builtin_popcount(mask)) != k) continue;
    std::vector<NodeId> nodes;
    for (NodeId v = 0; v < n; ++v)
      if (mask >> v & 1) nodes.push_back(v);
    best = std::max(best, sets.count_covered(nodes, 1));
  }
  return best;
}

TEST(MaxCoverage, GreedyCoverageAndItsBoundsOnDeterministicSets) {
  // With full trust a set is the ancestors of its root, so coverage is
  // known exactly from the roots drawn.
  const Graph g = edges_graph(8, kArcs, true, "const:1");
  const InfluenceGraph influence(g, InfluenceRule::kIc);
  RrSets sets(influence, 12, 0);
  sets.grow_to(3000, 1);
  for (std::uint64_t k = 1; k <= 4; ++k) {
    const Coverage cover = greedy_max_coverage(sets, k, {}, true, 1);
    const BruteCoverage brute = brute_greedy(sets, 8, k);
    EXPECT_EQ(cover.seeds, brute.seeds) << "k = " << k;
    EXPECT_EQ(cover.covered, brute.covered) << "k = " << k;
    EXPECT_EQ(cover.covered, sets.count_covered(cover.seeds, 1)) << "k = " << k;
    EXPECT_DOUBLE_EQ(cover.upper_bound, brute.upper_bound) << "k = " << k;
    // The laws: greedy <= best <= bound <= greedy / (1 - (1 - 1/k)^k).
    const std::uint64_t best = best_coverage(sets, 8, k);
    EXPECT_LE(cover.covered, best);
    EXPECT_LE(static_cast<double>(best), cover.upper_bound + 1e-9) << "k = " << k;
    const double kd = static_cast<double>(k);
    EXPECT_LE(cover.upper_bound,
              static_cast<double>(cover.covered) / (1 - std::pow(1 - 1 / kd, kd)) + 1e-9);
  }
  // k = 1: greedy is optimal and the bound says so.
  const Coverage one = greedy_max_coverage(sets, 1, {}, true, 1);
  EXPECT_DOUBLE_EQ(one.upper_bound, static_cast<double>(one.covered));
  // Without `bound` no bound is computed.
  EXPECT_EQ(greedy_max_coverage(sets, 2, {}, false, 1).upper_bound, 0);
}

TEST(MaxCoverage, TheBoundHoldsOnRandomSetsToo) {
  const Graph g = karate("wc");
  const InfluenceGraph influence(g, InfluenceRule::kIc);
  RrSets sets(influence, 12, 0);
  sets.grow_to(5000, 2);
  for (std::uint64_t k : {1u, 2u, 3u}) {
    const Coverage cover = greedy_max_coverage(sets, k, {}, true, 2);
    ASSERT_EQ(cover.seeds.size(), k);
    EXPECT_EQ(cover.covered, sets.count_covered(cover.seeds, 1));
    EXPECT_LE(static_cast<double>(cover.covered), cover.upper_bound);
    const double kd = static_cast<double>(k);
    EXPECT_LE(cover.upper_bound,
              static_cast<double>(cover.covered) / (1 - std::pow(1 - 1 / kd, kd)) + 1e-9);
  }
  // The best pair, by brute force over all pairs, is within the bound.
  std::uint64_t best = 0;
  for (NodeId u = 0; u < 34; ++u)
    for (NodeId v = u + 1; v < 34; ++v) {
      const std::vector<NodeId> pair{u, v};
      best = std::max(best, sets.count_covered(pair, 1));
    }
  EXPECT_LE(static_cast<double>(best), greedy_max_coverage(sets, 2, {}, true, 1).upper_bound + 1e-9);
}

TEST(MaxCoverage, OnlyAllowedNodesAreChosen) {
  const Graph g = edges_graph(8, kArcs, true, "const:1");
  const InfluenceGraph influence(g, InfluenceRule::kIc);
  RrSets sets(influence, 12, 0);
  sets.grow_to(2000, 1);
  // 0 and 5 reach most; leave them out.
  const std::vector<char> allowed{0, 1, 1, 1, 1, 0, 1, 1};
  const Coverage cover = greedy_max_coverage(sets, 3, allowed, true, 1);
  ASSERT_EQ(cover.seeds.size(), 3u);
  for (NodeId v : cover.seeds) EXPECT_TRUE(allowed[v]) << v;
  EXPECT_EQ(cover.covered, sets.count_covered(cover.seeds, 1));
  EXPECT_LE(static_cast<double>(cover.covered), cover.upper_bound);
}

TEST(MaxCoverage, AnIndexOfTheLargestCountsPicksAsTheWholeOne) {
  // 3000 nodes: the index starts with the 1024 of the largest counts, and
  // the picks, covered sets and bound must be those of the plain greedy
  // over every node.
  Graph g = GraphSpec("ba:n=3000,m=2").make(5);
  TrustModel("wc").apply(g, 5);
  const InfluenceGraph influence(g, InfluenceRule::kIc);
  RrSets sets(influence, 12, 0);
  sets.grow_to(20000, 2);
  for (std::uint64_t k : {1u, 5u, 12u}) {
    const Coverage cover = greedy_max_coverage(sets, k, {}, true, 2);
    const BruteCoverage brute = brute_greedy(sets, 3000, k);
    EXPECT_EQ(cover.seeds, brute.seeds) << "k = " << k;
    EXPECT_EQ(cover.covered, brute.covered) << "k = " << k;
    // Nodes left out of the index count at most what the best of them
    // counted when last looked at, so the bound may be looser, never lower.
    EXPECT_GE(cover.upper_bound + 1e-9, brute.upper_bound) << "k = " << k;
    const double kd = static_cast<double>(k);
    EXPECT_LE(cover.upper_bound,
              static_cast<double>(cover.covered) / (1 - std::pow(1 - 1 / kd, kd)) + 1e-9);
  }
}

TEST(MaxCoverage, TheSameOnAnyNumberOfThreads) {
  // 3000 nodes, 80000 sets: up to 4 parts of the sets (of at least 16384),
  // each with its own counts and index; a pick's sets come off every
  // part's counts at once.
  Graph g = GraphSpec("ba:n=3000,m=2").make(5);
  TrustModel("wc").apply(g, 5);
  const InfluenceGraph influence(g, InfluenceRule::kIc);
  RrSets sets(influence, 12, 0);
  sets.grow_to(80000, 2);
  std::vector<char> allowed(3000, 1);
  for (NodeId v = 0; v < 3000; v += 3) allowed[v] = 0;
  for (std::uint64_t k : {1u, 7u, 40u}) {
    for (bool restricted : {false, true}) {
      const std::span<const char> only = restricted ? std::span<const char>(allowed) : std::span<const char>();
      const Coverage one = greedy_max_coverage(sets, k, only, true, 1);
      ASSERT_EQ(one.seeds.size(), k);
      EXPECT_EQ(one.covered, sets.count_covered(one.seeds, 1));
      for (unsigned threads : {2u, 3u, 9u}) {
        const Coverage many = greedy_max_coverage(sets, k, only, true, threads);
        EXPECT_EQ(many.seeds, one.seeds) << "k = " << k << ", threads " << threads;
        EXPECT_EQ(many.covered, one.covered) << "k = " << k << ", threads " << threads;
        EXPECT_EQ(many.upper_bound, one.upper_bound) << "k = " << k << ", threads " << threads;
        EXPECT_GT(many.memory_bytes, one.memory_bytes) << "k = " << k << ", threads " << threads;
      }
    }
  }
}

}  // namespace
}  // namespace koubei
