#include "koubei/batch/aggregate.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "koubei/batch/statistics.hpp"
#include "koubei/io/csv.hpp"

namespace koubei {
namespace {

constexpr std::array<const char*, 14> kColumns = {"unaware",
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
                                                  "new_churned"};

// The values of one row in kColumns order; after the end of a replicate, its
// final counts and no new transitions.
std::array<double, kColumns.size()> values_at(const ReplicateResult& r, std::size_t t) {
  const bool ended = t >= r.steps.size();
  const StepRecord& s = ended ? r.steps.back() : r.steps[t];
  auto now = [ended](std::uint64_t x) { return ended ? 0.0 : static_cast<double>(x); };
  return {static_cast<double>(s.counts.unaware),  static_cast<double>(s.counts.aware),
          static_cast<double>(s.counts.adopters), static_cast<double>(s.counts.promoters),
          static_cast<double>(s.counts.churned),  now(s.transitions.new_adopters),
          now(s.channels.exposures[0]),           now(s.channels.exposures[1]),
          now(s.channels.exposures[2]),           now(s.channels.exposures[3]),
          ended ? 0.0 : s.channels.cost,          now(s.transitions.new_aware),
          now(s.transitions.new_promoters),       now(s.transitions.new_churned)};
}

}  // namespace

std::string aggregate_header() {
  std::string out = "point,step";
  for (const char* c : kColumns)
    for (const char* stat : {"_mean", "_sd", "_lo", "_hi"}) out += fmt::format(",{}{}", c, stat);
  out += '\n';
  return out;
}

std::string aggregate_rows(std::uint32_t point, std::span<const ReplicateResult> results) {
  std::string out;
  std::size_t steps = 0;
  for (const ReplicateResult& r : results) steps = std::max(steps, r.steps.size());
  std::vector<std::array<double, kColumns.size()>> rows(results.size());
  std::vector<double> column(results.size());
  for (std::size_t t = 0; t < steps; ++t) {
    for (std::size_t i = 0; i < results.size(); ++i) rows[i] = values_at(results[i], t);
    CsvRow row(out);
    row.number(point).number(t);
    for (std::size_t c = 0; c < kColumns.size(); ++c) {
      for (std::size_t i = 0; i < results.size(); ++i) column[i] = rows[i][c];
      const Estimate e = estimate(column);
      row.number(e.mean).number(e.sd).number(e.lo).number(e.hi);
    }
    row.end();
  }
  return out;
}

}  // namespace koubei
