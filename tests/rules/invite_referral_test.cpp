#include "koubei/rules/invite_referral.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "koubei/core/error.hpp"
#include "koubei/graph/generators.hpp"
#include "koubei/model/simulation.hpp"
#include "koubei/rules/independent_cascade.hpp"
#include "koubei/trust/trust_model.hpp"
#include "rule_test_graphs.hpp"

namespace koubei {
namespace {

using testing::Arc;
using testing::arcs_graph;

ReplicateResult run_once(const Graph& g, const Rule& rule, const SeedPlan& seeds,
                         std::uint32_t replicate = 0) {
  Simulation sim(g, rule);
  return sim.run({42, replicate, 0}, seeds);
}

/// Undirected star: centre 0 and leaves 1..leaves, every arc with trust p.
Graph star(NodeId leaves, float p) {
  std::vector<Arc> arcs;
  for (NodeId v = 1; v <= leaves; ++v) {
    arcs.push_back({0, v, p});
    arcs.push_back({v, 0, p});
  }
  return arcs_graph(leaves + 1, arcs);
}

/// Undirected complete ternary tree of the given depth: children of v are
/// 3v+1 .. 3v+3.
Graph ternary_tree(int depth, float p) {
  NodeId n = 0;
  for (int d = 0, level = 1; d <= depth; ++d, level *= 3) n += static_cast<NodeId>(level);
  std::vector<Arc> arcs;
  for (NodeId v = 1; v < n; ++v) {
    arcs.push_back({(v - 1) / 3, v, p});
    arcs.push_back({v, (v - 1) / 3, p});
  }
  return arcs_graph(n, arcs);
}

/// Runs a replicate by hand so the test can see who adopted; returns the
/// population at the end.
Population run_by_hand(const Graph& g, const Rule& rule, std::vector<NodeId> seeds,
                       std::uint32_t replicate) {
  Population population(g.num_nodes());
  auto worker = rule.make_worker();
  worker->begin(42, replicate);
  for (NodeId s : seeds) population.adopt(s);
  population.end_step();
  StepContext context(g, population);
  while (!population.frontier().empty()) {
    worker->step(context);
    population.end_step();
  }
  return population;
}

TEST(InviteReferral, StarCentreBringsInExactlyKLeaves) {
  Graph g = star(10, 1.0f);
  for (std::uint32_t k : {1u, 3u, 10u, 20u}) {
    InviteReferral invite(g, {k});
    for (std::uint32_t rep = 0; rep < 20; ++rep) {
      ReplicateResult r = run_once(g, invite, SeedPlan::fixed({0}), rep);
      // Step 1: the centre invites min(k, 10) leaves, who all accept; step 2:
      // a leaf's only neighbour is the centre, an adopter, so nobody is left.
      ASSERT_EQ(r.steps.size(), 2u);
      EXPECT_EQ(r.steps[1].transitions.new_adopters, std::min(k, 10u));
      EXPECT_EQ(r.final_step().counts.adopters, 1 + std::min(k, 10u));
    }
  }
}

TEST(InviteReferral, PicksInviteesUniformly) {
  Graph g = star(10, 1.0f);
  InviteReferral invite(g, {1});
  std::vector<int> chosen(11, 0);
  const int reps = 1000000;
  for (int rep = 0; rep < reps; ++rep) {
    Population p = run_by_hand(g, invite, {0}, static_cast<std::uint32_t>(rep));
    for (NodeId v = 1; v <= 10; ++v) chosen[v] += p.is_adopter(v);
  }
  // Each leaf: Binomial(10^6, 0.1), SE 300; tolerance 4.5 SE. A leaf 2% more
  // or less likely (2000) is 6.7 SE off.
  const double se = std::sqrt(reps * 0.1 * 0.9);
  for (NodeId v = 1; v <= 10; ++v) EXPECT_NEAR(chosen[v], reps * 0.1, 4.5 * se) << "leaf " << v;
}

TEST(InviteReferral, InvitationIsSpentWhetherAcceptedOrNot) {
  // 0 -> 1 with trust 0 and 0 -> 2 with trust 1, one invitation: node 2
  // adopts only when the invitation goes to it, half of the time. Over 100000
  // replicates the share has SE 0.5 / sqrt(100000) = 0.0016; tolerance 4.5 SE,
  // and a 2% error (0.01) is 6.3 SE.
  Graph g = arcs_graph(3, {{0, 1, 0.0f}, {0, 2, 1.0f}});
  InviteReferral invite(g, {1});
  Simulation sim(g, invite);
  int reached = 0;
  const int reps = 100000;
  for (std::uint32_t rep = 0; rep < reps; ++rep) {
    std::uint64_t adopters = sim.run({42, rep, 0}, SeedPlan::fixed({0})).final_step().counts.adopters;
    ASSERT_LE(adopters, 2u);
    reached += adopters == 2;
  }
  EXPECT_NEAR(reached / double(reps), 0.5, 4.5 * 0.5 / std::sqrt(reps));
}

TEST(InviteReferral, CandidatesAreEvaluatedWhenEachSenderSends) {
  // Seeds 0 and 1 (in that order) both point at 2 and 3. Sender 0 brings in
  // one of them; for sender 1 only the other is a candidate.
  Graph g = arcs_graph(4, {{0, 2, 1.0f}, {0, 3, 1.0f}, {1, 2, 1.0f}, {1, 3, 1.0f}});
  InviteReferral invite(g, {1});
  for (std::uint32_t rep = 0; rep < 100; ++rep)
    EXPECT_EQ(run_once(g, invite, SeedPlan::fixed({0, 1}), rep).final_step().counts.adopters, 4u);
}

TEST(InviteReferral, KAtLeastMaxDegreeIsIndependentCascade) {
  Graph g = build_graph(erdos_renyi(3000, 4.0, 11), {}, "er");
  TrustModel::parse("uniform:0:0.6").apply(g, 11);
  InviteReferral invite(g, {3000});
  IndependentCascade ic(g);
  for (std::uint32_t rep = 0; rep < 5; ++rep) {
    ReplicateResult a = run_once(g, invite, SeedPlan::random(5), rep);
    ReplicateResult b = run_once(g, ic, SeedPlan::random(5), rep);
    ASSERT_EQ(a.steps.size(), b.steps.size());
    ASSERT_GT(a.steps.size(), 3u);
    for (std::size_t t = 0; t < a.steps.size(); ++t) {
      EXPECT_EQ(a.steps[t].counts, b.steps[t].counts);
      EXPECT_EQ(a.steps[t].transitions, b.steps[t].transitions);
    }
    EXPECT_EQ(a.arcs_examined, b.arcs_examined);
  }
}

TEST(InviteReferral, NoAdopterBringsInMoreThanK) {
  // Trust 1 on a ternary tree with k = 2: every adopter brings in exactly 2
  // of its 3 children (its parent has adopted already), so step t adds 2^t.
  Graph tree = ternary_tree(6, 1.0f);
  ReplicateResult r = run_once(tree, InviteReferral(tree, {2}), SeedPlan::fixed({0}));
  ASSERT_EQ(r.steps.size(), 7u);
  for (std::uint32_t t = 1; t < 7; ++t) EXPECT_EQ(r.steps[t].transitions.new_adopters, 1u << t);

  // Trust 0.7: each adopter invites 2 children and each accepts with
  // chance 0.7, so an inner adopter brings in 1.4 on average, never over 2.
  Graph weak = ternary_tree(6, 0.7f);
  InviteReferral invite(weak, {2});
  double senders = 0, brought = 0;
  for (std::uint32_t rep = 0; rep < 4000; ++rep) {
    Population p = run_by_hand(weak, invite, {0}, rep);
    for (NodeId v = 0; 3 * v + 3 < weak.num_nodes(); ++v) {
      if (!p.is_adopter(v)) continue;
      int children = 0;
      for (NodeId c = 3 * v + 1; c <= 3 * v + 3; ++c) children += p.is_adopter(c);
      ASSERT_LE(children, 2);
      senders += 1;
      brought += children;
    }
  }
  // Binomial(2, 0.7) per sender, sd sqrt(2 x 0.7 x 0.3) = 0.65, drawn after
  // (so independently of) whatever made it a sender: brought - 1.4 senders
  // is a sum of mean-zero terms, and the ratio has SE 0.65 / sqrt(senders),
  // about 0.003 over 4000 trees; tolerance 4.5 SE. A 2% error (0.028) is
  // about 10 SE; re-sending declined invitations would give 1.76.
  EXPECT_NEAR(brought / senders, 1.4, 4.5 * std::sqrt(2 * 0.7 * 0.3 / senders)) << senders;

  // On a random graph, step t adds at most k times the adopters of step t-1.
  Graph g = build_graph(barabasi_albert(3000, 3, 2), {}, "ba");
  TrustModel::parse("const:1").apply(g, 2);
  ReplicateResult s = run_once(g, InviteReferral(g, {2}), SeedPlan::random(3), 2);
  for (std::size_t t = 1; t < s.steps.size(); ++t)
    EXPECT_LE(s.steps[t].transitions.new_adopters, 2 * s.steps[t - 1].transitions.new_adopters);
}

TEST(InviteReferral, CountsConserveAndNobodyDeactivates) {
  Graph g = build_graph(barabasi_albert(5000, 3, 4), {}, "ba");
  TrustModel::parse("uniform:0.2:0.8").apply(g, 4);
  ReplicateResult r = run_once(g, InviteReferral(g, {2}), SeedPlan::random(10), 4);
  ASSERT_GT(r.steps.size(), 3u);
  std::uint64_t previous = 0, total_new = 0;
  for (const StepRecord& s : r.steps) {
    EXPECT_EQ(s.counts.unaware + s.counts.aware + s.counts.adopters + s.counts.churned, 5000u);
    EXPECT_EQ(s.counts.churned, 0u);
    EXPECT_EQ(s.counts.adopters - previous, s.transitions.new_adopters);
    previous = s.counts.adopters;
    total_new += s.transitions.new_adopters;
  }
  EXPECT_EQ(total_new, r.final_step().counts.adopters);
}

TEST(InviteReferral, SpecIsValidated) {
  Graph g = testing::path_graph(3, 1.0f);
  EXPECT_EQ(make_rule("invite:k=2", g)->spec(), "invite:k=2");
  for (const char* bad : {"invite", "invite:k=0", "invite:k=0.5", "invite:n=2", "invite:k=x"}) {
    testing::expect_bad_rule_spec(bad);
  }
}

}  // namespace
}  // namespace koubei
