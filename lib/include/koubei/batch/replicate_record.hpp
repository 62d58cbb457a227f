#pragma once
// What a run or sweep keeps of one finished replicate: its summary.csv
// numbers, its time series (every K-th step and the last), and for `run` its
// community counts and referral trace; or the error that stopped it. Where a
// record crosses a process or reaches the disk it travels as one line of
// text, ending in a CRC-32 of the rest, so that a journal cut short by a
// crash (a torn last line) or a corrupted one is recognised instead of read
// as data.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "koubei/batch/run_output.hpp"
#include "koubei/model/simulation.hpp"

namespace koubei {

struct ReplicateRecord {
  std::uint32_t point = 0;
  std::string rule;  // the rule's canonical spec, and the graph's size
  std::uint64_t nodes = 0;
  std::uint64_t arcs = 0;
  ReplicateSummary summary;       // summary.replicate is the replicate
  std::vector<StepRecord> steps;  // steps kept, in order; the last step always
  /// When kept: per step, per community, adopters then churned.
  std::vector<std::uint64_t> community_counts;
  std::vector<Referral> referrals;  // when kept: the referral trace
  std::string failure;              // non-empty: the replicate failed with this message

  bool failed() const { return !failure.empty(); }
  std::uint32_t replicate() const { return summary.replicate; }
};

/// What a record keeps of a replicate beyond its summary.
struct RecordContent {
  /// Steps 0, K, 2K, ... and the last one (all of them for K = 1; none for
  /// K = 0, when no time series is wanted).
  std::uint32_t record_every = 1;
  bool communities = false;  // the community counts of every step
  bool referrals = false;    // the referral trace
};

/// Takes the steps, community counts and referrals from `result`.
ReplicateRecord make_record(std::uint32_t point, const RunDescription& description,
                            ReplicateResult&& result, const RecordContent& content);
/// The summary and every K-th step, from a result that stays as it was.
ReplicateRecord make_record(std::uint32_t point, const RunDescription& description,
                            const ReplicateResult& result, std::uint32_t record_every);
ReplicateRecord failed_record(std::uint32_t point, std::uint32_t replicate,
                              std::string_view message);

/// One line, '\n' included.
std::string encode_record(const ReplicateRecord& record);
/// The record in `line` (with or without its '\n'), or nothing when the line
/// is torn or corrupt.
std::optional<ReplicateRecord> decode_record(std::string_view line);

}  // namespace koubei
