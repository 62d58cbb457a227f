// koubei plot --what channels|communities|sweep|compare|fit: each plots the
// values of the file it reads (checked here against the file, or against
// statistics the test computes itself), names every series in its script,
// and renders a PNG holding pixels of every series' colour.

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "cli_test_util.hpp"
#include "plot_test_util.hpp"
#include "png_image.hpp"

namespace koubei_cli_test {
namespace {

// A word-of-mouth run on four communities with a forum, a microblog and
// ads: every channel reaches someone.
const std::vector<std::string> kModelRun = {
    "run",           "--graph",           "sbm:n=4000,communities=4,k_in=6,k_out=0.3", "--trust",
    "const:0.12",    "--model",           "wom",                                      "--seeds",
    "5",             "--steps",           "60",                                       "--reps",
    "3",             "--fast.start",      "day:0",                                    "--open.start",
    "day:30",        "--forum.start",     "day:0",                                    "--forum.members",
    "0.05",          "--microblog.start", "day:10",                                   "--ads.daily_budget",
    "20",            "--ads.cost_per_impression", "0.1",                              "--ads.days",
    "40",            "-q"};

void expect_pixels_of_every_series(const std::string& png, const std::map<std::string, std::string>& series) {
  const PngImage image = decode_png(png);
  for (const auto& [title, colour] : series)
    EXPECT_GT(image.count(colour), 40u) << title << " (" << colour << ") has no pixels in the PNG";
}

/// Mean and the 95% interval (Student t) of `values`, computed here.
struct Interval {
  double mean, lo, hi;
};
Interval interval_of(const std::vector<double>& values) {
  const double n = static_cast<double>(values.size());
  double sum = 0;
  for (double v : values) sum += v;
  const double mean = sum / n;
  if (values.size() < 2) return {mean, mean, mean};
  double ss = 0;
  for (double v : values) ss += (v - mean) * (v - mean);
  // t quantiles 0.975 for 1..9 degrees of freedom.
  const double t[] = {12.706204736174704, 4.302652729749464, 3.182446305284263,
                      2.7764451051977987, 2.570581835636314,  2.4469118511449692,
                      2.3646242515927844, 2.306004135204166,  2.262157162798205};
  const double half = t[values.size() - 2] * std::sqrt(ss / (n - 1) / n);
  return {mean, mean - half, mean + half};
}

class PlotKinds : public BadInputTest {};

TEST_F(PlotKinds, ChannelsPlotAggregateCsvsExposuresAdoptionsAndCost) {
  ASSERT_EQ(koubei(with(kModelRun, {"--timeseries", "aggregate", "--out", "a"})).exit_code, 0);
  RunResult r = koubei({"plot", "a", "--what", "channels", "--out", "a/channels.png"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const CsvTable aggregate = csv("a/aggregate.csv");
  const auto block = data_block(read("a/channels.dat"), 0);
  ASSERT_EQ(block.size(), aggregate.rows.size());
  const std::vector<std::string> columns = {
      "exposures_referral",    "exposures_forum",       "exposures_microblog",    "exposures_ads",
      "new_adopters_referral", "new_adopters_forum",    "new_adopters_microblog", "new_adopters_ads",
      "cost"};
  for (std::size_t i = 0; i < block.size(); ++i) {
    ASSERT_EQ(block[i].size(), 1 + 3 * columns.size());
    for (std::size_t c = 0; c < columns.size(); ++c) {
      EXPECT_EQ(block[i][1 + 3 * c], aggregate.real(i, columns[c] + "_mean")) << columns[c] << " row " << i;
      EXPECT_EQ(block[i][3 + 3 * c], aggregate.real(i, columns[c] + "_hi")) << columns[c] << " row " << i;
    }
  }
  const std::string script = read("a/channels.gp");
  const auto series = titled_series(script);
  for (const char* channel : {"referral", "forum", "microblog", "ads"}) {
    EXPECT_TRUE(series.count(std::string(channel) + " exposures")) << channel << "\n" << script;
    EXPECT_TRUE(series.count(std::string("adopted by ") + channel)) << channel << "\n" << script;
  }
  EXPECT_TRUE(series.count("cost")) << script;
  EXPECT_TRUE(contains(script, "axes x1y2")) << "cost on the second axis";
  // Series of one colour (exposures and adoptions of a channel) share it.
  expect_pixels_of_every_series(read("a/channels.png"), series);
}

// With arms, --run chooses the arm whose channels are drawn: here the one
// that bought ads, with their cost on the second axis.
TEST_F(PlotKinds, ChannelsOfEachArm) {
  ASSERT_EQ(koubei(with(kModelRun, {"--arm", "free: ads.daily_budget=0", "--arm", "paid: ads.daily_budget=20",
                                    "--timeseries", "aggregate", "--out", "a"}))
                .exit_code,
            0);
  ASSERT_EQ(koubei({"plot", "a", "--what", "channels", "--run", "1", "--out", "a/paid.svg"}).exit_code, 0);
  const std::string paid = read("a/paid.gp");
  EXPECT_TRUE(contains(paid, "(paid)")) << paid;
  EXPECT_TRUE(titled_series(paid).count("cost")) << paid;
  ASSERT_EQ(koubei({"plot", "a", "--what", "channels", "--out", "a/free.svg"}).exit_code, 0);
  const std::string free = read("a/free.gp");
  EXPECT_TRUE(contains(free, "(free)")) << free;
  EXPECT_FALSE(titled_series(free).count("cost")) << free;
  EXPECT_TRUE(contains(free, "none by ads")) << free;
  expect_rejected({"plot", "a", "--what", "channels", "--run", "2"}, {"--run 2", "holds 2 runs (0 to 1)"});
}

TEST_F(PlotKinds, ChannelsNameTheChannelsThatReachedNobody) {
  ASSERT_EQ(koubei({"run", "--graph", "er:n=2000,k=4", "--trust", "const:0.3", "--reps", "2", "--out", "ic", "-q"})
                .exit_code,
            0);
  ASSERT_EQ(koubei({"plot", "ic", "--what", "channels"}).exit_code, 0);
  const std::string script = read("ic/channels.gp");
  EXPECT_TRUE(contains(script, "none by forum, microblog, ads")) << script;
  EXPECT_TRUE(titled_series(script).count("referral exposures"));
  EXPECT_FALSE(titled_series(script).count("ads exposures"));
}

TEST_F(PlotKinds, CommunitiesPlotTheMeanAdoptersOfEachCommunity) {
  ASSERT_EQ(koubei(with(kModelRun, {"--out", "m"})).exit_code, 0);
  RunResult r = koubei({"plot", "m", "--what", "communities", "--out", "m/communities.png"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  // The test's own statistics of communities.csv: per step and community,
  // over the replicates (each runs every step of the model).
  const CsvTable communities = csv("m/communities.csv");
  std::map<std::pair<long long, std::string>, std::vector<double>> values;
  for (std::size_t i = 0; i < communities.rows.size(); ++i)
    values[{communities.num(i, "step"), communities.at(i, "community")}].push_back(communities.real(i, "adopters"));
  const auto block = data_block(read("m/communities.dat"), 0);
  ASSERT_EQ(block.size(), 61u);
  const std::vector<std::string> names = {"c0", "c1", "c2", "c3"};
  for (std::size_t step = 0; step < block.size(); ++step) {
    ASSERT_EQ(block[step].size(), 1 + 3 * names.size());
    EXPECT_EQ(block[step][0], static_cast<double>(step));
    for (std::size_t c = 0; c < names.size(); ++c) {
      const auto& v = values.at({static_cast<long long>(step), names[c]});
      ASSERT_EQ(v.size(), 3u);
      const Interval e = interval_of(v);
      EXPECT_NEAR(block[step][1 + 3 * c], e.mean, 1e-9 * (1 + e.mean)) << names[c] << " step " << step;
      EXPECT_NEAR(block[step][2 + 3 * c], e.lo, 1e-6 * (1 + std::abs(e.lo))) << names[c] << " step " << step;
      EXPECT_NEAR(block[step][3 + 3 * c], e.hi, 1e-6 * (1 + e.hi)) << names[c] << " step " << step;
    }
  }
  const auto series = titled_series(read("m/communities.gp"));
  for (const std::string& name : names) EXPECT_TRUE(series.count(name)) << name;
  EXPECT_TRUE(contains(read("m/communities.gp"), "'open'")) << "the phases, from timeseries.csv";
  expect_pixels_of_every_series(read("m/communities.png"), series);

  // A graph without communities has no communities.csv: a clear refusal.
  ASSERT_EQ(koubei({"run", "--graph", "er:n=500,k=3", "--reps", "2", "--out", "er", "-q"}).exit_code, 0);
  expect_rejected({"plot", "er", "--what", "communities"}, {"'er' holds no communities.csv"});
}

TEST_F(PlotKinds, SweepPlotsEachPointsFinalAdoptersAtItsNumberOneLinePerSecondKey) {
  RunResult s = koubei({"sweep", "--graph", "er:n=3000,k=4", "--vary", "trust=const:0.1;const:0.3;const:0.5",
                        "--vary", "seeds=5;20", "--reps", "4", "--out", "s", "-q"});
  ASSERT_EQ(s.exit_code, 0) << s.describe();
  RunResult r = koubei({"plot", "s", "--what", "sweep", "--out", "s/sweep.png"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const CsvTable points = csv("s/points.csv");
  const CsvTable summary = csv("s/summary.csv");
  std::map<long long, std::vector<double>> finals;
  for (std::size_t i = 0; i < summary.rows.size(); ++i)
    finals[summary.num(i, "run")].push_back(summary.real(i, "final_adopters"));
  // Block 0: seeds = 5 (points 0, 2, 4); block 1: seeds = 20 (1, 3, 5).
  const std::string data = read("s/sweep.dat");
  for (std::size_t line = 0; line < 2; ++line) {
    const auto block = data_block(data, line);
    ASSERT_EQ(block.size(), 3u) << data;
    for (std::size_t k = 0; k < 3; ++k) {
      const long long point = static_cast<long long>(2 * k + line);
      EXPECT_EQ(block[k][0], (std::vector<double>{0.1, 0.3, 0.5}[k])) << "x is the number in const:X";
      const Interval e = interval_of(finals.at(point));
      EXPECT_NEAR(block[k][1], e.mean, 1e-9 * (1 + e.mean)) << "point " << point;
      EXPECT_NEAR(block[k][2], e.lo, 1e-6 * (1 + std::abs(e.lo))) << "point " << point;
      EXPECT_NEAR(block[k][3], e.hi, 1e-6 * (1 + e.hi)) << "point " << point;
      EXPECT_EQ(block[k][4], 4) << "replicates";
      EXPECT_EQ(block[k][5], static_cast<double>(point));
    }
  }
  EXPECT_EQ(points.rows.size(), 6u);
  const std::string script = read("s/sweep.gp");
  EXPECT_TRUE(contains(script, "'trust (const:X)'")) << script;
  const auto series = titled_series(script);
  EXPECT_TRUE(series.count("seeds = 5")) << script;
  EXPECT_TRUE(series.count("seeds = 20")) << script;
  EXPECT_TRUE(contains(script, "share of the 3,000 users")) << script;
  expect_pixels_of_every_series(read("s/sweep.png"), series);
}

// The README's trust sweep: below trust 1/4 (mean degree 4) cascades stay
// small, above it they take a large share of the graph, and the plot's data
// show the jump at the trusts where it happens.
TEST_F(PlotKinds, TheReadmesTrustSweepShowsThePercolationThreshold) {
  RunResult s = koubei({"sweep", "--graph", "er:n=20000,k=4", "--rule", "ic", "--seeds", "20", "--reps", "10",
                        "--out", "s", "--vary",
                        "trust=const:0.1;const:0.15;const:0.2;const:0.25;const:0.3;const:0.35;const:0.4;const:0.5",
                        "--plot", "-q"});
  ASSERT_EQ(s.exit_code, 0) << s.describe();
  EXPECT_TRUE(fs::exists(path("s/sweep.svg")));
  const auto block = data_block(read("s/sweep.dat"), 0);
  ASSERT_EQ(block.size(), 8u);
  for (const auto& row : block) {
    if (row[0] <= 0.2) EXPECT_LT(row[1], 0.01 * 20000) << "trust " << row[0] << ": below the threshold";
    if (row[0] >= 0.3) EXPECT_GT(row[1], 0.2 * 20000) << "trust " << row[0] << ": above the threshold";
  }
  // At 0.5 the giant component, S = 1 - exp(-2 S): 79.7% (within 2 points).
  EXPECT_NEAR(block.back()[1] / 20000, 0.797, 0.02);
}

TEST_F(PlotKinds, ASweepOfValuesWithoutOneNumberIsCategorical) {
  RunResult s = koubei({"sweep", "--graph", "er:n=2000,k=4", "--trust", "const:0.3", "--vary", "rule=ic;lt",
                        "--reps", "3", "--out", "s", "-q"});
  ASSERT_EQ(s.exit_code, 0) << s.describe();
  ASSERT_EQ(koubei({"plot", "s", "--what", "sweep"}).exit_code, 0);
  const std::string script = read("s/sweep.gp");
  EXPECT_TRUE(contains(script, "set xtics ('ic' 0, 'lt' 1)")) << script;
  const auto block = data_block(read("s/sweep.dat"), 0);
  ASSERT_EQ(block.size(), 2u);
  EXPECT_EQ(block[0][0], 0);
  EXPECT_EQ(block[1][0], 1);
}

TEST_F(PlotKinds, ComparePlotsEachRowsAdoptersFromAggregateCsv) {
  RunResult c = koubei({"compare", "--graph", "ba:n=3000,m=3", "--trust", "wc", "--rules", "ic;lt", "--seeds",
                        "20", "--reps", "5", "--out", "c", "-q"});
  ASSERT_EQ(c.exit_code, 0) << c.describe();
  RunResult r = koubei({"plot", "c", "--what", "compare", "--out", "c/compare.png"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const CsvTable aggregate = csv("c/aggregate.csv");
  const std::string data = read("c/compare.dat");
  std::size_t checked = 0;
  for (std::size_t row = 0; row < 2; ++row) {
    const auto block = data_block(data, row);
    std::size_t k = 0;
    for (std::size_t i = 0; i < aggregate.rows.size(); ++i) {
      if (aggregate.num(i, "row") != static_cast<long long>(row)) continue;
      ASSERT_LT(k, block.size());
      EXPECT_EQ(block[k][0], aggregate.real(i, "step"));
      EXPECT_EQ(block[k][1], aggregate.real(i, "adopters_mean"));
      EXPECT_EQ(block[k][2], aggregate.real(i, "adopters_lo"));
      EXPECT_EQ(block[k][3], aggregate.real(i, "adopters_hi"));
      ++k;
      ++checked;
    }
    EXPECT_EQ(k, block.size());
  }
  EXPECT_EQ(checked, aggregate.rows.size());
  const auto series = titled_series(read("c/compare.gp"));
  EXPECT_TRUE(series.count("ic"));
  EXPECT_TRUE(series.count("lt"));
  expect_pixels_of_every_series(read("c/compare.png"), series);
}

TEST_F(PlotKinds, AFitsPlotIsItsValidationCsv) {
  write("targets.csv", "kind,column,window,observed\ntimeseries,adopters,step=2,300\n"
                       "timeseries,adopters,step=4,900\ntimeseries,adopters,step=6,1800\n");
  RunResult fit = koubei({"fit", "--graph", "er:n=3000,k=4", "--trust", "const:0", "--rule",
                          "bass:p=0.01,q=0.1,scope=global", "--seeds", "1", "--steps", "6", "--reps", "3",
                          "--targets", "targets.csv", "--free", "rule.q=0.05:0.9", "--budget", "8",
                          "--profile-points", "0", "--out", "f", "-q"});
  ASSERT_EQ(fit.exit_code, 0) << fit.describe();
  RunResult r = koubei({"plot", "f", "--what", "fit", "--out", "f/fit.png"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const CsvTable validation = csv("f/validation.csv");
  const auto block = data_block(read("f/fit.dat"), 0);
  ASSERT_EQ(block.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(block[i][0], 2.0 * static_cast<double>(i + 1)) << "the target's step";
    EXPECT_EQ(block[i][1], validation.real(i, "observed"));
    EXPECT_EQ(block[i][2], validation.real(i, "mean"));
    EXPECT_EQ(block[i][3], validation.real(i, "lo"));
    EXPECT_EQ(block[i][4], validation.real(i, "hi"));
  }
  expect_pixels_of_every_series(read("f/fit.png"), titled_series(read("f/fit.gp")));
}

TEST_F(PlotKinds, FitPlotsTheObservedTargetsAgainstTheModelsInterval) {
  // validation.csv as koubei fit writes it: one column at several steps
  // draws as a curve over the steps.
  fs::create_directory(path("f"));
  write("f/validation.csv",
        "target,observed,mean,lo,hi,inside\n"
        "new_adopters@1,2920,2900.5,2800,3001,yes\n"
        "new_adopters@2,3991,4100,4000,4200,no\n"
        "new_adopters@3,5364,5300,5200,5400,yes\n");
  RunResult r = koubei({"plot", "f", "--what", "fit", "--out", "f/fit.png"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const auto block = data_block(read("f/fit.dat"), 0);
  ASSERT_EQ(block, (std::vector<std::vector<double>>{{1, 2920, 2900.5, 2800, 3001},
                                                      {2, 3991, 4100, 4000, 4200},
                                                      {3, 5364, 5300, 5200, 5400}}));
  auto series = titled_series(read("f/fit.gp"));
  EXPECT_TRUE(series.count("observed"));
  EXPECT_TRUE(series.count("model, mean"));
  EXPECT_TRUE(contains(read("f/fit.gp"), "'new_adopters'")) << "the column names the axis";
  expect_pixels_of_every_series(read("f/fit.png"), series);

  // Targets of different kinds: one panel each, on its own scale.
  write("f/validation.csv",
        "target,observed,mean,lo,hi,inside\n"
        "adopters@365,10000,10011.5,9500,10500,yes\n"
        "share_forum@adopters=0:10000,0.6,0.59,0.55,0.63,yes\n");
  ASSERT_EQ(koubei({"plot", "f", "--what", "fit", "--out", "f/panels.png"}).exit_code, 0);
  const std::string data = read("f/panels.dat");
  EXPECT_EQ(data_block(data, 0), (std::vector<std::vector<double>>{{0, 10000, 10000, 10000}, {1, 10011.5, 9500, 10500}}));
  EXPECT_EQ(data_block(data, 1), (std::vector<std::vector<double>>{{0, 0.6, 0.6, 0.6}, {1, 0.59, 0.55, 0.63}}));
  const std::string script = read("f/panels.gp");
  EXPECT_TRUE(contains(script, "set multiplot layout 1,2")) << script;
  EXPECT_TRUE(contains(script, "'share_forum@adopters=0:10000'")) << script;
  const PngImage image = decode_png(read("f/panels.png"));
  EXPECT_GT(image.count("#b2182b"), 40u) << "observed";
  EXPECT_GT(image.count("#08306b"), 40u) << "model";
}

// A line whose points all failed is left out, and the others keep their
// own data (an empty block would shift them onto the next line's).
TEST_F(PlotKinds, ASweepLineWithoutAFinishedPointIsLeftOut) {
  fs::create_directory(path("s"));
  write("s/points.csv", "point,trust,seeds\n0,const:0.1,5\n1,const:0.1,20\n2,const:0.3,5\n3,const:0.3,20\n");
  write("s/summary.csv", "run,replicate,nodes,final_adopters\n1,0,100,31\n3,0,100,62\n");
  ASSERT_EQ(koubei({"plot", "s", "--what", "sweep"}).exit_code, 0);
  EXPECT_EQ(data_block(read("s/sweep.dat"), 0),
            (std::vector<std::vector<double>>{{0.1, 31, 31, 31, 1, 1}, {0.3, 62, 62, 62, 1, 3}}));
  EXPECT_TRUE(data_block(read("s/sweep.dat"), 1).empty());
  const std::string script = read("s/sweep.gp");
  EXPECT_TRUE(contains(script, "index 0 using 1:2:3:4")) << script;
  EXPECT_FALSE(contains(script, "index 1 ")) << script;
  EXPECT_EQ(titled_series(script).size(), 1u) << script;
}

// Values with one number each but of different forms (two seeding methods
// at the same k) are categories, not one zig-zag line at x = k.
TEST_F(PlotKinds, SpecsOfDifferentFormsAreCategories) {
  fs::create_directory(path("s"));
  write("s/points.csv", "point,seeds\n0,random:k=50\n1,degree:k=50\n2,random:k=100\n3,degree:k=100\n");
  write("s/summary.csv", "run,replicate,nodes,final_adopters\n0,0,100,1\n1,0,100,2\n2,0,100,3\n3,0,100,4\n");
  ASSERT_EQ(koubei({"plot", "s", "--what", "sweep"}).exit_code, 0);
  EXPECT_TRUE(contains(read("s/sweep.gp"), "set xtics ('random:k=50' 0, 'degree:k=50' 1, 'random:k=100' 2, "
                                           "'degree:k=100' 3)"))
      << read("s/sweep.gp");
  // One form, however the numbers are written: numeric, labelled by it.
  write("s/points.csv", "point,trust\n0,const:0.10\n1,const:0.2\n2,const:0.30\n3,const:4e-1\n");
  ASSERT_EQ(koubei({"plot", "s", "--what", "sweep"}).exit_code, 0);
  EXPECT_TRUE(contains(read("s/sweep.gp"), "set xlabel 'trust (const:X)'")) << read("s/sweep.gp");
  EXPECT_EQ(data_block(read("s/sweep.dat"), 0).back()[0], 0.4);
}

// Means that overflow a double, or x values that span more than one holds:
// one clear error, not a crash or a gnuplot failure; the report names the
// figure it could not draw.
TEST_F(PlotKinds, ValuesBeyondADoubleAreRefused) {
  fs::create_directory(path("s"));
  write("s/points.csv", "point,trust\n0,const:0.1\n1,const:0.2\n");
  write("s/summary.csv", "run,replicate,nodes,final_adopters\n0,0,100,1e308\n0,1,100,1.5e308\n1,0,100,1\n");
  expect_rejected({"plot", "s", "--what", "sweep"}, {"too large to plot"});
  RunResult report = koubei({"report", "s"});
  EXPECT_EQ(report.exit_code, 0) << report.describe();
  EXPECT_TRUE(contains(read("s/report.html"), "is not drawn: a value too large to plot"));
  fs::remove(path("s/report.html"));
  write("s/points.csv", "point,x\n0,1.7e308\n1,-1.7e308\n");
  write("s/summary.csv", "run,replicate,nodes,final_adopters\n0,0,100,1\n1,0,100,2\n");
  expect_rejected({"plot", "s", "--what", "sweep"}, {"span more than a double holds"});
  write("s/summary.csv", "run,replicate,nodes,final_adopters\n0,0,100,1e-320\n1,0,100,2e-320\n");
  write("s/points.csv", "point,x\n0,1\n1,2\n");
  RunResult tiny = koubei({"plot", "s", "--what", "sweep"});
  EXPECT_EQ(tiny.exit_code, 0) << tiny.describe();
}

// More communities than colours: the eight with the most adopters at the
// end, and the title says so.
TEST_F(PlotKinds, CommunitiesBeyondEightShowTheEightLargest) {
  fs::create_directory(path("m"));
  std::string csv_text = "run,replicate,step,community,adopters,churned\n";
  for (int step = 0; step < 3; ++step)
    for (int c = 0; c < 10; ++c)
      csv_text += "0,0," + std::to_string(step) + ",g" + std::to_string(c) + "," + std::to_string((c * 7 % 10) * step) +
                  ",0\n";
  write("m/communities.csv", csv_text);
  ASSERT_EQ(koubei({"plot", "m", "--what", "communities"}).exit_code, 0);
  const auto series = titled_series(read("m/communities.gp"));
  EXPECT_EQ(series.size(), 8u);
  // Final adopters (c * 7 % 10) * 2: g0 has 0 and g3 has 2, the two fewest.
  EXPECT_FALSE(series.count("g0"));
  EXPECT_FALSE(series.count("g3"));
  EXPECT_TRUE(series.count("g6"));  // 4, the fewest of those drawn
  EXPECT_TRUE(series.count("g7"));  // 18, the most
  EXPECT_TRUE(contains(read("m/communities.gp"), "8 of 10 communities: those with the most"));
}

TEST_F(PlotKinds, EachKindRefusesADirectoryWithoutItsFiles) {
  ASSERT_EQ(koubei({"run", "--graph", "er:n=500,k=3", "--reps", "2", "--out", "r", "-q"}).exit_code, 0);
  expect_rejected({"plot", "r", "--what", "sweep"}, {"'r' holds no points.csv", "koubei sweep"});
  expect_rejected({"plot", "r", "--what", "compare"}, {"'r' holds no comparison.csv", "koubei compare"});
  expect_rejected({"plot", "r", "--what", "fit"}, {"'r' holds no validation.csv", "koubei fit"});
  // A damaged points.csv is named with its line.
  fs::create_directory(path("s"));
  write("s/points.csv", "point,trust\n0,const:0.1\n1\n");
  write("s/summary.csv", "run,replicate,nodes,final_adopters\n0,0,100,5\n");
  expect_rejected({"plot", "s", "--what", "sweep"}, {"s/points.csv:3:"});
  EXPECT_FALSE(fs::exists(path("s/sweep.svg")));
}

}  // namespace
}  // namespace koubei_cli_test
