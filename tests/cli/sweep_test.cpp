// koubei sweep end to end: a grid over trust, its points, summary and
// aggregate files, and their independence from the thread count.

#include <gtest/gtest.h>

#include "cli_test_util.hpp"

namespace koubei_cli_test {
namespace {

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
  CsvTable points = csv("s/points.csv");
  ASSERT_EQ(points.rows.size(), 3u);
  EXPECT_EQ(points.header, (CsvRecord{"point", "trust"}));
  EXPECT_EQ(points.at(2, "trust"), "const:0.5");
  CsvTable summary = csv("s/summary.csv");
  ASSERT_EQ(summary.rows.size(), 150u);
  double mean[3] = {0, 0, 0};
  for (std::size_t i = 0; i < summary.rows.size(); ++i)
    mean[summary.num(i, "run")] += summary.real(i, "final_adopters") / 20000.0 / 50;
  EXPECT_LT(mean[0], mean[1]);
  EXPECT_LT(mean[1], mean[2]);
  EXPECT_NEAR(mean[2], 0.797, 0.03);  // bond percolation, S = 1 - exp(-2 S)
  CsvTable aggregate = csv("s/aggregate.csv");
  EXPECT_EQ(aggregate.header.at(0), "point");
  EXPECT_EQ(aggregate.header.at(2), "unaware_mean");
  EXPECT_GT(aggregate.rows.size(), 3u);
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

}  // namespace
}  // namespace koubei_cli_test
