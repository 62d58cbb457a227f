#pragma once
// The curves of a run's output directory, read back from its files: per
// run (one, or one per arm) and step, the mean over replicates of each
// count with its 95% interval, each replicate's values when there are few,
// the product phases and the milestones. From aggregate.csv when the run
// wrote it, else from timeseries.csv (the same statistics as aggregate.csv:
// a replicate that ended counts at its final state); summary.csv gives the
// milestones, runs.csv the arms' names.

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace koubei {

struct Curve {
  std::string name;                 // a time-series count: "adopters"
  std::vector<double> mean, lo, hi;  // per step of RunCurves::steps
  std::vector<std::vector<double>> replicates;  // each replicate's values, when few
};

/// A product phase, from the mean over the replicates that reached it of
/// the step it started on, to the next phase's start or the last step.
struct PhaseSpan {
  std::string name;
  double start = 0;
  double end = 0;
};

/// A mean time over the replicates that reached it (summary.csv's t_10pct,
/// t_50pct).
struct Milestone {
  std::string name;  // "10%"
  double step = 0;
  std::size_t reached = 0;  // replicates
};

struct RunCurves {
  std::string label;  // the arm's name, "" for a run without arms
  std::size_t replicates = 0;
  std::vector<double> steps;
  std::vector<Curve> curves;  // in the order asked
  std::vector<PhaseSpan> phases;
  std::vector<Milestone> milestones;
};

/// At most this many replicates get thin lines of their own.
inline constexpr std::size_t kMaxReplicateLines = 10;

/// The run directory's curves of `counts` (timeseries.csv column names).
/// Throws InputError naming the file when the directory holds no run's
/// time series or a file is malformed.
std::vector<RunCurves> read_run_curves(const std::filesystem::path& dir, std::span<const std::string> counts);

/// Per community of the first run (communities.csv), the mean over its
/// replicates of `count` ("adopters" or "churned") with its 95% interval:
/// one curve per community, named after it, in the file's order; the
/// phases from timeseries.csv when the directory has it.
RunCurves read_community_curves(const std::filesystem::path& dir, std::string_view count);

}  // namespace koubei
