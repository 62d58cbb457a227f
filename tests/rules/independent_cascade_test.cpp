#include "koubei/rules/independent_cascade.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "koubei/batch/replicates.hpp"
#include "koubei/graph/builder.hpp"
#include "koubei/graph/generators.hpp"
#include "koubei/model/simulation.hpp"
#include "koubei/trust/trust_model.hpp"
#include "rule_test_graphs.hpp"

namespace koubei {
namespace {

using testing::Arc;
using testing::arcs_graph;
using testing::path_graph;

ReplicateResult run_once(const Graph& g, const Rule& rule, std::vector<NodeId> seeds,
                         std::uint32_t replicate = 0, std::uint32_t max_steps = 0) {
  Simulation sim(g, rule);
  return sim.run({42, replicate, max_steps}, SeedPlan::fixed(std::move(seeds)));
}

TEST(IndependentCascade, PathWithTrustOneActivatesAllInNMinusOneSteps) {
  Graph g = path_graph(10, 1.0f);
  IndependentCascade ic(g);
  ReplicateResult r = run_once(g, ic, {0});
  ASSERT_EQ(r.steps.size(), 10u);  // rows 0..9
  for (std::uint32_t t = 0; t < 10; ++t) {
    EXPECT_EQ(r.steps[t].step, t);
    EXPECT_EQ(r.steps[t].counts.adopters, t + 1);
    EXPECT_EQ(r.steps[t].transitions.new_adopters, 1u);
    EXPECT_EQ(r.steps[t].counts.unaware, 9 - t);
  }
  EXPECT_EQ(r.arcs_examined, 9u);
}

TEST(IndependentCascade, TrustZeroActivatesOnlySeeds) {
  Graph g = path_graph(10, 0.0f);
  IndependentCascade ic(g);
  for (std::uint32_t rep = 0; rep < 20; ++rep) {
    ReplicateResult r = run_once(g, ic, {0, 5}, rep);
    ASSERT_EQ(r.steps.size(), 1u);
    EXPECT_EQ(r.final_step().counts.adopters, 2u);
  }
}

TEST(IndependentCascade, StepLimitStopsEarly) {
  Graph g = path_graph(10, 1.0f);
  IndependentCascade ic(g);
  ReplicateResult r = run_once(g, ic, {0}, 0, 3);
  ASSERT_EQ(r.steps.size(), 4u);
  EXPECT_EQ(r.final_step().counts.adopters, 4u);
}

TEST(IndependentCascade, EachNewAdopterTriesEachArcOnce) {
  // Star 0 -> 1..1000 with p = 0.3: the number of adopters is Binomial(1000, 0.3).
  std::vector<testing::Arc> arcs;
  for (NodeId v = 1; v <= 1000; ++v) arcs.push_back({0, v, 0.3f});
  Graph g = arcs_graph(1001, arcs);
  IndependentCascade ic(g);
  double sum = 0;
  const int reps = 200;
  for (int rep = 0; rep < reps; ++rep) {
    ReplicateResult r = run_once(g, ic, {0}, rep);
    EXPECT_LE(r.steps.size(), 2u);  // one hop and done
    sum += static_cast<double>(r.final_step().counts.adopters - 1);
  }
  // Mean of 200 Binomial(1000, 0.3) draws: within 5 standard errors,
  // sqrt(1000 x 0.3 x 0.7 / 200) = 1.02 each.
  EXPECT_NEAR(sum / reps, 300.0, 5 * std::sqrt(1000 * 0.3 * 0.7 / reps));
}

TEST(IndependentCascade, SameReplicateSameResultWhateverRanBefore) {
  Graph g = build_graph(erdos_renyi(2000, 3.0, 5), {}, "er");
  TrustModel::parse("const:0.4").apply(g, 5);
  IndependentCascade ic(g);
  Simulation a(g, ic), b(g, ic);
  SeedPlan seeds = SeedPlan::random(5);
  ReplicateResult alone = a.run({9, 7, 0}, seeds);
  for (std::uint32_t rep = 0; rep < 7; ++rep) b.run({9, rep, 0}, seeds);
  ReplicateResult after = b.run({9, 7, 0}, seeds);
  ASSERT_EQ(alone.steps.size(), after.steps.size());
  for (std::size_t t = 0; t < alone.steps.size(); ++t)
    EXPECT_EQ(alone.steps[t].counts, after.steps[t].counts);
}

// With one trust on every arc, `ic:sampler=runs` finds live arcs by
// geometric runs of dead arcs: each arc must still be live with probability p, whatever its place in the row,
// and independently of its neighbours. A star's 40 arcs over 4000
// replicates: every arc's frequency within 4.5 standard errors of p, and
// adjacent pairs live together with probability p^2.
TEST(IndependentCascade, GapsMakeEveryArcLiveWithProbabilityPIndependently) {
  constexpr NodeId kArcs = 40;
  constexpr std::uint32_t kReplicates = 4000;
  for (float p : {0.1f, 0.37f}) {
    std::vector<Arc> arcs;
    for (NodeId v = 1; v <= kArcs; ++v) arcs.push_back({0, v, p});
    Graph g = arcs_graph(kArcs + 1, arcs);
    IndependentCascade ic(g, {IcSampler::kRuns});
    Simulation sim(g, ic);
    std::vector<double> live(kArcs + 1, 0), pairs(kArcs + 1, 0);
    double total = 0;
    for (std::uint32_t r = 0; r < kReplicates; ++r) {
      const ReplicateResult result = sim.run({11, r, 0, true}, SeedPlan::fixed({0}));
      std::vector<bool> hit(kArcs + 1, false);
      for (const Referral& ref : result.referrals)
        if (ref.source != ref.target) hit[ref.target] = true;
      for (NodeId v = 1; v <= kArcs; ++v) {
        live[v] += hit[v];
        total += hit[v];
        if (v > 1) pairs[v] += hit[v] && hit[v - 1];
      }
    }
    const double se = std::sqrt(p * (1 - p) / kReplicates);
    const double pair_se = std::sqrt(p * p * (1 - p * p) / kReplicates);
    for (NodeId v = 1; v <= kArcs; ++v) {
      EXPECT_NEAR(live[v] / kReplicates, p, 4.5 * se) << "arc " << v << ", p " << p;
      if (v > 1) {
        EXPECT_NEAR(pairs[v] / kReplicates, p * p, 4.5 * pair_se) << "arcs " << v;
      }
    }
    // The row total is Binomial(40, p).
    EXPECT_NEAR(total / kReplicates, kArcs * p, 4.5 * std::sqrt(kArcs * p * (1 - p) / kReplicates));
  }
}

// The guide table must never point past a word's run, or a run would come
// out too long: for every bucket's first and last word and words in between,
// the guide is at most the run the survival table gives (by binary search),
// and for p >= 0.01 (runs within the table) about a step below on average.
TEST(IndependentCascade, GuideTableStartsAtOrBelowEveryRun) {
  for (float p : {0.9f, 0.5f, 0.1f, 0.01f, 0.0001f}) {
    Graph g = arcs_graph(2, {{0, 1, p}});
    IndependentCascade ic(g, {IcSampler::kRuns});
    const auto survival = ic.survival();
    const auto guide = ic.guide();
    const std::size_t last = survival.size() - 1;
    ASSERT_EQ(guide.size(), std::size_t{1} << (32 - IndependentCascade::kGuideShift));
    std::uint64_t steps = 0, words = 0;
    for (std::uint64_t b = 0; b < guide.size(); ++b) {
      const std::uint64_t low = b << IndependentCascade::kGuideShift;
      const std::uint64_t high = ((b + 1) << IndependentCascade::kGuideShift) - 1;
      for (std::uint64_t w : {low, (low + high) / 2, high}) {
        if (w < survival[last]) continue;  // a piece of a longer run
        std::size_t run = 0;
        while (run + 1 <= last && w < survival[run + 1]) ++run;
        ASSERT_LE(guide[b], run) << "p " << p << ", word " << w;
        steps += run - guide[b];
        ++words;
      }
    }
    if (p >= 0.01f) {
      EXPECT_LT(static_cast<double>(steps) / static_cast<double>(words), 2.0) << "p " << p;
    }
  }
}

// Runs of dead arcs carry over from one row to the next and, for small p,
// are drawn in pieces of IndependentCascade::kSurvivalSteps arcs. 200 seeds
// with 3 arcs each (600 arcs tried per replicate, every one exactly once):
// each arc live with probability p, the last arc of a row and the first of
// the next live together with probability p^2, and for p small enough that
// every run spans many rows, the total number of live arcs Binomial(600, p).
TEST(IndependentCascade, DeadRunsAcrossRowsKeepArcsIndependent) {
  constexpr NodeId kRows = 200, kPerRow = 3;
  std::vector<Arc> arcs;
  std::vector<NodeId> seeds;
  const auto leaf = [](NodeId row, NodeId j) { return kRows + row * kPerRow + j; };
  for (float p : {0.2f, 0.0005f}) {
    arcs.clear();
    seeds.clear();
    for (NodeId row = 0; row < kRows; ++row) {
      seeds.push_back(row);
      for (NodeId j = 0; j < kPerRow; ++j) arcs.push_back({row, leaf(row, j), p});
    }
    Graph g = arcs_graph(kRows * (1 + kPerRow), arcs);
    IndependentCascade ic(g, {IcSampler::kRuns});
    if (p < 0.001f) {
      ASSERT_GT(ic.survival().back(), 0u);  // runs drawn in pieces
    }
    Simulation sim(g, ic);
    const std::uint32_t replicates = p < 0.001f ? 20000 : 1000;
    std::vector<double> live(kPerRow, 0);
    double boundary_pairs = 0, total = 0;
    for (std::uint32_t r = 0; r < replicates; ++r) {
      const ReplicateResult result = sim.run({5, r, 0, true}, SeedPlan::fixed(seeds));
      std::vector<bool> hit(g.num_nodes(), false);
      for (const Referral& ref : result.referrals)
        if (ref.source != ref.target) hit[ref.target] = true;
      for (NodeId row = 0; row < kRows; ++row) {
        for (NodeId j = 0; j < kPerRow; ++j) live[j] += hit[leaf(row, j)];
        if (row > 0) boundary_pairs += hit[leaf(row - 1, kPerRow - 1)] && hit[leaf(row, 0)];
      }
      total += static_cast<double>(result.final_step().counts.adopters - kRows);
    }
    const double tries = static_cast<double>(replicates) * kRows;
    for (NodeId j = 0; j < kPerRow; ++j)
      EXPECT_NEAR(live[j] / tries, p, 4.5 * std::sqrt(p * (1 - p) / tries)) << "arc " << j;
    const double pair_tries = static_cast<double>(replicates) * (kRows - 1);
    EXPECT_NEAR(boundary_pairs / pair_tries, p * p,
                4.5 * std::sqrt(p * p * (1 - p * p) / pair_tries) + 1e-7)
        << "p " << p;
    const double n = kRows * kPerRow;
    EXPECT_NEAR(total / replicates, n * p, 4.5 * std::sqrt(n * p * (1 - p) / replicates))
        << "p " << p;
  }
}

// Trust 1 on an undirected graph runs as a direction-optimizing BFS; with a
// trace it runs top-down (the trace records who persuaded whom). Both give
// every node at its BFS distance from the seeds, step by step.
TEST(IndependentCascade, TrustOneIsABreadthFirstSearchEitherWay) {
  Graph g = build_graph(barabasi_albert(20000, 3, 5), {}, "ba");
  TrustModel::parse("const:1").apply(g, 1);
  ASSERT_FALSE(g.info().directed);
  IndependentCascade ic(g);
  const std::vector<NodeId> seeds = {3, 1000, 19999};
  Simulation fast(g, ic);
  const ReplicateResult bfs = fast.run({7, 0, 0, false}, SeedPlan::fixed(seeds));
  const ReplicateResult traced = fast.run({7, 0, 0, true}, SeedPlan::fixed(seeds));
  // Distances by a plain BFS.
  std::vector<std::uint32_t> distance(g.num_nodes(), ~0u);
  std::vector<NodeId> queue = seeds;
  for (NodeId s : seeds) distance[s] = 0;
  for (std::size_t i = 0; i < queue.size(); ++i)
    for (NodeId v : g.out_neighbors(queue[i]))
      if (distance[v] == ~0u) distance[v] = distance[queue[i]] + 1, queue.push_back(v);
  ASSERT_EQ(bfs.steps.size(), traced.steps.size());
  for (std::size_t t = 0; t < bfs.steps.size(); ++t) {
    const auto reached = static_cast<std::uint64_t>(
        std::count_if(distance.begin(), distance.end(), [t](std::uint32_t d) { return d <= t; }));
    EXPECT_EQ(bfs.steps[t].counts.adopters, reached) << "step " << t;
    EXPECT_EQ(bfs.steps[t].counts, traced.steps[t].counts) << "step " << t;
    EXPECT_EQ(bfs.steps[t].transitions, traced.steps[t].transitions) << "step " << t;
  }
  EXPECT_EQ(bfs.final_step().counts.adopters, g.num_nodes());
  EXPECT_EQ(bfs.arcs_examined, g.num_arcs());  // every node referred once
  EXPECT_EQ(traced.arcs_examined, g.num_arcs());
  EXPECT_EQ(traced.referrals.size(), g.num_nodes());
}

// Bond percolation on G(n, k/n) with transmissibility T: the giant
// outbreak reaches the fraction S solving S = 1 - exp(-k T S).
//
// Each arc of an undirected graph is tried at most once (from whichever end
// adopted first), so the adopters are the union of the seeds' clusters in
// the percolated graph, which is G(n, kT/(n-1)): c = kT = 2 here. Expected
// fraction: S (the giant, which some seed reaches except with chance
// (1-S)^20 = 1e-14) plus the finite clusters of the seeds outside it, each of
// mean size 1 / (1 - c (1-S)) (the size-biased cluster of the subcritical
// dual graph), so E = S + s (1-S) / (n (1 - c (1-S))) = S + 3.4e-4 for
// s = 20 seeds. The giant's own finite-n correction is O(1/n) relative
// (E|giant| = nS + O(1)): about 1e-4 at n = 20000, under 0.1 SE.
//
// Standard error: each replicate runs on its own graph (graph seeds 1..G),
// so the variance between replicates counts the graph-to-graph variation of
// the giant, which one graph would hide (its giant is off S by O(1/sqrt n),
// the same order as the replicates' spread). Floor: the central limit
// theorem for the giant of G(n, c/n), sd = sqrt(S (1-S) / n) / (1 - c (1-S))
// = 0.0049, so that a sample variance low by chance (19 degrees of freedom)
// does not narrow the bound. Tolerance 5 SE = 0.0055 at G = 20. A 2% bias in
// the trial probability moves c by 2% and S by dS/dc x 0.04 = 0.011, two
// tolerances.
TEST(IndependentCascade, MatchesPercolationOnErdosRenyi) {
  constexpr NodeId n = 20000;
  constexpr int kGraphs = 20, kSeeds = 20;
  const double c = 4.0 * 0.5;
  std::vector<double> fraction;
  for (int graph_seed = 1; graph_seed <= kGraphs; ++graph_seed) {
    Graph g = build_graph(erdos_renyi(n, 4.0, graph_seed), {}, "er");
    TrustModel::parse("const:0.5").apply(g, graph_seed);
    IndependentCascade ic(g);
    Simulation sim(g, ic);
    const ReplicateResult r = sim.run({static_cast<std::uint64_t>(graph_seed), 0, 0},
                                      SeedPlan::random(kSeeds));
    fraction.push_back(static_cast<double>(r.final_step().counts.adopters) / n);
  }
  double s = 0.5;
  for (int i = 0; i < 200; ++i) s = 1 - std::exp(-c * s);  // s = 0.7968...
  const double expected = s + kSeeds * (1 - s) / (n * (1 - c * (1 - s)));
  double mean = 0, var = 0;
  for (double f : fraction) mean += f / kGraphs;
  for (double f : fraction) var += (f - mean) * (f - mean) / (kGraphs - 1);
  const double clt_sd = std::sqrt(s * (1 - s) / n) / (1 - c * (1 - s));
  const double se = std::sqrt(std::max(var, clt_sd * clt_sd) / kGraphs);
  EXPECT_NEAR(mean, expected, 5 * se) << "sd between graphs " << std::sqrt(var);
}

TEST(IndependentCascade, NoNodeDeactivatesAndCountsConserve) {
  Graph g = build_graph(erdos_renyi(3000, 5.0, 3), {}, "er");
  TrustModel::parse("uniform:0:0.5").apply(g, 3);
  IndependentCascade ic(g);
  Simulation sim(g, ic);
  ReplicateResult r = sim.run({3, 0, 0}, SeedPlan::random(10));
  std::uint64_t previous = 0, total_new = 0;
  for (const StepRecord& s : r.steps) {
    EXPECT_EQ(s.counts.unaware + s.counts.aware + s.counts.adopters + s.counts.churned, 3000u);
    EXPECT_GE(s.counts.adopters, previous);
    EXPECT_EQ(s.counts.adopters - previous, s.transitions.new_adopters);
    previous = s.counts.adopters;
    total_new += s.transitions.new_adopters;
  }
  EXPECT_EQ(total_new, r.final_step().counts.adopters);
}

}  // namespace
}  // namespace koubei
