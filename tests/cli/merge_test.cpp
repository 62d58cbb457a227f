// koubei merge end to end: slices of a sweep joined into the files of one
// run, and slices that do not fit together refused.

#include <gtest/gtest.h>

#include "cli_test_util.hpp"

namespace koubei_cli_test {
namespace {

class KoubeiMerge : public CliTest {
 protected:
  RunResult sweep(const std::string& out, const std::string& slice) {
    return koubei({"sweep", "--graph", "er:n=3000,k=4", "--vary",
                   "trust=const:0.1;const:0.2;const:0.3;const:0.4;const:0.5", "--rule", "ic",
                   "--seeds", "5", "--reps", "6", "--timeseries", "all", "--slice", slice,
                   "--out", out, "-q"});
  }
  void expect_same_files(const std::string& a, const std::string& b) {
    for (const char* name :
         {"points.csv", "aggregate.csv", "timeseries.csv", "failures.csv", "config.ini"})
      EXPECT_TRUE(same_text(read(a + "/" + name), read(b + "/" + name))) << name;
    EXPECT_TRUE(same_text(csv_without_column(read(a + "/summary.csv"), "wall_ms"),
                          csv_without_column(read(b + "/summary.csv"), "wall_ms")));
  }
};

TEST_F(KoubeiMerge, SlicesMergeIntoTheFilesOfOneRun) {
  ASSERT_EQ(sweep("whole", "0/1").exit_code, 0);
  for (const char* slice : {"0/3", "1/3", "2/3"}) {
    RunResult r = sweep(std::string("part") + slice[0], slice);
    ASSERT_EQ(r.exit_code, 0) << r.describe();
  }
  EXPECT_EQ(csv("part1/points.csv").rows.size(), 2u);  // points 1 and 4
  RunResult r = koubei({"merge", "--out", "merged", "part2", "part0", "part1"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  expect_same_files("whole", "merged");
}

TEST_F(KoubeiMerge, AMissingOrRepeatedSliceIsRefused) {
  ASSERT_EQ(sweep("part0", "0/2").exit_code, 0);
  ASSERT_EQ(sweep("part1", "1/2").exit_code, 0);
  RunResult missing = koubei({"merge", "--out", "m", "part0"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("slice 1/2 is missing"), std::string::npos) << missing.err;
  RunResult twice = koubei({"merge", "--out", "m", "part0", "part0", "part1"});
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("both slice 0/2"), std::string::npos) << twice.err;
  EXPECT_FALSE(fs::exists(path("m/summary.csv")));
}

TEST_F(KoubeiMerge, SlicesOfDifferentSweepsAreRefused) {
  ASSERT_EQ(sweep("part0", "0/2").exit_code, 0);
  RunResult other = koubei({"sweep", "--graph", "er:n=3000,k=4", "--vary",
                            "trust=const:0.1;const:0.2;const:0.3;const:0.4;const:0.5", "--rule",
                            "lt", "--seeds", "5", "--reps", "6", "--timeseries", "all", "--slice",
                            "1/2", "--out", "part1", "-q"});
  ASSERT_EQ(other.exit_code, 0) << other.describe();
  RunResult r = koubei({"merge", "--out", "m", "part0", "part1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("different sweeps"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("rule"), std::string::npos) << r.err;
}

TEST_F(KoubeiMerge, AnUnfinishedSliceIsRefused) {
  ASSERT_EQ(sweep("part0", "0/2").exit_code, 0);
  fs::create_directories(path("part1/.partial"));
  RunResult r = koubei({"merge", "--out", "m", "part0", "part1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unfinished"), std::string::npos) << r.err;
}

// A slice that lost rows (a file edited, cut, or copied in part) is refused,
// naming the slice and what is missing, and nothing is written.
TEST_F(KoubeiMerge, ASliceThatLostRowsIsRefused) {
  ASSERT_EQ(sweep("part0", "0/2").exit_code, 0);
  ASSERT_EQ(sweep("part1", "1/2").exit_code, 0);
  const std::string summary = read("part1/summary.csv");
  auto without_line = [](const std::string& text, std::size_t index) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < index; ++i) start = text.find('\n', start) + 1;
    const std::size_t end = text.find('\n', start) + 1;
    return text.substr(0, start) + text.substr(end);
  };
  // The last replicate of the last point: nothing but the count shows it.
  std::size_t lines = 0;
  for (char c : summary) lines += c == '\n';
  write("part1/summary.csv", without_line(summary, lines - 1));
  RunResult last = koubei({"merge", "--out", "m", "part0", "part1"});
  EXPECT_EQ(last.exit_code, 2) << last.describe();
  EXPECT_TRUE(contains(last.err, "slice 'part1' is incomplete")) << last.err;
  EXPECT_TRUE(contains(last.err, "point 3 has replicates 0..4 of 0..5")) << last.err;
  // A replicate in the middle.
  write("part1/summary.csv", without_line(summary, 3));
  RunResult middle = koubei({"merge", "--out", "m", "part0", "part1"});
  EXPECT_EQ(middle.exit_code, 2) << middle.describe();
  EXPECT_TRUE(contains(middle.err, "point 1 lacks replicate 2")) << middle.err;
  // A point.
  write("part1/summary.csv", summary);
  const std::string points = read("part1/points.csv");
  write("part1/points.csv", without_line(points, 1));
  RunResult point = koubei({"merge", "--out", "m", "part0", "part1"});
  EXPECT_EQ(point.exit_code, 2) << point.describe();
  EXPECT_TRUE(contains(point.err, "points.csv lists point 3 where point 1 belongs")) << point.err;
  EXPECT_FALSE(fs::exists(path("m/config.ini")));
}

}  // namespace
}  // namespace koubei_cli_test
