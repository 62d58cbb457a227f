// The CSV files of a run, from hand-built results.

#include "koubei/batch/run_output.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "koubei/graph/builder.hpp"

namespace koubei {
namespace {

// Lines of `text`, each split at commas (no field here needs quoting).
std::vector<std::vector<std::string>> rows(const std::string& text) {
  std::vector<std::vector<std::string>> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> fields;
    std::size_t from = 0;
    for (;;) {
      const std::size_t comma = line.find(',', from);
      fields.push_back(line.substr(from, comma - from));
      if (comma == std::string::npos) break;
      from = comma + 1;
    }
    out.push_back(std::move(fields));
    start = end + 1;
  }
  return out;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  ADD_FAILURE() << "no column " << name;
  return 0;
}

// A replicate whose adopters follow `adopters` (one entry per step) and that
// spends `cost[t]` on step t.
ReplicateResult hand_built(const std::vector<std::uint64_t>& adopters,
                           const std::vector<double>& cost = {}) {
  ReplicateResult r;
  r.replicate = 3;
  r.seeds = adopters.empty() ? 0 : adopters[0];
  for (std::size_t t = 0; t < adopters.size(); ++t) {
    StepRecord s;
    s.step = static_cast<std::uint32_t>(t);
    s.counts.adopters = adopters[t];
    s.counts.unaware = 1000 - adopters[t];
    s.transitions.new_adopters = t == 0 ? adopters[0] : 0;
    if (t < cost.size()) s.channels.cost = cost[t];
    r.steps.push_back(s);
  }
  r.ever_adopted = adopters.empty() ? 0 : adopters.back();
  return r;
}

TEST(TimeToFraction, FirstStepReachingTheFractionOfFinalAdopters) {
  const ReplicateResult r = hand_built({10, 20, 50, 80, 100, 100});
  EXPECT_EQ(time_to_fraction(r, 0.0), 0);
  EXPECT_EQ(time_to_fraction(r, 0.1), 0);  // 10 >= 10
  EXPECT_EQ(time_to_fraction(r, 0.11), 1);
  EXPECT_EQ(time_to_fraction(r, 0.5), 2);  // 50 >= 50
  EXPECT_EQ(time_to_fraction(r, 0.51), 3);
  EXPECT_EQ(time_to_fraction(r, 0.81), 4);
  EXPECT_EQ(time_to_fraction(r, 1.0), 4);
}

TEST(TimeToFraction, WithChurnTheFinalCountIsTheReference) {
  // Up to 60, then down to 40 through churn: half of 40 is first reached at step 1.
  const ReplicateResult r = hand_built({5, 30, 60, 40});
  EXPECT_EQ(time_to_fraction(r, 0.5), 1);
  EXPECT_EQ(time_to_fraction(r, 1.0), 2);
}

TEST(TimeToFraction, NoAdoptersGivesMinusOne) {
  EXPECT_EQ(time_to_fraction(hand_built({0, 0, 0}), 0.1), -1);
  EXPECT_EQ(time_to_fraction(hand_built({3, 2, 0}), 0.5), -1);
}

TEST(SummaryCsv, CostPerRetainedIsTotalCostOverFinalAdopters) {
  const std::vector<ReplicateResult> results = {hand_built({2, 4, 8}, {0, 1.5, 2.5}),
                                                hand_built({2, 1, 0}, {0, 3, 3})};
  RunDescription run{0, 99, "ic", 1000, 4000};
  const auto table = rows(summary_csv(run, results));
  ASSERT_EQ(table.size(), 3u);
  const auto& h = table[0];
  EXPECT_EQ(table[1][column(h, "total_cost")], "4");
  EXPECT_EQ(table[1][column(h, "final_adopters")], "8");
  EXPECT_EQ(table[1][column(h, "cost_per_retained")], "0.5");
  EXPECT_EQ(table[1][column(h, "t_10pct")], "0");
  EXPECT_EQ(table[1][column(h, "t_50pct")], "1");
  EXPECT_EQ(table[1][column(h, "ever_adopted")], "8");
  EXPECT_EQ(table[1][column(h, "rng_seed")], "99");
  EXPECT_EQ(table[1][column(h, "replicate")], "3");
  // Nobody left: cost 6 spent, the ratio and the times are empty.
  EXPECT_EQ(table[2][column(h, "total_cost")], "6");
  EXPECT_EQ(table[2][column(h, "final_adopters")], "0");
  EXPECT_EQ(table[2][column(h, "cost_per_retained")], "");
  EXPECT_EQ(table[2][column(h, "t_10pct")], "");
  EXPECT_EQ(table[2][column(h, "t_50pct")], "");
  for (const auto& row : table) EXPECT_EQ(row.size(), h.size());
}

TEST(TimeseriesCsv, PhasesChannelsAndCostPerStep) {
  ReplicateResult r = hand_built({1, 2, 3});
  r.steps[1].phase = 0;
  r.steps[2].phase = 2;
  r.steps[2].channels = DayChannels{{5, 20, 7, 40}, 0.25};
  r.steps[2].transitions.new_aware = 9;
  const auto table = rows(timeseries_csv({}, std::vector<ReplicateResult>{r}));
  ASSERT_EQ(table.size(), 4u);
  const auto& h = table[0];
  EXPECT_EQ(table[1][column(h, "phase")], "none");
  EXPECT_EQ(table[2][column(h, "phase")], "fast");
  EXPECT_EQ(table[3][column(h, "phase")], "open");
  EXPECT_EQ(table[3][column(h, "exposures_referral")], "5");
  EXPECT_EQ(table[3][column(h, "exposures_forum")], "20");
  EXPECT_EQ(table[3][column(h, "exposures_microblog")], "7");
  EXPECT_EQ(table[3][column(h, "exposures_ads")], "40");
  EXPECT_EQ(table[3][column(h, "cost")], "0.25");
  EXPECT_EQ(table[3][column(h, "new_aware")], "9");
  EXPECT_EQ(table[1][column(h, "cost")], "0");
}

// Three nodes with original ids 100, 205 and 3000 in communities named
// "north", "south" and "none".
Graph three_nodes() {
  EdgeList e;
  e.num_nodes = 3;
  e.sources = {0, 1};
  e.targets = {1, 2};
  Graph g = build_graph(std::move(e), {}, "test");
  g.set_original_ids({100, 205, 3000});
  g.set_communities({0, 1, 2}, {"north", "south", "none"});
  return g;
}

TEST(CommunitiesCsv, OneRowPerStepAndCommunityWithNames) {
  const Graph g = three_nodes();
  ReplicateResult r = hand_built({1, 2});
  // Per step, per community: adopters then churned.
  r.community_counts = {1, 0, 0, 0, 0, 0,  //
                        1, 0, 1, 0, 0, 1};
  RunDescription run{2, 1, "ic", 3, 2};
  const auto table = rows(communities_csv(run, g, std::vector<ReplicateResult>{r}));
  ASSERT_EQ(table.size(), 7u);
  EXPECT_EQ(table[0], (std::vector<std::string>{"run", "replicate", "step", "community", "adopters",
                                                "churned"}));
  EXPECT_EQ(table[1], (std::vector<std::string>{"2", "3", "0", "north", "1", "0"}));
  EXPECT_EQ(table[2], (std::vector<std::string>{"2", "3", "0", "south", "0", "0"}));
  EXPECT_EQ(table[3], (std::vector<std::string>{"2", "3", "0", "none", "0", "0"}));
  EXPECT_EQ(table[4], (std::vector<std::string>{"2", "3", "1", "north", "1", "0"}));
  EXPECT_EQ(table[5], (std::vector<std::string>{"2", "3", "1", "south", "1", "0"}));
  EXPECT_EQ(table[6], (std::vector<std::string>{"2", "3", "1", "none", "0", "1"}));
}

TEST(ReferralsCsv, OriginalIdsAndChannelNames) {
  const Graph g = three_nodes();
  ReplicateResult r = hand_built({1, 2, 3, 3});
  r.referrals = {{0, 0, 0, Channel::kSeed},
                 {1, 0, 1, Channel::kReferral},
                 {2, 1, 2, Channel::kForum},
                 {3, 2, 2, Channel::kAds},
                 {3, 1, 0, Channel::kMicroblog}};
  const auto table = rows(referrals_csv({}, g, std::vector<ReplicateResult>{r}));
  ASSERT_EQ(table.size(), 6u);
  EXPECT_EQ(table[0],
            (std::vector<std::string>{"run", "replicate", "step", "source", "target", "channel"}));
  EXPECT_EQ(table[1], (std::vector<std::string>{"0", "3", "0", "100", "100", "seed"}));
  EXPECT_EQ(table[2], (std::vector<std::string>{"0", "3", "1", "100", "205", "referral"}));
  EXPECT_EQ(table[3], (std::vector<std::string>{"0", "3", "2", "205", "3000", "forum"}));
  EXPECT_EQ(table[4], (std::vector<std::string>{"0", "3", "3", "3000", "3000", "ads"}));
  EXPECT_EQ(table[5], (std::vector<std::string>{"0", "3", "3", "205", "100", "microblog"}));
}

}  // namespace
}  // namespace koubei
