#include "koubei/seeding/select_seeds.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>
#include <string>
#include <vector>

#include "koubei/core/error.hpp"
#include "koubei/model/seeds.hpp"
#include "koubei/seeding/rr_sets.hpp"
#include "koubei/seeding/spread_estimate.hpp"
#include "koubei/state/population.hpp"
#include "seeding_test_graphs.hpp"

namespace koubei {
namespace {

using seeding_testing::karate;
using seeding_testing::star;
using seeding_testing::two_cliques;

// Every method that looks at the graph (all but random).
const std::vector<std::string> kInformed{"degree", "degree-discount", "celf", "imm", "opim-c"};
// Those that weigh overlapping influence (all but random and degree).
const std::vector<std::string> kOverlapAware{"degree-discount", "celf", "imm", "opim-c"};
const std::vector<std::string> kAll{"random", "degree", "degree-discount", "celf", "imm", "opim-c"};

SeedingSpec spec_for(const std::string& method, std::uint64_t k) {
  return SeedingSpec(method + ":k=" + std::to_string(k));
}

std::set<NodeId> as_set(const std::vector<NodeId>& v) { return {v.begin(), v.end()}; }

TEST(SelectSeeds, TheBestSingleSeedOfADirectedStarIsItsCentre) {
  const Graph g = star(8, true, "const:0.5");
  for (const std::string& method : kInformed) {
    const SeedSelection s = select_seeds(g, InfluenceRule::kIc, spec_for(method, 1), 7, 1);
    EXPECT_EQ(s.seeds, std::vector<NodeId>{0}) << method;
  }
}

TEST(SelectSeeds, TheBestSingleSeedOfAnUndirectedStarIsItsCentre) {
  // The centre reaches 1 + 8/2 = 5 users on average, a leaf 1 + (1 + 7/2)/2 = 3.25.
  const Graph g = star(8, false, "const:0.5");
  for (const std::string& method : kInformed) {
    const SeedSelection s = select_seeds(g, InfluenceRule::kIc, spec_for(method, 1), 7, 1);
    EXPECT_EQ(s.seeds, std::vector<NodeId>{0}) << method;
  }
}

TEST(SelectSeeds, TheBestSingleSeedOfAStarIsItsCentreUnderLinearThresholdToo) {
  const Graph g = star(8, false, "const:0.5");
  for (const std::string& method : kInformed) {
    const SeedSelection s = select_seeds(g, InfluenceRule::kLt, spec_for(method, 1), 7, 1);
    EXPECT_EQ(s.seeds, std::vector<NodeId>{0}) << method;
    EXPECT_EQ(s.rule, InfluenceRule::kLt) << method;
  }
}

TEST(SelectSeeds, RandomSeedsAreTheUsersReplicateZeroStartsFrom) {
  const Graph g = star(20, false, "const:0.5");
  const SeedSelection s = select_seeds(g, InfluenceRule::kIc, SeedingSpec("6"), 99, 1);
  Population population(g.num_nodes());
  SeedPlan::random(6).place(population, 99, 0);
  EXPECT_EQ(s.seeds, std::vector<NodeId>(population.newcomers().begin(), population.newcomers().end()));
  EXPECT_EQ(as_set(s.seeds).size(), 6u);
}

TEST(SelectSeeds, EveryMethodButRandomAndDegreeSeedsEachOfTwoCliques) {
  // Cliques {0..5} and {6..10}: a second seed in the same clique adds
  // almost nothing, the first in the other clique almost five users.
  const Graph g = two_cliques(6, 5, "const:0.6");
  for (const std::string& method : kOverlapAware) {
    const SeedSelection s = select_seeds(g, InfluenceRule::kIc, spec_for(method, 2), 11, 1);
    ASSERT_EQ(s.seeds.size(), 2u) << method;
    const int in_first = std::count_if(s.seeds.begin(), s.seeds.end(), [](NodeId v) { return v < 6; });
    EXPECT_EQ(in_first, 1) << method << ": " << s.seeds[0] << ", " << s.seeds[1];
  }
}

TEST(SelectSeeds, DegreeTakesTheTwoSmallestIdsOfTheLargerClique) {
  // Degrees are 5 in the larger clique and 4 in the smaller: ties go to the smaller id.
  const Graph g = two_cliques(6, 5, "const:0.6");
  const SeedSelection s = select_seeds(g, InfluenceRule::kIc, spec_for("degree", 2), 11, 1);
  EXPECT_EQ(s.seeds, (std::vector<NodeId>{0, 1}));
  // Degree-discount starts the same way, then leaves the discounted clique.
  const SeedSelection dd =
      select_seeds(g, InfluenceRule::kIc, spec_for("degree-discount", 2), 11, 1);
  EXPECT_EQ(dd.seeds, (std::vector<NodeId>{0, 6}));
}

TEST(SelectSeeds, WithoutTrustEverySeedSetReachesExactlyItsSeeds) {
  const Graph g = karate("const:0");
  for (const std::string& method : kAll) {
    const SeedSelection s =
        select_seeds(g, InfluenceRule::kIc, spec_for(method, 3), 5, 1);
    ASSERT_EQ(as_set(s.seeds).size(), 3u) << method;
    for (InfluenceRule rule : {InfluenceRule::kIc, InfluenceRule::kLt}) {
      const SpreadEstimate mc = monte_carlo_spread(g, rule, s.seeds, 200, 5, 1);
      EXPECT_EQ(mc.mean, 3.0) << method;
      EXPECT_EQ(mc.standard_error, 0.0) << method;
    }
  }
}

TEST(SelectSeeds, OnlyCandidatesAreChosen) {
  const Graph g = karate("wc");
  // Odd nodes but 33: the hubs 0 and 33 are left out.
  std::vector<NodeId> candidates;
  for (NodeId v = 1; v < 33; v += 2) candidates.push_back(v);
  const std::set<NodeId> allowed = as_set(candidates);
  for (const std::string& method : kAll) {
    for (InfluenceRule rule : {InfluenceRule::kIc, InfluenceRule::kLt}) {
      const SeedSelection s = select_seeds(g, rule, spec_for(method, 4), 3, 1, candidates);
      ASSERT_EQ(s.seeds.size(), 4u) << method;
      EXPECT_EQ(as_set(s.seeds).size(), 4u) << method;
      for (NodeId v : s.seeds) EXPECT_TRUE(allowed.count(v)) << method << " chose " << v;
    }
  }
}

TEST(SelectSeeds, AsManySeedsAsCandidatesTakesEveryCandidate) {
  const Graph g = karate("wc");
  const std::vector<NodeId> candidates{4, 9, 30};
  for (const std::string& method : kAll) {
    const SeedSelection s = select_seeds(g, InfluenceRule::kIc, spec_for(method, 3), 3, 1, candidates);
    EXPECT_EQ(as_set(s.seeds), as_set(candidates)) << method;
  }
}

TEST(SelectSeeds, MoreSeedsThanCandidatesIsAnError) {
  const Graph g = karate("wc");
  const std::vector<NodeId> candidates{4, 9, 30};
  for (const std::string& method : kAll) {
    EXPECT_THROW(select_seeds(g, InfluenceRule::kIc, spec_for(method, 4), 3, 1, candidates),
                 InputError)
        << method;
    // And more than the graph's nodes without candidates.
    EXPECT_THROW(select_seeds(g, InfluenceRule::kIc, spec_for(method, 35), 3, 1), InputError)
        << method;
  }
  // A candidate that is no node of the graph.
  const std::vector<NodeId> outside{4, 34};
  EXPECT_THROW(select_seeds(g, InfluenceRule::kIc, spec_for("degree", 1), 3, 1, outside),
               InputError);
}

TEST(SelectSeeds, TheSelectionsSpecWritesOutTheRuleAssumed) {
  const Graph g = star(4, false, "const:0.5");
  const SeedSelection imm = select_seeds(g, InfluenceRule::kIc, SeedingSpec("imm:k=1"), 1, 1);
  EXPECT_EQ(imm.spec.to_string(), "imm:k=1,epsilon=0.1,ell=1,rule=ic");
  EXPECT_EQ(imm.rule, InfluenceRule::kIc);
  // A rule in the spec wins over the one passed in.
  const SeedSelection lt =
      select_seeds(g, InfluenceRule::kIc, SeedingSpec("degree:k=1,rule=lt"), 1, 1);
  EXPECT_EQ(lt.rule, InfluenceRule::kLt);
  EXPECT_EQ(lt.spec.to_string(), "degree:k=1,rule=lt");
  const SeedSelection passed = select_seeds(g, InfluenceRule::kLt, SeedingSpec("celf:k=1"), 1, 1);
  EXPECT_EQ(passed.spec.to_string(), "celf:k=1,runs=1000,rule=lt");
  // Random seeding assumes no diffusion.
  const SeedSelection random = select_seeds(g, InfluenceRule::kIc, SeedingSpec("2"), 1, 1);
  EXPECT_EQ(random.spec.to_string(), "2");
}

TEST(SelectSeeds, GuaranteedMethodsReportTheirRatioAndHeuristicsNone) {
  const Graph g = karate("wc");
  const double greedy = 1 - 1 / std::numbers::e;
  const SeedSelection imm = select_seeds(g, InfluenceRule::kIc, SeedingSpec("imm:k=2,epsilon=0.2"), 1, 1);
  EXPECT_DOUBLE_EQ(imm.ratio, greedy - 0.2);
  EXPECT_DOUBLE_EQ(imm.failure_probability, 1.0 / 34);  // 1 / n^ell with ell = 1
  EXPECT_GT(imm.rr_sets, 0u);
  EXPECT_GT(imm.own_estimate, 0);
  const SeedSelection opim =
      select_seeds(g, InfluenceRule::kIc, SeedingSpec("opim-c:k=2,epsilon=0.2,ell=2"), 1, 1);
  EXPECT_GE(opim.ratio, greedy - 0.2);
  EXPECT_LE(opim.ratio, 1.0);
  EXPECT_DOUBLE_EQ(opim.failure_probability, 1.0 / (34.0 * 34.0));
  for (const char* text : {"degree:k=2", "degree-discount:k=2", "2"}) {
    const SeedSelection s = select_seeds(g, InfluenceRule::kIc, SeedingSpec(text), 1, 1);
    EXPECT_EQ(s.ratio, 0) << text;
    EXPECT_EQ(s.failure_probability, 1) << text;
    EXPECT_LT(s.own_estimate, 0) << text;
  }
}

TEST(SelectSeeds, ImmOpimCAndCelfChooseTheSameSeedsOnOneAndTwoThreads) {
  // imm and opim-c on enough nodes that their RR collections span several
  // blocks of 2^14 sets; celf, which costs more per node, on fewer.
  Graph large = GraphSpec("ba:n=3000,m=2").make(5);
  TrustModel("wc").apply(large, 5);
  Graph small = GraphSpec("ba:n=400,m=2").make(5);
  TrustModel("wc").apply(small, 5);
  const std::vector<std::pair<const Graph*, const char*>> cases{
      {&large, "imm:k=10,epsilon=0.2"}, {&large, "opim-c:k=10,epsilon=0.2"},
      {&small, "celf:k=5,runs=50"}};
  for (const auto& [graph, text] : cases) {
    for (InfluenceRule rule : {InfluenceRule::kIc, InfluenceRule::kLt}) {
      const SeedSelection one = select_seeds(*graph, rule, SeedingSpec(text), 21, 1);
      const SeedSelection two = select_seeds(*graph, rule, SeedingSpec(text), 21, 2);
      EXPECT_EQ(one.seeds, two.seeds) << text;
      EXPECT_EQ(one.rr_sets, two.rr_sets) << text;
      EXPECT_EQ(one.own_estimate, two.own_estimate) << text;
      EXPECT_EQ(one.ratio, two.ratio) << text;
      if (graph == &large) {
        EXPECT_GT(one.rr_sets, 2 * RrSets::kBlockSets) << text;
      }
    }
  }
}

}  // namespace
}  // namespace koubei
