#pragma once
// The CSV files of a run. Column names are stable; the README documents each.
//
// timeseries.csv: run,replicate,step,phase,unaware,aware,adopters,promoters,
//                 churned,new_adopters
// summary.csv:    run,replicate,rng_seed,rule,nodes,arcs,seeds,steps,
//                 final_adopters,final_churned,total_cost,wall_ms,arcs_examined
//
// Rows are ordered by replicate, then step. `run` is 0 for a single run.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "koubei/batch/run_config.hpp"
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

std::string timeseries_csv(const RunDescription& run, std::span<const ReplicateResult> results);
std::string summary_csv(const RunDescription& run, std::span<const ReplicateResult> results);

/// Creates `dir` if needed and writes timeseries.csv, summary.csv and
/// config.ini there, each atomically. Nothing is replaced until all three
/// are written.
void write_run_outputs(const std::filesystem::path& dir, const RunConfig& config,
                       const RunDescription& run, std::span<const ReplicateResult> results);

}  // namespace koubei
