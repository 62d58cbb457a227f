#include "koubei/rules/bass.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "koubei/batch/replicates.hpp"
#include "koubei/core/error.hpp"
#include "koubei/graph/generators.hpp"
#include "koubei/graph/graph_spec.hpp"
#include "koubei/model/simulation.hpp"
#include "koubei/random/stream.hpp"
#include "koubei/rules/independent_cascade.hpp"
#include "koubei/trust/trust_model.hpp"
#include "rule_test_graphs.hpp"

namespace koubei {
namespace {

using testing::arcs_graph;
using testing::path_graph;
constexpr BassScope kGlobal = BassScope::kGlobal;
constexpr BassScope kNeighbors = BassScope::kNeighbors;

ReplicateResult run_once(const Graph& g, const Rule& rule, std::vector<NodeId> seeds,
                         std::uint32_t replicate = 0, std::uint32_t max_steps = 0) {
  Simulation sim(g, rule);
  return sim.run({42, replicate, max_steps}, SeedPlan::fixed(std::move(seeds)));
}

Graph empty_graph(NodeId n) {
  EdgeList e;
  e.num_nodes = n;
  return build_graph(std::move(e), {}, "empty");
}

// Mean adopted fraction per step 0..steps; a replicate that ended early
// (everyone adopted) keeps its final value.
std::vector<double> mean_fraction(const BatchResult& batch, NodeId n, std::uint32_t steps) {
  std::vector<double> mean(steps + 1, 0.0);
  for (const ReplicateResult& r : batch.replicates)
    for (std::uint32_t t = 0; t <= steps; ++t)
      mean[t] += r.steps[std::min<std::size_t>(t, r.steps.size() - 1)].counts.adopters /
                 (static_cast<double>(n) * batch.replicates.size());
  return mean;
}

std::vector<double> mean_fraction(const Graph& g, BassParams params, std::uint32_t seeds,
                                  std::uint32_t reps, std::uint32_t steps) {
  BassDiffusion rule(g, params);
  BatchResult batch = run_replicates(g, rule, SeedPlan::random(seeds), {7, 0, reps - 1, steps}, 2);
  return mean_fraction(batch, g.num_nodes(), steps);
}

// The expected adopted fraction of the synchronous Bass process on n nodes
// and its variance per replicate, step by step, to second order (the linear
// noise approximation). Given F, step t+1 adds X ~ Binomial(n (1 - F), h),
// h = p + q F, so with m = E F and V = Var F:
//   m' = m + (p + q m)(1 - m) - q V     (exact given V: E[F^2] = m^2 + V)
//   V' = g^2 V + (1 - m) h(m) (1 - h(m)) / n,   g = 1 - p + q - 2 q m,
// g being the slope of F + h(F)(1 - F). Without the q V term this is the
// discrete Bass recursion F(t+1) = F(t) + (p + q F(t)) (1 - F(t)). The terms
// left out are O(1/n^2).
struct BassMoments {
  std::vector<double> mean, var;
};

BassMoments bass_moments(double p, double q, double f0, double n, std::uint32_t steps) {
  BassMoments b{{f0}, {0.0}};
  for (std::uint32_t t = 0; t < steps; ++t) {
    const double m = b.mean.back(), v = b.var.back(), h = p + q * m, g = 1 - p + q - 2 * q * m;
    b.mean.push_back(m + h * (1 - m) - q * v);
    b.var.push_back(g * g * v + (1 - m) * h * (1 - h) / n);
  }
  return b;
}

// Each step's mean over `reps` replicates against the expectation, within
// 4.5 SE = 4.5 sqrt(V / reps) (plus 1e-9 for rounding: step 0 is exact).
void expect_bass_moments(const std::vector<double>& mean, const BassMoments& want,
                         std::uint32_t reps, const char* what) {
  for (std::size_t t = 0; t < mean.size(); ++t)
    EXPECT_NEAR(mean[t], want.mean[t], 4.5 * std::sqrt(want.var[t] / reps) + 1e-9)
        << what << " step " << t;
}

// n = 100000, 10 replicates: the SE peaks at 0.0011 (F near 1/2); a 2%
// error in q moves the curve by up to 14 SE. The q V term is under 5e-6.
TEST(Bass, GlobalScopeFollowsTheBassRecursion) {
  Graph g = empty_graph(100000);
  std::vector<double> mean = mean_fraction(g, {0.03, 0.38, kGlobal}, 100, 10, 30);
  expect_bass_moments(mean, bass_moments(0.03, 0.38, 100 / 100000.0, 100000, 30), 10, "global");
}

// On the complete graph an unadopted node sees F = A / (n - 1) of its
// in-neighbours adopted (A adopters, trust all equal), so the neighbors scope
// is the global one with q n / (n - 1) (n = 500: a 0.001 shift at most, 0.4
// SE). Both scopes against their moments: 400 replicates of n = 500 nodes
// (a small graph and many replicates cost less than the reverse for the same
// SE): SE at most 0.0023, q V up to 0.0008 (included); a 2% error in q moves
// the curve by up to 6.4 SE.
TEST(Bass, NeighborsOnCompleteGraphMatchesGlobal) {
  const NodeId n = 500;
  const std::uint32_t reps = 400;
  EdgeList e;
  e.num_nodes = n;
  for (NodeId u = 0; u < n; ++u)
    for (NodeId v = 0; v < n; ++v)
      if (u != v) e.sources.push_back(u), e.targets.push_back(v);
  Graph g = build_graph(std::move(e), {}, "complete");
  std::vector<double> local = mean_fraction(g, {0.03, 0.38, kNeighbors}, 5, reps, 30);
  std::vector<double> global = mean_fraction(g, {0.03, 0.38, kGlobal}, 5, reps, 30);
  expect_bass_moments(local, bass_moments(0.03, 0.38 * n / (n - 1.0), 5.0 / n, n, 30), reps,
                      "neighbors");
  expect_bass_moments(global, bass_moments(0.03, 0.38, 5.0 / n, n, 30), reps, "global");
}

// On a ring (two neighbours each side) imitation only works at the edges of
// clusters. Measured with these seeds: global passes 50% at step 7 (0.524)
// when the ring is at 0.429; the ring reaches 90% at step 16, global at 12.
TEST(Bass, RingIsMuchSlowerThanGlobal) {
  Graph g = make_graph("ws:n=2000,k=4,beta=0", 1);
  TrustModel::parse("const:1").apply(g, 1);
  std::vector<double> ring = mean_fraction(g, {0.03, 0.38, kNeighbors}, 20, 10, 40);
  std::vector<double> global = mean_fraction(g, {0.03, 0.38, kGlobal}, 20, 10, 40);
  auto first_at = [](const std::vector<double>& f, double level) {
    return std::find_if(f.begin(), f.end(), [level](double x) { return x >= level; }) - f.begin();
  };
  const auto half = first_at(global, 0.5);
  ASSERT_EQ(half, 7);
  EXPECT_LT(ring[half], 0.47);
  EXPECT_GE(first_at(ring, 0.9), first_at(global, 0.9) + 3);
}

TEST(Bass, NoChanceMeansOnlySeedsAndEndsAtStepZero) {
  Graph g = path_graph(10, 1.0f);
  for (BassScope scope : {kGlobal, kNeighbors}) {
    BassDiffusion rule(g, {0.0, 0.0, scope});
    ReplicateResult r = run_once(g, rule, {0, 5});
    ASSERT_EQ(r.steps.size(), 1u);
    EXPECT_EQ(r.final_step().counts.adopters, 2u);
  }
}

TEST(Bass, PEqualOneAdoptsEveryoneInStepOne) {
  Graph g = path_graph(50, 0.3f);
  for (BassScope scope : {kGlobal, kNeighbors}) {
    BassDiffusion rule(g, {1.0, 0.0, scope});
    ReplicateResult r = run_once(g, rule, {3});
    ASSERT_EQ(r.steps.size(), 2u);
    EXPECT_EQ(r.steps[1].counts.adopters, 50u);
    EXPECT_EQ(r.steps[1].transitions.new_adopters, 49u);
  }
}

TEST(Bass, ImitationOnAPathIsOneHopPerStepLikeIc) {
  Graph g = path_graph(4, 1.0f);
  BassDiffusion bass(g, {0.0, 1.0, kNeighbors});
  IndependentCascade ic(g);
  ReplicateResult b = run_once(g, bass, {0}), c = run_once(g, ic, {0});
  ASSERT_EQ(b.steps.size(), 4u);
  ASSERT_EQ(b.steps.size(), c.steps.size());
  for (std::size_t t = 0; t < 4; ++t) {
    EXPECT_EQ(b.steps[t].counts, c.steps[t].counts);
    EXPECT_EQ(b.steps[t].counts.adopters, t + 1);
  }
  EXPECT_EQ(b.arcs_examined, 3u);
}

// Node 0 has no in-arcs: F = 0, so it adopts in the first step t whose draw
// is below p; node 2 hears from seed 1 with p + q = 1 and adopts in step 1.
TEST(Bass, NodeWithoutInArcsAdoptsOnlyThroughP) {
  Graph g = arcs_graph(3, {{1, 2, 1.0f}});
  BassDiffusion rule(g, {0.2, 0.8, kNeighbors});
  for (std::uint32_t rep = 0; rep < 100; ++rep) {
    CounterStream draws(42, rep, Purpose::kAdoption);
    std::uint32_t first = 1;
    while (draws.word(std::uint64_t{first} * 3 + 0) >= word_threshold(0.2)) ++first;
    ReplicateResult r = run_once(g, rule, {1}, rep);
    ASSERT_EQ(r.steps.size(), std::max<std::size_t>(2, first + 1)) << "rep " << rep;
    for (std::uint32_t t = 1; t < r.steps.size(); ++t)
      EXPECT_EQ(r.steps[t].counts.adopters, 2u + (t >= first)) << "rep " << rep;
  }
  BassDiffusion imitation_only(g, {0.0, 1.0, kNeighbors});
  EXPECT_EQ(run_once(g, imitation_only, {1}).final_step().counts.adopters, 2u);
}

TEST(Bass, QuietStepsDoNotEndTheRun) {
  Graph g = empty_graph(10);
  BassDiffusion rule(g, {0.01, 0.0, kGlobal});
  ReplicateResult r = run_once(g, rule, {0});
  EXPECT_EQ(r.final_step().counts.adopters, 10u);
  EXPECT_GT(r.final_step().transitions.new_adopters, 0u);
  const auto quiet = std::count_if(r.steps.begin(), r.steps.end(), [](const StepRecord& s) {
    return s.transitions.new_adopters == 0;
  });
  EXPECT_GT(quiet, 10);  // 9 nodes at p = 0.01: most steps are quiet
}

// Slow, obviously correct reference: F recomputed from scratch every step.
std::vector<std::uint64_t> reference(const Graph& g, const BassParams& params,
                                     const std::vector<NodeId>& seeds, std::uint32_t rep) {
  const NodeId n = g.num_nodes();
  std::vector<bool> adopted(n, false);
  for (NodeId s : seeds) adopted[s] = true;
  std::vector<std::uint64_t> counts{seeds.size()};
  CounterStream draws(42, rep, Purpose::kAdoption);
  for (std::uint32_t t = 1;; ++t) {
    std::vector<double> received(n, 0.0), total(n, 0.0);
    for (NodeId u = 0; u < n; ++u)
      for (ArcId a = g.first_arc(u); a < g.end_arc(u); ++a) {
        total[g.targets()[a]] += g.trust()[a];
        if (adopted[u]) received[g.targets()[a]] += g.trust()[a];
      }
    std::vector<NodeId> winners;
    bool can_change = false;
    for (NodeId v = 0; v < n; ++v) {
      if (adopted[v]) continue;
      double f = static_cast<double>(counts.back()) / n;
      if (params.scope == kNeighbors) f = total[v] > 0 ? std::min(1.0, received[v] / total[v]) : 0;
      const std::uint64_t threshold = word_threshold(params.p + params.q * f);
      can_change |= threshold > 0;
      if (draws.word(std::uint64_t{t} * n + v) < threshold) winners.push_back(v);
    }
    if (winners.empty() && !can_change) return counts;
    for (NodeId v : winners) adopted[v] = true;
    counts.push_back(counts.back() + winners.size());
  }
}

TEST(Bass, MatchesSlowReference) {
  Graph g = build_graph(erdos_renyi(400, 3.0, 11), {}, "er");
  // Trust in eighths, so every sum is exact whatever the order of additions.
  auto trust = g.mutable_trust();
  for (std::size_t a = 0; a < trust.size(); ++a) trust[a] = static_cast<float>(a % 8) / 8.0f;
  const BassParams cases[] = {
      {0.02, 0.5, kGlobal}, {0.0, 0.6, kGlobal}, {0.02, 0.5, kNeighbors}, {0.0, 0.7, kNeighbors}};
  for (const BassParams& params : cases) {
    BassDiffusion rule(g, params);
    Simulation sim(g, rule);
    for (std::uint32_t rep = 0; rep < 6; ++rep) {
      const std::vector<NodeId> seeds{rep, 100 + rep, 200 + rep};
      ReplicateResult r = sim.run({42, rep, 0}, SeedPlan::fixed(seeds));
      std::vector<std::uint64_t> fast;
      for (const StepRecord& s : r.steps) fast.push_back(s.counts.adopters);
      EXPECT_EQ(fast, reference(g, params, seeds, rep)) << rule.spec() << " rep " << rep;
    }
  }
}

TEST(Bass, SameReplicateSameResultAndCountsConserve) {
  Graph g = build_graph(erdos_renyi(3000, 4.0, 3), {}, "er");
  TrustModel::parse("uniform:0:1").apply(g, 3);
  for (BassScope scope : {kGlobal, kNeighbors}) {
    BassDiffusion rule(g, {0.01, 0.4, scope});
    Simulation a(g, rule), b(g, rule);
    SeedPlan seeds = SeedPlan::random(5);
    ReplicateResult alone = a.run({9, 7, 0}, seeds);
    for (std::uint32_t rep = 0; rep < 7; ++rep) b.run({9, rep, 0}, seeds);
    ReplicateResult after = b.run({9, 7, 0}, seeds);
    ASSERT_EQ(alone.steps.size(), after.steps.size());
    EXPECT_EQ(alone.arcs_examined, after.arcs_examined);
    std::uint64_t previous = 0;
    for (std::size_t t = 0; t < alone.steps.size(); ++t) {
      const StateCounts& c = alone.steps[t].counts;
      EXPECT_EQ(c, after.steps[t].counts);
      EXPECT_EQ(c.unaware + c.aware + c.adopters + c.churned, 3000u);
      EXPECT_EQ(c.adopters - previous, alone.steps[t].transitions.new_adopters);
      previous = c.adopters;
    }
    EXPECT_EQ(alone.final_step().counts.adopters, 3000u);
  }
}

// F is cumulative adoption under both scopes: an adopter who churned (which
// only the word-of-mouth model does) still counts. A star whose centre
// adopted in step 0 and churned before step 1: with p = 0 and q = 1, every
// leaf adopts in step 1 under neighbors scope (F = 1 for each), and under
// global scope each leaf adopts with chance q * 1/n (here n = 2: a single
// leaf, so 1/2), which never happens if a churned centre stops counting.
TEST(Bass, ChurnedAdoptersStillCountInF) {
  for (const BassScope scope : {kNeighbors, kGlobal}) {
    const NodeId leaves = scope == kNeighbors ? 50 : 1;
    std::vector<testing::Arc> arcs;
    for (NodeId v = 1; v <= leaves; ++v) arcs.push_back({0, v, 0.5f});
    const Graph g = arcs_graph(leaves + 1, arcs);
    BassDiffusion bass(g, {0.0, 1.0, scope});
    std::uint64_t adopted = 0;
    for (std::uint32_t replicate = 0; replicate < 20; ++replicate) {
      Population population(g.num_nodes());
      StepContext context(g, population);
      const auto worker = bass.make_worker();
      worker->begin(7, replicate);
      population.adopt(0);
      population.end_step();
      population.churn(0);  // what the model's churn does
      worker->step(context);
      adopted += population.step_transitions().new_adopters;
    }
    if (scope == kNeighbors) {
      EXPECT_EQ(adopted, 20u * leaves);
    } else {
      EXPECT_GT(adopted, 3u);   // about 10 of 20
      EXPECT_LT(adopted, 18u);
    }
  }
}

TEST(Bass, SpecRoundTripsAndBadSpecsNameTheSpec) {
  Graph g = path_graph(3, 1.0f);
  EXPECT_EQ(make_rule("bass:q=0.38,p=0.03,scope=global", g)->spec(),
            "bass:p=0.03,q=0.38,scope=global");
  EXPECT_EQ(make_rule("bass:p=0.1,q=0.2", g)->spec(), "bass:p=0.1,q=0.2,scope=neighbors");
  EXPECT_NO_THROW(check_rule_spec("bass:p=0.7,q=0.3"));
  for (const char* bad : {"bass", "bass:p=-0.1,q=0.3", "bass:p=0.1,q=0.3,scope=moon",
                          "bass:p=0.1,q=0.3,x=1", "bass:p=0.6,q=0.6", "bass:0.1,q=0.3"}) {
    testing::expect_bad_rule_spec(bad);
  }
  EXPECT_THROW(BassDiffusion(g, {0.5, 1.5, kGlobal}), InputError);
}

}  // namespace
}  // namespace koubei
