// Invariants every rule of the table keeps, on every kind of graph the
// library builds, with and without the word-of-mouth model around it. A rule
// added to the table (rules/registry.cpp) is checked here without a line
// more: its RuleEntry::example is run.
//
//   graphs:  undirected and directed; trust the same on every arc, trust
//            drawn per arc, and per-arc trust on a block model with four
//            communities (where the model's barrier lowers trust across them)
//   checks:  the states sum to n at every step; promoters are adopters (and
//            none without the model); a rule that does not churn deactivates
//            nobody without the model, and nobody goes back to unaware; the
//            referral trace is a forest (each entry's source came in at an
//            earlier step; each user comes in once unless churned users can
//            return, and the users in it are those ever adopted); one and two
//            threads give identical replicates.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "koubei/batch/replicates.hpp"
#include "koubei/graph/builder.hpp"
#include "koubei/graph/graph_spec.hpp"
#include "koubei/model/word_of_mouth.hpp"
#include "koubei/rules/rule.hpp"
#include "koubei/trust/trust_model.hpp"

namespace koubei {
namespace {

enum class TrustKind { kUniform, kPerArc, kCommunities };

constexpr std::uint64_t kSeed = 20100816;
constexpr std::uint32_t kReplicates = 6;
constexpr std::uint32_t kSteps = 25;
constexpr std::uint32_t kSeeds = 40;

// Keeps about half of an undirected graph's arcs, each pair's two arcs
// independently, with its communities.
Graph directed_version(const Graph& g) {
  EdgeList e;
  e.num_nodes = g.num_nodes();
  for (NodeId u = 0; u < g.num_nodes(); ++u)
    for (NodeId v : g.out_neighbors(u))
      if (((u * 2654435761u) ^ (v * 40503u)) & 4u) {
        e.sources.push_back(u);
        e.targets.push_back(v);
      }
  Graph d = build_graph(std::move(e), {}, "directed");
  if (g.has_communities())
    d.set_communities({g.communities().begin(), g.communities().end()}, g.community_names());
  return d;
}

Graph make_test_graph(bool directed, TrustKind kind) {
  Graph g = make_graph(kind == TrustKind::kCommunities ? "sbm:n=600,communities=4,k_in=5,k_out=1"
                                                       : "er:n=600,k=5",
                       kSeed);
  if (directed) g = directed_version(g);
  TrustModel::parse(kind == TrustKind::kUniform ? "const:0.3" : "uniform:0.05:0.6")
      .apply(g, kSeed);
  return g;
}

using Case = std::tuple<std::size_t, bool, TrustKind, bool>;  // rule, directed, trust, model

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  const auto [rule, directed, kind, model] = info.param;
  std::string name(rule_table()[rule].name);
  name += directed ? "_directed" : "_undirected";
  name += kind == TrustKind::kUniform  ? "_uniform"
          : kind == TrustKind::kPerArc ? "_per_arc"
                                       : "_communities";
  name += model ? "_wom" : "_none";
  return name;
}

class RuleInvariants : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    const auto [index, directed, kind, with_model] = GetParam();
    entry_ = &rule_table()[index];
    graph_ = std::make_unique<Graph>(make_test_graph(directed, kind));
    rule_ = make_rule(entry_->example, *graph_);
    if (with_model) {
      WordOfMouthConfig config;  // every channel on, with the defaults
      config.enabled = true;
      model_ = std::make_unique<WordOfMouth>(*graph_, config, kSeed);
    }
  }

  BatchResult run(unsigned threads) const {
    const ReplicateRange range{kSeed, 0, kReplicates - 1, kSteps, true};
    return run_replicates(*graph_, *rule_, SeedPlan::random(kSeeds), range, threads, model_.get());
  }

  const RuleEntry* entry_ = nullptr;
  std::unique_ptr<Graph> graph_;
  std::unique_ptr<Rule> rule_;
  std::unique_ptr<WordOfMouth> model_;
};

TEST_P(RuleInvariants, CountsStatesAndTrace) {
  const BatchResult batch = run(1);
  const std::uint64_t n = graph_->num_nodes();
  const bool final_churn = !rule_->churned_can_return();
  std::uint64_t reached = 0;
  for (const ReplicateResult& r : batch.replicates) {
    SCOPED_TRACE(testing::Message() << entry_->example << " replicate " << r.replicate);
    ASSERT_FALSE(r.steps.empty());
    std::uint64_t came_in_before = 0;  // adopters and churned of the previous step
    for (const StepRecord& s : r.steps) {
      const StateCounts& c = s.counts;
      ASSERT_EQ(c.unaware + c.aware + c.adopters + c.churned, n) << "step " << s.step;
      EXPECT_LE(c.promoters, c.adopters) << "step " << s.step;
      if (!model_) {
        EXPECT_EQ(c.promoters, 0u);
        EXPECT_EQ(c.aware, 0u) << "without the model a persuaded user adopts at once";
      }
      if (!model_ && !rule_->churns()) {
        EXPECT_EQ(c.churned, 0u) << "step " << s.step;
        EXPECT_EQ(s.transitions.new_churned, 0u) << "step " << s.step;
      }
      if (final_churn) {
        EXPECT_GE(c.adopters + c.churned, came_in_before) << "step " << s.step;
        came_in_before = c.adopters + c.churned;
      }
    }
    // The trace: each entry's source came in at an earlier step (seeds, ads
    // and bass's own adopters are their own source); a user comes in once
    // where churn is final.
    std::map<NodeId, std::uint32_t> came_in;  // user -> first step in the trace
    for (const Referral& e : r.referrals) {
      ASSERT_LT(e.target, n);
      if (e.source != e.target) {
        const auto source = came_in.find(e.source);
        ASSERT_NE(source, came_in.end()) << e.source << " referred " << e.target
                                         << " at step " << e.step << " before coming in";
        EXPECT_LT(source->second, e.step);
      }
      const bool first = came_in.emplace(e.target, e.step).second;
      if (final_churn) {
        EXPECT_TRUE(first) << e.target << " came in twice";
      }
    }
    if (final_churn) {
      EXPECT_EQ(came_in.size(), r.ever_adopted);
    }
    reached += r.ever_adopted;
  }
  EXPECT_GT(reached, kReplicates * kSeeds) << "nobody was reached beyond the seeds: a vacuous check";
}

TEST_P(RuleInvariants, OneAndTwoThreadsGiveTheSameReplicates) {
  const BatchResult one = run(1), two = run(2);
  ASSERT_EQ(one.replicates.size(), two.replicates.size());
  for (std::size_t i = 0; i < one.replicates.size(); ++i) {
    const ReplicateResult &a = one.replicates[i], &b = two.replicates[i];
    SCOPED_TRACE(testing::Message() << entry_->example << " replicate " << a.replicate);
    ASSERT_EQ(a.steps.size(), b.steps.size());
    for (std::size_t t = 0; t < a.steps.size(); ++t) {
      EXPECT_EQ(a.steps[t].counts, b.steps[t].counts);
      EXPECT_EQ(a.steps[t].transitions, b.steps[t].transitions);
      EXPECT_EQ(a.steps[t].phase, b.steps[t].phase);
      EXPECT_EQ(a.steps[t].channels, b.steps[t].channels);
    }
    EXPECT_EQ(a.community_counts, b.community_counts);
    ASSERT_EQ(a.referrals.size(), b.referrals.size());
    for (std::size_t k = 0; k < a.referrals.size(); ++k) {
      EXPECT_EQ(a.referrals[k].step, b.referrals[k].step);
      EXPECT_EQ(a.referrals[k].source, b.referrals[k].source);
      EXPECT_EQ(a.referrals[k].target, b.referrals[k].target);
      EXPECT_EQ(a.referrals[k].channel, b.referrals[k].channel);
    }
    EXPECT_EQ(a.arcs_examined, b.arcs_examined);
  }
}

std::vector<std::size_t> every_rule() {
  std::vector<std::size_t> rules;
  for (std::size_t i = 0; i < rule_table().size(); ++i) rules.push_back(i);
  return rules;
}

INSTANTIATE_TEST_SUITE_P(EveryRule, RuleInvariants,
                         ::testing::Combine(::testing::ValuesIn(every_rule()), ::testing::Bool(),
                                            ::testing::Values(TrustKind::kUniform,
                                                              TrustKind::kPerArc,
                                                              TrustKind::kCommunities),
                                            ::testing::Bool()),
                         case_name);

}  // namespace
}  // namespace koubei
