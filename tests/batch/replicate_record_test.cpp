// Records of finished replicates: what make_record keeps, and the one-line
// text they travel and are journaled as.

#include "koubei/batch/replicate_record.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <vector>

namespace koubei {
namespace {

// A replicate of `n` steps (0..n-1) whose every field differs from step to
// step, so that a field read into the wrong place shows.
ReplicateResult hand_built(std::uint32_t n) {
  ReplicateResult r;
  r.replicate = 7;
  r.seeds = 5;
  r.ever_adopted = 40;
  r.arcs_examined = 123456789012ULL;
  r.wall_ms = 0.1;
  for (std::uint32_t t = 0; t < n; ++t) {
    StepRecord s;
    s.step = t;
    s.counts = {1000 - 10 * t, 10 * t + 1, 10 * t + 5, t, t / 2};
    s.transitions = {t + 1, t + 2, t + 3, t + 4};
    s.phase = static_cast<std::int8_t>(t % 2 == 0 ? -1 : 2);
    s.channels.exposures = {100 + t, 200 + t, 300 + t, 400 + t};
    s.channels.cost = t % 2 == 0 ? 0.1 : 1e-300;
    r.steps.push_back(s);
  }
  return r;
}

RunDescription description() { return {0, 42, "bass:p=0.01, q=0.3 (50%)", 500, 2000}; }

void expect_same_step(const StepRecord& a, const StepRecord& b) {
  EXPECT_EQ(a.step, b.step);
  EXPECT_EQ(a.counts, b.counts) << "step " << a.step;
  EXPECT_EQ(a.transitions, b.transitions) << "step " << a.step;
  EXPECT_EQ(a.phase, b.phase) << "step " << a.step;
  EXPECT_EQ(a.channels.exposures, b.channels.exposures) << "step " << a.step;
  EXPECT_EQ(a.channels.cost, b.channels.cost) << "step " << a.step;  // exactly
}

void expect_same_summary(const ReplicateSummary& a, const ReplicateSummary& b) {
  EXPECT_EQ(a.replicate, b.replicate);
  EXPECT_EQ(a.seeds, b.seeds);
  EXPECT_EQ(a.steps, b.steps);
  EXPECT_EQ(a.final_counts, b.final_counts);
  EXPECT_EQ(a.total_cost, b.total_cost);
  EXPECT_EQ(a.wall_ms, b.wall_ms);
  EXPECT_EQ(a.arcs_examined, b.arcs_examined);
  EXPECT_EQ(a.ever_adopted, b.ever_adopted);
  EXPECT_EQ(a.t_10pct, b.t_10pct);
  EXPECT_EQ(a.t_50pct, b.t_50pct);
}

std::vector<std::uint32_t> kept_steps(const ReplicateRecord& record) {
  std::vector<std::uint32_t> out;
  for (const StepRecord& s : record.steps) out.push_back(s.step);
  return out;
}

TEST(ReplicateRecord, AnOkRecordRoundTripsExactly) {
  const ReplicateRecord record = make_record(3, description(), hand_built(6), 2);
  ASSERT_EQ(kept_steps(record), (std::vector<std::uint32_t>{0, 2, 4, 5}));
  const std::string line = encode_record(record);
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);  // one line

  const auto back = decode_record(line);
  ASSERT_TRUE(back.has_value());
  EXPECT_FALSE(back->failed());
  EXPECT_EQ(back->point, 3u);
  EXPECT_EQ(back->replicate(), 7u);
  EXPECT_EQ(back->rule, "bass:p=0.01, q=0.3 (50%)");
  EXPECT_EQ(back->nodes, 500u);
  EXPECT_EQ(back->arcs, 2000u);
  expect_same_summary(back->summary, record.summary);
  ASSERT_EQ(back->steps.size(), record.steps.size());
  for (std::size_t i = 0; i < record.steps.size(); ++i)
    expect_same_step(back->steps[i], record.steps[i]);
  // The hand-built values that are easy to lose on the way.
  EXPECT_EQ(back->steps[0].phase, -1);
  EXPECT_EQ(back->steps[3].phase, 2);
  EXPECT_EQ(back->steps[0].channels.cost, 0.1);
  EXPECT_EQ(back->steps[3].channels.cost, 1e-300);
  EXPECT_EQ(back->summary.wall_ms, 0.1);
  EXPECT_EQ(back->summary.arcs_examined, 123456789012ULL);
}

// `run` keeps community counts and the referral trace, and under MPI they
// travel with the record.
TEST(ReplicateRecord, CommunityCountsAndReferralsRoundTrip) {
  ReplicateResult r = hand_built(4);
  for (std::uint64_t x = 0; x < 4 * 3 * 2; ++x) r.community_counts.push_back(x * x + 1);
  r.referrals = {{0, 3, 3, Channel::kSeed},
                 {1, 3, 9, Channel::kReferral},
                 {2, 9, 4294967294u, Channel::kMicroblog},
                 {3, 12, 12, Channel::kAds}};
  const ReplicateRecord kept = make_record(2, description(), ReplicateResult(r), {1, true, true});
  EXPECT_EQ(kept.community_counts, r.community_counts);
  ASSERT_EQ(kept.referrals.size(), 4u);
  const auto back = decode_record(encode_record(kept));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->community_counts, r.community_counts);
  ASSERT_EQ(back->referrals.size(), r.referrals.size());
  for (std::size_t i = 0; i < r.referrals.size(); ++i) {
    EXPECT_EQ(back->referrals[i].step, r.referrals[i].step);
    EXPECT_EQ(back->referrals[i].source, r.referrals[i].source);
    EXPECT_EQ(back->referrals[i].target, r.referrals[i].target);
    EXPECT_EQ(back->referrals[i].channel, r.referrals[i].channel);
  }
  ASSERT_EQ(back->steps.size(), 4u);
  // Left out unless asked for.
  const ReplicateRecord plain = make_record(2, description(), ReplicateResult(r), RecordContent{1});
  EXPECT_TRUE(plain.community_counts.empty());
  EXPECT_TRUE(plain.referrals.empty());
}

TEST(ReplicateRecord, DecodesWithoutItsNewline) {
  std::string line = encode_record(make_record(0, description(), hand_built(3), 1));
  line.pop_back();
  const auto back = decode_record(line);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->steps.size(), 3u);
}

TEST(ReplicateRecord, ARecordWithoutStepsRoundTrips) {
  const ReplicateRecord record = make_record(1, description(), hand_built(4), 0);
  const auto back = decode_record(encode_record(record));
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->steps.empty());
  expect_same_summary(back->summary, record.summary);
}

TEST(ReplicateRecord, AFailedRecordRoundTripsOnOneLine) {
  const ReplicateRecord record = failed_record(4, 9, "graph file 'x.txt':\nline 3: bad\tnode");
  EXPECT_TRUE(record.failed());
  EXPECT_EQ(record.failure, "graph file 'x.txt': line 3: bad node");
  const std::string line = encode_record(record);
  EXPECT_EQ(line.find('\n'), line.size() - 1);

  const auto back = decode_record(line);
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->failed());
  EXPECT_EQ(back->point, 4u);
  EXPECT_EQ(back->replicate(), 9u);
  EXPECT_EQ(back->failure, "graph file 'x.txt': line 3: bad node");
  EXPECT_TRUE(back->steps.empty());
}

TEST(ReplicateRecord, AFailureWithoutAMessageStillSaysSomething) {
  const ReplicateRecord record = failed_record(0, 1, "");
  EXPECT_TRUE(record.failed());
  const auto back = decode_record(encode_record(record));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->failure, "unknown error");
}

TEST(ReplicateRecord, TornOrCorruptLinesDecodeToNothing) {
  const std::string line = encode_record(make_record(2, description(), hand_built(5), 1));
  const std::string body = line.substr(0, line.size() - 1);  // without '\n'

  EXPECT_FALSE(decode_record(""));
  EXPECT_FALSE(decode_record("\n"));
  // Torn: the last character of the record (a checksum digit) is missing.
  EXPECT_FALSE(decode_record(body.substr(0, body.size() - 1)));
  EXPECT_FALSE(decode_record(body.substr(0, body.size() - 1) + "\n"));
  // Torn in the middle of the data.
  EXPECT_FALSE(decode_record(body.substr(0, body.size() / 2)));

  // One digit of the data changed.
  std::string changed = line;
  const std::size_t digit = changed.find("123456789012");
  ASSERT_NE(digit, std::string::npos);
  changed[digit] = '2';
  EXPECT_FALSE(decode_record(changed));

  // The right data with a wrong checksum.
  std::string wrong = line;
  const std::size_t hash = wrong.rfind(" #");
  ASSERT_EQ(hash, wrong.size() - 11);
  wrong[hash + 2] = wrong[hash + 2] == '0' ? '1' : '0';
  EXPECT_FALSE(decode_record(wrong));
  EXPECT_FALSE(decode_record(body.substr(0, hash) + " #zzzzzzzz\n"));
  EXPECT_FALSE(decode_record(body.substr(0, hash) + "\n"));  // no checksum at all
}

// A line with the checksum of its body, as a hostile journal could hold.
std::string with_checksum(const std::string& body) {
  const auto crc = crc32(0L, reinterpret_cast<const Bytef*>(body.data()),
                         static_cast<uInt>(body.size()));
  return fmt::format("{} #{:08x}\n", body, crc);
}

// Found by fuzzing (tests/fuzz/crashes/replicate_record): a record is one
// line, so a line break inside, checksum or not, is not a record (it would
// encode to two lines of a journal).
TEST(ReplicateRecord, ALineBreakInsideIsNotARecordEvenWithItsChecksum) {
  ASSERT_TRUE(decode_record(with_checksum("800 1 failed disk full")));
  EXPECT_EQ(decode_record(with_checksum("800 1 failed disk full"))->failure, "disk full");
  EXPECT_FALSE(decode_record(with_checksum("800 1 failed disk\nfull")));
  EXPECT_FALSE(decode_record(with_checksum("800 1 failed disk\rfull")));
}

TEST(ReplicateRecord, RecordEveryOneKeepsEveryStep) {
  const ReplicateRecord record = make_record(0, description(), hand_built(5), 1);
  EXPECT_EQ(kept_steps(record), (std::vector<std::uint32_t>{0, 1, 2, 3, 4}));
  const ReplicateResult result = hand_built(5);
  for (std::size_t i = 0; i < record.steps.size(); ++i)
    expect_same_step(record.steps[i], result.steps[i]);
}

TEST(ReplicateRecord, RecordEveryKKeepsMultiplesOfKAndTheLastStep) {
  EXPECT_EQ(kept_steps(make_record(0, description(), hand_built(11), 3)),
            (std::vector<std::uint32_t>{0, 3, 6, 9, 10}));
  // The last step is a multiple of K: kept once.
  EXPECT_EQ(kept_steps(make_record(0, description(), hand_built(10), 3)),
            (std::vector<std::uint32_t>{0, 3, 6, 9}));
  EXPECT_EQ(kept_steps(make_record(0, description(), hand_built(1), 3)),
            (std::vector<std::uint32_t>{0}));
}

TEST(ReplicateRecord, RecordEveryZeroKeepsNoSteps) {
  EXPECT_TRUE(make_record(0, description(), hand_built(8), 0).steps.empty());
}

TEST(ReplicateRecord, CarriesThePointAndTheRunDescription) {
  const ReplicateRecord record = make_record(12, description(), hand_built(3), 1);
  EXPECT_EQ(record.point, 12u);
  EXPECT_EQ(record.rule, "bass:p=0.01, q=0.3 (50%)");
  EXPECT_EQ(record.nodes, 500u);
  EXPECT_EQ(record.arcs, 2000u);
  EXPECT_FALSE(record.failed());
  EXPECT_EQ(record.replicate(), 7u);
}

TEST(ReplicateRecord, TheSummaryIsSummarizeOfTheWholeReplicate) {
  // Adopters 5, 15, ..., 95 over 10 steps: 10% of 95 is reached at step 1,
  // 50% (47.5) at step 5; cost 0.1 on even steps and 1e-300 on odd ones.
  const ReplicateResult result = hand_built(10);
  const ReplicateRecord thinned = make_record(0, description(), result, 4);
  const ReplicateSummary direct = summarize(result);
  expect_same_summary(thinned.summary, direct);
  EXPECT_EQ(thinned.summary.t_10pct, 1);
  EXPECT_EQ(thinned.summary.t_50pct, 5);
  EXPECT_EQ(thinned.summary.steps, 9u);
  double cost = 0;
  for (const StepRecord& s : result.steps) cost += s.channels.cost;
  EXPECT_EQ(thinned.summary.total_cost, cost);
  EXPECT_EQ(make_record(0, description(), result, 0).summary.total_cost, cost);
}

TEST(ReplicateRecord, NoAdoptersMeansNoMilestones) {
  ReplicateResult result = hand_built(3);
  for (StepRecord& s : result.steps) s.counts.adopters = 0;
  const ReplicateRecord record = make_record(0, description(), result, 1);
  EXPECT_EQ(record.summary.t_10pct, -1);
  EXPECT_EQ(record.summary.t_50pct, -1);
  const auto back = decode_record(encode_record(record));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->summary.t_10pct, -1);
  EXPECT_EQ(back->summary.t_50pct, -1);
}

}  // namespace
}  // namespace koubei
