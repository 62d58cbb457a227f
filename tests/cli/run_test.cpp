// End-to-end tests of `koubei run`: the real binary, its CSV read back.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "cli_test_util.hpp"

namespace koubei_cli_test {
namespace {

const std::string kTimeseriesHeader =
    "run,replicate,step,phase,unaware,aware,adopters,promoters,churned,new_adopters";
const std::string kSummaryHeader =
    "run,replicate,rng_seed,rule,nodes,arcs,seeds,steps,final_adopters,final_churned,"
    "total_cost,wall_ms";

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Bond percolation on er:n=N,k=K at trust T (ic): the percolated graph is
// G(n, c/(n-1)) with c = kT, and the cascade from `seeds` random users
// reaches the giant component, of share S solving S = 1 - exp(-c S), plus the
// seeds' finite clusters outside it, of mean size 1 / (1 - c (1-S)) each:
// expected = S + seeds (1-S) / (n (1 - c (1-S))), 3.4e-4 above S for 20
// seeds on n = 20000. The giant's own finite-size correction is O(1/n)
// relative (E|giant| = nS + O(1)), about 1e-4 here, under 0.1 of the
// standard errors below. sd: the central limit theorem for the giant of
// G(n, c/n), sqrt(S (1-S) / n) / (1 - c (1-S)), the spread of one replicate
// on a fresh graph (0.0049 for n = 20000, c = 2).
struct ErPercolation {
  ErPercolation(double n, double c, double seeds) {
    for (int i = 0; i < 200; ++i) s = 1 - std::exp(-c * s);
    expected = s + seeds * (1 - s) / (n * (1 - c * (1 - s)));
    sd = std::sqrt(s * (1 - s) / n) / (1 - c * (1 - s));
  }
  double s = 0.5, expected = 0, sd = 0;
};

// Checks the invariants that tie timeseries.csv to summary.csv and returns
// the replicate numbers in summary order.
std::vector<long long> check_outputs(const CsvTable& ts, const CsvTable& summary) {
  std::vector<long long> replicates;
  std::map<long long, std::size_t> summary_row;  // replicate -> row
  for (std::size_t i = 0; i < summary.rows.size(); ++i) {
    EXPECT_EQ(summary.rows[i].size(), summary.header.size()) << "summary row " << i;
    const long long r = summary.num(i, "replicate");
    EXPECT_TRUE(summary_row.emplace(r, i).second) << "replicate " << r << " twice in summary";
    replicates.push_back(r);
  }
  EXPECT_TRUE(std::is_sorted(replicates.begin(), replicates.end()));

  std::map<long long, std::size_t> last_row;  // replicate -> last timeseries row
  long long previous_replicate = -1;
  long long previous_step = -1;
  for (std::size_t i = 0; i < ts.rows.size(); ++i) {
    SCOPED_TRACE("timeseries row " + std::to_string(i + 2));
    if (ts.rows[i].size() != ts.header.size()) {
      ADD_FAILURE() << "row has " << ts.rows[i].size() << " fields";
      return replicates;
    }
    const long long r = ts.num(i, "replicate");
    const long long step = ts.num(i, "step");
    auto s = summary_row.find(r);
    if (s == summary_row.end()) {
      ADD_FAILURE() << "replicate " << r << " is not in summary.csv";
      return replicates;
    }
    const long long nodes = summary.num(s->second, "nodes");
    const long long unaware = ts.num(i, "unaware");
    const long long aware = ts.num(i, "aware");
    const long long adopters = ts.num(i, "adopters");
    const long long promoters = ts.num(i, "promoters");
    const long long churned = ts.num(i, "churned");
    EXPECT_EQ(unaware + aware + adopters + churned, nodes);
    EXPECT_GE(unaware, 0);
    EXPECT_GE(aware, 0);
    EXPECT_GE(promoters, 0);
    EXPECT_LE(promoters, adopters);
    EXPECT_EQ(ts.num(i, "run"), summary.num(s->second, "run"));
    // Ordered by replicate, then step; steps run 0, 1, 2, ... per replicate.
    if (r != previous_replicate) {
      EXPECT_GT(r, previous_replicate);
      EXPECT_EQ(step, 0);
      EXPECT_EQ(adopters, summary.num(s->second, "seeds")) << "step 0 adopters are the seeds";
    } else {
      EXPECT_EQ(step, previous_step + 1);
    }
    previous_replicate = r;
    previous_step = step;
    last_row[r] = i;
  }
  for (const auto& [r, row] : summary_row) {
    SCOPED_TRACE("replicate " + std::to_string(r));
    auto last = last_row.find(r);
    if (last == last_row.end()) {
      ADD_FAILURE() << "replicate has no timeseries rows";
      continue;
    }
    EXPECT_EQ(ts.num(last->second, "adopters"), summary.num(row, "final_adopters"));
    EXPECT_EQ(ts.num(last->second, "churned"), summary.num(row, "final_churned"));
    EXPECT_EQ(ts.num(last->second, "step"), summary.num(row, "steps"));
  }
  return replicates;
}

std::vector<long long> range(long long first, long long last) {
  std::vector<long long> values;
  for (long long v = first; v <= last; ++v) values.push_back(v);
  return values;
}

// The rows of one replicate, as CSV text without wall_ms.
std::string replicate_rows(const std::string& csv_text, long long replicate) {
  std::vector<CsvRecord> records = parse_csv(csv_without_column(csv_text, "wall_ms"));
  std::string out;
  if (records.empty()) return out;
  const std::size_t column = static_cast<std::size_t>(
      std::find(records[0].begin(), records[0].end(), "replicate") - records[0].begin());
  for (std::size_t i = 1; i < records.size(); ++i) {
    if (records[i].at(column) != std::to_string(replicate)) continue;
    for (std::size_t j = 0; j < records[i].size(); ++j) {
      if (j > 0) out += ',';
      out += csv_field(records[i][j]);
    }
    out += '\n';
  }
  return out;
}

using KoubeiRun = CliTest;

// ------------------------------------------------------------ the CSV reader

TEST(CliTestUtil, ParsesRfc4180Quotes) {
  auto records =
      parse_csv("a,b,c\r\n1,\"x,y\",\"say \"\"hi\"\"\"\n\"two\nlines\",,\"\"\nlast,row,no-newline");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0], (CsvRecord{"a", "b", "c"}));
  EXPECT_EQ(records[1], (CsvRecord{"1", "x,y", "say \"hi\""}));
  EXPECT_EQ(records[2], (CsvRecord{"two\nlines", "", ""}));
  EXPECT_EQ(records[3], (CsvRecord{"last", "row", "no-newline"}));
  EXPECT_TRUE(same_text(csv_without_column("a,b,c\n1,\"x,y\",3\n", "c"), "a,b\n1,\"x,y\"\n"));
  EXPECT_TRUE(is_log_line("[11:30:46.790] [info] thread 0 ran 5 replicates"));
  EXPECT_FALSE(is_log_line("koubei run: error: x"));
}

// ------------------------------------------------------------ default scenario

TEST_F(KoubeiRun, DefaultScenarioWritesConsistentCsvAndConfig) {
  RunResult r = koubei({"run"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();

  const std::string ts_text = read("koubei-out/timeseries.csv");
  const std::string summary_text = read("koubei-out/summary.csv");
  EXPECT_TRUE(starts_with(ts_text, kTimeseriesHeader + "\n") ||
              starts_with(ts_text, kTimeseriesHeader + ",") ||
              starts_with(ts_text, kTimeseriesHeader + "\r\n"))
      << split_lines(ts_text).at(0);
  EXPECT_TRUE(starts_with(summary_text, kSummaryHeader)) << split_lines(summary_text).at(0);
  EXPECT_TRUE(fs::is_regular_file(path("koubei-out/config.ini")));

  CsvTable ts = parse_csv_table(ts_text);
  CsvTable summary = parse_csv_table(summary_text);
  ASSERT_FALSE(ts.rows.empty());
  EXPECT_EQ(check_outputs(ts, summary), range(0, 9));
  for (std::size_t i = 0; i < summary.rows.size(); ++i) {
    EXPECT_EQ(summary.num(i, "nodes"), 100000);
    EXPECT_EQ(summary.num(i, "seeds"), 100);
    EXPECT_EQ(summary.at(i, "rule"), "ic");
    EXPECT_GT(summary.num(i, "final_adopters"), 100) << "const:0.05 on BA m=5 spreads";
  }

  // The human summary on stdout, logs on stderr only.
  EXPECT_FALSE(r.out.empty());
  EXPECT_TRUE(contains(r.out, "adopters")) << r.out;
  for (const std::string& line : split_lines(r.out)) {
    EXPECT_FALSE(is_log_line(line)) << "log line on stdout: " << line;
    EXPECT_FALSE(contains(line, "[info]")) << "log line on stdout: " << line;
  }
  EXPECT_TRUE(contains(r.err, "[info]")) << "info log goes to stderr\n" << r.err;
  EXPECT_TRUE(message_lines(r.err).empty()) << r.err;
}

TEST_F(KoubeiRun, ConfigIniRecordsTheResolvedConfiguration) {
  RunResult r = koubei({"run", "--graph", "er:n=300,k=3", "--seeds", "5", "--reps", "3",
                        "--rng-seed", "42", "--out", "o"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const std::string ini = read("o/config.ini");
  EXPECT_TRUE(contains(ini, "graph = er:n=300,k=3")) << ini;
  EXPECT_TRUE(contains(ini, "seeds = 5")) << ini;
  EXPECT_TRUE(contains(ini, "rng-seed = 42")) << ini;

  // Feeding config.ini back reproduces the run.
  RunResult again = koubei({"run", "--config", "o/config.ini", "--out", "p"});
  ASSERT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_TRUE(same_text(read("o/timeseries.csv"), read("p/timeseries.csv")));
  EXPECT_TRUE(same_text(csv_without_column(read("o/summary.csv"), "wall_ms"),
                        csv_without_column(read("p/summary.csv"), "wall_ms")));
}

// ------------------------------------------------------------ statistics

TEST_F(KoubeiRun, IndependentCascadeOnErdosRenyiReachesTheGiantComponent) {
  // One replicate on each of kGraphs graphs (the graph seed is --rng-seed),
  // so that the spread between them counts the graph-to-graph variation.
  constexpr int kGraphs = 20;
  std::vector<double> fraction;
  for (int seed = 1; seed <= kGraphs; ++seed) {
    std::string out = "o";  // not "o" + to_string(): GCC 12 warns (-Wrestrict) wrongly
    out += std::to_string(seed);
    RunResult r = koubei({"run", "--graph", "er:n=20000,k=4", "--trust", "const:0.5", "--rule",
                          "ic", "--seeds", "20", "--reps", "1", "--rng-seed",
                          std::to_string(seed), "--out", out});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    CsvTable summary = csv(out + "/summary.csv");
    ASSERT_EQ(summary.rows.size(), 1u);
    if (seed == 1) check_outputs(csv(out + "/timeseries.csv"), summary);
    fraction.push_back(summary.real(0, "final_adopters") / summary.real(0, "nodes"));
  }
  const ErPercolation perc(20000, 4.0 * 0.5, 20);
  ASSERT_NEAR(perc.s, 0.797, 0.001);
  double mean = 0, var = 0;
  for (double f : fraction) mean += f / kGraphs;
  for (double f : fraction) var += (f - mean) * (f - mean) / (kGraphs - 1);
  // The sample variance (19 degrees of freedom) is floored by the closed
  // form, so that a low one by chance does not narrow the bound.
  const double se = std::sqrt(std::max(var, perc.sd * perc.sd) / kGraphs);
  EXPECT_NEAR(mean, perc.expected, 5 * se) << "sd between graphs " << std::sqrt(var);
}

// ------------------------------------------------------------ reproducibility

TEST_F(KoubeiRun, SameCommandTwiceGivesIdenticalOutput) {
  const std::vector<std::string> args = {
      "run",    "--graph", "er:n=5000,k=4", "--trust", "const:0.3", "--seeds", "10",
      "--reps", "12",      "--rng-seed",    "7"};
  auto with_out = [&](const std::string& out) {
    std::vector<std::string> a = args;
    a.push_back("--out");
    a.push_back(out);
    return a;
  };
  RunResult first = koubei(with_out("a"));
  RunResult second = koubei(with_out("b"));
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  ASSERT_EQ(second.exit_code, 0) << second.describe();
  EXPECT_TRUE(same_text(csv_without_column(read("a/timeseries.csv"), "wall_ms"),
                        csv_without_column(read("b/timeseries.csv"), "wall_ms")));
  EXPECT_TRUE(same_text(csv_without_column(read("a/summary.csv"), "wall_ms"),
                        csv_without_column(read("b/summary.csv"), "wall_ms")));
  EXPECT_EQ(check_outputs(csv("a/timeseries.csv"), csv("a/summary.csv")), range(0, 11));

  // A different master seed gives a different run.
  std::vector<std::string> other = with_out("c");
  other[10] = "8";
  RunResult third = koubei(other);
  ASSERT_EQ(third.exit_code, 0) << third.describe();
  EXPECT_FALSE(read("a/timeseries.csv") == read("c/timeseries.csv")) << "seed 8 gave seed 7's run";
}

void expect_thread_count_does_not_matter(CliTest& test, std::vector<std::string> args) {
  std::vector<std::string> one = args, two = args;
  one.insert(one.end(), {"--threads", "1", "--out", "t1"});
  two.insert(two.end(), {"--threads", "2", "--out", "t2"});
  RunResult r1 = test.dir.run(one);
  RunResult r2 = test.dir.run(two);
  ASSERT_EQ(r1.exit_code, 0) << r1.describe();
  ASSERT_EQ(r2.exit_code, 0) << r2.describe();
  const std::string ts1 = read_file(test.dir / "t1/timeseries.csv");
  EXPECT_TRUE(same_text(csv_without_column(ts1, "wall_ms"),
                        csv_without_column(read_file(test.dir / "t2/timeseries.csv"), "wall_ms")));
  EXPECT_TRUE(same_text(csv_without_column(read_file(test.dir / "t1/summary.csv"), "wall_ms"),
                        csv_without_column(read_file(test.dir / "t2/summary.csv"), "wall_ms")));
  check_outputs(parse_csv_table(ts1), read_csv(test.dir / "t1/summary.csv"));

  // Both threads of the second run did work.
  for (int t = 0; t < 2; ++t) {
    const std::string prefix = "thread " + std::to_string(t) + " ran ";
    auto at = r2.err.find(prefix);
    ASSERT_NE(at, std::string::npos) << "no '" << prefix << "N replicates' log line\n" << r2.err;
    const long long n = std::stoll(r2.err.substr(at + prefix.size()));
    EXPECT_GT(n, 0) << r2.err;
  }
  EXPECT_EQ(r1.err.find("thread 1 ran"), std::string::npos) << r1.err;
}

TEST_F(KoubeiRun, ThreadCountDoesNotChangeIndependentCascade) {
  expect_thread_count_does_not_matter(
      *this, {"run", "--graph", "ba:n=5000,m=3", "--trust", "const:0.1", "--seeds", "10", "--reps",
              "20", "--rng-seed", "3"});
}

TEST_F(KoubeiRun, ThreadCountDoesNotChangeLinearThreshold) {
  expect_thread_count_does_not_matter(
      *this, {"run", "--graph", "ba:n=5000,m=3", "--rule", "lt", "--trust", "wc", "--seeds", "50",
              "--reps", "20", "--rng-seed", "4"});
}

TEST_F(KoubeiRun, SingleReplicateMatchesTheSameReplicateOfABatch) {
  const std::vector<std::string> base = {"run",     "--graph",    "er:n=3000,k=5",
                                         "--trust", "const:0.25", "--seeds",
                                         "5",       "--rng-seed", "11"};
  std::vector<std::string> batch = base, single = base;
  batch.insert(batch.end(), {"--reps", "20", "--out", "batch"});
  single.insert(single.end(), {"--replicates", "7:7", "--out", "single"});
  RunResult rb = koubei(batch);
  RunResult rs = koubei(single);
  ASSERT_EQ(rb.exit_code, 0) << rb.describe();
  ASSERT_EQ(rs.exit_code, 0) << rs.describe();

  CsvTable single_summary = csv("single/summary.csv");
  EXPECT_EQ(check_outputs(csv("single/timeseries.csv"), single_summary), range(7, 7));
  const std::string expected_ts = replicate_rows(read("batch/timeseries.csv"), 7);
  ASSERT_FALSE(expected_ts.empty());
  EXPECT_TRUE(same_text(replicate_rows(read("single/timeseries.csv"), 7), expected_ts));
  EXPECT_TRUE(same_text(replicate_rows(read("single/summary.csv"), 7),
                        replicate_rows(read("batch/summary.csv"), 7)));
  // The single run holds replicate 7 and nothing else.
  EXPECT_TRUE(same_text(csv_without_column(read("single/timeseries.csv"), "wall_ms"),
                        split_lines(read("single/timeseries.csv")).at(0) + "\n" + expected_ts));
}

// ------------------------------------------------------------ options

// --timeseries aggregate writes the mean per step instead of every
// replicate's rows; none writes neither; summary.csv is the same in all three,
// and files an earlier run left in --out that this one does not write go.
TEST_F(KoubeiRun, TimeseriesAllAggregateOrNone) {
  const std::vector<std::string> base = {"run", "--graph", "sbm:n=2000,communities=3,k_in=5,k_out=1",
                                         "--trust", "const:0.2", "--seeds", "5", "--reps", "30",
                                         "--model", "wom", "--steps", "20", "-q"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  RunResult all = koubei(with({"--out", "all"}));
  ASSERT_EQ(all.exit_code, 0) << all.describe();
  EXPECT_EQ(list_files(path("all")), (std::vector<std::string>{"command.txt", "communities.csv", "config.ini",
                                                               "summary.csv", "timeseries.csv"}));

  RunResult aggregate = koubei(with({"--timeseries", "aggregate", "--out", "agg"}));
  ASSERT_EQ(aggregate.exit_code, 0) << aggregate.describe();
  EXPECT_EQ(list_files(path("agg")), (std::vector<std::string>{"aggregate.csv", "command.txt", "communities.csv",
                                                               "config.ini", "summary.csv"}));
  const CsvTable summary = csv("agg/summary.csv");
  const CsvTable means = csv("agg/aggregate.csv");
  ASSERT_EQ(means.header.at(0), "run");
  ASSERT_EQ(means.rows.size(), 21u);  // steps 0 .. 20
  double final_adopters = 0;
  for (std::size_t i = 0; i < summary.rows.size(); ++i)
    final_adopters += summary.real(i, "final_adopters");
  EXPECT_NEAR(means.real(20, "adopters_mean"), final_adopters / 30, 1e-9);
  EXPECT_EQ(read("agg/communities.csv"), read("all/communities.csv"));

  // none, into the directory of the first run: its time series go.
  RunResult none = koubei(with({"--timeseries", "none", "--out", "all"}));
  ASSERT_EQ(none.exit_code, 0) << none.describe();
  EXPECT_EQ(list_files(path("all")), (std::vector<std::string>{"command.txt", "config.ini", "summary.csv"}));
  EXPECT_TRUE(same_text(csv_without_column(read("all/summary.csv"), "wall_ms"),
                        csv_without_column(read("agg/summary.csv"), "wall_ms")));
  EXPECT_NE(read("all/config.ini").find("timeseries = none\n"), std::string::npos);
  // config.ini runs again as it was.
  RunResult again = koubei({"run", "--config", "all/config.ini", "--out", "again", "-q"});
  ASSERT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_EQ(list_files(path("again")), (std::vector<std::string>{"command.txt", "config.ini", "summary.csv"}));

  RunResult bad = koubei({"run", "--timeseries", "some", "--out", "bad"});
  EXPECT_EQ(bad.exit_code, 2) << bad.describe();
  EXPECT_NE(bad.err.find("--timeseries"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(path("bad")));
}

TEST_F(KoubeiRun, StepsLimitsEveryReplicate) {
  const std::vector<std::string> base = {
      "run", "--graph", "ba:n=3000,m=3", "--trust", "const:0.15", "--seeds", "3", "--reps", "8"};
  std::vector<std::string> unlimited = base, limited = base;
  unlimited.insert(unlimited.end(), {"--out", "all"});
  limited.insert(limited.end(), {"--steps", "3", "--out", "three"});
  RunResult ru = koubei(unlimited);
  RunResult rl = koubei(limited);
  ASSERT_EQ(ru.exit_code, 0) << ru.describe();
  ASSERT_EQ(rl.exit_code, 0) << rl.describe();

  CsvTable all = csv("all/summary.csv");
  long long longest = 0;
  for (std::size_t i = 0; i < all.rows.size(); ++i)
    longest = std::max(longest, all.num(i, "steps"));
  ASSERT_GT(longest, 3) << "the scenario must run past step 3 without --steps";

  CsvTable ts = csv("three/timeseries.csv");
  CsvTable summary = csv("three/summary.csv");
  EXPECT_EQ(check_outputs(ts, summary), range(0, 7));
  long long reached = 0;
  for (std::size_t i = 0; i < ts.rows.size(); ++i) {
    EXPECT_LE(ts.num(i, "step"), 3) << "row " << i + 2;
    reached = std::max(reached, ts.num(i, "step"));
  }
  for (std::size_t i = 0; i < summary.rows.size(); ++i) EXPECT_LE(summary.num(i, "steps"), 3);
  EXPECT_EQ(reached, 3);
  // Limiting the steps does not change the steps that are run.
  const std::string limited_ts = read("three/timeseries.csv");
  for (const std::string& line : split_lines(limited_ts))
    EXPECT_TRUE(contains(read("all/timeseries.csv"), line + "\n")) << line;
}

TEST_F(KoubeiRun, SeedsFileNamesNodesByTheirOriginalIds) {
  // Two directed chains with large, non-contiguous ids and one isolated node:
  //   10000000000 -> 20000000000 -> 30000000005 -> 18446744073709551000
  //   7 -> 9000000000000000000
  write("graph.txt",
        "# large ids\n"
        "10000000000 20000000000\n"
        "20000000000\t30000000005\n"
        "30000000005,18446744073709551000\n"
        "7 9000000000000000000\n"
        "42\n");
  // Duplicates count once.
  write("seeds.txt", "# seeds\n30000000005\n7\n\n30000000005\n");
  RunResult r = koubei({"run", "--graph", "file:graph.txt", "--trust", "const:1", "--seeds-file",
                        "seeds.txt", "--reps", "3", "--out", "o"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  CsvTable ts = csv("o/timeseries.csv");
  CsvTable summary = csv("o/summary.csv");
  EXPECT_EQ(check_outputs(ts, summary), range(0, 2));
  for (std::size_t i = 0; i < summary.rows.size(); ++i) {
    EXPECT_EQ(summary.num(i, "nodes"), 7);
    EXPECT_EQ(summary.num(i, "arcs"), 4);
    EXPECT_EQ(summary.num(i, "seeds"), 2) << "two distinct ids";
    // With trust 1 the seeds 30000000005 and 7 each reach their one successor.
    EXPECT_EQ(summary.num(i, "final_adopters"), 4);
    EXPECT_EQ(summary.num(i, "steps"), 1);
  }
  for (std::size_t i = 0; i < ts.rows.size(); ++i)
    if (ts.num(i, "step") == 0) {
      EXPECT_EQ(ts.num(i, "adopters"), 2);
    }

  // Seeding the head of the long chain reaches all four of its nodes.
  write("head.txt", "10000000000\n");
  RunResult head = koubei({"run", "--graph", "file:graph.txt", "--trust", "const:1", "--seeds-file",
                           "head.txt", "--reps", "1", "--out", "h"});
  ASSERT_EQ(head.exit_code, 0) << head.describe();
  CsvTable hs = csv("h/summary.csv");
  ASSERT_EQ(hs.rows.size(), 1u);
  EXPECT_EQ(hs.num(0, "seeds"), 1);
  EXPECT_EQ(hs.num(0, "final_adopters"), 4);
  EXPECT_EQ(hs.num(0, "steps"), 3);
}

TEST_F(KoubeiRun, ConfigFileSetsOptionsAndTheCommandLineWins) {
  write("scenario.ini",
        "# a scenario\n"
        "graph = er:n=300,k=3\n"
        "seeds = 7   # seed users\n"
        "reps = 3\n"
        "rng-seed = 9\n"
        "out = from-ini\n");
  RunResult r = koubei({"run", "--config", "scenario.ini"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_FALSE(fs::exists(path("koubei-out")));
  CsvTable summary = csv("from-ini/summary.csv");
  EXPECT_EQ(check_outputs(csv("from-ini/timeseries.csv"), summary), range(0, 2));
  for (std::size_t i = 0; i < summary.rows.size(); ++i) {
    EXPECT_EQ(summary.num(i, "nodes"), 300);
    EXPECT_EQ(summary.num(i, "seeds"), 7);
    EXPECT_EQ(summary.num(i, "rng_seed"), 9);
  }

  // The command line overrides the same keys; the others still come from the file.
  RunResult o = koubei({"run", "--seeds", "9", "--config", "scenario.ini", "--out", "cli"});
  ASSERT_EQ(o.exit_code, 0) << o.describe();
  CsvTable overridden = csv("cli/summary.csv");
  ASSERT_EQ(overridden.rows.size(), 3u);
  for (std::size_t i = 0; i < overridden.rows.size(); ++i) {
    EXPECT_EQ(overridden.num(i, "seeds"), 9);
    EXPECT_EQ(overridden.num(i, "nodes"), 300);
    EXPECT_EQ(overridden.num(i, "rng_seed"), 9);
  }
  EXPECT_TRUE(contains(read("cli/config.ini"), "seeds = 9"));
}

TEST_F(KoubeiRun, ConfigFileCanSetSwitches) {
  // README: every option can also be a key of the INI file.
  write("quiet.ini",
        "graph = er:n=200,k=3\n"
        "seeds = 3\n"
        "reps = 2\n"
        "quiet = true\n");
  RunResult r = koubei({"run", "--config", "quiet.ini", "--out", "o"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(r.err, "") << "quiet = true should silence the info log";
  EXPECT_TRUE(fs::exists(path("o/summary.csv")));
}

TEST_F(KoubeiRun, ExampleScenariosRun) {
  // percolation.ini is the statistical check above, as a scenario file.
  RunResult perc =
      koubei({"run", "--config", (kSourceDir / "examples/scenarios/percolation.ini").string(),
              "--out", "perc"});
  ASSERT_EQ(perc.exit_code, 0) << perc.describe();
  CsvTable summary = csv("perc/summary.csv");
  ASSERT_EQ(summary.rows.size(), 20u);
  // All 20 replicates share one graph, whose giant is off S by as much as
  // the replicates spread: the mean's variance is that between graphs,
  // Var E[X | graph], which is at most the closed form's Var X (law of total
  // variance), plus the replicates' own s^2 / 20. So 5 of this SE bound:
  // 5 x sqrt(0.0049^2 + s^2 / 20), about 0.025.
  std::vector<double> fraction;
  for (std::size_t i = 0; i < summary.rows.size(); ++i)
    fraction.push_back(summary.real(i, "final_adopters") / summary.real(i, "nodes"));
  double mean = 0, var = 0;
  for (double f : fraction) mean += f / 20;
  for (double f : fraction) var += (f - mean) * (f - mean) / 19;
  const ErPercolation er(20000, 4.0 * 0.5, 20);
  EXPECT_NEAR(mean, er.expected, 5 * std::sqrt(er.sd * er.sd + var / 20));

  // email-lt.ini names its graph relative to the repository root, and this
  // test runs in a scratch directory: give the same file by its full path.
  RunResult email =
      koubei({"run", "--config", (kSourceDir / "examples/scenarios/email-lt.ini").string(),
              "--graph", "file:" + (kDataDir / "email-Eu-core.txt.gz").string() + ",directed=1",
              "--reps", "10", "--out", "email"});
  ASSERT_EQ(email.exit_code, 0) << email.describe();
  CsvTable email_summary = csv("email/summary.csv");
  EXPECT_EQ(check_outputs(csv("email/timeseries.csv"), email_summary), range(0, 9));
  EXPECT_EQ(email_summary.at(0, "rule"), "lt");
  EXPECT_EQ(email_summary.num(0, "nodes"), 1005);
  EXPECT_EQ(email_summary.num(0, "seeds"), 10);
}

// ------------------------------------------------------------ interruption

// Starts a long run and sends SIGINT once it is simulating (its graph log line
// is out) and at least 0.3 s have passed.
RunResult interrupted_run(TempDir& dir, const std::string& out) {
  auto process = dir.start(
      {"run", "--graph", "ba:n=300000,m=5", "--reps", "2000", "--threads", "2", "--out", out});
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::seconds(60);
  while (process->running() && std::chrono::steady_clock::now() < deadline &&
         (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(300) ||
          !contains(process->err_so_far(), "graph ba:n=300000,m=5:")))
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  process->signal(SIGINT);
  return process->wait(std::chrono::seconds(120));
}

std::vector<std::string> leftover_temporaries(const fs::path& dir) {
  std::vector<std::string> found;
  for (const std::string& name : list_files(dir))
    if (contains(name, ".tmp")) found.push_back(name);
  return found;
}

TEST_F(KoubeiRun, InterruptExits130AndWritesNothing) {
  RunResult r = interrupted_run(dir, "o");
  EXPECT_EQ(r.exit_code, 130) << r.describe();
  EXPECT_EQ(r.term_signal, 0) << r.describe();
  EXPECT_FALSE(fs::exists(path("o/timeseries.csv")));
  EXPECT_FALSE(fs::exists(path("o/summary.csv")));
  EXPECT_FALSE(fs::exists(path("o/config.ini")));
  EXPECT_TRUE(leftover_temporaries(path("o")).empty());
  EXPECT_TRUE(leftover_temporaries(dir.work()).empty());
  EXPECT_TRUE(contains(r.err, "interrupted")) << r.err;
}

// A FIFO as the edge list: koubei waits in open() for a writer, and a
// signal still stops it at once with its own message.
TEST_F(KoubeiRun, InterruptWhileWaitingOnAFifo) {
  ASSERT_EQ(::mkfifo(path("f").c_str(), 0600), 0);
  auto process = dir.start({"run", "--graph", "file:f", "--out", "o"});
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto start = std::chrono::steady_clock::now();
  process->signal(SIGINT);
  RunResult r = process->wait(std::chrono::seconds(30));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
  EXPECT_EQ(r.exit_code, 130) << r.describe();
  EXPECT_TRUE(contains(r.err, "interrupted")) << r.err;
  EXPECT_FALSE(fs::exists(path("o")));
}

// A pipe or FIFO is a good edge list when something writes it.
TEST_F(KoubeiRun, ReadsAnEdgeListFromAFifo) {
  ASSERT_EQ(::mkfifo(path("f").c_str(), 0600), 0);
  auto process = dir.start({"run", "--graph", "file:f,directed=0", "--seeds", "1", "--reps", "2",
                            "--trust", "const:1", "--out", "o", "-q"});
  {
    std::ofstream writer(path("f"));
    writer << "0 1\n1 2\n2 3\n";
  }
  RunResult r = process->wait(std::chrono::seconds(30));
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_TRUE(contains(r.out, "4 nodes")) << r.out;
}

// gen stops in the middle of generating a large graph and leaves nothing.
TEST_F(KoubeiRun, InterruptedGenLeavesNoOutput) {
  auto process = dir.start({"gen", "--graph", "ba:n=3000000,m=5", "--trust", "const:0.2",
                            "--threads", "1", "--out", "g.txt"});
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  process->signal(SIGINT);
  RunResult r = process->wait(std::chrono::seconds(60));
  EXPECT_EQ(r.exit_code, 130) << r.describe();
  EXPECT_TRUE(contains(r.err, "interrupted")) << r.err;
  EXPECT_EQ(list_files(dir.work()), std::vector<std::string>{});
}

TEST_F(KoubeiRun, InterruptLeavesAnEarlierCompleteOutputUntouched) {
  RunResult first =
      koubei({"run", "--graph", "er:n=500,k=3", "--reps", "3", "--seeds", "5", "--out", "o"});
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  const std::vector<std::string> files = list_files(path("o"));
  ASSERT_EQ(files, (std::vector<std::string>{"command.txt", "config.ini", "summary.csv", "timeseries.csv"}));
  std::vector<std::string> before;
  for (const std::string& f : files) before.push_back(read("o/" + f));
  const auto mtime = fs::last_write_time(path("o/summary.csv"));

  RunResult r = interrupted_run(dir, "o");
  EXPECT_EQ(r.exit_code, 130) << r.describe();
  EXPECT_EQ(list_files(path("o")), files) << "no leftover temporary files";
  for (std::size_t i = 0; i < files.size(); ++i)
    EXPECT_TRUE(same_text(read("o/" + files[i]), before[i])) << files[i] << " changed";
  EXPECT_EQ(fs::last_write_time(path("o/summary.csv")), mtime);
}

// ------------------------------------------------------------ help and version

TEST_F(KoubeiRun, HelpListsEveryOption) {
  RunResult r = koubei({"run", "--help"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  for (const char* option :
       {"--graph", "--trust", "--rule", "--seeds", "--steps", "--reps", "--replicates",
        "--rng-seed", "--threads", "--out", "--log-level", "--quiet", "--config", "--seeds-file"})
    EXPECT_TRUE(contains(r.out, option)) << option << " missing from\n" << r.out;
  EXPECT_FALSE(fs::exists(path("koubei-out"))) << "--help runs nothing";
}

TEST_F(KoubeiRun, TopLevelHelpAndVersion) {
  RunResult help = koubei({"--help"});
  ASSERT_EQ(help.exit_code, 0) << help.describe();
  EXPECT_TRUE(contains(help.out, "koubei run")) << help.out;
  EXPECT_TRUE(contains(help.out, "koubei gen")) << help.out;

  RunResult version = koubei({"--version"});
  ASSERT_EQ(version.exit_code, 0) << version.describe();
  EXPECT_TRUE(starts_with(version.out, "koubei ")) << version.out;
  const std::string number = version.out.substr(7, version.out.find('\n') - 7);
  EXPECT_FALSE(number.empty());
  EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(number.front()))) << version.out;
  EXPECT_EQ(std::count(number.begin(), number.end(), '.'), 2) << version.out;
}

TEST_F(KoubeiRun, QuietSilencesInfoLogs) {
  RunResult r =
      koubei({"run", "--graph", "er:n=200,k=3", "--reps", "2", "--seeds", "3", "-q", "--out", "o"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(r.err, "");
  EXPECT_FALSE(r.out.empty());
}

}  // namespace
}  // namespace koubei_cli_test
