// koubei fit recovers parameters from targets made with known ones, gives
// the same fit on any number of threads, and keeps its promises on outputs.
//
// Recovery: the targets are the means over replicates 0..R-1 of a run with
// the true parameters, and every evaluation runs the same replicates with
// the same streams (common random numbers), so the loss is 0 at the truth.
// What keeps the fit from landing on it exactly is the search's stopping
// rule: the local polish stops when a step changes the loss by less than
// 10^-3 of it or moves less than 10^-3 of the search range, and the loss is
// piecewise constant (a parameter moves an adoption only when it crosses a
// draw). On these ranges 10^-3 of the cube is at most 0.5 % of p (log scale
// over 90x) and 0.2 % of q; the flat steps add about as much again. 5 %
// leaves room for a budget that ends the search early, and is still far
// below what a wrong model or a broken search gives (the starts are 3x and
// 4x away).

#include "koubei/fit/fit.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "koubei/batch/run.hpp"
#include "koubei/core/error.hpp"
#include "koubei/io/text_file.hpp"

namespace koubei {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("koubei_fit_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

/// Targets observed on `truth`: each target's mean over its replicates.
std::vector<Target> observe(const RunConfig& truth, std::string_view targets_text) {
  std::vector<Target> targets = parse_targets(targets_text, "targets", 1, 0);
  RunOptions options;
  options.timeseries = RunTimeseries::kAggregate;
  const auto reports = run(truth, options);
  for (Target& t : targets) {
    std::vector<double> values;
    for (const ReplicateRecord& r : reports.front().records) values.push_back(t.measure(r));
    t.observed = estimate(values).mean;
  }
  return targets;
}

RunConfig bass(double p, double q) {
  RunConfig c;
  c.graph = GraphSpec("er:n=100000,k=4");
  c.trust = TrustModel("const:0");
  c.rule = RuleSpec(fmt::format("bass:p={},q={},scope=global", p, q));
  c.seeds = SeedingSpec("1");
  c.steps = 30;
  c.reps = 4;
  c.threads = 2;
  return c;
}

constexpr std::string_view kBassTargets =
    "kind,column,window,observed\n"
    "timeseries,adopters,step=3,1\n"
    "timeseries,adopters,step=6,1\n"
    "timeseries,adopters,step=9,1\n"
    "timeseries,adopters,step=12,1\n";

/// The same on 5,000 users and 12 steps: cheap evaluations for the tests
/// that check the fit's mechanics rather than what it recovers.
RunConfig small_bass(double p, double q) {
  RunConfig c = bass(p, q);
  c.graph = GraphSpec("er:n=5000,k=4");
  c.steps = 12;
  return c;
}

std::vector<FreeParameter> bass_free() {
  return {FreeParameter::parse("rule.p=log:0.001:0.09"), FreeParameter::parse("rule.q=0.01:0.9")};
}

TEST(FitRecovery, BassGlobalPAndQ) {
  const std::vector<Target> targets = observe(bass(0.03, 0.38), kBassTargets);
  FitOptions options;
  options.budget = 100;
  options.progress = false;
  const fs::path dir = fresh_dir("bass");
  const FitResult result = fit(bass(0.01, 0.1), targets, bass_free(), options, dir);
  const FitEvaluation& best = result.evaluations.at(result.best);
  EXPECT_NEAR(best.values[0], 0.03, 0.05 * 0.03);
  EXPECT_NEAR(best.values[1], 0.38, 0.05 * 0.38);
  EXPECT_LT(best.loss, 1e-3);
  // The best scenario is the evaluation's: its targets come out the same.
  const std::vector<Target> again = observe(result.best_config, kBassTargets);
  for (std::size_t t = 0; t < targets.size(); ++t) EXPECT_EQ(again[t].observed, best.means[t]);
  // Validation on the next replicates: one estimate per target.
  ASSERT_EQ(result.validation.size(), targets.size());
  EXPECT_EQ(result.validation[0].n, 4u);
  // The profile's neighbourhood of the best holds the truth for q.
  EXPECT_GT(result.near_best, best.loss);
  write_fit_outputs(dir, targets, bass_free(), result);
  for (const char* file : {"evaluations.csv", "validation.csv", "profile.csv", "best.ini"})
    EXPECT_TRUE(fs::exists(dir / file)) << file;
  EXPECT_FALSE(fs::exists(dir / ".partial"));
  fs::remove_all(dir);
}

TEST(FitRecovery, WordOfMouthConversionAndForumPostRate) {
  auto scenario = [](double conversion, double post_rate) {
    RunConfig c;
    c.graph = GraphSpec("er:n=20000,k=6");
    c.trust = TrustModel("const:0.05");
    c.seeds = SeedingSpec("20");
    c.steps = 60;
    c.reps = 4;
    c.threads = 2;
    return c.with({{"model", "wom"},
                   {"adoption.conversion", fmt::format("{}", conversion)},
                   {"adoption.promotion", "0.05"},
                   {"adoption.churn", "0"},
                   {"forum.start", "day:0"},
                   {"forum.members", "0.05"},
                   {"forum.post_rate", fmt::format("{}", post_rate)},
                   {"forum.reach", "10"},
                   {"forum.trust", "0.2"}},
                  "test");
  };
  const std::vector<Target> targets = observe(scenario(0.1, 0.2),
                                              "kind,column,window,observed\n"
                                              "timeseries,adopters,step=20,1\n"
                                              "timeseries,adopters,step=40,1\n"
                                              "timeseries,adopters,step=60,1\n"
                                              "share,forum,steps=1:60,0.5\n");
  const std::vector<FreeParameter> free = {FreeParameter::parse("adoption.conversion=log:0.01:0.5"),
                                           FreeParameter::parse("forum.post_rate=log:0.02:1")};
  FitOptions options;
  options.budget = 100;
  options.progress = false;
  const fs::path dir = fresh_dir("wom");
  const FitResult result = fit(scenario(0.02, 0.05), targets, free, options, dir);
  const FitEvaluation& best = result.evaluations.at(result.best);
  EXPECT_NEAR(best.values[0], 0.1, 0.05 * 0.1);
  EXPECT_NEAR(best.values[1], 0.2, 0.05 * 0.2);
  fs::remove_all(dir);
}

TEST(Fit, TheSameOnOneAndTwoThreads) {
  const std::vector<Target> targets = observe(small_bass(0.03, 0.38), kBassTargets);
  FitOptions options;
  options.budget = 30;
  options.profile_points = 3;
  options.profile_bisections = 5;
  options.progress = false;
  std::vector<FitResult> results;
  for (int threads : {1, 2}) {
    RunConfig start = small_bass(0.01, 0.1);
    start.threads = threads;
    const fs::path dir = fresh_dir("threads" + std::to_string(threads));
    results.push_back(fit(start, targets, bass_free(), options, dir));
    fs::remove_all(dir);
  }
  ASSERT_EQ(results[0].evaluations.size(), results[1].evaluations.size());
  for (std::size_t e = 0; e < results[0].evaluations.size(); ++e) {
    EXPECT_EQ(results[0].evaluations[e].values, results[1].evaluations[e].values) << e;
    EXPECT_EQ(results[0].evaluations[e].loss, results[1].evaluations[e].loss) << e;
  }
  EXPECT_EQ(results[0].best, results[1].best);
}

TEST(Fit, AProfileThatStepsOntoABetterPointPolishesAndIsRedone) {
  const std::vector<Target> targets = observe(small_bass(0.03, 0.38), kBassTargets);
  FitOptions options;
  options.budget = 4;  // a search cut short, far from the truth
  options.method = "sbplx";
  options.profile_points = 9;
  options.profile_bisections = 5;
  options.progress = false;
  const fs::path dir = fresh_dir("reprofile");
  const FitResult result = fit(small_bass(0.01, 0.1), targets, bass_free(), options, dir);
  fs::remove_all(dir);
  const FitEvaluation& best = result.evaluations.at(result.best);
  std::size_t scans = 0, profiled = 0;
  for (const FitEvaluation& ev : result.evaluations) {
    scans += ev.stage == "scan";
    if (ev.stage != "profile") continue;
    ++profiled;
    // The last profile is centred on the best: the others at their best.
    for (std::size_t i = 0; i < best.values.size(); ++i)
      if (i != ev.stepped) {
        EXPECT_EQ(ev.values[i], best.values[i]);
      }
    EXPECT_GE(ev.loss, best.loss);
  }
  EXPECT_GT(scans, 0u) << "the first profile found nothing better: the test shows nothing";
  EXPECT_GT(profiled, 2 * (options.profile_points + 1));
  // near_best comes from the validation of the final best.
  EXPECT_GT(result.near_best, best.loss);
}

TEST(Fit, AJournalOfAnotherFitIsRefusedUnlessForced) {
  const std::vector<Target> targets = observe(small_bass(0.03, 0.38), kBassTargets);
  FitOptions options;
  options.budget = 4;
  options.profile_points = 0;
  options.progress = false;
  options.kill_after = 0;
  const fs::path dir = fresh_dir("refuse");
  // An unfinished fit: its journal stays while nothing is written.
  (void)fit(small_bass(0.01, 0.1), targets, bass_free(), options, dir);
  ASSERT_TRUE(fs::exists(dir / ".partial" / "journal"));
  FitOptions other = options;
  other.budget = 5;
  try {
    (void)fit(small_bass(0.01, 0.1), targets, bass_free(), other, dir);
    ADD_FAILURE() << "another definition was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("holds an unfinished fit with another definition"), std::string::npos)
        << e.what();
  }
  other.force = true;
  EXPECT_NO_THROW((void)fit(small_bass(0.01, 0.1), targets, bass_free(), other, dir));
  // The same definition again: every evaluation from the journal.
  const FitResult again = fit(small_bass(0.01, 0.1), targets, bass_free(), other, dir);
  EXPECT_EQ(again.resumed, again.evaluations.size());
  fs::remove_all(dir);
}

TEST(Fit, MethodsAreNamedOrRefused) {
  for (const char* ok : {"crs2+sbplx", "direct+neldermead", "isres", "bobyqa", "crs2+bobyqa"})
    EXPECT_NO_THROW(check_fit_method(ok)) << ok;
  for (const char* bad : {"", "crs", "sbplx+crs2", "crs2+direct", "crs2+", "+sbplx", "crs2+sbplx+x"})
    EXPECT_THROW(check_fit_method(bad), InputError) << bad;
}

}  // namespace
}  // namespace koubei
