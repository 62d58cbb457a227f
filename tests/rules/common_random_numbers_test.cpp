// Common random numbers: every draw of `ic`, `lt` and `invite` is keyed by
// what it decides (arc trial: the arc; threshold: the node; invitation: the
// sender), so two runs that differ only in trust share their draws. For `ic`
// and `lt` that makes each replicate's adopters monotone in trust;
// `invite:k=K` with K >= the largest out-degree is `ic`, replicate by
// replicate. `ic:sampler=runs` draws the same law without that coupling.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <span>
#include <vector>

#include "koubei/graph/builder.hpp"
#include "koubei/graph/generators.hpp"
#include "koubei/model/simulation.hpp"
#include "koubei/random/stream.hpp"
#include "koubei/rules/independent_cascade.hpp"
#include "koubei/rules/invite_referral.hpp"
#include "koubei/rules/linear_threshold.hpp"
#include "koubei/trust/trust_model.hpp"
#include "rule_test_graphs.hpp"

namespace koubei {
namespace {

constexpr std::uint64_t kSeed = 0x0123456789abcdefULL;  // both halves non-zero

Graph ba_graph(const std::string& trust) {
  Graph g = build_graph(barabasi_albert(20000, 3, 9), {}, "ba");
  TrustModel::parse(trust).apply(g, 9);
  return g;
}

// Everyone who adopted in the replicate (seeds included), from its trace.
std::set<NodeId> adopters(const Graph& g, const Rule& rule, std::uint32_t replicate) {
  Simulation sim(g, rule);
  const ReplicateResult r = sim.run({kSeed, replicate, 0, true}, SeedPlan::random(20));
  std::set<NodeId> out;
  for (const Referral& ref : r.referrals) out.insert(ref.target);
  return out;
}

bool is_subset(const std::set<NodeId>& small, const std::set<NodeId>& large) {
  return std::includes(large.begin(), large.end(), small.begin(), small.end());
}

// The per-arc sampler decides arc a exactly by word a of the replicate's
// arc-trial stream: on a star, the leaves reached are the arcs whose word is
// below the trust's threshold, for one trust and for varying trust (which
// take different kernels), whatever the chunking of the trials.
TEST(CommonRandomNumbers, IcDecidesEachArcByItsOwnWord) {
  constexpr NodeId kLeaves = 3000;  // several chunks of trials
  for (const bool varying : {false, true}) {
    std::vector<testing::Arc> arcs;
    for (NodeId v = 1; v <= kLeaves; ++v)
      arcs.push_back({0, v, varying ? 0.05f + 0.3f * static_cast<float>(v % 7) / 7 : 0.2f});
    Graph g = testing::arcs_graph(kLeaves + 1, arcs);
    IndependentCascade ic(g);
    Simulation sim(g, ic);
    for (std::uint32_t r : {0u, 3u, 1000u}) {
      const ReplicateResult result = sim.run({kSeed, r, 0, true}, SeedPlan::fixed({0}));
      std::vector<NodeId> reached;
      for (const Referral& ref : result.referrals)
        if (ref.source != ref.target) reached.push_back(ref.target);
      const CounterStream words(kSeed, r, Purpose::kArcTrial);
      std::vector<NodeId> expected;
      for (ArcId a = 0; a < g.num_arcs(); ++a)
        if (words.word(a) < word_threshold(g.trust()[a])) expected.push_back(g.targets()[a]);
      EXPECT_EQ(reached, expected) << "replicate " << r << (varying ? ", varying trust" : "");
      EXPECT_GT(expected.size(), 100u);
    }
  }
}

// The same with many short rows of every length mod 4, so that rows start
// and end inside Philox blocks and a chunk holds many rows: 300 seeds with
// 1 to 9 arcs each to their own leaves, all referring in step 1.
TEST(CommonRandomNumbers, IcDecidesArcsOfShortRowsByTheirWords) {
  constexpr NodeId kSeeds = 300;
  for (const bool varying : {false, true}) {
    std::vector<testing::Arc> arcs;
    NodeId next_leaf = kSeeds;
    for (NodeId s = 0; s < kSeeds; ++s)
      for (NodeId j = 0; j < 1 + s % 9; ++j)
        arcs.push_back({s, next_leaf++, varying ? 0.05f * static_cast<float>(1 + j % 5) : 0.3f});
    Graph g = testing::arcs_graph(next_leaf, arcs);
    IndependentCascade ic(g);
    Simulation sim(g, ic);
    std::vector<NodeId> seeds(kSeeds);
    for (NodeId s = 0; s < kSeeds; ++s) seeds[s] = (s * 7) % kSeeds;  // not in row order
    for (std::uint32_t r : {0u, 1u, 2u}) {
      const ReplicateResult result = sim.run({kSeed, r, 0, true}, SeedPlan::fixed(seeds));
      std::vector<NodeId> reached;
      for (const Referral& ref : result.referrals)
        if (ref.source != ref.target) reached.push_back(ref.target);
      const CounterStream words(kSeed, r, Purpose::kArcTrial);
      std::vector<NodeId> expected;  // frontier order, then arc order
      for (NodeId s : seeds)
        for (ArcId a = g.first_arc(s); a < g.end_arc(s); ++a)
          if (words.word(a) < word_threshold(g.trust()[a])) expected.push_back(g.targets()[a]);
      EXPECT_EQ(reached, expected) << "replicate " << r << (varying ? ", varying trust" : "");
    }
  }
}

// Raising the trust only adds live arcs, so every user reached at 0.1 is
// reached at 0.101 in the same replicate (and at 0.2).
TEST(CommonRandomNumbers, IcAdoptersAreMonotoneInTrust) {
  const Graph low = ba_graph("const:0.1"), near = ba_graph("const:0.101"),
              high = ba_graph("const:0.2");
  IndependentCascade ic_low(low), ic_near(near), ic_high(high);
  std::size_t grew = 0;
  for (std::uint32_t r = 0; r < 20; ++r) {
    const auto a = adopters(low, ic_low, r), b = adopters(near, ic_near, r),
               c = adopters(high, ic_high, r);
    EXPECT_TRUE(is_subset(a, b)) << "replicate " << r;
    EXPECT_TRUE(is_subset(b, c)) << "replicate " << r;
    grew += c.size() > a.size();
  }
  EXPECT_GT(grew, 10u);  // the test is not vacuous
}

// The run sampler draws the same law but not coupled draws: across 20
// replicates, some user reached at 0.1 is missed at 0.101.
TEST(CommonRandomNumbers, IcRunSamplerIsNotCoupled) {
  const Graph low = ba_graph("const:0.1"), near = ba_graph("const:0.101");
  IndependentCascade ic_low(low, {IcSampler::kRuns}), ic_near(near, {IcSampler::kRuns});
  EXPECT_EQ(ic_low.spec(), "ic:sampler=runs");
  EXPECT_EQ(make_rule("ic:sampler=runs", low)->spec(), "ic:sampler=runs");
  EXPECT_EQ(make_rule("ic:sampler=arcs", low)->spec(), "ic");
  testing::expect_bad_rule_spec("ic:sampler=fast");
  std::size_t broken = 0;
  for (std::uint32_t r = 0; r < 20; ++r)
    broken += !is_subset(adopters(low, ic_low, r), adopters(near, ic_near, r));
  EXPECT_GT(broken, 0u);
}

// Linear threshold: thresholds are drawn per node, and with one trust p the
// weight of each arc into v is min(p, 1 / in-degree of v), which grows with
// p; so the adopters at 0.1 are among those at 0.12.
TEST(CommonRandomNumbers, LtAdoptersAreMonotoneInTrust) {
  const Graph low = ba_graph("const:0.1"), high = ba_graph("const:0.12");
  LinearThreshold lt_low(low), lt_high(high);
  std::size_t grew = 0;
  for (std::uint32_t r = 0; r < 20; ++r) {
    const auto a = adopters(low, lt_low, r), b = adopters(high, lt_high, r);
    EXPECT_TRUE(is_subset(a, b)) << "replicate " << r;
    grew += b.size() > a.size();
  }
  EXPECT_GT(grew, 5u);
}

// Complex contagion counts adopting in-neighbours over arcs with non-zero
// trust: giving trust to arcs that had none only adds adopters.
TEST(CommonRandomNumbers, ComplexAdoptersAreMonotoneInTheArcsThatCount) {
  Graph some = ba_graph("const:0.5");
  const Graph all = some;  // shares the arcs, owns its trust
  const std::span<float> trust = some.mutable_trust();
  for (std::size_t a = 0; a < trust.size(); a += 3) trust[a] = 0.0f;  // a third count for nothing
  auto sparse = make_rule("complex:k=2", some), dense = make_rule("complex:k=2", all);
  std::size_t grew = 0;
  for (std::uint32_t r = 0; r < 10; ++r) {
    const auto a = adopters(some, *sparse, r), b = adopters(all, *dense, r);
    EXPECT_TRUE(is_subset(a, b)) << "replicate " << r;
    grew += b.size() > a.size();
  }
  EXPECT_GT(grew, 0u);
}

// invite:k=K with K at least the largest out-degree invites every candidate
// and accepts with the arc's own trial word: the same referrals as `ic`, in
// the same order, replicate by replicate, at one trust and at varying trust.
TEST(CommonRandomNumbers, InviteWithEnoughInvitationsIsIc) {
  for (const char* trust : {"const:0.1", "uniform:0:0.3"}) {
    const Graph g = ba_graph(trust);
    NodeId max_degree = 0;
    for (NodeId v = 0; v < g.num_nodes(); ++v)
      max_degree = std::max<NodeId>(max_degree, g.end_arc(v) - g.first_arc(v));
    InviteReferral invite(g, {max_degree});
    IndependentCascade ic(g);
    Simulation a(g, invite), b(g, ic);
    for (std::uint32_t r = 0; r < 10; ++r) {
      const ReplicateResult x = a.run({kSeed, r, 0, true}, SeedPlan::random(20));
      const ReplicateResult y = b.run({kSeed, r, 0, true}, SeedPlan::random(20));
      ASSERT_EQ(x.referrals.size(), y.referrals.size()) << trust << ", replicate " << r;
      for (std::size_t i = 0; i < x.referrals.size(); ++i) {
        EXPECT_EQ(x.referrals[i].step, y.referrals[i].step);
        EXPECT_EQ(x.referrals[i].source, y.referrals[i].source);
        EXPECT_EQ(x.referrals[i].target, y.referrals[i].target);
      }
      EXPECT_GT(x.referrals.size(), 20u);
      EXPECT_EQ(x.arcs_examined, y.arcs_examined);
    }
  }
}

}  // namespace
}  // namespace koubei
