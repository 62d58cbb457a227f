#pragma once
// A sweep: a grid of scenario keys, each point run like `koubei run` with the
// same replicates. Random streams are keyed by (master seed, replicate,
// purpose), not by point, so a point equals the same single run and points
// share common random numbers. Points are numbered from 0 in row-major order
// over the --vary axes as given: the last axis varies fastest.
//
//   --vary 'rule=ic;lt;bass:p=0.01,q=0.3'   values separated by `;`
//   --vary steps=100:400:100                 a range: 100, 200, 300, 400

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "koubei/batch/run.hpp"
#include "koubei/batch/run_config.hpp"

namespace koubei {

struct SweepAxis {
  std::string key;
  std::vector<std::string> values;

  /// "key=v1;v2" or "key=FROM:TO:STEP" (numbers; TO included when reached).
  /// Throws InputError naming the text.
  static SweepAxis parse(std::string_view text);
};

struct SweepPoint {
  std::uint32_t index = 0;
  std::vector<std::string> values;  // one per axis
  RunConfig config;
};

/// Which time series a sweep writes.
enum class SweepTimeseries { kNone, kAggregate, kAll };
SweepTimeseries parse_sweep_timeseries(std::string_view text);

struct SweepDefinition {
  RunConfig base;
  std::vector<SweepAxis> axes;
  SweepTimeseries timeseries = SweepTimeseries::kAggregate;

  /// Every point, validated. Throws InputError naming the point and key.
  std::vector<SweepPoint> points() const;
};

/// Runs every point (graphs built once per distinct graph, trust and seed),
/// calling `on_point` with each finished point's report in point order.
void run_sweep(const SweepDefinition& sweep,
               const std::function<void(const SweepPoint&, const RunReport&)>& on_point);

/// Runs the sweep and writes DIR/points.csv, summary.csv, aggregate.csv
/// (unless timeseries = none), timeseries.csv (timeseries = all) and
/// config.ini, each atomically.
void run_sweep_to(const std::filesystem::path& dir, const SweepDefinition& sweep);

}  // namespace koubei
