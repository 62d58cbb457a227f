// The word-of-mouth model against closed forms: unbiased keyed picks, ads,
// conversion, churn survival, forum reach, the phases' ramps, and `sis`
// under the model. Each check compares the mean over replicates, day by day,
// with the exact expectation and accepts up to 5 standard errors, the
// standard error derived in the test (exact variance where the law is
// known, the replicates' sample variance otherwise).
//
// Power: where practical each test also computes the expectation under a
// plausible error (a probability off by 2%, a ramp one day late, the old
// "one draw per user, channel and day", `sis` behaving like `sir`) and
// requires it to differ from the true expectation by at least 10 standard
// errors on some day, so that under that error the 5-standard-error check
// of that day fails with probability above 1 - 3e-7. The old biased pick
// ((w x n) >> 32) is off by at most n / 2^32, invisible at test sizes: the
// keyed-draw test shows it at n = 3 x 2^30, where it is off by half.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "koubei/batch/replicates.hpp"
#include "koubei/graph/builder.hpp"
#include "koubei/graph/graph_spec.hpp"
#include "koubei/model/simulation.hpp"
#include "koubei/model/word_of_mouth.hpp"
#include "koubei/random/stream.hpp"
#include "koubei/rules/rule.hpp"
#include "koubei/trust/trust_model.hpp"
#include "model_test_support.hpp"

namespace koubei {
namespace {

using testing::kNever;
using testing::make;
using testing::neutral;
using testing::on_adopters;
using testing::on_day;

// A star: node 0 points at nodes 1..leaves with trust `trust`; optionally a
// second layer, leaf i -> node leaves + i, trust 1.
Graph star(NodeId leaves, float trust, bool second_layer = false) {
  EdgeList e;
  e.num_nodes = leaves + 1 + (second_layer ? leaves : 0);
  for (NodeId v = 1; v <= leaves; ++v) {
    e.sources.push_back(0);
    e.targets.push_back(v);
    e.weights.push_back(trust);
    if (second_layer) {
      e.sources.push_back(v);
      e.targets.push_back(leaves + v);
      e.weights.push_back(1.0f);
    }
  }
  return build_graph(std::move(e), {}, "star");
}

// Per day: the mean over replicates of some count.
std::vector<double> mean_per_day(const BatchResult& batch, std::size_t days,
                                 double (*count)(const StepRecord&)) {
  std::vector<double> mean(days + 1, 0.0);
  for (const ReplicateResult& r : batch.replicates)
    for (std::size_t t = 0; t <= days; ++t) mean[t] += count(r.steps.at(t));
  for (double& m : mean) m /= static_cast<double>(batch.replicates.size());
  return mean;
}

// |mean - want| <= 5 se on every day from `first` on; prints the largest
// |z| (for the record).
void expect_within_5_se(const std::vector<double>& mean, const std::vector<double>& want,
                        const std::vector<double>& se, std::size_t first, const char* what) {
  double worst = 0;
  for (std::size_t t = first; t < want.size(); ++t) {
    // A zero standard error (a certain outcome) allows only the rounding of
    // the mean's sum.
    const double tol = 5 * se[t] + 1e-9 * std::max(1.0, std::abs(want[t]));
    EXPECT_NEAR(mean[t], want[t], tol) << what << ", day " << t << " (se " << se[t] << ")";
    if (se[t] > 0) worst = std::max(worst, std::abs(mean[t] - want[t]) / se[t]);
  }
  std::printf("[closed form] %s: largest |mean - expected| = %.2f se\n", what, worst);
}

// The expectation under an error differs from the true one by >= 10 se on
// some day: the 5-se check would catch that error.
void expect_detects(const std::vector<double>& want, const std::vector<double>& wrong,
                    const std::vector<double>& se, std::size_t first, const char* error) {
  double best = 0;
  for (std::size_t t = first; t < want.size(); ++t)
    if (se[t] > 0) best = std::max(best, std::abs(wrong[t] - want[t]) / se[t]);
  EXPECT_GE(best, 10.0) << "the test cannot see " << error;
  std::printf("[closed form]   %s would move some day's mean by %.1f se\n", error, best);
}

// Variance of the number of boxes hit when `throws` independent throws each
// hit one of `boxes` boxes with chance h / boxes each (and none with chance
// 1 - h): exact, from P(a box missed) and P(two given boxes missed).
double occupancy_variance(double boxes, double h, double throws) {
  const double q = std::pow(1 - h / boxes, throws);
  const double q2 = std::pow(1 - 2 * h / boxes, throws);
  return std::max(0.0, boxes * q + boxes * (boxes - 1) * q2 - boxes * boxes * q * q);
}

// -------------------------------------------------------- keyed picks

// CounterStream::below is Lemire's multiply-and-reject on word i, retries on
// word i of the retry lanes (purpose + k x 2^16). At n = 3 x 2^30 the old
// (w x n) >> 32 maps two words to each multiple of 3 and one to every other
// value: P(v % 3 == 0) is 1/2 instead of 1/3.
TEST(KeyedPick, BelowIsUniformWhereTheOldMultiplyWasNot) {
  const CounterStream stream(99, 3, Purpose::kAdsAudience);
  const CounterStream lane1(99, 3, static_cast<Purpose>(19u + (1u << 16)));
  const std::uint64_t n = 3ull << 30;
  const std::uint64_t reject_below = (std::uint64_t{1} << 32) % n;  // 2^30: chance 1/4
  const int draws = 400000;
  int multiple_of_3 = 0, old_multiple_of_3 = 0, rejected = 0;
  for (int i = 0; i < draws; ++i) {
    const std::uint64_t w = stream.word(i);
    const std::uint32_t v = stream.below(i, n);
    ASSERT_LT(v, n);
    multiple_of_3 += v % 3 == 0;
    old_multiple_of_3 += ((w * n) >> 32) % 3 == 0;
    if (static_cast<std::uint32_t>(w * n) >= reject_below) {
      EXPECT_EQ(v, (w * n) >> 32) << "an accepted word is the multiply's value";
    } else {
      ++rejected;
      const std::uint64_t w1 = lane1.word(i);
      if (static_cast<std::uint32_t>(w1 * n) >= reject_below) {
        EXPECT_EQ(v, (w1 * n) >> 32) << "a rejected word is replaced by word i of lane 1";
      }
    }
  }
  const double se3 = std::sqrt((1.0 / 3) * (2.0 / 3) / draws);
  EXPECT_NEAR(multiple_of_3 / double(draws), 1.0 / 3, 5 * se3);
  EXPECT_GT(std::abs(old_multiple_of_3 / double(draws) - 1.0 / 3), 100 * se3)
      << "the old pick is visibly biased here";
  const double se4 = std::sqrt(0.25 * 0.75 / draws);
  EXPECT_NEAR(rejected / double(draws), 0.25, 5 * se4);
  std::printf("[closed form] keyed pick: P(v %% 3 == 0) = %.4f (1/3, se %.4f); old pick %.4f\n",
              multiple_of_3 / double(draws), se3, old_multiple_of_3 / double(draws));

  // Small n: every value about equally often; n = 1 and n = 2^32 exact.
  const std::uint64_t small = 7;
  std::vector<int> hits(small, 0);
  for (int i = 0; i < 70000; ++i) ++hits[stream.below(i, small)];
  for (int h : hits) EXPECT_NEAR(h, 10000, 5 * std::sqrt(70000 * (1.0 / 7) * (6.0 / 7)));
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(stream.below(i, 1), 0u);
    EXPECT_EQ(stream.below(i, std::uint64_t{1} << 32), stream.word(i));
  }
}

// ------------------------------------------------------------------- ads

// Ads alone (trust 0 on every arc: no referral): k impressions a day on n
// users, each persuading with chance a. Each impression is its own trial, so
// a user is missed by one impression with chance 1 - a/n, and after t days
// of the campaign is still unaware with chance q_t = (1 - a/n)^(k t). The
// persuaded (aware, adopted) among the n - 1 users other than the seed are
// an occupancy count: mean (n-1)(1 - q_t), exact variance below.
TEST(ClosedFormAds, PersuadedAfterEachDayMatchesTheExactFormula) {
  const Graph g = make("er:n=5000,k=2", "const:0");
  const double n = 5000, k = 2500, a = 0.3;
  WordOfMouthConfig config = neutral();
  config.ads = {625.0, 0.25, a, on_day(0), 365};  // floor(625 / 0.25) = 2500 a day
  const WordOfMouth model(g, config, 31);
  auto rule = make_rule("ic", g);
  const std::size_t days = 10;
  const std::uint32_t reps = 200;
  BatchResult batch =
      run_replicates(g, *rule, SeedPlan::fixed({0}), {31, 0, reps - 1, days}, 2, &model);
  for (const ReplicateResult& r : batch.replicates)
    for (std::size_t t = 1; t <= days; ++t) {
      ASSERT_EQ(r.steps[t].channels.exposures[3], 2500u) << "exposures count impressions";
      ASSERT_EQ(r.steps[t].channels.cost, 625.0);
    }
  const auto mean = mean_per_day(batch, days, [](const StepRecord& s) {
    return static_cast<double>(s.counts.aware + s.counts.adopters + s.counts.churned) - 1;
  });
  std::vector<double> want(days + 1), se(days + 1), once(days + 1), off(days + 1);
  for (std::size_t t = 0; t <= days; ++t) {
    const double throws = k * static_cast<double>(t);
    // Among the n - 1 others: each impression hits a given one with chance 1/n.
    want[t] = (n - 1) * (1 - std::pow(1 - a / n, throws));
    const double q = std::pow(1 - a / n, throws), q2 = std::pow(1 - 2 * a / n, throws);
    const double var = (n - 1) * q + (n - 1) * (n - 2) * q2 - (n - 1) * (n - 1) * q * q;
    se[t] = std::sqrt(std::max(0.0, var) / reps);
    // One draw per user and day: persuaded with chance a if hit at all.
    const double day_once = a * (1 - std::pow(1 - 1 / n, k));
    once[t] = (n - 1) * (1 - std::pow(1 - day_once, static_cast<double>(t)));
    off[t] = (n - 1) * (1 - std::pow(1 - 1.02 * a / n, throws));
  }
  expect_within_5_se(mean, want, se, 1, "ads: persuaded after day t");
  expect_detects(want, once, se, 1, "one draw per user and day");
  expect_detects(want, off, se, 1, "a 2% error in the chance an impression persuades");
}

// ------------------------------------------------------------ conversion

// Star 0 -> 1..N with trust 1: every leaf is aware on day 1. An aware user
// adopts each day with chance conversion x looks = 0.25 x 0.8 = 0.2,
// independently, so the aware after day d are Binomial(N, 0.8^d).
TEST(ClosedFormConversion, AwareDecayGeometrically) {
  const NodeId leaves = 4000;
  const Graph g = star(leaves, 1.0f);
  WordOfMouthConfig config = neutral();
  config.adoption.conversion = 0.25;
  config.product.looks = 0.8;
  const WordOfMouth model(g, config, 5);
  auto rule = make_rule("ic", g);
  const std::size_t days = 15;
  const std::uint32_t reps = 100;
  BatchResult batch =
      run_replicates(g, *rule, SeedPlan::fixed({0}), {5, 0, reps - 1, days}, 2, &model);
  const auto mean = mean_per_day(
      batch, days, [](const StepRecord& s) { return static_cast<double>(s.counts.aware); });
  const double c = 0.25 * 0.8, N = leaves;
  std::vector<double> want(days + 1), se(days + 1), off(days + 1);
  for (std::size_t d = 0; d <= days; ++d) {
    const double q = std::pow(1 - c, static_cast<double>(d));
    want[d] = d == 0 ? 0 : N * q;
    se[d] = std::sqrt(N * q * (1 - q) / reps);
    off[d] = d == 0 ? 0 : N * std::pow(1 - 1.02 * c, static_cast<double>(d));
  }
  expect_within_5_se(mean, want, se, 1, "conversion: aware after day d");
  expect_detects(want, off, se, 1, "a 2% error in the conversion chance");
}

// ----------------------------------------------------------------- churn

// Node 0 (community "seed") points at N users of community "a" with trust 1
// and N of community "b" with trust 0.5; complex:k=1 persuades along every
// arc, so all 2N adopt on day 1 (conversion 1) remembering the arc's trust.
// From day 2 each churns with chance
//   churn x (1 - retention x speed) x (1 + distrust_churn x (1 - trust))
// (times promoter_churn for promoters), so the survivors after day t are
// Binomial(N, (1 - p)^(t - 1)).
struct TwoTrustStar {
  static constexpr NodeId kGroup = 8000;
  Graph graph;
  TwoTrustStar() {
    EdgeList e;
    e.num_nodes = 2 * kGroup + 1;
    for (NodeId v = 1; v <= 2 * kGroup; ++v) {
      e.sources.push_back(0);
      e.targets.push_back(v);
      e.weights.push_back(v <= kGroup ? 1.0f : 0.5f);
    }
    graph = build_graph(std::move(e), {}, "star");
    std::vector<std::uint32_t> labels(2 * kGroup + 1, 2);
    labels[0] = 0;
    for (NodeId v = 1; v <= kGroup; ++v) labels[v] = 1;
    graph.set_communities(std::move(labels), {"seed", "a", "b"});
  }
};

TEST(ClosedFormChurn, SurvivalIsGeometricWithSpeedTrustAndPromoterFactors) {
  TwoTrustStar two;
  const Graph& g = two.graph;
  auto rule = make_rule("complex:k=1", g);
  const std::size_t days = 40;
  const std::uint32_t reps = 60;
  for (bool promoters : {false, true}) {
    WordOfMouthConfig config = neutral();
    config.community.barrier = 0;  // openness 1: the cross factor is 1
    config.product.speed = 0.5;
    config.adoption.churn = 0.05;
    config.adoption.retention = 0.8;
    config.adoption.distrust_churn = 2;
    config.adoption.promoter_churn = 0.5;
    // promotion 1 x ((1 - 1) x speed + 1 x openness 1) = 1: all promoted on day 1.
    config.adoption.promotion = promoters ? 1 : 0;
    config.adoption.participation = 1;
    const WordOfMouth model(g, config, 21);
    BatchResult batch =
        run_replicates(g, *rule, SeedPlan::fixed({0}), {21, 0, reps - 1, days}, 2, &model);
    const double factor = promoters ? 0.5 : 1.0;
    for (std::uint32_t group : {1u, 2u}) {
      const double trust = group == 1 ? 1.0 : 0.5;
      const double p = 0.05 * (1 - 0.8 * 0.5) * (1 + 2 * (1 - trust)) * factor;
      std::vector<double> mean(days + 1, 0.0), want(days + 1), se(days + 1), off(days + 1);
      for (const ReplicateResult& r : batch.replicates) {
        ASSERT_EQ(r.community_counts.at((1 * 3 + group) * 2), TwoTrustStar::kGroup)
            << "everyone adopts on day 1";
        for (std::size_t t = 0; t <= days; ++t)
          mean[t] += static_cast<double>(r.community_counts.at((t * 3 + group) * 2)) / reps;
      }
      const double N = TwoTrustStar::kGroup;
      for (std::size_t t = 1; t <= days; ++t) {
        const double s = std::pow(1 - p, static_cast<double>(t - 1));
        want[t] = N * s;
        se[t] = std::sqrt(N * s * (1 - s) / reps);
        off[t] = N * std::pow(1 - 1.02 * p, static_cast<double>(t - 1));
      }
      const std::string what = std::string("churn: survivors, ") +
                               (promoters ? "promoters" : "adopters") + ", trust " +
                               (group == 1 ? "1" : "0.5");
      expect_within_5_se(mean, want, se, 1, what.c_str());
      if (!promoters && group == 1)
        expect_detects(want, off, se, 1, "a 2% error in the churn chance");
    }
  }
}

// ------------------------------------------------------------ forum reach

// S seeds outside the forum become promoters on day 1 (promotion 1,
// satisfaction 1) and post every day from day 2 (post_rate 1), each post
// read by r members drawn uniformly from the P members; forum trust 1 and
// conversion 0, so the aware are exactly the distinct members reached, and
// nobody else ever posts. After day t there were M = r S (t - 1) readings:
// expected distinct members reached P (1 - (1 - 1/P)^M), exact variance of
// the occupancy count.
TEST(ClosedFormForum, DistinctMembersReachedMatchTheOccupancyFormula) {
  const Graph g = make("er:n=5000,k=2", "const:0");
  WordOfMouthConfig config = neutral();
  config.adoption.conversion = 0;
  config.adoption.promotion = 1;
  const std::int64_t r = 20;
  config.forum = {on_day(0), 0.2, "any", 1.0, r, 1.0};
  const WordOfMouth model(g, config, 41);
  const auto members = model.forum_members();
  const double P = static_cast<double>(members.size());
  ASSERT_GT(P, 800);
  std::vector<NodeId> seeds;
  for (NodeId v = 0; seeds.size() < 5; ++v)
    if (!std::binary_search(members.begin(), members.end(), v)) seeds.push_back(v);
  const double S = static_cast<double>(seeds.size());
  auto rule = make_rule("ic", g);
  const std::size_t days = 20;
  const std::uint32_t reps = 150;
  BatchResult batch =
      run_replicates(g, *rule, SeedPlan::fixed(seeds), {41, 0, reps - 1, days}, 2, &model);
  for (const ReplicateResult& r_ : batch.replicates)
    for (std::size_t t = 1; t <= days; ++t)
      ASSERT_EQ(r_.steps[t].channels.exposures[1], t == 1 ? 0u : 100u)
          << "S posts of r readings a day from day 2";
  const auto mean = mean_per_day(
      batch, days, [](const StepRecord& s) { return static_cast<double>(s.counts.aware); });
  std::vector<double> want(days + 1, 0.0), se(days + 1, 0.0), fewer(days + 1, 0.0);
  for (std::size_t t = 1; t <= days; ++t) {
    const double M = static_cast<double>(r) * S * static_cast<double>(t - 1);
    want[t] = P * (1 - std::pow(1 - 1 / P, M));
    se[t] = std::sqrt(occupancy_variance(P, 1, M) / reps);
    fewer[t] = P * (1 - std::pow(1 - 1 / P, 0.98 * M));
  }
  expect_within_5_se(mean, want, se, 1, "forum: distinct members reached");
  expect_detects(want, fewer, se, 1, "2% fewer effective readings");
}

// ------------------------------------------------------------ phase ramps

// Star 0 -> 1..N (trust 1), leaf i -> N + i (trust 1). Looks is 1 until
// good-looking starts on day 2 and ramps 0.2 -> 1 over 8 days: looks(d) =
// 0.2 + 0.8 min(1, (d - 2) / 8). Conversion 1: the leaves adopt on day 1;
// the second layer is aware on day 2 and adopts on day d with chance
// looks(d), so the aware after day t are Binomial(N, prod_{d=2..t} (1 -
// looks(d))), exactly 0 from day 10 on. The milestone adopters:N+1 is
// reached at the end of day 1 (N leaves and the seed), so it starts the
// phase on day 2 too: the same run, row for row. adopters:N+2 is reached at
// the end of day 2 (the second layer converts then at looks 1): day 3.
TEST(ClosedFormPhases, ConversionFollowsTheRampStartedByDayOrByMilestone) {
  const NodeId N = 8000;
  const Graph g = star(N, 1.0f, true);
  auto rule = make_rule("ic", g);
  auto config_for = [](Trigger start) {
    WordOfMouthConfig c = neutral();
    c.product.phases[1] = {start, 0.2, 1.0, 8};
    return c;
  };
  const WordOfMouthConfig by_day = config_for(on_day(2)),
                          by_milestone = config_for(on_adopters(N + 1)),
                          later = config_for(on_adopters(N + 2));
  const WordOfMouth m_day(g, by_day, 8), m_milestone(g, by_milestone, 8), m_later(g, later, 8);
  const std::size_t days = 12;
  const std::uint32_t reps = 80;
  const ReplicateRange range{8, 0, reps - 1, days};
  BatchResult a = run_replicates(g, *rule, SeedPlan::fixed({0}), range, 2, &m_day);
  BatchResult b = run_replicates(g, *rule, SeedPlan::fixed({0}), range, 2, &m_milestone);
  BatchResult c = run_replicates(g, *rule, SeedPlan::fixed({0}), {8, 0, 0, days}, 1, &m_later);
  for (std::uint32_t i = 0; i < reps; ++i)
    for (std::size_t t = 0; t <= days; ++t) {
      const StepRecord &x = a.replicates[i].steps[t], &y = b.replicates[i].steps[t];
      ASSERT_EQ(x.counts, y.counts) << "replicate " << i << " day " << t;
      ASSERT_EQ(x.phase, t < 2 ? -1 : 1);
      ASSERT_EQ(y.phase, x.phase);
    }
  for (std::size_t t = 0; t <= days; ++t)
    EXPECT_EQ(c.replicates[0].steps[t].phase, t < 3 ? -1 : 1) << "day " << t;

  auto looks = [](double d, double start) {
    return d < start ? 1.0 : 0.2 + 0.8 * std::min(1.0, (d - start) / 8);
  };
  const auto mean = mean_per_day(
      a, days, [](const StepRecord& s) { return static_cast<double>(s.counts.aware); });
  std::vector<double> want(days + 1, 0.0), se(days + 1, 0.0), late(days + 1, 0.0),
      off(days + 1, 0.0);
  double q = 1, q_late = 1, q_off = 1;
  for (std::size_t t = 2; t <= days; ++t) {
    const double d = static_cast<double>(t);
    q *= 1 - looks(d, 2);
    q_late *= 1 - looks(d, 3);
    q_off *= 1 - std::min(1.0, 1.02 * looks(d, 2));
    want[t] = N * q;
    se[t] = std::sqrt(N * q * (1 - q) / reps);
    late[t] = N * q_late;
    off[t] = N * q_off;
  }
  for (std::uint32_t i = 0; i < reps; ++i)
    for (std::size_t t = 10; t <= days; ++t)
      EXPECT_EQ(a.replicates[i].steps[t].counts.aware, 0u) << "looks 1 converts everyone";
  expect_within_5_se(mean, want, se, 2, "phases: aware under the looks ramp");
  expect_detects(want, late, se, 2, "the ramp starting a day late");
  expect_detects(want, off, se, 2, "a 2% error in the ramp's levels");
}

// ------------------------------------------------------------ sis and sir

// A two-way star, 0 <-> 1..N with trust 1, rule sis:churn=1 (every adopter
// counted at the start of a step refers, then leaves), conversion 1. Day 1:
// the seed persuades every leaf, then leaves; the leaves adopt. Day 2: the
// leaves persuade the seed again, then leave; the seed adopts again. And so
// on: under sis the seed and the leaves take turns for ever. Under sir the
// users who left are immune: everyone has left by the end of day 2.
TEST(ClosedFormSis, ChurnedUsersArePersuadedAgainUnderSisOnly) {
  const NodeId N = 50;
  EdgeList e;
  e.num_nodes = N + 1;
  for (NodeId v = 1; v <= N; ++v) {
    e.sources.insert(e.sources.end(), {0, v});
    e.targets.insert(e.targets.end(), {v, 0});
    e.weights.insert(e.weights.end(), {1.0f, 1.0f});
  }
  const Graph g = build_graph(std::move(e), {}, "two-way star");
  const WordOfMouthConfig config = neutral();
  const WordOfMouth model(g, config, 2);
  const std::uint32_t days = 9;
  for (const char* spec : {"sis:churn=1", "sir:churn=1"}) {
    SCOPED_TRACE(spec);
    const bool sis = std::string(spec).starts_with("sis");
    auto rule = make_rule(spec, g);
    Simulation sim(g, *rule, &model);
    ReplicateResult r = sim.run({2, 0, days, true}, SeedPlan::fixed({0}));
    for (std::uint32_t t = 1; t <= days; ++t) {
      SCOPED_TRACE("day " + std::to_string(t));
      const StateCounts& s = r.steps[t].counts;
      EXPECT_EQ(s.unaware + s.aware + s.adopters + s.churned, N + 1u);
      EXPECT_EQ(s.aware, 0u);
      if (sis) {
        const bool leaves_turn = t % 2 == 1;
        EXPECT_EQ(s.adopters, leaves_turn ? N : 1u);
        EXPECT_EQ(s.churned, leaves_turn ? 1u : N);
        EXPECT_EQ(r.steps[t].transitions.new_adopters, leaves_turn ? N : 1u);
        EXPECT_EQ(r.steps[t].transitions.new_aware, leaves_turn ? N : 1u)
            << "users aware again count as newly aware";
      } else {
        EXPECT_EQ(s.adopters, t == 1 ? N : 0u);
        EXPECT_EQ(s.churned, t == 1 ? 1u : N + 1u);
      }
    }
    EXPECT_EQ(r.ever_adopted, N + 1u) << "a re-adoption is not a new user";
    // The trace lists every adoption, re-adoptions included, each by referral.
    std::uint64_t adoptions = 0;
    for (const StepRecord& s : r.steps) adoptions += s.transitions.new_adopters;
    EXPECT_EQ(r.referrals.size(), adoptions);
    for (const Referral& ref : r.referrals)
      if (ref.step > 0) {
        EXPECT_EQ(ref.channel, Channel::kReferral);
      }
  }
}

// Ads alone (no referral) with conversion 1 and churn 1 (the model's churn,
// or the rule's with sis:churn=1): a user persuaded on day t adopts that
// day, leaves on day t+1, and can be persuaded again from day t+2. With
// pi = 1 - (1 - a/n)^k the chance to be persuaded on a day one can be, the
// chance y_t that a given user other than the seed adopts on day t is
//   sis: y_t = pi (1 - y_{t-1}), y_0 = 0 (persuadable unless it adopted
//        yesterday),
//   sir: y_t = pi (1 - pi)^(t-1) (only if never persuaded before);
// the seed (an adopter on day 0, gone on day 1) follows sis's recursion from
// z_1 = 0, or never returns under sir. The standard error is the
// replicates' sample one. Had a user the rule churned been persuadable the
// same day, sis would give y_t = pi.
TEST(ClosedFormSis, AdsBringUsersBackFromTheDayAfterTheyLeftUnderSis) {
  const Graph g = make("er:n=2000,k=2", "const:0");
  const double n = 2000, k = 1400, a = 1.0;
  const double pi = 1 - std::pow(1 - a / n, k);
  const std::size_t days = 12;
  const std::uint32_t reps = 60;
  struct Case {
    const char* rule;
    double model_churn;
    bool sis;
  } cases[] = {{"sis:churn=0", 1, true}, {"sis:churn=1", 0, true}, {"sir:churn=0", 1, false}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.rule);
    WordOfMouthConfig config = neutral();
    config.adoption.churn = c.model_churn;
    config.adoption.retention = 0;
    config.adoption.distrust_churn = 0;
    config.ads = {350.0, 0.25, a, on_day(0), 365};  // 1400 impressions a day
    const WordOfMouth model(g, config, 17);
    auto rule = make_rule(c.rule, g);
    BatchResult batch =
        run_replicates(g, *rule, SeedPlan::fixed({0}), {17, 0, reps - 1, days}, 2, &model);
    std::vector<double> mean(days + 1, 0.0), sq(days + 1, 0.0);
    for (const ReplicateResult& r : batch.replicates)
      for (std::size_t t = 0; t <= days; ++t) {
        const auto x = static_cast<double>(r.steps[t].transitions.new_adopters);
        mean[t] += x / reps;
        sq[t] += x * x / reps;
      }
    std::vector<double> want(days + 1, 0.0), se(days + 1, 0.0), as_sir(days + 1, 0.0),
        as_sis(days + 1, 0.0), same_day(days + 1, 0.0);
    double y = 0, z = 0;
    for (std::size_t t = 1; t <= days; ++t) {
      const double y_sir = pi * std::pow(1 - pi, static_cast<double>(t - 1));
      y = pi * (1 - y);
      z = t == 1 ? 0 : pi * (1 - z);
      as_sis[t] = (n - 1) * y + z;
      as_sir[t] = (n - 1) * y_sir;
      same_day[t] = n * pi;
      want[t] = c.sis ? as_sis[t] : as_sir[t];
      const double var = std::max(0.0, (sq[t] - mean[t] * mean[t]) * reps / (reps - 1));
      se[t] = std::sqrt(var / reps);
    }
    expect_within_5_se(mean, want, se, 1,
                       (std::string("returns: new adopters, ") + c.rule).c_str());
    if (c.sis) {
      expect_detects(want, as_sir, se, 1, "sis behaving like sir");
      expect_detects(want, same_day, se, 1, "a leaver persuadable on the day it left");
    } else {
      expect_detects(want, as_sis, se, 1, "sir letting users come back");
    }
    for (const ReplicateResult& r : batch.replicates) {
      const StateCounts& last = r.final_step().counts;
      EXPECT_EQ(last.unaware + last.aware + last.adopters + last.churned, 2000u);
      if (!c.sis) {
        EXPECT_EQ(r.ever_adopted, last.adopters + last.churned) << "sir is final";
      }
    }
  }
}

}  // namespace
}  // namespace koubei
