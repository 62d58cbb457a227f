// End-to-end tests of `koubei run` with the word-of-mouth model: an INI
// scenario with sections, the phase column, communities.csv, referrals.csv,
// config.ini read back, the --disable switches and bad keys.

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "cli_test_util.hpp"

namespace koubei_cli_test {
namespace {

// 2000 users in two communities; phases fast (day 2), good-looking (day 5),
// open (day 8); a forum from day 1.
const char* const kScenario =
    "# a small word-of-mouth scenario\n"
    "graph = sbm:n=2000,communities=2,k_in=6,k_out=1\n"
    "trust = const:0.2\n"
    "rule = ic\n"
    "seeds = 10\n"
    "steps = 20\n"
    "reps = 2\n"
    "rng-seed = 5\n"
    "model = wom\n"
    "\n"
    "[product]\n"
    "openness = 0\n"
    "\n"
    "[fast]\n"
    "start = day:2\n"
    "from = 0.5\n"
    "ramp_days = 3\n"
    "\n"
    "[good-looking]\n"
    "start = day:5\n"
    "from = 0.5\n"
    "ramp_days = 0\n"
    "\n"
    "[open]\n"
    "start = day:8\n"
    "ramp_days = 2\n"
    "\n"
    "[adoption]\n"
    "promotion = 0.3\n"
    "\n"
    "[forum]\n"
    "start = day:1\n"
    "members = 0.2\n"
    "reach = 5\n"
    "post_rate = 0.5\n"
    "trust = 0.2\n"
    "\n"
    "[microblog]\n"
    "start = day:3\n"
    "post_rate = 0.5\n";

std::string expected_phase(long long step) {
  if (step < 2) return "none";
  if (step < 5) return "fast";
  if (step < 8) return "good-looking";
  return "open";
}

class ModelCli : public CliTest {
 protected:
  void SetUp() override { write("s.ini", kScenario); }
  RunResult run_scenario(const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"run", "--config", "s.ini", "--threads", "2", "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    return koubei(args);
  }
};

TEST_F(ModelCli, WritesPhasesCommunitiesReferralsAndARepeatableConfig) {
  RunResult r = run_scenario({"--out", "o", "--trace"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(list_files(path("o")),
            (std::vector<std::string>{"command.txt", "communities.csv", "config.ini", "referrals.csv",
                                      "summary.csv", "timeseries.csv"}));

  // timeseries.csv: 21 rows per replicate, phases on their days in order.
  CsvTable ts = csv("o/timeseries.csv");
  ASSERT_EQ(ts.rows.size(), 42u);
  std::map<long long, std::vector<std::string>> order;            // replicate -> phases in order
  std::map<std::pair<long long, long long>, long long> adopters;  // (replicate, step)
  for (std::size_t i = 0; i < ts.rows.size(); ++i) {
    const long long rep = ts.num(i, "replicate"), step = ts.num(i, "step");
    EXPECT_EQ(ts.at(i, "phase"), expected_phase(step)) << "row " << i + 2;
    auto& phases = order[rep];
    if (phases.empty() || phases.back() != ts.at(i, "phase")) phases.push_back(ts.at(i, "phase"));
    EXPECT_EQ(
        ts.num(i, "unaware") + ts.num(i, "aware") + ts.num(i, "adopters") + ts.num(i, "churned"),
        2000);
    EXPECT_LE(ts.num(i, "promoters"), ts.num(i, "adopters"));
    EXPECT_EQ(ts.num(i, "exposures_forum") % 5, 0) << "reach 5 per post";
    EXPECT_EQ(ts.num(i, "exposures_ads"), 0);
    EXPECT_EQ(ts.real(i, "cost"), 0.0);
    if (step < 3) {
      EXPECT_EQ(ts.num(i, "exposures_microblog"), 0) << "row " << i + 2;
    }
    adopters[{rep, step}] = ts.num(i, "adopters");
  }
  for (const auto& [rep, phases] : order)
    EXPECT_EQ(phases, (std::vector<std::string>{"none", "fast", "good-looking", "open"}))
        << "replicate " << rep;

  // communities.csv: one row per replicate, step and community, adding up.
  CsvTable communities = csv("o/communities.csv");
  ASSERT_EQ(communities.rows.size(), 2u * 21 * 2);
  std::map<std::pair<long long, long long>, long long> sum;
  std::set<std::string> names;
  for (std::size_t i = 0; i < communities.rows.size(); ++i) {
    names.insert(communities.at(i, "community"));
    sum[{communities.num(i, "replicate"), communities.num(i, "step")}] +=
        communities.num(i, "adopters");
  }
  EXPECT_EQ(names, (std::set<std::string>{"c0", "c1"}));
  EXPECT_EQ(sum, adopters);

  // referrals.csv: each adopter once, the seeds first, channels by name.
  CsvTable summary = csv("o/summary.csv");
  CsvTable referrals = csv("o/referrals.csv");
  EXPECT_EQ(referrals.header,
            (std::vector<std::string>{"run", "replicate", "step", "source", "target", "channel"}));
  std::map<long long, long long> per_replicate;
  std::map<std::string, long long> channels;
  std::set<std::pair<long long, long long>> targets;
  for (std::size_t i = 0; i < referrals.rows.size(); ++i) {
    const long long rep = referrals.num(i, "replicate");
    ++per_replicate[rep];
    ++channels[referrals.at(i, "channel")];
    EXPECT_TRUE(targets.insert({rep, referrals.num(i, "target")}).second) << "row " << i + 2;
    EXPECT_LT(referrals.num(i, "source"), 2000);
    if (referrals.at(i, "channel") == "seed") {
      EXPECT_EQ(referrals.num(i, "step"), 0);
      EXPECT_EQ(referrals.at(i, "source"), referrals.at(i, "target"));
    }
  }
  ASSERT_EQ(summary.rows.size(), 2u);
  for (std::size_t i = 0; i < summary.rows.size(); ++i)
    EXPECT_EQ(per_replicate[summary.num(i, "replicate")], summary.num(i, "ever_adopted"));
  EXPECT_EQ(channels["seed"], 20);
  EXPECT_GT(channels["referral"], 0);
  EXPECT_GT(channels["forum"], 0);
  for (const auto& [channel, count] : channels)
    EXPECT_TRUE(channel == "seed" || channel == "referral" || channel == "forum" ||
                channel == "microblog")
        << channel;

  // config.ini read back repeats the run exactly.
  const std::string config = read("o/config.ini");
  EXPECT_TRUE(contains(config, "model = wom")) << config;
  EXPECT_TRUE(contains(config, "[forum]")) << config;
  RunResult again = koubei({"run", "--config", "o/config.ini", "--out", "p", "-q"});
  ASSERT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_TRUE(same_text(read("o/timeseries.csv"), read("p/timeseries.csv")));
  EXPECT_TRUE(same_text(read("o/communities.csv"), read("p/communities.csv")));
  EXPECT_TRUE(same_text(read("o/referrals.csv"), read("p/referrals.csv")));
  EXPECT_TRUE(same_text(csv_without_column(read("o/summary.csv"), "wall_ms"),
                        csv_without_column(read("p/summary.csv"), "wall_ms")));
  // Apart from `out`, the resolved configuration is the same.
  std::string config_again = read("p/config.ini");
  const auto out_line = config_again.find("out = p\n");
  ASSERT_NE(out_line, std::string::npos) << config_again;
  config_again.replace(out_line, 8, "out = o\n");
  EXPECT_TRUE(same_text(config, config_again));
}

TEST_F(ModelCli, DisableAcceleratorZeroesForumAndMicroblogExposures) {
  RunResult on = run_scenario({"--out", "on"});
  RunResult off = run_scenario({"--out", "off", "--disable", "accelerator"});
  ASSERT_EQ(on.exit_code, 0) << on.describe();
  ASSERT_EQ(off.exit_code, 0) << off.describe();
  CsvTable a = csv("on/timeseries.csv"), b = csv("off/timeseries.csv");
  long long forum_on = 0, blog_on = 0, forum_off = 0, blog_off = 0;
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    forum_on += a.num(i, "exposures_forum");
    blog_on += a.num(i, "exposures_microblog");
  }
  for (std::size_t i = 0; i < b.rows.size(); ++i) {
    forum_off += b.num(i, "exposures_forum");
    blog_off += b.num(i, "exposures_microblog");
    EXPECT_EQ(b.at(i, "phase"), expected_phase(b.num(i, "step"))) << "the engine still runs";
  }
  EXPECT_GT(forum_on, 0);
  EXPECT_GT(blog_on, 0);
  EXPECT_EQ(forum_off, 0);
  EXPECT_EQ(blog_off, 0);
  EXPECT_TRUE(contains(read("off/config.ini"), "disable = accelerator"));
}

// The command line wins over the file, for `disable` too: a config.ini
// from a run with the accelerator off, rerun with --disable engine, runs
// with the engine off and the accelerator on.
TEST_F(ModelCli, DisableOnTheCommandLineReplacesTheFilesDisable) {
  ASSERT_EQ(run_scenario({"--out", "first", "--disable", "accelerator"}).exit_code, 0);
  EXPECT_TRUE(contains(read("first/config.ini"), "disable = accelerator\n"));
  RunResult r = koubei(
      {"run", "--config", "first/config.ini", "--disable", "engine", "--out", "second", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const std::string config = read("second/config.ini");
  EXPECT_TRUE(contains(config, "disable = engine\n")) << config.substr(0, 400);
  CsvTable ts = csv("second/timeseries.csv");
  long long forum = 0;
  for (std::size_t i = 0; i < ts.rows.size(); ++i) {
    forum += ts.num(i, "exposures_forum");
    EXPECT_EQ(ts.at(i, "phase"), "none");
  }
  EXPECT_GT(forum, 0) << "the accelerator is on again";
}

TEST_F(ModelCli, DisableEngineKeepsPhaseNone) {
  RunResult r = run_scenario({"--out", "o", "--disable", "engine"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  CsvTable ts = csv("o/timeseries.csv");
  ASSERT_EQ(ts.rows.size(), 42u);
  for (std::size_t i = 0; i < ts.rows.size(); ++i) EXPECT_EQ(ts.at(i, "phase"), "none");
}

// Under sis users who left come back (referrals.csv lists some users again:
// more rows than ever_adopted); under sir they stay gone (each user once,
// churned never falls).
TEST_F(ModelCli, SisBringsChurnedUsersBackUnderTheModelAndSirDoesNot) {
  for (const std::string rule : {"sis:churn=0.3", "sir:churn=0.3"}) {
    SCOPED_TRACE(rule);
    const bool sis = rule.starts_with("sis");
    RunResult r = run_scenario({"--rule", rule, "--out", rule.substr(0, 3), "--trace"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    CsvTable ts = csv(rule.substr(0, 3) + "/timeseries.csv");
    for (std::size_t i = 1; i < ts.rows.size(); ++i) {
      EXPECT_EQ(
          ts.num(i, "unaware") + ts.num(i, "aware") + ts.num(i, "adopters") + ts.num(i, "churned"),
          2000);
      if (!sis && ts.num(i, "replicate") == ts.num(i - 1, "replicate")) {
        EXPECT_GE(ts.num(i, "churned"), ts.num(i - 1, "churned")) << "row " << i + 2;
      }
    }
    CsvTable referrals = csv(rule.substr(0, 3) + "/referrals.csv");
    CsvTable summary = csv(rule.substr(0, 3) + "/summary.csv");
    long long ever = 0;
    for (std::size_t i = 0; i < summary.rows.size(); ++i) ever += summary.num(i, "ever_adopted");
    std::set<std::pair<long long, long long>> targets;
    for (std::size_t i = 0; i < referrals.rows.size(); ++i)
      targets.insert({referrals.num(i, "replicate"), referrals.num(i, "target")});
    EXPECT_EQ(static_cast<long long>(targets.size()), ever);
    if (sis) {
      EXPECT_GT(static_cast<long long>(referrals.rows.size()), ever);
    } else {
      EXPECT_EQ(static_cast<long long>(referrals.rows.size()), ever);
    }
  }
}

TEST_F(ModelCli, UnknownKeyInAForumSectionNamesFileAndLine) {
  write("bad.ini",
        "model = wom\n"
        "steps = 5\n"
        "\n"
        "[forum]\n"
        "reach = 5\n"
        "colour = red\n");
  RunResult r = koubei({"run", "--config", "bad.ini", "--out", "o"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  const auto lines = message_lines(r.err);
  ASSERT_EQ(lines.size(), 1u) << r.err;
  EXPECT_TRUE(contains(lines[0], "bad.ini:6")) << lines[0];
  EXPECT_TRUE(contains(lines[0], "forum.colour")) << lines[0];
  EXPECT_FALSE(fs::exists(path("o")));
}

TEST_F(ModelCli, BadModelValuesExitTwoNamingTheKey) {
  struct Case {
    std::vector<std::string> args;
    std::string key;
  } cases[] = {
      {{"--model", "wom"}, "--steps"},
      {{"--model", "x"}, "model"},
      {{"--model", "wom", "--steps", "5", "--disable", "moon"}, "moon"},
      {{"--model", "wom", "--steps", "5", "--fast.start", "tomorrow"}, "fast.start"},
      {{"--model", "wom", "--steps", "5", "--forum.trust", "1.5"}, "forum.trust"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"run", "--graph", "er:n=100,k=2", "--out", "o"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    RunResult r = koubei(args);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    const auto lines = message_lines(r.err);
    ASSERT_EQ(lines.size(), 1u) << r.err;
    EXPECT_TRUE(contains(lines[0], c.key)) << lines[0];
  }
}

}  // namespace
}  // namespace koubei_cli_test
