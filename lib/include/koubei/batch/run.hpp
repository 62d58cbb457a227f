#pragma once
// `koubei run` as a library call: each arm (one arm without `arm` keys) is a
// point of one pipeline (batch/pipeline.hpp), prepared before any replicate
// runs; the records come back in memory, or from the other ranks under MPI.
// Then the CSV files are written and the outcome described for people.

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "koubei/batch/cluster.hpp"
#include "koubei/batch/replicate_record.hpp"
#include "koubei/batch/run_config.hpp"
#include "koubei/batch/run_output.hpp"
#include "koubei/batch/scenario.hpp"

namespace koubei {

/// Which time series a run writes: every replicate's (timeseries.csv), the
/// mean and interval per step (aggregate.csv), or none.
enum class RunTimeseries { kAll, kAggregate, kNone };
/// "all", "aggregate" or "none"; throws InputError.
RunTimeseries parse_run_timeseries(std::string_view text);

struct RunOptions {
  RunTimeseries timeseries = RunTimeseries::kAll;
  Cluster* cluster = nullptr;  // null: this process alone
  bool progress = false;       // a bar on a terminal, log lines otherwise
  /// Graphs built before, reused when graph spec, seed, community file and
  /// trust match, and kept for later runs (null: the run's own).
  GraphCache* graphs = nullptr;
  /// Replace another kind of output (a sweep's) in the output directory.
  bool force = false;
};

struct RunReport {
  std::string arm;  // "" without arms
  RunConfig config;
  std::shared_ptr<const Scenario> scenario;
  std::vector<ReplicateRecord> records;  // by replicate (on the root)
  RunDescription description;            // description.run is the arm's number
  unsigned threads = 0;                  // the run's threads
  /// The arm's share of the run's wall time: the time its replicates took,
  /// over the threads.
  double wall_ms = 0;
};

/// One report per arm, in order; on ranks other than the root, without
/// records. Throws InputError for bad input and Interrupted on a stop
/// request.
std::vector<RunReport> run(const RunConfig& config, const RunOptions& options = {});

/// Creates `dir` if needed and writes timeseries.csv or aggregate.csv (as
/// options.timeseries says), summary.csv, communities.csv (when the graph
/// has communities), referrals.csv (with trace), runs.csv (with arms) and
/// config.ini as one set (io/atomic_file.hpp: nothing is replaced until all
/// are on disk), holding the directory's lock. Refuses a directory that
/// holds a sweep's output unless options.force.
void write_outputs(const std::filesystem::path& dir, const RunConfig& config,
                   std::span<const RunReport> reports, const RunOptions& options = {});

/// A few lines for stdout per arm: what ran and the final spread with its
/// 95% interval, users ever reached, cost per retained user.
std::string human_summary(std::span<const RunReport> reports);

}  // namespace koubei
