#include "koubei/batch/run_output.hpp"

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

std::string timeseries_header() {
  std::string out;
  csv_header(out, {"run", "replicate", "step", "phase", "unaware", "aware", "adopters",
                   "promoters", "churned", "new_adopters", "exposures_referral", "exposures_forum",
                   "exposures_microblog", "exposures_ads", "cost", "new_aware", "new_promoters",
                   "new_churned", "new_adopters_seed", "new_adopters_referral",
                   "new_adopters_forum", "new_adopters_microblog", "new_adopters_ads"});
  return out;
}

void append_timeseries_rows(std::string& out, std::uint32_t run, std::uint32_t replicate,
                            std::span<const StepRecord> steps) {
  for (const StepRecord& s : steps) {
    CsvRow row(out);
    row.number(run).number(replicate).number(s.step);
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
        .number(s.transitions.new_churned);
    for (std::uint64_t a : s.channels.adoptions) row.number(a);
    row.end();
  }
}

std::string timeseries_csv(const RunDescription& run, std::span<const ReplicateResult> results,
                           bool header) {
  std::string out = header ? timeseries_header() : std::string();
  for (const ReplicateResult& r : results) append_timeseries_rows(out, run.run, r.replicate, r.steps);
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

ReplicateSummary summarize(const ReplicateResult& r) {
  ReplicateSummary s;
  s.replicate = r.replicate;
  s.seeds = r.seeds;
  s.steps = r.final_step().step;
  s.final_counts = r.final_step().counts;
  for (const StepRecord& step : r.steps) s.total_cost += step.channels.cost;
  s.wall_ms = r.wall_ms;
  s.arcs_examined = r.arcs_examined;
  s.ever_adopted = r.ever_adopted;
  s.t_10pct = time_to_fraction(r, 0.1);
  s.t_50pct = time_to_fraction(r, 0.5);
  s.arcs_read = r.arcs_read;
  return s;
}

std::string summary_header() {
  std::string out;
  csv_header(out, {"run", "replicate", "rng_seed", "rule", "nodes", "arcs", "seeds", "steps",
                   "final_adopters", "final_churned", "total_cost", "wall_ms", "arcs_examined",
                   "final_aware", "final_promoters", "ever_adopted", "t_10pct", "t_50pct",
                   "cost_per_retained", "arcs_read"});
  return out;
}

void append_summary_row(std::string& out, const RunDescription& run, const ReplicateSummary& s) {
  CsvRow row(out);
  row.number(run.run)
      .number(s.replicate)
      .number(run.rng_seed)
      .text(run.rule)
      .number(run.nodes)
      .number(run.arcs)
      .number(s.seeds)
      .number(s.steps)
      .number(s.final_counts.adopters)
      .number(s.final_counts.churned)
      .number(s.total_cost)
      .number(s.wall_ms)
      .number(s.arcs_examined)
      .number(s.final_counts.aware)
      .number(s.final_counts.promoters)
      .number(s.ever_adopted);
  for (std::int64_t t : {s.t_10pct, s.t_50pct}) {
    if (t < 0) {
      row.text("");
    } else {
      row.number(t);
    }
  }
  if (s.final_counts.adopters == 0) {
    row.text("");  // no retained user: the ratio is undefined
  } else {
    row.number(s.total_cost / static_cast<double>(s.final_counts.adopters));
  }
  row.number(s.arcs_read);
  row.end();
}

std::string summary_csv(const RunDescription& run, std::span<const ReplicateResult> results,
                        bool header) {
  std::string out = header ? summary_header() : std::string();
  for (const ReplicateResult& r : results) append_summary_row(out, run, summarize(r));
  return out;
}

void append_community_rows(std::string& out, std::uint32_t run, const Graph& graph,
                          std::uint32_t replicate, std::span<const StepRecord> steps,
                          std::span<const std::uint64_t> counts) {
  const std::size_t c = graph.num_communities();
  for (std::size_t i = 0; i < steps.size(); ++i) {
    for (std::size_t k = 0; k < c; ++k) {
      const std::size_t at = (i * c + k) * 2;
      CsvRow(out)
          .number(run)
          .number(replicate)
          .number(steps[i].step)
          .text(graph.community_names()[k])
          .number(counts[at])
          .number(counts[at + 1])
          .end();
    }
  }
}

void append_referral_rows(std::string& out, std::uint32_t run, const Graph& graph,
                          std::uint32_t replicate, std::span<const Referral> referrals) {
  for (const Referral& ref : referrals) {
    CsvRow(out)
        .number(run)
        .number(replicate)
        .number(ref.step)
        .number(graph.original_id(ref.source))
        .number(graph.original_id(ref.target))
        .text(kChannelNames[static_cast<int>(ref.channel)])
        .end();
  }
}

std::string communities_header() {
  std::string out;
  csv_header(out, {"run", "replicate", "step", "community", "adopters", "churned"});
  return out;
}

std::string referrals_header() {
  std::string out;
  csv_header(out, {"run", "replicate", "step", "source", "target", "channel"});
  return out;
}

std::string communities_csv(const RunDescription& run, const Graph& graph,
                            std::span<const ReplicateResult> results, bool header) {
  std::string out = header ? communities_header() : std::string();
  for (const ReplicateResult& r : results)
    append_community_rows(out, run.run, graph, r.replicate, r.steps, r.community_counts);
  return out;
}

std::string referrals_csv(const RunDescription& run, const Graph& graph,
                          std::span<const ReplicateResult> results, bool header) {
  std::string out = header ? referrals_header() : std::string();
  for (const ReplicateResult& r : results)
    append_referral_rows(out, run.run, graph, r.replicate, r.referrals);
  return out;
}

}  // namespace koubei
