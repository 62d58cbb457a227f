#include "koubei/batch/compare.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "koubei/core/error.hpp"

namespace koubei {
namespace {

// A directed path 1 -> 2 -> 3 -> 4 with node 1 as the only seed: with trust
// 1 every rule that passes a full-trust referral on reaches all four users
// in three steps; with trust 0 nobody follows the seed.
class CompareOnAPath : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("compare_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "path.txt") << "1 2\n2 3\n3 4\n";
    std::ofstream(dir_ / "seeds.txt") << "1\n";
    base_.graph = "file:" + (dir_ / "path.txt").string();  // directed
    base_.seeds_file = (dir_ / "seeds.txt").string();
    base_.reps = 5;
    base_.threads = 2;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  RunConfig base_;
};

TEST_F(CompareOnAPath, FullTrustReachesEveryoneUnderEveryRule) {
  base_.trust = "const:1";
  const auto rows = compare_rules(base_, split_rules("ic; lt"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].rule, "ic");
  EXPECT_EQ(rows[1].rule, "lt");
  for (const RuleComparison& row : rows) {
    EXPECT_EQ(row.nodes, 4u);
    EXPECT_EQ(row.arcs, 3u);
    EXPECT_EQ(row.replicates, 5u);
    EXPECT_EQ(row.failed, 0u);
    EXPECT_EQ(row.final_adopters.mean, 4.0);
    EXPECT_EQ(row.final_adopters.sd, 0.0);
    EXPECT_EQ(row.final_adopters.lo, 4.0);
    EXPECT_EQ(row.final_adopters.hi, 4.0);
    EXPECT_EQ(row.time_to_half.mean, 1.0);  // 2 of 4 adopters after one step
    EXPECT_EQ(row.arcs_examined, 3.0);      // each adopter's one out-arc, the last has none
  }
}

TEST_F(CompareOnAPath, NoTrustLeavesTheSeedAlone) {
  base_.trust = "const:0";
  const auto rows = compare_rules(base_, {"ic", "lt"});
  for (const RuleComparison& row : rows) {
    EXPECT_EQ(row.final_adopters.mean, 1.0);
    EXPECT_EQ(row.time_to_half.mean, 0.0);
  }
}

TEST_F(CompareOnAPath, TheTableAndTheCsvCarryEveryRule) {
  base_.trust = "const:1";
  const auto rows = compare_rules(base_, {"ic", "lt"});
  const std::string csv = comparison_csv(rows);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "rule,seeding,nodes,arcs,replicates,failed,final_adopters_mean,final_adopters_sd,"
            "final_adopters_lo,final_adopters_hi,final_fraction_mean,t_50pct_mean,"
            "arcs_examined_mean,arcs_per_second,wall_ms_per_replicate");
  const std::string seeding = "file:" + base_.seeds_file;
  EXPECT_NE(csv.find("\nic," + seeding + ",4,3,5,0,4,0,4,4,1,1,3,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nlt," + seeding + ",4,3,5,0,4,0,4,4,1,1,3,"), std::string::npos) << csv;
  const std::string table = comparison_table(rows);
  EXPECT_NE(table.find("4.0 ± 0.0"), std::string::npos) << table;
  EXPECT_NE(table.find("100.00%"), std::string::npos) << table;
}

TEST(Compare, SplitsRulesOnSemicolonsAndRejectsBadOnes) {
  EXPECT_EQ(split_rules("ic;bass:p=0.01,q=0.3; lt"),
            (std::vector<std::string>{"ic", "bass:p=0.01,q=0.3", "lt"}));
  RunConfig base;
  base.graph = "er:n=100,k=2";
  EXPECT_THROW(compare_rules(base, {"ic", "nosuchrule"}), InputError);
  EXPECT_THROW(compare_rules(base, {}), InputError);
}

// Like for like: the same replicate draws the same seed users under every
// rule, so a rule compared with itself gives identical rows.
TEST(Compare, TheSameRuleTwiceGivesTheSameSpread) {
  RunConfig base;
  base.graph = "ba:n=3000,m=3";
  base.trust = "wc";
  base.seeds = SeedingSpec::random(10);
  base.reps = 8;
  const auto rows = compare_rules(base, {"ic", "ic"});
  EXPECT_EQ(rows[0].final_adopters.mean, rows[1].final_adopters.mean);
  EXPECT_EQ(rows[0].final_adopters.sd, rows[1].final_adopters.sd);
  EXPECT_EQ(rows[0].arcs_examined, rows[1].arcs_examined);
}

}  // namespace
}  // namespace koubei
