// aggregate.csv: per-step statistics over the replicates of a point, from
// hand-made records.

#include "koubei/batch/aggregate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "koubei/batch/statistics.hpp"
#include "koubei/io/csv.hpp"

namespace koubei {
namespace {

using Row = std::map<std::string, double>;

// The rows of aggregate_rows(), each by column name.
std::vector<Row> parse(const std::string& rows) {
  const auto header = split_csv_line(aggregate_header().substr(0, aggregate_header().size() - 1));
  std::vector<Row> out;
  std::istringstream in(rows);
  for (std::string line; std::getline(in, line);) {
    const auto fields = split_csv_line(line);
    EXPECT_TRUE(fields && fields->size() == header->size()) << line;
    if (!fields || fields->size() != header->size()) continue;
    Row row;
    for (std::size_t i = 0; i < fields->size(); ++i) row[(*header)[i]] = std::stod((*fields)[i]);
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<double> steps_of(const std::vector<Row>& rows) {
  std::vector<double> out;
  for (const Row& row : rows) out.push_back(row.at("step"));
  return out;
}

// A replicate of `n` steps in which every count of step t is a distinct
// function of t and `base`.
ReplicateResult hand_built(std::uint32_t replicate, std::uint32_t n, std::uint64_t base) {
  ReplicateResult r;
  r.replicate = replicate;
  r.seeds = base;
  for (std::uint32_t t = 0; t < n; ++t) {
    StepRecord s;
    s.step = t;
    s.counts = {1000 - base - t, base + 2 * t, base + t, t, t / 3};
    s.transitions = {2 + t, 1 + t, 1, t % 2};
    s.channels.exposures = {10 + t, 20 + t, 30 + t, 40 + t};
    s.channels.cost = 0.5 + t;
    r.steps.push_back(s);
  }
  return r;
}

ReplicateRecord record(const ReplicateResult& result, std::uint32_t record_every) {
  return make_record(0, {0, 1, "ic", 1000, 4000}, result, record_every);
}

TEST(Aggregate, HeaderNamesFourStatisticsPerColumn) {
  const std::string header = aggregate_header();
  EXPECT_EQ(header.substr(0, 60),
            "point,step,unaware_mean,unaware_sd,unaware_lo,unaware_hi,awa");
  EXPECT_NE(header.find(",new_churned_mean,new_churned_sd,new_churned_lo,new_churned_hi,"),
            std::string::npos);
  EXPECT_TRUE(header.ends_with(
      ",new_adopters_ads_mean,new_adopters_ads_sd,new_adopters_ads_lo,new_adopters_ads_hi\n"));
  const auto fields = split_csv_line(header.substr(0, header.size() - 1));
  ASSERT_TRUE(fields);
  EXPECT_EQ(fields->size(), 2u + 19u * 4u);
}

TEST(Aggregate, NothingToAggregateGivesNoRows) {
  EXPECT_EQ(aggregate_rows(0, {}, 1), "");
  const std::vector<ReplicateRecord> records = {record(hand_built(0, 3, 5), 1)};
  EXPECT_EQ(aggregate_rows(0, records, 0), "");
}

TEST(Aggregate, EveryStepWithoutThinning) {
  const std::vector<ReplicateRecord> records = {record(hand_built(0, 4, 5), 1),
                                                record(hand_built(1, 4, 7), 1)};
  const std::string text = aggregate_rows(9, records);
  const auto rows = parse(text);
  EXPECT_EQ(steps_of(rows), (std::vector<double>{0, 1, 2, 3}));
  EXPECT_TRUE(text.starts_with("9,0,"));
  EXPECT_EQ(rows[2].at("point"), 9);
  EXPECT_EQ(rows[2].at("adopters_mean"), 8);   // (5 + 2 + 7 + 2) / 2
  EXPECT_EQ(rows[2].at("aware_mean"), 10);     // (9 + 11) / 2
  EXPECT_EQ(rows[2].at("cost_mean"), 2.5);
  EXPECT_EQ(rows[2].at("exposures_ads_mean"), 42);
  EXPECT_EQ(rows[2].at("exposures_ads_sd"), 0);
}

TEST(Aggregate, ThinnedRecordsGiveRowsAtMultiplesOfKAndTheLastStep) {
  // Steps 0..10 and 0..5, every third kept: rows at 0, 3, 6, 9 and 10.
  const std::vector<ReplicateRecord> records = {record(hand_built(0, 11, 5), 3),
                                                record(hand_built(1, 6, 7), 3)};
  const auto rows = parse(aggregate_rows(0, records, 3));
  ASSERT_EQ(steps_of(rows), (std::vector<double>{0, 3, 6, 9, 10}));
  // At step 3 both replicates ran: their own values.
  EXPECT_EQ(rows[1].at("adopters_mean"), (5 + 3 + 7 + 3) / 2.0);
  EXPECT_EQ(rows[1].at("new_aware_mean"), 5);
  // At step 9 the second replicate has ended at step 5.
  EXPECT_EQ(rows[3].at("adopters_mean"), (5 + 9 + 7 + 5) / 2.0);
  EXPECT_EQ(rows[3].at("new_aware_mean"), (2 + 9) / 2.0);
  // The last row is the last step of the longest replicate.
  EXPECT_EQ(rows[4].at("adopters_mean"), (5 + 10 + 7 + 5) / 2.0);
  EXPECT_EQ(rows[4].at("unaware_mean"), ((1000 - 5 - 10) + (1000 - 7 - 5)) / 2.0);
}

TEST(Aggregate, ThinningWhenTheLastStepIsAMultipleOfK) {
  const std::vector<ReplicateRecord> records = {record(hand_built(0, 7, 5), 3),
                                                record(hand_built(1, 2, 7), 3)};
  const auto rows = parse(aggregate_rows(0, records, 3));
  EXPECT_EQ(steps_of(rows), (std::vector<double>{0, 3, 6}));
}

TEST(Aggregate, AReplicateThatEndedCountsAtItsFinalStateWithNothingNew) {
  // The first replicate runs to step 3; the second ends at step 1.
  const std::vector<ReplicateRecord> records = {record(hand_built(0, 4, 5), 1),
                                                record(hand_built(1, 2, 7), 1)};
  const auto rows = parse(aggregate_rows(0, records));
  ASSERT_EQ(steps_of(rows), (std::vector<double>{0, 1, 2, 3}));
  const Row& row = rows[3];
  // Counts: the second replicate's step 1.
  EXPECT_EQ(row.at("unaware_mean"), ((1000 - 5 - 3) + (1000 - 7 - 1)) / 2.0);
  EXPECT_EQ(row.at("aware_mean"), ((5 + 6) + (7 + 2)) / 2.0);
  EXPECT_EQ(row.at("adopters_mean"), ((5 + 3) + (7 + 1)) / 2.0);
  EXPECT_EQ(row.at("promoters_mean"), (3 + 1) / 2.0);
  EXPECT_EQ(row.at("churned_mean"), (1 + 0) / 2.0);
  // Transitions, exposures and cost: zero for the second replicate.
  EXPECT_EQ(row.at("new_aware_mean"), (2 + 3) / 2.0);
  EXPECT_EQ(row.at("new_adopters_mean"), (1 + 3) / 2.0);
  EXPECT_EQ(row.at("new_promoters_mean"), 1 / 2.0);
  EXPECT_EQ(row.at("new_churned_mean"), 1 / 2.0);
  EXPECT_EQ(row.at("exposures_referral_mean"), 13 / 2.0);
  EXPECT_EQ(row.at("exposures_forum_mean"), 23 / 2.0);
  EXPECT_EQ(row.at("exposures_microblog_mean"), 33 / 2.0);
  EXPECT_EQ(row.at("exposures_ads_mean"), 43 / 2.0);
  EXPECT_EQ(row.at("cost_mean"), 3.5 / 2.0);
  // Step 1 is the second replicate's own last step: its transitions count.
  EXPECT_EQ(rows[1].at("new_aware_mean"), (3 + 3) / 2.0);
  EXPECT_EQ(rows[1].at("cost_mean"), 1.5);
}

TEST(Aggregate, MeanSdAndStudentTIntervalOverThreeReplicates) {
  // Adopters 1, 2 and 6 at step 0: mean 3, sd sqrt(((-2)^2 + (-1)^2 + 3^2) / 2) = sqrt(7).
  std::vector<ReplicateRecord> records;
  for (std::uint64_t adopters : {1, 2, 6}) {
    ReplicateResult result = hand_built(static_cast<std::uint32_t>(records.size()), 1, 0);
    result.steps[0].counts.adopters = adopters;
    records.push_back(record(result, 1));
  }
  const auto rows = parse(aggregate_rows(0, records));
  ASSERT_EQ(rows.size(), 1u);
  // t(0.975, 2) = 0.95 / sqrt(2 * 0.975 * 0.025), the closed form for 2 degrees of freedom.
  const double half = 4.302652729749462 * std::sqrt(7.0) / std::sqrt(3.0);
  EXPECT_DOUBLE_EQ(rows[0].at("adopters_mean"), 3.0);
  EXPECT_DOUBLE_EQ(rows[0].at("adopters_sd"), std::sqrt(7.0));
  EXPECT_NEAR(rows[0].at("adopters_lo"), 3.0 - half, 1e-12);
  EXPECT_NEAR(rows[0].at("adopters_hi"), 3.0 + half, 1e-12);
  // Printed so as to read back to estimate()'s doubles exactly.
  const std::vector<double> values = {1, 2, 6};
  const Estimate e = estimate(values);
  EXPECT_EQ(rows[0].at("adopters_mean"), e.mean);
  EXPECT_EQ(rows[0].at("adopters_sd"), e.sd);
  EXPECT_EQ(rows[0].at("adopters_lo"), e.lo);
  EXPECT_EQ(rows[0].at("adopters_hi"), e.hi);
  // Equal values: no spread, the interval is the mean.
  EXPECT_EQ(rows[0].at("exposures_ads_sd"), 0);
  EXPECT_EQ(rows[0].at("exposures_ads_lo"), 40);
  EXPECT_EQ(rows[0].at("exposures_ads_hi"), 40);
}

TEST(Aggregate, OneReplicateHasNoSpread) {
  const std::vector<ReplicateRecord> records = {record(hand_built(0, 2, 5), 1)};
  const auto rows = parse(aggregate_rows(0, records));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].at("adopters_mean"), 6);
  EXPECT_EQ(rows[1].at("adopters_sd"), 0);
  EXPECT_EQ(rows[1].at("adopters_lo"), 6);
  EXPECT_EQ(rows[1].at("adopters_hi"), 6);
}

}  // namespace
}  // namespace koubei
