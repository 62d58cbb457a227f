// koubei fit end to end: the four files, a best.ini that `koubei run`
// reproduces, resumption after SIGKILL (through the hidden
// --test-kill-after option) to the same files, and bad input refused with
// exit 2 naming file and line.

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cli_test_util.hpp"

namespace koubei_cli_test {
namespace {

// Bass on a small graph: an evaluation takes about a millisecond.
constexpr std::string_view kScenario =
    "graph = er:n=5000,k=4\n"
    "trust = const:0\n"
    "rule = bass:p=0.01,q=0.1,scope=global\n"
    "seeds = 1\n"
    "steps = 12\n"
    "reps = 4\n"
    "threads = 2\n";

class KoubeiFit : public CliTest {
 protected:
  void SetUp() override {
    write("scenario.ini", kScenario);
    // Observed: a run with p = 0.03, q = 0.38.
    RunResult truth = koubei({"run", "--config", "scenario.ini", "--rule", "bass:p=0.03,q=0.38,scope=global",
                              "--timeseries", "aggregate", "--out", "truth"});
    ASSERT_EQ(truth.exit_code, 0) << truth.describe();
    const CsvTable aggregate = read_csv(path("truth/aggregate.csv"));
    std::string targets = "kind,column,window,observed\n";
    for (std::size_t i = 0; i < aggregate.rows.size(); ++i) {
      const std::string& step = aggregate.at(i, "step");
      if (step == "3" || step == "6" || step == "9")
        targets += "timeseries,adopters,step=" + step + "," + aggregate.at(i, "adopters_mean") + "\n";
    }
    write("targets.csv", targets);
  }

  static std::vector<std::string> command(const std::string& out, const std::string& budget = "40") {
    return {"fit", "--config", "scenario.ini", "--targets", "targets.csv", "--free",
            "rule.p=log:0.001:0.09", "--free", "rule.q=0.01:0.9", "--budget", budget,
            "--profile-points", "3", "--profile-bisections", "5", "--out", out};
  }
};

TEST_F(KoubeiFit, WritesFourFilesAndBestIniReproducesTheBestEvaluation) {
  RunResult r = koubei(command("f"));
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(list_files(path("f")),
            (std::vector<std::string>{"best.ini", "command.txt", "evaluations.csv", "profile.csv", "validation.csv"}));
  // A run into the fit's directory is refused; with --force it replaces the fit's files.
  RunResult into_fit = koubei({"run", "--reps", "1", "--graph", "er:n=100,k=2", "--out", "f"});
  EXPECT_EQ(into_fit.exit_code, 2) << into_fit.describe();
  EXPECT_TRUE(contains(into_fit.err, "'f' holds the results of a koubei fit")) << into_fit.err;
  EXPECT_TRUE(contains(r.out, "rule.p = ")) << r.out;
  const CsvTable evaluations = read_csv(path("f/evaluations.csv"));
  ASSERT_FALSE(evaluations.rows.empty());
  std::size_t best = 0;
  for (std::size_t e = 1; e < evaluations.rows.size(); ++e)
    if (std::stod(evaluations.at(e, "loss")) < std::stod(evaluations.at(best, "loss"))) best = e;
  RunResult again = koubei({"run", "--config", "f/best.ini", "--timeseries", "aggregate"});
  ASSERT_EQ(again.exit_code, 0) << again.describe();
  const CsvTable aggregate = read_csv(path("f/best/aggregate.csv"));
  for (std::size_t i = 0; i < aggregate.rows.size(); ++i) {
    for (const char* step : {"3", "6", "9"}) {
      if (aggregate.at(i, "step") == step) {
        EXPECT_EQ(aggregate.at(i, "adopters_mean"), evaluations.at(best, std::string("adopters@") + step))
            << "step " << step;
      }
    }
  }
  const CsvTable validation = read_csv(path("f/validation.csv"));
  ASSERT_EQ(validation.rows.size(), 3u);
  for (std::size_t i = 0; i < validation.rows.size(); ++i) {
    const double lo = std::stod(validation.at(i, "lo")), hi = std::stod(validation.at(i, "hi")),
                 observed = std::stod(validation.at(i, "observed"));
    EXPECT_EQ(validation.at(i, "inside"), observed >= lo && observed <= hi ? "yes" : "no");
  }
}

TEST_F(KoubeiFit, KilledAndRunAgainEndsWithTheSameFiles) {
  RunResult whole = koubei(command("whole"));
  ASSERT_EQ(whole.exit_code, 0) << whole.describe();
  std::vector<std::string> killed = command("f");
  killed.insert(killed.end(), {"--test-kill-after", "12"});
  RunResult k = koubei(killed);
  ASSERT_EQ(k.term_signal, SIGKILL) << k.describe();
  EXPECT_EQ(list_files(path("f")), (std::vector<std::string>{".partial/fit.ini", ".partial/journal"}))
      << "a killed fit publishes nothing";
  RunResult resumed = koubei(command("f"));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.describe();
  EXPECT_TRUE(contains(resumed.err, "resuming, 12 evaluations journaled")) << resumed.err;
  for (const char* file : {"evaluations.csv", "validation.csv", "profile.csv"})
    EXPECT_TRUE(same_text(read(std::string("whole/") + file), read(std::string("f/") + file))) << file;
  // best.ini names its own directory's run; the rest is the same.
  std::string best = read("f/best.ini");
  best.replace(best.find("out = f/best"), 12, "out = whole/best");
  EXPECT_TRUE(same_text(read("whole/best.ini"), best));
  // Another definition in the same directory, unfinished: refused.
  std::vector<std::string> other = command("g", "30");
  other.insert(other.end(), {"--test-kill-after", "5"});
  ASSERT_EQ(koubei(other).term_signal, SIGKILL);
  RunResult refused = koubei(command("g"));
  EXPECT_EQ(refused.exit_code, 2) << refused.describe();
  EXPECT_TRUE(contains(refused.err, "holds an unfinished fit with another definition")) << refused.err;
}

TEST_F(KoubeiFit, BadInputExits2NamingWhatAndWhere) {
  struct Case {
    std::vector<std::string> change;  // replaces the option's value
    std::string targets;              // replaces targets.csv when not empty
    std::string message;
  };
  const std::vector<Case> cases = {
      {{}, "kind,column,window,observed\ntimeseries,adoptors,step=3,5\n",
       "targets.csv:2: unknown time-series column 'adoptors'"},
      {{}, "kind,column,window,observed\ntimeseries,adopters,step=13,5\n",
       "targets.csv:2: window 'step=13' is past the scenario's last step (12)"},
      {{"--free", "rule=0:1"}, "", "free parameter 'rule' is not numeric"},
      {{"--free", "rule.p=0.5:0.1"}, "", "free parameter 'rule.p=0.5:0.1': LO must be below HI"},
      {{"--free", "adoption.nothing=0:1"}, "", "free parameter 'adoption.nothing' is not a key of the scenario"},
      {{"--method", "crs2+direct"}, "", "fit method 'crs2+direct'"},
      {{"--budget", "1"}, "", "budget = 1 is outside [2, 1000000]"},
      {{"--targets", "missing.csv"}, "", "missing.csv"},
  };
  // Another command's output directory.
  ASSERT_EQ(koubei({"run", "--reps", "1", "--graph", "er:n=100,k=2", "--out", "run"}).exit_code, 0);
  RunResult into_run = koubei({"fit", "--config", "scenario.ini", "--targets", "targets.csv", "--free",
                               "rule.p=0.001:0.09", "--budget", "4", "--out", "run"});
  EXPECT_EQ(into_run.exit_code, 2) << into_run.describe();
  EXPECT_TRUE(contains(into_run.err, "holds another command's output (config.ini)")) << into_run.err;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.message);
    write("targets.csv", c.targets.empty() ? "kind,column,window,observed\ntimeseries,adopters,step=3,5\n" : c.targets);
    std::vector<std::string> args = {"fit", "--config", "scenario.ini", "--targets", "targets.csv",
                                     "--budget", "4", "--out", "bad"};
    bool free_given = false;
    for (std::size_t i = 0; i < c.change.size(); i += 2) {
      auto at = std::find(args.begin(), args.end(), c.change[i]);
      if (at != args.end()) {
        *(at + 1) = c.change[i + 1];
      } else {
        args.insert(args.end(), {c.change[i], c.change[i + 1]});
      }
      free_given = free_given || c.change[i] == "--free";
    }
    if (!free_given) args.insert(args.end(), {"--free", "rule.p=0.001:0.09"});
    RunResult r = koubei(args);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_TRUE(contains(r.err, c.message)) << r.err;
    EXPECT_FALSE(fs::exists(path("bad/best.ini")));
  }
}

// The README's Bass example: p and q of the synthetic series (made with
// 0.03 and 0.38, other replicates and 3 % noise) within 5 %.
TEST_F(KoubeiFit, TheBassExampleRecoversPAndQ) {
  RunResult r = koubei({"fit", "--config", (kSourceDir / "examples/bass_fit.ini").string(), "--targets",
                        (kSourceDir / "examples/bass_fit_targets.csv").string(), "--out", "bass"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const CsvTable evaluations = read_csv(path("bass/evaluations.csv"));
  std::size_t best = 0;
  for (std::size_t e = 1; e < evaluations.rows.size(); ++e)
    if (std::stod(evaluations.at(e, "loss")) < std::stod(evaluations.at(best, "loss"))) best = e;
  EXPECT_NEAR(std::stod(evaluations.at(best, "rule.p")), 0.03, 0.05 * 0.03);
  EXPECT_NEAR(std::stod(evaluations.at(best, "rule.q")), 0.38, 0.05 * 0.38);
}

}  // namespace
}  // namespace koubei_cli_test
