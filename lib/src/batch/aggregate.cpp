#include "koubei/batch/aggregate.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "koubei/batch/statistics.hpp"
#include "koubei/io/csv.hpp"

namespace koubei {
namespace {

constexpr std::array<const char*, 19> kColumns = {"unaware",
                                                  "aware",
                                                  "adopters",
                                                  "promoters",
                                                  "churned",
                                                  "new_adopters",
                                                  "exposures_referral",
                                                  "exposures_forum",
                                                  "exposures_microblog",
                                                  "exposures_ads",
                                                  "cost",
                                                  "new_aware",
                                                  "new_promoters",
                                                  "new_churned",
                                                  "new_adopters_seed",
                                                  "new_adopters_referral",
                                                  "new_adopters_forum",
                                                  "new_adopters_microblog",
                                                  "new_adopters_ads"};

// The values of one row in kColumns order: the step's record, or after the
// end of a replicate its final counts and no new transitions.
std::array<double, kColumns.size()> values_of(const StepRecord& s, bool ended) {
  auto now = [ended](std::uint64_t x) { return ended ? 0.0 : static_cast<double>(x); };
  return {static_cast<double>(s.counts.unaware),  static_cast<double>(s.counts.aware),
          static_cast<double>(s.counts.adopters), static_cast<double>(s.counts.promoters),
          static_cast<double>(s.counts.churned),  now(s.transitions.new_adopters),
          now(s.channels.exposures[0]),           now(s.channels.exposures[1]),
          now(s.channels.exposures[2]),           now(s.channels.exposures[3]),
          ended ? 0.0 : s.channels.cost,          now(s.transitions.new_aware),
          now(s.transitions.new_promoters),       now(s.transitions.new_churned),
          now(s.channels.adoptions[0]),           now(s.channels.adoptions[1]),
          now(s.channels.adoptions[2]),           now(s.channels.adoptions[3]),
          now(s.channels.adoptions[4])};
}

}  // namespace

std::span<const char* const> aggregate_columns() { return kColumns; }

double aggregate_value(const StepRecord& step, std::size_t column, bool ended) {
  return values_of(step, ended).at(column);
}

std::string aggregate_header(std::string_view first_column) {
  std::string out = fmt::format("{},step", first_column);
  for (const char* c : kColumns)
    for (const char* stat : {"_mean", "_sd", "_lo", "_hi"}) out += fmt::format(",{}{}", c, stat);
  out += '\n';
  return out;
}

std::string aggregate_rows(std::uint32_t point, std::span<const ReplicateRecord> records,
                           std::uint32_t record_every) {
  std::string out;
  if (records.empty() || record_every == 0) return out;
  std::uint32_t last = 0;
  for (const ReplicateRecord& r : records) last = std::max(last, r.steps.back().step);
  std::vector<std::size_t> at(records.size(), 0);  // each record's row at or after the step
  std::vector<std::array<double, kColumns.size()>> rows(records.size());
  std::vector<double> column(records.size());
  for (std::uint64_t t = 0; t <= last; t = std::min<std::uint64_t>(t + record_every, last)) {
    for (std::size_t i = 0; i < records.size(); ++i) {
      const std::vector<StepRecord>& steps = records[i].steps;
      while (at[i] + 1 < steps.size() && steps[at[i]].step < t) ++at[i];
      const StepRecord& s = steps[at[i]];
      rows[i] = values_of(s, s.step < t);
    }
    CsvRow row(out);
    row.number(point).number(t);
    for (std::size_t c = 0; c < kColumns.size(); ++c) {
      for (std::size_t i = 0; i < records.size(); ++i) column[i] = rows[i][c];
      const Estimate e = estimate(column);
      row.number(e.mean).number(e.sd).number(e.lo).number(e.hi);
    }
    row.end();
    if (t == last) break;
  }
  return out;
}

}  // namespace koubei
