// read_run_curves on hand-made files: means and intervals per step, a
// replicate that ended early at its final state (0 for a per-step flow),
// phases from the mean day they started, milestones over the replicates
// that reached them, and arms named from runs.csv.

#include "koubei/plot/run_curves.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "koubei/batch/statistics.hpp"
#include "koubei/core/error.hpp"

namespace koubei {
namespace {

namespace fs = std::filesystem;

class RunCurvesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("koubei_run_curves_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  fs::path dir_;
};

const std::vector<std::string> kCounts = {"adopters", "new_adopters"};

TEST_F(RunCurvesTest, TimeseriesGivesMeansPhasesAndMilestones) {
  // Replicate 1 ends after step 2: it stays at 6 adopters, 0 new.
  write("timeseries.csv",
        "run,replicate,step,phase,adopters,new_adopters\n"
        "0,0,0,none,2,2\n0,0,1,fast,4,2\n0,0,2,fast,7,3\n0,0,3,open,10,3\n"
        "0,1,0,none,2,2\n0,1,1,none,3,1\n0,1,2,fast,6,3\n");
  write("summary.csv", "run,replicate,t_10pct,t_50pct\n0,0,0,2\n0,1,,1\n");
  const std::vector<RunCurves> runs = read_run_curves(dir_, kCounts);
  ASSERT_EQ(runs.size(), 1u);
  const RunCurves& run = runs[0];
  EXPECT_EQ(run.replicates, 2u);
  EXPECT_EQ(run.steps, (std::vector<double>{0, 1, 2, 3}));
  const Curve& adopters = run.curves[0];
  EXPECT_EQ(adopters.mean, (std::vector<double>{2, 3.5, 6.5, 8}));
  const Estimate last = estimate(std::vector<double>{10, 6});
  EXPECT_EQ(adopters.lo[3], last.lo);
  EXPECT_EQ(adopters.hi[3], last.hi);
  EXPECT_EQ(adopters.replicates, (std::vector<std::vector<double>>{{2, 4, 7, 10}, {2, 3, 6, 6}}));
  EXPECT_EQ(run.curves[1].replicates[1], (std::vector<double>{2, 1, 3, 0}));
  // fast: steps 1 and 2, mean 1.5; open: step 3 in replicate 0 only.
  ASSERT_EQ(run.phases.size(), 2u);
  EXPECT_EQ(run.phases[0].name, "fast");
  EXPECT_EQ(run.phases[0].start, 1.5);
  EXPECT_EQ(run.phases[0].end, 3);
  EXPECT_EQ(run.phases[1].name, "open");
  EXPECT_EQ(run.phases[1].start, 3);
  EXPECT_EQ(run.phases[1].end, 3);
  ASSERT_EQ(run.milestones.size(), 2u);
  EXPECT_EQ(run.milestones[0].step, 0);
  EXPECT_EQ(run.milestones[0].reached, 1u);  // replicate 1 never reached it
  EXPECT_EQ(run.milestones[1].step, 1.5);
}

TEST_F(RunCurvesTest, AggregateGivesEachRunWithItsArmsName) {
  write("aggregate.csv",
        "run,step,adopters_mean,adopters_sd,adopters_lo,adopters_hi,new_adopters_mean,new_adopters_sd,"
        "new_adopters_lo,new_adopters_hi\n"
        "0,0,5,0,5,5,5,0,5,5\n0,1,8,1,7,9,3,1,2,4\n1,0,4,0,4,4,4,0,4,4\n");
  write("runs.csv", "run,arm,settings\n0,low,trust=const:0.1\n1,high,trust=const:0.3\n");
  const std::vector<RunCurves> runs = read_run_curves(dir_, kCounts);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].label, "low");
  EXPECT_EQ(runs[1].label, "high");
  EXPECT_EQ(runs[0].curves[0].lo, (std::vector<double>{5, 7}));
  EXPECT_EQ(runs[1].steps, (std::vector<double>{0}));
  EXPECT_TRUE(runs[0].phases.empty());
}

TEST_F(RunCurvesTest, ADamagedOrMissingFileIsAnInputError) {
  EXPECT_THROW((void)read_run_curves(dir_, kCounts), InputError);  // nothing there
  write("timeseries.csv", "run,replicate,step,phase,adopters,new_adopters\n0,0,1,none,2,2\n0,0,0,none,2,2\n");
  try {
    (void)read_run_curves(dir_, kCounts);
    ADD_FAILURE() << "steps out of order were accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("timeseries.csv:3: step 0 after step 1"), std::string::npos) << e.what();
  }
  write("timeseries.csv", "run,replicate,step,phase,adopters\n0,0,0,none,2\n");
  try {
    (void)read_run_curves(dir_, kCounts);
    ADD_FAILURE() << "a missing column was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no column 'new_adopters'"), std::string::npos) << e.what();
  }
  write("timeseries.csv", "run,replicate,step,phase,adopters,new_adopters\n0,-1,0,none,2,2\n");
  EXPECT_THROW((void)read_run_curves(dir_, kCounts), InputError);
}

}  // namespace
}  // namespace koubei

namespace koubei {
namespace {

// A community's counts are states whatever it is called: a replicate that
// ended counts at its final state, also for a community named like a
// per-step column ("new_york", "cost").
TEST_F(RunCurvesTest, CommunitiesAreStatesWhateverTheirNames) {
  write("communities.csv",
        "run,replicate,step,community,adopters,churned\n"
        "0,0,0,new_york,1,0\n0,0,0,boston,1,0\n0,0,1,new_york,5,0\n0,0,1,boston,5,0\n"
        "0,0,2,new_york,8,0\n0,0,2,boston,8,0\n"
        "0,1,0,new_york,1,0\n0,1,0,boston,1,0\n0,1,1,new_york,5,0\n0,1,1,boston,5,0\n");
  const RunCurves run = read_community_curves(dir_, "adopters");
  ASSERT_EQ(run.curves.size(), 2u);
  EXPECT_EQ(run.curves[0].name, "new_york");
  EXPECT_EQ(run.curves[1].name, "boston");
  ASSERT_EQ(run.steps, (std::vector<double>{0, 1, 2}));
  for (const Curve& c : run.curves) EXPECT_EQ(c.mean[2], 6.5) << c.name << ": (8 + 5) / 2";
}

}  // namespace
}  // namespace koubei
