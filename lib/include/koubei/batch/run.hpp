#pragma once
// `koubei run` as a library call: prepare each arm's scenario (one arm
// without `arm` keys), run its replicates in parallel, write the CSV files,
// and describe the outcome for people.

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "koubei/batch/replicates.hpp"
#include "koubei/batch/run_config.hpp"
#include "koubei/batch/scenario.hpp"
#include "koubei/batch/run_output.hpp"

namespace koubei {

struct RunReport {
  std::string arm;  // "" without arms
  RunConfig config;
  Scenario scenario;
  BatchResult batch;
  RunDescription description;  // description.run is the arm's number
};

/// One report per arm, in order. Throws InputError for bad input and
/// Interrupted on a stop request.
std::vector<RunReport> run(const RunConfig& config);

/// Creates `dir` if needed and writes timeseries.csv, summary.csv,
/// communities.csv (when the graph has communities), referrals.csv (with
/// trace), runs.csv (with arms) and config.ini, each atomically; nothing is
/// replaced until all are written.
void write_outputs(const std::filesystem::path& dir, const RunConfig& config,
                   std::span<const RunReport> reports);

/// A few lines for stdout per arm: what ran and the final spread with its
/// 95% interval, users ever reached, cost per retained user.
std::string human_summary(std::span<const RunReport> reports);

}  // namespace koubei
