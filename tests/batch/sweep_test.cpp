#include "koubei/batch/sweep.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <sstream>

#include "koubei/batch/aggregate.hpp"
#include "koubei/batch/run.hpp"
#include "koubei/batch/statistics.hpp"
#include "koubei/core/error.hpp"

namespace koubei {
namespace {

std::vector<std::string> values(const SweepAxis& axis) {
  std::vector<std::string> out;
  for (const auto& row : axis.rows) out.push_back(row.at(0));
  return out;
}

TEST(SweepAxis, ListsAndRanges) {
  SweepAxis rules = SweepAxis::parse("rule=ic; lt;bass:p=0.01,q=0.3");
  EXPECT_EQ(rules.keys, (std::vector<std::string>{"rule"}));
  EXPECT_EQ(values(rules), (std::vector<std::string>{"ic", "lt", "bass:p=0.01,q=0.3"}));
  EXPECT_EQ(values(SweepAxis::parse("steps=100:400:100")),
            (std::vector<std::string>{"100", "200", "300", "400"}));
  EXPECT_EQ(values(SweepAxis::parse("adoption.churn=0.1:0.3:0.1")),
            (std::vector<std::string>{"0.1", "0.2", "0.3"}));
  EXPECT_EQ(values(SweepAxis::parse("trust=uniform:0.1:0.3")),
            (std::vector<std::string>{"uniform:0.1:0.3"}));  // not a numeric range
  EXPECT_THROW(SweepAxis::parse("=1;2"), InputError);
  EXPECT_THROW(SweepAxis::parse("steps="), InputError);
  EXPECT_THROW(SweepAxis::parse("steps=400:100:100"), InputError);
}

TEST(SweepDefinition, PointsAreRowMajorWithTheLastAxisFastest) {
  SweepDefinition sweep;
  sweep.base.graph = "er:n=100,k=2";
  sweep.axes = {SweepAxis::parse("rule=ic;lt"), SweepAxis::parse("seeds=1;2;3")};
  const auto points = sweep.points();
  ASSERT_EQ(points.size(), 6u);
  EXPECT_EQ(points[1].values, (std::vector<std::string>{"ic", "2"}));
  EXPECT_EQ(points[3].values, (std::vector<std::string>{"lt", "1"}));
  EXPECT_EQ(points[3].config.rule, "lt");
  EXPECT_EQ(points[3].config.seeds, 1);
  EXPECT_EQ(points[5].index, 5u);
}

TEST(SweepDefinition, BadValuesNameThePoint) {
  SweepDefinition sweep;
  sweep.axes = {SweepAxis::parse("trust=const:0.1;const:2")};
  try {
    sweep.points();
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("const:2"), std::string::npos) << e.what();
  }
  sweep.axes = {SweepAxis::parse("nosuch=1")};
  EXPECT_THROW(sweep.points(), InputError);
}

// A point equals the same single run: the streams do not depend on the point.
TEST(Sweep, APointEqualsTheSameRunAndAggregatesMatchADirectComputation) {
  SweepDefinition sweep;
  sweep.base.graph = "er:n=2000,k=4";
  sweep.base.seeds = 5;
  sweep.base.reps = 12;
  sweep.base.threads = 2;
  sweep.axes = {SweepAxis::parse("trust=const:0.2;const:0.5")};
  std::map<std::uint32_t, std::map<std::uint32_t, ReplicateRecord>> by_point;
  SweepCallbacks callbacks;
  callbacks.on_record = [&](const ReplicateRecord& record, std::string_view) {
    by_point[record.point][record.replicate()] = record;
  };
  run_sweep(sweep, {}, callbacks);
  RunConfig single = sweep.base;
  single.trust = "const:0.5";
  single.threads = 1;
  const std::vector<RunReport> alone = run(single);
  std::string series;
  std::vector<ReplicateRecord> results;
  for (const auto& [replicate, record] : by_point[1]) {
    append_timeseries_rows(series, 0, replicate, record.steps);
    results.push_back(record);
  }
  EXPECT_EQ(timeseries_csv({}, alone[0].batch.replicates, false), series);

  // aggregate.csv's adopters columns at the last step against the summary values.
  std::size_t steps = 0;
  for (const auto& r : results) steps = std::max<std::size_t>(steps, r.steps.size());
  std::vector<double> final_adopters;
  for (const auto& r : results)
    final_adopters.push_back(static_cast<double>(r.summary.final_counts.adopters));
  const Estimate direct = estimate(final_adopters);
  std::istringstream rows(aggregate_rows(1, results));
  std::string line, last;
  while (std::getline(rows, line)) last = line;
  std::vector<std::string> fields;
  std::stringstream split(last);
  for (std::string f; std::getline(split, f, ',');) fields.push_back(f);
  // point, step, then unaware (4), aware (4), adopters (mean, sd, lo, hi).
  ASSERT_GE(fields.size(), 14u);
  EXPECT_EQ(std::stoul(fields[1]), steps - 1);
  EXPECT_DOUBLE_EQ(std::stod(fields[10]), direct.mean);
  EXPECT_DOUBLE_EQ(std::stod(fields[11]), direct.sd);
  EXPECT_DOUBLE_EQ(std::stod(fields[12]), direct.lo);
  EXPECT_DOUBLE_EQ(std::stod(fields[13]), direct.hi);
  EXPECT_GT(direct.sd, 0.0);
}

}  // namespace
}  // namespace koubei
