// koubei compare end to end: the table on stdout, comparison.csv, bad rules.

#include <gtest/gtest.h>

#include "cli_test_util.hpp"

namespace koubei_cli_test {
namespace {

class KoubeiCompare : public CliTest {};

TEST_F(KoubeiCompare, PrintsAndWritesTheTable) {
  RunResult r = koubei({"compare", "--graph", "ba:n=20000,m=5", "--trust", "wc", "--rules",
                        "ic;lt", "--seeds", "100", "--reps", "20", "--out", "c", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.out.find("final adopters (95% CI)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nic "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nlt "), std::string::npos) << r.out;
  CsvTable table = csv("c/comparison.csv");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.at(0, "rule"), "ic");
  EXPECT_EQ(table.at(1, "rule"), "lt");
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(table.num(i, "replicates"), 20);
    EXPECT_EQ(table.num(i, "nodes"), 20000);
    // Weighted cascade from 100 seeds reaches about a thousand users per
    // 100,000 on BA; at 20,000 users a few hundred.
    EXPECT_GT(table.real(i, "final_adopters_mean"), 100.0);
    EXPECT_LT(table.real(i, "final_adopters_lo"), table.real(i, "final_adopters_mean"));
    EXPECT_GT(table.real(i, "final_adopters_hi"), table.real(i, "final_adopters_mean"));
    EXPECT_GT(table.real(i, "arcs_per_second"), 0.0);
  }
}

TEST_F(KoubeiCompare, SameCommandSameNumbersWhateverTheThreads) {
  auto run = [&](const std::string& out, const std::string& threads) {
    return koubei({"compare", "--graph", "er:n=5000,k=4", "--trust", "const:0.3", "--rules",
                   "ic;lt;bass:p=0.01,q=0.3", "--steps", "30", "--seeds", "10", "--reps", "12",
                   "--threads", threads, "--out", out, "-q"});
  };
  ASSERT_EQ(run("one", "1").exit_code, 0);
  ASSERT_EQ(run("two", "2").exit_code, 0);
  // All but the two timing columns.
  EXPECT_TRUE(same_text(
      csv_without_column(csv_without_column(read("one/comparison.csv"), "arcs_per_second"),
                         "wall_ms_per_replicate"),
      csv_without_column(csv_without_column(read("two/comparison.csv"), "arcs_per_second"),
                         "wall_ms_per_replicate")));
}

// config.ini holds the version, the rules, the seedings and the base
// scenario with its seed: `koubei compare --config` on it repeats the
// comparison, and a run is not let to mix its files with it.
TEST_F(KoubeiCompare, ConfigIniRepeatsTheComparison) {
  RunResult r = koubei({"compare", "--graph", "er:n=3000,k=4", "--trust", "const:0.3", "--rules", "ic;lt",
                        "--seedings", "random:k=5;degree:k=5", "--reps", "4", "--rng-seed", "77", "--out", "c",
                        "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const std::string config = read("c/config.ini");
  EXPECT_EQ(config.rfind("# koubei ", 0), 0u) << config;
  for (const char* line : {"\nrules = ic;lt\n", "\nseedings = random:k=5;degree:k=5\n", "\nrng-seed = 77\n",
                           "\ngraph = er:n=3000,k=4\n"})
    EXPECT_NE(config.find(line), std::string::npos) << line << config;
  RunResult again = koubei({"compare", "--config", "c/config.ini", "--out", "c2", "-q"});
  ASSERT_EQ(again.exit_code, 0) << again.describe();
  auto without_timings = [&](const std::string& file) {
    return csv_without_column(csv_without_column(read(file), "arcs_per_second"), "wall_ms_per_replicate");
  };
  EXPECT_TRUE(same_text(without_timings("c/comparison.csv"), without_timings("c2/comparison.csv")));
  EXPECT_TRUE(same_text(read("c/aggregate.csv"), read("c2/aggregate.csv")));

  RunResult run = koubei({"run", "--graph", "er:n=300,k=3", "--out", "c"});
  EXPECT_EQ(run.exit_code, 2) << run.describe();
  EXPECT_NE(run.err.find("'c' holds the results of a koubei compare"), std::string::npos) << run.err;
}

TEST_F(KoubeiCompare, ABadRuleIsNamed) {
  RunResult r = koubei({"compare", "--graph", "er:n=100,k=2", "--rules", "ic;nosuch", "--out",
                        "bad"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("nosuch"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace koubei_cli_test
