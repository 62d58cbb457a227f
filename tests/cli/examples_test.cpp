// The examples of examples/ run at a reduced size (--scale) and tell their
// story in numbers: phases in order, foreign adoption after `open`, both
// arms of a comparison with their costs.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "cli_test_util.hpp"

namespace koubei_cli_test {
namespace {

class Examples : public CliTest {
 protected:
  RunResult run_example(const std::string& file, const std::string& scale) {
    return koubei({"run", "--config", (kSourceDir / "examples" / file).string(), "--scale", scale,
                   "--reps", "2", "--out", "o", "-q"});
  }
};

TEST_F(Examples, MiuiShowsThePhasesInOrderAndForeignAdoptionAfterOpen) {
  RunResult r = run_example("miui.ini", "0.02");
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  CsvTable ts = csv("o/timeseries.csv");
  std::vector<std::string> order;
  for (std::size_t i = 0; i < ts.rows.size(); ++i) {
    if (ts.at(i, "replicate") != "0") continue;
    const std::string& phase = ts.at(i, "phase");
    if (order.empty() || order.back() != phase) order.push_back(phase);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"fast", "good-looking", "open"}));

  CsvTable summary = csv("o/summary.csv");
  ASSERT_EQ(summary.rows.size(), 2u);
  for (std::size_t i = 0; i < summary.rows.size(); ++i) {
    // At scale 0.02 the 100 core users are 2: at least 1000 adopters per seed.
    EXPECT_GE(summary.num(i, "final_adopters"), 1000 * summary.num(i, "seeds"));
  }

  // Foreign adopters (communities other than the home c0) on the day `open`
  // starts and at the end.
  CsvTable communities = csv("o/communities.csv");
  std::map<long long, long long> foreign;  // step -> foreign adopters, replicate 0
  for (std::size_t i = 0; i < communities.rows.size(); ++i) {
    if (communities.at(i, "replicate") != "0" || communities.at(i, "community") == "c0") continue;
    foreign[communities.num(i, "step")] += communities.num(i, "adopters");
  }
  ASSERT_TRUE(foreign.count(240) && foreign.count(365));
  EXPECT_GT(foreign[365], 10 * foreign[240]) << "before open " << foreign[240];
}

TEST_F(Examples, AdsVersusWordOfMouthWritesBothArmsWithCosts) {
  RunResult r = run_example("ads_vs_wom.ini", "0.01");
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  CsvTable summary = csv("o/summary.csv");
  std::map<std::string, std::vector<std::size_t>> by_run;
  for (std::size_t i = 0; i < summary.rows.size(); ++i) by_run[summary.at(i, "run")].push_back(i);
  ASSERT_EQ(by_run.size(), 2u);
  for (std::size_t i : by_run["0"]) {
    EXPECT_EQ(summary.real(i, "total_cost"), 0.0);
    EXPECT_GT(summary.num(i, "final_adopters"), 0);
  }
  for (std::size_t i : by_run["1"]) {
    // 1% of 82,192 a day for 365 days, bought in whole impressions of 0.1.
    EXPECT_NEAR(summary.real(i, "total_cost"), 365 * 821.9, 1.0);
    EXPECT_NEAR(summary.real(i, "cost_per_retained"),
                summary.real(i, "total_cost") / summary.real(i, "final_adopters"), 1e-9);
  }
  CsvTable runs = csv("o/runs.csv");
  ASSERT_EQ(runs.rows.size(), 2u);
  EXPECT_EQ(runs.at(0, "arm"), "word_of_mouth");
  EXPECT_EQ(runs.at(1, "arm"), "ads");
}

TEST_F(Examples, GmailInvitesComparesInvitationsWithOpenSignUp) {
  RunResult r = run_example("gmail_invites.ini", "0.02");
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  CsvTable summary = csv("o/summary.csv");
  std::set<std::string> rules;
  for (std::size_t i = 0; i < summary.rows.size(); ++i) rules.insert(summary.at(i, "rule"));
  EXPECT_EQ(rules, (std::set<std::string>{"invite:k=3", "ic"}));
}

TEST_F(Examples, ScenarioFilesRun) {
  for (const char* file : {"scenarios/percolation.ini"}) {
    RunResult r =
        koubei({"run", "--config", (kSourceDir / "examples" / file).string(), "--out", "s", "-q"});
    EXPECT_EQ(r.exit_code, 0) << file << ": " << r.describe();
  }
}

}  // namespace
}  // namespace koubei_cli_test

namespace koubei_cli_test {
namespace {

// examples/miui_fit.ini is a valid fit (a short one here), and the values
// the README reports from the full fit tell MIUI's story at scale 0.02:
// about 10,000 (500,000 x 0.02) users on day 365, the forum 0.6 of the
// first 10,000 adoptions and the microblog 0.6 of the next 10,000, each
// within the targets' tolerances (1,000 and 0.1).
TEST_F(Examples, MiuiFitRunsAndItsFittedValuesTellTheStory) {
  const std::string targets = (kSourceDir / "examples/miui_fit_targets.csv").string();
  RunResult fit = koubei({"fit", "--config", (kSourceDir / "examples/miui_fit.ini").string(), "--targets",
                          targets, "--budget", "2", "--profile-points", "0", "--out", "f", "-q"});
  ASSERT_EQ(fit.exit_code, 0) << fit.describe();
  for (const char* file : {"best.ini", "evaluations.csv", "validation.csv", "profile.csv"})
    EXPECT_TRUE(fs::exists(path("f") / file)) << file;

  // The README's fitted values on the short fit's best.ini (the same scenario).
  write("fitted.ini",
        "include = f/best.ini\n"
        "trust = uniform:0.02:0.104794\n"
        "[forum]\nmembers = 0.280884\npost_rate = 0.330444\n"
        "[microblog]\npost_rate = 0.0150178\n");
  RunResult r = koubei({"run", "--config", path("fitted.ini").string(), "--out", "o", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const CsvTable ts = csv("o/timeseries.csv");
  // Per replicate: adopters on day 365, and each window's adoptions by
  // channel (a day across a window's bound counts in proportion).
  struct Story {
    double adopters_365 = 0, forum = 0, first = 0, microblog = 0, second = 0, cumulative = 0;
  };
  std::map<std::string, Story> stories;
  for (std::size_t i = 0; i < ts.rows.size(); ++i) {
    Story& s = stories[ts.at(i, "replicate")];
    const double fresh = ts.real(i, "new_adopters");
    if (ts.at(i, "step") == "365") s.adopters_365 = ts.real(i, "adopters");
    const double before = s.cumulative;
    s.cumulative += fresh;
    if (fresh == 0) continue;
    auto overlap = [&](double lo, double hi) {
      return std::max(0.0, std::min(s.cumulative, hi) - std::max(before, lo)) / fresh;
    };
    const double in_first = overlap(0, 10000), in_second = overlap(10000, 20000);
    s.first += fresh * in_first;
    s.forum += ts.real(i, "new_adopters_forum") * in_first;
    s.second += fresh * in_second;
    s.microblog += ts.real(i, "new_adopters_microblog") * in_second;
  }
  ASSERT_EQ(stories.size(), 4u);
  double adopters = 0, forum = 0, microblog = 0;
  for (const auto& [replicate, s] : stories) {
    ASSERT_GT(s.second, 0) << "replicate " << replicate << " never reached 20,000 adoptions";
    adopters += s.adopters_365 / 4;
    forum += s.forum / s.first / 4;
    microblog += s.microblog / s.second / 4;
  }
  EXPECT_NEAR(adopters, 10000, 1000);
  EXPECT_NEAR(forum, 0.6, 0.1);
  EXPECT_NEAR(microblog, 0.6, 0.1);
}

}  // namespace
}  // namespace koubei_cli_test
