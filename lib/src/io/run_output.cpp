#include "koubei/io/run_output.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <memory>
#include <system_error>
#include <vector>

#include "koubei/core/error.hpp"
#include "koubei/io/atomic_file.hpp"
#include "koubei/io/csv.hpp"
#include "koubei/model/product.hpp"
#include "koubei/version.hpp"

namespace koubei {

std::string timeseries_csv(const RunDescription& run, std::span<const ReplicateResult> results,
                           bool header) {
  std::string out;
  if (header)
    csv_header(out, {"run", "replicate", "step", "phase", "unaware", "aware", "adopters",
                     "promoters", "churned", "new_adopters", "exposures_referral",
                     "exposures_forum", "exposures_microblog", "exposures_ads", "cost", "new_aware",
                     "new_promoters", "new_churned"});
  for (const ReplicateResult& r : results) {
    for (const StepRecord& s : r.steps) {
      CsvRow row(out);
      row.number(run.run).number(r.replicate).number(s.step);
      row.text(s.phase < 0 ? "none" : kPhaseNames[s.phase]);
      row.number(s.counts.unaware)
          .number(s.counts.aware)
          .number(s.counts.adopters)
          .number(s.counts.promoters)
          .number(s.counts.churned)
          .number(s.transitions.new_adopters);
      for (std::uint64_t e : s.channels.exposures) row.number(e);
      row.number(s.channels.cost)
          .number(s.transitions.new_aware)
          .number(s.transitions.new_promoters)
          .number(s.transitions.new_churned)
          .end();
    }
  }
  return out;
}

std::int64_t time_to_fraction(const ReplicateResult& result, double fraction) {
  const std::uint64_t final_adopters = result.final_step().counts.adopters;
  if (final_adopters == 0) return -1;
  for (const StepRecord& s : result.steps)
    if (static_cast<double>(s.counts.adopters) >= fraction * static_cast<double>(final_adopters))
      return s.step;
  return -1;
}

std::string summary_csv(const RunDescription& run, std::span<const ReplicateResult> results,
                        bool header) {
  std::string out;
  if (header)
    csv_header(out, {"run", "replicate", "rng_seed", "rule", "nodes", "arcs", "seeds", "steps",
                     "final_adopters", "final_churned", "total_cost", "wall_ms", "arcs_examined",
                     "final_aware", "final_promoters", "ever_adopted", "t_10pct", "t_50pct",
                     "cost_per_retained"});
  for (const ReplicateResult& r : results) {
    const StepRecord& last = r.final_step();
    double cost = 0;
    for (const StepRecord& s : r.steps) cost += s.channels.cost;
    CsvRow row(out);
    row.number(run.run)
        .number(r.replicate)
        .number(run.rng_seed)
        .text(run.rule)
        .number(run.nodes)
        .number(run.arcs)
        .number(r.seeds)
        .number(last.step)
        .number(last.counts.adopters)
        .number(last.counts.churned)
        .number(cost)
        .number(r.wall_ms)
        .number(r.arcs_examined)
        .number(last.counts.aware)
        .number(last.counts.promoters)
        .number(r.ever_adopted);
    for (double fraction : {0.1, 0.5}) {
      const std::int64_t t = time_to_fraction(r, fraction);
      if (t < 0) {
        row.text("");
      } else {
        row.number(t);
      }
    }
    if (last.counts.adopters == 0) {
      row.text("");  // no retained user: the ratio is undefined
    } else {
      row.number(cost / static_cast<double>(last.counts.adopters));
    }
    row.end();
  }
  return out;
}

std::string communities_csv(const RunDescription& run, const Graph& graph,
                            std::span<const ReplicateResult> results, bool header) {
  std::string out;
  if (header) csv_header(out, {"run", "replicate", "step", "community", "adopters", "churned"});
  const std::size_t c = graph.num_communities();
  for (const ReplicateResult& r : results) {
    for (std::size_t i = 0; i < r.steps.size(); ++i) {
      for (std::size_t k = 0; k < c; ++k) {
        const std::size_t at = (i * c + k) * 2;
        CsvRow(out)
            .number(run.run)
            .number(r.replicate)
            .number(r.steps[i].step)
            .text(graph.community_names()[k])
            .number(r.community_counts[at])
            .number(r.community_counts[at + 1])
            .end();
      }
    }
  }
  return out;
}

std::string referrals_csv(const RunDescription& run, const Graph& graph,
                          std::span<const ReplicateResult> results, bool header) {
  std::string out;
  if (header) csv_header(out, {"run", "replicate", "step", "source", "target", "channel"});
  for (const ReplicateResult& r : results) {
    for (const Referral& ref : r.referrals) {
      CsvRow(out)
          .number(run.run)
          .number(r.replicate)
          .number(ref.step)
          .number(graph.original_id(ref.source))
          .number(graph.original_id(ref.target))
          .text(kChannelNames[static_cast<int>(ref.channel)])
          .end();
    }
  }
  return out;
}

}  // namespace koubei
