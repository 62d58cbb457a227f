#pragma once
// The CSV files of a run. Column names are stable; the README documents each.
//
// timeseries.csv:  run,replicate,step,phase,unaware,aware,adopters,promoters,
//                  churned,new_adopters,exposures_referral,exposures_forum,
//                  exposures_microblog,exposures_ads,cost,new_aware,
//                  new_promoters,new_churned
// summary.csv:     run,replicate,rng_seed,rule,nodes,arcs,seeds,steps,
//                  final_adopters,final_churned,total_cost,wall_ms,
//                  arcs_examined,final_aware,final_promoters,ever_adopted,
//                  t_10pct,t_50pct,cost_per_retained
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
