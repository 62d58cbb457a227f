#include "koubei/rules/churn_contagion.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "koubei/batch/replicates.hpp"
#include "koubei/core/error.hpp"
#include "koubei/graph/generators.hpp"
#include "koubei/model/simulation.hpp"
#include "koubei/rules/independent_cascade.hpp"
#include "koubei/trust/trust_model.hpp"
#include "rule_test_graphs.hpp"

namespace koubei {
namespace {

ReplicateResult run_once(const Graph& g, const Rule& rule, const SeedPlan& seeds,
                         std::uint32_t replicate = 0, std::uint32_t max_steps = 0) {
  Simulation sim(g, rule);
  return sim.run({42, replicate, max_steps}, seeds);
}

/// Checks the bookkeeping of every row: the four states sum to n, and each
/// count moves by exactly the step's transitions.
void expect_counts_conserve(const ReplicateResult& r, std::uint64_t n, bool sis) {
  for (std::size_t t = 0; t < r.steps.size(); ++t) {
    const StateCounts& c = r.steps[t].counts;
    EXPECT_EQ(c.unaware + c.aware + c.adopters + c.churned, n) << "step " << t;
    if (t == 0) continue;
    const StateCounts& before = r.steps[t - 1].counts;
    const Transitions& d = r.steps[t].transitions;
    EXPECT_EQ(c.adopters + d.new_churned, before.adopters + d.new_adopters) << "step " << t;
    const std::uint64_t first_adoptions = before.unaware - c.unaware;
    ASSERT_LE(first_adoptions, d.new_adopters);
    const std::uint64_t readoptions = d.new_adopters - first_adoptions;
    if (!sis) {
      EXPECT_EQ(readoptions, 0u) << "step " << t;  // churned users are immune
    }
    EXPECT_EQ(c.churned + readoptions, before.churned + d.new_churned) << "step " << t;
  }
}

TEST(ChurnContagion, SirWithFullChurnOnAPathIsIndependentCascade) {
  Graph g = testing::path_graph(10, 1.0f);
  ChurnContagion sir(g, {ChurnMode::kSir, 1.0});
  ReplicateResult r = run_once(g, sir, SeedPlan::fixed({0}));
  ReplicateResult ic = run_once(g, IndependentCascade(g), SeedPlan::fixed({0}));
  // Step t (1..9): node t-1 refers t, then leaves; step 10: node 9 leaves.
  ASSERT_EQ(r.steps.size(), 11u);
  ASSERT_EQ(ic.steps.size(), 10u);
  for (std::uint32_t t = 1; t < 10; ++t) {
    EXPECT_EQ(r.steps[t].transitions.new_adopters, ic.steps[t].transitions.new_adopters);
    EXPECT_EQ(r.steps[t].counts.adopters, 1u);
    EXPECT_EQ(r.steps[t].counts.churned, t);
    EXPECT_EQ(r.steps[t].transitions.new_churned, 1u);
  }
  EXPECT_EQ(r.final_step().counts.adopters, 0u);
  EXPECT_EQ(r.final_step().counts.churned, 10u);
  EXPECT_EQ(r.arcs_examined, ic.arcs_examined);
  expect_counts_conserve(r, 10, false);
}

TEST(ChurnContagion, TrialsRepeatEveryStepUntilChurn) {
  // Without churn (SI), a path with trust 0.5 is eventually all adopters.
  Graph path = testing::path_graph(10, 0.5f);
  ReplicateResult si =
      run_once(path, ChurnContagion(path, {ChurnMode::kSir, 0.0}), SeedPlan::fixed({0}));
  EXPECT_EQ(si.final_step().counts.adopters, 10u);
  EXPECT_GT(si.steps.size(), 10u);  // some trials failed and were repeated

  // One arc with trust b from a seed with churn c: the seed tries for a
  // Geometric(c) number of steps, so the target adopts with chance
  // T = b / (b + c - b c) = 0.3 / 0.65 = 0.4615. Over 200000 replicates the
  // reached share has SE sqrt(T (1 - T) / 200000) = 0.0011; tolerance 4.5 SE
  // = 0.0050, and a 2% error in T (0.0092) is 8.3 SE.
  Graph arc = testing::arcs_graph(2, {{0, 1, 0.3f}});
  ChurnContagion sir(arc, {ChurnMode::kSir, 0.5});
  Simulation sim(arc, sir);
  int reached = 0;
  const int reps = 200000;
  for (std::uint32_t rep = 0; rep < reps; ++rep)
    reached += sim.run({42, rep, 0}, SeedPlan::fixed({0})).final_step().counts.unaware == 0;
  const double t = 0.3 / 0.65;
  EXPECT_NEAR(reached / double(reps), t, 4.5 * std::sqrt(t * (1 - t) / reps));
}

// Discrete-time SIR on G(n, k/(n-1)): an adopter refers for D ~ Geometric(c)
// steps, so an arc transmits with T = 1 - E[(1-b)^D] = b / (b + c - b c).
// The users reached are those with a giant in-component in bond percolation
// with T (the arcs into a user belong to distinct senders, hence are
// independent), so with Binomial(n-1, k/(n-1)) degrees the reached fraction
// S solves S = 1 - (1 - T S k / (n-1))^(n-1) (0.7416 for k = 10, T = 0.1818).
// A seed outside the giant in-component adds its finite cluster, of mean size
// 1 / (1 - kT (1-S)) (the subcritical dual), so the expectation is
// E = S + s (1-S) / (n (1 - kT (1-S))) = S + 4.9e-4 for s = 20 seeds (that no
// seed starts a large outbreak has chance < 1e-10).
//
// Bias term: the closed form is the n -> infinity giant; its finite-n
// correction is O(1/n) (E|giant| = nS + O(1), as for the percolated G(n, p)),
// counted as 3/n = 1.5e-4 beside the standard error.
//
// Standard error: each replicate runs on its own graph (graph seeds 1..30), so
// the spread between replicates counts the graph-to-graph variation of the
// giant, which one graph would hide; per replicate it is about 0.0067, so
// SE = sd / sqrt(30) = 0.0012 and the tolerance 4.5 SE + bias = 0.0056 (the
// sd estimated on 29 degrees of freedom: |t| > 4.5 has chance 1e-4). A 2%
// error in the trust moves kT by 1.8% and S by dS/d(kT) x 0.033 = 0.012,
// over 10 SE.
TEST(ChurnContagion, SirFinalSizeMatchesPercolation) {
  constexpr NodeId n = 20000;
  constexpr int kGraphs = 30, kSeeds = 20;
  const double k = 10, t = 0.1 / (0.1 + 0.5 - 0.05), kt = k * t;
  std::vector<double> fraction;
  for (int graph_seed = 1; graph_seed <= kGraphs; ++graph_seed) {
    Graph g = build_graph(erdos_renyi(n, k, static_cast<std::uint64_t>(graph_seed)), {}, "er");
    TrustModel::parse("const:0.1").apply(g, 3);
    ChurnContagion sir(g, {ChurnMode::kSir, 0.5});
    Simulation sim(g, sir);
    const ReplicateResult r =
        sim.run({static_cast<std::uint64_t>(graph_seed), 0, 0}, SeedPlan::random(kSeeds));
    EXPECT_EQ(r.final_step().counts.adopters, 0u);
    expect_counts_conserve(r, n, false);
    fraction.push_back(double(r.final_step().counts.churned) / n);
  }
  double s = 0.5;
  for (int i = 0; i < 500; ++i) s = 1 - std::pow(1 - kt * s / (n - 1), n - 1);
  const double expected = s + kSeeds * (1 - s) / (n * (1 - kt * (1 - s)));
  const double bias = 3.0 / n;
  double mean = 0, var = 0;
  for (double f : fraction) mean += f / kGraphs;
  for (double f : fraction) var += (f - mean) * (f - mean) / (kGraphs - 1);
  const double se = std::sqrt(var / kGraphs);
  EXPECT_NEAR(mean, expected, 4.5 * se + bias)
      << "sd between graphs " << std::sqrt(var) << ", z " << (mean - expected) / se;
}

// Discrete-time SIS, degree-based mean field: with i_v the chance that v is
// an adopter and theta the chance that the source of a random arc is one,
//   i_v <- (1 - c) i_v + (1 - i_v) (1 - (1 - b theta)^deg(v)),
// iterated to its fixed point on the test graph's own degrees (so the
// graph's degree sequence, its main graph-to-graph variation, is in the
// expectation). The simulation's time average over the endemic phase,
// steps 51..150, must come close: a deviation shrinks by the mean field's
// slope, about 0.6, per step, so the 250 seeds are long forgotten by then.
//
// Standard error: 6 replicates x 5 batches of 20 steps. With that slope the
// correlation time is about 4 steps and neighbouring 20-step batch means
// are correlated by about 0.05, so they are nearly independent:
// SE = sd(batch means) / sqrt(30) = 7e-4 (29 degrees of freedom; the
// neighbour correlation makes it low by under 5%).
//
// Bias term: the mean field ignores correlations between neighbours (a
// susceptible user's neighbours are less often adopters than theta): each
// pair is correlated by O(b), b = 0.02, against a level of 0.4. Measured on
// this graph over 40 replicates, the offset is -0.0010 +- 0.0002 (4.7 SE of
// that larger run), so the bias term is 0.002, twice it. Tolerance
// 4.5 SE + 0.002 = 0.0052; a 2% error in b moves the level by 0.0074.
TEST(ChurnContagion, SisEndemicLevelMatchesMeanField) {
  const NodeId n = 5000;
  const double b = 0.02, c = 0.5;
  Graph g = build_graph(erdos_renyi(n, 50.0, 5), {}, "er");
  TrustModel::parse("const:0.02").apply(g, 5);
  ChurnContagion sis(g, {ChurnMode::kSis, c});
  EXPECT_TRUE(sis.needs_step_limit());
  constexpr int kReplicates = 6, kBatches = 5, kBatch = 20;
  std::vector<double> batch_means;
  int readopted = 0;
  for (std::uint32_t rep = 0; rep < kReplicates; ++rep) {
    ReplicateResult r = run_once(g, sis, SeedPlan::random(250), rep, 150);
    ASSERT_EQ(r.steps.size(), 151u);
    expect_counts_conserve(r, n, true);
    for (int j = 0; j < kBatches; ++j) {
      double level = 0;
      for (int t = 51 + j * kBatch; t < 51 + (j + 1) * kBatch; ++t)
        level += double(r.steps[static_cast<std::size_t>(t)].counts.adopters) / n / kBatch;
      batch_means.push_back(level);
    }
    // Churned users re-adopted: more adoptions than users ever reached.
    std::uint64_t adoptions = 0;
    for (const StepRecord& s : r.steps) adoptions += s.transitions.new_adopters;
    readopted += adoptions > n - r.final_step().counts.unaware;
  }
  EXPECT_EQ(readopted, kReplicates);

  std::vector<double> i(n, 0.5);
  double theta = 0.5;
  for (int round = 0; round < 300; ++round) {
    double weighted = 0;
    for (NodeId v = 0; v < n; ++v) {
      const double d = g.out_degree(v);
      i[v] = (1 - c) * i[v] + (1 - i[v]) * (1 - std::pow(1 - b * theta, d));
      weighted += d * i[v];
    }
    theta = weighted / double(g.num_arcs());
  }
  double fixed_point = 0;
  for (double x : i) fixed_point += x / n;
  const double m = double(batch_means.size());
  double level = 0, var = 0;
  for (double x : batch_means) level += x / m;
  for (double x : batch_means) var += (x - level) * (x - level) / (m - 1);
  const double se = std::sqrt(var / m), bias = 0.002;
  EXPECT_NEAR(level, fixed_point, 4.5 * se + bias)
      << "SE " << se << ", offset " << level - fixed_point;
}

TEST(ChurnContagion, SettlesWhenNoAdopterRemains) {
  Graph g = testing::path_graph(5, 0.0f);
  for (ChurnMode mode : {ChurnMode::kSir, ChurnMode::kSis}) {
    ReplicateResult r = run_once(g, ChurnContagion(g, {mode, 1.0}), SeedPlan::fixed({0, 2}));
    ASSERT_EQ(r.steps.size(), 2u);  // both seeds leave in step 1
    EXPECT_EQ(r.final_step().counts.churned, 2u);
    // Without churn and without trust, the first quiet step ends it.
    EXPECT_EQ(run_once(g, ChurnContagion(g, {mode, 0.0}), SeedPlan::fixed({0})).steps.size(), 1u);
  }
}

TEST(ChurnContagion, ReplicateDoesNotDependOnWhatRanBefore) {
  Graph g = build_graph(erdos_renyi(2000, 6.0, 9), {}, "er");
  TrustModel::parse("const:0.2").apply(g, 9);
  for (ChurnMode mode : {ChurnMode::kSir, ChurnMode::kSis}) {
    ChurnContagion rule(g, {mode, 0.4});
    Simulation a(g, rule), b(g, rule);
    ReplicateResult alone = a.run({9, 5, 40}, SeedPlan::random(10));
    for (std::uint32_t rep = 0; rep < 5; ++rep) b.run({9, rep, 40}, SeedPlan::random(10));
    ReplicateResult after = b.run({9, 5, 40}, SeedPlan::random(10));
    ASSERT_EQ(alone.steps.size(), after.steps.size());
    for (std::size_t t = 0; t < alone.steps.size(); ++t)
      EXPECT_EQ(alone.steps[t].counts, after.steps[t].counts);
    EXPECT_EQ(alone.arcs_examined, after.arcs_examined);
  }
}

TEST(ChurnContagion, SpecIsValidatedAndSisNeedsAStepLimit) {
  Graph g = testing::path_graph(3, 1.0f);
  EXPECT_EQ(make_rule("sir:churn=0.3", g)->spec(), "sir:churn=0.3");
  EXPECT_EQ(make_rule("sis:churn=1", g)->spec(), "sis:churn=1");
  EXPECT_FALSE(make_rule("sir:churn=0.3", g)->needs_step_limit());
  EXPECT_TRUE(make_rule("sis:churn=0.3", g)->needs_step_limit());
  for (const char* bad : {"sir", "sis", "sir:churn=1.5", "sis:churn=-0.1", "sir:churn=x",
                          "sir:churn=0.3,k=2", "sis:0.3"}) {
    testing::expect_bad_rule_spec(bad);
  }
}

// SI (churn 0): an arc whose trust is below 2^-32 can never succeed, so a
// run settles at once instead of retrying it forever; one whose trust can
// succeed but is below 1e-6 would take ~1/trust steps, so a run without a
// step limit is refused; with one, it runs to the limit.
TEST(ChurnContagion, SiSettlesWhenNoTrialCanSucceed) {
  const Graph never = testing::path_graph(50, 1e-10f);
  auto si = make_rule("sir:churn=0", never);
  EXPECT_FALSE(si->needs_step_limit());
  const ReplicateResult r = run_once(never, *si, SeedPlan::fixed({0, 10, 20}));
  EXPECT_EQ(r.steps.size(), 1u);  // the seeds' row; the first quiet step ends it
  EXPECT_EQ(r.final_step().counts.adopters, 3u);

  // Some arcs certain, the rest impossible: settles once the certain ones are spent.
  const Graph mixed = testing::arcs_graph(
      4, {{0, 1, 1.0f}, {1, 2, 1.0f}, {2, 3, 1e-12f}, {3, 0, 1e-12f}});
  auto si_mixed = make_rule("sir:churn=0", mixed);
  const ReplicateResult m = run_once(mixed, *si_mixed, SeedPlan::fixed({0}));
  EXPECT_EQ(m.steps.size(), 3u);
  EXPECT_EQ(m.final_step().counts.adopters, 3u);

  const Graph slow = testing::path_graph(50, 1e-9f);
  auto si_slow = make_rule("sir:churn=0", slow);
  EXPECT_TRUE(si_slow->needs_step_limit());
  EXPECT_NE(si_slow->why_step_limit().find("1e-09"), std::string::npos) << si_slow->why_step_limit();
  EXPECT_FALSE(make_rule("sir:churn=0.1", slow)->needs_step_limit());  // adopters leave
  EXPECT_FALSE(make_rule("sir:churn=0", testing::path_graph(50, 2e-6f))->needs_step_limit());
  const ReplicateResult limited = run_once(slow, *si_slow, SeedPlan::fixed({0}), 0, 30);
  EXPECT_EQ(limited.steps.size(), 31u);
}

}  // namespace
}  // namespace koubei
