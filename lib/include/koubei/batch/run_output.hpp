#pragma once
// The CSV files of a run. Column names are stable; the README documents each.
//
// timeseries.csv:  run,replicate,step,phase,unaware,aware,adopters,promoters,
//                  churned,new_adopters,exposures_referral,exposures_forum,
//                  exposures_microblog,exposures_ads,cost,new_aware,
//                  new_promoters,new_churned,new_adopters_seed,
//                  new_adopters_referral,new_adopters_forum,
//                  new_adopters_microblog,new_adopters_ads
// summary.csv:     run,replicate,rng_seed,rule,nodes,arcs,seeds,steps,
//                  final_adopters,final_churned,total_cost,wall_ms,
//                  arcs_examined,final_aware,final_promoters,ever_adopted,
//                  t_10pct,t_50pct,cost_per_retained,arcs_read
// communities.csv: run,replicate,step,community,adopters,churned
//                  (when the graph has communities)
// referrals.csv:   run,replicate,step,source,target,channel (with tracing)
//
// Rows are ordered by run, replicate, then step. `run` is 0 for a single run,
// and the arm's number when a run compares arms (batch/run.hpp).

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "koubei/graph/graph.hpp"
#include "koubei/model/simulation.hpp"

namespace koubei {

struct RunDescription {
  std::uint32_t run = 0;
  std::uint64_t rng_seed = 0;
  std::string rule;
  std::uint64_t nodes = 0;
  std::uint64_t arcs = 0;
};

/// What summary.csv says about one replicate.
struct ReplicateSummary {
  std::uint32_t replicate = 0;
  std::uint64_t seeds = 0;
  std::uint32_t steps = 0;  // the last step recorded
  StateCounts final_counts;
  double total_cost = 0;
  double wall_ms = 0;
  std::uint64_t arcs_examined = 0;
  std::uint64_t ever_adopted = 0;
  std::int64_t t_10pct = -1;  // -1: never (no adopters at the end)
  std::int64_t t_50pct = -1;
  std::uint64_t arcs_read = 0;
};

ReplicateSummary summarize(const ReplicateResult& result);

/// The summary.csv header row.
std::string summary_header();
void append_summary_row(std::string& out, const RunDescription& run, const ReplicateSummary& s);
/// timeseries.csv rows of one replicate: `steps` in order (all, or a thinned
/// selection; each row carries its own step number).
void append_timeseries_rows(std::string& out, std::uint32_t run, std::uint32_t replicate,
                            std::span<const StepRecord> steps);
/// The timeseries.csv header row.
std::string timeseries_header();

/// communities.csv rows of one replicate: per step, per community, from its
/// counts (adopters then churned per community and step).
void append_community_rows(std::string& out, std::uint32_t run, const Graph& graph,
                           std::uint32_t replicate, std::span<const StepRecord> steps,
                           std::span<const std::uint64_t> counts);
/// referrals.csv rows of one replicate, with the graph's original node ids.
void append_referral_rows(std::string& out, std::uint32_t run, const Graph& graph,
                          std::uint32_t replicate, std::span<const Referral> referrals);
std::string communities_header();
std::string referrals_header();

std::string timeseries_csv(const RunDescription& run, std::span<const ReplicateResult> results,
                           bool header = true);
std::string summary_csv(const RunDescription& run, std::span<const ReplicateResult> results,
                        bool header = true);
std::string communities_csv(const RunDescription& run, const Graph& graph,
                            std::span<const ReplicateResult> results, bool header = true);
std::string referrals_csv(const RunDescription& run, const Graph& graph,
                          std::span<const ReplicateResult> results, bool header = true);

/// The first step at which adopters reached `fraction` of the final
/// adopters, or -1 when there are none.
std::int64_t time_to_fraction(const ReplicateResult& result, double fraction);

}  // namespace koubei
