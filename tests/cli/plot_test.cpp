// koubei plot and run --plot: gnuplot draws what the data file holds (the
// values of aggregate.csv, or the same statistics of timeseries.csv), the
// script names every series, the PNG holds pixels of every series' colour,
// and bad input or a missing gnuplot is exit 2 with nothing written.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli_test_util.hpp"
#include "plot_test_util.hpp"
#include "png_image.hpp"

namespace koubei_cli_test {
namespace {

// A word-of-mouth run with three phases and few replicates (thin lines).
const std::vector<std::string> kRun = {
    "run",          "--graph",         "er:n=3000,k=5", "--trust",   "const:0.15", "--model", "wom",
    "--seeds",      "5",               "--steps",       "60",        "--reps",     "3",       "--threads",
    "2",            "--fast.start",    "day:0",         "--good-looking.start",    "day:15",  "--open.start",
    "day:35",       "--adoption.churn", "0.02",         "-q"};

const char* const kStates[] = {"unaware", "aware", "adopters", "promoters", "churned"};

class Plot : public BadInputTest {};

TEST_F(Plot, TheDataPlottedAreAggregateCsvsValues) {
  ASSERT_EQ(koubei(with(kRun, {"--timeseries", "aggregate", "--out", "a"})).exit_code, 0);
  RunResult r = koubei({"plot", "a", "--out", "a/c.png"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  for (const char* file : {"a/c.png", "a/c.gp", "a/c.dat"}) EXPECT_TRUE(fs::exists(path(file))) << file;
  const CsvTable aggregate = csv("a/aggregate.csv");
  const auto block = data_block(read("a/c.dat"), 0);
  ASSERT_EQ(block.size(), aggregate.rows.size());
  for (std::size_t i = 0; i < block.size(); ++i) {
    ASSERT_EQ(block[i].size(), 1u + 3 * std::size(kStates));
    EXPECT_EQ(block[i][0], aggregate.real(i, "step"));
    for (std::size_t c = 0; c < std::size(kStates); ++c) {
      const std::string name = kStates[c];
      EXPECT_EQ(block[i][1 + 3 * c], aggregate.real(i, name + "_mean")) << name << " step " << i;
      EXPECT_EQ(block[i][2 + 3 * c], aggregate.real(i, name + "_lo")) << name << " step " << i;
      EXPECT_EQ(block[i][3 + 3 * c], aggregate.real(i, name + "_hi")) << name << " step " << i;
    }
  }

  // The same statistics from every replicate's time series (same seeds).
  ASSERT_EQ(koubei(with(kRun, {"--out", "t"})).exit_code, 0);
  ASSERT_EQ(koubei({"plot", "t"}).exit_code, 0);
  EXPECT_EQ(data_block(read("t/curves.dat"), 0), block);
  // ... and each replicate's values for the thin lines: replicate 1's adopters.
  const CsvTable ts = csv("t/timeseries.csv");
  const auto lines = data_block(read("t/curves.dat"), 1);
  std::size_t checked = 0;
  for (std::size_t i = 0; i < ts.rows.size(); ++i) {
    if (ts.at(i, "replicate") != "1") continue;
    const auto step = static_cast<std::size_t>(ts.num(i, "step"));
    ASSERT_LT(step, lines.size());
    EXPECT_EQ(lines[step][1 + 2 * 3 + 1], ts.real(i, "adopters")) << "step " << step;
    ++checked;
  }
  EXPECT_GT(checked, 0u);
}

TEST_F(Plot, TheScriptNamesEverySeriesAndThePngShowsEach) {
  ASSERT_EQ(koubei(with(kRun, {"--out", "r", "--plot"})).exit_code, 0);
  EXPECT_TRUE(fs::exists(path("r/curves.svg")));
  ASSERT_EQ(koubei({"plot", "r", "--out", "r/curves.png"}).exit_code, 0);
  const std::string script = read("r/curves.gp");
  // Every state is a titled series, with its colour; every phase is named.
  std::map<std::string, std::string> colours;
  const std::regex titled(R"(linecolor rgb '(#[0-9a-f]{6})' title '([a-z]+)')");
  for (std::sregex_iterator m(script.begin(), script.end(), titled), end; m != end; ++m)
    colours[(*m)[2]] = (*m)[1];
  for (const char* state : kStates) EXPECT_TRUE(colours.count(state)) << state << " is not plotted:\n" << script;
  for (const char* phase : {"'fast'", "'good-looking'", "'open'"})
    EXPECT_TRUE(contains(script, phase)) << phase;
  EXPECT_TRUE(contains(script, "10% of final adopters")) << "milestones";
  // Thousands separators come from koubei: 3,000 users on the y axis.
  EXPECT_TRUE(contains(script, "'3,000' 3000")) << script;

  const PngImage image = decode_png(read("r/curves.png"));
  EXPECT_EQ(image.width, 960u);
  for (const auto& [state, colour] : colours)
    EXPECT_GT(image.count(colour), 50u) << state << " (" << colour << ") has no pixels in the PNG";
}

TEST_F(Plot, ArmsPlotTheAdoptersOfEach) {
  ASSERT_EQ(koubei(with(kRun, {"--arm", "low: trust=const:0.1", "--arm", "high: trust=const:0.3", "--out", "r",
                               "--timeseries", "aggregate"}))
                .exit_code,
            0);
  ASSERT_EQ(koubei({"plot", "r", "--out", "r/arms.png"}).exit_code, 0);
  const std::string script = read("r/arms.gp");
  EXPECT_TRUE(contains(script, "title 'adopters, low'")) << script;
  EXPECT_TRUE(contains(script, "title 'adopters, high'")) << script;
}

TEST_F(Plot, BadInputIsExit2AndWritesNothing) {
  ASSERT_EQ(koubei(with(kRun, {"--timeseries", "aggregate", "--out", "a"})).exit_code, 0);
  expect_rejected({"plot", "a", "--out", "a/c.jpg"}, {"'a/c.jpg'", ".svg, .png or .pdf"});
  expect_rejected({"plot", "a", "--what", "bars"}, {"--what bars", "curves"});
  expect_rejected({"plot", "missing"}, {"'missing' is not a directory"});
  fs::create_directory(path("empty"));
  expect_rejected({"plot", "empty"}, {"'empty' holds no time series"});
  expect_rejected({"plot", "a", "--out", "nowhere/c.svg"}, {"no directory 'nowhere'"});
  // A damaged file: named with its line.
  std::string aggregate = read("a/aggregate.csv");
  const std::size_t second_line = aggregate.find('\n') + 1;
  aggregate.replace(aggregate.find(',', aggregate.find(',', second_line) + 1) + 1, 1, "x");
  write("a/aggregate.csv", aggregate);
  expect_rejected({"plot", "a"}, {"a/aggregate.csv:2:", "is not a number"});
}

TEST_F(Plot, WithoutGnuplotItSaysWhichPackageToInstall) {
  ASSERT_EQ(koubei(with(kRun, {"--timeseries", "aggregate", "--out", "a"})).exit_code, 0);
  const std::string path_before = getenv("PATH") ? getenv("PATH") : "";
  ::setenv("PATH", path("no-programs-here").c_str(), 1);
  RunResult r = koubei({"plot", "a"});
  ::setenv("PATH", path_before.c_str(), 1);
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_TRUE(contains(r.err, "gnuplot is not installed")) << r.err;
  EXPECT_TRUE(contains(r.err, "apt-get install gnuplot-nox fonts-dejavu-core")) << r.err;
  EXPECT_FALSE(fs::exists(path("a/curves.svg")));
  EXPECT_FALSE(fs::exists(path("a/curves.gp")));
}

}  // namespace
}  // namespace koubei_cli_test
