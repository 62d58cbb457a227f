// koubei sweep end to end: a grid over trust, its points, summary and
// aggregate files, and their independence from the thread count; --vary-file,
// --record-every, --slice and failed replicates.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_test_util.hpp"

namespace koubei_cli_test {
namespace {

// The data lines of a CSV text (its header dropped).
std::vector<std::string> data_lines(const std::string& text) {
  std::vector<std::string> lines = split_lines(text);
  if (!lines.empty()) lines.erase(lines.begin());
  return lines;
}

// A point's line of the sweep's stdout, "    2  const:0.5   15903.3 ± 21.2
// 79.52%": its numbers.
struct PointLine {
  bool found = false;
  std::string text;
  double mean = 0, half_width = 0, percent = 0;
};

PointLine point_line(const std::string& out, int point) {
  PointLine line;
  for (const std::string& text : split_lines(out)) {
    std::istringstream in(text);
    int index = -1;
    std::string value, plus_minus, percent;
    if (!(in >> index >> value >> line.mean >> plus_minus >> line.half_width >> percent) ||
        index != point || plus_minus != "±" || percent.empty() || percent.back() != '%')
      continue;
    percent.pop_back();
    line.percent = std::stod(percent);
    line.found = true;
    line.text = text;
    return line;
  }
  return line;
}

class KoubeiSweep : public CliTest {
 protected:
  RunResult sweep(const std::string& out, const std::string& threads) {
    return koubei({"sweep", "--graph", "er:n=20000,k=4", "--vary",
                   "trust=const:0.1;const:0.25;const:0.5", "--rule", "ic", "--seeds", "20",
                   "--reps", "50", "--threads", threads, "--out", out, "-q"});
  }
};

TEST_F(KoubeiSweep, GridOverTrustWritesPointsSummaryAndAggregate) {
  RunResult r = sweep("s", "2");
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  // stdout: a line per point with its value and mean final spread.
  EXPECT_NE(r.out.find("final adopters (95% CI)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("    2  const:0.5 "), std::string::npos) << r.out;
  CsvTable points = csv("s/points.csv");
  ASSERT_EQ(points.rows.size(), 3u);
  EXPECT_EQ(points.header, (CsvRecord{"point", "trust"}));
  EXPECT_EQ(points.at(2, "trust"), "const:0.5");
  CsvTable summary = csv("s/summary.csv");
  ASSERT_EQ(summary.rows.size(), 150u);
  // Per point: mean and sample variance of the final share of users.
  double mean[3] = {0, 0, 0}, var[3] = {0, 0, 0};
  for (std::size_t i = 0; i < summary.rows.size(); ++i)
    mean[summary.num(i, "run")] += summary.real(i, "final_adopters") / 20000.0 / 50;
  for (std::size_t i = 0; i < summary.rows.size(); ++i) {
    const double d = summary.real(i, "final_adopters") / 20000.0 - mean[summary.num(i, "run")];
    var[summary.num(i, "run")] += d * d / 49;
  }
  EXPECT_LT(mean[0], mean[1]);
  EXPECT_LT(mean[1], mean[2]);

  // The printed line of each point: its mean, the half-width of the 95%
  // interval (Student t, 49 degrees of freedom) and the share of users are
  // those of summary.csv, to the digits printed.
  for (int point = 0; point < 3; ++point) {
    const PointLine line = point_line(r.out, point);
    ASSERT_TRUE(line.found) << "point " << point << " in\n" << r.out;
    const double sd = std::sqrt(var[point]) * 20000.0;
    EXPECT_NEAR(line.mean, mean[point] * 20000.0, 0.051) << line.text;
    EXPECT_NEAR(line.half_width, 2.0095752 * sd / std::sqrt(50.0), 0.051) << line.text;
    EXPECT_NEAR(line.percent, 100 * mean[point], 0.0051) << line.text;
  }

  // Bond percolation at trust 0.5 (point 2): the share S solving
  // S = 1 - exp(-2 S), 0.797, plus the seeds' finite clusters outside the
  // giant, 20 (1-S) / (n (1 - 2 (1-S))) = 3.4e-4; the giant's finite-size
  // correction is O(1/n) relative, about 1e-4 for n = 20000. The 50
  // replicates share one graph, whose giant is off S by O(1/sqrt n): the
  // mean's variance is Var E[X | graph] + s^2 / 50, and the first term is at
  // most Var X of one replicate on a fresh graph (law of total variance),
  // which the central limit theorem for the giant of G(n, c/n) gives:
  // sd = sqrt(S (1-S) / n) / (1 - c (1-S)) = 0.0049. Tolerance: 5 of this
  // bound on the standard error. (tests/cli/run_test.cpp and
  // tests/rules/independent_cascade_test.cpp check S on 20 graphs, 4 times
  // more tightly.)
  double s = 0.5;
  const double c = 2.0, n = 20000;
  for (int i = 0; i < 200; ++i) s = 1 - std::exp(-c * s);
  const double expected = s + 20 * (1 - s) / (n * (1 - c * (1 - s)));
  const double graph_sd = std::sqrt(s * (1 - s) / n) / (1 - c * (1 - s));
  EXPECT_NEAR(mean[2], expected, 5 * std::sqrt(graph_sd * graph_sd + var[2] / 50));
  CsvTable aggregate = csv("s/aggregate.csv");
  EXPECT_EQ(aggregate.header.at(0), "point");
  EXPECT_EQ(aggregate.header.at(2), "unaware_mean");
  EXPECT_GT(aggregate.rows.size(), 3u);
}

// config.ini holds the whole definition: as --config it runs the same sweep.
TEST_F(KoubeiSweep, ConfigIniRunsTheSameSweepAgain) {
  RunResult first = koubei({"sweep", "--graph", "er:n=3000,k=4", "--vary",
                            "trust=const:0.1;const:0.5", "--vary", "seeds=2;4", "--reps", "4",
                            "--record-every", "2", "--timeseries", "all", "--out", "a", "-q"});
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  RunResult again = koubei({"sweep", "--config", path("a/config.ini").string(), "--out", "b", "-q"});
  ASSERT_EQ(again.exit_code, 0) << again.describe();
  for (const char* name : {"points.csv", "aggregate.csv", "timeseries.csv", "config.ini"})
    EXPECT_TRUE(same_text(read(std::string("a/") + name), read(std::string("b/") + name))) << name;
}

TEST_F(KoubeiSweep, OutputDoesNotDependOnThreads) {
  ASSERT_EQ(sweep("one", "1").exit_code, 0);
  ASSERT_EQ(sweep("two", "2").exit_code, 0);
  EXPECT_TRUE(same_text(read("one/aggregate.csv"), read("two/aggregate.csv")));
  EXPECT_TRUE(same_text(csv_without_column(read("one/summary.csv"), "wall_ms"),
                        csv_without_column(read("two/summary.csv"), "wall_ms")));
}

TEST_F(KoubeiSweep, BadAxisIsAnInputError) {
  RunResult r = koubei(
      {"sweep", "--graph", "er:n=100,k=2", "--vary", "trust=const:0.1;const:7", "--out", "bad"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("const:7"), std::string::npos) << r.err;
  EXPECT_TRUE(list_files(path("bad")).empty());
}

// A small grid: 3 x 2 points of er:n=3000,k=4 with a few replicates each.
std::vector<std::string> small_sweep(const std::string& out,
                                     const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"sweep",   "--graph", "er:n=3000,k=4",
                                   "--vary",  "trust=const:0.2;const:0.35;const:0.5",
                                   "--vary",  "seeds=5;20",
                                   "--reps",  "4",
                                   "--out",   out,
                                   "-q"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST_F(KoubeiSweep, EveryFileIsTheSameOnOneAndTwoThreads) {
  RunResult one = koubei(small_sweep("one", {"--threads", "1", "--timeseries", "all"}));
  ASSERT_EQ(one.exit_code, 0) << one.describe();
  RunResult two = koubei(small_sweep("two", {"--threads", "2", "--timeseries", "all"}));
  ASSERT_EQ(two.exit_code, 0) << two.describe();
  const std::vector<std::string> files = list_files(path("one"));
  EXPECT_EQ(files, (std::vector<std::string>{"aggregate.csv", "command.txt", "config.ini", "failures.csv",
                                             "points.csv", "summary.csv", "timeseries.csv"}));
  EXPECT_EQ(files, list_files(path("two")));
  for (const std::string& name : files) {
    SCOPED_TRACE(name);
    if (name == "command.txt") continue;  // the commands differ in --out and --threads
    if (name == "summary.csv") {
      EXPECT_TRUE(same_text(csv_without_column(read("one/summary.csv"), "wall_ms"),
                            csv_without_column(read("two/summary.csv"), "wall_ms")));
    } else {
      EXPECT_TRUE(same_text(read("one/" + name), read("two/" + name)));
    }
  }
  EXPECT_EQ(csv("one/points.csv").rows.size(), 6u);
  EXPECT_EQ(csv("one/summary.csv").rows.size(), 24u);
  EXPECT_EQ(csv("one/summary.csv").header.at(11), "wall_ms");
}

TEST_F(KoubeiSweep, RecordEveryThinsTheTimeSeriesOnly) {
  RunResult every = koubei(small_sweep("every", {"--threads", "2", "--timeseries", "all"}));
  ASSERT_EQ(every.exit_code, 0) << every.describe();
  RunResult fifth = koubei(small_sweep(
      "fifth", {"--threads", "2", "--timeseries", "all", "--record-every", "5"}));
  ASSERT_EQ(fifth.exit_code, 0) << fifth.describe();

  // The summary does not depend on what the time series keep.
  EXPECT_TRUE(same_text(csv_without_column(read("every/summary.csv"), "wall_ms"),
                        csv_without_column(read("fifth/summary.csv"), "wall_ms")));
  EXPECT_TRUE(same_text(read("every/points.csv"), read("fifth/points.csv")));

  // timeseries.csv: steps 0, 5, 10, ... and each replicate's last step.
  const CsvTable summary = csv("fifth/summary.csv");
  std::map<std::pair<std::string, std::string>, long long> last_step;  // (point, replicate)
  bool some_replicate_ends_off_the_grid = false, some_replicate_runs_long = false;
  for (std::size_t i = 0; i < summary.rows.size(); ++i) {
    const long long steps = summary.num(i, "steps");
    last_step[{summary.at(i, "run"), summary.at(i, "replicate")}] = steps;
    some_replicate_ends_off_the_grid |= steps % 5 != 0;
    some_replicate_runs_long |= steps > 10;
  }
  EXPECT_TRUE(some_replicate_ends_off_the_grid) << "choose a sweep whose runs end between rows";
  EXPECT_TRUE(some_replicate_runs_long) << "choose a sweep whose runs last more than 10 steps";
  std::map<std::pair<std::string, std::string>, std::vector<long long>> steps_of;
  const CsvTable series = csv("fifth/timeseries.csv");
  for (std::size_t i = 0; i < series.rows.size(); ++i)
    steps_of[{series.at(i, "run"), series.at(i, "replicate")}].push_back(series.num(i, "step"));
  ASSERT_EQ(steps_of.size(), last_step.size());
  for (const auto& [key, steps] : steps_of) {
    SCOPED_TRACE("point " + key.first + " replicate " + key.second);
    const long long last = last_step.at(key);
    std::vector<long long> expected;
    for (long long t = 0; t < last; t += 5) expected.push_back(t);
    expected.push_back(last);
    EXPECT_EQ(steps, expected);
  }
  // ... and those rows are the rows of the full series at those steps.
  std::set<std::string> thinned;
  for (const std::string& line : data_lines(read("fifth/timeseries.csv"))) thinned.insert(line);
  std::vector<std::string> expected_rows;
  const CsvTable full = csv("every/timeseries.csv");
  const std::vector<std::string> full_lines = data_lines(read("every/timeseries.csv"));
  ASSERT_EQ(full_lines.size(), full.rows.size());
  for (std::size_t i = 0; i < full.rows.size(); ++i) {
    const long long step = full.num(i, "step");
    if (step % 5 == 0 || step == last_step.at({full.at(i, "run"), full.at(i, "replicate")}))
      expected_rows.push_back(full_lines[i]);
  }
  EXPECT_EQ(data_lines(read("fifth/timeseries.csv")), expected_rows);

  // aggregate.csv: per point, steps 0, 5, 10, ... and the last step of any
  // of its replicates, each row equal to the full aggregate's row.
  std::map<std::string, long long> point_last;
  for (const auto& [key, last] : last_step)
    point_last[key.first] = std::max(point_last[key.first], last);
  const CsvTable aggregate = csv("fifth/aggregate.csv");
  std::map<std::string, std::vector<long long>> aggregate_steps;
  for (std::size_t i = 0; i < aggregate.rows.size(); ++i)
    aggregate_steps[aggregate.at(i, "point")].push_back(aggregate.num(i, "step"));
  ASSERT_EQ(aggregate_steps.size(), point_last.size());
  for (const auto& [point, steps] : aggregate_steps) {
    SCOPED_TRACE("aggregate of point " + point);
    std::vector<long long> expected;
    for (long long t = 0; t < point_last.at(point); t += 5) expected.push_back(t);
    expected.push_back(point_last.at(point));
    EXPECT_EQ(steps, expected);
  }
  const CsvTable full_aggregate = csv("every/aggregate.csv");
  const std::vector<std::string> full_aggregate_lines = data_lines(read("every/aggregate.csv"));
  expected_rows.clear();
  for (std::size_t i = 0; i < full_aggregate.rows.size(); ++i) {
    const long long step = full_aggregate.num(i, "step");
    if (step % 5 == 0 || step == point_last.at(full_aggregate.at(i, "point")))
      expected_rows.push_back(full_aggregate_lines[i]);
  }
  EXPECT_EQ(data_lines(read("fifth/aggregate.csv")), expected_rows);
  EXPECT_TRUE(contains(read("fifth/config.ini"), "record-every = 5\n"));
}

TEST_F(KoubeiSweep, VaryFileIsTheFirstAxis) {
  write("axis.csv", "rule,trust\nic,const:0.1\n\"bass:p=0.01,q=0.3\",const:0.2\n");
  RunResult r = koubei({"sweep", "--graph", "er:n=3000,k=4", "--vary-file", "axis.csv", "--vary",
                        "seeds=5;10", "--reps", "2", "--threads", "2", "--out", "v", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_TRUE(same_text(read("v/points.csv"),
                        "point,rule,trust,seeds\n"
                        "0,ic,const:0.1,5\n"
                        "1,ic,const:0.1,10\n"
                        "2,\"bass:p=0.01,q=0.3\",const:0.2,5\n"
                        "3,\"bass:p=0.01,q=0.3\",const:0.2,10\n"));
  const CsvTable summary = csv("v/summary.csv");
  ASSERT_EQ(summary.rows.size(), 8u);
  for (std::size_t i = 0; i < summary.rows.size(); ++i) {
    const long long point = summary.num(i, "run");
    EXPECT_EQ(point, static_cast<long long>(i / 2));
    EXPECT_EQ(summary.num(i, "seeds"), point % 2 == 0 ? 5 : 10);
    EXPECT_TRUE(summary.at(i, "rule").starts_with(point < 2 ? "ic" : "bass:p=0.01,q=0.3"))
        << summary.at(i, "rule");
  }
}

TEST_F(KoubeiSweep, MalformedVaryFileNamesFileAndLine) {
  write("short.csv", "rule,trust\nic,const:0.1\nlt\n");
  RunResult r = koubei({"sweep", "--graph", "er:n=3000,k=4", "--vary-file", "short.csv",
                        "--out", "bad", "-q"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_TRUE(contains(r.err, "short.csv:3")) << r.err;
  EXPECT_FALSE(fs::exists(path("bad")));

  write("quote.csv", "rule,trust\nic,const:0.1\n\"ic,const:0.2\n");
  r = koubei({"sweep", "--graph", "er:n=3000,k=4", "--vary-file", "quote.csv", "--out", "bad",
              "-q"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_TRUE(contains(r.err, "quote.csv:3")) << r.err;
  EXPECT_FALSE(fs::exists(path("bad")));

  r = koubei({"sweep", "--graph", "er:n=3000,k=4", "--vary-file", "missing.csv", "--out", "bad",
              "-q"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_TRUE(contains(r.err, "missing.csv")) << r.err;
  EXPECT_FALSE(fs::exists(path("bad")));
}

TEST_F(KoubeiSweep, SlicesHoldTheEvenAndOddPoints) {
  RunResult full = koubei(small_sweep("full", {"--threads", "2"}));
  ASSERT_EQ(full.exit_code, 0) << full.describe();
  RunResult even = koubei(small_sweep("even", {"--threads", "2", "--slice", "0/2"}));
  ASSERT_EQ(even.exit_code, 0) << even.describe();
  RunResult odd = koubei(small_sweep("odd", {"--threads", "2", "--slice", "1/2"}));
  ASSERT_EQ(odd.exit_code, 0) << odd.describe();

  for (const std::string name : {"points.csv", "summary.csv", "aggregate.csv"}) {
    SCOPED_TRACE(name);
    auto text = [&](const std::string& dir) {
      const std::string raw = read(dir + "/" + name);
      return name == "summary.csv" ? csv_without_column(raw, "wall_ms") : raw;
    };
    const CsvTable table = parse_csv_table(text("full"));
    const std::vector<std::string> lines = data_lines(text("full"));
    ASSERT_EQ(lines.size(), table.rows.size());
    std::vector<std::string> expected[2];
    for (std::size_t i = 0; i < lines.size(); ++i)
      expected[std::stoll(table.rows[i].at(0)) % 2].push_back(lines[i]);
    EXPECT_FALSE(expected[0].empty());
    EXPECT_FALSE(expected[1].empty());
    EXPECT_EQ(split_lines(text("even")).at(0), split_lines(text("full")).at(0));
    EXPECT_EQ(split_lines(text("odd")).at(0), split_lines(text("full")).at(0));
    EXPECT_EQ(data_lines(text("even")), expected[0]);
    EXPECT_EQ(data_lines(text("odd")), expected[1]);
  }
  EXPECT_TRUE(contains(read("odd/config.ini"), "slice = 1/2\n"));
}

TEST_F(KoubeiSweep, SliceOutOfRangeIsAnInputError) {
  for (const std::string slice : {"2/2", "0/0", "1", "a/2"}) {
    SCOPED_TRACE(slice);
    RunResult r = koubei(small_sweep("bad", {"--slice", slice}));
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_TRUE(contains(r.err, "--slice")) << r.err;
    EXPECT_FALSE(fs::exists(path("bad")));
  }
}

TEST_F(KoubeiSweep, FailedReplicatesAreReportedAndTheSweepGoesOn) {
  RunResult clean = koubei(small_sweep("clean", {"--threads", "2"}));
  ASSERT_EQ(clean.exit_code, 0) << clean.describe();
  RunResult r =
      koubei(small_sweep("failing", {"--threads", "2", "--test-fail-replicate", "1"}));
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_TRUE(contains(r.out, "6 of 24 replicates failed: see failing/failures.csv")) << r.out;

  const CsvTable failures = csv("failing/failures.csv");
  EXPECT_EQ(failures.header, (CsvRecord{"point", "replicate", "rng_seed", "message"}));
  ASSERT_EQ(failures.rows.size(), 6u);
  for (std::size_t i = 0; i < failures.rows.size(); ++i) {
    EXPECT_EQ(failures.num(i, "point"), static_cast<long long>(i));
    EXPECT_EQ(failures.at(i, "replicate"), "1");
    EXPECT_FALSE(failures.at(i, "message").empty());
    EXPECT_TRUE(contains(failures.at(i, "message"), "--test-fail-replicate"));
  }

  // The summary is the clean run's without replicate 1: a failure does not
  // disturb the other replicates.
  const CsvTable summary = csv("failing/summary.csv");
  EXPECT_EQ(summary.rows.size(), 18u);
  for (std::size_t i = 0; i < summary.rows.size(); ++i)
    EXPECT_NE(summary.at(i, "replicate"), "1");
  const CsvTable clean_summary = parse_csv_table(csv_without_column(read("clean/summary.csv"), "wall_ms"));
  const std::vector<std::string> clean_lines =
      data_lines(csv_without_column(read("clean/summary.csv"), "wall_ms"));
  std::vector<std::string> expected;
  for (std::size_t i = 0; i < clean_summary.rows.size(); ++i)
    if (clean_summary.at(i, "replicate") != "1") expected.push_back(clean_lines[i]);
  EXPECT_EQ(data_lines(csv_without_column(read("failing/summary.csv"), "wall_ms")), expected);
  EXPECT_TRUE(same_text(read("clean/points.csv"), read("failing/points.csv")));
  EXPECT_EQ(split_lines(read("clean/failures.csv")).size(), 1u) << "only the header";
}

}  // namespace
}  // namespace koubei_cli_test
