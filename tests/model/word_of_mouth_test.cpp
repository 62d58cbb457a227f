// The word-of-mouth model around the rules: the invariants of
// every rule with and without it, each channel and --disable switch, the
// community barrier, churn, the referral trace, and reproducibility.
//
// Exact values where the model is deterministic; statistical checks state
// their tolerance in standard deviations.

#include "koubei/model/word_of_mouth.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "koubei/batch/replicates.hpp"
#include "koubei/batch/run.hpp"
#include "koubei/batch/run_config.hpp"
#include "koubei/batch/scenario.hpp"
#include "koubei/core/error.hpp"
#include "koubei/graph/builder.hpp"
#include "koubei/graph/graph_spec.hpp"
#include "koubei/io/ini.hpp"
#include "koubei/model/simulation.hpp"
#include "koubei/rules/rule.hpp"
#include "koubei/trust/trust_model.hpp"
#include "model_test_support.hpp"

namespace koubei {
namespace {

namespace po = boost::program_options;

using testing::kNever;
using testing::make;
using testing::neutral;
using testing::on_adopters;
using testing::on_day;

// Every part of the model switched on: phases on days and on milestones,
// forum, microblog, ads, churn, a barrier.
WordOfMouthConfig busy() {
  WordOfMouthConfig c;
  c.enabled = true;
  c.product.speed = 0.5;
  c.product.looks = 0.5;
  c.product.openness = 0;
  c.product.phases[0] = {on_day(3), 0.5, 1, 5};
  c.product.phases[1] = {on_adopters(150), 0.5, 1, 5};
  c.product.phases[2] = {on_day(12), 0, 1, 10};
  c.adoption.conversion = 0.5;
  c.adoption.promotion = 0.2;
  c.adoption.churn = 0.02;
  c.community.barrier = 0.2;
  c.forum = {on_day(2), 0.1, "any", 0.3, 10, 0.2};
  c.microblog = {on_adopters(100), 0.2, 0.5, 0.1, 20, 0.1};
  c.ads = {2.0, 0.125, 0.05, on_day(5), 10};
  return c;
}

std::uint64_t total(const ReplicateResult& r, int channel) {
  std::uint64_t sum = 0;
  for (const StepRecord& s : r.steps) sum += s.channels.exposures[channel];
  return sum;
}

double total_cost(const ReplicateResult& r) {
  double sum = 0;
  for (const StepRecord& s : r.steps) sum += s.channels.cost;
  return sum;
}

// Adopters of community c at row t (community_counts: per step, per
// community, adopters then churned).
std::uint64_t community_adopters(const ReplicateResult& r, const Graph& g, std::size_t t,
                                 std::uint32_t c) {
  return r.community_counts.at((t * g.num_communities() + c) * 2);
}
std::uint64_t community_churned(const ReplicateResult& r, const Graph& g, std::size_t t,
                                std::uint32_t c) {
  return r.community_counts.at((t * g.num_communities() + c) * 2 + 1);
}

::testing::AssertionResult same_result(const ReplicateResult& a, const ReplicateResult& b) {
  if (a.replicate != b.replicate || a.seeds != b.seeds || a.ever_adopted != b.ever_adopted ||
      a.arcs_examined != b.arcs_examined || a.steps.size() != b.steps.size() ||
      a.community_counts != b.community_counts || a.referrals.size() != b.referrals.size())
    return ::testing::AssertionFailure() << "replicate " << a.replicate << " differs in totals";
  for (std::size_t t = 0; t < a.steps.size(); ++t) {
    const StepRecord &x = a.steps[t], &y = b.steps[t];
    if (x.step != y.step || !(x.counts == y.counts) || !(x.transitions == y.transitions) ||
        x.phase != y.phase || !(x.channels == y.channels))
      return ::testing::AssertionFailure() << "replicate " << a.replicate << " step " << t;
  }
  for (std::size_t i = 0; i < a.referrals.size(); ++i) {
    const Referral &x = a.referrals[i], &y = b.referrals[i];
    if (x.step != y.step || x.source != y.source || x.target != y.target || x.channel != y.channel)
      return ::testing::AssertionFailure() << "replicate " << a.replicate << " referral " << i;
  }
  return ::testing::AssertionSuccess();
}

// ------------------------------------------------------------- invariants

// Counts conserve, promoters are adopters, and the step's transitions
// explain the change of counts; under the model nobody adopts without having
// been aware, and the trace holds each adopter once.
void check_invariants(const ReplicateResult& r, const Graph& g, bool model) {
  const std::uint64_t n = g.num_nodes();
  std::uint64_t ever = 0;
  for (std::size_t t = 0; t < r.steps.size(); ++t) {
    SCOPED_TRACE("step " + std::to_string(t));
    const StepRecord& s = r.steps[t];
    ASSERT_EQ(s.step, t);
    EXPECT_EQ(s.counts.unaware + s.counts.aware + s.counts.adopters + s.counts.churned, n);
    EXPECT_LE(s.counts.promoters, s.counts.adopters);
    ever += s.transitions.new_adopters;
    if (t > 0) {
      const StateCounts& before = r.steps[t - 1].counts;
      EXPECT_EQ(s.counts.adopters + s.transitions.new_churned,
                before.adopters + s.transitions.new_adopters);
      EXPECT_EQ(s.counts.churned, before.churned + s.transitions.new_churned);
      if (model) {
        EXPECT_EQ(s.counts.unaware + s.transitions.new_aware, before.unaware);
        EXPECT_EQ(s.counts.aware + s.transitions.new_adopters,
                  before.aware + s.transitions.new_aware);
      }
    }
    if (!model) {
      EXPECT_EQ(s.counts.aware, 0u);
      EXPECT_EQ(s.counts.promoters, 0u);
      EXPECT_EQ(s.phase, -1);
      EXPECT_EQ(s.channels.exposures[1] + s.channels.exposures[2] + s.channels.exposures[3], 0u);
      EXPECT_EQ(s.channels.cost, 0.0);
    }
    if (g.has_communities()) {
      std::uint64_t adopters = 0, churned = 0;
      for (std::uint32_t c = 0; c < g.num_communities(); ++c) {
        adopters += community_adopters(r, g, t, c);
        churned += community_churned(r, g, t, c);
      }
      EXPECT_EQ(adopters, s.counts.adopters);
      EXPECT_EQ(churned, s.counts.churned);
    }
  }
  EXPECT_EQ(r.ever_adopted, ever);
  EXPECT_EQ(r.steps[0].counts.adopters, r.seeds);
  if (!r.referrals.empty()) {
    std::vector<bool> seen(n, false);
    for (const Referral& ref : r.referrals) {
      EXPECT_FALSE(seen[ref.target]) << "node " << ref.target << " adopted twice";
      seen[ref.target] = true;
    }
    EXPECT_EQ(r.referrals.size(), ever);
  }
}

const char* const kRules[] = {"ic",          "lt",         "bass:p=0.01,q=0.3,scope=global",
                              "complex:k=2", "invite:k=2", "sir:churn=0.1"};

TEST(WordOfMouthInvariants, EveryRuleAtEveryStepWithAndWithoutTheModel) {
  const Graph g = make("sbm:n=3000,communities=3,k_in=6,k_out=1", "const:0.15");
  const WordOfMouthConfig config = busy();
  const WordOfMouth model(g, config, 11);
  for (const char* spec : kRules) {
    SCOPED_TRACE(spec);
    auto rule = make_rule(spec, g);
    BatchResult alone = run_replicates(g, *rule, SeedPlan::random(10), {11, 0, 1, 40, true}, 2);
    BatchResult with =
        run_replicates(g, *rule, SeedPlan::random(10), {11, 0, 1, 40, true}, 2, &model);
    for (const ReplicateResult& r : alone.replicates) check_invariants(r, g, false);
    for (const ReplicateResult& r : with.replicates) {
      check_invariants(r, g, true);
      EXPECT_EQ(r.steps.size(), 41u) << "with the model a run goes to its step limit";
      // fast starts on day 3, open on day 12, good-looking on the day after
      // the first step that ended with 150 adopters; the column shows the
      // latest started (on a tie, the later in the list).
      std::int64_t started[3] = {3, -1, 12};
      for (std::size_t t = 0; t + 1 < r.steps.size() && started[1] < 0; ++t)
        if (r.steps[t].counts.adopters >= 150) started[1] = static_cast<std::int64_t>(t) + 1;
      for (std::size_t t = 0; t < r.steps.size(); ++t) {
        int expected = -1;
        for (int p = 0; p < 3; ++p)
          if (started[p] >= 0 && started[p] <= static_cast<std::int64_t>(t) &&
              (expected < 0 || started[p] >= started[expected]))
            expected = p;
        EXPECT_EQ(r.steps[t].phase, expected) << "step " << t;
      }
    }
  }
}

// Under IC and LT without the model nobody deactivates.
TEST(WordOfMouthInvariants, IcAndLtNeverDeactivate) {
  const Graph g = make("er:n=5000,k=4", "uniform:0.1:0.5");
  for (const char* spec : {"ic", "lt"}) {
    auto rule = make_rule(spec, g);
    BatchResult batch = run_replicates(g, *rule, SeedPlan::random(10), {3, 0, 3, 0, true}, 2);
    for (const ReplicateResult& r : batch.replicates) {
      check_invariants(r, g, false);
      for (std::size_t t = 1; t < r.steps.size(); ++t) {
        EXPECT_GE(r.steps[t].counts.adopters, r.steps[t - 1].counts.adopters);
        EXPECT_EQ(r.steps[t].counts.churned, 0u);
      }
    }
  }
}

// --------------------------------------------------------- neutral model

// With conversion 1 and looks 1 a persuaded user becomes aware and adopts the
// same day (end of the day), joins the next day's frontier and refers from
// then on, exactly as without the model, where the rule's decision adopts at
// once and the adopter refers the next day. Arc trials and LT thresholds are
// keyed by arc and node, not by the order of visits, and an aware user still
// "can adopt", so later arcs to it in the same step see what they saw
// before. Hence the same adopters at every step, exactly. (invite:k=K is the
// exception: without the model a user adopted earlier in the step is no
// longer a candidate for invitations, while an aware one still is.)
TEST(WordOfMouthNeutral, RulesGiveTheSameCurveAsWithoutTheModel) {
  const Graph g = make("er:n=4000,k=5", "const:0.25");
  const WordOfMouthConfig config = neutral();
  const WordOfMouth model(g, config, 5);
  for (const char* spec :
       {"ic", "lt", "complex:k=2", "sir:churn=0.1", "bass:p=0.01,q=0.3,scope=global"}) {
    SCOPED_TRACE(spec);
    auto rule = make_rule(spec, g);
    const std::uint32_t limit = 40;
    BatchResult alone = run_replicates(g, *rule, SeedPlan::random(30), {5, 0, 3, limit}, 2);
    BatchResult with = run_replicates(g, *rule, SeedPlan::random(30), {5, 0, 3, limit}, 2, &model);
    for (std::size_t i = 0; i < alone.replicates.size(); ++i) {
      const ReplicateResult& a = alone.replicates[i];
      const ReplicateResult& b = with.replicates[i];
      ASSERT_EQ(b.steps.size(), limit + 1);
      ASSERT_LE(a.steps.size(), b.steps.size());
      EXPECT_GT(a.final_step().counts.adopters, a.seeds) << "the test needs a spread";
      for (std::size_t t = 0; t < b.steps.size(); ++t) {
        SCOPED_TRACE("replicate " + std::to_string(i) + " step " + std::to_string(t));
        const StepRecord& y = b.steps[t];
        if (t < a.steps.size()) {
          const StepRecord& x = a.steps[t];
          EXPECT_EQ(x.counts, y.counts);
          EXPECT_EQ(x.transitions.new_adopters, y.transitions.new_adopters);
          EXPECT_EQ(x.transitions.new_churned, y.transitions.new_churned);
          EXPECT_EQ(x.channels.exposures[0], y.channels.exposures[0]);
          EXPECT_EQ(x.channels.adoptions, y.channels.adoptions);
        } else {
          // The rule alone stopped: nothing changes any more.
          EXPECT_EQ(y.counts, a.final_step().counts);
          EXPECT_EQ(y.transitions.new_adopters, 0u);
        }
        EXPECT_EQ(y.counts.aware, 0u);
        EXPECT_EQ(y.counts.promoters, 0u);
        EXPECT_EQ(y.phase, -1);
        // The seeds on day 0, then every adoption the rule's (persuaded by
        // a referral arc).
        DayChannels only_referrals{{y.channels.exposures[0], 0, 0, 0}, 0};
        only_referrals.adoptions[t == 0 ? 0 : 1] = y.transitions.new_adopters;
        EXPECT_EQ(y.channels, only_referrals);
      }
      EXPECT_EQ(a.ever_adopted, b.ever_adopted);
      EXPECT_EQ(a.arcs_examined, b.arcs_examined);
    }
  }
}

// ------------------------------------------------------------- channels

WordOfMouthConfig social(bool disable_accelerator) {
  WordOfMouthConfig c = neutral();
  c.disable_accelerator = disable_accelerator;
  c.adoption.conversion = 0.5;
  c.adoption.promotion = 0.5;
  c.forum = {on_day(0), 0.2, "any", 0.5, 10, 0.1};
  c.microblog = {on_day(0), 0.5, 0.5, 0.2, 10, 0.1};
  c.ads = {1.0, 0.125, 0.02, on_day(0), 365};  // 8 impressions a day
  return c;
}

TEST(WordOfMouthChannels, DisableAcceleratorSilencesForumAndMicroblogOnly) {
  const Graph g = make("er:n=3000,k=4", "const:0.1");
  auto rule = make_rule("ic", g);
  const WordOfMouthConfig on = social(false), off = social(true);
  const WordOfMouth model_on(g, on, 2), model_off(g, off, 2);
  BatchResult with = run_replicates(g, *rule, SeedPlan::random(20), {2, 0, 1, 30}, 2, &model_on);
  BatchResult without =
      run_replicates(g, *rule, SeedPlan::random(20), {2, 0, 1, 30}, 2, &model_off);
  for (std::size_t i = 0; i < 2; ++i) {
    const ReplicateResult& a = with.replicates[i];
    const ReplicateResult& b = without.replicates[i];
    EXPECT_GT(total(a, 1), 0u) << "forum";
    EXPECT_GT(total(a, 2), 0u) << "microblog";
    EXPECT_EQ(total(b, 1), 0u) << "forum";
    EXPECT_EQ(total(b, 2), 0u) << "microblog";
    EXPECT_GT(total(b, 0), 0u) << "referral goes on";
    for (std::size_t t = 1; t < b.steps.size(); ++t) {
      EXPECT_EQ(a.steps[t].channels.exposures[3], 8u) << "ads go on";
      EXPECT_EQ(b.steps[t].channels.exposures[3], 8u) << "ads go on";
    }
    EXPECT_GT(a.final_step().counts.adopters, b.final_step().counts.adopters);
  }
}

WordOfMouthConfig ads_only(Trigger start, std::uint32_t days) {
  WordOfMouthConfig c = neutral();
  // floor(10.1 / 0.25) = 40 impressions a day, costing exactly 10.
  c.ads = {10.1, 0.25, 0.5, start, days};
  return c;
}

TEST(WordOfMouthChannels, AdsBuyFloorBudgetOverPriceImpressionsDuringTheCampaign) {
  const Graph g = make("er:n=2000,k=3", "const:0.1");
  auto rule = make_rule("ic", g);
  const WordOfMouthConfig config = ads_only(on_day(3), 5);  // days 3..7
  const WordOfMouth model(g, config, 4);
  Simulation sim(g, *rule, &model);
  ReplicateResult r = sim.run({4, 0, 12, true}, SeedPlan::random(5));
  ASSERT_EQ(r.steps.size(), 13u);
  for (const StepRecord& s : r.steps) {
    const bool campaign = s.step >= 3 && s.step <= 7;
    EXPECT_EQ(s.channels.exposures[3], campaign ? 40u : 0u) << "step " << s.step;
    EXPECT_EQ(s.channels.cost, campaign ? 10.0 : 0.0) << "step " << s.step;
  }
  EXPECT_EQ(total_cost(r), 50.0);
  // Ads bring users in by themselves: source == target, on campaign days.
  std::uint64_t by_ads = 0;
  for (const Referral& ref : r.referrals) {
    if (ref.channel != Channel::kAds) continue;
    ++by_ads;
    EXPECT_EQ(ref.source, ref.target);
    EXPECT_GE(ref.step, 3u);
    EXPECT_LE(ref.step, 7u);
  }
  // 200 impressions persuading with chance 0.5 on users who nearly all can
  // adopt: Binomial(200, 0.5), sd sqrt(200 / 4) = 7.1; within 5 sd. (The
  // closed-form test of ads checks the law precisely.)
  EXPECT_NEAR(static_cast<double>(by_ads), 100.0, 5 * std::sqrt(200 * 0.25));
}

// A campaign of `ads.days` days spends on `ads.days` days, also when it
// starts on day 0 (the default): step 0 only places the seeds, so channels
// first run on day 1.
TEST(WordOfMouthChannels, AdsStartingOnDayZeroStillRunAllTheirDays) {
  const Graph g = make("er:n=2000,k=3", "const:0.1");
  auto rule = make_rule("ic", g);
  const WordOfMouthConfig config = ads_only(on_day(0), 5);
  const WordOfMouth model(g, config, 4);
  Simulation sim(g, *rule, &model);
  ReplicateResult r = sim.run({4, 0, 12}, SeedPlan::random(5));
  std::uint32_t days = 0;
  for (const StepRecord& s : r.steps) days += s.channels.exposures[3] > 0;
  EXPECT_EQ(days, 5u);
  EXPECT_EQ(total_cost(r), 50.0);
}

TEST(WordOfMouthChannels, AMilestoneStartsTheMicroblogAndAPhaseOnTheNextStep) {
  const Graph g = make("er:n=3000,k=4", "const:0.5");
  auto rule = make_rule("ic", g);
  WordOfMouthConfig config = neutral();
  config.adoption.promotion = 1;  // every adopter posts
  config.microblog = {on_adopters(200), 1.0, 1.0, 0.0, 0, 0.1};
  config.product.phases[0] = {on_adopters(200), 1, 1, 0};
  const WordOfMouth model(g, config, 8);
  Simulation sim(g, *rule, &model);
  for (std::uint32_t rep = 0; rep < 3; ++rep) {
    ReplicateResult r = sim.run({8, rep, 15}, SeedPlan::random(10));
    std::size_t crossed = r.steps.size();
    for (std::size_t t = 0; t < r.steps.size() && crossed == r.steps.size(); ++t)
      if (r.steps[t].counts.adopters >= 200) crossed = t;
    ASSERT_GE(crossed, 1u);
    ASSERT_LT(crossed + 1, r.steps.size()) << "the cascade must reach 200 adopters";
    for (std::size_t t = 0; t <= crossed; ++t) {
      EXPECT_EQ(r.steps[t].channels.exposures[2], 0u) << "step " << t;
      EXPECT_EQ(r.steps[t].phase, -1) << "step " << t;
    }
    EXPECT_GT(r.steps[crossed].counts.promoters, 0u) << "there were posters";
    EXPECT_GT(r.steps[crossed + 1].channels.exposures[2], 0u);
    EXPECT_EQ(r.steps[crossed + 1].phase, 0);
  }
}

TEST(WordOfMouthChannels, ForumExposuresArePostsTimesReach) {
  const Graph g = make("er:n=4000,k=4", "const:0.2");
  auto rule = make_rule("ic", g);
  WordOfMouthConfig every = neutral();
  every.adoption.promotion = 0.3;
  every.forum = {on_day(0), 0.1, "any", 1.0, 7, 0.2};
  WordOfMouthConfig half = every;
  half.forum.post_rate = 0.5;
  const WordOfMouth model_every(g, every, 6), model_half(g, half, 6);

  // Everyone posts: exposures = reach x promoters at the start of the day.
  Simulation sim_every(g, *rule, &model_every);
  ReplicateResult r = sim_every.run({6, 0, 30}, SeedPlan::random(20));
  EXPECT_GT(total(r, 1), 0u);
  for (std::size_t t = 1; t < r.steps.size(); ++t)
    EXPECT_EQ(r.steps[t].channels.exposures[1], 7 * r.steps[t - 1].counts.promoters)
        << "step " << t;

  // Half post: multiples of reach, about half as many posts as promoters
  // (a sum of binomials, within 5 sd).
  Simulation sim_half(g, *rule, &model_half);
  double posts = 0, promoters = 0;
  for (std::uint32_t rep = 0; rep < 4; ++rep) {
    ReplicateResult h = sim_half.run({6, rep, 30}, SeedPlan::random(20));
    for (std::size_t t = 1; t < h.steps.size(); ++t) {
      const std::uint64_t e = h.steps[t].channels.exposures[1];
      EXPECT_EQ(e % 7, 0u) << "step " << t;
      EXPECT_LE(e, 7 * h.steps[t - 1].counts.promoters);
      posts += static_cast<double>(e / 7);
      promoters += static_cast<double>(h.steps[t - 1].counts.promoters);
    }
  }
  ASSERT_GT(promoters, 400);
  EXPECT_NEAR(posts, 0.5 * promoters, 5 * std::sqrt(promoters / 4));
}

TEST(WordOfMouthChannels, ForumMembersAreTheConfiguredShareAndCommunity) {
  const Graph g = make("sbm:n=100000,communities=4,k_in=2,k_out=1", "const:0.1");
  WordOfMouthConfig anywhere = neutral();
  anywhere.forum.members = 0.5;
  WordOfMouthConfig home = anywhere;
  home.forum.community = "home";
  WordOfMouthConfig named = anywhere;
  named.forum.community = "c2";
  const WordOfMouth a(g, anywhere, 1), b(g, home, 1), c(g, named, 1), a2(g, anywhere, 1);
  // One draw per user: Binomial(100000, 0.5), SE 158; tolerance 4.5 SE. A 2%
  // error in the share (1000 members) is 6.3 SE.
  const auto se = [](double users) { return std::sqrt(users * 0.5 * 0.5); };
  EXPECT_NEAR(static_cast<double>(a.forum_members().size()), 50000, 4.5 * se(100000));
  EXPECT_TRUE(std::equal(a.forum_members().begin(), a.forum_members().end(),
                         a2.forum_members().begin(), a2.forum_members().end()));
  // The home community c0 has 25000 users: Binomial(25000, 0.5), SE 79
  // (a 2% error is 3.2 SE here; the check above has the power).
  EXPECT_NEAR(static_cast<double>(b.forum_members().size()), 12500, 4.5 * se(25000));
  for (NodeId v : b.forum_members()) EXPECT_EQ(g.community(v), 0u);
  for (NodeId v : c.forum_members()) EXPECT_EQ(g.community(v), 2u);
  EXPECT_GT(c.forum_members().size(), 0u);
  WordOfMouthConfig named_home = home;
  named_home.community.home = "c3";
  const WordOfMouth d(g, named_home, 1);
  for (NodeId v : d.forum_members()) EXPECT_EQ(g.community(v), 3u);
  EXPECT_GT(d.forum_members().size(), 0u);
}

TEST(WordOfMouthChannels, UnknownForumCommunityIsAnInputError) {
  const Graph sbm = make("sbm:n=400,communities=2,k_in=2,k_out=1", "const:0.1");
  WordOfMouthConfig mars = neutral();
  mars.forum.community = "mars";
  try {
    WordOfMouth model(sbm, mars, 1);
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("forum.community"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("mars"), std::string::npos) << e.what();
  }
  const Graph er = make("er:n=400,k=2", "const:0.1");
  WordOfMouthConfig home = neutral();
  home.forum.community = "home";
  EXPECT_THROW(WordOfMouth(er, home, 1), InputError);
}

// ------------------------------------------------------------- switches

TEST(WordOfMouthSwitches, DisableChainSetsEveryTrustToChainOffTrust) {
  auto config_for = [](bool disable) {
    auto c = std::make_unique<RunConfig>();
    c->graph = "er:n=3000,k=5";
    c->trust = "const:0.3";
    c->seeds = SeedingSpec::random(20);
    c->steps = 30;
    c->model = neutral();
    c->model.disable_chain = disable;
    c->model.chain_off_trust = 0.001;
    return c;
  };
  auto on = config_for(false), off = config_for(true);
  Scenario with = Scenario::prepare(*on), without = Scenario::prepare(*off);
  for (float t : with.graph->trust()) ASSERT_EQ(t, 0.3f);
  for (float t : without.graph->trust()) ASSERT_EQ(t, 0.001f);
  const ReplicateRange range{on->rng_seed, 0, 3, 30, true};
  BatchResult a = run_replicates(*with.graph, *with.rule, with.seeds, range, 2, with.model.get());
  BatchResult b =
      run_replicates(*without.graph, *without.rule, without.seeds, range, 2, without.model.get());
  for (std::size_t i = 0; i < a.replicates.size(); ++i) {
    // Trust 0.3 on ~5 arcs each: a large cascade. Trust 0.001: the 20 seeds
    // try about 100 arcs in all, so a referral adoption is rare.
    EXPECT_GT(a.replicates[i].final_step().counts.adopters, 500u);
    EXPECT_LE(b.replicates[i].final_step().counts.adopters, 23u);
  }
}

TEST(WordOfMouthSwitches, DisableEngineHoldsStartingLevelsAndPhaseNone) {
  const Graph g = make("er:n=3000,k=4", "const:0.5");
  auto rule = make_rule("ic", g);
  WordOfMouthConfig engine = neutral();
  engine.product.looks = 0;  // nobody converts until good-looking starts
  engine.product.phases[0] = {on_day(1), 1, 1, 0};
  engine.product.phases[1] = {on_day(2), 1, 1, 0};
  WordOfMouthConfig held = engine;
  held.disable_engine = true;
  const WordOfMouth with(g, engine, 3), without(g, held, 3);
  Simulation a(g, *rule, &with), b(g, *rule, &without);
  ReplicateResult ra = a.run({3, 0, 20}, SeedPlan::random(10));
  ReplicateResult rb = b.run({3, 0, 20}, SeedPlan::random(10));
  EXPECT_EQ(ra.steps[0].phase, -1);
  EXPECT_EQ(ra.steps[1].phase, 0);
  EXPECT_EQ(ra.steps[2].phase, 1);
  EXPECT_GT(ra.final_step().counts.adopters, 100u);
  for (const StepRecord& s : rb.steps) {
    EXPECT_EQ(s.phase, -1) << "step " << s.step;
    // looks stays 0: the aware never convert.
    EXPECT_EQ(s.counts.adopters, 10u) << "step " << s.step;
  }
  EXPECT_GT(rb.final_step().counts.aware, 0u);
}

// ------------------------------------------------------ community barrier

std::unique_ptr<RunConfig> barrier_config(Trigger open_start) {
  auto c = std::make_unique<RunConfig>();
  c->graph = "sbm:n=4000,communities=4,k_in=8,k_out=2";
  c->trust = "const:0.4";
  c->seeds = SeedingSpec::random(10);
  c->steps = 20;
  c->rng_seed = 12;
  WordOfMouthConfig& m = c->model;
  m = neutral();
  m.adoption.promotion = 0.3;
  m.community.barrier = 0;
  m.community.seed_community = "home";
  m.product.openness = 0;
  m.product.phases[2] = {open_start, 1, 1, 0};
  m.forum = {on_day(0), 0.2, "home", 0.5, 10, 0.2};  // a forum inside the home community
  return c;
}

TEST(WordOfMouthBarrier, ClosedCommunitiesStayUntouchedUntilTheOpenPhase) {
  auto closed = barrier_config(kNever);
  auto opening = barrier_config(on_day(3));
  Scenario a = Scenario::prepare(*closed), b = Scenario::prepare(*opening);
  const Graph& g = *a.graph;
  ASSERT_EQ(g.num_communities(), 4u);
  const ReplicateRange range{12, 0, 1, 20, false};
  BatchResult ra = run_replicates(g, *a.rule, a.seeds, range, 2, a.model.get());
  BatchResult rb = run_replicates(*b.graph, *b.rule, b.seeds, range, 2, b.model.get());
  for (std::size_t i = 0; i < ra.replicates.size(); ++i) {
    const ReplicateResult& r = ra.replicates[i];
    EXPECT_EQ(community_adopters(r, g, 0, 0), 10u) << "every seed in the home community";
    EXPECT_GT(community_adopters(r, g, 20, 0), 100u);
    for (std::size_t t = 0; t < r.steps.size(); ++t)
      for (std::uint32_t c = 1; c < 4; ++c)
        ASSERT_EQ(community_adopters(r, g, t, c) + community_churned(r, g, t, c), 0u)
            << "community " << c << " step " << t;

    const ReplicateResult& o = rb.replicates[i];
    for (std::size_t t = 0; t < 3; ++t)
      for (std::uint32_t c = 1; c < 4; ++c)
        EXPECT_EQ(community_adopters(o, g, t, c), 0u) << "community " << c << " step " << t;
    std::uint64_t outside = 0;
    for (std::uint32_t c = 1; c < 4; ++c) outside += community_adopters(o, g, 20, c);
    EXPECT_GT(outside, 0u) << "the open phase lifts the barrier";
  }
}

TEST(WordOfMouthBarrier, SeedCommunityPicksTheSeeds) {
  for (const char* where : {"home", "c3"}) {
    auto c = barrier_config(kNever);
    if (std::string(where) == "home") c->model.community.home = "c2";
    c->model.community.seed_community = where;
    c->model.forum.community = "any";
    Scenario s = Scenario::prepare(*c);
    const std::uint32_t expected = std::string(where) == "home" ? 2 : 3;
    Simulation sim(*s.graph, *s.rule, s.model.get());
    for (std::uint32_t rep = 0; rep < 3; ++rep) {
      ReplicateResult r = sim.run({12, rep, 1}, s.seeds);
      for (std::uint32_t k = 0; k < 4; ++k)
        EXPECT_EQ(community_adopters(r, *s.graph, 0, k), k == expected ? 10u : 0u)
            << where << " community " << k;
    }
  }
}

// community.home and community.seed_community take a community's name; a
// name the graph does not have is an error naming the key, whether or not
// another key refers to the home community.
TEST(WordOfMouthBarrier, UnknownCommunityNamesAreInputErrors) {
  struct Case {
    std::string home, seed_community, forum_community, key;
  } cases[] = {
      {"", "c9", "any", "community.seed_community"},
      {"mars", "home", "any", "community.home"},  // the home name is what is wrong
      {"mars", "any", "home", "community.home"},
      {"mars", "any", "any", "community.home"},
  };
  for (const Case& c : cases) {
    auto config = barrier_config(kNever);
    config->model.community.home = c.home;
    config->model.community.seed_community = c.seed_community;
    config->model.forum.community = c.forum_community;
    try {
      Scenario s = Scenario::prepare(*config);
      ADD_FAILURE() << "home '" << c.home << "', seed_community " << c.seed_community
                    << ", forum.community " << c.forum_community << ": accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(c.key), std::string::npos) << e.what();
    }
  }
}

// ------------------------------------------------------------------ churn

// Node 0 (community "seed") points at 4000 users of community "a" with trust
// 1 and 4000 of community "b" with trust 0.5. Everyone persuaded adopts on
// day 1 and may churn from day 2 on with chance
// churn x (1 + distrust_churn x (1 - trust)).
struct TwoTrustStar {
  static constexpr NodeId kGroup = 4000;
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

WordOfMouthConfig churning() {
  WordOfMouthConfig c = neutral();
  c.community.barrier = 0;  // openness 1: cross factor 0 + 1 x 1 = 1
  c.adoption.churn = 0.05;
  c.adoption.retention = 0;
  c.adoption.distrust_churn = 4;
  return c;
}

TEST(WordOfMouthChurn, UsersWonWithLowTrustChurnMore) {
  TwoTrustStar star;
  const Graph& g = star.graph;
  auto rule = make_rule("ic", g);
  const WordOfMouthConfig config = churning();
  const WordOfMouth model(g, config, 21);
  Simulation sim(g, *rule, &model);
  ReplicateResult r = sim.run({21, 0, 11}, SeedPlan::fixed({0}));
  EXPECT_EQ(community_adopters(r, g, 1, 1), TwoTrustStar::kGroup) << "trust 1: all adopt on day 1";
  const std::size_t last = 11;
  auto churned_share = [&](std::uint32_t c) {
    const double churned = static_cast<double>(community_churned(r, g, last, c));
    return churned / (churned + static_cast<double>(community_adopters(r, g, last, c)));
  };
  // Ten days of churn (days 2..11): 1 - (1 - p)^10.
  const double pa = 0.05, pb = 0.05 * (1 + 4 * (1 - 0.5));
  const double want_a = 1 - std::pow(1 - pa, 10), want_b = 1 - std::pow(1 - pb, 10);
  const double adopted_b =
      static_cast<double>(community_adopters(r, g, last, 2) + community_churned(r, g, last, 2));
  EXPECT_NEAR(adopted_b, 2000, 5 * std::sqrt(4000 * 0.25));  // Binomial(4000, 0.5)
  EXPECT_NEAR(churned_share(1), want_a, 5 * std::sqrt(want_a * (1 - want_a) / 4000));
  EXPECT_NEAR(churned_share(2), want_b, 5 * std::sqrt(want_b * (1 - want_b) / adopted_b));
  EXPECT_GT(churned_share(2), churned_share(1) + 0.3);
}

TEST(WordOfMouthChurn, PromotersChurnAtTheirFractionAndSpeedRetains) {
  TwoTrustStar star;
  const Graph& g = star.graph;
  auto rule = make_rule("ic", g);
  WordOfMouthConfig promoters = churning();
  promoters.adoption.promotion = 1;  // all promoted on the day they adopt
  promoters.adoption.promoter_churn = 0;
  WordOfMouthConfig retained = churning();
  retained.adoption.retention = 1;  // speed 1 prevents all churn
  WordOfMouthConfig nothing_new = churning();
  nothing_new.adoption.churn = 1;
  nothing_new.adoption.distrust_churn = 0;
  const WordOfMouth a(g, promoters, 2), b(g, retained, 2), c(g, nothing_new, 2);
  Simulation sa(g, *rule, &a), sb(g, *rule, &b), sc(g, *rule, &c);
  ReplicateResult ra = sa.run({2, 0, 10}, SeedPlan::fixed({0}));
  ReplicateResult rb = sb.run({2, 0, 10}, SeedPlan::fixed({0}));
  ReplicateResult rc = sc.run({2, 0, 10}, SeedPlan::fixed({0}));
  EXPECT_EQ(ra.final_step().counts.churned, 0u);
  EXPECT_EQ(ra.final_step().counts.promoters, ra.final_step().counts.adopters);
  EXPECT_EQ(rb.final_step().counts.churned, 0u);
  // Churn 1: the seed leaves on day 1 (it adopted before), day 1's adopters
  // on day 2 and not before.
  EXPECT_EQ(rc.steps[1].counts.churned, 1u);
  EXPECT_EQ(rc.steps[1].counts.adopters, rc.steps[1].transitions.new_adopters);
  EXPECT_EQ(rc.steps[2].counts.adopters, 0u);
  EXPECT_EQ(rc.steps[2].counts.churned, rc.steps[1].counts.adopters + 1);
}

// sir/sis refer from "the adopters at the start of the step (everyone who
// adopted in steps before t and has not churned)". A user the model churned
// is not an adopter any more and must stop referring. Star 0 -> 1..100000 with
// trust 0.5, rule sir:churn=0 (the rule itself never churns), model churn 1:
// the seed refers on day 1, leaves at the end of day 1, and nobody can be
// persuaded after that (the leaves have no out-arcs).
TEST(WordOfMouthChurn, UsersTheModelChurnedStopReferringUnderSir) {
  EdgeList e;
  e.num_nodes = 100001;
  for (NodeId v = 1; v <= 100000; ++v) {
    e.sources.push_back(0);
    e.targets.push_back(v);
    e.weights.push_back(0.5f);
  }
  const Graph g = build_graph(std::move(e), {}, "star");
  WordOfMouthConfig config = neutral();
  config.adoption.churn = 1;
  config.adoption.retention = 0;
  config.adoption.distrust_churn = 0;
  const WordOfMouth model(g, config, 3);
  for (const char* spec : {"sir:churn=0", "sis:churn=0"}) {
    SCOPED_TRACE(spec);
    auto rule = make_rule(spec, g);
    Simulation sim(g, *rule, &model);
    ReplicateResult r = sim.run({3, 0, 5}, SeedPlan::fixed({0}));
    EXPECT_EQ(r.steps[1].counts.churned, 1u) << "the seed left at the end of day 1";
    // Each leaf is persuaded with chance 0.5: Binomial(100000, 0.5), SE 158;
    // tolerance 4.5 SE, and a 2% error in the chance (1000) is 6.3 SE.
    EXPECT_NEAR(static_cast<double>(r.steps[1].transitions.new_adopters), 50000,
                4.5 * std::sqrt(100000 * 0.25));
    for (std::size_t t = 2; t < r.steps.size(); ++t) {
      EXPECT_EQ(r.steps[t].transitions.new_aware, 0u) << "step " << t;
      EXPECT_EQ(r.steps[t].transitions.new_adopters, 0u) << "step " << t;
      EXPECT_EQ(r.steps[t].channels.exposures[0], 0u) << "nobody refers on step " << t;
    }
  }
}

// An aware user remembers the most trusted source that persuaded it,
// whatever the order of the persuasions. complex:k=1 persuades along every
// arc from the frontier: node 2 hears from seed 0 (trust 0.25) and seed 1
// (trust 0.75) on day 1, but converts only on day 2 (looks 0 until then).
TEST(WordOfMouthChurn, TheMostTrustedSourceWins) {
  EdgeList e;
  e.num_nodes = 3;
  e.sources = {0, 1};
  e.targets = {2, 2};
  e.weights = {0.25f, 0.75f};
  const Graph g = build_graph(std::move(e), {}, "two sources");
  WordOfMouthConfig config = neutral();
  config.product.looks = 0;
  config.product.phases[1] = {on_day(2), 1, 1, 0};
  const WordOfMouth model(g, config, 1);
  auto rule = make_rule("complex:k=1", g);
  Simulation sim(g, *rule, &model);
  for (const std::vector<NodeId>& seeds : {std::vector<NodeId>{0, 1}, std::vector<NodeId>{1, 0}}) {
    ReplicateResult r = sim.run({1, 0, 3, true}, SeedPlan::fixed(seeds));
    ASSERT_EQ(r.referrals.size(), 3u);
    const Referral& last = r.referrals.back();
    EXPECT_EQ(last.target, 2u);
    EXPECT_EQ(last.step, 2u);
    EXPECT_EQ(last.source, 1u) << "seed order " << seeds[0] << "," << seeds[1];
    EXPECT_EQ(last.channel, Channel::kReferral);
  }
}

// ------------------------------------------------------- referral trace

// Without the model, every adopter appears once as a target; seeds at step
// 0 as their own source; everyone else brought in by a referral from an
// adopter of the previous step. Following sources from any adopter therefore
// ends at a seed: a forest rooted at the seeds.
TEST(ReferralTrace, IcAndLtTraceAForestRootedAtTheSeeds) {
  const Graph g = make("er:n=5000,k=4", "const:0.35");
  for (const char* spec : {"ic", "lt"}) {
    SCOPED_TRACE(spec);
    auto rule = make_rule(spec, g);
    BatchResult batch = run_replicates(g, *rule, SeedPlan::random(15), {9, 0, 3, 0, true}, 2);
    for (const ReplicateResult& r : batch.replicates) {
      const std::uint32_t kNone = ~0u;
      std::vector<std::uint32_t> adopted(g.num_nodes(), kNone);
      std::vector<NodeId> parent(g.num_nodes(), 0);
      ASSERT_EQ(r.referrals.size(), r.final_step().counts.adopters);
      EXPECT_GT(r.referrals.size(), 2 * r.seeds) << "the test needs a spread";
      std::uint64_t seeds = 0;
      for (const Referral& ref : r.referrals) {
        ASSERT_EQ(adopted[ref.target], kNone) << "target " << ref.target << " twice";
        if (ref.step == 0) {
          ++seeds;
          EXPECT_EQ(ref.channel, Channel::kSeed);
          EXPECT_EQ(ref.source, ref.target);
        } else {
          EXPECT_EQ(ref.channel, Channel::kReferral);
          ASSERT_NE(adopted[ref.source], kNone) << "source is not an adopter";
          EXPECT_EQ(adopted[ref.source] + 1, ref.step) << "source adopted the step before";
          // The referral went along an arc source -> target.
          const auto out = g.out_neighbors(ref.source);
          EXPECT_TRUE(std::binary_search(out.begin(), out.end(), ref.target));
        }
        adopted[ref.target] = ref.step;
        parent[ref.target] = ref.source;
      }
      EXPECT_EQ(seeds, r.seeds);
      // Trace order follows the steps, and new adopters per step match.
      for (std::size_t i = 1; i < r.referrals.size(); ++i)
        EXPECT_LE(r.referrals[i - 1].step, r.referrals[i].step);
      for (const StepRecord& s : r.steps) {
        const auto n = std::count_if(r.referrals.begin(), r.referrals.end(),
                                     [&](const Referral& ref) { return ref.step == s.step; });
        EXPECT_EQ(static_cast<std::uint64_t>(n), s.transitions.new_adopters);
      }
      for (const Referral& ref : r.referrals) {
        NodeId v = ref.target;
        for (std::uint32_t hops = 0; adopted[v] > 0; ++hops) {
          ASSERT_LE(hops, r.steps.size());
          v = parent[v];
        }
        EXPECT_EQ(parent[v], v) << "a root is a seed";
      }
    }
  }
}

// With the model the trace still holds each adopter once, with the channel
// that persuaded it; ads adopters are their own source, everyone else was
// brought in by someone who adopted earlier.
TEST(ReferralTrace, UnderTheModelEachAdopterOnceWithItsChannel) {
  const Graph g = make("er:n=5000,k=4", "const:0.1");
  auto rule = make_rule("ic", g);
  WordOfMouthConfig config = social(false);
  config.ads = {2.0, 0.05, 0.1, on_day(0), 365};
  const WordOfMouth model(g, config, 13);
  BatchResult batch =
      run_replicates(g, *rule, SeedPlan::random(20), {13, 0, 1, 30, true}, 2, &model);
  std::map<Channel, std::uint64_t> by_channel;
  for (const ReplicateResult& r : batch.replicates) {
    check_invariants(r, g, true);
    const std::uint32_t kNone = ~0u;
    std::vector<std::uint32_t> adopted(g.num_nodes(), kNone);
    for (const Referral& ref : r.referrals) {
      ++by_channel[ref.channel];
      if (ref.channel == Channel::kSeed || ref.channel == Channel::kAds) {
        EXPECT_EQ(ref.source, ref.target);
        EXPECT_EQ(ref.channel == Channel::kSeed, ref.step == 0);
      } else {
        ASSERT_NE(adopted[ref.source], kNone) << kChannelNames[static_cast<int>(ref.channel)];
        EXPECT_LT(adopted[ref.source], ref.step);
      }
      adopted[ref.target] = ref.step;
    }
    // The time series counts each step's adoptions by channel as the trace
    // does, and they add up to the step's new adopters.
    std::vector<std::array<std::uint64_t, 5>> traced(r.steps.size());
    for (const Referral& ref : r.referrals) ++traced[ref.step][static_cast<std::size_t>(ref.channel)];
    for (const StepRecord& s : r.steps) {
      EXPECT_EQ(s.channels.adoptions, traced[s.step]) << "step " << s.step;
      std::uint64_t sum = 0;
      for (std::uint64_t a : s.channels.adoptions) sum += a;
      EXPECT_EQ(sum, s.transitions.new_adopters) << "step " << s.step;
    }
  }
  for (Channel c :
       {Channel::kSeed, Channel::kReferral, Channel::kForum, Channel::kMicroblog, Channel::kAds})
    EXPECT_GT(by_channel[c], 0u) << kChannelNames[static_cast<int>(c)];
}

// run() returns one report per arm; each report's model must use that
// arm's configuration, and stay valid however the vector of reports grew
// (WordOfMouth keeps its own copy of the configuration).
TEST(WordOfMouthRun, EachReportsModelUsesItsOwnConfiguration) {
  RunConfig config;
  config.graph = "er:n=300,k=3";
  config.trust = "const:0.2";
  config.seeds = SeedingSpec::random(3);
  config.steps = 3;
  config.reps = 1;
  config.threads = 1;
  config.model.enabled = true;
  config.arms = {"a: ads.daily_budget=1", "b: ads.daily_budget=2", "c: ads.daily_budget=3",
                 "d: ads.daily_budget=4", "e: ads.daily_budget=5"};
  const std::vector<RunReport> reports = run(config);
  ASSERT_EQ(reports.size(), 5u);
  for (std::size_t i = 0; i < reports.size(); ++i) {
    ASSERT_NE(reports[i].scenario->model, nullptr);
    EXPECT_EQ(reports[i].scenario->model->config().ads.daily_budget, static_cast<double>(i + 1))
        << "arm " << reports[i].arm;
    EXPECT_EQ(reports[i].config.model.ads.daily_budget, static_cast<double>(i + 1));
  }
}

// --------------------------------------------------------- reproducibility

TEST(WordOfMouthReproducible, SameSeedSameResultsOnOneOrTwoThreads) {
  const Graph g = make("sbm:n=3000,communities=3,k_in=6,k_out=1", "const:0.15");
  const WordOfMouthConfig config = busy();
  const WordOfMouth model(g, config, 17);
  for (const char* spec : {"ic", "lt"}) {
    SCOPED_TRACE(spec);
    auto rule = make_rule(spec, g);
    const ReplicateRange range{17, 0, 2, 30, true};
    BatchResult one = run_replicates(g, *rule, SeedPlan::random(10), range, 1, &model);
    BatchResult two = run_replicates(g, *rule, SeedPlan::random(10), range, 2, &model);
    // Replicate 2 alone, on a fresh simulation.
    Simulation alone(g, *rule, &model);
    ReplicateResult r2 = alone.run({17, 2, 30, true}, SeedPlan::random(10));
    ASSERT_EQ(one.replicates.size(), two.replicates.size());
    for (std::size_t i = 0; i < one.replicates.size(); ++i)
      EXPECT_TRUE(same_result(one.replicates[i], two.replicates[i]));
    EXPECT_TRUE(same_result(one.replicates[2], r2));
    // Another master seed gives another run.
    BatchResult other =
        run_replicates(g, *rule, SeedPlan::random(10), {18, 0, 0, 30, true}, 1, &model);
    EXPECT_FALSE(same_result(one.replicates[0], other.replicates[0]));
  }
}

}  // namespace
}  // namespace koubei
