#pragma once
// What a sweep keeps of one finished replicate: its summary.csv numbers and
// its time series (every K-th step and the last), or the error that stopped
// it. A record travels as one line of text, ending in a CRC-32 of the rest,
// so that a journal cut short by a crash (a torn last line) or a corrupted
// one is recognised instead of read as data.

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
  std::string failure;            // non-empty: the replicate failed with this message

  bool failed() const { return !failure.empty(); }
  std::uint32_t replicate() const { return summary.replicate; }
};

/// Keeps steps 0, K, 2K, ... and the last one (all of them for K = 1; none
/// for K = 0, when no time series is wanted).
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
